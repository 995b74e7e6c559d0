// SPDX-License-Identifier: MIT
// Build-graph construction on the reference file: it runs on every keystroke.

#include "graph/build_graph.h"
#include "reference_file.h"
#include "syntax/syntax_tree.h"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

using stagecraft::bench::referenceFile;

namespace {

void BM_BuildGraphReferenceFile(benchmark::State &state)
{
    const std::string text = referenceFile();
    if (text.empty()) {
        state.SkipWithError("STAGECRAFT_BIG_DOCKERFILE not set");
        return;
    }
    const auto tree = stagecraft::parseDockerfile(text);
    for (auto _ : state) {
        stagecraft::BuildGraph graph = stagecraft::buildGraph(*tree);
        benchmark::DoNotOptimize(graph);
    }
}
BENCHMARK(BM_BuildGraphReferenceFile)->Unit(benchmark::kMicrosecond);

void BM_ParseAndBuildGraphReferenceFile(benchmark::State &state)
{
    const std::string text = referenceFile();
    if (text.empty()) {
        state.SkipWithError("STAGECRAFT_BIG_DOCKERFILE not set");
        return;
    }
    for (auto _ : state) {
        const auto tree = stagecraft::parseDockerfile(text);
        stagecraft::BuildGraph graph = stagecraft::buildGraph(*tree);
        benchmark::DoNotOptimize(graph);
    }
}
BENCHMARK(BM_ParseAndBuildGraphReferenceFile)->Unit(benchmark::kMicrosecond);

} // namespace

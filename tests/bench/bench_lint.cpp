// SPDX-License-Identifier: MIT
// Full analysis of the reference file (../shared/bench/big_dockerfile.py): parse, build
// graph and every lint rule, as the editor runs it after each edit. Target: under 5 ms.

#include "lint/linter.h"
#include "reference_file.h"
#include "syntax/syntax_tree.h"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

using stagecraft::bench::referenceFile;

namespace {

void BM_LintReferenceFile(benchmark::State &state)
{
    const std::string &text = referenceFile();
    if (text.empty()) {
        state.SkipWithError("STAGECRAFT_BIG_DOCKERFILE not set");
        return;
    }
    size_t findings = 0;
    for (auto _ : state) {
        auto tree = stagecraft::parseDockerfile(text);
        const stagecraft::LintResult result = stagecraft::lint(*tree);
        findings = result.diagnostics.size();
        benchmark::DoNotOptimize(findings);
    }
    state.counters["findings"] = static_cast<double>(findings);
}
BENCHMARK(BM_LintReferenceFile)->Unit(benchmark::kMillisecond);

// The rules alone, on a tree parsed once.
void BM_LintOnlyReferenceFile(benchmark::State &state)
{
    const std::string &text = referenceFile();
    if (text.empty()) {
        state.SkipWithError("STAGECRAFT_BIG_DOCKERFILE not set");
        return;
    }
    const auto tree = stagecraft::parseDockerfile(text);
    for (auto _ : state) {
        stagecraft::LintResult result = stagecraft::lint(*tree);
        benchmark::DoNotOptimize(result);
    }
}
BENCHMARK(BM_LintOnlyReferenceFile)->Unit(benchmark::kMillisecond);

} // namespace

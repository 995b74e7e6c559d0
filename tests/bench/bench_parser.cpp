// SPDX-License-Identifier: MIT
// Parser throughput on the reference file (../shared/bench/big_dockerfile.py)
// and on the whole real-world corpus.

#include "reference_file.h"
#include "syntax/buildkit_ast.h"
#include "syntax/syntax_tree.h"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using stagecraft::bench::readFile;

namespace {

const std::vector<std::string> &corpus()
{
    static const std::vector<std::string> files = [] {
        std::vector<std::string> out;
        const std::filesystem::path dir = STAGECRAFT_SHARED_DIR "/corpus/real";
        std::error_code error;
        for (const auto &entry : std::filesystem::directory_iterator(dir, error)) {
            if (entry.path().extension() == ".Dockerfile")
                out.push_back(readFile(entry.path()));
        }
        return out;
    }();
    return files;
}

void BM_ParseReferenceFile(benchmark::State &state)
{
    const std::string &text = stagecraft::bench::referenceFile();
    if (text.empty()) {
        state.SkipWithError("STAGECRAFT_BIG_DOCKERFILE not set");
        return;
    }
    for (auto _ : state) {
        auto tree = stagecraft::parseDockerfile(text);
        benchmark::DoNotOptimize(tree);
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_ParseReferenceFile)->Unit(benchmark::kMillisecond);

void BM_ParseRealCorpus(benchmark::State &state)
{
    const auto &files = corpus();
    if (files.empty()) {
        state.SkipWithError("../shared/corpus/real is absent");
        return;
    }
    int64_t bytes = 0;
    for (const auto &f : files)
        bytes += static_cast<int64_t>(f.size());
    for (auto _ : state) {
        for (const auto &f : files) {
            auto tree = stagecraft::parseDockerfile(f);
            benchmark::DoNotOptimize(tree);
        }
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * bytes);
}
BENCHMARK(BM_ParseRealCorpus)->Unit(benchmark::kMillisecond);

void BM_DumpReferenceFile(benchmark::State &state)
{
    const std::string &text = stagecraft::bench::referenceFile();
    if (text.empty()) {
        state.SkipWithError("STAGECRAFT_BIG_DOCKERFILE not set");
        return;
    }
    const auto tree = stagecraft::parseDockerfile(text);
    for (auto _ : state) {
        std::string dump = stagecraft::dumpBuildKit(*tree);
        benchmark::DoNotOptimize(dump);
    }
}
BENCHMARK(BM_DumpReferenceFile)->Unit(benchmark::kMillisecond);

} // namespace

// SPDX-License-Identifier: MIT
// Full analysis of the reference file (../shared/bench/big_dockerfile.py): parse, build
// graph and every lint rule. Target (issue 4): under 5 ms.

#include "lint/linter.h"
#include "reference_file.h"
#include "shell/shell_cache.h"
#include "syntax/syntax_tree.h"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

using stagecraft::bench::referenceFile;
using stagecraft::bench::referenceFileDistinctRuns;

namespace {

// Full analysis from nothing, as on opening the file: the splits of RUN bodies that the
// analysis keeps per thread (keyed by text) are forgotten before every iteration.
void lintFromScratch(benchmark::State &state, const std::string &text)
{
    if (text.empty()) {
        state.SkipWithError("STAGECRAFT_BIG_DOCKERFILE not set");
        return;
    }
    size_t findings = 0;
    for (auto _ : state) {
        stagecraft::ShellCache::clearThreadCache();
        auto tree = stagecraft::parseDockerfile(text);
        const stagecraft::LintResult result = stagecraft::lint(*tree);
        findings = result.diagnostics.size();
        benchmark::DoNotOptimize(findings);
    }
    state.counters["findings"] = static_cast<double>(findings);
}

void BM_LintReferenceFile(benchmark::State &state)
{
    lintFromScratch(state, referenceFile());
}
BENCHMARK(BM_LintReferenceFile)->Unit(benchmark::kMillisecond);

// The same with 2,400 different RUNs: nothing is split once for many instructions.
void BM_LintDistinctRunsReferenceFile(benchmark::State &state)
{
    lintFromScratch(state, referenceFileDistinctRuns());
}
BENCHMARK(BM_LintDistinctRunsReferenceFile)->Unit(benchmark::kMillisecond);

// As in the editor after an edit: parse and lint again, with the splits of the unchanged
// RUNs kept from the previous analysis.
void BM_LintAgainReferenceFile(benchmark::State &state)
{
    const std::string &text = referenceFile();
    if (text.empty()) {
        state.SkipWithError("STAGECRAFT_BIG_DOCKERFILE not set");
        return;
    }
    for (auto _ : state) {
        auto tree = stagecraft::parseDockerfile(text);
        stagecraft::LintResult result = stagecraft::lint(*tree);
        benchmark::DoNotOptimize(result);
    }
}
BENCHMARK(BM_LintAgainReferenceFile)->Unit(benchmark::kMillisecond);

// The rules alone, on a tree parsed once (splits kept, as above).
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

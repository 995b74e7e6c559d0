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

// Parse and lint `text` once per iteration. From scratch: the splits of RUN bodies that the
// analysis keeps per thread (keyed by text) are forgotten before every iteration, as on opening
// the file. Otherwise they are kept, as in the editor after an edit, where only the edited
// instruction's text is new.
void parseAndLint(benchmark::State &state, const std::string &text, bool fromScratch)
{
    if (text.empty()) {
        state.SkipWithError("STAGECRAFT_BIG_DOCKERFILE not set");
        return;
    }
    size_t findings = 0;
    for (auto _ : state) {
        if (fromScratch)
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
    parseAndLint(state, referenceFile(), true);
}
BENCHMARK(BM_LintReferenceFile)->Unit(benchmark::kMillisecond);

// The same with 2,400 different RUNs: nothing is split once for many instructions.
void BM_LintDistinctRunsReferenceFile(benchmark::State &state)
{
    parseAndLint(state, referenceFileDistinctRuns(), true);
}
BENCHMARK(BM_LintDistinctRunsReferenceFile)->Unit(benchmark::kMillisecond);

void BM_LintAgainReferenceFile(benchmark::State &state)
{
    parseAndLint(state, referenceFile(), false);
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

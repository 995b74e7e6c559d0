// SPDX-License-Identifier: MIT
// The document's per-keystroke model work on the reference file (../shared/bench/big_dockerfile.py):
// analyze() = parse + build graph + every lint rule + size estimate, and the size estimate alone.
// Targets (issues 4 and 5): lint under 5 ms; lint + size estimate together as close to 5 ms as we get.

#include "document/analysis.h"
#include "graph/build_graph.h"
#include "lint/linter.h"
#include "reference_file.h"
#include "shell/shell_cache.h"
#include "size/run_reading.h"
#include "size/size_estimate.h"
#include "syntax/syntax_tree.h"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

using stagecraft::bench::referenceFile;

namespace {

// The whole analysis of the text, as the document runs it after each edit. Warm: the per-thread
// caches of RUN splits and readings kept from the previous iteration, as in the editor after the
// first keystroke. From scratch: both forgotten every time, as when the file is opened.
void analyzeReferenceFile(benchmark::State &state, bool fromScratch)
{
    const std::string &text = referenceFile();
    if (text.empty()) {
        state.SkipWithError("STAGECRAFT_BIG_DOCKERFILE not set");
        return;
    }
    const stagecraft::AnalysisOptions options;
    uint64_t revision = 0;
    size_t findings = 0;
    for (auto _ : state) {
        if (fromScratch) {
            stagecraft::ShellCache::clearThreadCache();
            stagecraft::clearRunCache();
        }
        auto analysis = stagecraft::analyze(text, options, ++revision);
        findings = analysis->lint.diagnostics.size();
        benchmark::DoNotOptimize(analysis);
    }
    state.counters["findings"] = static_cast<double>(findings);
}

void BM_AnalyzeReferenceFile(benchmark::State &state)
{
    analyzeReferenceFile(state, false);
}
BENCHMARK(BM_AnalyzeReferenceFile)->Unit(benchmark::kMillisecond);

void BM_AnalyzeFromScratchReferenceFile(benchmark::State &state)
{
    analyzeReferenceFile(state, true);
}
BENCHMARK(BM_AnalyzeFromScratchReferenceFile)->Unit(benchmark::kMillisecond);

// Issue 5's figure: the full estimate of the reference file with lint, from scratch and without
// a context scan: parse, build graph, every lint rule, the size estimate of every stage. The
// per-thread caches (RUN splits, RUN readings) are forgotten every time, as on opening the file.
void BM_LintAndSizeFromScratchReferenceFile(benchmark::State &state)
{
    const std::string &text = referenceFile();
    if (text.empty()) {
        state.SkipWithError("STAGECRAFT_BIG_DOCKERFILE not set");
        return;
    }
    for (auto _ : state) {
        stagecraft::ShellCache::clearThreadCache();
        stagecraft::clearRunCache();
        const auto tree = stagecraft::parseDockerfile(text);
        const stagecraft::BuildGraph graph = stagecraft::buildGraph(*tree);
        stagecraft::LintResult lint = stagecraft::lint(*tree, graph, {});
        stagecraft::SizeReport size = stagecraft::estimateSizes(*tree, graph);
        benchmark::DoNotOptimize(lint);
        benchmark::DoNotOptimize(size);
    }
}
BENCHMARK(BM_LintAndSizeFromScratchReferenceFile)->Unit(benchmark::kMillisecond);

// One keystroke as the editor's worker sees it: the text with an "x" typed into a package name
// of a RUN in the middle of the file (and deleted again on the next iteration), analysed with
// the previous analysis at hand, so the size estimate takes over the stages the edit left alone.
// The reference file with an "x" typed into a package name of a RUN in the middle, where the
// editor benchmark types.
std::string withKeystroke(const std::string &text)
{
    const size_t install = text.find("apt-get install", text.size() / 2);
    const size_t at = text.find(" pkg", install) + 4;
    std::string typed = text;
    typed.insert(at, 1, 'x');
    return typed;
}

void BM_AnalyzeAfterKeystrokeReferenceFile(benchmark::State &state)
{
    const std::string &text = referenceFile();
    if (text.empty()) {
        state.SkipWithError("STAGECRAFT_BIG_DOCKERFILE not set");
        return;
    }
    const std::string typed = withKeystroke(text);
    const stagecraft::AnalysisOptions options;
    uint64_t revision = 0;
    auto previous = stagecraft::analyze(text, options, ++revision);
    int reused = 0;
    for (auto _ : state) {
        const std::string &next = revision % 2 == 1 ? typed : text;
        auto analysis = stagecraft::analyze(next, options, ++revision, previous.get());
        reused = analysis->size.reusedStages;
        previous = std::move(analysis);
    }
    state.counters["reused_stages"] = reused;
}
BENCHMARK(BM_AnalyzeAfterKeystrokeReferenceFile)->Unit(benchmark::kMillisecond);

// The size estimate of every stage (no build context scan), on a tree and graph built once.
// Warm: RUN readings cached from the previous iteration, as in the editor. Cold: every RUN
// read afresh, as in the first analysis after opening the file.
void sizeEstimate(benchmark::State &state, bool cold)
{
    const std::string &text = referenceFile();
    if (text.empty()) {
        state.SkipWithError("STAGECRAFT_BIG_DOCKERFILE not set");
        return;
    }
    const auto tree = stagecraft::parseDockerfile(text);
    const stagecraft::BuildGraph graph = stagecraft::buildGraph(*tree);
    for (auto _ : state) {
        if (cold)
            stagecraft::clearRunCache();
        stagecraft::SizeReport report = stagecraft::estimateSizes(*tree, graph);
        benchmark::DoNotOptimize(report);
    }
}

void BM_SizeEstimateReferenceFile(benchmark::State &state)
{
    sizeEstimate(state, false);
}
BENCHMARK(BM_SizeEstimateReferenceFile)->Unit(benchmark::kMillisecond);

void BM_SizeEstimateColdReferenceFile(benchmark::State &state)
{
    sizeEstimate(state, true);
}
BENCHMARK(BM_SizeEstimateColdReferenceFile)->Unit(benchmark::kMillisecond);

// The size estimate of the text after one keystroke, reusing the estimate of the text before it.
void BM_SizeEstimateAfterKeystrokeReferenceFile(benchmark::State &state)
{
    const std::string &text = referenceFile();
    if (text.empty()) {
        state.SkipWithError("STAGECRAFT_BIG_DOCKERFILE not set");
        return;
    }
    const auto before = stagecraft::parseDockerfile(text);
    const stagecraft::SizeReport previous = stagecraft::estimateSizes(*before, stagecraft::buildGraph(*before));
    const auto tree = stagecraft::parseDockerfile(withKeystroke(text));
    const stagecraft::BuildGraph graph = stagecraft::buildGraph(*tree);
    stagecraft::SizeOptions options;
    options.previous = &previous;
    options.previousTree = before.get();
    int reused = 0;
    for (auto _ : state) {
        stagecraft::SizeReport report = stagecraft::estimateSizes(*tree, graph, options);
        reused = report.reusedStages;
        benchmark::DoNotOptimize(report);
    }
    state.counters["reused_stages"] = reused;
}
BENCHMARK(BM_SizeEstimateAfterKeystrokeReferenceFile)->Unit(benchmark::kMillisecond);

} // namespace

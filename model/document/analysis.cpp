// SPDX-License-Identifier: MIT
#include "analysis.h"

#include <algorithm>

namespace stagecraft {

std::shared_ptr<const Analysis> analyze(std::string text, const AnalysisOptions &options, uint64_t revision)
{
    auto analysis = std::make_shared<Analysis>();
    analysis->revision = revision;
    analysis->tree = parseDockerfile(std::move(text));
    analysis->graph = buildGraph(*analysis->tree, options.graph);
    return analysis;
}

namespace {

bool sameTopology(const BuildGraph &a, const BuildGraph &b)
{
    if (a.stages().size() != b.stages().size() || a.edges().size() != b.edges().size()
        || a.images().size() != b.images().size() || a.targetIndex() != b.targetIndex())
        return false;
    for (size_t i = 0; i < a.stages().size(); ++i) {
        const Stage &x = a.stages()[i];
        const Stage &y = b.stages()[i];
        if (x.name != y.name || x.base.kind != y.base.kind || x.base.resolved != y.base.resolved
            || x.base.stage != y.base.stage || x.resolvedPlatform != y.resolvedPlatform
            || a.reachable(static_cast<int>(i)) != b.reachable(static_cast<int>(i)))
            return false;
    }
    for (size_t i = 0; i < a.edges().size(); ++i) {
        const Edge &x = a.edges()[i];
        const Edge &y = b.edges()[i];
        if (x.kind != y.kind || x.source != y.source || x.image != y.image || x.target != y.target)
            return false;
    }
    for (size_t i = 0; i < a.images().size(); ++i) {
        if (a.images()[i].ref != b.images()[i].ref)
            return false;
    }
    return true;
}

bool sameExtents(const BuildGraph &a, const BuildGraph &b)
{
    return std::equal(
        a.stages().begin(), a.stages().end(), b.stages().begin(), b.stages().end(), [](const Stage &x, const Stage &y) {
            return x.startLine == y.startLine && x.endLine == y.endLine
                && x.endInstruction - x.firstInstruction == y.endInstruction - y.firstInstruction;
        });
}

bool sameDiagnostics(const std::vector<SyntaxDiagnostic> &a, const std::vector<SyntaxDiagnostic> &b)
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const SyntaxDiagnostic &x, const SyntaxDiagnostic &y) {
        return x.range == y.range && x.code == y.code && x.message == y.message && x.severity == y.severity;
    });
}

} // namespace

AnalysisChanges compareAnalyses(const Analysis *before, const Analysis &after)
{
    if (!before)
        return {true, true, true};
    AnalysisChanges changes;
    changes.topology = !sameTopology(before->graph, after.graph);
    changes.stageExtents = !sameExtents(before->graph, after.graph);
    changes.diagnostics = !sameDiagnostics(before->tree->diagnostics(), after.tree->diagnostics())
        || !sameDiagnostics(before->graph.diagnostics(), after.graph.diagnostics());
    return changes;
}

} // namespace stagecraft

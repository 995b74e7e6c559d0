// SPDX-License-Identifier: MIT
#include "analysis.h"

#include "size/history_import.h"

#include <algorithm>
#include <optional>

namespace stagecraft {

std::shared_ptr<const Analysis> analyze(
    std::string text, const AnalysisOptions &options, uint64_t revision, const Analysis *previous)
{
    auto analysis = std::make_shared<Analysis>();
    analysis->revision = revision;
    analysis->tree = parseDockerfile(std::move(text));
    analysis->graph = buildGraph(*analysis->tree, options.graph);
    static const BuildContextInfo noContext;
    analysis->lint
        = lint(*analysis->tree, analysis->graph, options.lint, options.lintContext ? *options.lintContext : noContext);
    analysis->diagnosticLines = findDiagnosticLines(*analysis->tree, analysis->lint.diagnostics);
    SizeOptions size;
    size.context = options.sizeContext.get();
    size.imageSizes = options.imageSizes;
    if (previous) {
        size.previous = &previous->size;
        size.previousTree = previous->tree.get();
    }
    analysis->sizeContext = options.sizeContext;
    analysis->size = estimateSizes(*analysis->tree, analysis->graph, size);
    if (options.measurement && options.measurementTarget == options.graph.target)
        attachMeasurement(analysis->size, *options.measurement, *analysis->tree, analysis->graph);
    analysis->outline = buildOutline(*analysis->tree, analysis->graph);
    return analysis;
}

std::vector<DiagnosticLines> findDiagnosticLines(const SyntaxTree &tree, const std::vector<LintDiagnostic> &diagnostics)
{
    const LineIndex &lines = tree.lines();
    const int lineCount = lines.lineCount();
    const auto size = static_cast<uint32_t>(tree.text().size());
    std::vector<DiagnosticLines> found;
    found.reserve(diagnostics.size());
    int line = 1;
    uint32_t previous = 0;
    for (const LintDiagnostic &diagnostic : diagnostics) {
        const uint32_t begin = std::min(diagnostic.range.begin, size);
        // Sorted by position, each diagnostic starts on the previous one's line or after it.
        if (begin < previous)
            line = lines.lineAt(begin);
        while (line < lineCount && lines.lineStart(line + 1) <= begin)
            ++line;
        previous = begin;
        const uint32_t end = std::min(diagnostic.range.end, size);
        const uint32_t lastByte = end > begin ? end - 1 : begin;
        const bool oneLine = line == lineCount || lastByte < lines.lineStart(line + 1);
        found.push_back({line, oneLine ? line : lines.lineAt(lastByte)});
    }
    return found;
}

int columnOf(const SyntaxTree &tree, int line, uint32_t offset)
{
    const std::string_view text = tree.text();
    const uint32_t end = std::min(offset, static_cast<uint32_t>(text.size()));
    int column = 1;
    for (uint32_t i = tree.lines().lineStart(line); i < end; ++i) {
        // A UTF-16 unit per character, two for one beyond the BMP (a four-byte sequence).
        const auto c = static_cast<unsigned char>(text[i]);
        column += (c & 0xC0) != 0x80 ? 1 : 0;
        column += c >= 0xF0 ? 1 : 0;
    }
    return column;
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

bool sameDiagnostics(const std::vector<LintDiagnostic> &a, const std::vector<LintDiagnostic> &b)
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const LintDiagnostic &x, const LintDiagnostic &y) {
        return x.range == y.range && x.rule == y.rule && x.message == y.message && x.severity == y.severity
            && x.stage == y.stage;
    });
}

bool sameFigure(const SizeFigure &a, const SizeFigure &b)
{
    return a.bytes == b.bytes && a.low == b.low && a.high == b.high && a.source == b.source;
}

// A measured total, or the estimate a measurement replaced: shown beside the figure.
bool sameFigure(const std::optional<SizeFigure> &a, const std::optional<SizeFigure> &b)
{
    return a.has_value() == b.has_value() && (!a || sameFigure(*a, *b));
}

bool sameSizes(const SizeReport &a, const SizeReport &b)
{
    if (a.stages.size() != b.stages.size() || a.target != b.target || !sameFigure(a.finalImage, b.finalImage)
        || a.contextScanned != b.contextScanned || a.measurement != b.measurement
        || a.measuredLayers != b.measuredLayers)
        return false;
    for (size_t i = 0; i < a.stages.size(); ++i) {
        const StageSize &x = a.stages[i];
        const StageSize &y = b.stages[i];
        if (!sameFigure(x.total, y.total) || !sameFigure(x.measured, y.measured)
            || !sameFigure(x.base.figure, y.base.figure) || !sameFigure(x.base.estimate, y.base.estimate)
            || x.wasted != y.wasted || x.layers.size() != y.layers.size())
            return false;
        for (size_t j = 0; j < x.layers.size(); ++j) {
            if (x.layers[j].line != y.layers[j].line || !sameFigure(x.layers[j].figure, y.layers[j].figure)
                || !sameFigure(x.layers[j].estimate, y.layers[j].estimate) || x.layers[j].wasted != y.layers[j].wasted)
                return false;
        }
    }
    return true;
}

} // namespace

AnalysisChanges compareAnalyses(const Analysis *before, const Analysis &after)
{
    if (!before)
        return {true, true, true, true};
    AnalysisChanges changes;
    changes.topology = !sameTopology(before->graph, after.graph);
    changes.stageExtents = !sameExtents(before->graph, after.graph);
    changes.diagnostics = !sameDiagnostics(before->lint.diagnostics, after.lint.diagnostics);
    changes.sizes = !sameSizes(before->size, after.size);
    return changes;
}

} // namespace stagecraft

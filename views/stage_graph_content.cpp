// SPDX-License-Identifier: MIT
#include "stage_graph_content.h"

#include "graph/run_mount.h"
#include "syntax/buildkit_ast.h"

#include <QCoreApplication>
#include <QStringList>

#include <vector>

using namespace Qt::StringLiterals;

namespace stagecraft {
namespace {

constexpr qsizetype maxLabelLength = 34;

QString fromUtf8(std::string_view text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

QString elided(QString text, qsizetype length = maxLabelLength)
{
    if (text.size() > length)
        text = text.left(length - 1) + u'…';
    return text;
}

QString tr(const char *text)
{
    return QCoreApplication::translate("StageGraph", text);
}

QString baseText(const Stage &stage)
{
    const QString written = fromUtf8(stage.base.resolved.empty() ? stage.base.ref : stage.base.resolved);
    switch (stage.base.kind) {
    case BaseKind::Image:
    case BaseKind::Stage:
    case BaseKind::Scratch:
        return u"FROM "_s + written;
    case BaseKind::Invalid:
        return u"FROM "_s + fromUtf8(stage.base.ref) + u" (invalid)"_s;
    }
    return {};
}

/// The first physical line of an instruction, for tool tips.
QString firstLine(const SyntaxTree &tree, const Instruction &instruction)
{
    const std::string_view text = tree.text().substr(instruction.range.begin, instruction.range.length());
    const size_t newline = text.find('\n');
    QString line = fromUtf8(text.substr(0, newline)).trimmed();
    if (newline != std::string_view::npos)
        line += u" …"_s;
    return elided(line, 120);
}

QString edgeLabel(const Analysis &analysis, const Edge &edge)
{
    const SyntaxTree &tree = *analysis.tree;
    const BuildGraph &graph = analysis.graph;
    const Instruction &instruction = tree.instructions()[static_cast<size_t>(edge.instruction)];
    switch (edge.kind) {
    case EdgeKind::From:
        return u"FROM "_s + fromUtf8(graph.stages()[static_cast<size_t>(edge.source)].displayName());
    case EdgeKind::Copy: {
        // BuildKit's argument list: the sources, then the destination.
        const BuildKitNode node = buildKitNode(tree, instruction);
        QStringList sources;
        for (size_t i = 0; i + 1 < node.values.size(); ++i)
            sources.append(fromUtf8(node.values[i]));
        return elided(sources.isEmpty() ? u"COPY --from"_s : u"COPY "_s + sources.join(u' '));
    }
    case EdgeKind::Mount:
        for (const Flag &flag : tree.flags(instruction)) {
            if (flag.range != edge.range || tree.flagName(flag) != "mount")
                continue;
            const RunMount mount = parseRunMount(tree.flagValue(flag));
            if (!mount.target.empty())
                return elided(u"RUN --mount "_s + fromUtf8(mount.target));
        }
        return u"RUN --mount"_s;
    }
    return {};
}

struct DiagnosticCount {
    int errors = 0;
    int warnings = 0;
    QStringList messages;
};

using StageDiagnostics = GraphContentBuilder::StageDiagnostics;

/// Every stage's lint diagnostics (the parser's and the graph's among them), gathered in
/// one pass over the list: a big file has thousands of diagnostics and hundreds of stages.
std::vector<StageDiagnostics> stageDiagnostics(const Analysis &analysis)
{
    std::vector<StageDiagnostics> stages(analysis.graph.stages().size());
    const std::vector<LintDiagnostic> &diagnostics = analysis.lint.diagnostics;
    for (size_t i = 0; i < diagnostics.size(); ++i) {
        const LintDiagnostic &diagnostic = diagnostics[i];
        if (diagnostic.stage < 0 || diagnostic.stage >= static_cast<int>(stages.size()))
            continue;
        StageDiagnostics &stage = stages[static_cast<size_t>(diagnostic.stage)];
        if (diagnostic.severity == Severity::Error)
            ++stage.errors;
        else
            ++stage.warnings;
        if (stage.shown.size() < GraphContentBuilder::maxToolTipDiagnostics)
            stage.shown.emplace_back(analysis.diagnosticLines[i].first, &diagnostic);
    }
    return stages;
}

DiagnosticCount formatted(const StageDiagnostics &diagnostics)
{
    DiagnosticCount count;
    count.errors = diagnostics.errors;
    count.warnings = diagnostics.warnings;
    for (const auto &[line, diagnostic] : diagnostics.shown)
        count.messages.append(tr("line %1: %2").arg(line).arg(fromUtf8(diagnostic->message)));
    return count;
}

/// "84.3 MB", "≥ 12 MB" (a part is unknown) or empty when nothing is known; measured when a
/// measurement is attached, as the size panel and the status bar show it.
QString sizeText(const Analysis &analysis, const Stage &stage)
{
    const auto &stages = analysis.size.stages;
    if (stage.index < 0 || stage.index >= static_cast<int>(stages.size()))
        return {};
    const SizeFigure &total = stages[static_cast<size_t>(stage.index)].shownTotal();
    if (!total.known())
        return {};
    const QString bytes = fromUtf8(formatBytes(total.bytes));
    return total.bounded() ? bytes : u"≥ "_s + bytes;
}

NodeContent stageContent(const Analysis &analysis, const Stage &stage, const DiagnosticCount &diagnostics)
{
    const BuildGraph &graph = analysis.graph;
    NodeContent node;
    node.kind = GraphNodeKind::Stage;
    node.index = stage.index;
    node.key = stageKey(stage);
    node.title = fromUtf8(stage.displayName());
    node.caption = u"#"_s + QString::number(stage.index);
    node.base = baseText(stage);
    const int instructions = stage.endInstruction - stage.firstInstruction;
    node.details = instructions == 1 ? tr("1 instruction") : tr("%1 instructions").arg(instructions);
    if (!stage.platform.empty())
        node.details += u" · "_s + fromUtf8(stage.resolvedPlatform.empty() ? stage.platform : stage.resolvedPlatform);
    node.target = stage.index == graph.targetIndex();
    node.needed = graph.reachable(stage.index);
    node.errors = diagnostics.errors;
    node.warnings = diagnostics.warnings;
    node.size = sizeText(analysis, stage);

    QStringList tip {node.title + u" — "_s + node.base,
        tr("lines %1–%2, %3").arg(stage.startLine).arg(stage.endLine).arg(node.details)};
    if (node.target)
        tip.append(tr("the build target"));
    else if (!node.needed)
        tip.append(tr("not needed to build the target"));
    tip.append(diagnostics.messages);
    node.toolTip = tip.join(u'\n');
    return node;
}

NodeContent imageContent(const Analysis &analysis, const ExternalImage &image, int index)
{
    const BuildGraph &graph = analysis.graph;
    NodeContent node;
    node.kind = GraphNodeKind::Image;
    node.index = index;
    node.key = imageKey(image);
    node.title = fromUtf8(image.ref);
    node.caption = tr("external image");
    node.needed = false;
    for (const Edge &edge : graph.edges()) {
        if (edge.source < 0 && edge.image == index && graph.reachable(edge.target))
            node.needed = true;
    }
    node.toolTip
        = tr("%1: an image, not a stage of this file (first used on line %2)").arg(node.title).arg(image.firstLine);
    return node;
}

} // namespace

QString stageKey(const Stage &stage)
{
    return stage.name.empty() ? u"stage#"_s + QString::number(stage.index) : u"stage:"_s + fromUtf8(stage.name);
}

QString imageKey(const ExternalImage &image)
{
    return u"image:"_s + fromUtf8(image.ref);
}

namespace {

std::string_view instructionText(const SyntaxTree &tree, int index)
{
    const Instruction &instruction = tree.instructions()[static_cast<size_t>(index)];
    return tree.text().substr(instruction.range.begin, instruction.range.length());
}

/// Whether stage `index` shows the same node in both analyses (everything stageContent reads).
bool sameStageInputs(const Analysis &before, const StageDiagnostics &beforeDiagnostics, const Analysis &after,
    const StageDiagnostics &afterDiagnostics, size_t index)
{
    const Stage &a = before.graph.stages()[index];
    const Stage &b = after.graph.stages()[index];
    const auto total = [](const Analysis &analysis, size_t stage) -> const SizeFigure * {
        return stage < analysis.size.stages.size() ? &analysis.size.stages[stage].shownTotal() : nullptr;
    };
    const SizeFigure *sizeA = total(before, index);
    const SizeFigure *sizeB = total(after, index);
    const bool sameSize
        = sizeA && sizeB ? sizeA->bytes == sizeB->bytes && sizeA->bounded() == sizeB->bounded() : sizeA == sizeB;
    return sameSize && a.name == b.name && a.base.kind == b.base.kind && a.base.ref == b.base.ref
        && a.base.resolved == b.base.resolved && a.platform == b.platform && a.resolvedPlatform == b.resolvedPlatform
        && a.startLine == b.startLine && a.endLine == b.endLine
        && a.endInstruction - a.firstInstruction == b.endInstruction - b.firstInstruction
        && (before.graph.targetIndex() == a.index) == (after.graph.targetIndex() == b.index)
        && before.graph.reachable(a.index) == after.graph.reachable(b.index)
        && beforeDiagnostics.sameAs(afterDiagnostics);
}

/// Whether edge `index` shows the same line in both analyses (everything edgeContent reads).
bool sameEdgeInputs(const Analysis &before, const Analysis &after, size_t index)
{
    const Edge &a = before.graph.edges()[index];
    const Edge &b = after.graph.edges()[index];
    if (a.kind != b.kind || a.source != b.source || a.image != b.image || a.target != b.target
        || a.instruction != b.instruction || a.line != b.line
        || before.graph.reachable(a.target) != after.graph.reachable(b.target))
        return false;
    const auto name = [](const Analysis &analysis, int stage) -> std::string_view {
        return analysis.graph.stages()[static_cast<size_t>(stage)].name;
    };
    const bool sameSource = a.source >= 0 ? name(before, a.source) == name(after, b.source)
                                          : before.graph.images()[static_cast<size_t>(a.image)].ref
            == after.graph.images()[static_cast<size_t>(b.image)].ref;
    return sameSource && name(before, a.target) == name(after, b.target)
        && instructionText(*before.tree, a.instruction) == instructionText(*after.tree, b.instruction);
}

/// graphContent(analysis), reusing what `previous` (the content of `before`, whose stages'
/// diagnostics are `diagnosticsBefore`) already has for stages and edges whose inputs did not
/// change. Leaves the stages' diagnostics of `analysis` in `diagnostics`.
GraphContent buildContent(const Analysis &analysis, const Analysis *before, const GraphContent *previous,
    const std::vector<StageDiagnostics> *diagnosticsBefore, std::vector<StageDiagnostics> &diagnostics)
{
    const BuildGraph &graph = analysis.graph;
    GraphContent content;
    content.nodes.reserve(static_cast<qsizetype>(graph.stages().size() + graph.images().size()));
    content.edges.reserve(static_cast<qsizetype>(graph.edges().size()));
    diagnostics = stageDiagnostics(analysis);
    for (const Stage &stage : graph.stages()) {
        const auto index = static_cast<size_t>(stage.index);
        if (before && index < before->graph.stages().size()
            && sameStageInputs(*before, (*diagnosticsBefore)[index], analysis, diagnostics[index], index)) {
            content.nodes.append(previous->nodes[static_cast<qsizetype>(index)]);
            continue;
        }
        content.nodes.append(stageContent(analysis, stage, formatted(diagnostics[index])));
    }
    for (size_t i = 0; i < graph.images().size(); ++i)
        content.nodes.append(imageContent(analysis, graph.images()[i], static_cast<int>(i)));

    // The previous content's edges by graph edge index (edges that draw nothing have none).
    std::vector<const EdgeContent *> edgesBefore;
    if (before) {
        edgesBefore.assign(before->graph.edges().size(), nullptr);
        for (const EdgeContent &edge : previous->edges)
            edgesBefore[static_cast<size_t>(edge.edge)] = &edge;
    }
    const auto &instructions = analysis.tree->instructions();
    for (size_t i = 0; i < graph.edges().size(); ++i) {
        const Edge &edge = graph.edges()[i];
        const bool fromStage = edge.source >= 0 && static_cast<size_t>(edge.source) < graph.stages().size();
        const bool fromImage
            = edge.source < 0 && edge.image >= 0 && static_cast<size_t>(edge.image) < graph.images().size();
        if ((!fromStage && !fromImage) || edge.instruction < 0
            || static_cast<size_t>(edge.instruction) >= instructions.size())
            continue; // a reference that names nothing drawable (a variable, an unknown index)
        if (i < edgesBefore.size() && edgesBefore[i] && sameEdgeInputs(*before, analysis, i)) {
            content.edges.append(*edgesBefore[i]);
            continue;
        }
        EdgeContent item;
        item.kind = edge.kind;
        item.edge = static_cast<int>(i);
        item.sourceKey = fromStage ? stageKey(graph.stages()[static_cast<size_t>(edge.source)])
                                   : imageKey(graph.images()[static_cast<size_t>(edge.image)]);
        item.targetKey = stageKey(graph.stages()[static_cast<size_t>(edge.target)]);
        item.instruction = edge.instruction;
        item.label = edgeLabel(analysis, edge);
        item.toolTip = tr("line %1: %2")
                           .arg(edge.line)
                           .arg(firstLine(*analysis.tree, instructions[static_cast<size_t>(edge.instruction)]));
        item.needed = graph.reachable(edge.target);
        content.edges.append(item);
    }
    return content;
}

} // namespace

GraphContent graphContent(const Analysis &analysis)
{
    std::vector<StageDiagnostics> diagnostics;
    return buildContent(analysis, nullptr, nullptr, nullptr, diagnostics);
}

bool GraphContentBuilder::StageDiagnostics::sameAs(const StageDiagnostics &other) const
{
    return errors == other.errors && warnings == other.warnings
        && std::equal(shown.begin(), shown.end(), other.shown.begin(), other.shown.end(),
            [](const auto &a, const auto &b) { return a.first == b.first && a.second->message == b.second->message; });
}

const GraphContent &GraphContentBuilder::update(std::shared_ptr<const Analysis> analysis)
{
    std::vector<StageDiagnostics> diagnostics;
    m_content = buildContent(*analysis, m_analysis.get(), m_analysis ? &m_content : nullptr,
        m_analysis ? &m_diagnostics : nullptr, diagnostics);
    m_analysis = std::move(analysis);
    m_diagnostics = std::move(diagnostics);
    return m_content;
}

} // namespace stagecraft

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
constexpr int maxToolTipDiagnostics = 6;

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

/// Every stage's lint diagnostics (the parser's and the graph's among them), counted in
/// one pass over the list: a big file has thousands of diagnostics and hundreds of stages.
std::vector<DiagnosticCount> countDiagnostics(const Analysis &analysis)
{
    std::vector<DiagnosticCount> counts(analysis.graph.stages().size());
    for (const LintDiagnostic &diagnostic : analysis.lint.diagnostics) {
        if (diagnostic.stage < 0 || diagnostic.stage >= static_cast<int>(counts.size()))
            continue;
        DiagnosticCount &count = counts[static_cast<size_t>(diagnostic.stage)];
        if (diagnostic.severity == Severity::Error)
            ++count.errors;
        else
            ++count.warnings;
        if (count.messages.size() < maxToolTipDiagnostics) {
            const int line = analysis.tree->lines().lineAt(diagnostic.range.begin);
            count.messages.append(tr("line %1: %2").arg(line).arg(fromUtf8(diagnostic.message)));
        }
    }
    return counts;
}

/// "84.3 MB", "≥ 12 MB" (a part is unknown) or empty when nothing is known.
QString sizeText(const Analysis &analysis, const Stage &stage)
{
    const auto &stages = analysis.size.stages;
    if (stage.index < 0 || stage.index >= static_cast<int>(stages.size()))
        return {};
    const SizeFigure &total = stages[static_cast<size_t>(stage.index)].total;
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

GraphContent graphContent(const Analysis &analysis)
{
    const BuildGraph &graph = analysis.graph;
    GraphContent content;
    const std::vector<DiagnosticCount> diagnostics = countDiagnostics(analysis);
    for (const Stage &stage : graph.stages())
        content.nodes.append(stageContent(analysis, stage, diagnostics[static_cast<size_t>(stage.index)]));
    for (size_t i = 0; i < graph.images().size(); ++i)
        content.nodes.append(imageContent(analysis, graph.images()[i], static_cast<int>(i)));

    const auto &instructions = analysis.tree->instructions();
    for (size_t i = 0; i < graph.edges().size(); ++i) {
        const Edge &edge = graph.edges()[i];
        const bool fromStage = edge.source >= 0 && static_cast<size_t>(edge.source) < graph.stages().size();
        const bool fromImage
            = edge.source < 0 && edge.image >= 0 && static_cast<size_t>(edge.image) < graph.images().size();
        if ((!fromStage && !fromImage) || edge.instruction < 0
            || static_cast<size_t>(edge.instruction) >= instructions.size())
            continue; // a reference that names nothing drawable (a variable, an unknown index)
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

} // namespace stagecraft

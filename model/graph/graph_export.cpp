// SPDX-License-Identifier: MIT
#include "graph_export.h"

#include "syntax/go_text.h"
#include "syntax/tree_json.h"

namespace stagecraft {
namespace {

// Keys keep the documented order (docs/graph-json.md) instead of sorting.
using json = nlohmann::ordered_json;

json stringOrNull(const std::string &value)
{
    return value.empty() ? json(nullptr) : json(value);
}

json imageJson(const ImageReference &image)
{
    if (!image.valid())
        return {{"error", image.error}};
    return {{"registry", image.registry}, {"repository", image.repository}, {"tag", stringOrNull(image.tag)},
        {"digest", stringOrNull(image.digest)}, {"canonical", image.canonical()}, {"familiar", image.familiar()}};
}

json stageJson(const BuildGraph &graph, const Stage &stage)
{
    json base = {{"kind", baseKindName(stage.base.kind)}, {"ref", stage.base.ref}, {"resolved", stage.base.resolved}};
    if (stage.base.kind == BaseKind::Stage)
        base["stage"] = stage.base.stage;
    if (stage.base.kind == BaseKind::Image)
        base["image"] = imageJson(stage.base.image);
    json platform = nullptr;
    if (!stage.platform.empty())
        platform = {{"ref", stage.platform}, {"resolved", stage.resolvedPlatform}};
    return {{"index", stage.index}, {"name", stringOrNull(stage.name)}, {"base", std::move(base)},
        {"platform", std::move(platform)}, {"line", stage.startLine}, {"endLine", stage.endLine},
        {"instructions", {{"first", stage.firstInstruction}, {"end", stage.endInstruction}}},
        {"reachable", graph.reachable(stage.index)}, {"wave", graph.wave(stage.index)}};
}

json externalImageJson(const BuildGraph &graph, const ExternalImage &image)
{
    json closest = nullptr;
    if (image.closestStage >= 0)
        closest = {{"index", image.closestStage},
            {"name", graph.stages()[static_cast<size_t>(image.closestStage)].name}, {"distance", image.distance}};
    return {{"ref", image.ref}, {"image", imageJson(image.reference)}, {"looksLikeImage", image.looksLikeImage},
        {"closestStage", std::move(closest)}, {"line", image.firstLine}};
}

std::string sourceId(const BuildGraph &graph, const Edge &edge)
{
    if (edge.source >= 0)
        return std::to_string(edge.source);
    return "image:" + graph.images()[static_cast<size_t>(edge.image)].ref;
}

// Valid UTF-8 for tools that insist on it: invalid bytes become U+FFFD.
std::string sanitized(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (size_t pos = 0; pos < text.size();) {
        const go::DecodedRune rune = go::decodeRune(text, pos);
        go::appendRune(out, rune.rune);
        pos += static_cast<size_t>(rune.width);
    }
    return out;
}

std::string baseLabel(const BuildGraph &graph, const Stage &stage)
{
    switch (stage.base.kind) {
    case BaseKind::Stage:
        return "FROM " + graph.stages()[static_cast<size_t>(stage.base.stage)].displayName();
    case BaseKind::Scratch:
        return "FROM scratch";
    case BaseKind::Image:
        return "FROM " + stage.base.resolved;
    case BaseKind::Invalid:
        break;
    }
    return "FROM " + stage.base.ref + " (invalid)";
}

std::string_view edgeVerb(EdgeKind kind)
{
    switch (kind) {
    case EdgeKind::From:
        return "FROM";
    case EdgeKind::Copy:
        return "COPY";
    case EdgeKind::Mount:
        return "mount";
    }
    return "FROM";
}

/// Parallel edges of one kind between the same two nodes, drawn as one.
struct DrawnEdge {
    EdgeKind kind = EdgeKind::From;
    int source = -1;
    int image = -1;
    int target = 0;
    std::string lines; ///< "L14, L15"
};

std::vector<DrawnEdge> drawnEdges(const BuildGraph &graph)
{
    std::vector<DrawnEdge> out;
    for (int stage = 0; stage < static_cast<int>(graph.stages().size()); ++stage) {
        const size_t first = out.size();
        for (const Edge &edge : graph.edgesInto(stage)) {
            auto it
                = std::find_if(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(), [&](const DrawnEdge &d) {
                      return d.kind == edge.kind && d.source == edge.source && d.image == edge.image;
                  });
            if (it == out.end()) {
                out.push_back({edge.kind, edge.source, edge.image, edge.target, {}});
                it = out.end() - 1;
            }
            it->lines += (it->lines.empty() ? "L" : ", L") + std::to_string(edge.line);
        }
    }
    return out;
}

std::string nodeId(const DrawnEdge &edge)
{
    return edge.source >= 0 ? "s" + std::to_string(edge.source) : "i" + std::to_string(edge.image);
}

void appendDotString(std::string &out, std::string_view text)
{
    out += '"';
    for (char c : sanitized(text)) {
        if (c == '"' || c == '\\')
            out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    out += '"';
}

// Mermaid labels are HTML inside quotes: entities keep quotes and markup literal.
void appendMermaidString(std::string &out, std::string_view text)
{
    out += '"';
    for (char c : sanitized(text)) {
        switch (c) {
        case '"':
            out += "#quot;";
            break;
        case '<':
            out += "#lt;";
            break;
        case '>':
            out += "#gt;";
            break;
        case '#':
            out += "#35;";
            break;
        case '\n':
            out += "<br/>";
            break;
        default:
            out += c;
        }
    }
    out += '"';
}

std::string stageLabel(const BuildGraph &graph, const Stage &stage)
{
    std::string label = stage.displayName() + '\n' + baseLabel(graph, stage);
    if (!stage.platform.empty())
        label += "\n--platform=" + (stage.resolvedPlatform.empty() ? stage.platform : stage.resolvedPlatform);
    return label;
}

} // namespace

nlohmann::ordered_json graphToJson(const BuildGraph &graph, const SyntaxTree &tree)
{
    json stages = json::array();
    for (const Stage &stage : graph.stages())
        stages.push_back(stageJson(graph, stage));
    json images = json::array();
    for (const ExternalImage &image : graph.images())
        images.push_back(externalImageJson(graph, image));
    json edges = json::array();
    for (const Edge &edge : graph.edges()) {
        json from = edge.source >= 0 ? json(edge.source) : json(sourceId(graph, edge));
        edges.push_back({{"from", std::move(from)}, {"to", edge.target}, {"kind", edgeKindName(edge.kind)},
            {"line", edge.line}, {"instruction", edge.instruction}});
    }
    json waves = json::array();
    for (int wave = 0; wave < graph.waveCount(); ++wave) {
        json members = json::array();
        for (const Stage &stage : graph.stages()) {
            if (graph.wave(stage.index) == wave)
                members.push_back(stage.index);
        }
        waves.push_back(std::move(members));
    }
    json diagnostics = json::array();
    for (const GraphDiagnostic &diagnostic : graph.diagnostics()) {
        const Position begin = tree.lines().positionAt(diagnostic.range.begin);
        const Position end = tree.lines().positionAt(diagnostic.range.end);
        diagnostics.push_back({{"line", begin.line}, {"column", begin.column}, {"endLine", end.line},
            {"endColumn", end.column}, {"severity", severityName(diagnostic.severity)}, {"code", diagnostic.code},
            {"message", diagnostic.message}});
    }
    json buildArgs = json::array();
    for (const auto &[name, value] : graph.options().buildArgs)
        buildArgs.push_back({{"name", name}, {"value", value}});
    const int target = graph.targetIndex();
    return {{"version", 1}, {"target", target >= 0 ? json(target) : json(nullptr)},
        {"options",
            {{"target", stringOrNull(graph.options().target)}, {"buildArgs", std::move(buildArgs)},
                {"platform", graph.options().platform}, {"buildPlatform", graph.options().buildPlatform}}},
        {"stages", std::move(stages)}, {"images", std::move(images)}, {"edges", std::move(edges)},
        {"waves", std::move(waves)}, {"criticalPath", graph.criticalPath()}, {"diagnostics", std::move(diagnostics)}};
}

std::string graphToDot(const BuildGraph &graph)
{
    std::string out = "digraph build {\n"
                      "    rankdir=LR;\n"
                      "    node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"Helvetica\"];\n"
                      "    edge [fontname=\"Helvetica\", fontsize=10];\n";
    for (const Stage &stage : graph.stages()) {
        out += "    s" + std::to_string(stage.index) + " [label=";
        appendDotString(out, stageLabel(graph, stage));
        if (stage.index == graph.targetIndex())
            out += ", penwidth=3, color=\"#1d4ed8\", fillcolor=\"#dbeafe\"";
        else if (!graph.reachable(stage.index))
            out += ", style=\"rounded,dashed\", color=\"#9ca3af\", fontcolor=\"#9ca3af\"";
        out += "];\n";
    }
    for (size_t i = 0; i < graph.images().size(); ++i) {
        out += "    i" + std::to_string(i) + " [label=";
        appendDotString(out, graph.images()[i].ref);
        out += ", shape=cylinder, style=filled, fillcolor=\"#fef3c7\"];\n";
    }
    for (const DrawnEdge &edge : drawnEdges(graph)) {
        out += "    " + nodeId(edge) + " -> s" + std::to_string(edge.target) + " [label=";
        appendDotString(out, std::string(edgeVerb(edge.kind)) + ' ' + edge.lines);
        switch (edge.kind) {
        case EdgeKind::From:
            out += ", style=bold, penwidth=2";
            break;
        case EdgeKind::Copy:
            out += ", style=solid";
            break;
        case EdgeKind::Mount:
            out += ", style=dashed";
            break;
        }
        if (!graph.reachable(edge.target))
            out += ", color=\"#9ca3af\", fontcolor=\"#9ca3af\"";
        out += "];\n";
    }
    out += "}\n";
    return out;
}

std::string graphToMermaid(const BuildGraph &graph)
{
    std::string out = "flowchart LR\n";
    for (const Stage &stage : graph.stages()) {
        out += "    s" + std::to_string(stage.index) + '[';
        appendMermaidString(out, stageLabel(graph, stage));
        out += "]\n";
    }
    for (size_t i = 0; i < graph.images().size(); ++i) {
        out += "    i" + std::to_string(i) + "[(";
        appendMermaidString(out, graph.images()[i].ref);
        out += ")]\n";
    }
    std::string dimmedLinks;
    int link = 0;
    for (const DrawnEdge &edge : drawnEdges(graph)) {
        if (!graph.reachable(edge.target))
            dimmedLinks += (dimmedLinks.empty() ? "" : ",") + std::to_string(link);
        ++link;
        out += "    " + nodeId(edge);
        switch (edge.kind) {
        case EdgeKind::From:
            out += " ==>|";
            break;
        case EdgeKind::Copy:
            out += " -->|";
            break;
        case EdgeKind::Mount:
            out += " -.->|";
            break;
        }
        appendMermaidString(out, std::string(edgeVerb(edge.kind)) + ' ' + edge.lines);
        out += "| s" + std::to_string(edge.target) + '\n';
    }
    out += "    classDef target stroke:#1d4ed8,stroke-width:3px,fill:#dbeafe\n"
           "    classDef unreachable stroke-dasharray:5 5,stroke:#9ca3af,color:#9ca3af,fill:#f9fafb\n"
           "    classDef image fill:#fef3c7,stroke:#d97706\n";
    if (!dimmedLinks.empty())
        out += "    linkStyle " + dimmedLinks + " stroke:#9ca3af,color:#9ca3af\n";
    std::string unreachable;
    for (const Stage &stage : graph.stages()) {
        if (stage.index != graph.targetIndex() && !graph.reachable(stage.index))
            unreachable += (unreachable.empty() ? "" : ",") + ("s" + std::to_string(stage.index));
    }
    if (graph.targetIndex() >= 0)
        out += "    class s" + std::to_string(graph.targetIndex()) + " target\n";
    if (!unreachable.empty())
        out += "    class " + unreachable + " unreachable\n";
    if (!graph.images().empty()) {
        std::string images;
        for (size_t i = 0; i < graph.images().size(); ++i)
            images += (i == 0 ? "i" : ",i") + std::to_string(i);
        out += "    class " + images + " image\n";
    }
    return out;
}

} // namespace stagecraft

// SPDX-License-Identifier: MIT
#include "graph_layout.h"

#include <QMutex>
#include <QMutexLocker>
#include <QtConcurrent/QtConcurrentRun>

#include <graphviz/gvc.h>

#include <algorithm>
#include <string>
#include <vector>

namespace stagecraft {
namespace {

// Graphviz 2.x measures in points and inches; one scene unit is one point.
constexpr double pointsPerInch = 72.0;

/// Graphviz keeps global state (its memory discipline, the dot engine's statics), so
/// only one layout runs at a time, in any thread.
QMutex &graphvizMutex()
{
    static QMutex mutex;
    return mutex;
}

/// One context for the whole process: creating one loads the plugin configuration,
/// which is the slowest part of a small layout. Guarded by graphvizMutex().
GVC_t *graphvizContext()
{
    static GVC_t *context = gvContext();
    return context;
}

std::string inches(qreal units)
{
    return std::to_string(units / pointsPerInch);
}

/// agattr/agsafeset take `char *` in Graphviz 2.42 but never write through it.
char *text(const char *literal)
{
    return const_cast<char *>(literal);
}

/// The order to create nodes in so that the drawing reads in file order from the top.
/// Within a connected part, dot puts earlier nodes higher; separate parts, though, are
/// stacked bottom-up in the order their first node was created. So parts are created
/// last-first, each part's nodes in file order.
std::vector<qsizetype> creationOrder(const LayoutInput &input)
{
    const auto count = static_cast<size_t>(input.nodes.size());
    std::vector<size_t> parent(count);
    for (size_t i = 0; i < count; ++i)
        parent[i] = i;
    const auto root = [&](size_t i) {
        while (parent[i] != i)
            i = parent[i] = parent[parent[i]];
        return i;
    };
    for (const LayoutEdge &edge : input.edges) {
        if (edge.source < 0 || edge.target < 0 || static_cast<size_t>(edge.source) >= count
            || static_cast<size_t>(edge.target) >= count)
            continue;
        const size_t a = root(static_cast<size_t>(edge.source));
        const size_t b = root(static_cast<size_t>(edge.target));
        // The smaller index is the root, so a part is named by its first node.
        parent[std::max(a, b)] = std::min(a, b);
    }
    std::vector<qsizetype> order;
    order.reserve(count);
    for (size_t part = count; part-- > 0;) {
        if (root(part) != part)
            continue;
        for (size_t i = part; i < count; ++i) {
            if (root(i) == part)
                order.push_back(static_cast<qsizetype>(i));
        }
    }
    return order;
}

std::optional<LayoutResult> graphvizLayout(const LayoutInput &input)
{
    QMutexLocker locker(&graphvizMutex());
    GVC_t *context = graphvizContext();
    if (!context)
        return std::nullopt;
    Agraph_t *graph = agopen(text("build"), Agdirected, nullptr);
    if (!graph)
        return std::nullopt;
    agattr(graph, AGRAPH, text("rankdir"), text("LR"));
    agattr(graph, AGRAPH, text("ranksep"), inches(input.rankGap).data());
    agattr(graph, AGRAPH, text("nodesep"), inches(input.nodeGap).data());
    // Nodes are the sizes we draw them; Graphviz must not measure any text itself.
    agattr(graph, AGNODE, text("shape"), text("box"));
    agattr(graph, AGNODE, text("fixedsize"), text("true"));
    agattr(graph, AGNODE, text("label"), text(""));
    agattr(graph, AGNODE, text("width"), text("1"));
    agattr(graph, AGNODE, text("height"), text("1"));
    agattr(graph, AGEDGE, text("weight"), text("1"));

    std::vector<Agnode_t *> nodes(static_cast<size_t>(input.nodes.size()), nullptr);
    for (const qsizetype i : creationOrder(input)) {
        std::string name = "n" + std::to_string(i);
        Agnode_t *node = agnode(graph, name.data(), 1);
        agset(node, text("width"), inches(input.nodes[i].size.width()).data());
        agset(node, text("height"), inches(input.nodes[i].size.height()).data());
        nodes[static_cast<size_t>(i)] = node;
    }
    // Parallel edges (three COPY --from between the same stages) pull as one heavier edge.
    std::vector<std::pair<std::pair<int, int>, int>> weights;
    for (const LayoutEdge &edge : input.edges) {
        if (edge.source < 0 || edge.target < 0 || edge.source >= input.nodes.size() || edge.target >= input.nodes.size()
            || edge.source == edge.target)
            continue;
        const std::pair<int, int> pair {edge.source, edge.target};
        auto it = std::find_if(weights.begin(), weights.end(), [&](const auto &w) { return w.first == pair; });
        if (it == weights.end())
            weights.push_back({pair, 1});
        else
            ++it->second;
    }
    for (const auto &[pair, weight] : weights) {
        Agedge_t *edge = agedge(
            graph, nodes[static_cast<size_t>(pair.first)], nodes[static_cast<size_t>(pair.second)], nullptr, 1);
        agset(edge, text("weight"), std::to_string(weight).data());
    }

    std::optional<LayoutResult> result;
    if (gvLayout(context, graph, "dot") == 0) {
        result.emplace();
        result->usedGraphviz = true;
        // Graphviz's y axis points up; the scene's points down.
        qreal left = 0;
        qreal top = 0;
        bool first = true;
        for (qsizetype i = 0; i < input.nodes.size(); ++i) {
            const pointf coord = ND_coord(nodes[static_cast<size_t>(i)]);
            const QPointF center(coord.x, -coord.y);
            const QSizeF size = input.nodes[i].size;
            left = first ? center.x() - size.width() / 2 : std::min(left, center.x() - size.width() / 2);
            top = first ? center.y() - size.height() / 2 : std::min(top, center.y() - size.height() / 2);
            first = false;
            result->centers.insert(input.nodes[i].key, center);
        }
        for (QPointF &center : result->centers)
            center -= QPointF(left, top);
        gvFreeLayout(context, graph);
    }
    agclose(graph);
    return result;
}

/// Layers by longest path from the sources, nodes of a layer stacked in input order:
/// readable, deterministic, and used only when Graphviz cannot lay the graph out.
LayoutResult fallbackLayout(const LayoutInput &input)
{
    const auto count = static_cast<size_t>(input.nodes.size());
    std::vector<int> layer(count, 0);
    // Longest path by relaxation; at most `count` rounds, so cycles cannot loop forever.
    for (size_t round = 0; round < count; ++round) {
        bool changed = false;
        for (const LayoutEdge &edge : input.edges) {
            if (edge.source < 0 || edge.target < 0 || static_cast<size_t>(edge.source) >= count
                || static_cast<size_t>(edge.target) >= count || edge.source == edge.target)
                continue;
            const int wanted = layer[static_cast<size_t>(edge.source)] + 1;
            if (layer[static_cast<size_t>(edge.target)] < wanted && wanted < static_cast<int>(count)) {
                layer[static_cast<size_t>(edge.target)] = wanted;
                changed = true;
            }
        }
        if (!changed)
            break;
    }
    const int layers = count == 0 ? 0 : *std::max_element(layer.begin(), layer.end()) + 1;
    std::vector<qreal> widths(static_cast<size_t>(layers), 0);
    std::vector<qreal> heights(static_cast<size_t>(layers), 0);
    for (size_t i = 0; i < count; ++i) {
        const auto l = static_cast<size_t>(layer[i]);
        widths[l] = std::max(widths[l], input.nodes[static_cast<qsizetype>(i)].size.width());
        heights[l] += input.nodes[static_cast<qsizetype>(i)].size.height() + input.nodeGap;
    }
    const qreal tallest = heights.empty() ? 0 : *std::max_element(heights.begin(), heights.end());
    std::vector<qreal> x(static_cast<size_t>(layers), 0);
    for (size_t l = 1; l < x.size(); ++l)
        x[l] = x[l - 1] + widths[l - 1] + input.rankGap;
    std::vector<qreal> y(static_cast<size_t>(layers), 0);
    for (size_t l = 0; l < y.size(); ++l)
        y[l] = (tallest - heights[l]) / 2;
    LayoutResult result;
    for (size_t i = 0; i < count; ++i) {
        const auto l = static_cast<size_t>(layer[i]);
        const QSizeF size = input.nodes[static_cast<qsizetype>(i)].size;
        result.centers.insert(
            input.nodes[static_cast<qsizetype>(i)].key, QPointF(x[l] + widths[l] / 2, y[l] + size.height() / 2));
        y[l] += size.height() + input.nodeGap;
    }
    return result;
}

} // namespace

LayoutResult computeLayout(const LayoutInput &input)
{
    if (input.nodes.isEmpty())
        return {};
    if (std::optional<LayoutResult> result = graphvizLayout(input))
        return *result;
    return fallbackLayout(input);
}

GraphLayouter::GraphLayouter(QObject *parent)
    : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcher<LayoutResult>::finished, this, &GraphLayouter::onFinished);
}

GraphLayouter::~GraphLayouter()
{
    // The worker only reads its own copy of the input, but its result must not arrive
    // at a destroyed object.
    m_watcher.waitForFinished();
}

void GraphLayouter::request(LayoutInput input)
{
    if (m_running) {
        m_pending = std::move(input);
        return;
    }
    start(std::move(input));
}

void GraphLayouter::start(LayoutInput input)
{
    m_running = true;
    m_watcher.setFuture(QtConcurrent::run([input = std::move(input)] { return computeLayout(input); }));
}

void GraphLayouter::onFinished()
{
    m_running = false;
    if (m_pending) {
        // The topology changed while this ran: its result is stale.
        LayoutInput next = std::move(*m_pending);
        m_pending.reset();
        start(std::move(next));
        return;
    }
    emit finished(m_watcher.result());
}

} // namespace stagecraft

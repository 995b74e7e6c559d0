// SPDX-License-Identifier: MIT
#include "stage_graph_scene.h"

#include "edit/stage_edits.h"
#include "stage_graph_connection_drag.h"
#include "stage_graph_edge.h"
#include "stage_graph_inline_editor.h"
#include "stage_graph_node.h"
#include "stage_graph_port.h"
#include "stage_graph_style.h"

#include <QFontMetricsF>
#include <QGraphicsSceneMouseEvent>
#include <QGraphicsView>
#include <QKeyEvent>
#include <QPainter>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace stagecraft {
namespace {

QString fromStd(const std::string &text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

} // namespace

StageGraphScene::StageGraphScene(DockerfileDocument *document, QObject *parent)
    : QGraphicsScene(parent)
    , m_document(document)
    , m_analysis(document->analysis())
    , m_drag(new StageGraphConnectionDrag(this))
{
    m_layoutTimer.setSingleShot(true);
    connect(&m_layoutTimer, &QTimer::timeout, this, [this] { m_layouter.request(layoutInput()); });
    connect(&m_layouter, &GraphLayouter::finished, this, &StageGraphScene::applyLayout);
    // The document emits topologyChanged before analysisChanged for the same revision.
    connect(m_document, &DockerfileDocument::topologyChanged, this, [this] { m_topologyDirty = true; });
    connect(m_document, &DockerfileDocument::analysisChanged, this, &StageGraphScene::onAnalysisChanged);
    onAnalysisChanged();
    // The first picture should not wait for typing to pause (and layoutNow() may
    // still take over before the event loop runs).
    m_layoutTimer.start(0);
}

StageGraphScene::~StageGraphScene()
{
    // Edges point at nodes: delete them first, whatever order QGraphicsScene would use.
    qDeleteAll(m_edges);
    m_edges.clear();
    qDeleteAll(m_nodes);
    m_nodes.clear();
}

QList<StageGraphNode *> StageGraphScene::nodes() const
{
    QList<StageGraphNode *> nodes;
    for (const QString &key : m_order) {
        if (StageGraphNode *item = m_nodes.value(key))
            nodes.append(item);
    }
    return nodes;
}

QList<StageGraphEdge *> StageGraphScene::edges() const
{
    return m_edges;
}

StageGraphNode *StageGraphScene::stageNode(int stage) const
{
    const auto &stages = m_analysis->graph.stages();
    if (stage < 0 || static_cast<size_t>(stage) >= stages.size())
        return nullptr;
    return m_nodes.value(stageKey(stages[static_cast<size_t>(stage)]));
}

StageGraphNode *StageGraphScene::nodeAt(QPointF scenePos) const
{
    const QList<QGraphicsItem *> candidates = items(scenePos);
    for (QGraphicsItem *item : candidates) {
        if (item->type() == StageGraphNode::Type)
            return static_cast<StageGraphNode *>(item);
        if (item->type() == StageGraphPort::Type)
            return static_cast<StageGraphPort *>(item)->node();
    }
    return nullptr;
}

QRectF StageGraphScene::graphRect() const
{
    QRectF rect;
    for (const StageGraphNode *node : m_nodes)
        rect |= node->sceneBoundingRect();
    for (const StageGraphEdge *edge : m_edges)
        rect |= edge->sceneBoundingRect();
    return rect;
}

void StageGraphScene::onAnalysisChanged()
{
    m_analysis = m_document->analysis();
    const GraphContent &content = m_content.update(m_analysis);
    if (m_topologyDirty) {
        m_topologyDirty = false;
        syncTopology(content);
    } else {
        refreshContent(content);
    }
    applyCursorContext();
}

void StageGraphScene::refreshContent(const GraphContent &content)
{
    // Same topology: same keys, same edges in the same order. Anything else is a
    // topology change the document did not announce; treat it as one.
    bool same = content.nodes.size() == m_nodes.size() && content.edges.size() == m_edges.size();
    for (qsizetype i = 0; same && i < content.edges.size(); ++i) {
        const EdgeContent &edge = content.edges[i];
        same = m_edges[i]->kind() == edge.kind && m_edges[i]->source() && m_edges[i]->source()->key() == edge.sourceKey
            && m_edges[i]->target() && m_edges[i]->target()->key() == edge.targetKey;
    }
    for (const NodeContent &node : content.nodes)
        same = same && m_nodes.contains(node.key);
    if (!same) {
        syncTopology(content);
        return;
    }
    // Only what changed: most edits leave most stages as they were, and repainting every node and
    // edge of a large graph on each keystroke cost more than the whole analysis of the file.
    for (const NodeContent &node : content.nodes) {
        StageGraphNode *item = m_nodes.value(node.key);
        if (!(item->content() == node))
            item->setContent(node);
    }
    for (qsizetype i = 0; i < content.edges.size(); ++i) {
        if (!(m_edges[i]->content() == content.edges[i]))
            m_edges[i]->setContent(content.edges[i]);
    }
}

void StageGraphScene::syncTopology(const GraphContent &content)
{
    closeInlineEditor();
    m_drag->cancel();
    qDeleteAll(m_edges);
    m_edges.clear();

    QHash<QString, StageGraphNode *> old = std::exchange(m_nodes, {});
    m_order.clear();
    for (const NodeContent &node : content.nodes)
        m_order.append(node.key);
    QList<const NodeContent *> unmatched;
    for (const NodeContent &node : content.nodes) {
        if (StageGraphNode *item = old.take(node.key)) {
            item->setContent(node);
            m_nodes.insert(node.key, item);
        } else {
            unmatched.append(&node);
        }
    }
    const QRectF existing = graphRect();
    qreal provisionalY = existing.isNull() ? 0 : existing.top();
    for (const NodeContent *node : std::as_const(unmatched)) {
        // A stage whose name changed (renamed in the graph, or typed) keeps its node and
        // the place the user gave it: it is the old node with the same index.
        StageGraphNode *item = nullptr;
        if (node->kind == GraphNodeKind::Stage) {
            for (auto it = old.begin(); it != old.end(); ++it) {
                if (it.value()->isStage() && it.value()->index() == node->index) {
                    item = it.value();
                    if (m_userPositions.contains(it.key()))
                        m_userPositions.insert(node->key, m_userPositions.take(it.key()));
                    old.erase(it);
                    break;
                }
            }
        }
        if (item) {
            item->setContent(*node);
        } else {
            // Until the layout places it: right of the drawing, so it covers nothing.
            item = new StageGraphNode(*node);
            addItem(item);
            const QPointF pos = m_userPositions.contains(node->key)
                ? m_userPositions.value(node->key)
                : QPointF(existing.isNull() ? 0 : existing.right() + graphstyle::rankGap, provisionalY);
            item->place(pos);
            provisionalY += item->size().height() + graphstyle::nodeGap;
        }
        m_nodes.insert(node->key, item);
    }
    qDeleteAll(old);
    rebuildEdges(content);
    updateSceneRect();
    requestLayout();
}

void StageGraphScene::rebuildEdges(const GraphContent &content)
{
    QHash<QString, int> outgoing;
    QHash<QString, int> incoming;
    for (const EdgeContent &edge : content.edges) {
        ++outgoing[edge.sourceKey];
        ++incoming[edge.targetKey];
    }
    for (auto it = m_nodes.cbegin(); it != m_nodes.cend(); ++it)
        it.value()->setEdgeCounts(incoming.value(it.key()), outgoing.value(it.key()));
    for (const EdgeContent &edge : content.edges) {
        StageGraphNode *source = m_nodes.value(edge.sourceKey);
        StageGraphNode *target = m_nodes.value(edge.targetKey);
        if (!source || !target)
            continue;
        auto *item = new StageGraphEdge(edge, source, 0, target, 0);
        addItem(item);
        m_edges.append(item);
    }
    assignEdgeSlots();
}

void StageGraphScene::assignEdgeSlots()
{
    QHash<const StageGraphNode *, QList<qsizetype>> outgoing;
    QHash<const StageGraphNode *, QList<qsizetype>> incoming;
    for (qsizetype i = 0; i < m_edges.size(); ++i) {
        outgoing[m_edges[i]->source()].append(i);
        incoming[m_edges[i]->target()].append(i);
    }
    // By the other end's height; parallel edges keep file order at both ends, so they
    // never cross. Stable sorts keep this deterministic.
    const auto centerY = [](const StageGraphNode *node) { return node->sceneBoundingRect().center().y(); };
    QList<int> sourceSlot(m_edges.size(), 0);
    QList<int> targetSlot(m_edges.size(), 0);
    for (auto it = outgoing.begin(); it != outgoing.end(); ++it) {
        std::stable_sort(it->begin(), it->end(),
            [&](qsizetype a, qsizetype b) { return centerY(m_edges[a]->target()) < centerY(m_edges[b]->target()); });
        for (qsizetype slot = 0; slot < it->size(); ++slot)
            sourceSlot[it->at(slot)] = static_cast<int>(slot);
    }
    for (auto it = incoming.begin(); it != incoming.end(); ++it) {
        std::stable_sort(it->begin(), it->end(),
            [&](qsizetype a, qsizetype b) { return centerY(m_edges[a]->source()) < centerY(m_edges[b]->source()); });
        for (qsizetype slot = 0; slot < it->size(); ++slot)
            targetSlot[it->at(slot)] = static_cast<int>(slot);
    }
    for (qsizetype i = 0; i < m_edges.size(); ++i)
        m_edges[i]->setSlots(sourceSlot[i], targetSlot[i]);
}

LayoutInput StageGraphScene::layoutInput() const
{
    LayoutInput input;
    QHash<QString, int> indexes;
    for (const QString &key : m_order) {
        const StageGraphNode *item = m_nodes.value(key);
        if (!item)
            continue;
        indexes.insert(key, static_cast<int>(input.nodes.size()));
        input.nodes.append({key, item->size()});
    }
    const QFontMetricsF metrics(graphstyle::labelFont());
    qreal widestLabel = 0;
    for (const StageGraphEdge *edge : m_edges) {
        const QString source = edge->source() ? edge->source()->key() : QString();
        const QString target = edge->target() ? edge->target()->key() : QString();
        if (!indexes.contains(source) || !indexes.contains(target))
            continue;
        input.edges.append({indexes.value(source), indexes.value(target)});
        widestLabel = std::max(widestLabel, metrics.horizontalAdvance(edge->content().label) + 10);
    }
    // Labels sit between the layers: make the gap wide enough for the widest one.
    input.rankGap = graphstyle::rankGap + widestLabel;
    input.nodeGap = graphstyle::nodeGap;
    return input;
}

void StageGraphScene::requestLayout()
{
    m_layoutTimer.start(m_layoutDelay);
}

void StageGraphScene::updateSceneRect()
{
    // The graph in the middle of room to scroll around it. A scene rect that only grows
    // (QGraphicsScene's default) would keep stale room, and the view, which centres the
    // scene rect when it fits, would show the graph off-centre.
    constexpr qreal room = 400;
    setSceneRect(graphRect().adjusted(-room, -room, room, room));
}

bool StageGraphScene::isLayoutPending() const
{
    return m_layoutTimer.isActive() || m_layouter.isBusy();
}

void StageGraphScene::layoutNow()
{
    m_layoutTimer.stop();
    applyLayout(computeLayout(layoutInput()));
}

void StageGraphScene::resetPositions()
{
    m_userPositions.clear();
    m_layoutTimer.stop();
    m_layouter.request(layoutInput());
}

void StageGraphScene::applyLayout(const LayoutResult &result)
{
    for (auto it = m_nodes.cbegin(); it != m_nodes.cend(); ++it) {
        StageGraphNode *node = it.value();
        if (m_userPositions.contains(it.key())) {
            node->place(m_userPositions.value(it.key()));
            continue;
        }
        const auto center = result.centers.constFind(it.key());
        if (center != result.centers.cend())
            node->place(*center - QPointF(node->size().width() / 2, node->size().height() / 2));
    }
    assignEdgeSlots();
    updateSceneRect();
    emit layoutApplied();
}

void StageGraphScene::setCursorContext(int stage, int instruction)
{
    m_cursorStage = stage;
    m_cursorInstruction = instruction;
    applyCursorContext();
}

void StageGraphScene::applyCursorContext()
{
    for (StageGraphNode *node : std::as_const(m_nodes))
        node->setCurrent(node->isStage() && node->index() == m_cursorStage);
    for (StageGraphEdge *edge : std::as_const(m_edges))
        edge->setCurrent(m_cursorInstruction >= 0 && edge->instruction() == m_cursorInstruction);
}

void StageGraphScene::setExporting(bool exporting)
{
    m_exporting = exporting;
    if (exporting)
        m_drag->cancel();
    if (m_editor)
        m_editor->setVisible(!exporting);
    update();
}

void StageGraphScene::showEditor(StageGraphInlineEditor *editor, QPointF scenePos)
{
    m_editor = editor;
    addItem(editor);
    editor->setPos(scenePos);
    // The editor needs the keyboard: the view showing it gets the focus, then the field.
    const QList<QGraphicsView *> shown = views();
    if (!shown.isEmpty()) {
        shown.first()->ensureVisible(editor->sceneBoundingRect(), 16, 16);
        shown.first()->setFocus(Qt::OtherFocusReason);
    }
    editor->focusFirstField();
}

StageGraphInlineEditor *StageGraphScene::inlineEditor() const
{
    return m_editor;
}

void StageGraphScene::closeInlineEditor()
{
    if (!m_editor)
        return;
    // Later: the editor may be closing from inside its own key handler.
    StageGraphInlineEditor *editor = m_editor;
    m_editor.clear();
    // Until it is deleted, its line edit would still take Ctrl+Z for its own undo;
    // the keyboard goes back to the graph.
    const bool hadFocus = editor->hasFocus();
    if (QWidget *focused = editor->widget() ? editor->widget()->focusWidget() : nullptr)
        focused->clearFocus();
    editor->clearFocus();
    editor->hide();
    editor->deleteLater();
    const QList<QGraphicsView *> shown = views();
    if (hadFocus && !shown.isEmpty())
        shown.first()->setFocus(Qt::OtherFocusReason);
}

void StageGraphScene::openCopyEditor(int source, int target, QPointF scenePos)
{
    closeInlineEditor();
    const auto &stages = m_analysis->graph.stages();
    if (source < 0 || target < 0 || static_cast<size_t>(source) >= stages.size()
        || static_cast<size_t>(target) >= stages.size())
        return;
    const CopyPaths paths = defaultCopyPaths(*m_analysis->tree, m_analysis->graph, source, target);
    const QString from = fromStd(stages[static_cast<size_t>(source)].displayName());
    const QString into = fromStd(stages[static_cast<size_t>(target)].displayName());
    auto *editor = new StageGraphInlineEditor(tr("COPY --from=%1 into %2").arg(from, into),
        {{tr("Copy from %1:").arg(from), fromStd(paths.source), u"sourcePath"_s},
            {tr("to %1:").arg(into), fromStd(paths.destination), u"destinationPath"_s}});
    connect(editor, &StageGraphInlineEditor::accepted, this, [this, editor, source, target, from, into] {
        const QStringList values = editor->values();
        const GraphEdit edit = m_document->addCopyFrom(source, target, values.value(0), values.value(1));
        if (!edit.ok()) {
            editor->showError(fromStd(edit.refusal));
            return;
        }
        closeInlineEditor();
        emit statusMessage(tr("Added COPY --from=%1 to %2").arg(from, into));
    });
    connect(editor, &StageGraphInlineEditor::cancelled, this, [this] {
        closeInlineEditor();
        emit statusMessage(tr("Cancelled: nothing was changed"));
    });
    showEditor(editor, scenePos);
}

void StageGraphScene::startRename(int stage)
{
    closeInlineEditor();
    StageGraphNode *node = stageNode(stage);
    if (!node)
        return;
    const Stage &current = m_analysis->graph.stages()[static_cast<size_t>(stage)];
    const QString oldName = fromStd(current.name);
    const QString written
        = fromStd(std::string(m_analysis->tree->text().substr(current.nameRange.begin, current.nameRange.length())));
    auto *editor = new StageGraphInlineEditor(
        tr("Rename stage %1").arg(fromStd(current.displayName())), {{tr("Name:"), written, u"stageName"_s}});
    connect(editor, &StageGraphInlineEditor::accepted, this, [this, editor, stage, oldName] {
        const QString name = editor->values().value(0);
        const GraphEdit edit = m_document->renameStage(stage, name);
        if (!edit.ok()) {
            editor->showError(fromStd(edit.refusal));
            return;
        }
        closeInlineEditor();
        emit stageRenamed(oldName, name.toLower());
        emit statusMessage(tr("Renamed stage %1 to %2 and every reference to it").arg(oldName, name));
    });
    connect(editor, &StageGraphInlineEditor::cancelled, this, [this] { closeInlineEditor(); });
    showEditor(editor, node->titleSceneRect().topLeft());
}

bool StageGraphScene::removeEdge(const StageGraphEdge *edge)
{
    if (!edge)
        return false;
    switch (edge->kind()) {
    case EdgeKind::From:
        emit statusMessage(tr("A FROM edge is the stage's base: change or delete the stage instead"));
        return false;
    case EdgeKind::Mount:
        emit statusMessage(tr("Remove the --mount flag in the editor: deleting the edge would delete the whole RUN"));
        return false;
    case EdgeKind::Copy:
        break;
    }
    const QString label = edge->content().label;
    const GraphEdit edit = m_document->removeInstruction(edge->instruction());
    if (!edit.ok()) {
        emit statusMessage(fromStd(edit.refusal));
        return false;
    }
    emit statusMessage(tr("Removed %1").arg(label));
    return true;
}

bool StageGraphScene::removeStage(int stage)
{
    const auto &stages = m_analysis->graph.stages();
    if (stage < 0 || static_cast<size_t>(stage) >= stages.size())
        return false;
    const QString name = fromStd(stages[static_cast<size_t>(stage)].displayName());
    const GraphEdit edit = m_document->removeStage(stage);
    if (!edit.ok()) {
        emit statusMessage(tr("Cannot delete %1: %2").arg(name, fromStd(edit.refusal)));
        return false;
    }
    emit statusMessage(tr("Deleted stage %1").arg(name));
    return true;
}

bool StageGraphScene::addStage(const QString &image, const QString &name)
{
    const GraphEdit edit = stagecraft::addStage(
        *m_analysis->tree, m_analysis->graph, image.trimmed().toStdString(), name.trimmed().toStdString());
    if (!edit.ok()) {
        emit statusMessage(tr("Cannot add the stage: %1").arg(fromStd(edit.refusal)));
        return false;
    }
    m_document->applyEdits(edit.edits);
    emit statusMessage(tr("Added stage %1").arg(name.trimmed()));
    return true;
}

void StageGraphScene::mousePressEvent(QGraphicsSceneMouseEvent *event)
{
    // A click outside an open editor cancels it, as Esc does.
    if (m_editor && !m_editor->sceneBoundingRect().contains(event->scenePos()))
        closeInlineEditor();
    QGraphicsScene::mousePressEvent(event);
    if (event->button() != Qt::LeftButton)
        return;
    QGraphicsItem *item = mouseGrabberItem();
    if (!item)
        return;
    if (item->type() == StageGraphNode::Type) {
        const auto *node = static_cast<StageGraphNode *>(item);
        if (node->isStage())
            emit stageActivated(node->index());
    } else if (item->type() == StageGraphEdge::Type) {
        emit instructionActivated(static_cast<StageGraphEdge *>(item)->instruction());
    }
}

void StageGraphScene::mouseReleaseEvent(QGraphicsSceneMouseEvent *event)
{
    QGraphicsScene::mouseReleaseEvent(event);
    // Nodes the user dragged keep their place across edits and relayouts.
    bool moved = false;
    for (auto it = m_nodes.cbegin(); it != m_nodes.cend(); ++it) {
        StageGraphNode *node = it.value();
        if (node->pos() != node->placedPos()) {
            m_userPositions.insert(it.key(), node->pos());
            node->place(node->pos());
            moved = true;
        }
    }
    if (moved) {
        assignEdgeSlots();
        updateSceneRect();
    }
}

void StageGraphScene::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape && m_drag->isActive()) {
        m_drag->cancel();
        event->accept();
        return;
    }
    QGraphicsScene::keyPressEvent(event);
}

void StageGraphScene::drawBackground(QPainter *painter, const QRectF &rect)
{
    painter->fillRect(rect, graphstyle::canvas);
}

} // namespace stagecraft

// SPDX-License-Identifier: MIT
#pragma once

// The stage graph of one DockerfileDocument as a QGraphicsScene. It observes the
// document: every analysis updates the items in place (texts, badges, dimming), and
// only a change of topology adds or removes items and asks for a new layout, which
// runs on a worker thread and is applied by node identity. Nodes the user moved stay
// where they were put (remembered per stage name). Gestures on the items end here
// and become document operations, each one undo step of the same stack as typing.

#include "document/dockerfile_document.h"
#include "graph_layout.h"
#include "stage_graph_content.h"

#include <QGraphicsScene>
#include <QHash>
#include <QPointer>
#include <QStringList>
#include <QTimer>

#include <functional>
#include <memory>

namespace stagecraft {

class StageGraphConnectionDrag;
class StageGraphEdge;
class StageGraphInlineEditor;
class StageGraphNode;

class StageGraphScene : public QGraphicsScene {
    Q_OBJECT

public:
    explicit StageGraphScene(DockerfileDocument *document, QObject *parent = nullptr);
    ~StageGraphScene() override;

    [[nodiscard]] DockerfileDocument *document() const { return m_document; }
    /// The snapshot the items show; never null.
    [[nodiscard]] std::shared_ptr<const Analysis> analysis() const { return m_analysis; }

    [[nodiscard]] QList<StageGraphNode *> nodes() const;
    [[nodiscard]] QList<StageGraphEdge *> edges() const;
    [[nodiscard]] StageGraphNode *node(const QString &key) const { return m_nodes.value(key); }
    [[nodiscard]] StageGraphNode *stageNode(int stage) const;
    /// The node (not an edge, editor or drag line) at `scenePos`, or null.
    [[nodiscard]] StageGraphNode *nodeAt(QPointF scenePos) const;
    /// Nodes and edges only: what fit-to-view and export frame.
    [[nodiscard]] QRectF graphRect() const;

    /// Quiet time after a topology change before the layout starts, so typing
    /// `FROM x AS name` lays out once, not per keystroke.
    void setLayoutDelay(int milliseconds) { m_layoutDelay = milliseconds; }
    /// Lays out on this thread and applies the result now (command line, export, tests).
    void layoutNow();
    /// A layout is scheduled or running.
    [[nodiscard]] bool isLayoutPending() const;
    /// Forgets where the user put nodes and lays out again.
    void resetPositions();
    /// Where the user placed nodes, by node key.
    [[nodiscard]] const QHash<QString, QPointF> &userPositions() const { return m_userPositions; }

    /// Highlights the stage and the edge the text cursor is in (-1: none).
    void setCursorContext(int stage, int instruction);

    // Graph actions. Each ends in one document operation (one undo step) or, when the
    // model refuses, in statusMessage() with the reason and no change.
    void startRename(int stage);
    void openCopyEditor(int source, int target, QPointF scenePos);
    void closeInlineEditor();
    /// The open path or rename editor, or null.
    [[nodiscard]] StageGraphInlineEditor *inlineEditor() const;
    bool removeEdge(const StageGraphEdge *edge);
    bool removeStage(int stage);
    bool addStage(const QString &image, const QString &name);
    [[nodiscard]] StageGraphConnectionDrag *connectionDrag() const { return m_drag; }

    /// While true, items draw for a picture (no selection, cursor or drop feedback).
    [[nodiscard]] bool isExporting() const { return m_exporting; }
    void setExporting(bool exporting);

signals:
    /// The user clicked a stage's node.
    void stageActivated(int stage);
    /// The user clicked an edge (its instruction).
    void instructionActivated(int instruction);
    void statusMessage(const QString &message);
    /// Node positions changed after a layout.
    void layoutApplied();
    void stageRenamed(const QString &oldName, const QString &newName);

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void drawBackground(QPainter *painter, const QRectF &rect) override;

private:
    void onAnalysisChanged();
    void syncTopology(const GraphContent &content);
    void refreshContent(const GraphContent &content);
    void rebuildEdges(const GraphContent &content);
    /// Orders the edges on each side of a node by where their other ends are, so
    /// edges leave and enter without crossing each other at the node.
    void assignEdgeSlots();
    [[nodiscard]] LayoutInput layoutInput() const;
    void requestLayout();
    void updateSceneRect();
    void applyLayout(const LayoutResult &result);
    void applyCursorContext();
    void showEditor(StageGraphInlineEditor *editor, QPointF scenePos);

    DockerfileDocument *m_document;
    std::shared_ptr<const Analysis> m_analysis;
    GraphContentBuilder m_content; ///< what the items show, for m_analysis
    bool m_topologyDirty = true;
    QHash<QString, StageGraphNode *> m_nodes; ///< by NodeContent::key
    QStringList m_order; ///< node keys in GraphContent order (stages in file order, then images)
    QList<StageGraphEdge *> m_edges; ///< in BuildGraph::edges() order
    QHash<QString, QPointF> m_userPositions;
    GraphLayouter m_layouter;
    QTimer m_layoutTimer;
    int m_layoutDelay = 150;
    StageGraphConnectionDrag *m_drag = nullptr;
    QPointer<StageGraphInlineEditor> m_editor;
    int m_cursorStage = -1;
    int m_cursorInstruction = -1;
    bool m_exporting = false;
};

} // namespace stagecraft

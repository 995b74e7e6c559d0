// SPDX-License-Identifier: MIT
#pragma once

// One node of the stage graph: a stage (name, base, instruction count, size slot,
// diagnostics badge, output port) or an external image. It draws the NodeContent the
// scene gives it; gestures on it (double-click to rename, dragging its port) go to
// the scene, which turns them into document operations.

#include "stage_graph_content.h"

#include <QGraphicsItem>

namespace stagecraft {

class StageGraphEdge;
class StageGraphPort;
class StageGraphScene;

class StageGraphNode : public QGraphicsItem {
public:
    enum { Type = UserType + 1 };

    /// Feedback while an edge is dragged over the node.
    enum class DropState : uint8_t { None, Accept, Refuse };

    explicit StageGraphNode(const NodeContent &content);
    ~StageGraphNode() override;

    [[nodiscard]] int type() const override { return Type; }
    [[nodiscard]] const NodeContent &content() const { return m_content; }
    /// Updates what the node shows in place (its position and selection stay).
    void setContent(const NodeContent &content);
    [[nodiscard]] QString key() const { return m_content.key; }
    [[nodiscard]] GraphNodeKind kind() const { return m_content.kind; }
    [[nodiscard]] bool isStage() const { return m_content.kind == GraphNodeKind::Stage; }
    [[nodiscard]] int index() const { return m_content.index; }

    [[nodiscard]] QSizeF size() const { return m_size; }
    /// Edges side by side on each side; the node grows to fit them.
    void setEdgeCounts(int incoming, int outgoing);
    /// Scene point where outgoing edge `slot` of the node's outgoing edges starts.
    [[nodiscard]] QPointF outputPoint(int slot) const;
    /// Scene point where incoming edge `slot` ends.
    [[nodiscard]] QPointF inputPoint(int slot) const;
    [[nodiscard]] StageGraphPort *port() const { return m_port; }
    /// The title, in scene coordinates (where the rename editor goes).
    [[nodiscard]] QRectF titleSceneRect() const;

    void attachEdge(StageGraphEdge *edge);
    void detachEdge(StageGraphEdge *edge);

    /// The text cursor is in this stage.
    void setCurrent(bool current);
    [[nodiscard]] bool isCurrent() const { return m_current; }
    void setDropState(DropState state);
    [[nodiscard]] DropState dropState() const { return m_dropState; }

    /// The position the scene last gave the node; a different pos() means the user moved it.
    [[nodiscard]] QPointF placedPos() const { return m_placedPos; }
    void place(QPointF pos);

    [[nodiscard]] QRectF boundingRect() const override;
    [[nodiscard]] QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;
    void mouseDoubleClickEvent(QGraphicsSceneMouseEvent *event) override;

private:
    [[nodiscard]] StageGraphScene *graphScene() const;
    void updateGeometry();
    [[nodiscard]] QRectF frame() const { return {QPointF(0, 0), m_size}; }
    void paintBadges(QPainter *painter) const;

    NodeContent m_content;
    QSizeF m_size;
    int m_incoming = 0;
    int m_outgoing = 0;
    StageGraphPort *m_port = nullptr;
    QList<StageGraphEdge *> m_edges;
    QPointF m_placedPos;
    bool m_current = false;
    DropState m_dropState = DropState::None;
};

} // namespace stagecraft

// SPDX-License-Identifier: MIT
#pragma once

// One edge of the stage graph, drawn by kind: `FROM <stage>` bold and dark with a hollow
// arrow, `COPY --from` solid blue with the copied path, `RUN --mount from=` dashed
// purple. It follows its nodes when they move; selecting it and pressing Delete removes
// a COPY --from instruction (through the scene, as a document operation).

#include "stage_graph_content.h"

#include <QGraphicsItem>
#include <QPainterPath>

namespace stagecraft {

class StageGraphNode;

class StageGraphEdge : public QGraphicsItem {
public:
    enum { Type = UserType + 2 };

    /// `sourceSlot`/`targetSlot`: the edge's place among the node's edges on that side.
    StageGraphEdge(
        const EdgeContent &content, StageGraphNode *source, int sourceSlot, StageGraphNode *target, int targetSlot);
    ~StageGraphEdge() override;

    [[nodiscard]] int type() const override { return Type; }
    [[nodiscard]] const EdgeContent &content() const { return m_content; }
    /// Updates label and instruction in place (same kind and ends).
    void setContent(const EdgeContent &content);
    [[nodiscard]] EdgeKind kind() const { return m_content.kind; }
    [[nodiscard]] int instruction() const { return m_content.instruction; }
    [[nodiscard]] StageGraphNode *source() const { return m_source; }
    [[nodiscard]] StageGraphNode *target() const { return m_target; }

    /// The text cursor is in the edge's instruction.
    void setCurrent(bool current);
    [[nodiscard]] bool isCurrent() const { return m_current; }

    /// The edge's place among its node's edges on each side (see StageGraphNode::outputPoint()).
    void setSlots(int sourceSlot, int targetSlot);
    /// Recomputes the curve from the nodes' current positions.
    void updatePath();
    void nodeDestroyed(StageGraphNode *node);
    [[nodiscard]] QPainterPath path() const { return m_path; }
    /// Where the label is drawn (scene coordinates; the edge stays at the origin).
    [[nodiscard]] QRectF labelRect() const { return m_labelRect; }

    [[nodiscard]] QRectF boundingRect() const override;
    [[nodiscard]] QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    [[nodiscard]] QPolygonF arrowHead() const;

    EdgeContent m_content;
    StageGraphNode *m_source;
    StageGraphNode *m_target;
    int m_sourceSlot;
    int m_targetSlot;
    QPainterPath m_path;
    QRectF m_labelRect;
    QRectF m_bounds;
    bool m_current = false;
};

} // namespace stagecraft

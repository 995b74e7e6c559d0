// SPDX-License-Identifier: MIT
#pragma once

// A stage's output port: the handle on the right of a node. Dragging from it onto another
// stage adds `COPY --from=<this stage>` there (StageGraphConnectionDrag decides whether
// the drop is allowed and says why not).

#include <QGraphicsEllipseItem>

namespace stagecraft {

class StageGraphNode;

class StageGraphPort : public QGraphicsEllipseItem {
public:
    enum { Type = UserType + 3 };

    explicit StageGraphPort(StageGraphNode *node);

    [[nodiscard]] int type() const override { return Type; }
    [[nodiscard]] StageGraphNode *node() const { return m_node; }

protected:
    void hoverEnterEvent(QGraphicsSceneHoverEvent *event) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent *event) override;
    void mousePressEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseMoveEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent *event) override;

private:
    void setHovered(bool hovered);

    StageGraphNode *m_node;
};

} // namespace stagecraft

// SPDX-License-Identifier: MIT
#include "stage_graph_port.h"

#include "stage_graph_connection_drag.h"
#include "stage_graph_node.h"
#include "stage_graph_scene.h"
#include "stage_graph_style.h"

#include <QBrush>
#include <QCoreApplication>
#include <QCursor>
#include <QGraphicsSceneMouseEvent>
#include <QPen>

namespace stagecraft {

StageGraphPort::StageGraphPort(StageGraphNode *node)
    : QGraphicsEllipseItem(node)
    , m_node(node)
{
    setAcceptHoverEvents(true);
    setCursor(Qt::CrossCursor);
    setToolTip(QCoreApplication::translate("StageGraph", "Drag onto another stage to copy files from this one"));
    setZValue(2);
    setHovered(false);
}

void StageGraphPort::setHovered(bool hovered)
{
    const qreal radius = hovered ? graphstyle::portRadius + 2 : graphstyle::portRadius;
    setRect(-radius, -radius, 2 * radius, 2 * radius);
    setPen(QPen(graphstyle::accent, 2));
    setBrush(hovered ? QBrush(graphstyle::accent) : QBrush(Qt::white));
}

void StageGraphPort::hoverEnterEvent(QGraphicsSceneHoverEvent *event)
{
    setHovered(true);
    QGraphicsEllipseItem::hoverEnterEvent(event);
}

void StageGraphPort::hoverLeaveEvent(QGraphicsSceneHoverEvent *event)
{
    setHovered(false);
    QGraphicsEllipseItem::hoverLeaveEvent(event);
}

void StageGraphPort::mousePressEvent(QGraphicsSceneMouseEvent *event)
{
    auto *graph = static_cast<StageGraphScene *>(scene());
    if (event->button() != Qt::LeftButton || !graph) {
        event->ignore();
        return;
    }
    // Accepting the press makes the port the mouse grabber: the node does not move,
    // and the moves and the release of this drag come here.
    event->accept();
    graph->connectionDrag()->begin(m_node);
}

void StageGraphPort::mouseMoveEvent(QGraphicsSceneMouseEvent *event)
{
    if (auto *graph = static_cast<StageGraphScene *>(scene()))
        graph->connectionDrag()->moveTo(event->scenePos(), event->screenPos());
}

void StageGraphPort::mouseReleaseEvent(QGraphicsSceneMouseEvent *event)
{
    if (auto *graph = static_cast<StageGraphScene *>(scene()))
        graph->connectionDrag()->drop(event->scenePos());
}

} // namespace stagecraft

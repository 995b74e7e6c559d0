// SPDX-License-Identifier: MIT
#include "stage_graph_edge.h"

#include "stage_graph_node.h"
#include "stage_graph_scene.h"
#include "stage_graph_style.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPathStroker>
#include <QStyleOptionGraphicsItem>

#include <algorithm>
#include <cmath>

namespace stagecraft {
namespace {

constexpr qreal arrowLength = 11;
constexpr qreal arrowWidth = 6;

qreal penWidth(EdgeKind kind)
{
    return kind == EdgeKind::From ? 3.0 : 1.8;
}

} // namespace

StageGraphEdge::StageGraphEdge(
    const EdgeContent &content, StageGraphNode *source, int sourceSlot, StageGraphNode *target, int targetSlot)
    : m_content(content)
    , m_source(source)
    , m_target(target)
    , m_sourceSlot(sourceSlot)
    , m_targetSlot(targetSlot)
{
    setFlags(ItemIsSelectable);
    // Below the nodes, so an edge never hides a node's text.
    setZValue(0);
    m_source->attachEdge(this);
    m_target->attachEdge(this);
    setContent(content);
}

StageGraphEdge::~StageGraphEdge()
{
    if (m_source)
        m_source->detachEdge(this);
    if (m_target)
        m_target->detachEdge(this);
}

void StageGraphEdge::nodeDestroyed(StageGraphNode *node)
{
    if (m_source == node)
        m_source = nullptr;
    if (m_target == node)
        m_target = nullptr;
}

void StageGraphEdge::setContent(const EdgeContent &content)
{
    m_content = content;
    setToolTip(content.toolTip);
    setOpacity(content.needed ? 1.0 : graphstyle::dimmedOpacity);
    updatePath();
}

void StageGraphEdge::setCurrent(bool current)
{
    if (m_current == current)
        return;
    m_current = current;
    update();
}

void StageGraphEdge::setSlots(int sourceSlot, int targetSlot)
{
    if (sourceSlot == m_sourceSlot && targetSlot == m_targetSlot)
        return;
    m_sourceSlot = sourceSlot;
    m_targetSlot = targetSlot;
    updatePath();
}

void StageGraphEdge::updatePath()
{
    if (!m_source || !m_target)
        return;
    const QPointF start = m_source->outputPoint(m_sourceSlot);
    const QPointF end = m_target->inputPoint(m_targetSlot);
    // Horizontal tangents at both ends read as left-to-right flow; a target to the left
    // of its source (a stage further down the file, moved by hand) loops around.
    const qreal reach = std::max(60.0, std::abs(end.x() - start.x()) / 2);
    QPainterPath path(start);
    path.cubicTo(start + QPointF(reach, 0), end - QPointF(reach + arrowLength, 0), end - QPointF(arrowLength, 0));
    path.lineTo(end);

    const QFontMetricsF metrics(graphstyle::labelFont());
    const QSizeF labelSize(metrics.horizontalAdvance(m_content.label) + 10, metrics.height() + 4);
    // The label sits on the straight-ish middle of the curve; parallel edges have
    // different slots and therefore different middles, so their labels do not overlap.
    const QPointF middle = path.pointAtPercent(0.5);
    prepareGeometryChange();
    m_path = path;
    m_labelRect = QRectF(middle - QPointF(labelSize.width() / 2, labelSize.height() / 2), labelSize);
    m_bounds = m_path.boundingRect()
                   .united(m_labelRect)
                   .adjusted(-arrowWidth - 4, -arrowWidth - 4, arrowWidth + 4, arrowWidth + 4);
}

QRectF StageGraphEdge::boundingRect() const
{
    return m_bounds;
}

QPainterPath StageGraphEdge::shape() const
{
    // A generous stroke, so a thin edge is easy to click; the label counts too.
    QPainterPathStroker stroker;
    stroker.setWidth(12);
    QPainterPath shape = stroker.createStroke(m_path);
    shape.addRect(m_labelRect);
    return shape;
}

QPolygonF StageGraphEdge::arrowHead() const
{
    const QPointF tip = m_path.currentPosition();
    const QPointF back = tip - QPointF(arrowLength, 0);
    return QPolygonF({tip, back + QPointF(0, -arrowWidth), back + QPointF(0, arrowWidth)});
}

void StageGraphEdge::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget)
{
    Q_UNUSED(widget);
    if (m_path.isEmpty())
        return;
    const auto *graph = static_cast<const StageGraphScene *>(scene());
    const bool exporting = graph && graph->isExporting();
    const bool highlighted = !exporting && ((option->state & QStyle::State_Selected) || m_current);
    const QColor color = graphstyle::edgeColor(m_content.kind);
    painter->setRenderHint(QPainter::Antialiasing);

    if (highlighted) {
        QPen glow(graphstyle::selectionColor, penWidth(m_content.kind) + 5, Qt::SolidLine, Qt::RoundCap);
        painter->setPen(glow);
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(m_path);
    }
    QPen pen(color, penWidth(m_content.kind), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    if (m_content.kind == EdgeKind::Mount)
        pen.setDashPattern({4, 3});
    painter->setPen(pen);
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(m_path);

    // Inheritance gets a hollow arrow (as in UML), copies and mounts a filled one.
    painter->setPen(QPen(color, 1.5, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter->setBrush(m_content.kind == EdgeKind::From ? QBrush(Qt::white) : QBrush(color));
    painter->drawPolygon(arrowHead());

    painter->setPen(QPen(highlighted ? graphstyle::selectionColor : color.lighter(150), 1));
    painter->setBrush(QColor(255, 255, 255, 235));
    painter->drawRoundedRect(m_labelRect, 4, 4);
    painter->setFont(graphstyle::labelFont());
    painter->setPen(color.darker(130));
    painter->drawText(m_labelRect, Qt::AlignCenter, m_content.label);
}

} // namespace stagecraft

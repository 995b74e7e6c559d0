// SPDX-License-Identifier: MIT
#include "stage_graph_node.h"

#include "stage_graph_edge.h"
#include "stage_graph_port.h"
#include "stage_graph_scene.h"
#include "stage_graph_style.h"

#include <QFontMetricsF>
#include <QGraphicsSceneMouseEvent>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace stagecraft {
namespace {

constexpr qreal badgeRadius = 10;
constexpr qreal titleHeight = 22;
constexpr qreal rowHeight = 18;

/// Vertical offset of slot `slot` of `count` edges, centred on the node's middle.
qreal slotOffset(int slot, int count)
{
    return count <= 1 ? 0 : (slot - (count - 1) / 2.0) * graphstyle::edgeSpacing;
}

} // namespace

StageGraphNode::StageGraphNode(const NodeContent &content)
    : m_content(content)
{
    setFlags(ItemIsMovable | ItemIsSelectable | ItemSendsGeometryChanges);
    setAcceptHoverEvents(true);
    setZValue(1);
    if (isStage())
        m_port = new StageGraphPort(this);
    updateGeometry();
    setContent(content);
}

StageGraphNode::~StageGraphNode()
{
    // Edges are the scene's to delete; they must not call back into a destroyed node.
    for (StageGraphEdge *edge : std::as_const(m_edges))
        edge->nodeDestroyed(this);
}

StageGraphScene *StageGraphNode::graphScene() const
{
    return static_cast<StageGraphScene *>(scene());
}

void StageGraphNode::setContent(const NodeContent &content)
{
    const bool resize = content.title != m_content.title || content.base != m_content.base
        || content.details != m_content.details || content.kind != m_content.kind;
    m_content = content;
    setToolTip(content.toolTip);
    // Stages the target does not need are dimmed, with their edges.
    setOpacity(content.needed || content.target ? 1.0 : graphstyle::dimmedOpacity);
    if (resize)
        updateGeometry();
    update();
}

void StageGraphNode::setEdgeCounts(int incoming, int outgoing)
{
    if (incoming == m_incoming && outgoing == m_outgoing)
        return;
    m_incoming = incoming;
    m_outgoing = outgoing;
    updateGeometry();
}

void StageGraphNode::updateGeometry()
{
    const QFontMetricsF title(graphstyle::titleFont());
    const QFontMetricsF text(graphstyle::textFont());
    const qreal pad = graphstyle::nodePadding;
    // Room for the title, the "#n" caption and the badges on the first row.
    const qreal titleRow = title.horizontalAdvance(m_content.title) + text.horizontalAdvance(m_content.caption)
        + 3 * badgeRadius + 3 * pad;
    const qreal baseRow = text.horizontalAdvance(m_content.base) + 2 * pad + 8;
    const qreal detailsRow
        = text.horizontalAdvance(m_content.details) + text.horizontalAdvance(u"000.0 MB"_s) + 3 * pad;
    const qreal width
        = std::clamp(std::max({titleRow, baseRow, detailsRow}), graphstyle::nodeMinWidth, graphstyle::nodeMaxWidth);
    const qreal minimum = isStage() ? graphstyle::nodeHeight : graphstyle::imageNodeHeight;
    const qreal height = std::max(minimum, std::max(m_incoming, m_outgoing) * graphstyle::edgeSpacing + 2 * pad);
    prepareGeometryChange();
    m_size = QSizeF(width, height);
    if (m_port)
        m_port->setPos(width, height / 2);
    for (StageGraphEdge *edge : std::as_const(m_edges))
        edge->updatePath();
}

QPointF StageGraphNode::outputPoint(int slot) const
{
    // From the border: the port (drawn above the edges) covers the middle one's start.
    return mapToScene(QPointF(m_size.width(), m_size.height() / 2 + slotOffset(slot, m_outgoing)));
}

QPointF StageGraphNode::inputPoint(int slot) const
{
    return mapToScene(QPointF(0, m_size.height() / 2 + slotOffset(slot, m_incoming)));
}

QRectF StageGraphNode::titleSceneRect() const
{
    const qreal pad = graphstyle::nodePadding;
    return mapRectToScene(QRectF(pad - 4, pad - 4, m_size.width() - 2 * pad + 8, titleHeight + 8));
}

void StageGraphNode::attachEdge(StageGraphEdge *edge)
{
    if (!m_edges.contains(edge))
        m_edges.append(edge);
}

void StageGraphNode::detachEdge(StageGraphEdge *edge)
{
    m_edges.removeAll(edge);
}

void StageGraphNode::setCurrent(bool current)
{
    if (m_current == current)
        return;
    m_current = current;
    update();
}

void StageGraphNode::setDropState(DropState state)
{
    if (m_dropState == state)
        return;
    m_dropState = state;
    update();
}

void StageGraphNode::place(QPointF pos)
{
    m_placedPos = pos;
    setPos(pos);
}

QRectF StageGraphNode::boundingRect() const
{
    // Room for the selection ring, the drop indicator, the badges and the target tab.
    return frame().adjusted(-8, -badgeRadius - 12, badgeRadius + 8, 8);
}

QPainterPath StageGraphNode::shape() const
{
    QPainterPath path;
    path.addRoundedRect(frame(), graphstyle::nodeRadius, graphstyle::nodeRadius);
    return path;
}

QVariant StageGraphNode::itemChange(GraphicsItemChange change, const QVariant &value)
{
    if (change == ItemPositionHasChanged) {
        for (StageGraphEdge *edge : std::as_const(m_edges))
            edge->updatePath();
    }
    return QGraphicsItem::itemChange(change, value);
}

void StageGraphNode::mouseDoubleClickEvent(QGraphicsSceneMouseEvent *event)
{
    if (isStage() && event->button() == Qt::LeftButton && graphScene()) {
        graphScene()->startRename(index());
        event->accept();
        return;
    }
    QGraphicsItem::mouseDoubleClickEvent(event);
}

void StageGraphNode::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget)
{
    Q_UNUSED(widget);
    const bool exporting = graphScene() && graphScene()->isExporting();
    const qreal pad = graphstyle::nodePadding;
    const qreal radius = isStage() ? graphstyle::nodeRadius : m_size.height() / 2;
    const QRectF box = frame();
    painter->setRenderHint(QPainter::Antialiasing);

    // Selection or text cursor: a ring outside the frame, so the frame keeps its meaning.
    const bool highlighted = !exporting && ((option->state & QStyle::State_Selected) || m_current);
    if (highlighted) {
        painter->setPen(QPen(graphstyle::selectionColor, 3));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(box.adjusted(-4, -4, 4, 4), radius + 4, radius + 4);
    }
    if (m_dropState != DropState::None && !exporting) {
        const QColor color = m_dropState == DropState::Accept ? graphstyle::acceptColor : graphstyle::errorColor;
        painter->setPen(QPen(color, 4));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(box.adjusted(-6, -6, 6, 6), radius + 6, radius + 6);
    }

    QPen border(isStage() ? graphstyle::nodeBorder : graphstyle::imageBorder, 1.5);
    QBrush fill(isStage() ? graphstyle::nodeFill : graphstyle::imageFill);
    if (m_content.target) {
        border = QPen(graphstyle::accent, 3);
        fill = graphstyle::targetFill;
    } else if (!m_content.needed) {
        border.setStyle(Qt::DashLine);
    }
    painter->setPen(border);
    painter->setBrush(fill);
    painter->drawRoundedRect(box, radius, radius);

    const qreal left = isStage() ? pad : pad + radius / 2;
    const qreal textWidth = m_size.width() - left - pad;
    const QFont titleFont = graphstyle::titleFont();
    const QFont textFont = graphstyle::textFont();
    const QFontMetricsF titleMetrics(titleFont);
    const QFontMetricsF textMetrics(textFont);

    // Row 1: title, then the "#n" caption in grey.
    const qreal badgeRoom
        = (m_content.errors > 0 ? 2 * badgeRadius + 2 : 0) + (m_content.warnings > 0 ? 2 * badgeRadius + 2 : 0);
    const qreal captionWidth = textMetrics.horizontalAdvance(m_content.caption);
    painter->setFont(titleFont);
    painter->setPen(graphstyle::titleText);
    const QRectF titleRect(left, isStage() ? pad : (m_size.height() - 2 * rowHeight) / 2, textWidth, titleHeight);
    const QString title
        = titleMetrics.elidedText(m_content.title, Qt::ElideMiddle, textWidth - captionWidth - badgeRoom - 8);
    painter->drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter, title);
    painter->setFont(textFont);
    painter->setPen(graphstyle::secondaryText);
    const qreal captionX = left + titleMetrics.horizontalAdvance(title) + 8;
    if (isStage()) {
        painter->drawText(QRectF(captionX, titleRect.top(), captionWidth + 2, titleHeight),
            Qt::AlignLeft | Qt::AlignVCenter, m_content.caption);
    } else {
        painter->drawText(QRectF(left, titleRect.bottom(), textWidth, rowHeight), Qt::AlignLeft | Qt::AlignVCenter,
            m_content.caption);
    }

    if (isStage()) {
        // Row 2: the base. Row 3: instruction count, and the size estimate when there is one.
        const QRectF baseRect(left, titleRect.bottom() + 2, textWidth, rowHeight);
        painter->setPen(graphstyle::titleText);
        painter->drawText(baseRect, Qt::AlignLeft | Qt::AlignVCenter,
            textMetrics.elidedText(m_content.base, Qt::ElideMiddle, textWidth));
        const QRectF detailsRect(left, baseRect.bottom(), textWidth, rowHeight);
        painter->setPen(graphstyle::secondaryText);
        painter->drawText(detailsRect, Qt::AlignLeft | Qt::AlignVCenter, m_content.details);
        if (!m_content.size.isEmpty()) {
            QFont bold = textFont;
            bold.setBold(true);
            painter->setFont(bold);
            painter->drawText(detailsRect, Qt::AlignRight | Qt::AlignVCenter, m_content.size);
        }
    }

    if (m_content.target) {
        // A tab on the top edge: the target is visible at any zoom, not only by colour.
        QFont tabFont = textFont;
        tabFont.setPixelSize(10);
        tabFont.setBold(true);
        const QString tab = u"TARGET"_s;
        const qreal width = QFontMetricsF(tabFont).horizontalAdvance(tab) + 12;
        const QRectF tabRect(pad, -9, width, 16);
        painter->setPen(Qt::NoPen);
        painter->setBrush(graphstyle::accent);
        painter->drawRoundedRect(tabRect, 8, 8);
        painter->setFont(tabFont);
        painter->setPen(Qt::white);
        painter->drawText(tabRect, Qt::AlignCenter, tab);
    }
    paintBadges(painter);
}

void StageGraphNode::paintBadges(QPainter *painter) const
{
    qreal x = m_size.width() - 2;
    const auto badge = [&](int count, const QColor &color) {
        if (count <= 0)
            return;
        QFont font = graphstyle::textFont();
        font.setPixelSize(11);
        font.setBold(true);
        const QString text = count > 99 ? u"99+"_s : QString::number(count);
        const qreal width = std::max(2 * badgeRadius, QFontMetricsF(font).horizontalAdvance(text) + 10);
        const QRectF rect(x - width / 2, -badgeRadius + 2, width, 2 * badgeRadius);
        painter->setPen(QPen(Qt::white, 1.5));
        painter->setBrush(color);
        painter->drawRoundedRect(rect, badgeRadius, badgeRadius);
        painter->setFont(font);
        painter->setPen(Qt::white);
        painter->drawText(rect, Qt::AlignCenter, text);
        x -= width + 2;
    };
    badge(m_content.errors, graphstyle::errorColor);
    badge(m_content.warnings, graphstyle::warningColor);
}

} // namespace stagecraft

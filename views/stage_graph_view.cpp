// SPDX-License-Identifier: MIT
#include "stage_graph_view.h"

#include "stage_graph_edge.h"
#include "stage_graph_node.h"
#include "stage_graph_scene.h"

#include <QContextMenuEvent>
#include <QKeyEvent>
#include <QMenu>
#include <QMessageBox>
#include <QScrollBar>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace stagecraft {
namespace {

constexpr qreal minimumZoom = 0.2;
constexpr qreal maximumZoom = 3.0;
constexpr qreal zoomStep = 1.2;
constexpr qreal fitMargin = 24;

bool askBeforeRemoving(QWidget *parent, const QString &stageName)
{
    return QMessageBox::question(parent, StageGraphView::tr("Delete stage"),
               StageGraphView::tr("Delete stage %1 and the COPY --from instructions that read "
                                  "from it?")
                   .arg(stageName),
               QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
        == QMessageBox::Yes;
}

} // namespace

StageGraphView::StageGraphView(StageGraphScene *scene, QWidget *parent)
    : QGraphicsView(scene, parent)
    , m_scene(scene)
    , m_confirm(askBeforeRemoving)
{
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    // Dragging the canvas pans; items still take their own clicks and drags.
    setDragMode(QGraphicsView::ScrollHandDrag);
    // A canvas: panned by dragging or the wheel, so scroll bars would only add clutter.
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setResizeAnchor(QGraphicsView::AnchorViewCenter);
    setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
    setFocusPolicy(Qt::StrongFocus);
    setMinimumWidth(200);
    connect(scene, &StageGraphScene::layoutApplied, this, [this] {
        if (m_autoFit)
            fitToView();
    });
}

StageGraphView::~StageGraphView() = default;

qreal StageGraphView::zoom() const
{
    return transform().m11();
}

void StageGraphView::setZoom(qreal zoom, const QPoint *anchor)
{
    zoom = std::clamp(zoom, minimumZoom, maximumZoom);
    if (qFuzzyCompare(zoom, this->zoom()))
        return;
    const ViewportAnchor previous = transformationAnchor();
    setTransformationAnchor(anchor ? QGraphicsView::AnchorUnderMouse : QGraphicsView::AnchorViewCenter);
    setTransform(QTransform::fromScale(zoom, zoom));
    setTransformationAnchor(previous);
    emit zoomChanged(zoom);
}

void StageGraphView::zoomIn()
{
    m_autoFit = false;
    setZoom(zoom() * zoomStep);
}

void StageGraphView::zoomOut()
{
    m_autoFit = false;
    setZoom(zoom() / zoomStep);
}

void StageGraphView::setAutoFit(bool autoFit)
{
    m_autoFit = autoFit;
    if (autoFit)
        fitToView();
}

void StageGraphView::fitToView()
{
    m_autoFit = true;
    const QRectF rect = m_scene->graphRect().adjusted(-fitMargin, -fitMargin, fitMargin, fitMargin);
    if (rect.isEmpty())
        return;
    const QRectF viewport = this->viewport()->rect();
    const qreal fit = std::min(viewport.width() / rect.width(), viewport.height() / rect.height());
    // A small graph is shown at 100%, not blown up.
    const qreal zoom = std::clamp(fit, minimumZoom, 1.0);
    setTransform(QTransform::fromScale(zoom, zoom));
    centerOn(rect.center());
    emit zoomChanged(zoom);
}

void StageGraphView::deleteSelection()
{
    const QList<QGraphicsItem *> selected = m_scene->selectedItems();
    if (selected.size() != 1)
        return;
    QGraphicsItem *item = selected.first();
    if (item->type() == StageGraphEdge::Type)
        m_scene->removeEdge(static_cast<StageGraphEdge *>(item));
    else if (item->type() == StageGraphNode::Type)
        confirmRemoveStage(static_cast<StageGraphNode *>(item));
}

void StageGraphView::confirmRemoveStage(const StageGraphNode *node)
{
    if (!node->isStage())
        return;
    const int stage = node->index();
    if (m_confirm && !m_confirm(this, node->content().title))
        return;
    m_scene->removeStage(stage);
}

void StageGraphView::wheelEvent(QWheelEvent *event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        const qreal steps = event->angleDelta().y() / 120.0;
        m_autoFit = false;
        const QPoint anchor = event->position().toPoint();
        setZoom(zoom() * std::pow(zoomStep, steps), &anchor);
        event->accept();
        return;
    }
    m_autoFit = false;
    QGraphicsView::wheelEvent(event);
}

void StageGraphView::keyPressEvent(QKeyEvent *event)
{
    // An open inline editor (or another focus item) takes its keys first.
    if (m_scene->focusItem()) {
        QGraphicsView::keyPressEvent(event);
        if (event->isAccepted())
            return;
    }
    switch (event->key()) {
    case Qt::Key_Delete:
    case Qt::Key_Backspace:
        deleteSelection();
        event->accept();
        return;
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomIn();
        event->accept();
        return;
    case Qt::Key_Minus:
        zoomOut();
        event->accept();
        return;
    case Qt::Key_0:
        fitToView();
        event->accept();
        return;
    default:
        break;
    }
    QGraphicsView::keyPressEvent(event);
}

void StageGraphView::mousePressEvent(QMouseEvent *event)
{
    QGraphicsView::mousePressEvent(event);
    // Panning the canvas means the user chose what to look at.
    if (event->button() == Qt::LeftButton && !itemAt(event->pos()))
        m_autoFit = false;
}

void StageGraphView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    if (m_autoFit)
        fitToView();
}

void StageGraphView::contextMenuEvent(QContextMenuEvent *event)
{
    QGraphicsItem *item = itemAt(event->pos());
    while (item && item->type() != StageGraphNode::Type && item->type() != StageGraphEdge::Type)
        item = item->parentItem();
    QMenu menu(this);
    if (item && item->type() == StageGraphNode::Type && static_cast<StageGraphNode *>(item)->isStage()) {
        auto *node = static_cast<StageGraphNode *>(item);
        const int stage = node->index();
        menu.addAction(tr("Show in Editor"), this, [this, stage] { emit m_scene->stageActivated(stage); });
        menu.addAction(tr("Rename…"), this, [this, stage] { m_scene->startRename(stage); });
        menu.addSeparator();
        menu.addAction(tr("Delete Stage…"), this, [this, node] { confirmRemoveStage(node); });
    } else if (item && item->type() == StageGraphEdge::Type) {
        auto *edge = static_cast<StageGraphEdge *>(item);
        const int instruction = edge->instruction();
        menu.addAction(
            tr("Show in Editor"), this, [this, instruction] { emit m_scene->instructionActivated(instruction); });
        QAction *remove = menu.addAction(
            tr("Delete %1").arg(edge->content().label), this, [this, edge] { m_scene->removeEdge(edge); });
        remove->setEnabled(edge->kind() == EdgeKind::Copy);
    } else {
        menu.addAction(tr("Add Stage…"), this, &StageGraphView::addStageRequested);
        menu.addAction(tr("Fit to View"), this, &StageGraphView::fitToView);
        menu.addAction(tr("Reset Layout"), this, [this] { m_scene->resetPositions(); });
    }
    menu.exec(event->globalPos());
}

} // namespace stagecraft

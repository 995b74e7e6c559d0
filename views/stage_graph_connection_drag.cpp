// SPDX-License-Identifier: MIT
#include "stage_graph_connection_drag.h"

#include "edit/graph_edits.h"
#include "stage_graph_node.h"
#include "stage_graph_scene.h"
#include "stage_graph_style.h"

#include <QGraphicsPathItem>
#include <QPen>
#include <QToolTip>

namespace stagecraft {

StageGraphConnectionDrag::StageGraphConnectionDrag(StageGraphScene *scene)
    : QObject(scene)
    , m_scene(scene)
{}

StageGraphConnectionDrag::~StageGraphConnectionDrag() = default;

void StageGraphConnectionDrag::begin(StageGraphNode *source)
{
    cancel();
    m_scene->closeInlineEditor();
    m_source = source->index();
    m_sourceKey = source->key();
    m_line = new QGraphicsPathItem;
    m_line->setZValue(5);
    m_line->setPen(QPen(graphstyle::accent, 2, Qt::DashLine, Qt::RoundCap));
    m_scene->addItem(m_line);
    moveTo(source->outputPoint(0), {});
}

StageGraphConnectionDrag::Verdict StageGraphConnectionDrag::evaluate(int source, QPointF scenePos) const
{
    Verdict verdict;
    verdict.node = m_scene->nodeAt(scenePos);
    if (!verdict.node)
        return verdict;
    const Analysis &analysis = *m_scene->analysis();
    const auto &stages = analysis.graph.stages();
    if (source < 0 || static_cast<size_t>(source) >= stages.size())
        return verdict;
    const QString from = QString::fromStdString(stages[static_cast<size_t>(source)].displayName());
    if (!verdict.node->isStage()) {
        verdict.message = tr("Cannot copy into %1: it is an external image, not a stage of this file")
                              .arg(verdict.node->content().title);
        return verdict;
    }
    // Ask the model with placeholder paths: the refusal is exactly the one the
    // document would give for the real drop.
    const GraphEdit edit = addCopyFrom(*analysis.tree, analysis.graph, source, verdict.node->index(), "/", "/");
    if (!edit.ok()) {
        verdict.message = tr("Cannot copy from %1 into %2: %3")
                              .arg(from, verdict.node->content().title, QString::fromStdString(edit.refusal));
        return verdict;
    }
    verdict.accepted = true;
    verdict.message = tr("Drop to add COPY --from=%1 to %2").arg(from, verdict.node->content().title);
    return verdict;
}

void StageGraphConnectionDrag::moveTo(QPointF scenePos, QPoint screenPos)
{
    if (!m_line)
        return;
    StageGraphNode *source = m_scene->node(m_sourceKey);
    if (!source) {
        cancel();
        return;
    }
    const QPointF start = source->outputPoint(0);
    QPainterPath path(start);
    const qreal reach = std::max<qreal>(40, std::abs(scenePos.x() - start.x()) / 2);
    path.cubicTo(start + QPointF(reach, 0), scenePos - QPointF(reach, 0), scenePos);
    m_line->setPath(path);

    const Verdict verdict = evaluate(m_source, scenePos);
    setHovered(verdict.node, verdict.accepted);
    QPen pen = m_line->pen();
    pen.setColor(!verdict.node ? graphstyle::accent
            : verdict.accepted ? graphstyle::acceptColor
                               : graphstyle::errorColor);
    m_line->setPen(pen);
    if (verdict.message != m_lastMessage) {
        m_lastMessage = verdict.message;
        emit m_scene->statusMessage(verdict.message);
        if (!screenPos.isNull()) {
            if (verdict.message.isEmpty())
                QToolTip::hideText();
            else
                QToolTip::showText(screenPos, verdict.message);
        }
    }
}

void StageGraphConnectionDrag::drop(QPointF scenePos)
{
    if (!m_line)
        return;
    const int source = m_source;
    const Verdict verdict = evaluate(source, scenePos);
    finish();
    if (!verdict.node)
        return; // dropped on the canvas: nothing was meant
    if (!verdict.accepted) {
        emit m_scene->statusMessage(verdict.message);
        return;
    }
    m_scene->openCopyEditor(source, verdict.node->index(), scenePos);
}

void StageGraphConnectionDrag::cancel()
{
    if (m_line)
        finish();
}

void StageGraphConnectionDrag::setHovered(StageGraphNode *node, bool accepted)
{
    StageGraphNode *previous = m_scene->node(m_hoveredKey);
    if (previous && previous != node)
        previous->setDropState(StageGraphNode::DropState::None);
    m_hoveredKey = node ? node->key() : QString();
    if (node)
        node->setDropState(accepted ? StageGraphNode::DropState::Accept : StageGraphNode::DropState::Refuse);
}

void StageGraphConnectionDrag::finish()
{
    setHovered(nullptr, false);
    delete m_line;
    m_line = nullptr;
    m_source = -1;
    m_sourceKey.clear();
    m_lastMessage.clear();
    QToolTip::hideText();
}

} // namespace stagecraft

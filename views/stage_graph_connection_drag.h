// SPDX-License-Identifier: MIT
#pragma once

// Drag-to-create: the rubber edge from a stage's output port to the pointer, and the
// verdict on the node under it. A drop on a stage that may copy from the source opens
// the path editor; a drop that would close a cycle (the source itself included) or that
// lands on an external image is refused with the reason, shown while dragging (red
// indicator, tool tip, status message) and again on the drop. Nothing changes until
// the path editor is accepted.

#include <QObject>
#include <QPoint>
#include <QPointF>
#include <QString>

class QGraphicsPathItem;

namespace stagecraft {

class StageGraphNode;
class StageGraphScene;

class StageGraphConnectionDrag : public QObject {
    Q_OBJECT

public:
    struct Verdict {
        StageGraphNode *node = nullptr; ///< the node under the pointer, or null
        bool accepted = false;
        QString message; ///< why not, or what a drop will do
    };

    explicit StageGraphConnectionDrag(StageGraphScene *scene);
    ~StageGraphConnectionDrag() override;

    void begin(StageGraphNode *source);
    void moveTo(QPointF scenePos, QPoint screenPos);
    void drop(QPointF scenePos);
    void cancel();
    [[nodiscard]] bool isActive() const { return m_line != nullptr; }
    /// What dropping at `scenePos` would do (also usable without a drag in progress).
    [[nodiscard]] Verdict evaluate(int source, QPointF scenePos) const;

private:
    void setHovered(StageGraphNode *node, bool accepted);
    void finish();

    StageGraphScene *m_scene;
    QGraphicsPathItem *m_line = nullptr;
    int m_source = -1;
    QString m_sourceKey;
    QString m_hoveredKey;
    QString m_lastMessage;
};

} // namespace stagecraft

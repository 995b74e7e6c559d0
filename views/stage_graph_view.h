// SPDX-License-Identifier: MIT
#pragma once

// The widget showing a StageGraphScene: zoom (Ctrl+wheel, +/-), pan (drag the canvas),
// fit-to-view, Delete for the selected COPY --from edge or stage (a stage after
// confirmation), and context menus with the same actions. Until the user zooms or
// pans, the view keeps the whole graph in sight as the layout changes.

#include <QGraphicsView>

#include <functional>

namespace stagecraft {

class StageGraphScene;
class StageGraphNode;

class StageGraphView : public QGraphicsView {
    Q_OBJECT

public:
    explicit StageGraphView(StageGraphScene *scene, QWidget *parent = nullptr);
    ~StageGraphView() override;

    [[nodiscard]] StageGraphScene *graphScene() const { return m_scene; }
    [[nodiscard]] qreal zoom() const;

    void zoomIn();
    void zoomOut();
    /// Shows the whole graph (never magnified beyond 100%) and follows later layouts.
    void fitToView();
    /// Whether later layouts re-fit the view (true until the user zooms or pans).
    [[nodiscard]] bool autoFit() const { return m_autoFit; }
    void setAutoFit(bool autoFit);

    /// Deletes the selected edge (COPY --from only) or stage (after asking).
    void deleteSelection();
    /// Asks before a stage is deleted; tests replace it. Returns true to delete.
    using Confirmation = std::function<bool(QWidget *parent, const QString &stageName)>;
    void setConfirmation(Confirmation confirmation) { m_confirm = std::move(confirmation); }

signals:
    void zoomChanged(qreal zoom);
    /// "Add stage…" from the canvas's context menu.
    void addStageRequested();

protected:
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void setZoom(qreal zoom, const QPoint *anchor = nullptr);
    void confirmRemoveStage(const StageGraphNode *node);

    StageGraphScene *m_scene;
    bool m_autoFit = true;
    Confirmation m_confirm;
};

} // namespace stagecraft

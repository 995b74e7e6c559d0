// SPDX-License-Identifier: MIT
#pragma once

// Layered left-to-right placement of the stage graph with Graphviz's dot engine (libgvc),
// the engine build graphs are conventionally drawn with. The input is plain values keyed
// by node identity (stage name, image reference), so a layout can run on a worker thread
// while the document keeps changing, and its result still applies to the right nodes.

#include <QFutureWatcher>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointF>
#include <QSizeF>
#include <QString>

#include <optional>

namespace stagecraft {

struct LayoutNode {
    QString key; ///< identity; the result is keyed by it
    QSizeF size; ///< scene units
};

struct LayoutEdge {
    int source = 0; ///< index into LayoutInput::nodes
    int target = 0;
};

struct LayoutInput {
    QList<LayoutNode> nodes; ///< in file order: dot breaks ties by input order
    QList<LayoutEdge> edges;
    qreal rankGap = 70; ///< horizontal room between layers (edge labels go there)
    qreal nodeGap = 36; ///< vertical room between nodes of a layer
};

struct LayoutResult {
    QHash<QString, QPointF> centers; ///< node centre by key; the drawing's top-left is at (0, 0)
    bool usedGraphviz = false; ///< false: the built-in layered fallback ran (Graphviz failed)
};

/// Lays `input` out. Deterministic: the same input gives the same result. Safe to call
/// from any thread (calls into Graphviz, which keeps global state, are serialised).
[[nodiscard]] LayoutResult computeLayout(const LayoutInput &input);

/// Runs computeLayout() on a worker thread. Only the newest request's result is
/// delivered: a request made while one runs waits, and the running one is dropped.
class GraphLayouter : public QObject {
    Q_OBJECT

public:
    explicit GraphLayouter(QObject *parent = nullptr);
    ~GraphLayouter() override;

    void request(LayoutInput input);
    [[nodiscard]] bool isBusy() const { return m_running || m_pending; }

signals:
    void finished(const stagecraft::LayoutResult &result);

private:
    void start(LayoutInput input);
    void onFinished();

    QFutureWatcher<LayoutResult> m_watcher;
    std::optional<LayoutInput> m_pending;
    bool m_running = false;
};

} // namespace stagecraft

// SPDX-License-Identifier: MIT
#pragma once

// The Outline panel: the global ARGs, every stage with its base and its ARGs, and the
// secrets the file uses (RUN --mount=type=secret ids, secret-looking ARG/ENV names).
// Clicking an entry asks for its range to be selected in the editor. While unseen (a
// closed dock, or a tab not current), the panel does not follow the document.

#include "document/analysis.h"

#include <QWidget>

class QTreeWidget;

namespace stagecraft {

class DockerfileDocument;

class OutlinePanel : public QWidget {
    Q_OBJECT

public:
    enum Role {
        BeginRole = 0x0100, ///< Qt::UserRole: byte offset the entry starts at
        EndRole,
    };

    explicit OutlinePanel(DockerfileDocument *document, QWidget *parent = nullptr);

    [[nodiscard]] QTreeWidget *tree() const { return m_tree; }
    /// The outline the tree shows: the document's, or while the panel is unseen an older one.
    [[nodiscard]] const Outline &outline() const { return m_shown->outline; }
    /// Whether the user can see the panel (true at first). Unseen, it does not follow the
    /// document: updating a big file's rows nobody sees cost each keystroke about a millisecond.
    /// Seen again, it catches up. Its dock's visibilityChanged() tells: a dock whose tab is not
    /// the current one is not hidden, only moved out of view.
    void setSeen(bool seen);

Q_SIGNALS:
    void rangeActivated(uint32_t begin, uint32_t end);

private:
    /// Shows the document's outline, unless it is the one shown.
    void refresh();
    /// Moves the entries' lines and ranges to those of `outline`, which differs from the
    /// shown one only in them.
    void relocate(const Outline &outline);

    DockerfileDocument *m_document;
    QTreeWidget *m_tree;
    /// The analysis whose outline the tree shows (null before the first refresh).
    std::shared_ptr<const Analysis> m_shown;
    bool m_seen = true;
};

} // namespace stagecraft

// SPDX-License-Identifier: MIT
#pragma once

// The Outline panel: the global ARGs, every stage with its base and its ARGs, and the
// secrets the file uses (RUN --mount=type=secret ids, secret-looking ARG/ENV names).
// Clicking an entry asks for its range to be selected in the editor.

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
    [[nodiscard]] const Outline &outline() const { return m_shown->outline; }

Q_SIGNALS:
    void rangeActivated(uint32_t begin, uint32_t end);

private:
    void refresh();
    /// Moves the entries' lines and ranges to those of `outline`, which differs from the
    /// shown one only in them.
    void relocate(const Outline &outline);

    DockerfileDocument *m_document;
    QTreeWidget *m_tree;
    /// The analysis whose outline the tree shows (null before the first refresh).
    std::shared_ptr<const Analysis> m_shown;
};

} // namespace stagecraft

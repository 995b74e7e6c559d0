// SPDX-License-Identifier: MIT
#pragma once

// The Size panel: the estimate of every stage as a tree. A stage row shows its total
// (estimate and low–high range) and its base image; under it come the base and each
// layer with its line, instruction, size, source (catalog, packages, context, stage,
// heuristic, measured, user) and wasted bytes, the figure's note as tooltip. With measured
// sizes attached (docker history, docker image inspect), the matched rows and the image's
// stage show the measurement, and an Estimate column the estimate it replaced. The target
// stage is bold, stages the target does not need are dimmed. Clicking a row asks for its
// line; a base image the catalog does not know offers "Enter Size…". While unseen
// (a closed dock, or a tab not current), the panel does not follow the document.

#include <QWidget>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>

class QLabel;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace stagecraft {

class DockerfileDocument;
struct SizeReport;

/// "120 MB", "1.5 GB", "800k", "2 GiB", "123456": bytes, or nothing when unreadable.
[[nodiscard]] std::optional<int64_t> parseByteSize(const QString &text);
/// The status bar's line: "Final image ≈ 182 MB (150–210 MB)", "Final image ≥ 90 MB", and with
/// a measurement "Final image 140 MB measured, estimated ≥ 128 MB".
[[nodiscard]] QString finalImageText(const SizeReport &report);

class SizePanel : public QWidget {
    Q_OBJECT

public:
    enum Column { StageColumn, InstructionColumn, SizeColumn, SourceColumn, EstimateColumn, WastedColumn, ColumnCount };
    enum Role {
        LineRole = 0x0100, ///< Qt::UserRole: the 1-based line a row jumps to
        ReferenceRole, ///< a base row's image reference when its size can be entered
        StageNameRole, ///< a stage row's name (remembers which stages the user folded)
    };
    /// Asks for the size of an image; nothing when the user cancels.
    using SizePrompt = std::function<std::optional<int64_t>(const QString &reference)>;

    explicit SizePanel(DockerfileDocument *document, QWidget *parent = nullptr);

    [[nodiscard]] QTreeWidget *tree() const { return m_tree; }
    [[nodiscard]] QPushButton *enterSizeButton() const { return m_enterSize; }
    /// Replaces the input dialog (tests).
    void setSizePrompt(SizePrompt prompt) { m_prompt = std::move(prompt); }
    /// Asks for the size of `reference` and emits imageSizeEntered() with the answer.
    void enterSize(const QString &reference);
    /// Whether the user can see the panel (true at first). Unseen, it does not follow the
    /// document: updating a big file's rows nobody sees cost each keystroke about a millisecond.
    /// Seen again, it catches up. Its dock's visibilityChanged() tells: a dock whose tab is not
    /// the current one is not hidden, only moved out of view.
    void setSeen(bool seen);

Q_SIGNALS:
    void lineActivated(int line);
    /// The user entered `bytes` for `reference` (canonical); a negative size forgets it.
    void imageSizeEntered(const QString &reference, qint64 bytes);

private:
    void refresh();
    void updateEnterSizeButton();
    void showContextMenu(const QPoint &position);
    [[nodiscard]] QString referenceFor(const QTreeWidgetItem *item) const;

    DockerfileDocument *m_document;
    QTreeWidget *m_tree;
    QLabel *m_summary;
    QPushButton *m_enterSize;
    SizePrompt m_prompt;
    bool m_stale = false; ///< the shown estimate is older than the document's
    bool m_seen = true;
    std::set<QString> m_collapsed; ///< stages the user folded, by name
};

} // namespace stagecraft

// SPDX-License-Identifier: MIT
#pragma once

#include "editor_diagnostics.h"

#include <QPlainTextEdit>
#include <QPointer>

#include <KSyntaxHighlighting/Repository>

#include <optional>

namespace KSyntaxHighlighting {
class SyntaxHighlighter;
class Theme;
} // namespace KSyntaxHighlighting

namespace stagecraft {
class DockerfileDocument;
struct Completion;
} // namespace stagecraft

class FindBar;
class GoToLineBar;
class QCompleter;
class QMenu;
class QStandardItemModel;

/// The Dockerfile text editor: KSyntaxHighlighting's "Dockerfile" definition, a gutter
/// with line numbers and severity icons, and a current-line highlight. Given a
/// DockerfileDocument it shows the analysis: diagnostics as wavy underlines with tooltips,
/// quick fixes from a lightbulb, the context menu and Ctrl+., and completion (Ctrl+Space,
/// or as you type) from the model. Find/replace and go-to-line bars sit under the text.
/// It never parses: everything it shows comes from the document's Analysis.
class CodeEditor : public QPlainTextEdit {
    Q_OBJECT

public:
    explicit CodeEditor(QWidget *parent = nullptr);
    ~CodeEditor() override;

    /// Shows and edits `document` (its QTextDocument becomes this editor's document, with
    /// the highlighter moved over) and follows its analysis. Null detaches.
    void setDockerfileDocument(stagecraft::DockerfileDocument *document);
    [[nodiscard]] stagecraft::DockerfileDocument *dockerfileDocument() const { return m_document; }

    /// Selects a KSyntaxHighlighting theme by name ("Breeze Dark"); an empty name
    /// goes back to following the palette. Returns false (and keeps the current
    /// theme) when no theme has that name.
    bool setTheme(const QString &name);
    [[nodiscard]] QString themeName() const;

    [[nodiscard]] int lineNumberAreaWidth() const;
    [[nodiscard]] KSyntaxHighlighting::SyntaxHighlighter *highlighter() const { return m_highlighter; }
    [[nodiscard]] QWidget *gutter() const { return m_lineNumberArea; }

    // Diagnostics
    /// The worst severity of the diagnostics starting on 0-based `block` (its gutter icon).
    [[nodiscard]] std::optional<stagecraft::Severity> lineSeverity(int block) const;
    /// Where the gutter draws the icon of `block`, in gutter coordinates (empty when not visible).
    [[nodiscard]] QRect gutterIconRect(int block) const;
    /// The tooltip for the text at document `position`: the diagnostics covering it.
    [[nodiscard]] QString toolTipAt(int position) const;
    /// The tooltip of the gutter icon of `block`: the diagnostics starting on it.
    [[nodiscard]] QString gutterToolTip(int block) const;

    // Quick fixes
    /// The block showing the lightbulb (the cursor is on a diagnostic with fixes), or -1.
    [[nodiscard]] int lightbulbBlock() const { return m_lightbulbBlock; }
    /// "Fix: <title>" actions for the diagnostics at `position` (else on its line), owned by
    /// `parent`; triggering one applies the fix as one undo step.
    [[nodiscard]] QList<QAction *> quickFixActions(int position, QObject *parent);
    /// Pops up the fixes for the cursor (Ctrl+., the lightbulb) at `globalPos`, or under
    /// the cursor when null. The menu deletes itself when closed.
    QMenu *showQuickFixMenu(std::optional<QPoint> globalPos = std::nullopt);

    // Completion
    [[nodiscard]] QCompleter *completer() const { return m_completer; }
    /// Shows the candidates at the cursor (Ctrl+Space) even when nothing was typed.
    void complete();

    // Find and go to line
    [[nodiscard]] FindBar *findBar() const { return m_findBar; }
    [[nodiscard]] GoToLineBar *goToLineBar() const { return m_goToLineBar; }
    /// Edit-menu actions, with their shortcuts active in the editor's window.
    [[nodiscard]] QAction *findAction() const { return m_findAction; }
    [[nodiscard]] QAction *replaceAction() const { return m_replaceAction; }
    [[nodiscard]] QAction *findNextAction() const { return m_findNextAction; }
    [[nodiscard]] QAction *findPreviousAction() const { return m_findPreviousAction; }
    [[nodiscard]] QAction *goToLineAction() const { return m_goToLineAction; }
    [[nodiscard]] QAction *quickFixAction() const { return m_quickFixAction; }
    /// Moves the cursor to 1-based `line` and `column` and centres it.
    void goToLine(int line, int column = 1);

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    bool viewportEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    friend class LineNumberArea;

    void createActions();
    void applyTheme(const KSyntaxHighlighting::Theme &theme);
    [[nodiscard]] KSyntaxHighlighting::Theme themeForPalette(const QPalette &palette) const;
    void paintGutter(QPaintEvent *event);
    bool gutterEvent(QEvent *event);
    void layoutMargins();
    void updateLineNumberArea(const QRect &rect, int dy);
    void highlightCurrentLine();

    void onDiagnosticsChanged();
    /// Indexes the diagnostics of `analysis` for painting and hovers; repaints the gutter when
    /// the marks of the visible lines change.
    void showDiagnosticsOf(std::shared_ptr<const stagecraft::Analysis> analysis);
    /// Repaints the gutter beside `block` (its number and its mark or lightbulb).
    void updateGutterLine(int block);
    /// The first and the last block that fit in the viewport.
    [[nodiscard]] std::pair<int, int> visibleBlocks() const;
    /// Rebuilds the underlines when the visible lines leave the window they cover.
    void updateDiagnosticSelections(bool force);
    void applyExtraSelections();
    void updateLightbulb();
    /// Diagnostic indices at `position`: those containing it, else those on its line.
    [[nodiscard]] std::vector<int> diagnosticsNear(int position) const;

    void setUpCompletion();
    void updateCompletion(bool forced);
    void insertCompletion(const QModelIndex &index);

    KSyntaxHighlighting::Repository m_repository;
    KSyntaxHighlighting::SyntaxHighlighter *m_highlighter = nullptr;
    QWidget *m_lineNumberArea = nullptr;
    QPointer<stagecraft::DockerfileDocument> m_document;
    QList<QMetaObject::Connection> m_documentConnections;
    bool m_followPalette = true; ///< false once setTheme() chose a theme by name
    QColor m_currentLineColor;
    QColor m_lineNumberColor;
    QColor m_currentLineNumberColor;
    QColor m_gutterColor;

    stagecraft::DiagnosticIndex m_diagnostics;
    QList<QTextEdit::ExtraSelection> m_diagnosticSelections;
    int m_selectionFirst = 0; ///< blocks covered by m_diagnosticSelections
    int m_selectionLast = -1;
    QTextEdit::ExtraSelection m_currentLine;
    int m_lightbulbBlock = -1;
    int m_currentLineBlock = -1; ///< the line whose number the gutter draws as the current one

    QCompleter *m_completer = nullptr;
    QStandardItemModel *m_completionModel = nullptr;
    std::unique_ptr<stagecraft::Completion> m_completion; ///< what the popup shows
    uint64_t m_completionRevision = 0;

    FindBar *m_findBar = nullptr;
    GoToLineBar *m_goToLineBar = nullptr;
    QAction *m_findAction = nullptr;
    QAction *m_replaceAction = nullptr;
    QAction *m_findNextAction = nullptr;
    QAction *m_findPreviousAction = nullptr;
    QAction *m_goToLineAction = nullptr;
    QAction *m_quickFixAction = nullptr;
};

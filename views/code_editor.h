// SPDX-License-Identifier: MIT
#pragma once

#include <QPlainTextEdit>

#include <KSyntaxHighlighting/Repository>

namespace KSyntaxHighlighting {
class SyntaxHighlighter;
class Theme;
} // namespace KSyntaxHighlighting

/// The Dockerfile text editor: KSyntaxHighlighting's "Dockerfile" definition,
/// a line-number gutter and a current-line highlight. It only shows and edits
/// text; the model parses it.
class CodeEditor : public QPlainTextEdit {
    Q_OBJECT

public:
    explicit CodeEditor(QWidget *parent = nullptr);
    ~CodeEditor() override;

    /// Selects a KSyntaxHighlighting theme by name ("Breeze Dark"); an empty name
    /// goes back to following the palette. Returns false (and keeps the current
    /// theme) when no theme has that name.
    bool setTheme(const QString &name);
    [[nodiscard]] QString themeName() const;

    [[nodiscard]] int lineNumberAreaWidth() const;
    [[nodiscard]] KSyntaxHighlighting::SyntaxHighlighter *highlighter() const { return m_highlighter; }

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    friend class LineNumberArea;

    void applyTheme(const KSyntaxHighlighting::Theme &theme);
    [[nodiscard]] KSyntaxHighlighting::Theme themeForPalette(const QPalette &palette) const;
    void paintLineNumbers(QPaintEvent *event);
    void updateLineNumberAreaWidth();
    void updateLineNumberArea(const QRect &rect, int dy);
    void highlightCurrentLine();

    KSyntaxHighlighting::Repository m_repository;
    KSyntaxHighlighting::SyntaxHighlighter *m_highlighter = nullptr;
    QWidget *m_lineNumberArea = nullptr;
    bool m_followPalette = true; ///< false once setTheme() chose a theme by name
    QColor m_currentLineColor;
    QColor m_lineNumberColor;
    QColor m_currentLineNumberColor;
    QColor m_gutterColor;
};

// SPDX-License-Identifier: MIT
#pragma once

// Find and replace for a QPlainTextEdit, as a bar under the text: find next and previous
// (wrapping around), match case, whole words, regular expressions (replacements may use
// \1..\9 for captures), replace and replace all. Replace all is one undo step. Enter finds
// the next match, Shift+Enter the previous one, Esc closes the bar and returns to the text.

#include <QTextCursor>
#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QRegularExpression;
class QRegularExpressionMatch;

class FindBar : public QWidget {
    Q_OBJECT

public:
    explicit FindBar(QPlainTextEdit *editor, QWidget *parent = nullptr);
    ~FindBar() override;

    /// Shows the bar (with the replace row when `replace`), takes the selected text as the
    /// search text when it is on one line, and focuses the search field.
    void open(bool replace);
    /// Hides the bar and gives the focus back to the editor.
    void close();
    [[nodiscard]] bool isReplaceVisible() const;

    void setSearchText(const QString &text);
    void setReplaceText(const QString &text);
    void setCaseSensitive(bool on);
    void setWholeWords(bool on);
    void setRegularExpression(bool on);

    /// Selects the next (previous) match after (before) the selection, wrapping around;
    /// false when there is none.
    bool findNext();
    bool findPrevious();
    /// Replaces the selected match (when the selection is one) and selects the next.
    bool replace();
    /// Replaces every match as one undo step; returns how many.
    int replaceAll();

    [[nodiscard]] QLineEdit *searchField() const { return m_search; }
    [[nodiscard]] QLineEdit *replaceField() const { return m_replacement; }
    [[nodiscard]] QLabel *statusLabel() const { return m_status; }

protected:
    void keyPressEvent(QKeyEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    /// The pattern as a regular expression; invalid when empty or not a valid regex.
    [[nodiscard]] QRegularExpression pattern() const;
    bool find(bool backward, bool fromSelectionStart = false);
    /// The match starting at `cursor`'s selection start that spans exactly its selection.
    [[nodiscard]] bool selectionIsMatch(const QRegularExpression &re, QString *replacement) const;
    [[nodiscard]] QString expandReplacement(const QRegularExpressionMatch &match) const;
    void updateStatus(const QString &message = {});

    QPlainTextEdit *m_editor;
    QLineEdit *m_search;
    QLineEdit *m_replacement;
    QCheckBox *m_caseSensitive;
    QCheckBox *m_wholeWords;
    QCheckBox *m_regex;
    QWidget *m_replaceRow;
    QLabel *m_status;
};

// SPDX-License-Identifier: MIT
#pragma once

// Go to line: a one-field bar under the text. It takes "line" or "line:column"; Enter
// moves the cursor there and centres it, Esc closes the bar.

#include <QWidget>

class QLabel;
class QLineEdit;
class QPlainTextEdit;

class GoToLineBar : public QWidget {
    Q_OBJECT

public:
    explicit GoToLineBar(QPlainTextEdit *editor, QWidget *parent = nullptr);
    ~GoToLineBar() override;

    /// Shows the bar with the current line filled in and selected.
    void open();
    /// Hides the bar and gives the focus back to the editor.
    void close();
    /// Jumps to what the field holds; false (and the bar stays) when it is not a position.
    bool accept();

    [[nodiscard]] QLineEdit *field() const { return m_field; }

    /// Moves `editor`'s cursor to 1-based `line` and `column` (both clamped) and centres it.
    static void goTo(QPlainTextEdit *editor, int line, int column = 1);

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    QPlainTextEdit *m_editor;
    QLineEdit *m_field;
    QLabel *m_range;
};

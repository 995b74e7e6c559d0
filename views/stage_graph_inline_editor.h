// SPDX-License-Identifier: MIT
#pragma once

// A small form inside the graph (a widget in a QGraphicsProxyWidget): the two paths of a
// new COPY --from, or a stage's new name. Enter accepts, Esc cancels. Nothing touches the
// document until the scene acts on accepted(), so cancelling leaves no trace: no text
// change and no undo step.

#include <QGraphicsProxyWidget>
#include <QList>
#include <QStringList>

class QLabel;
class QLineEdit;

namespace stagecraft {

struct InlineField {
    QString label;
    QString text; ///< the initial value
    QString objectName; ///< for tests and accessibility
};

class StageGraphInlineEditor : public QGraphicsProxyWidget {
    Q_OBJECT

public:
    StageGraphInlineEditor(const QString &title, const QList<InlineField> &fields);
    ~StageGraphInlineEditor() override;

    [[nodiscard]] QStringList values() const;
    [[nodiscard]] QLineEdit *field(qsizetype index) const { return m_fields.value(index); }
    [[nodiscard]] qsizetype fieldCount() const { return m_fields.size(); }
    /// Shows why the values were refused; the editor stays open.
    void showError(const QString &message);
    /// Gives the first field the keyboard focus with its text selected.
    void focusFirstField();

signals:
    void accepted();
    void cancelled();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QList<QLineEdit *> m_fields;
    QLabel *m_error = nullptr;
};

} // namespace stagecraft

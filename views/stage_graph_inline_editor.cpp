// SPDX-License-Identifier: MIT
#include "stage_graph_inline_editor.h"

#include "stage_graph_style.h"

#include <QFormLayout>
#include <QFrame>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace stagecraft {

StageGraphInlineEditor::StageGraphInlineEditor(const QString &title, const QList<InlineField> &fields)
{
    auto *panel = new QFrame;
    panel->setObjectName(u"inlineEditor"_s);
    panel->setFrameShape(QFrame::StyledPanel);
    panel->setAutoFillBackground(true);
    panel->setStyleSheet(u"QFrame#inlineEditor { background: white; border: 2px solid %1; border-radius: 6px; }"_s.arg(
        graphstyle::accent.name()));
    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(10, 8, 10, 8);
    auto *heading = new QLabel(title);
    QFont bold = heading->font();
    bold.setBold(true);
    heading->setFont(bold);
    layout->addWidget(heading);
    auto *form = new QFormLayout;
    for (const InlineField &field : fields) {
        auto *edit = new QLineEdit(field.text);
        edit->setObjectName(field.objectName);
        edit->setMinimumWidth(220);
        // Enter and Esc reach the editor before the line edit (or the scene) reacts.
        edit->installEventFilter(this);
        form->addRow(field.label, edit);
        m_fields.append(edit);
    }
    layout->addLayout(form);
    m_error = new QLabel;
    m_error->setWordWrap(true);
    m_error->setStyleSheet(u"color: %1;"_s.arg(graphstyle::errorColor.name()));
    m_error->hide();
    layout->addWidget(m_error);
    auto *hint = new QLabel(tr("Enter to apply, Esc to cancel"));
    hint->setStyleSheet(u"color: %1;"_s.arg(graphstyle::secondaryText.name()));
    layout->addWidget(hint);
    setWidget(panel);
    setZValue(10);
}

StageGraphInlineEditor::~StageGraphInlineEditor() = default;

QStringList StageGraphInlineEditor::values() const
{
    QStringList values;
    for (const QLineEdit *edit : m_fields)
        values.append(edit->text().trimmed());
    return values;
}

void StageGraphInlineEditor::showError(const QString &message)
{
    m_error->setText(message);
    m_error->show();
    if (widget())
        widget()->adjustSize();
    resize(widget() ? widget()->sizeHint() : size());
}

void StageGraphInlineEditor::focusFirstField()
{
    if (m_fields.isEmpty())
        return;
    setFocus(Qt::OtherFocusReason);
    m_fields.first()->setFocus(Qt::OtherFocusReason);
    m_fields.first()->selectAll();
}

bool StageGraphInlineEditor::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Escape) {
            emit cancelled();
            return true;
        }
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            emit accepted();
            return true;
        }
    }
    // Esc must not reach the view as a ShortcutOverride either (it would cancel nothing).
    if (event->type() == QEvent::ShortcutOverride) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Escape || key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            event->accept();
            return true;
        }
    }
    return QGraphicsProxyWidget::eventFilter(watched, event);
}

} // namespace stagecraft

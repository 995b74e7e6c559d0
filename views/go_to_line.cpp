// SPDX-License-Identifier: MIT
#include "go_to_line.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QRegularExpressionValidator>
#include <QTextBlock>

#include <algorithm>

using namespace Qt::StringLiterals;

GoToLineBar::GoToLineBar(QPlainTextEdit *editor, QWidget *parent)
    : QWidget(parent)
    , m_editor(editor)
    , m_field(new QLineEdit(this))
    , m_range(new QLabel(this))
{
    setObjectName(u"goToLineBar"_s);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Window);
    m_field->setObjectName(u"goToLineField"_s);
    m_field->setPlaceholderText(tr("line[:column]"));
    m_field->setValidator(new QRegularExpressionValidator(QRegularExpression(u"\\d*(:\\d*)?"_s), m_field));
    m_field->setMaximumWidth(fontMetrics().horizontalAdvance(u"0000000:0000"_s) + 16);
    auto *label = new QLabel(tr("Go to &line:"), this);
    label->setBuddy(m_field);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 3, 4, 3);
    layout->addWidget(label);
    layout->addWidget(m_field);
    layout->addWidget(m_range);
    layout->addStretch();
    connect(m_field, &QLineEdit::returnPressed, this, &GoToLineBar::accept);
}

GoToLineBar::~GoToLineBar() = default;

void GoToLineBar::open()
{
    const QTextCursor cursor = m_editor->textCursor();
    m_field->setText(QString::number(cursor.blockNumber() + 1));
    m_range->setText(tr("(1–%1)").arg(m_editor->document()->blockCount()));
    show();
    m_field->setFocus(Qt::ShortcutFocusReason);
    m_field->selectAll();
}

void GoToLineBar::close()
{
    hide();
    m_editor->setFocus(Qt::OtherFocusReason);
}

bool GoToLineBar::accept()
{
    const QStringList parts = m_field->text().split(u':');
    bool ok = false;
    const int line = parts.value(0).toInt(&ok);
    if (!ok)
        return false;
    const int column = parts.size() > 1 && !parts[1].isEmpty() ? parts[1].toInt() : 1;
    goTo(m_editor, line, column);
    close();
    return true;
}

void GoToLineBar::goTo(QPlainTextEdit *editor, int line, int column)
{
    QTextDocument *document = editor->document();
    const int blockNumber = std::clamp(line, 1, document->blockCount()) - 1;
    const QTextBlock block = document->findBlockByNumber(blockNumber);
    QTextCursor cursor(block);
    cursor.setPosition(block.position() + std::clamp(column - 1, 0, block.length() - 1));
    editor->setTextCursor(cursor);
    editor->centerCursor();
}

void GoToLineBar::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape)
        close();
    // Keys the field leaves (Enter) must not reach the editor below.
    event->accept();
}

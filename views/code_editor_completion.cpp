// SPDX-License-Identifier: MIT
// The editor's completion popup: candidates from the model's completeAt() at the cursor,
// as you type or on Ctrl+Space (CodeEditor, continued).
#include "code_editor.h"
#include "document/dockerfile_document.h"
#include "edit/completion.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QCompleter>
#include <QPainter>
#include <QScrollBar>
#include <QStandardItemModel>
#include <QStyledItemDelegate>
#include <QTextBlock>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

constexpr int completionItemRole = Qt::UserRole + 1;

/// A completion row: the candidate, then what it is (a flag's purpose, a stage's base, a
/// variable's value) dimmed after it.
class CompletionDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QStyleOptionViewItem item = option;
        initStyleOption(&item, index);
        const QString label = item.text;
        item.text.clear();
        QStyle *style = item.widget ? item.widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &item, painter, item.widget);
        const QRect rect = style->subElementRect(QStyle::SE_ItemViewItemText, &item, item.widget).adjusted(3, 0, -3, 0);
        const bool selected = item.state & QStyle::State_Selected;
        painter->save();
        painter->setFont(item.font);
        QColor colour = item.palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
        painter->setPen(colour);
        painter->drawText(rect, Qt::AlignVCenter | Qt::AlignLeft, label);
        const QString detail = index.data(Qt::ToolTipRole).toString();
        if (!detail.isEmpty()) {
            const int indent = item.fontMetrics.horizontalAdvance(label + u"   "_s);
            colour.setAlphaF(0.6f);
            painter->setPen(colour);
            painter->drawText(rect.adjusted(indent, 0, 0, 0), Qt::AlignVCenter | Qt::AlignLeft,
                item.fontMetrics.elidedText(detail, Qt::ElideRight, rect.width() - indent));
        }
        painter->restore();
    }

    [[nodiscard]] QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QSize size = QStyledItemDelegate::sizeHint(option, index);
        const QString detail = index.data(Qt::ToolTipRole).toString();
        if (!detail.isEmpty())
            size.rwidth() += option.fontMetrics.horizontalAdvance(u"   "_s + detail) + 6;
        return size;
    }
};

} // namespace

void CodeEditor::setUpCompletion()
{
    m_completer = new QCompleter(this);
    m_completionModel = new QStandardItemModel(m_completer);
    m_completer->setModel(m_completionModel);
    m_completer->setWidget(this);
    m_completer->setCompletionMode(QCompleter::UnfilteredPopupCompletion);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setMaxVisibleItems(12);
    m_completer->popup()->setObjectName(u"completionPopup"_s);
    m_completer->popup()->setItemDelegate(new CompletionDelegate(m_completer->popup()));
    connect(m_completer, qOverload<const QModelIndex &>(&QCompleter::activated), this, &CodeEditor::insertCompletion);
}

void CodeEditor::complete()
{
    updateCompletion(true);
}

void CodeEditor::updateCompletion(bool forced)
{
    QAbstractItemView *popup = m_completer->popup();
    if (!m_document || textCursor().hasSelection()) {
        popup->hide();
        return;
    }
    const auto analysis = m_document->analysis();
    auto completion = std::make_unique<stagecraft::Completion>(
        stagecraft::completeAt(*analysis, m_document->offsetOf(textCursor().position())));
    const bool trivial = completion->items.size() == 1 && completion->items.front().label == completion->prefix;
    // As you type, an empty prefix only opens the list right after "=", "$", "{" or ",".
    const QString before = textCursor().block().text().left(textCursor().positionInBlock());
    const bool afterTrigger = !before.isEmpty() && u"=${,"_s.contains(before.back());
    if (completion->items.empty() || (!forced && (trivial || (completion->prefix.empty() && !afterTrigger)))) {
        popup->hide();
        return;
    }
    m_completionModel->clear();
    for (size_t i = 0; i < completion->items.size(); ++i) {
        const stagecraft::CompletionItem &item = completion->items[i];
        auto *row = new QStandardItem(QString::fromStdString(item.label));
        row->setData(static_cast<int>(i), completionItemRole);
        row->setToolTip(QString::fromStdString(item.detail));
        row->setEditable(false);
        m_completionModel->appendRow(row);
    }
    m_completion = std::move(completion);
    m_completionRevision = analysis->revision;
    m_completer->setCompletionPrefix(QString());
    QRect rect = cursorRect().translated(viewport()->geometry().topLeft());
    popup->setFont(font());
    const int width = popup->sizeHintForColumn(0) + popup->verticalScrollBar()->sizeHint().width() + 12;
    rect.setWidth(std::clamp(width, 160, 560));
    m_completer->complete(rect);
    popup->setCurrentIndex(m_completer->completionModel()->index(0, 0));
}

void CodeEditor::insertCompletion(const QModelIndex &index)
{
    if (!m_completion || !m_document || m_document->analysis()->revision != m_completionRevision)
        return;
    const int row = index.data(completionItemRole).toInt();
    if (row < 0 || static_cast<size_t>(row) >= m_completion->items.size())
        return;
    const stagecraft::CompletionItem &item = m_completion->items[static_cast<size_t>(row)];
    const QString text = QString::fromStdString(item.text);
    QTextCursor cursor = textCursor();
    cursor.setPosition(m_document->positionOf(m_completion->replace.begin));
    cursor.setPosition(m_document->positionOf(m_completion->replace.end), QTextCursor::KeepAnchor);
    cursor.insertText(text);
    setTextCursor(cursor);
    // "--from=" and "--mount=" go on with their values.
    if (text.endsWith(u'='))
        QTimer::singleShot(0, this, [this] { updateCompletion(false); });
}

// SPDX-License-Identifier: MIT
// The editor's diagnostics: underlines for the visible lines, gutter icons and tooltips,
// and quick fixes from the lightbulb, the context menu and Ctrl+. (CodeEditor, continued).
#include "code_editor.h"
#include "document/dockerfile_document.h"

#include <QAction>
#include <QContextMenuEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QTextBlock>
#include <QToolTip>

#include <algorithm>
#include <vector>

using namespace Qt::StringLiterals;
using stagecraft::LintDiagnostic;
using stagecraft::Severity;

namespace {
/// Lines above and below the visible ones that get their underlines built ahead of scrolling.
constexpr int selectionMargin = 100;
} // namespace

// ---------------------------------------------------------------- diagnostics

std::pair<int, int> CodeEditor::visibleBlocks() const
{
    const int first = firstVisibleBlock().blockNumber();
    return {first, first + viewport()->height() / qMax(1, fontMetrics().height()) + 1};
}

void CodeEditor::showDiagnosticsOf(std::shared_ptr<const stagecraft::Analysis> analysis)
{
    // Repainting the whole gutter (numbers and marks of every visible line) after each analysis
    // cost a keystroke more than the paint of the edited line itself; typing rarely changes a mark.
    const auto [first, last] = visibleBlocks();
    std::vector<std::optional<Severity>> marks;
    marks.reserve(static_cast<size_t>(last - first + 1));
    for (int line = first; line <= last; ++line)
        marks.push_back(m_diagnostics.worstStartingOn(line));
    m_diagnostics.reset(std::move(analysis));
    for (int line = first; line <= last; ++line) {
        if (m_diagnostics.worstStartingOn(line) != marks[static_cast<size_t>(line - first)])
            updateGutterLine(line);
    }
}

void CodeEditor::updateGutterLine(int block)
{
    const QTextBlock textBlock = document()->findBlockByNumber(block);
    if (!textBlock.isValid() || !textBlock.isVisible())
        return;
    const QRectF line = blockBoundingGeometry(textBlock).translated(contentOffset());
    m_lineNumberArea->update(0, qFloor(line.top()), m_lineNumberArea->width(), qCeil(line.height()) + 1);
}

void CodeEditor::updateDiagnosticSelections(bool force)
{
    const auto &analysis = m_diagnostics.analysis();
    if (!m_document || !analysis) {
        if (!m_diagnosticSelections.isEmpty()) {
            m_diagnosticSelections.clear();
            applyExtraSelections();
        }
        return;
    }
    const auto [first, last] = visibleBlocks();
    if (!force && first >= m_selectionFirst && last <= m_selectionLast)
        return;
    m_selectionFirst = qMax(0, first - selectionMargin);
    m_selectionLast = last + selectionMargin;

    std::vector<int> indices = m_diagnostics.touching(m_selectionFirst, m_selectionLast);
    // Worse severities are drawn last, on top.
    std::stable_sort(indices.begin(), indices.end(),
        [this](int a, int b) { return m_diagnostics.diagnostic(a).severity > m_diagnostics.diagnostic(b).severity; });
    QTextDocument *text = document();
    struct Underline {
        int begin;
        int end;
        const LintDiagnostic *diagnostic;
    };
    std::vector<Underline> wanted;
    wanted.reserve(indices.size());
    for (const int index : indices) {
        const LintDiagnostic &diagnostic = m_diagnostics.diagnostic(index);
        int begin = m_document->positionOf(diagnostic.range.begin);
        int end = m_document->positionOf(diagnostic.range.end);
        if (end <= begin) {
            // An empty range (a missing word) underlines the character at it, or before it.
            const QTextBlock block = text->findBlock(begin);
            if (begin < block.position() + block.length() - 1)
                end = begin + 1;
            else if (begin > block.position())
                --begin;
            else
                continue; // an empty line: the gutter icon shows it
        }
        wanted.push_back({begin, end, &diagnostic});
    }
    // The selections' cursors moved with the edit: after typing, they usually sit exactly
    // where the new analysis puts the underlines, and rebuilding them (a cursor each, and a
    // relayout of the viewport) would be the most expensive part of a keystroke.
    const auto unchanged = [&] {
        if (wanted.size() != static_cast<size_t>(m_diagnosticSelections.size()))
            return false;
        for (size_t i = 0; i < wanted.size(); ++i) {
            const QTextEdit::ExtraSelection &shown = m_diagnosticSelections[static_cast<qsizetype>(i)];
            if (shown.cursor.selectionStart() != wanted[i].begin || shown.cursor.selectionEnd() != wanted[i].end
                || shown.format.underlineColor() != stagecraft::severityColor(wanted[i].diagnostic->severity)
                || shown.format.property(QTextFormat::UserProperty).toString()
                    != QString::fromStdString(wanted[i].diagnostic->rule))
                return false;
        }
        return true;
    };
    if (unchanged())
        return;
    m_diagnosticSelections.clear();
    m_diagnosticSelections.reserve(static_cast<qsizetype>(wanted.size()));
    for (const Underline &underline : wanted) {
        const int begin = underline.begin;
        const int end = underline.end;
        const LintDiagnostic &diagnostic = *underline.diagnostic;
        QTextEdit::ExtraSelection selection;
        selection.cursor = QTextCursor(text);
        selection.cursor.setPosition(begin);
        selection.cursor.setPosition(end, QTextCursor::KeepAnchor);
        selection.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        selection.format.setUnderlineColor(stagecraft::severityColor(diagnostic.severity));
        selection.format.setProperty(QTextFormat::UserProperty, QString::fromStdString(diagnostic.rule));
        m_diagnosticSelections.append(selection);
    }
    applyExtraSelections();
}

std::optional<Severity> CodeEditor::lineSeverity(int block) const
{
    return m_document ? m_diagnostics.worstStartingOn(block) : std::nullopt;
}

QRect CodeEditor::gutterIconRect(int block) const
{
    const QTextBlock textBlock = document()->findBlockByNumber(block);
    if (!textBlock.isValid() || !textBlock.isVisible())
        return {};
    const qreal top = blockBoundingGeometry(textBlock).translated(contentOffset()).top();
    const int side = fontMetrics().height();
    return {2, qRound(top), side - 2, side};
}

QString CodeEditor::toolTipAt(int position) const
{
    if (!m_document || !m_diagnostics.analysis())
        return {};
    std::vector<const LintDiagnostic *> diagnostics;
    for (const int index : m_diagnostics.containing(m_document->offsetOf(position)))
        diagnostics.push_back(&m_diagnostics.diagnostic(index));
    // The most specific first.
    std::stable_sort(diagnostics.begin(), diagnostics.end(),
        [](const LintDiagnostic *a, const LintDiagnostic *b) { return a->range.length() < b->range.length(); });
    return stagecraft::diagnosticsToolTip(diagnostics);
}

QString CodeEditor::gutterToolTip(int block) const
{
    if (!m_document || !m_diagnostics.analysis())
        return {};
    std::vector<const LintDiagnostic *> diagnostics;
    for (const int index : m_diagnostics.startingOn(block))
        diagnostics.push_back(&m_diagnostics.diagnostic(index));
    return stagecraft::diagnosticsToolTip(diagnostics);
}

bool CodeEditor::viewportEvent(QEvent *event)
{
    if (event->type() != QEvent::ToolTip)
        return QPlainTextEdit::viewportEvent(event);
    const auto *help = static_cast<QHelpEvent *>(event);
    QTextCursor cursor = cursorForPosition(help->pos());
    // cursorForPosition() rounds to the nearest gap: take the character under the mouse.
    const QRect rect = cursorRect(cursor);
    int position = cursor.position();
    if (help->pos().x() < rect.left() && !cursor.atBlockStart())
        --position;
    else if (cursor.atBlockEnd())
        position = -1; // past the end of the line
    const QString text = position >= 0 ? toolTipAt(position) : QString();
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(help->globalPos(), text, viewport());
    return true;
}

bool CodeEditor::gutterEvent(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        const auto *help = static_cast<QHelpEvent *>(event);
        const int block = cursorForPosition(QPoint(0, help->pos().y())).blockNumber();
        const QString text = help->pos().x() < fontMetrics().height() + 2 ? gutterToolTip(block) : QString();
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, m_lineNumberArea);
        return true;
    }
    if (event->type() == QEvent::MouseButtonRelease)
        return true;
    if (event->type() == QEvent::MouseButtonPress) {
        const auto *mouse = static_cast<QMouseEvent *>(event);
        const QPoint pos = mouse->position().toPoint();
        const int block = cursorForPosition(QPoint(0, pos.y())).blockNumber();
        if (mouse->button() == Qt::LeftButton && block == m_lightbulbBlock && gutterIconRect(block).contains(pos)) {
            showQuickFixMenu(m_lineNumberArea->mapToGlobal(gutterIconRect(block).bottomLeft()));
            return true;
        }
        if (mouse->button() == Qt::LeftButton) {
            // A click on a line number puts the cursor at the start of that line.
            QTextCursor cursor(document()->findBlockByNumber(block));
            setTextCursor(cursor);
            setFocus(Qt::MouseFocusReason);
            return true;
        }
    }
    return false;
}

void CodeEditor::paintGutter(QPaintEvent *event)
{
    QPainter painter(m_lineNumberArea);
    painter.fillRect(event->rect(), m_gutterColor);
    painter.setFont(font());

    const int currentBlock = textCursor().blockNumber();
    const int padding = fontMetrics().horizontalAdvance(QLatin1Char(' '));
    const int width = m_lineNumberArea->width() - padding;
    const int iconSide = fontMetrics().height();
    QTextBlock block = firstVisibleBlock();
    qreal top = blockBoundingGeometry(block).translated(contentOffset()).top();
    while (block.isValid() && top <= event->rect().bottom()) {
        const qreal bottom = top + blockBoundingRect(block).height();
        if (block.isVisible() && bottom >= event->rect().top()) {
            const int number = block.blockNumber();
            painter.setPen(number == currentBlock ? m_currentLineNumberColor : m_lineNumberColor);
            painter.drawText(
                QRectF(0, top, width, fontMetrics().height()), Qt::AlignRight, QString::number(number + 1));
            const QRectF icon(2, top, iconSide - 2, iconSide);
            if (number == m_lightbulbBlock)
                stagecraft::paintLightbulb(painter, icon);
            else if (const auto severity = lineSeverity(number))
                stagecraft::paintSeverityIcon(painter, icon, *severity);
        }
        block = block.next();
        top = bottom;
    }
}

// ---------------------------------------------------------------- quick fixes

std::vector<int> CodeEditor::diagnosticsNear(int position) const
{
    if (!m_document || !m_diagnostics.analysis())
        return {};
    const uint32_t offset = m_document->offsetOf(position);
    const int line = document()->findBlock(position).blockNumber();
    const std::vector<int> onLine = m_diagnostics.touching(line, line);
    std::vector<int> containing;
    for (const int index : onLine) {
        const stagecraft::SourceRange range = m_diagnostics.diagnostic(index).range;
        // The end counts: the cursor right after a word is still on it.
        if (offset >= range.begin && offset <= range.end)
            containing.push_back(index);
    }
    std::vector<int> near = containing.empty() ? onLine : containing;
    // The most specific first: the narrowest range is the one the cursor is about.
    std::stable_sort(near.begin(), near.end(), [this](int a, int b) {
        return m_diagnostics.diagnostic(a).range.length() < m_diagnostics.diagnostic(b).range.length();
    });
    return near;
}

void CodeEditor::updateLightbulb()
{
    int block = -1;
    for (const int index : diagnosticsNear(textCursor().position())) {
        if (!m_diagnostics.diagnostic(index).fixes.empty()) {
            block = textCursor().blockNumber();
            break;
        }
    }
    if (block != m_lightbulbBlock) {
        updateGutterLine(m_lightbulbBlock);
        m_lightbulbBlock = block;
        updateGutterLine(m_lightbulbBlock);
    }
}

QList<QAction *> CodeEditor::quickFixActions(int position, QObject *parent)
{
    QList<QAction *> actions;
    if (!m_document || !m_diagnostics.analysis())
        return actions;
    // Fixes are edits of the analysed text: offer those of the text as it is now.
    m_document->ensureCurrent();
    const uint64_t revision = m_diagnostics.analysis()->revision;
    QStringList titles;
    for (const int index : diagnosticsNear(position)) {
        const LintDiagnostic &diagnostic = m_diagnostics.diagnostic(index);
        for (const stagecraft::QuickFix &fix : diagnostic.fixes) {
            const QString title = QString::fromStdString(fix.title);
            if (titles.contains(title))
                continue;
            titles.append(title);
            auto *action = new QAction(tr("Fix: %1").arg(title), parent);
            action->setToolTip(QString::fromStdString(diagnostic.message));
            action->setStatusTip(QString::fromStdString(diagnostic.rule + ": " + diagnostic.message));
            connect(action, &QAction::triggered, this, [this, revision, edits = fix.edits] {
                // The edits' byte ranges belong to the analysis they came from.
                if (m_document && m_document->analysis()->revision == revision)
                    m_document->applyEdits(edits);
            });
            actions.append(action);
        }
    }
    return actions;
}

QMenu *CodeEditor::showQuickFixMenu(std::optional<QPoint> globalPos)
{
    auto *menu = new QMenu(this);
    menu->setObjectName(u"quickFixMenu"_s);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    const QList<QAction *> actions = quickFixActions(textCursor().position(), menu);
    if (actions.isEmpty())
        menu->addAction(tr("No quick fixes here"))->setEnabled(false);
    menu->addActions(actions);
    const QPoint at = globalPos.value_or(viewport()->mapToGlobal(cursorRect().bottomLeft()));
    menu->popup(at);
    return menu;
}

void CodeEditor::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu *menu = createStandardContextMenu();
    menu->setObjectName(u"editorContextMenu"_s);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    const int position = event->reason() == QContextMenuEvent::Mouse ? cursorForPosition(event->pos()).position()
                                                                     : textCursor().position();
    const QList<QAction *> fixes = quickFixActions(position, menu);
    if (!fixes.isEmpty()) {
        QAction *first = menu->actions().value(0);
        menu->insertActions(first, fixes);
        menu->insertSeparator(first);
    }
    menu->addSeparator();
    menu->addAction(m_findAction);
    menu->addAction(m_goToLineAction);
    menu->popup(event->globalPos());
}

// SPDX-License-Identifier: MIT
#include "find_bar.h"

#include <QCheckBox>
#include <QGridLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QStyle>
#include <QTextBlock>
#include <QTextDocument>
#include <QToolButton>

#include <vector>

using namespace Qt::StringLiterals;

namespace {
constexpr int countLimit = 10000; ///< beyond this the status says "10000+ matches"
} // namespace

FindBar::FindBar(QPlainTextEdit *editor, QWidget *parent)
    : QWidget(parent)
    , m_editor(editor)
    , m_search(new QLineEdit(this))
    , m_replacement(new QLineEdit(this))
    , m_caseSensitive(new QCheckBox(tr("Match &case"), this))
    , m_wholeWords(new QCheckBox(tr("&Whole words"), this))
    , m_regex(new QCheckBox(tr("Re&gex"), this))
    , m_replaceRow(new QWidget(this))
    , m_status(new QLabel(this))
{
    setObjectName(u"findBar"_s);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Window);
    m_search->setObjectName(u"findField"_s);
    m_search->setPlaceholderText(tr("Find"));
    m_search->setClearButtonEnabled(true);
    m_replacement->setObjectName(u"replaceField"_s);
    m_replacement->setPlaceholderText(tr("Replace with (\\1 for a regex capture)"));
    m_status->setObjectName(u"findStatus"_s);
    m_status->setMinimumWidth(fontMetrics().horizontalAdvance(u"000 of 0000 (wrapped)"_s));

    auto *previous = new QPushButton(tr("&Previous"), this);
    auto *next = new QPushButton(tr("&Next"), this);
    auto *closeButton = new QToolButton(this);
    closeButton->setObjectName(u"findClose"_s);
    closeButton->setAutoRaise(true);
    closeButton->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    closeButton->setToolTip(tr("Close (Esc)"));
    auto *replaceOne = new QPushButton(tr("&Replace"), m_replaceRow);
    auto *replaceEvery = new QPushButton(tr("Replace &All"), m_replaceRow);
    replaceOne->setObjectName(u"replaceButton"_s);
    replaceEvery->setObjectName(u"replaceAllButton"_s);
    for (QPushButton *button : {previous, next, replaceOne, replaceEvery}) {
        button->setAutoDefault(false);
        button->setFocusPolicy(Qt::TabFocus);
    }

    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(4, 3, 4, 3);
    layout->setVerticalSpacing(3);
    layout->addWidget(m_search, 0, 0);
    layout->addWidget(previous, 0, 1);
    layout->addWidget(next, 0, 2);
    layout->addWidget(m_caseSensitive, 0, 3);
    layout->addWidget(m_wholeWords, 0, 4);
    layout->addWidget(m_regex, 0, 5);
    layout->addWidget(m_status, 0, 6);
    layout->addWidget(closeButton, 0, 7);
    auto *replaceLayout = new QHBoxLayout(m_replaceRow);
    replaceLayout->setContentsMargins(0, 0, 0, 0);
    replaceLayout->addWidget(replaceOne);
    replaceLayout->addWidget(replaceEvery);
    replaceLayout->addStretch();
    layout->addWidget(m_replacement, 1, 0);
    layout->addWidget(m_replaceRow, 1, 1, 1, 7);
    layout->setColumnStretch(0, 1);
    layout->setColumnStretch(6, 1);
    m_replacement->hide();
    m_replaceRow->hide();

    connect(previous, &QPushButton::clicked, this, &FindBar::findPrevious);
    connect(next, &QPushButton::clicked, this, &FindBar::findNext);
    connect(closeButton, &QToolButton::clicked, this, &FindBar::close);
    connect(replaceOne, &QPushButton::clicked, this, &FindBar::replace);
    connect(replaceEvery, &QPushButton::clicked, this, &FindBar::replaceAll);
    connect(m_replacement, &QLineEdit::returnPressed, this, &FindBar::replace);
    // Incremental search: the match grows from where it started.
    connect(m_search, &QLineEdit::textEdited, this, [this] { find(false, true); });
    for (QCheckBox *option : {m_caseSensitive, m_wholeWords, m_regex})
        connect(option, &QCheckBox::toggled, this, [this] { find(false, true); });
    m_search->installEventFilter(this);
}

FindBar::~FindBar() = default;

void FindBar::open(bool replace)
{
    const QTextCursor cursor = m_editor->textCursor();
    if (cursor.hasSelection()) {
        const QString selected = cursor.selectedText();
        // A multi-line selection holds U+2029 paragraph separators.
        if (!selected.contains(QChar::ParagraphSeparator))
            m_search->setText(m_regex->isChecked() ? QRegularExpression::escape(selected) : selected);
    }
    m_replacement->setVisible(replace);
    m_replaceRow->setVisible(replace);
    show();
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
    updateStatus();
}

void FindBar::close()
{
    hide();
    m_editor->setFocus(Qt::OtherFocusReason);
}

bool FindBar::isReplaceVisible() const
{
    return !m_replaceRow->isHidden();
}

void FindBar::setSearchText(const QString &text)
{
    m_search->setText(text);
}

void FindBar::setReplaceText(const QString &text)
{
    m_replacement->setText(text);
}

void FindBar::setCaseSensitive(bool on)
{
    const QSignalBlocker blocker(m_caseSensitive);
    m_caseSensitive->setChecked(on);
}

void FindBar::setWholeWords(bool on)
{
    const QSignalBlocker blocker(m_wholeWords);
    m_wholeWords->setChecked(on);
}

void FindBar::setRegularExpression(bool on)
{
    const QSignalBlocker blocker(m_regex);
    m_regex->setChecked(on);
}

QRegularExpression FindBar::pattern() const
{
    const QString text = m_search->text();
    if (text.isEmpty())
        return QRegularExpression(u"("_s); // invalid on purpose
    QString source = m_regex->isChecked() ? text : QRegularExpression::escape(text);
    if (m_wholeWords->isChecked())
        source = u"\\b(?:"_s + source + u")\\b"_s;
    QRegularExpression::PatternOptions options = QRegularExpression::UseUnicodePropertiesOption;
    if (!m_caseSensitive->isChecked())
        options |= QRegularExpression::CaseInsensitiveOption;
    return QRegularExpression(source, options);
}

bool FindBar::findNext()
{
    return find(false);
}

bool FindBar::findPrevious()
{
    return find(true);
}

bool FindBar::find(bool backward, bool fromSelectionStart)
{
    const QRegularExpression re = pattern();
    if (!re.isValid()) {
        updateStatus(m_search->text().isEmpty() ? QString() : tr("Invalid expression"));
        return false;
    }
    QTextDocument *document = m_editor->document();
    QTextDocument::FindFlags flags;
    if (backward)
        flags |= QTextDocument::FindBackward;
    if (m_caseSensitive->isChecked())
        flags |= QTextDocument::FindCaseSensitively;
    QTextCursor from = m_editor->textCursor();
    if (fromSelectionStart)
        from.setPosition(from.selectionStart());
    QTextCursor found = document->find(re, from, flags);
    // Empty matches (a regex like "^") would never move: step over them.
    while (!found.isNull() && !found.hasSelection()) {
        QTextCursor step = found;
        if (!step.movePosition(backward ? QTextCursor::PreviousCharacter : QTextCursor::NextCharacter))
            break;
        found = document->find(re, step, flags);
    }
    bool wrapped = false;
    if (found.isNull() || !found.hasSelection()) {
        QTextCursor start(document);
        if (backward)
            start.movePosition(QTextCursor::End);
        found = document->find(re, start, flags);
        while (!found.isNull() && !found.hasSelection()) {
            QTextCursor step = found;
            if (!step.movePosition(backward ? QTextCursor::PreviousCharacter : QTextCursor::NextCharacter))
                break;
            found = document->find(re, step, flags);
        }
        wrapped = true;
    }
    if (found.isNull() || !found.hasSelection()) {
        updateStatus(tr("No matches"));
        return false;
    }
    m_editor->setTextCursor(found);
    m_editor->centerCursor();
    updateStatus(wrapped && !fromSelectionStart ? tr("wrapped") : QString());
    return true;
}

QString FindBar::expandReplacement(const QRegularExpressionMatch &match) const
{
    const QString text = m_replacement->text();
    if (!m_regex->isChecked())
        return text;
    QString out;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (c != u'\\' || i + 1 == text.size()) {
            out += c;
            continue;
        }
        const QChar next = text[++i];
        if (next.isDigit())
            out += match.captured(next.digitValue());
        else if (next == u'n')
            out += u'\n';
        else if (next == u't')
            out += u'\t';
        else
            out += next;
    }
    return out;
}

bool FindBar::selectionIsMatch(const QRegularExpression &re, QString *replacement) const
{
    const QTextCursor cursor = m_editor->textCursor();
    if (!cursor.hasSelection())
        return false;
    const QTextBlock block = m_editor->document()->findBlock(cursor.selectionStart());
    const int start = cursor.selectionStart() - block.position();
    const int length = cursor.selectionEnd() - cursor.selectionStart();
    if (start + length > block.length() - 1)
        return false;
    const QRegularExpressionMatch match
        = re.match(block.text(), start, QRegularExpression::NormalMatch, QRegularExpression::AnchorAtOffsetMatchOption);
    if (!match.hasMatch() || match.capturedLength() != length)
        return false;
    *replacement = expandReplacement(match);
    return true;
}

bool FindBar::replace()
{
    const QRegularExpression re = pattern();
    if (!re.isValid())
        return false;
    QString replacement;
    const bool replaced = selectionIsMatch(re, &replacement);
    if (replaced) {
        QTextCursor cursor = m_editor->textCursor();
        cursor.insertText(replacement);
        m_editor->setTextCursor(cursor);
    }
    findNext();
    return replaced;
}

int FindBar::replaceAll()
{
    const QRegularExpression re = pattern();
    if (!re.isValid())
        return 0;
    struct Replacement {
        int position;
        int length;
        QString text;
    };
    std::vector<Replacement> replacements;
    QTextDocument *document = m_editor->document();
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
        QRegularExpressionMatchIterator it = re.globalMatch(block.text());
        while (it.hasNext()) {
            const QRegularExpressionMatch match = it.next();
            if (match.capturedLength() > 0)
                replacements.push_back({block.position() + static_cast<int>(match.capturedStart()),
                    static_cast<int>(match.capturedLength()), expandReplacement(match)});
        }
    }
    if (replacements.empty()) {
        updateStatus(tr("No matches"));
        return 0;
    }
    // From the back, so the earlier positions stay valid; one edit block, one undo step.
    QTextCursor cursor(document);
    cursor.beginEditBlock();
    for (auto it = replacements.rbegin(); it != replacements.rend(); ++it) {
        cursor.setPosition(it->position);
        cursor.setPosition(it->position + it->length, QTextCursor::KeepAnchor);
        cursor.insertText(it->text);
    }
    cursor.endEditBlock();
    const int count = static_cast<int>(replacements.size());
    updateStatus(tr("Replaced %n match(es)", nullptr, count));
    return count;
}

void FindBar::updateStatus(const QString &message)
{
    QString text = message;
    const QRegularExpression re = pattern();
    if (re.isValid() && message != tr("No matches") && !message.startsWith(tr("Replaced"))) {
        int count = 0;
        int current = 0;
        const QTextCursor cursor = m_editor->textCursor();
        QTextDocument *document = m_editor->document();
        for (QTextBlock block = document->begin(); block.isValid() && count < countLimit; block = block.next()) {
            QRegularExpressionMatchIterator it = re.globalMatch(block.text());
            while (it.hasNext() && count < countLimit) {
                const QRegularExpressionMatch match = it.next();
                if (match.capturedLength() == 0)
                    continue;
                ++count;
                if (block.position() + match.capturedStart() == cursor.selectionStart()
                    && match.capturedLength() == cursor.selectionEnd() - cursor.selectionStart())
                    current = count;
            }
        }
        const QString counted = count >= countLimit ? tr("%1+ matches").arg(countLimit)
            : current > 0                           ? tr("%1 of %2").arg(current).arg(count)
                                                    : tr("%n match(es)", nullptr, count);
        text = message.isEmpty() ? counted : counted + u" ("_s + message + u')';
    }
    m_status->setText(text);
}

void FindBar::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape)
        close();
    // Keys the fields leave (Enter in the replace field) must not reach the editor below.
    event->accept();
}

bool FindBar::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_search && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            if (key->modifiers() & Qt::ShiftModifier)
                findPrevious();
            else
                findNext();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

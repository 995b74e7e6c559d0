// SPDX-License-Identifier: MIT
#include "code_editor.h"

#include <QApplication>
#include <QFontDatabase>
#include <QPaintEvent>
#include <QPainter>
#include <QResizeEvent>
#include <QTextBlock>

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/SyntaxHighlighter>
#include <KSyntaxHighlighting/Theme>

using KSyntaxHighlighting::Theme;

/// The gutter: a plain child widget the editor paints into (kept outside the
/// viewport so it does not scroll horizontally).
class LineNumberArea : public QWidget {
public:
    explicit LineNumberArea(CodeEditor *editor)
        : QWidget(editor)
        , m_editor(editor)
    {
        setObjectName(QStringLiteral("lineNumberArea"));
    }

    [[nodiscard]] QSize sizeHint() const override { return {m_editor->lineNumberAreaWidth(), 0}; }

protected:
    void paintEvent(QPaintEvent *event) override { m_editor->paintLineNumbers(event); }

private:
    CodeEditor *m_editor;
};

CodeEditor::CodeEditor(QWidget *parent)
    : QPlainTextEdit(parent)
    , m_lineNumberArea(new LineNumberArea(this))
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setTabStopDistance(fontMetrics().horizontalAdvance(QLatin1Char(' ')) * 4);

    // The theme must be in place before the definition: a highlighter that gets
    // its definition first paints every character transparent until rehighlight().
    m_highlighter = new KSyntaxHighlighting::SyntaxHighlighter(document());
    applyTheme(themeForPalette(palette()));
    m_highlighter->setDefinition(m_repository.definitionForName(QStringLiteral("Dockerfile")));

    connect(this, &QPlainTextEdit::blockCountChanged, this, &CodeEditor::updateLineNumberAreaWidth);
    connect(this, &QPlainTextEdit::updateRequest, this, &CodeEditor::updateLineNumberArea);
    connect(this, &QPlainTextEdit::cursorPositionChanged, this, &CodeEditor::highlightCurrentLine);
    updateLineNumberAreaWidth();
    highlightCurrentLine();
}

CodeEditor::~CodeEditor() = default;

bool CodeEditor::setTheme(const QString &name)
{
    if (name.isEmpty()) {
        m_followPalette = true;
        applyTheme(themeForPalette(QApplication::palette(this)));
        return true;
    }
    const Theme theme = m_repository.theme(name);
    if (!theme.isValid())
        return false;
    m_followPalette = false;
    applyTheme(theme);
    return true;
}

QString CodeEditor::themeName() const
{
    return m_highlighter->theme().name();
}

Theme CodeEditor::themeForPalette(const QPalette &palette) const
{
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    return m_repository.defaultTheme(
        dark ? KSyntaxHighlighting::Repository::DarkTheme : KSyntaxHighlighting::Repository::LightTheme);
}

void CodeEditor::applyTheme(const Theme &theme)
{
    // The editor takes its colours from the theme so that text without a
    // highlighting format stays readable on the theme's background.
    QPalette pal = palette();
    pal.setColor(QPalette::Base, QColor::fromRgba(theme.editorColor(Theme::BackgroundColor)));
    pal.setColor(QPalette::Text, QColor::fromRgba(theme.textColor(Theme::Normal)));
    pal.setColor(QPalette::Highlight, QColor::fromRgba(theme.editorColor(Theme::TextSelection)));
    pal.setColor(QPalette::HighlightedText, QColor::fromRgba(theme.selectedTextColor(Theme::Normal)));
    setPalette(pal);

    m_currentLineColor = QColor::fromRgba(theme.editorColor(Theme::CurrentLine));
    m_lineNumberColor = QColor::fromRgba(theme.editorColor(Theme::LineNumbers));
    m_currentLineNumberColor = QColor::fromRgba(theme.editorColor(Theme::CurrentLineNumber));
    m_gutterColor = QColor::fromRgba(theme.editorColor(Theme::IconBorder));

    m_highlighter->setTheme(theme);
    m_highlighter->rehighlight();
    highlightCurrentLine();
    m_lineNumberArea->update();
}

void CodeEditor::changeEvent(QEvent *event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        updateLineNumberAreaWidth();
    // A desktop switching between light and dark changes the application palette.
    if (event->type() == QEvent::ApplicationPaletteChange && m_followPalette)
        applyTheme(themeForPalette(QApplication::palette(this)));
}

int CodeEditor::lineNumberAreaWidth() const
{
    int digits = 1;
    for (int max = qMax(1, blockCount()); max >= 10; max /= 10)
        ++digits;
    // At least three digits, so the text does not shift while typing the 10th line.
    digits = qMax(digits, 3);
    const int padding = fontMetrics().horizontalAdvance(QLatin1Char(' '));
    return padding * 2 + fontMetrics().horizontalAdvance(QLatin1Char('9')) * digits;
}

void CodeEditor::updateLineNumberAreaWidth()
{
    // The gutter sits in the viewport margin, left of the text.
    const int width = lineNumberAreaWidth();
    setViewportMargins(width, 0, 0, 0);
    const QRect contents = contentsRect();
    m_lineNumberArea->setGeometry(contents.left(), contents.top(), width, contents.height());
}

void CodeEditor::updateLineNumberArea(const QRect &rect, int dy)
{
    if (dy != 0)
        m_lineNumberArea->scroll(0, dy);
    else
        m_lineNumberArea->update(0, rect.y(), m_lineNumberArea->width(), rect.height());
    if (rect.contains(viewport()->rect()))
        updateLineNumberAreaWidth();
}

void CodeEditor::resizeEvent(QResizeEvent *event)
{
    QPlainTextEdit::resizeEvent(event);
    updateLineNumberAreaWidth();
}

void CodeEditor::highlightCurrentLine()
{
    QList<QTextEdit::ExtraSelection> selections;
    if (!isReadOnly()) {
        QTextEdit::ExtraSelection selection;
        selection.format.setBackground(m_currentLineColor);
        selection.format.setProperty(QTextFormat::FullWidthSelection, true);
        selection.cursor = textCursor();
        selection.cursor.clearSelection();
        selections.append(selection);
    }
    setExtraSelections(selections);
    // The current line number is drawn in its own colour.
    m_lineNumberArea->update();
}

void CodeEditor::paintLineNumbers(QPaintEvent *event)
{
    QPainter painter(m_lineNumberArea);
    painter.fillRect(event->rect(), m_gutterColor);
    painter.setFont(font());

    const int currentBlock = textCursor().blockNumber();
    const int padding = fontMetrics().horizontalAdvance(QLatin1Char(' '));
    const int width = m_lineNumberArea->width() - padding;
    QTextBlock block = firstVisibleBlock();
    qreal top = blockBoundingGeometry(block).translated(contentOffset()).top();
    while (block.isValid() && top <= event->rect().bottom()) {
        const qreal bottom = top + blockBoundingRect(block).height();
        if (block.isVisible() && bottom >= event->rect().top()) {
            const int number = block.blockNumber();
            painter.setPen(number == currentBlock ? m_currentLineNumberColor : m_lineNumberColor);
            painter.drawText(
                QRectF(0, top, width, fontMetrics().height()), Qt::AlignRight, QString::number(number + 1));
        }
        block = block.next();
        top = bottom;
    }
}

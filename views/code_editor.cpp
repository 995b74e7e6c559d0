// SPDX-License-Identifier: MIT
#include "code_editor.h"

#include "document/dockerfile_document.h"
#include "edit/completion.h" // the destructor deletes a Completion
#include "find_bar.h"
#include "go_to_line.h"
#include "restyle_aware_layout.h"

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QCompleter>
#include <QFontDatabase>
#include <QLineEdit>
#include <QMenu>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QPlainTextDocumentLayout>
#include <QResizeEvent>
#include <QScrollBar>
#include <QTextBlock>
#include <QTimer>

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/SyntaxHighlighter>
#include <KSyntaxHighlighting/Theme>

#include <algorithm>

using namespace Qt::StringLiterals;
using KSyntaxHighlighting::Theme;
using stagecraft::DockerfileDocument;
using stagecraft::LintDiagnostic;
using stagecraft::Severity;

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
    void paintEvent(QPaintEvent *event) override { m_editor->paintGutter(event); }
    bool event(QEvent *event) override
    {
        // Only these: the editor is not fully constructed (or destroyed) for some others.
        const QEvent::Type type = event->type();
        const bool handled
            = (type == QEvent::ToolTip || type == QEvent::MouseButtonPress || type == QEvent::MouseButtonRelease)
            && m_editor->gutterEvent(event);
        return handled || QWidget::event(event);
    }

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

    setUpCompletion();

    m_findBar = new FindBar(this, this);
    m_goToLineBar = new GoToLineBar(this, this);
    for (QWidget *bar : {static_cast<QWidget *>(m_findBar), static_cast<QWidget *>(m_goToLineBar)}) {
        bar->hide();
        bar->installEventFilter(this);
    }
    createActions();

    connect(this, &QPlainTextEdit::blockCountChanged, this, &CodeEditor::layoutMargins);
    connect(this, &QPlainTextEdit::updateRequest, this, &CodeEditor::updateLineNumberArea);
    connect(this, &QPlainTextEdit::cursorPositionChanged, this, [this] {
        highlightCurrentLine();
        updateLightbulb();
    });
    layoutMargins();
    highlightCurrentLine();
}

CodeEditor::~CodeEditor()
{
    for (const QMetaObject::Connection &connection : std::as_const(m_documentConnections))
        disconnect(connection);
}

void CodeEditor::createActions()
{
    const auto make = [this](const QString &text, const QString &name, const QList<QKeySequence> &keys) {
        auto *action = new QAction(text, this);
        action->setObjectName(name);
        action->setShortcuts(keys);
        addAction(action);
        return action;
    };
    m_findAction = make(tr("&Find…"), u"find"_s, {QKeySequence(Qt::CTRL | Qt::Key_F)});
    m_replaceAction
        = make(tr("&Replace…"), u"replace"_s, {QKeySequence(Qt::CTRL | Qt::Key_H), QKeySequence(Qt::CTRL | Qt::Key_R)});
    m_findNextAction = make(tr("Find &Next"), u"findNext"_s, {QKeySequence(Qt::Key_F3)});
    m_findPreviousAction = make(tr("Find Pre&vious"), u"findPrevious"_s, {QKeySequence(Qt::SHIFT | Qt::Key_F3)});
    m_goToLineAction = make(
        tr("&Go to Line…"), u"goToLine"_s, {QKeySequence(Qt::CTRL | Qt::Key_L), QKeySequence(Qt::CTRL | Qt::Key_G)});
    m_quickFixAction = make(tr("&Quick Fix…"), u"quickFix"_s, {QKeySequence(Qt::CTRL | Qt::Key_Period)});
    // Quick fixes act on the text cursor: only while the editor has the focus.
    m_quickFixAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);

    connect(m_findAction, &QAction::triggered, this, [this] {
        m_goToLineBar->hide();
        m_findBar->open(false);
    });
    connect(m_replaceAction, &QAction::triggered, this, [this] {
        m_goToLineBar->hide();
        m_findBar->open(true);
    });
    connect(m_findNextAction, &QAction::triggered, this, [this] {
        if (m_findBar->searchField()->text().isEmpty())
            m_findBar->open(false);
        else
            m_findBar->findNext();
    });
    connect(m_findPreviousAction, &QAction::triggered, this, [this] {
        if (m_findBar->searchField()->text().isEmpty())
            m_findBar->open(false);
        else
            m_findBar->findPrevious();
    });
    connect(m_goToLineAction, &QAction::triggered, this, [this] {
        m_findBar->hide();
        m_goToLineBar->open();
    });
    connect(m_quickFixAction, &QAction::triggered, this, [this] { showQuickFixMenu(); });
}

void CodeEditor::setDockerfileDocument(DockerfileDocument *document)
{
    for (const QMetaObject::Connection &connection : std::as_const(m_documentConnections))
        disconnect(connection);
    m_documentConnections.clear();
    m_document = document;
    if (document && this->document() != document->textDocument()) {
        // Share the document's text: QPlainTextEdit needs its plain-text layout, and the
        // highlighter (theme first, then definition) moves over to it.
        QTextDocument *text = document->textDocument();
        if (!qobject_cast<RestyleAwareLayout *>(text->documentLayout()))
            text->setDocumentLayout(new RestyleAwareLayout(text));
        m_highlighter->setParent(text);
        setDocument(text);
        m_highlighter->setDocument(text);
        text->setDefaultFont(font());
        setTabStopDistance(fontMetrics().horizontalAdvance(QLatin1Char(' ')) * 4);
        // Toggling the wrap mode makes the plain-text layout take the new font and tab stops.
        setLineWrapMode(QPlainTextEdit::WidgetWidth);
        setLineWrapMode(QPlainTextEdit::NoWrap);
    }
    if (document) {
        m_documentConnections.append(
            connect(document, &DockerfileDocument::diagnosticsChanged, this, &CodeEditor::onDiagnosticsChanged));
        m_documentConnections.append(connect(document, &DockerfileDocument::analysisChanged, this, [this] {
            // Quick fixes and hovers must read the analysis the text has now, even when
            // its diagnostics compare equal to the previous ones (then no diagnosticsChanged).
            if (m_diagnostics.analysis() != m_document->analysis())
                showDiagnosticsOf(m_document->analysis());
            updateLightbulb();
        }));
    }
    onDiagnosticsChanged();
}

void CodeEditor::onDiagnosticsChanged()
{
    showDiagnosticsOf(m_document ? m_document->analysis() : nullptr);
    updateDiagnosticSelections(true);
    updateLightbulb();
}

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
        layoutMargins();
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
    // The icon column (severity, lightbulb) is one line high and as wide.
    return fontMetrics().height() + padding + fontMetrics().horizontalAdvance(QLatin1Char('9')) * digits;
}

void CodeEditor::layoutMargins()
{
    // The gutter sits in the viewport's left margin; the find and go-to-line bars in the
    // bottom one, so they scroll with nothing and the text never hides behind them.
    const int width = lineNumberAreaWidth();
    int bottom = 0;
    for (QWidget *bar : {static_cast<QWidget *>(m_findBar), static_cast<QWidget *>(m_goToLineBar)}) {
        if (bar && !bar->isHidden())
            bottom += bar->sizeHint().height();
    }
    setViewportMargins(width, 0, 0, bottom);
    const QRect view = viewport()->geometry();
    m_lineNumberArea->setGeometry(view.left() - width, view.top(), width, view.height());
    int y = view.bottom() + 1;
    const QRect contents = contentsRect();
    for (QWidget *bar : {static_cast<QWidget *>(m_findBar), static_cast<QWidget *>(m_goToLineBar)}) {
        if (!bar || bar->isHidden())
            continue;
        const int height = bar->sizeHint().height();
        bar->setGeometry(contents.left(), y, view.right() + 1 - contents.left(), height);
        y += height;
    }
}

void CodeEditor::updateLineNumberArea(const QRect &rect, int dy)
{
    if (dy != 0) {
        m_lineNumberArea->scroll(0, dy);
        updateDiagnosticSelections(false);
    } else {
        m_lineNumberArea->update(0, rect.y(), m_lineNumberArea->width(), rect.height());
    }
    if (rect.contains(viewport()->rect()))
        layoutMargins();
}

void CodeEditor::resizeEvent(QResizeEvent *event)
{
    QPlainTextEdit::resizeEvent(event);
    layoutMargins();
    updateDiagnosticSelections(false);
}

bool CodeEditor::eventFilter(QObject *watched, QEvent *event)
{
    if ((watched == m_findBar || watched == m_goToLineBar)
        && (event->type() == QEvent::ShowToParent || event->type() == QEvent::HideToParent
            || event->type() == QEvent::LayoutRequest))
        layoutMargins();
    return QPlainTextEdit::eventFilter(watched, event);
}

void CodeEditor::highlightCurrentLine()
{
    m_currentLine = {};
    m_currentLine.format.setBackground(m_currentLineColor);
    m_currentLine.format.setProperty(QTextFormat::FullWidthSelection, true);
    m_currentLine.cursor = textCursor();
    m_currentLine.cursor.clearSelection();
    applyExtraSelections();
    // The current line number is drawn in its own colour: when the cursor changes lines, those
    // two lines of the gutter are drawn again (all of it on every keystroke cost as much as
    // drawing the edited line).
    const int block = textCursor().blockNumber();
    if (block != m_currentLineBlock) {
        updateGutterLine(m_currentLineBlock);
        m_currentLineBlock = block;
        updateGutterLine(m_currentLineBlock);
    }
}

void CodeEditor::applyExtraSelections()
{
    QList<QTextEdit::ExtraSelection> selections;
    selections.reserve(m_diagnosticSelections.size() + 1);
    if (!isReadOnly())
        selections.append(m_currentLine);
    selections.append(m_diagnosticSelections);
    setExtraSelections(selections);
}

void CodeEditor::keyPressEvent(QKeyEvent *event)
{
    QAbstractItemView *popup = m_completer->popup();
    if (popup->isVisible()) {
        // The completer's popup acts on these.
        switch (event->key()) {
        case Qt::Key_Enter:
        case Qt::Key_Return:
        case Qt::Key_Escape:
        case Qt::Key_Tab:
        case Qt::Key_Backtab:
            event->ignore();
            return;
        default:
            break;
        }
    }
    if (event->key() == Qt::Key_Space && (event->modifiers() & Qt::ControlModifier)) {
        complete();
        return;
    }
    if (event->key() == Qt::Key_Escape && (!m_findBar->isHidden() || !m_goToLineBar->isHidden())) {
        m_findBar->hide();
        m_goToLineBar->hide();
        return;
    }
    QPlainTextEdit::keyPressEvent(event);

    const QString typed = event->text();
    const bool typing = !typed.isEmpty() && typed.back().isPrint()
        && !(event->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier));
    if (typing) {
        const QChar c = typed.back();
        if (c.isLetterOrNumber() || u"_-=${,/"_s.contains(c))
            updateCompletion(false);
        else
            popup->hide();
    } else if (popup->isVisible()) {
        if (event->key() == Qt::Key_Backspace || event->key() == Qt::Key_Delete)
            updateCompletion(false);
        else if (event->key() != Qt::Key_Shift && event->key() != Qt::Key_Control)
            popup->hide();
    }
}

void CodeEditor::goToLine(int line, int column)
{
    GoToLineBar::goTo(this, line, column);
}

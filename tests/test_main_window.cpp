// SPDX-License-Identifier: MIT
// The editor window on the offscreen platform: loading, typing, highlighting,
// the gutter and saving, and the editor and the graph sharing one document.
#include "code_editor.h"
#include "document/dockerfile_document.h"
#include "main_window.h"
#include "stage_graph_scene.h"
#include "stage_graph_view.h"

#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QSplitter>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>
#include <QToolBar>

#include <KSyntaxHighlighting/SyntaxHighlighter>
#include <KSyntaxHighlighting/Theme>

using namespace Qt::StringLiterals;

namespace {

const QByteArray sample = "FROM alpine:3.20 AS base\nRUN echo hello\n";

QString writeFile(const QTemporaryDir &dir, const QByteArray &bytes)
{
    const QString path = dir.filePath(u"Dockerfile"_s);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(bytes);
    return path;
}

/// The format the highlighter gave to the text at `position` of `block`.
QTextCharFormat formatAt(const QTextBlock &block, int position)
{
    const QList<QTextLayout::FormatRange> ranges = block.layout()->formats();
    for (const QTextLayout::FormatRange &range : ranges) {
        if (position >= range.start && position < range.start + range.length)
            return range.format;
    }
    return {};
}

bool isDark(const KSyntaxHighlighting::Theme &theme)
{
    return QColor::fromRgba(theme.editorColor(KSyntaxHighlighting::Theme::BackgroundColor)).lightness() < 128;
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void openFileShowsText();
    void openMissingFileFails();
    void typingChangesDocument();
    void keywordIsHighlighted();
    void gutterHasWidth();
    void themes();
    void saveWritesFile();
    void editorAndGraphShareTheDocument();
    void saveKeepsBomAndCrlf();
    void undoWorksWhenTheGraphHasFocus();
    void graphToolBar();
};

void TestMainWindow::openFileShowsText()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = writeFile(dir, sample);

    MainWindow window;
    QVERIFY(window.openFile(path));
    QCOMPARE(window.editor()->toPlainText(), QString::fromUtf8(sample));
    QCOMPARE(window.currentFile(), path);
    QVERIFY(window.windowTitle().contains(u"Dockerfile"));
    QVERIFY(!window.isWindowModified());
    // The graph is right of the editor.
    QCOMPARE(window.splitter()->widget(0), window.editor());
    QCOMPARE(window.splitter()->widget(1), window.graphView());
    QTRY_COMPARE(window.graphScene()->nodes().size(), 1);
}

void TestMainWindow::openMissingFileFails()
{
    QTemporaryDir dir;
    MainWindow window;
    QVERIFY(!window.openFile(dir.filePath(u"missing"_s)));
    QVERIFY(window.currentFile().isEmpty());
}

void TestMainWindow::typingChangesDocument()
{
    QTemporaryDir dir;
    MainWindow window;
    QVERIFY(window.openFile(writeFile(dir, sample)));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    CodeEditor *editor = window.editor();
    editor->setFocus();
    editor->moveCursor(QTextCursor::End);
    QTest::keyClicks(editor, u"USER app"_s);
    QCOMPARE(editor->toPlainText(), QString::fromUtf8(sample) + u"USER app"_s);
    QVERIFY(editor->document()->isModified());
    QVERIFY(window.isWindowModified());
}

void TestMainWindow::keywordIsHighlighted()
{
    CodeEditor editor;
    editor.setPlainText(QString::fromUtf8(sample));
    // Highlighting of a changed document runs synchronously; be lenient anyway.
    const QTextBlock block = editor.document()->firstBlock();
    QTRY_VERIFY(!block.layout()->formats().isEmpty());

    const QTextCharFormat keyword = formatAt(block, 0);
    QVERIFY(keyword.hasProperty(QTextFormat::ForegroundBrush));
    const QColor color = keyword.foreground().color();
    // A highlighter that got its definition before its theme paints transparent text.
    QCOMPARE(color.alpha(), 255);
    const auto theme = editor.highlighter()->theme();
    QVERIFY(theme.isValid());
    QCOMPARE(color, QColor::fromRgba(theme.textColor(KSyntaxHighlighting::Theme::Keyword)));
    // FROM looks different from its arguments.
    QVERIFY(formatAt(block, 5) != keyword);
}

void TestMainWindow::gutterHasWidth()
{
    CodeEditor editor;
    editor.setPlainText(QString::fromUtf8(sample));
    editor.resize(600, 400);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));

    QVERIFY(editor.lineNumberAreaWidth() > 0);
    auto *gutter = editor.findChild<QWidget *>(u"lineNumberArea"_s);
    QVERIFY(gutter);
    QCOMPARE(gutter->width(), editor.lineNumberAreaWidth());
    QVERIFY(gutter->height() > 0);
    // The text starts to the right of the gutter.
    QVERIFY(editor.viewport()->geometry().left() >= gutter->geometry().right());

    // Four-digit line numbers widen the gutter.
    const int narrow = gutter->width();
    editor.setPlainText(u"RUN true\n"_s.repeated(1200));
    QVERIFY(gutter->width() > narrow);
    QCOMPARE(gutter->width(), editor.lineNumberAreaWidth());
}

void TestMainWindow::themes()
{
    // The theme follows the palette: a dark parent gives a dark theme.
    QWidget parent;
    QPalette dark;
    dark.setColor(QPalette::Base, Qt::black);
    dark.setColor(QPalette::Text, Qt::white);
    parent.setPalette(dark);
    auto *editor = new CodeEditor(&parent);
    QVERIFY(isDark(editor->highlighter()->theme()));

    CodeEditor light;
    QVERIFY(!isDark(light.highlighter()->theme()));

    QVERIFY(light.setTheme(u"Breeze Dark"_s));
    QCOMPARE(light.themeName(), u"Breeze Dark"_s);
    QVERIFY(light.palette().color(QPalette::Base).lightness() < 128);
    QVERIFY(!light.setTheme(u"No Such Theme"_s));
    QCOMPARE(light.themeName(), u"Breeze Dark"_s);
}

void TestMainWindow::saveWritesFile()
{
    QTemporaryDir dir;
    MainWindow window;
    QVERIFY(window.openFile(writeFile(dir, sample)));
    window.editor()->moveCursor(QTextCursor::End);
    window.editor()->insertPlainText(u"USER app\n"_s);
    QVERIFY(window.isWindowModified());

    const QString copy = dir.filePath(u"Saved.Dockerfile"_s);
    QVERIFY(window.saveFile(copy));
    QFile file(copy);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray(sample + "USER app\n"));
    QCOMPARE(window.currentFile(), copy);
    QVERIFY(!window.isWindowModified());
    QVERIFY(window.windowTitle().contains(u"Saved.Dockerfile"));
}

void TestMainWindow::editorAndGraphShareTheDocument()
{
    QTemporaryDir dir;
    MainWindow window;
    QVERIFY(window.openFile(writeFile(dir, sample)));
    QTextDocument *text = window.document()->textDocument();
    QCOMPARE(window.editor()->document(), text);
    // The highlighter moved to the shared document, theme and definition intact.
    QCOMPARE(window.editor()->highlighter()->document(), text);
    const QTextBlock block = text->firstBlock();
    QTRY_VERIFY(!block.layout()->formats().isEmpty());
    const QTextCharFormat keyword = formatAt(block, 0);
    QCOMPARE(keyword.foreground().color().alpha(), 255);
    QCOMPARE(keyword.foreground().color(),
        QColor::fromRgba(window.editor()->highlighter()->theme().textColor(KSyntaxHighlighting::Theme::Keyword)));

    // Typing goes through the document: the graph sees the new stage.
    window.editor()->moveCursor(QTextCursor::End);
    window.editor()->insertPlainText(u"FROM base AS app\n"_s);
    QCOMPARE(window.document()->analysis()->graph.stages().size(), size_t(2));
    QTRY_COMPARE(window.graphScene()->nodes().size(), 2);
}

void TestMainWindow::saveKeepsBomAndCrlf()
{
    QTemporaryDir dir;
    const QByteArray bytes = "\xEF\xBB\xBF"
                             "FROM alpine\r\nRUN true\r\n";
    MainWindow window;
    QVERIFY(window.openFile(writeFile(dir, bytes)));
    QCOMPARE(window.editor()->toPlainText(), u"FROM alpine\nRUN true\n"_s);
    window.editor()->moveCursor(QTextCursor::End);
    window.editor()->insertPlainText(u"USER app\n"_s);
    const QString copy = dir.filePath(u"Copy.Dockerfile"_s);
    QVERIFY(window.saveFile(copy));
    QFile file(copy);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(),
        QByteArray("\xEF\xBB\xBF"
                   "FROM alpine\r\nRUN true\r\nUSER app\r\n"));
}

void TestMainWindow::undoWorksWhenTheGraphHasFocus()
{
    QTemporaryDir dir;
    MainWindow window;
    QVERIFY(window.openFile(writeFile(dir, sample)));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));

    CodeEditor *editor = window.editor();
    editor->setFocus();
    editor->moveCursor(QTextCursor::End);
    QTest::keyClicks(editor, u"USER app"_s);
    QCOMPARE(editor->toPlainText(), QString::fromUtf8(sample) + u"USER app"_s);

    auto *undo = window.findChild<QAction *>(u"undo"_s);
    QVERIFY(undo && undo->isEnabled());
    window.graphView()->setFocus();
    QVERIFY(window.graphView()->hasFocus());
    QTest::keyClick(window.graphView(), Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(editor->toPlainText(), QString::fromUtf8(sample));
    QTest::keyClick(window.graphView(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(editor->toPlainText(), QString::fromUtf8(sample) + u"USER app"_s);
}

void TestMainWindow::graphToolBar()
{
    MainWindow window;
    window.document()->setText(u"FROM alpine AS build\nFROM alpine AS app\n"_s);
    QToolBar *toolBar = window.graphToolBar();
    QVERIFY(toolBar);
    QStringList texts;
    for (QAction *action : toolBar->actions())
        texts.append(action->iconText());
    for (const QString &expected :
        {u"Add Stage"_s, u"Zoom In"_s, u"Zoom Out"_s, u"Fit"_s, u"Export SVG"_s, u"Export PNG"_s})
        QVERIFY2(texts.contains(expected), qPrintable(expected));
    QComboBox *chooser = window.targetChooser();
    QCOMPARE(chooser->itemText(0), u"(last stage)"_s);
    QCOMPARE(chooser->count(), 3);
    window.setTarget(u"build"_s);
    QCOMPARE(chooser->currentText(), u"build"_s);
    QCOMPARE(window.document()->analysis()->graph.targetIndex(), 0);
    // A target that disappears while its name is retyped stays chosen.
    window.document()->setText(u"FROM alpine AS buil\nFROM alpine AS app\n"_s);
    QCOMPARE(chooser->currentText(), u"build (missing)"_s);
}

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"

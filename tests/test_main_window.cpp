// SPDX-License-Identifier: MIT
// The editor window on the offscreen platform: loading, typing, highlighting,
// the gutter and saving.
#include "code_editor.h"
#include "main_window.h"

#include <QFile>
#include <QSplitter>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>

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
    // The graph view will be added to the right of the editor.
    QCOMPARE(window.splitter()->widget(0), window.editor());
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

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"

// SPDX-License-Identifier: MIT
// The text editor on the offscreen platform, driven with real events: diagnostics as
// underlines, gutter icons and tooltips, quick fixes and undo, completion, find and
// replace, and go to line.
#include "code_editor.h"
#include "document/dockerfile_document.h"
#include "find_bar.h"
#include "go_to_line.h"
#include "main_window.h"

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCompleter>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPaintEvent>
#include <QScrollBar>
#include <QTest>
#include <QTextBlock>
#include <QToolTip>

#include <memory>

using namespace Qt::StringLiterals;
using stagecraft::DockerfileDocument;
using stagecraft::LintDiagnostic;
using stagecraft::Severity;

Q_DECLARE_METATYPE(stagecraft::Severity)

namespace {

/// An editor showing a document, on screen (offscreen) and active.
struct Fixture {
    DockerfileDocument document;
    CodeEditor editor;

    explicit Fixture(const QString &text)
    {
        editor.setDockerfileDocument(&document);
        document.setText(text);
        setCursor(0);
        editor.resize(900, 500);
        editor.show();
        editor.activateWindow();
    }

    bool ready()
    {
        if (!QTest::qWaitForWindowActive(&editor))
            return false;
        editor.setFocus();
        return editor.hasFocus();
    }

    [[nodiscard]] QString text() const { return document.textDocument()->toPlainText(); }

    /// The first diagnostic of `rule`, or null.
    [[nodiscard]] const LintDiagnostic *diagnostic(const QString &rule) const
    {
        for (const LintDiagnostic &d : document.analysis()->lint.diagnostics) {
            if (QString::fromStdString(d.rule) == rule)
                return &d;
        }
        return nullptr;
    }

    /// Document position of a byte offset, computed independently of the document: the
    /// UTF-16 length of the bytes before it.
    [[nodiscard]] int position(uint32_t offset) const
    {
        return static_cast<int>(QString::fromUtf8(text().toUtf8().left(offset)).size());
    }

    /// A position (in ASCII text) no diagnostic covers, or -1.
    [[nodiscard]] int cleanPosition() const
    {
        const QString all = text();
        for (int position = 0; position < all.size(); ++position) {
            if (all[position].isSpace())
                continue;
            bool covered = false;
            for (const LintDiagnostic &d : document.analysis()->lint.diagnostics)
                covered = covered || (d.range.begin <= uint32_t(position) && uint32_t(position) < d.range.end);
            if (!covered)
                return position;
        }
        return -1;
    }

    void setCursor(int position)
    {
        QTextCursor cursor(document.textDocument());
        cursor.setPosition(position);
        editor.setTextCursor(cursor);
    }

    /// Viewport point over the middle of the character at `position`.
    [[nodiscard]] QPoint pointAt(int position)
    {
        QTextCursor cursor(document.textDocument());
        cursor.setPosition(position);
        const QRect left = editor.cursorRect(cursor);
        cursor.setPosition(position + 1);
        const QRect right = editor.cursorRect(cursor);
        return {(left.left() + right.left()) / 2, left.center().y()};
    }

    [[nodiscard]] QList<QTextEdit::ExtraSelection> underlines(const QString &rule = {}) const
    {
        QList<QTextEdit::ExtraSelection> out;
        for (const QTextEdit::ExtraSelection &selection : editor.extraSelections()) {
            if (selection.format.underlineStyle() == QTextCharFormat::WaveUnderline
                && (rule.isEmpty() || selection.format.property(QTextFormat::UserProperty).toString() == rule))
                out.append(selection);
        }
        return out;
    }
};

/// With STAGECRAFT_SNAPSHOTS set to a directory, saves `widget` there as `name`.png (to look at).
void snapshot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("STAGECRAFT_SNAPSHOTS");
    if (!dir.isEmpty() && widget)
        widget->grab().save(dir + u'/' + name + u".png"_s);
}

/// The tooltip window, when one is shown.
QWidget *toolTipWidget()
{
    const QList<QWidget *> windows = QApplication::topLevelWidgets();
    for (QWidget *window : windows) {
        if (window->inherits("QTipLabel") && window->isVisible())
            return window;
    }
    return nullptr;
}

/// The popup menu open now, or null.
QMenu *openMenu()
{
    return qobject_cast<QMenu *>(QApplication::activePopupWidget());
}

QAction *actionStartingWith(QMenu *menu, const QString &prefix)
{
    const QList<QAction *> actions = menu->actions();
    for (QAction *action : actions) {
        if (action->text().startsWith(prefix))
            return action;
    }
    return nullptr;
}

bool closeToColour(const QColor &a, const QColor &b)
{
    return qAbs(a.red() - b.red()) < 40 && qAbs(a.green() - b.green()) < 40 && qAbs(a.blue() - b.blue()) < 40;
}

} // namespace

class TestCodeEditor : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void underlineCoversTheRange_data();
    void underlineCoversTheRange();
    void underlinesFollowEdits();
    void currentLineStaysHighlighted();
    void tooltipShowsMessageRuleAndDocumentation();
    void gutterTooltip();
    void quickFixFromLightbulb();
    void quickFixFromContextMenu();
    void quickFixFromShortcut();
    void completionInsertsStageName();
    void completionInsertsArgName();
    void completionOfFlagsChainsIntoValues();
    void findNextAndPrevious();
    void replaceAll_data();
    void replaceAll();
    void replaceOne();
    void findBarKeys();
    void goToLine();
    void largeFileBuildsOnlyVisibleUnderlines();
    void typingRepaintsOnlyTheEditedLine();
    void gutterRepaintsChangedMarks();
    void mainWindowWiring();
};

void TestCodeEditor::init()
{
    QToolTip::hideText();
}

void TestCodeEditor::cleanup()
{
    while (QWidget *popup = QApplication::activePopupWidget())
        popup->close();
}

void TestCodeEditor::underlineCoversTheRange_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("rule");
    QTest::addColumn<Severity>("severity");

    QTest::addRow("warning") << u"FROM alpine:3.20 as base\nRUN true\n"_s << u"FromAsCasing"_s << Severity::Warning;
    QTest::addRow("error") << u"FROM alpine:3.20\nFOO bar\n"_s << u"UnknownInstruction"_s << Severity::Error;
    QTest::addRow("info") << u"FROM alpine:3.20 AS unused\nRUN true\nFROM alpine:3.20\nRUN true\n"_s << u"UnusedStage"_s
                          << Severity::Info;
    // Multi-byte characters before the range on its line: bytes are not UTF-16 positions.
    QTest::addRow("after-utf8") << u"FROM alpine:3.20\nRUN echo \u00e9\U0001F433 && apt-get install -y curl\n"_s
                                << u"DL3008"_s << Severity::Warning;
    QTest::addRow("utf8-in-range") << u"FROM alpine:3.20 AS b\u00e4se\n"_s << u"InvalidStageName"_s << Severity::Error;
}

void TestCodeEditor::underlineCoversTheRange()
{
    QFETCH(QString, text);
    QFETCH(QString, rule);
    QFETCH(Severity, severity);

    Fixture f(text);
    QVERIFY(f.ready());
    const LintDiagnostic *diagnostic = f.diagnostic(rule);
    QVERIFY2(diagnostic, qPrintable(u"no %1 diagnostic"_s.arg(rule)));
    QCOMPARE(diagnostic->severity, severity);
    QVERIFY(diagnostic->range.end > diagnostic->range.begin);

    const QList<QTextEdit::ExtraSelection> underlines = f.underlines(rule);
    QCOMPARE(underlines.size(), 1);
    const QTextCursor cursor = underlines.front().cursor;
    QCOMPARE(cursor.selectionStart(), f.position(diagnostic->range.begin));
    QCOMPARE(cursor.selectionEnd(), f.position(diagnostic->range.end));
    QCOMPARE(underlines.front().format.underlineColor(), stagecraft::severityColor(severity));

    // The gutter shows the worst severity of the line, in its colour.
    const int block = f.document.textDocument()->findBlock(f.position(diagnostic->range.begin)).blockNumber();
    std::optional<Severity> worst;
    for (const LintDiagnostic &d : f.document.analysis()->lint.diagnostics) {
        if (f.document.textDocument()->findBlock(f.position(d.range.begin)).blockNumber() == block
            && (!worst || d.severity < *worst))
            worst = d.severity;
    }
    QCOMPARE(f.editor.lineSeverity(block), worst);
    // Move the cursor away so the lightbulb does not replace the icon.
    f.setCursor(f.text().size());
    const QRect icon = f.editor.gutterIconRect(block);
    QVERIFY(!icon.isEmpty());
    const QImage gutter = f.editor.gutter()->grab().toImage();
    const qreal ratio = gutter.devicePixelRatio();
    bool found = false;
    for (int y = icon.top(); y <= icon.bottom() && !found; ++y) {
        for (int x = icon.left(); x <= icon.right() && !found; ++x)
            found = closeToColour(gutter.pixelColor(QPoint(x, y) * ratio), stagecraft::severityColor(*worst));
    }
    QVERIFY2(found, "the gutter icon is not drawn in the severity's colour");
    snapshot(&f.editor, u"underline-"_s + QString::fromUtf8(QTest::currentDataTag()));
}

void TestCodeEditor::underlinesFollowEdits()
{
    Fixture f(u"FROM alpine:3.20\nCMD echo hi\n"_s);
    QVERIFY(f.ready());
    QCOMPARE(f.underlines(u"JSONArgsRecommended"_s).size(), 1);
    // Typing a line above moves the range; the underline moves with the new analysis.
    f.setCursor(0);
    QTest::keyClicks(&f.editor, u"ARG X=1"_s);
    QTest::keyClick(&f.editor, Qt::Key_Return);
    const LintDiagnostic *diagnostic = f.diagnostic(u"JSONArgsRecommended"_s);
    QVERIFY(diagnostic);
    const QList<QTextEdit::ExtraSelection> underlines = f.underlines(u"JSONArgsRecommended"_s);
    QCOMPARE(underlines.size(), 1);
    QCOMPARE(underlines.front().cursor.selectionStart(), f.position(diagnostic->range.begin));
    QCOMPARE(underlines.front().cursor.selectionEnd(), f.position(diagnostic->range.end));
    // Typing at the end of the range and inside it: the underline covers the new range
    // exactly, whether the moved selection already did (inside) or not (at the end).
    const auto coversItsRange = [&] {
        const LintDiagnostic *now = f.diagnostic(u"JSONArgsRecommended"_s);
        const QList<QTextEdit::ExtraSelection> shown = f.underlines(u"JSONArgsRecommended"_s);
        return now && shown.size() == 1 && shown.front().cursor.selectionStart() == f.position(now->range.begin)
            && shown.front().cursor.selectionEnd() == f.position(now->range.end);
    };
    f.setCursor(f.text().indexOf(u"echo hi"_s) + 7);
    QTest::keyClicks(&f.editor, u"!"_s);
    QVERIFY(coversItsRange());
    f.setCursor(f.text().indexOf(u"echo hi"_s) + 4);
    QTest::keyClicks(&f.editor, u"x"_s);
    QVERIFY(coversItsRange());
    QVERIFY(f.text().contains(u"echox hi!"_s));
    f.document.textDocument()->undo();
    f.document.textDocument()->undo();
    // Fixing it by hand removes the underline.
    const int cmd = f.text().indexOf(u"echo hi"_s);
    QTextCursor cursor(f.document.textDocument());
    cursor.setPosition(cmd);
    cursor.setPosition(cmd + 7, QTextCursor::KeepAnchor);
    cursor.insertText(u"[\"echo\", \"hi\"]"_s);
    QVERIFY(!f.diagnostic(u"JSONArgsRecommended"_s));
    QCOMPARE(f.underlines(u"JSONArgsRecommended"_s).size(), 0);
}

void TestCodeEditor::currentLineStaysHighlighted()
{
    Fixture f(u"FROM alpine:3.20 as base\nRUN true\nRUN false\n"_s);
    QVERIFY(f.ready());
    const auto currentLine = [&] {
        QList<QTextEdit::ExtraSelection> lines;
        for (const QTextEdit::ExtraSelection &selection : f.editor.extraSelections()) {
            if (selection.format.boolProperty(QTextFormat::FullWidthSelection))
                lines.append(selection);
        }
        return lines;
    };
    QCOMPARE(currentLine().size(), 1);
    const qsizetype underlines = f.underlines().size();
    QVERIFY(underlines > 0);
    QTest::keyClick(&f.editor, Qt::Key_Down);
    QTest::keyClick(&f.editor, Qt::Key_Down);
    QCOMPARE(currentLine().size(), 1);
    QCOMPARE(currentLine().front().cursor.blockNumber(), 2);
    QCOMPARE(f.underlines().size(), underlines);
}

void TestCodeEditor::tooltipShowsMessageRuleAndDocumentation()
{
    Fixture f(u"FROM alpine:3.20\nCMD echo hi\n"_s);
    QVERIFY(f.ready());
    const LintDiagnostic *diagnostic = f.diagnostic(u"JSONArgsRecommended"_s);
    QVERIFY(diagnostic);
    const QPoint point = f.pointAt(f.position(diagnostic->range.begin) + 2);
    QHelpEvent help(QEvent::ToolTip, point, f.editor.viewport()->mapToGlobal(point));
    QApplication::sendEvent(f.editor.viewport(), &help);
    QTRY_VERIFY(QToolTip::isVisible());
    const QString tip = QToolTip::text();
    QVERIFY2(tip.contains(QString::fromStdString(diagnostic->message).toHtmlEscaped()), qPrintable(tip));
    QVERIFY(tip.contains(u"JSONArgsRecommended"_s));
    QVERIFY2(tip.contains(u"DL3025"_s), "the hadolint alias is missing");
    // From resources/rules/JSONArgsRecommended.md.
    QVERIFY2(tip.contains(u"does not forward signals"_s), qPrintable(tip));
    QVERIFY(!tip.contains(u"## Bad"_s));
    snapshot(toolTipWidget(), u"tooltip"_s);

    // Over text without a diagnostic: no tooltip.
    QToolTip::hideText();
    QTRY_VERIFY(!QToolTip::isVisible());
    const int cleanPosition = f.cleanPosition();
    QVERIFY(cleanPosition >= 0);
    const QPoint clean = f.pointAt(cleanPosition);
    QHelpEvent none(QEvent::ToolTip, clean, f.editor.viewport()->mapToGlobal(clean));
    QApplication::sendEvent(f.editor.viewport(), &none);
    QVERIFY(f.editor.toolTipAt(cleanPosition).isEmpty());
    QVERIFY(!QToolTip::isVisible());
}

void TestCodeEditor::gutterTooltip()
{
    Fixture f(u"FROM alpine:3.20\nMAINTAINER me@example.com\n"_s);
    QVERIFY(f.ready());
    const LintDiagnostic *diagnostic = f.diagnostic(u"MaintainerDeprecated"_s);
    QVERIFY(diagnostic);
    const QPoint point = f.editor.gutterIconRect(1).center();
    QHelpEvent help(QEvent::ToolTip, point, f.editor.gutter()->mapToGlobal(point));
    QApplication::sendEvent(f.editor.gutter(), &help);
    QTRY_VERIFY(QToolTip::isVisible());
    QVERIFY(QToolTip::text().contains(QString::fromStdString(diagnostic->message).toHtmlEscaped()));
    QVERIFY(QToolTip::text().contains(u"MaintainerDeprecated"_s));
}

void TestCodeEditor::quickFixFromLightbulb()
{
    // USER keeps FinalStageRunsAsRoot (and its fix) off the FROM line.
    const QString original = u"FROM alpine:3.20 as base\nUSER app\nRUN true\n"_s;
    Fixture f(original);
    QVERIFY(f.ready());
    f.setCursor(original.indexOf(u"RUN"_s));
    QCOMPARE(f.editor.lightbulbBlock(), -1); // no fixable diagnostic on this line
    f.setCursor(original.indexOf(u" as "_s) + 2);
    QCOMPARE(f.editor.lightbulbBlock(), 0);

    QTest::mouseClick(f.editor.gutter(), Qt::LeftButton, {}, f.editor.gutterIconRect(0).center());
    QMenu *menu = openMenu();
    QVERIFY(menu);
    QAction *fix = actionStartingWith(menu, u"Fix: Match the case of FROM"_s);
    QVERIFY(fix);
    snapshot(&f.editor, u"lightbulb-editor"_s);
    snapshot(menu, u"lightbulb-menu"_s);
    fix->trigger();
    menu->close();
    QCOMPARE(f.text(), u"FROM alpine:3.20 AS base\nUSER app\nRUN true\n"_s);
    QVERIFY(!f.diagnostic(u"FromAsCasing"_s));
    QCOMPARE(f.editor.lightbulbBlock(), -1);

    // One undo step restores the text exactly.
    f.editor.setFocus();
    QTest::keyClick(&f.editor, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(f.text(), original);
    QVERIFY(f.diagnostic(u"FromAsCasing"_s));
}

void TestCodeEditor::quickFixFromContextMenu()
{
    const QString original = u"FROM alpine:3.20 AS Base\nRUN true\n"_s;
    Fixture f(original);
    QVERIFY(f.ready());
    QVERIFY(f.diagnostic(u"StageNameCasing"_s));
    // Right-click on the name: the cursor stays where it is, the menu offers the fix.
    const QPoint point = f.pointAt(original.indexOf(u"Base"_s) + 1);
    QContextMenuEvent event(QContextMenuEvent::Mouse, point, f.editor.viewport()->mapToGlobal(point));
    QApplication::sendEvent(f.editor.viewport(), &event);
    QMenu *menu = openMenu();
    QVERIFY(menu);
    QCOMPARE(menu->objectName(), u"editorContextMenu"_s);
    QAction *fix = actionStartingWith(menu, u"Fix: Lowercase the stage name"_s);
    QVERIFY(fix);
    QCOMPARE(menu->actions().front(), fix); // fixes come first, the narrowest diagnostic's first
    QVERIFY(actionStartingWith(menu, u"&Find"_s)); // the standard entries are still there
    snapshot(menu, u"context-menu"_s);
    fix->trigger();
    menu->close();
    QCOMPARE(f.text(), u"FROM alpine:3.20 AS base\nRUN true\n"_s);
    f.editor.undo();
    QCOMPARE(f.text(), original);

    // Elsewhere there is no fix in the menu.
    const QPoint clean = f.pointAt(original.indexOf(u"true"_s));
    QContextMenuEvent plain(QContextMenuEvent::Mouse, clean, f.editor.viewport()->mapToGlobal(clean));
    QApplication::sendEvent(f.editor.viewport(), &plain);
    menu = openMenu();
    QVERIFY(menu);
    QVERIFY(!actionStartingWith(menu, u"Fix: "_s));
    menu->close();
}

void TestCodeEditor::quickFixFromShortcut()
{
    const QString original = u"FROM alpine:3.20\nMAINTAINER me@example.com\n"_s;
    Fixture f(original);
    QVERIFY(f.ready());
    f.setCursor(original.indexOf(u"me@"_s));
    QTest::keyClick(&f.editor, Qt::Key_Period, Qt::ControlModifier);
    QMenu *menu = openMenu();
    QVERIFY(menu);
    QCOMPARE(menu->objectName(), u"quickFixMenu"_s);
    QAction *fix = actionStartingWith(menu, u"Fix: Use LABEL org.opencontainers.image.authors"_s);
    QVERIFY(fix);
    fix->trigger();
    menu->close();
    QVERIFY(f.text().contains(u"LABEL org.opencontainers.image.authors"_s));
    QVERIFY(!f.text().contains(u"MAINTAINER"_s));
    QTest::keyClick(&f.editor, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(f.text(), original);
}

void TestCodeEditor::completionInsertsStageName()
{
    Fixture f(u"FROM golang:1.22 AS build\nRUN go build\nFROM alpine:3.20\n"_s);
    QVERIFY(f.ready());
    f.setCursor(f.text().size());
    QTest::keyClicks(&f.editor, u"COPY --from="_s);
    QAbstractItemView *popup = f.editor.completer()->popup();
    QTRY_VERIFY(popup->isVisible());
    QCOMPARE(popup->model()->rowCount(), 1);
    QCOMPARE(popup->model()->index(0, 0).data().toString(), u"build"_s);
    snapshot(&f.editor, u"completion-editor"_s);
    snapshot(popup, u"completion-popup"_s);
    QTest::keyClick(popup, Qt::Key_Return);
    QVERIFY(!popup->isVisible());
    QVERIFY2(f.text().endsWith(u"COPY --from=build"_s), qPrintable(f.text()));
    QCOMPARE(f.editor.textCursor().position(), f.text().size());
}

void TestCodeEditor::completionInsertsArgName()
{
    Fixture f(u"FROM alpine:3.20\nARG VERSION=1.0\nARG VARIANT=slim\n"_s);
    QVERIFY(f.ready());
    f.setCursor(f.text().size());
    QTest::keyClicks(&f.editor, u"RUN echo ${VE"_s);
    QAbstractItemView *popup = f.editor.completer()->popup();
    QTRY_VERIFY(popup->isVisible());
    QCOMPARE(popup->model()->rowCount(), 1);
    QCOMPARE(popup->model()->index(0, 0).data().toString(), u"VERSION"_s);
    QTest::keyClick(popup, Qt::Key_Return);
    QVERIFY2(f.text().endsWith(u"RUN echo ${VERSION}"_s), qPrintable(f.text()));
    // Escape closes the list without inserting.
    QTest::keyClicks(&f.editor, u" $V"_s);
    QTRY_VERIFY(popup->isVisible());
    QCOMPARE(popup->model()->rowCount(), 2);
    QTest::keyClick(popup, Qt::Key_Escape);
    QVERIFY(!popup->isVisible());
    QVERIFY(f.text().endsWith(u"${VERSION} $V"_s));
}

void TestCodeEditor::completionOfFlagsChainsIntoValues()
{
    Fixture f(u"FROM golang:1.22 AS build\nFROM alpine:3.20\n"_s);
    QVERIFY(f.ready());
    f.setCursor(f.text().size());
    QTest::keyClicks(&f.editor, u"COPY --f"_s);
    QAbstractItemView *popup = f.editor.completer()->popup();
    QTRY_VERIFY(popup->isVisible());
    QCOMPARE(popup->model()->index(0, 0).data().toString(), u"--from="_s);
    QTest::keyClick(popup, Qt::Key_Return);
    QVERIFY(f.text().endsWith(u"COPY --from="_s));
    // After "--from=" the stage names follow on their own.
    QTRY_VERIFY(popup->isVisible());
    QCOMPARE(popup->model()->index(0, 0).data().toString(), u"build"_s);
    // Ctrl+Space on an empty line lists every instruction.
    QTest::keyClick(popup, Qt::Key_Escape);
    QTest::keyClick(&f.editor, Qt::Key_Return);
    QTest::keyClick(&f.editor, Qt::Key_Space, Qt::ControlModifier);
    QTRY_VERIFY(popup->isVisible());
    QCOMPARE(popup->model()->rowCount(), 18);
}

void TestCodeEditor::findNextAndPrevious()
{
    Fixture f(u"one foo\ntwo foo\nthree foo\n"_s);
    QVERIFY(f.ready());
    QTest::keyClick(&f.editor, Qt::Key_F, Qt::ControlModifier);
    FindBar *bar = f.editor.findBar();
    QVERIFY(bar->isVisible());
    QVERIFY(!bar->isReplaceVisible());
    QVERIFY(bar->searchField()->hasFocus());
    // The text no longer reaches under the bar.
    QVERIFY(f.editor.viewport()->geometry().bottom() < bar->geometry().top());
    QTest::keyClicks(bar->searchField(), u"foo"_s);
    QCOMPARE(f.editor.textCursor().selectionStart(), 4);
    QCOMPARE(f.editor.textCursor().selectedText(), u"foo"_s);
    QCOMPARE(bar->statusLabel()->text(), u"1 of 3"_s);
    snapshot(&f.editor, u"find-bar"_s);
    QTest::keyClick(bar->searchField(), Qt::Key_Return);
    QCOMPARE(f.editor.textCursor().selectionStart(), 12);
    QTest::keyClick(bar->searchField(), Qt::Key_F3);
    QCOMPARE(f.editor.textCursor().selectionStart(), 22);
    // Wraps around to the first.
    QTest::keyClick(bar->searchField(), Qt::Key_F3);
    QCOMPARE(f.editor.textCursor().selectionStart(), 4);
    QTest::keyClick(bar->searchField(), Qt::Key_F3, Qt::ShiftModifier);
    QCOMPARE(f.editor.textCursor().selectionStart(), 22);
    QTest::keyClick(bar->searchField(), Qt::Key_Return, Qt::ShiftModifier);
    QCOMPARE(f.editor.textCursor().selectionStart(), 12);
    // Not found.
    bar->setSearchText(u"bar"_s);
    QVERIFY(!bar->findNext());
    QVERIFY(bar->statusLabel()->text().contains(u"No matches"_s));
}

void TestCodeEditor::replaceAll_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("search");
    QTest::addColumn<QString>("replacement");
    QTest::addColumn<bool>("caseSensitive");
    QTest::addColumn<bool>("wholeWords");
    QTest::addColumn<bool>("regex");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<int>("count");

    const QString text = u"foo Foo food\nfoo\n"_s;
    QTest::addRow("plain") << text << u"foo"_s << u"x"_s << false << false << false << u"x x xd\nx\n"_s << 4;
    QTest::addRow("match-case") << text << u"foo"_s << u"x"_s << true << false << false << u"x Foo xd\nx\n"_s << 3;
    QTest::addRow("whole-words") << text << u"foo"_s << u"x"_s << false << true << false << u"x x food\nx\n"_s << 3;
    QTest::addRow("regex-capture") << text << u"f(o+)"_s << u"g\\1"_s << false << false << true
                                   << u"goo goo good\ngoo\n"_s << 4;
    QTest::addRow("regex-special-chars-plain")
        << u"a.b axb\n"_s << u"a.b"_s << u"c"_s << false << false << false << u"c axb\n"_s << 1;
    QTest::addRow("regex-anchored") << u"RUN a\n  RUN b\nRUN c\n"_s << u"^RUN"_s << u"CMD"_s << true << false << true
                                    << u"CMD a\n  RUN b\nCMD c\n"_s << 2;
    QTest::addRow("none") << text << u"zzz"_s << u"x"_s << false << false << false << text << 0;
}

void TestCodeEditor::replaceAll()
{
    QFETCH(QString, text);
    QFETCH(QString, search);
    QFETCH(QString, replacement);
    QFETCH(bool, caseSensitive);
    QFETCH(bool, wholeWords);
    QFETCH(bool, regex);
    QFETCH(QString, expected);
    QFETCH(int, count);

    Fixture f(text);
    QVERIFY(f.ready());
    QTest::keyClick(&f.editor, Qt::Key_H, Qt::ControlModifier);
    FindBar *bar = f.editor.findBar();
    QVERIFY(bar->isVisible());
    QVERIFY(bar->isReplaceVisible());
    snapshot(&f.editor, u"replace-bar"_s);
    bar->setCaseSensitive(caseSensitive);
    bar->setWholeWords(wholeWords);
    bar->setRegularExpression(regex);
    QTest::keyClicks(bar->searchField(), search);
    QTest::keyClicks(bar->replaceField(), replacement);
    auto *button = bar->findChild<QAbstractButton *>(u"replaceAllButton"_s);
    QVERIFY(button);
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(f.text(), expected);
    const QString status = bar->statusLabel()->text();
    QVERIFY2(count > 0 ? status == u"Replaced %1 match(es)"_s.arg(count) : status.contains(u"No matches"_s),
        qPrintable(status));
    QCOMPARE(bar->replaceAll(), 0); // nothing left to replace
    // All of it is one undo step.
    f.editor.undo();
    QCOMPARE(f.text(), text);
}

void TestCodeEditor::replaceOne()
{
    Fixture f(u"foo foo foo\n"_s);
    QVERIFY(f.ready());
    FindBar *bar = f.editor.findBar();
    bar->open(true);
    QTest::keyClicks(bar->searchField(), u"foo"_s);
    bar->setReplaceText(u"bar"_s);
    QCOMPARE(f.editor.textCursor().selectionStart(), 0);
    QVERIFY(bar->replace());
    QCOMPARE(f.text(), u"bar foo foo\n"_s);
    QCOMPARE(f.editor.textCursor().selectionStart(), 4); // the next match is selected
    QTest::keyClick(bar->replaceField(), Qt::Key_Return);
    QCOMPARE(f.text(), u"bar bar foo\n"_s);
    f.editor.undo();
    QCOMPARE(f.text(), u"bar foo foo\n"_s);
}

void TestCodeEditor::findBarKeys()
{
    Fixture f(u"FROM alpine:3.20\nRUN foo\n"_s);
    QVERIFY(f.ready());
    FindBar *bar = f.editor.findBar();
    const int fullHeight = f.editor.viewport()->height();
    // The selection becomes the search text.
    QTextCursor cursor(f.document.textDocument());
    cursor.setPosition(0);
    cursor.setPosition(4, QTextCursor::KeepAnchor);
    f.editor.setTextCursor(cursor);
    QTest::keyClick(&f.editor, Qt::Key_F, Qt::ControlModifier);
    QCOMPARE(bar->searchField()->text(), u"FROM"_s);
    QVERIFY(f.editor.viewport()->height() < fullHeight); // the bar takes room under the text
    // Esc closes it and the editor takes the focus back.
    QTest::keyClick(bar->searchField(), Qt::Key_Escape);
    QVERIFY(!bar->isVisible());
    QTRY_VERIFY(f.editor.hasFocus());
    QCOMPARE(f.editor.viewport()->height(), fullHeight);
    // Ctrl+R opens replace, too.
    QTest::keyClick(&f.editor, Qt::Key_R, Qt::ControlModifier);
    QVERIFY(bar->isVisible() && bar->isReplaceVisible());
    QTest::keyClick(&f.editor, Qt::Key_Escape);
    QVERIFY(!bar->isVisible());
}

void TestCodeEditor::goToLine()
{
    QString text;
    for (int i = 1; i <= 300; ++i)
        text += u"RUN echo %1\n"_s.arg(i);
    Fixture f(u"FROM alpine:3.20\n"_s + text);
    QVERIFY(f.ready());
    QTest::keyClick(&f.editor, Qt::Key_L, Qt::ControlModifier);
    GoToLineBar *bar = f.editor.goToLineBar();
    QVERIFY(bar->isVisible());
    QCOMPARE(bar->field()->text(), u"1"_s);
    QVERIFY(bar->field()->hasFocus());
    QTest::keyClicks(bar->field(), u"150"_s);
    snapshot(&f.editor, u"go-to-line-bar"_s);
    QTest::keyClick(bar->field(), Qt::Key_Return);
    QVERIFY(!bar->isVisible());
    QCOMPARE(f.editor.textCursor().blockNumber(), 149);
    QCOMPARE(f.editor.textCursor().positionInBlock(), 0);
    // Centred: the cursor's line is in the middle third of the viewport.
    const int y = f.editor.cursorRect().center().y();
    const int height = f.editor.viewport()->height();
    QVERIFY2(y > height / 3 && y < height * 2 / 3, qPrintable(u"y=%1 of %2"_s.arg(y).arg(height)));

    // Ctrl+G and line:column; out-of-range lines clamp.
    QTest::keyClick(&f.editor, Qt::Key_G, Qt::ControlModifier);
    QVERIFY(bar->isVisible());
    QTest::keyClicks(bar->field(), u"10:5"_s);
    QTest::keyClick(bar->field(), Qt::Key_Enter);
    QCOMPARE(f.editor.textCursor().blockNumber(), 9);
    QCOMPARE(f.editor.textCursor().positionInBlock(), 4);
    f.editor.goToLine(100000);
    QCOMPARE(f.editor.textCursor().blockNumber(), f.document.textDocument()->blockCount() - 1);
    // Esc leaves the cursor alone.
    QTest::keyClick(&f.editor, Qt::Key_L, Qt::ControlModifier);
    QTest::keyClicks(bar->field(), u"3"_s);
    QTest::keyClick(bar->field(), Qt::Key_Escape);
    QVERIFY(!bar->isVisible());
    QCOMPARE(f.editor.textCursor().blockNumber(), f.document.textDocument()->blockCount() - 1);
}

void TestCodeEditor::largeFileBuildsOnlyVisibleUnderlines()
{
    // 9,000 lines with a diagnostic on every RUN line.
    QString text = u"FROM alpine:3.20\n"_s;
    for (int i = 1; text.count(u'\n') < 9000; ++i)
        text += u"RUN apt-get install -y curl%1\n"_s.arg(i);
    DockerfileDocument document;
    CodeEditor editor;
    editor.setDockerfileDocument(&document);
    editor.resize(900, 500);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    document.setText(text);
    const size_t diagnostics = document.analysis()->lint.diagnostics.size();
    QVERIFY(diagnostics > 9000);
    const auto underlines = [&] {
        qsizetype count = 0;
        for (const QTextEdit::ExtraSelection &selection : editor.extraSelections())
            count += selection.format.underlineStyle() == QTextCharFormat::WaveUnderline;
        return count;
    };
    QVERIFY(underlines() > 0);
    QVERIFY2(static_cast<size_t>(underlines()) < diagnostics / 5, "underlines are built for the whole file");

    // Moving the cursor keeps them.
    for (int i = 0; i < 50; ++i)
        QTest::keyClick(&editor, Qt::Key_Down);
    QVERIFY(underlines() > 0);

    // A file this big is analysed on the worker: the keystroke returns first, the underlines follow.
    QVERIFY(document.textDocument()->characterCount() >= document.backgroundThreshold());
    editor.moveCursor(QTextCursor::End);
    QTest::keyClicks(&editor, u"RUN apt-get install -y wget"_s);
    QVERIFY(document.isAnalysisPending());
    // Generous: a debug build with sanitizers analyses 9,000 lines in seconds, not milliseconds.
    QTRY_VERIFY_WITH_TIMEOUT(!document.isAnalysisPending(), 60000);
    QVERIFY(editor.lineSeverity(document.textDocument()->blockCount() - 1).has_value());

    // Scrolling to the end underlines the last lines.
    editor.verticalScrollBar()->setValue(editor.verticalScrollBar()->maximum());
    const int lastBlock = document.textDocument()->blockCount() - 2;
    bool lastUnderlined = false;
    for (const QTextEdit::ExtraSelection &selection : editor.extraSelections()) {
        if (selection.format.underlineStyle() == QTextCharFormat::WaveUnderline
            && selection.cursor.blockNumber() == lastBlock)
            lastUnderlined = true;
    }
    QVERIFY(lastUnderlined);
    QVERIFY(editor.lineSeverity(lastBlock).has_value());
}

namespace {

/// Collects what a widget repaints.
class PaintRecorder : public QObject {
public:
    explicit PaintRecorder(QWidget *widget) { widget->installEventFilter(this); }
    QRegion painted;

protected:
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            painted += static_cast<QPaintEvent *>(event)->region();
        return false;
    }
};

} // namespace

void TestCodeEditor::typingRepaintsOnlyTheEditedLine()
{
    QString text = u"FROM debian:12\n"_s;
    for (int i = 0; i < 60; ++i)
        text += u"RUN apt-get install -y curl\n"_s;
    Fixture f(text);
    QVERIFY(f.ready());
    const int lineHeight = f.editor.fontMetrics().height();
    const QTextBlock line = f.document.textDocument()->findBlockByNumber(5);
    f.setCursor(line.position() + static_cast<int>(line.text().indexOf(u"install"_s)) + 3);
    QTest::qWait(50); // the first paints
    PaintRecorder recorder(f.editor.viewport());
    PaintRecorder gutterRecorder(f.editor.gutter());

    // The highlighter restyles the word typed into; only that line is drawn again, text and
    // gutter: the analysis that follows changes no line's mark.
    QTest::keyClick(&f.editor, Qt::Key_X);
    QTRY_VERIFY(!recorder.painted.isEmpty());
    QTest::qWait(20);
    QVERIFY2(recorder.painted.boundingRect().height() <= 2 * lineHeight,
        qPrintable(
            u"repainted %1 px for a line of %2"_s.arg(recorder.painted.boundingRect().height()).arg(lineHeight)));
    QVERIFY2(gutterRecorder.painted.boundingRect().height() <= 2 * lineHeight,
        qPrintable(
            u"repainted %1 px of the gutter for a line of %2"_s.arg(gutterRecorder.painted.boundingRect().height())
                .arg(lineHeight)));
    QCOMPARE(line.text(), u"RUN apt-get insxtall -y curl"_s);

    // A new line moves every line below it: those are drawn again.
    recorder.painted = {};
    QTest::keyClick(&f.editor, Qt::Key_Return);
    QTRY_VERIFY(!recorder.painted.isEmpty());
    QTest::qWait(20);
    QVERIFY(recorder.painted.boundingRect().bottom() >= f.editor.viewport()->height() - lineHeight);
}

// An edit on one line can change the mark of another (renaming an ARG leaves its uses
// undefined): the gutter draws that line again.
void TestCodeEditor::gutterRepaintsChangedMarks()
{
    Fixture f(u"ARG VERSION=3.20\nFROM alpine:${VERSION}\nRUN echo hello\n"_s);
    QVERIFY(f.ready());
    const std::optional<Severity> before = f.editor.lineSeverity(1);
    f.setCursor(static_cast<int>(u"ARG VERSION"_s.size()));
    QTest::qWait(50); // the first paints
    PaintRecorder gutterRecorder(f.editor.gutter());

    QTest::keyClick(&f.editor, Qt::Key_X);
    QVERIFY(f.editor.lineSeverity(1) != before);
    QTRY_VERIFY(gutterRecorder.painted.intersects(f.editor.gutterIconRect(1)));
}

void TestCodeEditor::mainWindowWiring()
{
    MainWindow window;
    window.document()->setText(u"FROM alpine:3.20 as base\n"_s);
    QCOMPARE(window.editor()->dockerfileDocument(), window.document());
    QVERIFY(window.editor()->lineSeverity(0).has_value());
    // The Edit menu carries the editor's actions.
    QMenu *edit = nullptr;
    for (QAction *action : window.menuBar()->actions()) {
        if (action->text() == u"&Edit"_s)
            edit = action->menu();
    }
    QVERIFY(edit);
    QVERIFY(edit->actions().contains(window.editor()->findAction()));
    QVERIFY(edit->actions().contains(window.editor()->replaceAction()));
    QVERIFY(edit->actions().contains(window.editor()->goToLineAction()));
    QVERIFY(edit->actions().contains(window.editor()->quickFixAction()));
}

QTEST_MAIN(TestCodeEditor)
#include "test_code_editor.moc"

// SPDX-License-Identifier: MIT
// The Problems, Size and Outline panels and the build context, driven through the real
// main window on the offscreen platform: what they list, how they filter, where a click
// takes the editor, the context scan (finished and cancelled), entered image sizes and
// imported measured sizes.
#include "code_editor.h"
#include "document/context_scanner.h"
#include "document/dockerfile_document.h"
#include "main_window.h"
#include "outline_panel.h"
#include "problems_panel.h"
#include "size_panel.h"
#include "test_support.h"

#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>
#include <QTreeWidgetItemIterator>

#include <algorithm>
#include <functional>

using namespace Qt::StringLiterals;
using stagecraft::Severity;

namespace {

// Two stages; a shell-form CMD (JSONArgsRecommended, a warning), an unpinned apt-get
// install (hadolint, info/warning), an unused stage and secrets of three kinds.
const QByteArray sample = R"(ARG BASE=debian:bookworm-slim
ARG NPM_TOKEN
FROM ${BASE} AS builder
ARG VERSION=1.0
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc echo build > /out
FROM debian:bookworm-slim AS unused
RUN echo unused
FROM debian:bookworm-slim AS runtime
ENV DB_PASSWORD=hunter2
COPY --from=builder /out /out
RUN apt-get update && apt-get install -y curl
CMD echo run
)";

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QString fromStd(const std::string &text)
{
    return QString::fromStdString(text);
}

/// The rows the problems view shows, as "rule@line".
QStringList shownProblems(stagecraft::ProblemsPanel *panel)
{
    QStringList rows;
    QAbstractItemModel *model = panel->view()->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QString rule = model->index(row, stagecraft::ProblemsModel::RuleColumn).data().toString();
        const QString location = model->index(row, stagecraft::ProblemsModel::LocationColumn).data().toString();
        rows.append(rule.section(u' ', 0, 0) + u'@' + location.section(u':', 0, 0));
    }
    rows.sort();
    return rows;
}

/// The document's diagnostics as "rule@line", only those of `severities`.
QStringList expectedProblems(const stagecraft::DockerfileDocument *document, QList<Severity> severities = {})
{
    QStringList rows;
    const auto analysis = document->analysis();
    for (const stagecraft::LintDiagnostic &diagnostic : analysis->lint.diagnostics) {
        if (!severities.isEmpty() && !severities.contains(diagnostic.severity))
            continue;
        rows.append(
            fromStd(diagnostic.rule) + u'@' + QString::number(analysis->tree->lines().lineAt(diagnostic.range.begin)));
    }
    rows.sort();
    return rows;
}

QTreeWidgetItem *findItem(QTreeWidget *tree, const QString &text, int column = 0)
{
    const QList<QTreeWidgetItem *> items = tree->findItems(text, Qt::MatchExactly | Qt::MatchRecursive, column);
    return items.isEmpty() ? nullptr : items.first();
}

void clickItem(QTreeWidget *tree, QTreeWidgetItem *item, int column = 0)
{
    tree->scrollToItem(item);
    const QRect rect = tree->visualItemRect(item);
    const int x = tree->header()->sectionViewportPosition(column) + 20;
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, QPoint(x, rect.center().y()));
}

/// Brings a dock's tab to the front and waits until its panel can be seen (a dock whose tab
/// is not the current one is not hidden, only moved out of view).
[[nodiscard]] bool raiseDock(QDockWidget *dock)
{
    dock->raise();
    return QTest::qWaitFor([dock] { return !dock->widget()->visibleRegion().isEmpty(); });
}

int cursorLine(const MainWindow &window)
{
    return window.editor()->textCursor().blockNumber() + 1;
}

/// The panel of a dock ("problems", "size" or "outline") and what it lists, one line per
/// row, as the panel shows it and as the document's analysis says it should.
struct PanelUnderTest {
    QDockWidget *dock = nullptr;
    QWidget *panel = nullptr;
    std::function<QStringList()> shown;
    std::function<QStringList()> expected;
};

PanelUnderTest panelUnderTest(const MainWindow &window, const QString &name)
{
    const stagecraft::DockerfileDocument *document = window.document();
    if (name == u"problems") {
        stagecraft::ProblemsPanel *panel = window.problemsPanel();
        return {window.problemsDock(), panel, [panel] { return shownProblems(panel); },
            [document] { return expectedProblems(document); }};
    }
    if (name == u"size") {
        QTreeWidget *tree = window.sizePanel()->tree();
        return {window.sizeDock(), window.sizePanel(),
            [tree] {
                QStringList stages;
                for (int i = 0; i < tree->topLevelItemCount(); ++i)
                    stages.append(tree->topLevelItem(i)->text(stagecraft::SizePanel::SizeColumn));
                return stages;
            },
            [document] {
                QStringList stages;
                for (const stagecraft::StageSize &stage : document->analysis()->size.stages)
                    stages.append(fromStd(stagecraft::formatFigure(stage.measured.value_or(stage.total))));
                return stages;
            }};
    }
    QTreeWidget *tree = window.outlinePanel()->tree();
    return {window.outlineDock(), window.outlinePanel(),
        [tree] {
            QStringList entries;
            for (QTreeWidgetItemIterator it(tree); *it; ++it)
                entries.append((*it)->text(0) + u'@' + (*it)->text(2));
            return entries;
        },
        [document] {
            // The groups, and in them every entry.
            const stagecraft::Outline &outline = document->analysis()->outline;
            QStringList entries;
            if (!outline.globalArgs.empty()) {
                entries.append(u"Global ARGs@"_s);
                for (const stagecraft::OutlineItem &arg : outline.globalArgs)
                    entries.append(fromStd(arg.name) + u'@' + QString::number(arg.line));
            }
            entries.append(u"Stages@"_s);
            for (const stagecraft::OutlineStage &stage : outline.stages) {
                entries.append(fromStd(stage.name) + (stage.target ? u" (target)"_s : QString()) + u'@'
                    + QString::number(stage.line));
                for (const stagecraft::OutlineItem &arg : stage.args)
                    entries.append(u"ARG "_s + fromStd(arg.name) + u'@' + QString::number(arg.line));
            }
            if (!outline.secrets.empty())
                entries.append(u"Secrets@"_s);
            for (const stagecraft::OutlineItem &secret : outline.secrets) {
                const QString kind = secret.kind == stagecraft::OutlineItem::Kind::SecretMount ? u"secret "_s
                    : secret.kind == stagecraft::OutlineItem::Kind::Env                        ? u"ENV "_s
                                                                                               : u"ARG "_s;
                entries.append(kind + fromStd(secret.name) + u'@' + QString::number(secret.line));
            }
            return entries;
        }};
}

} // namespace

class TestPanels : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void layout();
    void problemsListDiagnostics();
    void problemsFilterBySeverity_data();
    void problemsFilterBySeverity();
    void problemsFilterByText();
    void problemsClickSelectsRange();
    void problemsKeepSelection();
    void problemsLocationsFollowTyping_data();
    void problemsLocationsFollowTyping();
    void sizePanelShowsStages();
    void sizePanelJumpsToLine();
    void statusBarShowsFinalSize();
    void outlineLists_data();
    void outlineLists();
    void outlineJumps();
    void hiddenPanelCatchesUpWhenShown_data();
    void hiddenPanelCatchesUpWhenShown();
    void contextScanSizesCopy();
    void contextScanCancelKeepsPrevious();
    void contextScanIsBounded();
    void enteredImageSize();
    void measuredSizesBesideTheEstimate();
    void parseByteSize_data();
    void parseByteSize();

private:
    /// Opens `text` as <temp>/Dockerfile in a shown window and waits for the context scan.
    void open(MainWindow &window, const QByteArray &text);

    QTemporaryDir m_settings;
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestPanels::initTestCase()
{
    // Settings go to a temporary directory, never to the user's.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"StagecraftTests"_s);
    QCoreApplication::setApplicationName(u"test_panels"_s);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
}

void TestPanels::init()
{
    QSettings().clear();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestPanels::open(MainWindow &window, const QByteArray &text)
{
    const QString path = m_dir->filePath(u"Dockerfile"_s);
    QVERIFY(writeFile(path, text));
    QSignalSpy scanned(window.contextScanner(), &stagecraft::BuildContextScanner::finished);
    QVERIFY(window.openFile(path));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_COMPARE(scanned.count(), 1);
}

void TestPanels::layout()
{
    MainWindow window;
    open(window, sample);
    // Editor left, graph right, the panels tabbed at the bottom.
    for (QDockWidget *dock : {window.problemsDock(), window.sizeDock(), window.outlineDock()})
        QCOMPARE(window.dockWidgetArea(dock), Qt::BottomDockWidgetArea);
    QCOMPARE(window.tabifiedDockWidgets(window.problemsDock()).size(), 2);
    QVERIFY(window.problemsPanel()->isVisible());
    // The View menu toggles them.
    QAction *toggle = window.sizeDock()->toggleViewAction();
    QMenu *view = nullptr;
    for (QAction *menu : window.menuBar()->actions()) {
        if (menu->text() == u"&View")
            view = menu->menu();
    }
    QVERIFY(view);
    QVERIFY(view->actions().contains(toggle));
    toggle->trigger();
    QVERIFY(window.sizeDock()->isHidden());
    toggle->trigger();
    QVERIFY(!window.sizeDock()->isHidden());
}

void TestPanels::problemsListDiagnostics()
{
    MainWindow window;
    open(window, sample);
    const QStringList expected = expectedProblems(window.document());
    QVERIFY(expected.contains(u"JSONArgsRecommended@12"_s));
    QVERIFY(expected.contains(u"SecretsUsedInArgOrEnv@9"_s));
    QCOMPARE(shownProblems(window.problemsPanel()), expected);

    // A fixed line drops its diagnostic from the panel.
    QTextCursor cursor(window.document()->textDocument()->findBlockByNumber(11));
    cursor.select(QTextCursor::LineUnderCursor);
    cursor.insertText(u"CMD [\"echo\", \"run\"]"_s);
    QVERIFY(!shownProblems(window.problemsPanel()).contains(u"JSONArgsRecommended@12"_s));
    QCOMPARE(shownProblems(window.problemsPanel()), expectedProblems(window.document()));
}

void TestPanels::problemsFilterBySeverity_data()
{
    QTest::addColumn<Severity>("hidden");
    QTest::addRow("errors") << Severity::Error;
    QTest::addRow("warnings") << Severity::Warning;
    QTest::addRow("info") << Severity::Info;
    QTest::addRow("style") << Severity::Style;
}

void TestPanels::problemsFilterBySeverity()
{
    QFETCH(Severity, hidden);
    MainWindow window;
    // An unterminated heredoc adds an error to the warnings.
    open(window, sample + "RUN <<EOF\necho\n");
    stagecraft::ProblemsPanel *panel = window.problemsPanel();
    QList<Severity> others {Severity::Error, Severity::Warning, Severity::Info, Severity::Style};
    others.removeAll(hidden);
    QVERIFY(!expectedProblems(window.document(), {Severity::Warning}).isEmpty());
    QVERIFY(!expectedProblems(window.document(), {Severity::Error}).isEmpty());

    QToolButton *button = panel->severityButton(hidden);
    const int count = static_cast<int>(expectedProblems(window.document(), {hidden}).size());
    QVERIFY2(button->text().contains(u"(%1)"_s.arg(count)), qPrintable(button->text()));
    QVERIFY(button->isChecked());
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(!button->isChecked());
    QCOMPARE(shownProblems(panel), expectedProblems(window.document(), others));
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(shownProblems(panel), expectedProblems(window.document()));
}

void TestPanels::problemsFilterByText()
{
    MainWindow window;
    open(window, sample);
    stagecraft::ProblemsPanel *panel = window.problemsPanel();
    QTest::keyClicks(panel->filterEdit(), u"jsonargs"_s);
    QCOMPARE(shownProblems(panel), QStringList {u"JSONArgsRecommended@12"_s});
    panel->filterEdit()->clear();
    QCOMPARE(shownProblems(panel), expectedProblems(window.document()));
}

void TestPanels::problemsClickSelectsRange()
{
    MainWindow window;
    open(window, sample);
    QTreeView *view = window.problemsPanel()->view();
    window.problemsDock()->raise();
    QAbstractItemModel *model = view->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, stagecraft::ProblemsModel::MessageColumn);
        const auto begin = index.data(stagecraft::ProblemsModel::BeginRole).toUInt();
        const auto end = index.data(stagecraft::ProblemsModel::EndRole).toUInt();
        view->scrollTo(index);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
        const QTextCursor cursor = window.editor()->textCursor();
        QCOMPARE(cursor.selectionStart(), window.document()->positionOf(begin));
        QCOMPARE(cursor.selectionEnd(), window.document()->positionOf(end));
    }
    // Enter activates too, and gives the editor the focus.
    window.editor()->moveCursor(QTextCursor::Start);
    view->setFocus();
    view->setCurrentIndex(model->index(model->rowCount() - 1, 0));
    QTest::keyClick(view, Qt::Key_Return);
    QVERIFY(window.editor()->textCursor().position() > 0);
    QTRY_VERIFY(window.editor()->hasFocus());
}

void TestPanels::problemsKeepSelection()
{
    MainWindow window;
    open(window, sample);
    QTreeView *view = window.problemsPanel()->view();
    const auto rowOf = [view](const QString &rule) {
        for (int row = 0; row < view->model()->rowCount(); ++row) {
            if (view->model()->index(row, stagecraft::ProblemsModel::RuleColumn).data().toString().startsWith(rule))
                return row;
        }
        return -1;
    };
    const int row = rowOf(u"JSONArgsRecommended"_s);
    QVERIFY(row >= 0);
    view->setCurrentIndex(view->model()->index(row, 0));
    // A new line on top moves every diagnostic and adds one.
    QTextCursor cursor(window.document()->textDocument());
    cursor.insertText(u"# syntax=docker/dockerfile:1\n"_s);
    const QModelIndex current = view->currentIndex();
    QVERIFY(current.isValid());
    QVERIFY(current.siblingAtColumn(stagecraft::ProblemsModel::RuleColumn).data().toString().startsWith(u"JSONArgs"));
    QCOMPARE(current.siblingAtColumn(stagecraft::ProblemsModel::LocationColumn).data().toString().section(u':', 0, 0),
        u"13"_s);
}

void TestPanels::problemsLocationsFollowTyping_data()
{
    QTest::addColumn<QString>("typed"); ///< typed on line 11 before its diagnostics
    QTest::addRow("ASCII") << u"  "_s;
    QTest::addRow("non-ASCII") << u"echo caf\u00e9 \U0001F40B && "_s;
}

// Typing before a diagnostic on its line moves its column; the list shows where each diagnostic is
// now, as the editor counts (lines and characters of the document).
void TestPanels::problemsLocationsFollowTyping()
{
    QFETCH(QString, typed);
    MainWindow window;
    open(window, sample);
    const auto locations = [&window](bool shown) {
        QStringList rows;
        if (shown) {
            QAbstractItemModel *model = window.problemsPanel()->view()->model();
            for (int row = 0; row < model->rowCount(); ++row) {
                rows.append(
                    model->index(row, stagecraft::ProblemsModel::RuleColumn).data().toString().section(u' ', 0, 0)
                    + u'@' + model->index(row, stagecraft::ProblemsModel::LocationColumn).data().toString());
            }
        } else {
            const QTextDocument *text = window.document()->textDocument();
            for (const stagecraft::LintDiagnostic &diagnostic : window.document()->analysis()->lint.diagnostics) {
                const int position = window.document()->positionOf(diagnostic.range.begin);
                const QTextBlock block = text->findBlock(position);
                rows.append(fromStd(diagnostic.rule) + u'@' + QString::number(block.blockNumber() + 1) + u':'
                    + QString::number(position - block.position() + 1));
            }
        }
        rows.sort();
        return rows;
    };
    QCOMPARE(locations(true), locations(false));
    const QStringList before = locations(true);
    stagecraft::ProblemsModel *model = window.problemsPanel()->problemsModel();
    const auto sourceLocations = [model] {
        QStringList rows;
        for (int row = 0; row < model->rowCount(); ++row)
            rows.append(model->index(row, stagecraft::ProblemsModel::LocationColumn).data().toString());
        return rows;
    };
    const QStringList sourceBefore = sourceLocations();
    QSignalSpy changed(model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(model, &QAbstractItemModel::modelReset);

    QTextCursor cursor(window.document()->textDocument()->findBlockByNumber(10));
    cursor.movePosition(QTextCursor::NextWord); // after "RUN "
    cursor.insertText(typed);
    QVERIFY(locations(false) != before);
    QCOMPARE(locations(true), locations(false));
    // Rows kept in place announce the ones whose location moved, so that the view draws them again.
    if (reset.isEmpty()) {
        const QStringList sourceAfter = sourceLocations();
        for (int row = 0; row < sourceAfter.size(); ++row) {
            if (sourceAfter[row] == sourceBefore[row])
                continue;
            const bool announced = std::any_of(changed.begin(), changed.end(), [row](const QList<QVariant> &signal) {
                return signal[0].toModelIndex().row() <= row && row <= signal[1].toModelIndex().row();
            });
            QVERIFY2(announced, qPrintable(sourceAfter[row]));
        }
    }
}

void TestPanels::sizePanelShowsStages()
{
    MainWindow window;
    open(window, sample);
    QVERIFY(raiseDock(window.sizeDock()));
    QTreeWidget *tree = window.sizePanel()->tree();
    const stagecraft::SizeReport &report = window.document()->analysis()->size;
    QCOMPARE(tree->topLevelItemCount(), static_cast<int>(report.stages.size()));
    for (const stagecraft::StageSize &stage : report.stages) {
        QTreeWidgetItem *item = tree->topLevelItem(stage.index);
        QVERIFY(item->text(stagecraft::SizePanel::StageColumn).startsWith(fromStd(stage.name)));
        QCOMPARE(item->text(stagecraft::SizePanel::SizeColumn), fromStd(stagecraft::formatFigure(stage.total)));
        // The base, then one row per layer.
        QCOMPARE(item->childCount(), 1 + static_cast<int>(stage.layers.size()));
        QCOMPARE(item->font(0).bold(), stage.target);
    }
    QVERIFY(tree->topLevelItem(2)->text(0).contains(u"target"));
    // The unused stage is dimmed.
    QCOMPARE(tree->topLevelItem(1)->foreground(0).color(), tree->palette().color(QPalette::Disabled, QPalette::Text));
    QVERIFY(tree->topLevelItem(2)->foreground(0).color() != tree->palette().color(QPalette::Disabled, QPalette::Text));
    // Each layer row tells its figure's source; the apt-get one has a basis.
    for (const stagecraft::StageSize &stage : report.stages) {
        for (size_t i = 0; i < stage.layers.size(); ++i) {
            QTreeWidgetItem *row = tree->topLevelItem(stage.index)->child(static_cast<int>(i) + 1);
            QCOMPARE(row->text(stagecraft::SizePanel::StageColumn), QString::number(stage.layers[i].line));
            QCOMPARE(row->text(stagecraft::SizePanel::SourceColumn),
                fromStd(std::string(stagecraft::sizeSourceName(stage.layers[i].figure.source))));
        }
    }
    QTreeWidgetItem *apt = findItem(tree, u"11"_s);
    QVERIFY(apt);
    QVERIFY(apt->text(stagecraft::SizePanel::SourceColumn) != u"unknown");
}

void TestPanels::sizePanelJumpsToLine()
{
    MainWindow window;
    open(window, sample);
    QVERIFY(raiseDock(window.sizeDock()));
    QTreeWidget *tree = window.sizePanel()->tree();
    for (const QString &line : {u"11"_s, u"5"_s, u"10"_s}) {
        QTreeWidgetItem *item = findItem(tree, line);
        QVERIFY2(item, qPrintable(line));
        clickItem(tree, item, stagecraft::SizePanel::InstructionColumn);
        QCOMPARE(cursorLine(window), line.toInt());
    }
    clickItem(tree, tree->topLevelItem(1));
    QCOMPARE(cursorLine(window), 6);
}

void TestPanels::statusBarShowsFinalSize()
{
    MainWindow window;
    open(window, sample);
    const stagecraft::SizeReport &report = window.document()->analysis()->size;
    QVERIFY(report.finalImage.known());
    const QString text = window.finalSizeLabel()->text();
    QCOMPARE(text, stagecraft::finalImageText(report));
    QVERIFY2(text.startsWith(u"Final image ≈ ") || text.startsWith(u"Final image ≥ "), qPrintable(text));
    QVERIFY(text.contains(fromStd(stagecraft::formatBytes(report.finalImage.bytes))));

    // Another target, another final size.
    window.setTarget(u"builder"_s);
    QCOMPARE(window.finalSizeLabel()->text(), stagecraft::finalImageText(window.document()->analysis()->size));
    QVERIFY(window.finalSizeLabel()->text() != text);
}

void TestPanels::outlineLists_data()
{
    QTest::addColumn<QString>("group");
    QTest::addColumn<QString>("entry");
    QTest::addColumn<QString>("detail");
    QTest::addColumn<int>("line");
    QTest::addRow("global arg") << u"Global ARGs"_s << u"BASE"_s << u"= debian:bookworm-slim"_s << 1;
    QTest::addRow("global arg without default") << u"Global ARGs"_s << u"NPM_TOKEN"_s << u"(no default)"_s << 2;
    QTest::addRow("stage") << u"Stages"_s << u"builder"_s << u"FROM debian:bookworm-slim"_s << 3;
    QTest::addRow("target stage") << u"Stages"_s << u"runtime (target)"_s << u"FROM debian:bookworm-slim"_s << 8;
    QTest::addRow("stage arg") << u"builder"_s << u"ARG VERSION"_s << u"= 1.0"_s << 4;
    QTest::addRow("secret mount") << u"Secrets"_s << u"secret npmrc"_s << QString() << 5;
    QTest::addRow("secret arg") << u"Secrets"_s << u"ARG NPM_TOKEN"_s << QString() << 2;
    QTest::addRow("secret env") << u"Secrets"_s << u"ENV DB_PASSWORD"_s << QString() << 9;
}

void TestPanels::outlineLists()
{
    QFETCH(QString, group);
    QFETCH(QString, entry);
    QFETCH(QString, detail);
    QFETCH(int, line);
    MainWindow window;
    open(window, sample);
    QVERIFY(raiseDock(window.outlineDock()));
    QTreeWidget *tree = window.outlinePanel()->tree();
    QTreeWidgetItem *parent = findItem(tree, group);
    QVERIFY(parent);
    QTreeWidgetItem *item = nullptr;
    for (int i = 0; i < parent->childCount(); ++i) {
        if (parent->child(i)->text(0) == entry)
            item = parent->child(i);
    }
    QVERIFY2(item, qPrintable(entry));
    if (!detail.isEmpty())
        QCOMPARE(item->text(1), detail);
    QCOMPARE(item->text(2).toInt(), line);
}

void TestPanels::outlineJumps()
{
    MainWindow window;
    open(window, sample);
    QVERIFY(raiseDock(window.outlineDock()));
    QTreeWidget *tree = window.outlinePanel()->tree();
    QTreeWidgetItem *token = findItem(tree, u"ENV DB_PASSWORD"_s);
    QVERIFY(token);
    clickItem(tree, token);
    QCOMPARE(cursorLine(window), 9);
    QCOMPARE(window.editor()->textCursor().selectedText(), u"DB_PASSWORD"_s);
    clickItem(tree, findItem(tree, u"runtime (target)"_s));
    QCOMPARE(cursorLine(window), 8);

    // A line typed above moves the entries without rebuilding the tree: same items, new lines.
    QTreeWidgetItem *before = findItem(tree, u"ENV DB_PASSWORD"_s);
    QTextCursor top(window.document()->textDocument());
    top.insertText(u"# a comment\n"_s);
    QCOMPARE(findItem(tree, u"ENV DB_PASSWORD"_s), before);
    QCOMPARE(before->text(2).toInt(), 10);
    clickItem(tree, before);
    QCOMPARE(cursorLine(window), 10);
    QCOMPARE(window.editor()->textCursor().selectedText(), u"DB_PASSWORD"_s);
    window.document()->textDocument()->undo();

    // The outline follows edits that change only an ARG.
    QTextCursor cursor(window.document()->textDocument()->findBlockByNumber(3));
    cursor.select(QTextCursor::LineUnderCursor);
    cursor.insertText(u"ARG RELEASE=2"_s);
    QVERIFY(findItem(tree, u"ARG RELEASE"_s));
    QVERIFY(!findItem(tree, u"ARG VERSION"_s));
}

void TestPanels::hiddenPanelCatchesUpWhenShown_data()
{
    QTest::addColumn<QString>("panel");
    QTest::addColumn<bool>("closed"); ///< closed from the View menu, else another dock's tab raised
    for (const QString &panel : {u"problems"_s, u"size"_s, u"outline"_s}) {
        QTest::addRow("%s tabbed away", qPrintable(panel)) << panel << false;
        QTest::addRow("%s closed", qPrintable(panel)) << panel << true;
    }
}

// A panel nobody sees (its dock closed, or another tab in front) does not follow each edit:
// that was a big file's keystroke's time. Seen again, it lists what the document has then.
void TestPanels::hiddenPanelCatchesUpWhenShown()
{
    QFETCH(QString, panel);
    QFETCH(bool, closed);
    MainWindow window;
    open(window, sample);
    const PanelUnderTest shown = panelUnderTest(window, panel);
    QVERIFY(raiseDock(shown.dock));
    QCOMPARE(shown.shown(), shown.expected());

    QDockWidget *other = shown.dock == window.problemsDock() ? window.sizeDock() : window.problemsDock();
    if (closed)
        shown.dock->toggleViewAction()->trigger();
    else
        other->raise();
    QTRY_VERIFY(shown.panel->visibleRegion().isEmpty());
    const QStringList before = shown.shown();
    // A stage more: more problems, sizes and outline entries; and one line more above the
    // builder stage moves every entry of the outline.
    QTextCursor cursor(window.document()->textDocument());
    cursor.insertText(u"# syntax=docker/dockerfile:1\n"_s);
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(u"FROM alpine:3.20 AS extra\nARG API_TOKEN\nRUN apk add curl\n"_s);
    QVERIFY(shown.expected() != before);
    QCOMPARE(shown.shown(), before);

    if (closed)
        shown.dock->toggleViewAction()->trigger();
    QVERIFY(raiseDock(shown.dock));
    QCOMPARE(shown.shown(), shown.expected());
}

void TestPanels::contextScanSizesCopy()
{
    // 3000 + 5000 bytes in the context, 70000 excluded by .dockerignore.
    QVERIFY(QDir(m_dir->path()).mkpath(u"src"_s));
    QVERIFY(writeFile(m_dir->filePath(u"src/a.txt"_s), QByteArray(3000, 'a')));
    QVERIFY(writeFile(m_dir->filePath(u"src/b.txt"_s), QByteArray(5000, 'b')));
    QVERIFY(writeFile(m_dir->filePath(u"big.log"_s), QByteArray(70000, 'x')));
    QVERIFY(writeFile(m_dir->filePath(u".dockerignore"_s), "*.log\n"));
    // A link out of the context is sent as a link: its target is never read.
    QTemporaryDir outside;
    QVERIFY(writeFile(outside.filePath(u"huge.bin"_s), QByteArray(100000, 'h')));
    QVERIFY(QFile::link(outside.filePath(u"huge.bin"_s), m_dir->filePath(u"src/outside.bin"_s)));
    // CopyIgnoredFile is an experimental BuildKit check.
    const QByteArray text
        = "# check=experimental=CopyIgnoredFile\nFROM alpine:3.20\nCOPY src /app/src\nCOPY big.log /tmp/\n";

    MainWindow window;
    open(window, text);
    QCOMPARE(window.contextDirectory(), QDir::cleanPath(m_dir->path()));
    const auto analysis = window.document()->analysis();
    QVERIFY(analysis->size.contextScanned);
    const stagecraft::LayerSize &copy = analysis->size.stages.at(0).layers.at(0);
    QCOMPARE(copy.figure.source, stagecraft::SizeSource::Context);
    QCOMPARE(copy.figure.bytes, 8000);
    // Lint read the same context: big.log is excluded.
    QVERIFY(expectedProblems(window.document()).contains(u"CopyIgnoredFile@4"_s));
    QVERIFY(raiseDock(window.sizeDock()));
    QCOMPARE(
        window.sizePanel()->tree()->topLevelItem(0)->child(1)->text(stagecraft::SizePanel::SourceColumn), u"context"_s);
    QVERIFY2(window.contextButton()->text().contains(u"file"), qPrintable(window.contextButton()->text()));

    // A changed context is scanned again.
    QVERIFY(writeFile(m_dir->filePath(u"src/c.txt"_s), QByteArray(1000, 'c')));
    QSignalSpy scanned(window.contextScanner(), &stagecraft::BuildContextScanner::finished);
    window.setContextDirectory(m_dir->path());
    QTRY_COMPARE(scanned.count(), 1);
    QCOMPARE(window.document()->analysis()->size.stages.at(0).layers.at(0).figure.bytes, 9000);
}

void TestPanels::contextScanCancelKeepsPrevious()
{
    QVERIFY(writeFile(m_dir->filePath(u"app.txt"_s), QByteArray(4000, 'a')));
    MainWindow window;
    open(window, "FROM alpine:3.20\nCOPY . /app\n");
    const auto before = window.document()->analysisOptions().sizeContext;
    QVERIFY(before);
    const int64_t bytes = window.document()->analysis()->size.stages.at(0).layers.at(0).figure.bytes;
    QVERIFY(bytes >= 4000);

    QTemporaryDir other;
    QVERIFY(writeFile(other.filePath(u"huge.bin"_s), QByteArray(100000, 'h')));
    QSignalSpy cancelled(window.contextScanner(), &stagecraft::BuildContextScanner::cancelled);
    QSignalSpy finished(window.contextScanner(), &stagecraft::BuildContextScanner::finished);
    window.setContextDirectory(other.path());
    QVERIFY(window.cancelScanButton()->isVisible());
    QTest::mouseClick(window.cancelScanButton(), Qt::LeftButton);
    QCOMPARE(cancelled.count(), 1);
    QTRY_VERIFY(!window.cancelScanButton()->isVisible());
    // Give a worker that was not stopped in time the chance to deliver: it must not.
    QTest::qWait(300);
    QCOMPARE(finished.count(), 0);
    QCOMPARE(window.document()->analysisOptions().sizeContext, before);
    QCOMPARE(window.document()->analysis()->size.stages.at(0).layers.at(0).figure.bytes, bytes);
}

void TestPanels::contextScanIsBounded()
{
    for (int i = 0; i < 20; ++i)
        QVERIFY(writeFile(m_dir->filePath(u"file%1.txt"_s.arg(i)), QByteArray(100, 'f')));
    MainWindow window;
    window.contextScanner()->setLimits(5, 10000);
    open(window, "FROM alpine:3.20\nCOPY . /app\n");
    const auto scan = window.document()->analysisOptions().sizeContext;
    QVERIFY(scan);
    QCOMPARE(scan->status(), stagecraft::ContextScan::Status::FileLimit);
    QVERIFY(window.document()->analysisOptions().lintContext->files.size() <= 5);
    QVERIFY2(window.contextButton()->text().contains(u"partial"), qPrintable(window.contextButton()->text()));
}

void TestPanels::enteredImageSize()
{
    const QByteArray text = "FROM registry.example.com/team/base:7\nRUN echo hi > /hello\n";
    const QString reference = u"registry.example.com/team/base:7"_s;
    {
        MainWindow window;
        open(window, text);
        const stagecraft::StageSize &stage = window.document()->analysis()->size.stages.at(0);
        QCOMPARE(stage.base.figure.source, stagecraft::SizeSource::Unknown);
        QVERIFY(!window.document()->analysis()->size.finalImage.bounded());
        stagecraft::SizePanel *panel = window.sizePanel();
        QVERIFY(raiseDock(window.sizeDock()));
        QVERIFY(panel->enterSizeButton()->isEnabled());
        QString asked;
        panel->setSizePrompt([&asked](const QString &image) -> std::optional<int64_t> {
            asked = image;
            return stagecraft::parseByteSize(u"150 MB"_s);
        });
        QTest::mouseClick(panel->enterSizeButton(), Qt::LeftButton);
        QCOMPARE(asked, reference);
        const stagecraft::SizeReport &report = window.document()->analysis()->size;
        QCOMPARE(report.stages.at(0).base.figure.source, stagecraft::SizeSource::User);
        QCOMPARE(report.stages.at(0).base.figure.bytes, 150'000'000);
        QVERIFY(report.finalImage.bytes >= 150'000'000);
        QVERIFY(window.finalSizeLabel()->text().contains(u"150 MB"));
        QCOMPARE(panel->tree()->topLevelItem(0)->child(0)->text(stagecraft::SizePanel::SourceColumn), u"user"_s);
    }
    // Stored in the settings, so a new window knows it.
    QCOMPARE(QSettings().value(u"imageSizes"_s).toMap().value(reference).toLongLong(), 150'000'000);
    {
        MainWindow window;
        open(window, text);
        QCOMPARE(window.document()->analysis()->size.stages.at(0).base.figure.bytes, 150'000'000);
        // Forgetting it makes the base unknown again.
        window.setImageSize(reference, -1);
        QCOMPARE(window.document()->analysis()->size.stages.at(0).base.figure.source, stagecraft::SizeSource::Unknown);
        QVERIFY(!QSettings().value(u"imageSizes"_s).toMap().contains(reference));
    }
}

void TestPanels::measuredSizesBesideTheEstimate()
{
    // The Node.js service and `docker history` of the image built from it (tests/data/size).
    const QString data = QStringLiteral(STAGECRAFT_TEST_DATA "/size/");
    MainWindow window;
    open(window, stagecraft::test::readBytes(data + u"nodejs-runtime-fixed.Dockerfile"_s));
    QVERIFY(raiseDock(window.sizeDock()));
    QTreeWidget *tree = window.sizePanel()->tree();
    QAction *clear = window.clearMeasurementAction();
    QVERIFY(!clear->isEnabled());
    QVERIFY(tree->isColumnHidden(stagecraft::SizePanel::EstimateColumn));
    const QString estimated = window.finalSizeLabel()->text();
    // The File menu offers the import beside the build context.
    QMenu *fileMenu = nullptr;
    for (QAction *menu : window.menuBar()->actions()) {
        if (menu->text() == u"&File")
            fileMenu = menu->menu();
    }
    QVERIFY(fileMenu);
    const QList<QAction *> fileActions = fileMenu->actions();
    const qsizetype context = fileActions.indexOf(window.findChild<QAction *>(u"buildContext"_s));
    QVERIFY(context >= 0 && context + 2 < fileActions.size());
    QCOMPARE(fileActions[context + 1]->objectName(), u"importMeasurement"_s);
    QCOMPARE(fileActions[context + 2], clear);

    // Neither a measurement nor a readable file: the error names the file and why; nothing changes.
    const QString table = m_dir->filePath(u"history.txt"_s);
    QVERIFY(writeFile(table, "IMAGE          CREATED       CREATED BY        SIZE\n"));
    QString error = window.importMeasurement(table);
    QVERIFY2(
        error.contains(QDir::toNativeSeparators(table)) && error.contains(u"not `docker history"), qPrintable(error));
    error = window.importMeasurement(m_dir->filePath(u"missing.jsonl"_s));
    QVERIFY2(error.contains(u"missing.jsonl") && error.contains(u"cannot open"), qPrintable(error));
    QVERIFY(!window.document()->measurement());
    QVERIFY(!clear->isEnabled());
    QCOMPARE(window.finalSizeLabel()->text(), estimated);

    QCOMPARE(window.importMeasurement(data + u"node-history.jsonl"_s), QString());
    QVERIFY(clear->isEnabled());
    const std::shared_ptr<const stagecraft::Analysis> analysis = window.document()->analysis();
    const stagecraft::StageSize &runtime = analysis->size.stages.at(1);
    const auto install = std::find_if(runtime.layers.begin(), runtime.layers.end(),
        [](const stagecraft::LayerSize &layer) { return layer.line == 14; });
    QVERIFY(install != runtime.layers.end() && install->estimate && runtime.measured);
    // Line 14's row shows what docker history measured, and the estimate it replaced.
    QTreeWidgetItem *row = findItem(tree, u"14"_s);
    QVERIFY(row);
    QVERIFY(row->text(stagecraft::SizePanel::InstructionColumn).startsWith(u"RUN npm ci --omit=dev"));
    QCOMPARE(row->text(stagecraft::SizePanel::SourceColumn), u"measured"_s);
    QVERIFY2(row->text(stagecraft::SizePanel::SizeColumn).startsWith(u"3.37 MB"),
        qPrintable(row->text(stagecraft::SizePanel::SizeColumn)));
    const QString estimate = fromStd(stagecraft::formatFigure(*install->estimate));
    QVERIFY(!tree->isColumnHidden(stagecraft::SizePanel::EstimateColumn));
    QCOMPARE(row->text(stagecraft::SizePanel::EstimateColumn), estimate);
    QVERIFY2(row->toolTip(stagecraft::SizePanel::SizeColumn).contains(u"Estimated "_s + estimate),
        qPrintable(row->toolTip(stagecraft::SizePanel::SizeColumn)));
    // The image's stage shows its measured total against the estimated one; so does the status bar.
    QTreeWidgetItem *stage = tree->topLevelItem(1);
    QCOMPARE(stage->text(stagecraft::SizePanel::SizeColumn), fromStd(stagecraft::formatFigure(*runtime.measured)));
    QCOMPARE(stage->text(stagecraft::SizePanel::SourceColumn), u"measured"_s);
    QCOMPARE(stage->text(stagecraft::SizePanel::EstimateColumn), fromStd(stagecraft::formatFigure(runtime.total)));
    const QString measured = window.finalSizeLabel()->text();
    QVERIFY2(measured.startsWith(u"Final image 140 MB measured, estimated "), qPrintable(measured));

    // Cleared, the estimate is back.
    clear->trigger();
    QVERIFY(!window.document()->measurement());
    QVERIFY(!clear->isEnabled());
    QCOMPARE(findItem(tree, u"14"_s)->text(stagecraft::SizePanel::SourceColumn),
        fromStd(std::string(stagecraft::sizeSourceName(install->estimate->source))));
    QVERIFY(tree->isColumnHidden(stagecraft::SizePanel::EstimateColumn));
    QCOMPARE(window.finalSizeLabel()->text(), estimated);

    // The measurement is of the image built from this file: opening another one drops it.
    QCOMPARE(window.importMeasurement(data + u"node-inspect.json"_s), QString());
    QVERIFY(window.finalSizeLabel()->text().contains(u"measured"));
    open(window, "FROM alpine:3.20\n");
    QVERIFY(!window.document()->measurement());
    QVERIFY(!clear->isEnabled());
    QVERIFY(!window.finalSizeLabel()->text().contains(u"measured"));
}

void TestPanels::parseByteSize_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("bytes");
    QTest::addRow("plain") << u"123456"_s << qint64(123456);
    QTest::addRow("MB") << u"120 MB"_s << qint64(120'000'000);
    QTest::addRow("decimal GB") << u"1.5GB"_s << qint64(1'500'000'000);
    QTest::addRow("comma") << u"1,5 GB"_s << qint64(1'500'000'000);
    QTest::addRow("k") << u"800k"_s << qint64(800'000);
    QTest::addRow("GiB") << u"2 GiB"_s << qint64(2LL * 1024 * 1024 * 1024);
    QTest::addRow("garbage") << u"big"_s << qint64(-1);
    QTest::addRow("empty") << QString() << qint64(-1);
    QTest::addRow("unit only") << u"MB"_s << qint64(-1);
}

void TestPanels::parseByteSize()
{
    QFETCH(QString, text);
    QFETCH(qint64, bytes);
    const std::optional<int64_t> parsed = stagecraft::parseByteSize(text);
    QCOMPARE(parsed.value_or(-1), bytes);
}

QTEST_MAIN(TestPanels)
#include "test_panels.moc"

// SPDX-License-Identifier: MIT
// The stage graph on the offscreen platform, driven through the real widgets: nodes
// follow the text, drags and renames become one undo step each, refused drops change
// nothing, selection follows both ways, the layout is deterministic, and export and
// `stagecraft graph --format svg|png` draw the same picture.
#include "code_editor.h"
#include "document/dockerfile_document.h"
#include "edit/stage_edits.h"
#include "edit/text_edits.h"
#include "graph_layout.h"
#include "graph_renderer.h"
#include "main_window.h"
#include "size/history_import.h"
#include "stage_graph_connection_drag.h"
#include "stage_graph_content.h"
#include "stage_graph_edge.h"
#include "stage_graph_inline_editor.h"
#include "stage_graph_new_stage_dialog.h"
#include "stage_graph_node.h"
#include "stage_graph_port.h"
#include "stage_graph_scene.h"
#include "stage_graph_style.h"
#include "stage_graph_view.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QImage>
#include <QLineEdit>
#include <QMouseEvent>
#include <QPointer>
#include <QProcess>
#include <QPushButton>
#include <QScrollBar>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTreeWidget>

using namespace stagecraft;
using namespace Qt::StringLiterals;

namespace {

const QString twoStages = u"FROM golang:1.23 AS builder\n"
                          "WORKDIR /src\n"
                          "RUN go build -o /out/app .\n"
                          "\n"
                          "FROM alpine:3.20 AS runtime\n"
                          "WORKDIR /app\n"
                          "CMD [\"/app/app\"]\n"_s;

const QString withCopies = u"FROM golang:1.23 AS builder\n"
                           "RUN go build -o /out/app .\n"
                           "\n"
                           "FROM alpine:3.20 AS runtime\n"
                           "COPY --from=builder /out/app /usr/bin/app\n"
                           "COPY --from=nginx:alpine /etc/nginx /etc/nginx\n"
                           "RUN --mount=type=cache,from=builder,target=/cache true\n"
                           "CMD [\"app\"]\n"_s;

QString readExample(const QString &name)
{
    QFile file(QStringLiteral(STAGECRAFT_SOURCE_DIR) + u"/resources/examples/"_s + name);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

/// A shown window holding `text`, its first layout applied.
struct Fixture {
    MainWindow window;
    StageGraphScene *scene = nullptr;
    StageGraphView *view = nullptr;

    explicit Fixture(const QString &text)
    {
        window.document()->setText(text);
        scene = window.graphScene();
        view = window.graphView();
        scene->setLayoutDelay(0);
        window.show();
    }

    bool ready()
    {
        if (!QTest::qWaitForWindowExposed(&window))
            return false;
        // Shortcuts (Ctrl+Z in the graph) need the window to be the active one.
        window.activateWindow();
        if (!QTest::qWaitForWindowActive(&window))
            return false;
        return QTest::qWaitFor([this] { return !scene->isLayoutPending(); }, 10000);
    }

    [[nodiscard]] QString text() const { return window.document()->textDocument()->toPlainText(); }
    [[nodiscard]] StageGraphNode *node(const QString &key) const { return scene->node(key); }
    [[nodiscard]] QPoint toView(QPointF scenePos) const { return view->mapFromScene(scenePos); }
};

QPointF middleOf(const StageGraphNode *node)
{
    return node->mapToScene(QPointF(node->size().width() / 2, node->size().height() * 0.7));
}

/// A left-button drag on the view's viewport. QTest::mouseMove on a widget does not
/// always carry the pressed button (it depends on the Qt version's button tracking), and
/// QGraphicsView needs it to keep dragging, so the moves are sent as QMouseEvents.
void drag(QWidget *viewport, QPoint from, QPoint to)
{
    QTest::mousePress(viewport, Qt::LeftButton, {}, from);
    constexpr int steps = 6;
    for (int i = 1; i <= steps; ++i) {
        const QPointF at = QPointF(from) + (QPointF(to - from) * i) / steps;
        QMouseEvent move(QEvent::MouseMove, at, viewport->mapToGlobal(at), Qt::NoButton, Qt::LeftButton, {});
        QCoreApplication::sendEvent(viewport, &move);
    }
    QTest::mouseRelease(viewport, Qt::LeftButton, {}, to);
}

/// Presses on the port and moves onto `target` without releasing.
void dragOver(Fixture &f, const StageGraphNode *source, QPointF target)
{
    const QPoint from = f.toView(source->port()->scenePos());
    const QPoint to = f.toView(target);
    QTest::mousePress(f.view->viewport(), Qt::LeftButton, {}, from);
    QMouseEvent move(
        QEvent::MouseMove, QPointF(to), f.view->viewport()->mapToGlobal(QPointF(to)), Qt::NoButton, Qt::LeftButton, {});
    QCoreApplication::sendEvent(f.view->viewport(), &move);
}

} // namespace

class TestStageGraph : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    // Model: adding a stage is a text edit.
    void addStageEdit_data();
    void addStageEdit();
    void uniqueStageName();

    // What the graph shows.
    void contentOfTheNodeExample();
    void contentBuilderMatchesAFreshBuild_data();
    void contentBuilderMatchesAFreshBuild();
    void diagnosticsBadge();
    void sizeSlotShowsAnEstimate();
    void layoutIsDeterministic();
    void layoutReadsLeftToRight();

    // Driving the widgets.
    void typingANewStageAddsANode();
    void typingKeepsItemsInPlace();
    void dragCreatesCopyAndUndoRemovesIt();
    void escapeCancelsTheCopyEditor();
    void cycleDropChangesNothing();
    void dropOnItselfOrAnImageIsRefused();
    void renameRewritesEveryReference();
    void deletingACopyEdgeRemovesItsInstruction();
    void deletingAStageAsksFirst();
    void selectionFollowsBothWays();
    void movedNodesKeepTheirPlace();
    void targetChooserDimsUnneededStages();
    void addStageFromTheGraph();
    void newStageDialog();
    void zoomAndFit();

    // Pictures.
    void exportSvgHasTheStageNames();
    void exportPng();
    void commandLineDrawsSvgAndPng();
};

void TestStageGraph::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestStageGraph::addStageEdit_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("image");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("expected"); // empty: refused

    QTest::addRow("after-a-stage") << u"FROM alpine AS base\nRUN true\n"_s << u"debian:bookworm"_s << u"tools"_s
                                   << u"FROM alpine AS base\nRUN true\n\nFROM debian:bookworm AS tools\n"_s;
    QTest::addRow("no-final-newline") << u"FROM alpine"_s << u"scratch"_s << u"out"_s
                                      << u"FROM alpine\n\nFROM scratch AS out\n"_s;
    QTest::addRow("blank-line-kept") << u"FROM alpine\n\n"_s << u"alpine"_s << u"b"_s
                                     << u"FROM alpine\n\nFROM alpine AS b\n"_s;
    QTest::addRow("lower-case-file") << u"from alpine as base\n"_s << u"base"_s << u"app"_s
                                     << u"from alpine as base\n\nfrom base as app\n"_s;
    QTest::addRow("crlf") << u"FROM alpine\r\n"_s << u"alpine"_s << u"x"_s
                          << u"FROM alpine\r\n\r\nFROM alpine AS x\r\n"_s;
    QTest::addRow("empty-file") << QString() << u"alpine"_s << u"first"_s << u"FROM alpine AS first\n"_s;
    QTest::addRow("taken-name") << u"FROM alpine AS base\n"_s << u"alpine"_s << u"BASE"_s << QString();
    QTest::addRow("invalid-name") << u"FROM alpine\n"_s << u"alpine"_s << u"1st"_s << QString();
    QTest::addRow("reserved-name") << u"FROM alpine\n"_s << u"alpine"_s << u"scratch"_s << QString();
    QTest::addRow("invalid-image") << u"FROM alpine\n"_s << u"Not An Image"_s << u"x"_s << QString();
    QTest::addRow("empty-image") << u"FROM alpine\n"_s << QString() << u"x"_s << QString();
}

void TestStageGraph::addStageEdit()
{
    QFETCH(QString, input);
    QFETCH(QString, image);
    QFETCH(QString, name);
    QFETCH(QString, expected);
    // On the model's own text (the document would turn CRLF into LF on the way in).
    const std::shared_ptr<const SyntaxTree> tree = parseDockerfile(input.toStdString());
    const BuildGraph graph = buildGraph(*tree);
    const GraphEdit edit = addStage(*tree, graph, image.toStdString(), name.toStdString());
    if (expected.isEmpty()) {
        QVERIFY(!edit.ok());
        QVERIFY(edit.edits.empty());
        return;
    }
    QVERIFY2(edit.ok(), edit.refusal.c_str());
    std::string text = input.toStdString();
    QVERIFY(applyTextEdits(text, edit.edits));
    QCOMPARE(QString::fromStdString(text), expected);
    QCOMPARE(buildGraph(*parseDockerfile(text)).stages().back().name, name.toLower().toStdString());
    // The placeholder is the image, for the user to change next.
    QCOMPARE(text.substr(edit.placeholders.at(0).begin, edit.placeholders.at(0).length()), image.toStdString());
}

void TestStageGraph::uniqueStageName()
{
    DockerfileDocument document;
    document.setText(u"FROM a AS stage\nFROM b AS stage-2\nFROM c AS build\n"_s);
    const BuildGraph &graph = document.analysis()->graph;
    QCOMPARE(stagecraft::uniqueStageName(graph, "stage"), std::string("stage-3"));
    QCOMPARE(stagecraft::uniqueStageName(graph, "Test"), std::string("test"));
    QCOMPARE(stagecraft::uniqueStageName(graph, "9bad"), std::string("stage-3"));
}

void TestStageGraph::contentOfTheNodeExample()
{
    DockerfileDocument document;
    document.setText(readExample(u"nodejs-inference.Dockerfile"_s));
    const GraphContent content = graphContent(*document.analysis());
    QCOMPARE(content.nodes.size(), 2);
    QCOMPARE(content.nodes[0].title, u"builder"_s);
    QCOMPARE(content.nodes[0].base, u"FROM node:20-alpine"_s);
    QCOMPARE(content.nodes[0].details, u"6 instructions"_s);
    QVERIFY(!content.nodes[0].target);
    QVERIFY(content.nodes[1].target);
    // Without a scanned context, `COPY . .` has no figure: the builder's size is a lower bound.
    QVERIFY2(content.nodes[0].size.startsWith(u"≥ "_s), qPrintable(content.nodes[0].size));
    QStringList labels;
    for (const EdgeContent &edge : content.edges) {
        QCOMPARE(edge.kind, EdgeKind::Copy);
        QCOMPARE(edge.sourceKey, u"stage:builder"_s);
        QCOMPARE(edge.targetKey, u"stage:runtime"_s);
        labels.append(edge.label);
    }
    QCOMPARE(labels, QStringList({u"COPY /app/dist"_s, u"COPY /app/node_modules"_s, u"COPY /app/package.json"_s}));

    document.setText(withCopies);
    const GraphContent mixed = graphContent(*document.analysis());
    QCOMPARE(mixed.nodes.size(), 3);
    QCOMPARE(mixed.nodes[2].kind, GraphNodeKind::Image);
    QCOMPARE(mixed.nodes[2].key, u"image:nginx:alpine"_s);
    QStringList kinds;
    for (const EdgeContent &edge : mixed.edges)
        kinds.append(edge.label);
    QCOMPARE(kinds, QStringList({u"COPY /out/app"_s, u"COPY /etc/nginx"_s, u"RUN --mount /cache"_s}));

    document.setText(u"FROM alpine AS base\nFROM base AS app\n"_s);
    QCOMPARE(graphContent(*document.analysis()).edges.value(0).label, u"FROM base"_s);
}

void TestStageGraph::contentBuilderMatchesAFreshBuild_data()
{
    QTest::addColumn<QString>("before");
    QTest::addColumn<QString>("after");
    QTest::addColumn<int>("reused"); // nodes whose content is shared with the previous build
    const QString three = u"FROM golang:1.23 AS builder\nRUN go build -o /out/app .\n"
                          "FROM alpine:3.20 AS tools\nRUN apk add curl\n"
                          "FROM alpine:3.20 AS runtime\nCOPY --from=builder /out/app /app\n"
                          "COPY --from=nginx:alpine /etc/nginx /etc/nginx\nCMD [\"/app\"]\n"_s;
    QTest::newRow("unchanged") << three << three << 3;
    QTest::newRow("package typed in one stage")
        << three << QString(three).replace(u"apk add curl"_s, u"apk add curlx"_s) << 2;
    QTest::newRow("diagnostic appears") << three
                                        << QString(three).replace(u"RUN apk add curl"_s, u"RUN cd /x && apk add curl"_s)
                                        << 2;
    QTest::newRow("lines shift below") << three
                                       << QString(three).replace(
                                              u"FROM alpine:3.20 AS tools"_s, u"# tools\nFROM alpine:3.20 AS tools"_s)
                                       << 1;
    QTest::newRow("stage renamed") << three << QString(three).replace(u"builder"_s, u"compile"_s) << 2;
    QTest::newRow("copy path changed") << three << QString(three).replace(u"/out/app /app"_s, u"/out/app /bin/app"_s)
                                       << 3;
    QTest::newRow("base changed") << three << QString(three).replace(u"golang:1.23"_s, u"golang:1.22"_s) << 2;
    // The new target: runtime is no longer it, and tools' UnusedStage message names the new one.
    QTest::newRow("stage added") << three << three + u"FROM runtime AS debug\n"_s << 1;
}

void TestStageGraph::contentBuilderMatchesAFreshBuild()
{
    QFETCH(QString, before);
    QFETCH(QString, after);
    QFETCH(int, reused);
    DockerfileDocument document;
    document.setText(before);
    GraphContentBuilder builder;
    const GraphContent first = builder.update(document.analysis());
    document.setText(after);
    const GraphContent &second = builder.update(document.analysis());
    const GraphContent fresh = graphContent(*document.analysis());
    QCOMPARE(second.nodes, fresh.nodes);
    QCOMPARE(second.edges, fresh.edges);
    // What did not change is shared, not formatted again.
    int shared = 0;
    for (qsizetype i = 0; i < std::min(first.nodes.size(), second.nodes.size()); ++i)
        shared += second.nodes[i].kind == GraphNodeKind::Stage
            && second.nodes[i].toolTip.isSharedWith(first.nodes[i].toolTip);
    QCOMPARE(shared, reused);
}

void TestStageGraph::diagnosticsBadge()
{
    DockerfileDocument document;
    // An index out of range is a graph error in stage 1; the unterminated heredoc a parser error there too.
    document.setText(u"FROM alpine AS one\nRUN true\nFROM alpine AS two\nCOPY --from=7 /a /b\n"_s);
    const GraphContent content = graphContent(*document.analysis());
    QCOMPARE(content.nodes[0].errors, 0);
    QCOMPARE(content.nodes[1].errors, 1);
    QVERIFY(content.nodes[1].toolTip.contains(u"line 4"_s));
}

void TestStageGraph::sizeSlotShowsAnEstimate()
{
    DockerfileDocument document;
    document.setText(u"FROM alpine:3.20 AS runtime\nCMD [\"sh\"]\n"
                     "FROM registry.invalid/unknown:1 AS mystery\nCMD [\"sh\"]\n"_s);
    StageGraphScene scene(&document);
    // The catalog knows alpine:3.20: the node shows the stage's estimate, as the size report has it.
    const StageSize &runtime = document.analysis()->size.stages.at(0);
    QVERIFY(runtime.total.known());
    QCOMPARE(scene.node(u"stage:runtime"_s)->content().size, QString::fromStdString(formatBytes(runtime.total.bytes)));
    // An image nobody knows has no invented number.
    QVERIFY(scene.node(u"stage:mystery"_s)->content().size.isEmpty());
    // The size slot is reserved: a node is as tall with a size as without one.
    QCOMPARE(scene.node(u"stage:runtime"_s)->size().height(), scene.node(u"stage:mystery"_s)->size().height());

    // A measured image shows its measured size, as the size panel and the status bar do.
    Measurement inspect;
    inspect.kind = Measurement::Kind::Inspect;
    inspect.totalBytes = 123'456'789;
    inspect.totalLow = inspect.totalHigh = inspect.totalBytes;
    AnalysisOptions options = document.analysisOptions();
    options.graph.target = "runtime";
    document.setAnalysisOptions(options);
    document.setMeasurement(std::make_shared<const Measurement>(inspect));
    QVERIFY(document.analysis()->size.stages.at(0).measured);
    QCOMPARE(scene.node(u"stage:runtime"_s)->content().size, QString::fromStdString(formatBytes(123'456'789)));
}

void TestStageGraph::layoutIsDeterministic()
{
    LayoutInput input;
    for (int i = 0; i < 6; ++i)
        input.nodes.append({u"n%1"_s.arg(i), QSizeF(200 + 10 * i, 80)});
    input.edges = {{0, 1}, {0, 2}, {1, 3}, {2, 3}, {4, 5}, {3, 5}, {0, 1}};
    const LayoutResult first = computeLayout(input);
    QVERIFY(first.usedGraphviz);
    for (int round = 0; round < 3; ++round) {
        const LayoutResult again = computeLayout(input);
        QCOMPARE(again.centers, first.centers);
    }

    // Two scenes of the same text place every node alike.
    DockerfileDocument a;
    DockerfileDocument b;
    a.setText(withCopies);
    b.setText(withCopies);
    StageGraphScene sceneA(&a);
    StageGraphScene sceneB(&b);
    sceneA.layoutNow();
    sceneB.layoutNow();
    QCOMPARE(sceneA.nodes().size(), 3);
    for (StageGraphNode *node : sceneA.nodes())
        QCOMPARE(node->pos(), sceneB.node(node->key())->pos());
}

void TestStageGraph::layoutReadsLeftToRight()
{
    DockerfileDocument document;
    document.setText(withCopies);
    StageGraphScene scene(&document);
    scene.layoutNow();
    const StageGraphNode *builder = scene.node(u"stage:builder"_s);
    const StageGraphNode *runtime = scene.node(u"stage:runtime"_s);
    const StageGraphNode *nginx = scene.node(u"image:nginx:alpine"_s);
    QVERIFY(builder && runtime && nginx);
    QVERIFY(builder->sceneBoundingRect().right() < runtime->pos().x());
    QVERIFY(nginx->sceneBoundingRect().right() < runtime->pos().x());
    // Nodes never overlap.
    QVERIFY(!builder->sceneBoundingRect().intersects(nginx->sceneBoundingRect()));
}

void TestStageGraph::typingANewStageAddsANode()
{
    Fixture f(u"FROM alpine AS base\nRUN true\n"_s);
    QVERIFY(f.ready());
    QCOMPARE(f.scene->nodes().size(), 1);
    CodeEditor *editor = f.window.editor();
    editor->setFocus();
    editor->moveCursor(QTextCursor::End);
    QTest::keyClicks(editor, u"FROM base AS x"_s);
    QTRY_VERIFY(f.node(u"stage:x"_s));
    QCOMPARE(f.scene->nodes().size(), 2);
    // A FROM edge joins them, and the layout puts the new stage right of its base.
    QCOMPARE(f.scene->edges().size(), 1);
    QCOMPARE(f.scene->edges().first()->kind(), EdgeKind::From);
    QTRY_VERIFY(!f.scene->isLayoutPending());
    QVERIFY(f.node(u"stage:x"_s)->pos().x() > f.node(u"stage:base"_s)->sceneBoundingRect().right());
}

void TestStageGraph::typingKeepsItemsInPlace()
{
    Fixture f(twoStages);
    QVERIFY(f.ready());
    StageGraphNode *builder = f.node(u"stage:builder"_s);
    const QPointF before = builder->pos();
    const int horizontal = f.view->horizontalScrollBar()->value();
    const int vertical = f.view->verticalScrollBar()->value();
    CodeEditor *editor = f.window.editor();
    editor->setFocus();
    QTextCursor cursor(f.window.document()->textDocument()->findBlockByNumber(1));
    editor->setTextCursor(cursor);
    QTest::keyClicks(editor, u"RUN echo one"_s);
    QTest::keyClick(editor, Qt::Key_Return);
    // Same items, updated in place; no layout for a change that is not topological.
    QCOMPARE(f.node(u"stage:builder"_s), builder);
    QVERIFY(!f.scene->isLayoutPending());
    QCOMPARE(builder->pos(), before);
    QCOMPARE(builder->content().details, u"4 instructions"_s);
    QCOMPARE(f.view->horizontalScrollBar()->value(), horizontal);
    QCOMPARE(f.view->verticalScrollBar()->value(), vertical);
}

void TestStageGraph::dragCreatesCopyAndUndoRemovesIt()
{
    Fixture f(twoStages);
    QVERIFY(f.ready());
    StageGraphNode *builder = f.node(u"stage:builder"_s);
    StageGraphNode *runtime = f.node(u"stage:runtime"_s);
    drag(f.view->viewport(), f.toView(builder->port()->scenePos()), f.toView(middleOf(runtime)));

    // The path editor opens with the defaults (the builder's -o output); nothing changed yet.
    StageGraphInlineEditor *editor = f.scene->inlineEditor();
    QVERIFY(editor);
    QCOMPARE(f.text(), twoStages);
    QCOMPARE(editor->values(), QStringList({u"/out/app"_s, u"/out/app"_s}));
    QLineEdit *destination = editor->field(1);
    destination->selectAll();
    QTest::keyClicks(destination, u"/usr/local/bin/app"_s);
    QTest::keyClick(destination, Qt::Key_Return);

    const QString expected = u"FROM golang:1.23 AS builder\n"
                             "WORKDIR /src\n"
                             "RUN go build -o /out/app .\n"
                             "\n"
                             "FROM alpine:3.20 AS runtime\n"
                             "WORKDIR /app\n"
                             "COPY --from=builder /out/app /usr/local/bin/app\n"
                             "CMD [\"/app/app\"]\n"_s;
    QCOMPARE(f.text(), expected);
    QTRY_VERIFY(!f.scene->inlineEditor());
    QCOMPARE(f.scene->edges().size(), 1);
    QCOMPARE(f.scene->edges().first()->content().label, u"COPY /out/app"_s);

    // Undo and redo from the graph: the shortcuts reach the document's history.
    f.view->setFocus();
    QTest::keyClick(f.view, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(f.text(), twoStages);
    QTRY_COMPARE(f.scene->edges().size(), 0);
    QTest::keyClick(f.view, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(f.text(), expected);
}

void TestStageGraph::escapeCancelsTheCopyEditor()
{
    Fixture f(twoStages);
    QVERIFY(f.ready());
    drag(f.view->viewport(), f.toView(f.node(u"stage:builder"_s)->port()->scenePos()),
        f.toView(middleOf(f.node(u"stage:runtime"_s))));
    QPointer<StageGraphInlineEditor> editor = f.scene->inlineEditor();
    QVERIFY(editor);
    QTest::keyClicks(editor->field(0), u"/somewhere"_s);
    QTest::keyClick(editor->field(0), Qt::Key_Escape);
    QVERIFY(!f.scene->inlineEditor());
    QTRY_VERIFY(!editor); // deleted
    QCOMPARE(f.text(), twoStages);
    QVERIFY(!f.window.document()->textDocument()->isUndoAvailable());
}

void TestStageGraph::cycleDropChangesNothing()
{
    Fixture f(withCopies);
    QVERIFY(f.ready());
    StageGraphNode *builder = f.node(u"stage:builder"_s);
    StageGraphNode *runtime = f.node(u"stage:runtime"_s);

    // While dragging: the target shows the red indicator and the reason.
    dragOver(f, runtime, middleOf(builder));
    QCOMPARE(builder->dropState(), StageGraphNode::DropState::Refuse);
    QVERIFY(f.window.statusBar()->currentMessage().contains(u"cycle"_s));
    QTest::mouseRelease(f.view->viewport(), Qt::LeftButton, {}, f.toView(middleOf(builder)));

    QCOMPARE(builder->dropState(), StageGraphNode::DropState::None);
    QVERIFY(!f.scene->inlineEditor());
    QCOMPARE(f.text(), withCopies);
    QVERIFY(!f.window.document()->textDocument()->isUndoAvailable());
    QVERIFY(f.window.statusBar()->currentMessage().contains(u"cycle"_s));
}

void TestStageGraph::dropOnItselfOrAnImageIsRefused()
{
    Fixture f(withCopies);
    QVERIFY(f.ready());
    StageGraphNode *builder = f.node(u"stage:builder"_s);
    StageGraphNode *nginx = f.node(u"image:nginx:alpine"_s);
    QVERIFY(nginx);
    QVERIFY(!nginx->port()); // images are no source of COPY --from here

    const StageGraphConnectionDrag::Verdict self = f.scene->connectionDrag()->evaluate(0, middleOf(builder));
    QVERIFY(!self.accepted);
    QVERIFY(self.message.contains(u"itself"_s));

    dragOver(f, builder, middleOf(nginx));
    QCOMPARE(nginx->dropState(), StageGraphNode::DropState::Refuse);
    QVERIFY(f.window.statusBar()->currentMessage().contains(u"external image"_s));
    QTest::mouseRelease(f.view->viewport(), Qt::LeftButton, {}, f.toView(middleOf(nginx)));
    QVERIFY(!f.scene->inlineEditor());
    QCOMPARE(f.text(), withCopies);

    // A stage defined further down the file may be copied from, as BuildKit allows.
    DockerfileDocument document;
    document.setText(u"FROM alpine AS first\nFROM alpine AS later\n"_s);
    StageGraphScene scene(&document);
    scene.layoutNow();
    const StageGraphConnectionDrag::Verdict forward
        = scene.connectionDrag()->evaluate(1, middleOf(scene.node(u"stage:first"_s)));
    QVERIFY2(forward.accepted, qPrintable(forward.message));
}

void TestStageGraph::renameRewritesEveryReference()
{
    Fixture f(withCopies);
    QVERIFY(f.ready());
    StageGraphNode *builder = f.node(u"stage:builder"_s);
    const QPointF place = builder->pos();
    QTest::mouseDClick(f.view->viewport(), Qt::LeftButton, {}, f.toView(builder->titleSceneRect().center()));
    StageGraphInlineEditor *editor = f.scene->inlineEditor();
    QVERIFY(editor);
    QLineEdit *name = editor->field(0);
    QCOMPARE(name->text(), u"builder"_s);

    // A refused name keeps the editor open and says why.
    name->selectAll();
    QTest::keyClicks(name, u"runtime"_s);
    QTest::keyClick(name, Qt::Key_Return);
    QCOMPARE(f.text(), withCopies);
    QVERIFY(f.scene->inlineEditor());

    name->selectAll();
    QTest::keyClicks(name, u"compile"_s);
    QTest::keyClick(name, Qt::Key_Return);
    QString expected = withCopies;
    expected.replace(u"builder"_s, u"compile"_s);
    QCOMPARE(f.text(), expected);
    QVERIFY(expected.count(u"compile"_s) == 3);
    // The node is the same item, where it was.
    QCOMPARE(f.node(u"stage:compile"_s), builder);
    QCOMPARE(builder->pos(), place);

    // One undo step.
    f.view->setFocus();
    QTest::keyClick(f.view, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(f.text(), withCopies);
}

void TestStageGraph::deletingACopyEdgeRemovesItsInstruction()
{
    Fixture f(withCopies);
    QVERIFY(f.ready());
    StageGraphEdge *copy = nullptr;
    StageGraphEdge *mount = nullptr;
    for (StageGraphEdge *edge : f.scene->edges()) {
        if (edge->content().label == u"COPY /out/app")
            copy = edge;
        if (edge->kind() == EdgeKind::Mount)
            mount = edge;
    }
    QVERIFY(copy && mount);

    // A mount edge is not deleted (that would delete the whole RUN).
    QTest::mouseClick(f.view->viewport(), Qt::LeftButton, {}, f.toView(mount->labelRect().center()));
    QVERIFY(mount->isSelected());
    QTest::keyClick(f.view, Qt::Key_Delete);
    QCOMPARE(f.text(), withCopies);

    QTest::mouseClick(f.view->viewport(), Qt::LeftButton, {}, f.toView(copy->labelRect().center()));
    QVERIFY(f.scene->selectedItems() == QList<QGraphicsItem *>({copy}));
    QTest::keyClick(f.view, Qt::Key_Delete);
    QString expected = withCopies;
    expected.remove(u"COPY --from=builder /out/app /usr/bin/app\n"_s);
    QCOMPARE(f.text(), expected);
    QCOMPARE(f.scene->edges().size(), 2);
}

void TestStageGraph::deletingAStageAsksFirst()
{
    Fixture f(withCopies);
    QVERIFY(f.ready());
    bool answer = false;
    QString asked;
    f.view->setConfirmation([&](QWidget *, const QString &name) {
        asked = name;
        return answer;
    });
    StageGraphNode *builder = f.node(u"stage:builder"_s);
    QTest::mouseClick(f.view->viewport(), Qt::LeftButton, {}, f.toView(middleOf(builder)));
    QVERIFY(builder->isSelected());
    QTest::keyClick(f.view, Qt::Key_Delete);
    QCOMPARE(asked, u"builder"_s);
    QCOMPARE(f.text(), withCopies);

    answer = true;
    QTest::keyClick(f.view, Qt::Key_Delete);
    // The stage and the COPY --from that read from it are gone (the mount stays: the user edits RUN).
    QVERIFY(!f.text().contains(u"FROM golang"_s));
    QVERIFY(!f.text().contains(u"COPY --from=builder"_s));
    QTRY_VERIFY(!f.node(u"stage:builder"_s));
    f.window.editor()->undo();
    QCOMPARE(f.text(), withCopies);
}

void TestStageGraph::selectionFollowsBothWays()
{
    Fixture f(withCopies);
    QVERIFY(f.ready());
    CodeEditor *editor = f.window.editor();

    // Clicking a node puts the text cursor on its FROM line.
    QTest::mouseClick(f.view->viewport(), Qt::LeftButton, {}, f.toView(middleOf(f.node(u"stage:runtime"_s))));
    QCOMPARE(editor->textCursor().blockNumber(), 3);
    QVERIFY(f.node(u"stage:runtime"_s)->isCurrent());

    // Clicking an edge puts it on the edge's instruction.
    StageGraphEdge *nginx = nullptr;
    for (StageGraphEdge *edge : f.scene->edges()) {
        if (edge->content().label == u"COPY /etc/nginx")
            nginx = edge;
    }
    QVERIFY(nginx);
    QTest::mouseClick(f.view->viewport(), Qt::LeftButton, {}, f.toView(nginx->labelRect().center()));
    QCOMPARE(editor->textCursor().blockNumber(), 5);
    QVERIFY(nginx->isCurrent());

    // Moving the text cursor highlights its stage and the edge of its instruction.
    QTextCursor cursor(f.window.document()->textDocument()->findBlockByNumber(4));
    cursor.movePosition(QTextCursor::EndOfBlock);
    editor->setTextCursor(cursor);
    QVERIFY(f.node(u"stage:runtime"_s)->isCurrent());
    QVERIFY(!f.node(u"stage:builder"_s)->isCurrent());
    for (StageGraphEdge *edge : f.scene->edges())
        QCOMPARE(edge->isCurrent(), edge->content().label == u"COPY /out/app");
    editor->setTextCursor(QTextCursor(f.window.document()->textDocument()->findBlockByNumber(1)));
    QVERIFY(f.node(u"stage:builder"_s)->isCurrent());
    QVERIFY(!f.node(u"stage:runtime"_s)->isCurrent());
    for (StageGraphEdge *edge : f.scene->edges())
        QVERIFY(!edge->isCurrent());
}

void TestStageGraph::movedNodesKeepTheirPlace()
{
    Fixture f(twoStages);
    QVERIFY(f.ready());
    StageGraphNode *builder = f.node(u"stage:builder"_s);
    const QPointF before = builder->pos();
    const QPointF grip = middleOf(builder);
    drag(f.view->viewport(), f.toView(grip), f.toView(grip + QPointF(0, 150)));
    QVERIFY(builder->pos() != before);
    const QPointF moved = builder->pos();
    QCOMPARE(f.scene->userPositions().value(u"stage:builder"_s), moved);
    QVERIFY(f.text() == twoStages); // moving is view state, not text

    // A topology change lays out again; the moved node stays where it was put.
    QVERIFY(f.scene->addStage(u"alpine"_s, u"extra"_s));
    QTRY_VERIFY(f.node(u"stage:extra"_s));
    QTRY_VERIFY(!f.scene->isLayoutPending());
    QCOMPARE(f.node(u"stage:builder"_s)->pos(), moved);

    f.scene->resetPositions();
    QTRY_VERIFY(!f.scene->isLayoutPending());
    QVERIFY(f.scene->userPositions().isEmpty());
}

void TestStageGraph::targetChooserDimsUnneededStages()
{
    Fixture f(u"FROM alpine AS base\nFROM base AS test\nFROM base AS app\n"_s);
    QVERIFY(f.ready());
    QComboBox *chooser = f.window.targetChooser();
    QCOMPARE(chooser->count(), 4);
    QCOMPARE(chooser->currentText(), u"(last stage)"_s);
    QVERIFY(f.node(u"stage:app"_s)->content().target);
    QVERIFY(!f.node(u"stage:test"_s)->content().needed);
    QVERIFY(f.node(u"stage:test"_s)->opacity() < 1.0);

    chooser->setFocus();
    chooser->setCurrentIndex(chooser->findText(u"test"_s));
    emit chooser->activated(chooser->currentIndex());
    QCOMPARE(f.window.document()->analysisOptions().graph.target, std::string("test"));
    QVERIFY(f.node(u"stage:test"_s)->content().target);
    QVERIFY(f.node(u"stage:base"_s)->content().needed);
    QVERIFY(!f.node(u"stage:app"_s)->content().needed);
    QCOMPARE(f.node(u"stage:app"_s)->opacity(), graphstyle::dimmedOpacity);
}

void TestStageGraph::addStageFromTheGraph()
{
    Fixture f(twoStages);
    QVERIFY(f.ready());
    QVERIFY(!f.scene->addStage(u"alpine"_s, u"builder"_s)); // taken
    QCOMPARE(f.text(), twoStages);
    QVERIFY(f.scene->addStage(u"debian:bookworm-slim"_s, u"tools"_s));
    QCOMPARE(f.text(), twoStages + u"\nFROM debian:bookworm-slim AS tools\n"_s);
    QTRY_VERIFY(f.node(u"stage:tools"_s));
    f.view->setFocus();
    QTest::keyClick(f.view, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(f.text(), twoStages);
    QTRY_VERIFY(!f.node(u"stage:tools"_s));
}

void TestStageGraph::newStageDialog()
{
    DockerfileDocument document;
    document.setText(twoStages);
    StageGraphNewStageDialog dialog(document.analysis());
    auto *images = dialog.findChild<QTreeWidget *>(u"baseImages"_s);
    QVERIFY(images);
    QVERIFY(images->topLevelItemCount() >= StageGraphNewStageDialog::commonImages().size() + 2);
    QCOMPARE(dialog.stageName(), u"stage"_s);
    auto *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(ok->isEnabled());
    dialog.setStageName(u"runtime"_s);
    QVERIFY(!ok->isEnabled()); // the model refuses a taken name
    dialog.setStageName(u"final"_s);
    images->setCurrentItem(images->topLevelItem(images->topLevelItemCount() - 1)); // the stage "runtime"
    QCOMPARE(dialog.image(), u"runtime"_s);
    QVERIFY(ok->isEnabled());
}

void TestStageGraph::zoomAndFit()
{
    Fixture f(withCopies);
    QVERIFY(f.ready());
    QVERIFY(f.view->autoFit());
    const qreal fitted = f.view->zoom();
    QVERIFY(fitted > 0.2 && fitted <= 1.0);
    f.view->zoomIn();
    QVERIFY(f.view->zoom() > fitted);
    QVERIFY(!f.view->autoFit());
    f.view->zoomOut();
    f.view->zoomOut();
    QVERIFY(f.view->zoom() < fitted);
    // Dragging the canvas pans.
    f.view->zoomIn();
    f.view->zoomIn();
    f.view->zoomIn();
    QPoint empty;
    for (int y = 5; y < f.view->viewport()->height() && empty.isNull(); y += 20) {
        for (int x = 5; x < f.view->viewport()->width() && empty.isNull(); x += 20) {
            if (!f.view->itemAt(QPoint(x, y)))
                empty = QPoint(x, y);
        }
    }
    QVERIFY(!empty.isNull());
    const QPointF centre = f.view->mapToScene(f.view->viewport()->rect().center());
    drag(f.view->viewport(), empty, empty + QPoint(60, 40));
    QVERIFY(f.view->mapToScene(f.view->viewport()->rect().center()) != centre);
    f.view->fitToView();
    QCOMPARE(f.view->zoom(), fitted);
    // Everything is in sight after fitting.
    const QRectF visible = f.view->mapToScene(f.view->viewport()->rect()).boundingRect();
    QVERIFY(visible.contains(f.scene->graphRect()));
}

void TestStageGraph::exportSvgHasTheStageNames()
{
    QTemporaryDir dir;
    Fixture f(readExample(u"nodejs-inference.Dockerfile"_s));
    QVERIFY(f.ready());
    // Selection and cursor highlight are not part of the picture.
    f.node(u"stage:builder"_s)->setSelected(true);
    const QString path = dir.filePath(u"graph.svg"_s);
    QVERIFY(f.window.exportGraph(path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray svg = file.readAll();
    QVERIFY(svg.contains("<svg"));
    QVERIFY(svg.contains("builder"));
    QVERIFY(svg.contains("runtime"));
    QVERIFY(svg.contains("/app/dist"));
    QVERIFY(f.node(u"stage:builder"_s)->isSelected());
    // The same scene gives the same picture.
    QCOMPARE(renderGraph(*f.scene, GraphImageFormat::Svg), svg);
}

void TestStageGraph::exportPng()
{
    QTemporaryDir dir;
    Fixture f(twoStages);
    QVERIFY(f.ready());
    const QString path = dir.filePath(u"graph.png"_s);
    QVERIFY(f.window.exportGraph(path));
    QImage image(path);
    QVERIFY(!image.isNull());
    const QRectF rect = f.scene->graphRect();
    QVERIFY(image.width() >= rect.width() * 2);
    QVERIFY(!f.window.exportGraph(dir.filePath(u"graph.gif"_s)));
}

void TestStageGraph::commandLineDrawsSvgAndPng()
{
    QTemporaryDir dir;
    const QString dockerfile
        = QStringLiteral(STAGECRAFT_SOURCE_DIR) + u"/resources/examples/nodejs-inference.Dockerfile"_s;
    const auto run = [](const QStringList &arguments, QByteArray *out) {
        QProcess process;
        // The command line picks the offscreen platform itself, display or not.
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(u"QT_QPA_PLATFORM"_s);
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(STAGECRAFT_BINARY), arguments);
        if (!process.waitForFinished(120000))
            return -1;
        *out = process.readAllStandardOutput();
        const QByteArray err = process.readAllStandardError();
        if (!err.isEmpty())
            qWarning("%s", err.constData());
        return process.exitCode();
    };
    QByteArray svg;
    QCOMPARE(run({u"graph"_s, u"--format"_s, u"svg"_s, dockerfile}, &svg), 0);
    QVERIFY(svg.contains("<svg"));
    QVERIFY(svg.contains("builder"));
    QVERIFY(svg.contains("runtime"));
    // Deterministic: the same input draws the same picture.
    QByteArray again;
    QCOMPARE(run({u"graph"_s, u"--format=svg"_s, dockerfile}, &again), 0);
    QCOMPARE(again, svg);

    // The editor's export draws the very same picture.
    Fixture f(readExample(u"nodejs-inference.Dockerfile"_s));
    QVERIFY(f.ready());
    const QString exported = dir.filePath(u"exported.svg"_s);
    QVERIFY(f.window.exportGraph(exported));
    QFile file(exported);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), svg);

    const QString png = dir.filePath(u"graph.png"_s);
    QByteArray none;
    QCOMPARE(run({u"graph"_s, u"--format"_s, u"png"_s, u"-o"_s, png, dockerfile}, &none), 0);
    QVERIFY(none.isEmpty());
    QImage image(png);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() > 400);
}

QTEST_MAIN(TestStageGraph)
#include "test_stage_graph.moc"

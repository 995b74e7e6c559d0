// SPDX-License-Identifier: MIT
// The shared document: analysis after every change, precise change signals, graph
// actions as single undo steps, lossless load/save, byte <-> document positions.

#include "document/dockerfile_document.h"
#include "size/history_import.h"
#include "size/size_report.h"
#include "test_support.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>

#include <algorithm>

using namespace stagecraft;
using namespace Qt::StringLiterals;

namespace {

/// A file of tests/data/size, where the size tests keep the Node.js service's Dockerfile and
/// the measurements of the image built from it.
QString sizeData(const QString &name)
{
    return QStringLiteral(STAGECRAFT_TEST_DATA "/size/") + name;
}

/// The measurement in a file of tests/data/size; null when it does not parse.
std::shared_ptr<const Measurement> measurementIn(const QString &name)
{
    std::optional<Measurement> measurement = parseMeasurement(test::readBytes(sizeData(name)).toStdString());
    return measurement ? std::make_shared<const Measurement>(std::move(*measurement)) : nullptr;
}

bool sameFigure(const SizeFigure &a, const SizeFigure &b)
{
    return a.bytes == b.bytes && a.low == b.low && a.high == b.high && a.source == b.source;
}

} // namespace

class TestDocument : public QObject {
    Q_OBJECT

private slots:
    void typingANewStageChangesTheTopology()
    {
        DockerfileDocument document;
        document.setText(u"FROM alpine AS base\nRUN true\n"_s);
        QCOMPARE(document.analysis()->graph.stages().size(), size_t(1));
        QSignalSpy topology(&document, &DockerfileDocument::topologyChanged);
        QSignalSpy analysis(&document, &DockerfileDocument::analysisChanged);

        QTextCursor cursor(document.textDocument());
        cursor.movePosition(QTextCursor::End);
        cursor.insertText(u"# a comment\n"_s);
        QCOMPARE(topology.count(), 0); // a comment changes no stage
        QCOMPARE(analysis.count(), 1);

        cursor.insertText(u"FROM base AS app\n"_s);
        QCOMPARE(topology.count(), 1);
        QCOMPARE(document.analysis()->graph.stages().size(), size_t(2));
        QCOMPARE(document.analysis()->graph.stages()[1].name, std::string("app"));
    }

    void addCopyFromIsOneUndoStep()
    {
        DockerfileDocument document;
        const QString original = u"FROM golang AS build\nRUN go build -o /app\n\nFROM alpine\nCMD [\"/app\"]\n"_s;
        document.setText(original);
        const GraphEdit edit = document.addCopyFrom(0, 1, u"/app"_s, u"/app"_s);
        QVERIFY2(edit.ok(), edit.refusal.c_str());
        const QString expected
            = u"FROM golang AS build\nRUN go build -o /app\n\nFROM alpine\nCOPY --from=build /app /app\nCMD [\"/app\"]\n"_s;
        QCOMPARE(document.textDocument()->toPlainText(), expected);
        const auto &edges = document.analysis()->graph.edges();
        QVERIFY(std::any_of(edges.begin(), edges.end(),
            [](const Edge &e) { return e.kind == EdgeKind::Copy && e.source == 0 && e.target == 1; }));
        document.textDocument()->undo();
        QCOMPARE(document.textDocument()->toPlainText(), original);
        document.textDocument()->redo();
        QCOMPARE(document.textDocument()->toPlainText(), expected);
    }

    void refusedDropChangesNothing()
    {
        DockerfileDocument document;
        const QString original = u"FROM a AS x\nFROM b AS y\nCOPY --from=x / /\n"_s;
        document.setText(original);
        QSignalSpy analysis(&document, &DockerfileDocument::analysisChanged);
        const GraphEdit edit = document.addCopyFrom(1, 0, u"/"_s, u"/"_s);
        QVERIFY(!edit.ok());
        QCOMPARE(document.textDocument()->toPlainText(), original);
        QCOMPARE(analysis.count(), 0);
        QVERIFY(!document.textDocument()->isUndoAvailable());
    }

    void renameRewritesReferencesAndUndoes()
    {
        DockerfileDocument document;
        const QString original = u"FROM a AS build\nFROM b\nCOPY --from=build /x /x\n"_s;
        document.setText(original);
        QVERIFY(document.renameStage(0, u"compile"_s).ok());
        QCOMPARE(document.textDocument()->toPlainText(), u"FROM a AS compile\nFROM b\nCOPY --from=compile /x /x\n"_s);
        document.textDocument()->undo();
        QCOMPARE(document.textDocument()->toPlainText(), original);
    }

    void positionsMapBothWays_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("position");
        QTest::newRow("ascii") << u"FROM a\nRUN b\n"_s << 9;
        QTest::newRow("two-byte") << u"LABEL x=\u00e9\u00e9\nRUN b\n"_s << 12;
        QTest::newRow("astral") << u"LABEL x=\U0001F600y\nRUN b\n"_s << 10;
        QTest::newRow("end") << u"FROM a"_s << 6;
    }

    void positionsMapBothWays()
    {
        QFETCH(QString, text);
        QFETCH(int, position);
        DockerfileDocument document;
        document.setText(text);
        const uint32_t offset = document.offsetOf(position);
        QCOMPARE(document.positionOf(offset), position);
        // The byte at the offset is the character at the position.
        const QString before = document.textDocument()->toPlainText().left(position);
        QCOMPARE(offset, uint32_t(before.toUtf8().size()));
    }

    void stageAtPosition()
    {
        DockerfileDocument document;
        document.setText(u"ARG X=1\nFROM a AS one\nRUN x\nFROM b\n"_s);
        QCOMPARE(document.stageAt(0), -1);
        QCOMPARE(document.stageAt(10), 0);
        QCOMPARE(document.stageAt(document.textDocument()->toPlainText().indexOf(u"FROM b"_s)), 1);
    }

    void loadAndSaveKeepBomAndCrlf()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"Dockerfile"_s);
        const QByteArray bytes("\xEF\xBB\xBF"
                               "FROM alpine\r\nRUN echo \xC3\xA9\r\n");
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(bytes);
        }
        DockerfileDocument document;
        QVERIFY(document.load(path));
        QCOMPARE(document.textDocument()->toPlainText(), u"FROM alpine\nRUN echo \u00e9\n"_s);
        QVERIFY(!document.hadInvalidUtf8());
        const QString copy = dir.filePath(u"copy"_s);
        QVERIFY(document.save(copy));
        QFile saved(copy);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        QCOMPARE(saved.readAll(), bytes);
    }

    void loadReportsMissingFile()
    {
        DockerfileDocument document;
        document.setText(u"FROM keep\n"_s);
        QString error;
        QVERIFY(!document.load(u"/nonexistent/Dockerfile"_s, &error));
        QVERIFY(error.contains(u"/nonexistent/Dockerfile"_s));
        QCOMPARE(document.textDocument()->toPlainText(), u"FROM keep\n"_s);
    }

    void targetOptionChangesReachability()
    {
        DockerfileDocument document;
        document.setText(u"FROM a AS one\nFROM b AS two\n"_s);
        QVERIFY(!document.analysis()->graph.reachable(0));
        QSignalSpy topology(&document, &DockerfileDocument::topologyChanged);
        AnalysisOptions options;
        options.graph.target = "one";
        document.setAnalysisOptions(options);
        QCOMPARE(topology.count(), 1);
        QVERIFY(document.analysis()->graph.reachable(0));
        QVERIFY(!document.analysis()->graph.reachable(1));
    }

    void measurementReplacesMatchedLayers()
    {
        DockerfileDocument document;
        document.setText(QString::fromUtf8(test::readBytes(sizeData(u"nodejs-runtime-fixed.Dockerfile"_s))));
        const std::shared_ptr<const Analysis> estimated = document.analysis();
        const std::shared_ptr<const Measurement> history = measurementIn(u"node-history.jsonl"_s);
        QVERIFY(history);
        QSignalSpy sizes(&document, &DockerfileDocument::sizesChanged);

        document.setMeasurement(history);
        QCOMPARE(document.measurement(), history);
        QCOMPARE(sizes.count(), 1);
        const std::shared_ptr<const Analysis> analysis = document.analysis();
        const SizeReport &measured = analysis->size;
        QCOMPARE(measured.measurement, std::string("docker history"));
        QCOMPARE(measured.measuredLayers, 8); // WORKDIR, ENV, COPY, RUN, COPY --from, USER, EXPOSE, CMD
        // The runtime stage's layers (lines 13 COPY package*.json, 14 RUN npm ci, 15 COPY --from)
        // carry what docker history recorded for each, and keep the estimate beside it.
        const StageSize &runtime = measured.stages.at(1);
        const StageSize &runtimeEstimated = estimated->size.stages.at(1);
        const std::vector<std::pair<int, int64_t>> expected = {{13, 28'700}, {14, 3'370'000}, {15, 41'200}};
        QCOMPARE(runtime.layers.size(), expected.size());
        for (size_t i = 0; i < expected.size(); ++i) {
            const LayerSize &layer = runtime.layers[i];
            QCOMPARE(layer.line, expected[i].first);
            QCOMPARE(layer.figure.source, SizeSource::Measured);
            QCOMPARE(layer.figure.bytes, expected[i].second);
            QVERIFY(layer.estimate);
            QVERIFY(sameFigure(*layer.estimate, runtimeEstimated.layers[i].figure));
            // The estimate keeps its explanation; the layer shows the measurement's.
            QCOMPARE(layer.estimate->note, std::string(runtimeEstimated.layers[i].note()));
            QVERIFY(!layer.estimate->note.empty());
            QCOMPARE(layer.note(), std::string_view(layer.figure.note));
        }
        QCOMPARE(runtime.base.figure.source, SizeSource::Measured);
        QVERIFY(runtime.measured);
        // The builder is not part of the image: it stays estimated.
        for (const LayerSize &layer : measured.stages.at(0).layers)
            QVERIFY(layer.figure.source != SizeSource::Measured && !layer.estimate);

        // The measurement stays with the text as it is edited.
        QTextCursor cursor(document.textDocument());
        cursor.movePosition(QTextCursor::End);
        cursor.insertText(u"# measured\n"_s);
        QCOMPARE(document.analysis()->size.measuredLayers, 8);

        // Cleared, the estimate is back.
        sizes.clear();
        document.setMeasurement(nullptr);
        QCOMPARE(sizes.count(), 1);
        const std::shared_ptr<const Analysis> estimatedAgain = document.analysis();
        const SizeReport &cleared = estimatedAgain->size;
        QVERIFY(cleared.measurement.empty());
        QCOMPARE(cleared.stages.size(), estimated->size.stages.size());
        for (size_t i = 0; i < cleared.stages.size(); ++i) {
            const StageSize &stage = cleared.stages[i];
            QVERIFY(!stage.measured);
            QVERIFY(!stage.base.estimate);
            QVERIFY(sameFigure(stage.base.figure, estimated->size.stages[i].base.figure));
            QCOMPARE(stage.layers.size(), estimated->size.stages[i].layers.size());
            for (size_t j = 0; j < stage.layers.size(); ++j) {
                QVERIFY(!stage.layers[j].estimate);
                QVERIFY(sameFigure(stage.layers[j].figure, estimated->size.stages[i].layers[j].figure));
            }
        }
    }

    // A measurement is of the image built for one target: chosen another, the estimate shows;
    // chosen again, the measurement is back.
    void measurementBelongsToItsTarget()
    {
        DockerfileDocument document;
        document.setText(QString::fromUtf8(test::readBytes(sizeData(u"nodejs-runtime-fixed.Dockerfile"_s))));
        document.setMeasurement(measurementIn(u"node-history.jsonl"_s));
        QCOMPARE(document.analysis()->size.measuredLayers, 8);

        AnalysisOptions options = document.analysisOptions();
        options.graph.target = "builder";
        document.setAnalysisOptions(options);
        QCOMPARE(document.analysis()->size.target, 0);
        QVERIFY(document.analysis()->size.measurement.empty());
        QCOMPARE(document.analysis()->size.measuredLayers, 0);
        QVERIFY(document.measurement()); // kept for when its target is chosen again

        options.graph.target.clear();
        document.setAnalysisOptions(options);
        QCOMPARE(document.analysis()->size.measuredLayers, 8);

        // Imported while the builder is the target, it is the builder's.
        options.graph.target = "builder";
        document.setAnalysisOptions(options);
        document.setMeasurement(measurementIn(u"node-inspect.json"_s));
        QVERIFY(document.analysis()->size.stages.at(0).measured);
        options = document.analysisOptions();
        options.graph.target.clear();
        document.setAnalysisOptions(options);
        QVERIFY(!document.analysis()->size.stages.at(1).measured);
    }

    // docker image inspect only has the total: the layers stay estimated, but the sizes differ.
    void measuredTotalChangesTheSizes()
    {
        DockerfileDocument document;
        document.setText(QString::fromUtf8(test::readBytes(sizeData(u"nodejs-runtime-fixed.Dockerfile"_s))));
        const std::shared_ptr<const Measurement> inspect = measurementIn(u"node-inspect.json"_s);
        QVERIFY(inspect);
        QSignalSpy sizes(&document, &DockerfileDocument::sizesChanged);
        document.setMeasurement(inspect);
        QVERIFY(document.analysis()->size.stages.at(1).measured);
        QCOMPARE(sizes.count(), 1);
        document.setMeasurement(nullptr);
        QCOMPARE(sizes.count(), 2);
    }

    void outlineComparisonIgnoresPlaces_data()
    {
        QTest::addColumn<QString>("after");
        QTest::addColumn<bool>("same");
        QTest::newRow("moved down") << u"# a comment\nARG V=1\nFROM alpine AS app\nARG TOKEN\n"_s << true;
        QTest::newRow("default changed") << u"ARG V=2\nFROM alpine AS app\nARG TOKEN\n"_s << false;
        QTest::newRow("arg renamed") << u"ARG V=1\nFROM alpine AS app\nARG TOKENS\n"_s << false;
        QTest::newRow("stage renamed") << u"ARG V=1\nFROM alpine AS web\nARG TOKEN\n"_s << false;
    }

    void outlineComparisonIgnoresPlaces()
    {
        QFETCH(QString, after);
        QFETCH(bool, same);
        DockerfileDocument document;
        document.setText(u"ARG V=1\nFROM alpine AS app\nARG TOKEN\n"_s);
        const std::shared_ptr<const Analysis> before = document.analysis();
        document.setText(after);
        QCOMPARE(sameExceptPlaces(before->outline, document.analysis()->outline), same);
        QVERIFY(before->outline != document.analysis()->outline); // the places moved, or more
    }

    // The outline's secrets, in source order: ARGs and ENVs named like secrets and secret mounts
    // however BuildKit would read them (keys and type in any case, quoted CSV fields).
    void outlineSecrets_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("secrets");
        QTest::newRow("global and stage")
            << u"ARG API_TOKEN\nARG VERSION=1\nFROM alpine AS app\nENV DB_PASSWORD=x PATH=/bin\nARG TOKEN_FILE\n"_s
            << QStringList {u"API_TOKEN@1"_s, u"DB_PASSWORD@4"_s};
        QTest::newRow("secret mounts")
            << u"FROM alpine\nRUN --mount=type=secret,id=npmrc true\nRUN --mount=TYPE=Secret,target=/run/s/key true\n"
               "RUN --mount=\"type=secret\",id=q true\n"_s
            << QStringList {u"npmrc@2"_s, u"key@3"_s, u"q@4"_s};
        QTest::newRow("not secrets")
            << u"FROM alpine\nRUN --mount=type=cache,target=/secret true\nRUN --mount=type=bind,source=secrets true\n"
               "ENV SECRET_PATH=/x\n"_s
            << QStringList {};
        QTest::newRow("two stages in order")
            << u"FROM alpine AS a\nARG NPM_TOKEN\nFROM a AS b\nRUN --mount=type=secret,id=s true\nARG GH_PAT\n"_s
            << QStringList {u"NPM_TOKEN@2"_s, u"s@4"_s, u"GH_PAT@5"_s};
    }

    void outlineSecrets()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, secrets);
        DockerfileDocument document;
        document.setText(text);
        QStringList found;
        for (const OutlineItem &secret : document.analysis()->outline.secrets)
            found.append(QString::fromStdString(secret.name) + u'@' + QString::number(secret.line));
        QCOMPARE(found, secrets);
    }

    // A diagnostic's lines and column (in characters) are where the editor shows its range: the
    // document's blocks are the oracle. The ranges are made here to reach the corners: characters
    // of two and four bytes before a start, ranges over lines, empty, past the end.
    void diagnosticLinesAndColumns_data()
    {
        QTest::addColumn<bool>("reversed"); ///< the list out of order (lint sorts it; the lines must not rely on it)
        QTest::addRow("sorted") << false;
        QTest::addRow("reversed") << true;
    }

    void diagnosticLinesAndColumns()
    {
        QFETCH(bool, reversed);
        DockerfileDocument document;
        document.setText(u"FROM alpine\nLABEL a=\"caf\u00e9 \U0001F40B\" b=1\nRUN x \\\n  y\n\nCMD z"_s);
        const std::shared_ptr<const Analysis> analysis = document.analysis();
        const SyntaxTree &tree = *analysis->tree;
        const std::string_view text = tree.text();
        const auto at = [&](std::string_view needle) { return static_cast<uint32_t>(text.find(needle)); };
        const auto size = static_cast<uint32_t>(text.size());
        std::vector<LintDiagnostic> diagnostics;
        for (const SourceRange range : {SourceRange {0, 4}, SourceRange {at("b=1"), at("b=1") + 3},
                 SourceRange {at("RUN"), at("y") + 1}, SourceRange {at("\n\nCMD") + 1, at("\n\nCMD") + 1},
                 SourceRange {at("z"), size}, SourceRange {size, size}, SourceRange {size + 5, size + 9}}) {
            LintDiagnostic diagnostic;
            diagnostic.range = range;
            diagnostics.push_back(diagnostic);
        }
        if (reversed)
            std::reverse(diagnostics.begin(), diagnostics.end());

        const std::vector<DiagnosticLines> lines = findDiagnosticLines(tree, diagnostics);
        QCOMPARE(lines.size(), diagnostics.size());
        const QTextDocument *blocks = document.textDocument();
        for (size_t i = 0; i < diagnostics.size(); ++i) {
            const SourceRange range = diagnostics[i].range;
            const int begin = document.positionOf(range.begin);
            const QTextBlock first = blocks->findBlock(begin);
            const QTextBlock last
                = blocks->findBlock(document.positionOf(range.end > range.begin ? range.end - 1 : range.begin));
            QCOMPARE(lines[i].first, first.blockNumber() + 1);
            QCOMPARE(lines[i].last, last.blockNumber() + 1);
            QCOMPARE(columnOf(tree, lines[i].first, range.begin), begin - first.position() + 1);
        }
        // The corners were reached: a column past two non-ASCII characters (one of two UTF-16
        // units), a range over two lines.
        QCOMPARE(columnOf(tree, 2, at("b=1")), 19);
        const auto run = std::find_if(diagnostics.begin(), diagnostics.end(),
            [&](const LintDiagnostic &diagnostic) { return diagnostic.range.begin == at("RUN"); });
        QCOMPARE(lines[static_cast<size_t>(run - diagnostics.begin())], (DiagnosticLines {3, 4}));
        // The analysis finds its own diagnostics' lines the same way.
        QCOMPARE(analysis->diagnosticLines, findDiagnosticLines(tree, analysis->lint.diagnostics));
    }

    // The analysis reads what toPlainText() gives, in UTF-8, whether it runs here or on the worker.
    void analysedTextIsThePlainText_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<bool>("onWorker");
        const QList<std::pair<const char *, QString>> texts {
            {"ascii", u"RUN echo hello\n"_s},
            {"line separator", u"RUN echo one\u2028two\n"_s},
            {"paragraph separator", u"RUN echo one\u2029two\n"_s},
            {"no-break space", u"RUN echo\u00a0hello\n"_s},
            {"non-ASCII", u"LABEL name=\"caf\u00e9 \U0001F40B\"\n"_s},
        };
        for (const auto &[name, text] : texts) {
            QTest::addRow("%s, here", name) << text << false;
            QTest::addRow("%s, on the worker", name) << text << true;
        }
    }

    void analysedTextIsThePlainText()
    {
        QFETCH(QString, typed);
        QFETCH(bool, onWorker);
        DockerfileDocument document;
        if (onWorker)
            document.setBackgroundThreshold(0);
        document.setText(u"FROM alpine\n"_s);
        QTextCursor cursor(document.textDocument());
        cursor.movePosition(QTextCursor::End);
        cursor.insertText(typed);
        QCOMPARE(document.isAnalysisPending(), onWorker);
        QTRY_VERIFY(!document.isAnalysisPending());
        const std::string expected = document.textDocument()->toPlainText().toStdString();
        QCOMPARE(document.analysis()->tree->text(), std::string_view(expected));
    }

    // Big texts are analysed on a worker thread; a threshold of 0 sends every text there.
    void backgroundAnalysisFollowsTyping()
    {
        DockerfileDocument document;
        document.setBackgroundThreshold(0);
        document.setText(u"FROM alpine AS base\n"_s);
        QVERIFY(!document.isAnalysisPending()); // setText analyses before it returns
        QSignalSpy analysis(&document, &DockerfileDocument::analysisChanged);
        QSignalSpy topology(&document, &DockerfileDocument::topologyChanged);

        QTextCursor cursor(document.textDocument());
        cursor.movePosition(QTextCursor::End);
        cursor.insertText(u"FROM base AS app\n"_s);
        // The edit returns at once; the analysis describes the older text until the worker is done.
        QVERIFY(document.isAnalysisPending());
        QCOMPARE(analysis.count(), 0);
        QCOMPARE(document.analysis()->graph.stages().size(), size_t(1));

        QTRY_VERIFY(!document.isAnalysisPending());
        QCOMPARE(analysis.count(), 1);
        QCOMPARE(topology.count(), 1);
        QCOMPARE(document.analysis()->graph.stages().size(), size_t(2));
    }

    // The size estimate after a keystroke takes over the stages the edit left alone, both when
    // the document analyses here and on its worker; the figures are those of a fresh analysis.
    void typingReusesUntouchedStages_data()
    {
        QTest::addColumn<int>("backgroundThreshold");
        QTest::newRow("analysed here") << 1'000'000;
        QTest::newRow("analysed on the worker") << 0;
    }

    void typingReusesUntouchedStages()
    {
        QFETCH(int, backgroundThreshold);
        DockerfileDocument document;
        document.setBackgroundThreshold(backgroundThreshold);
        document.setText(u"FROM debian:bookworm-slim AS base\nRUN apt-get update && apt-get install -y curl\n"
                         "FROM python:3.12-slim AS tools\nRUN pip install requests\n"
                         "FROM base AS app\nCOPY --from=tools /usr/local/lib /usr/local/lib\n"_s);
        QCOMPARE(document.analysis()->size.reusedStages, 0);

        QTextCursor cursor(document.textDocument());
        cursor.movePosition(QTextCursor::End);
        cursor.insertText(u"RUN pip install flask\n"_s);
        QTRY_VERIFY(!document.isAnalysisPending());
        const std::shared_ptr<const Analysis> typed = document.analysis();
        QCOMPARE(typed->size.reusedStages, 2);

        const auto fresh = analyze(std::string(typed->tree->text()), {}, 1);
        QCOMPARE(fresh->size.reusedStages, 0);
        const SizeReportInfo info;
        QCOMPARE(QString::fromStdString(sizeReportToJson(typed->size, info).dump(1)),
            QString::fromStdString(sizeReportToJson(fresh->size, info).dump(1)));
    }

    void editsDuringAnalysisAreCoalesced()
    {
        DockerfileDocument document;
        document.setBackgroundThreshold(0);
        document.setText(u"FROM alpine AS base\n"_s);
        QSignalSpy analysis(&document, &DockerfileDocument::analysisChanged);
        QTextCursor cursor(document.textDocument());
        cursor.movePosition(QTextCursor::End);
        // Three edits in one turn of the event loop: the first starts the worker, the other two
        // wait for it and then share a single run.
        cursor.insertText(u"FROM base AS one\n"_s);
        cursor.insertText(u"FROM base AS two\n"_s);
        cursor.insertText(u"FROM base AS three\n"_s);
        QTRY_VERIFY(!document.isAnalysisPending());
        QCOMPARE(analysis.count(), 2);
        QCOMPARE(document.analysis()->graph.stages().size(), size_t(4));
        QCOMPARE(document.analysis()->graph.stages()[3].name, std::string("three"));
    }

    void graphActionsWaitForTheLatestText()
    {
        DockerfileDocument document;
        document.setBackgroundThreshold(0);
        document.setText(u"FROM golang AS build\n"_s);
        QTextCursor cursor(document.textDocument());
        cursor.movePosition(QTextCursor::End);
        cursor.insertText(u"FROM alpine AS app\n"_s);
        QVERIFY(document.isAnalysisPending());
        // Stage 1 exists only in the text so far: the action must see it.
        const GraphEdit edit = document.addCopyFrom(0, 1, u"/out"_s, u"/app"_s);
        QVERIFY2(edit.ok(), edit.refusal.c_str());
        QCOMPARE(document.textDocument()->toPlainText(),
            u"FROM golang AS build\nFROM alpine AS app\nCOPY --from=build /out /app\n"_s);
        QTRY_VERIFY(!document.isAnalysisPending());
        const auto &edges = document.analysis()->graph.edges();
        QCOMPARE(edges.size(), size_t(1));
        QCOMPARE(edges[0].kind, EdgeKind::Copy);
        QCOMPARE(edges[0].target, 1);
    }

    void staleEditsAreRefused()
    {
        DockerfileDocument document;
        document.setBackgroundThreshold(0);
        document.setText(u"FROM alpine\nRUN true\n"_s);
        // A fix computed on this analysis: replace "true" on line 2.
        const uint32_t at = static_cast<uint32_t>(std::string_view("FROM alpine\nRUN ").size());
        const std::vector<TextEdit> edits {{{at, at + 4}, "false"}};
        QTextCursor cursor(document.textDocument());
        cursor.insertText(u"# moved\n"_s);
        // The text moved under the edit's range: applying it now would hit the wrong bytes.
        QVERIFY(!document.applyEdits(edits));
        QCOMPARE(document.textDocument()->toPlainText(), u"# moved\nFROM alpine\nRUN true\n"_s);
        document.ensureCurrent();
        QVERIFY(!document.isAnalysisPending());
        QVERIFY(document.applyEdits({{{at + 8, at + 12}, "false"}}));
        QCOMPARE(document.textDocument()->toPlainText(), u"# moved\nFROM alpine\nRUN false\n"_s);
    }

    void destroyedWhileAnalysing()
    {
        auto document = std::make_unique<DockerfileDocument>();
        document->setBackgroundThreshold(0);
        QTextCursor cursor(document->textDocument());
        cursor.insertText(u"FROM alpine\nRUN apt-get install -y curl\n"_s);
        QVERIFY(document->isAnalysisPending());
        document.reset(); // waits for the worker; its result is dropped with the document
        QCoreApplication::processEvents();
    }
};

QTEST_MAIN(TestDocument)
#include "test_document.moc"

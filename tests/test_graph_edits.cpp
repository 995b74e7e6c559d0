// SPDX-License-Identifier: MIT
// Graph actions become minimal text edits that keep the user's formatting.

#include "edit/graph_edits.h"
#include "edit/text_edits.h"
#include "graph/build_graph.h"
#include "syntax/syntax_tree.h"

#include <QTest>

using namespace stagecraft;
using namespace Qt::StringLiterals;

namespace {

struct Parsed {
    std::shared_ptr<const SyntaxTree> tree;
    BuildGraph graph;
};

Parsed parse(const QByteArray &text)
{
    Parsed parsed {parseDockerfile(text.toStdString()), {}};
    parsed.graph = buildGraph(*parsed.tree);
    return parsed;
}

QByteArray apply(const QByteArray &text, const GraphEdit &edit)
{
    std::string out = text.toStdString();
    if (!applyTextEdits(out, edit.edits))
        return QByteArrayLiteral("<edits do not apply>");
    return QByteArray::fromStdString(out);
}

} // namespace

class TestGraphEdits : public QObject {
    Q_OBJECT

private slots:
    void addCopyFrom_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("source");
        QTest::addColumn<int>("target");
        QTest::addColumn<QByteArray>("expected");

        QTest::newRow("after the last COPY, before CMD")
            << QByteArray("FROM golang AS build\nRUN go build -o /app\n\nFROM alpine\nWORKDIR /srv\n"
                          "COPY conf.yml ./\n# start\nCMD [\"/app\"]\n")
            << 0 << 1
            << QByteArray("FROM golang AS build\nRUN go build -o /app\n\nFROM alpine\nWORKDIR /srv\n"
                          "COPY conf.yml ./\nCOPY --from=build /src /dst\n# start\nCMD [\"/app\"]\n");
        QTest::newRow("after FROM when nothing else")
            << QByteArray("FROM a AS one\nFROM b\nCMD x\n") << 0 << 1
            << QByteArray("FROM a AS one\nFROM b\nCOPY --from=one /src /dst\nCMD x\n");
        QTest::newRow("lower-case file") << QByteArray("from a as one\nfrom b\nworkdir /w\n") << 0 << 1
                                         << QByteArray(
                                                "from a as one\nfrom b\nworkdir /w\ncopy --from=one /src /dst\n");
        QTest::newRow("unnamed source by index")
            << QByteArray("FROM a\nFROM b\n") << 0 << 1 << QByteArray("FROM a\nFROM b\nCOPY --from=0 /src /dst\n");
        QTest::newRow("forward reference is allowed")
            << QByteArray("FROM a AS first\nFROM b AS later\n") << 1 << 0
            << QByteArray("FROM a AS first\nCOPY --from=later /src /dst\nFROM b AS later\n");
        QTest::newRow("crlf kept") << QByteArray("FROM a AS x\r\nFROM b\r\n") << 0 << 1
                                   << QByteArray("FROM a AS x\r\nFROM b\r\nCOPY --from=x /src /dst\r\n");
        QTest::newRow("no final newline") << QByteArray("FROM a AS x\nFROM b") << 0 << 1
                                          << QByteArray("FROM a AS x\nFROM b\nCOPY --from=x /src /dst");
        QTest::newRow("indentation kept")
            << QByteArray("FROM a AS x\nFROM b\n    COPY y /y\n") << 0 << 1
            << QByteArray("FROM a AS x\nFROM b\n    COPY y /y\n    COPY --from=x /src /dst\n");
        QTest::newRow("after a heredoc")
            << QByteArray("FROM a AS x\nFROM b\nCOPY <<EOF /f\nhi\nEOF\nCMD z\n") << 0 << 1
            << QByteArray("FROM a AS x\nFROM b\nCOPY <<EOF /f\nhi\nEOF\nCOPY --from=x /src /dst\nCMD z\n");
        QTest::newRow("stage name as written")
            << QByteArray("FROM a AS Builder\nFROM b\n") << 0 << 1
            << QByteArray("FROM a AS Builder\nFROM b\nCOPY --from=Builder /src /dst\n");
    }

    void addCopyFrom()
    {
        QFETCH(QByteArray, input);
        QFETCH(int, source);
        QFETCH(int, target);
        QFETCH(QByteArray, expected);
        const Parsed parsed = parse(input);
        const GraphEdit edit = stagecraft::addCopyFrom(*parsed.tree, parsed.graph, source, target, "/src", "/dst");
        QVERIFY2(edit.ok(), edit.refusal.c_str());
        const QByteArray output = apply(input, edit);
        QCOMPARE(output, expected);
        // The placeholders select the two paths in the new text.
        QCOMPARE(edit.placeholders.size(), size_t(2));
        QCOMPARE(output.mid(edit.placeholders[0].begin, edit.placeholders[0].length()), QByteArray("/src"));
        QCOMPARE(output.mid(edit.placeholders[1].begin, edit.placeholders[1].length()), QByteArray("/dst"));
        // The result parses into the edge we asked for.
        const Parsed after = parse(output);
        bool found = false;
        for (const Edge &edge : after.graph.edges())
            found = found || (edge.kind == EdgeKind::Copy && edge.source == source && edge.target == target);
        QVERIFY(found);
    }

    void addCopyFromQuotesPathsWithSpaces()
    {
        const QByteArray input("FROM a AS x\nFROM b\n");
        const Parsed parsed = parse(input);
        const GraphEdit edit = stagecraft::addCopyFrom(*parsed.tree, parsed.graph, 0, 1, "/my dir", "/dst");
        const QByteArray output = apply(input, edit);
        QCOMPARE(output, QByteArray("FROM a AS x\nFROM b\nCOPY --from=x [\"/my dir\", \"/dst\"]\n"));
        QCOMPARE(output.mid(edit.placeholders[0].begin, edit.placeholders[0].length()), QByteArray("/my dir"));
    }

    void refusals_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("source");
        QTest::addColumn<int>("target");
        QTest::newRow("itself") << QByteArray("FROM a AS x\n") << 0 << 0;
        QTest::newRow("direct cycle") << QByteArray("FROM a AS x\nFROM b AS y\nCOPY --from=x / /\n") << 1 << 0;
        QTest::newRow("cycle through FROM")
            << QByteArray("FROM a AS x\nFROM x AS y\nFROM b AS z\nCOPY --from=y / /\n") << 2 << 0;
        QTest::newRow("no such stage") << QByteArray("FROM a\n") << 0 << 3;
    }

    void refusals()
    {
        QFETCH(QByteArray, input);
        QFETCH(int, source);
        QFETCH(int, target);
        const Parsed parsed = parse(input);
        const GraphEdit edit = stagecraft::addCopyFrom(*parsed.tree, parsed.graph, source, target, "/a", "/b");
        QVERIFY(!edit.ok());
        QVERIFY(edit.edits.empty());
        QVERIFY(!edit.refusal.empty());
    }

    void renameStage_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("stage");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("expected"); // empty: refused

        QTest::newRow("every reference")
            << QByteArray("FROM a AS build\nFROM build AS test\nFROM b\nCOPY --from=BUILD /x /x\n"
                          "RUN --mount=type=cache,from=build,target=/c make\nCOPY --from=0 /y /y\n")
            << 0 << u"compile"_s
            << QByteArray("FROM a AS compile\nFROM compile AS test\nFROM b\nCOPY --from=compile /x /x\n"
                          "RUN --mount=type=cache,from=compile,target=/c make\nCOPY --from=0 /y /y\n");
        QTest::newRow("unnamed stage gains AS") << QByteArray("FROM a\nFROM b\nCOPY --from=0 / /\n") << 0 << u"base"_s
                                                << QByteArray("FROM a AS base\nFROM b\nCOPY --from=0 / /\n");
        QTest::newRow("lower-case as") << QByteArray("from a\n") << 0 << u"base"_s << QByteArray("from a as base\n");
        QTest::newRow("invalid name") << QByteArray("FROM a AS x\n") << 0 << u"1st"_s << QByteArray();
        QTest::newRow("reserved name") << QByteArray("FROM a AS x\n") << 0 << u"scratch"_s << QByteArray();
        QTest::newRow("taken name") << QByteArray("FROM a AS x\nFROM b AS y\n") << 0 << u"Y"_s << QByteArray();
    }

    void renameStage()
    {
        QFETCH(QByteArray, input);
        QFETCH(int, stage);
        QFETCH(QString, name);
        QFETCH(QByteArray, expected);
        const Parsed parsed = parse(input);
        const GraphEdit edit = stagecraft::renameStage(*parsed.tree, parsed.graph, stage, name.toStdString());
        if (expected.isEmpty()) {
            QVERIFY(!edit.ok());
            return;
        }
        QVERIFY2(edit.ok(), edit.refusal.c_str());
        QCOMPARE(apply(input, edit), expected);
    }

    void removeInstructionTakesHeredocs()
    {
        const QByteArray input("FROM a\nRUN <<EOF\necho\nEOF\nCMD x\n");
        const Parsed parsed = parse(input);
        const GraphEdit edit = stagecraft::removeInstruction(*parsed.tree, 1);
        QCOMPARE(apply(input, edit), QByteArray("FROM a\nCMD x\n"));
    }

    void removeStage_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("stage");
        QTest::addColumn<QByteArray>("expected"); // empty: refused
        QTest::newRow("with its copies") << QByteArray(
            "FROM a AS tools\nRUN make\n\nFROM b\nCOPY --from=tools /t /t\nCOPY x /x\n")
                                         << 0 << QByteArray("\nFROM b\nCOPY x /x\n");
        QTest::newRow("refused while a stage is built from it")
            << QByteArray("FROM a AS base\nFROM base\n") << 0 << QByteArray();
    }

    void removeStage()
    {
        QFETCH(QByteArray, input);
        QFETCH(int, stage);
        QFETCH(QByteArray, expected);
        const Parsed parsed = parse(input);
        const GraphEdit edit = stagecraft::removeStage(*parsed.tree, parsed.graph, stage);
        if (expected.isEmpty()) {
            QVERIFY(!edit.ok());
            return;
        }
        QVERIFY2(edit.ok(), edit.refusal.c_str());
        QCOMPARE(apply(input, edit), expected);
    }

    void defaultPaths_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("destination");
        QTest::newRow("build output") << QByteArray(
            "FROM golang AS b\nRUN go build -o /bin/server ./cmd\nFROM scratch\n")
                                      << u"/bin/server"_s << u"/bin/server"_s;
        QTest::newRow("working directories") << QByteArray("FROM node AS b\nWORKDIR /app\nRUN npm run build\n"
                                                           "FROM node\nWORKDIR /srv\n")
                                             << u"/app/"_s << u"/srv/"_s;
        QTest::newRow("no working directory")
            << QByteArray("FROM a AS b\nWORKDIR /w\nWORKDIR out\nFROM c\n") << u"/w/out/"_s << u"/w/out/"_s;
    }

    void defaultPaths()
    {
        QFETCH(QByteArray, input);
        QFETCH(QString, source);
        QFETCH(QString, destination);
        const Parsed parsed = parse(input);
        const CopyPaths paths = defaultCopyPaths(*parsed.tree, parsed.graph, 0, 1);
        QCOMPARE(QString::fromStdString(paths.source), source);
        QCOMPARE(QString::fromStdString(paths.destination), destination);
    }

    void overlappingEditsAreRejected()
    {
        std::string text = "abcdef";
        QVERIFY(!applyTextEdits(text, {{{1, 3}, "x"}, {{2, 4}, "y"}}));
        QCOMPARE(QByteArray::fromStdString(text), QByteArray("abcdef"));
        QVERIFY(applyTextEdits(text, {{{4, 6}, "Z"}, {{0, 0}, ">"}}));
        QCOMPARE(QByteArray::fromStdString(text), QByteArray(">abcdZ"));
    }
};

QTEST_GUILESS_MAIN(TestGraphEdits)
#include "test_graph_edits.moc"

// SPDX-License-Identifier: MIT
// The size estimate of an edited text takes the stages the edit did not touch from the
// previous estimate (SizeOptions::previous). These tests hold it to two promises: the figures
// are exactly those of an estimate from scratch, and the stages taken over are the ones an
// edit cannot have changed.

#include "graph/build_graph.h"
#include "size/size_estimate.h"
#include "size/size_report.h"
#include "syntax/syntax_tree.h"
#include "test_support.h"

#include <QDir>
#include <QTest>

#include <memory>
#include <string>

using namespace Qt::StringLiterals;
using stagecraft::test::qs;

namespace stagecraft {
namespace {

// Four stages: deps → build (FROM deps), tools on an image, final copying from build and tools.
const char *const fourStages = R"(# syntax=docker/dockerfile:1
ARG BASE=debian:bookworm-slim
FROM ${BASE} AS deps
RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
FROM deps AS build
RUN make
RUN mkdir -p /out && cp -r /app /out/app && rm -rf /app/tmp
FROM python:3.12-slim AS tools
RUN pip install requests
FROM scratch AS final
COPY --from=build /out/app /app
COPY --from=tools /usr/local/lib /usr/local/lib
)";

struct Estimate {
    std::shared_ptr<const SyntaxTree> tree;
    BuildGraph graph;
    SizeReport report;
};

Estimate estimate(const std::string &text, const SizeOptions &options, const BuildGraphOptions &graphOptions = {},
    const Estimate *previous = nullptr)
{
    Estimate result;
    result.tree = parseDockerfile(text);
    result.graph = buildGraph(*result.tree, graphOptions);
    SizeOptions withPrevious = options;
    if (previous) {
        withPrevious.previous = &previous->report;
        withPrevious.previousTree = previous->tree.get();
    }
    result.report = estimateSizes(*result.tree, result.graph, withPrevious);
    return result;
}

// Everything the report says, as the CLI prints it: both formats, so that notes count too.
QString printed(const Estimate &estimate)
{
    SizeReportInfo info;
    info.tree = estimate.tree.get();
    info.file = "Dockerfile";
    return qs(sizeReportToJson(estimate.report, info).dump(1) + '\n' + sizeReportToText(estimate.report, info));
}

// Estimates `before`, then `after` both from scratch and reusing the first estimate.
void compareWithScratch(const std::string &before, const std::string &after, int reused,
    const BuildGraphOptions &graphBefore = {}, const BuildGraphOptions &graphAfter = {})
{
    const Estimate first = estimate(before, {}, graphBefore);
    const Estimate scratch = estimate(after, {}, graphAfter);
    const Estimate incremental = estimate(after, {}, graphAfter, &first);
    QCOMPARE(printed(incremental), printed(scratch));
    if (reused >= 0)
        QCOMPARE(incremental.report.reusedStages, reused);
}

std::string replaced(std::string text, const QString &find, const QString &replacement)
{
    const std::string from = find.toStdString();
    const size_t at = text.find(from);
    if (at == std::string::npos)
        return {};
    return text.replace(at, from.size(), replacement.toStdString());
}

} // namespace

class TestSizeReuse : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void edits_data();
    void edits();
    void options_data();
    void options();
    void measuredReportIsNotReused();
    void everyEditOfTheExamples_data();
    void everyEditOfTheExamples();
};

void TestSizeReuse::edits_data()
{
    QTest::addColumn<QString>("find");
    QTest::addColumn<QString>("replacement");
    QTest::addColumn<int>("reused");

    QTest::newRow("nothing changed") << u"FROM scratch"_s << u"FROM scratch"_s << 4;
    QTest::newRow("edit in the last stage") << u"/usr/local/lib /usr/local/lib"_s << u"/usr/local/lib /lib"_s << 3;
    // deps changes; build is FROM deps, final copies from build: only tools stays.
    QTest::newRow("edit in a base stage") << u"install -y curl"_s << u"install -y wget"_s << 1;
    QTest::newRow("edit in a COPY --from source") << u"pip install requests"_s << u"pip install flask"_s << 2;
    QTest::newRow("global ARG") << u"bookworm-slim"_s << u"bookworm"_s << 0;
    QTest::newRow("parser directive") << u"# syntax=docker/dockerfile:1\n"_s << u"# escape=`\n"_s << 0;
    // tools has a new line: it and final, which moved down a line, are estimated again.
    QTest::newRow("a line inserted") << u"RUN pip"_s << u"# pinned below\nRUN pip"_s << 2;
    QTest::newRow("a comment between stages") << u"FROM scratch"_s << u"\n# the image\nFROM scratch"_s << 3;
    // final's --from=tools now names an image: its sources changed although its text did not.
    QTest::newRow("a source stage renamed") << u"AS tools"_s << u"AS helpers"_s << 2;
    QTest::newRow("a stage's base changed") << u"FROM deps AS build"_s << u"FROM tools AS build"_s << 2;
    QTest::newRow("a stage added at the end") << u"/usr/local/lib\n"_s << u"/usr/local/lib\nFROM final\n"_s << 4;
    QTest::newRow("the last stage removed")
        << u"FROM scratch AS final\nCOPY --from=build /out/app /app\nCOPY --from=tools /usr/local/lib /usr/local/lib\n"_s
        << QString() << 3;
    QTest::newRow("a waste path edited") << u"rm -rf /app/tmp"_s << u"rm -rf /app"_s << 2;
}

void TestSizeReuse::edits()
{
    QFETCH(QString, find);
    QFETCH(QString, replacement);
    QFETCH(int, reused);
    const std::string after = replaced(fourStages, find, replacement);
    QVERIFY2(!after.empty(), "the row's text is not in the file");
    compareWithScratch(fourStages, after, reused);
}

void TestSizeReuse::options_data()
{
    QTest::addColumn<QString>("targetAfter");
    QTest::addColumn<QString>("platformAfter");
    QTest::addColumn<QString>("buildArgAfter");
    QTest::addColumn<int>("reused");

    // The target only decides which stages are reachable and which is final: all are reused.
    QTest::newRow("other target") << u"build"_s << u"linux/amd64"_s << QString() << 4;
    QTest::newRow("other platform") << QString() << u"linux/arm64"_s << QString() << 0;
    QTest::newRow("a build argument") << QString() << u"linux/amd64"_s << u"BASE=debian:bookworm"_s << 0;
}

void TestSizeReuse::options()
{
    QFETCH(QString, targetAfter);
    QFETCH(QString, platformAfter);
    QFETCH(QString, buildArgAfter);
    QFETCH(int, reused);
    BuildGraphOptions after;
    after.target = targetAfter.toStdString();
    after.platform = platformAfter.toStdString();
    if (!buildArgAfter.isEmpty()) {
        const qsizetype equals = buildArgAfter.indexOf(u'=');
        after.buildArgs.emplace_back(
            buildArgAfter.left(equals).toStdString(), buildArgAfter.mid(equals + 1).toStdString());
    }
    compareWithScratch(fourStages, fourStages, reused, {}, after);
}

void TestSizeReuse::measuredReportIsNotReused()
{
    // A measurement replaces figures of the report it is attached to: they are not estimates.
    Estimate first = estimate(fourStages, {});
    first.report.measurement = "docker history";
    const Estimate incremental = estimate(fourStages, {}, {}, &first);
    QCOMPARE(incremental.report.reusedStages, 0);

    // Sizes the user entered for images count like any other option.
    SizeOptions entered;
    entered.imageSizes = {{"python:3.12-slim", 100'000'000}};
    const Estimate plain = estimate(fourStages, {});
    const Estimate withSizes = estimate(fourStages, entered, {}, &plain);
    QCOMPARE(withSizes.report.reusedStages, 0);
    QCOMPARE(printed(withSizes), printed(estimate(fourStages, entered)));
}

void TestSizeReuse::everyEditOfTheExamples_data()
{
    QTest::addColumn<QString>("path");
    const QDir examples(QStringLiteral(STAGECRAFT_SOURCE_DIR "/resources/examples"));
    const QStringList files = examples.entryList({u"*.Dockerfile"_s}, QDir::Files, QDir::Name);
    QVERIFY(!files.isEmpty());
    for (const QString &file : files)
        QTest::newRow(qPrintable(file)) << examples.filePath(file);
}

// A character typed at many places of each example (and one deleted), each time compared with
// an estimate from scratch of the edited text.
void TestSizeReuse::everyEditOfTheExamples()
{
    QFETCH(QString, path);
    const QByteArray bytes = test::readBytes(path);
    QVERIFY(!bytes.isEmpty());
    const std::string text = bytes.toStdString();
    const Estimate original = estimate(text, {});
    int reusedSomewhere = 0;
    for (size_t at = 0; at < text.size(); at += 37) {
        for (const bool insert : {true, false}) {
            std::string edited = text;
            if (insert)
                edited.insert(at, 1, 'x');
            else
                edited.erase(at, 1);
            const Estimate scratch = estimate(edited, {});
            const Estimate incremental = estimate(edited, {}, {}, &original);
            QCOMPARE(printed(incremental), printed(scratch));
            reusedSomewhere += incremental.report.reusedStages;
        }
    }
    // With two stages or more, some edit leaves a stage alone.
    if (original.report.stages.size() > 1)
        QVERIFY(reusedSomewhere > 0);
}

} // namespace stagecraft

QTEST_GUILESS_MAIN(stagecraft::TestSizeReuse)
#include "test_size_reuse.moc"

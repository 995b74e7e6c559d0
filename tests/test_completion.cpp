// SPDX-License-Identifier: MIT
// Completion candidates from the model: keywords, flags, stage names and variables in
// scope, for a text with the cursor marked by '|'.

#include "document/analysis.h"
#include "edit/completion.h"

#include <QTest>

using namespace stagecraft;
using namespace Qt::StringLiterals;

namespace {

struct Result {
    QStringList labels;
    QStringList texts;
    QString replaced;
};

Result completeMarked(const QByteArray &marked)
{
    const qsizetype cursor = marked.indexOf('|');
    QByteArray text = marked;
    text.remove(cursor, 1);
    const auto analysis = analyze(text.toStdString(), {}, 1);
    const Completion completion = completeAt(*analysis, static_cast<uint32_t>(cursor));
    Result result;
    for (const CompletionItem &item : completion.items) {
        result.labels.append(QString::fromStdString(item.label));
        result.texts.append(QString::fromStdString(item.text));
    }
    result.replaced = QString::fromUtf8(text.mid(completion.replace.begin, completion.replace.length()));
    return result;
}

} // namespace

class TestCompletion : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void candidates_data();
    void candidates();
    void insertedText_data();
    void insertedText();
    void everyKeywordOnAnEmptyLine();
};

void TestCompletion::candidates_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QStringList>("labels");
    QTest::addColumn<QString>("replaced");

    const QByteArray stages = "FROM golang:1.22 AS build\nFROM node:20 AS assets\n";
    // Stage names after --from=: only earlier stages, filtered by what is typed.
    QTest::addRow("copy-from-all") << stages + "FROM alpine:3.20\nCOPY --from=|"
                                   << QStringList {u"build"_s, u"assets"_s} << QString();
    QTest::addRow("copy-from-prefix") << stages + "FROM alpine:3.20\nCOPY --from=b|" << QStringList {u"build"_s}
                                      << u"b"_s;
    QTest::addRow("copy-from-mid-word") << stages + "FROM alpine:3.20\nCOPY --from=as|sets /a /b\n"
                                        << QStringList {u"assets"_s} << u"assets"_s;
    QTest::addRow("copy-from-no-later-stage")
        << QByteArray("FROM golang:1.22 AS build\nCOPY --from=|\nFROM alpine:3.20 AS later\n") << QStringList {}
        << QString();
    QTest::addRow("copy-from-not-itself") << stages + "COPY --from=|" << QStringList {u"build"_s} << QString();
    QTest::addRow("mount-from") << stages + "FROM alpine:3.20\nRUN --mount=type=cache,from=a|"
                                << QStringList {u"assets"_s} << u"a"_s;
    QTest::addRow("mount-type") << QByteArray("FROM alpine:3.20\nRUN --mount=type=|")
                                << QStringList {u"bind"_s, u"cache"_s, u"tmpfs"_s, u"secret"_s, u"ssh"_s} << QString();
    QTest::addRow("mount-option") << QByteArray("FROM alpine:3.20\nRUN --mount=type=cache,ta|")
                                  << QStringList {u"target="_s} << u"ta"_s;
    // Variables after $ and ${: what is in scope at that instruction.
    QTest::addRow("global-arg-in-from") << QByteArray("ARG VERSION=1\nFROM alpine:${V|") << QStringList {u"VERSION"_s}
                                        << u"V"_s;
    QTest::addRow("stage-scope") << QByteArray(
        "ARG GLOBAL=1\nFROM alpine:3.20\nARG USER=app\nENV HOME=/home/app\nRUN echo ${|")
                                 << QStringList {u"PATH"_s, u"USER"_s, u"HOME"_s} << QString();
    QTest::addRow("dollar-without-brace")
        << QByteArray("FROM alpine:3.20\nARG USER=app\nRUN echo $U|") << QStringList {u"USER"_s} << u"U"_s;
    QTest::addRow("arg-declared-later") << QByteArray("FROM alpine:3.20\nRUN echo ${A|}\nARG AFTER=1\n")
                                        << QStringList {} << u"A"_s;
    QTest::addRow("global-needs-redeclaring")
        << QByteArray("ARG GLOBAL=1\nFROM alpine:3.20\nRUN echo ${G|") << QStringList {} << u"G"_s;
    QTest::addRow("inherited-from-base-stage")
        << QByteArray("FROM alpine:3.20 AS base\nENV APP=/app\nFROM base\nWORKDIR $A|") << QStringList {u"APP"_s}
        << u"A"_s;
    // Instruction keywords at the start of a line, in the case being typed.
    QTest::addRow("keyword") << QByteArray("FROM alpine:3.20\nRU|") << QStringList {u"RUN"_s} << u"RU"_s;
    QTest::addRow("keyword-lowercase") << QByteArray("FROM alpine:3.20\nco|") << QStringList {u"copy"_s} << u"co"_s;
    QTest::addRow("keyword-several") << QByteArray("FROM alpine:3.20\nE|")
                                     << QStringList {u"ENTRYPOINT"_s, u"ENV"_s, u"EXPOSE"_s} << u"E"_s;
    QTest::addRow("keyword-indented") << QByteArray("FROM alpine:3.20\n  WORK|") << QStringList {u"WORKDIR"_s}
                                      << u"WORK"_s;
    QTest::addRow("onbuild-trigger") << QByteArray("FROM alpine:3.20\nONBUILD R|") << QStringList {u"RUN"_s} << u"R"_s;
    QTest::addRow("onbuild-no-from") << QByteArray("FROM alpine:3.20\nONBUILD F|") << QStringList {} << u"F"_s;
    QTest::addRow("comment") << QByteArray("FROM alpine:3.20\n# RU|") << QStringList {} << QString();
    // Flags of the instruction, before its arguments.
    QTest::addRow("copy-flags") << QByteArray("FROM alpine:3.20\nCOPY --|")
                                << QStringList {u"--from="_s, u"--chown="_s, u"--chmod="_s, u"--link"_s, u"--parents"_s,
                                       u"--exclude="_s}
                                << u"--"_s;
    QTest::addRow("copy-flag-given") << QByteArray("FROM alpine:3.20\nCOPY --link --ch|")
                                     << QStringList {u"--chown="_s, u"--chmod="_s} << u"--ch"_s;
    QTest::addRow("copy-flag-after-link")
        << QByteArray("FROM alpine:3.20\nCOPY --link --l|") << QStringList {} << u"--l"_s;
    QTest::addRow("add-flags") << QByteArray("FROM alpine:3.20\nADD --ch|")
                               << QStringList {u"--chown="_s, u"--chmod="_s, u"--checksum="_s} << u"--ch"_s;
    QTest::addRow("add-keep-git-dir") << QByteArray("FROM alpine:3.20\nADD --k|") << QStringList {u"--keep-git-dir"_s}
                                      << u"--k"_s;
    QTest::addRow("run-flags") << QByteArray("FROM alpine:3.20\nRUN --|")
                               << QStringList {u"--mount="_s, u"--network="_s, u"--security="_s} << u"--"_s;
    QTest::addRow("run-mount-repeatable") << QByteArray("FROM alpine:3.20\nRUN --mount=type=cache,target=/x --m|")
                                          << QStringList {u"--mount="_s} << u"--m"_s;
    QTest::addRow("from-platform") << QByteArray("FROM --p|") << QStringList {u"--platform="_s} << u"--p"_s;
    QTest::addRow("healthcheck") << QByteArray("FROM alpine:3.20\nHEALTHCHECK --st|")
                                 << QStringList {u"--start-period="_s, u"--start-interval="_s} << u"--st"_s;
    QTest::addRow("network-values") << QByteArray("FROM alpine:3.20\nRUN --network=|")
                                    << QStringList {u"default"_s, u"none"_s, u"host"_s} << QString();
    QTest::addRow("no-flags-after-arguments")
        << QByteArray("FROM alpine:3.20\nCOPY src --|") << QStringList {} << QString();
    QTest::addRow("no-flags-on-continuation")
        << QByteArray("FROM alpine:3.20\nRUN apt-get update \\\n  --|") << QStringList {} << QString();
    QTest::addRow("flags-on-continuation")
        << QByteArray("FROM alpine:3.20\nCOPY --link \\\n  --fr|") << QStringList {u"--from="_s} << u"--fr"_s;
    // FROM: earlier stages (and scratch) as the base, then AS.
    QTest::addRow("from-base") << stages + "FROM |" << QStringList {u"build"_s, u"assets"_s, u"scratch"_s} << QString();
    QTest::addRow("from-base-prefix") << stages + "FROM bu|" << QStringList {u"build"_s} << u"bu"_s;
    QTest::addRow("from-as") << QByteArray("FROM alpine:3.20 |") << QStringList {u"AS"_s} << QString();
    QTest::addRow("from-as-lowercase") << QByteArray("from alpine:3.20 a|") << QStringList {u"as"_s} << u"a"_s;
    QTest::addRow("from-after-name") << QByteArray("FROM alpine:3.20 AS x|") << QStringList {} << u"x"_s;
}

void TestCompletion::candidates()
{
    QFETCH(QByteArray, text);
    QFETCH(QStringList, labels);
    QFETCH(QString, replaced);
    const Result result = completeMarked(text);
    QCOMPARE(result.labels, labels);
    if (!labels.isEmpty())
        QCOMPARE(result.replaced, replaced);
}

void TestCompletion::insertedText_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QStringList>("texts");

    QTest::addRow("brace-gets-closed") << QByteArray("FROM alpine:3.20\nARG USER=app\nRUN echo ${U|")
                                       << QStringList {u"USER}"_s};
    QTest::addRow("closed-brace-kept") << QByteArray("FROM alpine:3.20\nARG USER=app\nRUN echo ${U|}")
                                       << QStringList {u"USER"_s};
    QTest::addRow("keyword-gets-a-space") << QByteArray("FROM alpine:3.20\nWORKD|") << QStringList {u"WORKDIR "_s};
    QTest::addRow("keyword-before-space") << QByteArray("FROM alpine:3.20\nWORKD| /app") << QStringList {u"WORKDIR"_s};
    QTest::addRow("flag-with-value") << QByteArray("FROM alpine:3.20\nCOPY --fr|") << QStringList {u"--from="_s};
}

void TestCompletion::insertedText()
{
    QFETCH(QByteArray, text);
    QFETCH(QStringList, texts);
    QCOMPARE(completeMarked(text).texts, texts);
}

void TestCompletion::everyKeywordOnAnEmptyLine()
{
    const Result result = completeMarked("FROM alpine:3.20\n|");
    QCOMPARE(result.labels.size(), 18);
    QVERIFY(result.labels.contains(u"HEALTHCHECK"_s));
    QVERIFY(result.labels.contains(u"STOPSIGNAL"_s));
    QStringList sorted = result.labels;
    sorted.sort();
    QCOMPARE(result.labels, sorted);
}

QTEST_GUILESS_MAIN(TestCompletion)
#include "test_completion.moc"

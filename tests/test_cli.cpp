// SPDX-License-Identifier: MIT
// The command line, driven through the real binary (exit codes, standard
// streams) and in-process where starting the binary would open the editor.
#include "cli/command_line.h"
#include "test_support.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

#include <nlohmann/json.hpp>

#include <sstream>

using namespace stagecraft::test;
using namespace Qt::StringLiterals;

namespace {

QString dataPath(const QString &relative)
{
    return QStringLiteral(STAGECRAFT_TEST_DATA "/") + relative;
}

bool isOneLine(const QByteArray &text)
{
    return text.endsWith('\n') && text.count('\n') == 1;
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void help();
    void version();
    void usageErrors_data();
    void usageErrors();
    void unknownCommandInProcess();
    void missingFile();
    void directoryIsUnreadable();
    void standardInput();
    void standardInputInProcess();
    void summary();
    void roundTrip_data();
    void roundTrip();
    void roundTripSeveralFiles();
    void dumpJsonGolden();
    void dumpJsonTokens();
    void dumpJsonInvalidUtf8();
    void dumpBuildKit();
    void dumpBuildKitErrors();
};

void TestCli::help()
{
    const ProcessResult result = runStagecraft({u"--help"_s});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.out.contains("usage: stagecraft"));
    QVERIFY(result.out.contains("  parse "));
    QVERIFY(result.err.isEmpty());

    const ProcessResult parseHelp = runStagecraft({u"parse"_s, u"--help"_s});
    QCOMPARE(parseHelp.exitCode, 0);
    QVERIFY(parseHelp.out.startsWith("usage: stagecraft parse"));
}

void TestCli::version()
{
    const ProcessResult result = runStagecraft({u"--version"_s});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, QByteArray("stagecraft " STAGECRAFT_VERSION "\n"));
}

void TestCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    const QString file = dataPath(u"cli/small.Dockerfile"_s);
    QTest::newRow("no file") << QStringList {u"parse"_s};
    QTest::newRow("unknown option") << QStringList {u"parse"_s, u"--bogus"_s, file};
    QTest::newRow("unknown dump format") << QStringList {u"parse"_s, u"--dump"_s, u"xml"_s, file};
    QTest::newRow("dump without format") << QStringList {u"parse"_s, u"--dump"_s};
    QTest::newRow("two files to dump") << QStringList {u"parse"_s, u"--dump=json"_s, file, file};
    QTest::newRow("tokens without json") << QStringList {u"parse"_s, u"--tokens"_s, file};
    QTest::newRow("two modes") << QStringList {u"parse"_s, u"--roundtrip"_s, u"--dump=json"_s, file};
}

void TestCli::usageErrors()
{
    QFETCH(QStringList, arguments);
    const ProcessResult result = runStagecraft(arguments);
    QCOMPARE(result.exitCode, 2);
    QVERIFY(result.out.isEmpty());
    QVERIFY2(isOneLine(result.err), result.err.constData());
}

void TestCli::unknownCommandInProcess()
{
    // The binary would open the editor on a file named "frobnicate"; the
    // library reports the unknown command.
    std::istringstream in;
    std::ostringstream out;
    std::ostringstream err;
    QCOMPARE(stagecraft::runCommandLine({u"frobnicate"_s}, in, out, err), 2);
    QVERIFY(out.str().empty());
    QVERIFY(isOneLine(QByteArray::fromStdString(err.str())));
    QVERIFY(!stagecraft::isCommandLineInvocation({u"frobnicate"_s}));
    QVERIFY(!stagecraft::isCommandLineInvocation({}));
    QVERIFY(stagecraft::isCommandLineInvocation({u"parse"_s}));
}

void TestCli::missingFile()
{
    const ProcessResult result = runStagecraft({u"parse"_s, dataPath(u"cli/does-not-exist.Dockerfile"_s)});
    QCOMPARE(result.exitCode, 2);
    QVERIFY(result.out.isEmpty());
    QVERIFY2(isOneLine(result.err), result.err.constData());
    QVERIFY(result.err.contains("does-not-exist.Dockerfile"));
}

void TestCli::directoryIsUnreadable()
{
    const ProcessResult result = runStagecraft({u"parse"_s, dataPath(u"cli"_s)});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(isOneLine(result.err), result.err.constData());
}

void TestCli::standardInput()
{
    // CRLF, a NUL byte and invalid UTF-8 all have to survive the trip.
    static const char raw[] = "FROM alpine\r\nRUN echo \0 \xff\xfe\r\n";
    const QByteArray input(raw, sizeof raw - 1);
    const ProcessResult result = runStagecraft({u"parse"_s, u"--roundtrip"_s, u"-"_s}, input);
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, QByteArray("<stdin>: round-trip OK\n"));
    QVERIFY(result.err.isEmpty());
}

void TestCli::standardInputInProcess()
{
    std::istringstream in("FROM alpine\nRUN true\n");
    std::ostringstream out;
    std::ostringstream err;
    QCOMPARE(stagecraft::runCommandLine({u"parse"_s, u"-"_s}, in, out, err), 0);
    QCOMPARE(out.str(), std::string("<stdin>: 2 instructions, 0 diagnostics\n"));
    QVERIFY(err.str().empty());
}

void TestCli::summary()
{
    const QString file = dataPath(u"cli/small.Dockerfile"_s);
    const ProcessResult result = runStagecraft({u"parse"_s, file});
    QVERIFY2(result.exitCode == 0 || result.exitCode == 1, result.err.constData());
    const QList<QByteArray> lines = result.out.trimmed().split('\n');
    QVERIFY2(lines.last().startsWith(QByteArray(file.toUtf8() + ": 8 instructions, ")), lines.last().constData());
    // Every other line is a diagnostic in the compiler format.
    static const QRegularExpression diagnostic(u"^.+:\\d+:\\d+: (error|warning|info|style): .+$"_s);
    for (qsizetype i = 0; i + 1 < lines.size(); ++i)
        QVERIFY2(diagnostic.match(QString::fromUtf8(lines[i])).hasMatch(), lines[i].constData());
}

void TestCli::roundTrip_data()
{
    QTest::addColumn<QString>("path");
    // Every fixture in tests/data plus the bundled examples.
    const QStringList roots {
        QStringLiteral(STAGECRAFT_TEST_DATA), QStringLiteral(STAGECRAFT_SOURCE_DIR "/resources/examples")};
    for (const QString &root : roots) {
        QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            if (path.endsWith(u".json"))
                continue;
            QTest::newRow(qPrintable(QDir(QStringLiteral(STAGECRAFT_SOURCE_DIR)).relativeFilePath(path))) << path;
        }
    }
}

void TestCli::roundTrip()
{
    QFETCH(QString, path);
    const ProcessResult result = runStagecraft({u"parse"_s, u"--roundtrip"_s, path});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(result.out, QByteArray(path.toUtf8() + ": round-trip OK\n"));
}

void TestCli::roundTripSeveralFiles()
{
    const QString a = QStringLiteral(STAGECRAFT_SOURCE_DIR "/resources/examples/nodejs-inference.Dockerfile");
    const QString b = QStringLiteral(STAGECRAFT_SOURCE_DIR "/resources/examples/go-inference-server.Dockerfile");
    const ProcessResult ok = runStagecraft({u"parse"_s, u"--roundtrip"_s, a, b});
    QCOMPARE(ok.exitCode, 0);
    QCOMPARE(ok.out, QByteArray(a.toUtf8() + ": round-trip OK\n" + b.toUtf8() + ": round-trip OK\n"));
    const ProcessResult missing = runStagecraft({u"parse"_s, u"--roundtrip"_s, a, dataPath(u"cli/does-not-exist"_s)});
    QCOMPARE(missing.exitCode, 2);
    QCOMPARE(missing.out, QByteArray(a.toUtf8() + ": round-trip OK\n"));
}

void TestCli::dumpJsonGolden()
{
    const QString golden = dataPath(u"cli/small.json"_s);
    const ProcessResult result
        = runStagecraft({u"parse"_s, u"--dump"_s, u"json"_s, dataPath(u"cli/small.Dockerfile"_s)});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.err.isEmpty());
    compareGolden(result.out, golden);
}

void TestCli::dumpJsonTokens()
{
    const QByteArray input("FROM alpine\n");
    const ProcessResult result = runStagecraft({u"parse"_s, u"--dump=json"_s, u"--tokens"_s, u"-"_s}, input);
    QCOMPARE(result.exitCode, 0);
    const auto json = nlohmann::json::parse(result.out.toStdString());
    QVERIFY(json.contains("tokens"));
    // The tokens cover the input exactly.
    uint32_t offset = 0;
    for (const auto &token : json["tokens"]) {
        QCOMPARE(token["offset"].get<uint32_t>(), offset);
        offset += token["length"].get<uint32_t>();
    }
    QCOMPARE(offset, uint32_t(input.size()));
}

void TestCli::dumpJsonInvalidUtf8()
{
    const ProcessResult result = runStagecraft({u"parse"_s, u"--dump"_s, u"json"_s, u"-"_s}, "FROM alp\xffine\n");
    QCOMPARE(result.exitCode, 0);
    const auto json = nlohmann::json::parse(result.out.toStdString());
    QCOMPARE(json["instructions"][0]["arguments"].get<std::string>(), std::string("alp\xef\xbf\xbdine"));
    QVERIFY(!json.contains("tokens"));
}

void TestCli::dumpBuildKit()
{
    const ProcessResult result
        = runStagecraft({u"parse"_s, u"--dump"_s, u"buildkit"_s, u"-"_s}, "FROM alpine\nRUN true\n");
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.err.isEmpty());
    QVERIFY(!result.out.isEmpty());
    QVERIFY(result.out.endsWith('\n'));
}

void TestCli::dumpBuildKitErrors()
{
    // BuildKit rejects a file without instructions.
    const ProcessResult result = runStagecraft({u"parse"_s, u"--dump"_s, u"buildkit"_s, u"-"_s}, "# only a comment\n");
    QCOMPARE(result.exitCode, 1);
    QVERIFY(result.out.isEmpty());
    static const QRegularExpression error(u"^<stdin>:\\d+:\\d+: error: [^\\n]+\\n$"_s);
    const QString text = QString::fromUtf8(result.err);
    QVERIFY2(!text.isEmpty(), "no error printed");
    for (const QString &line : text.split(u'\n', Qt::SkipEmptyParts))
        QVERIFY2(error.match(line + u'\n').hasMatch(), qPrintable(line));
}

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"

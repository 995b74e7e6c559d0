// SPDX-License-Identifier: MIT
// Inputs that once broke the parser (found by the fuzzer or by hand) must keep
// parsing cleanly: a tree, an exact reprint, every byte in exactly one token.

#include "document/analysis.h"
#include "size/size_report.h"
#include "syntax/buildkit_ast.h"
#include "syntax/syntax_tree.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace stagecraft;

namespace {

// The input may hold invalid UTF-8: `replace` keeps dump() from throwing on it, as the CLI does.
QString printed(const Analysis &analysis)
{
    SizeReportInfo info;
    info.tree = analysis.tree.get();
    return QString::fromStdString(
        sizeReportToJson(analysis.size, info).dump(1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
        + sizeReportToText(analysis.size, info));
}

} // namespace

class TestFuzzRegressions : public QObject {
    Q_OBJECT

private slots:
    void regressions_data()
    {
        QTest::addColumn<QString>("path");
        const QDir dir(QStringLiteral(STAGECRAFT_SOURCE_DIR "/tests/fuzz/regressions"));
        const QStringList files = dir.entryList(QDir::Files, QDir::Name);
        for (const QString &name : files)
            QTest::newRow(qPrintable(name)) << dir.filePath(name);
    }

    void regressions()
    {
        QFETCH(QString, path);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        const std::string input(bytes.constData(), static_cast<size_t>(bytes.size()));
        const auto tree = parseDockerfile(input);
        QCOMPARE(tree->reprint().size(), input.size());
        QVERIFY(tree->reprint() == input);
        uint32_t expected = 0;
        for (const Token &token : tree->tokens()) {
            QCOMPARE(token.offset, expected);
            QVERIFY(token.length > 0);
            expected += token.length;
        }
        QCOMPARE(size_t {expected}, input.size());
        (void)dumpBuildKit(*tree);

        // The editor's whole analysis of the same bytes (fuzz_analysis): ranges stay in the text.
        const auto analysis = analyze(input, {}, 1);
        for (const LintDiagnostic &diagnostic : analysis->lint.diagnostics)
            QVERIFY(diagnostic.range.begin <= diagnostic.range.end && diagnostic.range.end <= input.size());
        QCOMPARE(analysis->size.stages.size(), analysis->graph.stages().size());

        // The estimate reusing the previous keystroke's (the input without its middle byte)
        // prints what the one from scratch prints (fuzz_analysis).
        if (!input.empty()) {
            std::string before = input;
            before.erase(input.size() / 2, 1);
            const auto previous = analyze(before, {}, 1);
            QCOMPARE(printed(*analyze(input, {}, 2, previous.get())), printed(*analysis));
        }
    }
};

QTEST_GUILESS_MAIN(TestFuzzRegressions)
#include "test_fuzz_regressions.moc"

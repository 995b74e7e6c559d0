// SPDX-License-Identifier: MIT
// Every fixture of BuildKit's own parser tests: our dump must equal BuildKit's
// byte for byte, and the negative fixtures must be rejected.

#include "syntax/buildkit_ast.h"
#include "syntax/syntax_tree.h"
#include "test_support.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace stagecraft;

class TestBuildKitConformance : public QObject {
    Q_OBJECT

private:
    static QString corpusDir() { return stagecraft::test::sharedPath(QStringLiteral("corpus/buildkit-parser")); }

    static std::string readFile(const QString &path) { return stagecraft::test::readBytes(path).toStdString(); }

private slots:
    void fixtures_data()
    {
        QTest::addColumn<QString>("dir");
        const QDir corpus(corpusDir());
        if (!corpus.exists()) {
            // One row so that fixtures() runs and reports the skip (no rows would be a fatal error).
            QTest::newRow("corpus-absent") << QString();
            return;
        }
        const QStringList cases = corpus.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
        for (const QString &name : cases)
            QTest::newRow(qPrintable(name)) << corpus.filePath(name);
    }

    void fixtures()
    {
        QFETCH(QString, dir);
        STAGECRAFT_SKIP_WITHOUT_SHARED(corpusDir());
        const std::string input = readFile(dir + QStringLiteral("/Dockerfile"));
        const auto tree = parseDockerfile(input);
        QCOMPARE(tree->reprint(), input);

        const QString resultPath = dir + QStringLiteral("/result");
        if (!QFile::exists(resultPath)) {
            // Negative fixture: BuildKit rejects it, so must we.
            QVERIFY2(tree->hasErrors(), "a file BuildKit rejects parsed without an error");
            return;
        }
        QVERIFY2(!tree->hasErrors(), tree->diagnostics().empty() ? "" : tree->diagnostics().front().message.c_str());
        const std::string expected = readFile(resultPath);
        const std::string actual = dumpBuildKit(*tree);
        QCOMPARE(QString::fromStdString(actual), QString::fromStdString(expected));
    }

    void corpusIsPresent()
    {
        STAGECRAFT_SKIP_WITHOUT_SHARED(corpusDir());
        QVERIFY(QDir(corpusDir()).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size() > 30);
    }
};

QTEST_GUILESS_MAIN(TestBuildKitConformance)
#include "test_buildkit_conformance.moc"

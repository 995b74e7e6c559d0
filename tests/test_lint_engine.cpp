// SPDX-License-Identifier: MIT
// The lint engine around the rules: `# check=` directives, hadolint pragmas, ignored
// rules and severity overrides, parser and graph diagnostics in the same list, ordering,
// .dockerignore matching and context scanning, the output formats (golden files, SARIF
// structure), `.hadolint.yaml` and the `stagecraft lint` command line, and the whole
// real-world corpus.

#include "lint/build_context.h"
#include "lint/lint_output.h"
#include "lint/linter.h"
#include "lint/multistage_paths.h"
#include "lint/rule_catalog.h"
#include "lint/suppression.h"
#include "syntax/syntax_tree.h"
#include "syntax/tree_json.h"
#include "test_support.h"

#ifdef STAGECRAFT_HAVE_CLI
#include "cli/command_line.h"
#include "cli/lint_config.h"
#endif

#include <QDir>
#include <QFile>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <sstream>

using namespace stagecraft;
using namespace stagecraft::test;
using namespace Qt::StringLiterals;

namespace {

struct Linted {
    std::shared_ptr<const SyntaxTree> tree;
    LintResult result;
};

Linted run(const QByteArray &text, const LintOptions &options = {})
{
    Linted linted {parseDockerfile(text.toStdString()), {}};
    linted.result = lint(*linted.tree, options);
    return linted;
}

// "Rule@line:severity" for every finding.
QStringList summary(const Linted &linted)
{
    QStringList out;
    for (const LintDiagnostic &diagnostic : linted.result.diagnostics) {
        const Position start = linted.tree->lines().positionAt(diagnostic.range.begin);
        out << u"%1@%2:%3"_s.arg(qs(diagnostic.rule)).arg(start.line).arg(qs(severityName(diagnostic.severity)));
    }
    return out;
}

QStringList rulesOf(const Linted &linted)
{
    QStringList out;
    for (const LintDiagnostic &diagnostic : linted.result.diagnostics)
        out << qs(diagnostic.rule);
    return out;
}

bool hasRule(const Linted &linted, std::string_view rule)
{
    return std::any_of(linted.result.diagnostics.begin(), linted.result.diagnostics.end(),
        [&](const LintDiagnostic &diagnostic) { return diagnostic.rule == rule; });
}

const LintDiagnostic *find(const Linted &linted, std::string_view rule)
{
    for (const LintDiagnostic &diagnostic : linted.result.diagnostics) {
        if (diagnostic.rule == rule)
            return &diagnostic;
    }
    return nullptr;
}

// Only BuildKit's checks: the golden files must not change when other rule sets grow.
LintResult buildKitOnly(LintResult result)
{
    std::erase_if(result.diagnostics, [](const LintDiagnostic &diagnostic) {
        const RuleInfo *rule = ruleCatalog().find(diagnostic.rule);
        return !rule || rule->id != diagnostic.rule || rule->origin != RuleOrigin::BuildKit;
    });
    return result;
}

QString dataPath(const QString &relative)
{
    return QStringLiteral(STAGECRAFT_TEST_DATA "/lint/") + relative;
}

LintedFile sampleFile()
{
    LintedFile file;
    file.path = "sample.Dockerfile";
    file.tree = parseDockerfile(readBytes(dataPath(u"sample.Dockerfile"_s)).toStdString());
    file.result = buildKitOnly(lint(*file.tree));
    return file;
}

} // namespace

class TestLintEngine : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // ---------------------------------------------------------------- # check=

    void parseCheck_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("skipAll");
        QTest::addColumn<QStringList>("skip");
        QTest::addColumn<bool>("experimentalAll");
        QTest::addColumn<QStringList>("experimental");
        QTest::addColumn<bool>("error");
        QTest::addColumn<QString>("parseError");
        QTest::newRow("empty") << u""_s << false << QStringList() << false << QStringList() << false << QString();
        QTest::newRow("skip list") << u"skip=A, B"_s << false << QStringList {u"A"_s, u"B"_s} << false << QStringList()
                                   << false << QString();
        QTest::newRow("skip all and error")
            << u"skip=all;error=true"_s << true << QStringList() << false << QStringList() << true << QString();
        QTest::newRow("error spellings") << u" error = TRUE "_s << false << QStringList() << false << QStringList()
                                         << true << QString();
        QTest::newRow("experimental") << u"experimental=all;skip=X;error=false"_s << false << QStringList {u"X"_s}
                                      << true << QStringList() << false << QString();
        QTest::newRow("bad bool") << u"error=maybe"_s << false << QStringList() << false << QStringList() << false
                                  << u"failed to parse check options: failed to parse check option \"error=maybe\": "
                                     "strconv.ParseBool: parsing \"maybe\": invalid syntax"_s;
        QTest::newRow("no equals") << u"skip"_s << false << QStringList() << false << QStringList() << false
                                   << u"failed to parse check options: invalid check option \"skip\""_s;
        QTest::newRow("unknown key") << u"color=red"_s << false << QStringList() << false << QStringList() << false
                                     << u"failed to parse check options: invalid check option \"color\""_s;
    }

    void parseCheck()
    {
        QFETCH(QString, value);
        QFETCH(bool, skipAll);
        QFETCH(QStringList, skip);
        QFETCH(bool, experimentalAll);
        QFETCH(QStringList, experimental);
        QFETCH(bool, error);
        QFETCH(QString, parseError);
        const CheckDirective directive = parseCheckDirective(value.toStdString());
        QCOMPARE(qs(directive.parseError), parseError);
        QCOMPARE(directive.skipAll, skipAll);
        QStringList skipped;
        for (const std::string &rule : directive.skip)
            skipped << qs(rule);
        QCOMPARE(skipped, skip);
        QCOMPARE(directive.experimentalAll, experimentalAll);
        QStringList enabled;
        for (const std::string &rule : directive.experimental)
            enabled << qs(rule);
        QCOMPARE(enabled, experimental);
        QCOMPARE(directive.error, error);
    }

    void checkDirective_data()
    {
        QTest::addColumn<QByteArray>("dockerfile");
        QTest::addColumn<QStringList>("expected"); // BuildKit findings and check errors
        const QByteArray body = "FROM scratch as base\ncopy Dockerfile .\n";
        QTest::newRow("none") << QByteArray(body)
                              << QStringList {u"FromAsCasing@1:warning"_s, u"ConsistentInstructionCasing@2:warning"_s};
        QTest::newRow("skip all") << "#check=skip=all\n" + body << QStringList();
        QTest::newRow("skip all with error") << "#check=skip=all;error=true\n" + body << QStringList();
        QTest::newRow("skip both") << "#check=skip=ConsistentInstructionCasing,FromAsCasing\n" + body << QStringList();
        QTest::newRow("skip one") << "#check=skip=ConsistentInstructionCasing\n" + body
                                  << QStringList {u"FromAsCasing@2:warning"_s};
        QTest::newRow("skip one, error") << "#check=skip=ConsistentInstructionCasing;error=true\n" + body
                                         << QStringList {u"FromAsCasing@2:error"_s};
        QTest::newRow("error") << "# check=error=true\n" + body
                               << QStringList {u"FromAsCasing@2:error"_s, u"ConsistentInstructionCasing@3:error"_s};
        QTest::newRow("skip all keeps enabled experimental")
            << QByteArray(
                   "# check=skip=all;experimental=InvalidDefinitionDescription\n# x\nARG A\nFROM scratch as base\n")
            << QStringList {u"InvalidDefinitionDescription@3:warning"_s};
        QTest::newRow("invalid") << "# check=skip\n" + body
                                 << QStringList {u"InvalidCheckDirective@1:error"_s, u"FromAsCasing@2:warning"_s,
                                        u"ConsistentInstructionCasing@3:warning"_s};
    }

    void checkDirective()
    {
        QFETCH(QByteArray, dockerfile);
        QFETCH(QStringList, expected);
        Linted linted = run(dockerfile);
        std::erase_if(linted.result.diagnostics, [](const LintDiagnostic &diagnostic) {
            const RuleInfo *rule = ruleCatalog().find(diagnostic.rule);
            return diagnostic.rule != "InvalidCheckDirective" && (!rule || rule->origin != RuleOrigin::BuildKit);
        });
        QCOMPARE(summary(linted), expected);
    }

    void checkBuildArgReplacesDirective()
    {
        // As BuildKit: BUILDKIT_DOCKERFILE_CHECK wins over the directive.
        LintOptions options;
        options.graph.buildArgs = {{"BUILDKIT_DOCKERFILE_CHECK", "skip=ConsistentInstructionCasing;error=true"}};
        const Linted linted = run("#check=skip=all\nFROM scratch as base\ncopy Dockerfile .\n", options);
        const LintDiagnostic *as = find(linted, "FromAsCasing");
        QVERIFY(as);
        QCOMPARE(as->severity, Severity::Error);
        QVERIFY(!hasRule(linted, "ConsistentInstructionCasing"));
        QVERIFY(linted.result.buildKitErrorMode);

        LintOptions errors;
        errors.buildKitErrors = true;
        const LintDiagnostic *forced = find(run("FROM scratch as base\n", errors), "FromAsCasing");
        QVERIFY(forced);
    }

    // ---------------------------------------------------------------- hadolint pragmas

    void parsePragma_data()
    {
        QTest::addColumn<QString>("comment");
        QTest::addColumn<bool>("isPragma");
        QTest::addColumn<bool>("global");
        QTest::addColumn<QStringList>("rules");
        QTest::newRow("ignore") << u"# hadolint ignore=DL3008,DL3009"_s << true << false
                                << QStringList {u"DL3008"_s, u"DL3009"_s};
        QTest::newRow("blanks") << u"#hadolint ignore = DL3008 , UndefinedVar reason"_s << true << false
                                << QStringList {u"DL3008"_s, u"UndefinedVar"_s};
        QTest::newRow("global") << u"# hadolint global ignore=DL3003"_s << true << true << QStringList {u"DL3003"_s};
        QTest::newRow("other comment") << u"# just a comment about hadolint"_s << false << false << QStringList();
        QTest::newRow("no rules") << u"# hadolint ignore="_s << false << false << QStringList();
        QTest::newRow("shell pragma") << u"# hadolint shell=bash"_s << false << false << QStringList();
    }

    void parsePragma()
    {
        QFETCH(QString, comment);
        QFETCH(bool, isPragma);
        QFETCH(bool, global);
        QFETCH(QStringList, rules);
        IgnorePragma pragma;
        QCOMPARE(parseIgnorePragma(comment.toStdString(), pragma), isPragma);
        if (!isPragma)
            return;
        QCOMPARE(pragma.global, global);
        QStringList names;
        for (const std::string &rule : pragma.rules)
            names << qs(rule);
        QCOMPARE(names, rules);
    }

    void pragmas()
    {
        const QByteArray base = "FROM scratch\nCMD one\n";
        QVERIFY(hasRule(run(base), "JSONArgsRecommended"));
        // By id and by alias (hadolint's DL3025 is BuildKit's JSONArgsRecommended).
        QVERIFY(!hasRule(run("FROM scratch\n# hadolint ignore=JSONArgsRecommended\nCMD one\n"), "JSONArgsRecommended"));
        QVERIFY(!hasRule(run("FROM scratch\n# hadolint ignore=DL3025\nCMD one\n"), "JSONArgsRecommended"));
        // Stacked comment lines all apply; a blank line ends the block.
        QVERIFY(
            !hasRule(run("FROM scratch\n# hadolint ignore=DL3025\n# why: legacy\nCMD one\n"), "JSONArgsRecommended"));
        QVERIFY(hasRule(run("FROM scratch\n# hadolint ignore=DL3025\n\nCMD one\n"), "JSONArgsRecommended"));
        // Only the next instruction.
        const Linted two = run("FROM scratch\n# hadolint ignore=DL3025\nCMD one\nENTRYPOINT two\n");
        QCOMPARE(rulesOf(two).count(u"JSONArgsRecommended"_s), 1);
        // A pragma above a multi-line instruction covers all of it.
        QVERIFY(!hasRule(run("FROM alpine\n# hadolint ignore=UndefinedVar\nCOPY a \\\n  $nope /\n"), "UndefinedVar"));
        // Global, anywhere in the file.
        QVERIFY(!hasRule(run("FROM scratch\nCMD one\n# hadolint global ignore=DL3025\n"), "JSONArgsRecommended"));
    }

    // ---------------------------------------------------------------- options

    void ignoredAndOverrides()
    {
        const QByteArray dockerfile = "FROM scratch\nMAINTAINER me\nCMD one\n";
        LintOptions ignore;
        ignore.ignored = {"DL4000", "JSONArgsRecommended"};
        const Linted ignored = run(dockerfile, ignore);
        QVERIFY(!hasRule(ignored, "MaintainerDeprecated"));
        QVERIFY(!hasRule(ignored, "JSONArgsRecommended"));

        LintOptions override;
        override.severityOverrides = {{"DL4000", Severity::Info}, {"JSONArgsRecommended", Severity::Style},
            {"JSONArgsRecommended", Severity::Error}};
        const Linted overridden = run(dockerfile, override);
        QCOMPARE(find(overridden, "MaintainerDeprecated")->severity, Severity::Info);
        QCOMPARE(find(overridden, "JSONArgsRecommended")->severity, Severity::Error); // the later entry wins

        // Parser and graph findings answer to their code too.
        LintOptions quiet;
        quiet.ignored = {"UnterminatedHeredoc"};
        QVERIFY(!hasRule(run("FROM alpine\nRUN <<EOF\necho\n", quiet), "UnterminatedHeredoc"));
    }

    void syntaxAndGraphDiagnostics()
    {
        const Linted heredoc = run("FROM alpine\nRUN <<EOF\necho\n");
        const LintDiagnostic *unterminated = find(heredoc, "UnterminatedHeredoc");
        QVERIFY(unterminated);
        QCOMPARE(unterminated->severity, Severity::Error);
        QCOMPARE(unterminated->stage, 0);
        QVERIFY(heredoc.result.hasErrors());

        const Linted graph = run("COPY a b\nFROM alpine AS x\nCOPY --from=missing-stage:1 /a /b\nFROM y AS x\n");
        QVERIFY(hasRule(graph, "NoBuildStage"));
        QCOMPARE(find(graph, "NoBuildStage")->severity, Severity::Error);
        QVERIFY(hasRule(graph, "DuplicateStageName"));
    }

    void orderIsDeterministic()
    {
        const QByteArray dockerfile = "from alpine AS Base\nMAINTAINER x\nENV A 1\nCMD run\nCMD run\nWORKDIR rel\n"
                                      "FROM --platform=linux/amd64 base\nCOPY $X $Y /\n";
        const Linted a = run(dockerfile);
        const Linted b = run(dockerfile);
        QCOMPARE(summary(a), summary(b));
        QVERIFY(a.result.diagnostics.size() > 8);
        for (size_t i = 1; i < a.result.diagnostics.size(); ++i)
            QVERIFY(a.result.diagnostics[i - 1].range.begin <= a.result.diagnostics[i].range.begin);
    }

    // A finding reported under a rule and under its alias (hadolint's code) shows once.
    void aliasDuplicates_data()
    {
        QTest::addColumn<QByteArray>("dockerfile");
        QTest::addColumn<QString>("kept");
        QTest::addColumn<QString>("dropped");
        QTest::newRow("CMD shell form") << QByteArray("FROM scratch\nCMD one\n") << u"JSONArgsRecommended"_s
                                        << u"DL3025"_s;
        QTest::newRow("relative WORKDIR")
            << QByteArray("FROM alpine:3.20\nWORKDIR app\n") << u"WorkdirRelativePath"_s << u"DL3000"_s;
        QTest::newRow("MAINTAINER") << QByteArray("FROM alpine:3.20\nMAINTAINER me\n") << u"MaintainerDeprecated"_s
                                    << u"DL4000"_s;
        QTest::newRow("duplicate stage") << QByteArray("FROM alpine:3.20 AS x\nFROM alpine:3.20 AS x\n")
                                         << u"DuplicateStageName"_s << u"DL3024"_s;
        // BuildKit's check skipped: hadolint's rule still speaks.
        QTest::newRow("skipped by check=") << QByteArray("# check=skip=JSONArgsRecommended\nFROM scratch\nCMD one\n")
                                           << u"DL3025"_s << u"JSONArgsRecommended"_s;
    }

    void aliasDuplicates()
    {
        QFETCH(QByteArray, dockerfile);
        QFETCH(QString, kept);
        QFETCH(QString, dropped);
        const QStringList rules = rulesOf(run(dockerfile));
        QCOMPARE(rules.count(kept), 1);
        QCOMPARE(rules.count(dropped), 0);
    }

    void catalog()
    {
        QSet<QString> ids;
        for (const RuleInfo &rule : ruleCatalog().rules()) {
            QVERIFY2(!ids.contains(qs(rule.id)), rule.id.data());
            ids.insert(qs(rule.id));
        }
        QCOMPARE(ruleCatalog().find("NoEmptyContinuations")->id, std::string_view("NoEmptyContinuation"));
        QVERIFY(ruleCatalog().designates("DL3000", "WorkdirRelativePath"));
        QVERIFY(!ruleCatalog().designates("DL3000", "UndefinedVar"));
        QVERIFY(ruleCatalog().designates("SomethingUnknown", "SomethingUnknown"));
        QVERIFY(ruleCatalog().find("UnterminatedHeredoc"));
        QVERIFY(isExperimentalRule("CopyIgnoredFile"));
        QVERIFY(!isExperimentalRule("UndefinedVar"));
        QVERIFY(ruleDocumentation("NoSuchRule").isEmpty());
    }

    // ---------------------------------------------------------------- .dockerignore

    void cleanPaths_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("clean");
        QTest::newRow("empty") << u""_s << u"."_s;
        QTest::newRow("dot slash") << u"./tmp"_s << u"tmp"_s;
        QTest::newRow("trailing slash") << u"tmp/"_s << u"tmp"_s;
        QTest::newRow("root") << u"/"_s << u"/"_s;
        QTest::newRow("dot dot") << u"a/b/../c"_s << u"a/c"_s;
        QTest::newRow("leading dot dot") << u"../x"_s << u"../x"_s;
        QTest::newRow("rooted dot dot") << u"/../x"_s << u"/x"_s;
        QTest::newRow("double slash") << u"a//b/./c"_s << u"a/b/c"_s;
    }

    void cleanPaths()
    {
        QFETCH(QString, path);
        QFETCH(QString, clean);
        QCOMPARE(qs(cleanIgnorePath(path.toStdString())), clean);
    }

    // Paths inside the image (multistage_paths.h): cleanPath, and isCleanPath, which must say
    // exactly when cleanPath leaves a path as it is (callers then borrow the text).
    void imagePaths_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("clean");
        QTest::addColumn<bool>("alreadyClean"); // isCleanPath: the text can be used as it is
        QTest::newRow("root") << u"/"_s << u"/"_s << true;
        QTest::newRow("absolute") << u"/var/lib/apt/lists"_s << u"/var/lib/apt/lists"_s << true;
        QTest::newRow("wildcard element") << u"/var/lib/apt/lists/*"_s << u"/var/lib/apt/lists/*"_s << true;
        QTest::newRow("relative") << u"app/dist"_s << u"app/dist"_s << true;
        QTest::newRow("trailing slash") << u"/app/"_s << u"/app"_s << false;
        QTest::newRow("double slash") << u"/app//dist"_s << u"/app/dist"_s << false;
        QTest::newRow("dot element") << u"/app/./dist"_s << u"/app/dist"_s << false;
        QTest::newRow("dot at the end") << u"/app/."_s << u"/app"_s << false;
        QTest::newRow("dot dot") << u"/app/../srv"_s << u"/srv"_s << false;
        QTest::newRow("dot dot at the end") << u"/app/src/.."_s << u"/app"_s << false;
        QTest::newRow("dot dot above root") << u"/../x"_s << u"/x"_s << false;
        QTest::newRow("leading dot dot") << u"../x"_s << u"../x"_s << false;
        QTest::newRow("dot file") << u"/app/.env"_s << u"/app/.env"_s << true;
        QTest::newRow("dot dot file") << u"/app/..data"_s << u"/app/..data"_s << true;
        QTest::newRow("three dots") << u"/app/..."_s << u"/app/..."_s << true;
        QTest::newRow("unknown directory") << u"?"_s << u"?"_s << true;
        QTest::newRow("under the unknown directory") << u"?/src"_s << u"?/src"_s << true;
        QTest::newRow("dot under the unknown directory") << u"?/./src"_s << u"?/src"_s << false;
        QTest::newRow("empty") << u""_s << u"."_s << false;
    }

    void imagePaths()
    {
        QFETCH(QString, path);
        QFETCH(QString, clean);
        const std::string text = path.toStdString();
        QCOMPARE(qs(cleanPath(text)), clean);
        QFETCH(bool, alreadyClean);
        QCOMPARE(isCleanPath(text), alreadyClean);
    }

    void dockerignore_data()
    {
        QTest::addColumn<QByteArray>("patterns");
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("excluded");
        QTest::newRow("plain") << QByteArray("Dockerfile\n") << u"Dockerfile"_s << true;
        QTest::newRow("comment") << QByteArray("# Dockerfile\n") << u"Dockerfile"_s << false;
        QTest::newRow("leading slash") << QByteArray("/secret\n") << u"secret"_s << true;
        QTest::newRow("leading dot slash") << QByteArray("./secret\n") << u"secret"_s << true;
        QTest::newRow("star stays in directory") << QByteArray("*.txt\n") << u"a/b.txt"_s << false;
        QTest::newRow("star") << QByteArray("*.txt\n") << u"b.txt"_s << true;
        QTest::newRow("double star") << QByteArray("**/*.txt\n") << u"a/b/c.txt"_s << true;
        QTest::newRow("double star at root") << QByteArray("**/*.txt\n") << u"c.txt"_s << true;
        QTest::newRow("double star middle") << QByteArray("a/**/z\n") << u"a/b/c/z"_s << true;
        QTest::newRow("trailing double star") << QByteArray("node_modules/**\n") << u"node_modules/x/y"_s << true;
        QTest::newRow("parent directory") << QByteArray("build\n") << u"build/out/app"_s << true;
        QTest::newRow("exception") << QByteArray("*.md\n!README.md\n") << u"README.md"_s << false;
        QTest::newRow("exception order matters") << QByteArray("!README.md\n*.md\n") << u"README.md"_s << true;
        QTest::newRow("question mark") << QByteArray("file?.log\n") << u"file1.log"_s << true;
        QTest::newRow("class") << QByteArray("file[0-9].log\n") << u"filex.log"_s << false;
        QTest::newRow("not cleaned path") << QByteArray("*/tmp/*\n") << u"./tmp/a"_s << true;
        QTest::newRow("cleaned path") << QByteArray("*/tmp/*\n") << u"tmp/a"_s << false;
        QTest::newRow("escaped star") << QByteArray("a\\*b\n") << u"a*b"_s << true;
        QTest::newRow("escaped star literal") << QByteArray("a\\*b\n") << u"axb"_s << false;
    }

    void dockerignore()
    {
        QFETCH(QByteArray, patterns);
        QFETCH(QString, path);
        QFETCH(bool, excluded);
        const DockerignoreMatcher matcher(readDockerignore(patterns.toStdString()));
        QVERIFY(matcher.error().empty());
        QCOMPARE(matcher.matchesOrParentMatches(path.toStdString()), excluded);
    }

    void dockerignoreErrors()
    {
        QCOMPARE(DockerignoreMatcher({"!"}).error(), std::string("illegal exclusion pattern: \"!\""));
        QVERIFY(!DockerignoreMatcher({"[abc"}).error().empty());
    }

    void scanContext()
    {
        QTemporaryDir outside;
        QTemporaryDir root;
        QVERIFY(outside.isValid() && root.isValid());
        const auto write = [](const QString &path, const QByteArray &bytes) {
            QDir().mkpath(QFileInfo(path).absolutePath());
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(bytes);
        };
        write(outside.filePath(u"secret.txt"_s), "x");
        write(root.filePath(u"Dockerfile"_s), "FROM scratch\n");
        write(root.filePath(u".dockerignore"_s), "node_modules\n*.log\n!keep.log\n");
        write(root.filePath(u"src/main.c"_s), "int main;\n");
        write(root.filePath(u"debug.log"_s), "x");
        write(root.filePath(u"keep.log"_s), "x");
        write(root.filePath(u"node_modules/a/index.js"_s), "x");
        QVERIFY(QFile::link(outside.path(), root.filePath(u"escape"_s)));

        BuildContextInfo info = scanBuildContext(root.path(), root.filePath(u"Dockerfile"_s));
        QVERIFY(info.present);
        QCOMPARE(info.dockerignorePatterns, (std::vector<std::string> {"node_modules", "*.log", "!keep.log"}));
        std::vector<std::string> files = info.files;
        std::sort(files.begin(), files.end());
        // The link is listed but not followed: nothing outside the context is read.
        QCOMPARE(files, (std::vector<std::string> {".dockerignore", "Dockerfile", "escape", "keep.log", "src/main.c"}));
        std::vector<std::string> ignored = info.ignoredFiles;
        std::sort(ignored.begin(), ignored.end());
        QCOMPARE(ignored, (std::vector<std::string> {"debug.log", "node_modules/a/index.js"}));

        // <Dockerfile>.dockerignore takes precedence over the context's .dockerignore.
        write(root.filePath(u"Dockerfile.dockerignore"_s), "src\n");
        info = scanBuildContext(root.path(), root.filePath(u"Dockerfile"_s));
        QCOMPARE(info.dockerignorePatterns, std::vector<std::string> {"src"});

        // Bounded.
        BuildContextScanOptions few;
        few.maxFiles = 2;
        info = scanBuildContext(root.path(), {}, few);
        QCOMPARE(info.files.size() + info.ignoredFiles.size(), size_t(2));

        QVERIFY(!scanBuildContext(root.filePath(u"missing"_s)).present);
    }

    // ---------------------------------------------------------------- output formats

    void goldenOutputs_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("golden");
        QTest::newRow("text") << u"text"_s << u"sample.txt"_s;
        QTest::newRow("json") << u"json"_s << u"sample.json"_s;
        QTest::newRow("sarif") << u"sarif"_s << u"sample.sarif"_s;
        QTest::newRow("checkstyle") << u"checkstyle"_s << u"sample.checkstyle.xml"_s;
        QTest::newRow("gitlab") << u"gitlab"_s << u"sample.gitlab.json"_s;
    }

    void goldenOutputs()
    {
        QFETCH(QString, format);
        QFETCH(QString, golden);
        const LintedFile file = sampleFile();
        const std::vector<LintedFile> files {file};
        const std::string report = formatLintReport(files, *lintFormatFromName(format.toStdString()));
        compareGolden(QByteArray::fromStdString(report), dataPath(golden));
    }

    void jsonFields()
    {
        const std::vector<LintedFile> files {sampleFile()};
        const nlohmann::json report = nlohmann::json::parse(formatLintReport(files, LintFormat::Json));
        QVERIFY(report.is_array() && !report.empty());
        bool sawFix = false;
        for (const nlohmann::json &entry : report) {
            for (const char *key :
                {"file", "rule", "aliases", "severity", "line", "column", "endLine", "endColumn", "message", "stage"})
                QVERIFY2(entry.contains(key), key);
            if (entry.contains("fixes")) {
                sawFix = true;
                QVERIFY(entry["fixes"][0]["edits"][0].contains("text"));
            }
        }
        QVERIFY(sawFix);
    }

    void sarifStructure()
    {
        const std::vector<LintedFile> files {sampleFile()};
        const nlohmann::json sarif = nlohmann::json::parse(formatLintReport(files, LintFormat::Sarif));
        QCOMPARE(sarif["version"].get<std::string>(), std::string("2.1.0"));
        QVERIFY(sarif["$schema"].get<std::string>().find("sarif-2.1.0") != std::string::npos);
        const nlohmann::json &run = sarif["runs"][0];
        QCOMPARE(run["tool"]["driver"]["name"].get<std::string>(), std::string("stagecraft"));
        const nlohmann::json &rules = run["tool"]["driver"]["rules"];
        QVERIFY(rules.is_array() && !rules.empty());
        for (const nlohmann::json &rule : rules) {
            QVERIFY(rule["id"].is_string());
            QVERIFY(!rule["shortDescription"]["text"].get<std::string>().empty());
            QVERIFY(!rule["help"]["text"].get<std::string>().empty());
            QVERIFY(rule["helpUri"].get<std::string>().starts_with("https://"));
        }
        const nlohmann::json &results = run["results"];
        QVERIFY(results.is_array() && !results.empty());
        bool sawUtf16Column = false;
        for (const nlohmann::json &result : results) {
            const std::string id = result["ruleId"].get<std::string>();
            QCOMPARE(rules[result["ruleIndex"].get<size_t>()]["id"].get<std::string>(), id);
            const std::string level = result["level"].get<std::string>();
            QVERIFY(level == "error" || level == "warning" || level == "note");
            QVERIFY(!result["message"]["text"].get<std::string>().empty());
            const nlohmann::json &location = result["locations"][0]["physicalLocation"];
            QCOMPARE(location["artifactLocation"]["uri"].get<std::string>(), std::string("sample.Dockerfile"));
            QVERIFY(location["region"]["startLine"].get<int>() >= 1);
            QVERIFY(location["region"]["startColumn"].get<int>() >= 1);
            // Line 12 has "é" (two bytes, one UTF-16 unit) before $APP_HOME.
            if (id == "UndefinedVar") {
                QCOMPARE(location["region"]["startLine"].get<int>(), 12);
                QCOMPARE(location["region"]["startColumn"].get<int>(), 43);
                sawUtf16Column = true;
            }
        }
        QVERIFY(sawUtf16Column);
    }

    void checkstyleEscapes()
    {
        LintedFile file;
        file.path = "a&b.Dockerfile";
        file.tree = parseDockerfile("FROM scratch\nWORKDIR \"a<b>\"\n");
        file.result = buildKitOnly(lint(*file.tree));
        const std::string xml = formatLintReport(std::vector<LintedFile> {file}, LintFormat::Checkstyle);
        QVERIFY(xml.find("<file name=\"a&amp;b.Dockerfile\">") != std::string::npos);
        QVERIFY2(xml.find("message=\"Relative workdir &quot;a&lt;b&gt;&quot; can") != std::string::npos, xml.c_str());
        QVERIFY(xml.find("source=\"WorkdirRelativePath\"") != std::string::npos);
    }

    void gitlabFingerprintsAreStable()
    {
        const QByteArray body = "FROM scratch\nCMD run\n";
        const auto fingerprints = [](const QByteArray &text) {
            LintedFile file;
            file.path = "Dockerfile";
            file.tree = parseDockerfile(text.toStdString());
            file.result = buildKitOnly(lint(*file.tree));
            const nlohmann::json report
                = nlohmann::json::parse(formatLintReport(std::vector<LintedFile> {file}, LintFormat::Gitlab));
            QStringList out;
            for (const nlohmann::json &entry : report) {
                out << qs(entry["fingerprint"].get<std::string>());
                const std::string severity = entry["severity"].get<std::string>();
                if (severity != "info" && severity != "minor" && severity != "major" && severity != "critical"
                    && severity != "blocker")
                    out << u"bad severity"_s;
                if (!entry["location"]["lines"]["begin"].is_number() || !entry["location"]["path"].is_string())
                    out << u"bad location"_s;
            }
            return out;
        };
        // Moving the finding down a line keeps its fingerprint.
        QCOMPARE(fingerprints(body), fingerprints("# comment\n" + body));
        QCOMPARE(fingerprints(body).size(), 1);
    }

    // ---------------------------------------------------------------- corpus

    void realCorpus()
    {
        const QDir dir(sharedPath(u"corpus/real"_s));
        STAGECRAFT_SKIP_WITHOUT_SHARED(dir.path());
        const QStringList names = dir.entryList({u"*.Dockerfile"_s}, QDir::Files, QDir::Name);
        if (names.isEmpty())
            QSKIP("../shared/corpus/real is absent");
        LintOptions options;
        options.allExperimental = true;
        size_t total = 0;
        for (const QString &name : names) {
            const auto tree = parseDockerfile(readBytes(dir.filePath(name)).toStdString());
            const LintResult result = lint(*tree, options);
            for (const LintDiagnostic &diagnostic : result.diagnostics) {
                QVERIFY2(diagnostic.range.begin <= diagnostic.range.end && diagnostic.range.end <= tree->text().size(),
                    qPrintable(name));
                for (const QuickFix &fix : diagnostic.fixes) {
                    for (const TextEdit &edit : fix.edits)
                        QVERIFY2(edit.range.end <= tree->text().size(), qPrintable(name));
                }
            }
            total += result.diagnostics.size();
            // Every output format copes with whatever the corpus holds.
            const std::vector<LintedFile> files {{name.toStdString(), tree, result}};
            for (LintFormat format :
                {LintFormat::Text, LintFormat::Json, LintFormat::Sarif, LintFormat::Checkstyle, LintFormat::Gitlab})
                QVERIFY(!formatLintReport(files, format).empty() || format == LintFormat::Text);
        }
        QVERIFY(total > 0);
    }

#ifdef STAGECRAFT_HAVE_CLI
    // ---------------------------------------------------------------- .hadolint.yaml

    void config()
    {
        std::string error;
        const std::optional<LintConfig> config = parseLintConfig(
            "failure-threshold: error\nignored: [DL3008, UndefinedVar]\noverride:\n  info:\n    - DL3000\n"
            "  style: [JSONArgsRecommended]\ntrustedRegistries:\n  - docker.io\n  - my.registry:5000\nformat: tty\n",
            error);
        QVERIFY2(config, error.c_str());
        QCOMPARE(config->failureThreshold, std::optional<FailureThreshold>(FailureThreshold::Error));
        QCOMPARE(config->ignored, (std::vector<std::string> {"DL3008", "UndefinedVar"}));
        QCOMPARE(config->overrides.size(), size_t(2));
        QCOMPARE(config->trustedRegistries, (std::vector<std::string> {"docker.io", "my.registry:5000"}));

        LintOptions options;
        config->applyTo(options);
        const Linted linted = run("FROM scratch\nWORKDIR rel\nCMD run\nCOPY $X /\n", options);
        QCOMPARE(find(linted, "WorkdirRelativePath")->severity, Severity::Info);
        QCOMPARE(find(linted, "JSONArgsRecommended")->severity, Severity::Style);
        QVERIFY(!hasRule(linted, "UndefinedVar"));

        QVERIFY(!parseLintConfig("failure-threshold: loud\n", error));
        QVERIFY(!parseLintConfig("override:\n  fatal: [DL3000]\n", error));
        QVERIFY(!parseLintConfig("ignored: [a\n", error));
        QVERIFY(parseLintConfig("", error));

        QVERIFY(reachesThreshold(Severity::Error, FailureThreshold::Warning));
        QVERIFY(reachesThreshold(Severity::Warning, FailureThreshold::Warning));
        QVERIFY(!reachesThreshold(Severity::Info, FailureThreshold::Warning));
        QVERIFY(!reachesThreshold(Severity::Error, FailureThreshold::None));
        QVERIFY(reachesThreshold(Severity::Style, FailureThreshold::Style));
    }

    // ---------------------------------------------------------------- command line

    void commandLine()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString dockerfile = dir.filePath(u"Dockerfile"_s);
        {
            QFile file(dockerfile);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("FROM scratch as base\n");
        }
        const auto lintCli = [](const QStringList &arguments, const QByteArray &input = {}) {
            std::istringstream in(input.toStdString());
            std::ostringstream out;
            std::ostringstream err;
            const int code = runCommandLine(QStringList {u"lint"_s} + arguments, in, out, err);
            return std::tuple<int, std::string, std::string> {code, out.str(), err.str()};
        };

        // Text: FILE:LINE:COL: severity: message [Rule].
        auto [code, out, err] = lintCli({dockerfile});
        QCOMPARE(code, 1);
        const std::string expectedLine = dockerfile.toStdString()
            + ":1:14: warning: 'as' and 'FROM' keywords' casing do not match [FromAsCasing]\n";
        QVERIFY2(out.find(expectedLine) != std::string::npos, out.c_str());

        // Thresholds and ignores.
        QCOMPARE(std::get<0>(lintCli({u"--failure-threshold"_s, u"error"_s, dockerfile})), 0);
        QCOMPARE(std::get<0>(lintCli({u"--failure-threshold=none"_s, dockerfile})), 0);
        QCOMPARE(std::get<0>(lintCli({u"--failure-threshold=style"_s, dockerfile})), 1);
        QVERIFY(std::get<1>(lintCli({u"--ignore"_s, u"FromAsCasing"_s, dockerfile})).find("FromAsCasing")
            == std::string::npos);

        // .hadolint.yaml beside the file, and --config.
        {
            QFile file(dir.filePath(u".hadolint.yaml"_s));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("ignored:\n  - FromAsCasing\n");
        }
        QVERIFY(std::get<1>(lintCli({dockerfile})).find("FromAsCasing") == std::string::npos);
        const QString other = dir.filePath(u"strict.yaml"_s);
        {
            QFile file(other);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("override:\n  error: [FromAsCasing]\nfailure-threshold: error\n");
        }
        const auto [configCode, configOut, configErr] = lintCli({u"--config"_s, other, dockerfile});
        QCOMPARE(configCode, 1);
        QVERIFY(configOut.find(":1:14: error: 'as' and 'FROM'") != std::string::npos);
        QFile::remove(dir.filePath(u".hadolint.yaml"_s));

        // Standard input, JSON, the CLI prints what the library formats.
        const QByteArray input = "FROM scratch\nMAINTAINER me\n";
        const auto [stdinCode, stdinOut, stdinErr] = lintCli({u"--format=json"_s, u"-"_s}, input);
        const nlohmann::json report = nlohmann::json::parse(stdinOut);
        QVERIFY(report.is_array());
        bool sawMaintainer = false;
        for (const nlohmann::json &entry : report) {
            QCOMPARE(entry["file"].get<std::string>(), std::string("<stdin>"));
            sawMaintainer = sawMaintainer || entry["rule"] == "MaintainerDeprecated";
        }
        QVERIFY(sawMaintainer);
        QCOMPARE(stdinCode, 1);

        // Every format through the CLI matches the library's output for the same file.
        const QString sample = dataPath(u"sample.Dockerfile"_s);
        for (const char *format : {"text", "json", "sarif", "checkstyle", "gitlab"}) {
            const auto [formatCode, formatOut, formatErr]
                = lintCli({u"--format"_s, QString::fromLatin1(format), u"--context"_s, dir.path(), sample});
            QCOMPARE(formatCode, 1);
            LintedFile file;
            file.path = sample.toStdString();
            file.tree = parseDockerfile(readBytes(sample).toStdString());
            file.result = lint(*file.tree, {}, scanBuildContext(dir.path(), sample));
            LintReportOptions options;
            options.toolVersion = STAGECRAFT_VERSION;
            QCOMPARE(formatOut, formatLintReport(std::vector<LintedFile> {file}, *lintFormatFromName(format), options));
        }

        // The build context: .dockerignore beside the file, experimental check enabled.
        {
            QFile ignore(dir.filePath(u".dockerignore"_s));
            QVERIFY(ignore.open(QIODevice::WriteOnly));
            ignore.write("secret.txt\n");
            QFile file(dockerfile);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write("FROM scratch\nCOPY secret.txt /\n");
        }
        QVERIFY(std::get<1>(lintCli({u"--experimental=CopyIgnoredFile"_s, dockerfile})).find("CopyIgnoredFile")
            != std::string::npos);
        QVERIFY(std::get<1>(lintCli({dockerfile})).find("CopyIgnoredFile") == std::string::npos);
        // No context for standard input.
        QVERIFY(std::get<1>(lintCli({u"--experimental=all"_s, u"-"_s}, "FROM scratch\nCOPY secret.txt /\n"))
                    .find("CopyIgnoredFile")
            == std::string::npos);

        // Usage and I/O errors exit 2.
        QCOMPARE(std::get<0>(lintCli({})), 2);
        QCOMPARE(std::get<0>(lintCli({u"--format=yaml"_s, dockerfile})), 2);
        QCOMPARE(std::get<0>(lintCli({u"--failure-threshold=loud"_s, dockerfile})), 2);
        QCOMPARE(std::get<0>(lintCli({u"--bogus"_s, dockerfile})), 2);
        QCOMPARE(std::get<0>(lintCli({dir.filePath(u"missing"_s)})), 2);
        QCOMPARE(std::get<0>(lintCli({u"--config"_s, dir.filePath(u"missing.yaml"_s), dockerfile})), 2);
        QCOMPARE(std::get<0>(lintCli({u"--context"_s, dir.filePath(u"missing"_s), dockerfile})), 2);
    }
#endif
};

QTEST_GUILESS_MAIN(TestLintEngine)
#include "test_lint_engine.moc"

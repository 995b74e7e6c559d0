// SPDX-License-Identifier: MIT
// ShellCheck on RUN bodies: which scripts are built (shells, heredocs), how ShellCheck's
// line/column positions map back to the Dockerfile's bytes (fabricated json1 output, no
// process), suppression by `# hadolint ignore=` and --ignore (a stand-in program), the
// command line's --shellcheck, and one run of the real shellcheck when it is installed.

#include "graph/build_graph.h"
#include "lint/linter.h"
#include "lint/shellcheck.h"
#include "syntax/syntax_tree.h"

#ifdef STAGECRAFT_HAVE_CLI
#include "cli/command_line.h"
#endif

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <sstream>

using namespace stagecraft;
using namespace Qt::StringLiterals;

namespace {

struct Scripts {
    std::shared_ptr<const SyntaxTree> tree;
    std::vector<ShellCheckScript> scripts;
};

Scripts scriptsOf(const QByteArray &dockerfile)
{
    Scripts result;
    result.tree = parseDockerfile(dockerfile.toStdString());
    result.scripts = shellCheckScripts(*result.tree, buildGraph(*result.tree));
    return result;
}

// ShellCheck's view of a script offset: 1-based line, and column in characters (a tab is one).
std::pair<int, int> lineColumn(const std::string &text, size_t offset)
{
    int line = 1;
    int column = 1;
    for (size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++column;
        }
    }
    return {line, column};
}

nlohmann::json comment(int line, int column, int endLine, int endColumn, const char *level = "info", int code = 2086)
{
    return {{"file", "-"}, {"line", line}, {"endLine", endLine}, {"column", column}, {"endColumn", endColumn},
        {"level", level}, {"code", code}, {"message", "Double quote to prevent globbing and word splitting."},
        {"fix", nullptr}};
}

// "LINE:COLUMN 'covered bytes'" in the Dockerfile.
QString where(const SyntaxTree &tree, SourceRange range)
{
    const Position at = tree.lines().positionAt(range.begin);
    const std::string_view covered = tree.text().substr(range.begin, range.length());
    return u"%1:%2 '%3'"_s.arg(at.line).arg(at.column).arg(
        QString::fromUtf8(covered.data(), static_cast<qsizetype>(covered.size())));
}

} // namespace

class TestShellCheck : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void dialects();
    void scripts_data();
    void scripts();
    void positions_data();
    void positions();
    void outsideScript();
    void severities();
    void suppression();
    void missingProgram();
    void realShellCheck();
};

void TestShellCheck::dialects()
{
    QCOMPARE(QString::fromStdString(shellCheckDialect("/bin/sh")), QStringLiteral("sh"));
    QCOMPARE(QString::fromStdString(shellCheckDialect("/bin/bash")), QStringLiteral("bash"));
    QCOMPARE(QString::fromStdString(shellCheckDialect("dash")), QStringLiteral("dash"));
    QCOMPARE(QString::fromStdString(shellCheckDialect("/bin/ash")), QStringLiteral("sh"));
    QCOMPARE(QString::fromStdString(shellCheckDialect("mksh")), QStringLiteral("ksh"));
    QCOMPARE(QString::fromStdString(shellCheckDialect("powershell")), QStringLiteral(""));
    QCOMPARE(QString::fromStdString(shellCheckDialect("zsh")), QStringLiteral(""));
    QVERIFY(isShellCheckRule("SC2086"));
    QVERIFY(!isShellCheckRule("SC"));
    QVERIFY(!isShellCheckRule("DL3008"));
    QVERIFY(!isShellCheckRule("SCX1"));
}

void TestShellCheck::scripts_data()
{
    QTest::addColumn<QByteArray>("dockerfile");
    QTest::addColumn<QStringList>("expected"); // "instruction-line shell" per script, in order

    QTest::addRow("shell form") << "FROM alpine\nRUN echo hi\n"_ba << QStringList {u"2 sh"_s};
    QTest::addRow("exec form is not a script") << "FROM alpine\nRUN [\"echo\", \"hi\"]\n"_ba << QStringList {};
    QTest::addRow("SHELL bash") << "FROM alpine\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN echo\n"_ba
                                << QStringList {u"3 bash"_s};
    QTest::addRow("powershell skipped") << "FROM windows\nSHELL [\"powershell\", \"-command\"]\nRUN Write-Host hi\n"_ba
                                        << QStringList {};
    QTest::addRow("SHELL inherited from the base stage")
        << "FROM alpine AS base\nSHELL [\"/bin/bash\", \"-c\"]\nFROM base\nRUN echo\nFROM alpine\nRUN echo\n"_ba
        << QStringList {u"4 bash"_s, u"6 sh"_s};
    QTest::addRow("heredoc script") << "FROM alpine\nRUN <<EOF\necho hi\nEOF\n"_ba << QStringList {u"2 sh"_s};
    QTest::addRow("heredoc read by bash")
        << "FROM alpine\nRUN bash <<EOF\necho hi\nEOF\n"_ba << QStringList {u"2 sh"_s, u"2 bash"_s};
    QTest::addRow("heredoc with a bash shebang")
        << "FROM alpine\nRUN <<EOF\n#!/usr/bin/env bash\necho hi\nEOF\n"_ba << QStringList {u"2 bash"_s};
    QTest::addRow("python heredoc is data")
        << "FROM alpine\nRUN python3 <<EOF\nprint(1)\nEOF\n"_ba << QStringList {u"2 sh"_s};
    QTest::addRow("unterminated heredoc skipped") << "FROM alpine\nRUN <<EOF\necho hi\n"_ba << QStringList {};
}

void TestShellCheck::scripts()
{
    QFETCH(QByteArray, dockerfile);
    QFETCH(QStringList, expected);
    const Scripts s = scriptsOf(dockerfile);
    QStringList actual;
    for (const ShellCheckScript &script : s.scripts) {
        const Instruction &instruction = s.tree->instructions()[static_cast<size_t>(script.instruction)];
        actual << u"%1 %2"_s.arg(instruction.startLine).arg(QString::fromStdString(script.shell));
    }
    QCOMPARE(actual, expected);
}

void TestShellCheck::positions_data()
{
    QTest::addColumn<QByteArray>("dockerfile");
    QTest::addColumn<int>("script"); // index into shellCheckScripts()
    QTest::addColumn<QByteArray>("needle"); // the text ShellCheck would point at, found in the script
    QTest::addColumn<bool>("point"); // report a point (column == endColumn) at the needle's start
    QTest::addColumn<QString>("expected"); // where() of the diagnostic

    QTest::addRow("one line") << "FROM alpine\nRUN echo $foo\n"_ba << 0 << "$foo"_ba << false << u"2:10 '$foo'"_s;
    QTest::addRow("after flags") << "FROM alpine\nRUN --mount=type=cache,target=/c echo $foo\n"_ba << 0 << "$foo"_ba
                                 << false << u"2:39 '$foo'"_s;
    QTest::addRow("second physical line") << "FROM alpine\nRUN apt-get update && \\\n    echo $x \\\n  && true\n"_ba
                                          << 0 << "$x"_ba << false << u"3:10 '$x'"_s;
    QTest::addRow("third physical line") << "FROM alpine\nRUN apt-get update && \\\n    echo $x \\\n  && rm -rf $y\n"_ba
                                         << 0 << "$y"_ba << false << u"4:13 '$y'"_s;
    QTest::addRow("across a continuation")
        << "FROM alpine\nRUN a=1 && \\\n  echo $a\n"_ba << 0 << "&&   echo"_ba << false << u"2:9 '&& \\\n  echo'"_s;
    QTest::addRow("comment line inside the continuation")
        << "FROM alpine\nRUN true \\\n# a comment\n  && echo $x\n"_ba << 0 << "$x"_ba << false << u"4:11 '$x'"_s;
    QTest::addRow("backtick escape") << "# escape=`\nFROM alpine\nRUN echo a `\n  $b\n"_ba << 0 << "$b"_ba << false
                                     << u"4:3 '$b'"_s;
    QTest::addRow("CRLF continuation") << "FROM alpine\r\nRUN true \\\r\n  && echo $x\r\n"_ba << 0 << "$x"_ba << false
                                       << u"3:11 '$x'"_s;
    QTest::addRow("tabs count one column")
        << "FROM alpine\nRUN\techo\t\"é\"\t$x\n"_ba << 0 << "$x"_ba << false << u"2:15 '$x'"_s;
    QTest::addRow("point at a character") << "FROM alpine\nRUN echo \"é\n"_ba << 0 << "é"_ba << true << u"2:11 'é'"_s;
    QTest::addRow("heredoc script body") << "FROM alpine\nRUN <<EOF\nset -e\necho $x\nEOF\n"_ba << 0 << "$x"_ba << false
                                         << u"4:6 '$x'"_s;
    QTest::addRow("heredoc fed to a command")
        << "FROM alpine\nRUN python3 <<EOF\nprint(\"$x\")\nEOF\n"_ba << 0 << "$x"_ba << false << u"3:8 '$x'"_s;
    QTest::addRow("heredoc terminator") << "FROM alpine\nRUN cat <<-EOF\n\tdata\n\tEOF\n"_ba << 0 << "\tEOF"_ba << false
                                        << u"4:1 '\tEOF'"_s;
    QTest::addRow("command line of a heredoc with continuation")
        << "FROM alpine\nRUN cat \\\n  $f <<EOF\nhi\nEOF\n"_ba << 0 << "$f"_ba << false << u"3:3 '$f'"_s;
}

void TestShellCheck::positions()
{
    QFETCH(QByteArray, dockerfile);
    QFETCH(int, script);
    QFETCH(QByteArray, needle);
    QFETCH(bool, point);
    QFETCH(QString, expected);
    const Scripts s = scriptsOf(dockerfile);
    QVERIFY(script < static_cast<int>(s.scripts.size()));
    const ShellCheckScript &checked = s.scripts[static_cast<size_t>(script)];
    // Past the `export` lines declaring the variables in scope.
    size_t body = 0;
    for (int line = 0; line < checked.headerLines; ++line)
        body = checked.text.find('\n', body) + 1;
    const size_t at = checked.text.find(needle.toStdString(), body);
    QVERIFY2(at != std::string::npos, checked.text.c_str());
    const auto [line, column] = lineColumn(checked.text, at);
    const auto [endLine, endColumn] = point ? std::pair(line, column) : lineColumn(checked.text, at + needle.size());
    const nlohmann::json output = {{"comments", {comment(line, column, endLine, endColumn)}}};

    std::string error;
    const std::vector<LintDiagnostic> found = shellCheckDiagnostics(*s.tree, checked, output.dump(), &error);
    QCOMPARE(QString::fromStdString(error), QString());
    QCOMPARE(found.size(), size_t(1));
    QCOMPARE(QString::fromStdString(found.front().rule), u"SC2086"_s);
    QCOMPARE(where(*s.tree, found.front().range), expected);
}

void TestShellCheck::outsideScript()
{
    // Comments on the added declarations and on a body checked as a script of its own are dropped.
    const Scripts s = scriptsOf("FROM alpine\nARG VERSION=1\nRUN bash <<EOF\necho $x\nEOF\n"_ba);
    QCOMPARE(s.scripts.size(), size_t(2));
    const ShellCheckScript &commandLine = s.scripts[0];
    QVERIFY(commandLine.headerLines >= 1);
    QVERIFY(commandLine.text.find("export VERSION=1\n") != std::string::npos);
    const int bodyLine = commandLine.headerLines + 2;
    const nlohmann::json output = {{"comments", {comment(1, 1, 1, 5), comment(bodyLine, 6, bodyLine, 8)}}};
    QVERIFY(shellCheckDiagnostics(*s.tree, commandLine, output.dump()).empty());

    std::string error;
    QVERIFY(shellCheckDiagnostics(*s.tree, commandLine, "not json", &error).empty());
    QVERIFY(!error.empty());
}

void TestShellCheck::severities()
{
    const Scripts s = scriptsOf("FROM alpine\nRUN echo $x\n"_ba);
    const ShellCheckScript &script = s.scripts.front();
    const int line = script.headerLines + 1;
    const nlohmann::json output = {{"comments",
        {comment(line, 6, line, 8, "error", 1000), comment(line, 6, line, 8, "warning", 2154),
            comment(line, 6, line, 8, "info", 2086), comment(line, 6, line, 8, "style", 2001)}}};
    const std::vector<LintDiagnostic> found = shellCheckDiagnostics(*s.tree, script, output.dump());
    QCOMPARE(found.size(), size_t(4));
    QCOMPARE(found[0].severity, Severity::Error);
    QCOMPARE(QString::fromStdString(found[0].rule), u"SC1000"_s);
    QCOMPARE(found[1].severity, Severity::Warning);
    QCOMPARE(found[2].severity, Severity::Info);
    QCOMPARE(found[3].severity, Severity::Style);
}

void TestShellCheck::suppression()
{
    // A stand-in for shellcheck that reports SC2086 on `$x` of whatever RUN it is given.
    const QByteArray dockerfile = "FROM alpine\nRUN echo $x\n# hadolint ignore=SC2086\nRUN echo $x\n"_ba;
    const Scripts s = scriptsOf(dockerfile);
    QCOMPARE(s.scripts.size(), size_t(2));
    const int line = s.scripts.front().headerLines + 1;
    QTemporaryDir dir;
    const QString program = dir.filePath(u"fake-shellcheck"_s);
    QFile file(program);
    QVERIFY(file.open(QIODevice::WriteOnly));
    const nlohmann::json output = {{"comments", {comment(line, 6, line, 8)}}};
    file.write("#!/bin/sh\ncat >/dev/null\necho '" + QByteArray::fromStdString(output.dump()) + "'\nexit 1\n");
    file.close();
    QVERIFY(file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));

    const std::shared_ptr<const SyntaxTree> tree = parseDockerfile(dockerfile.toStdString());
    LintOptions options;
    options.shellCheck = ShellCheckOptions {.program = program};
    const auto shellCheckFindings = [&] {
        QStringList out;
        const LintResult result = lint(*tree, options);
        for (const LintDiagnostic &diagnostic : result.diagnostics) {
            if (isShellCheckRule(diagnostic.rule))
                out << QString::fromStdString(diagnostic.rule) + u' ' + where(*tree, diagnostic.range);
        }
        for (const std::string &error : result.toolErrors)
            out << QString::fromStdString(error);
        return out;
    };
    // The pragma silences the second RUN only.
    QCOMPARE(shellCheckFindings(), QStringList {u"SC2086 2:10 '$x'"_s});
    options.severityOverrides.emplace_back("SC2086", Severity::Error);
    const LintResult overridden = lint(*tree, options);
    QVERIFY(std::any_of(overridden.diagnostics.begin(), overridden.diagnostics.end(),
        [](const LintDiagnostic &d) { return d.rule == "SC2086" && d.severity == Severity::Error; }));
    options.ignored.push_back("SC2086");
    QCOMPARE(shellCheckFindings(), QStringList());
}

void TestShellCheck::missingProgram()
{
    const std::shared_ptr<const SyntaxTree> tree = parseDockerfile("FROM alpine\nRUN echo $x\n");
    LintOptions options;
    options.shellCheck = ShellCheckOptions {.program = u"/nonexistent/shellcheck"_s};
    const LintResult result = lint(*tree, options);
    QCOMPARE(result.toolErrors.size(), size_t(1));
    QVERIFY(std::none_of(result.diagnostics.begin(), result.diagnostics.end(),
        [](const LintDiagnostic &diagnostic) { return isShellCheckRule(diagnostic.rule); }));
#ifdef STAGECRAFT_HAVE_CLI
    // The command line refuses --shellcheck without the program: usage error, exit 2.
    const QByteArray path = qgetenv("PATH");
    qputenv("PATH", "/nonexistent");
    std::istringstream in("FROM alpine\n");
    std::ostringstream out;
    std::ostringstream err;
    const int exitCode = runCommandLine({u"lint"_s, u"--shellcheck"_s, u"-"_s}, in, out, err);
    qputenv("PATH", path);
    QCOMPARE(exitCode, int(ExitUsage));
    QCOMPARE(QString::fromStdString(err.str()),
        u"stagecraft lint: --shellcheck needs shellcheck, which is not on PATH (see stagecraft --help)\n"_s);
#endif
}

void TestShellCheck::realShellCheck()
{
    if (findShellCheck().isEmpty())
        QSKIP("shellcheck is not installed (./dev installs it in the build root): the real run is not checked");
    const QByteArray dockerfile = "FROM alpine\nARG name=world\nRUN cd /tmp && \\\n    echo $name $greeting\n"
                                  "RUN <<EOF\nset -e\nfor f in $(ls /etc); do echo \"$f\"; done\nEOF\n"_ba;
    const std::shared_ptr<const SyntaxTree> tree = parseDockerfile(dockerfile.toStdString());
    LintOptions options;
    options.shellCheck = ShellCheckOptions {};
    const LintResult result = lint(*tree, options);
    QVERIFY2(result.toolErrors.empty(), result.toolErrors.empty() ? "" : result.toolErrors.front().c_str());
    QStringList found;
    for (const LintDiagnostic &diagnostic : result.diagnostics) {
        if (isShellCheckRule(diagnostic.rule))
            found << QString::fromStdString(diagnostic.rule) + u' ' + where(*tree, diagnostic.range);
    }
    // $name is an ARG, declared to ShellCheck (as hadolint does), so it is neither unassigned
    // nor split; $greeting is unknown and unquoted, on the continuation line. The heredoc
    // is a script of its own (iterating over ls output, SC2045); the bare `<<EOF` command
    // line is not checked (it would be SC2188, a redirection without a command).
    const QStringList expected {
        u"SC2086 4:16 '$greeting'"_s, u"SC2154 4:16 '$greeting'"_s, u"SC2045 7:10 '$(ls /etc)'"_s};
    QCOMPARE(found, expected);
}

QTEST_GUILESS_MAIN(TestShellCheck)
#include "test_shellcheck.moc"

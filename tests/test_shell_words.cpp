// SPDX-License-Identifier: MIT
// The RUN-body shell splitter and the package-manager recogniser: data-driven tables
// of scripts and the commands they split into, source mapping through the Dockerfile,
// and pathological inputs that must terminate quickly.

#include "shell/package_install.h"
#include "shell/shell_cache.h"
#include "shell/shell_words.h"

#include <QTest>

using namespace stagecraft;

namespace {

std::string_view opName(ShellOperator op)
{
    switch (op) {
    case ShellOperator::None:
        return ".";
    case ShellOperator::And:
        return "&&";
    case ShellOperator::Or:
        return "||";
    case ShellOperator::Semicolon:
        return ";";
    case ShellOperator::Newline:
        return "NL";
    case ShellOperator::Pipe:
        return "|";
    case ShellOperator::Background:
        return "&";
    }
    return "?";
}

std::string quoteIfNeeded(const std::string &value)
{
    if (!value.empty() && value.find_first_of(" \t\n") == std::string::npos)
        return value;
    return "'" + value + "'";
}

/// A compact, readable rendering: commands joined by their operators; each command's
/// assignments, words and redirections; `^N` for depth, `s` per subshell level, `!` for
/// negation, `?` for a condition.
std::string dump(const ShellScript &script)
{
    std::string out;
    bool first = true;
    for (const ShellCommand &c : script.commands) {
        if (!first) {
            out += ' ';
            out += opName(c.before);
            out += ' ';
        }
        first = false;
        std::string prefix;
        if (c.depth > 0)
            prefix += "^" + std::to_string(c.depth);
        for (int i = 0; i < c.subshell; ++i)
            prefix += 's';
        if (c.negated)
            prefix += '!';
        if (c.condition)
            prefix += '?';
        if (!prefix.empty())
            out += prefix + ":";
        std::vector<std::string> parts;
        for (const ShellWord &w : c.assignments)
            parts.push_back(quoteIfNeeded(w.value));
        for (const ShellWord &w : c.words)
            parts.push_back(quoteIfNeeded(w.value));
        for (const ShellRedirect &r : c.redirects)
            parts.push_back((r.fd >= 0 ? std::to_string(r.fd) : std::string()) + r.op + quoteIfNeeded(r.target.value));
        for (size_t i = 0; i < parts.size(); ++i) {
            if (i > 0)
                out += ' ';
            out += parts[i];
        }
    }
    return out;
}

std::string joinPackages(const PackageCommand &p)
{
    std::string out;
    for (size_t index : p.operands) {
        if (!out.empty())
            out += ',';
        out += p.word(index).value;
    }
    return out;
}

// The bytes of the Dockerfile that a shell span (relative to `instruction`) covers.
std::string_view inSource(std::string_view text, const Instruction &instruction, SourceRange span)
{
    const SourceRange source = span.shifted(instruction.range.begin);
    return text.substr(source.begin, source.length());
}

} // namespace

class TestShellWords : public QObject {
    Q_OBJECT

private slots:
    void split_data();
    void split();
    void wordRanges();
    void heredocBody();
    void completeness_data();
    void completeness();
    void pathological_data();
    void pathological();
    void options();
    void instructionCommandLine();
    void instructionHeredoc_data();
    void instructionHeredoc();
    void instructionExec();
    void instructionOnbuild();
    void shellCache();
    void shellCacheSharesSameText_data();
    void shellCacheSharesSameText();
    void shellCacheAcrossTrees();
    void shellCacheKeepsSplitsInUse();
    void packages_data();
    void packages();
    void packageSpecs_data();
    void packageSpecs();
};

void TestShellWords::split_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<QString>("expected");

    auto row = [](const char *name, const char *script, const char *expected) {
        QTest::newRow(name) << QString::fromUtf8(script) << QString::fromUtf8(expected);
    };
    // Words and quoting.
    row("simple", "echo hello world", "echo hello world");
    row("blanks", "  echo \t hello  ", "echo hello");
    row("single quotes", "echo 'a b' 'c'd", "echo 'a b' cd");
    row("double quotes", "echo \"a b\" \"x\\\"y\" \"\\$HOME\"", "echo 'a b' x\"y $HOME");
    row("escaped blank", "echo a\\ b", "echo 'a b'");
    row("backslash in double quotes kept", "echo \"a\\nb\"", "echo a\\nb");
    row("quote concat", "echo 'it'\\''s'", "echo it's");
    row("ansi-c quote", "printf $'a\\tb'", "printf 'a\tb'");
    row("empty quotes", "echo '' \"\"", "echo '' ''");
    row("hash inside word", "echo a#b", "echo a#b");
    // Expansions stay verbatim.
    row("variables", "echo $HOME ${X:-y z} $1 $@", "echo $HOME '${X:-y z}' $1 $@");
    row("command substitution", "echo $(date +%s) x", "echo '$(date +%s)' x");
    row("nested substitution", "echo \"$(dirname \"$(pwd)\")\"", "echo '$(dirname \"$(pwd)\")'");
    row("substitution with operators", "V=$(a && b | c; d) cmd", "'V=$(a && b | c; d)' cmd");
    row("backticks", "echo `uname -m`", "echo '`uname -m`'");
    row("arithmetic expansion", "echo $((1 + (2 * 3)))", "echo '$((1 + (2 * 3)))'");
    row("paren in substitution quote", "echo \"$(echo ')')\" ok", "echo '$(echo ')')' ok");
    // Operators.
    row("and or", "a && b || c", "a && b || c");
    row("semicolon", "a; b;c", "a ; b ; c");
    row("pipe", "a | b |& c", "a | b | c");
    row("background", "a & b", "a & b");
    row("newline", "a\nb\n\nc", "a NL b NL c");
    row("newline after and", "a &&\n\n b", "a && b");
    row("newline after pipe", "a |\n b", "a | b");
    row("no blanks", "a&&b||c;d|e", "a && b || c ; d | e");
    // Assignments.
    row("assignment prefix", "FOO=bar BAZ=\"q x\" cmd arg=1", "FOO=bar 'BAZ=q x' cmd arg=1");
    row("bare assignment", "A=1", "A=1");
    row("append assignment", "PATH+=:/x cmd", "PATH+=:/x cmd");
    row("quoted name is no assignment", "\"A\"=1 cmd", "A=1 cmd");
    row("array assignment", "arr=(a b c) cmd", "'arr=(a b c)' cmd");
    // Redirections.
    row("redirects", "cmd >out 2>&1 </dev/null", "cmd >out 2>&1 </dev/null");
    row("append redirect", "echo x >> /etc/f", "echo x >>/etc/f");
    row("redirect first", ">log cmd a", "cmd a >log");
    row("amp redirect", "cmd &>/dev/null", "cmd &>/dev/null");
    row("here string", "cat <<< \"a b\"", "cat <<<'a b'");
    row("digits are words", "echo 2 3>f", "echo 2 3>f");
    row("process substitution", "diff <(a) <(b)", "diff <(a) <(b)");
    // Comments and continuations.
    row("comment", "echo a # rm -rf /\necho b", "echo a NL echo b");
    row("comment only", "# just a comment", "");
    row("continuation", "apt-get install \\\n  curl \\\n  wget", "apt-get install curl wget");
    row("continuation in word", "ec\\\nho a", "echo a");
    // Groups.
    row("subshell", "cd /x && (make; make install)", "cd /x && ^1s:make ; ^1s:make install");
    row("nested subshells", "((a) ; b)", "^2ss:a ; ^1s:b");
    row("brace group", "{ a; b; } && c", "^1:a ; ^1:b && c");
    row("group then operator", "(a; b) || c", "^1s:a ; ^1s:b || c");
    row("if", "if [ -f x ]; then a; elif b; then c; else d; fi", "^1?:[ -f x ] ; ^1:a ; ^1?:b ; ^1:c ; ^1:d");
    row("for", "for f in a b c; do rm \"$f\"; done; x", "^1:rm $f ; x");
    row("for arithmetic", "for ((i=0; i<3; i++)); do echo $i; done", "^1:echo $i");
    row("while redirect", "while read -r l; do echo \"$l\"; done < file", "^1?:read -r l ; ^1:echo $l");
    row("until", "until curl -f x; do sleep 1; done", "^1?:curl -f x ; ^1:sleep 1");
    row("case", "case \"$a\" in\n x|y) echo xy;;\n (*) echo other ;;\nesac; z", "^1:echo xy ; ^1:echo other ; z");
    row("case last branch", "case $a in x) echo x\nesac", "^1:echo x");
    row("function", "f() { echo hi; }; f", "^1:echo hi ; f");
    row("function keyword", "function g { echo g; }", "^1:echo g");
    row("negation", "! grep -q x f && y", "!:grep -q x f && y");
    row("double bracket", "[[ -f a && $b < c ]] && echo ok", "[[ -f a && $b < c ]] && echo ok");
    row("arithmetic command", "(( i++ )) && echo", "echo");
    row("reserved word as argument", "echo if then fi", "echo if then fi");
    row("quoted reserved word", "'if' x", "if x");
    row("set pipefail", "set -o pipefail && a | b", "set -o pipefail && a | b");
    // Realistic RUN bodies.
    row("apt chain",
        "apt-get update && apt-get install -y --no-install-recommends curl=7.88 ca-certificates"
        " && rm -rf /var/lib/apt/lists/*",
        "apt-get update && apt-get install -y --no-install-recommends curl=7.88 ca-certificates && rm -rf "
        "/var/lib/apt/lists/*");
    row("wget pipe", "wget -qO- https://x/install.sh | sh -s -- --yes",
        "wget -qO- https://x/install.sh | sh -s -- --yes");
}

void TestShellWords::split()
{
    QFETCH(QString, script);
    QFETCH(QString, expected);
    const std::string text = script.toStdString();
    const ShellScript result = splitShell(text);
    QCOMPARE(QString::fromStdString(dump(result)), expected);
}

void TestShellWords::wordRanges()
{
    const std::string script = "FOO=1 apt-get  install -y 'curl' \"a b\"\\\n x >/dev/null";
    const ShellScript s = splitShell(script);
    QCOMPARE(s.commands.size(), size_t(1));
    const ShellCommand &c = s.commands.front();
    QCOMPARE(c.assignments.size(), size_t(1));
    QCOMPARE(c.assignments[0].raw(script), std::string_view("FOO=1"));
    QCOMPARE(c.words.size(), size_t(6));
    QCOMPARE(c.words[1].raw(script), std::string_view("install"));
    QCOMPARE(c.words[3].raw(script), std::string_view("'curl'"));
    QVERIFY(c.words[3].quoted);
    QVERIFY(!c.words[1].quoted);
    QCOMPARE(c.words[4].raw(script), std::string_view("\"a b\""));
    QCOMPARE(c.words[5].value, std::string("x"));
    QCOMPARE(c.redirects.size(), size_t(1));
    QCOMPARE(script.substr(c.redirects[0].begin, c.redirects[0].end - c.redirects[0].begin), std::string(">/dev/null"));
    QCOMPARE(c.begin, 0u);
    QCOMPARE(c.end, uint32_t(script.size()));
    QCOMPARE(c.baseName(), std::string_view("apt-get"));
    QVERIFY(c.words[2].span == (SourceRange {c.words[2].begin, c.words[2].end}));

    const ShellScript e = splitShell("echo $X \"${Y}\" '$Z' \\$W");
    const auto &w = e.commands.front().words;
    QVERIFY(w[1].hasExpansion);
    QVERIFY(w[2].hasExpansion);
    QVERIFY(!w[3].hasExpansion);
    QVERIFY(!w[4].hasExpansion);
}

void TestShellWords::heredocBody()
{
    const std::string script = "cat <<EOF > /etc/x && echo after\nline $x\nEOF\necho done\n"
                               "cat <<-'END'\n\tindented\n\tEND\nlast";
    const ShellScript s = splitShell(script);
    QCOMPARE(QString::fromStdString(dump(s)),
        QStringLiteral("cat <<EOF >/etc/x && echo after NL echo done NL cat <<-END NL last"));
    const ShellRedirect &r = s.commands[0].redirects[0];
    QVERIFY(r.isHeredoc());
    QCOMPARE(script.substr(r.bodyBegin, r.bodyEnd - r.bodyBegin), std::string("line $x\n"));
    const ShellRedirect &r2 = s.commands[3].redirects[0];
    QCOMPARE(r2.op, std::string("<<-"));
    QCOMPARE(r2.target.value, std::string("END"));
    QCOMPARE(script.substr(r2.bodyBegin, r2.bodyEnd - r2.bodyBegin), std::string("\tindented\n"));
    QVERIFY(s.complete);

    // Two heredocs on one line read their bodies in order.
    const std::string two = "paste <<A <<B\n1\nA\n2\nB\necho ok";
    const ShellScript t = splitShell(two);
    QCOMPARE(QString::fromStdString(dump(t)), QStringLiteral("paste <<A <<B NL echo ok"));
    QCOMPARE(two.substr(t.commands[0].redirects[1].bodyBegin, 2), std::string("2\n"));

    // Without inline heredocs (a RUN command line) nothing is consumed.
    const ShellScript u = splitShell("cat <<EOF > /x", ShellSplitOptions {.inlineHeredocs = false});
    QCOMPARE(u.commands.size(), size_t(1));
    QCOMPARE(u.commands[0].redirects[0].bodyEnd, 0u);
}

void TestShellWords::completeness_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<bool>("complete");
    QTest::newRow("ok") << QStringLiteral("a && (b) && { c; }") << true;
    QTest::newRow("single quote") << QStringLiteral("echo 'abc") << false;
    QTest::newRow("double quote") << QStringLiteral("echo \"abc") << false;
    QTest::newRow("substitution") << QStringLiteral("echo $(abc") << false;
    QTest::newRow("backtick") << QStringLiteral("echo `abc") << false;
    QTest::newRow("subshell") << QStringLiteral("(a") << false;
    QTest::newRow("stray paren") << QStringLiteral("a )") << false;
    QTest::newRow("brace") << QStringLiteral("{ a;") << false;
    QTest::newRow("if") << QStringLiteral("if a; then b") << false;
    QTest::newRow("heredoc") << QStringLiteral("cat <<EOF\nbody") << false;
    QTest::newRow("missing redirect target") << QStringLiteral("echo >") << false;
}

void TestShellWords::completeness()
{
    QFETCH(QString, script);
    QFETCH(bool, complete);
    const std::string text = script.toStdString();
    QCOMPARE(splitShell(text).complete, complete);
}

void TestShellWords::pathological_data()
{
    QTest::addColumn<QByteArray>("script");
    const int n = 100000;
    QTest::newRow("open parens") << QByteArray(n, '(');
    QTest::newRow("close parens") << QByteArray(n, ')');
    QTest::newRow("balanced parens") << (QByteArray(n, '(') + "echo x" + QByteArray(n, ')'));
    QTest::newRow("nested substitutions") << ("echo " + QByteArray("$(").repeated(n));
    QTest::newRow("nested quoted substitutions") << ("echo " + QByteArray("\"$(").repeated(n));
    QTest::newRow("nested braces") << ("echo " + QByteArray("${").repeated(n));
    QTest::newRow("backticks") << QByteArray(n, '`');
    QTest::newRow("quotes") << QByteArray(n, '"');
    QTest::newRow("single quotes") << QByteArray(n, '\'');
    QTest::newRow("backslashes") << QByteArray(n, '\\');
    QTest::newRow("operators") << QByteArray("&&||;;|&").repeated(n / 8);
    QTest::newRow("heredocs") << QByteArray("cat <<E\n").repeated(n / 8);
    QTest::newRow("redirects") << QByteArray(n, '<');
    QTest::newRow("reserved words") << QByteArray("if { then do case in ").repeated(n / 20);
    QTest::newRow("for headers") << QByteArray("for ((").repeated(n / 6);
    QTest::newRow("nul bytes") << QByteArray(n, '\0');
    QTest::newRow("many commands") << QByteArray("a && b; ").repeated(n / 8);
}

void TestShellWords::pathological()
{
    QFETCH(QByteArray, script);
    // Finishing at all (no hang, no stack overflow) with a sane result is the test; speed
    // (linear time) is measured by the benchmarks, not by a wall-clock limit here.
    const ShellScript s = splitShell(std::string_view(script.constData(), static_cast<size_t>(script.size())));
    QVERIFY(s.commands.size() <= static_cast<size_t>(script.size()));
}

void TestShellWords::options()
{
    const ShellScript s = splitShell("apt-get -qy install --no-install-recommends=true -o A=b pkg -- -z");
    const ShellCommand &c = s.commands.front();
    QVERIFY(c.hasOption("-y"));
    QVERIFY(c.hasOption("-q"));
    QVERIFY(c.hasOption("--no-install-recommends"));
    QVERIFY(c.hasOption("-o"));
    QVERIFY(!c.hasOption("-z")); // after --
    QVERIFY(!c.hasOption("--no-install"));
    QVERIFY(c.hasArgument("pkg"));
    QVERIFY(!c.hasArgument("apt-get"));
    QVERIFY(isShellProgram("/bin/bash"));
    QVERIFY(isShellProgram("sh"));
    QVERIFY(!isShellProgram("python3"));
}

void TestShellWords::instructionCommandLine()
{
    const std::string text
        = "FROM debian\nRUN apt-get update \\\n    # a comment line\n    && apt-get install -y curl\n";
    const auto tree = parseDockerfile(text);
    const Instruction &run = tree->instructions()[1];
    const InstructionShell shell = instructionShell(*tree, run);
    QCOMPARE(shell.parts.size(), size_t(1));
    const InstructionShellPart &part = shell.parts[0];
    QCOMPARE(part.kind, ShellSourceKind::CommandLine);
    QCOMPARE(QString::fromStdString(dump(part.shell)), QStringLiteral("apt-get update && apt-get install -y curl"));
    const ShellWord &curl = part.shell.commands[1].words[3];
    QCOMPARE(inSource(text, run, curl.span), std::string_view("curl"));
    const ShellCommand &install = part.shell.commands[1];
    QCOMPARE(inSource(text, run, install.span), std::string_view("apt-get install -y curl"));
    QCOMPARE(shell.commandCount(), size_t(2));
    int seen = 0;
    shell.forEachCommand([&](const ShellCommand &, const InstructionShellPart &p) {
        QCOMPARE(&p, &part);
        ++seen;
    });
    QCOMPARE(seen, 2);
}

void TestShellWords::instructionHeredoc_data()
{
    QTest::addColumn<QString>("dockerfile");
    QTest::addColumn<QString>("parts"); // kind:dump per part, joined by " / "
    QTest::newRow("bare heredoc") << QStringLiteral("FROM x\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n")
                                  << QStringLiteral("line:<<EOF / heredoc:apt-get update NL apt-get install -y curl");
    QTest::newRow("bash reads it") << QStringLiteral("FROM x\nRUN bash -ex <<EOF\nset -o pipefail\na | b\nEOF\n")
                                   << QStringLiteral("line:bash -ex <<EOF / heredoc:set -o pipefail NL a | b");
    QTest::newRow("python reads it") << QStringLiteral("FROM x\nRUN python3 <<EOF\nimport os\nEOF\n")
                                     << QStringLiteral("line:python3 <<EOF");
    QTest::newRow("file content") << QStringLiteral("FROM x\nRUN cat <<EOF > /etc/conf\nrm -rf /\nEOF\n")
                                  << QStringLiteral("line:cat <<EOF >/etc/conf");
    QTest::newRow("python shebang") << QStringLiteral("FROM x\nRUN <<EOF\n#!/usr/bin/env python3\nprint(1)\nEOF\n")
                                    << QStringLiteral("line:<<EOF");
    QTest::newRow("bash shebang") << QStringLiteral("FROM x\nRUN <<EOF\n#!/usr/bin/env bash\necho 1\nEOF\n")
                                  << QStringLiteral("line:<<EOF / heredoc:echo 1");
    QTest::newRow("chomp") << QStringLiteral("FROM x\nRUN <<-EOF\n\tapk add curl\n\tEOF\n")
                           << QStringLiteral("line:<<-EOF / heredoc:apk add curl");
}

void TestShellWords::instructionHeredoc()
{
    QFETCH(QString, dockerfile);
    QFETCH(QString, parts);
    const std::string text = dockerfile.toStdString();
    const auto tree = parseDockerfile(text);
    const Instruction &run = tree->instructions()[1];
    const InstructionShell shell = instructionShell(*tree, run);
    QStringList rendered;
    for (const InstructionShellPart &part : shell.parts) {
        const QString kind = part.kind == ShellSourceKind::Heredoc ? QStringLiteral("heredoc") : QStringLiteral("line");
        rendered << kind + QLatin1Char(':') + QString::fromStdString(dump(part.shell));
        for (const ShellCommand &c : part.shell.commands) {
            for (const ShellWord &w : c.words) {
                // Every word maps onto its own bytes in the Dockerfile.
                QCOMPARE(inSource(text, run, w.span), w.raw(part.text()));
            }
        }
        if (part.kind == ShellSourceKind::Heredoc)
            QCOMPARE(part.shell.commands.empty() ? -1 : 0, 0);
    }
    QCOMPARE(rendered.join(QStringLiteral(" / ")), parts);
    // The command line's heredoc redirect points at the Dockerfile heredoc.
    const ShellCommand &first = shell.parts[0].shell.commands[0];
    const auto heredoc = std::find_if(
        first.redirects.begin(), first.redirects.end(), [](const ShellRedirect &r) { return r.isHeredoc(); });
    QVERIFY(heredoc != first.redirects.end());
    QCOMPARE(heredoc->dockerfileHeredoc, 0);
}

void TestShellWords::instructionExec()
{
    const std::string text
        = "FROM x\nRUN [\"apt-get\", \"install\", \"curl\"]\nRUN [\"/bin/sh\", \"-ec\", \"apk add jq && echo ok\"]\n";
    const auto tree = parseDockerfile(text);
    const InstructionShell exec = instructionShell(*tree, tree->instructions()[1]);
    QCOMPARE(exec.parts.size(), size_t(1));
    QCOMPARE(exec.parts[0].kind, ShellSourceKind::Exec);
    QCOMPARE(QString::fromStdString(dump(exec.parts[0].shell)), QStringLiteral("apt-get install curl"));
    const ShellWord &curl = exec.parts[0].shell.commands[0].words[2];
    QCOMPARE(inSource(text, tree->instructions()[1], curl.span), std::string_view("\"curl\""));
    QCOMPARE(exec.parts[0].text(), std::string_view("apt-get install curl"));

    const InstructionShell sh = instructionShell(*tree, tree->instructions()[2]);
    QCOMPARE(sh.parts.size(), size_t(2));
    QCOMPARE(QString::fromStdString(dump(sh.parts[1].shell)), QStringLiteral("apk add jq && echo ok"));
    const ShellWord &jq = sh.parts[1].shell.commands[0].words[2];
    QCOMPARE(inSource(text, tree->instructions()[2], jq.span), std::string_view("jq"));
}

void TestShellWords::instructionOnbuild()
{
    const std::string text = "FROM x\nONBUILD RUN apk add curl\n";
    const auto tree = parseDockerfile(text);
    const InstructionShell shell = instructionShell(*tree, tree->instructions()[1]);
    QCOMPARE(shell.parts.size(), size_t(1));
    const ShellWord &curl = shell.parts[0].shell.commands[0].words[2];
    QCOMPARE(inSource(text, tree->instructions()[1], curl.span), std::string_view("curl"));
}

// LintContext::shells(): each instruction split once, the same as instructionShell(), with the
// package readings of its commands.
void TestShellWords::shellCache()
{
    const std::string text = "FROM x\nRUN apt-get update && apt-get install -y curl\nONBUILD RUN apk add git\n"
                             "CMD [\"sh\", \"-c\", \"echo hi\"]\n";
    const auto tree = parseDockerfile(text);
    const ShellCache cache(*tree);
    for (int index = 1; index < 4; ++index) {
        const InstructionShell &cached = cache.shell(index);
        QCOMPARE(&cache.shell(index), &cached); // computed once
        QCOMPARE(&cache.shell(tree->instructions()[static_cast<size_t>(index)]), &cached);
        const InstructionShell fresh = instructionShell(*tree, tree->instructions()[static_cast<size_t>(index)]);
        QCOMPARE(cached.parts.size(), fresh.parts.size());
        QCOMPARE(cached.commandCount(), fresh.commandCount());
        for (size_t p = 0; p < fresh.parts.size(); ++p) {
            QCOMPARE(cached.parts[p].text(), fresh.parts[p].text());
            for (size_t c = 0; c < fresh.parts[p].shell.commands.size(); ++c) {
                const ShellCommand &a = cached.parts[p].shell.commands[c];
                const ShellCommand &b = fresh.parts[p].shell.commands[c];
                QCOMPARE(a.words.size(), b.words.size());
                for (size_t w = 0; w < a.words.size(); ++w) {
                    QCOMPARE(a.words[w].value, b.words[w].value);
                    QCOMPARE(a.words[w].span, b.words[w].span);
                }
                const std::optional<PackageCommand> &package = cache.package(index, a);
                QCOMPARE(&cache.package(index, a), &package);
                const std::optional<PackageCommand> expected = recognizePackageCommand(b);
                QCOMPARE(package.has_value(), expected.has_value());
                if (package) {
                    QCOMPARE(package->command, &a); // points into the cached shell
                    QCOMPARE(package->action, expected->action);
                    QCOMPARE(package->operands, expected->operands);
                }
            }
        }
    }
    // The ONBUILD's trigger: its RUN, with the package reading of `apk add git`.
    const InstructionShell &onbuild = cache.shell(2);
    QCOMPARE(onbuild.commandCount(), size_t(1));
    const std::optional<PackageCommand> &apk = cache.package(2, onbuild.parts[0].shell.commands[0]);
    QVERIFY(apk);
    QCOMPARE(apk->manager, PackageManager::Apk);
    // The trigger instruction itself shares nothing with the ONBUILD but gives the same commands.
    const Instruction *trigger = tree->trigger(tree->instructions()[2]);
    QVERIFY(trigger);
    QCOMPARE(cache.shell(*trigger).commandCount(), size_t(1));
    QCOMPARE(&cache.shell(*trigger), &cache.shell(*trigger));
    // A command from elsewhere is read, not looked up.
    const InstructionShell other = instructionShell(*tree, tree->instructions()[1]);
    const std::optional<PackageCommand> &outside = cache.package(1, other.parts[0].shell.commands[1]);
    QVERIFY(outside);
    QCOMPARE(outside->command, &other.parts[0].shell.commands[1]);
}

// Instructions with the same text share one split, and its spans land on each one's own bytes.
void TestShellWords::shellCacheSharesSameText_data()
{
    QTest::addColumn<QString>("dockerfile"); // instructions 1 and 3 are compared
    QTest::addColumn<bool>("shared");
    QTest::newRow("same RUN in two stages")
        << QStringLiteral("FROM a AS one\nRUN apt-get install -y curl \\\n  && rm -rf /x\n"
                          "FROM b\nRUN apt-get install -y curl \\\n  && rm -rf /x\n")
        << true;
    QTest::newRow("same heredoc RUN") << QStringLiteral(
        "FROM a\nRUN <<EOF\napk add git\nEOF\nFROM b\nRUN <<EOF\napk add git\nEOF\n")
                                      << true;
    QTest::newRow("same exec form") << QStringLiteral("FROM a\nRUN [\"sh\", \"-c\", \"apk add git\"]\n"
                                                      "FROM b\nRUN [\"sh\", \"-c\", \"apk add git\"]\n")
                                    << true;
    QTest::newRow("other indentation of the continuation")
        << QStringLiteral("FROM a\nRUN apt-get install -y curl \\\n  && rm -rf /x\n"
                          "FROM b\nRUN apt-get install -y curl \\\n      && rm -rf /x\n")
        << false;
    QTest::newRow("other package") << QStringLiteral("FROM a\nRUN apk add git\nFROM b\nRUN apk add gcc\n") << false;
}

void TestShellWords::shellCacheSharesSameText()
{
    QFETCH(QString, dockerfile);
    QFETCH(bool, shared);
    ShellCache::clearThreadCache();
    const std::string text = dockerfile.toStdString();
    const auto tree = parseDockerfile(text);
    QCOMPARE(tree->instructions().size(), size_t(4));
    const ShellCache cache(*tree);
    const InstructionShell &first = cache.shell(1);
    const InstructionShell &second = cache.shell(3);
    QCOMPARE(&first == &second, shared);
    // Wherever the split came from, every word maps onto its own instruction's bytes.
    for (const int index : {1, 3}) {
        const Instruction &instruction = tree->instructions()[static_cast<size_t>(index)];
        const InstructionShell &shell = cache.shell(index);
        const InstructionShell fresh = instructionShell(*tree, instruction);
        QCOMPARE(shell.commandCount(), fresh.commandCount());
        QVERIFY(shell.commandCount() > 0);
        for (const InstructionShellPart &part : shell.parts) {
            for (const ShellCommand &command : part.shell.commands) {
                for (const ShellWord &word : command.words) {
                    const std::string_view bytes = inSource(text, instruction, word.span);
                    if (part.kind == ShellSourceKind::Exec)
                        QCOMPARE(bytes, "\"" + word.value + "\"");
                    else
                        QCOMPARE(bytes, word.raw(part.text()));
                }
            }
        }
    }
}

// The thread's cache outlives one tree: after an edit elsewhere, an unchanged RUN is not split
// again. The escape character is part of what a split depends on.
void TestShellWords::shellCacheAcrossTrees()
{
    ShellCache::clearThreadCache();
    const auto before = parseDockerfile("FROM x\nRUN apk add git && echo hi\n");
    const auto after = parseDockerfile("FROM x\nLABEL edited=yes\nRUN apk add git && echo hi\n");
    const auto escaped = parseDockerfile("# escape=`\nFROM x\nRUN apk add git && echo hi\n");
    const ShellCache beforeCache(*before);
    const ShellCache afterCache(*after);
    const ShellCache escapedCache(*escaped);
    const InstructionShell &run = beforeCache.shell(1);
    QCOMPARE(&afterCache.shell(2), &run);
    QVERIFY(&escapedCache.shell(1) != &run);
    QCOMPARE(escapedCache.shell(1).commandCount(), size_t(2));
    // The package reading is shared with the split.
    QCOMPARE(&afterCache.package(2, run.parts[0].shell.commands[0]),
        &beforeCache.package(1, run.parts[0].shell.commands[0]));
    // A cleared cache splits afresh; the splits already handed out stay valid.
    ShellCache::clearThreadCache();
    const ShellCache fresh(*after);
    QVERIFY(&fresh.shell(2) != &run);
    QCOMPARE(run.commandCount(), size_t(2));
}

// A thread's cache is bounded; when it fills up, the splits a live analysis holds stay.
void TestShellWords::shellCacheKeepsSplitsInUse()
{
    ShellCache::clearThreadCache();
    const auto kept = parseDockerfile("FROM x\nRUN echo kept\n");
    const ShellCache live(*kept);
    const InstructionShell &held = live.shell(1);
    // 9,000 other texts, split by analyses that are over.
    for (int batch = 0; batch < 9; ++batch) {
        std::string text = "FROM x\n";
        for (int i = 0; i < 1000; ++i)
            text += "RUN echo " + std::to_string(batch) + "-" + std::to_string(i) + "\n";
        const auto tree = parseDockerfile(text);
        const ShellCache cache(*tree);
        for (int index = 1; index <= 1000; ++index)
            QCOMPARE(cache.shell(index).commandCount(), size_t(1));
    }
    const ShellCache again(*kept);
    QCOMPARE(&again.shell(1), &held);
}

void TestShellWords::packages_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("manager"); // "" when not a package command
    QTest::addColumn<QString>("subcommand");
    QTest::addColumn<int>("action");
    QTest::addColumn<QString>("operands");

    auto row = [](const char *cmd, const char *manager, const char *sub, PackageAction action, const char *ops) {
        QTest::newRow(cmd) << QString::fromUtf8(cmd) << QString::fromUtf8(manager) << QString::fromUtf8(sub)
                           << int(action) << QString::fromUtf8(ops);
    };
    row("apt-get install -y --no-install-recommends curl=7 wget", "apt-get", "install", PackageAction::Install,
        "curl=7,wget");
    row("sudo -E apt-get -qq update", "apt-get", "update", PackageAction::Update, "");
    row("/usr/bin/apt-get -o Dpkg::Options::=--force-confold -t bookworm-backports install x", "apt-get", "install",
        PackageAction::Install, "x");
    row("env DEBIAN_FRONTEND=noninteractive apt-get install -y tzdata", "apt-get", "install", PackageAction::Install,
        "tzdata");
    row("apt install vim", "apt", "install", PackageAction::Install, "vim");
    row("apt-get purge -y --auto-remove gcc", "apt-get", "purge", PackageAction::Remove, "gcc");
    row("apk add --no-cache --virtual .build-deps gcc musl-dev", "apk", "add", PackageAction::Install, "gcc,musl-dev");
    row("apk del .build-deps", "apk", "del", PackageAction::Remove, ".build-deps");
    row("dnf -y install --setopt=tsflags=nodocs httpd", "dnf", "install", PackageAction::Install, "httpd");
    row("yum clean all", "yum", "clean", PackageAction::Clean, "all");
    row("microdnf install -y nginx", "microdnf", "install", PackageAction::Install, "nginx");
    row("zypper --non-interactive install curl", "zypper", "install", PackageAction::Install, "curl");
    row("pip install --no-cache-dir -r requirements.txt flask==3.0", "pip", "install", PackageAction::Install,
        "flask==3.0");
    row("pip3.12 install -e . --upgrade", "pip", "install", PackageAction::Install, "");
    row("python3 -m pip install -U pip", "pip", "install", PackageAction::Install, "pip");
    row("python -m venv /venv", "", "", PackageAction::Other, "");
    row("npm ci --omit=dev", "npm", "ci", PackageAction::Install, "");
    row("npm install -g typescript@5", "npm", "install", PackageAction::Install, "typescript@5");
    row("npm run build", "npm", "run", PackageAction::Build, "build");
    row("yarn", "yarn", "", PackageAction::Install, "");
    row("yarn install --frozen-lockfile", "yarn", "install", PackageAction::Install, "");
    row("yarn global add serve", "yarn", "add", PackageAction::Install, "serve");
    row("yarn cache clean", "yarn", "cache", PackageAction::Clean, "clean");
    row("pnpm install --frozen-lockfile --prod", "pnpm", "install", PackageAction::Install, "");
    row("gem install bundler -v 2.5", "gem", "install", PackageAction::Install, "bundler");
    row("go build -o /app -ldflags \"-s -w\" ./cmd/app", "go", "build", PackageAction::Build, "./cmd/app");
    row("go mod download", "go", "mod", PackageAction::Download, "download");
    row("CGO_ENABLED=0 go install example.com/tool@v1.2.3", "go", "install", PackageAction::Install,
        "example.com/tool@v1.2.3");
    row("cargo +nightly build --release --locked", "cargo", "build", PackageAction::Build, "");
    row("cargo install --locked ripgrep", "cargo", "install", PackageAction::Install, "ripgrep");
    row("command -v apt-get", "", "", PackageAction::Other, "");
    row("echo apt-get install x", "", "", PackageAction::Other, "");
}

void TestShellWords::packages()
{
    QFETCH(QString, command);
    QFETCH(QString, manager);
    QFETCH(QString, subcommand);
    QFETCH(int, action);
    QFETCH(QString, operands);
    const std::string text = command.toStdString();
    const ShellScript s = splitShell(text);
    QCOMPARE(s.commands.size(), size_t(1));
    const std::optional<PackageCommand> p = recognizePackageCommand(s.commands.front());
    if (manager.isEmpty()) {
        QVERIFY(!p.has_value());
        return;
    }
    QVERIFY(p.has_value());
    QCOMPARE(QString::fromUtf8(packageManagerName(p->manager)), manager);
    QCOMPARE(QString::fromUtf8(p->subcommandName()), subcommand);
    QCOMPARE(int(p->action), action);
    QCOMPARE(QString::fromStdString(joinPackages(*p)), operands);
}

void TestShellWords::packageSpecs_data()
{
    QTest::addColumn<int>("manager");
    QTest::addColumn<QString>("operand");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("version");
    QTest::addColumn<bool>("isPath");

    auto row = [](PackageManager m, const char *operand, const char *name, const char *version, bool path) {
        QTest::newRow(operand) << int(m) << QString::fromUtf8(operand) << QString::fromUtf8(name)
                               << QString::fromUtf8(version) << path;
    };
    row(PackageManager::AptGet, "curl", "curl", "", false);
    row(PackageManager::AptGet, "curl=7.88.1-10+deb12u5", "curl", "7.88.1-10+deb12u5", false);
    row(PackageManager::AptGet, "curl=${CURL_VERSION}", "curl", "${CURL_VERSION}", false);
    row(PackageManager::AptGet, "./local.deb", "./local.deb", "", true);
    row(PackageManager::Apk, "curl~8.5", "curl", "8.5", false);
    row(PackageManager::Apk, "musl-dev>=1.2", "musl-dev", "1.2", false);
    row(PackageManager::Pip, "flask[async]==3.0.0", "flask", "3.0.0", false);
    row(PackageManager::Pip, "requests", "requests", "", false);
    row(PackageManager::Pip, "git+https://github.com/x/y@v1", "git+https://github.com/x/y", "v1", true);
    row(PackageManager::Pip, "./dist/pkg.whl", "./dist/pkg.whl", "", true);
    row(PackageManager::Npm, "@types/node@20", "@types/node", "20", false);
    row(PackageManager::Npm, "@types/node", "@types/node", "", false);
    row(PackageManager::Npm, "express", "express", "", false);
    row(PackageManager::Gem, "rails:7.1", "rails", "7.1", false);
    row(PackageManager::Go, "golang.org/x/tools/gopls@latest", "golang.org/x/tools/gopls", "latest", false);
    row(PackageManager::Dnf, "httpd-2.4.57", "httpd", "2.4.57", false);
}

void TestShellWords::packageSpecs()
{
    QFETCH(int, manager);
    QFETCH(QString, operand);
    QFETCH(QString, name);
    QFETCH(QString, version);
    QFETCH(bool, isPath);
    const std::string text = operand.toStdString();
    const PackageSpec spec = parsePackageSpec(static_cast<PackageManager>(manager), text);
    QCOMPARE(QString::fromUtf8(spec.name), name);
    QCOMPARE(QString::fromUtf8(spec.version), version);
    QCOMPARE(spec.isPath, isPath);
    QCOMPARE(spec.pinned(), !version.isEmpty());
}

QTEST_GUILESS_MAIN(TestShellWords)
#include "test_shell_words.moc"

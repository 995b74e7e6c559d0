// SPDX-License-Identifier: MIT
// BuildKit's build checks, one data-driven table per rule: the bad and good examples
// of BuildKit's rule documentation and the cases of BuildKit's own lint integration
// tests (frontend/dockerfile/dockerfile_lint_test.go), checked for rule, exact range
// (line:column-line:column, end exclusive) and severity; then messages and quick fixes.

#include "lint/build_context.h"
#include "lint/linter.h"
#include "lint/rule_catalog.h"
#include "syntax/syntax_tree.h"
#include "test_support.h"

#include <QTest>

using namespace stagecraft;
using namespace stagecraft::test;
using namespace Qt::StringLiterals;

namespace {

QString severityText(Severity severity)
{
    switch (severity) {
    case Severity::Error:
        return u"error"_s;
    case Severity::Warning:
        return u"warning"_s;
    case Severity::Info:
        return u"info"_s;
    case Severity::Style:
        return u"style"_s;
    }
    return {};
}

struct Linted {
    std::shared_ptr<const SyntaxTree> tree;
    LintResult result;
};

Linted run(const QByteArray &text, const LintOptions &options = {}, const QByteArray &dockerignore = {})
{
    Linted linted {parseDockerfile(text.toStdString()), {}};
    BuildContextInfo context;
    if (!dockerignore.isNull()) {
        context.present = true;
        context.dockerignorePatterns = readDockerignore(dockerignore.toStdString());
    }
    linted.result = lint(*linted.tree, options, context);
    return linted;
}

// "line:column-line:column:severity" for each finding of `rule`.
QStringList findings(const Linted &linted, const QString &rule)
{
    QStringList out;
    for (const LintDiagnostic &diagnostic : linted.result.diagnostics) {
        if (qs(diagnostic.rule) != rule)
            continue;
        const Position start = linted.tree->lines().positionAt(diagnostic.range.begin);
        const Position end = linted.tree->lines().positionAt(diagnostic.range.end);
        out << u"%1:%2-%3:%4:%5"_s.arg(start.line)
                   .arg(start.column)
                   .arg(end.line)
                   .arg(end.column)
                   .arg(severityText(diagnostic.severity));
    }
    return out;
}

QStringList messages(const Linted &linted, const QString &rule)
{
    QStringList out;
    for (const LintDiagnostic &diagnostic : linted.result.diagnostics) {
        if (qs(diagnostic.rule) == rule)
            out << qs(diagnostic.message);
    }
    return out;
}

const LintDiagnostic *first(const Linted &linted, std::string_view rule)
{
    for (const LintDiagnostic &diagnostic : linted.result.diagnostics) {
        if (diagnostic.rule == rule)
            return &diagnostic;
    }
    return nullptr;
}

QStringList w(std::initializer_list<const char *> ranges)
{
    QStringList out;
    for (const char *range : ranges)
        out << QString::fromLatin1(range) + u":warning"_s;
    return out;
}

} // namespace

class TestLintBuildKit : public QObject {
    Q_OBJECT

private:
    // Columns: the rule, the Dockerfile, the .dockerignore (null: no build context), the
    // expected findings of that rule. Experimental rules are enabled for the table.
    static void columns()
    {
        QTest::addColumn<QString>("rule");
        QTest::addColumn<QByteArray>("dockerfile");
        QTest::addColumn<QByteArray>("dockerignore");
        QTest::addColumn<QStringList>("expected");
    }

    static void row(const char *name, const char *rule, const QByteArray &dockerfile, const QStringList &expected,
        const QByteArray &dockerignore = {})
    {
        QTest::newRow(name) << QString::fromLatin1(rule) << dockerfile << dockerignore << expected;
    }

private Q_SLOTS:
    void rules_data()
    {
        columns();
        // ---- ConsistentInstructionCasing
        row("casing doc bad", "ConsistentInstructionCasing",
            "From alpine\nRun echo hello > /greeting.txt\nEntRYpOiNT [\"cat\", \"/greeting.txt\"]\n",
            w({"1:1-1:5", "2:1-2:4", "3:1-3:11"}));
        row("casing doc good upper", "ConsistentInstructionCasing",
            "FROM alpine\nRUN echo hello > /greeting.txt\nENTRYPOINT [\"cat\", \"/greeting.txt\"]\n", {});
        row("casing doc good lower", "ConsistentInstructionCasing",
            "from alpine\nrun echo hello > /greeting.txt\nentrypoint [\"cat\", \"/greeting.txt\"]\n", {});
        row("casing minority lower", "ConsistentInstructionCasing",
            "\nFROM scratch\n# warning\ncopy Dockerfile /foo\nCOPY Dockerfile /bar\n", w({"4:1-4:5"}));
        row("casing minority upper", "ConsistentInstructionCasing",
            "\nFROM scratch\ncopy Dockerfile /foo\ncopy Dockerfile /bar\ncopy Dockerfile /baz\n", w({"2:1-2:5"}));
        row("casing mixed FROM", "ConsistentInstructionCasing", "frOM scratch as base\nfrom scratch as base2\n",
            w({"1:1-1:5"}));
        row("casing tie goes to uppercase", "ConsistentInstructionCasing", "from scratch\nCOPY a b\n", w({"1:1-1:5"}));
        row("casing global ARG not counted", "ConsistentInstructionCasing", "arg V=1\nFROM scratch\nCOPY a b\n", {});
        row("casing heredoc", "ConsistentInstructionCasing", "FROM alpine\nRUN <<'EOT'\nenv\nEOT\n", {});

        // ---- CopyIgnoredFile (experimental)
        row("copy ignored doc bad", "CopyIgnoredFile", "FROM scratch\nCOPY ./tmp/helloworld.txt /helloworld.txt\n",
            w({"2:6-2:26"}), "*/tmp/*\n");
        row("copy ignored doc good", "CopyIgnoredFile", "FROM scratch\nCOPY ./forever/helloworld.txt /helloworld.txt\n",
            {}, "*/tmp/*\n");
        row("copy ignored copy and add", "CopyIgnoredFile", "FROM scratch\nCOPY Dockerfile .\nADD Dockerfile /windy\n",
            w({"2:6-2:16", "3:5-3:15"}), "\nDockerfile\n");
        row("copy ignored not from stages", "CopyIgnoredFile",
            "FROM scratch AS base\nCOPY Dockerfile /foobar\nADD Dockerfile /windy\n\nFROM base\n"
            "COPY --from=base /foobar /Dockerfile\n",
            {}, "\nfoobar\n");
        row("copy ignored exception", "CopyIgnoredFile", "FROM scratch\nCOPY README.md CHANGES.md /docs/\n",
            w({"2:16-2:26"}), "*.md\n!README.md\n");
        row("copy ignored parent directory", "CopyIgnoredFile", "FROM scratch\nCOPY build/out.bin /\n", w({"2:6-2:19"}),
            "/build/\n");
        row("copy ignored double star", "CopyIgnoredFile", "FROM scratch\nCOPY src/a/b/c.log /\n", w({"2:6-2:19"}),
            "**/*.log\n");
        row("copy ignored without context", "CopyIgnoredFile", "FROM scratch\nCOPY Dockerfile .\n", {});
        row("copy ignored url", "CopyIgnoredFile", "FROM scratch\nADD https://example.com/a.tgz /\n", {}, "*\n");

        // ---- DuplicateStageName
        row("duplicate doc bad", "DuplicateStageName",
            "FROM debian:latest AS builder\nRUN apt-get update; apt-get install -y curl\n\nFROM golang:latest AS "
            "builder\n",
            w({"4:23-4:30"}));
        row("duplicate doc good", "DuplicateStageName",
            "FROM debian:latest AS deb-builder\nRUN apt-get update; apt-get install -y curl\n\n"
            "FROM golang:latest AS go-builder\n",
            {});
        row("duplicate ignores case", "DuplicateStageName", "FROM scratch AS b\nFROM scratch AS B\n", w({"2:17-2:18"}));

        // ---- ExposeInvalidFormat
        row("expose format doc bad ip", "ExposeInvalidFormat", "FROM alpine\nEXPOSE 127.0.0.1:80:80\n",
            w({"2:8-2:23"}));
        row("expose format doc good", "ExposeInvalidFormat", "FROM alpine\nEXPOSE 80\n", {});
        row("expose format doc bad host port", "ExposeInvalidFormat", "FROM alpine\nEXPOSE 80:80\n", w({"2:8-2:13"}));
        row("expose format ranges and protocols", "ExposeInvalidFormat", "FROM alpine\nEXPOSE 80/tcp 8000-8010/udp\n",
            {});

        // ---- ExposeProtoCasing
        row("expose proto doc bad", "ExposeProtoCasing", "FROM alpine\nEXPOSE 80/TcP\n", w({"2:8-2:14"}));
        row("expose proto doc good", "ExposeProtoCasing", "FROM alpine\nEXPOSE 80/tcp\n", {});
        row("expose proto after expansion", "ExposeProtoCasing", "FROM alpine\nARG P=80/UDP\nEXPOSE $P\n",
            w({"3:8-3:10"}));
        row("expose proto stops at invalid port", "ExposeProtoCasing", "FROM alpine\nEXPOSE 80/foo 81/TCP\n", {});

        // ---- FromAsCasing
        row("from as doc bad", "FromAsCasing", "FROM debian:latest as builder\n", w({"1:20-1:22"}));
        row("from as doc good upper", "FromAsCasing", "FROM debian:latest AS deb-builder\n", {});
        row("from as doc good lower", "FromAsCasing", "from debian:latest as deb-builder\n", {});
        row("from as lower from", "FromAsCasing", "\n# warning\nfrom scratch AS base\n\nfrom scratch as base2\n",
            w({"3:14-3:16"}));
        row("from as mixed FROM is casing's job", "FromAsCasing", "From scratch as base\nFROM scratch AS base2\n", {});

        // ---- FromPlatformFlagConstDisallowed
        row("platform const doc bad", "FromPlatformFlagConstDisallowed",
            "FROM --platform=linux/amd64 alpine AS base\nRUN apk add --no-cache git\n", w({"1:6-1:28"}));
        row("platform const doc good default", "FromPlatformFlagConstDisallowed",
            "FROM alpine AS base\nRUN apk add --no-cache git\n", {});
        row("platform const doc good variable", "FromPlatformFlagConstDisallowed",
            "FROM --platform=${BUILDPLATFORM} alpine AS base\nRUN apk add --no-cache git\n", {});
        row("platform const doc good per arch", "FromPlatformFlagConstDisallowed",
            "FROM --platform=linux/amd64 alpine AS build_amd64\nRUN true\n\n"
            "FROM --platform=linux/arm64 alpine AS build_arm64\nRUN true\n\nFROM build_${TARGETARCH} AS build\nRUN "
            "true\n",
            {});
        row("platform const unnamed", "FromPlatformFlagConstDisallowed", "\nFROM --platform=linux/amd64 scratch\n",
            w({"2:6-2:28"}));
        row("platform const os in name", "FromPlatformFlagConstDisallowed",
            "FROM --platform=linux/amd64 scratch AS linux\n", {});
        row("platform const normalized arch", "FromPlatformFlagConstDisallowed",
            "FROM --platform=linux/x86_64 scratch AS amd64-tools\n", {});

        // ---- InvalidDefaultArgInFrom
        row("default arg doc bad", "InvalidDefaultArgInFrom", "ARG TAG\nFROM busybox:${TAG}\n", w({"2:6-2:20"}));
        row("default arg doc good default", "InvalidDefaultArgInFrom", "ARG TAG=latest\nFROM busybox:${TAG}\n", {});
        row("default arg doc good empty", "InvalidDefaultArgInFrom", "ARG VARIANT\nFROM busybox:stable${VARIANT}\n",
            {});
        row("default arg doc good fallback", "InvalidDefaultArgInFrom", "ARG TAG\nFROM alpine:${TAG:-3.14}\n", {});
        row("default arg whole image", "InvalidDefaultArgInFrom", "\nARG IMAGE\nFROM $IMAGE\n", w({"3:6-3:12"}));
        row("default arg suffix", "InvalidDefaultArgInFrom", "\nARG SFX=\"box:\"\nFROM busy${SFX}\n", w({"3:6-3:16"}));

        // ---- InvalidDefinitionDescription (experimental)
        row("description doc bad", "InvalidDefinitionDescription",
            "# a non-descriptive comment\nFROM scratch AS base\n\n# another non-descriptive comment\nARG VERSION=1\n",
            w({"2:1-2:5", "5:1-5:4"}));
        row("description doc good separated", "InvalidDefinitionDescription",
            "# a non-descriptive comment\n\nFROM scratch AS base\n\n# another non-descriptive comment\n\nARG "
            "VERSION=1\n",
            {});
        row("description doc good", "InvalidDefinitionDescription",
            "# base is a stage for compiling source\nFROM scratch AS base\n# VERSION This is the version number.\n"
            "ARG VERSION=1\n",
            {});
        row("description unnamed stage", "InvalidDefinitionDescription", "# some comment\nFROM scratch\n", {});
        row("description empty comment ends block", "InvalidDefinitionDescription",
            "FROM scratch\n# some comment\n#\nARG A\n", {});
        row("description several keys", "InvalidDefinitionDescription", "FROM scratch\n# B is second\nARG A B\n", {});

        // ---- JSONArgsRecommended
        row("json args doc bad", "JSONArgsRecommended", "FROM alpine\nENTRYPOINT my-program start\n", w({"2:12-2:28"}));
        row("json args doc good", "JSONArgsRecommended", "FROM alpine\nENTRYPOINT [\"my-program\", \"start\"]\n", {});
        row("json args doc wrapper script", "JSONArgsRecommended",
            "FROM alpine\nRUN apk add bash\nCOPY --chmod=755 <<EOT /entrypoint.sh\n#!/usr/bin/env bash\nset -e\n"
            "my-background-process &\nmy-program start\nEOT\nENTRYPOINT [\"/entrypoint.sh\"]\n",
            {});
        row("json args doc explicit shell", "JSONArgsRecommended",
            "FROM alpine\nRUN apk add bash\nSHELL [\"/bin/bash\", \"-c\"]\nENTRYPOINT echo \"hello world\"\n", {});
        row("json args cmd", "JSONArgsRecommended", "\nFROM scratch\nCMD mycommand\n", w({"3:5-3:14"}));
        row("json args shell from base stage", "JSONArgsRecommended",
            "\nFROM scratch AS base\nSHELL [\"/usr/bin/customshell\"]\n\nFROM base\nCMD mycommand\n", {});
        row("json args healthcheck not checked", "JSONArgsRecommended",
            "FROM scratch\nHEALTHCHECK CMD curl -f http://localhost/\n", {});

        // ---- LegacyKeyValueFormat
        row("legacy doc ARG is two declarations", "LegacyKeyValueFormat", "FROM alpine\nARG foo bar\n", {});
        row("legacy doc good", "LegacyKeyValueFormat", "FROM alpine\nARG foo=bar\n", {});
        row("legacy doc multi-line bad", "LegacyKeyValueFormat",
            "FROM alpine\nENV DEPS \\\n    curl \\\n    git \\\n    make\n", w({"2:5-5:9"}));
        row("legacy doc multi-line good", "LegacyKeyValueFormat",
            "FROM alpine\nENV DEPS=\"\\\n    curl \\\n    git \\\n    make\"\n", {});
        row("legacy env and label", "LegacyKeyValueFormat", "\nFROM scratch\nENV testkey value\nLABEL key value\n",
            w({"3:5-3:18", "4:7-4:16"}));
        row("legacy key=value", "LegacyKeyValueFormat", "\nFROM scratch\nENV testkey=value\nLABEL key=value\n", {});

        // ---- MaintainerDeprecated
        row("maintainer doc bad", "MaintainerDeprecated", "MAINTAINER moby@example.com\n", w({"1:1-1:11"}));
        row("maintainer doc good", "MaintainerDeprecated",
            "LABEL org.opencontainers.image.authors=\"moby@example.com\"\n", {});
        row("maintainer in stage", "MaintainerDeprecated", "\nFROM scratch\nMAINTAINER me@example.org\n",
            w({"3:1-3:11"}));

        // ---- MultipleInstructionsDisallowed
        row("multiple doc bad", "MultipleInstructionsDisallowed",
            "FROM alpine\nENTRYPOINT [\"echo\", \"Hello, Norway!\"]\nENTRYPOINT [\"echo\", \"Hello, Sweden!\"]\n",
            w({"2:1-2:11"}));
        row("multiple doc good", "MultipleInstructionsDisallowed",
            "FROM alpine\nENTRYPOINT [\"echo\", \"Hello, Norway!\\nHello, Sweden!\"]\n", {});
        row("multiple doc healthcheck cmd", "MultipleInstructionsDisallowed",
            "FROM python:alpine\nRUN apk add curl\nHEALTHCHECK --interval=1s --timeout=3s \\\n"
            "  CMD [\"curl\", \"-f\", \"http://localhost:8080\"]\nCMD [\"python\", \"-m\", \"http.server\", "
            "\"8080\"]\n",
            {});
        row("multiple all three", "MultipleInstructionsDisallowed",
            "\nFROM scratch\nENTRYPOINT [\"/myapp\"]\nENTRYPOINT [\"/myotherapp\"]\nCMD [\"/myapp\"]\n"
            "CMD [\"/myotherapp\"]\nHEALTHCHECK CMD [\"/myapp\"]\nHEALTHCHECK CMD [\"/myotherapp\"]\n",
            w({"3:1-3:11", "5:1-5:4", "7:1-7:12"}));
        row("multiple split by other instructions", "MultipleInstructionsDisallowed",
            "\nFROM scratch\nENTRYPOINT [\"/myapp\"]\nCMD [\"/myapp\"]\nHEALTHCHECK CMD [\"/myapp\"]\n"
            "COPY <<EOF /a.txt\nHello, World!\nEOF\nENTRYPOINT [\"/myotherapp\"]\nCMD [\"/myotherapp\"]\n"
            "HEALTHCHECK CMD [\"/myotherapp\"]\n",
            w({"3:1-3:11", "4:1-4:4", "5:1-5:12"}));
        row("multiple other stage", "MultipleInstructionsDisallowed",
            "\nFROM scratch AS a\nENTRYPOINT [\"/myapp\"]\nCMD [\"/myapp\"]\n\nFROM a AS b\nENTRYPOINT [\"/other\"]\n"
            "CMD [\"/other\"]\n",
            {});

        // ---- NoEmptyContinuation
        row("empty continuation doc bad", "NoEmptyContinuation", "FROM alpine\nEXPOSE \\\n\n80\n", w({"4:1-4:3"}));
        row("empty continuation doc good", "NoEmptyContinuation", "FROM alpine\nEXPOSE \\\n# Port\n80\n", {});
        row("empty continuation doc run", "NoEmptyContinuation",
            "FROM alpine\nRUN apk add \\\n\n    gnupg \\\n\n    curl\n", w({"6:5-6:9"}));
        row("empty continuation last line", "NoEmptyContinuation",
            "\nFROM scratch\n# warning: empty continuation line\nCOPY Dockerfile \\\n\n.\nCOPY Dockerfile \\\n.\n",
            w({"6:1-6:2"}));

        // ---- RedundantTargetPlatform
        row("redundant doc bad", "RedundantTargetPlatform",
            "FROM --platform=$TARGETPLATFORM alpine AS builder\nRUN apk add --no-cache git\n", w({"1:6-1:32"}));
        row("redundant doc good", "RedundantTargetPlatform", "FROM alpine AS builder\nRUN apk add --no-cache git\n",
            {});
        row("redundant braces", "RedundantTargetPlatform", "\nFROM --platform=${TARGETPLATFORM} scratch\n",
            w({"2:6-2:34"}));
        row("redundant build platform", "RedundantTargetPlatform", "FROM --platform=$BUILDPLATFORM scratch\n", {});

        // ---- ReservedStageName
        row("reserved doc bad", "ReservedStageName", "FROM alpine AS scratch\nFROM alpine AS context\n",
            w({"1:16-1:23", "2:16-2:23"}));
        row("reserved doc good", "ReservedStageName", "FROM alpine AS builder\n", {});
        row("reserved as base", "ReservedStageName", "\nFROM scratch\nFROM scratch AS a\n", {});

        // ---- SecretsUsedInArgOrEnv
        row("secrets doc bad", "SecretsUsedInArgOrEnv",
            "FROM alpine\nARG AWS_ACCESS_KEY_ID\nARG AWS_SECRET_ACCESS_KEY\nRUN aws s3 cp s3://my-bucket/file .\n",
            w({"2:5-2:22", "3:5-3:26"}));
        row("secrets doc good", "SecretsUsedInArgOrEnv",
            "FROM alpine\nRUN --mount=type=secret,id=aws_key_id,env=AWS_ACCESS_KEY_ID \\\n"
            "    --mount=type=secret,id=aws_secret_key,env=AWS_SECRET_ACCESS_KEY \\\n"
            "    aws s3 cp s3://my-bucket/file .\n",
            {});
        row("secrets buildkit cases", "SecretsUsedInArgOrEnv",
            "\nFROM scratch\nARG SECRET_PASSPHRASE\nENV SUPER_Secret=foo\nENV password=bar secret=baz\n"
            "ARG super_duper_secret_token=foo auth=bar\nENV apikey=bar sunflower=foo\nENV git_key=\n",
            w({"3:5-3:22", "4:5-4:17", "5:5-5:13", "5:18-5:24", "6:5-6:29", "6:34-6:38", "7:5-7:11", "8:5-8:12"}));
        row("secrets public and global", "SecretsUsedInArgOrEnv",
            "ARG GLOBAL_TOKEN\nFROM scratch\nENV PUBLIC_KEY=abc\nENV KEYBOARD=us\n", {});

        // ---- StageNameCasing
        row("stage casing doc bad", "StageNameCasing", "FROM alpine AS BuilderBase\n", w({"1:16-1:27"}));
        row("stage casing doc good", "StageNameCasing", "FROM alpine AS builder-base\n", {});

        // ---- UndefinedArgInFrom
        row("undefined arg doc bad", "UndefinedArgInFrom", "FROM node:22${VARIANT} AS jsbuilder\n", w({"1:13-1:23"}));
        row("undefined arg doc good", "UndefinedArgInFrom",
            "ARG VARIANT=\"-alpine3.20\"\nFROM node:22${VARIANT} AS jsbuilder\n", {});
        row("undefined arg platform typo", "UndefinedArgInFrom", "\nFROM --platform=$BULIDPLATFORM scratch\n",
            w({"2:17-2:31"}));
        row("undefined arg platform part", "UndefinedArgInFrom",
            "\nARG MY_OS=linux\nARG MY_ARCH=amd64\nFROM --platform=linux/${MYARCH} busybox\n", w({"4:23-4:32"}));
        row("undefined arg second variable", "UndefinedArgInFrom",
            "\nARG tag=latest\nFROM busybox:${tag}${version} AS b\n", w({"3:20-3:30"}));
        row("undefined arg declared", "UndefinedArgInFrom", "\nARG base=scratch\nFROM $base\n", {});
        row("undefined arg automatic", "UndefinedArgInFrom", "\nFROM --platform=$BUILDPLATFORM scratch\n", {});
        row("undefined arg declared without value", "UndefinedArgInFrom", "ARG TAG\nFROM alpine:${TAG:-3.14}\n", {});

        // ---- UndefinedVar
        row("undefined var doc bad copy", "UndefinedVar", "FROM alpine AS base\nCOPY $foo .\n", w({"2:6-2:10"}));
        row("undefined var doc good", "UndefinedVar", "FROM alpine AS base\nARG foo\nCOPY $foo .\n", {});
        row("undefined var doc bad arg", "UndefinedVar", "FROM alpine AS base\nARG VERSION=$foo\n", w({"2:13-2:17"}));
        row("undefined var doc image env", "UndefinedVar", "FROM python AS base\nARG VERSION=$PYTHON_VERSION\n", {});
        row("undefined var doc typo", "UndefinedVar", "FROM alpine\nENV PATH=$PAHT:/app/bin\n", w({"2:10-2:15"}));
        row("undefined var before declaration", "UndefinedVar",
            "\nFROM alpine\nCOPY $foo .\nARG foo=bar\nRUN echo $foo\n", w({"3:6-3:10"}));
        row("undefined var suggestion", "UndefinedVar",
            "\nFROM alpine\nARG DIR_BINARIES=binaries/\nARG DIR_ASSETS=assets/\nARG DIR_CONFIG=config/\n"
            "COPY $DIR_ASSET .\n",
            w({"6:6-6:16"}));
        row("undefined var inherited", "UndefinedVar",
            "\nFROM alpine AS base\nARG foo=Dockerfile\n\nFROM base\nCOPY $foo .\n", {});
        row("undefined var path", "UndefinedVar", "\nFROM alpine\nRUN echo $PATH\n", {});
        row("undefined var arg without value", "UndefinedVar", "\nFROM scratch\nARG foo\nCOPY Dockerfile${foo} .\n",
            {});
        row("undefined var shell form not checked", "UndefinedVar", "FROM alpine\nRUN echo $undefined\n", {});
        row("undefined var unknown image", "UndefinedVar", "FROM registry.example.com/custom\nCOPY $foo .\n", {});
        row("undefined var every stage", "UndefinedVar",
            "\nFROM scratch AS first\nCOPY $foo .\n\nFROM scratch AS second\nCOPY $bar .\n",
            w({"3:6-3:10", "6:6-6:10"}));
        row("undefined var heredoc", "UndefinedVar", "FROM alpine\nCOPY <<EOF /a\n$nope\nEOF\n", w({"3:1-3:6"}));
        row("undefined var quoted heredoc", "UndefinedVar", "FROM alpine\nCOPY <<'EOF' /a\n$nope\nEOF\n", {});
        row("undefined var mount", "UndefinedVar", "FROM alpine\nRUN --mount=type=cache,target=$CACHE_DIR make\n",
            w({"2:31-2:41"}));
        // Each stage's scopes are its own, and a walk sees none of what comes later.
        row("undefined var same ENV text declares another name", "UndefinedVar",
            "FROM alpine AS a\nARG N=X\nENV $N=1\nCOPY $X .\nFROM alpine AS b\nARG N=Y\nENV $N=1\nCOPY $X .\n",
            w({"8:6-8:8"}));
        row("undefined var declared later by ENV", "UndefinedVar",
            "FROM alpine AS base\nCOPY $X .\nENV X=1\nCOPY $X .\nFROM base\nCOPY $X .\n", w({"2:6-2:8"}));
        row("undefined var global arg needs redeclaring", "UndefinedVar",
            "ARG VERSION=1\nFROM alpine\nCOPY app-$VERSION /\n", w({"3:10-3:18"}));

        // ---- WorkdirRelativePath
        row("workdir doc bad", "WorkdirRelativePath",
            "FROM nginx AS web\nWORKDIR usr/share/nginx/html\nCOPY public .\n", w({"2:9-2:29"}));
        row("workdir doc good", "WorkdirRelativePath",
            "FROM nginx AS web\nWORKDIR /usr/share/nginx/html\nCOPY public .\n", {});
        row("workdir relative", "WorkdirRelativePath", "\nFROM scratch\nWORKDIR app/\n", w({"3:9-3:13"}));
        row("workdir absolute in base stage", "WorkdirRelativePath",
            "\nFROM scratch AS a\nWORKDIR /app\n\nFROM a AS b\nWORKDIR subdir/\n", {});
        row("workdir only the first", "WorkdirRelativePath", "FROM scratch\nWORKDIR sub\nWORKDIR other\n",
            w({"2:9-2:12"}));
        row("workdir expanded", "WorkdirRelativePath", "FROM scratch\nARG ROOT=/srv\nWORKDIR $ROOT/app\n", {});
    }

    void rules()
    {
        QFETCH(QString, rule);
        QFETCH(QByteArray, dockerfile);
        QFETCH(QByteArray, dockerignore);
        QFETCH(QStringList, expected);
        LintOptions options;
        options.allExperimental = true;
        const Linted linted = run(dockerfile, options, dockerignore);
        QCOMPARE(findings(linted, rule), expected);
        // Every finding names a rule of the catalog, with its documentation.
        const RuleInfo *info = ruleCatalog().find(rule.toStdString());
        QVERIFY(info);
        QCOMPARE(info->origin, RuleOrigin::BuildKit);
    }

    void messages_data()
    {
        QTest::addColumn<QString>("rule");
        QTest::addColumn<QByteArray>("dockerfile");
        QTest::addColumn<QString>("message");
        const auto add = [](const char *rule, const QByteArray &dockerfile, const QString &message) {
            QTest::newRow(rule) << QString::fromLatin1(rule) << dockerfile << message;
        };
        add("ConsistentInstructionCasing", "From scratch as base\nFROM scratch AS base2\n",
            u"Command 'From' should match the case of the command majority (uppercase)"_s);
        add("CopyIgnoredFile", "FROM scratch\nCOPY Dockerfile .\n",
            u"Attempting to Copy file \"Dockerfile\" that is excluded by .dockerignore"_s);
        add("DuplicateStageName", "FROM scratch AS b\nFROM scratch AS b\n",
            u"Duplicate stage name \"b\", stage names should be unique"_s);
        add("ExposeInvalidFormat", "FROM alpine\nEXPOSE 127.0.0.1:80:80\n",
            u"EXPOSE instruction should not define an IP address or host-port mapping, found '127.0.0.1:80:80'"_s);
        add("ExposeProtoCasing", "FROM alpine\nEXPOSE 80/TcP\n",
            u"Defined protocol '80/TcP' in EXPOSE instruction should be lowercase"_s);
        add("FromAsCasing", "FROM scratch as base\n", u"'as' and 'FROM' keywords' casing do not match"_s);
        add("FromPlatformFlagConstDisallowed", "FROM --platform=linux/amd64 scratch\n",
            u"FROM --platform flag should not use constant value \"linux/amd64\""_s);
        add("InvalidDefaultArgInFrom", "ARG VERSION\nFROM busybox:$VERSION\n",
            u"Default value for ARG busybox:$VERSION results in empty or invalid base image name"_s);
        add("InvalidDefinitionDescription", "# some text\nARG VERSION=1\nFROM scratch\n",
            u"Comment for ARG should follow the format: `# VERSION <description>`"_s);
        add("JSONArgsRecommended", "FROM scratch\nENTRYPOINT mycommand\n",
            u"JSON arguments recommended for ENTRYPOINT to prevent unintended behavior related to OS signals"_s);
        add("LegacyKeyValueFormat", "FROM scratch\nENV testkey value\n",
            u"\"ENV key=value\" should be used instead of legacy \"ENV key value\" format"_s);
        add("MaintainerDeprecated", "FROM scratch\nMAINTAINER me@example.org\n",
            u"Maintainer instruction is deprecated in favor of using label"_s);
        add("MultipleInstructionsDisallowed", "FROM scratch\nCMD [\"a\"]\nCMD [\"b\"]\n",
            u"Multiple CMD instructions should not be used in the same stage because only the last one will be used"_s);
        add("NoEmptyContinuation", "FROM scratch\nCOPY a \\\n\nb\n", u"Empty continuation line"_s);
        add("RedundantTargetPlatform", "FROM --platform=${TARGETPLATFORM} scratch\n",
            u"Setting platform to predefined ${TARGETPLATFORM} in FROM is redundant as this is the default behavior"_s);
        add("ReservedStageName", "FROM scratch AS context\n",
            u"Stage name should not use the same name as reserved stage \"context\""_s);
        add("SecretsUsedInArgOrEnv", "FROM scratch\nARG SECRET_PASSPHRASE\n",
            u"Do not use ARG or ENV instructions for sensitive data (ARG \"SECRET_PASSPHRASE\")"_s);
        add("StageNameCasing", "FROM scratch AS BadStageName\n", u"Stage name 'BadStageName' should be lowercase"_s);
        add("UndefinedArgInFrom", "FROM --platform=$BULIDPLATFORM scratch\n",
            u"FROM argument 'BULIDPLATFORM' is not declared (did you mean BUILDPLATFORM?)"_s);
        add("UndefinedVar", "FROM alpine\nENV PATH=$PAHT:/tmp/bin\n",
            u"Usage of undefined variable '$PAHT' (did you mean $PATH?)"_s);
        add("WorkdirRelativePath", "FROM scratch\nWORKDIR app/\n",
            u"Relative workdir \"app/\" can have unexpected results if the base image changes"_s);
    }

    void messages()
    {
        QFETCH(QString, rule);
        QFETCH(QByteArray, dockerfile);
        QFETCH(QString, message);
        LintOptions options;
        options.allExperimental = true;
        const Linted linted = run(dockerfile, options, "Dockerfile\n");
        QCOMPARE(::messages(linted, rule), QStringList {message});
    }

    void experimentalRulesAreOffByDefault()
    {
        const QByteArray dockerfile = "# not a description\nFROM scratch AS base\nCOPY Dockerfile .\n";
        const Linted plain = run(dockerfile, {}, "Dockerfile\n");
        QVERIFY(findings(plain, u"CopyIgnoredFile"_s).isEmpty());
        QVERIFY(findings(plain, u"InvalidDefinitionDescription"_s).isEmpty());

        LintOptions one;
        one.experimental = {"CopyIgnoredFile"};
        const Linted enabled = run(dockerfile, one, "Dockerfile\n");
        QCOMPARE(findings(enabled, u"CopyIgnoredFile"_s), w({"3:6-3:16"}));
        QVERIFY(findings(enabled, u"InvalidDefinitionDescription"_s).isEmpty());

        const Linted directive = run("# check=experimental=all\n" + dockerfile, {}, "Dockerfile\n");
        QCOMPARE(findings(directive, u"CopyIgnoredFile"_s), w({"4:6-4:16"}));
        QCOMPARE(findings(directive, u"InvalidDefinitionDescription"_s), w({"3:1-3:5"}));
    }

    void targetLimitsDispatchChecks()
    {
        const QByteArray dockerfile = "FROM scratch AS first\nCOPY $foo .\n\nFROM scratch AS second\nCOPY $bar .\n"
                                      "FROM scratch AS Third\n";
        LintOptions options;
        options.graph.target = "second";
        const Linted linted = run(dockerfile, options);
        // Dispatch-time checks only for the stages building the target needs...
        QCOMPARE(findings(linted, u"UndefinedVar"_s), w({"5:6-5:10"}));
        // ...parse-time ones for the whole file.
        QCOMPARE(findings(linted, u"StageNameCasing"_s), w({"6:17-6:22"}));
    }

    void stageOfFindings()
    {
        const Linted linted = run("ARG TAG\nFROM alpine:$TAG AS base\nWORKDIR app\nFROM base AS next\nCMD run\n");
        const LintDiagnostic *workdir = first(linted, "WorkdirRelativePath");
        QVERIFY(workdir);
        QCOMPARE(workdir->stage, 0);
        const LintDiagnostic *json = first(linted, "JSONArgsRecommended");
        QVERIFY(json);
        QCOMPARE(json->stage, 1);
        QCOMPARE(linted.result.stageName(json->stage), std::string("next"));
    }

    void quickFixes_data()
    {
        QTest::addColumn<QString>("rule");
        QTest::addColumn<QByteArray>("dockerfile");
        QTest::addColumn<QByteArray>("fixed");
        const auto add = [](const char *name, const char *rule, const QByteArray &dockerfile, const QByteArray &fixed) {
            QTest::newRow(name) << QString::fromLatin1(rule) << dockerfile << fixed;
        };
        add("from as", "FromAsCasing", "FROM debian:latest as builder\n", "FROM debian:latest AS builder\n");
        add("from as lower", "FromAsCasing", "from debian AS builder\n", "from debian as builder\n");
        add("instruction casing", "ConsistentInstructionCasing", "FROM alpine\nRun echo\nCOPY a b\n",
            "FROM alpine\nRUN echo\nCOPY a b\n");
        add("instruction casing lower", "ConsistentInstructionCasing", "from alpine\nrun echo\nCOPY a b\n",
            "from alpine\nrun echo\ncopy a b\n");
        add("expose proto", "ExposeProtoCasing", "FROM alpine\nEXPOSE 80/TcP 81\n", "FROM alpine\nEXPOSE 80/tcp 81\n");
        add("stage name", "StageNameCasing", "FROM alpine AS BuilderBase\n", "FROM alpine AS builderbase\n");
        add("maintainer", "MaintainerDeprecated", "FROM alpine\nMAINTAINER Jane \"JD\" Doe <jane@example.com>\n",
            "FROM alpine\nLABEL org.opencontainers.image.authors=\"Jane \\\"JD\\\" Doe <jane@example.com>\"\n");
        add("maintainer lower", "MaintainerDeprecated", "from alpine\nmaintainer me@example.org\n",
            "from alpine\nlabel org.opencontainers.image.authors=\"me@example.org\"\n");
        add("legacy env", "LegacyKeyValueFormat", "FROM alpine\nENV foo bar\n", "FROM alpine\nENV foo=bar\n");
        add("legacy env spaces", "LegacyKeyValueFormat", "FROM alpine\nENV MY_VAR hello world\n",
            "FROM alpine\nENV MY_VAR=\"hello world\"\n");
        add("legacy label", "LegacyKeyValueFormat", "FROM alpine\nLABEL maintainer John Doe\n",
            "FROM alpine\nLABEL maintainer=\"John Doe\"\n");
        add("legacy multi-line", "LegacyKeyValueFormat", "FROM alpine\nENV DEPS \\\n    curl \\\n    git\n",
            "FROM alpine\nENV DEPS=\"curl \\\n    git\"\n");
        add("json args", "JSONArgsRecommended", "FROM alpine\nENTRYPOINT my-program start\n",
            "FROM alpine\nENTRYPOINT [\"my-program\", \"start\"]\n");
        add("json args quoted", "JSONArgsRecommended", "FROM alpine\nCMD echo \"hello world\"\n",
            "FROM alpine\nCMD [\"echo\", \"hello world\"]\n");
        add("redundant platform", "RedundantTargetPlatform", "FROM --platform=$TARGETPLATFORM alpine AS builder\n",
            "FROM alpine AS builder\n");
        add("empty continuation", "NoEmptyContinuation", "FROM alpine\nRUN apk add \\\n\n    gnupg \\\n  \n    curl\n",
            "FROM alpine\nRUN apk add \\\n    gnupg \\\n    curl\n");
        add("description", "InvalidDefinitionDescription", "# some comment\nFROM alpine AS base\n",
            "# some comment\n\nFROM alpine AS base\n");
    }

    void quickFixes()
    {
        QFETCH(QString, rule);
        QFETCH(QByteArray, dockerfile);
        QFETCH(QByteArray, fixed);
        LintOptions options;
        options.allExperimental = true;
        const Linted linted = run(dockerfile, options);
        const LintDiagnostic *diagnostic = first(linted, rule.toStdString());
        QVERIFY(diagnostic);
        QVERIFY(!diagnostic->fixes.empty());
        // All findings of the rule together (casing fixes are one per keyword).
        std::string text = linted.tree->text().data() ? std::string(linted.tree->text()) : std::string();
        QuickFix all;
        for (const LintDiagnostic &each : linted.result.diagnostics) {
            if (each.rule == diagnostic->rule && !each.fixes.empty())
                all.edits.insert(all.edits.end(), each.fixes.front().edits.begin(), each.fixes.front().edits.end());
        }
        const std::string result = applyFix(text, all);
        QCOMPARE(QByteArray::fromStdString(result), fixed);
        // The fixed file no longer has the finding.
        QVERIFY(findings(run(fixed, options), rule).isEmpty());
    }

    void noFixWhenUnsafe_data()
    {
        QTest::addColumn<QString>("rule");
        QTest::addColumn<QByteArray>("dockerfile");
        QTest::newRow("json args with shell syntax")
            << u"JSONArgsRecommended"_s << QByteArray("FROM alpine\nCMD run && $HOME/x\n");
        QTest::newRow("legacy value with quotes")
            << u"LegacyKeyValueFormat"_s << QByteArray("FROM alpine\nENV A it's \"x\"\n");
    }

    void noFixWhenUnsafe()
    {
        QFETCH(QString, rule);
        QFETCH(QByteArray, dockerfile);
        const Linted linted = run(dockerfile);
        const LintDiagnostic *diagnostic = first(linted, rule.toStdString());
        QVERIFY(diagnostic);
        QVERIFY(diagnostic->fixes.empty());
    }

    void everyRuleHasDocumentation()
    {
        int count = 0;
        for (const RuleInfo &rule : ruleCatalog().rules()) {
            if (rule.origin != RuleOrigin::BuildKit)
                continue;
            ++count;
            const QString documentation = ruleDocumentation(rule.id);
            QVERIFY2(documentation.startsWith(u"# "_s + qs(rule.id)), rule.id.data());
            QVERIFY2(documentation.contains(u"## Bad"_s) && documentation.contains(u"## Good"_s), rule.id.data());
            QVERIFY(rule.url.starts_with("https://docs.docker.com/go/dockerfile/rule/"));
            QVERIFY(!rule.summary.empty());
        }
        QCOMPARE(count, 21);
    }
};

QTEST_GUILESS_MAIN(TestLintBuildKit)
#include "test_lint_buildkit.moc"

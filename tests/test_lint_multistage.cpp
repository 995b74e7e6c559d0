// SPDX-License-Identifier: MIT
// The multi-stage rules (multistage_rules.cpp): for every rule, Dockerfiles that must and
// must not trigger it, with the exact range and the catalog severity; the seed examples;
// quick fixes applied to the text; the real-world corpus (no crash, counts per rule) and
// a 200-stage file.

#include "graph/build_graph.h"
#include "graph/stage_scope.h"
#include "lint/lint_context.h"
#include "syntax/syntax_tree.h"
#include "test_support.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QTest>

#include <algorithm>

using namespace stagecraft;
using namespace stagecraft::test;
using namespace Qt::StringLiterals;

namespace {

QByteArray example(const QString &name)
{
    return readBytes(QStringLiteral(STAGECRAFT_SOURCE_DIR "/resources/examples/") + name);
}

const RuleSet &ruleSet()
{
    static const RuleSet set = multiStageRules();
    return set;
}

QString severityName(Severity severity)
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

Severity catalogSeverity(std::string_view rule)
{
    for (const RuleInfo &info : ruleSet().rules) {
        if (info.id == rule)
            return info.defaultSeverity;
    }
    return Severity::Style;
}

struct Linted {
    std::shared_ptr<const SyntaxTree> tree;
    std::vector<LintDiagnostic> diagnostics;

    // "Rule line:col-line:col severity" (end exclusive), sorted by position.
    [[nodiscard]] QStringList lines(const QString &rule = {}) const
    {
        std::vector<const LintDiagnostic *> sorted;
        for (const LintDiagnostic &d : diagnostics) {
            if (rule.isEmpty() || qs(d.rule) == rule)
                sorted.push_back(&d);
        }
        std::stable_sort(sorted.begin(), sorted.end(),
            [](const LintDiagnostic *a, const LintDiagnostic *b) { return a->range.begin < b->range.begin; });
        QStringList out;
        for (const LintDiagnostic *d : sorted) {
            const Position begin = tree->lines().positionAt(d->range.begin);
            const Position end = tree->lines().positionAt(d->range.end);
            out << u"%1 %2:%3-%4:%5 %6"_s.arg(qs(d->rule))
                       .arg(begin.line)
                       .arg(begin.column)
                       .arg(end.line)
                       .arg(end.column)
                       .arg(severityName(d->severity));
        }
        return out;
    }

    // "line:col-line:col message" of each finding of `rule`, sorted by position.
    [[nodiscard]] QStringList messages(const QString &rule) const
    {
        std::vector<const LintDiagnostic *> sorted;
        for (const LintDiagnostic &d : diagnostics) {
            if (qs(d.rule) == rule)
                sorted.push_back(&d);
        }
        std::stable_sort(sorted.begin(), sorted.end(),
            [](const LintDiagnostic *a, const LintDiagnostic *b) { return a->range.begin < b->range.begin; });
        QStringList out;
        for (const LintDiagnostic *d : sorted) {
            const Position begin = tree->lines().positionAt(d->range.begin);
            const Position end = tree->lines().positionAt(d->range.end);
            out << u"%1:%2-%3:%4 %5"_s.arg(begin.line)
                       .arg(begin.column)
                       .arg(end.line)
                       .arg(end.column)
                       .arg(qs(d->message));
        }
        return out;
    }

    [[nodiscard]] const LintDiagnostic *first(std::string_view rule) const
    {
        for (const LintDiagnostic &d : diagnostics) {
            if (d.rule == rule)
                return &d;
        }
        return nullptr;
    }
};

Linted lintText(const QByteArray &text, const BuildContextInfo &context = {}, const BuildGraphOptions &options = {})
{
    Linted out;
    out.tree = parseDockerfile(text.toStdString());
    const BuildGraph graph = buildGraph(*out.tree, options);
    const ScopeResolver scopes(*out.tree, graph);
    const LintContext ctx(*out.tree, graph, scopes, context, [&out](LintDiagnostic &&d) {
        // The engine sets severities from the catalog (and the configuration); so do we here.
        d.severity = catalogSeverity(d.rule);
        out.diagnostics.push_back(std::move(d));
    });
    ruleSet().check(ctx);
    return out;
}

// Applies the edits of `fix` (non-overlapping) to `text`.
QByteArray applyEdits(const QByteArray &text, const QuickFix &fix)
{
    std::vector<TextEdit> edits = fix.edits;
    std::sort(
        edits.begin(), edits.end(), [](const TextEdit &a, const TextEdit &b) { return a.range.begin > b.range.begin; });
    QByteArray out = text;
    for (const TextEdit &edit : edits)
        out.replace(qsizetype(edit.range.begin), qsizetype(edit.range.length()), QByteArray::fromStdString(edit.text));
    return out;
}

} // namespace

class TestLintMultiStage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void catalog()
    {
        const QStringList expected {u"CopyFromUnknownStage error"_s, u"UnusedStage info"_s,
            u"ToolchainInFinalStage warning"_s, u"SourceMapsInFinalStage warning"_s,
            u"DevDependenciesInFinalStage warning"_s, u"PackageInstallBeforeManifest error"_s,
            u"NpmOnlyProductionDeprecated warning"_s, u"ScratchWithoutCACertificates info"_s,
            u"CgoBinaryInStaticBase warning"_s, u"SecretInLayer warning"_s,
            u"ContextCopiedBeforeDependencies warning"_s, u"FinalStageRunsAsRoot warning"_s};
        QStringList actual;
        for (const RuleInfo &info : ruleSet().rules) {
            actual << qs(info.id) + u' ' + severityName(info.defaultSeverity);
            QVERIFY(info.aliases.empty());
            QCOMPARE(info.origin, RuleOrigin::Stagecraft);
            QVERIFY(!info.summary.empty());
            // Every rule is documented: what, why, a bad and a good example, how to fix it.
            const QByteArray doc
                = readBytes(QStringLiteral(STAGECRAFT_SOURCE_DIR "/resources/rules/") + qs(info.id) + u".md"_s);
            QVERIFY2(!doc.isEmpty(), qPrintable(qs(info.id)));
            QVERIFY2(doc.contains("Bad") && doc.contains("Good"), qPrintable(qs(info.id)));
        }
        QCOMPARE(actual, expected);
    }

    void rules_data()
    {
        QTest::addColumn<QString>("rule");
        QTest::addColumn<QByteArray>("dockerfile");
        QTest::addColumn<QStringList>("expected");
        auto row = [](const char *name, const char *rule, const char *text, const QStringList &expected) {
            QTest::newRow(name) << QString::fromUtf8(rule) << QByteArray(text) << expected;
        };
        // CopyFromUnknownStage ---------------------------------------------------------------
        row("unknown-stage/typo", "CopyFromUnknownStage", R"(FROM golang:1.22 AS builder
RUN go build -o /app .
FROM scratch
COPY --from=builer /app /app
)",
            {u"CopyFromUnknownStage 4:13-4:19 error"_s});
        row("unknown-stage/transposed-mount", "CopyFromUnknownStage", R"(FROM alpine AS builder
RUN true
FROM alpine
RUN --mount=from=buidler,target=/src ls /src
)",
            {u"CopyFromUnknownStage 4:18-4:25 error"_s});
        row("unknown-stage/image-reference", "CopyFromUnknownStage", R"(FROM alpine AS nginx-build
FROM alpine
COPY --from=nginx:alpine /etc/nginx /etc/nginx
)",
            {});
        row("unknown-stage/well-known-image", "CopyFromUnknownStage", R"(FROM alpine AS docker2
FROM alpine
COPY --from=docker /usr/local/bin/docker /usr/local/bin/
)",
            {});
        row("unknown-stage/far-from-any-stage", "CopyFromUnknownStage", R"(FROM alpine AS builder
FROM alpine
COPY --from=tools /x /x
)",
            {});
        row("unknown-stage/case-differs", "CopyFromUnknownStage", R"(FROM alpine AS builder
FROM alpine
COPY --from=Builder /x /x
)",
            {});

        // UnusedStage ------------------------------------------------------------------------
        row("unused/alternative-target", "UnusedStage", R"(FROM alpine AS test
RUN true
FROM alpine AS prod
CMD ["true"]
)",
            {u"UnusedStage 1:16-1:20 info"_s});
        row("unused/unnamed", "UnusedStage", "FROM alpine\nRUN true\nFROM debian\n", {u"UnusedStage 1:1-1:5 info"_s});
        row("unused/only-used-by-unused", "UnusedStage", R"(FROM alpine AS base
FROM base AS dev
FROM alpine AS prod
)",
            {u"UnusedStage 2:14-2:17 info"_s});
        row("unused/all-needed", "UnusedStage", R"(FROM alpine AS a
FROM alpine AS b
COPY --from=a /x /x
FROM b
COPY --from=0 /y /y
)",
            {});

        // FinalStageRunsAsRoot ---------------------------------------------------------------
        row("root/node-without-user", "FinalStageRunsAsRoot", "FROM node:20-alpine\nCMD [\"node\", \"x.js\"]\n",
            {u"FinalStageRunsAsRoot 1:1-1:20 warning"_s});
        row("root/explicit-root-last", "FinalStageRunsAsRoot", R"(FROM node:20
USER node
RUN id
USER root
CMD ["node", "x.js"]
)",
            {u"FinalStageRunsAsRoot 4:1-4:10 warning"_s});
        row("root/inherited-chain", "FinalStageRunsAsRoot", R"(FROM alpine AS base
RUN adduser -D app
FROM base AS final
CMD ["app"]
)",
            {u"FinalStageRunsAsRoot 3:1-3:19 warning"_s});
        row("root/arg-resolves-to-0", "FinalStageRunsAsRoot", R"(FROM alpine
ARG UID=0
USER ${UID}
CMD ["app"]
)",
            {u"FinalStageRunsAsRoot 3:1-3:12 warning"_s});
        row("root/scratch-app", "FinalStageRunsAsRoot", "FROM scratch\nCOPY app /app\nENTRYPOINT [\"/app\"]\n",
            {u"FinalStageRunsAsRoot 1:1-1:13 warning"_s});
        row("root/user-node", "FinalStageRunsAsRoot", "FROM node:20\nUSER node\nCMD [\"node\"]\n", {});
        row("root/user-inherited-from-base-stage", "FinalStageRunsAsRoot", R"(FROM alpine AS base
USER 1000:1000
FROM base
CMD ["app"]
)",
            {});
        row("root/builder-runs-as-root", "FinalStageRunsAsRoot", R"(FROM golang:1.22 AS build
RUN go build -o /app .
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /app /app
ENTRYPOINT ["/app"]
)",
            {});
        row("root/gosu-entrypoint", "FinalStageRunsAsRoot", R"(FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y gosu
COPY entrypoint.sh /
ENTRYPOINT ["/entrypoint.sh"]
)",
            {});
        row("root/unresolved-user", "FinalStageRunsAsRoot", "FROM alpine\nARG APP_USER\nUSER $APP_USER\nCMD x\n", {});
        row("root/scratch-export-stage", "FinalStageRunsAsRoot",
            "FROM alpine AS b\nRUN make\nFROM scratch\nCOPY --from=b /out /\n", {});
        row("root/chiseled-dotnet", "FinalStageRunsAsRoot",
            "FROM mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled\nENTRYPOINT [\"dotnet\", \"app.dll\"]\n", {});

        // ToolchainInFinalStage --------------------------------------------------------------
        row("toolchain/node-gyp-tools", "ToolchainInFinalStage", R"(FROM node:20-alpine
RUN apk add --no-cache python3 make g++
CMD ["node", "server.js"]
)",
            {u"ToolchainInFinalStage 2:32-2:36 warning"_s});
        row("toolchain/golang-base", "ToolchainInFinalStage", R"(FROM golang:1.22
COPY . .
RUN go build -o /app .
CMD ["/app"]
)",
            {u"ToolchainInFinalStage 1:6-1:17 warning"_s});
        row("toolchain/removed-in-later-run", "ToolchainInFinalStage",
            "FROM alpine\nRUN apk add gcc\nRUN apk del gcc\nCMD x\n", {u"ToolchainInFinalStage 2:13-2:16 warning"_s});
        row("toolchain/dev-headers", "ToolchainInFinalStage", R"(FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev
CMD ["python", "app.py"]
)",
            {u"ToolchainInFinalStage 2:66-2:75 warning"_s});
        row("toolchain/inherited-from-base-stage", "ToolchainInFinalStage", R"(FROM debian:bookworm AS base
RUN apt-get update && apt-get install -y build-essential
FROM base
CMD ["app"]
)",
            {u"ToolchainInFinalStage 2:42-2:57 warning"_s});
        row("toolchain/full-python-image", "ToolchainInFinalStage", R"(FROM python:3.12
COPY . .
CMD ["python", "app.py"]
)",
            {u"ToolchainInFinalStage 1:6-1:17 warning"_s});
        row("toolchain/jdk-base", "ToolchainInFinalStage",
            "FROM eclipse-temurin:21-jdk\nCOPY app.jar /\nCMD [\"java\", \"-jar\", \"/app.jar\"]\n",
            {u"ToolchainInFinalStage 1:6-1:28 warning"_s});
        row("toolchain/jre-base", "ToolchainInFinalStage",
            "FROM eclipse-temurin:21-jre\nCOPY app.jar /\nCMD [\"java\", \"-jar\", \"/app.jar\"]\n", {});
        row("toolchain/builder-only", "ToolchainInFinalStage", R"(FROM golang:1.22-alpine AS build
RUN apk add --no-cache gcc musl-dev
RUN go build -o /app .
FROM alpine:3.20
COPY --from=build /app /app
CMD ["/app"]
)",
            {});
        row("toolchain/virtual-removed-same-run", "ToolchainInFinalStage", R"(FROM python:3.12-alpine
RUN apk add --no-cache --virtual .build-deps gcc musl-dev \
    && pip install psycopg2 \
    && apk del .build-deps
CMD ["python", "app.py"]
)",
            {});
        row("toolchain/apt-mark-idiom", "ToolchainInFinalStage", R"x(FROM debian:bookworm-slim
RUN savedAptMark="$(apt-mark showmanual)"; \
    apt-get update; apt-get install -y --no-install-recommends gcc libc6-dev make; \
    make install; \
    apt-mark auto '.*' > /dev/null; apt-mark manual $savedAptMark; \
    apt-get purge -y --auto-remove
CMD ["app"]
)x",
            {});
        row("toolchain/variable-removed", "ToolchainInFinalStage", R"(FROM debian:bookworm-slim
ENV BUILD_DEPS="gcc make"
RUN apt-get update && apt-get install -y $BUILD_DEPS && make && apt-get purge -y $BUILD_DEPS
CMD ["app"]
)",
            {});
        row("toolchain/development-image", "ToolchainInFinalStage", "FROM golang:1.22\nRUN apt-get install -y make\n",
            {});
        row("toolchain/command-compiles", "ToolchainInFinalStage",
            "FROM golang:1.22\nCOPY . .\nCMD [\"go\", \"run\", \".\"]\n", {});

        row("toolchain/conditional-install", "ToolchainInFinalStage", R"(FROM alpine:3.20
ARG DEBUG=false
RUN if [ "$DEBUG" = "true" ]; then apk add gcc gdb; fi
CMD ["app"]
)",
            {});
        row("toolchain/global-arg-base", "ToolchainInFinalStage", R"(ARG BASE=golang:1.22
FROM ${BASE}
COPY . .
CMD ["/app"]
)",
            {u"ToolchainInFinalStage 2:6-2:13 warning"_s});
        row("toolchain/dotnet-sdk", "ToolchainInFinalStage", R"(FROM mcr.microsoft.com/dotnet/sdk:8.0
COPY . .
ENTRYPOINT ["dotnet", "app.dll"]
)",
            {u"ToolchainInFinalStage 1:6-1:38 warning"_s});
        row("toolchain/interactive-shell", "ToolchainInFinalStage",
            "FROM golang:1.22-alpine\nRUN apk add make\nCMD [\"/bin/bash\"]\n", {});
        row("toolchain/typescript-global", "ToolchainInFinalStage", R"(FROM node:20-slim
RUN npm install -g typescript
CMD ["node", "index.js"]
)",
            {u"ToolchainInFinalStage 2:20-2:30 warning"_s});

        // SourceMapsInFinalStage -------------------------------------------------------------
        row("source-maps/copied-map-files", "SourceMapsInFinalStage", R"(FROM node:20-alpine AS build
WORKDIR /app
RUN npm run build
FROM node:20-alpine
COPY --from=build /app/dist/*.js.map ./dist/
USER node
CMD ["node", "dist/index.js"]
)",
            {u"SourceMapsInFinalStage 5:19-5:37 warning"_s});
        row("source-maps/output-of-sourcemap-build", "SourceMapsInFinalStage", R"(FROM node:20 AS build
WORKDIR /app
COPY . .
RUN npx tsc --sourceMap --outDir dist
FROM node:20-slim
WORKDIR /app
COPY --from=build /app/dist ./dist
COPY --from=build /app/package.json ./
USER node
CMD ["node", "dist/index.js"]
)",
            {u"SourceMapsInFinalStage 7:19-7:28 warning"_s});
        row("source-maps/generated-in-final", "SourceMapsInFinalStage", R"(FROM node:20-slim
COPY . .
RUN npx tsc --sourceMap
CMD ["node", "index.js"]
)",
            {u"SourceMapsInFinalStage 3:13-3:24 warning"_s});
        row("source-maps/no-evidence", "SourceMapsInFinalStage", R"(FROM node:20 AS build
WORKDIR /app
RUN npx tsc --outDir dist
FROM node:20-slim
COPY --from=build /app/dist ./dist
CMD ["node", "dist/index.js"]
)",
            {});
        row("source-maps/disabled", "SourceMapsInFinalStage", "FROM node:20\nRUN npx tsc --sourceMap false\nCMD x\n",
            {});
        row("source-maps/builder-only", "SourceMapsInFinalStage", R"(FROM node:20 AS build
WORKDIR /app
RUN npx tsc --sourceMap --outDir dist && node test.js
FROM node:20-slim
COPY --from=build /app/package.json ./
CMD ["node", "index.js"]
)",
            {});

        // DevDependenciesInFinalStage --------------------------------------------------------
        row("dev-dependencies/copied-node-modules", "DevDependenciesInFinalStage", R"(FROM node:20 AS build
WORKDIR /app
COPY package*.json ./
RUN npm ci
COPY . .
RUN npm run build
FROM node:20-slim
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
CMD ["node", "dist/index.js"]
)",
            {u"DevDependenciesInFinalStage 9:19-9:36 warning"_s});
        row("dev-dependencies/copied-whole-app", "DevDependenciesInFinalStage", R"(FROM node:20 AS build
WORKDIR /app
COPY . .
RUN yarn install --frozen-lockfile && yarn build
FROM node:20-slim
COPY --from=build /app /app
CMD ["node", "/app/dist/index.js"]
)",
            {u"DevDependenciesInFinalStage 6:19-6:23 warning"_s});
        row("dev-dependencies/pruned", "DevDependenciesInFinalStage", R"(FROM node:20 AS build
WORKDIR /app
COPY . .
RUN npm ci && npm run build && npm prune --omit=dev
FROM node:20-slim
COPY --from=build /app/node_modules /app/node_modules
CMD ["node", "/app/index.js"]
)",
            {});
        row("dev-dependencies/production-install", "DevDependenciesInFinalStage", R"(FROM node:20 AS deps
WORKDIR /app
COPY package*.json ./
RUN npm ci --omit=dev
FROM node:20 AS env-production
ENV NODE_ENV=production
WORKDIR /app
COPY package*.json ./
RUN npm ci
FROM node:20-slim
COPY --from=deps /app/node_modules /app/node_modules
COPY --from=env-production /app/node_modules /srv/node_modules
CMD ["node", "/app/index.js"]
)",
            {});
        row("dev-dependencies/single-stage-build", "DevDependenciesInFinalStage", R"(FROM node:20-slim
WORKDIR /app
COPY package*.json ./
RUN npm ci
COPY . .
RUN npm run build
CMD ["node", "dist/index.js"]
)",
            {u"DevDependenciesInFinalStage 4:5-4:11 warning"_s});
        row("dev-dependencies/single-stage-no-build", "DevDependenciesInFinalStage", R"(FROM node:20-slim
WORKDIR /app
COPY package*.json ./
RUN npm ci
COPY . .
CMD ["node", "index.js"]
)",
            {});

        row("dev-dependencies/yarn-workspaces-focus", "DevDependenciesInFinalStage", R"(FROM node:20-slim
WORKDIR /app
COPY . .
RUN yarn install --immutable && yarn build && yarn workspaces focus --production
CMD ["node", "dist/index.js"]
)",
            {});
        row("dev-dependencies/copied-through-intermediate-stage", "DevDependenciesInFinalStage", R"(FROM node:20 AS deps
WORKDIR /app
COPY package*.json ./
RUN npm install
FROM node:20 AS build
WORKDIR /src
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npm run build
FROM node:20-slim
COPY --from=build /src /srv
CMD ["node", "/srv/dist/index.js"]
)",
            {u"DevDependenciesInFinalStage 11:19-11:23 warning"_s});

        // PackageInstallBeforeManifest -------------------------------------------------------
        row("manifest/pip-requirements", "PackageInstallBeforeManifest", R"(FROM python:3.12-slim
WORKDIR /app
RUN pip install -r requirements.txt
COPY . .
CMD ["python", "app.py"]
)",
            {u"PackageInstallBeforeManifest 3:5-3:36 error"_s});
        row("manifest/go-mod-download", "PackageInstallBeforeManifest", R"(FROM golang:1.22 AS build
WORKDIR /src
RUN go mod download
COPY . .
)",
            {u"PackageInstallBeforeManifest 3:5-3:20 error"_s});
        row("manifest/npm-ci-without-lockfile", "PackageInstallBeforeManifest", R"(FROM node:20
WORKDIR /app
COPY package.json ./
RUN npm ci
)",
            {u"PackageInstallBeforeManifest 4:5-4:11 error"_s});
        row("manifest/copied-elsewhere", "PackageInstallBeforeManifest", R"(FROM node:20
WORKDIR /app
COPY package*.json /tmp/
RUN npm install
)",
            {u"PackageInstallBeforeManifest 4:5-4:16 error"_s});
        row("manifest/npm-install-ok", "PackageInstallBeforeManifest", R"(FROM node:20
WORKDIR /app
COPY package.json ./
RUN npm install
)",
            {});
        row("manifest/context-copied", "PackageInstallBeforeManifest",
            "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n", {});
        row("manifest/inherited", "PackageInstallBeforeManifest", R"(FROM node:20 AS deps
WORKDIR /app
COPY package*.json ./
FROM deps
RUN npm ci
)",
            {});
        row("manifest/git-clone", "PackageInstallBeforeManifest", R"(FROM node:20
WORKDIR /app
RUN git clone git@github.com:example/app.git . && npm ci
)",
            {});
        row("manifest/bind-mount", "PackageInstallBeforeManifest", R"(FROM node:20
WORKDIR /app
RUN --mount=type=bind,source=package.json,target=package.json \
    --mount=type=bind,source=package-lock.json,target=package-lock.json \
    npm ci
)",
            {});
        row("manifest/named-packages", "PackageInstallBeforeManifest",
            "FROM node:20\nRUN npm install -g pm2 && npm install express\n", {});
        row("manifest/unknown-image", "PackageInstallBeforeManifest", "FROM example.com/team/node-app:1\nRUN npm ci\n",
            {});
        row("manifest/cd-into-copied-directory", "PackageInstallBeforeManifest", R"(FROM node:20
WORKDIR /app
COPY frontend ./frontend
RUN cd frontend && npm ci
)",
            {});
        row("manifest/workdir-after-copy", "PackageInstallBeforeManifest", R"(FROM node:20
COPY package*.json /app/
WORKDIR /app
RUN npm ci
)",
            {});
        row("manifest/parent-directory", "PackageInstallBeforeManifest", R"(FROM golang:1.22
WORKDIR /src
COPY go.mod go.sum ./
WORKDIR /src/cmd/server
RUN go mod download
)",
            {});
        row("manifest/tolerated-failure", "PackageInstallBeforeManifest", "FROM node:20\nRUN npm ci || true\n", {});

        row("manifest/workdir-from-arg", "PackageInstallBeforeManifest", R"(FROM node:20
ARG APP=/srv/app
WORKDIR $APP
COPY package*.json /srv/app/
RUN npm ci
)",
            {});
        row("manifest/workdir-from-arg-elsewhere", "PackageInstallBeforeManifest", R"(FROM node:20
ARG APP=/srv/app
WORKDIR ${APP}/web
COPY package*.json /srv/other/
RUN npm ci
)",
            {u"PackageInstallBeforeManifest 5:5-5:11 error"_s});
        row("manifest/prefix", "PackageInstallBeforeManifest", R"(FROM node:20
COPY web/package*.json /web/
RUN npm ci --prefix /web && npm ci --prefix /api
)",
            {u"PackageInstallBeforeManifest 3:29-3:49 error"_s});

        // NpmOnlyProductionDeprecated --------------------------------------------------------
        row("npm-only/only-production", "NpmOnlyProductionDeprecated",
            "FROM node:20\nCOPY . .\nRUN npm ci --only=production\n",
            {u"NpmOnlyProductionDeprecated 3:12-3:29 warning"_s});
        row("npm-only/production", "NpmOnlyProductionDeprecated",
            "FROM node:20\nCOPY . .\nRUN npm install --production\n",
            {u"NpmOnlyProductionDeprecated 3:17-3:29 warning"_s});
        row("npm-only/two-words", "NpmOnlyProductionDeprecated", "FROM node:20\nCOPY . .\nRUN npm ci --only prod\n",
            {u"NpmOnlyProductionDeprecated 3:12-3:23 warning"_s});
        row("npm-only/omit-dev", "NpmOnlyProductionDeprecated", "FROM node:20\nCOPY . .\nRUN npm ci --omit=dev\n", {});
        row("npm-only/yarn-production", "NpmOnlyProductionDeprecated",
            "FROM node:20\nCOPY . .\nRUN yarn install --production\n", {});

        // ScratchWithoutCACertificates -------------------------------------------------------
        row("ca/missing", "ScratchWithoutCACertificates", R"(FROM golang:1.22 AS build
RUN CGO_ENABLED=0 go build -o /app .
FROM scratch
COPY --from=build /app /app
ENTRYPOINT ["/app"]
)",
            {u"ScratchWithoutCACertificates 3:6-3:13 info"_s});
        row("ca/copied-directory", "ScratchWithoutCACertificates", R"(FROM alpine AS certs
RUN apk add ca-certificates
FROM scratch
COPY --from=certs /etc/ssl/certs /etc/ssl/certs
COPY app /app
ENTRYPOINT ["/app"]
)",
            {});
        row("ca/export-stage", "ScratchWithoutCACertificates",
            "FROM alpine AS b\nRUN make\nFROM scratch\nCOPY --from=b /out /\n", {});
        row("ca/ssl-cert-file", "ScratchWithoutCACertificates",
            "FROM scratch\nCOPY app /app\nCOPY certs.pem /certs.pem\nENV SSL_CERT_FILE=/certs.pem\nENTRYPOINT "
            "[\"/app\"]\n",
            {});
        row("ca/distroless-static", "ScratchWithoutCACertificates",
            "FROM gcr.io/distroless/static-debian12\nCOPY app /app\nENTRYPOINT [\"/app\"]\n", {});

        // CgoBinaryInStaticBase --------------------------------------------------------------
        row("cgo/scratch", "CgoBinaryInStaticBase", R"(FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN go build -o /out/app ./cmd/app
FROM scratch
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
)",
            {u"CgoBinaryInStaticBase 6:19-6:27 warning"_s});
        row("cgo/distroless-static-directory", "CgoBinaryInStaticBase", R"(FROM golang:1.22-bookworm AS build
WORKDIR /src
COPY . .
RUN go build -o bin/ ./...
FROM gcr.io/distroless/static-debian12
COPY --from=build /src/bin /usr/local/bin
ENTRYPOINT ["/usr/local/bin/app"]
)",
            {u"CgoBinaryInStaticBase 6:19-6:27 warning"_s});
        row("cgo/alpine-with-build-base", "CgoBinaryInStaticBase", R"(FROM golang:1.22-alpine AS build
RUN apk add --no-cache build-base
WORKDIR /src
COPY . .
RUN go build -o app .
FROM scratch
COPY --from=build /src/app /app
ENTRYPOINT ["/app"]
)",
            {u"CgoBinaryInStaticBase 7:19-7:27 warning"_s});
        row("cgo/disabled-inline", "CgoBinaryInStaticBase", R"(FROM golang:1.22 AS build
RUN CGO_ENABLED=0 go build -o /app .
FROM scratch
COPY --from=build /app /app
ENTRYPOINT ["/app"]
)",
            {});
        row("cgo/disabled-env", "CgoBinaryInStaticBase", R"(FROM golang:1.22 AS build
ENV CGO_ENABLED=0
RUN go build -o /app .
FROM scratch
COPY --from=build /app /app
ENTRYPOINT ["/app"]
)",
            {});
        row("cgo/disabled-arg-in-base-stage", "CgoBinaryInStaticBase", R"(FROM golang:1.22 AS base
ARG CGO_ENABLED=0
FROM base AS build
RUN export GOFLAGS=-trimpath && go build -o /app .
FROM scratch
COPY --from=build /app /app
ENTRYPOINT ["/app"]
)",
            {});
        row("cgo/exported", "CgoBinaryInStaticBase", R"(FROM golang:1.22 AS build
RUN export CGO_ENABLED=0 && go build -o /app .
FROM scratch
COPY --from=build /app /app
ENTRYPOINT ["/app"]
)",
            {});
        row("cgo/alpine-without-compiler", "CgoBinaryInStaticBase", R"(FROM golang:1.22-alpine AS build
RUN go build -o /app .
FROM scratch
COPY --from=build /app /app
ENTRYPOINT ["/app"]
)",
            {});
        row("cgo/static-link", "CgoBinaryInStaticBase", R"(FROM golang:1.22 AS build
RUN go build -ldflags '-extldflags "-static"' -o /app .
FROM scratch
COPY --from=build /app /app
ENTRYPOINT ["/app"]
)",
            {});
        row("cgo/distroless-with-libc", "CgoBinaryInStaticBase", R"(FROM golang:1.22 AS build
RUN go build -o /app .
FROM gcr.io/distroless/base-debian12
COPY --from=build /app /app
ENTRYPOINT ["/app"]
)",
            {});
        row("cgo/cross-compiled", "CgoBinaryInStaticBase", R"(FROM golang:1.22 AS build
RUN GOARCH=arm64 go build -o /app .
FROM scratch
COPY --from=build /app /app
ENTRYPOINT ["/app"]
)",
            {});
        row("cgo/other-file", "CgoBinaryInStaticBase", R"(FROM golang:1.22 AS build
RUN go build -o /tool . && CGO_ENABLED=0 go build -o /app ./cmd/app
FROM scratch
COPY --from=build /app /app
ENTRYPOINT ["/app"]
)",
            {});

        row("cgo/go-install", "CgoBinaryInStaticBase", R"(FROM golang:1.22 AS build
RUN go install example.com/tools/cmd/server@v1.2.3 && CGO_ENABLED=0 go install example.com/tools/cmd/probe@v1
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /go/bin/server /go/bin/probe /usr/local/bin/
ENTRYPOINT ["/usr/local/bin/server"]
)",
            {u"CgoBinaryInStaticBase 4:19-4:33 warning"_s});

        // SecretInLayer ----------------------------------------------------------------------
        row("secret/env-file", "SecretInLayer", "FROM alpine\nCOPY .env /app/.env\nCMD [\"app\"]\n",
            {u"SecretInLayer 2:6-2:10 warning"_s});
        row("secret/ssh-key-in-builder", "SecretInLayer", R"(FROM alpine AS build
COPY id_rsa /root/.ssh/id_rsa
RUN git clone git@example.com:org/repo.git
FROM alpine
COPY --from=build /repo /repo
)",
            {u"SecretInLayer 2:6-2:12 warning"_s});
        row("secret/npmrc-and-key", "SecretInLayer", "FROM node:20\nCOPY .npmrc server-key.pem ./\n",
            {u"SecretInLayer 2:6-2:12 warning"_s, u"SecretInLayer 2:13-2:27 warning"_s});
        row("secret/arg-used-by-run", "SecretInLayer", R"(FROM node:20
ARG NPM_TOKEN
RUN echo "_authToken=${NPM_TOKEN}" > .npmrc && npm ci
)",
            {u"SecretInLayer 3:10-3:35 warning"_s});
        row("secret/not-secrets", "SecretInLayer", R"(FROM python:3.12
ARG GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D
ARG PASSWORD_FILE=/run/secrets/db
RUN gpg --recv-keys "$GPG_KEY" && cat "$PASSWORD_FILE"
COPY .env.example ca.pem id_rsa.pub ./
COPY root-ca.crt /usr/local/share/ca-certificates/
)",
            {});
        row("secret/arg-not-used", "SecretInLayer", "FROM alpine\nARG API_TOKEN\nRUN echo hello\n", {});
        row("secret/secret-mount", "SecretInLayer",
            "FROM node:20\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n", {});

        // ContextCopiedBeforeDependencies ----------------------------------------------------
        row("context-copy/npm", "ContextCopiedBeforeDependencies", R"(FROM node:20
WORKDIR /app
COPY . .
RUN npm ci
RUN npm run build
CMD ["node", "dist/index.js"]
)",
            {u"ContextCopiedBeforeDependencies 3:6-3:7 warning"_s});
        row("context-copy/pip", "ContextCopiedBeforeDependencies", R"(FROM python:3.12-slim
WORKDIR /app
ADD ./ /app
RUN pip install --no-cache-dir -r requirements.txt
CMD ["python", "app.py"]
)",
            {u"ContextCopiedBeforeDependencies 3:5-3:7 warning"_s});
        row("context-copy/dependencies-first", "ContextCopiedBeforeDependencies", R"(FROM node:20
WORKDIR /app
COPY package*.json ./
RUN npm ci
COPY . .
RUN npm run build && npm ci --omit=dev
)",
            {});
        row("context-copy/dependencies-from-deps-stage", "ContextCopiedBeforeDependencies", R"(FROM node:alpine AS deps
WORKDIR /app
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile
FROM node:alpine AS builder
WORKDIR /app
COPY . .
COPY --from=deps /app/node_modules ./node_modules
RUN yarn build && yarn install --production --ignore-scripts --prefer-offline
)",
            {});
        row("context-copy/other-stage", "ContextCopiedBeforeDependencies", R"(FROM node:20 AS src
COPY . /src
FROM node:20
COPY --from=src /src/package*.json ./
RUN npm ci
)",
            {});
    }

    void rules()
    {
        QFETCH(QString, rule);
        QFETCH(QByteArray, dockerfile);
        QFETCH(QStringList, expected);
        const Linted linted = lintText(dockerfile);
        const QStringList actual = linted.lines(rule);
        if (actual != expected)
            qWarning().noquote() << "all findings:" << linted.lines().join(u"\n  "_s);
        QCOMPARE(actual, expected);
    }

    // The seed's examples: what the issue says the linter must catch there, and what it must not.
    void examples_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("present");
        QTest::addColumn<QStringList>("absent");
        QTest::newRow("nodejs-inference") << u"nodejs-inference.Dockerfile"_s
                                          << QStringList {u"PackageInstallBeforeManifest 13:5-13:29 error"_s,
                                                 u"NpmOnlyProductionDeprecated 13:12-13:29 warning"_s,
                                                 u"DevDependenciesInFinalStage 15:21-15:38 warning"_s}
                                          << QStringList {u"FinalStageRunsAsRoot"_s, u"ToolchainInFinalStage"_s,
                                                 u"CopyFromUnknownStage"_s, u"UnusedStage"_s};
        QTest::newRow("go-inference-server")
            << u"go-inference-server.Dockerfile"_s << QStringList {u"FinalStageRunsAsRoot 15:1-15:13 warning"_s}
            << QStringList {u"CgoBinaryInStaticBase"_s, u"ScratchWithoutCACertificates"_s,
                   u"ContextCopiedBeforeDependencies"_s, u"PackageInstallBeforeManifest"_s, u"ToolchainInFinalStage"_s};
        QTest::newRow("node-typescript-single-stage")
            << u"node-typescript-single-stage.Dockerfile"_s
            << QStringList {u"ToolchainInFinalStage 8:32-8:36 warning"_s, u"FinalStageRunsAsRoot 5:1-5:20 warning"_s,
                   u"SourceMapsInFinalStage 15:13-15:24 warning"_s, u"DevDependenciesInFinalStage 11:5-11:11 warning"_s}
            << QStringList {u"PackageInstallBeforeManifest"_s, u"ContextCopiedBeforeDependencies"_s};
        for (const QString &clean :
            {u"java-spring.Dockerfile"_s, u"python-fastapi.Dockerfile"_s, u"rust-axum.Dockerfile"_s})
            QTest::newRow(qPrintable(clean)) << clean << QStringList {} << QStringList {u""_s};
    }

    void examples()
    {
        QFETCH(QString, file);
        QFETCH(QStringList, present);
        QFETCH(QStringList, absent);
        const QByteArray text = example(file);
        QVERIFY(!text.isEmpty());
        const Linted linted = lintText(text);
        const QStringList all = linted.lines();
        for (const QString &expected : present)
            QVERIFY2(all.contains(expected), qPrintable(expected + u"\n  found: "_s + all.join(u"\n  "_s)));
        for (const QString &rule : absent) {
            // An empty name: the example must be clean of every multi-stage rule.
            const QStringList found = rule.isEmpty() ? all : linted.lines(rule);
            QVERIFY2(found.isEmpty(), qPrintable(found.join(u"\n"_s)));
        }
    }

    // What the seed's Node.js example is told: the messages name the missing files, where they
    // arrive too late, and the production install the copied node_modules overwrites.
    void nodejsSeedMessages()
    {
        const QByteArray text = example(u"nodejs-inference.Dockerfile"_s);
        const Linted linted = lintText(text);
        const LintDiagnostic *manifest = linted.first("PackageInstallBeforeManifest");
        QVERIFY(manifest);
        const QString message = qs(manifest->message);
        QVERIFY2(
            message.contains(u"package.json and package-lock.json (or npm-shrinkwrap.json)"_s), qPrintable(message));
        QVERIFY2(message.contains(u"only copied at line 16"_s), qPrintable(message));
        QCOMPARE(manifest->stage, 1);
        QVERIFY(!manifest->fixes.empty());
        const QByteArray fixed = applyEdits(text, manifest->fixes.front());
        QVERIFY(
            fixed.contains("# Copy only production dependencies and built output\nCOPY package*.json ./\nRUN npm ci"));
        const LintDiagnostic *dev = linted.first("DevDependenciesInFinalStage");
        QVERIFY(dev);
        QVERIFY2(qs(dev->message).contains(u"installed at line 5"_s), dev->message.c_str());
        QVERIFY2(qs(dev->message).contains(u"replaces the production install of line 13"_s), dev->message.c_str());
        // Fixing the deprecated option leaves the install a production one: still overwritten.
        const LintDiagnostic *only = linted.first("NpmOnlyProductionDeprecated");
        QVERIFY(only);
        QCOMPARE(qs(only->fixes.front().edits.front().text), u"--omit=dev"_s);
    }

    // Quick fixes: the text after applying the first fix of the first finding of `rule`.
    void quickFixes_data()
    {
        QTest::addColumn<QString>("rule");
        QTest::addColumn<QByteArray>("dockerfile");
        QTest::addColumn<QByteArray>("fixed");
        QTest::newRow("npm-only-production")
            << u"NpmOnlyProductionDeprecated"_s << QByteArray("FROM node:20\nCOPY . .\nRUN npm ci --only=production\n")
            << QByteArray("FROM node:20\nCOPY . .\nRUN npm ci --omit=dev\n");
        QTest::newRow("npm-only-two-words")
            << u"NpmOnlyProductionDeprecated"_s << QByteArray("FROM node:20\nCOPY . .\nRUN npm ci --only production\n")
            << QByteArray("FROM node:20\nCOPY . .\nRUN npm ci --omit=dev\n");
        QTest::newRow("unknown-stage") << u"CopyFromUnknownStage"_s
                                       << QByteArray("FROM alpine AS builder\nFROM alpine\nCOPY --from=buidler /a /a\n")
                                       << QByteArray(
                                              "FROM alpine AS builder\nFROM alpine\nCOPY --from=builder /a /a\n");
        QTest::newRow("unknown-stage-mount")
            << u"CopyFromUnknownStage"_s
            << QByteArray("FROM alpine AS builder\nFROM alpine\nRUN --mount=type=bind,from=bulder,target=/b ls\n")
            << QByteArray("FROM alpine AS builder\nFROM alpine\nRUN --mount=type=bind,from=builder,target=/b ls\n");
        QTest::newRow("root-node")
            << u"FinalStageRunsAsRoot"_s
            << QByteArray("FROM node:20\nWORKDIR /app\nCOPY . .\nCMD [\"node\", \"x.js\"]\n")
            << QByteArray("FROM node:20\nWORKDIR /app\nCOPY . .\nUSER node\nCMD [\"node\", \"x.js\"]\n");
        QTest::newRow("root-after-user-root")
            << u"FinalStageRunsAsRoot"_s
            << QByteArray("FROM debian:bookworm-slim\nUSER root\nRUN id\nENTRYPOINT [\"/app\"]\n")
            << QByteArray("FROM debian:bookworm-slim\nUSER root\nRUN id\nUSER 65532:65532\nENTRYPOINT [\"/app\"]\n");
        QTest::newRow("root-no-command-at-end")
            << u"FinalStageRunsAsRoot"_s << QByteArray("FROM python:3.12-slim\nCOPY app.py /\n")
            << QByteArray("FROM python:3.12-slim\nCOPY app.py /\nUSER 65532:65532\n");
        QTest::newRow("manifest-npm")
            << u"PackageInstallBeforeManifest"_s << QByteArray("FROM node:20\nWORKDIR /app\n    RUN npm ci\nCOPY . .\n")
            << QByteArray("FROM node:20\nWORKDIR /app\n    COPY package*.json ./\n    RUN npm ci\nCOPY . .\n");
        QTest::newRow("manifest-pip")
            << u"PackageInstallBeforeManifest"_s
            << QByteArray("FROM python:3.12\nWORKDIR /app\nRUN pip install -r requirements.txt\n")
            << QByteArray(
                   "FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt ./\nRUN pip install -r requirements.txt\n");
        QTest::newRow("ca-bundle")
            << u"ScratchWithoutCACertificates"_s
            << QByteArray("FROM golang:1.22-alpine AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build "
                          "/app /\nCMD [\"/app\"]\n")
            << QByteArray(
                   "FROM golang:1.22-alpine AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build "
                   "/etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /app /\nCMD [\"/app\"]\n");
    }

    void quickFixes()
    {
        QFETCH(QString, rule);
        QFETCH(QByteArray, dockerfile);
        QFETCH(QByteArray, fixed);
        const Linted linted = lintText(dockerfile);
        const LintDiagnostic *diagnostic = linted.first(rule.toStdString());
        QVERIFY2(diagnostic, qPrintable(linted.lines().join(u"\n"_s)));
        QVERIFY(!diagnostic->fixes.empty());
        QCOMPARE(applyEdits(dockerfile, diagnostic->fixes.front()), fixed);
    }

    // Rules that read the build context: its file names only (BuildContextInfo has no root).
    void buildContext_data()
    {
        QTest::addColumn<QString>("rule");
        QTest::addColumn<QByteArray>("dockerfile");
        QTest::addColumn<QStringList>("files");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("secret-in-context") << u"SecretInLayer"_s << QByteArray("FROM node:20\nWORKDIR /app\nCOPY . .\n")
                                           << QStringList {u"src/index.js"_s, u".env"_s, u"config/.npmrc"_s}
                                           << QStringList {u"SecretInLayer 3:6-3:7 warning"_s};
        QTest::newRow("secret-in-other-directory")
            << u"SecretInLayer"_s << QByteArray("FROM node:20\nWORKDIR /app\nCOPY src ./src\n")
            << QStringList {u"src/index.js"_s, u".env"_s} << QStringList {};
        QTest::newRow("maps-in-context-copied")
            << u"SourceMapsInFinalStage"_s
            << QByteArray("FROM node:20-slim\nCOPY dist ./dist\nCMD [\"node\", \"dist/a.js\"]\n")
            << QStringList {u"dist/a.js"_s, u"dist/a.js.map"_s}
            << QStringList {u"SourceMapsInFinalStage 2:6-2:10 warning"_s};
        QTest::newRow("maps-in-context-build-output")
            << u"SourceMapsInFinalStage"_s
            << QByteArray(
                   "FROM node:20 AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n"
                   "FROM node:20-slim\nCOPY --from=build /app/dist /app/dist\nCMD [\"node\", \"/app/dist/a.js\"]\n")
            << QStringList {u"src/a.ts"_s, u"legacy/b.js.map"_s}
            << QStringList {u"SourceMapsInFinalStage 6:19-6:28 warning"_s};
        QTest::newRow("no-maps-in-context")
            << u"SourceMapsInFinalStage"_s
            << QByteArray(
                   "FROM node:20 AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n"
                   "FROM node:20-slim\nCOPY --from=build /app/dist /app/dist\nCMD [\"node\", \"/app/dist/a.js\"]\n")
            << QStringList {u"src/a.ts"_s} << QStringList {};
    }

    void buildContext()
    {
        QFETCH(QString, rule);
        QFETCH(QByteArray, dockerfile);
        QFETCH(QStringList, files);
        QFETCH(QStringList, expected);
        BuildContextInfo context;
        context.present = true;
        for (const QString &file : files)
            context.files.push_back(file.toStdString());
        QCOMPARE(lintText(dockerfile, context).lines(rule), expected);
    }

    // The same RUN text in several stages is analysed once (RunFactsMemo): each must still get
    // its own findings, from its own variables, WORKDIR and stage, at its own place.
    void sameRunText_data()
    {
        QTest::addColumn<QString>("rule");
        QTest::addColumn<QByteArray>("dockerfile");
        QTest::addColumn<QStringList>("expected"); // "line:col-line:col ...a part of the message..."
        auto row = [](const char *name, const char *rule, const char *text, const QStringList &expected) {
            QTest::newRow(name) << QString::fromUtf8(rule) << QByteArray(text) << expected;
        };
        row("cd-variable", "PackageInstallBeforeManifest", R"(FROM node:20 AS a
ENV DIR=/one
RUN cd $DIR && npm ci
FROM node:20 AS b
ENV DIR=/two
  RUN cd $DIR && npm ci
)",
            {u"3:16-3:22 npm ci runs in /one before"_s, u"6:18-6:24 npm ci runs in /two before"_s});
        row("workdir", "PackageInstallBeforeManifest", R"(FROM node:20 AS a
WORKDIR /one
RUN npm ci
FROM node:20 AS b
WORKDIR /two
RUN npm ci
)",
            {u"3:5-3:11 npm ci runs in /one before"_s, u"6:5-6:11 npm ci runs in /two before"_s});
        row("go-output-variable", "CgoBinaryInStaticBase", R"(FROM golang:1.22 AS a
ARG OUT=/out/one
RUN go build -o $OUT .
FROM golang:1.22 AS b
ARG OUT=/out/two
RUN go build -o $OUT .
FROM gcr.io/distroless/static-debian12
COPY --from=a /out/one /one
COPY --from=b /out/two /two
CMD ["/two"]
)",
            {u"8:15-8:23 /out/one is built at line 3 (stage a)"_s,
                u"9:15-9:23 /out/two is built at line 6 (stage b)"_s});
        row("go-output-unset-first", "CgoBinaryInStaticBase", R"(FROM golang:1.22 AS a
ARG OUT
RUN go build -o $OUT .
FROM golang:1.22 AS b
ARG OUT=/out/two
RUN go build -o $OUT .
FROM gcr.io/distroless/static-debian12
COPY --from=a /out/one /one
COPY --from=b /out/two /two
CMD ["/two"]
)",
            {u"9:15-9:23 /out/two is built at line 6 (stage b)"_s});
        row("cgo-variable", "CgoBinaryInStaticBase", R"(FROM golang:1.22 AS a
ARG CGO=0
RUN CGO_ENABLED=$CGO go build -o /out/app .
FROM golang:1.22 AS b
ARG CGO=1
RUN CGO_ENABLED=$CGO go build -o /out/app .
FROM gcr.io/distroless/static-debian12
COPY --from=a /out/app /a
COPY --from=b /out/app /b
CMD ["/b"]
)",
            {u"9:15-9:23 /out/app is built at line 6 (stage b)"_s});
        // Toolchain packages are collected only where they ship.
        row("toolchain-only-in-final-stage", "ToolchainInFinalStage", R"(FROM debian:12 AS build
RUN apt-get update && apt-get install -y gcc
FROM debian:12
ENV X=1
RUN apt-get update && apt-get install -y gcc
CMD ["app"]
)",
            {u"5:42-5:45 the final image keeps the build toolchain installed at line 5 (gcc)"_s});
        row("deprecated-option-placed", "NpmOnlyProductionDeprecated", R"(FROM node:20 AS a
RUN npm install --only=production
FROM node:20 AS b
ENV X=1
    RUN npm install --only=production
)",
            {u"2:17-2:34 --only=production is deprecated"_s, u"5:21-5:38 --only=production is deprecated"_s});
    }

    void sameRunText()
    {
        QFETCH(QString, rule);
        QFETCH(QByteArray, dockerfile);
        QFETCH(QStringList, expected);
        const Linted linted = lintText(dockerfile);
        QStringList actual = linted.messages(rule);
        // A finding that has the expected range and message part reads as the expected line.
        for (qsizetype i = 0; i < std::min(actual.size(), expected.size()); ++i) {
            const QString range = expected[i].section(u' ', 0, 0);
            const QString part = expected[i].section(u' ', 1);
            if (actual[i].section(u' ', 0, 0) == range && actual[i].contains(part))
                actual[i] = expected[i];
        }
        QCOMPARE(actual, expected);
    }

    // Stage-awareness: the same file judged for another --target.
    void target()
    {
        const QByteArray text(
            "FROM golang:1.22 AS dev\nRUN apt-get update && apt-get install -y make\nCMD [\"make\", \"watch\"]\n"
            "FROM gcr.io/distroless/static-debian12:nonroot AS prod\nCOPY --from=dev /go/bin/app /app\n"
            "ENTRYPOINT [\"/app\"]\n");
        QCOMPARE(lintText(text).lines(u"FinalStageRunsAsRoot"_s), QStringList {});
        QCOMPARE(lintText(text).lines(u"ToolchainInFinalStage"_s), QStringList {});
        BuildGraphOptions options;
        options.target = "dev";
        const Linted dev = lintText(text, {}, options);
        QCOMPARE(dev.lines(u"FinalStageRunsAsRoot"_s), QStringList {u"FinalStageRunsAsRoot 1:1-1:24 warning"_s});
        QCOMPARE(dev.lines(u"UnusedStage"_s), QStringList {u"UnusedStage 4:51-4:55 info"_s});
    }

    // Every real-world Dockerfile lints without crashing (ASan/UBSan watch); the counts per rule
    // are printed for review. STAGECRAFT_PRINT_FINDINGS=1 prints every finding.
    void realCorpus()
    {
        const QString directory = sharedPath(u"corpus/real"_s);
        STAGECRAFT_SKIP_WITHOUT_SHARED(directory);
        const bool print = qEnvironmentVariableIntValue("STAGECRAFT_PRINT_FINDINGS") == 1;
        QMap<QString, int> counts;
        int files = 0;
        QDirIterator it(directory, {u"*.Dockerfile"_s}, QDir::Files);
        QStringList paths;
        while (it.hasNext())
            paths << it.next();
        paths.sort();
        for (const QString &path : paths) {
            ++files;
            const Linted linted = lintText(readBytes(path));
            for (const LintDiagnostic &d : linted.diagnostics) {
                ++counts[qs(d.rule)];
                QVERIFY(d.range.begin <= d.range.end && d.range.end <= linted.tree->text().size());
                QVERIFY(!d.message.empty());
                for (const QuickFix &fix : d.fixes) {
                    for (const TextEdit &edit : fix.edits)
                        QVERIFY(edit.range.end <= linted.tree->text().size());
                }
                if (print) {
                    const Position at = linted.tree->lines().positionAt(d.range.begin);
                    qInfo().noquote() << QFileInfo(path).fileName() + u':' + QString::number(at.line) + u':'
                            + QString::number(at.column) + u' ' + qs(d.rule) + u": "_s + qs(d.message);
                }
            }
        }
        QVERIFY(files > 100);
        for (auto it2 = counts.cbegin(); it2 != counts.cend(); ++it2)
            qInfo().noquote() << it2.key() << it2.value();
    }

    // The whole rule set over a 9,000-line, 200-stage file (the shape of shared/bench/big_dockerfile.py).
    void largeFile()
    {
        QByteArray text = "# syntax=docker/dockerfile:1.7\nARG BASE=debian:bookworm-slim\nARG VERSION=1.0\n";
        uint32_t seed = 7;
        auto next = [&seed](int bound) {
            seed = seed * 1103515245u + 12345u;
            return int((seed >> 16) % uint32_t(bound));
        };
        for (int i = 0; i < 200; ++i) {
            const QByteArray base = i % 3 == 0 ? QByteArray("${BASE}")
                : i % 3 == 1                   ? QByteArray("golang:1.22-alpine")
                : i > 0                        ? "s" + QByteArray::number(next(i))
                                               : QByteArray("alpine:3.19");
            text += "FROM " + base + " AS s" + QByteArray::number(i) + "\nARG VERSION\nWORKDIR /srv/s"
                + QByteArray::number(i) + "\nENV APP_" + QByteArray::number(i) + "=value PATH=/opt/bin:$PATH\n";
            for (int j = 0; j < 12; ++j)
                text += "RUN --mount=type=cache,target=/root/.cache apt-get update && \\\n    apt-get install -y "
                        "--no-install-recommends pkg"
                    + QByteArray::number(j)
                    + "a gcc libssl-dev && \\\n"
                      "    rm -rf /var/lib/apt/lists/*\n";
            for (int k = 0; k < 3 && i > 0; ++k) {
                const QByteArray source = QByteArray::number(next(i));
                text += "COPY --from=s" + source + " /srv/s" + source + "/out" + QByteArray::number(k) + " /opt/s"
                    + QByteArray::number(i) + "/in" + QByteArray::number(k) + "\n";
            }
            text += "COPY --chown=app:app src/ ./src/\nRUN npm ci && go build -o /out/app .\nCMD [\"/opt/bin/app\", "
                    "\"--serve\"]\n";
        }
        const std::shared_ptr<const SyntaxTree> tree = parseDockerfile(text.toStdString());
        const BuildGraph graph = buildGraph(*tree);
        QCOMPARE(graph.stages().size(), size_t(200));
        const ScopeResolver scopes(*tree, graph);
        size_t findings = 0;
        const BuildContextInfo context;
        const LintContext ctx(*tree, graph, scopes, context, [&findings](LintDiagnostic &&) { ++findings; });
        // Finishing with findings is the test; how fast is for the benchmarks (bench_lint).
        ruleSet().check(ctx);
        QVERIFY(findings > 0);
    }
};

QTEST_GUILESS_MAIN(TestLintMultiStage)
#include "test_lint_multistage.moc"

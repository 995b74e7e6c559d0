// SPDX-License-Identifier: MIT
// hadolint's DL rules: data-driven positive and negative cases checked for rule, range
// and severity, the quick fixes applied, and a crash-free run over the real-world corpus.
//
// Expected ranges are marked in the Dockerfile text with « and »; the markers are removed
// before parsing. A row expects exactly the marked ranges for its rule (none: a negative).

#include "graph/build_graph.h"
#include "graph/stage_scope.h"
#include "lint/lint_context.h"
#include "syntax/syntax_tree.h"
#include "test_support.h"

#include <QDir>
#include <QFile>
#include <QTest>

#include <algorithm>
#include <map>

using namespace stagecraft;
using namespace Qt::StringLiterals;

namespace {

struct Marked {
    std::string text;
    std::vector<SourceRange> ranges;
};

Marked unmark(const QString &input)
{
    static const std::string open = "\u00ab"; // «
    static const std::string close = "\u00bb"; // »
    const std::string raw = input.toStdString();
    Marked out;
    std::vector<uint32_t> starts;
    for (size_t i = 0; i < raw.size();) {
        if (raw.compare(i, open.size(), open) == 0) {
            starts.push_back(static_cast<uint32_t>(out.text.size()));
            i += open.size();
        } else if (raw.compare(i, close.size(), close) == 0) {
            out.ranges.push_back({starts.back(), static_cast<uint32_t>(out.text.size())});
            starts.pop_back();
            i += close.size();
        } else {
            out.text.push_back(raw[i++]);
        }
    }
    std::sort(out.ranges.begin(), out.ranges.end(),
        [](SourceRange a, SourceRange b) { return a.begin < b.begin || (a.begin == b.begin && a.end < b.end); });
    return out;
}

struct Findings {
    std::shared_ptr<const SyntaxTree> tree;
    std::vector<LintDiagnostic> diagnostics;
};

Findings lintText(std::string text, const BuildGraphOptions &options = {})
{
    Findings out;
    out.tree = parseDockerfile(std::move(text));
    const BuildGraph graph = buildGraph(*out.tree, options);
    const ScopeResolver scopes(*out.tree, graph);
    const BuildContextInfo context {};
    const LintContext ctx(*out.tree, graph, scopes, context,
        [&out](LintDiagnostic &&diagnostic) { out.diagnostics.push_back(std::move(diagnostic)); });
    hadolintRules().check(ctx);
    return out;
}

const RuleInfo *findRule(std::string_view id)
{
    static const RuleSet set = hadolintRules();
    for (const RuleInfo &rule : set.rules) {
        if (rule.id == id)
            return &rule;
    }
    return nullptr;
}

QString severityName(Severity severity)
{
    switch (severity) {
    case Severity::Error:
        return QStringLiteral("error");
    case Severity::Warning:
        return QStringLiteral("warning");
    case Severity::Info:
        return QStringLiteral("info");
    case Severity::Style:
        return QStringLiteral("style");
    }
    return {};
}

QString describe(const std::string &text, const std::vector<SourceRange> &ranges)
{
    QStringList parts;
    for (SourceRange r : ranges) {
        const std::string slice = r.end <= text.size() && r.begin <= r.end ? text.substr(r.begin, r.length()) : "<out>";
        parts << QStringLiteral("%1-%2 '%3'").arg(r.begin).arg(r.end).arg(QString::fromStdString(slice));
    }
    return parts.join(QStringLiteral(", "));
}

std::string applyFix(const std::string &text, const QuickFix &fix)
{
    std::vector<TextEdit> edits = fix.edits;
    std::sort(
        edits.begin(), edits.end(), [](const TextEdit &a, const TextEdit &b) { return a.range.begin > b.range.begin; });
    std::string out = text;
    for (const TextEdit &edit : edits)
        out.replace(edit.range.begin, edit.range.length(), edit.text);
    return out;
}

/// 1-based "line:column" of a byte offset.
QString lineColumn(const std::string &text, uint32_t offset)
{
    const size_t lineStart = offset == 0 ? 0 : text.rfind('\n', offset - 1) + 1; // npos + 1 == 0
    const auto line = std::count(text.begin(), text.begin() + offset, '\n') + 1;
    return QStringLiteral("%1:%2").arg(line).arg(offset - lineStart + 1);
}

/// The line of `text` that holds byte `offset`.
std::string lineAt(const std::string &text, uint32_t offset)
{
    const size_t begin = offset == 0 ? 0 : text.rfind('\n', offset - 1) + 1;
    return text.substr(begin, text.find('\n', offset) - begin);
}

} // namespace

class TestLintHadolint : public QObject {
    Q_OBJECT

private slots:
    void catalog();
    void rules_data();
    void rules();
    void fixes_data();
    void fixes();
    void targetOption();
    void sameRunText_data();
    void sameRunText();
    void corpus();
};

void TestLintHadolint::catalog()
{
    const RuleSet set = hadolintRules();
    const QStringList expected = QStringLiteral(
        "DL3000 DL3002 DL3003 DL3004 DL3006 DL3007 DL3008 DL3009 DL3013 DL3014 DL3015 DL3016 DL3018 DL3019 DL3020 "
        "DL3021 DL3022 DL3023 DL3024 DL3025 DL3027 DL3028 DL3029 DL3042 DL3045 DL3047 DL3059 DL3060 DL4000 DL4001 "
        "DL4003 DL4004 DL4006")
                                     .split(QLatin1Char(' '));
    QStringList ids;
    for (const RuleInfo &rule : set.rules) {
        ids << QString::fromUtf8(rule.id);
        QCOMPARE(rule.origin, RuleOrigin::Hadolint);
        QVERIFY(!rule.summary.empty());
        QVERIFY(rule.url.ends_with(rule.id));
        // Every rule has its documentation page.
        const QString doc = QStringLiteral(STAGECRAFT_SOURCE_DIR "/resources/rules/") + QString::fromUtf8(rule.id)
            + QStringLiteral(".md");
        QVERIFY2(QFile::exists(doc), qPrintable(doc));
    }
    QCOMPARE(ids, expected);
}

void TestLintHadolint::rules_data()
{
    QTest::addColumn<QString>("dockerfile");
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QString>("severity");

    auto row = [](const char *name, const char *rule, const char *severity, const char *dockerfile) {
        QTest::newRow(name) << QString::fromUtf8(dockerfile) << QString::fromUtf8(rule) << QString::fromUtf8(severity);
    };
    constexpr const char *E = "error";
    constexpr const char *W = "warning";
    constexpr const char *I = "info";

    // DL3000
    row("DL3000 relative", "DL3000", E, "FROM a:1\nWORKDIR «app»\n");
    row("DL3000 absolute", "DL3000", E, "FROM a:1\nWORKDIR /app\nWORKDIR $HOME/x\nWORKDIR \"/x\"\nWORKDIR C:\\\\x\n");
    // DL3002: the shipped image only.
    row("DL3002 root", "DL3002", W, "FROM a:1\nUSER «root»\n");
    row("DL3002 uid", "DL3002", W, "FROM a:1\nRUN x\nUSER «0:0»\nRUN y\n");
    row("DL3002 in base stage", "DL3002", W, "FROM a:1 AS base\nUSER «root»\nFROM base\nRUN x\n");
    row("DL3002 via ARG", "DL3002", W, "FROM a:1\nARG U=root\nUSER «$U»\n");
    row("DL3002 builder root", "DL3002", W,
        "FROM a:1 AS build\nUSER root\nRUN make\nFROM a:1\nCOPY --from=build /x /x\nUSER app\n");
    row("DL3002 builder root, final unset", "DL3002", W,
        "FROM a:1 AS build\nUSER root\nFROM a:1\nCOPY --from=build /x /x\n");
    row("DL3002 later user", "DL3002", W, "FROM a:1\nUSER root\nRUN x\nUSER app\n");
    row("DL3002 base root, final user", "DL3002", W, "FROM a:1 AS base\nUSER root\nFROM base\nUSER app\n");
    // DL3003
    row("DL3003 cd", "DL3003", W, "FROM a:1\nRUN «cd» /x && make && «cd» /y\n");
    row("DL3003 heredoc", "DL3003", W, "FROM a:1\nRUN <<EOF\n«cd» /x\nmake\nEOF\n");
    row("DL3003 subshell and words", "DL3003", W, "FROM a:1\nRUN (cd /x && make) && echo cd 'cd /y'\n");
    // DL3004
    row("DL3004 sudo", "DL3004", E, "FROM a:1\nRUN «sudo» apt-get update\n");
    row("DL3004 words", "DL3004", E, "FROM a:1\nRUN echo sudo && gosu app true\n");
    // DL3006
    row("DL3006 untagged", "DL3006", W, "FROM «debian»\nRUN x\n");
    row("DL3006 automatic arg", "DL3006", W, "FROM «busybox-${TARGETARCH}»\n");
    row("DL3006 tagged", "DL3006", W,
        "FROM debian:12\nFROM debian@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"
        "FROM scratch\nFROM debian:12 AS b\nFROM b\n");
    row("DL3006 build arg decides", "DL3006", W, "ARG BASE=debian\nFROM ${BASE}\nARG TAG\nFROM debian${TAG}\n");
    // DL3007
    row("DL3007 latest", "DL3007", W, "FROM debian«:latest»\n");
    row("DL3007 not latest", "DL3007", W,
        "FROM debian:12\nFROM debian:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"
        "ARG T=latest\nFROM debian:$T\n");
    // DL3008
    row("DL3008 unpinned", "DL3008", W,
        "FROM a:1\nRUN apt-get update && apt-get install -y --no-install-recommends «curl» wget=1.2 \\\n"
        "    «git» && rm -rf /var/lib/apt/lists/*\n");
    row("DL3008 pinned", "DL3008", W,
        "FROM a:1\nRUN apt-get install -y --no-install-recommends curl=7.8 ./x.deb $PKGS \"wget=1.*\" "
        "-t bookworm-backports git/bookworm && echo 'apt-get install vim'\n");
    row("DL3008 heredoc", "DL3008", W, "FROM a:1\nRUN <<EOF\napt-get install -y --no-install-recommends «curl»\nEOF\n");
    row("DL3008 exec form", "DL3008", W,
        "FROM a:1\nRUN [\"apt-get\", \"install\", \"-y\", \"--no-install-recommends\", «\"curl\"»]\n");
    row("DL3008 onbuild", "DL3008", W, "FROM a:1\nONBUILD RUN apt-get install -y --no-install-recommends «curl»\n");
    row("DL3008 sudo", "DL3008", W, "FROM a:1\nRUN sudo apt-get install -y --no-install-recommends «vim»\n");
    // DL3009
    row("DL3009 lists kept", "DL3009", I, "FROM a:1\nRUN «apt-get update» && apt-get install -y x\n");
    row("DL3009 lists removed", "DL3009", I,
        "FROM a:1\nRUN apt-get update && apt-get install -y x && rm -rf /var/lib/apt/lists/*\n");
    row("DL3009 builder", "DL3009", I, "FROM a:1 AS b\nRUN apt-get update\nFROM a:1\nCOPY --from=b / /\n");
    row("DL3009 cache mount", "DL3009", I,
        "FROM a:1\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update\n");
    row("DL3009 base stage", "DL3009", I, "FROM a:1 AS base\nRUN «apt-get update»\nFROM base\n");
    // DL3013
    row("DL3013 unpinned", "DL3013", W,
        "FROM a:1\nRUN pip install «flask» requests==2.0 && python3 -m pip install --no-cache-dir «numpy»\n");
    row("DL3013 pinned", "DL3013", W,
        "FROM a:1\nRUN pip install -r requirements.txt && pip install . && pip3 install 'x>=1' "
        "git+https://g/x@v1 ./a.whl -e ./src && pip install -c constraints.txt y\n");
    // DL3014
    row("DL3014 no -y", "DL3014", W, "FROM a:1\nRUN apt-get «install» curl\n");
    row("DL3014 yes", "DL3014", W,
        "FROM a:1\nRUN apt-get -qq install x && apt-get install --yes y && apt-get -y install z "
        "&& apt-get install --assume-yes w && apt-get -o APT::Get::Assume-Yes=true install v\n");
    // DL3015
    row("DL3015 recommends", "DL3015", I, "FROM a:1\nRUN apt-get -y «install» curl\n");
    row("DL3015 no recommends", "DL3015", I,
        "FROM a:1\nRUN apt-get install -y --no-install-recommends x && apt-get -o APT::Install-Recommends=false "
        "install -y y\n");
    // DL3016
    row("DL3016 unpinned", "DL3016", W,
        "FROM a:1\nRUN npm install -g «typescript» @types/node@20 && npm i «@scope/x» «git+https://x/y»\n");
    row("DL3016 pinned", "DL3016", W,
        "FROM a:1\nRUN npm install && npm ci && npm install ./local git+https://x/y#v1 express@4 x.tgz\n");
    // DL3018
    row("DL3018 unpinned", "DL3018", W, "FROM a:1\nRUN apk add --no-cache «curl» jq=1.7-r0 --virtual .deps «gcc»\n");
    row("DL3018 pinned", "DL3018", W, "FROM a:1\nRUN apk add --no-cache curl=8.5 jq~1.7 ./x.apk && apk del curl\n");
    // DL3019
    row("DL3019 cache", "DL3019", I, "FROM a:1\nRUN apk «add» curl=1\n");
    row("DL3019 no-cache", "DL3019", I, "FROM a:1\nRUN apk add --no-cache curl=1\n");
    row("DL3019 builder", "DL3019", I, "FROM a:1 AS b\nRUN apk add curl=1\nFROM a:1\n");
    row("DL3019 cache mount", "DL3019", I, "FROM a:1\nRUN --mount=type=cache,target=/var/cache/apk apk add curl=1\n");
    // DL3020
    row("DL3020 file", "DL3020", E, "FROM a:1\nADD «app.py» /app/\n");
    row("DL3020 archive and url", "DL3020", E,
        "FROM a:1\nADD https://x/y.tar.gz /tmp/\nADD rootfs.tar.xz /\nADD <<EOF /x\nhi\nEOF\n");
    // DL3021
    row("DL3021 no slash", "DL3021", E, "FROM a:1\nCOPY a b «/dest»\n");
    row("DL3021 slash", "DL3021", E,
        "FROM a:1\nCOPY a b /dest/\nCOPY a /dest\nCOPY [\"a\", \"b\", \"/d/\"]\nWORKDIR /w\nCOPY a b .\n");
    // DL3022
    row("DL3022 typo", "DL3022", W, "FROM a:1 AS build\nFROM a:1\nCOPY «--from=biuld» /x /x\n");
    row("DL3022 forward", "DL3022", W, "FROM a:1\nCOPY «--from=later» /x /x\nFROM a:1 AS later\n");
    row("DL3022 known", "DL3022", W,
        "FROM a:1 AS build\nFROM a:1\nCOPY --from=build /x /x\nCOPY --from=0 /x /x\nCOPY --from=nginx:alpine /x /x\n"
        "COPY --from=BUILD /x /x\n");
    // DL3023
    row("DL3023 own stage", "DL3023", E, "FROM a:1 AS app\nCOPY «--from=app» /x /y\n");
    row("DL3023 other stage", "DL3023", E, "FROM a:1 AS build\nFROM a:1 AS app\nCOPY --from=build /x /y\n");
    // DL3024
    row("DL3024 duplicate", "DL3024", E, "FROM a:1 AS x\nFROM a:1 AS «X»\n");
    row("DL3024 unique", "DL3024", E, "FROM a:1 AS x\nFROM a:1 AS y\n");
    // DL3025
    row("DL3025 shell form", "DL3025", W, "FROM a:1\nCMD «node server.js»\nENTRYPOINT «/bin/sh -c x»\n");
    row("DL3025 exec form", "DL3025", W, "FROM a:1\nCMD [\"node\", \"server.js\"]\nENTRYPOINT [\"/x\"]\n");
    // DL3027
    row("DL3027 apt", "DL3027", W, "FROM a:1\nRUN «apt» update && sudo «apt» install -y x\n");
    row("DL3027 apt-get", "DL3027", W, "FROM a:1\nRUN apt-get update && apt-cache policy x && echo apt\n");
    // DL3028
    row("DL3028 unpinned", "DL3028", W, "FROM a:1\nRUN gem install «rails» bundler:2.5\n");
    row("DL3028 pinned", "DL3028", W,
        "FROM a:1\nRUN gem install rails -v 7.1 && gem install bundler:2.5 && gem install --version=1 x\n");
    // DL3029
    row("DL3029 platform", "DL3029", W, "FROM «--platform=linux/amd64» a:1\n");
    row("DL3029 build platform", "DL3029", W,
        "FROM --platform=$BUILDPLATFORM a:1\nFROM --platform=${TARGETPLATFORM} a:1\nFROM a:1\n");
    // DL3042
    row("DL3042 cache", "DL3042", W, "FROM a:1\nRUN pip «install» flask==3\n");
    row("DL3042 no-cache-dir", "DL3042", W, "FROM a:1\nRUN pip install --no-cache-dir flask==3\n");
    row("DL3042 env", "DL3042", W, "FROM a:1\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask==3\n");
    row("DL3042 prefix", "DL3042", W, "FROM a:1\nRUN PIP_NO_CACHE_DIR=true pip install flask==3\n");
    row("DL3042 cache mount", "DL3042", W,
        "FROM a:1\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask==3\n");
    row("DL3042 builder", "DL3042", W, "FROM a:1 AS b\nRUN pip install flask==3\nFROM a:1\n");
    row("DL3042 inherited env", "DL3042", W,
        "FROM a:1 AS base\nENV PIP_NO_CACHE_DIR=on\nFROM base\nRUN pip install x==1\n");
    // DL3045
    row("DL3045 relative", "DL3045", W, "FROM a:1\nCOPY app «app»\n");
    row("DL3045 workdir", "DL3045", W, "FROM a:1\nCOPY a /app/\nWORKDIR /app\nCOPY b .\nCOPY c $D\n");
    row("DL3045 inherited workdir", "DL3045", W, "FROM a:1 AS base\nWORKDIR /app\nFROM base\nCOPY . .\n");
    row("DL3045 other stage's workdir", "DL3045", W, "FROM a:1 AS base\nWORKDIR /x\nFROM a:1\nCOPY . «.»\n");
    // DL3047
    row("DL3047 wget", "DL3047", W, "FROM a:1\nRUN «wget» https://x/y\n");
    row("DL3047 quiet", "DL3047", W,
        "FROM a:1\nRUN wget -q https://x && wget -nv y && wget --progress=dot:giga z && wget -qO- a | sh "
        "&& wget -O /x --quiet b\n");
    // DL3059: only in the shipped image.
    row("DL3059 consecutive", "DL3059", I, "FROM a:1\nRUN a\n«RUN» b\n«RUN» c\n");
    row("DL3059 comment between", "DL3059", I, "FROM a:1\nRUN a\n# comment\n«RUN» b\n");
    row("DL3059 separated", "DL3059", I, "FROM a:1\nRUN a\nENV X=1\nRUN b\n");
    row("DL3059 chains", "DL3059", I, "FROM a:1\nRUN a && b && c\nRUN d\n");
    row("DL3059 different flags", "DL3059", I, "FROM a:1\nRUN a\nRUN --mount=type=cache,target=/x b\n");
    row("DL3059 builder", "DL3059", I, "FROM a:1 AS b\nRUN a\nRUN b\nFROM a:1\nCOPY --from=b /x /x\n");
    row("DL3059 base stage", "DL3059", I, "FROM a:1 AS b\nRUN a\n«RUN» b\nFROM b\nRUN c\n");
    // DL3060
    row("DL3060 no clean", "DL3060", I, "FROM a:1\nRUN «yarn install»\n");
    row("DL3060 clean", "DL3060", I, "FROM a:1\nRUN yarn install && yarn cache clean\n");
    row("DL3060 builder", "DL3060", I, "FROM a:1 AS b\nRUN yarn install\nFROM a:1\nCOPY --from=b /x /x\n");
    // DL4000
    row("DL4000 maintainer", "DL4000", E, "FROM a:1\n«MAINTAINER» me\n");
    row("DL4000 label", "DL4000", E, "FROM a:1\nLABEL maintainer=me\n");
    // DL4001
    row("DL4001 both", "DL4001", W, "FROM a:1\nRUN curl -o x y\nRUN «wget» z\nRUN «curl» q\n");
    row("DL4001 per stage", "DL4001", W, "FROM a:1\nRUN curl x\nFROM a:1\nRUN wget y\n");
    // DL4003 / DL4004
    row("DL4003 two CMDs", "DL4003", W, "FROM a:1\nCMD [\"a\"]\n«CMD» [\"b\"]\n");
    row("DL4003 per stage", "DL4003", W, "FROM a:1\nCMD [\"a\"]\nFROM a:1\nCMD [\"b\"]\n");
    row("DL4004 two ENTRYPOINTs", "DL4004", E, "FROM a:1\nENTRYPOINT [\"a\"]\n«ENTRYPOINT» [\"b\"]\n");
    row("DL4004 per stage", "DL4004", E, "FROM a:1\nENTRYPOINT [\"a\"]\nFROM a:1\nENTRYPOINT [\"b\"]\n");
    // DL4006
    row("DL4006 pipe", "DL4006", W, "FROM a:1\nRUN wget -qO- x «|» sh\n");
    row("DL4006 shell pipefail", "DL4006", W,
        "FROM a:1\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN wget -qO- x | sh\n");
    row("DL4006 set pipefail", "DL4006", W, "FROM a:1\nRUN set -eo pipefail && wget -qO- x | sh\n");
    row("DL4006 no pipe", "DL4006", W, "FROM a:1\nRUN a || b && echo 'a | b' \"|\"\n");
    row("DL4006 inherited shell", "DL4006", W,
        "FROM a:1 AS base\nSHELL [\"/bin/bash\",\"-o\",\"pipefail\",\"-c\"]\nFROM base\nRUN a | b\n");
    row("DL4006 powershell", "DL4006", W, "FROM a:1\nSHELL [\"pwsh\", \"-c\"]\nRUN a | b\n");
    row("DL4006 new image", "DL4006", W,
        "FROM a:1\nSHELL [\"/bin/bash\",\"-o\",\"pipefail\",\"-c\"]\nFROM a:1\nRUN a «|» b\n");
    row("DL4006 windows image", "DL4006", W,
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir ^| findstr x\n");
    row("DL3003 powershell", "DL3003", W, "FROM a:1\nSHELL [\"powershell\", \"-Command\"]\nRUN cd C:\\; dir\n");
    row("DL3045 windows drive", "DL3045", W, "FROM a:1\nCOPY a C:\nCOPY b D:/x\n");
    row("DL4006 heredoc", "DL4006", W, "FROM a:1\nRUN <<EOF\nset -o pipefail\na | b\nEOF\nRUN <<EOF\nc «|» d\nEOF\n");
}

void TestLintHadolint::rules()
{
    QFETCH(QString, dockerfile);
    QFETCH(QString, rule);
    QFETCH(QString, severity);
    const Marked marked = unmark(dockerfile);
    const Findings findings = lintText(marked.text);
    const std::string id = rule.toStdString();
    std::vector<SourceRange> actual;
    for (const LintDiagnostic &d : findings.diagnostics) {
        QVERIFY2(findRule(d.rule) != nullptr, d.rule.c_str());
        QVERIFY(d.range.begin <= d.range.end && d.range.end <= marked.text.size());
        if (d.rule == id) {
            actual.push_back(d.range);
            QVERIFY(!d.message.empty());
            QVERIFY(d.stage >= 0);
        }
    }
    std::sort(actual.begin(), actual.end(),
        [](SourceRange a, SourceRange b) { return a.begin < b.begin || (a.begin == b.begin && a.end < b.end); });
    QCOMPARE(describe(marked.text, actual), describe(marked.text, marked.ranges));
    const RuleInfo *info = findRule(id);
    QVERIFY(info != nullptr);
    QCOMPARE(severityName(info->defaultSeverity), severity);
}

void TestLintHadolint::fixes_data()
{
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QString>("before");
    QTest::addColumn<QString>("after");
    auto row = [](const char *name, const char *rule, const char *before, const char *after) {
        QTest::newRow(name) << QString::fromUtf8(rule) << QString::fromUtf8(before) << QString::fromUtf8(after);
    };
    row("DL3009 append", "DL3009", "FROM a:1\nRUN apt-get update && apt-get install -y x=1 # why\n",
        "FROM a:1\nRUN apt-get update && apt-get install -y x=1 && rm -rf /var/lib/apt/lists/* # why\n");
    row("DL3009 continuation", "DL3009", "FROM a:1\nRUN apt-get update \\\n && apt-get install -y x=1\n",
        "FROM a:1\nRUN apt-get update \\\n && apt-get install -y x=1 && rm -rf /var/lib/apt/lists/*\n");
    row("DL3009 heredoc", "DL3009", "FROM a:1\nRUN <<EOF\napt-get update\napt-get install -y x\nEOF\n",
        "FROM a:1\nRUN <<EOF\napt-get update\napt-get install -y x\nrm -rf /var/lib/apt/lists/*\nEOF\n");
    row("DL3014", "DL3014", "FROM a:1\nRUN apt-get install x=1\n", "FROM a:1\nRUN apt-get install -y x=1\n");
    row("DL3015", "DL3015", "FROM a:1\nRUN apt-get install -y x=1\n",
        "FROM a:1\nRUN apt-get install --no-install-recommends -y x=1\n");
    row("DL3019", "DL3019", "FROM a:1\nRUN apk add curl=1\n", "FROM a:1\nRUN apk add --no-cache curl=1\n");
    row("DL3042", "DL3042", "FROM a:1\nRUN pip install x==1\n", "FROM a:1\nRUN pip install --no-cache-dir x==1\n");
    row("DL3042 exec", "DL3042", "FROM a:1\nRUN [\"pip\", \"install\", \"x==1\"]\n",
        "FROM a:1\nRUN [\"pip\", \"install\", \"--no-cache-dir\", \"x==1\"]\n");
    row("DL3042 sh -c", "DL3042", "FROM a:1\nRUN [\"sh\", \"-c\", \"pip install x==1\"]\n",
        "FROM a:1\nRUN [\"sh\", \"-c\", \"pip install --no-cache-dir x==1\"]\n");
    row("DL3047", "DL3047", "FROM a:1\nRUN wget https://x\n", "FROM a:1\nRUN wget --progress=dot:giga https://x\n");
    row("DL4006 bash", "DL4006", "FROM debian:12\n  RUN a | b\n",
        "FROM debian:12\n  SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n  RUN a | b\n");
    row("DL4006 alpine", "DL4006", "FROM alpine:3.20 AS base\nFROM base\nRUN a | b\n",
        "FROM alpine:3.20 AS base\nFROM base\nSHELL [\"/bin/ash\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\n");
}

void TestLintHadolint::fixes()
{
    QFETCH(QString, rule);
    QFETCH(QString, before);
    QFETCH(QString, after);
    const std::string text = before.toStdString();
    const Findings findings = lintText(text);
    const auto it = std::find_if(findings.diagnostics.begin(), findings.diagnostics.end(),
        [&](const LintDiagnostic &d) { return d.rule == rule.toStdString(); });
    QVERIFY(it != findings.diagnostics.end());
    QCOMPARE(it->fixes.size(), size_t(1));
    const std::string fixed = applyFix(text, it->fixes.front());
    QCOMPARE(QString::fromStdString(fixed), after);
    // The fix makes the finding go away.
    const Findings again = lintText(fixed);
    QVERIFY(std::none_of(again.diagnostics.begin(), again.diagnostics.end(),
        [&](const LintDiagnostic &d) { return d.rule == rule.toStdString(); }));
}

void TestLintHadolint::targetOption()
{
    // --target decides what ships: the `dev` stage's root USER matters only when it is built.
    const std::string text = "FROM a:1 AS dev\nUSER root\nRUN a\nRUN b\nFROM a:1 AS prod\nUSER app\n";
    auto count = [&](const BuildGraphOptions &options, std::string_view rule) {
        const Findings f = lintText(text, options);
        return std::count_if(
            f.diagnostics.begin(), f.diagnostics.end(), [&](const LintDiagnostic &d) { return d.rule == rule; });
    };
    QCOMPARE(count({}, "DL3002"), 0);
    QCOMPARE(count({}, "DL3059"), 0);
    BuildGraphOptions dev;
    dev.target = "dev";
    QCOMPARE(count(dev, "DL3002"), 1);
    QCOMPARE(count(dev, "DL3059"), 1);
}

// The per-command rules check each RUN text once (CommandCheckMemo): a RUN of the same text
// elsewhere must still get its own findings, from its own scope and stage, at its own place
// (and with fixes that edit it, not the first one).
void TestLintHadolint::sameRunText_data()
{
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QByteArray>("dockerfile");
    QTest::addColumn<QStringList>("expected"); // "line:col-line:col", then " => " and the fixed line
    auto row = [](const char *name, const char *rule, const char *text, const QStringList &expected) {
        QTest::newRow(name) << QString::fromUtf8(rule) << QByteArray(text) << expected;
    };
    // The memo records a text from its second RUN on: each row's Dockerfile is linted after a
    // stage whose RUN has the row's repeated text (the line that begins "RUN" last), so that
    // the RUNs of the row are recorded and replayed.
    row("PIP_NO_CACHE_DIR set first", "DL3042", R"(FROM python:3.12 AS a
ENV PIP_NO_CACHE_DIR=1
RUN pip install -r r.txt
FROM a
ENV PIP_NO_CACHE_DIR=0
  RUN pip install -r r.txt
)",
        {u"6:11-6:18 =>   RUN pip install --no-cache-dir -r r.txt"_s});
    row("PIP_NO_CACHE_DIR set later", "DL3042", R"(FROM python:3.12 AS a
RUN pip install -r r.txt
FROM a
ARG PIP_NO_CACHE_DIR=true
RUN pip install -r r.txt
FROM a
RUN pip install -r r.txt
)",
        {u"2:9-2:16 => RUN pip install --no-cache-dir -r r.txt"_s,
            u"7:9-7:16 => RUN pip install --no-cache-dir -r r.txt"_s});
    row("stage that does not ship", "DL3042", R"(FROM python:3.12 AS build
RUN pip install -r r.txt
FROM python:3.12
RUN pip install -r r.txt
)",
        {u"4:9-4:16 => RUN pip install --no-cache-dir -r r.txt"_s});
    row("ships only later", "DL3019", R"(FROM alpine:3.19 AS build
RUN apk add curl=8.5.0-r0
FROM alpine:3.19
RUN apk add curl=8.5.0-r0
)",
        {u"4:9-4:12 => RUN apk add --no-cache curl=8.5.0-r0"_s});
    row("each place", "DL3014", R"(FROM debian:12 AS a
RUN apt-get install curl=1
FROM debian:12 AS b
WORKDIR /b
    RUN apt-get install curl=1
RUN apt-get install curl=1
)",
        {u"2:13-2:20 => RUN apt-get install -y curl=1"_s, u"5:17-5:24 =>     RUN apt-get install -y curl=1"_s,
            u"6:13-6:20 => RUN apt-get install -y curl=1"_s});
    row("shell with pipefail", "DL4006", R"(FROM debian:12 AS a
RUN curl -s x | sh
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -s x | sh
FROM debian:12
RUN curl -s x | sh
)",
        {u"2:15-2:16 => SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]"_s,
            u"6:15-6:16 => SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]"_s});
    row("downloaders per stage", "DL4001", R"(FROM debian:12 AS a
RUN curl -o a http://a
RUN wget -q http://b
FROM debian:12
RUN wget -q http://b
RUN echo
)",
        {u"3:5-3:9"_s});
}

void TestLintHadolint::sameRunText()
{
    QFETCH(QString, rule);
    QFETCH(QByteArray, dockerfile);
    QFETCH(QStringList, expected);
    const std::string text = dockerfile.toStdString();
    const size_t lastRun = text.rfind("\nRUN ") + 1;
    const std::string prefix
        = "FROM scratch AS warmup\n" + text.substr(lastRun, text.find('\n', lastRun) + 1 - lastRun);
    const auto shift = static_cast<uint32_t>(prefix.size());
    const std::string whole = prefix + text;
    const Findings f = lintText(whole);
    QStringList actual;
    for (const LintDiagnostic &d : f.diagnostics) {
        if (d.rule != rule.toStdString() || d.range.begin < shift)
            continue;
        QString line = lineColumn(text, d.range.begin - shift) + u'-' + lineColumn(text, d.range.end - shift);
        if (!d.fixes.empty()) {
            const uint32_t at = d.fixes.front().edits.front().range.begin;
            line += u" => "_s + QString::fromStdString(lineAt(applyFix(whole, d.fixes.front()), at));
        }
        actual << line;
    }
    QCOMPARE(actual, expected);
}

void TestLintHadolint::corpus()
{
    const QDir dir(stagecraft::test::sharedPath(QStringLiteral("corpus/real")));
    STAGECRAFT_SKIP_WITHOUT_SHARED(dir.path());
    const QStringList files = dir.entryList({QStringLiteral("*.Dockerfile")}, QDir::Files, QDir::Name);
    if (files.isEmpty())
        QSKIP("the real-world corpus (../shared/corpus/real) is not available");
    const bool dump = qEnvironmentVariableIsSet("STAGECRAFT_DUMP_FINDINGS");
    std::map<std::string, int> perRule;
    for (const QString &name : files) {
        QFile file(dir.filePath(name));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        const std::string text(bytes.constData(), static_cast<size_t>(bytes.size()));
        const auto tree = parseDockerfile(text);
        const BuildGraph graph = buildGraph(*tree);
        const ScopeResolver scopes(*tree, graph);
        const BuildContextInfo context {};
        std::vector<LintDiagnostic> found;
        const LintContext ctx(
            *tree, graph, scopes, context, [&found](LintDiagnostic &&d) { found.push_back(std::move(d)); });
        hadolintRules().check(ctx);
        for (const LintDiagnostic &d : found) {
            QVERIFY2(findRule(d.rule) != nullptr, d.rule.c_str());
            QVERIFY2(d.range.begin <= d.range.end && d.range.end <= text.size(), qPrintable(name));
            for (const QuickFix &fix : d.fixes) {
                for (const TextEdit &edit : fix.edits)
                    QVERIFY(edit.range.begin <= edit.range.end && edit.range.end <= text.size());
            }
            ++perRule[d.rule];
            if (dump) {
                const Position at = tree->lines().positionAt(d.range.begin);
                qInfo().noquote() << QStringLiteral("%1:%2:%3 %4 [%5] %6")
                                         .arg(name)
                                         .arg(at.line)
                                         .arg(at.column)
                                         .arg(QString::fromStdString(d.rule))
                                         .arg(QString::fromStdString(
                                             text.substr(d.range.begin, std::min<uint32_t>(d.range.length(), 60))))
                                         .arg(QString::fromStdString(d.message).left(60));
            }
        }
    }
    QStringList summary;
    for (const auto &[rule, count] : perRule)
        summary << QStringLiteral("%1=%2").arg(QString::fromStdString(rule)).arg(count);
    qInfo().noquote() << files.size() << "files, findings per rule:" << summary.join(QLatin1Char(' '));
}

QTEST_GUILESS_MAIN(TestLintHadolint)
#include "test_lint_hadolint.moc"

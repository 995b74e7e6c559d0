// SPDX-License-Identifier: MIT
// The build graph: image references, ARG scoping and expansion, stage references the
// way dockerfile2llb resolves them, targets, reachability, waves, exports (JSON golden
// files, DOT through Graphviz, Mermaid) and the `stagecraft graph` command line.

#include "graph/build_graph.h"
#include "graph/graph_export.h"
#include "graph/image_reference.h"
#include "graph/run_mount.h"
#include "graph/stage_scope.h"
#include "syntax/syntax_tree.h"
#include "test_support.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace stagecraft;
using namespace stagecraft::test;
using namespace Qt::StringLiterals;

namespace {

struct Parsed {
    std::shared_ptr<const SyntaxTree> tree;
    BuildGraph graph;
};

// BuildArgs from "K=V" strings.
BuildGraphOptions optionsWith(const QString &target, const QStringList &buildArgs)
{
    BuildGraphOptions options;
    options.target = target.toStdString();
    for (const QString &arg : buildArgs) {
        const qsizetype equals = arg.indexOf(u'=');
        options.buildArgs.emplace_back(arg.left(equals).toStdString(), arg.mid(equals + 1).toStdString());
    }
    return options;
}

Parsed parse(const QByteArray &text, const BuildGraphOptions &options = {})
{
    Parsed parsed {parseDockerfile(text.toStdString()), {}};
    parsed.graph = buildGraph(*parsed.tree, options);
    return parsed;
}

// One line per stage: "index name base", the base as kind:resolved (stage bases by index).
QStringList stageLines(const BuildGraph &graph)
{
    QStringList lines;
    for (const Stage &stage : graph.stages()) {
        QString base = qs(baseKindName(stage.base.kind)) + u':';
        base += stage.base.kind == BaseKind::Stage ? QString::number(stage.base.stage) : qs(stage.base.resolved);
        lines << u"%1 %2 %3"_s.arg(stage.index).arg(stage.name.empty() ? u"-"_s : qs(stage.name), base);
    }
    return lines;
}

// One line per edge: "source->target kind", an image source as "image:ref".
QStringList edgeLines(const BuildGraph &graph)
{
    QStringList lines;
    for (const Edge &edge : graph.edges()) {
        const QString source = edge.source >= 0 ? QString::number(edge.source)
                                                : u"image:"_s + qs(graph.images()[size_t(edge.image)].ref);
        lines << u"%1->%2 %3"_s.arg(source).arg(edge.target).arg(qs(edgeKindName(edge.kind)));
    }
    return lines;
}

QStringList diagnosticCodes(const BuildGraph &graph)
{
    QStringList codes;
    for (const GraphDiagnostic &diagnostic : graph.diagnostics())
        codes << qs(diagnostic.code);
    return codes;
}

QList<int> reachableStages(const BuildGraph &graph)
{
    QList<int> out;
    for (const Stage &stage : graph.stages()) {
        if (graph.reachable(stage.index))
            out << stage.index;
    }
    return out;
}

QString dataPath(const QString &relative)
{
    return QStringLiteral(STAGECRAFT_TEST_DATA "/graph/") + relative;
}

const QByteArray diamond = "FROM alpine:3.19 AS builder\n"
                           "RUN make\n"
                           "FROM alpine:3.19 AS a\n"
                           "COPY --from=builder /out/a /a\n"
                           "FROM alpine:3.19 AS b\n"
                           "COPY --from=builder /out/b /b\n"
                           "FROM scratch AS final\n"
                           "COPY --from=a /a /a\n"
                           "COPY --from=b /b /b\n";

} // namespace

class TestBuildGraph : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void imageReference_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("canonical"); // empty when invalid
        QTest::addColumn<QString>("registry");
        QTest::addColumn<QString>("repository");
        QTest::addColumn<QString>("tag");
        QTest::addColumn<QString>("error");

        const QString sha = u"sha256:"_s + QString(64, u'a');
        QTest::newRow("familiar with tag") << u"node:20"_s << u"docker.io/library/node:20"_s << u"docker.io"_s
                                           << u"library/node"_s << u"20"_s << QString();
        QTest::newRow("latest by default") << u"ubuntu"_s << u"docker.io/library/ubuntu:latest"_s << u"docker.io"_s
                                           << u"library/ubuntu"_s << QString() << QString();
        QTest::newRow("user repository") << u"org/app"_s << u"docker.io/org/app:latest"_s << u"docker.io"_s
                                         << u"org/app"_s << QString() << QString();
        QTest::newRow("docker.io without library") << u"docker.io/node"_s << u"docker.io/library/node:latest"_s
                                                   << u"docker.io"_s << u"library/node"_s << QString() << QString();
        QTest::newRow("legacy index domain") << u"index.docker.io/library/node:20"_s << u"docker.io/library/node:20"_s
                                             << u"docker.io"_s << u"library/node"_s << u"20"_s << QString();
        QTest::newRow("registry with path") << u"ghcr.io/org/team/app:v1.2.3"_s << u"ghcr.io/org/team/app:v1.2.3"_s
                                            << u"ghcr.io"_s << u"org/team/app"_s << u"v1.2.3"_s << QString();
        QTest::newRow("registry with port") << u"localhost:5000/app"_s << u"localhost:5000/app:latest"_s
                                            << u"localhost:5000"_s << u"app"_s << QString() << QString();
        QTest::newRow("localhost") << u"localhost/app:1"_s << u"localhost/app:1"_s << u"localhost"_s << u"app"_s
                                   << u"1"_s << QString();
        QTest::newRow("ipv6 registry") << u"[::1]:5000/app:x"_s << u"[::1]:5000/app:x"_s << u"[::1]:5000"_s << u"app"_s
                                       << u"x"_s << QString();
        QTest::newRow("digest only") << u"node@"_s + sha << u"docker.io/library/node@"_s + sha << u"docker.io"_s
                                     << u"library/node"_s << QString() << QString();
        QTest::newRow("tag and digest") << u"node:20@"_s + sha << u"docker.io/library/node:20@"_s + sha
                                        << u"docker.io"_s << u"library/node"_s << u"20"_s << QString();
        QTest::newRow("separators") << u"a__b/c-d--e.f_g"_s << u"docker.io/a__b/c-d--e.f_g:latest"_s << u"docker.io"_s
                                    << u"a__b/c-d--e.f_g"_s << QString() << QString();
        QTest::newRow("upper-case first part is a domain")
            << u"Registry/app"_s << u"Registry/app:latest"_s << u"Registry"_s << u"app"_s << QString() << QString();
        QTest::newRow("upper-case repository")
            << u"Node:20"_s << QString() << QString() << QString() << QString() << u"must be lowercase"_s;
        QTest::newRow("empty") << QString() << QString() << QString() << QString() << QString()
                               << u"invalid reference format"_s;
        QTest::newRow("two tags") << u"a:b:c"_s << QString() << QString() << QString() << QString()
                                  << u"invalid reference format"_s;
        QTest::newRow("bad tag") << u"node:bad!"_s << QString() << QString() << QString() << QString()
                                 << u"invalid reference format"_s;
        QTest::newRow("triple underscore")
            << u"a___b"_s << QString() << QString() << QString() << QString() << u"invalid reference format"_s;
        QTest::newRow("identifier") << QString(64, u'f') << QString() << QString() << QString() << QString()
                                    << u"cannot specify 64-byte hexadecimal strings"_s;
        QTest::newRow("unknown digest algorithm") << u"node@md5:"_s + QString(32, u'a') << QString() << QString()
                                                  << QString() << QString() << u"unsupported digest algorithm"_s;
        QTest::newRow("short digest") << u"node@sha256:"_s + QString(40, u'a') << QString() << QString() << QString()
                                      << QString() << u"invalid checksum digest length"_s;
        QTest::newRow("tag too long") << u"node:"_s + QString(129, u'x') << QString() << QString() << QString()
                                      << QString() << u"invalid reference format"_s;
        QTest::newRow("variable left over")
            << u"alpine:"_s << QString() << QString() << QString() << QString() << u"invalid reference format"_s;
    }

    void imageReference()
    {
        QFETCH(QString, input);
        QFETCH(QString, canonical);
        QFETCH(QString, registry);
        QFETCH(QString, repository);
        QFETCH(QString, tag);
        QFETCH(QString, error);
        const ImageReference reference = parseImageReference(input.toStdString());
        if (!error.isEmpty()) {
            QVERIFY2(qs(reference.error).contains(error), reference.error.c_str());
            return;
        }
        QVERIFY2(reference.valid(), reference.error.c_str());
        QCOMPARE(qs(reference.canonical()), canonical);
        QCOMPARE(qs(reference.registry), registry);
        QCOMPARE(qs(reference.repository), repository);
        QCOMPARE(qs(reference.tag), tag);
    }

    void familiarName()
    {
        QCOMPARE(qs(parseImageReference("docker.io/library/node:20").familiar()), u"node:20"_s);
        QCOMPARE(qs(parseImageReference("org/app").familiar()), u"org/app"_s);
        QCOMPARE(qs(parseImageReference("ghcr.io/org/app:1").familiar()), u"ghcr.io/org/app:1"_s);
    }

    void runMount_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("error");

        QTest::newRow("cache") << u"type=cache,target=/root/.cache"_s << u"cache"_s << QString() << QString()
                               << u"/root/.cache"_s << QString();
        QTest::newRow("bind from stage") << u"type=bind,from=builder,source=/out,target=/in"_s << u"bind"_s
                                         << u"builder"_s << u"/out"_s << u"/in"_s << QString();
        QTest::newRow("default type, aliases, upper-case keys")
            << u"FROM=img:1,src=/a,dst=/b,ro"_s << u"bind"_s << u"img:1"_s << u"/a"_s << u"/b"_s << QString();
        QTest::newRow("quoted field") << u"type=bind,\"source=/a,b\",target=/c"_s << u"bind"_s << QString() << u"/a,b"_s
                                      << u"/c"_s << QString();
        QTest::newRow("variable in from") << u"type=bind,from=$STAGE,target=/x"_s << u"bind"_s << u"$STAGE"_s
                                          << QString() << u"/x"_s << u"'from' doesn't support variable expansion"_s;
        QTest::newRow("bare quote") << u"type=bind,sou\"rce=/a"_s << QString() << QString() << QString() << QString()
                                    << u"bare \" in non-quoted-field"_s;
        QTest::newRow("empty") << QString() << QString() << QString() << QString() << QString()
                               << u"failed to parse csv mounts"_s;
    }

    void runMount()
    {
        QFETCH(QString, value);
        QFETCH(QString, type);
        QFETCH(QString, from);
        QFETCH(QString, source);
        QFETCH(QString, target);
        QFETCH(QString, error);
        const RunMount mount = parseRunMount(value.toStdString());
        QVERIFY2(error.isEmpty() ? mount.error.empty() : qs(mount.error).contains(error), mount.error.c_str());
        if (!mount.error.empty() && type.isEmpty())
            return;
        QCOMPARE(qs(mount.type), type);
        QCOMPARE(qs(mount.from), from);
        QCOMPARE(qs(mount.source), source);
        QCOMPARE(qs(mount.target), target);
    }

    // The cheap tests that decide whether a --mount value is parsed at all: a miss would lose
    // an edge or a secret, so they must find the word in any case, anywhere in the value.
    void mountPrefilters_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("from");
        QTest::addColumn<bool>("secret");
        QTest::newRow("cache mount") << u"type=cache,target=/root/.cache"_s << false << false;
        QTest::newRow("from key") << u"type=bind,from=builder,target=/b"_s << true << false;
        QTest::newRow("upper-case key") << u"FROM=img:1,src=/a,dst=/b"_s << true << false;
        QTest::newRow("mixed case at the end") << u"target=/x,fRoM"_s << true << false;
        QTest::newRow("split word") << u"type=bind,source=/fr,target=/om"_s << false << false;
        QTest::newRow("almost") << u"type=bind,target=/fro"_s << false << false;
        QTest::newRow("secret type") << u"type=SECRET,id=token"_s << false << true;
        QTest::newRow("secret in a quoted field") << u"\"type=secret\",id=x"_s << false << true;
        QTest::newRow("neither letters nor case") << u"type=bind,target=/F@@M"_s << false << false;
        QTest::newRow("empty") << QString() << false << false;
    }

    void mountPrefilters()
    {
        QFETCH(QString, value);
        QFETCH(bool, from);
        QFETCH(bool, secret);
        QCOMPARE(mayHaveFromField(value.toStdString()), from);
        QCOMPARE(mayBeSecretMount(value.toStdString()), secret);
    }

    void stageBases_data()
    {
        QTest::addColumn<QByteArray>("dockerfile");
        QTest::addColumn<QStringList>("buildArgs");
        QTest::addColumn<QStringList>("stages");
        QTest::addColumn<QStringList>("diagnostics");

        QTest::newRow("global ARG used in FROM")
            << QByteArray("ARG BASE=alpine:3.19\nFROM ${BASE} AS a\n") << QStringList()
            << QStringList {u"0 a image:alpine:3.19"_s} << QStringList();
        QTest::newRow("default in FROM") << QByteArray("FROM ${IMAGE:-debian}:${TAG:-bookworm}\n") << QStringList()
                                         << QStringList {u"0 - image:debian:bookworm"_s} << QStringList();
        QTest::newRow("--build-arg changes the base")
            << QByteArray("ARG TAG=3.19\nFROM alpine:${TAG}\n") << QStringList {u"TAG=3.20"_s}
            << QStringList {u"0 - image:alpine:3.20"_s} << QStringList();
        QTest::newRow("--build-arg for an undeclared ARG is ignored")
            << QByteArray("FROM alpine:${TAG:-edge}\n") << QStringList {u"TAG=3.20"_s}
            << QStringList {u"0 - image:alpine:edge"_s} << QStringList();
        QTest::newRow("global ARG referring to an earlier one")
            << QByteArray("ARG A=alpine\nARG B=${A}:3\nFROM $B\n") << QStringList()
            << QStringList {u"0 - image:alpine:3"_s} << QStringList();
        QTest::newRow("automatic platform ARG")
            << QByteArray("FROM --platform=$BUILDPLATFORM img-$TARGETARCH\n") << QStringList()
            << QStringList {u"0 - image:img-amd64"_s} << QStringList();
        QTest::newRow("stage base, names lower-cased")
            << QByteArray("FROM alpine AS Builder\nFROM builder AS next\n") << QStringList()
            << QStringList {u"0 builder image:alpine"_s, u"1 next stage:0"_s} << QStringList();
        QTest::newRow("FROM matches only stages above")
            << QByteArray("FROM later AS first\nFROM alpine AS later\n") << QStringList()
            << QStringList {u"0 first image:later"_s, u"1 later image:alpine"_s} << QStringList();
        QTest::newRow("FROM is case-sensitive, unlike --from")
            << QByteArray("FROM alpine AS builder\nFROM Builder\n") << QStringList()
            << QStringList {u"0 builder image:alpine"_s, u"1 - invalid:Builder"_s}
            << QStringList {u"InvalidFromReference"_s};
        QTest::newRow("scratch") << QByteArray("FROM scratch\n") << QStringList()
                                 << QStringList {u"0 - scratch:scratch"_s} << QStringList();
        QTest::newRow("unset variable leaves an invalid reference")
            << QByteArray("FROM alpine:${TAG}\n") << QStringList() << QStringList {u"0 - invalid:alpine:"_s}
            << QStringList {u"InvalidFromReference"_s};
        QTest::newRow("blank base") << QByteArray("FROM ${NOTHING}\n") << QStringList()
                                    << QStringList {u"0 - invalid:"_s} << QStringList {u"InvalidFromReference"_s};
        QTest::newRow("expansion error") << QByteArray("FROM ${BROKEN\n") << QStringList()
                                         << QStringList {u"0 - invalid:"_s} << QStringList {u"InvalidFromReference"_s};
        QTest::newRow("stage ARG is not visible to FROM")
            << QByteArray("FROM alpine AS a\nARG X=busybox\nFROM ${X:-debian}\n") << QStringList()
            << QStringList {u"0 a image:alpine"_s, u"1 - image:debian"_s} << QStringList();
        QTest::newRow("bad stage name") << QByteArray("FROM alpine AS 1st\n") << QStringList()
                                        << QStringList {u"0 1st image:alpine"_s} << QStringList {u"InvalidStageName"_s};
        QTest::newRow("wrong argument count")
            << QByteArray("FROM alpine AS\n") << QStringList() << QStringList {u"0 - image:alpine"_s}
            << QStringList {u"FromArgumentCount"_s};
        QTest::newRow("instruction before FROM")
            << QByteArray("RUN x\nFROM alpine\n") << QStringList() << QStringList {u"0 - image:alpine"_s}
            << QStringList {u"NoBuildStage"_s};
        QTest::newRow("no stages") << QByteArray("ARG A=1\n") << QStringList() << QStringList()
                                   << QStringList {u"NoStages"_s};
    }

    void stageBases()
    {
        QFETCH(QByteArray, dockerfile);
        QFETCH(QStringList, buildArgs);
        QFETCH(QStringList, stages);
        QFETCH(QStringList, diagnostics);
        const Parsed parsed = parse(dockerfile, optionsWith({}, buildArgs));
        QCOMPARE(stageLines(parsed.graph), stages);
        QCOMPARE(diagnosticCodes(parsed.graph), diagnostics);
    }

    void stageReferences_data()
    {
        QTest::addColumn<QByteArray>("dockerfile");
        QTest::addColumn<QStringList>("edges");
        QTest::addColumn<QStringList>("diagnostics");

        QTest::newRow("stage by index") << QByteArray("FROM alpine\nRUN make\nFROM alpine\nCOPY --from=0 /a /a\n")
                                        << QStringList {u"0->1 copy"_s} << QStringList();
        QTest::newRow("names are case-insensitive")
            << QByteArray("FROM alpine AS Builder\nFROM alpine\nCOPY --from=BUILDER /a /a\n")
            << QStringList {u"0->1 copy"_s} << QStringList();
        QTest::newRow("external image") << QByteArray("FROM alpine AS app\nCOPY --from=nginx:alpine /etc/nginx /x\n")
                                        << QStringList {u"image:nginx:alpine->0 copy"_s} << QStringList();
        QTest::newRow("FROM edge then copies in order")
            << QByteArray("FROM alpine AS a\nFROM a AS b\nCOPY --from=a /x /x\nRUN --mount=from=a,target=/m true\n")
            << QStringList {u"0->1 from"_s, u"0->1 copy"_s, u"0->1 mount"_s} << QStringList();
        QTest::newRow("mount from an image")
            << QByteArray("FROM alpine\nRUN --mount=type=bind,from=busybox,target=/bb ls /bb\n")
            << QStringList {u"image:busybox->0 mount"_s} << QStringList();
        QTest::newRow("cache and tmpfs mounts are no edges")
            << QByteArray("FROM alpine AS a\nFROM alpine\nRUN --mount=type=cache,target=/c "
                          "--mount=type=tmpfs,from=a,target=/t true\n")
            << QStringList() << QStringList();
        QTest::newRow("mounts do not take an index")
            << QByteArray("FROM alpine\nFROM alpine\nRUN --mount=from=0,target=/x true\n")
            << QStringList {u"image:0->1 mount"_s} << QStringList();
        QTest::newRow("forward reference")
            << QByteArray("FROM alpine AS first\nCOPY --from=second /x /x\nFROM alpine AS second\n")
            << QStringList {u"1->0 copy"_s} << QStringList {u"ForwardStageReference"_s};
        QTest::newRow("cycle") << QByteArray(
            "FROM alpine AS a\nCOPY --from=b /x /x\nFROM alpine AS b\nCOPY --from=a /y /y\n")
                               << QStringList {u"1->0 copy"_s, u"0->1 copy"_s}
                               << QStringList {u"CircularDependency"_s, u"CircularDependency"_s};
        QTest::newRow("copy from itself") << QByteArray("FROM alpine AS a\nCOPY --from=a /x /y\n")
                                          << QStringList {u"0->0 copy"_s} << QStringList {u"CircularDependency"_s};
        QTest::newRow("index out of range") << QByteArray("FROM alpine\nCOPY --from=1 /x /x\n") << QStringList()
                                            << QStringList {u"StageIndexOutOfRange"_s};
        QTest::newRow("negative index") << QByteArray("FROM alpine\nCOPY --from=-1 /x /x\n") << QStringList()
                                        << QStringList {u"StageIndexOutOfRange"_s};
        QTest::newRow("variable in --from")
            << QByteArray("ARG S=a\nFROM alpine AS a\nFROM alpine\nCOPY --from=${S} /x /x\n") << QStringList()
            << QStringList {u"CopyFromVariable"_s};
        QTest::newRow("variable in mount from")
            << QByteArray("FROM alpine AS a\nFROM alpine\nRUN --mount=from=$S,target=/x true\n") << QStringList()
            << QStringList {u"MountFromVariable"_s};
        QTest::newRow("neither stage nor image")
            << QByteArray("FROM alpine AS builder\nFROM alpine\nCOPY --from=Builder2 /x /x\n")
            << QStringList {u"image:Builder2->1 copy"_s} << QStringList {u"InvalidImageReference"_s};
        QTest::newRow("unknown scratch is the empty image")
            << QByteArray("FROM alpine\nCOPY --from=scratch /x /x\n") << QStringList() << QStringList();
        QTest::newRow("duplicate names: the last wins for --from")
            << QByteArray("FROM alpine AS x\nFROM alpine AS x\nFROM alpine\nCOPY --from=x /a /a\n")
            << QStringList {u"1->2 copy"_s} << QStringList();
    }

    void stageReferences()
    {
        QFETCH(QByteArray, dockerfile);
        QFETCH(QStringList, edges);
        QFETCH(QStringList, diagnostics);
        const Parsed parsed = parse(dockerfile);
        QCOMPARE(edgeLines(parsed.graph), edges);
        QCOMPARE(diagnosticCodes(parsed.graph), diagnostics);
    }

    void diagnosticsAreAtTheReference()
    {
        const QByteArray text = "FROM alpine AS a\nCOPY --from=b /x /x\nFROM alpine AS b\nCOPY --from=a /y /y\n";
        const Parsed parsed = parse(text);
        QCOMPARE(parsed.graph.diagnostics().size(), size_t(2));
        const GraphDiagnostic &first = parsed.graph.diagnostics().front();
        QCOMPARE(first.severity, Severity::Error);
        QCOMPARE(qs(parsed.tree->text().substr(first.range.begin, first.range.length())), u"--from=b"_s);
        QVERIFY2(qs(first.message).startsWith(u"circular dependency detected on stage: a"_s), first.message.c_str());

        const Parsed variable = parse("FROM alpine AS a\nFROM alpine\nCOPY --from=$X /x /x\n");
        QCOMPARE(variable.graph.diagnostics().size(), size_t(1));
        QCOMPARE(qs(variable.graph.diagnostics()[0].message),
            u"variable expansion is not supported for --from, define a new stage with FROM using ARG from "
            "global scope as a workaround"_s);
        QCOMPARE(variable.tree->lines().positionAt(variable.graph.diagnostics()[0].range.begin), (Position {3, 6}));
    }

    void typoOfStageName()
    {
        const Parsed parsed = parse("FROM golang:1.22 AS builder\nRUN make\n"
                                    "FROM alpine\nCOPY --from=buidler /out /out\nCOPY --from=nginx:1.27 /etc /etc\n");
        QCOMPARE(parsed.graph.images().size(), size_t(2));
        const ExternalImage &typo = parsed.graph.images()[0];
        QCOMPARE(qs(typo.ref), u"buidler"_s);
        QVERIFY(!typo.looksLikeImage);
        QCOMPARE(typo.closestStage, 0);
        QCOMPARE(typo.distance, 2);
        QCOMPARE(typo.firstLine, 4);
        const ExternalImage &image = parsed.graph.images()[1];
        QVERIFY(image.looksLikeImage);
        QCOMPARE(qs(image.reference.canonical()), u"docker.io/library/nginx:1.27"_s);
        QVERIFY(image.distance > 2);
    }

    void forwardReferenceInSkippedStageIsAWarning()
    {
        const Parsed parsed = parse("FROM alpine AS unused\nCOPY --from=later /x /x\nFROM alpine AS later\n"
                                    "FROM alpine AS final\n");
        QCOMPARE(diagnosticCodes(parsed.graph), QStringList {u"ForwardStageReference"_s});
        QCOMPARE(parsed.graph.diagnostics()[0].severity, Severity::Warning);
    }

    void targets_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<int>("targetIndex");
        QTest::addColumn<QList<int>>("reachable");
        QTest::addColumn<QStringList>("diagnostics");

        QTest::newRow("default is the last stage") << QString() << 3 << QList<int> {0, 1, 2, 3} << QStringList();
        QTest::newRow("--target prunes") << u"a"_s << 1 << QList<int> {0, 1} << QStringList();
        QTest::newRow("--target is case-insensitive") << u"BUILDER"_s << 0 << QList<int> {0} << QStringList();
        QTest::newRow("unknown target falls back")
            << u"nope"_s << 3 << QList<int> {0, 1, 2, 3} << QStringList {u"UnknownTarget"_s};
    }

    void targets()
    {
        QFETCH(QString, target);
        QFETCH(int, targetIndex);
        QFETCH(QList<int>, reachable);
        QFETCH(QStringList, diagnostics);
        const Parsed parsed = parse(diamond, optionsWith(target, {}));
        QCOMPARE(parsed.graph.targetIndex(), targetIndex);
        QCOMPARE(reachableStages(parsed.graph), reachable);
        QCOMPARE(diagnosticCodes(parsed.graph), diagnostics);
    }

    void unknownTargetSuggestsAName()
    {
        const Parsed parsed = parse(diamond, optionsWith(u"buildr"_s, {}));
        QCOMPARE(parsed.graph.diagnostics().size(), size_t(1));
        QCOMPARE(qs(parsed.graph.diagnostics()[0].message),
            u"target stage \"buildr\" could not be found; did you mean \"builder\"?"_s);
    }

    void diamondWaves()
    {
        const Parsed parsed = parse(diamond);
        QCOMPARE(
            edgeLines(parsed.graph), (QStringList {u"0->1 copy"_s, u"0->2 copy"_s, u"1->3 copy"_s, u"2->3 copy"_s}));
        QCOMPARE(parsed.graph.wave(0), 0);
        QCOMPARE(parsed.graph.wave(1), 1);
        QCOMPARE(parsed.graph.wave(2), 1);
        QCOMPARE(parsed.graph.wave(3), 2);
        QCOMPARE(parsed.graph.waveCount(), 3);
        QCOMPARE(parsed.graph.criticalPath(), (std::vector<int> {0, 1, 3}));
        QCOMPARE(parsed.graph.edgesInto(3).size(), size_t(2));
        QCOMPARE(parsed.graph.stageOfInstruction(3), 1);
        QCOMPARE(parsed.graph.findStage("A"), 1);
    }

    void wavesSurviveCycles()
    {
        const Parsed parsed = parse("FROM alpine AS base\nFROM alpine AS a\nCOPY --from=b /x /x\nCOPY --from=base / /\n"
                                    "FROM alpine AS b\nCOPY --from=a /y /y\nFROM alpine AS final\nCOPY --from=b / /\n");
        QCOMPARE(parsed.graph.wave(0), 0);
        QCOMPARE(parsed.graph.wave(1), 1);
        QCOMPARE(parsed.graph.wave(3), 2);
        QVERIFY(!parsed.graph.criticalPath().empty());
        QCOMPARE(parsed.graph.criticalPath().back(), 3);
    }

    void argScope_data()
    {
        QTest::addColumn<QByteArray>("dockerfile");
        QTest::addColumn<QStringList>("buildArgs");
        QTest::addColumn<QString>("platform");
        QTest::addColumn<QString>("word"); // expanded in the scope of the last instruction
        QTest::addColumn<QString>("expected");

        QTest::newRow("global ARG is not visible in a stage")
            << QByteArray("ARG V=1\nFROM alpine\nRUN x\n") << QStringList() << QString() << u"[$V]"_s << u"[]"_s;
        QTest::newRow("ARG without value takes the global default")
            << QByteArray("ARG V=1\nFROM alpine\nARG V\nRUN x\n") << QStringList() << QString() << u"[$V]"_s
            << u"[1]"_s;
        QTest::newRow("stage default beats the global one")
            << QByteArray("ARG V=1\nFROM alpine\nARG V=2\nRUN x\n") << QStringList() << QString() << u"$V"_s << u"2"_s;
        QTest::newRow("--build-arg beats the stage default")
            << QByteArray("FROM alpine\nARG V=2\nRUN x\n") << QStringList {u"V=3"_s} << QString() << u"$V"_s << u"3"_s;
        QTest::newRow("--build-arg feeds a redeclared global")
            << QByteArray("ARG V=1\nFROM alpine\nARG V\nRUN x\n") << QStringList {u"V=9"_s} << QString() << u"$V"_s
            << u"9"_s;
        QTest::newRow("ARG default expands earlier variables")
            << QByteArray("FROM alpine\nENV A=x\nARG B=${A}y\nRUN z\n") << QStringList() << QString() << u"$B"_s
            << u"xy"_s;
        QTest::newRow("ENV shadows ARG") << QByteArray("FROM alpine\nARG V=arg\nENV V=env\nRUN x\n") << QStringList()
                                         << QString() << u"$V"_s << u"env"_s;
        QTest::newRow("ENV pairs expand in the scope before the instruction")
            << QByteArray("FROM alpine\nENV A=1\nENV A=2 B=$A\nRUN x\n") << QStringList() << QString() << u"$A$B"_s
            << u"21"_s;
        QTest::newRow("legacy ENV form") << QByteArray("FROM alpine\nENV GREETING hello world\nRUN x\n")
                                         << QStringList() << QString() << u"$GREETING"_s << u"hello world"_s;
        // ENV's pairs: plain words are split in place, anything else by BuildKit's word parser.
        QTest::newRow("ENV pairs split at tabs")
            << QByteArray("FROM alpine\nENV A=1\tB=2\nRUN x\n") << QStringList() << QString() << u"$A$B"_s << u"12"_s;
        QTest::newRow("quoted ENV value") << QByteArray("FROM alpine\nENV A=\"x y\" B=z\nRUN x\n") << QStringList()
                                          << QString() << u"$A-$B"_s << u"x y-z"_s;
        QTest::newRow("ENV word without = sets nothing")
            << QByteArray("FROM alpine\nENV A=1 B\nRUN x\n") << QStringList() << QString() << u"[$A]"_s << u"[]"_s;
        QTest::newRow("ENV name expanded")
            << QByteArray("FROM alpine\nARG N=K\nENV $N=v\nRUN x\n") << QStringList() << QString() << u"$K"_s << u"v"_s;
        QTest::newRow("a stage inherits its base stage's ENV and ARGs")
            << QByteArray("FROM alpine AS base\nENV E=env\nARG A=arg\nFROM base\nRUN x\n") << QStringList() << QString()
            << u"$E-$A"_s << u"env-arg"_s;
        QTest::newRow("an image base gives only PATH")
            << QByteArray("FROM alpine AS base\nENV E=env\nFROM alpine\nRUN x\n") << QStringList() << QString()
            << u"[$E]$PATH"_s << u"[]/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"_s;
        QTest::newRow("ENV extends PATH")
            << QByteArray("FROM alpine\nENV PATH=/opt/bin:$PATH\nRUN x\n") << QStringList() << QString() << u"$PATH"_s
            << u"/opt/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"_s;
        QTest::newRow("automatic ARGs need redeclaring")
            << QByteArray("FROM alpine\nARG TARGETARCH\nRUN x\n") << QStringList() << QString()
            << u"$TARGETARCH/$TARGETOS"_s << u"amd64/"_s;
        QTest::newRow("platform option") << QByteArray("FROM alpine\nARG TARGETPLATFORM\nARG TARGETVARIANT\nRUN x\n")
                                         << QStringList() << u"linux/arm/v7"_s << u"$TARGETPLATFORM $TARGETVARIANT"_s
                                         << u"linux/arm/v7 v7"_s;
        QTest::newRow("proxy args reach RUN but are not expanded")
            << QByteArray("FROM alpine\nRUN x\n") << QStringList {u"HTTP_PROXY=http://p:3128"_s} << QString()
            << u"[$HTTP_PROXY]"_s << u"[]"_s;
        QTest::newRow("default with ${VAR:-x}") << QByteArray("FROM alpine\nRUN x\n") << QStringList() << QString()
                                                << u"${MISSING:-fallback}"_s << u"fallback"_s;
        QTest::newRow("before the first FROM")
            << QByteArray("ARG A=1\nARG B=2\n") << QStringList() << QString() << u"$A$B"_s << u"1"_s;
    }

    void argScope()
    {
        QFETCH(QByteArray, dockerfile);
        QFETCH(QStringList, buildArgs);
        QFETCH(QString, platform);
        QFETCH(QString, word);
        QFETCH(QString, expected);
        BuildGraphOptions options = optionsWith({}, buildArgs);
        if (!platform.isEmpty())
            options.platform = platform.toStdString();
        const Parsed parsed = parse(dockerfile, options);
        const ScopeResolver scopes(*parsed.tree, parsed.graph);
        const int last = int(parsed.tree->instructions().size()) - 1;
        const ShellResult result = scopes.expand(last, word.toStdString());
        QVERIFY2(result.ok(), result.error.c_str());
        QCOMPARE(qs(result.word), expected);
    }

    void scopeVariables()
    {
        const Parsed parsed = parse("ARG V=1\nFROM alpine\nARG V\nARG UNSET\nENV E=e\nRUN x\n",
            optionsWith({}, {u"HTTPS_PROXY=http://proxy"_s}));
        const ScopeResolver scopes(*parsed.tree, parsed.graph);
        const VariableScope scope = scopes.scopeAt(5);
        const Variable *v = scope.find("V");
        QVERIFY(v);
        QCOMPARE(v->kind, VariableKind::Arg);
        QCOMPARE(qs(v->value), u"1"_s);
        QCOMPARE(v->instruction, 2);
        const Variable *unset = scope.find("UNSET");
        QVERIFY(unset && !unset->hasValue);
        QVERIFY(!scope.lookup("UNSET"));
        const Variable *proxy = scope.find("HTTPS_PROXY");
        QVERIFY(proxy && proxy->kind == VariableKind::Proxy && proxy->fromBuildArg);
        QCOMPARE(scope.find("E")->kind, VariableKind::Env);
        QCOMPARE(scope.find("PATH")->kind, VariableKind::ImageDefault);

        // The FROM line itself expands in the global scope.
        QVERIFY(scopes.scopeAt(1).find("TARGETPLATFORM"));
        QVERIFY(!scopes.scopeAt(1).find("E"));

        // Walking a stage with apply() gives what scopeAt() gives.
        VariableScope walked = scopes.stageStartScope(0);
        for (int i = 2; i < 5; ++i)
            scopes.apply(walked, i);
        QCOMPARE(walked.variables().size(), scope.variables().size());
        QCOMPARE(qs(*walked.lookup("E")), u"e"_s);
    }

    // The resolver keeps each stage's scopes for every walk that asks (BuildKit's checks, the
    // multi-stage walker, hadolint): each question must get the scope at that instruction, of
    // that stage, whatever was asked before.
    void stageScopes_data()
    {
        QTest::addColumn<QByteArray>("dockerfile");
        QTest::addColumn<int>("stage");
        QTest::addColumn<int>("instruction");
        QTest::addColumn<bool>("after");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("expected"); // null: not declared
        const QByteArray twice = "FROM alpine\nENV A=1\nRUN x\nENV A=2\nRUN y\n";
        QTest::newRow("before a later ENV") << twice << 0 << 2 << false << u"A"_s << u"1"_s;
        QTest::newRow("before the ENV that sets it") << twice << 0 << 1 << false << u"A"_s << QString();
        QTest::newRow("right after the ENV") << twice << 0 << 1 << true << u"A"_s << u"1"_s;
        QTest::newRow("after the second ENV") << twice << 0 << 3 << true << u"A"_s << u"2"_s;
        QTest::newRow("before the last instruction") << twice << 0 << 4 << false << u"A"_s << u"2"_s;
        const QByteArray sameText = "FROM alpine AS a\nARG V=1\nENV P=$V\nRUN x\nFROM alpine AS b\nARG V=2\n"
                                    "ENV P=$V\nRUN x\n";
        QTest::newRow("same ENV text, first stage") << sameText << 0 << 3 << false << u"P"_s << u"1"_s;
        QTest::newRow("same ENV text, other ARG value") << sameText << 1 << 7 << false << u"P"_s << u"2"_s;
        QTest::newRow("same ENV text, right after it") << sameText << 1 << 6 << true << u"P"_s << u"2"_s;
        const QByteArray sameName = "FROM alpine AS a\nARG N=X\nENV $N=1\nRUN x\nFROM alpine AS b\nARG N=Y\n"
                                    "ENV $N=1\nRUN x\n";
        QTest::newRow("same ENV text names another variable") << sameName << 1 << 7 << false << u"Y"_s << u"1"_s;
        QTest::newRow("same ENV text, the other name not declared")
            << sameName << 1 << 7 << false << u"X"_s << QString();
        const QByteArray based = "FROM alpine AS a\nENV A=1\nRUN x\nENV A=2\nFROM a\nRUN y\nENV A=3$A\nRUN z\n";
        QTest::newRow("a based stage starts from its base's end") << based << 1 << 5 << false << u"A"_s << u"2"_s;
        QTest::newRow("a based stage's ENV sees the base's end") << based << 1 << 7 << false << u"A"_s << u"32"_s;
        QTest::newRow("the base is not changed by the stage on it") << based << 0 << 3 << true << u"A"_s << u"2"_s;
    }

    void stageScopes()
    {
        QFETCH(QByteArray, dockerfile);
        QFETCH(int, stage);
        QFETCH(int, instruction);
        QFETCH(bool, after);
        QFETCH(QString, name);
        QFETCH(QString, expected);
        const Parsed parsed = parse(dockerfile);
        const ScopeResolver scopes(*parsed.tree, parsed.graph);
        // Ask about every instruction of every stage first, in the order walks do, then the row's.
        for (const Stage &each : parsed.graph.stages()) {
            for (int i = each.firstInstruction; i < each.endInstruction; ++i)
                (void)scopes.scopeBefore(each.index, i);
        }
        const VariableScope &scope
            = after ? scopes.scopeAfter(stage, instruction) : scopes.scopeBefore(stage, instruction);
        const std::optional<std::string> value = scope.lookup(name.toStdString());
        QCOMPARE(value.has_value(), !expected.isNull());
        if (value)
            QCOMPARE(qs(*value), expected);
        // scopeAt() answers the same for the instruction itself (after: for the next one).
        if (!after || instruction + 1 < parsed.graph.stages()[size_t(stage)].endInstruction) {
            const VariableScope copy = scopes.scopeAt(after ? instruction + 1 : instruction);
            QCOMPARE(copy.lookup(name.toStdString()), value);
        }
    }

    void inheritedScopeIsMarked()
    {
        const Parsed parsed = parse("FROM alpine AS base\nENV E=1\nFROM base\nENV F=2\nRUN x\n");
        const ScopeResolver scopes(*parsed.tree, parsed.graph);
        const VariableScope scope = scopes.scopeAt(4);
        QVERIFY(scope.find("E")->inherited);
        QVERIFY(!scope.find("F")->inherited);
        QCOMPARE(qs(scopes.stageEndScope(0).find("E")->value), u"1"_s);
    }

    void exampleGoInferenceServer()
    {
        const QByteArray text
            = readBytes(QStringLiteral(STAGECRAFT_SOURCE_DIR "/resources/examples/go-inference-server.Dockerfile"));
        QVERIFY(!text.isEmpty());
        const Parsed parsed = parse(text);
        QCOMPARE(stageLines(parsed.graph),
            (QStringList {u"0 builder image:golang:1.22-alpine"_s, u"1 - scratch:scratch"_s}));
        QCOMPARE(edgeLines(parsed.graph), (QStringList {u"0->1 copy"_s, u"0->1 copy"_s}));
        QCOMPARE(parsed.graph.targetIndex(), 1);
        QCOMPARE(reachableStages(parsed.graph), (QList<int> {0, 1}));
        QCOMPARE(parsed.graph.criticalPath(), (std::vector<int> {0, 1}));
        QCOMPARE(parsed.graph.stages()[0].startLine, 3);
        QCOMPARE(parsed.graph.stages()[0].endLine, 13);
        QCOMPARE(parsed.graph.stages()[1].startLine, 15);
        QCOMPARE(parsed.graph.stages()[1].instructions(*parsed.tree).size(), size_t(4));
        QCOMPARE(parsed.graph.stages()[1].instructions(*parsed.tree).front().kind, InstructionKind::From);
        QVERIFY(parsed.graph.diagnostics().empty());
        QCOMPARE(qs(parsed.graph.stages()[0].base.image.canonical()), u"docker.io/library/golang:1.22-alpine"_s);
    }

    void exampleNodejsInference()
    {
        const QByteArray text
            = readBytes(QStringLiteral(STAGECRAFT_SOURCE_DIR "/resources/examples/nodejs-inference.Dockerfile"));
        QVERIFY(!text.isEmpty());
        const Parsed parsed = parse(text);
        QCOMPARE(stageLines(parsed.graph),
            (QStringList {u"0 builder image:node:20-alpine"_s, u"1 runtime image:node:20-alpine"_s}));
        QCOMPARE(edgeLines(parsed.graph), (QStringList {u"0->1 copy"_s, u"0->1 copy"_s, u"0->1 copy"_s}));
        QCOMPARE(parsed.graph.targetIndex(), 1);
        QCOMPARE(parsed.graph.waveCount(), 2);
        QVERIFY(parsed.graph.diagnostics().empty());
        const Parsed builderOnly = parse(text, optionsWith(u"builder"_s, {}));
        QCOMPARE(reachableStages(builderOnly.graph), QList<int> {0});
    }

    void realCorpus()
    {
        const QString directory = sharedPath(u"corpus/real"_s);
        STAGECRAFT_SKIP_WITHOUT_SHARED(directory);
        int multiStage = 0;
        QDirIterator it(directory, {u"*.Dockerfile"_s}, QDir::Files);
        while (it.hasNext()) {
            const QString path = it.next();
            const Parsed parsed = parse(readBytes(path));
            const BuildGraph &graph = parsed.graph;
            if (graph.stages().size() > 1)
                ++multiStage;
            // Stages tile the instructions from the first FROM; edges point at real stages.
            for (const Stage &stage : graph.stages()) {
                QVERIFY2(stage.firstInstruction < stage.endInstruction, qPrintable(path));
                if (stage.index > 0)
                    QCOMPARE(graph.stages()[size_t(stage.index - 1)].endInstruction, stage.firstInstruction);
            }
            for (const Edge &edge : graph.edges()) {
                QVERIFY2(edge.target >= 0 && size_t(edge.target) < graph.stages().size(), qPrintable(path));
                QVERIFY2(edge.source >= 0 ? size_t(edge.source) < graph.stages().size()
                                          : edge.image >= 0 && size_t(edge.image) < graph.images().size(),
                    qPrintable(path));
            }
            if (!graph.stages().empty())
                QVERIFY2(graph.reachable(graph.targetIndex()), qPrintable(path));
            QVERIFY(!graphToJson(graph, *parsed.tree)
                    .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                    .empty());
            QVERIFY(graphToDot(graph).starts_with("digraph"));
            QVERIFY(graphToMermaid(graph).starts_with("flowchart"));
            const ScopeResolver scopes(*parsed.tree, graph);
            for (const Stage &stage : graph.stages())
                (void)scopes.stageEndScope(stage.index);
        }
        QVERIFY(multiStage > 0);
        qInfo("%d multi-stage files", multiStage);
    }

    void oddInputNeverCrashes_data()
    {
        QTest::addColumn<QByteArray>("dockerfile");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("FROM alone") << QByteArray("FROM\n");
        QTest::newRow("flags only") << QByteArray("FROM --platform=\nCOPY --from= a b\nRUN --mount= x\n");
        QTest::newRow("invalid utf8") << QByteArray("FROM \xff\xfe AS \xc3\x28\nCOPY --from=\xff a b\n");
        QTest::newRow("huge index") << QByteArray("FROM a\nCOPY --from=99999999999999999999999 a b\n");
        QTest::newRow("onbuild") << QByteArray("FROM a AS x\nONBUILD COPY --from=x a b\nFROM x\n");
        QTest::newRow("deep chain") << [] {
            QByteArray text = "FROM alpine AS s0\n";
            for (int i = 1; i < 400; ++i)
                text += "FROM s" + QByteArray::number(i - 1) + " AS s" + QByteArray::number(i) + "\nENV V"
                    + QByteArray::number(i) + "=$V" + QByteArray::number(i - 1) + "x\n";
            return text;
        }();
    }

    void oddInputNeverCrashes()
    {
        QFETCH(QByteArray, dockerfile);
        const Parsed parsed = parse(dockerfile);
        (void)graphToJson(parsed.graph, *parsed.tree).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        (void)graphToDot(parsed.graph);
        (void)graphToMermaid(parsed.graph);
        const ScopeResolver scopes(*parsed.tree, parsed.graph);
        for (int i = 0; i < int(parsed.tree->instructions().size()); i += 97)
            (void)scopes.scopeAt(i);
        if (!parsed.graph.stages().empty())
            (void)scopes.stageEndScope(int(parsed.graph.stages().size()) - 1);
    }

    void goldenExports_data()
    {
        QTest::addColumn<QString>("format");
        QTest::newRow("json") << u"json"_s;
        QTest::newRow("mermaid") << u"mermaid"_s;
        QTest::newRow("dot") << u"dot"_s;
    }

    void goldenExports()
    {
        QFETCH(QString, format);
        const Parsed parsed = parse(readBytes(dataPath(u"pipeline.Dockerfile"_s)));
        QVERIFY(parsed.graph.diagnostics().empty());
        QByteArray actual;
        if (format == u"json")
            actual = QByteArray::fromStdString(
                graphToJson(parsed.graph, *parsed.tree).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
                + '\n');
        else if (format == u"mermaid")
            actual = QByteArray::fromStdString(graphToMermaid(parsed.graph));
        else
            actual = QByteArray::fromStdString(graphToDot(parsed.graph));
        compareGolden(actual, dataPath(u"pipeline."_s + format));
    }

    void dotRendersWithGraphviz()
    {
        const QString dot = QStandardPaths::findExecutable(u"dot"_s);
        if (dot.isEmpty())
            QSKIP("Graphviz's dot is not on PATH");
        const QList<QByteArray> inputs {readBytes(dataPath(u"pipeline.Dockerfile"_s)), diamond,
            QByteArray("FROM alpine AS a\nCOPY --from=b /x /x\nFROM \"q\\\"uote\" AS b\n"
                       "COPY --from=a /y /y\nCOPY --from=\xff /z /z\n")};
        for (const QByteArray &input : inputs) {
            const Parsed parsed = parse(input);
            QProcess process;
            process.start(dot, {u"-Tsvg"_s});
            QVERIFY(process.waitForStarted());
            process.write(QByteArray::fromStdString(graphToDot(parsed.graph)));
            process.closeWriteChannel();
            QVERIFY(process.waitForFinished(60000));
            QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
            QVERIFY(process.readAllStandardOutput().contains("<svg"));
        }
    }

#ifdef STAGECRAFT_BINARY
    void commandLine_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("golden"); // compared with standard output when set
        QTest::addColumn<QString>("stderrPattern");

        const QString pipeline = dataPath(u"pipeline.Dockerfile"_s);
        QTest::newRow("json") << QStringList {u"graph"_s, pipeline} << QByteArray() << 0 << u"pipeline.json"_s
                              << QString();
        QTest::newRow("mermaid") << QStringList {u"graph"_s, u"--format"_s, u"mermaid"_s, pipeline} << QByteArray() << 0
                                 << u"pipeline.mermaid"_s << QString();
        QTest::newRow("dot from stdin") << QStringList {u"graph"_s, u"--format=dot"_s, u"-"_s} << readBytes(pipeline)
                                        << 0 << u"pipeline.dot"_s << QString();
        QTest::newRow("errors go to stderr, exit 1")
            << QStringList {u"graph"_s, u"--target"_s, u"nope"_s, u"-"_s} << QByteArray("FROM a\nCOPY --from=5 x y\n")
            << 1 << QString()
            << u"^<stdin>:1:1: error: target stage \"nope\" could not be found \\[UnknownTarget\\]\n"
               "<stdin>:2:6: error: invalid stage index 5 \\[StageIndexOutOfRange\\]\n$"_s;
        // Drawn by the editor's graph view (installed by main(); see test_stage_graph for the pictures).
        QTest::newRow("svg") << QStringList {u"graph"_s, u"--format"_s, u"svg"_s, pipeline} << QByteArray() << 0
                             << QString() << QString();
        QTest::newRow("png") << QStringList {u"graph"_s, u"--format=png"_s, pipeline} << QByteArray() << 0 << QString()
                             << QString();
        QTest::newRow("missing file") << QStringList {u"graph"_s, u"/nonexistent/Dockerfile"_s} << QByteArray() << 2
                                      << QString() << u"^stagecraft: cannot open [^\n]*\n$"_s;
        QTest::newRow("no file") << QStringList {u"graph"_s} << QByteArray() << 2 << QString()
                                 << u"^stagecraft graph: missing FILE[^\n]*\n$"_s;
        QTest::newRow("unknown option") << QStringList {u"graph"_s, u"--frob"_s, pipeline} << QByteArray() << 2
                                        << QString() << u"unknown option"_s;
        QTest::newRow("bad build-arg") << QStringList {u"graph"_s, u"--build-arg"_s, pipeline} << QByteArray() << 2
                                       << QString() << u"missing FILE|--build-arg"_s;
    }

    void commandLine()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, input);
        QFETCH(int, exitCode);
        QFETCH(QString, golden);
        QFETCH(QString, stderrPattern);
        const ProcessResult result = runStagecraft(arguments, input);
        QVERIFY2(result.exitCode == exitCode, result.err.constData());
        if (!golden.isEmpty())
            compareGolden(result.out, dataPath(golden));
        if (!stderrPattern.isEmpty())
            QVERIFY2(QRegularExpression(stderrPattern).match(QString::fromUtf8(result.err)).hasMatch(),
                result.err.constData());
        if (exitCode == 2)
            QVERIFY(result.out.isEmpty());
    }

    void outputFile()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString output = dir.filePath(u"graph.mmd"_s);
        const ProcessResult result = runStagecraft(
            {u"graph"_s, u"--format"_s, u"mermaid"_s, u"-o"_s, output, dataPath(u"pipeline.Dockerfile"_s)});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.out.isEmpty());
        QCOMPARE(readBytes(output), readBytes(dataPath(u"pipeline.mermaid"_s)));
    }
#endif
};

QTEST_GUILESS_MAIN(TestBuildGraph)
#include "test_build_graph.moc"

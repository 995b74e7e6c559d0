// SPDX-License-Identifier: MIT
// Image size estimation: reference normalisation and tag fallback in the base-image
// catalog, the dependency-closure arithmetic of the package table, .dockerignore semantics
// and the bounds of the context scan, the layer rule (deleting later still costs), the
// import of measured sizes, the two seed examples, `stagecraft size` golden output and the
// reference 9,000-line file.

#include "cli/command_line.h"
#include "graph/build_graph.h"
#include "lint/build_context.h"
#include "lint/linter.h"
#include "size/context_scan.h"
#include "size/history_import.h"
#include "size/image_catalog.h"
#include "size/layer_ledger.h"
#include "size/manifests.h"
#include "size/measurement_file.h"
#include "size/package_sizing.h"
#include "size/package_table.h"
#include "size/run_reading.h"
#include "size/size_estimate.h"
#include "size/size_heuristics.h"
#include "size/size_report.h"
#include "syntax/syntax_tree.h"
#include "test_support.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

using namespace stagecraft;
using namespace stagecraft::test;
using namespace Qt::StringLiterals;

namespace {

QString dataPath(const QString &relative)
{
    return QStringLiteral(STAGECRAFT_TEST_DATA "/size/") + relative;
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(content) == content.size();
}

// A file of `size` bytes (readable text, so a failing test shows something sensible).
QByteArray filler(qint64 size)
{
    QByteArray bytes(size, 'x');
    for (qint64 i = 79; i < size; i += 80)
        bytes[i] = '\n';
    return bytes;
}

struct Estimate {
    std::shared_ptr<const SyntaxTree> tree;
    BuildGraph graph;
    SizeReport report;
};

Estimate estimate(const QByteArray &dockerfile, const ContextScan *context = nullptr,
    const BuildGraphOptions &graphOptions = {}, SizeOptions options = {})
{
    Estimate result {parseDockerfile(dockerfile.toStdString()), {}, {}};
    result.graph = buildGraph(*result.tree, graphOptions);
    options.context = context;
    result.report = estimateSizes(*result.tree, result.graph, options);
    return result;
}

const LayerSize *layerAt(const StageSize &stage, int line)
{
    for (const LayerSize &layer : stage.layers) {
        if (layer.line == line)
            return &layer;
    }
    return nullptr;
}

const SizePart *partNamed(const LayerSize &layer, std::string_view prefix)
{
    for (const SizePart &part : layer.parts) {
        if (std::string_view(part.what).starts_with(prefix))
            return &part;
    }
    return nullptr;
}

int runCli(const QStringList &arguments, QByteArray &out, QByteArray &err, const QByteArray &input = {})
{
    std::istringstream in(input.toStdString());
    std::ostringstream o;
    std::ostringstream e;
    const int code = runCommandLine(arguments, in, o, e);
    out = QByteArray::fromStdString(o.str());
    err = QByteArray::fromStdString(e.str());
    return code;
}

// The Node.js service's build context: manifests, a lock file with production and dev
// packages, TypeScript sources and a local node_modules that .dockerignore excludes.
struct NodeContext {
    QTemporaryDir dir;
    qint64 production = 2500 + 800 + 5000; // express, accepts, zod
    qint64 development = 9000 + 4000 + 1000; // typescript, @types/node, undici-types
    qint64 sources = 3000 + 2000; // src/*.ts without the .d.ts
};

bool makeNodeContext(NodeContext &context)
{
    const QString root = context.dir.path() + u'/';
    const QByteArray lock = R"({
  "name": "inference", "version": "1.0.0", "lockfileVersion": 3, "requires": true,
  "packages": {
    "": {"name": "inference", "version": "1.0.0",
         "dependencies": {"express": "^4.19.2", "zod": "^3.23.8"},
         "devDependencies": {"@types/node": "^20.12.7", "typescript": "^5.4.5"}},
    "node_modules/@types/node": {"version": "20.12.7", "dev": true, "dependencies": {"undici-types": "~5.26.4"}},
    "node_modules/accepts": {"version": "1.3.8"},
    "node_modules/express": {"version": "4.19.2", "dependencies": {"accepts": "~1.3.8"}},
    "node_modules/typescript": {"version": "5.4.5", "dev": true},
    "node_modules/undici-types": {"version": "5.26.5", "dev": true},
    "node_modules/zod": {"version": "3.23.8"}
  }
}
)";
    return writeFile(root + u"package.json"_s,
               R"({"name": "inference", "version": "1.0.0", "scripts": {"build": "tsc"},
 "dependencies": {"express": "^4.19.2", "zod": "^3.23.8"},
 "devDependencies": {"typescript": "^5.4.5", "@types/node": "^20.12.7"}}
)") && writeFile(root + u"package-lock.json"_s, lock)
        && writeFile(root + u"tsconfig.json"_s,
            R"({"compilerOptions": {"outDir": "dist", "rootDir": "src", "sourceMap": false}})")
        && writeFile(root + u"src/server.ts"_s, filler(3000)) && writeFile(root + u"src/model.ts"_s, filler(2000))
        && writeFile(root + u"src/types.d.ts"_s, filler(500))
        && writeFile(root + u"node_modules/express/index.js"_s, filler(2200))
        && writeFile(root + u"node_modules/express/package.json"_s, filler(300))
        && writeFile(root + u"node_modules/accepts/index.js"_s, filler(800))
        && writeFile(root + u"node_modules/zod/lib/index.js"_s, filler(5000))
        && writeFile(root + u"node_modules/typescript/lib/tsc.js"_s, filler(9000))
        && writeFile(root + u"node_modules/@types/node/index.d.ts"_s, filler(4000))
        && writeFile(root + u"node_modules/undici-types/index.d.ts"_s, filler(1000))
        && writeFile(root + u"node_modules/.package-lock.json"_s, filler(100))
        && writeFile(root + u"README.md"_s, filler(700))
        && writeFile(root + u".dockerignore"_s, "node_modules\ndist\n*.md\n");
}

} // namespace

class TestSizeEstimate : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void referenceNormalisation_data();
    void referenceNormalisation();
    void tagFallback_data();
    void tagFallback();
    void fallbackTagOrder();
    void catalogFigures();
    void scratchAndUserSizes();
    void dependencyClosure_data();
    void dependencyClosure();
    void packageTableShipped();
    void aptInstallArithmetic();
    void variablesInRuns();
    void repeatedRuns_data();
    void repeatedRuns();
    void dockerignore_data();
    void dockerignore();
    void contextScanBounds();
    void contextScanSymlinks();
    void layerRule_data();
    void layerRule();
    void copyFromStage();
    void copyPaths_data();
    void copyPaths();
    void buildOutputs();
    void dockerSizes_data();
    void dockerSizes();
    void historyImport();
    void inspectImport();
    void measurementFile();
    void seedGoServer();
    void seedNodeRuntime();
    void manifests();
    void cliGolden_data();
    void cliGolden();
    void cliExitCodes_data();
    void cliExitCodes();
    void realDockerfiles();
    void shippedCatalogMatchesShared();
    void shippedPackageTableUpToDate();
    void referenceFile();
};

void TestSizeEstimate::referenceNormalisation_data()
{
    QTest::addColumn<QString>("reference");
    QTest::addColumn<QString>("entry"); // the catalog entry used; empty: unknown
    QTest::addColumn<bool>("fallback");

    const QString digest = u"sha256:"_s + QString(64, u'a');
    QTest::addRow("familiar") << u"node:20-alpine"_s << u"node:20-alpine"_s << false;
    QTest::addRow("library") << u"library/node:20-alpine"_s << u"node:20-alpine"_s << false;
    QTest::addRow("canonical") << u"docker.io/library/node:20-alpine"_s << u"node:20-alpine"_s << false;
    QTest::addRow("legacy index") << u"index.docker.io/library/node:20-alpine"_s << u"node:20-alpine"_s << false;
    QTest::addRow("tag and digest") << u"node:20-alpine@"_s + digest << u"node:20-alpine"_s << false;
    QTest::addRow("digest only") << u"node@"_s + digest << QString() << false;
    QTest::addRow("no tag is latest") << u"alpine"_s << u"alpine:latest"_s << false;
    QTest::addRow("alias") << u"debian:12-slim"_s << u"debian:12-slim"_s << false;
    QTest::addRow("other registry") << u"gcr.io/distroless/static"_s << u"gcr.io/distroless/static"_s << false;
    QTest::addRow("unknown image") << u"myorg/inference:1.4"_s << QString() << false;
    QTest::addRow("unknown registry image") << u"gcr.io/distroless/cc-debian12:nonroot"_s << QString() << false;
    QTest::addRow("invalid") << u"Node:20"_s << QString() << false;
}

void TestSizeEstimate::referenceNormalisation()
{
    QFETCH(QString, reference);
    QFETCH(QString, entry);
    QFETCH(bool, fallback);
    const ImageSize size = ImageCatalog::builtin().lookup(parseImageReference(reference.toStdString()), "linux/amd64");
    QCOMPARE(qs(size.entry), entry);
    QCOMPARE(size.fallback, fallback);
    QCOMPARE(size.figure.known(), !entry.isEmpty());
    if (entry.isEmpty()) {
        // No invented number: unknown, with a reason.
        QCOMPARE(size.figure.bytes, SizeFigure::unknownBytes);
        QVERIFY(!size.figure.note.empty());
    } else {
        QCOMPARE(size.figure.source, SizeSource::Catalog);
    }
    if (reference.contains(u'@') && !entry.isEmpty())
        QVERIFY(qs(size.figure.note).contains(u"digest"_s));
}

void TestSizeEstimate::tagFallback_data()
{
    QTest::addColumn<QString>("reference");
    QTest::addColumn<QString>("entry");

    QTest::addRow("minor version") << u"node:20.11-alpine"_s << u"node:20-alpine"_s;
    QTest::addRow("patch version") << u"node:20.11.1-alpine"_s << u"node:20-alpine"_s;
    QTest::addRow("alpine version") << u"golang:1.22.3-alpine3.19"_s << u"golang:1.22-alpine"_s;
    QTest::addRow("debian codename") << u"python:3.12-slim-bookworm"_s << u"python:3.12-slim"_s;
    QTest::addRow("codename and version") << u"rust:1.82-slim-bookworm"_s << u"rust:1-slim"_s;
    QTest::addRow("ubuntu codename") << u"eclipse-temurin:21-jre-noble"_s << u"eclipse-temurin:21-jre"_s;
    QTest::addRow("version inside") << u"maven:3.9-eclipse-temurin-21"_s << u"maven:3-eclipse-temurin-21"_s;
    QTest::addRow("plain version") << u"alpine:3.19.1"_s << u"alpine:3.19"_s;
}

void TestSizeEstimate::tagFallback()
{
    QFETCH(QString, reference);
    QFETCH(QString, entry);
    const ImageSize size = ImageCatalog::builtin().lookup(parseImageReference(reference.toStdString()), "linux/amd64");
    QCOMPARE(qs(size.entry), entry);
    QVERIFY(size.fallback);
    QVERIFY(size.figure.known());
    // The figure says it stands for another tag.
    QVERIFY2(qs(size.figure.note).contains(u"nearest known tag"_s), size.figure.note.c_str());
}

void TestSizeEstimate::fallbackTagOrder()
{
    const std::vector<std::string> tags = ImageCatalog::fallbackTags("20.11.1-alpine3.19");
    const std::vector<std::string> expected {
        "20.11.1-alpine", "20.11-alpine3.19", "20.11-alpine", "20-alpine3.19", "20-alpine"};
    QCOMPARE(tags, expected);
    QCOMPARE(ImageCatalog::fallbackTags("3.12-slim-bookworm"),
        (std::vector<std::string> {"3.12-slim", "3-slim-bookworm", "3-slim"}));
    QVERIFY(ImageCatalog::fallbackTags("latest").empty());
    QCOMPARE(ImageCatalog::fallbackTags("v3.1"), (std::vector<std::string> {"v3"}));
}

void TestSizeEstimate::catalogFigures()
{
    const ImageCatalog &catalog = ImageCatalog::builtin();
    QVERIFY(catalog.size() > 100);
    // The median uncompressed/compressed ratio of the images measured both ways.
    QVERIFY2(catalog.compressionFactor() > 2.3 && catalog.compressionFactor() < 2.9,
        qPrintable(QString::number(catalog.compressionFactor())));
    QVERIFY(catalog.compressionSamples() >= 5);

    // Recorded uncompressed size: exact.
    const ImageSize bookworm = catalog.lookup(parseImageReference("debian:bookworm"), "linux/amd64");
    QCOMPARE(bookworm.figure.bytes, qint64(116570000));
    QCOMPARE(bookworm.figure.low, bookworm.figure.high);
    QCOMPARE(bookworm.compressed, qint64(48497091));

    // Compressed only: × the median factor, range ×2 to ×3.5, and the note says so.
    const ImageSize node = catalog.lookup(parseImageReference("node:20-alpine"), "linux/amd64");
    QCOMPARE(node.figure.bytes, std::llround(48356157 * catalog.compressionFactor()));
    QCOMPARE(node.figure.low, qint64(48356157) * 2);
    QCOMPARE(node.figure.high, std::llround(48356157 * 3.5));
    QVERIFY(qs(node.figure.note).contains(u"compressed"_s));

    // arm64 without its own uncompressed size: amd64's, scaled by the compressed sizes.
    const ImageSize arm = catalog.lookup(parseImageReference("debian:bookworm"), "linux/arm64/v8");
    QCOMPARE(arm.architecture, std::string("arm64"));
    QCOMPARE(arm.figure.bytes, std::llround(116570000.0 * 48383380.0 / 48497091.0));

    // A platform the catalog lacks: amd64's figures with a wider range, said in the note.
    const ImageSize s390x = catalog.lookup(parseImageReference("debian:bookworm"), "linux/s390x");
    QCOMPARE(s390x.figure.bytes, qint64(116570000));
    QVERIFY(s390x.figure.low < s390x.figure.bytes && s390x.figure.high > s390x.figure.bytes);
    QVERIFY(qs(s390x.figure.note).contains(u"no s390x entry"_s));

    // Prose sizes ("~2 MiB") are used, as approximate.
    const ImageSize distroless
        = catalog.lookup(parseImageReference("gcr.io/distroless/static-debian13"), "linux/amd64");
    QCOMPARE(distroless.figure.bytes, qint64(2 * 1024 * 1024));
    QVERIFY(distroless.figure.low < distroless.figure.bytes);
}

void TestSizeEstimate::scratchAndUserSizes()
{
    const Estimate scratch = estimate("FROM scratch\nCOPY <<EOF /hello\nhello\nEOF\n");
    const StageSize &stage = scratch.report.stages.front();
    QCOMPARE(stage.base.figure.bytes, qint64(0));
    QCOMPARE(stage.base.figure.source, SizeSource::Catalog);
    QCOMPARE(stage.total.bytes, qint64(6)); // the heredoc's "hello\n"
    QVERIFY(stage.total.bounded());

    // An unknown image is unknown; the total is a lower bound...
    const QByteArray file = "FROM myorg/base:1\nRUN mkdir /data\n";
    const Estimate unknown = estimate(file);
    QVERIFY(!unknown.report.finalImage.bounded());
    QCOMPARE(unknown.report.stages.front().base.figure.source, SizeSource::Unknown);
    // ... until the user says how big it is (in any spelling of the reference).
    SizeOptions options;
    options.imageSizes = {{"docker.io/myorg/base:1", 120000000}};
    const Estimate known = estimate(file, nullptr, {}, options);
    QCOMPARE(known.report.stages.front().base.figure.source, SizeSource::User);
    QCOMPARE(known.report.finalImage.bytes, qint64(120000000));
    QVERIFY(known.report.finalImage.bounded());
}

void TestSizeEstimate::dependencyClosure_data()
{
    QTest::addColumn<QStringList>("installed"); // package names already present; "minbase": flags E and r
    QTest::addColumn<QStringList>("install");
    QTest::addColumn<QStringList>("added");
    QTest::addColumn<qint64>("kib");

    QTest::addRow("nothing installed") << QStringList() << QStringList {u"curl"_s}
                                       << QStringList {u"curl"_s, u"libcurl4"_s, u"libc6"_s, u"libgcc-s1"_s,
                                              u"libssl3"_s, u"mawk"_s}
                                       << qint64(500 + 800 + 10000 + 100 + 3000 + 200);
    QTest::addRow("minus the base") << QStringList {u"minbase"_s} << QStringList {u"curl"_s}
                                    << QStringList {u"curl"_s, u"libcurl4"_s, u"libssl3"_s} << qint64(500 + 800 + 3000);
    QTest::addRow("named twice") << QStringList {u"minbase"_s} << QStringList {u"curl"_s, u"curl"_s}
                                 << QStringList {u"curl"_s, u"libcurl4"_s, u"libssl3"_s} << qint64(4300);
    QTest::addRow("already there") << QStringList {u"minbase"_s, u"curl"_s} << QStringList {u"curl"_s} << QStringList()
                                   << qint64(0);
    QTest::addRow("virtual satisfied by an installed provider")
        << QStringList {u"gawk"_s, u"libc6"_s, u"libgcc-s1"_s} << QStringList {u"libcurl4"_s}
        << QStringList {u"libcurl4"_s, u"libssl3"_s} << qint64(3800);
    QTest::addRow("virtual: the required provider")
        << QStringList() << QStringList {u"awk"_s} << QStringList {u"mawk"_s, u"libc6"_s, u"libgcc-s1"_s}
        << qint64(200 + 10000 + 100);
    QTest::addRow("cycle") << QStringList() << QStringList {u"cyc-a"_s} << QStringList {u"cyc-a"_s, u"cyc-b"_s}
                           << qint64(30);
}

void TestSizeEstimate::dependencyClosure()
{
    QFETCH(QStringList, installed);
    QFETCH(QStringList, install);
    QFETCH(QStringList, added);
    QFETCH(qint64, kib);
    std::string error;
    const std::shared_ptr<PackageTable> table
        = PackageTable::fromText(readBytes(dataPath(u"packages-fixture.txt"_s)).toStdString(), &error);
    QVERIFY2(!table->empty(), error.c_str());
    QCOMPARE(table->packageCount(), 11);

    PackageSet present(static_cast<size_t>(table->packageCount()));
    for (const QString &name : installed) {
        if (name == u"minbase")
            present = table->prioritySet(PackageTable::Essential | PackageTable::Required);
        else
            present.insert(table->find(name.toStdString()));
    }
    std::vector<int> roots;
    for (const QString &name : install)
        roots.push_back(table->find(name.toStdString()));
    const std::vector<int> closure = table->closure(roots, present);
    QStringList names;
    for (int id : closure)
        names << qs(table->name(id));
    names.sort();
    added.sort();
    QCOMPARE(names, added);
    QCOMPARE(table->installedBytes(closure), kib * 1024);
}

void TestSizeEstimate::packageTableShipped()
{
    const PackageTable &table = PackageTable::debianBookworm();
    QVERIFY2(table.packageCount() > 60000, qPrintable(QString::number(table.packageCount())));
    QVERIFY(table.find("curl") >= 0);
    QVERIFY(table.find("build-essential") >= 0);
    QVERIFY(table.isVirtual(table.find("awk")));
    // Docker's Debian images are minbase roots: about 90 packages, about 120 MB installed
    // (the measured debian:bookworm is 116.6 MB), with usr-is-merged rather than usrmerge.
    const PackageSet minbase = table.prioritySet(PackageTable::Essential | PackageTable::Required);
    QVERIFY2(minbase.count() > 80 && minbase.count() < 110, qPrintable(QString::number(minbase.count())));
    QVERIFY(!minbase.contains(table.find("perl")));
    QVERIFY(minbase.contains(table.find("usr-is-merged")));
    std::vector<int> roots;
    for (int id = 0; id < table.packageCount(); ++id) {
        if (table.flags(id) & (PackageTable::Essential | PackageTable::Required))
            roots.push_back(id);
    }
    const int64_t bytes = table.installedBytes(table.closure(roots, PackageSet()));
    QVERIFY2(bytes > 100000000 && bytes < 140000000, qPrintable(QString::number(bytes)));

    // The disk factors are calibrated on the catalog's measured Debian images.
    PackageSizing sizing(ImageCatalog::builtin());
    QCOMPARE(sizing.diskFactor(false).estimate, 116570000.0 / static_cast<double>(bytes));
    QCOMPARE(sizing.diskFactor(true).estimate, 74830000.0 / static_cast<double>(bytes));
}

void TestSizeEstimate::aptInstallArithmetic()
{
    const Estimate result = estimate("FROM debian:bookworm-slim\n"
                                     "RUN apt-get update \\\n"
                                     " && apt-get install -y --no-install-recommends curl ca-certificates \\\n"
                                     " && rm -rf /var/lib/apt/lists/*\n");
    const StageSize &stage = result.report.stages.front();
    QCOMPARE(stage.layers.size(), size_t(1));
    const LayerSize &layer = stage.layers.front();
    QCOMPARE(layer.figure.source, SizeSource::Packages);
    QCOMPARE(layer.wasted, qint64(0));

    // The closure of curl and ca-certificates less minbase, at the slim factor.
    const PackageTable &table = PackageTable::debianBookworm();
    PackageSizing sizing(ImageCatalog::builtin());
    const PackageSet minbase = table.prioritySet(PackageTable::Essential | PackageTable::Required);
    const std::vector<int> roots {table.find("curl"), table.find("ca-certificates")};
    const std::vector<int> added = table.closure(roots, minbase);
    QVERIFY(added.size() > 10);
    int64_t expected = 0;
    for (int id : added)
        expected
            += std::llround(static_cast<double>(table.installedKib(id)) * 1024.0 * sizing.diskFactor(true).estimate);
    QCOMPARE(layer.figure.bytes, expected);
    // Never more than Installed-Size on a root without documentation.
    QVERIFY(layer.figure.high <= table.installedBytes(added));
    // The index files were deleted in the same RUN: they cost nothing.
    const SizePart *lists = partNamed(layer, "apt-get update");
    QVERIFY(lists);
    QCOMPARE(lists->figure.bytes, qint64(0));

    // A full image keeps the documentation: more bytes for the same packages.
    const Estimate full = estimate("FROM debian:bookworm\nRUN apt-get update && apt-get install -y "
                                   "--no-install-recommends curl ca-certificates && rm -rf /var/lib/apt/lists/*\n");
    QVERIFY(full.report.stages.front().layers.front().figure.bytes > layer.figure.bytes);

    // Without --no-install-recommends the upper bound doubles; unknown names stay unknown.
    const Estimate loose = estimate("FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl "
                                    "no-such-package-xyz\n");
    const LayerSize &looseLayer = loose.report.stages.front().layers.front();
    const SizePart *install = partNamed(looseLayer, "apt-get install curl");
    QVERIFY(install);
    QVERIFY(install->figure.high > 2 * install->figure.bytes - 2);
    const SizePart *missing = partNamed(looseLayer, "apt-get install no-such");
    QVERIFY(missing);
    QVERIFY(!missing->figure.known());
    QVERIFY(!loose.report.finalImage.bounded());

    // What an earlier stage installed is not installed again.
    const Estimate chained = estimate("FROM debian:bookworm-slim AS base\n"
                                      "RUN apt-get update && apt-get install -y --no-install-recommends curl\n"
                                      "FROM base\n"
                                      "RUN apt-get install -y --no-install-recommends curl libcurl4\n");
    QCOMPARE(chained.report.stages[1].layers.front().figure.bytes, qint64(0));

    // apt on Alpine fails: said, and not sized.
    const Estimate alpine = estimate("FROM alpine:3.19\nRUN apt-get install -y curl\n");
    QVERIFY(!alpine.report.stages.front().layers.front().figure.known());
    QVERIFY(!alpine.report.stages.front().notes.empty());
}

// A RUN's words are read once per text, its variables expanded in each stage at its place:
// the same RUN in two stages installs what each stage's variables say, and a variable set
// after a RUN does not reach back.
void TestSizeEstimate::variablesInRuns()
{
    const Estimate result = estimate("FROM debian:bookworm-slim AS base\n"
                                     "ARG DEPS=curl\n"
                                     "RUN apt-get install -y --no-install-recommends $DEPS\n"
                                     "ENV DEPS=wget\n"
                                     "FROM base\n"
                                     "RUN apt-get install -y --no-install-recommends $DEPS\n");
    QCOMPARE(result.report.stages.size(), size_t(2));
    const LayerSize &first = result.report.stages[0].layers.front();
    QVERIFY(partNamed(first, "apt-get install curl"));
    const LayerSize &second = result.report.stages[1].layers.front();
    QVERIFY(partNamed(second, "apt-get install wget"));
}

// A RUN text that repeats is analysed in full twice, and from then on replayed in every stage
// whose reads agree with a recorded analysis (run_layer_memo.h). Each row's file repeats `run`
// at each {X}; the last {X} is in the stage that differs from the others in one thing the RUN
// may read. The estimate must be the one of the same file in which the earlier RUNs are written
// differently (an extra blank), so that the last one is analysed from scratch.
void TestSizeEstimate::repeatedRuns_data()
{
    QTest::addColumn<QByteArray>("dockerfile");
    QTest::addColumn<QByteArray>("run");

    const QByteArray install = "apt-get update && apt-get install -y --no-install-recommends curl";
    QTest::addRow("same setting: replayed, then its lists deleted and curl installed again") << QByteArray(
        "FROM debian:bookworm-slim AS one\nRUN {X}\nFROM debian:bookworm-slim AS two\nRUN {X}\n"
        "FROM debian:bookworm-slim AS three\nRUN {X}\nRUN rm -rf /var/lib/apt/lists/*\n"
        "RUN apt-get install -y --no-install-recommends curl\n") << install;
    QTest::addRow("same setting: the reference file's RUN, lists deleted in it")
        << QByteArray("FROM debian:bookworm-slim AS one\nWORKDIR /a\nRUN {X}\nFROM debian:bookworm-slim AS two\n"
                      "WORKDIR /b\nRUN {X}\nFROM debian:bookworm-slim AS three\nWORKDIR /c\nRUN {X}\n")
        << QByteArray("--mount=type=cache,target=/root/.cache apt-get update && apt-get install -y "
                      "--no-install-recommends curl pkg0a && rm -rf /var/lib/apt/lists/*");
    QTest::addRow("same setting: its note replayed at its own line") << QByteArray(
        "FROM alpine:3.19 AS one\nRUN {X}\nFROM alpine:3.19 AS two\nRUN {X}\n"
        "FROM alpine:3.19 AS three\n\nRUN {X}\n") << install;
    QTest::addRow("another distribution")
        << QByteArray("FROM debian:bookworm-slim AS one\nRUN {X}\nFROM debian:bookworm-slim AS two\nRUN {X}\n"
                      "FROM alpine:3.19 AS three\nRUN {X}\n")
        << install;
    QTest::addRow("another image of the same distribution") << QByteArray(
        "FROM debian:bookworm-slim AS one\nRUN {X}\nFROM debian:bookworm-slim AS two\nRUN {X}\n"
        "FROM debian:bookworm AS three\nRUN {X}\n") << install;
    QTest::addRow("another package set")
        << QByteArray("FROM debian:bookworm-slim AS one\nRUN {X}\nFROM debian:bookworm-slim AS two\nRUN {X}\n"
                      "FROM debian:bookworm-slim AS three\nRUN apt-get update && apt-get install -y curl\nRUN {X}\n")
        << QByteArray("apt-get update && apt-get install -y --no-install-recommends curl wget");
    QTest::addRow("package lists there before")
        << QByteArray("FROM debian:bookworm-slim AS one\nRUN {X}\nFROM debian:bookworm-slim AS two\nRUN {X}\n"
                      "FROM debian:bookworm-slim AS three\nRUN apt-get update\nRUN {X}\n")
        << QByteArray("apt-get install -y --no-install-recommends curl");
    QTest::addRow("package lists not there before")
        << QByteArray("FROM debian:bookworm-slim AS one\nRUN apt-get update\nRUN {X}\n"
                      "FROM debian:bookworm-slim AS two\nRUN apt-get update\nRUN {X}\n"
                      "FROM debian:bookworm-slim AS three\nRUN {X}\n")
        << QByteArray("apt-get install -y --no-install-recommends curl");
    // In one and two the lists lie inside a copied /var/lib, which the rm leaves; in three the
    // rm deletes them: asked for after the rm, only three lacks them.
    QTest::addRow("lists removed before they are asked for")
        << QByteArray("FROM debian:bookworm-slim AS files\nRUN apt-get update\n"
                      "FROM debian:bookworm-slim AS one\nCOPY --from=files /var/lib /var/lib\nRUN {X}\n"
                      "FROM debian:bookworm-slim AS two\nCOPY --from=files /var/lib /var/lib\nRUN {X}\n"
                      "FROM debian:bookworm-slim AS three\nRUN apt-get update\nRUN {X}\n")
        << QByteArray("rm -rf /var/lib/apt/lists && apt-get install -y --no-install-recommends curl");
    QTest::addRow("relative path, another WORKDIR")
        << QByteArray("FROM node:20-alpine AS one\nWORKDIR /a\nRUN {X}\nFROM node:20-alpine AS two\nWORKDIR /a\n"
                      "RUN {X}\nFROM node:20-alpine AS three\nWORKDIR /b\nRUN {X}\nRUN rm -rf /b/node_modules\n")
        << QByteArray("npm install left-pad");
    QTest::addRow("absolute path, another WORKDIR: replayed")
        << QByteArray("FROM node:20-alpine AS one\nWORKDIR /a\nRUN {X}\nFROM node:20-alpine AS two\nWORKDIR /a\n"
                      "RUN {X}\nFROM node:20-alpine AS three\nWORKDIR /b\nRUN {X}\nRUN rm -rf /opt/x/node_modules\n")
        << QByteArray("npm install --prefix /opt/x left-pad");
    QTest::addRow("cd into a relative directory, another WORKDIR")
        << QByteArray("FROM node:20-alpine AS one\nWORKDIR /a\nRUN {X}\nFROM node:20-alpine AS two\nWORKDIR /a\n"
                      "RUN {X}\nFROM node:20-alpine AS three\nWORKDIR /b\nRUN {X}\nRUN rm -rf /b/sub/node_modules\n")
        << QByteArray("cd sub && npm install left-pad");
    QTest::addRow("cd into an absolute directory, another WORKDIR: replayed")
        << QByteArray("FROM node:20-alpine AS one\nWORKDIR /a\nRUN {X}\nFROM node:20-alpine AS two\nWORKDIR /a\n"
                      "RUN {X}\nFROM node:20-alpine AS three\nWORKDIR /b\nRUN {X}\nRUN rm -rf /opt/y/node_modules\n")
        << QByteArray("cd /opt/y && npm install left-pad");
    QTest::addRow("another variable value")
        << QByteArray("FROM debian:bookworm-slim AS one\nARG PKG=curl\nRUN {X}\n"
                      "FROM debian:bookworm-slim AS two\nARG PKG=curl\nRUN {X}\n"
                      "FROM debian:bookworm-slim AS three\nARG PKG=wget\nRUN {X}\n")
        << QByteArray("apt-get update && apt-get install -y --no-install-recommends $PKG");
    QTest::addRow("relative cache mount, another WORKDIR")
        << QByteArray("FROM debian:bookworm-slim AS one\nWORKDIR /var/lib/apt\nRUN {X}\n"
                      "FROM debian:bookworm-slim AS two\nWORKDIR /var/lib/apt\nRUN {X}\n"
                      "FROM debian:bookworm-slim AS three\nRUN {X}\n")
        << QByteArray("--mount=type=cache,target=lists apt-get update");
    QTest::addRow("cache mount at a variable")
        << QByteArray("FROM debian:bookworm-slim AS one\nARG LISTS=/var/lib/apt/lists\nRUN {X}\n"
                      "FROM debian:bookworm-slim AS two\nARG LISTS=/var/lib/apt/lists\nRUN {X}\n"
                      "FROM debian:bookworm-slim AS three\nARG LISTS=/cache\nRUN {X}\n")
        << QByteArray("--mount=type=cache,target=$LISTS apt-get update");
    QTest::addRow("an environment variable the command reads") << QByteArray(
        "FROM golang:1.22-alpine AS one\nENV GOCACHE=/tmp/go\nRUN {X}\n"
        "FROM golang:1.22-alpine AS two\nENV GOCACHE=/tmp/go\nRUN {X}\n"
        "FROM golang:1.22-alpine AS three\nRUN {X}\n") << QByteArray("go build -o /out/app .");
    QTest::addRow("a virtual environment on PATH")
        << QByteArray("FROM python:3.12-slim AS one\nRUN python -m venv /opt/venv\nENV PATH=/opt/venv/bin:$PATH\n"
                      "RUN {X}\nFROM python:3.12-slim AS two\nRUN python -m venv /opt/venv\n"
                      "ENV PATH=/opt/venv/bin:$PATH\nRUN {X}\nFROM python:3.12-slim AS three\nRUN {X}\n")
        << QByteArray("pip install --no-cache-dir flask==3.0.3");
    QTest::addRow("creates a virtual environment")
        << QByteArray("FROM python:3.12-slim AS one\nRUN {X}\nFROM python:3.12-slim AS two\nRUN {X}\n"
                      "FROM python:3.12-slim AS three\nRUN {X}\nRUN /opt/venv/bin/pip install --no-cache-dir flask\n")
        << QByteArray("python -m venv /opt/venv");
    QTest::addRow("a virtual environment's pip")
        << QByteArray("FROM python:3.12-slim AS one\nRUN python -m venv /opt/venv\nRUN {X}\n"
                      "FROM python:3.12-slim AS two\nRUN python -m venv /opt/venv\nRUN {X}\n"
                      "FROM python:3.12-slim AS three\nRUN {X}\n")
        << QByteArray("/opt/venv/bin/pip install --no-cache-dir flask==3.0.3");
}

void TestSizeEstimate::repeatedRuns()
{
    QFETCH(QByteArray, dockerfile);
    QFETCH(QByteArray, run);
    const QByteArray marker = "{X}";
    const qsizetype last = dockerfile.lastIndexOf(marker);
    QVERIFY(last > 0 && dockerfile.count(marker) >= 3);
    QByteArray repeated = dockerfile;
    repeated.replace(marker, run);
    QByteArray fresh = dockerfile.left(last);
    fresh.replace(marker, QByteArray(' ' + run));
    fresh += run + dockerfile.mid(last + marker.size());

    const Estimate replayed = estimate(repeated);
    const Estimate analysed = estimate(fresh);
    auto lines = [](const Estimate &estimate) {
        SizeReportInfo info;
        info.tree = estimate.tree.get();
        return qs(sizeReportToJson(estimate.report, info).dump(1)).split(u'\n');
    };
    const QStringList expected = lines(analysed);
    const QStringList actual = lines(replayed);
    // The first difference, with a few lines around it.
    for (qsizetype i = 0; i < std::min(actual.size(), expected.size()); ++i) {
        if (actual[i] != expected[i])
            QCOMPARE(actual.mid(i - 4, 8).join(u'\n'), expected.mid(i - 4, 8).join(u'\n'));
    }
    QCOMPARE(actual.size(), expected.size());
}

void TestSizeEstimate::dockerignore_data()
{
    QTest::addColumn<QStringList>("patterns");
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("excluded");

    // From moby/patternmatcher's own tests (TestMatches, TestPatternMatches*, TestWildcardMatches)
    // and ignorefile.ReadAll's cleaning, as MatchesOrParentMatches answers them.
    auto row = [](const char *name, QStringList patterns, const QString &path, bool excluded) {
        QTest::addRow("%s", name) << patterns << path << excluded;
    };
    row("star", {u"*"_s}, u"fileutils.go"_s, true);
    row("extension", {u"*.go"_s}, u"fileutils.go"_s, true);
    row("exception before", {u"!fileutils.go"_s, u"*.go"_s}, u"fileutils.go"_s, true);
    row("exception after", {u"*.go"_s, u"!fileutils.go"_s}, u"fileutils.go"_s, false);
    row("folder exception", {u"docs"_s, u"!docs/README.md"_s}, u"docs/README.md"_s, false);
    row("folder slash exception", {u"docs/"_s, u"!docs/README.md"_s}, u"docs/README.md"_s, false);
    row("folder star exception", {u"docs/*"_s, u"!docs/README.md"_s}, u"docs/README.md"_s, false);
    row("double star", {u"**"_s}, u"dir/file"_s, true);
    row("double star suffix", {u"dir/**"_s}, u"dir/dir2/file"_s, true);
    row("double star prefix dir", {u"**/dir"_s}, u"dir/file"_s, true);
    row("double star middle", {u"**/dir2/*"_s}, u"dir/dir2/file"_s, true);
    row("double star both", {u"**/dir2/**"_s}, u"dir/dir2/dir3/file"_s, true);
    row("double star glued", {u"**file"_s}, u"dir/file"_s, true);
    row("double star name star", {u"**/file*"_s}, u"dir/dir/file.txt"_s, true);
    row("double double star", {u"**/**/*.txt"_s}, u"file.txt"_s, true);
    row("double double star miss", {u"**/**/*.txt2"_s}, u"dir/dir/file.txt"_s, false);
    row("prefix double star", {u"a**/*.txt"_s}, u"a/dir/file.txt"_s, true);
    row("star stays in its element", {u"a/*.txt"_s}, u"a/dir/file.txt"_s, false);
    row("class", {u"a[b-d]e"_s}, u"ace"_s, true);
    row("class miss", {u"a[b-d]e"_s}, u"aae"_s, false);
    row("negated class", {u"a[^b-d]e"_s}, u"aze"_s, true);
    row("dot star", {u".*"_s}, u".foo"_s, true);
    row("dot star miss", {u".*"_s}, u"foo"_s, false);
    row("dot is literal", {u"abc.def"_s}, u"abcdef"_s, false);
    row("question", {u"abc?def"_s}, u"abcZdef"_s, true);
    row("deep suffix", {u"**/foo/bar"_s}, u"dir/dir2/foo/bar"_s, true);
    row("all below", {u"abc/**"_s}, u"abc/def/ghi"_s, true);
    row("hidden anywhere", {u"**/.foo"_s}, u".foo"_s, true);
    row("hidden is not a suffix", {u"**/.foo"_s}, u"bar.foo"_s, false);
    row("parentheses", {u"a(b)c/def"_s}, u"a(b)c/def"_s, true);
    row("regex characters", {u"dist/*.whl"_s}, u"dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl"_s, true);
    row("re-exclusion of a subtree", {u"**"_s, u"!util/docker/web"_s}, u"util/docker/web/foo"_s, false);
    row("order decides", {u"**"_s, u"!util/docker/web"_s, u"util/docker/web/foo"_s}, u"util/docker/web/foo"_s, true);
    row("leading slash", {u"/test2"_s}, u"test2"_s, true);
    row("leading dot slash", {u"./tmp"_s}, u"tmp/x"_s, true);
    row("comment line", {u"#foo"_s}, u"#foo"_s, false);
    row("parent by star", {u"a*"_s}, u"ab/c"_s, true);
    row("star does not cross", {u"a*/b"_s}, u"a/c/b"_s, false);
    row("directory", {u"node_modules"_s}, u"node_modules/x/index.js"_s, true);
    row("markdown but readme", {u"*.md"_s, u"!README.md"_s}, u"README.md"_s, false);
    row("markdown", {u"*.md"_s, u"!README.md"_s}, u"CHANGELOG.md"_s, true);
    row("spaces trimmed", {u"  *.log  "_s}, u"build.log"_s, true);
}

void TestSizeEstimate::dockerignore()
{
    QFETCH(QStringList, patterns);
    QFETCH(QString, path);
    QFETCH(bool, excluded);

    // Through a real scan: a context with the file, a neighbour and the .dockerignore.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(writeFile(dir.filePath(path), "content\n"));
    QVERIFY(writeFile(dir.filePath(u"keep-me.bin"_s), "kept\n"));
    QVERIFY(writeFile(dir.filePath(u".dockerignore"_s), patterns.join(u'\n').toUtf8() + '\n'));
    const ContextScan scan = scanContext(dir.path());
    QVERIFY(scan.complete());
    QVERIFY(scan.patternError().empty());
    const std::string name = path.toStdString();
    const bool listed = std::any_of(
        scan.files().begin(), scan.files().end(), [&](const ContextFile &file) { return file.path == name; });
    QCOMPARE(!listed, excluded);
    // The matcher agrees with the scan (the scan prunes excluded directories).
    QCOMPARE(DockerignoreMatcher(readDockerignore(patterns.join(u'\n').toStdString())).matchesOrParentMatches(name),
        excluded);
}

void TestSizeEstimate::contextScanBounds()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    for (int i = 0; i < 600; ++i)
        QVERIFY(writeFile(dir.filePath(u"many/file%1.txt"_s.arg(i)), filler(10)));
    NodeContext node;
    QVERIFY(makeNodeContext(node));

    // Complete: sizes, manifests, and the ignored node_modules measured per package.
    int progressCalls = 0;
    ContextScanOptions options;
    options.progress = [&](const ContextScanProgress &) { ++progressCalls; };
    const ContextScan full = scanContext(node.dir.path(), options);
    QCOMPARE(full.status(), ContextScan::Status::Complete);
    QVERIFY(progressCalls >= 1);
    QVERIFY(full.manifest("package-lock.json"));
    QVERIFY(!full.isFile("node_modules/zod/lib/index.js")); // excluded ...
    QCOMPARE(full.localPackages().at("node_modules/zod"), qint64(5000)); // ... but measured
    QCOMPARE(full.localPackages().at("node_modules/@types/node"), qint64(4000));
    QCOMPARE(full.localPackages().at("node_modules/express"), qint64(2500));
    QCOMPARE(full.bytesUnder("src"), qint64(5500));
    QVERIFY(full.isDirectory("src"));
    QCOMPARE(full.match("package*.json"), (std::vector<std::string> {"package-lock.json", "package.json"}));
    QCOMPARE(full.match("src/*.ts"), (std::vector<std::string> {"src/model.ts", "src/server.ts", "src/types.d.ts"}));

    // Bounded by file count ...
    options.maxFiles = 100;
    const ContextScan limited = scanContext(dir.path(), options);
    QCOMPARE(limited.status(), ContextScan::Status::FileLimit);
    QVERIFY(limited.files().size() <= 100);
    QVERIFY(!limited.complete());
    // ... by time ...
    options.maxFiles = 200000;
    options.maxMilliseconds = -1;
    QCOMPARE(scanContext(dir.path(), options).status(), ContextScan::Status::TimeLimit);
    // ... and cancellable from another thread (here: from the progress callback).
    std::atomic<bool> cancel {false};
    options.maxMilliseconds = 10000;
    options.cancel = &cancel;
    options.progress = [&](const ContextScanProgress &progress) {
        if (progress.files > 0)
            cancel = true;
    };
    const ContextScan cancelled = scanContext(dir.path(), options);
    QCOMPARE(cancelled.status(), ContextScan::Status::Cancelled);
    QVERIFY(cancelled.files().size() < 600);

    QVERIFY(!scanContext(dir.filePath(u"no-such-dir"_s)).present());
}

void TestSizeEstimate::contextScanSymlinks()
{
    QTemporaryDir outside;
    QTemporaryDir context;
    QVERIFY(outside.isValid() && context.isValid());
    QVERIFY(writeFile(outside.filePath(u"secret/big.bin"_s), filler(100000)));
    QVERIFY(writeFile(context.filePath(u"app.txt"_s), filler(100)));
    QVERIFY(QFile::link(outside.filePath(u"secret"_s), context.filePath(u"escape"_s)));
    QVERIFY(QFile::link(outside.filePath(u"secret/big.bin"_s), context.filePath(u"big.bin"_s)));
    QVERIFY(QFile::link(context.filePath(u"."_s), context.filePath(u"loop"_s)));
    const ContextScan scan = scanContext(context.path());
    QCOMPARE(scan.status(), ContextScan::Status::Complete);
    QCOMPARE(scan.symbolicLinks(), 3);
    // The links are files of the context (BuildKit sends them as links), nothing behind them is read.
    QCOMPARE(scan.totalBytes(), qint64(100));
    QVERIFY(scan.isFile("escape"));
    QVERIFY(!scan.isFile("escape/big.bin"));
    QCOMPARE(scan.files().size(), size_t(4));
}

void TestSizeEstimate::layerRule_data()
{
    QTest::addColumn<QByteArray>("dockerfile");
    QTest::addColumn<QStringList>("context"); // "path=bytes"
    QTest::addColumn<QList<qint64>>("bytes"); // per layer; -1: unknown
    QTest::addColumn<QList<qint64>>("wasted"); // per layer

    const qint64 lists = heuristics::aptListsDebian.bytes;
    QTest::addRow("index files deleted in the same RUN")
        << QByteArray("FROM debian:bookworm-slim\nRUN apt-get update && rm -rf /var/lib/apt/lists/*\n") << QStringList()
        << QList<qint64> {0} << QList<qint64> {0};
    QTest::addRow("index files deleted later")
        << QByteArray("FROM debian:bookworm-slim\nRUN apt-get update\nRUN rm -rf /var/lib/apt/lists/*\n")
        << QStringList() << QList<qint64> {lists, 0} << QList<qint64> {lists, 0};
    QTest::addRow("copied file deleted later")
        << QByteArray("FROM alpine:3.19\nCOPY big.bin /tmp/big.bin\nRUN rm /tmp/big.bin\n")
        << QStringList {u"big.bin=5000000"_s} << QList<qint64> {5000000, 0} << QList<qint64> {5000000, 0};
    QTest::addRow("copied directory partly deleted")
        << QByteArray("FROM alpine:3.19\nWORKDIR /app\nCOPY . .\nRUN rm -rf tests\n")
        << QStringList {u"src/a.c=3000"_s, u"tests/t.c=2000"_s} << QList<qint64> {5000, 0} << QList<qint64> {2000, 0};
    QTest::addRow("created and deleted in one RUN")
        << QByteArray("FROM python:3.12-slim\nRUN python -m venv /opt/venv && rm -rf /opt/venv\n") << QStringList()
        << QList<qint64> {0} << QList<qint64> {0};
    QTest::addRow("overwritten by a later COPY")
        << QByteArray("FROM alpine:3.19\nCOPY a.txt /x.txt\nCOPY b.txt /x.txt\n")
        << QStringList {u"a.txt=100"_s, u"b.txt=200"_s} << QList<qint64> {100, 200} << QList<qint64> {100, 0};
    QTest::addRow("chmod -R copies the files up")
        << QByteArray("FROM alpine:3.19\nCOPY app /app\nRUN chmod -R g+w /app\n")
        << QStringList {u"app/a=1000"_s, u"app/b=2000"_s} << QList<qint64> {3000, 3000} << QList<qint64> {3000, 0};
    QTest::addRow("chmod -R in the same RUN is free")
        << QByteArray("FROM alpine:3.19\nRUN python3 -m venv /opt/venv && chmod -R g+w /opt/venv\n") << QStringList()
        << QList<qint64> {heuristics::pythonVenv.bytes} << QList<qint64> {0};
    QTest::addRow("mv across layers") << QByteArray("FROM alpine:3.19\nCOPY a.txt /a.txt\nRUN mv /a.txt /b.txt\n")
                                      << QStringList {u"a.txt=100"_s} << QList<qint64> {100, 100}
                                      << QList<qint64> {100, 0};
    QTest::addRow("install and purge in one RUN")
        << QByteArray("FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends "
                      "curl && apt-get purge -y --auto-remove curl && rm -rf /var/lib/apt/lists/*\n")
        << QStringList() << QList<qint64> {0} << QList<qint64> {0};
    QTest::addRow("pip into a venv adds to it")
        << QByteArray("FROM python:3.12-slim\nRUN python -m venv /opt/venv\nENV PATH=/opt/venv/bin:$PATH\n"
                      "RUN pip install --no-cache-dir flask==3.0.3\n")
        << QStringList() << QList<qint64> {heuristics::pythonVenv.bytes, heuristics::pipPackage.bytes}
        << QList<qint64> {0, 0};
    QTest::addRow("pip cache kept out by --no-cache-dir")
        << QByteArray("FROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3.0.3\n") << QStringList()
        << QList<qint64> {heuristics::pipPackage.bytes} << QList<qint64> {0};
    QTest::addRow("a cache mount keeps the cache out")
        << QByteArray(
               "FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask==3.0.3\n")
        << QStringList() << QList<qint64> {heuristics::pipPackage.bytes} << QList<qint64> {0};
}

void TestSizeEstimate::layerRule()
{
    QFETCH(QByteArray, dockerfile);
    QFETCH(QStringList, context);
    QFETCH(QList<qint64>, bytes);
    QFETCH(QList<qint64>, wasted);
    QTemporaryDir dir;
    for (const QString &file : context) {
        const qsizetype equals = file.indexOf(u'=');
        QVERIFY(writeFile(dir.filePath(file.left(equals)), filler(file.mid(equals + 1).toLongLong())));
    }
    std::optional<ContextScan> scan;
    if (!context.isEmpty())
        scan = scanContext(dir.path());
    const Estimate result = estimate(dockerfile, scan ? &*scan : nullptr);
    const StageSize &stage = result.report.stages.back();
    QCOMPARE(stage.layers.size(), size_t(bytes.size()));
    qint64 total = stage.base.figure.bytes;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const LayerSize &layer = stage.layers[size_t(i)];
        QVERIFY2(layer.figure.bytes == bytes[i],
            qPrintable(u"layer %1 (%2): %3, expected %4; %5"_s.arg(i)
                    .arg(qs(instructionSummary(*result.tree, layer.instruction)))
                    .arg(layer.figure.bytes)
                    .arg(bytes[i])
                    .arg(qs(layer.note()))));
        QCOMPARE(layer.wasted, wasted[i]);
        total += layer.figure.bytes;
    }
    // Waste still counts: the stage is the sum of its layers.
    QCOMPARE(stage.total.bytes, total);
    QCOMPARE(stage.wasted, std::accumulate(wasted.begin(), wasted.end(), qint64(0)));
}

void TestSizeEstimate::copyFromStage()
{
    QTemporaryDir dir;
    QVERIFY(writeFile(dir.filePath(u"site/index.html"_s), filler(1000)));
    QVERIFY(writeFile(dir.filePath(u"site/app.js"_s), filler(4000)));
    const ContextScan scan = scanContext(dir.path());
    const Estimate result = estimate("FROM alpine:3.19 AS build\n"
                                     "WORKDIR /src\n"
                                     "COPY site ./site\n"
                                     "FROM scratch AS whole\n"
                                     "COPY --from=build / /\n"
                                     "FROM scratch AS part\n"
                                     "COPY --from=build /src/site/app.js /srv/\n"
                                     "COPY --from=build /src/site /srv/site\n"
                                     "COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\n"
                                     "COPY --from=build /opt/nothing /opt/\n",
        &scan);
    const SizeReport &report = result.report;
    // "/" is the whole stage, base image included.
    QCOMPARE(report.stages[1].layers.front().figure.bytes, report.stages[0].total.bytes);
    const StageSize &part = report.stages[2];
    QCOMPARE(part.layers[0].figure.bytes, qint64(4000));
    QCOMPARE(part.layers[0].figure.source, SizeSource::Stage);
    QCOMPARE(part.layers[1].figure.bytes, qint64(5000));
    QCOMPARE(part.layers[2].figure.bytes, heuristics::caCertificates.bytes);
    QCOMPARE(part.layers[2].figure.source, SizeSource::Heuristic);
    QVERIFY(!part.layers[3].figure.known());
    QVERIFY(qs(part.layers[3].note()).contains(u"nothing in stage build"_s));
}

// Where a COPY writes and which path a COPY --from reads, whether the path is taken as written
// (absolute and clean) or has to be joined to the WORKDIR, expanded or cleaned first. The last
// line of each file is a COPY --from whose figure tells where the earlier writes landed.
void TestSizeEstimate::copyPaths_data()
{
    QTest::addColumn<QByteArray>("dockerfile");
    QTest::addColumn<qint64>("bytes"); // of the last layer; -1: unknown
    QTest::addColumn<QString>("note"); // part of the last layer's note

    const QByteArray build = "FROM scratch AS build\n";
    const QByteArray probe = "FROM scratch\nCOPY --from=build ";
    QTest::addRow("absolute clean destination") << build + "COPY a.txt /opt/a.txt\n" + probe + "/opt/a.txt /p\n"
                                                << qint64(100) << u"from stage build"_s;
    QTest::addRow("absolute destination with trailing slashes: a file into the directory") << build
            + "COPY a.txt /opt//\n" + probe + "/opt/a.txt /p\n" << qint64(100) << u"from stage build"_s;
    QTest::addRow("absolute destination to clean") << build + "COPY a.txt /opt/./x/../y/b.txt\n" + probe
            + "/opt/y/b.txt /p\n" << qint64(100) << u"from stage build"_s;
    QTest::addRow("relative destination under WORKDIR") << build + "WORKDIR /srv\nCOPY a.txt b.txt\n" + probe
            + "/srv/b.txt /p\n" << qint64(100) << u"from stage build"_s;
    QTest::addRow("./ and a trailing slash under WORKDIR") << build + "WORKDIR /srv/app\nCOPY src/ ./src/\n" + probe
            + "/srv/app/src/c.txt /p\n" << qint64(200) << u"from stage build"_s;
    QTest::addRow("relative destination to clean") << build + "WORKDIR /srv\nCOPY a.txt ./x/../y/\n" + probe
            + "/srv/y/a.txt /p\n" << qint64(100) << u"from stage build"_s;
    QTest::addRow("destination . is the WORKDIR") << build + "WORKDIR /w\nCOPY a.txt .\n" + probe + "/w /p\n"
                                                  << qint64(100) << u"from stage build"_s;
    QTest::addRow("relative WORKDIR") << build + "WORKDIR /srv\nWORKDIR ./app/\nCOPY a.txt b.txt\n" + probe
            + "/srv/app/b.txt /p\n" << qint64(100)
                                      << u"from stage build"_s;
    QTest::addRow("destination from a variable") << build + "ARG DIR=/opt/v\nCOPY a.txt ${DIR}/\n" + probe
            + "/opt/v/a.txt /p\n" << qint64(100) << u"from stage build"_s;
    QTest::addRow("JSON form") << build + "COPY [\"a.txt\", \"/opt/j.txt\"]\n" + probe + "/opt/j.txt /p\n"
                               << qint64(100) << u"from stage build"_s;
    QTest::addRow("source to clean") << build + "COPY src/ /data/\n" + probe + "/data/./c.txt/ /p\n"
                                     << qint64(200) << u"from stage build"_s;
    QTest::addRow("source relative to /") << build + "COPY a.txt /opt/a.txt\n" + probe + "opt/a.txt /p\n"
                                          << qint64(100) << u"from stage build"_s;
    QTest::addRow("source from a variable")
        << build + "COPY a.txt /opt/a.txt\nFROM scratch\nARG F=/opt/a.txt\nCOPY --from=build ${F} /p\n"
        << qint64(100) << u"from stage build"_s;
    QTest::addRow("source / is the whole stage") << build + "COPY a.txt /opt/a.txt\n" + probe + "/ /p\n"
                                                 << qint64(100) << u"the whole of stage build"_s;
    QTest::addRow("source /. is the whole stage") << build + "COPY a.txt /opt/a.txt\n" + probe + "/. /p\n"
                                                  << qint64(100) << u"the whole of stage build"_s;
    QTest::addRow("a path nothing writes, named cleaned") << build + "COPY a.txt /opt/a.txt\n" + probe
            + "/opt/../other// /p\n" << qint64(-1) << u"nothing in stage build's estimate writes /other"_s;
    QTest::addRow("a file copied into a directory lands under its name") << build
            + "COPY a.txt /opt/a.txt\nFROM scratch AS mid\nCOPY --from=build /opt/a.txt /out/\n"
              "FROM scratch\nCOPY --from=mid /out/a.txt /p\n" << qint64(100)
                                                                         << u"from stage mid"_s;
    QTest::addRow("a file copied to a file path lands at that path") << build
            + "COPY a.txt /opt/a.txt\nFROM scratch AS mid\nCOPY --from=build /opt/a.txt /out\n"
              "FROM scratch\nCOPY --from=mid /out /p\n" << qint64(100)
                                                                     << u"from stage mid"_s;
}

void TestSizeEstimate::copyPaths()
{
    QFETCH(QByteArray, dockerfile);
    QFETCH(qint64, bytes);
    QFETCH(QString, note);
    QTemporaryDir dir;
    QVERIFY(writeFile(dir.filePath(u"a.txt"_s), filler(100)));
    QVERIFY(writeFile(dir.filePath(u"src/c.txt"_s), filler(200)));
    const ContextScan scan = scanContext(dir.path());
    const Estimate result = estimate(dockerfile, &scan);
    const LayerSize &last = result.report.stages.back().layers.back();
    QVERIFY2(last.figure.bytes == bytes,
        qPrintable(u"%1, expected %2; %3"_s.arg(last.figure.bytes).arg(bytes).arg(qs(last.note()))));
    QVERIFY2(qs(last.note()).contains(note), qPrintable(qs(last.note())));
}

void TestSizeEstimate::buildOutputs()
{
    // A cargo binary of unknown name is what `COPY --from` of any file in its directory gets,
    // and a rebuild in a later layer overwrites the first binary, not the whole target/.
    const Estimate cargo = estimate("FROM rust:1-slim AS build\n"
                                    "WORKDIR /src\n"
                                    "RUN --mount=type=cache,target=/usr/local/cargo/registry cargo build --release\n"
                                    "RUN --mount=type=cache,target=/usr/local/cargo/registry cargo build --release\n"
                                    "FROM gcr.io/distroless/cc-debian12\n"
                                    "COPY --from=build /src/target/release/app /app\n");
    const StageSize &build = cargo.report.stages[0];
    QCOMPARE(build.layers[0].figure.bytes, heuristics::cargoBinary.bytes + heuristics::cargoTarget.bytes);
    QCOMPARE(build.layers[0].wasted, heuristics::cargoBinary.bytes);
    QCOMPARE(build.layers[1].figure.bytes, heuristics::cargoBinary.bytes);
    const LayerSize &copied = cargo.report.stages[1].layers[0];
    QCOMPARE(copied.figure.bytes, heuristics::cargoBinary.bytes);
    QVERIFY(copied.figure.bounded());
    // The final image rests on an image the catalog does not know: a lower bound, said so.
    QVERIFY(!cargo.report.finalImage.bounded());
    QVERIFY(!cargo.report.stages[1].notes.empty());

    // pip into a venv on PATH; the venv is what COPY --from takes.
    const Estimate venv = estimate("FROM python:3.12-slim AS build\n"
                                   "RUN python -m venv /opt/venv\n"
                                   "ENV PATH=\"/opt/venv/bin:$PATH\"\n"
                                   "RUN pip install --no-cache-dir fastapi uvicorn\n"
                                   "FROM python:3.12-slim\n"
                                   "COPY --from=build /opt/venv /opt/venv\n");
    const SizePart *install = partNamed(venv.report.stages[0].layers[1], "pip install into /opt/venv");
    QVERIFY(install);
    // Two unpinned requirements: × 3 for their dependencies.
    QCOMPARE(install->figure.bytes, 2 * 3 * heuristics::pipPackage.bytes);
    QCOMPARE(venv.report.stages[1].layers[0].figure.bytes, heuristics::pythonVenv.bytes + install->figure.bytes);
}

void TestSizeEstimate::dockerSizes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<qint64>("bytes");
    QTest::addColumn<qint64>("low");
    QTest::addColumn<qint64>("high");

    QTest::addRow("zero") << u"0B"_s << true << qint64(0) << qint64(0) << qint64(0);
    QTest::addRow("bytes") << u"512B"_s << true << qint64(512) << qint64(512) << qint64(512);
    QTest::addRow("kilobytes") << u"1.05kB"_s << true << qint64(1050) << qint64(1045) << qint64(1055);
    QTest::addRow("megabytes") << u"12.3MB"_s << true << qint64(12300000) << qint64(12250000) << qint64(12350000);
    QTest::addRow("three digits") << u"123MB"_s << true << qint64(123000000) << qint64(122500000) << qint64(123500000);
    QTest::addRow("gigabytes") << u"1.2GB"_s << true << qint64(1200000000) << qint64(1195000000) << qint64(1205000000);
    QTest::addRow("raw bytes") << u"123456"_s << true << qint64(123456) << qint64(123456) << qint64(123456);
    QTest::addRow("binary units") << u"2MiB"_s << true << qint64(2097152) << qint64(2091909) << qint64(2102395);
    QTest::addRow("garbage") << u"twelve"_s << false << qint64(0) << qint64(0) << qint64(0);
    QTest::addRow("unknown unit") << u"12XB"_s << false << qint64(0) << qint64(0) << qint64(0);
}

void TestSizeEstimate::dockerSizes()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(qint64, bytes);
    QFETCH(qint64, low);
    QFETCH(qint64, high);
    int64_t b = 0;
    int64_t l = 0;
    int64_t h = 0;
    QCOMPARE(parseDockerSize(text.toStdString(), b, l, h), valid);
    if (!valid)
        return;
    QCOMPARE(b, bytes);
    QCOMPARE(l, low);
    QCOMPARE(h, high);
}

void TestSizeEstimate::historyImport()
{
    std::string error;
    const std::optional<Measurement> measurement
        = parseMeasurement(readBytes(dataPath(u"node-history.jsonl"_s)).toStdString(), &error);
    QVERIFY2(measurement, error.c_str());
    QCOMPARE(measurement->kind, Measurement::Kind::History);
    QCOMPARE(measurement->layers.size(), size_t(17));
    QCOMPARE(measurement->layers.front().size, std::string("8.31MB")); // oldest first

    QCOMPARE(parseCreatedBy("RUN |2 A=1 B=2 /bin/sh -c make install # buildkit").text, std::string("make install"));
    QCOMPARE(parseCreatedBy("/bin/sh -c #(nop)  WORKDIR /app").kind, InstructionKind::Workdir);
    QCOMPARE(parseCreatedBy("/bin/sh -c apt-get update").kind, InstructionKind::Run);

    Estimate result = estimate(readBytes(dataPath(u"nodejs-runtime-fixed.Dockerfile"_s)));
    const int matched = attachMeasurement(result.report, *measurement, *result.tree, result.graph);
    QCOMPARE(matched, 8); // WORKDIR, ENV, COPY, RUN, COPY --from, USER, EXPOSE, CMD
    const StageSize &runtime = result.report.stages[1];
    const LayerSize *install = layerAt(runtime, 14);
    QVERIFY(install);
    QCOMPARE(install->figure.source, SizeSource::Measured);
    QCOMPARE(install->figure.bytes, qint64(3370000));
    QCOMPARE(install->figure.low, qint64(3365000));
    QCOMPARE(install->figure.high, qint64(3375000));
    QVERIFY(install->estimate); // the estimate stays beside the measurement
    QCOMPARE(install->estimate->source, SizeSource::Unknown); // no context: the lock file is not known
    const LayerSize *dist = layerAt(runtime, 15);
    QVERIFY(dist);
    QCOMPARE(dist->figure.bytes, qint64(41200));
    // Everything below the file's first instruction is node:20-alpine.
    QCOMPARE(runtime.base.figure.source, SizeSource::Measured);
    QCOMPARE(runtime.base.figure.bytes, qint64(8310000 + 123000000 + 5340000 + 388));
    QVERIFY(runtime.base.estimate);
    QCOMPARE(runtime.base.estimate->source, SizeSource::Catalog);
    // The estimate's range holds the measured base.
    QVERIFY(runtime.base.estimate->low <= runtime.base.figure.bytes);
    QVERIFY(runtime.base.estimate->high >= runtime.base.figure.bytes);
    QVERIFY(runtime.measured);
    QCOMPARE(runtime.measured->bytes, qint64(8310000 + 123000000 + 5340000 + 388 + 28700 + 3370000 + 41200));
    QCOMPARE(result.report.measuredLayers, 8);

    QVERIFY(!parseMeasurement("IMAGE CREATED CREATED BY SIZE\n", &error));
    QVERIFY(!error.empty());
}

void TestSizeEstimate::inspectImport()
{
    std::string error;
    const std::optional<Measurement> measurement
        = parseMeasurement(readBytes(dataPath(u"node-inspect.json"_s)).toStdString(), &error);
    QVERIFY2(measurement, error.c_str());
    QCOMPARE(measurement->kind, Measurement::Kind::Inspect);
    QCOMPARE(measurement->totalBytes, qint64(140081223));
    QCOMPARE(measurement->image, std::string("inference:fixed"));
    Estimate result = estimate(readBytes(dataPath(u"nodejs-runtime-fixed.Dockerfile"_s)));
    QCOMPARE(attachMeasurement(result.report, *measurement, *result.tree, result.graph), 0);
    QVERIFY(result.report.stages[1].measured);
    QCOMPARE(result.report.stages[1].measured->bytes, qint64(140081223));
    QCOMPARE(result.report.measurement, std::string("docker image inspect"));
}

void TestSizeEstimate::measurementFile()
{
    std::string error;
    const std::optional<Measurement> history = readMeasurementFile(dataPath(u"node-history.jsonl"_s), &error);
    QVERIFY2(history, error.c_str());
    QCOMPARE(history->layers.size(), size_t(17));

    // The reason, without the file's name: the editor names it.
    QVERIFY(!readMeasurementFile(dataPath(u"missing.jsonl"_s), &error));
    QVERIFY2(error.starts_with("cannot open the file: ") && error.find("missing") == std::string::npos, error.c_str());
    QVERIFY(!readMeasurementFile(dataPath(u"nodejs-runtime-fixed.Dockerfile"_s), &error));
    QVERIFY2(error.starts_with("line 1: not `docker history"), error.c_str());
}

void TestSizeEstimate::seedGoServer()
{
    // The Go server on scratch: the binary (a go build heuristic) plus the CA certificates.
    const QByteArray dockerfile
        = readBytes(QStringLiteral(STAGECRAFT_SOURCE_DIR "/resources/examples/go-inference-server.Dockerfile"));
    QVERIFY(!dockerfile.isEmpty());
    const ContextScan scan = scanContext(dataPath(u"go-context"_s));
    QVERIFY(scan.complete());
    const Estimate result = estimate(dockerfile, &scan);
    const SizeReport &report = result.report;
    QCOMPARE(report.target, 1);
    const StageSize &builder = report.stages[0];
    const StageSize &runtime = report.stages[1];
    QCOMPARE(runtime.base.figure.bytes, qint64(0));

    const LayerSize *build = layerAt(builder, 10);
    QVERIFY(build);
    const SizePart *binary = partNamed(*build, "go build");
    QVERIFY(binary);
    QCOMPARE(binary->figure.source, SizeSource::Heuristic);
    // 4 MB + 6 modules of go.sum × 350 kB, × 0.7 for -ldflags "-s -w".
    QCOMPARE(binary->figure.bytes, std::llround((4000000 + 6 * 350000) * 0.7));

    QCOMPARE(runtime.layers.size(), size_t(2));
    const LayerSize &certificates = runtime.layers[0];
    QCOMPARE(certificates.figure.source, SizeSource::Heuristic);
    QCOMPARE(certificates.figure.bytes, heuristics::caCertificates.bytes);
    QVERIFY(qs(certificates.note()).contains(u"certificate"_s));
    const LayerSize &server = runtime.layers[1];
    QCOMPARE(server.figure.source, SizeSource::Stage);
    QCOMPARE(server.figure.bytes, binary->figure.bytes);
    QCOMPARE(report.finalImage.bytes, binary->figure.bytes + heuristics::caCertificates.bytes);
    QCOMPARE(report.finalImage.low, binary->figure.low + heuristics::caCertificates.low);
    QCOMPARE(report.finalImage.high, binary->figure.high + heuristics::caCertificates.high);

    // The builder copied go.mod and go.sum twice: the first copies are waste.
    QCOMPARE(builder.layers[0].wasted, qint64(163 + 1040));
    // COPY . . sends what .dockerignore leaves: not README.md.
    QCOMPARE(layerAt(builder, 9)->figure.bytes, qint64(51 + 163 + 1040 + 310));

    // Without a context the binary is a typical service's, still labelled.
    const Estimate bare = estimate(dockerfile);
    QCOMPARE(bare.report.finalImage.bytes,
        std::llround(heuristics::goBinaryUnknown.bytes * heuristics::goStripped) + heuristics::caCertificates.bytes);
}

void TestSizeEstimate::seedNodeRuntime()
{
    NodeContext context;
    QVERIFY(makeNodeContext(context));
    const ContextScan scan = scanContext(context.dir.path());
    QVERIFY(scan.complete());
    const qint64 packageJson = QFileInfo(context.dir.filePath(u"package.json"_s)).size();
    const qint64 lock = QFileInfo(context.dir.filePath(u"package-lock.json"_s)).size();
    const double base = std::llround(48356157 * ImageCatalog::builtin().compressionFactor());

    // The corrected file: node:20-alpine plus its production dependencies, the manifests
    // and the compiled output.
    const Estimate fixed = estimate(readBytes(dataPath(u"nodejs-runtime-fixed.Dockerfile"_s)), &scan);
    const StageSize &runtime = fixed.report.stages[1];
    QCOMPARE(runtime.base.figure.bytes, qint64(base));
    const LayerSize *install = layerAt(runtime, 14);
    QVERIFY(install);
    QCOMPARE(install->figure.source, SizeSource::Context);
    QCOMPARE(install->figure.bytes, context.production); // the npm cache was cleaned in the same RUN
    QCOMPARE(fixed.report.finalImage.bytes, qint64(base) + packageJson + lock + context.production + context.sources);
    QVERIFY(fixed.report.finalImage.bounded());

    // The seed as written: the runtime's own `npm ci` has no package.json to install from (the
    // build stops there), and the builder's node_modules, dev dependencies included, is copied.
    const QByteArray seed
        = readBytes(QStringLiteral(STAGECRAFT_SOURCE_DIR "/resources/examples/nodejs-inference.Dockerfile"));
    const Estimate written = estimate(seed, &scan);
    const StageSize &builder = written.report.stages[0];
    const StageSize &seedRuntime = written.report.stages[1];
    const LayerSize *ci = layerAt(seedRuntime, 13);
    QVERIFY(ci);
    QCOMPARE(ci->figure.bytes, qint64(0));
    QVERIFY(std::any_of(seedRuntime.notes.begin(), seedRuntime.notes.end(),
        [](const std::string &note) { return note.find("npm ci fails") != std::string::npos; }));
    const SizePart *builderInstall = partNamed(*layerAt(builder, 5), "npm ci");
    QVERIFY(builderInstall);
    QCOMPARE(builderInstall->figure.bytes, context.production + context.development);
    QCOMPARE(layerAt(seedRuntime, 15)->figure.bytes, context.production + context.development);
    QCOMPARE(layerAt(seedRuntime, 14)->figure.bytes, context.sources);
    QCOMPARE(layerAt(seedRuntime, 16)->figure.bytes, packageJson);
    QCOMPARE(written.report.finalImage.bytes,
        qint64(base) + context.sources + context.production + context.development + packageJson);
}

void TestSizeEstimate::manifests()
{
    const Requirements pinned = parseRequirements("# a lock\nflask==3.0.3 \\\n    --hash=sha256:abc\n"
                                                  "torch==2.3.0\n-r other.txt\n\n");
    QCOMPARE(pinned.packages, 2);
    QCOMPARE(pinned.heavy, 1);
    QVERIFY(pinned.allPinned);
    QCOMPARE(pinned.nested, 1);
    QVERIFY(!parseRequirements("fastapi>=0.110\nuvicorn[standard]\n").allPinned);
    QCOMPARE(countGoModules(readBytes(dataPath(u"go-context/go.sum"_s)).toStdString()), 6);
    QCOMPARE(cargoBinaryName("[package]\nname = \"axum-service\"\nversion = \"0.1.0\"\n"), std::string("axum-service"));
    QCOMPARE(countCrates("[[package]]\nname = \"app\"\n\n[[package]]\nname = \"tokio\"\nsource = \"registry+x\"\n"), 1);
    QCOMPARE(
        countYarnEntries("# yarn lockfile v1\n\n\"@babel/code@^7\":\n  version \"7\"\n\nzod@^3:\n  version \"3\"\n"),
        2);
    QCOMPARE(countPnpmEntries("lockfileVersion: '6.0'\npackages:\n  /zod@3.23.8:\n    dev: false\n"
                              "  /typescript@5.4.5:\n    dev: true\n"),
        (std::pair<int, int> {2, 1}));
    QCOMPARE(
        jsonishValue("{ // comment\n \"compilerOptions\": {\"outDir\": \"build\", \"sourceMap\": true}}", "outDir"),
        std::string("build"));
}

void TestSizeEstimate::cliGolden_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("golden");

    QTest::addRow("json") << QStringList {u"size"_s, u"--format"_s, u"json"_s, u"--context"_s, u"go-context"_s,
        u"go-server.Dockerfile"_s}
                          << u"go-server.json"_s;
    QTest::addRow("text") << QStringList {u"size"_s, u"--context"_s, u"go-context"_s, u"go-server.Dockerfile"_s}
                          << u"go-server.txt"_s;
    QTest::addRow("text, no context") << QStringList {u"size"_s, u"go-server.Dockerfile"_s}
                                      << u"go-server-no-context.txt"_s;
    QTest::addRow("measured") << QStringList {u"size"_s, u"--import"_s, u"node-history.jsonl"_s,
        u"nodejs-runtime-fixed.Dockerfile"_s}
                              << u"node-measured.txt"_s;
    QTest::addRow("arm64 json") << QStringList {u"size"_s, u"--format=json"_s, u"--platform=linux/arm64"_s,
        u"nodejs-runtime-fixed.Dockerfile"_s}
                                << u"node-arm64.json"_s;
}

void TestSizeEstimate::cliGolden()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, golden);
    const QString previous = QDir::currentPath();
    QVERIFY(QDir::setCurrent(dataPath(QString())));
    QByteArray out;
    QByteArray err;
    const int code = runCli(arguments, out, err);
    QDir::setCurrent(previous);
    QVERIFY2(code == ExitOk, err.constData());
    compareGolden(out, dataPath(golden));
}

void TestSizeEstimate::cliExitCodes_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("exitCode");

    const QString file = dataPath(u"go-server.Dockerfile"_s);
    QTest::addRow("help") << QStringList {u"size"_s, u"--help"_s} << QByteArray() << int(ExitOk);
    QTest::addRow("no file") << QStringList {u"size"_s} << QByteArray() << int(ExitUsage);
    QTest::addRow("missing file") << QStringList {u"size"_s, dataPath(u"none.Dockerfile"_s)} << QByteArray()
                                  << int(ExitUsage);
    QTest::addRow("bad format") << QStringList {u"size"_s, u"--format"_s, u"yaml"_s, file} << QByteArray()
                                << int(ExitUsage);
    QTest::addRow("bad context") << QStringList {u"size"_s, u"--context"_s, dataPath(u"no-such-dir"_s), file}
                                 << QByteArray() << int(ExitUsage);
    QTest::addRow("bad import") << QStringList {u"size"_s, u"--import"_s, file, file} << QByteArray() << int(ExitUsage);
    QTest::addRow("bad image size") << QStringList {u"size"_s, u"--image-size"_s, u"myorg/app"_s, file} << QByteArray()
                                    << int(ExitUsage);
    QTest::addRow("unknown option") << QStringList {u"size"_s, u"--fast"_s, file} << QByteArray() << int(ExitUsage);
    QTest::addRow("standard input") << QStringList {u"size"_s, u"-"_s} << QByteArray("FROM scratch\n") << int(ExitOk);
    QTest::addRow("inspect") << QStringList {u"size"_s, u"--import"_s, dataPath(u"node-inspect.json"_s), file}
                             << QByteArray() << int(ExitOk);
    QTest::addRow("image size") << QStringList {u"size"_s, u"--image-size"_s, u"myorg/app=1.5GB"_s, u"-"_s}
                                << QByteArray("FROM myorg/app\n") << int(ExitOk);
}

void TestSizeEstimate::cliExitCodes()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, input);
    QFETCH(int, exitCode);
    QByteArray out;
    QByteArray err;
    QCOMPARE(runCli(arguments, out, err, input), exitCode);
    if (exitCode == ExitUsage)
        QVERIFY(!err.isEmpty());
    else
        QVERIFY(!out.isEmpty());
}

void TestSizeEstimate::realDockerfiles()
{
    // Every real-world Dockerfile of the shared corpus estimates and prints without trouble
    // (the sanitizers watch), and its figures hold together.
    const QDir corpus(sharedPath(u"corpus/real"_s));
    STAGECRAFT_SKIP_WITHOUT_SHARED(corpus.path());
    QDirIterator files(corpus.path(), QDir::Files, QDirIterator::Subdirectories);
    int count = 0;
    while (files.hasNext()) {
        const QString path = files.next();
        const Estimate result = estimate(readBytes(path));
        SizeReportInfo info;
        info.tree = result.tree.get();
        info.file = path.toStdString();
        QVERIFY(!sizeReportToText(result.report, info).empty());
        (void)sizeReportToJson(result.report, info)
            .dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
        for (const StageSize &stage : result.report.stages) {
            if (!stage.total.known())
                continue;
            QVERIFY2(stage.total.low <= stage.total.bytes, qPrintable(path));
            QVERIFY2(!stage.total.bounded() || stage.total.bytes <= stage.total.high, qPrintable(path));
        }
        ++count;
    }
    QVERIFY(count > 0);
    qInfo("%d real Dockerfiles estimated", count);
}

void TestSizeEstimate::shippedCatalogMatchesShared()
{
    const QString shared = sharedPath(u"data/base-images.json"_s);
    STAGECRAFT_SKIP_WITHOUT_SHARED(shared);
    QCOMPARE(readBytes(QStringLiteral(STAGECRAFT_SOURCE_DIR "/resources/data/base-images.json")), readBytes(shared));
}

void TestSizeEstimate::shippedPackageTableUpToDate()
{
    // The generator in --check mode: 0 up to date, 1 stale, 77 without ../shared.
    QProcess python;
    python.start(u"python3"_s,
        {QStringLiteral(STAGECRAFT_SOURCE_DIR "/resources/data/make-package-table.py"), u"--check"_s,
            sharedPath(u"data/debian-bookworm-packages.tsv.gz"_s),
            QStringLiteral(STAGECRAFT_SOURCE_DIR "/resources/data/debian-bookworm-packages.qz")});
    if (!python.waitForFinished(120000) || python.exitStatus() != QProcess::NormalExit)
        QSKIP("python3 is not available");
    if (python.exitCode() == 77)
        QSKIP("no shared package lists");
    QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
}

void TestSizeEstimate::referenceFile()
{
    const QString script = sharedPath(u"bench/big_dockerfile.py"_s);
    STAGECRAFT_SKIP_WITHOUT_SHARED(script);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"big.Dockerfile"_s);
    QProcess python;
    python.start(u"python3"_s, {script, path});
    if (!python.waitForFinished(60000) || python.exitCode() != 0)
        QSKIP("python3 could not generate the reference file");
    const std::shared_ptr<const SyntaxTree> tree = parseDockerfile(readBytes(path).toStdString());
    const BuildGraph graph = buildGraph(*tree);
    QCOMPARE(graph.stages().size(), size_t(200));

    // How fast this runs is for the benchmarks (`./dev bench`); here the reference file must
    // estimate completely, and a re-estimate from the RUN cache must equal a cold one.
    SizeReportInfo info;
    info.tree = tree.get();
    clearRunCache(); // as after opening a file: every RUN read afresh
    const SizeReport cold = estimateSizes(*tree, graph);
    QCOMPARE(cold.stages.size(), size_t(200));
    const SizeReport cached = estimateSizes(*tree, graph);
    QCOMPARE(cached.stages.size(), size_t(200));
    QCOMPARE(QByteArray::fromStdString(sizeReportToText(cached, info)),
        QByteArray::fromStdString(sizeReportToText(cold, info)));
    QVERIFY(!lint(*tree).diagnostics.empty());
}

QTEST_GUILESS_MAIN(TestSizeEstimate)
#include "test_size_estimate.moc"

// SPDX-License-Identifier: MIT
#include "size_command.h"

#include "command_line.h"
#include "graph/build_graph.h"
#include "size/context_scan.h"
#include "size/history_import.h"
#include "size/size_estimate.h"
#include "size/size_report.h"
#include "syntax/syntax_tree.h"

#include <QFileInfo>

#include <optional>
#include <ostream>

namespace stagecraft {

const std::string_view sizeCommandUsage
    = "  size [--context DIR] [--target NAME] [--platform P] [--build-arg K=V]... [--format F]\n"
      "       [--import FILE] [--image-size REF=SIZE]... FILE|-\n"
      "      Estimate the size of every stage and of the final image before building:\n"
      "      base image, each RUN/COPY/ADD with its range and source, and wasted space.\n"
      "      --context DIR     scan the build context (.dockerignore applied) so COPY is exact\n"
      "      --target NAME     the stage to build (default: the last one)\n"
      "      --build-arg K=V   override an ARG default (repeatable)\n"
      "      --platform P      the target platform (default linux/amd64)\n"
      "      --format F        text (default) or json (see docs/size-json.md)\n"
      "      --import FILE     measured sizes: `docker history --no-trunc --format '{{json .}}'`\n"
      "                        or `docker image inspect` output, shown against the estimate\n"
      "      --image-size R=S  the size of an image the catalog does not know (\"myorg/base:1=120MB\")\n";

namespace {

constexpr std::string_view command = "size";

enum class Format { Text, Json };

struct Options {
    BuildGraphOptions graph;
    Format format = Format::Text;
    QString file;
    QString context;
    QString measurement;
    std::vector<std::pair<std::string, int64_t>> imageSizes;
};

std::optional<int> parseOptions(const QStringList &arguments, Options &options, std::ostream &err)
{
    bool haveFile = false;
    bool onlyFiles = false;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments[i];
        const GraphOptionResult graphOption = onlyFiles
            ? GraphOptionResult::NotGraphOption
            : takeGraphOption(arguments, i, options.graph, GraphOptionSet::WithPlatform, command, err);
        if (graphOption == GraphOptionResult::UsageError)
            return ExitUsage;
        if (graphOption == GraphOptionResult::Taken)
            continue;
        if (!onlyFiles && argument == u"--") {
            onlyFiles = true;
        } else if (!onlyFiles && isOption(argument, u"--format")) {
            const std::optional<QString> value = optionValue(arguments, i, u"--format");
            if (value && *value == u"text")
                options.format = Format::Text;
            else if (value && *value == u"json")
                options.format = Format::Json;
            else
                return usageError(err, command, "--format needs text or json");
        } else if (!onlyFiles && isOption(argument, u"--context")) {
            const std::optional<QString> value = optionValue(arguments, i, u"--context");
            if (!value || value->isEmpty())
                return usageError(err, command, "--context needs a directory");
            options.context = *value;
        } else if (!onlyFiles && isOption(argument, u"--import")) {
            const std::optional<QString> value = optionValue(arguments, i, u"--import");
            if (!value || value->isEmpty())
                return usageError(err, command, "--import needs a file");
            options.measurement = *value;
        } else if (!onlyFiles && isOption(argument, u"--image-size")) {
            const std::optional<QString> value = optionValue(arguments, i, u"--image-size");
            const qsizetype equals = value ? value->lastIndexOf(u'=') : -1;
            int64_t bytes = 0;
            int64_t low = 0;
            int64_t high = 0;
            if (equals <= 0 || !parseDockerSize(value->mid(equals + 1).toStdString(), bytes, low, high))
                return usageError(err, command, "--image-size needs IMAGE=SIZE, such as myorg/base:1=120MB");
            options.imageSizes.emplace_back(value->left(equals).toStdString(), bytes);
        } else if (!onlyFiles && argument.startsWith(u'-') && argument != u"-") {
            return usageError(err, command, "unknown option '" + argument.toStdString() + "'");
        } else {
            if (haveFile)
                return usageError(err, command, "expects one FILE");
            options.file = argument;
            haveFile = true;
        }
    }
    if (!haveFile)
        return usageError(err, command, "missing FILE (- for standard input)");
    if (options.file == u"-" && options.measurement == u"-")
        return usageError(err, command, "FILE and --import cannot both be standard input");
    return std::nullopt;
}

} // namespace

int runSizeCommand(const QStringList &arguments, std::istream &in, std::ostream &out, std::ostream &err)
{
    if (arguments.size() == 1 && (arguments.first() == u"--help" || arguments.first() == u"-h")) {
        // The synopsis takes the first two lines of the usage text; the explanation follows.
        const size_t synopsisEnd = sizeCommandUsage.find('\n', sizeCommandUsage.find('\n') + 1);
        out << "usage: stagecraft size [OPTIONS] FILE|-\n" << sizeCommandUsage.substr(synopsisEnd + 1);
        return ExitOk;
    }
    Options options;
    if (const std::optional<int> exitCode = parseOptions(arguments, options, err))
        return *exitCode;
    const std::optional<InputFile> input = readInput(options.file, in, err);
    if (!input)
        return ExitUsage;

    std::optional<ContextScan> context;
    if (!options.context.isEmpty()) {
        ContextScanOptions scanOptions;
        if (options.file != u"-")
            scanOptions.dockerfilePath = options.file;
        context = scanContext(options.context, scanOptions);
        if (!context->present()) {
            err << "stagecraft: cannot read the build context " << options.context.toStdString() << '\n';
            return ExitUsage;
        }
        if (!context->patternError().empty())
            err << "stagecraft: " << options.context.toStdString() << "/.dockerignore: " << context->patternError()
                << " (the build would fail)\n";
        if (!context->complete())
            err << "stagecraft: the context scan stopped early (" << context->files().size()
                << " files); its figures are lower bounds\n";
    }
    std::optional<Measurement> measurement;
    if (!options.measurement.isEmpty()) {
        const std::optional<InputFile> file = readInput(options.measurement, in, err);
        if (!file)
            return ExitUsage;
        std::string error;
        measurement = parseMeasurement(file->bytes, &error);
        if (!measurement) {
            err << "stagecraft: " << file->name << ": " << error << '\n';
            return ExitUsage;
        }
    }

    const std::shared_ptr<const SyntaxTree> tree = parseDockerfile(input->bytes);
    const BuildGraph graph = buildGraph(*tree, options.graph);
    SizeOptions sizeOptions;
    sizeOptions.context = context ? &*context : nullptr;
    sizeOptions.imageSizes = options.imageSizes;
    SizeReport report = estimateSizes(*tree, graph, sizeOptions);
    if (measurement)
        attachMeasurement(report, *measurement, *tree, graph);

    SizeReportInfo info;
    info.tree = tree.get();
    info.file = input->name;
    info.context = sizeOptions.context;
    info.contextDirectory = options.context.toStdString();
    if (options.format == Format::Json)
        out << sizeReportToJson(report, info).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
            << '\n';
    else
        out << sizeReportToText(report, info);

    // The estimate is printed either way; problems that stop the build are worth saying.
    for (const SyntaxDiagnostic &diagnostic : tree->diagnostics()) {
        if (diagnostic.severity == Severity::Error)
            printDiagnostic(err, input->name, *tree, diagnostic);
    }
    for (const GraphDiagnostic &diagnostic : graph.diagnostics()) {
        if (diagnostic.severity == Severity::Error)
            printDiagnostic(err, input->name, *tree, diagnostic);
    }
    return ExitOk;
}

} // namespace stagecraft

// SPDX-License-Identifier: MIT
#include "graph_command.h"

#include "command_line.h"
#include "graph/build_graph.h"
#include "graph/graph_export.h"
#include "syntax/syntax_tree.h"

#include <QFile>

#include <optional>
#include <ostream>

namespace stagecraft {

const std::string_view graphCommandUsage
    = "  graph [--target NAME] [--build-arg K=V]... [--platform P] [--format F] [-o OUT] FILE|-\n"
      "      Print the build graph: stages, bases, COPY --from / RUN --mount edges,\n"
      "      external images, reachability from the target, build waves and the\n"
      "      critical path. Errors go to standard error (exit 1; the graph is still printed).\n"
      "      --target NAME    the stage to build (default: the last one)\n"
      "      --build-arg K=V  override an ARG default (repeatable)\n"
      "      --platform P     the target platform (default linux/amd64)\n"
      "      --format F       json (default, see docs/graph-json.md), dot, mermaid,\n"
      "                       svg or png (drawn as the editor's graph view draws it)\n"
      "      -o OUT           write to OUT instead of standard output\n";

namespace {

constexpr std::string_view command = "graph";

enum class Format { Json, Dot, Mermaid, Svg, Png };

GraphImageRenderer &imageRenderer()
{
    static GraphImageRenderer renderer;
    return renderer;
}

struct Options {
    BuildGraphOptions graph;
    Format format = Format::Json;
    QString file;
    QString output;
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
            if (!value)
                return usageError(err, command, "--format needs json, dot, mermaid, svg or png");
            if (*value == u"json")
                options.format = Format::Json;
            else if (*value == u"dot")
                options.format = Format::Dot;
            else if (*value == u"mermaid")
                options.format = Format::Mermaid;
            else if (*value == u"svg")
                options.format = Format::Svg;
            else if (*value == u"png")
                options.format = Format::Png;
            else
                return usageError(err, command, "unknown format '" + value->toStdString() + "'");
        } else if (!onlyFiles && (argument == u"-o" || isOption(argument, u"--output"))) {
            std::optional<QString> value;
            if (argument == u"-o")
                value = i + 1 < arguments.size() ? std::optional<QString>(arguments[++i]) : std::nullopt;
            else
                value = optionValue(arguments, i, u"--output");
            if (!value || value->isEmpty())
                return usageError(err, command, "-o needs a file name");
            options.output = *value;
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
    return std::nullopt;
}

std::string render(const BuildGraph &graph, const SyntaxTree &tree, Format format)
{
    switch (format) {
    case Format::Json:
        // The input may hold invalid UTF-8; dump() would throw on it without `replace`.
        return graphToJson(graph, tree).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + '\n';
    case Format::Dot:
        return graphToDot(graph);
    case Format::Mermaid:
        return graphToMermaid(graph);
    case Format::Svg:
    case Format::Png:
        break; // drawn by the installed renderer
    }
    return {};
}

} // namespace

void setGraphImageRenderer(GraphImageRenderer renderer)
{
    imageRenderer() = std::move(renderer);
}

int runGraphCommand(const QStringList &arguments, std::istream &in, std::ostream &out, std::ostream &err)
{
    if (arguments.size() == 1 && (arguments.first() == u"--help" || arguments.first() == u"-h")) {
        out << "usage: stagecraft graph [--target NAME] [--build-arg K=V]... [--platform P] [--format F] [-o OUT] "
               "FILE|-\n"
            << graphCommandUsage.substr(graphCommandUsage.find('\n') + 1);
        return ExitOk;
    }
    Options options;
    if (const std::optional<int> exitCode = parseOptions(arguments, options, err))
        return *exitCode;
    const std::optional<InputFile> input = readInput(options.file, in, err);
    if (!input)
        return ExitUsage;

    const std::shared_ptr<const SyntaxTree> tree = parseDockerfile(input->bytes);
    const BuildGraph graph = buildGraph(*tree, options.graph);
    std::string text;
    if (options.format == Format::Svg || options.format == Format::Png) {
        const std::string_view format = options.format == Format::Svg ? "svg" : "png";
        if (!imageRenderer()) {
            err << "stagecraft graph: --format " << format
                << " needs the graph view, which this build does not have; use --format dot with Graphviz (dot -T"
                << format << ")\n";
            return ExitUsage;
        }
        std::string error;
        if (!imageRenderer()(input->bytes, options.graph, format, text, error)) {
            err << "stagecraft graph: cannot draw the graph: " << error << '\n';
            return ExitUsage;
        }
    } else {
        text = render(graph, *tree, options.format);
    }

    if (options.output.isEmpty()) {
        out << text;
    } else {
        QFile file(options.output);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
            || file.write(text.data(), static_cast<qint64>(text.size())) != static_cast<qint64>(text.size())
            || !file.flush()) {
            err << "stagecraft: cannot write " << options.output.toStdString() << ": "
                << file.errorString().toStdString() << '\n';
            return ExitUsage;
        }
    }

    // The file cannot build if the parser or the graph found errors: say where, exit 1.
    bool errors = false;
    for (const SyntaxDiagnostic &diagnostic : tree->diagnostics()) {
        if (diagnostic.severity == Severity::Error) {
            printDiagnostic(err, input->name, *tree, diagnostic);
            errors = true;
        }
    }
    for (const GraphDiagnostic &diagnostic : graph.diagnostics()) {
        if (diagnostic.severity == Severity::Error || diagnostic.severity == Severity::Warning)
            printDiagnostic(err, input->name, *tree, diagnostic);
        errors = errors || diagnostic.severity == Severity::Error;
    }
    return errors ? ExitFailure : ExitOk;
}

} // namespace stagecraft

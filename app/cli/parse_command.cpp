// SPDX-License-Identifier: MIT
#include "parse_command.h"

#include "command_line.h"
#include "syntax/buildkit_ast.h"
#include "syntax/syntax_tree.h"
#include "syntax/tree_json.h"

#include <algorithm>
#include <ostream>

namespace stagecraft {

const std::string_view parseCommandUsage
    = "  parse [--dump buildkit|json] [--tokens] [--roundtrip] FILE|-...\n"
      "      Parse a Dockerfile (- reads standard input) and print a summary and its\n"
      "      diagnostics; exit 1 if it has errors.\n"
      "      --dump buildkit  BuildKit's AST dump (errors go to standard error, exit 1)\n"
      "      --dump json      the syntax tree as JSON; --tokens adds the token stream\n"
      "      --roundtrip      exit 0 iff every tree reprints its input byte for byte\n"
      "      Several FILEs are accepted except with --dump.\n";

namespace {

constexpr std::string_view command = "parse";

enum class Mode { Summary, DumpBuildKit, DumpJson, RoundTrip };

struct Options {
    Mode mode = Mode::Summary;
    bool tokens = false;
    QStringList files;
};

/// Parses the options; returns an exit code when they are unusable.
std::optional<int> parseOptions(const QStringList &arguments, Options &options, std::ostream &err)
{
    bool modeSet = false;
    bool haveFile = false;
    auto setMode = [&](Mode mode) {
        if (modeSet && options.mode != mode)
            return false;
        options.mode = mode;
        modeSet = true;
        return true;
    };
    bool onlyFiles = false;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments[i];
        if (!onlyFiles && argument == u"--") {
            onlyFiles = true;
        } else if (!onlyFiles && (argument == u"--dump" || argument.startsWith(u"--dump="))) {
            QString format;
            if (argument == u"--dump") {
                if (++i == arguments.size())
                    return usageError(err, command, "--dump needs a format: buildkit or json");
                format = arguments[i];
            } else {
                format = argument.mid(7);
            }
            Mode mode;
            if (format == u"buildkit")
                mode = Mode::DumpBuildKit;
            else if (format == u"json")
                mode = Mode::DumpJson;
            else
                return usageError(err, command, "unknown dump format '" + format.toStdString() + "'");
            if (!setMode(mode))
                return usageError(err, command, "choose one of --dump buildkit, --dump json and --roundtrip");
        } else if (!onlyFiles && argument == u"--roundtrip") {
            if (!setMode(Mode::RoundTrip))
                return usageError(err, command, "choose one of --dump buildkit, --dump json and --roundtrip");
        } else if (!onlyFiles && argument == u"--tokens") {
            options.tokens = true;
        } else if (!onlyFiles && argument.startsWith(u'-') && argument != u"-") {
            return usageError(err, command, "unknown option '" + argument.toStdString() + "'");
        } else {
            options.files << argument;
            haveFile = true;
        }
    }
    if (options.files.size() > 1 && (options.mode == Mode::DumpBuildKit || options.mode == Mode::DumpJson))
        return usageError(err, command, "--dump takes one FILE");
    if (!haveFile)
        return usageError(err, command, "missing FILE (- for standard input)");
    if (options.tokens && options.mode != Mode::DumpJson)
        return usageError(err, command, "--tokens needs --dump json");
    return std::nullopt;
}

int printSummary(const InputFile &input, const SyntaxTree &tree, std::ostream &out)
{
    for (const SyntaxDiagnostic &diagnostic : tree.diagnostics())
        printDiagnostic(out, input.name, tree, diagnostic);
    const size_t instructions = tree.instructions().size();
    const size_t diagnostics = tree.diagnostics().size();
    out << input.name << ": " << instructions << (instructions == 1 ? " instruction, " : " instructions, ")
        << diagnostics << (diagnostics == 1 ? " diagnostic\n" : " diagnostics\n");
    return tree.hasErrors() ? ExitFailure : ExitOk;
}

int dumpBuildKitAst(const InputFile &input, const SyntaxTree &tree, std::ostream &out, std::ostream &err)
{
    // BuildKit would have rejected the file: report why instead of dumping a tree it never builds.
    if (tree.hasErrors()) {
        for (const SyntaxDiagnostic &diagnostic : tree.diagnostics()) {
            if (diagnostic.severity == Severity::Error)
                printDiagnostic(err, input.name, tree, diagnostic, false);
        }
        return ExitFailure;
    }
    out << dumpBuildKit(tree);
    return ExitOk;
}

int dumpJson(const SyntaxTree &tree, bool tokens, std::ostream &out)
{
    // The input may hold invalid UTF-8; dump() would throw on it without `replace`.
    out << syntaxTreeToJson(tree, tokens).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    return ExitOk;
}

int checkRoundTrip(const InputFile &input, const SyntaxTree &tree, std::ostream &out, std::ostream &err)
{
    const std::string reprinted = tree.reprint();
    if (reprinted == input.bytes) {
        out << input.name << ": round-trip OK\n";
        return ExitOk;
    }
    const auto [inputIt, reprintIt]
        = std::mismatch(input.bytes.begin(), input.bytes.end(), reprinted.begin(), reprinted.end());
    err << input.name << ": round-trip mismatch at byte offset " << (inputIt - input.bytes.begin()) << " (input "
        << input.bytes.size() << " bytes, reprinted " << reprinted.size() << " bytes)\n";
    return ExitFailure;
}

} // namespace

int runParseCommand(const QStringList &arguments, std::istream &in, std::ostream &out, std::ostream &err)
{
    if (arguments.size() == 1 && (arguments.first() == u"--help" || arguments.first() == u"-h")) {
        out << "usage: stagecraft parse [--dump buildkit|json] [--tokens] [--roundtrip] FILE|-...\n"
            << parseCommandUsage.substr(parseCommandUsage.find('\n') + 1);
        return ExitOk;
    }
    Options options;
    if (const std::optional<int> exitCode = parseOptions(arguments, options, err))
        return *exitCode;
    int exitCode = ExitOk;
    for (const QString &file : std::as_const(options.files)) {
        const std::optional<InputFile> input = readInput(file, in, err);
        if (!input) {
            exitCode = ExitUsage;
            continue;
        }
        const std::shared_ptr<const SyntaxTree> tree = parseDockerfile(input->bytes);
        int result = ExitFailure;
        switch (options.mode) {
        case Mode::Summary:
            result = printSummary(*input, *tree, out);
            break;
        case Mode::DumpBuildKit:
            result = dumpBuildKitAst(*input, *tree, out, err);
            break;
        case Mode::DumpJson:
            result = dumpJson(*tree, options.tokens, out);
            break;
        case Mode::RoundTrip:
            result = checkRoundTrip(*input, *tree, out, err);
            break;
        }
        exitCode = std::max(exitCode, result);
    }
    return exitCode;
}

} // namespace stagecraft

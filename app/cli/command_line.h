// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

#include <iosfwd>
#include <optional>
#include <string>

namespace stagecraft {

struct BuildGraphOptions;
struct SyntaxDiagnostic;
class SyntaxTree;

/// Exit codes shared by every subcommand.
enum ExitCode : int {
    ExitOk = 0,
    ExitFailure = 1, ///< the command ran and found a problem (errors, mismatch)
    ExitUsage = 2, ///< bad usage, missing or unreadable input
};

/// True when `arguments` (without the program name) ask for the command line
/// (a subcommand, --help or --version) rather than the editor.
[[nodiscard]] bool isCommandLineInvocation(const QStringList &arguments);

/// Runs the command line; `arguments` exclude the program name. Returns the exit code.
int runCommandLine(const QStringList &arguments, std::ostream &out, std::ostream &err);
/// The same, reading "-" from `in` instead of standard input (for in-process tests).
int runCommandLine(const QStringList &arguments, std::istream &in, std::ostream &out, std::ostream &err);

// Helpers for the subcommands.

/// An input file as raw bytes, never decoded.
struct InputFile {
    std::string name; ///< as given on the command line; "<stdin>" for "-"
    std::string bytes;
};

/// Reads `path` ("-": all of `in`). On failure prints one line to `err` and returns nothing.
[[nodiscard]] std::optional<InputFile> readInput(const QString &path, std::istream &in, std::ostream &err);

/// Prints "NAME:LINE:COL: severity: message [code]" (`withCode` false drops the code).
void printDiagnostic(std::ostream &stream, const std::string &name, const SyntaxTree &tree,
    const SyntaxDiagnostic &diagnostic, bool withCode = true);

/// Prints "stagecraft COMMAND: MESSAGE (see stagecraft --help)" and returns ExitUsage.
int usageError(std::ostream &err, std::string_view command, std::string_view message);

/// True when `argument` is the option `name`, alone ("--name") or with its value ("--name=VALUE").
[[nodiscard]] bool isOption(const QString &argument, QStringView name);

/// The value of the option `name` at arguments[i]: the next argument for "--name VALUE" (then
/// `i` is moved past it), the rest for "--name=VALUE"; nothing when "--name" comes last.
[[nodiscard]] std::optional<QString> optionValue(const QStringList &arguments, qsizetype &i, QStringView name);

/// Which build graph options a command accepts besides --target and --build-arg.
enum class GraphOptionSet : uint8_t {
    TargetAndBuildArgs, ///< --platform is an unknown option
    WithPlatform,
};

/// What takeGraphOption() did with an argument.
enum class GraphOptionResult : uint8_t {
    NotGraphOption, ///< not one of the graph options: the command reads it itself
    Taken, ///< read into the options (`i` moved past a separate value)
    UsageError, ///< a usage error was printed; the command exits with ExitUsage
};

/// Reads --target NAME, --build-arg K=V (a bare K takes its value from the environment, as
/// docker build does) and, for GraphOptionSet::WithPlatform, --platform P at arguments[i]
/// into `graph`. Usage errors are printed for `command`.
[[nodiscard]] GraphOptionResult takeGraphOption(const QStringList &arguments, qsizetype &i, BuildGraphOptions &graph,
    GraphOptionSet accepted, std::string_view command, std::ostream &err);

} // namespace stagecraft

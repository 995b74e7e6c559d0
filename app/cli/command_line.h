// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

#include <iosfwd>
#include <optional>
#include <string>

namespace stagecraft {

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

} // namespace stagecraft

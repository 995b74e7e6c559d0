// SPDX-License-Identifier: MIT
#pragma once

// How a RUN's text reads, whatever stage it is in: its commands as the shell splitter
// (model/shell) reads them, each with its package-manager reading, and the targets of its
// --mount flags. The size estimate reads every RUN of a file on every edit while most of
// them stay as they were, and files repeat their RUNs across stages, so readings are kept
// per thread, keyed by the instruction's source text.

#include "shell/package_install.h"
#include "shell/shell_words.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stagecraft {

class SyntaxTree;
struct Instruction;

/// A command's words after its program as the estimate reads them. They depend on the stage
/// only through `$` expansions, so for the many commands without any they are read once per
/// RUN text (CommandReading::literal) instead of once per RUN and stage.
struct CommandArguments {
    std::vector<std::string> options; ///< "-rf", "--recursive" (other commands than package managers)
    std::vector<std::string> arguments; ///< the other words (other commands than package managers)
    std::vector<std::string> operands; ///< a package command's operands, split at blanks ("$BUILD_DEPS")
};

/// One command of a RUN, read without regard to the stage it runs in.
struct CommandReading {
    const ShellCommand *command = nullptr;
    std::optional<PackageCommand> package; ///< its package-manager reading
    size_t program = 0; ///< the program's word: the first after wrappers (sudo, exec, nohup, ...)
    std::string_view name; ///< the program's base name ("rm"); empty for a command of wrappers only
    std::string summary; ///< a few of its words, each cut short, for "not sized: …"
    std::optional<CommandArguments> literal; ///< its arguments when no word needs expanding
};

/// `reading`'s arguments, `value` giving each word's text in the stage.
[[nodiscard]] CommandArguments readArguments(
    const CommandReading &reading, const std::function<std::string(const ShellWord &)> &value);

/// Reads `command` (which must outlive the reading).
[[nodiscard]] CommandReading readCommand(const ShellCommand &command);

struct ParsedRun {
    std::vector<ShellScript> scripts;
    std::vector<CommandReading> commands; ///< into `scripts`, in order
    std::vector<std::string> mountTargets; ///< as written
    /// Every target is a clean absolute path without variables (the usual case): the RUN's
    /// mounts are `mountTargets` as they stand, whatever the stage's WORKDIR and variables.
    bool mountTargetsAbsolute = true;
};

/// The reading of a RUN (any shell-form instruction), from this thread's cache when its text
/// was read before. Leading `A=1 B=2` words are assignments, whatever the splitter made of them.
[[nodiscard]] std::shared_ptr<const ParsedRun> parseRun(const SyntaxTree &tree, const Instruction &instruction);

/// Forgets this thread's cached readings (a benchmark's cold run starts with it).
void clearRunCache();

} // namespace stagecraft

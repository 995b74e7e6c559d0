// SPDX-License-Identifier: MIT
#pragma once

// How a RUN's text reads, whatever stage it is in: its commands as the shell splitter
// (model/shell) reads them, each with its package-manager reading, and the targets of its
// --mount flags. The size estimate reads every RUN of a file on every edit while most of
// them stay as they were, and files repeat their RUNs across stages, so readings are kept
// per thread, keyed by the instruction's source text.

#include "shell/package_install.h"
#include "shell/shell_words.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace stagecraft {

class SyntaxTree;
struct Instruction;

struct ParsedRun {
    std::vector<ShellScript> scripts;
    std::vector<const ShellCommand *> commands; ///< into `scripts`, in order
    std::vector<std::optional<PackageCommand>> packages; ///< per command
    std::vector<std::string> mountTargets; ///< as written
};

/// The reading of a RUN (any shell-form instruction), from this thread's cache when its text
/// was read before. Leading `A=1 B=2` words are assignments, whatever the splitter made of them.
[[nodiscard]] std::shared_ptr<const ParsedRun> parseRun(const SyntaxTree &tree, const Instruction &instruction);

/// Forgets this thread's cached readings (a benchmark's cold run starts with it).
void clearRunCache();

} // namespace stagecraft

// SPDX-License-Identifier: MIT
#pragma once

// The split RUN bodies of one syntax tree. Several rule sets (hadolint's, the multi-stage
// walker's) read the same RUNs; splitting a RUN and mapping its words to the source is most of
// what they spend, so they share this cache.
//
// A split depends only on the instruction's text and the escape character (its ranges are
// relative to the instruction: see InstructionShell), so splits are also kept per thread, keyed
// by that text: instructions with the same text are split once, and after an edit only the
// instructions whose text changed are split again. Entries are immutable once made, so an
// analysis may keep reading its own after the thread's cache has moved on.
//
// Lazily filled: an instruction is split the first time someone asks for it. One ShellCache
// per analysis, used by one thread. The tree must outlive the cache.

#include "package_install.h"
#include "shell_words.h"

#include <memory>
#include <optional>
#include <vector>

namespace stagecraft {

class SyntaxTree;
struct Instruction;

class ShellCache {
public:
    explicit ShellCache(const SyntaxTree &tree);
    ~ShellCache();
    ShellCache(const ShellCache &) = delete;
    ShellCache &operator=(const ShellCache &) = delete;

    [[nodiscard]] const SyntaxTree &tree() const { return m_tree; }

    /// instructionShell(tree, instruction), computed once per text. `instruction` is one of
    /// tree.instructions() (an ONBUILD gives its trigger's shell, with ranges relative to the
    /// ONBUILD) or of tree.triggers(); anything else is split every time into a scratch slot
    /// (valid until the next call for a foreign instruction).
    [[nodiscard]] const InstructionShell &shell(const Instruction &instruction) const;
    /// The same for tree.instructions()[index].
    [[nodiscard]] const InstructionShell &shell(int index) const;
    /// recognizePackageCommand(command), computed once, for a command of shell(index).
    /// (A command from elsewhere is recognized every time, into a scratch slot.)
    [[nodiscard]] const std::optional<PackageCommand> &package(int index, const ShellCommand &command) const;

    /// The split of an instruction and the package reading of each of its commands.
    struct Entry {
        InstructionShell shell;
        /// recognizePackageCommand() of every command, the parts' commands one after the other.
        std::vector<std::optional<PackageCommand>> packages;
    };

    /// Forgets this thread's splits (a benchmark's cold run starts with it).
    static void clearThreadCache();

private:
    const Entry &slot(
        std::vector<std::shared_ptr<const Entry>> &slots, size_t index, const Instruction &instruction) const;
    const Entry *entry(const Instruction &instruction) const;

    const SyntaxTree &m_tree;
    /// Per instruction (per trigger): its entry, null while not asked for. Shared with the
    /// thread's cache and with other instructions of the same text.
    mutable std::vector<std::shared_ptr<const Entry>> m_instructionSlots;
    mutable std::vector<std::shared_ptr<const Entry>> m_triggerSlots;
    mutable InstructionShell m_scratch;
    mutable std::optional<PackageCommand> m_scratchPackage;
};

} // namespace stagecraft

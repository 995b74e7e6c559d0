// SPDX-License-Identifier: MIT
#pragma once

// The split RUN bodies of one syntax tree, each split once. Several rule sets (hadolint's,
// the multi-stage walker's) and the size estimate read the same RUNs; splitting a RUN and
// mapping its words to the source is most of what they spend, so they share this cache.
//
// Lazily filled: an instruction is split the first time someone asks for it. Not thread
// safe (one cache per analysis, used by one thread). The tree must outlive the cache.

#include "package_install.h"
#include "shell_words.h"

#include <deque>
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

    /// instructionShell(tree, instruction), computed once. `instruction` is one of
    /// tree.instructions() (an ONBUILD gives its trigger's shell) or of tree.triggers();
    /// anything else is split every time into a scratch slot (valid until the next call
    /// for a foreign instruction).
    [[nodiscard]] const InstructionShell &shell(const Instruction &instruction) const;
    /// The same for tree.instructions()[index].
    [[nodiscard]] const InstructionShell &shell(int index) const;
    /// recognizePackageCommand(command), computed once, for a command of shell(index).
    /// (A command from elsewhere is recognized every time, into a scratch slot.)
    [[nodiscard]] const std::optional<PackageCommand> &package(int index, const ShellCommand &command) const;

private:
    struct Entry {
        InstructionShell shell;
        /// recognizePackageCommand() of every command, the parts' commands one after the
        /// other; filled on the first package() call.
        std::vector<std::optional<PackageCommand>> packages;
        bool packagesRead = false;
    };
    Entry &slot(std::vector<Entry *> &slots, size_t index, const Instruction &instruction) const;
    Entry *entry(const Instruction &instruction) const;

    const SyntaxTree &m_tree;
    /// Per instruction (per trigger): its entry in m_entries, null while not split.
    mutable std::vector<Entry *> m_instructionSlots;
    mutable std::vector<Entry *> m_triggerSlots;
    /// The entries, in the order they were first asked for. A deque: entries stay where they
    /// are as it grows, and it allocates a block per few entries rather than one each.
    mutable std::deque<Entry> m_entries;
    mutable InstructionShell m_scratch;
    mutable std::optional<PackageCommand> m_scratchPackage;
};

} // namespace stagecraft

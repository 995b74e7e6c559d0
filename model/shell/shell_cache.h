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

#include <memory>
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
        /// Per part, per command; filled on the first package() call.
        std::vector<std::vector<std::optional<PackageCommand>>> packages;
        bool packagesRead = false;
    };
    Entry &slot(std::vector<std::unique_ptr<Entry>> &slots, size_t index, const Instruction &instruction) const;
    Entry *entry(const Instruction &instruction) const;

    const SyntaxTree &m_tree;
    mutable std::vector<std::unique_ptr<Entry>> m_instructions;
    mutable std::vector<std::unique_ptr<Entry>> m_triggers;
    mutable InstructionShell m_scratch;
    mutable std::optional<PackageCommand> m_scratchPackage;
};

} // namespace stagecraft

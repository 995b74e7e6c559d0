// SPDX-License-Identifier: MIT
#include "shell_cache.h"

#include "syntax/syntax_tree.h"

#include <functional>

namespace stagecraft {
namespace {

// The index of `item` in `items`, or -1 when it is not an element of it.
std::ptrdiff_t indexIn(const std::vector<Instruction> &items, const Instruction &item)
{
    if (items.empty())
        return -1;
    const std::less<const Instruction *> less;
    const Instruction *first = items.data();
    const Instruction *last = first + items.size();
    if (less(&item, first) || !less(&item, last))
        return -1;
    return &item - first;
}

} // namespace

ShellCache::ShellCache(const SyntaxTree &tree)
    : m_tree(tree)
{}

ShellCache::~ShellCache() = default;

ShellCache::Entry &ShellCache::slot(
    std::vector<std::unique_ptr<Entry>> &slots, size_t index, const Instruction &instruction) const
{
    if (slots.size() <= index)
        slots.resize(index + 1);
    std::unique_ptr<Entry> &entry = slots[index];
    if (!entry) {
        entry = std::make_unique<Entry>();
        entry->shell = instructionShell(m_tree, instruction);
    }
    return *entry;
}

ShellCache::Entry *ShellCache::entry(const Instruction &instruction) const
{
    if (const std::ptrdiff_t index = indexIn(m_tree.instructions(), instruction); index >= 0)
        return &slot(m_instructions, static_cast<size_t>(index), instruction);
    if (const std::ptrdiff_t index = indexIn(m_tree.triggers(), instruction); index >= 0)
        return &slot(m_triggers, static_cast<size_t>(index), instruction);
    return nullptr;
}

const InstructionShell &ShellCache::shell(const Instruction &instruction) const
{
    if (const Entry *found = entry(instruction))
        return found->shell;
    m_scratch = instructionShell(m_tree, instruction);
    return m_scratch;
}

const InstructionShell &ShellCache::shell(int index) const
{
    return shell(m_tree.instructions()[static_cast<size_t>(index)]);
}

const std::optional<PackageCommand> &ShellCache::package(int index, const ShellCommand &command) const
{
    Entry &found = slot(m_instructions, static_cast<size_t>(index), m_tree.instructions()[static_cast<size_t>(index)]);
    if (!found.packagesRead) {
        found.packagesRead = true;
        found.packages.resize(found.shell.parts.size());
        for (size_t part = 0; part < found.shell.parts.size(); ++part) {
            const std::vector<ShellCommand> &commands = found.shell.parts[part].shell.commands;
            found.packages[part].reserve(commands.size());
            for (const ShellCommand &each : commands)
                found.packages[part].push_back(recognizePackageCommand(each));
        }
    }
    const std::less<const ShellCommand *> less;
    for (size_t part = 0; part < found.shell.parts.size(); ++part) {
        const std::vector<ShellCommand> &commands = found.shell.parts[part].shell.commands;
        if (commands.empty() || less(&command, commands.data()) || !less(&command, commands.data() + commands.size()))
            continue;
        return found.packages[part][static_cast<size_t>(&command - commands.data())];
    }
    m_scratchPackage = recognizePackageCommand(command);
    return m_scratchPackage;
}

} // namespace stagecraft

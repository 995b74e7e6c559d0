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
    , m_instructionSlots(tree.instructions().size(), nullptr)
    , m_triggerSlots(tree.triggers().size(), nullptr)
{}

ShellCache::~ShellCache() = default;

ShellCache::Entry &ShellCache::slot(std::vector<Entry *> &slots, size_t index, const Instruction &instruction) const
{
    if (slots.size() <= index)
        slots.resize(index + 1, nullptr);
    if (slots[index] == nullptr) {
        InstructionShell shell = instructionShell(m_tree, instruction);
        slots[index] = &m_entries.emplace_back(Entry {std::move(shell), {}, false});
    }
    return *slots[index];
}

ShellCache::Entry *ShellCache::entry(const Instruction &instruction) const
{
    if (const std::ptrdiff_t index = indexIn(m_tree.instructions(), instruction); index >= 0)
        return &slot(m_instructionSlots, static_cast<size_t>(index), instruction);
    if (const std::ptrdiff_t index = indexIn(m_tree.triggers(), instruction); index >= 0)
        return &slot(m_triggerSlots, static_cast<size_t>(index), instruction);
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
    Entry &found
        = slot(m_instructionSlots, static_cast<size_t>(index), m_tree.instructions()[static_cast<size_t>(index)]);
    if (!found.packagesRead) {
        found.packagesRead = true;
        found.packages.reserve(found.shell.commandCount());
        found.shell.forEachCommand([&found](const ShellCommand &each, const InstructionShellPart &) {
            found.packages.push_back(recognizePackageCommand(each));
        });
    }
    const std::less<const ShellCommand *> less;
    size_t first = 0; // the index in `packages` of the part's first command
    for (const InstructionShellPart &part : found.shell.parts) {
        const std::vector<ShellCommand> &commands = part.shell.commands;
        if (!commands.empty() && !less(&command, commands.data()) && less(&command, commands.data() + commands.size()))
            return found.packages[first + static_cast<size_t>(&command - commands.data())];
        first += commands.size();
    }
    m_scratchPackage = recognizePackageCommand(command);
    return m_scratchPackage;
}

} // namespace stagecraft

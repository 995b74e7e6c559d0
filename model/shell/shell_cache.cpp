// SPDX-License-Identifier: MIT
#include "shell_cache.h"

#include "syntax/syntax_tree.h"
#include "text_hash.h"

#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

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

// What a split depends on: the instruction's source text, the file's escape character, and
// whether it is an ONBUILD's trigger (read on its own) rather than an instruction of the file.
// Looked up as a view into the tree, so that finding a split copies nothing.
struct SplitKey {
    std::string_view text;
    char escape = '\\';
    bool trigger = false;
};

struct StoredSplitKey {
    std::string text;
    char escape = '\\';
    bool trigger = false;
    operator SplitKey() const { return {text, escape, trigger}; }
};

struct SplitKeyHash {
    using is_transparent = void;
    size_t operator()(SplitKey key) const
    {
        return static_cast<size_t>(hashText(key.text)) ^ (size_t(uint8_t(key.escape)) << 1) ^ size_t(key.trigger);
    }
};

struct SplitKeyEqual {
    using is_transparent = void;
    bool operator()(SplitKey a, SplitKey b) const
    {
        return a.escape == b.escape && a.trigger == b.trigger && a.text == b.text;
    }
};

using SplitCache
    = std::unordered_map<StoredSplitKey, std::shared_ptr<const ShellCache::Entry>, SplitKeyHash, SplitKeyEqual>;

// Bounded: when a thread has kept this many splits, those no live ShellCache holds are
// dropped (the texts of instructions edited away, mostly); if that frees too little, all are.
constexpr size_t splitCacheLimit = 8192;

void makeRoom(SplitCache &cache)
{
    std::erase_if(cache, [](const auto &item) { return item.second.use_count() == 1; });
    if (cache.size() >= splitCacheLimit / 2)
        cache.clear();
}

SplitCache &threadCache()
{
    thread_local SplitCache cache;
    return cache;
}

std::shared_ptr<const ShellCache::Entry> split(const SyntaxTree &tree, const Instruction &instruction)
{
    auto entry = std::make_shared<ShellCache::Entry>();
    entry->shell = instructionShell(tree, instruction);
    entry->packages.reserve(entry->shell.commandCount());
    entry->shell.forEachCommand([&entry](const ShellCommand &command, const InstructionShellPart &) {
        entry->packages.push_back(recognizePackageCommand(command));
    });
    return entry;
}

} // namespace

ShellCache::ShellCache(const SyntaxTree &tree)
    : m_tree(tree)
    , m_instructionSlots(tree.instructions().size())
    , m_triggerSlots(tree.triggers().size())
{}

ShellCache::~ShellCache() = default;

void ShellCache::clearThreadCache()
{
    threadCache().clear();
}

const ShellCache::Entry &ShellCache::slot(
    std::vector<std::shared_ptr<const Entry>> &slots, size_t index, const Instruction &instruction) const
{
    if (slots.size() <= index)
        slots.resize(index + 1);
    std::shared_ptr<const Entry> &found = slots[index];
    if (found == nullptr) {
        const SplitKey key {m_tree.text().substr(instruction.range.begin, instruction.range.length()),
            m_tree.escapeToken(), &slots == &m_triggerSlots};
        SplitCache &cache = threadCache();
        if (const auto it = cache.find(key); it != cache.end()) {
            found = it->second;
        } else {
            if (cache.size() >= splitCacheLimit)
                makeRoom(cache);
            found = split(m_tree, instruction);
            cache.emplace(StoredSplitKey {std::string(key.text), key.escape, key.trigger}, found);
        }
    }
    return *found;
}

const ShellCache::Entry *ShellCache::entry(const Instruction &instruction) const
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
    const Entry &found
        = slot(m_instructionSlots, static_cast<size_t>(index), m_tree.instructions()[static_cast<size_t>(index)]);
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

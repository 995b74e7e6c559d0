// SPDX-License-Identifier: MIT
#include "syntax_tree.h"

#include <algorithm>

namespace stagecraft {

namespace {

// The editor re-parses the document on every keystroke. Reusing the previous tree's
// buffers keeps the parse free of large allocations: fresh multi-megabyte blocks would
// otherwise come from the kernel as zeroed pages on every parse, which measured five
// times slower than the parse itself on the reference file.
struct RecycledStorage {
    bool valid = false;
    std::string arena;
    std::string words;
    std::vector<Token> tokens;
    std::vector<Instruction> instructions;
    std::vector<Instruction> triggers;
    std::vector<LogicalSegment> segments;
    std::vector<Flag> flags;
    std::vector<Heredoc> heredocs;
    std::vector<uint32_t> lineStarts;
};

thread_local RecycledStorage recycled;

// Beyond this the memory is given back rather than kept for the next parse.
constexpr size_t maxRecycledBytes = size_t {256} << 20;

template <typename Container>
void takeCleared(Container &to, Container &from)
{
    from.clear();
    to.swap(from);
}

} // namespace

std::vector<uint32_t> SyntaxTreeBuilder::adoptRecycledStorage(SyntaxTree &tree)
{
    std::vector<uint32_t> lineStarts;
    if (!recycled.valid)
        return lineStarts;
    recycled.valid = false;
    takeCleared(tree.m_arena, recycled.arena);
    takeCleared(tree.m_words, recycled.words);
    takeCleared(tree.m_tokens, recycled.tokens);
    takeCleared(tree.m_instructions, recycled.instructions);
    takeCleared(tree.m_triggers, recycled.triggers);
    takeCleared(tree.m_segments, recycled.segments);
    takeCleared(tree.m_flags, recycled.flags);
    takeCleared(tree.m_heredocs, recycled.heredocs);
    takeCleared(lineStarts, recycled.lineStarts);
    return lineStarts;
}

void SyntaxTreeBuilder::recycleStorage(SyntaxTree &tree)
{
    const size_t bytes = tree.m_arena.capacity() + tree.m_words.capacity() + tree.m_tokens.capacity() * sizeof(Token)
        + tree.m_instructions.capacity() * sizeof(Instruction) + tree.m_segments.capacity() * sizeof(LogicalSegment);
    if (recycled.valid || bytes > maxRecycledBytes)
        return;
    recycled.arena.swap(tree.m_arena);
    recycled.words.swap(tree.m_words);
    recycled.tokens.swap(tree.m_tokens);
    recycled.instructions.swap(tree.m_instructions);
    recycled.triggers.swap(tree.m_triggers);
    recycled.segments.swap(tree.m_segments);
    recycled.flags.swap(tree.m_flags);
    recycled.heredocs.swap(tree.m_heredocs);
    recycled.lineStarts = tree.m_lines.takeLineStarts();
    recycled.valid = true;
}

void SyntaxTreeBuilder::setText(SyntaxTree &tree, std::string text)
{
    tree.m_text = std::move(text);
}

void SyntaxTreeBuilder::finish(SyntaxTree &tree, std::vector<uint32_t> lineStarts, bool truncated)
{
    tree.m_lines = LineIndex(tree.m_text, std::move(lineStarts));
    if (truncated) {
        const auto end = static_cast<uint32_t>(tree.m_text.size());
        tree.m_diagnostics.push_back(
            {{end, end}, Severity::Error, "FileTooLarge", "the file is larger than 4 GiB; the rest was not read"});
    }
    std::stable_sort(tree.m_diagnostics.begin(), tree.m_diagnostics.end(),
        [](const SyntaxDiagnostic &a, const SyntaxDiagnostic &b) { return a.range.begin < b.range.begin; });
}

bool SyntaxTree::hasErrors() const
{
    return std::any_of(m_diagnostics.begin(), m_diagnostics.end(),
        [](const SyntaxDiagnostic &d) { return d.severity == Severity::Error; });
}

std::string_view SyntaxTree::logicalText(const Instruction &instruction) const
{
    const std::string_view storage = instruction.logicalInArena ? std::string_view(m_arena) : std::string_view(m_text);
    return storage.substr(instruction.logicalOffset, instruction.logicalLength);
}

std::string_view SyntaxTree::argumentsText(const Instruction &instruction) const
{
    return logicalText(instruction).substr(instruction.argsBegin, instruction.argsEnd - instruction.argsBegin);
}

std::string_view SyntaxTree::keywordText(const Instruction &instruction) const
{
    return logicalText(instruction)
        .substr(instruction.keywordLogicalBegin, instruction.keywordLogicalEnd - instruction.keywordLogicalBegin);
}

std::span<const Flag> SyntaxTree::flags(const Instruction &instruction) const
{
    return {m_flags.data() + instruction.flagBegin, instruction.flagCount};
}

std::string_view SyntaxTree::flagText(const Flag &flag) const
{
    const std::string_view storage = flag.textInSource ? std::string_view(m_text) : std::string_view(m_words);
    return storage.substr(flag.textOffset, flag.textLength);
}

std::string_view SyntaxTree::flagName(const Flag &flag) const
{
    std::string_view text = flagText(flag);
    if (text.starts_with("--"))
        text.remove_prefix(2);
    return text.substr(0, text.find('='));
}

std::string_view SyntaxTree::flagValue(const Flag &flag) const
{
    const std::string_view text = flagText(flag);
    const size_t equals = text.find('=');
    return equals == std::string_view::npos ? std::string_view() : text.substr(equals + 1);
}

bool SyntaxTree::flagHasValue(const Flag &flag) const
{
    return flagText(flag).find('=') != std::string_view::npos;
}

const Flag *SyntaxTree::findFlag(const Instruction &instruction, std::string_view name) const
{
    for (const Flag &flag : flags(instruction)) {
        if (flagName(flag) == name)
            return &flag;
    }
    return nullptr;
}

std::span<const Heredoc> SyntaxTree::heredocs(const Instruction &instruction) const
{
    return {m_heredocs.data() + instruction.heredocBegin, instruction.heredocCount};
}

std::string_view SyntaxTree::heredocName(const Heredoc &heredoc) const
{
    return std::string_view(m_words).substr(heredoc.nameOffset, heredoc.nameLength);
}

std::string_view SyntaxTree::heredocBody(const Heredoc &heredoc) const
{
    return std::string_view(m_text).substr(heredoc.body.begin, heredoc.body.length());
}

const Instruction *SyntaxTree::trigger(const Instruction &instruction) const
{
    return instruction.trigger >= 0 ? &m_triggers[static_cast<size_t>(instruction.trigger)] : nullptr;
}

std::span<const LogicalSegment> SyntaxTree::segments(const Instruction &instruction) const
{
    return {m_segments.data() + instruction.segmentBegin, instruction.segmentCount};
}

uint32_t SyntaxTree::toSource(const Instruction &instruction, uint32_t logical) const
{
    const std::span<const LogicalSegment> segs = segments(instruction);
    if (segs.empty())
        return instruction.range.begin;
    if (segs.size() == 1) // the common case: one physical line
        return segs.front().source + std::min(logical, segs.front().length);
    // The keyword and most flags are on the first line; later segments start at or
    // after the first one's end, so the search below would pick the first one too.
    if (logical < segs.front().length)
        return segs.front().source + logical;
    // The last segment starting at or before `logical`; an offset at a boundary maps
    // to the start of the next segment, except at the very end.
    auto it = std::upper_bound(
        segs.begin(), segs.end(), logical, [](uint32_t value, const LogicalSegment &s) { return value < s.logical; });
    if (it != segs.begin())
        --it;
    const uint32_t within = std::min(logical - std::min(logical, it->logical), it->length);
    return it->source + within;
}

SourceRange SyntaxTree::toSource(const Instruction &instruction, uint32_t logicalBegin, uint32_t logicalEnd) const
{
    if (logicalEnd <= logicalBegin) {
        const uint32_t at = toSource(instruction, logicalBegin);
        return {at, at};
    }
    // The end maps as "just after the last character" so it stays on that character's line.
    return {toSource(instruction, logicalBegin), toSource(instruction, logicalEnd - 1) + 1};
}

int SyntaxTree::instructionAt(uint32_t offset) const
{
    const auto it = std::upper_bound(m_instructions.begin(), m_instructions.end(), offset,
        [](uint32_t value, const Instruction &i) { return value < i.range.begin; });
    if (it == m_instructions.begin())
        return -1;
    const auto index = static_cast<int>(it - m_instructions.begin()) - 1;
    const Instruction &candidate = m_instructions[static_cast<size_t>(index)];
    return offset <= candidate.range.end ? index : -1;
}

std::string SyntaxTree::reprint() const
{
    std::string out;
    out.reserve(m_text.size());
    for (const Token &token : m_tokens)
        out.append(m_text, token.offset, token.length);
    return out;
}

} // namespace stagecraft

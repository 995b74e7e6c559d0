// SPDX-License-Identifier: MIT
#include "instruction_kind.h"

#include <array>

namespace stagecraft {
namespace {

struct KeywordEntry {
    std::string_view keyword;
    InstructionKind kind;
};

constexpr std::array<KeywordEntry, 18> keywords {{
    {"ADD", InstructionKind::Add},
    {"ARG", InstructionKind::Arg},
    {"CMD", InstructionKind::Cmd},
    {"COPY", InstructionKind::Copy},
    {"ENTRYPOINT", InstructionKind::Entrypoint},
    {"ENV", InstructionKind::Env},
    {"EXPOSE", InstructionKind::Expose},
    {"FROM", InstructionKind::From},
    {"HEALTHCHECK", InstructionKind::Healthcheck},
    {"LABEL", InstructionKind::Label},
    {"MAINTAINER", InstructionKind::Maintainer},
    {"ONBUILD", InstructionKind::Onbuild},
    {"RUN", InstructionKind::Run},
    {"SHELL", InstructionKind::Shell},
    {"STOPSIGNAL", InstructionKind::StopSignal},
    {"USER", InstructionKind::User},
    {"VOLUME", InstructionKind::Volume},
    {"WORKDIR", InstructionKind::Workdir},
}};

// No two keywords share both their length and their second letter, so that pair
// names the only keyword a word can be: one table look-up and one comparison.
constexpr size_t longestKeyword = 11;
constexpr size_t candidateSlot(size_t length, char secondLetterLower)
{
    return length * 32 + static_cast<size_t>(secondLetterLower & 31);
}

constexpr auto candidates = [] {
    std::array<int8_t, (longestKeyword + 1) * 32> table {};
    table.fill(-1);
    for (size_t i = 0; i < keywords.size(); ++i) {
        const std::string_view keyword = keywords[i].keyword;
        int8_t &slot = table[candidateSlot(keyword.size(), static_cast<char>(keyword[1] | 0x20))];
        if (slot >= 0)
            throw "two keywords share a length and a second letter"; // fails the constant evaluation
        slot = static_cast<int8_t>(i);
    }
    return table;
}();

} // namespace

InstructionKind instructionKindFromKeyword(std::string_view keyword)
{
    if (keyword.size() < 3 || keyword.size() > longestKeyword)
        return InstructionKind::Unknown;
    // `c | 0x20` folds only 'A'..'Z' onto 'a'..'z' among the bytes that can equal a
    // lower-case letter, so comparing folded bytes is an exact case-insensitive match.
    const int8_t candidate = candidates[candidateSlot(keyword.size(), static_cast<char>(keyword[1] | 0x20))];
    if (candidate < 0)
        return InstructionKind::Unknown;
    const KeywordEntry &entry = keywords[static_cast<size_t>(candidate)];
    for (size_t i = 0; i < keyword.size(); ++i) {
        if ((keyword[i] | 0x20) != (entry.keyword[i] | 0x20))
            return InstructionKind::Unknown;
    }
    return entry.kind;
}

std::string_view instructionKeyword(InstructionKind kind)
{
    for (const auto &entry : keywords) {
        if (entry.kind == kind)
            return entry.keyword;
    }
    return {};
}

} // namespace stagecraft

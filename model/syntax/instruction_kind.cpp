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

constexpr char upper(char c)
{
    return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

} // namespace

InstructionKind instructionKindFromKeyword(std::string_view keyword)
{
    if (keyword.size() < 3 || keyword.size() > 11)
        return InstructionKind::Unknown;
    // Hot on every instruction: compare the upper-cased first letter before the whole word.
    const char first = upper(keyword.front());
    for (const auto &entry : keywords) {
        if (entry.keyword.size() != keyword.size() || entry.keyword.front() != first)
            continue;
        bool same = true;
        for (size_t i = 1; i < keyword.size() && same; ++i)
            same = upper(keyword[i]) == entry.keyword[i];
        if (same)
            return entry.kind;
    }
    return InstructionKind::Unknown;
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

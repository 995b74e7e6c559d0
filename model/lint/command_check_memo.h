// SPDX-License-Identifier: MIT
#pragma once

// What hadolint's per-command rules find on each RUN text, found once per lint run. Files
// repeat their RUNs (the same `apt-get install ...` in every stage), and what those rules find
// depends only on the instruction's text, on whether its stage ships and on the variables they
// look up in the scope (PIP_NO_CACHE_DIR). A check records those reads, its findings (relative
// to the instruction) and the facts it noted; a later RUN of the same text whose stage and
// scope answer every read the same way gets the findings moved to its own place.

#include "lint_diagnostic.h"
#include "shell/shell_words.h"

#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace stagecraft {

/// What one RUN does, for hadolint's rules that judge the instruction as a whole. The pointers
/// lead into the RUN's split (ShellCache), which every instruction of the same text shares.
struct HadolintRunFacts {
    unsigned downloaders = 0; ///< DL4001: 1 = curl, 2 = wget
    const ShellWord *firstDownloader = nullptr;
    const ShellCommand *aptUpdate = nullptr; ///< DL3009
    bool listsRemoved = false;
    const ShellCommand *yarnInstall = nullptr; ///< DL3060
    bool yarnCacheCleaned = false;
    size_t commandCount = 0; ///< DL3059: commands that run something (a bare `<<EOF` runs nothing)
};

/// A finding as recorded: its range and its fixes' ranges relative to the instruction's first byte.
struct RecordedFinding {
    std::string rule;
    SourceRange range;
    std::string message;
    std::vector<QuickFix> fixes;
};

/// One check of a RUN's commands.
struct CommandCheck {
    bool ships = false; ///< the stage's layers end up in the target image
    /// The names looked up in the RUN's scope, with the answers the check got.
    std::vector<std::pair<std::string, std::optional<std::string>>> variables;
    std::vector<RecordedFinding> findings;
    HadolintRunFacts facts;
};

class CommandCheckMemo {
public:
    /// The check of `shell`'s text that read what the current RUN answers, or null.
    /// `lookup(name)`: the value of `name` in the current RUN's scope (as VariableScope::lookup).
    template <typename Lookup>
    [[nodiscard]] const CommandCheck *find(const InstructionShell &shell, bool ships, Lookup &&lookup) const
    {
        const auto found = m_checks.find(&shell);
        if (found == m_checks.end())
            return nullptr;
        for (const CommandCheck &check : found->second) {
            if (check.ships != ships)
                continue;
            bool agrees = true;
            for (const auto &[name, answer] : check.variables)
                agrees = agrees && lookup(name) == answer;
            if (agrees)
                return &check;
        }
        return nullptr;
    }

    /// A new check of `shell`'s text, to be filled while checking. Valid until the next add().
    CommandCheck &add(const InstructionShell &shell, bool ships);

    /// True the first time it is asked about `shell`'s text. A text seen once is not worth
    /// recording (copying its findings costs more than it saves), so the first RUN of a text
    /// is checked as usual, and the second one records.
    bool firstSighting(const InstructionShell &shell) { return m_checks.try_emplace(&shell).second; }

private:
    /// Keyed by the split: instructions of the same text share one (ShellCache).
    std::unordered_map<const InstructionShell *, std::vector<CommandCheck>> m_checks;
};

/// `range` moved from the instruction at `from` to the one at `to` (either way).
[[nodiscard]] constexpr SourceRange relocated(SourceRange range, uint32_t from, uint32_t to)
{
    // Unsigned arithmetic wraps, so `- from + to` is exact in both directions.
    return {range.begin - from + to, range.end - from + to};
}

/// `fixes` with every edit moved from the instruction at `from` to the one at `to`.
[[nodiscard]] std::vector<QuickFix> relocated(std::vector<QuickFix> fixes, uint32_t from, uint32_t to);

} // namespace stagecraft

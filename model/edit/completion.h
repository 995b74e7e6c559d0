// SPDX-License-Identifier: MIT
#pragma once

// What the editor offers to complete at the cursor: instruction keywords at the start of
// a line, the builder flags of the instruction, stage names after `COPY --from=`,
// `--mount=from=` and in `FROM`, and the ARG and ENV names in scope after `$` and `${`.
// Headless: it reads one Analysis (the text, its tree and its build graph) and a byte
// offset, so the same answers are testable without a widget.

#include "syntax/source_range.h"

#include <cstdint>
#include <string>
#include <vector>

namespace stagecraft {

struct Analysis;

enum class CompletionKind : uint8_t {
    Instruction, ///< FROM, RUN, ...
    Flag, ///< --from=, --mount=, --link
    FlagValue, ///< a value of a flag or of a --mount option: bind, cache, host
    Stage, ///< an earlier stage's name (and `scratch` in FROM)
    Variable, ///< an ARG or ENV in scope
    Keyword, ///< AS in FROM
};

struct CompletionItem {
    std::string label; ///< what the list shows; the typed prefix matches it
    std::string text; ///< what replaces Completion::replace
    CompletionKind kind = CompletionKind::Instruction;
    std::string detail; ///< one line: what a flag does, a stage's base, a variable's value
};

struct Completion {
    /// The bytes the chosen item replaces: the partial word around the cursor (the cursor
    /// may be inside it). Empty when nothing applies.
    SourceRange replace;
    std::string prefix; ///< the part of `replace` before the cursor; items start with it
    /// Candidates whose label starts with `prefix` (ASCII case-insensitive), in display order.
    std::vector<CompletionItem> items;
};

/// The candidates at byte `offset` of the analysed text (clamped to it).
[[nodiscard]] Completion completeAt(const Analysis &analysis, uint32_t offset);

} // namespace stagecraft

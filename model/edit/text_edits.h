// SPDX-License-Identifier: MIT
#pragma once

// Applying TextEdits to text: the headless counterpart of what the document does
// to its buffer, used by the command line and the tests.

#include "lint/lint_diagnostic.h"

#include <string>
#include <string_view>
#include <vector>

namespace stagecraft {

/// Applies `edits` (ranges in the original text, non-overlapping, any order) to `text`.
/// Returns false and leaves `text` unchanged when two edits overlap or one is out of range.
bool applyTextEdits(std::string &text, std::vector<TextEdit> edits);

} // namespace stagecraft

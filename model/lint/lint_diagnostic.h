// SPDX-License-Identifier: MIT
#pragma once

// What every lint rule reports: the rule, where, how bad, what to do about it.
// The editor underlines `range`, the problems panel lists the diagnostics and the
// command line prints them in the formats CI systems read.

#include "syntax/syntax_tree.h"

#include <string>
#include <vector>

namespace stagecraft {

/// A replacement of the bytes in `range` with `text`; an empty range inserts.
struct TextEdit {
    SourceRange range;
    std::string text;
};

/// A named set of edits that fixes a diagnostic, applied together as one undo step.
struct QuickFix {
    std::string title;
    std::vector<TextEdit> edits;
};

struct LintDiagnostic {
    std::string rule; ///< the rule's id: "JSONArgsRecommended", "DL3008", "ToolchainInFinalStage"
    Severity severity = Severity::Warning; ///< after configuration overrides
    SourceRange range; ///< exact bytes the diagnostic is about
    std::string message;
    int stage = -1; ///< index of the stage it belongs to, -1 for none (global ARGs, directives)
    std::vector<QuickFix> fixes;
};

} // namespace stagecraft

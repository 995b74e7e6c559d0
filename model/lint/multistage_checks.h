// SPDX-License-Identifier: MIT
#pragma once

// The multi-stage rule checks, split by what they read; multistage_rules.cpp runs them in order.

#include "final_image.h"
#include "lint_context.h"
#include "multistage_walk.h"

namespace stagecraft {

/// CopyFromUnknownStage: a --from / mount from= that names no stage but nearly matches one.
void checkCopyFromUnknownStage(const LintContext &ctx);
/// UnusedStage: the stages the target does not need that no other stage depends on.
void checkUnusedStages(const LintContext &ctx);
/// The rules about the shipped image, from the walker's end state of the target (after run()).
void checkFinalImage(const LintContext &ctx, const FinalImage &image, const StageWalker &walker);

} // namespace stagecraft

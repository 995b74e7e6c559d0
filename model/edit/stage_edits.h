// SPDX-License-Identifier: MIT
#pragma once

// Adding a stage from the graph view: like the other graph actions, a text edit the
// document applies as one undo step. The new stage goes at the end of the file, where
// BuildKit builds it by default, so adding one changes what the file builds: the view
// shows it as the new (last-stage) target.

#include "edit/graph_edits.h"

#include <string>
#include <string_view>

namespace stagecraft {

/// Appends `FROM <image> AS <name>` as the new last stage, after a blank line, with the
/// file's keyword casing and line ends. Refused for a name BuildKit rejects, a reserved
/// name or one another stage has, and for an image reference that is not valid (a stage
/// name of this file or `scratch` are fine). The placeholder is the image reference.
[[nodiscard]] GraphEdit addStage(
    const SyntaxTree &tree, const BuildGraph &graph, std::string_view image, std::string_view name);

/// A name no stage has yet: `stem`, else `stem-2`, `stem-3`, ... (`stem` lower-cased;
/// "stage" when `stem` is not a valid stage name).
[[nodiscard]] std::string uniqueStageName(const BuildGraph &graph, std::string_view stem);

} // namespace stagecraft

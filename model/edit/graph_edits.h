// SPDX-License-Identifier: MIT
#pragma once

// Graph actions as text edits. The text is the single source of truth: dragging an
// edge, renaming or deleting a stage in the graph view becomes the smallest edit to
// the Dockerfile that does it, keeping the user's formatting and comments. The
// document applies the edits as one undo step, like typing.

#include "graph/build_graph.h"
#include "lint/lint_diagnostic.h"
#include "syntax/syntax_tree.h"

#include <string>
#include <string_view>
#include <vector>

namespace stagecraft {

struct GraphEdit {
    std::vector<TextEdit> edits; ///< empty when refused
    std::string refusal; ///< why the action cannot be done, for the user; empty on success
    /// Ranges in the text *after* the edits that the user may want to edit next
    /// (for a new COPY: its source and destination paths).
    std::vector<SourceRange> placeholders;

    [[nodiscard]] bool ok() const { return refusal.empty(); }
};

/// True when making `target` read from `source` would close a dependency cycle
/// (including `source == target`): BuildKit rejects such builds.
[[nodiscard]] bool wouldCreateCycle(const BuildGraph &graph, int source, int target);

struct CopyPaths {
    std::string source;
    std::string destination;
};

/// Sensible paths for a new `COPY --from=source`: the source stage's working
/// directory (or its `-o`/`--output` build output when one is obvious) and the
/// target stage's working directory.
[[nodiscard]] CopyPaths defaultCopyPaths(const SyntaxTree &tree, const BuildGraph &graph, int source, int target);

/// Adds `COPY --from=<source> <sourcePath> <destinationPath>` to stage `target`: after
/// its last COPY, ADD or WORKDIR and before its CMD/ENTRYPOINT, with the file's
/// keyword casing and the anchor line's indentation. Refused when it would close a
/// cycle. A source defined further down the file is allowed, as BuildKit allows it.
[[nodiscard]] GraphEdit addCopyFrom(const SyntaxTree &tree, const BuildGraph &graph, int source, int target,
    std::string_view sourcePath, std::string_view destinationPath);

/// Renames stage `stage` (its `AS` name and every `FROM`, `--from` and mount `from=`
/// that names it). Refused for names BuildKit rejects, reserved names and names
/// another stage already has.
[[nodiscard]] GraphEdit renameStage(
    const SyntaxTree &tree, const BuildGraph &graph, int stage, std::string_view newName);

/// Removes instruction `instruction` (an index into SyntaxTree::instructions()),
/// whole lines, heredoc bodies included.
[[nodiscard]] GraphEdit removeInstruction(const SyntaxTree &tree, int instruction);

/// Removes stage `stage` and the `COPY --from` instructions that read from it.
/// Refused while another stage is built FROM it.
[[nodiscard]] GraphEdit removeStage(const SyntaxTree &tree, const BuildGraph &graph, int stage);

/// Whether `name` is a stage name BuildKit accepts (`^[a-z][a-z0-9-_.]*$`, any case).
[[nodiscard]] bool isValidStageName(std::string_view name);

} // namespace stagecraft

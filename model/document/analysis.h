// SPDX-License-Identifier: MIT
#pragma once

// Everything the views show that derives from the text: one immutable snapshot per
// revision of the document. Views hold a shared pointer to the snapshot they drew,
// so an analysis never changes under them.

#include "graph/build_graph.h"
#include "syntax/syntax_tree.h"

#include <cstdint>
#include <memory>
#include <string>

namespace stagecraft {

struct AnalysisOptions {
    BuildGraphOptions graph; ///< target, build args, platform
};

struct Analysis {
    uint64_t revision = 0;
    std::shared_ptr<const SyntaxTree> tree;
    BuildGraph graph;
};

/// Parses and analyses `text` (UTF-8, as the document holds it).
[[nodiscard]] std::shared_ptr<const Analysis> analyze(
    std::string text, const AnalysisOptions &options, uint64_t revision);

/// What differs between two snapshots, so each view redraws only what changed.
struct AnalysisChanges {
    bool topology = false; ///< stages, their names and bases, edges, target or reachability
    bool stageExtents = false; ///< stage line ranges or instruction counts
    bool diagnostics = false; ///< parser and graph diagnostics

    [[nodiscard]] bool any() const { return topology || stageExtents || diagnostics; }
};

/// Compares `after` with `before` (null: everything changed).
[[nodiscard]] AnalysisChanges compareAnalyses(const Analysis *before, const Analysis &after);

} // namespace stagecraft

// SPDX-License-Identifier: MIT
#pragma once

// Everything the views show that derives from the text: one immutable snapshot per
// revision of the document. Views hold a shared pointer to the snapshot they drew,
// so an analysis never changes under them.

#include "graph/build_graph.h"
#include "lint/linter.h"
#include "outline.h"
#include "size/size_estimate.h"
#include "syntax/syntax_tree.h"

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace stagecraft {

struct Measurement;

struct AnalysisOptions {
    BuildGraphOptions graph; ///< target, build args, platform
    /// Rule configuration (.hadolint.yaml, ignored rules); its `graph` member is not used:
    /// lint judges the graph built with `graph` above.
    LintOptions lint;
    /// The build context as lint sees it (CopyIgnoredFile, SourceMapsInFinalStage).
    std::shared_ptr<const BuildContextInfo> lintContext;
    /// The scanned build context for the size estimate; null until a scan finished.
    std::shared_ptr<const ContextScan> sizeContext;
    /// Sizes the user entered for images the catalog does not know (reference, bytes).
    std::vector<std::pair<std::string, int64_t>> imageSizes;
    /// Measured sizes of the image built from this file (docker history or image inspect),
    /// attached to the size estimate; null: none.
    std::shared_ptr<const Measurement> measurement;
    /// The target (graph.target) the measured image was built for: with another target the
    /// measurement describes another image and is not attached.
    std::string measurementTarget;
};

/// The lines a diagnostic is on, as the views show it (problems list, editor gutter and
/// underlines, graph tooltips).
struct DiagnosticLines {
    int first = 0; ///< 1-based line of the range's first byte
    int last = 0; ///< 1-based line of the range's last byte (`first` for an empty range)

    friend bool operator==(const DiagnosticLines &, const DiagnosticLines &) = default;
};

/// The lines of each of `diagnostics` (offsets into `tree`'s text), in the same order. One
/// walk over the lines when the list is sorted by position, as lint returns it.
[[nodiscard]] std::vector<DiagnosticLines> findDiagnosticLines(
    const SyntaxTree &tree, const std::vector<LintDiagnostic> &diagnostics);

/// 1-based column of byte `offset` of `tree`'s text, which is on 1-based `line`, in UTF-16
/// units (characters, as the editor counts). Reads the line up to the offset: for the rows a
/// view shows, not for every diagnostic of a big file.
[[nodiscard]] int columnOf(const SyntaxTree &tree, int line, uint32_t offset);

struct Analysis {
    uint64_t revision = 0;
    std::shared_ptr<const SyntaxTree> tree;
    BuildGraph graph;
    /// Every diagnostic: the parser's, the graph's and the rules', sorted by position.
    LintResult lint;
    /// The lines of each of lint.diagnostics. Found with the rest of the analysis (on the worker
    /// for a big text): the views would otherwise look up thousands of lines per keystroke.
    std::vector<DiagnosticLines> diagnosticLines;
    /// Estimated size of every stage; the final image is the target stage.
    SizeReport size;
    /// The build context `size` was estimated with, kept alive with it: the next analysis
    /// reuses stages of `size` only when its context is this very scan.
    std::shared_ptr<const ContextScan> sizeContext;
    /// Stages, ARGs and secrets for the outline panel.
    Outline outline;
};

/// Parses and analyses `text` (UTF-8, as the document holds it). `previous`, the analysis of an
/// earlier version of the text, lets the size estimate take over the stages an edit did not
/// touch (the figures are the same as without it).
[[nodiscard]] std::shared_ptr<const Analysis> analyze(
    std::string text, const AnalysisOptions &options, uint64_t revision, const Analysis *previous = nullptr);

/// What differs between two snapshots, so each view redraws only what changed.
struct AnalysisChanges {
    bool topology = false; ///< stages, their names and bases, edges, target or reachability
    bool stageExtents = false; ///< stage line ranges or instruction counts
    bool diagnostics = false; ///< lint diagnostics (which include the parser's and the graph's)
    bool sizes = false; ///< any stage's or layer's size, estimated or measured

    [[nodiscard]] bool any() const { return topology || stageExtents || diagnostics || sizes; }
};

/// Compares `after` with `before` (null: everything changed).
[[nodiscard]] AnalysisChanges compareAnalyses(const Analysis *before, const Analysis &after);

} // namespace stagecraft

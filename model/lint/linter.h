// SPDX-License-Identifier: MIT
#pragma once

// The lint engine: one call takes a parsed Dockerfile to the single, ordered list of
// problems the editor underlines and the command line prints. It builds the graph and
// the scopes, runs every rule set, turns the parser's and the graph's own diagnostics into
// lint diagnostics, and applies what the file and the configuration say about rules:
// `# check=` (skip, experimental, error), `# hadolint ignore=` pragmas, ignored rules and
// severity overrides.

#include "graph/build_graph.h"
#include "lint_context.h"
#include "lint_diagnostic.h"
#include "shellcheck.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace stagecraft {

struct LintOptions {
    BuildGraphOptions graph; ///< target, build args, platforms
    /// Rules (ids or aliases) never reported: .hadolint.yaml `ignored` and `--ignore`.
    std::vector<std::string> ignored;
    /// Severity per rule (id or alias): .hadolint.yaml `override`. Later entries win.
    std::vector<std::pair<std::string, Severity>> severityOverrides;
    /// .hadolint.yaml `trustedRegistries` (DL3026): registries FROM images may come from;
    /// empty allows every registry.
    std::vector<std::string> trustedRegistries;
    /// Experimental BuildKit checks to run in addition to those `# check=experimental=` enables.
    std::vector<std::string> experimental;
    bool allExperimental = false;
    /// As `# check=error=true`: every BuildKit check violation is an error.
    bool buildKitErrors = false;
    /// Also run ShellCheck on RUN bodies (rules "SC<code>"); off unless set (it starts processes).
    std::optional<ShellCheckOptions> shellCheck;
};

struct LintResult {
    /// Sorted by position (then rule and message); the same input gives the same list.
    std::vector<LintDiagnostic> diagnostics;
    /// For each diagnostic, its rule's aliases are in the catalog; the stage's name is here
    /// so printers need not rebuild the graph: index -> displayName (empty when unnamed).
    std::vector<std::string> stageNames;
    bool buildKitErrorMode = false; ///< `# check=error=true` (or the option) was in effect
    /// Problems running external checkers (ShellCheck missing, timed out); the findings are still valid.
    std::vector<std::string> toolErrors;

    [[nodiscard]] bool hasErrors() const;
    /// The stage's display name ("builder", "stage-2"), or "" for -1.
    [[nodiscard]] std::string stageName(int stage) const;
};

/// Lints `tree`. `context` describes the build context (CopyIgnoredFile and the like);
/// rules that need it stay silent without one. Never throws.
[[nodiscard]] LintResult lint(
    const SyntaxTree &tree, const LintOptions &options = {}, const BuildContextInfo &context = {});
/// Lints `tree` whose graph, built with `options.graph`, is already at hand (the editor's analysis).
[[nodiscard]] LintResult lint(
    const SyntaxTree &tree, const BuildGraph &graph, const LintOptions &options, const BuildContextInfo &context = {});

/// Applies a fix's edits to `text` (edits must not overlap); for tests and the editor's undo step.
[[nodiscard]] std::string applyFix(std::string_view text, const QuickFix &fix);

} // namespace stagecraft

// SPDX-License-Identifier: MIT
#pragma once

// The view of one Dockerfile a lint rule works from, and the way it reports.
// Rules never parse text: they read the syntax tree, the build graph and the scopes.

#include "graph/build_graph.h"
#include "graph/stage_scope.h"
#include "lint_diagnostic.h"
#include "rule_info.h"
#include "shell/shell_cache.h"
#include "syntax/syntax_tree.h"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace stagecraft {

/// Facts about the build context directory, when one was given (CopyIgnoredFile,
/// SourceMapsInFinalStage and the size estimate use it). Paths are relative to the
/// context root, with '/' separators.
struct BuildContextInfo {
    bool present = false;
    std::vector<std::string> files; ///< every file, .dockerignore applied
    std::vector<std::string> ignoredFiles; ///< files .dockerignore excludes
    std::vector<std::string> dockerignorePatterns; ///< as read, in order
};

class LintContext {
public:
    using Sink = std::function<void(LintDiagnostic &&)>;

    /// Reports each finding to `sink`.
    LintContext(const SyntaxTree &tree, const BuildGraph &graph, const ScopeResolver &scopes,
        const BuildContextInfo &context, Sink sink)
        : m_tree(tree)
        , m_graph(graph)
        , m_scopes(scopes)
        , m_context(context)
        , m_sink(std::move(sink))
        , m_shells(tree)
    {}
    /// Appends each finding to `findings` (which must outlive the context): the engine's way,
    /// which builds every diagnostic in place instead of passing it through a call.
    LintContext(const SyntaxTree &tree, const BuildGraph &graph, const ScopeResolver &scopes,
        const BuildContextInfo &context, std::vector<LintDiagnostic> &findings)
        : m_tree(tree)
        , m_graph(graph)
        , m_scopes(scopes)
        , m_context(context)
        , m_findings(&findings)
        , m_shells(tree)
    {}

    [[nodiscard]] const SyntaxTree &tree() const { return m_tree; }
    [[nodiscard]] const BuildGraph &graph() const { return m_graph; }
    [[nodiscard]] const ScopeResolver &scopes() const { return m_scopes; }
    [[nodiscard]] const BuildContextInfo &buildContext() const { return m_context; }
    /// The split RUN bodies (and CMD/ENTRYPOINT/ONBUILD RUN scripts), each split once for all
    /// rule sets: use this rather than instructionShell().
    [[nodiscard]] const ShellCache &shells() const { return m_shells; }

    /// Reports a finding of `rule` (its id). Severity comes from the rule catalog and the
    /// configuration; suppression (`# check=skip`, `# hadolint ignore`, --ignore) is applied
    /// by the engine, so rules report everything they find.
    void report(std::string_view rule, SourceRange range, std::string message, int stage = -1,
        std::vector<QuickFix> fixes = {}) const
    {
        if (m_findings) {
            LintDiagnostic &diagnostic = m_findings->emplace_back();
            try {
                fill(diagnostic, rule, range, std::move(message), stage, std::move(fixes));
            } catch (...) {
                m_findings->pop_back(); // as with a sink: a report that failed adds nothing
                throw;
            }
            return;
        }
        LintDiagnostic diagnostic;
        fill(diagnostic, rule, range, std::move(message), stage, std::move(fixes));
        m_sink(std::move(diagnostic));
    }

private:
    static void fill(LintDiagnostic &diagnostic, std::string_view rule, SourceRange range, std::string &&message,
        int stage, std::vector<QuickFix> &&fixes)
    {
        diagnostic.rule.assign(rule);
        diagnostic.range = range;
        diagnostic.message = std::move(message);
        diagnostic.stage = stage;
        diagnostic.fixes = std::move(fixes);
    }

    const SyntaxTree &m_tree;
    const BuildGraph &m_graph;
    const ScopeResolver &m_scopes;
    const BuildContextInfo &m_context;
    Sink m_sink;
    std::vector<LintDiagnostic> *m_findings = nullptr; ///< when set, findings go here rather than to m_sink
    ShellCache m_shells;
};

/// A family of rules: their catalog entries and one function that checks them all
/// (one pass over the file is cheaper than one pass per rule).
struct RuleSet {
    std::vector<RuleInfo> rules;
    std::function<void(const LintContext &)> check;
};

// Implemented in buildkit_rules.cpp, hadolint_rules.cpp and multistage_rules.cpp.
[[nodiscard]] RuleSet buildKitRules();
[[nodiscard]] RuleSet hadolintRules();
[[nodiscard]] RuleSet multiStageRules();

} // namespace stagecraft

// SPDX-License-Identifier: MIT
#pragma once

// What the Dockerfile itself says about linting: BuildKit's `# check=` parser directive
// (skip rules, enable experimental ones, fail the build on any violation) and hadolint's
// `# hadolint ignore=...` / `# hadolint global ignore=...` comment pragmas.

#include "syntax/syntax_tree.h"

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stagecraft {

/// `# check=skip=A,B;error=true;experimental=C`, read as BuildKit's linter.ParseLintOptions
/// reads it (the same value can come from the BUILDKIT_DOCKERFILE_CHECK build argument).
struct CheckDirective {
    bool skipAll = false;
    std::vector<std::string> skip;
    bool experimentalAll = false;
    std::vector<std::string> experimental;
    bool error = false; ///< error=true: BuildKit fails the build on any violation
    std::string parseError; ///< BuildKit's message when the value is invalid (then nothing else is set)

    /// Whether a (non-experimental) BuildKit rule is skipped.
    [[nodiscard]] bool skips(std::string_view rule) const;
    /// Whether an experimental BuildKit rule is enabled.
    [[nodiscard]] bool enables(std::string_view rule) const;
};

[[nodiscard]] CheckDirective parseCheckDirective(std::string_view value);

/// One `# hadolint ignore=...` comment and the rules it names.
struct IgnorePragma {
    SourceRange range; ///< the comment
    bool global = false;
    std::vector<std::string> rules;
};

/// Reads a comment's text (from '#') as a hadolint pragma; false when it is none.
[[nodiscard]] bool parseIgnorePragma(std::string_view comment, IgnorePragma &pragma);

/// The hadolint pragmas of one file.
class PragmaSuppressions {
public:
    explicit PragmaSuppressions(const SyntaxTree &tree);

    /// Rules named by `# hadolint global ignore=` anywhere in the file.
    [[nodiscard]] const std::vector<std::string> &global() const { return m_global; }
    /// Rules named by `# hadolint ignore=` on the comment lines directly above instruction
    /// `index` (an index into SyntaxTree::instructions()).
    [[nodiscard]] std::span<const std::string> ignoredAt(int index) const;

private:
    std::vector<std::string> m_global;
    std::vector<std::pair<int, std::vector<std::string>>> m_byInstruction; ///< sorted by instruction
};

} // namespace stagecraft

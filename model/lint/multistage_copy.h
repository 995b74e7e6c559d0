// SPDX-License-Identifier: MIT
#pragma once

// The sources and destination of a COPY or ADD, expanded the way dispatch expands them
// (each word with the stage's ARGs and ENVs), each with its exact range in the Dockerfile
// so that a rule can underline the one offending source word.

#include "graph/arg_scope.h"
#include "syntax/syntax_tree.h"

#include <string>
#include <string_view>
#include <vector>

namespace stagecraft {

struct CopyPath {
    std::string value; ///< expanded: variables substituted, quotes removed
    SourceRange range; ///< the word in the source
    bool heredoc = false; ///< `<<EOF`: inline content, not a path
    bool certain = true; ///< false when a variable was unset or expansion failed (value is then a guess)
};

struct CopyArguments {
    std::vector<CopyPath> sources;
    CopyPath destination;

    [[nodiscard]] bool valid() const { return !sources.empty(); }
    /// The destination names a directory: it ends with '/', is "." or "..", or several sources go there.
    [[nodiscard]] bool destinationIsDirectory() const;
};

/// An ADD source fetched over the network (`https://...`, `git@...`).
[[nodiscard]] bool isUrl(std::string_view source);
/// A tar archive ADD unpacks (.tar, .tar.gz, .tgz, ...).
[[nodiscard]] bool isArchive(std::string_view name);
/// A source that may be a directory: ".", "dir/", a name without an extension, or `*`. (A name
/// with a dot can still be a directory; COPY cannot tell.)
[[nodiscard]] bool mayBeDirectory(std::string_view source);

/// Splits and expands a COPY/ADD instruction's arguments in `scope` (the scope just before it).
[[nodiscard]] CopyArguments copyArguments(
    const SyntaxTree &tree, const Instruction &instruction, const VariableScope &scope);

/// The range of the value of `--name=value` in the source, when the flag is written verbatim;
/// otherwise the whole flag. `exact` tells which.
[[nodiscard]] SourceRange flagValueRange(const SyntaxTree &tree, const Flag &flag, bool *exact = nullptr);

} // namespace stagecraft

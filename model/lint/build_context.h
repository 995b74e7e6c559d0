// SPDX-License-Identifier: MIT
#pragma once

// The build context as `docker build` sends it: the files under the context directory,
// less those .dockerignore excludes. Patterns follow BuildKit (moby/patternmatcher and
// ignorefile.ReadAll): `*`, `?`, `[...]`, `**` across directories, `!` exceptions where
// the last matching pattern wins, leading `/` and `./` cleaned away, and a path is
// excluded when it or one of its parent directories matches.

#include "lint_context.h"

#include <QString>

#include <string>
#include <string_view>
#include <vector>

namespace stagecraft {

/// ignorefile.ReadAll: the patterns of a .dockerignore file, comments and blank lines
/// dropped, each cleaned (filepath.Clean, no leading '/'), '!' kept in front.
[[nodiscard]] std::vector<std::string> readDockerignore(std::string_view content);

/// patternmatcher.PatternMatcher over patterns as readDockerignore returns them.
class DockerignoreMatcher {
public:
    DockerignoreMatcher() = default;
    explicit DockerignoreMatcher(const std::vector<std::string> &patterns);

    [[nodiscard]] bool empty() const { return m_patterns.empty(); }
    /// True when some pattern is an exception (`!pattern`).
    [[nodiscard]] bool hasExclusions() const { return m_exclusions; }
    /// BuildKit's message for a pattern it rejects (the build fails); empty when all are fine.
    [[nodiscard]] const std::string &error() const { return m_error; }

    /// MatchesOrParentMatches: whether `path` (slash-separated, relative to the context, used
    /// as written: "./tmp/a" is not cleaned) or one of its parent directories is excluded.
    [[nodiscard]] bool matchesOrParentMatches(std::string_view path) const;

private:
    struct Pattern {
        std::string text; ///< cleaned, without the '!'
        bool exclusion = false;
    };
    std::vector<Pattern> m_patterns;
    bool m_exclusions = false;
    std::string m_error;
};

/// filepath.Clean for slash-separated paths.
[[nodiscard]] std::string cleanIgnorePath(std::string_view path);

struct BuildContextScanOptions {
    int maxFiles = 20000; ///< stop listing after this many files (ignored ones included)
};

/// Lists `contextDir`. The ignore file is `<dockerfile>.dockerignore` beside the Dockerfile
/// when that exists (as BuildKit prefers it), else `<contextDir>/.dockerignore`. Symbolic
/// links are listed but never followed, so nothing outside the context is read. A directory
/// that is excluded while no exception pattern exists is not descended into; it appears in
/// `ignoredFiles` once, with a trailing '/'. `present` is false when the directory cannot be read.
[[nodiscard]] BuildContextInfo scanBuildContext(
    const QString &contextDir, const QString &dockerfilePath = {}, const BuildContextScanOptions &options = {});

} // namespace stagecraft

// SPDX-License-Identifier: MIT
#pragma once

// The outline of a Dockerfile, for the outline panel: its global ARGs, its stages with
// their bases and ARGs, and what looks like a secret (RUN --mount=type=secret ids, and
// ARG/ENV names that look like credentials, as lint's SecretInLayer judges them). Derived
// from an analysis, so the panel never reads the text.

#include "syntax/source_range.h"

#include <string>
#include <vector>

namespace stagecraft {

class BuildGraph;
class SyntaxTree;

struct OutlineItem {
    enum class Kind : uint8_t {
        GlobalArg, ///< ARG before the first FROM
        Arg, ///< ARG inside a stage
        Env, ///< ENV inside a stage (listed only when it looks like a secret)
        SecretMount, ///< RUN --mount=type=secret: `name` is the secret's id
    };
    Kind kind = Kind::Arg;
    std::string name;
    std::string value; ///< the default as written ("" when none); the mount's target for secrets
    bool hasValue = false;
    bool secret = false; ///< the name looks like a credential (always true for SecretMount)
    int stage = -1;
    int line = 0; ///< 1-based
    SourceRange range; ///< the name in the source (the flag for a mount)

    friend bool operator==(const OutlineItem &, const OutlineItem &) = default;
};

struct OutlineStage {
    int index = 0;
    std::string name; ///< display name ("builder", "stage-1")
    std::string base; ///< the base as resolved ("node:20-slim", "builder", "scratch")
    bool baseIsStage = false;
    bool target = false;
    bool reachable = true;
    int line = 0;
    SourceRange range; ///< the FROM instruction
    std::vector<OutlineItem> args; ///< ARGs in order

    friend bool operator==(const OutlineStage &, const OutlineStage &) = default;
};

struct Outline {
    std::vector<OutlineItem> globalArgs;
    std::vector<OutlineStage> stages;
    /// Secret mounts and secret-looking ARG/ENV names, in source order.
    std::vector<OutlineItem> secrets;

    friend bool operator==(const Outline &, const Outline &) = default;
};

[[nodiscard]] Outline buildOutline(const SyntaxTree &tree, const BuildGraph &graph);

/// True when `a` and `b` differ at most in where their entries are (lines and ranges):
/// typing above an entry moves it without changing it. Compares in place, no copies.
[[nodiscard]] bool sameExceptPlaces(const Outline &a, const Outline &b);

} // namespace stagecraft

// SPDX-License-Identifier: MIT
#pragma once

// Container image references as BuildKit reads them: the grammar of
// github.com/distribution/reference and its ParseNormalizedNamed, which turns a
// familiar name ("node:20") into a canonical one ("docker.io/library/node:20").

#include <string>
#include <string_view>

namespace stagecraft {

/// A parsed image reference. When `error` is set the other fields are empty.
struct ImageReference {
    std::string registry; ///< "docker.io", "ghcr.io", "localhost:5000"
    std::string repository; ///< "library/node", "org/app"
    std::string tag; ///< "20-alpine"; empty when none was written
    std::string digest; ///< "sha256:..."; empty when none was written
    std::string error; ///< BuildKit's message when the reference is invalid

    [[nodiscard]] bool valid() const { return error.empty(); }
    /// registry/repository.
    [[nodiscard]] std::string name() const;
    /// The reference BuildKit pulls: name, then ":tag" (":latest" when neither tag
    /// nor digest was written), then "@digest".
    [[nodiscard]] std::string canonical() const;
    /// The short form Docker shows: "node:20", "org/app@sha256:...".
    [[nodiscard]] std::string familiar() const;
};

/// reference.ParseNormalizedNamed. Never throws; invalid input sets `error`.
[[nodiscard]] ImageReference parseImageReference(std::string_view text);

} // namespace stagecraft

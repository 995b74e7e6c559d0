// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace stagecraft {

/// How BuildKit reads the exec form `["a", "b"]`: Go's encoding/json into []any.
enum class JsonArrayStatus {
    NotJsonArray, ///< does not start with '[' or is not valid JSON: shell form
    StringArray, ///< exec form
    NotStringArray, ///< valid JSON array with a non-string element: BuildKit rejects it
};

struct JsonArray {
    JsonArrayStatus status = JsonArrayStatus::NotJsonArray;
    std::vector<std::string> values; ///< decoded strings (invalid UTF-8 becomes U+FFFD, as in Go)
};

/// Parses `text` (leading whitespace allowed) the way BuildKit's parseJSON does.
/// Iterative, so deeply nested input cannot exhaust the stack.
[[nodiscard]] JsonArray parseJsonArray(std::string_view text, bool wantValues = true);

} // namespace stagecraft

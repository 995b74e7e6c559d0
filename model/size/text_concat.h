// SPDX-License-Identifier: MIT
#pragma once

// Joining text in one allocation. The size estimate writes a label and a note for every layer
// of every stage; `a + " " + b + ...` allocates for each intermediate result.

#include <initializer_list>
#include <string>
#include <string_view>

namespace stagecraft {

/// The pieces joined, in one allocation.
[[nodiscard]] inline std::string concat(std::initializer_list<std::string_view> pieces)
{
    size_t size = 0;
    for (const std::string_view piece : pieces)
        size += piece.size();
    std::string out;
    out.reserve(size);
    for (const std::string_view piece : pieces)
        out += piece;
    return out;
}

} // namespace stagecraft

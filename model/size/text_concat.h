// SPDX-License-Identifier: MIT
#pragma once

// Joining text in one allocation. The size estimate writes a label and a note for every layer
// of every stage; `a + " " + b + ...` allocates for each intermediate result.

#include <initializer_list>
#include <string>
#include <string_view>

namespace stagecraft {

/// The length of the pieces together, for a reserve() before appendPieces().
[[nodiscard]] inline size_t piecesSize(std::initializer_list<std::string_view> pieces)
{
    size_t size = 0;
    for (const std::string_view piece : pieces)
        size += piece.size();
    return size;
}

inline void appendPieces(std::string &out, std::initializer_list<std::string_view> pieces)
{
    for (const std::string_view piece : pieces)
        out += piece;
}

/// The pieces joined, in one allocation.
[[nodiscard]] inline std::string concat(std::initializer_list<std::string_view> pieces)
{
    std::string out;
    out.reserve(piecesSize(pieces));
    appendPieces(out, pieces);
    return out;
}

} // namespace stagecraft

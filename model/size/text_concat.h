// SPDX-License-Identifier: MIT
#pragma once

// Joining text in one allocation. The size estimate writes a label and a note for every layer
// of every stage; `a + " " + b + ...` allocates for each intermediate result.

#include <charconv>
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

/// "line 12: " and the pieces, in one allocation: the form of a stage's notes.
[[nodiscard]] inline std::string lineNote(int line, std::initializer_list<std::string_view> pieces)
{
    char prefix[24] = "line ";
    char *end = std::to_chars(prefix + 5, prefix + sizeof prefix - 2, line).ptr;
    *end++ = ':';
    *end++ = ' ';
    std::string out;
    out.reserve(static_cast<size_t>(end - prefix) + piecesSize(pieces));
    out.append(prefix, end);
    appendPieces(out, pieces);
    return out;
}

} // namespace stagecraft

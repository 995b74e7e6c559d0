// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace stagecraft {

/// A half-open byte range [begin, end) in the source text.
struct SourceRange {
    uint32_t begin = 0;
    uint32_t end = 0;

    [[nodiscard]] constexpr uint32_t length() const { return end - begin; }
    [[nodiscard]] constexpr bool contains(uint32_t offset) const { return offset >= begin && offset < end; }
    /// The range `offset` bytes further on (a range relative to some origin, made absolute).
    [[nodiscard]] constexpr SourceRange shifted(uint32_t offset) const { return {begin + offset, end + offset}; }
    friend constexpr bool operator==(SourceRange, SourceRange) = default;
};

/// A position as editors and CI logs show it: 1-based line, 1-based byte column.
struct Position {
    int line = 1;
    int column = 1;
    friend constexpr bool operator==(Position, Position) = default;
};

/// Maps byte offsets to lines and columns. Lines end at '\n' (as BuildKit's scanner
/// counts them); a lone '\r' does not end a line.
class LineIndex {
public:
    LineIndex() = default;
    explicit LineIndex(std::string_view text);
    /// Adopts line starts already found by a caller (0, then the offset after each '\n').
    LineIndex(std::string_view text, std::vector<uint32_t> lineStarts);

    [[nodiscard]] int lineCount() const { return static_cast<int>(m_lineStarts.size()); }
    /// 1-based line containing `offset` (an offset at the end of the text is on the last line).
    [[nodiscard]] int lineAt(uint32_t offset) const;
    [[nodiscard]] Position positionAt(uint32_t offset) const;
    /// Byte offset where 1-based `line` starts; clamped to the text.
    [[nodiscard]] uint32_t lineStart(int line) const;
    /// Byte offset of the end of 1-based `line`, excluding its "\n" (and a "\r" before it).
    [[nodiscard]] uint32_t lineEnd(int line) const;
    [[nodiscard]] uint32_t offsetAt(Position position) const;
    /// Moves the line starts out (for reuse of the storage); leaves the index empty.
    [[nodiscard]] std::vector<uint32_t> takeLineStarts() { return std::move(m_lineStarts); }

private:
    std::string_view m_text;
    std::vector<uint32_t> m_lineStarts {0};
};

} // namespace stagecraft

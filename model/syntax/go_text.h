// SPDX-License-Identifier: MIT
#pragma once

// Text primitives with the exact semantics of the Go standard library functions
// BuildKit's parser is written with (unicode.IsSpace, utf8.DecodeRune,
// strings.TrimSpace, strconv.Quote), so our results match BuildKit's byte for byte.

#include <cstddef>
#include <string>
#include <string_view>

namespace stagecraft::go {

inline constexpr char32_t runeError = 0xFFFD;

struct DecodedRune {
    char32_t rune = runeError;
    int width = 0; ///< bytes consumed; 1 for an invalid byte (rune is then runeError)
};

/// decodeRune() for any byte, ASCII included: the out-of-line part of it.
[[nodiscard]] DecodedRune decodeRuneAt(std::string_view s, size_t pos);

/// utf8.DecodeRuneInString(s[pos:]); width 0 only at the end of the input.
[[nodiscard]] inline DecodedRune decodeRune(std::string_view s, size_t pos)
{
    // The parsers call this for every byte, nearly always ASCII: that case needs no call.
    if (pos < s.size() && static_cast<unsigned char>(s[pos]) < 0x80)
        return {static_cast<unsigned char>(s[pos]), 1};
    return decodeRuneAt(s, pos);
}

/// unicode.IsSpace.
[[nodiscard]] constexpr bool isSpace(char32_t r)
{
    if (r <= 0xFF)
        return r == ' ' || (r >= '\t' && r <= '\r') || r == 0x85 || r == 0xA0;
    return r == 0x1680 || (r >= 0x2000 && r <= 0x200A) || r == 0x2028 || r == 0x2029 || r == 0x202F || r == 0x205F
        || r == 0x3000;
}

/// The [\t\v\f\r ] class of BuildKit's whitespace regular expression.
[[nodiscard]] constexpr bool isBlank(char c)
{
    return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

/// appendRune() for any rune, ASCII included: the out-of-line part of it.
void appendRuneEncoded(std::string &out, char32_t r);

/// Appends the UTF-8 encoding of r (utf8.AppendRune: invalid runes become U+FFFD).
inline void appendRune(std::string &out, char32_t r)
{
    if (r < 0x80)
        out.push_back(static_cast<char>(r)); // the common case, without a call
    else
        appendRuneEncoded(out, r);
}

/// leadingSpaceLength() from `pos` on, for any bytes: the out-of-line part of it.
[[nodiscard]] size_t leadingSpaceLengthFrom(std::string_view s, size_t pos);
/// lengthWithoutTrailingSpace() for any last byte: the out-of-line part of it.
[[nodiscard]] size_t lengthWithoutTrailingSpaceSlow(std::string_view s);

/// A byte that is a whole rune and not a space: the usual start and end of a line's text.
[[nodiscard]] constexpr bool isPrintableAscii(char c)
{
    return static_cast<unsigned char>(c) > ' ' && static_cast<unsigned char>(c) < 0x80;
}

/// Length of the unicode.IsSpace prefix of s, in bytes.
[[nodiscard]] inline size_t leadingSpaceLength(std::string_view s)
{
    // The parser asks on every line, nearly always about indentation of spaces and
    // tabs before printable ASCII: that case needs no call.
    size_t pos = 0;
    while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t'))
        ++pos;
    if (pos == s.size() || isPrintableAscii(s[pos]))
        return pos;
    return leadingSpaceLengthFrom(s, pos);
}

/// Length of s without its unicode.IsSpace suffix, in bytes.
[[nodiscard]] inline size_t lengthWithoutTrailingSpace(std::string_view s)
{
    if (!s.empty() && isPrintableAscii(s.back()))
        return s.size();
    return lengthWithoutTrailingSpaceSlow(s);
}
/// strings.TrimSpace.
[[nodiscard]] std::string_view trimSpace(std::string_view s);

/// strconv.Quote.
[[nodiscard]] std::string quote(std::string_view s);
/// strconv.Quote appended to out.
void appendQuoted(std::string &out, std::string_view s);

/// strings.ToLower (Unicode-aware for valid UTF-8; invalid bytes become U+FFFD as in Go).
[[nodiscard]] std::string toLower(std::string_view s);

} // namespace stagecraft::go

// SPDX-License-Identifier: MIT
#include "go_text.h"

#include <QChar>

namespace stagecraft::go {

DecodedRune decodeRuneAt(std::string_view s, size_t pos)
{
    if (pos >= s.size())
        return {runeError, 0};
    const auto b0 = static_cast<unsigned char>(s[pos]);
    if (b0 < 0x80)
        return {b0, 1};
    const size_t left = s.size() - pos;
    auto cont = [&](size_t i) { return static_cast<unsigned char>(s[pos + i]); };
    auto isCont = [&](size_t i) { return i < left && (cont(i) & 0xC0) == 0x80; };
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        if (isCont(1))
            return {static_cast<char32_t>(((b0 & 0x1F) << 6) | (cont(1) & 0x3F)), 2};
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        // Go rejects overlong forms (E0 80..9F) and surrogates (ED A0..BF).
        const unsigned char lo = b0 == 0xE0 ? 0xA0 : 0x80;
        const unsigned char hi = b0 == 0xED ? 0x9F : 0xBF;
        if (left >= 2 && cont(1) >= lo && cont(1) <= hi && isCont(2))
            return {static_cast<char32_t>(((b0 & 0x0F) << 12) | ((cont(1) & 0x3F) << 6) | (cont(2) & 0x3F)), 3};
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        const unsigned char lo = b0 == 0xF0 ? 0x90 : 0x80;
        const unsigned char hi = b0 == 0xF4 ? 0x8F : 0xBF;
        if (left >= 2 && cont(1) >= lo && cont(1) <= hi && isCont(2) && isCont(3))
            return {static_cast<char32_t>(
                        ((b0 & 0x07) << 18) | ((cont(1) & 0x3F) << 12) | ((cont(2) & 0x3F) << 6) | (cont(3) & 0x3F)),
                4};
    }
    return {runeError, 1};
}

void appendRuneEncoded(std::string &out, char32_t r)
{
    if (r < 0x80) {
        out.push_back(static_cast<char>(r));
    } else if (r < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (r >> 6)));
        out.push_back(static_cast<char>(0x80 | (r & 0x3F)));
    } else if (r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) {
        appendRune(out, runeError);
    } else if (r < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (r >> 12)));
        out.push_back(static_cast<char>(0x80 | ((r >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (r & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (r >> 18)));
        out.push_back(static_cast<char>(0x80 | ((r >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((r >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (r & 0x3F)));
    }
}

size_t leadingSpaceLengthFrom(std::string_view s, size_t pos)
{
    while (pos < s.size()) {
        const auto c = static_cast<unsigned char>(s[pos]);
        if (c < 0x80) {
            if (!isSpace(c))
                break;
            ++pos;
            continue;
        }
        const DecodedRune d = decodeRune(s, pos);
        if (!isSpace(d.rune) || d.width == 1)
            break;
        pos += static_cast<size_t>(d.width);
    }
    return pos;
}

size_t lengthWithoutTrailingSpaceSlow(std::string_view s)
{
    size_t end = s.size();
    while (end > 0) {
        const auto c = static_cast<unsigned char>(s[end - 1]);
        if (c < 0x80) {
            if (!isSpace(c))
                break;
            --end;
            continue;
        }
        // Find the start of the last rune (at most 4 bytes back) and decode it.
        size_t start = end - 1;
        while (start > 0 && end - start < 4 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80)
            --start;
        const DecodedRune d = decodeRune(s, start);
        if (start + static_cast<size_t>(d.width) != end || !isSpace(d.rune) || d.width == 1)
            break;
        end = start;
    }
    return end;
}

std::string_view trimSpace(std::string_view s)
{
    const size_t begin = leadingSpaceLength(s);
    s.remove_prefix(begin);
    return s.substr(0, lengthWithoutTrailingSpace(s));
}

namespace {

// unicode.IsPrint: letters, marks, numbers, punctuation, symbols and ASCII space.
bool isPrint(char32_t r)
{
    if (r < 0x80)
        return r >= 0x20 && r < 0x7F;
    switch (QChar::category(r)) {
    case QChar::Letter_Uppercase:
    case QChar::Letter_Lowercase:
    case QChar::Letter_Titlecase:
    case QChar::Letter_Modifier:
    case QChar::Letter_Other:
    case QChar::Mark_NonSpacing:
    case QChar::Mark_SpacingCombining:
    case QChar::Mark_Enclosing:
    case QChar::Number_DecimalDigit:
    case QChar::Number_Letter:
    case QChar::Number_Other:
    case QChar::Punctuation_Connector:
    case QChar::Punctuation_Dash:
    case QChar::Punctuation_Open:
    case QChar::Punctuation_Close:
    case QChar::Punctuation_InitialQuote:
    case QChar::Punctuation_FinalQuote:
    case QChar::Punctuation_Other:
    case QChar::Symbol_Math:
    case QChar::Symbol_Currency:
    case QChar::Symbol_Modifier:
    case QChar::Symbol_Other:
        return true;
    default:
        return false;
    }
}

constexpr char hexDigits[] = "0123456789abcdef";

void appendHex(std::string &out, uint32_t value, int digits)
{
    for (int i = digits - 1; i >= 0; --i)
        out.push_back(hexDigits[(value >> (4 * i)) & 0xF]);
}

} // namespace

void appendQuoted(std::string &out, std::string_view s)
{
    out.push_back('"');
    for (size_t pos = 0; pos < s.size();) {
        const auto c = static_cast<unsigned char>(s[pos]);
        if (c < 0x80) {
            ++pos;
            if (c == '"' || c == '\\') {
                out.push_back('\\');
                out.push_back(static_cast<char>(c));
            } else if (c >= 0x20 && c < 0x7F) {
                out.push_back(static_cast<char>(c));
            } else {
                switch (c) {
                case '\a':
                    out += "\\a";
                    break;
                case '\b':
                    out += "\\b";
                    break;
                case '\f':
                    out += "\\f";
                    break;
                case '\n':
                    out += "\\n";
                    break;
                case '\r':
                    out += "\\r";
                    break;
                case '\t':
                    out += "\\t";
                    break;
                case '\v':
                    out += "\\v";
                    break;
                default:
                    out += "\\x";
                    appendHex(out, c, 2);
                }
            }
            continue;
        }
        const DecodedRune d = decodeRune(s, pos);
        if (d.width == 1) {
            out += "\\x";
            appendHex(out, c, 2);
        } else if (isPrint(d.rune)) {
            out.append(s.substr(pos, static_cast<size_t>(d.width)));
        } else if (d.rune < 0x10000) {
            out += "\\u";
            appendHex(out, d.rune, 4);
        } else {
            out += "\\U";
            appendHex(out, d.rune, 8);
        }
        pos += static_cast<size_t>(d.width);
    }
    out.push_back('"');
}

std::string quote(std::string_view s)
{
    std::string out;
    out.reserve(s.size() + 2);
    appendQuoted(out, s);
    return out;
}

std::string toLower(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    for (size_t pos = 0; pos < s.size();) {
        const auto c = static_cast<unsigned char>(s[pos]);
        if (c < 0x80) {
            out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c));
            ++pos;
            continue;
        }
        const DecodedRune d = decodeRune(s, pos);
        appendRune(out, d.width == 1 ? runeError : QChar::toLower(d.rune));
        pos += static_cast<size_t>(d.width);
    }
    return out;
}

} // namespace stagecraft::go

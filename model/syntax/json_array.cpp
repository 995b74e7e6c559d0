// SPDX-License-Identifier: MIT
#include "json_array.h"

#include "go_text.h"

namespace stagecraft {
namespace {

// Go's encoding/json refuses nesting deeper than this.
constexpr size_t maxDepth = 10000;

class JsonReader {
public:
    explicit JsonReader(std::string_view text)
        : m_text(text)
    {}

    void skipSpace()
    {
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                break;
            ++m_pos;
        }
    }
    [[nodiscard]] bool atEnd() const { return m_pos >= m_text.size(); }
    [[nodiscard]] char peek() const { return atEnd() ? '\0' : m_text[m_pos]; }
    void advance() { ++m_pos; }

    bool literal(std::string_view word)
    {
        if (m_text.substr(m_pos, word.size()) != word)
            return false;
        m_pos += word.size();
        return true;
    }

    bool number()
    {
        if (peek() == '-')
            advance();
        if (peek() == '0') {
            advance();
        } else if (peek() >= '1' && peek() <= '9') {
            while (peek() >= '0' && peek() <= '9')
                advance();
        } else {
            return false;
        }
        if (peek() == '.') {
            advance();
            if (!(peek() >= '0' && peek() <= '9'))
                return false;
            while (peek() >= '0' && peek() <= '9')
                advance();
        }
        if (peek() == 'e' || peek() == 'E') {
            advance();
            if (peek() == '+' || peek() == '-')
                advance();
            if (!(peek() >= '0' && peek() <= '9'))
                return false;
            while (peek() >= '0' && peek() <= '9')
                advance();
        }
        return true;
    }

    // Reads a string starting at '"'; decodes it into *out when out is non-null.
    bool string(std::string *out)
    {
        advance(); // opening quote
        while (!atEnd()) {
            const auto c = static_cast<unsigned char>(m_text[m_pos]);
            if (c == '"') {
                advance();
                return true;
            }
            if (c < 0x20)
                return false;
            if (c == '\\') {
                advance();
                if (atEnd())
                    return false;
                const char e = m_text[m_pos];
                advance();
                char simple = 0;
                switch (e) {
                case '"':
                    simple = '"';
                    break;
                case '\\':
                    simple = '\\';
                    break;
                case '/':
                    simple = '/';
                    break;
                case 'b':
                    simple = '\b';
                    break;
                case 'f':
                    simple = '\f';
                    break;
                case 'n':
                    simple = '\n';
                    break;
                case 'r':
                    simple = '\r';
                    break;
                case 't':
                    simple = '\t';
                    break;
                case 'u': {
                    char32_t r = 0;
                    if (!hex4(r))
                        return false;
                    if (r >= 0xD800 && r < 0xDC00) {
                        // A high surrogate pairs with a following \uDC00-\uDFFF; otherwise Go emits U+FFFD.
                        const size_t save = m_pos;
                        char32_t low = 0;
                        if (m_text.substr(m_pos, 2) == "\\u") {
                            m_pos += 2;
                            if (!hex4(low))
                                return false;
                            if (low >= 0xDC00 && low < 0xE000) {
                                r = 0x10000 + ((r - 0xD800) << 10) + (low - 0xDC00);
                            } else {
                                m_pos = save;
                                r = go::runeError;
                            }
                        } else {
                            r = go::runeError;
                        }
                    } else if (r >= 0xDC00 && r < 0xE000) {
                        r = go::runeError;
                    }
                    if (out)
                        go::appendRune(*out, r);
                    continue;
                }
                default:
                    return false;
                }
                if (out)
                    out->push_back(simple);
                continue;
            }
            if (c < 0x80) {
                if (out)
                    out->push_back(static_cast<char>(c));
                advance();
                continue;
            }
            const go::DecodedRune d = go::decodeRune(m_text, m_pos);
            if (out) {
                if (d.width == 1)
                    go::appendRune(*out, go::runeError);
                else
                    out->append(m_text.substr(m_pos, static_cast<size_t>(d.width)));
            }
            m_pos += static_cast<size_t>(d.width);
        }
        return false;
    }

private:
    bool hex4(char32_t &value)
    {
        if (m_pos + 4 > m_text.size())
            return false;
        value = 0;
        for (int i = 0; i < 4; ++i) {
            const char h = m_text[m_pos++];
            value <<= 4;
            if (h >= '0' && h <= '9')
                value |= static_cast<char32_t>(h - '0');
            else if (h >= 'a' && h <= 'f')
                value |= static_cast<char32_t>(h - 'a' + 10);
            else if (h >= 'A' && h <= 'F')
                value |= static_cast<char32_t>(h - 'A' + 10);
            else
                return false;
        }
        return true;
    }

    std::string_view m_text;
    size_t m_pos = 0;
};

} // namespace

JsonArray parseJsonArray(std::string_view text, bool wantValues)
{
    JsonArray result;
    text.remove_prefix(go::leadingSpaceLength(text));
    if (text.empty() || text.front() != '[')
        return result;

    JsonReader reader(text);
    bool allStrings = true;
    std::vector<std::string> values;
    // Iterative validation: a stack of open containers ('[' or '{').
    std::string stack;
    reader.advance();
    stack.push_back('[');
    enum class Expect { ValueOrClose, Value, CommaOrClose, KeyOrClose, Key, Colon };
    Expect expect = Expect::ValueOrClose;

    while (!stack.empty()) {
        reader.skipSpace();
        if (reader.atEnd())
            return {};
        const char c = reader.peek();
        const bool topLevel = stack.size() == 1;
        switch (expect) {
        case Expect::KeyOrClose:
        case Expect::Key:
            if (c == '}' && expect == Expect::KeyOrClose) {
                reader.advance();
                stack.pop_back();
                expect = Expect::CommaOrClose;
                break;
            }
            if (c != '"' || !reader.string(nullptr))
                return {};
            expect = Expect::Colon;
            break;
        case Expect::Colon:
            if (c != ':')
                return {};
            reader.advance();
            expect = Expect::Value;
            break;
        case Expect::CommaOrClose:
            if (c == ',') {
                reader.advance();
                expect = stack.back() == '[' ? Expect::Value : Expect::Key;
            } else if ((c == ']' && stack.back() == '[') || (c == '}' && stack.back() == '{')) {
                reader.advance();
                stack.pop_back();
                expect = Expect::CommaOrClose;
            } else {
                return {};
            }
            break;
        case Expect::ValueOrClose:
        case Expect::Value:
            if (c == ']' && expect == Expect::ValueOrClose) {
                reader.advance();
                stack.pop_back();
                expect = Expect::CommaOrClose;
                break;
            }
            if (c == '"') {
                std::string value;
                if (!reader.string(topLevel && wantValues ? &value : nullptr))
                    return {};
                if (topLevel && wantValues)
                    values.push_back(std::move(value));
            } else {
                if (topLevel)
                    allStrings = false;
                if (c == '[' || c == '{') {
                    if (stack.size() >= maxDepth)
                        return {};
                    reader.advance();
                    stack.push_back(c);
                    expect = c == '[' ? Expect::ValueOrClose : Expect::KeyOrClose;
                    continue;
                }
                if (!(reader.literal("true") || reader.literal("false") || reader.literal("null") || reader.number()))
                    return {};
            }
            expect = Expect::CommaOrClose;
            break;
        }
    }
    reader.skipSpace();
    if (!reader.atEnd())
        return {};
    result.status = allStrings ? JsonArrayStatus::StringArray : JsonArrayStatus::NotStringArray;
    if (allStrings)
        result.values = std::move(values);
    return result;
}

} // namespace stagecraft

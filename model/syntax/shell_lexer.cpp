// SPDX-License-Identifier: MIT
#include "shell_lexer.h"

#include "go_text.h"

#include <QChar>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <unordered_set>
#include <utility>

namespace stagecraft {

namespace {

// text/scanner.EOF; runes are int32_t so that it can sit beside them, as in Go.
constexpr int32_t eof = -1;

void putRune(std::string &out, int32_t r)
{
    if (r >= 0 && r < 0x80)
        out.push_back(static_cast<char>(r));
    else // Go's string(rune) and WriteRune turn EOF and other invalid runes into U+FFFD
        go::appendRune(out, r < 0 ? go::runeError : static_cast<char32_t>(r));
}

// unicode.IsLetter / unicode.IsDigit; names may be written in any script, as in BuildKit.
bool isLetter(int32_t r)
{
    if (r < 0x80)
        return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z');
    return QChar::isLetter(static_cast<char32_t>(r));
}

bool isDigit(int32_t r)
{
    if (r < 0x80)
        return r >= '0' && r <= '9';
    return QChar::isDigit(static_cast<char32_t>(r));
}

bool isSpace(int32_t r)
{
    return r >= 0 && go::isSpace(static_cast<char32_t>(r));
}

// The POSIX special parameters BuildKit reads as one-character names ($@, $*, $#, ...).
bool isSpecialParam(int32_t r)
{
    switch (r) {
    case '@':
    case '*':
    case '#':
    case '?':
    case '-':
    case '$':
    case '!':
    case '0':
        return true;
    default:
        return false;
    }
}

// Go's text/scanner as BuildKit uses it: Peek/Next over runes, an invalid byte reads as
// U+FFFD (one byte at a time), and a byte order mark at the very start is skipped.
class RuneScanner {
public:
    explicit RuneScanner(std::string_view source)
        : m_source(source)
    {
        decode();
        if (m_ch == 0xFEFF)
            advance();
    }

    [[nodiscard]] int32_t peek() const { return m_ch; }

    int32_t next()
    {
        const int32_t ch = m_ch;
        if (ch != eof)
            advance();
        return ch;
    }

    // Consumes the run of ASCII characters, from the current one on, that `plain` accepts:
    // copying those in bulk keeps ordinary text fast.
    template <typename Predicate>
    std::string_view takeAsciiRun(Predicate plain)
    {
        const size_t begin = m_pos;
        size_t end = begin;
        while (end < m_source.size()) {
            const auto byte = static_cast<unsigned char>(m_source[end]);
            if (byte >= 0x80 || !plain(byte))
                break;
            ++end;
        }
        if (end != begin) {
            m_pos = end;
            decode();
        }
        return m_source.substr(begin, end - begin);
    }

private:
    void advance()
    {
        m_pos += m_width;
        decode();
    }

    void decode()
    {
        if (m_pos >= m_source.size()) {
            m_ch = eof;
            m_width = 0;
            return;
        }
        const auto byte = static_cast<unsigned char>(m_source[m_pos]);
        if (byte < 0x80) {
            m_ch = byte;
            m_width = 1;
            return;
        }
        const go::DecodedRune d = go::decodeRune(m_source, m_pos);
        m_ch = static_cast<int32_t>(d.rune);
        m_width = static_cast<size_t>(d.width);
    }

    std::string_view m_source;
    size_t m_pos = 0;
    size_t m_width = 0;
    int32_t m_ch = eof;
};

// A string as Go's []rune(s) sees it, with the byte offset of each rune (and of the end)
// so that matches can be cut out of the original bytes.
struct RuneText {
    std::vector<char32_t> runes;
    std::vector<size_t> offsets;
};

RuneText decodeText(std::string_view text)
{
    RuneText out;
    out.runes.reserve(text.size());
    out.offsets.reserve(text.size() + 1);
    for (size_t pos = 0; pos < text.size();) {
        const go::DecodedRune d = go::decodeRune(text, pos);
        out.runes.push_back(d.rune);
        out.offsets.push_back(pos);
        pos += static_cast<size_t>(d.width);
    }
    out.offsets.push_back(text.size());
    return out;
}

void appendRunes(std::string &out, const char32_t *begin, const char32_t *end)
{
    for (; begin != end; ++begin)
        putRune(out, static_cast<int32_t>(*begin));
}

// BuildKit turns ${v#p}, ${v%p} and ${v/p/r} patterns into Go regular expressions built
// only from literals, '.' (for ?) and '.*' or '.*?' (for *), so a small Pike VM over those
// three items reproduces Go's leftmost-first matching exactly, including that neither
// wildcard matches '\n' (Go's '.' does not without the s flag), in O(text x pattern) time
// and without std::regex.
class Glob {
public:
    // convertShellPatternToRegex: '*' and '?' are wildcards, '\' escapes '*', '?' or '\',
    // and is dropped before '}' or '/'; any other escape is an error.
    bool compile(std::string_view pattern, bool greedy, std::string &error)
    {
        m_greedy = greedy;
        m_items.clear();
        RuneScanner scanner(pattern);
        for (int32_t tok = scanner.next(); tok != eof; tok = scanner.next()) {
            switch (tok) {
            case '*':
                // Runs of stars match exactly what one star matches, in the same order of
                // preference; folding them keeps the VM's closures one level deep.
                if (m_items.empty() || m_items.back().kind != Kind::Star)
                    m_items.push_back({Kind::Star, 0});
                continue;
            case '?':
                m_items.push_back({Kind::Any, 0});
                continue;
            case '\\':
                if (scanner.peek() == '}' || scanner.peek() == '/')
                    continue;
                tok = scanner.next();
                if (tok != '*' && tok != '?' && tok != '\\') {
                    error = "invalid escape '\\";
                    putRune(error, tok);
                    error += '\'';
                    return false;
                }
                break;
            default:
                break;
            }
            m_items.push_back({Kind::Literal, static_cast<char32_t>(tok)});
        }
        const size_t states = m_items.size() + 1;
        m_run.seen.assign(states, 0);
        m_next.seen.assign(states, 0);
        return true;
    }

    // Leftmost-first match at or after rune index `from` (only at `from` when anchored), as
    // regexp.FindStringIndex reports it; rune indices [begin, end).
    std::optional<std::pair<size_t, size_t>> find(const std::vector<char32_t> &text, size_t from, bool anchored)
    {
        const auto matchState = static_cast<uint32_t>(m_items.size());
        std::optional<std::pair<size_t, size_t>> match;
        reset(m_run);
        for (size_t pos = from;;) {
            if (m_run.threads.empty() && ((anchored && pos != from) || match))
                break;
            if (!match && (!anchored || pos == from))
                add(m_run, 0, pos); // a new start has the lowest priority
            const int32_t r = pos < text.size() ? static_cast<int32_t>(text[pos]) : eof;
            reset(m_next);
            for (const Thread &thread : m_run.threads) {
                if (thread.state == matchState) {
                    // Everything after this thread has lower priority: drop it.
                    match = std::pair {thread.start, pos};
                    break;
                }
                const Item &item = m_items[thread.state];
                const bool accepted
                    = item.kind == Kind::Literal ? r == static_cast<int32_t>(item.rune) : r != eof && r != '\n';
                if (accepted)
                    add(m_next, item.kind == Kind::Star ? thread.state : thread.state + 1, thread.start);
            }
            if (pos >= text.size())
                break;
            ++pos;
            std::swap(m_run, m_next);
        }
        return match;
    }

private:
    enum class Kind : uint8_t { Literal, Any, Star };
    struct Item {
        Kind kind;
        char32_t rune;
    };
    struct Thread {
        uint32_t state; // index of the item the thread waits on; items.size() means "matched"
        size_t start;
    };
    struct Queue {
        std::vector<Thread> threads;
        std::vector<uint64_t> seen; // generation in which each state was added
        uint64_t generation = 0;
    };

    void reset(Queue &queue)
    {
        queue.threads.clear();
        queue.generation = ++m_generation;
    }

    // Adds a state and its epsilon closure in priority order, as Go's machine.add does.
    void add(Queue &queue, uint32_t state, size_t start)
    {
        if (queue.seen[state] == queue.generation)
            return;
        queue.seen[state] = queue.generation;
        if (state == m_items.size() || m_items[state].kind != Kind::Star) {
            queue.threads.push_back({state, start});
            return;
        }
        // A star either takes one more rune or moves on; greedy prefers the former.
        if (m_greedy) {
            queue.threads.push_back({state, start});
            add(queue, state + 1, start);
        } else {
            add(queue, state + 1, start);
            queue.threads.push_back({state, start});
        }
    }

    std::vector<Item> m_items;
    bool m_greedy = true;
    uint64_t m_generation = 0;
    Queue m_run;
    Queue m_next;
};

// regexp.Regexp.Expand for BuildKit's patterns, which have no capture groups: "$$" is a
// dollar, "$0" / "${0}" is the whole match, any other $name is empty and a malformed
// reference is a literal '$'.
void expandTemplate(std::string &out, std::string_view tmpl, std::string_view match)
{
    while (!tmpl.empty()) {
        const size_t dollar = tmpl.find('$');
        if (dollar == std::string_view::npos)
            break;
        out.append(tmpl.substr(0, dollar));
        tmpl.remove_prefix(dollar + 1);
        if (!tmpl.empty() && tmpl.front() == '$') {
            out.push_back('$');
            tmpl.remove_prefix(1);
            continue;
        }
        std::string_view rest = tmpl;
        const bool brace = !rest.empty() && rest.front() == '{';
        if (brace)
            rest.remove_prefix(1);
        size_t length = 0;
        while (length < rest.size()) {
            const go::DecodedRune d = go::decodeRune(rest, length);
            const auto r = static_cast<int32_t>(d.rune);
            if (!isLetter(r) && !isDigit(r) && r != '_')
                break;
            length += static_cast<size_t>(d.width);
        }
        const std::string_view name = rest.substr(0, length);
        size_t consumed = length;
        bool ok = length > 0;
        if (ok && brace) {
            ok = length < rest.size() && rest[length] == '}';
            ++consumed;
        }
        if (!ok) {
            out.push_back('$');
            continue;
        }
        tmpl = rest.substr(consumed);
        if (name == "0")
            out.append(match);
    }
    out.append(tmpl);
}

// reversePattern: reverses the runes of a pattern but keeps each "\x" pair in order, so
// that a suffix match can be run as a prefix match on the reversed value.
std::string reversePattern(std::string_view pattern)
{
    const std::vector<char32_t> runes = decodeText(pattern).runes;
    std::vector<char32_t> reversed(runes.size());
    const size_t count = runes.size();
    for (size_t i = 0; i < count;) {
        const size_t outIndex = count - 1 - i;
        if (runes[i] == '\\' && i + 1 < count) {
            reversed[outIndex - 1] = runes[i];
            reversed[outIndex] = runes[i + 1];
            i += 2;
        } else {
            reversed[outIndex] = runes[i];
            ++i;
        }
    }
    std::string out;
    out.reserve(pattern.size());
    appendRunes(out, reversed.data(), reversed.data() + reversed.size());
    return out;
}

// Names in order of first appearance; a hash index takes over from the linear scan once
// a word references many distinct names, so that pathological inputs stay linear.
class NameList {
public:
    explicit NameList(std::vector<std::string> &names)
        : m_names(names)
    {}

    void add(std::string_view name)
    {
        constexpr size_t linearLimit = 16;
        if (m_names.size() < linearLimit) {
            if (std::find(m_names.begin(), m_names.end(), name) == m_names.end())
                m_names.emplace_back(name);
            return;
        }
        if (m_index.empty())
            m_index.insert(m_names.begin(), m_names.end());
        if (m_index.emplace(name).second)
            m_names.emplace_back(name);
    }

private:
    std::vector<std::string> &m_names;
    std::unordered_set<std::string> m_index;
};

// BuildKit's wordsStruct: unquoted whitespace (typed or coming from a variable) ends a
// word; quoted and escaped text never does.
class WordSplitter {
public:
    explicit WordSplitter(std::vector<std::string> &words)
        : m_words(words)
    {}

    void addChar(int32_t ch)
    {
        if (!isSpace(ch)) {
            addRawChar(ch);
        } else if (m_inWord && !m_word.empty()) {
            m_words.push_back(std::move(m_word));
            m_word.clear();
            m_inWord = false;
        }
    }

    void addRawChar(int32_t ch)
    {
        putRune(m_word, ch);
        m_inWord = true;
    }

    void addString(std::string_view text)
    {
        for (size_t pos = 0; pos < text.size();) {
            const auto byte = static_cast<unsigned char>(text[pos]);
            if (byte < 0x80) {
                addChar(byte);
                ++pos;
                continue;
            }
            const go::DecodedRune d = go::decodeRune(text, pos);
            addChar(static_cast<int32_t>(d.rune));
            pos += static_cast<size_t>(d.width);
        }
    }

    void addRawString(std::string_view text)
    {
        m_word.append(text);
        m_inWord = true;
    }

    void finish()
    {
        // An empty quoted string ("") marks a word as started but never makes one.
        if (!m_word.empty())
            m_words.push_back(std::move(m_word));
        m_word.clear();
        m_inWord = false;
    }

private:
    std::vector<std::string> &m_words;
    std::string m_word;
    bool m_inWord = false;
};

std::string unsupportedModifier(std::string_view modifier)
{
    std::string message = "unsupported modifier (";
    message.append(modifier);
    message += ") in substitution";
    return message;
}

std::string invalidPattern(std::string_view pattern, std::string_view error)
{
    std::string message = "invalid pattern (";
    message.append(pattern);
    message += ") in substitution: ";
    message.append(error);
    return message;
}

// One run of the lexer over one input; mirrors BuildKit's shellWord, with the recursive
// descent writing into caller-owned buffers instead of returning fresh strings.
class Expander {
public:
    Expander(const ShellLexerOptions &options, std::string_view input, const ShellEnvLookup &env, ShellResult &result)
        : m_options(options)
        , m_env(env)
        , m_result(result)
        , m_scanner(input)
        , m_escapeToken(static_cast<unsigned char>(options.escapeToken))
        , m_rawEscapes(options.rawEscapes)
        , m_used(result.used)
        , m_unmatched(result.unmatched)
    {
        m_result.word.reserve(input.size());
        m_special['$'] = Special::always | Special::inDoubleQuotes;
        m_special['"'] = Special::inDoubleQuotes;
        if (!options.skipProcessQuotes) {
            m_special['\''] |= Special::always;
            m_special['"'] |= Special::always;
        }
        if (m_escapeToken < 0x80)
            m_special[static_cast<size_t>(m_escapeToken)] |= Special::always | Special::inDoubleQuotes;
        m_special['}'] |= Special::brace;
        m_special['/'] |= Special::slash;
        for (const char c : {'\t', '\n', '\v', '\f', '\r', ' '})
            m_special[static_cast<unsigned char>(c)] |= Special::space;
    }

    void run(bool splitWords)
    {
        WordSplitter splitter(m_result.words);
        if (!processStopOn(eof, m_options.rawEscapes, m_result.word, splitWords ? &splitter : nullptr)) {
            m_result.word.clear();
            m_result.words.clear();
            return;
        }
        if (splitWords)
            splitter.finish();
    }

private:
    // Why an ASCII character ends a run of plain text, by context (bits of m_special).
    enum Special : uint8_t {
        always = 1, // '$', the escape token and (unless skipped) quotes
        brace = 2, // ends a ${...} word
        slash = 4, // ends a ${v/pattern/...} pattern
        space = 8, // ends a word when splitting
        inDoubleQuotes = 16, // '"', '$' and the escape token
    };

    // Sets a flag for the duration of a call, as processStopOn's deferred reset does.
    class FlagScope {
    public:
        FlagScope(bool &flag, bool value)
            : m_flag(flag)
            , m_saved(flag)
        {
            m_flag = value;
        }
        ~FlagScope() { m_flag = m_saved; }
        FlagScope(const FlagScope &) = delete;
        FlagScope &operator=(const FlagScope &) = delete;

    private:
        bool &m_flag;
        bool m_saved;
    };

    bool fail(std::string message)
    {
        m_result.error = std::move(message);
        return false;
    }

    // Scratch buffers for nested words, two per nesting level (${v/pattern/replacement}
    // needs both at once), reused across a run. Each lives on the heap so that references
    // stay valid while the list grows, and nothing is allocated for words without ${...}.
    std::string &scratch(size_t slot)
    {
        while (m_scratch.size() <= slot)
            m_scratch.push_back(std::make_unique<std::string>());
        std::string &buffer = *m_scratch[slot];
        buffer.clear();
        return buffer;
    }

    std::optional<std::string> getEnv(std::string_view name)
    {
        std::optional<std::string> value = m_env ? m_env(name) : std::nullopt;
        if (value)
            m_used.add(name);
        else
            m_unmatched.add(name);
        return value;
    }

    // Reads the text up to stopChar (consumed) or the end of input, expanding as it goes.
    bool processStopOn(int32_t stopChar, bool rawEscapes, std::string &out, WordSplitter *words)
    {
        const FlagScope rawEscapesScope(m_rawEscapes, rawEscapes);
        // Characters that need no handling of their own (whitespace does when splitting).
        const uint8_t stops = Special::always | (stopChar == '}' ? Special::brace : 0)
            | (stopChar == '/' ? Special::slash : 0) | (words ? Special::space : 0);
        const auto plain = [&](unsigned char c) { return (m_special[c] & stops) == 0; };
        while (m_scanner.peek() != eof) {
            int32_t ch = m_scanner.peek();
            if (stopChar != eof && ch == stopChar) {
                m_scanner.next();
                return true;
            }
            const bool quote = !m_options.skipProcessQuotes && (ch == '\'' || ch == '"');
            if (ch == '$' || quote) {
                const size_t before = out.size();
                const bool ok = ch == '$' ? processDollar(out)
                    : ch == '\''          ? processSingleQuote(out)
                                          : processDoubleQuote(out);
                if (!ok)
                    return false;
                if (words) {
                    // Expanded values are split on whitespace, quoted text is not.
                    const std::string_view added = std::string_view(out).substr(before);
                    if (ch == '$')
                        words->addString(added);
                    else
                        words->addRawString(added);
                }
                continue;
            }
            if (ch < 0x80 && plain(static_cast<unsigned char>(ch))) {
                const std::string_view run = m_scanner.takeAsciiRun(plain);
                out.append(run);
                if (words) // none of it is whitespace, so this is what addChar would do
                    words->addRawString(run);
                continue;
            }
            ch = m_scanner.next();
            if (ch == m_escapeToken) {
                if (m_rawEscapes) {
                    if (words)
                        words->addRawChar(ch);
                    putRune(out, ch);
                }
                ch = m_scanner.next();
                if (ch == eof) // a trailing escape is dropped
                    break;
                if (words)
                    words->addRawChar(ch);
            } else if (words) {
                words->addChar(ch);
            }
            putRune(out, ch);
        }
        if (stopChar != eof) {
            std::string message = "unexpected end of statement while looking for matching ";
            putRune(message, stopChar);
            return fail(std::move(message));
        }
        return true;
    }

    // Everything up to the next ' is literal; there is no way to escape a '.
    bool processSingleQuote(std::string &out)
    {
        int32_t ch = m_scanner.next();
        if (m_options.rawQuotes)
            putRune(out, ch);
        for (;;) {
            out.append(m_scanner.takeAsciiRun([](unsigned char c) { return c != '\''; }));
            ch = m_scanner.next();
            if (ch == eof)
                return fail("unexpected end of statement while looking for matching single-quote");
            if (ch == '\'') {
                if (m_options.rawQuotes)
                    putRune(out, ch);
                return true;
            }
            putRune(out, ch);
        }
    }

    // Literal except for $ expansions; the escape token escapes only ", $ and itself and
    // stays literal before anything else.
    bool processDoubleQuote(std::string &out)
    {
        int32_t ch = m_scanner.next();
        if (m_options.rawQuotes)
            putRune(out, ch);
        const auto plain = [&](unsigned char c) { return (m_special[c] & Special::inDoubleQuotes) == 0; };
        for (;;) {
            out.append(m_scanner.takeAsciiRun(plain));
            const int32_t peeked = m_scanner.peek();
            if (peeked == eof)
                return fail("unexpected end of statement while looking for matching double-quote");
            if (peeked == '"') {
                ch = m_scanner.next();
                if (m_options.rawQuotes)
                    putRune(out, ch);
                return true;
            }
            if (peeked == '$') {
                if (!processDollar(out))
                    return false;
                continue;
            }
            ch = m_scanner.next();
            if (ch == m_escapeToken) {
                if (m_rawEscapes)
                    putRune(out, ch);
                const int32_t following = m_scanner.peek();
                if (following == eof) // dropped here; the missing quote is reported next
                    continue;
                if (following == '"' || following == '$' || following == m_escapeToken)
                    ch = m_scanner.next();
            }
            putRune(out, ch);
        }
    }

    // A name is a run of letters, digits and '_', or a run of digits ($10 is "10"), or one
    // special parameter character.
    void processName(std::string &name)
    {
        while (m_scanner.peek() != eof) {
            const int32_t ch = m_scanner.peek();
            if (name.empty() && isDigit(ch)) {
                while (m_scanner.peek() != eof && isDigit(m_scanner.peek()))
                    putRune(name, m_scanner.next());
                return;
            }
            if (name.empty() && isSpecialParam(ch)) {
                putRune(name, m_scanner.next());
                return;
            }
            if (!isLetter(ch) && !isDigit(ch) && ch != '_')
                return;
            putRune(name, m_scanner.next());
        }
    }

    bool processDollar(std::string &out)
    {
        m_scanner.next(); // '$'
        if (m_scanner.peek() != '{') {
            std::string name;
            processName(name);
            if (name.empty()) { // "$" before anything that cannot start a name is literal
                out.push_back('$');
                return true;
            }
            const std::optional<std::string> value = getEnv(name);
            if (value) {
                out += *value;
            } else if (m_options.skipUnsetEnv) {
                out.push_back('$');
                out += name;
            }
            return true;
        }

        m_scanner.next(); // '{'
        switch (m_scanner.peek()) {
        case eof:
            return fail("syntax error: missing '}'");
        case '{':
        case '}':
        case ':':
            return fail("syntax error: bad substitution");
        default:
            break;
        }
        std::string name;
        processName(name);
        int32_t ch = m_scanner.next();
        std::string modifier; // as BuildKit quotes it in errors and in skipUnsetEnv output
        putRune(modifier, ch);

        if (ch == '}') {
            const std::optional<std::string> value = getEnv(name);
            if (value) {
                out += *value;
            } else if (m_options.skipUnsetEnv) {
                out += "${";
                out += name;
                out.push_back('}');
            }
            return true;
        }
        if (ch == '/')
            return processReplace(out, name);

        bool nullIsUnset = false;
        if (ch == ':') {
            // Whatever follows the colon goes through the modifier path, so that even an
            // unsupported one (${v:=x}) has its word read before it is rejected.
            nullIsUnset = true;
            ch = m_scanner.next();
            putRune(modifier, ch);
        } else if (ch != '+' && ch != '-' && ch != '?' && ch != '#' && ch != '%') {
            return fail(unsupportedModifier(modifier));
        }

        const bool isPattern = ch == '#' || ch == '%';
        if (nullIsUnset && isPattern)
            return fail(unsupportedModifier(modifier));
        std::string &word = scratch(2 * static_cast<size_t>(m_depth));
        if (!processNested('}', isPattern, word, "syntax error: missing '}'"))
            return false;

        const std::optional<std::string> value = getEnv(name);
        const bool set = value.has_value();
        if (m_options.skipUnsetEnv && !set) {
            out += "${";
            out += name;
            out += modifier;
            out += word;
            out.push_back('}');
            return true;
        }
        const bool null = !set || (nullIsUnset && value->empty());
        switch (ch) {
        case '-':
            out += null ? word : *value;
            return true;
        case '+':
            if (!null)
                out += word;
            return true;
        case '?':
            if (null) {
                const char *reason = set ? "is not allowed to be empty" : "is not allowed to be unset";
                return fail(name + ": " + (word.empty() ? std::string(reason) : word));
            }
            out += *value;
            return true;
        case '#':
        case '%': {
            // '#' / '%' take the shortest match, '##' / '%%' the longest.
            std::string_view pattern = word;
            const bool greedy = !pattern.empty() && pattern.front() == static_cast<char>(ch);
            if (greedy)
                pattern.remove_prefix(1);
            const std::string_view subject = set ? std::string_view(*value) : std::string_view();
            return ch == '#' ? trimPrefix(out, pattern, subject, greedy) : trimSuffix(out, pattern, subject, greedy);
        }
        default:
            return fail(unsupportedModifier(modifier));
        }
    }

    // Reads a nested word up to `stop`; BuildKit reports running out of input there with a
    // message of its own.
    bool processNested(int32_t stop, bool rawEscapes, std::string &word, const char *atEnd)
    {
        if (m_depth >= ShellLexer::maxNesting)
            return fail("syntax error: substitutions nested too deeply");
        ++m_depth;
        const bool ok = processStopOn(stop, rawEscapes, word, nullptr);
        --m_depth;
        if (!ok && m_scanner.peek() == eof)
            m_result.error = atEnd;
        return ok;
    }

    // ${v/pattern/replacement} (first match) and ${v//pattern/replacement} (every match).
    bool processReplace(std::string &out, const std::string &name)
    {
        const bool replaceAll = m_scanner.peek() == '/';
        if (replaceAll)
            m_scanner.next();
        std::string &pattern = scratch(2 * static_cast<size_t>(m_depth));
        if (!processNested('/', true, pattern, "syntax error: missing '/' in ${}"))
            return false;
        std::string &replacement = scratch(2 * static_cast<size_t>(m_depth) + 1);
        if (!processNested('}', true, replacement, "syntax error: missing '}'"))
            return false;

        const std::optional<std::string> value = getEnv(name);
        if (m_options.skipUnsetEnv && !value) {
            // BuildKit writes one '/' back even for '//'.
            out += "${";
            out += name;
            out.push_back('/');
            out += pattern;
            out.push_back('/');
            out += replacement;
            out.push_back('}');
            return true;
        }

        Glob glob;
        std::string error;
        if (!glob.compile(pattern, true, error))
            return fail(invalidPattern(pattern, error));
        const std::string_view subject = value ? std::string_view(*value) : std::string_view();
        const RuneText text = decodeText(subject);
        if (!replaceAll) {
            // A single replacement is inserted as is...
            const auto match = glob.find(text.runes, 0, false);
            if (!match) {
                out.append(subject);
                return true;
            }
            out.append(subject.substr(0, text.offsets[match->first]));
            out += replacement;
            out.append(subject.substr(text.offsets[match->second]));
            return true;
        }
        // ...but ReplaceAllString expands $-references in it; this is its loop, including
        // how it steps past empty matches.
        const size_t count = text.runes.size();
        size_t lastMatchEnd = 0;
        for (size_t searchPos = 0; searchPos <= count;) {
            const auto match = glob.find(text.runes, searchPos, false);
            if (!match)
                break;
            const auto [begin, end] = *match;
            out.append(subject.substr(text.offsets[lastMatchEnd], text.offsets[begin] - text.offsets[lastMatchEnd]));
            if (end > lastMatchEnd || begin == 0) {
                expandTemplate(
                    out, replacement, subject.substr(text.offsets[begin], text.offsets[end] - text.offsets[begin]));
            }
            lastMatchEnd = end;
            searchPos = end > searchPos ? end : searchPos + 1;
        }
        out.append(subject.substr(text.offsets[lastMatchEnd]));
        return true;
    }

    bool trimPrefix(std::string &out, std::string_view pattern, std::string_view subject, bool greedy)
    {
        Glob glob;
        std::string error;
        if (!glob.compile(pattern, greedy, error))
            return fail(invalidPattern(pattern, error));
        const RuneText text = decodeText(subject);
        const auto match = glob.find(text.runes, 0, true);
        out.append(match ? subject.substr(text.offsets[match->second]) : subject);
        return true;
    }

    // Suffixes are trimmed as prefixes of the reversed value with the reversed pattern (Go's
    // regexp cannot find the shortest rightmost match). Like BuildKit, the value comes back
    // through []rune, so invalid UTF-8 in it turns into U+FFFD even where nothing matched.
    bool trimSuffix(std::string &out, std::string_view pattern, std::string_view subject, bool greedy)
    {
        const std::string reversed = reversePattern(pattern);
        Glob glob;
        std::string error;
        if (!glob.compile(reversed, greedy, error))
            return fail(invalidPattern(reversed, error));
        std::vector<char32_t> runes = decodeText(subject).runes;
        std::reverse(runes.begin(), runes.end());
        const auto match = glob.find(runes, 0, true);
        const size_t trimmed = match ? match->second : 0;
        std::reverse(runes.begin(), runes.end());
        appendRunes(out, runes.data(), runes.data() + (runes.size() - trimmed));
        return true;
    }

    const ShellLexerOptions &m_options;
    const ShellEnvLookup &m_env;
    ShellResult &m_result;
    RuneScanner m_scanner;
    const int32_t m_escapeToken;
    bool m_rawEscapes;
    int m_depth = 0;
    NameList m_used;
    NameList m_unmatched;
    std::vector<std::unique_ptr<std::string>> m_scratch;
    std::array<uint8_t, 128> m_special {};
};

} // namespace

ShellLexer::ShellLexer(ShellLexerOptions options)
    : m_options(options)
{}

ShellResult ShellLexer::processWord(std::string_view input, const ShellEnvLookup &env) const
{
    ShellResult result;
    Expander(m_options, input, env, result).run(false);
    return result;
}

ShellResult ShellLexer::processWords(std::string_view input, const ShellEnvLookup &env) const
{
    ShellResult result;
    Expander(m_options, input, env, result).run(true);
    return result;
}

} // namespace stagecraft

// SPDX-License-Identifier: MIT
#include "shell_words.h"

#include "syntax/json_array.h"

#include <algorithm>
#include <array>
#include <optional>
#include <span>

namespace stagecraft {

namespace {

bool isBlank(char c)
{
    // '\r' counts as a blank so that CRLF heredoc bodies split like LF ones.
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

bool isOperatorChar(char c)
{
    return c == ';' || c == '&' || c == '|' || c == '(' || c == ')' || c == '<' || c == '>';
}

/// Characters that stand for themselves inside a word (a table: this is the inner loop).
constexpr std::array<bool, 256> plainWordChars = [] {
    std::array<bool, 256> table {};
    table.fill(true);
    for (unsigned char c : std::string_view(" \t\r\f\v\n;&|()<>\\'\"$`"))
        table[c] = false;
    return table;
}();

inline bool isPlainWordChar(char c)
{
    return plainWordChars[static_cast<unsigned char>(c)];
}

bool isNameStart(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool isNameChar(char c)
{
    return isNameStart(c) || (c >= '0' && c <= '9');
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

/// Opaque constructs skipped as a whole: `$(...)`, `${...}`, "...", `...`.
enum class Nest : uint8_t { Paren, Brace, DoubleQuote, Backtick };

/// Skips a nested construct whose opener ends just before `i`, with an explicit stack so
/// that deep nesting cannot exhaust ours. Returns the offset just past the closer (or the
/// end of `s`, clearing `terminated`). Every iteration advances, so this is linear.
size_t skipNested(std::string_view s, size_t i, Nest first, bool &terminated)
{
    const size_t n = s.size();
    std::vector<Nest> stack {first};
    auto at = [&](size_t k) { return k < n ? s[k] : '\0'; };
    while (i < n && !stack.empty()) {
        const char c = s[i];
        const Nest top = stack.back();
        if (c == '\\') {
            i = std::min(n, i + 2);
            continue;
        }
        if (top == Nest::Backtick) {
            if (c == '`')
                stack.pop_back();
            ++i;
            continue;
        }
        if (c == '$' && at(i + 1) == '(') {
            stack.push_back(Nest::Paren);
            i += 2;
            continue;
        }
        if (c == '$' && at(i + 1) == '{') {
            stack.push_back(Nest::Brace);
            i += 2;
            continue;
        }
        if (c == '`') {
            stack.push_back(Nest::Backtick);
            ++i;
            continue;
        }
        if (top == Nest::DoubleQuote) {
            if (c == '"')
                stack.pop_back();
            ++i;
            continue;
        }
        // Paren or Brace.
        if (c == '\'') {
            const size_t close = s.find('\'', i + 1);
            i = close == std::string_view::npos ? n : close + 1;
            continue;
        }
        if (c == '"') {
            stack.push_back(Nest::DoubleQuote);
            ++i;
            continue;
        }
        if (top == Nest::Paren) {
            if (c == '(') {
                stack.push_back(Nest::Paren);
            } else if (c == ')') {
                stack.pop_back();
            } else if (c == '#' && (i == 0 || isBlank(s[i - 1]) || s[i - 1] == '\n' || s[i - 1] == ';')) {
                // A comment inside a command substitution: its parentheses do not count.
                const size_t eol = s.find('\n', i);
                i = eol == std::string_view::npos ? n : eol;
                continue;
            }
        } else if (c == '}') {
            stack.pop_back();
        }
        ++i;
    }
    terminated = stack.empty();
    return i;
}

enum class TokenType : uint8_t { Word, Operator, Redirect, Newline, End };

struct Token {
    TokenType type = TokenType::End;
    ShellWord word; ///< Word
    std::string_view op; ///< Operator / Redirect text (without descriptor)
    int fd = -1; ///< Redirect
    uint32_t begin = 0;
    uint32_t end = 0;
};

class Lexer {
public:
    Lexer(std::string_view script, bool &complete)
        : m_s(script)
        , m_complete(complete)
    {}

    [[nodiscard]] size_t position() const { return m_i; }
    void setPosition(size_t i) { m_i = i; }
    void setDoubleBracket(bool on) { m_doubleBracket = on; }
    [[nodiscard]] bool doubleBracket() const { return m_doubleBracket; }

    /// The next character that is not a blank or a line continuation (without consuming it).
    [[nodiscard]] char peekChar() const
    {
        size_t i = m_i;
        while (i < m_s.size()) {
            if (isBlank(m_s[i])) {
                ++i;
            } else if (m_s[i] == '\\' && i + 1 < m_s.size() && m_s[i + 1] == '\n') {
                i += 2;
            } else {
                return m_s[i];
            }
        }
        return '\0';
    }

    /// After a `(` at the start of a command: if `((...))` follows, consumes it and returns true.
    /// `((a) ; b)` (nested subshells) is left alone: its parentheses do not close together.
    bool arithmeticCommand()
    {
        // A failed attempt is not repeated inside the text it scanned, which keeps `(((((...`
        // linear (those parentheses are subshells then).
        if (at(m_i) != '(' || m_i < m_noArithmeticBefore)
            return false;
        bool terminated = true;
        const size_t end = skipNested(m_s, m_i, Nest::Paren, terminated);
        if (!terminated || end < m_i + 3 || m_s[end - 2] != ')') {
            m_noArithmeticBefore = end;
            return false;
        }
        m_i = end;
        return true;
    }

    /// Consumes the balance of a `(` group whose opener was just read (arithmetic, array literal).
    void skipParens()
    {
        bool terminated = true;
        m_i = skipNested(m_s, m_i, Nest::Paren, terminated);
        if (!terminated)
            m_complete = false;
    }

    Token next()
    {
        const size_t n = m_s.size();
        for (;;) {
            while (m_i < n && isBlank(m_s[m_i]))
                ++m_i;
            if (m_i + 1 < n && m_s[m_i] == '\\' && m_s[m_i + 1] == '\n') {
                m_i += 2;
                continue;
            }
            if (m_i < n && m_s[m_i] == '#') {
                const size_t eol = m_s.find('\n', m_i);
                m_i = eol == std::string_view::npos ? n : eol;
                continue;
            }
            break;
        }
        // Each path builds its own Token (a word's is made by wordToken()): one Token, with its
        // ShellWord, per token read.
        const auto begin = static_cast<uint32_t>(m_i);
        if (m_i >= n) {
            Token t;
            t.begin = t.end = begin;
            return t;
        }
        const char c = m_s[m_i];
        if (c == '\n') {
            ++m_i;
            Token t;
            t.type = TokenType::Newline;
            t.begin = begin;
            t.end = static_cast<uint32_t>(m_i);
            return t;
        }
        if (m_doubleBracket
            && (c == '<' || c == '>' || c == '(' || c == ')' || ((c == '&' || c == '|') && at(m_i + 1) == c))) {
            // Inside [[ ]] these are expression operators, i.e. arguments of the test.
            const size_t len = (c == '&' || c == '|') ? 2 : 1;
            Token t;
            t.type = TokenType::Word;
            t.begin = begin;
            t.word.value.assign(m_s.substr(m_i, len));
            m_i += len;
            t.word.begin = t.begin;
            t.word.end = static_cast<uint32_t>(m_i);
            t.end = t.word.end;
            return t;
        }
        // A descriptor number directly followed by a redirection operator: `2>&1`.
        if (isDigit(c)) {
            size_t j = m_i;
            while (j < n && isDigit(m_s[j]))
                ++j;
            if (j < n && (m_s[j] == '<' || m_s[j] == '>') && at(j + 1) != '(' && j - m_i <= 9) {
                int fd = 0;
                for (size_t k = m_i; k < j; ++k)
                    fd = fd * 10 + (m_s[k] - '0');
                m_i = j;
                Token r = redirect();
                r.fd = fd;
                r.begin = begin;
                return r;
            }
        }
        if ((c == '<' || c == '>') && at(m_i + 1) != '(')
            return redirect();
        if (c == '&' && at(m_i + 1) == '>')
            return redirect();
        if (isOperatorChar(c) && !((c == '<' || c == '>') && at(m_i + 1) == '('))
            return operatorToken();
        return wordToken();
    }

private:
    [[nodiscard]] char at(size_t k) const { return k < m_s.size() ? m_s[k] : '\0'; }

    Token redirect()
    {
        static constexpr std::string_view ops[] = {
            "&>>",
            "&>",
            "<<<",
            "<<-",
            "<<",
            "<>",
            "<&",
            "<",
            ">>",
            ">&",
            ">|",
            ">",
        };
        Token t;
        t.type = TokenType::Redirect;
        t.begin = static_cast<uint32_t>(m_i);
        for (std::string_view op : ops) {
            if (m_s.substr(m_i, op.size()) == op) {
                t.op = op;
                m_i += op.size();
                break;
            }
        }
        t.end = static_cast<uint32_t>(m_i);
        return t;
    }

    Token operatorToken()
    {
        static constexpr std::string_view ops[] = {
            ";;&",
            ";;",
            ";&",
            ";",
            "&&",
            "&",
            "||",
            "|&",
            "|",
            "(",
            ")",
        };
        Token t;
        t.type = TokenType::Operator;
        t.begin = static_cast<uint32_t>(m_i);
        for (std::string_view op : ops) {
            if (m_s.substr(m_i, op.size()) == op) {
                t.op = op;
                m_i += op.size();
                break;
            }
        }
        if (t.op.empty()) { // unreachable for operator characters; keeps the loop advancing regardless
            t.op = m_s.substr(m_i, 1);
            ++m_i;
        }
        t.end = static_cast<uint32_t>(m_i);
        return t;
    }

    void appendOpaque(ShellWord &w, size_t from, Nest nest, size_t openerLength)
    {
        bool terminated = true;
        const size_t end = skipNested(m_s, from + openerLength, nest, terminated);
        if (!terminated)
            m_complete = false;
        w.value.append(m_s.substr(from, end - from));
        m_i = end;
    }

    /// `$...` at m_i, outside single quotes. Appends it verbatim.
    void dollar(ShellWord &w)
    {
        const size_t start = m_i;
        const char next = at(m_i + 1);
        if (next == '(') {
            w.hasExpansion = true;
            appendOpaque(w, start, Nest::Paren, 2);
        } else if (next == '{') {
            w.hasExpansion = true;
            appendOpaque(w, start, Nest::Brace, 2);
        } else if (isNameStart(next)) {
            w.hasExpansion = true;
            size_t j = m_i + 1;
            while (j < m_s.size() && isNameChar(m_s[j]))
                ++j;
            w.value.append(m_s.substr(start, j - start));
            m_i = j;
        } else if (isDigit(next) || next == '@' || next == '*' || next == '#' || next == '?' || next == '-'
            || next == '$' || next == '!') {
            w.hasExpansion = true;
            w.value.append(m_s.substr(start, 2));
            m_i += 2;
        } else {
            w.value.push_back('$');
            ++m_i;
        }
    }

    void singleQuoted(ShellWord &w)
    {
        const size_t close = m_s.find('\'', m_i + 1);
        w.quoted = true;
        if (close == std::string_view::npos) {
            w.value.append(m_s.substr(m_i + 1));
            m_i = m_s.size();
            m_complete = false;
            return;
        }
        w.value.append(m_s.substr(m_i + 1, close - m_i - 1));
        m_i = close + 1;
    }

    /// $'...': the common escapes, enough for lint to compare values.
    void ansiQuoted(ShellWord &w)
    {
        w.quoted = true;
        m_i += 2;
        const size_t n = m_s.size();
        while (m_i < n && m_s[m_i] != '\'') {
            if (m_s[m_i] == '\\' && m_i + 1 < n) {
                const char e = m_s[m_i + 1];
                switch (e) {
                case 'n':
                    w.value.push_back('\n');
                    break;
                case 't':
                    w.value.push_back('\t');
                    break;
                case 'r':
                    w.value.push_back('\r');
                    break;
                case 'a':
                    w.value.push_back('\a');
                    break;
                case 'b':
                    w.value.push_back('\b');
                    break;
                case 'e':
                case 'E':
                    w.value.push_back('\x1b');
                    break;
                case 'v':
                    w.value.push_back('\v');
                    break;
                case 'f':
                    w.value.push_back('\f');
                    break;
                default:
                    w.value.push_back(e);
                    break;
                }
                m_i += 2;
                continue;
            }
            w.value.push_back(m_s[m_i]);
            ++m_i;
        }
        if (m_i >= n)
            m_complete = false;
        else
            ++m_i;
    }

    void doubleQuoted(ShellWord &w)
    {
        w.quoted = true;
        ++m_i;
        const size_t n = m_s.size();
        while (m_i < n) {
            const char c = m_s[m_i];
            if (c == '"') {
                ++m_i;
                return;
            }
            if (c == '\\' && m_i + 1 < n) {
                const char e = m_s[m_i + 1];
                if (e == '\n') {
                    m_i += 2;
                } else if (e == '$' || e == '`' || e == '"' || e == '\\') {
                    w.value.push_back(e);
                    m_i += 2;
                } else {
                    w.value.push_back('\\');
                    ++m_i;
                }
                continue;
            }
            if (c == '$') {
                dollar(w);
                continue;
            }
            if (c == '`') {
                w.hasExpansion = true;
                appendOpaque(w, m_i, Nest::Backtick, 1);
                continue;
            }
            w.value.push_back(c);
            ++m_i;
        }
        m_complete = false;
    }

    Token wordToken()
    {
        Token t;
        t.type = TokenType::Word;
        t.begin = static_cast<uint32_t>(m_i);
        ShellWord &w = t.word;
        const size_t n = m_s.size();
        const size_t start = m_i;
        while (m_i < n) {
            const char c = m_s[m_i];
            if (isPlainWordChar(c)) {
                // The common case: a run of characters that mean nothing special, appended at once.
                size_t j = m_i + 1;
                while (j < n && isPlainWordChar(m_s[j]))
                    ++j;
                w.value.append(m_s.substr(m_i, j - m_i));
                m_i = j;
                continue;
            }
            if (isBlank(c) || c == '\n')
                break;
            if (c == '(' && m_i > start
                && (m_s[m_i - 1] == '=' || m_s[m_i - 1] == '@' || m_s[m_i - 1] == '!' || m_s[m_i - 1] == '+'
                    || m_s[m_i - 1] == '*' || m_s[m_i - 1] == '?')) {
                // An array literal `a=(x y)` or an extended glob `@(a|b)`: one opaque word part.
                appendOpaque(w, m_i, Nest::Paren, 1);
                continue;
            }
            if ((c == '<' || c == '>') && at(m_i + 1) == '(' && (m_i == start)) {
                // Process substitution `<(cmd)`: an opaque word.
                w.hasExpansion = true;
                appendOpaque(w, m_i, Nest::Paren, 2);
                continue;
            }
            if (isOperatorChar(c)) {
                if (!(m_doubleBracket && (c == '<' || c == '>')))
                    break;
            }
            if (c == '\\') {
                if (m_i + 1 >= n) {
                    w.value.push_back('\\');
                    ++m_i;
                } else if (m_s[m_i + 1] == '\n') {
                    const char after = at(m_i + 2);
                    if (after == '\0' || isBlank(after) || after == '\n' || isOperatorChar(after))
                        break; // a continuation after the word: leave it to next(), outside the word's range
                    m_i += 2; // line continuation inside a word
                } else {
                    w.quoted = true;
                    w.value.push_back(m_s[m_i + 1]);
                    m_i += 2;
                }
                continue;
            }
            if (c == '\'') {
                singleQuoted(w);
                continue;
            }
            if (c == '"') {
                doubleQuoted(w);
                continue;
            }
            if (c == '$' && at(m_i + 1) == '\'') {
                ansiQuoted(w);
                continue;
            }
            if (c == '$' && at(m_i + 1) == '"') {
                ++m_i; // $"..." is a (translatable) double-quoted string
                doubleQuoted(w);
                continue;
            }
            if (c == '$') {
                dollar(w);
                continue;
            }
            if (c == '`') {
                w.hasExpansion = true;
                appendOpaque(w, m_i, Nest::Backtick, 1);
                continue;
            }
            w.value.push_back(c);
            ++m_i;
        }
        w.begin = t.begin;
        w.end = static_cast<uint32_t>(m_i);
        w.span = {w.begin, w.end};
        t.end = w.end;
        return t;
    }

    std::string_view m_s;
    bool &m_complete;
    size_t m_i = 0;
    size_t m_noArithmeticBefore = 0;
    bool m_doubleBracket = false;
};

/// `NAME=...` or `NAME+=...` with an unquoted name.
bool isAssignment(const ShellWord &word, std::string_view script)
{
    const std::string_view raw = word.raw(script);
    if (raw.empty() || !isNameStart(raw.front()))
        return false;
    size_t i = 1;
    while (i < raw.size() && isNameChar(raw[i]))
        ++i;
    if (i < raw.size() && raw[i] == '+')
        ++i;
    return i < raw.size() && raw[i] == '=';
}

enum class GroupKind : uint8_t { Subshell, Brace, If, Loop, Case };

struct Group {
    GroupKind kind = GroupKind::Subshell;
    bool condition = false; ///< If/Loop: reading the condition part
    int conditional = -1; ///< index of the innermost If/Loop group at or above this one (-1: none)
    int subshells = 0; ///< Subshell groups at or above this one
};

enum class Mode : uint8_t { Normal, ForHeader, CaseSubject, CasePattern, FunctionName, FunctionParens };

class Splitter {
public:
    Splitter(std::string_view script, const ShellSplitOptions &options)
        : m_s(script)
        , m_options(options)
        , m_lexer(script, m_result.complete)
    {}

    ShellScript run()
    {
        m_result.commands.reserve(8);
        for (;;) {
            Token t = nextToken();
            if (t.type == TokenType::End)
                break;
            switch (m_mode) {
            case Mode::Normal:
                normal(std::move(t));
                break;
            case Mode::ForHeader:
                forHeader(std::move(t));
                break;
            case Mode::CaseSubject:
                caseSubject(std::move(t));
                break;
            case Mode::CasePattern:
                casePattern(std::move(t));
                break;
            case Mode::FunctionName:
                m_mode = t.type == TokenType::Word ? Mode::FunctionParens : Mode::Normal;
                if (t.type != TokenType::Word)
                    normal(std::move(t));
                break;
            case Mode::FunctionParens:
                if (t.type == TokenType::Operator && (t.op == "(" || t.op == ")"))
                    break;
                m_mode = Mode::Normal;
                normal(std::move(t));
                break;
            }
        }
        finish(ShellOperator::None);
        if (!m_groups.empty() || m_mode != Mode::Normal || !m_pendingHeredocs.empty())
            m_result.complete = false;
        return std::move(m_result);
    }

private:
    /// The token given back by the last redirection, else the lexer's next.
    Token nextToken()
    {
        if (!m_pushback)
            return m_lexer.next(); // built in place: no Token is moved in the common case
        Token t = std::move(*m_pushback);
        m_pushback.reset();
        return t;
    }

    [[nodiscard]] bool atCommandStart() const { return m_current.words.empty() && m_current.assignments.empty(); }

    [[nodiscard]] bool inCondition() const
    {
        if (m_groups.empty() || m_groups.back().conditional < 0)
            return false;
        return m_groups[static_cast<size_t>(m_groups.back().conditional)].condition;
    }

    void setCondition(bool on)
    {
        if (!m_groups.empty() && m_groups.back().conditional >= 0)
            m_groups[static_cast<size_t>(m_groups.back().conditional)].condition = on;
    }

    void openGroup(GroupKind kind, bool condition)
    {
        Group g;
        g.kind = kind;
        g.condition = condition;
        const int index = static_cast<int>(m_groups.size());
        const Group *parent = m_groups.empty() ? nullptr : &m_groups.back();
        g.conditional
            = (kind == GroupKind::If || kind == GroupKind::Loop) ? index : (parent ? parent->conditional : -1);
        g.subshells = (parent ? parent->subshells : 0) + (kind == GroupKind::Subshell ? 1 : 0);
        m_groups.push_back(g);
    }

    void touch(uint32_t begin)
    {
        if (!m_started) {
            m_started = true;
            m_current.begin = begin;
            m_current.words.reserve(8); // one allocation for a typical command, not four
        }
    }

    /// Ends the command being read; `after` is the operator that ended it.
    void finish(ShellOperator after)
    {
        if (!m_started) {
            // No command: the operator still ends the last one if a group closed in between,
            // as in `(a; b) && c`.
            if (after != ShellOperator::None && m_lastClosedGroup && !m_result.commands.empty()
                && m_result.commands.back().after == ShellOperator::None)
                m_result.commands.back().after = after;
            return;
        }
        ShellCommand &c = m_current;
        c.after = after;
        c.before = m_before;
        c.negated = m_negate;
        c.depth = static_cast<int>(m_groups.size());
        c.subshell = m_groups.empty() ? 0 : m_groups.back().subshells;
        c.condition = inCondition();
        if (c.before != ShellOperator::Pipe || m_pipeline < 0)
            ++m_pipeline;
        c.pipeline = m_pipeline;
        c.span = {c.begin, c.end};
        m_result.commands.push_back(std::move(m_current));
        const size_t index = m_result.commands.size() - 1;
        const ShellCommand &pushed = m_result.commands.back();
        for (size_t r = 0; r < pushed.redirects.size(); ++r) {
            if (pushed.redirects[r].isHeredoc() && m_options.inlineHeredocs)
                m_pendingHeredocs.push_back({index, r});
        }
        m_current = ShellCommand();
        m_started = false;
        m_negate = false;
        m_lastClosedGroup = false;
        m_lexer.setDoubleBracket(false);
    }

    void separator(ShellOperator op)
    {
        const bool hadCommand = m_started;
        finish(op);
        m_lastClosedGroup = false;
        if (op == ShellOperator::Newline && !hadCommand
            && (m_before == ShellOperator::And || m_before == ShellOperator::Or || m_before == ShellOperator::Pipe)) {
            // `a &&` newline `b`: the newline only continues the list.
        } else {
            m_before = op;
        }
        if (op == ShellOperator::Newline)
            readHeredocBodies();
    }

    void readHeredocBodies()
    {
        for (const auto &[command, redirect] : m_pendingHeredocs) {
            ShellRedirect &r = m_result.commands[command].redirects[redirect];
            const std::string_view delimiter = r.target.value;
            const bool stripTabs = r.op == "<<-";
            const size_t bodyBegin = m_lexer.position();
            size_t pos = bodyBegin;
            bool found = false;
            while (pos < m_s.size()) {
                const size_t eol = m_s.find('\n', pos);
                const size_t lineEnd = eol == std::string_view::npos ? m_s.size() : eol;
                std::string_view line = m_s.substr(pos, lineEnd - pos);
                if (!line.empty() && line.back() == '\r')
                    line.remove_suffix(1);
                if (stripTabs) {
                    while (!line.empty() && line.front() == '\t')
                        line.remove_prefix(1);
                }
                if (line == delimiter) {
                    r.bodyBegin = static_cast<uint32_t>(bodyBegin);
                    r.bodyEnd = static_cast<uint32_t>(pos);
                    m_lexer.setPosition(eol == std::string_view::npos ? m_s.size() : eol + 1);
                    found = true;
                    break;
                }
                pos = eol == std::string_view::npos ? m_s.size() : eol + 1;
            }
            if (!found) {
                r.bodyBegin = static_cast<uint32_t>(bodyBegin);
                r.bodyEnd = static_cast<uint32_t>(m_s.size());
                m_lexer.setPosition(m_s.size());
                m_result.complete = false;
            }
        }
        m_pendingHeredocs.clear();
    }

    void closeGroup(GroupKind kind)
    {
        // Groups nest properly in a valid script; a few levels of slack forgive a missing
        // closer without making a deep stack quadratic.
        const size_t floor = m_groups.size() > 8 ? m_groups.size() - 8 : 0;
        for (size_t k = m_groups.size(); k-- > floor;) {
            if (m_groups[k].kind == kind) {
                m_groups.resize(k);
                m_lastClosedGroup = true;
                return;
            }
        }
        m_result.complete = false; // a closer without its opener
    }

    /// Reserved words at the start of a command. Returns true when `w` was one.
    bool reservedWord(const ShellWord &w)
    {
        if (w.quoted || w.hasExpansion)
            return false;
        const std::string_view v = w.value;
        if (v == "{") {
            openGroup(GroupKind::Brace, false);
        } else if (v == "}") {
            closeGroup(GroupKind::Brace);
        } else if (v == "if") {
            openGroup(GroupKind::If, true);
        } else if (v == "while" || v == "until") {
            openGroup(GroupKind::Loop, true);
        } else if (v == "then" || v == "else" || v == "do") {
            setCondition(false);
        } else if (v == "elif") {
            setCondition(true);
        } else if (v == "fi") {
            closeGroup(GroupKind::If);
        } else if (v == "done") {
            closeGroup(GroupKind::Loop);
        } else if (v == "esac") {
            closeGroup(GroupKind::Case);
        } else if (v == "for" || v == "select") {
            openGroup(GroupKind::Loop, false);
            m_mode = Mode::ForHeader;
        } else if (v == "case") {
            openGroup(GroupKind::Case, false);
            m_mode = Mode::CaseSubject;
        } else if (v == "function") {
            m_mode = Mode::FunctionName;
        } else if (v == "!") {
            m_negate = true;
        } else {
            return false;
        }
        return true;
    }

    void normal(Token &&t)
    {
        switch (t.type) {
        case TokenType::Word: {
            ShellWord &w = t.word;
            if (atCommandStart() && m_current.redirects.empty() && reservedWord(w))
                return;
            touch(w.begin);
            m_current.end = w.end;
            if (atCommandStart() && isAssignment(w, m_s)) {
                m_current.assignments.push_back(std::move(w));
                return;
            }
            if (m_current.words.empty() && w.value == "[[" && !w.quoted)
                m_lexer.setDoubleBracket(true);
            else if (m_lexer.doubleBracket() && w.value == "]]" && !w.quoted)
                m_lexer.setDoubleBracket(false);
            m_current.words.push_back(std::move(w));
            return;
        }
        case TokenType::Redirect: {
            ShellRedirect r;
            r.op = std::string(t.op);
            r.fd = t.fd;
            r.begin = t.begin;
            r.end = t.end;
            Token target = m_lexer.next();
            if (target.type == TokenType::Word) {
                r.target = std::move(target.word);
                r.end = r.target.end;
            } else {
                m_result.complete = false;
                m_pushback = std::move(target);
            }
            r.span = {r.begin, r.end};
            if (!m_started && m_lastClosedGroup)
                return; // `done < file`, `) >log`: redirects the whole group, which is no command
            touch(r.begin);
            m_current.end = r.end;
            m_current.redirects.push_back(std::move(r));
            return;
        }
        case TokenType::Newline:
            separator(ShellOperator::Newline);
            return;
        case TokenType::Operator:
            break;
        case TokenType::End:
            return;
        }
        const std::string_view op = t.op;
        if (op == "&&") {
            separator(ShellOperator::And);
        } else if (op == "||") {
            separator(ShellOperator::Or);
        } else if (op == ";") {
            separator(ShellOperator::Semicolon);
        } else if (op == "|" || op == "|&") {
            separator(ShellOperator::Pipe);
        } else if (op == "&") {
            separator(ShellOperator::Background);
        } else if (op == ";;" || op == ";&" || op == ";;&") {
            separator(ShellOperator::Semicolon);
            if (!m_groups.empty() && m_groups.back().kind == GroupKind::Case)
                m_mode = Mode::CasePattern;
        } else if (op == "(") {
            if (m_current.words.size() == 1 && m_current.assignments.empty() && m_lexer.peekChar() == ')') {
                // `name() { ...; }`: a function definition, not a command.
                m_current = ShellCommand();
                m_started = false;
                m_mode = Mode::FunctionParens;
                return;
            }
            if (atCommandStart() && m_lexer.arithmeticCommand())
                return; // `(( arithmetic ))`: evaluates, runs nothing
            finish(ShellOperator::None);
            openGroup(GroupKind::Subshell, false);
        } else if (op == ")") {
            finish(ShellOperator::None);
            closeGroup(GroupKind::Subshell);
        }
    }

    void forHeader(Token &&t)
    {
        if (t.type == TokenType::Operator && t.op == "(") {
            m_lexer.skipParens(); // for (( ...; ...; ... ))
            return;
        }
        if (t.type == TokenType::Newline || (t.type == TokenType::Operator && t.op == ";")) {
            m_mode = Mode::Normal;
            return;
        }
        if (t.type == TokenType::Word && !t.word.quoted && t.word.value == "do") {
            m_mode = Mode::Normal;
            return;
        }
        if (t.type == TokenType::Operator) { // something unexpected: read on as commands
            m_mode = Mode::Normal;
            normal(std::move(t));
        }
    }

    void caseSubject(Token &&t)
    {
        if (t.type == TokenType::Word && !t.word.quoted && t.word.value == "in" && m_sawSubject) {
            m_sawSubject = false;
            m_mode = Mode::CasePattern;
            return;
        }
        if (t.type == TokenType::Word) {
            m_sawSubject = true;
            return;
        }
        if (t.type == TokenType::Newline)
            return;
        m_sawSubject = false;
        m_mode = Mode::Normal;
        normal(std::move(t));
    }

    void casePattern(Token &&t)
    {
        if (t.type == TokenType::Newline)
            return;
        if (t.type == TokenType::Word && !t.word.quoted && t.word.value == "esac") {
            m_mode = Mode::Normal;
            closeGroup(GroupKind::Case);
            return;
        }
        if (t.type == TokenType::Operator && t.op == ")") {
            m_mode = Mode::Normal;
            return;
        }
        // Pattern words, `(` and `|` are part of the pattern.
    }

    struct PendingHeredoc {
        size_t command;
        size_t redirect;
    };

    std::string_view m_s;
    ShellSplitOptions m_options;
    ShellScript m_result;
    Lexer m_lexer;
    std::optional<Token> m_pushback;
    ShellCommand m_current;
    bool m_started = false;
    bool m_negate = false;
    bool m_lastClosedGroup = false;
    bool m_sawSubject = false;
    ShellOperator m_before = ShellOperator::None;
    int m_pipeline = -1;
    Mode m_mode = Mode::Normal;
    std::vector<Group> m_groups;
    std::vector<PendingHeredoc> m_pendingHeredocs;
};

} // namespace

std::string_view ShellCommand::baseName() const
{
    const std::string_view n = name();
    const size_t slash = n.rfind('/');
    return slash == std::string_view::npos ? n : n.substr(slash + 1);
}

bool ShellCommand::hasArgument(std::string_view value) const
{
    for (size_t i = 1; i < words.size(); ++i) {
        if (words[i].value == value)
            return true;
    }
    return false;
}

bool ShellCommand::hasShortOption(char letter) const
{
    for (size_t i = 1; i < words.size(); ++i) {
        const std::string_view v = words[i].value;
        if (v == "--")
            return false;
        if (v.size() >= 2 && v[0] == '-' && v[1] != '-' && v.find(letter, 1) != std::string_view::npos)
            return true;
    }
    return false;
}

bool ShellCommand::hasOption(std::string_view option) const
{
    if (option.size() == 2 && option[0] == '-' && option[1] != '-')
        return hasShortOption(option[1]);
    for (size_t i = 1; i < words.size(); ++i) {
        const std::string_view v = words[i].value;
        if (v == "--")
            return false;
        if (v == option
            || (v.size() > option.size() && v.substr(0, option.size()) == option && v[option.size()] == '='))
            return true;
    }
    return false;
}

ShellScript splitShell(std::string_view script, const ShellSplitOptions &options)
{
    Splitter splitter(script, options);
    return splitter.run();
}

bool isShellProgram(std::string_view program)
{
    const size_t slash = program.rfind('/');
    if (slash != std::string_view::npos)
        program.remove_prefix(slash + 1);
    static constexpr std::string_view shells[] = {"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "busybox"};
    return std::find(std::begin(shells), std::end(shells), program) != std::end(shells);
}

namespace {

/// Rewrites every range of `script` through `map`.
template <typename Map>
void mapRanges(ShellScript &script, Map &&map)
{
    for (ShellCommand &c : script.commands) {
        c.span = map(c.begin, c.end);
        for (ShellWord &w : c.assignments)
            w.span = map(w.begin, w.end);
        for (ShellWord &w : c.words)
            w.span = map(w.begin, w.end);
        for (ShellRedirect &r : c.redirects) {
            r.span = map(r.begin, r.end);
            r.target.span = map(r.target.begin, r.target.end);
        }
    }
}

/// SyntaxTree::toSource for many offsets of one instruction, mostly in increasing order:
/// it walks from the segment of the previous query instead of searching every time. The
/// ranges it gives are relative to `origin` (see InstructionShell).
class LogicalToSource {
public:
    LogicalToSource(const SyntaxTree &tree, const Instruction &instruction, uint32_t base, uint32_t origin)
        : m_segments(tree.segments(instruction))
        , m_fallback(instruction.range.begin)
        , m_base(base)
        , m_origin(origin)
    {}

    [[nodiscard]] uint32_t offset(uint32_t logical)
    {
        if (m_segments.empty())
            return m_fallback - m_origin;
        while (m_at + 1 < m_segments.size() && m_segments[m_at + 1].logical <= logical)
            ++m_at;
        while (m_at > 0 && m_segments[m_at].logical > logical)
            --m_at;
        const LogicalSegment &s = m_segments[m_at];
        return s.source + std::min(logical - std::min(logical, s.logical), s.length) - m_origin;
    }

    /// As SyntaxTree::toSource(instruction, begin, end) - origin, for offsets relative to the base.
    SourceRange operator()(uint32_t begin, uint32_t end)
    {
        begin += m_base;
        end += m_base;
        if (end <= begin) {
            const uint32_t at = offset(begin);
            return {at, at};
        }
        const uint32_t first = offset(begin);
        return {first, offset(end - 1) + 1};
    }

private:
    std::span<const LogicalSegment> m_segments;
    uint32_t m_fallback = 0;
    uint32_t m_base = 0;
    uint32_t m_origin = 0;
    size_t m_at = 0;
};

/// The interpreter of a `#!` line when it is not a shell ("python3"), else empty.
bool runsWithShell(std::string_view body)
{
    if (body.substr(0, 2) != "#!")
        return true;
    const size_t eol = body.find('\n');
    std::string_view line = body.substr(2, eol == std::string_view::npos ? std::string_view::npos : eol - 2);
    while (!line.empty() && isBlank(line.front()))
        line.remove_prefix(1);
    // "/usr/bin/env bash" names the program in its second word.
    auto firstWord = [](std::string_view s) {
        size_t k = 0;
        while (k < s.size() && !isBlank(s[k]))
            ++k;
        return s.substr(0, k);
    };
    std::string_view program = firstWord(line);
    if (program.size() >= 4 && program.substr(program.size() - 4) == "/env") {
        line.remove_prefix(program.size());
        while (!line.empty() && isBlank(line.front()))
            line.remove_prefix(1);
        if (line.substr(0, 3) == "-S ")
            line.remove_prefix(3);
        program = firstWord(line);
    }
    return isShellProgram(program);
}

/// A JSON string token of the exec form, in the arguments text.
struct JsonString {
    uint32_t begin = 0; ///< the opening quote
    uint32_t end = 0; ///< past the closing quote
    bool verbatim = true; ///< no escapes: the decoded value is the raw content
};

std::vector<JsonString> jsonStrings(std::string_view text)
{
    std::vector<JsonString> out;
    size_t i = 0;
    while (i < text.size()) {
        if (text[i] != '"') {
            ++i;
            continue;
        }
        JsonString s;
        s.begin = static_cast<uint32_t>(i);
        ++i;
        while (i < text.size() && text[i] != '"') {
            if (text[i] == '\\') {
                s.verbatim = false;
                ++i;
            }
            ++i;
        }
        i = std::min(text.size(), i + 1);
        s.end = static_cast<uint32_t>(i);
        out.push_back(s);
    }
    return out;
}

/// `sh -c script` / `bash -ec script`: the index of the script argument, or 0.
size_t shellScriptArgument(const std::vector<std::string> &argv)
{
    if (argv.empty() || !isShellProgram(argv.front()))
        return 0;
    for (size_t i = 1; i + 1 < argv.size(); ++i) {
        const std::string_view a = argv[i];
        if (a.size() >= 2 && a[0] == '-' && a[1] != '-' && a.back() == 'c')
            return i + 1;
        if (a == "-o") { // -o pipefail
            ++i;
            continue;
        }
        if (a.empty() || a[0] != '-')
            return 0;
    }
    return 0;
}

} // namespace

InstructionShell instructionShell(const SyntaxTree &tree, const Instruction &instruction)
{
    InstructionShell result;
    const Instruction *ins = &instruction;
    if (instruction.kind == InstructionKind::Onbuild) {
        ins = tree.trigger(instruction);
        if (ins == nullptr)
            return result;
    }
    const uint32_t origin = instruction.range.begin;
    const std::string_view logical = tree.logicalText(*ins);
    const uint32_t argsBegin = ins->argsBegin;
    const std::string_view args = logical.substr(argsBegin, ins->argsEnd - argsBegin);
    auto mapLogical = [&](uint32_t base) { return LogicalToSource(tree, *ins, base, origin); };
    auto toSpan = [&](uint32_t begin, uint32_t end) { return mapLogical(0)(begin, end); };

    if (ins->json) {
        const JsonArray array = parseJsonArray(args);
        if (array.status != JsonArrayStatus::StringArray)
            return result;
        const std::vector<JsonString> strings = jsonStrings(args);
        const bool located = strings.size() == array.values.size();
        const SourceRange whole = toSpan(argsBegin, ins->argsEnd);
        InstructionShellPart part;
        part.kind = ShellSourceKind::Exec;
        ShellCommand command;
        for (size_t i = 0; i < array.values.size(); ++i) {
            if (i > 0)
                part.script.push_back(' ');
            ShellWord w;
            w.begin = static_cast<uint32_t>(part.script.size());
            part.script += array.values[i];
            w.end = static_cast<uint32_t>(part.script.size());
            w.value = array.values[i];
            w.quoted = true;
            w.span = located ? toSpan(argsBegin + strings[i].begin, argsBegin + strings[i].end) : whole;
            command.words.push_back(std::move(w));
        }
        command.end = static_cast<uint32_t>(part.script.size());
        command.span = whole;
        part.shell.commands.push_back(std::move(command));
        const size_t scriptIndex = shellScriptArgument(array.values);
        result.parts.push_back(std::move(part));
        if (scriptIndex > 0) {
            InstructionShellPart script;
            script.kind = ShellSourceKind::CommandLine;
            script.inJsonString = true;
            script.script = array.values[scriptIndex];
            script.shell = splitShell(script.script);
            if (located && strings[scriptIndex].verbatim) {
                mapRanges(script.shell, mapLogical(argsBegin + strings[scriptIndex].begin + 1));
            } else {
                const SourceRange range = located
                    ? toSpan(argsBegin + strings[scriptIndex].begin, argsBegin + strings[scriptIndex].end)
                    : whole;
                mapRanges(script.shell, [range](uint32_t, uint32_t) { return range; });
            }
            result.parts.push_back(std::move(script));
        }
        return result;
    }

    InstructionShellPart line;
    line.kind = ShellSourceKind::CommandLine;
    line.script = args;
    line.shell = splitShell(args, ShellSplitOptions {.inlineHeredocs = false});
    mapRanges(line.shell, mapLogical(argsBegin));

    // Heredoc redirections on the command line read the Dockerfile's heredocs, in order.
    const std::span<const Heredoc> heredocs = tree.heredocs(*ins);
    std::vector<const ShellCommand *> shellHeredoc(heredocs.size(), nullptr);
    size_t nextHeredoc = 0;
    for (ShellCommand &c : line.shell.commands) {
        for (ShellRedirect &r : c.redirects) {
            if (!r.isHeredoc() || nextHeredoc >= heredocs.size())
                continue;
            size_t match = nextHeredoc;
            for (size_t k = nextHeredoc; k < heredocs.size(); ++k) {
                if (tree.heredocName(heredocs[k]) == r.target.value) {
                    match = k;
                    break;
                }
            }
            r.dockerfileHeredoc = static_cast<int>(match);
            nextHeredoc = match + 1;
            // The body is a script when nothing else runs (`RUN <<EOF`) or a shell reads it.
            bool script = false;
            if (c.words.empty()) {
                script = true;
            } else if (isShellProgram(c.baseName()) && (r.fd == -1 || r.fd == 0)) {
                script = std::all_of(c.words.begin() + 1, c.words.end(),
                    [](const ShellWord &w) { return !w.value.empty() && w.value[0] == '-' && w.value != "-c"; });
            }
            if (script && runsWithShell(tree.heredocBody(heredocs[match])))
                shellHeredoc[match] = &c;
        }
    }
    result.parts.push_back(std::move(line));
    for (size_t k = 0; k < heredocs.size(); ++k) {
        if (shellHeredoc[k] == nullptr)
            continue;
        InstructionShellPart part;
        part.kind = ShellSourceKind::Heredoc;
        part.heredoc = static_cast<int>(k);
        part.script = tree.heredocBody(heredocs[k]);
        part.shell = splitShell(part.script);
        const uint32_t base = heredocs[k].body.begin - origin;
        mapRanges(part.shell, [base](uint32_t b, uint32_t e) { return SourceRange {base + b, base + e}; });
        result.parts.push_back(std::move(part));
    }
    return result;
}

} // namespace stagecraft

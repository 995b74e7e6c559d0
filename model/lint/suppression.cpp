// SPDX-License-Identifier: MIT
#include "suppression.h"

#include "syntax/go_text.h"

#include <algorithm>

namespace stagecraft {
namespace {

// strconv.ParseBool.
bool parseGoBool(std::string_view text, bool &value)
{
    static constexpr std::string_view yes[] = {"1", "t", "T", "TRUE", "true", "True"};
    static constexpr std::string_view no[] = {"0", "f", "F", "FALSE", "false", "False"};
    if (std::find(std::begin(yes), std::end(yes), text) != std::end(yes)) {
        value = true;
        return true;
    }
    if (std::find(std::begin(no), std::end(no), text) != std::end(no)) {
        value = false;
        return true;
    }
    return false;
}

// strings.Split(v, ",") with each element trimmed, as BuildKit builds its rule sets.
std::vector<std::string> splitRules(std::string_view value)
{
    std::vector<std::string> out;
    for (;;) {
        const size_t comma = value.find(',');
        out.emplace_back(go::trimSpace(value.substr(0, comma)));
        if (comma == std::string_view::npos)
            break;
        value.remove_prefix(comma + 1);
    }
    return out;
}

bool isRuleChar(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

void skipBlanks(std::string_view text, size_t &pos)
{
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t'))
        ++pos;
}

bool consumeWord(std::string_view text, size_t &pos, std::string_view word)
{
    if (text.substr(pos, word.size()) != word)
        return false;
    const size_t end = pos + word.size();
    if (end < text.size() && isRuleChar(text[end]))
        return false;
    pos = end;
    return true;
}

bool isCommentLine(std::string_view line)
{
    const size_t first = line.find_first_not_of(" \t\r\v\f");
    return first != std::string_view::npos && line[first] == '#';
}

} // namespace

bool CheckDirective::skips(std::string_view rule) const
{
    return skipAll || std::find(skip.begin(), skip.end(), rule) != skip.end();
}

bool CheckDirective::enables(std::string_view rule) const
{
    return experimentalAll || std::find(experimental.begin(), experimental.end(), rule) != experimental.end();
}

CheckDirective parseCheckDirective(std::string_view value)
{
    CheckDirective directive;
    value = go::trimSpace(value);
    if (value.empty())
        return directive;
    const auto fail = [&](std::string message) {
        CheckDirective failed;
        failed.parseError = "failed to parse check options: " + std::move(message);
        return failed;
    };
    // strings.SplitN(value, ";", 3): a third part keeps any further ';'.
    std::vector<std::string_view> parts;
    while (parts.size() < 2) {
        const size_t semicolon = value.find(';');
        if (semicolon == std::string_view::npos)
            break;
        parts.push_back(value.substr(0, semicolon));
        value.remove_prefix(semicolon + 1);
    }
    parts.push_back(value);
    for (const std::string_view part : parts) {
        const size_t equals = part.find('=');
        if (equals == std::string_view::npos)
            return fail("invalid check option " + go::quote(part));
        const std::string_view key = go::trimSpace(part.substr(0, equals));
        const std::string_view option = go::trimSpace(part.substr(equals + 1));
        if (key == "skip") {
            if (option == "all")
                directive.skipAll = true;
            else
                directive.skip = splitRules(option);
        } else if (key == "experimental") {
            if (option == "all")
                directive.experimentalAll = true;
            else
                directive.experimental = splitRules(option);
        } else if (key == "error") {
            if (!parseGoBool(option, directive.error))
                return fail("failed to parse check option " + go::quote(part) + ": strconv.ParseBool: parsing "
                    + go::quote(option) + ": invalid syntax");
        } else {
            return fail("invalid check option " + go::quote(key));
        }
    }
    return directive;
}

bool parseIgnorePragma(std::string_view comment, IgnorePragma &pragma)
{
    // hadolint's grammar: "#" "hadolint" ["global"] "ignore=" rule ("," rule)*, blanks allowed
    // around the words; anything after the list (a reason, say) is ignored.
    size_t pos = 0;
    skipBlanks(comment, pos);
    if (pos >= comment.size() || comment[pos] != '#')
        return false;
    ++pos;
    skipBlanks(comment, pos);
    if (!consumeWord(comment, pos, "hadolint"))
        return false;
    skipBlanks(comment, pos);
    pragma.global = consumeWord(comment, pos, "global");
    skipBlanks(comment, pos);
    if (!consumeWord(comment, pos, "ignore"))
        return false;
    skipBlanks(comment, pos);
    if (pos >= comment.size() || comment[pos] != '=')
        return false;
    ++pos;
    pragma.rules.clear();
    for (;;) {
        skipBlanks(comment, pos);
        const size_t begin = pos;
        while (pos < comment.size() && isRuleChar(comment[pos]))
            ++pos;
        if (pos == begin)
            break;
        pragma.rules.emplace_back(comment.substr(begin, pos - begin));
        skipBlanks(comment, pos);
        if (pos >= comment.size() || comment[pos] != ',')
            break;
        ++pos;
    }
    return !pragma.rules.empty();
}

PragmaSuppressions::PragmaSuppressions(const SyntaxTree &tree)
{
    const std::string_view text = tree.text();
    for (const Token &token : tree.tokens()) {
        if (token.kind != TokenKind::Comment)
            continue;
        const std::string_view comment = text.substr(token.offset, token.length);
        if (comment.find("hadolint") == std::string_view::npos)
            continue;
        IgnorePragma pragma;
        if (parseIgnorePragma(comment, pragma) && pragma.global)
            m_global.insert(m_global.end(), pragma.rules.begin(), pragma.rules.end());
    }

    // `# hadolint ignore=` applies to the instruction right below its comment block.
    const LineIndex &lines = tree.lines();
    const std::vector<Instruction> &instructions = tree.instructions();
    int previousEnd = 0;
    for (size_t i = 0; i < instructions.size(); ++i) {
        const Instruction &instruction = instructions[i];
        std::vector<std::string> rules;
        for (int line = instruction.startLine - 1; line > previousEnd; --line) {
            const std::string_view content
                = text.substr(lines.lineStart(line), lines.lineEnd(line) - lines.lineStart(line));
            if (!isCommentLine(content))
                break;
            if (content.find("hadolint") == std::string_view::npos)
                continue;
            IgnorePragma pragma;
            if (parseIgnorePragma(content, pragma) && !pragma.global)
                rules.insert(rules.end(), pragma.rules.begin(), pragma.rules.end());
        }
        if (!rules.empty())
            m_byInstruction.emplace_back(static_cast<int>(i), std::move(rules));
        previousEnd = instruction.endLine;
    }
}

std::span<const std::string> PragmaSuppressions::ignoredAt(int index) const
{
    const auto it = std::lower_bound(m_byInstruction.begin(), m_byInstruction.end(), index,
        [](const auto &entry, int value) { return entry.first < value; });
    if (it == m_byInstruction.end() || it->first != index)
        return {};
    return it->second;
}

} // namespace stagecraft

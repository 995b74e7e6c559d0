// SPDX-License-Identifier: MIT
#include "buildkit_ast.h"

#include "go_text.h"
#include "json_array.h"
#include "shell_lexer.h"

#include <algorithm>

namespace stagecraft {

// ENV, ARG and FROM lines mostly are plain: splitting them byte by byte costs a fraction of
// decoding and appending rune by rune.
bool plainWordViews(std::string_view text, char escape, std::vector<PlainWord> &out)
{
    const bool plain = std::all_of(text.begin(), text.end(),
        [escape](char c) { return static_cast<unsigned char>(c) < 0x80 && c != '\'' && c != '"' && c != escape; });
    if (!plain)
        return false;
    const auto space = [](char c) { return go::isSpace(static_cast<unsigned char>(c)); };
    for (size_t pos = 0; pos < text.size();) {
        while (pos < text.size() && space(text[pos]))
            ++pos;
        const size_t begin = pos;
        while (pos < text.size() && !space(text[pos]))
            ++pos;
        if (pos > begin)
            out.push_back({text.substr(begin, pos - begin), static_cast<uint32_t>(begin), static_cast<uint32_t>(pos)});
    }
    return true;
}

namespace {

// regexp [\t\v\f\r ]+ split, on text that has no leading or trailing blanks: `add` gets
// each word as a view into `text`.
template <typename Add>
void forEachBlankWord(std::string_view text, Add add)
{
    if (text.empty())
        return;
    size_t start = 0;
    for (size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || go::isBlank(text[i])) {
            add(text.substr(start, i - start));
            while (i < text.size() && go::isBlank(text[i]))
                ++i;
            start = i;
            if (i == text.size())
                break;
        }
    }
}

std::vector<std::string> splitBlank(std::string_view text)
{
    std::vector<std::string> out;
    if (text.empty())
        return out;
    // Count the words first: one allocation for the vector instead of one per doubling.
    size_t words = 1;
    for (size_t i = 0; i < text.size(); ++i) {
        if (go::isBlank(text[i]) && i + 1 < text.size() && !go::isBlank(text[i + 1]))
            ++words;
    }
    out.reserve(words);
    forEachBlankWord(text, [&out](std::string_view word) { out.emplace_back(word); });
    return out;
}

// parseWords from BuildKit's line_parsers.go: words separated by Unicode space,
// quotes and escapes kept in the words (they are removed later by the expander).
std::vector<BuildKitWord> parseWords(std::string_view rest, char escape, uint32_t base)
{
    if (std::vector<PlainWord> plain; plainWordViews(rest, escape, plain)) {
        std::vector<BuildKitWord> words;
        words.reserve(plain.size());
        for (const PlainWord &word : plain)
            words.push_back({std::string(word.text), base + word.begin, base + word.end});
        return words;
    }
    enum class Phase { Spaces, Word, Quote } phase = Phase::Spaces;
    std::vector<BuildKitWord> words;
    std::string word;
    uint32_t wordBegin = 0;
    char32_t quote = 0;
    bool blankOk = false;
    for (size_t pos = 0; pos <= rest.size();) {
        go::DecodedRune d {0, 0};
        if (pos != rest.size())
            d = go::decodeRune(rest, pos);
        char32_t ch = d.rune;
        size_t width = static_cast<size_t>(d.width);
        if (phase == Phase::Spaces) {
            if (pos == rest.size())
                break;
            if (go::isSpace(ch)) {
                pos += width;
                continue;
            }
            phase = Phase::Word;
            wordBegin = static_cast<uint32_t>(pos);
        }
        if (pos == rest.size()) {
            if (blankOk || !word.empty())
                words.push_back({std::move(word), base + wordBegin, base + static_cast<uint32_t>(pos)});
            break;
        }
        if (phase == Phase::Word) {
            if (go::isSpace(ch)) {
                phase = Phase::Spaces;
                if (blankOk || !word.empty())
                    words.push_back({std::move(word), base + wordBegin, base + static_cast<uint32_t>(pos)});
                word.clear(); // also after a move: the next word starts empty
                blankOk = false;
                pos += width;
                continue;
            }
            if (ch == '\'' || ch == '"') {
                quote = ch;
                blankOk = true;
                phase = Phase::Quote;
            }
            if (ch == static_cast<unsigned char>(escape)) {
                if (pos + width == rest.size()) {
                    pos += width; // an escape at the very end is dropped
                    continue;
                }
                go::appendRune(word, ch);
                pos += width;
                const go::DecodedRune next = go::decodeRune(rest, pos);
                ch = next.rune;
                width = static_cast<size_t>(next.width);
            }
            go::appendRune(word, ch);
            pos += width;
            continue;
        }
        // Phase::Quote
        if (ch == quote)
            phase = Phase::Word;
        if (ch == static_cast<unsigned char>(escape) && quote != '\'') {
            if (pos + width == rest.size()) {
                phase = Phase::Word;
                pos += width;
                continue;
            }
            pos += width;
            go::appendRune(word, ch);
            const go::DecodedRune next = go::decodeRune(rest, pos);
            ch = next.rune;
            width = static_cast<size_t>(next.width);
        }
        go::appendRune(word, ch);
        pos += width;
    }
    return words;
}

void maybeJson(std::string_view args, BuildKitNode &node)
{
    if (args.empty())
        return;
    JsonArray parsed = parseJsonArray(args);
    if (parsed.status == JsonArrayStatus::StringArray) {
        node.values = std::move(parsed.values);
    } else if (parsed.status == JsonArrayStatus::NotStringArray) {
        node.error = "when using JSON array syntax, arrays must be comprised of strings only";
    } else {
        node.values.emplace_back(args);
    }
}

void maybeJsonToList(std::string_view args, BuildKitNode &node)
{
    JsonArray parsed = parseJsonArray(args);
    if (parsed.status == JsonArrayStatus::StringArray)
        node.values = std::move(parsed.values);
    else if (parsed.status == JsonArrayStatus::NotStringArray)
        node.error = "when using JSON array syntax, arrays must be comprised of strings only";
    else
        node.values = splitBlank(args);
}

void nameValue(const SyntaxTree &tree, const Instruction &instruction, std::string_view keyword, BuildKitNode &node)
{
    const std::string_view args = tree.argumentsText(instruction);
    const std::vector<BuildKitWord> words = parseWords(args, tree.escapeToken(), 0);
    if (words.empty())
        return;
    if (words.front().text.find('=') == std::string::npos) {
        // Legacy form `KEY name value`: split once at the first blank run.
        size_t i = 0;
        while (i < args.size() && !go::isBlank(args[i]))
            ++i;
        if (i == args.size()) {
            node.error = std::string(keyword) + " must have two arguments";
            return;
        }
        size_t j = i;
        while (j < args.size() && go::isBlank(args[j]))
            ++j;
        node.values = {std::string(args.substr(0, i)), std::string(args.substr(j)), std::string()};
        return;
    }
    node.values.reserve(words.size() * 3);
    for (const BuildKitWord &word : words) {
        const size_t equals = word.text.find('=');
        if (equals == std::string::npos) {
            node.values.clear();
            node.error = "Syntax error - can't find = in " + go::quote(word.text) + ". Must be of the form: name=value";
            return;
        }
        const std::string_view text = word.text;
        node.values.emplace_back(text.substr(0, equals));
        node.values.emplace_back(text.substr(equals + 1));
        node.values.emplace_back("=");
    }
}

void appendDump(std::string &out, const SyntaxTree &tree, const Instruction &instruction)
{
    out += go::toLower(tree.keywordText(instruction));
    const std::span<const Flag> flags = tree.flags(instruction);
    if (!flags.empty()) {
        out += " [";
        bool first = true;
        for (const Flag &flag : flags) {
            if (!first)
                out += ' ';
            first = false;
            go::appendQuoted(out, tree.flagText(flag));
        }
        out += ']';
    }
    if (instruction.kind == InstructionKind::Onbuild) {
        if (const Instruction *child = tree.trigger(instruction)) {
            out += " (";
            appendDump(out, tree, *child);
            out += ')';
        }
        return;
    }
    const BuildKitNode node = buildKitNode(tree, instruction);
    for (const std::string &value : node.values) {
        out += ' ';
        go::appendQuoted(out, value);
    }
}

} // namespace

std::vector<BuildKitWord> buildKitWords(const SyntaxTree &tree, const Instruction &instruction)
{
    return parseWords(tree.argumentsText(instruction), tree.escapeToken(), instruction.argsBegin);
}

BuildKitNode buildKitNode(const SyntaxTree &tree, const Instruction &instruction)
{
    BuildKitNode node;
    const std::string_view args = tree.argumentsText(instruction);
    switch (instruction.kind) {
    case InstructionKind::Add:
    case InstructionKind::Copy:
    case InstructionKind::Volume:
        maybeJsonToList(args, node);
        break;
    case InstructionKind::Arg:
        for (BuildKitWord &word : buildKitWords(tree, instruction))
            node.values.push_back(std::move(word.text));
        break;
    case InstructionKind::Cmd:
    case InstructionKind::Entrypoint:
    case InstructionKind::Run:
    case InstructionKind::Shell:
        maybeJson(args, node);
        break;
    case InstructionKind::Env:
        nameValue(tree, instruction, "ENV", node);
        break;
    case InstructionKind::Label:
        nameValue(tree, instruction, "LABEL", node);
        break;
    case InstructionKind::Expose:
    case InstructionKind::From:
        node.values = splitBlank(args);
        break;
    case InstructionKind::Healthcheck: {
        // The type word ends at the first byte Go's unicode.IsSpace(rune(byte)) accepts.
        size_t sep = 0;
        while (sep < args.size() && !go::isSpace(static_cast<unsigned char>(args[sep])))
            ++sep;
        if (sep == 0)
            break;
        size_t next = sep;
        while (next < args.size() && go::isSpace(static_cast<unsigned char>(args[next])))
            ++next;
        BuildKitNode command;
        maybeJson(args.substr(next), command);
        node.error = std::move(command.error);
        node.values.emplace_back(args.substr(0, sep));
        for (std::string &value : command.values)
            node.values.push_back(std::move(value));
        break;
    }
    case InstructionKind::Maintainer:
    case InstructionKind::StopSignal:
    case InstructionKind::User:
    case InstructionKind::Workdir:
        if (!args.empty())
            node.values.emplace_back(args);
        break;
    case InstructionKind::Onbuild:
        break;
    case InstructionKind::Unknown:
        node.values.emplace_back(); // parseIgnore leaves one empty node
        break;
    }
    return node;
}

bool buildKitListViews(const SyntaxTree &tree, const Instruction &instruction, std::vector<std::string_view> &out)
{
    out.clear();
    const std::string_view args = tree.argumentsText(instruction);
    // parseJsonArray() takes nothing that does not start with '[' (after spaces) for an array;
    // what does goes through it, as buildKitNode() does.
    const std::string_view trimmed = args.substr(go::leadingSpaceLength(args));
    if (!trimmed.empty() && trimmed.front() == '[')
        return false;
    forEachBlankWord(args, [&out](std::string_view word) { out.push_back(word); });
    return true;
}

std::string dumpBuildKit(const SyntaxTree &tree)
{
    std::string out;
    out.reserve(tree.text().size() + tree.text().size() / 4);
    for (const Instruction &instruction : tree.instructions()) {
        out += '(';
        appendDump(out, tree, instruction);
        out += ")\n";
    }
    return out;
}

std::vector<HeredocSpec> heredocsFromLine(std::string_view line)
{
    std::vector<HeredocSpec> specs;
    const auto noEnv = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };

    ShellLexerOptions rawOptions;
    rawOptions.rawQuotes = true;
    rawOptions.rawEscapes = true;
    rawOptions.skipUnsetEnv = true;
    const ShellResult lexed = ShellLexer(rawOptions).processWords(line, noEnv);
    if (!lexed.error.empty())
        return specs;

    for (const std::string &word : lexed.words) {
        // ^(\d*)<<(-?)([^<]*)$
        size_t i = 0;
        while (i < word.size() && word[i] >= '0' && word[i] <= '9')
            ++i;
        if (word.compare(i, 2, "<<") != 0)
            continue;
        const std::string_view digits = std::string_view(word).substr(0, i);
        i += 2;
        const bool chomp = i < word.size() && word[i] == '-';
        if (chomp)
            ++i;
        const std::string_view rest = std::string_view(word).substr(i);
        if (rest.empty() || rest.find('<') != std::string_view::npos)
            continue;

        ShellLexerOptions plain;
        plain.skipUnsetEnv = true;
        const ShellResult words = ShellLexer(plain).processWords(rest, noEnv);
        HeredocSpec spec;
        spec.chomp = chomp;
        for (char digit : digits) {
            const uint64_t next = uint64_t {spec.fileDescriptor} * 10 + static_cast<uint64_t>(digit - '0');
            spec.fileDescriptor = next > 0xFFFFFFFFu ? 0xFFFFFFFFu : static_cast<uint32_t>(next);
        }
        if (!words.error.empty()) {
            spec.error = words.error;
            specs.push_back(std::move(spec));
            continue;
        }
        if (words.words.size() != 1)
            continue;
        plain.rawQuotes = true;
        const ShellResult raw = ShellLexer(plain).processWords(rest, noEnv);
        if (!raw.error.empty() || raw.words.size() != 1) {
            spec.error = "internal lexing of heredoc produced inconsistent results: " + std::string(rest);
            specs.push_back(std::move(spec));
            continue;
        }
        auto quotes = [](const std::string &s) {
            size_t n = 0;
            for (char c : s)
                n += (c == '\'' || c == '"') ? 1 : 0;
            return n;
        };
        spec.name = words.words.front();
        spec.expand = quotes(words.words.front()) == quotes(raw.words.front());
        specs.push_back(std::move(spec));
    }
    return specs;
}

} // namespace stagecraft

// SPDX-License-Identifier: MIT
#include "multistage_copy.h"

#include "multistage_paths.h"
#include "syntax/go_text.h"
#include "syntax/json_array.h"

#include <algorithm>

namespace stagecraft {
namespace {

struct RawWord {
    std::string_view text;
    uint32_t begin = 0; ///< logical offsets
    uint32_t end = 0;
};

// parseStringsWhitespaceDelimited: the shell form of COPY/ADD splits on [\t\v\f\r ]+.
std::vector<RawWord> splitBlanks(std::string_view args, uint32_t base)
{
    std::vector<RawWord> words;
    words.reserve(4); // most COPYs have two or three words: one allocation, not three
    size_t i = 0;
    while (i < args.size()) {
        while (i < args.size() && go::isBlank(args[i]))
            ++i;
        const size_t start = i;
        while (i < args.size() && !go::isBlank(args[i]))
            ++i;
        if (i > start)
            words.push_back(
                {args.substr(start, i - start), base + static_cast<uint32_t>(start), base + static_cast<uint32_t>(i)});
    }
    return words;
}

// The string tokens of a JSON array, inside their quotes (values come from the JSON parser).
std::vector<RawWord> jsonStringTokens(std::string_view args, uint32_t base)
{
    std::vector<RawWord> tokens;
    for (size_t i = 0; i < args.size(); ++i) {
        if (args[i] != '"')
            continue;
        const size_t start = ++i;
        while (i < args.size() && args[i] != '"')
            i += args[i] == '\\' ? 2 : 1;
        const size_t end = std::min(i, args.size());
        tokens.push_back(
            {args.substr(start, end - start), base + static_cast<uint32_t>(start), base + static_cast<uint32_t>(end)});
    }
    return tokens;
}

bool needsExpansion(std::string_view word, char escapeToken)
{
    for (char c : word) {
        if (c == '$' || c == '\'' || c == '"' || c == escapeToken)
            return true;
    }
    return false;
}

} // namespace

bool isUrl(std::string_view source)
{
    return source.find("://") != std::string_view::npos || source.starts_with("git@");
}

bool isArchive(std::string_view name)
{
    for (std::string_view suffix : {".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst"}) {
        if (name.size() > suffix.size() && name.substr(name.size() - suffix.size()) == suffix)
            return true;
    }
    return false;
}

bool mayBeDirectory(std::string_view source)
{
    const std::string_view base = baseName(source);
    return source.ends_with('/') || base == "." || base == ".." || base.find('.') == std::string_view::npos
        || base == "*";
}

bool CopyArguments::destinationIsDirectory() const
{
    const std::string_view dest = destination.value;
    return sources.size() > 1 || dest.ends_with('/') || dest == "." || dest == ".." || dest.ends_with("/.");
}

CopyArguments copyArguments(const SyntaxTree &tree, const Instruction &instruction, const VariableScope &scope)
{
    CopyArguments out;
    const std::string_view args = tree.argumentsText(instruction);
    std::vector<RawWord> raw;
    std::vector<std::string> jsonValues;
    if (instruction.json) {
        JsonArray array = parseJsonArray(args);
        if (array.status != JsonArrayStatus::StringArray)
            return out;
        raw = jsonStringTokens(args, instruction.argsBegin);
        jsonValues = std::move(array.values);
        if (raw.size() != jsonValues.size()) {
            // Could not locate the strings one by one: every word gets the whole argument range.
            raw.assign(jsonValues.size(), RawWord {args, instruction.argsBegin, instruction.argsEnd});
        }
    } else {
        raw = splitBlanks(args, instruction.argsBegin);
    }
    if (raw.size() < 2)
        return out;
    const bool heredocs = !tree.heredocs(instruction).empty();
    const char escape = tree.escapeToken();
    auto makePath = [&](size_t index) {
        CopyPath path;
        path.range = tree.toSource(instruction, raw[index].begin, raw[index].end);
        const std::string_view text = instruction.json ? std::string_view(jsonValues[index]) : raw[index].text;
        path.heredoc = heredocs && !instruction.json && text.find("<<") != std::string_view::npos
            && text.find_first_not_of("0123456789") == text.find("<<");
        if (path.heredoc || !needsExpansion(text, escape)) {
            path.value = text;
            return path;
        }
        ShellResult result = scope.expand(text, escape);
        if (!result.ok()) {
            path.value = text;
            path.certain = false;
        } else {
            path.value = std::move(result.word);
            path.certain = result.unmatched.empty();
        }
        return path;
    };
    out.sources.reserve(raw.size() - 1);
    for (size_t i = 0; i + 1 < raw.size(); ++i)
        out.sources.push_back(makePath(i));
    out.destination = makePath(raw.size() - 1);
    return out;
}

SourceRange flagValueRange(const SyntaxTree &tree, const Flag &flag, bool *exact)
{
    const std::string_view text = tree.flagText(flag);
    const size_t equals = text.find('=');
    const bool verbatim
        = flag.textInSource && equals != std::string_view::npos && flag.range.length() == flag.textLength;
    if (exact)
        *exact = verbatim;
    if (!verbatim)
        return flag.range;
    return {flag.textOffset + static_cast<uint32_t>(equals) + 1, flag.textOffset + flag.textLength};
}

} // namespace stagecraft

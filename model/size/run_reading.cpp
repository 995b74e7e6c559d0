// SPDX-License-Identifier: MIT
#include "run_reading.h"

#include "graph/run_mount.h"
#include "lint/multistage_paths.h"
#include "shell/text_hash.h"
#include "syntax/syntax_tree.h"

#include <algorithm>
#include <unordered_map>

namespace stagecraft {
namespace {

// `A=1 B=2 cmd`: words that assign before the command name. The splitter lists only the first
// of several leading assignments as one (later ones arrive as words), so the rest are moved.
bool isAssignmentWord(const ShellWord &word)
{
    const std::string_view text = word.value;
    const size_t equals = text.find('=');
    if (equals == 0 || equals == std::string_view::npos)
        return false;
    for (size_t i = 0; i < equals; ++i) {
        const char c = text[i];
        const bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
        if (!letter && (i == 0 || c < '0' || c > '9'))
            return false;
    }
    return true;
}

void moveLeadingAssignments(ShellCommand &command)
{
    if (command.assignments.empty())
        return;
    size_t count = 0;
    while (count < command.words.size() && isAssignmentWord(command.words[count]))
        ++count;
    for (size_t i = 0; i < count; ++i)
        command.assignments.push_back(std::move(command.words[i]));
    command.words.erase(command.words.begin(), command.words.begin() + static_cast<std::ptrdiff_t>(count));
}

bool isWrapper(std::string_view program)
{
    for (std::string_view wrapper : {"sudo", "exec", "nohup", "time", "nice", "eatmydata"}) {
        if (program == wrapper)
            return true;
    }
    return false;
}

// A few words, each cut short: URLs and hashes say little in a summary.
std::string summarize(const ShellCommand &command)
{
    constexpr size_t wordLimit = 32;
    std::string text;
    for (size_t i = 0; i < command.words.size() && i < 4; ++i) {
        if (i)
            text += ' ';
        const std::string_view word = command.words[i].value;
        text += word.substr(0, wordLimit);
        if (word.size() > wordLimit)
            text += "\u2026";
    }
    if (command.words.size() > 4)
        text += " \u2026";
    return text;
}

// Splits an operand's text at blanks: a variable may hold several packages ("$BUILD_DEPS").
void addOperands(std::string_view text, std::vector<std::string> &operands)
{
    size_t begin = 0;
    while (begin < text.size()) {
        const size_t end = text.find_first_of(" \t\n", begin);
        const std::string_view word = text.substr(begin, end - begin);
        if (!word.empty())
            operands.emplace_back(word);
        if (end == std::string_view::npos)
            break;
        begin = end + 1;
    }
}

} // namespace

CommandArguments readArguments(
    const CommandReading &reading, const std::function<std::string(const ShellWord &)> &value)
{
    CommandArguments result;
    const ShellCommand &command = *reading.command;
    if (reading.package) {
        for (size_t index : reading.package->operands)
            addOperands(value(reading.package->word(index)), result.operands);
        return result;
    }
    for (size_t i = reading.program + 1; i < command.words.size(); ++i) {
        std::string text = value(command.words[i]);
        if (text.size() > 1 && text.front() == '-')
            result.options.push_back(std::move(text));
        else
            result.arguments.push_back(std::move(text));
    }
    return result;
}

CommandReading readCommand(const ShellCommand &command)
{
    CommandReading reading;
    reading.command = &command;
    reading.package = recognizePackageCommand(command);
    reading.summary = summarize(command);
    // Skip the wrappers recognizePackageCommand skips too.
    while (reading.program < command.words.size() && isWrapper(baseName(command.words[reading.program].value)))
        ++reading.program;
    if (reading.program < command.words.size())
        reading.name = baseName(command.words[reading.program].value);
    const bool expands = std::any_of(
        command.words.begin(), command.words.end(), [](const ShellWord &word) { return word.hasExpansion; });
    if (!expands)
        reading.literal = readArguments(reading, [](const ShellWord &word) { return word.value; });
    return reading;
}

namespace {

std::shared_ptr<const ParsedRun> readRun(const SyntaxTree &tree, const Instruction &instruction)
{
    auto parsed = std::make_shared<ParsedRun>();
    for (const Flag &flag : tree.flags(instruction)) {
        if (tree.flagName(flag) != "mount")
            continue;
        RunMount mount = parseRunMount(tree.flagValue(flag));
        if (mount.target.empty())
            continue;
        if (!mount.target.starts_with('/') || mount.target.find('$') != std::string::npos || !isCleanPath(mount.target))
            parsed->mountTargetsAbsolute = false;
        parsed->mountTargets.push_back(std::move(mount.target));
    }
    // Source ranges are of no use here: a plain shell-form RUN is split directly, which skips
    // mapping every word back to the Dockerfile; heredocs and exec forms take the full path.
    if (!instruction.json && tree.heredocs(instruction).empty()) {
        ShellSplitOptions options;
        options.inlineHeredocs = false;
        parsed->scripts.push_back(splitShell(tree.argumentsText(instruction), options));
    } else {
        InstructionShell shell = instructionShell(tree, instruction);
        for (InstructionShellPart &part : shell.parts)
            parsed->scripts.push_back(std::move(part.shell));
    }
    // The readings point into the commands: take them once the scripts stay put.
    for (ShellScript &script : parsed->scripts) {
        for (ShellCommand &command : script.commands) {
            moveLeadingAssignments(command);
            parsed->commands.push_back(readCommand(command));
        }
    }
    return parsed;
}

// A RUN's source text and the file's escape character (`# escape=` changes how the same text
// splits). Looked up as views into the tree, so that finding a reading copies nothing.
struct RunText {
    std::string_view text;
    char escape = '\\';
};

struct StoredRunText {
    std::string text;
    char escape = '\\';
    operator RunText() const { return {text, escape}; }
};

struct RunTextHash {
    using is_transparent = void;
    size_t operator()(RunText key) const { return static_cast<size_t>(hashText(key.text)) ^ size_t(key.escape); }
};

struct RunTextEqual {
    using is_transparent = void;
    bool operator()(RunText a, RunText b) const { return a.escape == b.escape && a.text == b.text; }
};

using RunCache = std::unordered_map<StoredRunText, std::shared_ptr<const ParsedRun>, RunTextHash, RunTextEqual>;

// Bounded: a file with more distinct RUNs than this simply reads them again.
constexpr size_t runCacheLimit = 4096;

RunCache &runCache()
{
    thread_local RunCache cache;
    return cache;
}

} // namespace

std::shared_ptr<const ParsedRun> parseRun(const SyntaxTree &tree, const Instruction &instruction)
{
    auto &cache = runCache();
    const RunText key {tree.text().substr(instruction.range.begin, instruction.range.length()), tree.escapeToken()};
    if (const auto it = cache.find(key); it != cache.end())
        return it->second;
    if (cache.size() >= runCacheLimit)
        cache.clear();
    std::shared_ptr<const ParsedRun> parsed = readRun(tree, instruction);
    cache.emplace(StoredRunText {std::string(key.text), key.escape}, parsed);
    return parsed;
}

void clearRunCache()
{
    runCache().clear();
}

} // namespace stagecraft

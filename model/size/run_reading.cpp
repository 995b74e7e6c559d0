// SPDX-License-Identifier: MIT
#include "run_reading.h"

#include "graph/run_mount.h"
#include "syntax/syntax_tree.h"

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

std::shared_ptr<const ParsedRun> readRun(const SyntaxTree &tree, const Instruction &instruction)
{
    auto parsed = std::make_shared<ParsedRun>();
    for (const Flag &flag : tree.flags(instruction)) {
        if (tree.flagName(flag) != "mount")
            continue;
        RunMount mount = parseRunMount(tree.flagValue(flag));
        if (!mount.target.empty())
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
    // The package readings point into the commands: take them once the scripts stay put.
    for (ShellScript &script : parsed->scripts) {
        for (ShellCommand &command : script.commands) {
            moveLeadingAssignments(command);
            parsed->commands.push_back(&command);
            parsed->packages.push_back(recognizePackageCommand(command));
        }
    }
    return parsed;
}

// Bounded: a file with more distinct RUNs than this simply reads them again.
constexpr size_t runCacheLimit = 4096;

std::unordered_map<std::string, std::shared_ptr<const ParsedRun>> &runCache()
{
    thread_local std::unordered_map<std::string, std::shared_ptr<const ParsedRun>> cache;
    return cache;
}

} // namespace

std::shared_ptr<const ParsedRun> parseRun(const SyntaxTree &tree, const Instruction &instruction)
{
    auto &cache = runCache();
    std::string key(tree.text().substr(instruction.range.begin, instruction.range.length()));
    key += tree.escapeToken(); // `# escape=` changes how the same text splits
    if (const auto it = cache.find(key); it != cache.end())
        return it->second;
    if (cache.size() >= runCacheLimit)
        cache.clear();
    std::shared_ptr<const ParsedRun> parsed = readRun(tree, instruction);
    cache.emplace(std::move(key), parsed);
    return parsed;
}

void clearRunCache()
{
    runCache().clear();
}

} // namespace stagecraft

// SPDX-License-Identifier: MIT
#include "graph_edits.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>

namespace stagecraft {
namespace {

bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

std::string lower(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return out;
}

std::string_view sourceText(const SyntaxTree &tree, SourceRange range)
{
    return tree.text().substr(range.begin, range.length());
}

/// "\r\n" when the line holding `offset` ends that way, else "\n".
std::string lineEnding(const SyntaxTree &tree, int line)
{
    const uint32_t end = tree.lines().lineEnd(line);
    const std::string_view text = tree.text();
    return end < text.size() && text[end] == '\r' ? "\r\n" : "\n";
}

/// The blanks before the keyword on the instruction's first line.
std::string indentation(const SyntaxTree &tree, const Instruction &instruction)
{
    const uint32_t start = tree.lines().lineStart(instruction.startLine);
    std::string_view prefix = tree.text().substr(start, instruction.keyword.begin - start);
    while (!prefix.empty() && !isBlank(prefix.back()))
        prefix.remove_suffix(1);
    return std::all_of(prefix.begin(), prefix.end(), isBlank) ? std::string(prefix) : std::string();
}

/// Writes keywords the way the file does: lower case when the stage's FROM is.
std::string keywordLike(const SyntaxTree &tree, const Instruction &model, std::string_view upperKeyword)
{
    const std::string_view written = tree.keywordText(model);
    const bool lowerCase = !written.empty()
        && std::all_of(written.begin(), written.end(), [](char c) { return !(c >= 'A' && c <= 'Z'); });
    return lowerCase ? lower(upperKeyword) : std::string(upperKeyword);
}

/// Offset where a new line after `line` goes, and whether a line break must come first
/// (the file's last line has none).
std::pair<uint32_t, bool> insertionAfterLine(const SyntaxTree &tree, int line)
{
    if (line < tree.lines().lineCount()) {
        const uint32_t next = tree.lines().lineStart(line + 1);
        return {next, false};
    }
    const auto end = static_cast<uint32_t>(tree.text().size());
    const bool needsBreak = end > 0 && tree.text().back() != '\n';
    return {end, needsBreak};
}

/// The whole lines of an instruction, its line break included.
SourceRange wholeLines(const SyntaxTree &tree, const Instruction &instruction)
{
    const uint32_t begin = tree.lines().lineStart(instruction.startLine);
    const uint32_t end = instruction.endLine < tree.lines().lineCount()
        ? tree.lines().lineStart(instruction.endLine + 1)
        : static_cast<uint32_t>(tree.text().size());
    return {begin, end};
}

std::string quoteJson(std::string_view s)
{
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    out += '"';
    return out;
}

/// The absolute directory the stage works in after its last WORKDIR ("/" without one).
std::string workingDirectory(const SyntaxTree &tree, const Stage &stage)
{
    std::string dir = "/";
    for (const Instruction &instruction : stage.instructions(tree)) {
        if (instruction.kind != InstructionKind::Workdir)
            continue;
        std::string path(tree.argumentsText(instruction));
        if (path.empty() || path.find('$') != std::string::npos)
            continue;
        if (path.front() != '/')
            path = (dir.back() == '/' ? dir : dir + "/") + path;
        dir = path;
    }
    return dir;
}

/// The path after `-o` or `--output` in the stage's RUN commands (a build output), if any.
std::string buildOutput(const SyntaxTree &tree, const Stage &stage)
{
    std::string found;
    for (const Instruction &instruction : stage.instructions(tree)) {
        if (instruction.kind != InstructionKind::Run || instruction.json)
            continue;
        const std::string_view args = tree.argumentsText(instruction);
        size_t pos = 0;
        std::string_view previous;
        while (pos < args.size()) {
            while (pos < args.size() && isBlank(args[pos]))
                ++pos;
            size_t end = pos;
            while (end < args.size() && !isBlank(args[end]))
                ++end;
            const std::string_view word = args.substr(pos, end - pos);
            if ((previous == "-o" || previous == "--output") && !word.empty() && word.front() == '/')
                found = std::string(word);
            else if (word.starts_with("--output=") && word.size() > 9 && word[9] == '/')
                found = std::string(word.substr(9));
            previous = word;
            pos = end;
        }
    }
    return found;
}

/// The range of a flag's value (after "--name=") when the flag is written plainly.
std::optional<SourceRange> plainFlagValue(const SyntaxTree &tree, const Instruction &instruction, SourceRange range)
{
    for (const Flag &flag : tree.flags(instruction)) {
        if (flag.range != range && !(flag.range.begin <= range.begin && range.end <= flag.range.end))
            continue;
        const std::string_view written = sourceText(tree, flag.range);
        if (written != tree.flagText(flag))
            return std::nullopt; // quoted or split over lines: not safe to edit in place
        const size_t equals = written.find('=');
        if (equals == std::string_view::npos)
            return std::nullopt;
        return SourceRange {flag.range.begin + static_cast<uint32_t>(equals) + 1, flag.range.end};
    }
    return std::nullopt;
}

/// The range of the `from=` value inside a plainly written `--mount=...` flag.
std::optional<SourceRange> mountFromValue(const SyntaxTree &tree, const Instruction &instruction, SourceRange range)
{
    const std::optional<SourceRange> value = plainFlagValue(tree, instruction, range);
    if (!value)
        return std::nullopt;
    const std::string_view fields = sourceText(tree, *value);
    size_t start = 0;
    while (start <= fields.size()) {
        size_t end = fields.find(',', start);
        if (end == std::string_view::npos)
            end = fields.size();
        const std::string_view field = fields.substr(start, end - start);
        if (lower(field.substr(0, 5)) == "from=")
            return SourceRange {
                value->begin + static_cast<uint32_t>(start + 5), value->begin + static_cast<uint32_t>(end)};
        start = end + 1;
    }
    return std::nullopt;
}

} // namespace

bool isValidStageName(std::string_view name)
{
    if (name.empty() || !std::isalpha(static_cast<unsigned char>(name.front())))
        return false;
    return std::all_of(name.begin(), name.end(),
        [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.'; });
}

bool wouldCreateCycle(const BuildGraph &graph, int source, int target)
{
    if (source == target)
        return true;
    // A cycle appears when `source` already depends on `target`: walk what `target` feeds.
    std::vector<uint8_t> seen(graph.stages().size(), 0);
    std::vector<int> pending {target};
    while (!pending.empty()) {
        const int stage = pending.back();
        pending.pop_back();
        if (stage == source)
            return true;
        if (stage < 0 || static_cast<size_t>(stage) >= seen.size() || seen[static_cast<size_t>(stage)])
            continue;
        seen[static_cast<size_t>(stage)] = 1;
        for (const Edge &edge : graph.edges()) {
            if (edge.source == stage)
                pending.push_back(edge.target);
        }
    }
    return false;
}

CopyPaths defaultCopyPaths(const SyntaxTree &tree, const BuildGraph &graph, int source, int target)
{
    CopyPaths paths;
    const auto &stages = graph.stages();
    if (source < 0 || target < 0 || static_cast<size_t>(source) >= stages.size()
        || static_cast<size_t>(target) >= stages.size())
        return {"/", "/"};
    const std::string output = buildOutput(tree, stages[static_cast<size_t>(source)]);
    if (!output.empty()) {
        paths.source = output;
        paths.destination = output;
        return paths;
    }
    std::string from = workingDirectory(tree, stages[static_cast<size_t>(source)]);
    if (from.back() != '/')
        from += '/';
    std::string to = workingDirectory(tree, stages[static_cast<size_t>(target)]);
    if (to.back() != '/')
        to += '/';
    paths.source = from;
    paths.destination = to == "/" ? from : to;
    return paths;
}

GraphEdit addCopyFrom(const SyntaxTree &tree, const BuildGraph &graph, int source, int target,
    std::string_view sourcePath, std::string_view destinationPath)
{
    GraphEdit result;
    const auto &stages = graph.stages();
    if (source < 0 || target < 0 || static_cast<size_t>(source) >= stages.size()
        || static_cast<size_t>(target) >= stages.size()) {
        result.refusal = "no such stage";
        return result;
    }
    const Stage &from = stages[static_cast<size_t>(source)];
    const Stage &into = stages[static_cast<size_t>(target)];
    if (source == target) {
        result.refusal = "a stage cannot copy from itself";
        return result;
    }
    if (wouldCreateCycle(graph, source, target)) {
        result.refusal = "stage " + into.displayName() + " already depends on " + from.displayName()
            + "'s result; copying would make a cycle, which BuildKit rejects";
        return result;
    }
    if (sourcePath.empty() || destinationPath.empty()) {
        result.refusal = "both paths are needed";
        return result;
    }

    // After the last COPY, ADD or WORKDIR, before the first CMD or ENTRYPOINT.
    const auto &instructions = tree.instructions();
    int anchor = into.firstInstruction;
    for (int i = into.firstInstruction + 1; i < into.endInstruction; ++i) {
        const InstructionKind kind = instructions[static_cast<size_t>(i)].kind;
        if (kind == InstructionKind::Cmd || kind == InstructionKind::Entrypoint)
            break;
        if (kind == InstructionKind::Copy || kind == InstructionKind::Add || kind == InstructionKind::Workdir)
            anchor = i;
    }
    const Instruction &anchorInstruction = instructions[static_cast<size_t>(anchor)];
    const Instruction &fromInstruction = instructions[static_cast<size_t>(into.firstInstruction)];

    const std::string reference
        = from.name.empty() ? std::to_string(from.index) : std::string(sourceText(tree, from.nameRange));
    const bool needsJson = std::any_of(sourcePath.begin(), sourcePath.end(), isBlank)
        || std::any_of(destinationPath.begin(), destinationPath.end(), isBlank);
    const std::string src = needsJson ? quoteJson(sourcePath) : std::string(sourcePath);
    const std::string dst = needsJson ? quoteJson(destinationPath) : std::string(destinationPath);

    std::string line = indentation(tree, anchorInstruction) + keywordLike(tree, fromInstruction, "COPY")
        + " --from=" + reference + " ";
    const auto [offset, needsBreak] = insertionAfterLine(tree, anchorInstruction.endLine);
    const std::string eol = lineEnding(tree, anchorInstruction.endLine);
    std::string text = needsBreak ? eol : std::string();
    text += line;
    if (needsJson)
        text += "[";
    const auto srcAt = offset + static_cast<uint32_t>(text.size() + (needsJson ? 1 : 0));
    text += src;
    text += needsJson ? ", " : " ";
    const auto dstAt = offset + static_cast<uint32_t>(text.size() + (needsJson ? 1 : 0));
    text += dst;
    if (needsJson)
        text += "]";
    if (!needsBreak)
        text += eol;
    result.edits.push_back({{offset, offset}, std::move(text)});
    result.placeholders.push_back({srcAt, srcAt + static_cast<uint32_t>(sourcePath.size())});
    result.placeholders.push_back({dstAt, dstAt + static_cast<uint32_t>(destinationPath.size())});
    return result;
}

GraphEdit renameStage(const SyntaxTree &tree, const BuildGraph &graph, int stage, std::string_view newName)
{
    GraphEdit result;
    const auto &stages = graph.stages();
    if (stage < 0 || static_cast<size_t>(stage) >= stages.size()) {
        result.refusal = "no such stage";
        return result;
    }
    const Stage &renamed = stages[static_cast<size_t>(stage)];
    if (!isValidStageName(newName)) {
        result.refusal = "'" + std::string(newName)
            + "' is not a valid stage name: start with a letter, then letters, digits, '-', '_' or '.'";
        return result;
    }
    const std::string key = lower(newName);
    if (key == "scratch" || key == "context") {
        result.refusal = "'" + key + "' is reserved and cannot name a stage";
        return result;
    }
    for (const Stage &other : stages) {
        if (other.index != stage && other.name == key) {
            result.refusal = "stage " + std::to_string(other.index) + " is already called '" + key + "'";
            return result;
        }
    }
    const std::string name(newName);
    if (renamed.name.empty()) {
        // An unnamed stage gains "AS name" after its base image.
        const Instruction &from = tree.instructions()[static_cast<size_t>(renamed.firstInstruction)];
        const uint32_t at = tree.toSource(from, from.argsEnd);
        result.edits.push_back({{at, at}, " " + keywordLike(tree, from, "AS") + " " + name});
        return result;
    }
    result.edits.push_back({renamed.nameRange, name});
    for (const Edge &edge : graph.edges()) {
        if (edge.source != stage)
            continue;
        const Instruction &instruction = tree.instructions()[static_cast<size_t>(edge.instruction)];
        std::optional<SourceRange> value;
        switch (edge.kind) {
        case EdgeKind::From:
            value = edge.range;
            break;
        case EdgeKind::Copy:
            value = plainFlagValue(tree, instruction, edge.range);
            break;
        case EdgeKind::Mount:
            value = mountFromValue(tree, instruction, edge.range);
            break;
        }
        // Index references (--from=0) stay valid; variables cannot be renamed here.
        if (!value || lower(sourceText(tree, *value)) != renamed.name)
            continue;
        result.edits.push_back({*value, name});
    }
    return result;
}

GraphEdit removeInstruction(const SyntaxTree &tree, int instruction)
{
    GraphEdit result;
    if (instruction < 0 || static_cast<size_t>(instruction) >= tree.instructions().size()) {
        result.refusal = "no such instruction";
        return result;
    }
    result.edits.push_back({wholeLines(tree, tree.instructions()[static_cast<size_t>(instruction)]), {}});
    return result;
}

GraphEdit removeStage(const SyntaxTree &tree, const BuildGraph &graph, int stage)
{
    GraphEdit result;
    const auto &stages = graph.stages();
    if (stage < 0 || static_cast<size_t>(stage) >= stages.size()) {
        result.refusal = "no such stage";
        return result;
    }
    const Stage &removed = stages[static_cast<size_t>(stage)];
    for (const Edge &edge : graph.edges()) {
        if (edge.source == stage && edge.kind == EdgeKind::From && edge.target != stage) {
            result.refusal = "stage " + stages[static_cast<size_t>(edge.target)].displayName() + " is built FROM "
                + removed.displayName() + "; change or remove it first";
            return result;
        }
    }
    const auto &instructions = tree.instructions();
    const SourceRange first = wholeLines(tree, instructions[static_cast<size_t>(removed.firstInstruction)]);
    const SourceRange last = wholeLines(tree, instructions[static_cast<size_t>(removed.endInstruction - 1)]);
    result.edits.push_back({{first.begin, last.end}, {}});
    std::set<int> copies; // one instruction may hold several references
    for (const Edge &edge : graph.edges()) {
        if (edge.source == stage && edge.kind == EdgeKind::Copy && edge.target != stage)
            copies.insert(edge.instruction);
    }
    for (int instruction : copies)
        result.edits.push_back({wholeLines(tree, instructions[static_cast<size_t>(instruction)]), {}});
    return result;
}

} // namespace stagecraft

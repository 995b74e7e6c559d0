// SPDX-License-Identifier: MIT
#include "stage_edits.h"

#include "graph/image_reference.h"

#include <algorithm>
#include <cctype>

namespace stagecraft {
namespace {

std::string lower(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return out;
}

bool nameTaken(const BuildGraph &graph, std::string_view key)
{
    return std::any_of(
        graph.stages().begin(), graph.stages().end(), [&](const Stage &stage) { return stage.name == key; });
}

/// True when the file writes its FROM keywords in lower case (then the new stage does too).
bool lowerCaseKeywords(const SyntaxTree &tree)
{
    for (const Instruction &instruction : tree.instructions()) {
        if (instruction.kind != InstructionKind::From)
            continue;
        const std::string_view written = tree.keywordText(instruction);
        return !written.empty()
            && std::none_of(written.begin(), written.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    }
    return false;
}

} // namespace

GraphEdit addStage(const SyntaxTree &tree, const BuildGraph &graph, std::string_view image, std::string_view name)
{
    GraphEdit result;
    if (!isValidStageName(name)) {
        result.refusal = "'" + std::string(name)
            + "' is not a valid stage name: start with a letter, then letters, digits, '-', '_' or '.'";
        return result;
    }
    const std::string key = lower(name);
    if (key == "scratch" || key == "context") {
        result.refusal = "'" + key + "' is reserved and cannot name a stage";
        return result;
    }
    if (nameTaken(graph, key)) {
        result.refusal = "a stage is already called '" + key + "'";
        return result;
    }
    const bool isStage = graph.findStage(image) >= 0;
    if (!isStage && lower(image) != "scratch") {
        const ImageReference reference = parseImageReference(image);
        if (image.empty() || !reference.valid()) {
            result.refusal = "'" + std::string(image) + "' is not an image reference"
                + (reference.error.empty() ? std::string() : ": " + reference.error);
            return result;
        }
    }

    // A blank line separates stages; the file's last line may lack its line break.
    const std::string_view text = tree.text();
    const bool crlf = text.find("\r\n") != std::string_view::npos;
    const std::string eol = crlf ? "\r\n" : "\n";
    std::string insert;
    if (!text.empty() && text.back() != '\n')
        insert += eol;
    const bool endsWithBlankLine
        = text.empty() || text.ends_with("\n\n") || text.ends_with("\r\n\r\n") || text == "\n" || text == "\r\n";
    if (!text.empty() && !endsWithBlankLine)
        insert += eol;
    const bool lowerCase = lowerCaseKeywords(tree);
    insert += lowerCase ? "from " : "FROM ";
    const auto imageAt = static_cast<uint32_t>(text.size() + insert.size());
    insert += image;
    insert += lowerCase ? " as " : " AS ";
    insert += name;
    insert += eol;
    const auto end = static_cast<uint32_t>(text.size());
    result.edits.push_back({{end, end}, std::move(insert)});
    result.placeholders.push_back({imageAt, imageAt + static_cast<uint32_t>(image.size())});
    return result;
}

std::string uniqueStageName(const BuildGraph &graph, std::string_view stem)
{
    const std::string base = isValidStageName(stem) ? lower(stem) : std::string("stage");
    if (!nameTaken(graph, base) && base != "scratch" && base != "context")
        return base;
    for (int n = 2;; ++n) {
        std::string candidate = base + "-" + std::to_string(n);
        if (!nameTaken(graph, candidate))
            return candidate;
    }
}

} // namespace stagecraft

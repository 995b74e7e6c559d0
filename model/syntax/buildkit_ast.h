// SPDX-License-Identifier: MIT
#pragma once

// BuildKit's view of an instruction: the list of argument strings its line
// parsers produce (node.Next in BuildKit's AST), and its AST dump format. The
// conformance tests compare our dump with BuildKit's own fixtures byte for byte.

#include "syntax_tree.h"

#include <string>
#include <string_view>
#include <vector>

namespace stagecraft {

/// A word of BuildKit's parseWords (ENV, LABEL, ARG), with its logical range.
struct BuildKitWord {
    std::string text;
    uint32_t begin = 0; ///< offsets in the instruction's logical line
    uint32_t end = 0;
};

struct BuildKitNode {
    std::vector<std::string> values; ///< node.Next chain; for ENV/LABEL: key, value, separator triples
    std::string error; ///< the error BuildKit's line parser reports, if any
};

/// The arguments BuildKit's line parser produces for `instruction`. For ONBUILD
/// the values are empty: the triggered instruction is SyntaxTree::trigger().
[[nodiscard]] BuildKitNode buildKitNode(const SyntaxTree &tree, const Instruction &instruction);

/// buildKitNode()'s values for a COPY, ADD or VOLUME whose arguments are not a JSON array, as
/// views into the tree's text (`out` is reused, so a caller walking every COPY allocates
/// nothing). False, with `out` empty, for the JSON form, whose strings are decoded: ask
/// buildKitNode() then.
[[nodiscard]] bool buildKitListViews(
    const SyntaxTree &tree, const Instruction &instruction, std::vector<std::string_view> &out);

/// A word of plainWordViews(): a view into the text and its offsets there.
struct PlainWord {
    std::string_view text;
    uint32_t begin = 0;
    uint32_t end = 0;
};

/// BuildKit's parseWords for `text` that is ASCII without quotes or `escape` characters (the
/// usual ENV, ARG and LABEL line): then it has nothing to decode or keep together, and its
/// words are the runs between spaces, appended to `out` as views. False, adding nothing, for
/// any other text: ask buildKitWords() or buildKitNode() then.
[[nodiscard]] bool plainWordViews(std::string_view text, char escape, std::vector<PlainWord> &out);

/// BuildKit's parseWords over the instruction's arguments (quotes kept, escapes kept).
[[nodiscard]] std::vector<BuildKitWord> buildKitWords(const SyntaxTree &tree, const Instruction &instruction);

/// BuildKit's Node.Dump() of the whole file, newline-terminated, as in its parser fixtures.
[[nodiscard]] std::string dumpBuildKit(const SyntaxTree &tree);

/// One heredoc announced on an instruction line.
struct HeredocSpec {
    std::string name;
    uint32_t fileDescriptor = 0;
    bool expand = true;
    bool chomp = false;
    std::string error; ///< set when BuildKit rejects the heredoc word
};

/// BuildKit's heredocsFromLine: the heredocs `<<EOF`, `<<-EOF`, `<<'EOF'`, `3<<EOF`
/// announced on a logical instruction line, in order.
[[nodiscard]] std::vector<HeredocSpec> heredocsFromLine(std::string_view line);

} // namespace stagecraft

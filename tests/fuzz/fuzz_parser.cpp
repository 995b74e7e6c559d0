// SPDX-License-Identifier: MIT
// The parser must never crash, hang or lose a byte, whatever it is given.

#include "syntax/buildkit_ast.h"
#include "syntax/syntax_tree.h"

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string input(reinterpret_cast<const char *>(data), size);
    const auto tree = stagecraft::parseDockerfile(input);
    if (tree->reprint() != input)
        std::abort();
    uint32_t next = 0;
    for (const stagecraft::Token &token : tree->tokens()) {
        if (token.offset != next || token.length == 0)
            std::abort();
        next += token.length;
    }
    if (next != size)
        std::abort();
    for (const stagecraft::Instruction &instruction : tree->instructions()) {
        if (instruction.range.begin > instruction.range.end || instruction.range.end > size)
            std::abort();
        (void)stagecraft::buildKitWords(*tree, instruction);
    }
    (void)stagecraft::dumpBuildKit(*tree);
    return 0;
}

// SPDX-License-Identifier: MIT
// Everything the editor derives from the text on each keystroke (build graph, every lint
// rule, the size estimate) must survive any bytes: a crash here would take the window down
// while the user types.

#include "document/analysis.h"

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    std::string input(reinterpret_cast<const char *>(data), size);
    const auto analysis = stagecraft::analyze(std::move(input), {}, 1);
    for (const stagecraft::LintDiagnostic &diagnostic : analysis->lint.diagnostics) {
        if (diagnostic.range.begin > diagnostic.range.end || diagnostic.range.end > size)
            std::abort();
        for (const stagecraft::QuickFix &fix : diagnostic.fixes) {
            for (const stagecraft::TextEdit &edit : fix.edits) {
                if (edit.range.begin > edit.range.end || edit.range.end > size)
                    std::abort();
            }
        }
    }
    if (analysis->size.stages.size() != analysis->graph.stages().size())
        std::abort();
    return 0;
}

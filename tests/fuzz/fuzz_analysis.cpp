// SPDX-License-Identifier: MIT
// Everything the editor derives from the text on each keystroke (build graph, every lint
// rule, the size estimate) must survive any bytes: a crash here would take the window down
// while the user types. And the estimate that reuses the previous keystroke's must print
// exactly what one from scratch prints.

#include "document/analysis.h"
#include "size/size_report.h"

#include <cstdint>
#include <cstdlib>
#include <string>

namespace {

// The input may hold invalid UTF-8: `replace` keeps dump() from throwing on it, as the CLI does.
std::string printed(const stagecraft::Analysis &analysis)
{
    stagecraft::SizeReportInfo info;
    info.tree = analysis.tree.get();
    return stagecraft::sizeReportToJson(analysis.size, info)
               .dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
        + stagecraft::sizeReportToText(analysis.size, info);
}

} // namespace

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
    // The keystroke before this text: the byte in the middle not yet typed.
    if (size > 0) {
        std::string before(reinterpret_cast<const char *>(data), size);
        before.erase(size / 2, 1);
        const auto previous = stagecraft::analyze(std::move(before), {}, 1);
        const auto reusing = stagecraft::analyze(std::string(analysis->tree->text()), {}, 2, previous.get());
        if (printed(*reusing) != printed(*analysis))
            std::abort();
    }
    return 0;
}

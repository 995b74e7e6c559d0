// SPDX-License-Identifier: MIT
#include "text_edits.h"

#include <algorithm>

namespace stagecraft {

bool applyTextEdits(std::string &text, std::vector<TextEdit> edits)
{
    std::stable_sort(
        edits.begin(), edits.end(), [](const TextEdit &a, const TextEdit &b) { return a.range.begin < b.range.begin; });
    for (size_t i = 0; i < edits.size(); ++i) {
        if (edits[i].range.end < edits[i].range.begin || edits[i].range.end > text.size())
            return false;
        if (i > 0 && edits[i].range.begin < edits[i - 1].range.end)
            return false;
    }
    // Back to front, so earlier offsets stay valid.
    for (auto it = edits.rbegin(); it != edits.rend(); ++it)
        text.replace(it->range.begin, it->range.length(), it->text);
    return true;
}

} // namespace stagecraft

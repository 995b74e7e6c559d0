// SPDX-License-Identifier: MIT
#include "edit_distance.h"

#include <algorithm>
#include <numeric>
#include <vector>

namespace stagecraft {

int editDistance(std::string_view a, std::string_view b)
{
    if (a.size() < b.size())
        std::swap(a, b);
    // One row of the dynamic-programming table, over the shorter string.
    std::vector<int> row(b.size() + 1);
    std::iota(row.begin(), row.end(), 0);
    for (size_t i = 1; i <= a.size(); ++i) {
        int diagonal = row[0];
        row[0] = static_cast<int>(i);
        for (size_t j = 1; j <= b.size(); ++j) {
            const int above = row[j];
            const int substitute = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
            row[j] = std::min({above + 1, row[j - 1] + 1, substitute});
            diagonal = above;
        }
    }
    return row[b.size()];
}

} // namespace stagecraft

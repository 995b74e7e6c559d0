// SPDX-License-Identifier: MIT
#pragma once

#include <string_view>

namespace stagecraft {

/// Levenshtein distance over bytes (insert, delete, substitute each cost 1). Used to
/// tell a typo of a stage name ("buidler") from a deliberate image reference.
[[nodiscard]] int editDistance(std::string_view a, std::string_view b);

} // namespace stagecraft

// SPDX-License-Identifier: MIT
#pragma once

#include "syntax/syntax_tree.h"

#include <string_view>
#include <vector>

namespace stagecraft {

/// Where a rule comes from: BuildKit's build checks (`docker build --check`), hadolint,
/// or Stagecraft's own multi-stage checks.
enum class RuleOrigin : uint8_t { BuildKit, Hadolint, Stagecraft };

/// Static facts about a rule. Documentation lives in resources/rules/<id>.md.
struct RuleInfo {
    std::string_view id; ///< e.g. "UndefinedVar", "DL3008", "UnusedStage"
    std::vector<std::string_view> aliases; ///< other names it answers to, e.g. the hadolint code "DL3025"
    RuleOrigin origin = RuleOrigin::Stagecraft;
    Severity defaultSeverity = Severity::Warning;
    std::string_view summary; ///< one line, shown in SARIF rule metadata and tooltips
    std::string_view url; ///< upstream documentation, if any
};

} // namespace stagecraft

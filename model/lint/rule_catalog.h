// SPDX-License-Identifier: MIT
#pragma once

// Every rule Stagecraft knows: the three rule sets (BuildKit, hadolint, multi-stage)
// plus the parser's and the build graph's own diagnostic codes, so that one lookup
// answers "what is DL3025?" for the engine, the command line and the editor alike.

#include "lint_context.h"
#include "rule_info.h"

#include <QString>

#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace stagecraft {

class RuleCatalog {
public:
    RuleCatalog(const RuleCatalog &) = delete; // m_byId points into m_rules
    RuleCatalog &operator=(const RuleCatalog &) = delete;

    /// Every rule, in a stable order: BuildKit, hadolint, multi-stage, then syntax and graph codes.
    [[nodiscard]] std::span<const RuleInfo> rules() const { return m_rules; }
    /// The rule sets whose checks the engine runs (the syntax codes have none).
    [[nodiscard]] std::span<const RuleSet> ruleSets() const { return m_sets; }

    /// The rule whose id is `name`, else the first whose alias is `name` (both exact,
    /// case-sensitive as BuildKit and hadolint compare them); null when none.
    [[nodiscard]] const RuleInfo *find(std::string_view name) const;
    /// The rule whose id is exactly `id` (aliases do not count); null when none. A hash
    /// lookup: the engine asks this for every diagnostic.
    [[nodiscard]] const RuleInfo *byId(std::string_view id) const;
    /// True when `name` is `rule`'s id or one of its aliases.
    [[nodiscard]] static bool answersTo(const RuleInfo &rule, std::string_view name);
    /// True when `name` (an id or an alias) designates the rule `id` (which may be unknown:
    /// then only the id itself matches).
    [[nodiscard]] bool designates(std::string_view name, std::string_view id) const;

private:
    friend const RuleCatalog &ruleCatalog();
    RuleCatalog();

    std::vector<RuleSet> m_sets;
    std::vector<RuleInfo> m_rules;
    std::unordered_map<std::string_view, const RuleInfo *> m_byId; ///< keys view the ids in m_rules
};

/// The catalog, built once (thread-safe).
[[nodiscard]] const RuleCatalog &ruleCatalog();

/// BuildKit checks that only run when enabled with `# check=experimental=...`.
[[nodiscard]] bool isExperimentalRule(std::string_view id);

/// The short documentation shipped in resources/rules/<id>.md (what, why, bad and good
/// examples), as Markdown; empty when the rule has none.
[[nodiscard]] QString ruleDocumentation(std::string_view id);

} // namespace stagecraft

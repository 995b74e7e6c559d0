// SPDX-License-Identifier: MIT
#pragma once

// The variables a command of a RUN sees, as far as the multi-stage rules need them: what the
// script assigned or exported before it, then the stage's ARG and ENV values. Enough to read
// `apt-get install $BUILD_DEPS`, `cd "$APP_DIR"` or `CGO_ENABLED=${CGO}`; no command
// substitution, no parameter operators (those words stay unresolved).

#include "graph/arg_scope.h"

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace stagecraft {

/// The stage's variables a script looked up, each with the value it found (nullopt: unset), in
/// the order first asked for. What the script assigned itself is not among them.
using ScopeReads = std::vector<std::pair<std::string, std::optional<std::string>>>;

class ShellVariables {
public:
    /// `scope` (may be null) is the stage's scope before the RUN; it must outlive this object.
    explicit ShellVariables(const VariableScope *scope)
        : m_scope(scope)
    {}

    /// Notes every lookup that reaches the stage's scope in `reads` (which must outlive this object).
    void recordScopeReads(ScopeReads *reads) { m_scopeReads = reads; }

    /// A `NAME=value` the script ran (value as written).
    void set(std::string name, std::string value) { m_local[std::move(name)] = std::move(value); }

    /// The script's value of `name`, else the stage's; nullopt when unset.
    [[nodiscard]] std::optional<std::string> lookup(const std::string &name) const;

    /// `value` with each `$NAME` / `${NAME}` replaced; nullopt when one is unset, uses an operator
    /// (`${NAME:-x}`) or a command substitution.
    [[nodiscard]] std::optional<std::string> resolve(std::string_view value) const;

private:
    const VariableScope *m_scope;
    std::unordered_map<std::string, std::string> m_local;
    ScopeReads *m_scopeReads = nullptr;
};

} // namespace stagecraft

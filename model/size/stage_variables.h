// SPDX-License-Identifier: MIT
#pragma once

// The variables (ARG and ENV) the instructions of one stage see, worked out only when an
// instruction asks. Most never do: a RUN looks a variable up for a word with `$` in it or for
// a tool's setting (GOPATH, NODE_ENV, ...), a COPY or WORKDIR for a `$` in a path. Expanding
// every ENV and ARG of every stage up front cost more than sizing a plain file's RUNs, so
// the estimate walks a stage passing instructions and the scope catches up on demand.

#include "graph/arg_scope.h"

#include <optional>

namespace stagecraft {

class ScopeResolver;

class StageVariables {
public:
    /// For `stage` (an index into the graph's stages) starting right after its FROM at
    /// `firstInstruction`; the resolver must outlive this.
    StageVariables(const ScopeResolver &resolver, int stage, int firstInstruction);

    /// The walk moved past `instruction`: later questions see what it declares.
    void pass(int instruction) { m_passedEnd = instruction + 1; }
    /// The scope after every instruction passed so far.
    [[nodiscard]] const VariableScope &scope() const;

private:
    const ScopeResolver &m_resolver;
    int m_stage;
    int m_passedEnd; ///< one past the last instruction passed
    // Filled on the first question, then brought up to date on each one after.
    mutable std::optional<VariableScope> m_scope;
    mutable int m_appliedEnd; ///< one past the last instruction applied to m_scope
};

} // namespace stagecraft

// SPDX-License-Identifier: MIT
#include "stage_variables.h"

#include "graph/stage_scope.h"

namespace stagecraft {

StageVariables::StageVariables(const ScopeResolver &resolver, int stage, int firstInstruction)
    : m_resolver(resolver)
    , m_stage(stage)
    , m_passedEnd(firstInstruction + 1)
    , m_appliedEnd(firstInstruction + 1)
{}

const VariableScope &StageVariables::scope() const
{
    if (!m_scope)
        m_scope = m_resolver.stageStartScope(m_stage);
    for (; m_appliedEnd < m_passedEnd; ++m_appliedEnd)
        m_resolver.apply(*m_scope, m_appliedEnd);
    return *m_scope;
}

} // namespace stagecraft

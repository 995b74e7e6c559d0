// SPDX-License-Identifier: MIT
#include "stage_scope.h"

#include <algorithm>
#include <cassert>

namespace stagecraft {

ScopeResolver::ScopeResolver(const SyntaxTree &tree, const BuildGraph &graph)
    : m_tree(tree)
    , m_graph(graph)
    , m_stages(graph.stages().size())
{}

ScopeResolver::~ScopeResolver() = default;

VariableScope ScopeResolver::scopeAt(int instruction) const
{
    const int stageIndex = m_graph.stageOfInstruction(instruction);
    if (stageIndex < 0) {
        // Before the first FROM: the automatic ARGs and the global ARGs above this one.
        VariableScope scope = m_graph.automaticScope();
        for (int i = 0; i < instruction && i < static_cast<int>(m_tree.instructions().size()); ++i) {
            if (m_tree.instructions()[static_cast<size_t>(i)].kind == InstructionKind::Arg)
                applyGlobalArg(scope, m_tree, i, m_graph.options().buildArgs);
        }
        return scope;
    }
    return scopeBefore(stageIndex, instruction);
}

ShellResult ScopeResolver::expand(int instruction, std::string_view word) const
{
    if (const int stage = m_graph.stageOfInstruction(instruction); stage >= 0)
        return scopeBefore(stage, instruction).expand(word, m_tree.escapeToken());
    return scopeAt(instruction).expand(word, m_tree.escapeToken());
}

VariableScope ScopeResolver::stageStartScope(int stageIndex) const
{
    const Stage &stage = m_graph.stages()[static_cast<size_t>(stageIndex)];
    VariableScope scope;
    if (stage.base.kind == BaseKind::Stage && stage.base.stage >= 0 && stage.base.stage < stageIndex) {
        scope = stageEndScope(stage.base.stage);
        scope.markInherited();
    } else if (!stage.resolvedPlatform.starts_with("windows")) {
        // BuildKit sets PATH when the image config has none (never on Windows).
        Variable path;
        path.name = "PATH";
        path.value = defaultLinuxPath;
        path.kind = VariableKind::ImageDefault;
        path.instruction = stage.firstInstruction;
        scope.set(std::move(path));
    }
    for (const auto &[name, value] : m_graph.options().buildArgs) {
        if (!isProxyArg(name))
            continue;
        Variable proxy;
        proxy.name = name;
        proxy.value = value;
        proxy.kind = VariableKind::Proxy;
        proxy.fromBuildArg = true;
        if (const Variable *existing = scope.find(name); !existing || existing->kind == VariableKind::Proxy)
            scope.set(std::move(proxy));
    }
    return scope;
}

const VariableScope &ScopeResolver::scopeBefore(int stageIndex, int instruction) const
{
    const Stage &stage = m_graph.stages()[static_cast<size_t>(stageIndex)];
    assert(instruction >= stage.firstInstruction && instruction < stage.endInstruction);
    if (instruction == stage.firstInstruction)
        return m_graph.globalScope();
    // Walks ask at every instruction: the first question works the stage out, the rest only read.
    const StageScopes *known = m_stages[static_cast<size_t>(stageIndex)].get();
    const StageScopes &scopes = known ? *known : stageScopes(stageIndex);
    return scopes.scopes[scopes.before[static_cast<size_t>(instruction - stage.firstInstruction - 1)]];
}

const VariableScope &ScopeResolver::scopeAfter(int stageIndex, int instruction) const
{
    const Stage &stage = m_graph.stages()[static_cast<size_t>(stageIndex)];
    assert(instruction > stage.firstInstruction && instruction < stage.endInstruction);
    // Walks ask at every instruction: the first question works the stage out, the rest only read.
    const StageScopes *known = m_stages[static_cast<size_t>(stageIndex)].get();
    const StageScopes &scopes = known ? *known : stageScopes(stageIndex);
    return scopes.scopes[scopes.before[static_cast<size_t>(instruction - stage.firstInstruction)]];
}

const VariableScope &ScopeResolver::stageEndScope(int stageIndex) const
{
    return stageScopes(stageIndex).scopes.back();
}

const ScopeResolver::StageScopes &ScopeResolver::stageScopes(int stageIndex) const
{
    // Walk down the chain of base stages to one already known, then build back up, so
    // that a long chain needs no recursion (stageStartScope() reads the base's end).
    std::vector<int> chain;
    for (int current = stageIndex; current >= 0 && !m_stages[static_cast<size_t>(current)];) {
        chain.push_back(current);
        const Stage &stage = m_graph.stages()[static_cast<size_t>(current)];
        current = stage.base.kind == BaseKind::Stage && stage.base.stage < current ? stage.base.stage : -1;
    }
    const std::vector<Instruction> &instructions = m_tree.instructions();
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        const Stage &stage = m_graph.stages()[static_cast<size_t>(*it)];
        auto scopes = std::make_unique<StageScopes>();
        const auto first = instructions.begin() + stage.firstInstruction + 1;
        const auto end = instructions.begin() + stage.endInstruction;
        scopes->scopes.reserve(1 + static_cast<size_t>(std::count_if(first, end, [](const Instruction &i) {
            return i.kind == InstructionKind::Arg || i.kind == InstructionKind::Env;
        })));
        scopes->before.reserve(static_cast<size_t>(stage.endInstruction - stage.firstInstruction));
        scopes->scopes.push_back(stageStartScope(*it));
        for (int i = stage.firstInstruction + 1; i < stage.endInstruction; ++i) {
            scopes->before.push_back(static_cast<uint32_t>(scopes->scopes.size() - 1));
            const InstructionKind kind = instructions[static_cast<size_t>(i)].kind;
            if (kind != InstructionKind::Arg && kind != InstructionKind::Env)
                continue; // nothing else changes the scope
            VariableScope next = scopes->scopes.back();
            apply(next, i);
            scopes->scopes.push_back(std::move(next));
        }
        scopes->before.push_back(static_cast<uint32_t>(scopes->scopes.size() - 1));
        m_stages[static_cast<size_t>(*it)] = std::move(scopes);
    }
    return *m_stages[static_cast<size_t>(stageIndex)];
}

void ScopeResolver::apply(VariableScope &scope, int instruction) const
{
    applyStageInstruction(scope, m_tree, instruction, m_graph.options().buildArgs, m_graph.globalScope());
}

} // namespace stagecraft

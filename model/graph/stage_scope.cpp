// SPDX-License-Identifier: MIT
#include "stage_scope.h"

namespace stagecraft {

ScopeResolver::ScopeResolver(const SyntaxTree &tree, const BuildGraph &graph)
    : m_tree(tree)
    , m_graph(graph)
    , m_stageEnd(graph.stages().size())
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
    const Stage &stage = m_graph.stages()[static_cast<size_t>(stageIndex)];
    if (instruction == stage.firstInstruction)
        return m_graph.globalScope();
    VariableScope scope = stageStartScope(stageIndex);
    for (int i = stage.firstInstruction + 1; i < instruction; ++i)
        applyInWalk(scope, i);
    return scope;
}

ShellResult ScopeResolver::expand(int instruction, std::string_view word) const
{
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

const VariableScope &ScopeResolver::stageEndScope(int stageIndex) const
{
    // Walk down the chain of base stages to one already known, then build back up, so
    // that a long chain needs no recursion.
    std::vector<int> chain;
    for (int current = stageIndex; current >= 0 && !m_stageEnd[static_cast<size_t>(current)];) {
        chain.push_back(current);
        const Stage &stage = m_graph.stages()[static_cast<size_t>(current)];
        current = stage.base.kind == BaseKind::Stage && stage.base.stage < current ? stage.base.stage : -1;
    }
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        const Stage &stage = m_graph.stages()[static_cast<size_t>(*it)];
        auto scope = std::make_unique<VariableScope>(stageStartScope(*it));
        for (int i = stage.firstInstruction + 1; i < stage.endInstruction; ++i)
            applyInWalk(*scope, i);
        m_stageEnd[static_cast<size_t>(*it)] = std::move(scope);
    }
    return *m_stageEnd[static_cast<size_t>(stageIndex)];
}

void ScopeResolver::apply(VariableScope &scope, int instruction) const
{
    applyStageInstruction(scope, m_tree, instruction, m_graph.options().buildArgs, m_graph.globalScope());
}

void ScopeResolver::applyInWalk(VariableScope &scope, int instruction) const
{
    // Only ENV is worth keeping: its pairs go through BuildKit's word parser and are expanded,
    // which costs several times a copy of the scope. An ARG is cheaper to apply than to copy.
    const std::vector<Instruction> &instructions = m_tree.instructions();
    if (instruction < 0 || static_cast<size_t>(instruction) >= instructions.size()
        || instructions[static_cast<size_t>(instruction)].kind != InstructionKind::Env) {
        apply(scope, instruction);
        return;
    }
    if (m_afterEnv.empty())
        m_afterEnv.resize(instructions.size());
    std::unique_ptr<VariableScope> &after = m_afterEnv[static_cast<size_t>(instruction)];
    if (after) {
        scope = *after;
        return;
    }
    apply(scope, instruction);
    after = std::make_unique<VariableScope>(scope);
}

} // namespace stagecraft

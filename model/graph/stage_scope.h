// SPDX-License-Identifier: MIT
#pragma once

// The variables each instruction sees, for lint and size estimation: what a word of an
// instruction expands to, and which ARGs and ENVs are in scope with which values.

#include "arg_scope.h"
#include "build_graph.h"

#include <memory>
#include <string_view>
#include <vector>

namespace stagecraft {

/// Answers scope queries for one tree and its graph (both must outlive it). Scopes are
/// computed on demand; the scope at the end of each stage is cached, because a stage
/// based on another stage starts from it. Not thread-safe (the cache is filled lazily).
class ScopeResolver {
public:
    ScopeResolver(const SyntaxTree &tree, const BuildGraph &graph);
    ~ScopeResolver();

    /// The scope `instruction` (an index into SyntaxTree::instructions()) expands in: the
    /// global scope so far for a FROM or an instruction before the first FROM, else the
    /// stage's scope just before the instruction.
    [[nodiscard]] VariableScope scopeAt(int instruction) const;
    /// A word of `instruction` expanded as BuildKit would (ProcessWord).
    [[nodiscard]] ShellResult expand(int instruction, std::string_view word) const;

    /// The scope right after the FROM of `stage`: its base stage's final scope (marked
    /// inherited), or the image's PATH; plus proxy --build-args.
    [[nodiscard]] VariableScope stageStartScope(int stage) const;
    /// The scope after the last instruction of `stage`.
    [[nodiscard]] const VariableScope &stageEndScope(int stage) const;
    /// Applies one instruction of a stage to `scope`: for walking a stage once, in order,
    /// instead of asking scopeAt() for every instruction.
    void apply(VariableScope &scope, int instruction) const;
    /// The same, for a walk that started from stageStartScope() and applied every instruction
    /// before this one: `scope` must be exactly that scope. Several rule sets walk every stage
    /// (BuildKit's checks, the multi-stage walker); the scope after an ENV is kept from the
    /// first walk and copied by the others, which then neither parse nor expand its pairs.
    void applyInWalk(VariableScope &scope, int instruction) const;

private:
    const SyntaxTree &m_tree;
    const BuildGraph &m_graph;
    mutable std::vector<std::unique_ptr<VariableScope>> m_stageEnd;
    /// applyInWalk(): per instruction, the scope after it when it is an ENV already walked.
    mutable std::vector<std::unique_ptr<VariableScope>> m_afterEnv;
};

} // namespace stagecraft

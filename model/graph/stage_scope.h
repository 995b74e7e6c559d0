// SPDX-License-Identifier: MIT
#pragma once

// The variables each instruction sees, for lint and size estimation: what a word of an
// instruction expands to, and which ARGs and ENVs are in scope with which values.

#include "arg_scope.h"
#include "build_graph.h"

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace stagecraft {

/// Answers scope queries for one tree and its graph (both must outlive it). The scopes of a
/// stage are worked out the first time any of them is asked for, and kept: every rule set
/// that walks the stages (BuildKit's checks, the multi-stage walker, hadolint's lookups)
/// reads the same ones, so each ARG and ENV is applied once per resolver, and a stage based
/// on another stage starts from that stage's end without walking it again. Not thread-safe
/// (the cache is filled lazily).
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

    /// The scope just before `instruction` of `stage` (for its FROM, the global scope), as
    /// scopeAt() answers, but without a copy: the reference lives as long as the resolver.
    /// For walks over a stage, which know the stage and ask at every instruction.
    [[nodiscard]] const VariableScope &scopeBefore(int stage, int instruction) const;
    /// The scope right after `instruction` of `stage` (not its FROM).
    [[nodiscard]] const VariableScope &scopeAfter(int stage, int instruction) const;

    /// The scope right after the FROM of `stage`: its base stage's final scope (marked
    /// inherited), or the image's PATH; plus proxy --build-args.
    [[nodiscard]] VariableScope stageStartScope(int stage) const;
    /// The scope after the last instruction of `stage`.
    [[nodiscard]] const VariableScope &stageEndScope(int stage) const;
    /// Applies one instruction of a stage to `scope`: for walking a stage once, in order,
    /// without the resolver keeping every scope of it.
    void apply(VariableScope &scope, int instruction) const;

private:
    /// The scopes of one stage: the start scope, then one after each ARG or ENV.
    struct StageScopes {
        std::vector<VariableScope> scopes;
        /// Per instruction after the FROM, and one for the end: the index of its scope in `scopes`.
        std::vector<uint32_t> before;
    };
    const StageScopes &stageScopes(int stage) const;

    const SyntaxTree &m_tree;
    const BuildGraph &m_graph;
    mutable std::vector<std::unique_ptr<StageScopes>> m_stages;
};

} // namespace stagecraft

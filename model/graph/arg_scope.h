// SPDX-License-Identifier: MIT
#pragma once

// Build variables as BuildKit's dockerfile2llb scopes them: the global scope that FROM
// lines expand in (automatic platform ARGs plus the ARGs before the first FROM), and the
// scope of each stage (its ARGs and ENVs, and whatever its base stage left behind).

#include "syntax/shell_lexer.h"
#include "syntax/source_range.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stagecraft {

class SyntaxTree;

/// --build-arg values in the order given; the last of a name wins.
using BuildArgs = std::vector<std::pair<std::string, std::string>>;

/// The value of the last --build-arg named `name`, or null.
[[nodiscard]] const std::string *findBuildArg(const BuildArgs &buildArgs, std::string_view name);

enum class VariableKind : uint8_t {
    Automatic, ///< BUILDPLATFORM, TARGETARCH, ... (global; redeclare with ARG to use in a stage)
    GlobalArg, ///< ARG before the first FROM
    Arg, ///< ARG inside a stage
    Env, ///< ENV inside a stage
    Proxy, ///< HTTP_PROXY & co. given with --build-arg: in RUN's environment, never expanded
    ImageDefault, ///< PATH as BuildKit sets it when the base image's config has none (the real image may differ)
};

struct Variable {
    std::string name;
    std::string value;
    VariableKind kind = VariableKind::Arg;
    bool hasValue = true; ///< false: an ARG declared without any value (unset for expansion)
    bool fromBuildArg = false; ///< the value is a --build-arg override
    bool inherited = false; ///< set in the base stage, not in this one
    int instruction = -1; ///< index into SyntaxTree::instructions() of the ARG/ENV; -1 when automatic
};

/// The variables visible at one point, in declaration order. BuildKit compares names
/// case-sensitively (on Linux).
class VariableScope {
public:
    [[nodiscard]] const std::vector<Variable> &variables() const { return m_variables; }
    /// Any declared variable named `name` (including an ARG without value), or null.
    [[nodiscard]] const Variable *find(std::string_view name) const;
    /// The value expansion sees: nothing for unset ARGs and for proxy variables.
    [[nodiscard]] std::optional<std::string> lookup(std::string_view name) const;

    /// Adds the variable, or replaces the one with the same name in place.
    void set(Variable variable);
    /// Marks everything as coming from a base stage.
    void markInherited();

    /// BuildKit's ProcessWord in this scope (quotes and escapes removed).
    [[nodiscard]] ShellResult expand(std::string_view word, char escapeToken = '\\') const;
    /// BuildKit's ProcessWords in this scope (split into words).
    [[nodiscard]] ShellResult expandWords(std::string_view text, char escapeToken = '\\') const;

private:
    std::vector<Variable> m_variables;
};

/// An ARG word split the way BuildKit's parseArg does: "NAME" or "NAME=default"
/// (the default still quoted; expansion removes the quotes).
struct ArgDeclaration {
    std::string_view name;
    std::string_view value;
    bool hasValue = false;
};
[[nodiscard]] ArgDeclaration splitArgWord(std::string_view word);

/// The automatic platform ARGs for a target platform and a build platform
/// ("os/arch[/variant]"), with `targetStage` as TARGETSTAGE. `overrides` (--build-arg)
/// replace values of the same name.
[[nodiscard]] std::vector<Variable> automaticArgs(std::string_view targetPlatform, std::string_view buildPlatform,
    std::string_view targetStage, const BuildArgs &overrides);

/// True for the predefined proxy ARGs (HTTP_PROXY, http_proxy, ..., all_proxy).
[[nodiscard]] bool isProxyArg(std::string_view name);

/// The PATH BuildKit gives a Linux stage whose image sets none.
inline constexpr std::string_view defaultLinuxPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// An expansion BuildKit would fail on, where it happens.
struct ExpansionError {
    SourceRange range;
    std::string message;
};

/// buildMetaArgs for one ARG instruction before the first FROM: each declaration takes
/// its --build-arg, or its default expanded in `global` so far. Errors are appended to
/// `errors` when it is not null.
void applyGlobalArg(VariableScope &global, const SyntaxTree &tree, int instruction, const BuildArgs &buildArgs,
    std::vector<ExpansionError> *errors = nullptr);

/// dispatchArg / dispatchEnv for one instruction inside a stage (other kinds change
/// nothing). An ARG takes its --build-arg, else its default expanded in `scope`, else the
/// global value of that name; ENV pairs are all expanded in the scope before the instruction.
void applyStageInstruction(VariableScope &scope, const SyntaxTree &tree, int instruction, const BuildArgs &buildArgs,
    const VariableScope &global, std::vector<ExpansionError> *errors = nullptr);

/// `failed to process "<word>": <error>`, as BuildKit reports a shell-lexer error.
[[nodiscard]] std::string expansionErrorMessage(std::string_view word, std::string_view error);

} // namespace stagecraft

// SPDX-License-Identifier: MIT
#pragma once

// ShellCheck findings on RUN bodies, when the `shellcheck` program is installed.
//
// Each shell-form RUN becomes one script: its command line (the logical line after the
// flags, continuations joined as BuildKit joins them) followed by its heredocs, bodies and
// closing lines as written. Each heredoc that a shell runs (`RUN <<EOF`, `RUN bash <<EOF`)
// is also a script of its own. A script is passed to `shellcheck --format=json1 -` on
// standard input, never executed, and every comment's line and column are mapped back to
// the exact bytes of the Dockerfile. Rule ids are "SC" + the code ("SC2086"), so
// `# hadolint ignore=SC2086` and `--ignore SC2086` work as hadolint users write them.
//
// Scripts are built and mapped by pure functions (tested without the program); only
// runShellCheck() starts processes.

#include "lint_diagnostic.h"

#include <QString>

#include <string>
#include <string_view>
#include <vector>

namespace stagecraft {

class BuildGraph;

/// A run of script bytes that copies Dockerfile bytes.
struct ShellCheckPiece {
    uint32_t script = 0; ///< offset in ShellCheckScript::text
    uint32_t length = 0;
    uint32_t origin = 0; ///< a logical offset in the instruction (`logical`), else a source offset
    bool logical = false; ///< a piece of the instruction's logical line (mapped with SyntaxTree::toSource)
    bool ignored = false; ///< findings here are dropped (a heredoc body checked as a script of its own)
};

/// One script for ShellCheck and how it maps back to the Dockerfile.
struct ShellCheckScript {
    int instruction = -1; ///< index into SyntaxTree::instructions()
    std::string shell; ///< ShellCheck's dialect: "sh", "bash", "dash" or "ksh"
    std::string text; ///< what is fed to shellcheck
    int headerLines = 0; ///< leading `export NAME=1` lines declaring the ARG/ENV variables in scope
    std::vector<ShellCheckPiece> pieces; ///< in script order; bytes between pieces are separators
};

/// ShellCheck's dialect for a shell program ("/bin/bash" -> "bash"; "ash" -> "sh"); empty for a
/// shell ShellCheck cannot check (zsh, powershell, cmd, python).
[[nodiscard]] std::string shellCheckDialect(std::string_view program);

/// The scripts of every shell-form RUN of `tree` (ONBUILD triggers are not checked). The shell is
/// the stage's SHELL (inherited from a base stage), a heredoc's `#!` line or the shell reading it;
/// RUNs whose shell ShellCheck cannot read (SHELL ["powershell", ...]) are left out, as are RUNs
/// with an unterminated heredoc.
[[nodiscard]] std::vector<ShellCheckScript> shellCheckScripts(const SyntaxTree &tree, const BuildGraph &graph);

/// Maps ShellCheck's `--format=json1` output for `script` to diagnostics on `tree`: rule
/// "SC<code>", severity error/warning/info/style, the range the comment's line and column
/// (characters, tabs counting one) designate. On output that is not json1 returns nothing and
/// sets `error`.
[[nodiscard]] std::vector<LintDiagnostic> shellCheckDiagnostics(
    const SyntaxTree &tree, const ShellCheckScript &script, std::string_view json, std::string *error = nullptr);

/// True for a ShellCheck rule id: "SC" followed by digits.
[[nodiscard]] bool isShellCheckRule(std::string_view id);

/// How runShellCheck() runs the program.
struct ShellCheckOptions {
    QString program = QStringLiteral("shellcheck"); ///< looked up on PATH unless it has a '/'
    int timeoutMs = 20000; ///< per process; a script that takes longer is reported and skipped
    int parallel = 0; ///< processes at once; 0: one per processor
};

/// The program's path when it can be run, else empty (the feature is then unavailable).
[[nodiscard]] QString findShellCheck(const QString &program = QStringLiteral("shellcheck"));

struct ShellCheckRun {
    std::vector<LintDiagnostic> diagnostics; ///< unsorted, stage unset
    std::vector<std::string> errors; ///< "line 12: shellcheck timed out", "shellcheck not found", ...
};

/// Checks every script of `tree` with ShellCheck, several processes at a time.
[[nodiscard]] ShellCheckRun runShellCheck(
    const SyntaxTree &tree, const BuildGraph &graph, const ShellCheckOptions &options = {});

} // namespace stagecraft

// SPDX-License-Identifier: MIT
#pragma once

// What one RUN does that the multi-stage rules reason about: project dependency installs
// (and the manifests they need), toolchain packages installed and removed, `go build`
// outputs and whether cgo is on, source-map and JavaScript builds, node_modules pruning,
// and the variables the script reads. Read from the shell words (shell/shell_words.h), so
// quoting, `&&` chains, `cd` and heredoc scripts are taken into account.

#include "graph/arg_scope.h"
#include "multistage_shell_env.h"
#include "shell/package_install.h"
#include "shell/shell_cache.h"
#include "syntax/syntax_tree.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stagecraft {

enum class DependencyTool : uint8_t { Npm, Yarn, Pnpm, Pip, GoModules };

/// A project dependency install: `npm ci`, `npm install` (no package names), `yarn`,
/// `pnpm install`, `pip install -r requirements.txt`, `go mod download`.
struct DependencyInstall {
    DependencyTool tool = DependencyTool::Npm;
    std::string subcommand; ///< "ci", "install", "download", ...
    std::string directory; ///< where it runs (the stage WORKDIR, or where a `cd` went)
    bool directoryCertain = true; ///< false when a `cd` or --prefix had variables
    bool changedDirectory = false; ///< a `cd`/--prefix moved it away from the stage WORKDIR
    /// Files it reads, relative to `directory` (or absolute); each entry lists alternatives
    /// (`npm ci` needs package.json and one of package-lock.json / npm-shrinkwrap.json).
    std::vector<std::vector<std::string>> manifests;
    bool searchesParents = false; ///< npm, yarn, pnpm and go also find the manifest in a parent directory
    bool devDependencies = false; ///< npm/yarn/pnpm: devDependencies are installed
    bool mayFollowFileCreation = false; ///< an earlier command of this RUN may have written files
    bool tolerated = false; ///< a failure does not fail the RUN (`|| ...`, if-condition, ...)
    SourceRange range; ///< the command words
};

/// `--only=production` & co. on an npm command, with the option that replaces it.
struct DeprecatedNpmOption {
    SourceRange range;
    std::string written;
    std::string replacement;
};

struct ToolchainPackage {
    std::string name;
    std::string operand; ///< the operand as written ("gcc=4:12.2*", "$buildDeps")
    std::string group; ///< apk --virtual name, which `apk del` may name instead
    SourceRange range; ///< the operand word
};

/// Toolchain packages one package-manager command installed and this RUN did not remove again.
struct ToolchainInstall {
    std::vector<ToolchainPackage> packages;
    bool compiler = false; ///< a C/C++ compiler (cgo needs one)
};

/// What a package-manager removal command takes away (`apk del .build-deps`, `apt-get purge $deps`).
struct PackageRemoval {
    std::vector<std::string> names; ///< operands as written and the package names they resolve to
    bool everything = false; ///< `apt-mark auto` + `apt-get purge --auto-remove`: all this RUN installed

    /// True when this removal takes `package` away (by name, by operand or by apk group).
    [[nodiscard]] bool removes(const ToolchainPackage &package) const;
};

struct GoBuild {
    std::string output; ///< absolute (or under "?") output path; empty when unknown
    bool outputIsDirectory = false; ///< `-o dir/` or `go install` into GOBIN
    bool cgoDisabled = false; ///< CGO_ENABLED=0 (or not decidable: then also true, to stay quiet)
    bool staticallyLinked = false; ///< -extldflags -static
    bool crossCompiled = false; ///< GOARCH/GOOS differ from the build platform: cgo is off by default
    bool compilerInRun = false; ///< a C compiler was installed earlier in the same RUN
    SourceRange range;
};

struct PathEvent {
    std::string directory;
    SourceRange range;
};

/// A `$NAME` / `${NAME}` reference in the script.
struct VariableUse {
    std::string name;
    SourceRange range; ///< the word that holds it
};

struct RunInput {
    std::string_view directory; ///< the stage WORKDIR before the RUN
    bool directoryCertain = true; ///< false when a WORKDIR had unresolved variables
    const VariableScope *scope = nullptr; ///< the scope before the RUN (ARG/ENV values)
    bool nodeImage = false; ///< node-gyp's python3 counts as part of the toolchain there
    bool toolchains = true; ///< collect toolchain installs and removals (only the final image needs them)
    std::string_view buildArch = "amd64"; ///< GOARCH of the build platform
    std::string_view goPath = "/root/go"; ///< GOPATH when nothing sets it ("/go" in the golang images)
};

struct RunFacts {
    std::vector<DependencyInstall> installs;
    std::vector<DeprecatedNpmOption> deprecatedOptions;
    std::vector<ToolchainInstall> toolchains;
    std::vector<PackageRemoval> removals;
    std::vector<GoBuild> goBuilds;
    std::vector<PathEvent> prunes; ///< node_modules pruned of devDependencies (or deleted) in `directory`
    std::vector<PathEvent> jsBuilds; ///< npm run build, tsc, vite build, ...
    std::vector<PathEvent> sourceMaps; ///< --sourceMap & co.: range is the option word, directory its --outDir
    std::vector<VariableUse> variables;
    bool mayCreateFiles = false; ///< some command may have written arbitrary files (git clone, curl, scripts, ...)
    bool compilerInstalled = false; ///< a C compiler installed and not removed again in this RUN
    bool goEnvDisablesCgo = false; ///< `go env -w CGO_ENABLED=0`
    bool bindMount = false; ///< `--mount=type=bind`: files visible to this RUN only
    bool privilegeDrop = false; ///< installs or runs gosu, su-exec, setpriv, ...
};

/// What an analysis read of its RunInput, with the values it saw. The facts depend on nothing
/// else but the instruction's text (and the file's escape character): another RUN of the same
/// text whose input agrees on all of these has the same facts (RunFactsMemo relies on it).
struct RunInputReads {
    struct Directory {
        std::string directory;
        bool certain = true;
    };
    std::optional<Directory> directory;
    std::optional<bool> nodeImage;
    std::optional<bool> toolchains;
    std::optional<std::string> buildArch;
    std::optional<std::string> goPath;
    ScopeReads variables; ///< input.scope's answers

    /// True when `input` answers every read recorded here as it was answered then.
    [[nodiscard]] bool agreeWith(const RunInput &input) const;
};

/// `facts` with every range moved `offset` bytes on; returns how many ranges there are.
size_t shiftRanges(RunFacts &facts, uint32_t offset);

/// Analyses one RUN instruction (shell form, exec form or heredoc script).
[[nodiscard]] RunFacts analyseRun(const SyntaxTree &tree, const Instruction &instruction, const RunInput &input);
/// The same for tree.instructions()[index], its shell and package readings from `shells`
/// (LintContext::shells(): each RUN is split once for all rule sets).
[[nodiscard]] RunFacts analyseRun(const SyntaxTree &tree, const ShellCache &shells, int index, const RunInput &input);
/// The same with every range relative to the instruction's first byte, and what the analysis
/// read of `input` recorded in `reads`.
[[nodiscard]] RunFacts analyseRunRelative(
    const SyntaxTree &tree, const ShellCache &shells, int index, const RunInput &input, RunInputReads &reads);

} // namespace stagecraft

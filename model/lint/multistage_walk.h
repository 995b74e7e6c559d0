// SPDX-License-Identifier: MIT
#pragma once

// One pass over every stage, in file order, that follows what each instruction leaves in
// the stage's filesystem and config: WORKDIR, USER, the files COPY brings (by name), the
// dependencies installed into node_modules, toolchain packages, `go build` outputs,
// source maps. A stage based on an earlier stage starts from that stage's end state, so
// the state of the target at the end is the final image. Rules that judge one instruction
// against what came before it in its stage (PackageInstallBeforeManifest, SecretInLayer,
// ...) report during the walk; rules about the final image read the end states after it.

#include "final_image.h"
#include "lint_context.h"
#include "multistage_copy.h"
#include "multistage_run.h"
#include "run_facts_memo.h"

#include <string>
#include <vector>

namespace stagecraft {

/// Where a stage's node_modules came from and whether it holds devDependencies.
struct NodeModules {
    std::string directory; ///< the project directory (node_modules is directory/node_modules)
    bool dev = false;
    bool copied = false; ///< brought by COPY --from (else installed here or in a base stage)
    int stage = -1; ///< where it was installed or copied
    int sourceStage = -1; ///< copied: the stage it came from
    int instruction = -1;
    int buildLine = 0; ///< installed: a later JavaScript build in the chain (why dev dependencies were needed)
    int installLine = 0; ///< copied: the install in the source stage
    int replacedLine = 0; ///< copied: a production install of this stage it overwrote
    SourceRange range; ///< the install command, or the COPY source word
};

struct ToolchainRecord {
    ToolchainInstall install;
    int stage = -1;
    int instruction = -1;
    int removedLine = 0; ///< removed by a later RUN (the layer still carries it)
};

struct GoBuildRecord {
    GoBuild build;
    int stage = -1;
    int line = 0;
    bool cgoLikely = false; ///< cgo on: not disabled, not cross-compiled, a C compiler present, not -static
};

struct StageEvent {
    std::string directory;
    int stage = -1;
    int line = 0;
    SourceRange range;
};

/// A file name (or pattern) a COPY put into `directory`, or a whole tree (`recursive`).
struct Landing {
    std::string directory;
    std::string pattern;
    bool recursive = false;
};

/// The state of a stage after its instructions, inherited by stages based on it.
struct StageState {
    ImageFacts image; ///< the image at the root of the stage's FROM chain
    bool windows = false; ///< a Windows image (by its name, the escape directive, C:\ paths, a cmd/powershell SHELL)
    std::string directory; ///< WORKDIR ("?..." when relative to an unknown image WORKDIR)
    bool directoryCertain = true;
    std::vector<Landing> landings;
    bool unknownFiles = false; ///< files of unknown names may be there (git clone, ADD archive, scripts)
    std::vector<NodeModules> nodeModules;
    std::vector<ToolchainRecord> toolchains;
    std::vector<GoBuildRecord> goBuilds;
    std::vector<StageEvent> sourceMaps; ///< --sourceMap builds (directory: its --outDir or working directory)
    std::vector<StageEvent> jsBuilds;
    bool compiler = false; ///< a C compiler is in the stage (image or installed)
    bool goEnvDisablesCgo = false;
    int userInstruction = -1; ///< the last USER of the chain
    std::string user; ///< its expanded user (without group)
    bool userCertain = true;
    bool hasCommand = false; ///< CMD or ENTRYPOINT somewhere in the chain
    bool commandIsToolchain = false; ///< the command runs a build tool (`go run`, `mvn`, ...) or is a bare shell
    bool dropsPrivileges = false; ///< gosu, su-exec, setpriv, ...: the entrypoint switches user itself
    bool caCertificates = false; ///< a CA bundle was copied in (or SSL_CERT_FILE set)
};

/// A COPY or ADD, for the rules that look at what reaches the final image.
struct CopyRecord {
    int stage = -1;
    int instruction = -1;
    int sourceStage = -1; ///< COPY --from=<stage>; -1 for the build context or an image
    bool fromImage = false;
    CopyArguments arguments;
    std::string directory; ///< the WORKDIR it resolves a relative destination against
};

class StageWalker {
public:
    StageWalker(const LintContext &context, const FinalImage &finalImage);

    /// Walks all stages, reporting the per-instruction rules.
    void run();

    [[nodiscard]] const StageState &endState(int stage) const { return m_states[static_cast<size_t>(stage)]; }
    [[nodiscard]] const std::vector<CopyRecord> &copies(int stage) const
    {
        return m_copies[static_cast<size_t>(stage)];
    }
    /// `*.js.map` / `*.css.map` files of the build context (evidence that the build makes source maps).
    [[nodiscard]] const std::vector<std::string> &contextSourceMaps() const { return m_contextSourceMaps; }
    [[nodiscard]] int line(int instruction) const;

private:
    /// A dependency install whose manifest is missing, reported at the end of its stage so the
    /// message can say where the manifest is copied after all.
    struct PendingManifest {
        DependencyInstall install;
        int instruction = -1;
        std::vector<std::string> missingFiles; ///< for the message: "package-lock.json (or npm-shrinkwrap.json)"
        std::string firstMissingPath; ///< the first missing manifest, joined to the install directory
        int copiedLine = 0;
    };

    void walkStage(const Stage &stage);
    void onWorkdir(int index, StageState &state, const VariableScope &scope);
    void onCopy(const Stage &stage, int index, StageState &state, const VariableScope &scope);
    void onRun(const Stage &stage, int index, StageState &state, const VariableScope &scope);
    void onUser(int index, StageState &state, const VariableScope &scope);
    void onCommand(int index, StageState &state);
    void addLandings(StageState &state, const CopyRecord &copy, bool add);
    /// Whether `landing` may have put the manifest `path` (joined to the install directory) there.
    [[nodiscard]] static bool satisfies(
        const Landing &landing, const DependencyInstall &install, std::string_view path);
    void copyNodeModules(const Stage &stage, StageState &state, const CopyRecord &copy);
    static void setNodeModules(StageState &state, NodeModules entry);
    void checkManifests(const Stage &stage, int index, const StageState &state, const DependencyInstall &install,
        const RunFacts &facts);
    void reportPendingManifests(const Stage &stage);
    void checkSecretFiles(const Stage &stage, const CopyRecord &copy);
    void checkSecretArguments(const Stage &stage, const RunFacts &facts, const VariableScope &scope);
    void checkContextCopy(const Stage &stage, int index, const DependencyInstall &install);
    [[nodiscard]] bool ships(int stage) const { return m_final.contains(stage); }

    const LintContext &m_context;
    const SyntaxTree &m_tree;
    const BuildGraph &m_graph;
    const FinalImage &m_final;
    RunFactsMemo m_runFacts; ///< the RUNs of the file repeat their texts: each is analysed once
    std::string_view m_buildArch = RunInput().buildArch; ///< GOARCH of the build platform
    std::vector<StageState> m_states;
    std::vector<std::vector<CopyRecord>> m_copies;
    std::vector<std::string> m_secretContextFiles;
    std::vector<std::string> m_contextSourceMaps;
    std::vector<PendingManifest> m_pending;
    size_t m_edgeCursor = 0; ///< into edgesInto(current stage), which are in instruction order
    /// Per stage, not inherited: the first `COPY . .` and the dependency installs before it.
    struct ContextCopy {
        int instruction = -1;
        SourceRange range;
        bool reported = false;
        std::vector<DependencyTool> installedBefore;
    } m_contextCopy;
};

} // namespace stagecraft

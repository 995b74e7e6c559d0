// SPDX-License-Identifier: MIT
#pragma once

// The build topology of a Dockerfile as BuildKit's dockerfile2llb sees it: stages, their
// bases, the edges between stages (FROM, COPY --from, RUN --mount from=), the external
// images those edges name, the target and what building it actually builds. It is what
// the graph view draws and what lint and size estimation reason about, and it is rebuilt
// on every edit, so building it must stay well under a millisecond for large files.

#include "arg_scope.h"
#include "image_reference.h"
#include "syntax/syntax_tree.h"

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stagecraft {

struct BuildGraphOptions {
    std::string target; ///< --target; empty builds the last stage
    std::vector<std::pair<std::string, std::string>> buildArgs; ///< --build-arg K=V, in order (the last wins)
    std::string platform = "linux/amd64"; ///< the target platform (TARGETPLATFORM)
    std::string buildPlatform = "linux/amd64"; ///< the builder's platform (BUILDPLATFORM)
};

/// Graph problems share the parser's diagnostic shape, so every consumer prints both alike.
/// Codes: UnknownTarget, NoStages, NoBuildStage, FromArgumentCount, InvalidStageName,
/// InvalidFromReference, InvalidImageReference, InvalidPlatform, ArgExpansion, CopyFromVariable,
/// MountFromVariable, InvalidMount, StageIndexOutOfRange, CircularDependency, ForwardStageReference.
using GraphDiagnostic = SyntaxDiagnostic;

enum class BaseKind : uint8_t {
    Image, ///< an external image
    Stage, ///< an earlier stage of this file
    Scratch, ///< the empty image
    Invalid, ///< expands to nothing or to no valid reference (see the diagnostics)
};

struct StageBase {
    BaseKind kind = BaseKind::Invalid;
    std::string ref; ///< as written ("${BASE}")
    std::string resolved; ///< after expansion with the global ARGs ("debian:bookworm-slim")
    int stage = -1; ///< kind Stage: the base stage's index
    ImageReference image; ///< kind Image: the parsed reference
    SourceRange range; ///< the base word in the source
};

struct Stage {
    int index = 0;
    std::string name; ///< lower-cased as BuildKit stores it; empty when unnamed
    SourceRange nameRange; ///< the name as written (empty when unnamed)
    StageBase base;
    std::string platform; ///< --platform as written; empty when absent
    std::string resolvedPlatform; ///< --platform after expansion
    int firstInstruction = 0; ///< the FROM, an index into SyntaxTree::instructions()
    int endInstruction = 0; ///< one past the stage's last instruction
    int startLine = 0; ///< 1-based line of the FROM
    int endLine = 0; ///< last line of the stage's last instruction

    /// The name, or "stage-N" as BuildKit calls an unnamed stage.
    [[nodiscard]] std::string displayName() const;
    /// The stage's instructions (its FROM first) in `tree`, the tree the graph was built from.
    [[nodiscard]] std::span<const Instruction> instructions(const SyntaxTree &tree) const
    {
        return std::span<const Instruction>(tree.instructions())
            .subspan(static_cast<size_t>(firstInstruction), static_cast<size_t>(endInstruction - firstInstruction));
    }
};

/// An image named where a stage could be (`COPY --from=nginx:alpine`, `--mount from=image`).
/// Lint uses the closest stage name to tell a deliberate image from a typo.
struct ExternalImage {
    std::string ref; ///< as written
    ImageReference reference; ///< parsed (may be invalid)
    bool looksLikeImage = false; ///< contains '/', ':' or '@', which no stage name can
    int closestStage = -1; ///< the named stage whose name is nearest (edit distance, case-insensitive)
    int distance = -1; ///< that edit distance; -1 when the file has no named stage
    int firstLine = 0; ///< where it is first used
    SourceRange range; ///< the flag that first names it
};

enum class EdgeKind : uint8_t {
    From, ///< FROM <stage>: the stage inherits the base stage
    Copy, ///< COPY --from=<stage|index|image>
    Mount, ///< RUN --mount=...,from=<stage|image>
};

/// "source is needed by target": `target` reads `source`'s filesystem.
struct Edge {
    EdgeKind kind = EdgeKind::From;
    int source = -1; ///< stage index; -1 when the source is an external image
    int image = -1; ///< index into images() when external
    int target = 0; ///< the stage that depends on the source
    int instruction = 0; ///< index into SyntaxTree::instructions()
    int line = 0; ///< 1-based line of that instruction
    SourceRange range; ///< the reference in the source (base word or flag)
};

class BuildGraph {
public:
    [[nodiscard]] const std::vector<Stage> &stages() const { return m_stages; }
    [[nodiscard]] const std::vector<ExternalImage> &images() const { return m_images; }
    /// Grouped by target stage, then in instruction order (the FROM edge first).
    [[nodiscard]] const std::vector<Edge> &edges() const { return m_edges; }
    /// The edges whose target is `stage`.
    [[nodiscard]] std::span<const Edge> edgesInto(int stage) const;
    [[nodiscard]] const std::vector<GraphDiagnostic> &diagnostics() const { return m_diagnostics; }
    [[nodiscard]] bool hasErrors() const;
    [[nodiscard]] const BuildGraphOptions &options() const { return m_options; }

    /// The stage being built; -1 only when there is no stage. An unknown --target
    /// falls back to the last stage (and reports UnknownTarget).
    [[nodiscard]] int targetIndex() const { return m_target; }
    /// Whether BuildKit builds `stage` for the target (the others are skipped).
    [[nodiscard]] bool reachable(int stage) const;
    /// Longest chain of stage dependencies below `stage` (0: depends on no stage). Stages of
    /// one wave can build in parallel once the earlier waves are done.
    [[nodiscard]] int wave(int stage) const;
    [[nodiscard]] int waveCount() const { return m_waveCount; }
    /// The longest dependency chain ending at the target, from its first stage to the target.
    [[nodiscard]] const std::vector<int> &criticalPath() const { return m_criticalPath; }

    /// The stage containing instruction `instruction`; -1 before the first FROM.
    [[nodiscard]] int stageOfInstruction(int instruction) const;
    /// The stage `COPY --from=name` names: case-insensitive, the last definition wins; -1 if none.
    [[nodiscard]] int findStage(std::string_view name) const;

    /// The scope FROM lines expand in: automatic platform ARGs, then the ARGs before the first FROM.
    [[nodiscard]] const VariableScope &globalScope() const { return m_globalScope; }
    /// Only the automatic platform ARGs (the global scope before any ARG).
    [[nodiscard]] const VariableScope &automaticScope() const { return m_automaticScope; }

private:
    friend class BuildGraphBuilder;

    BuildGraphOptions m_options;
    std::vector<Stage> m_stages;
    std::vector<ExternalImage> m_images;
    std::vector<Edge> m_edges;
    std::vector<uint32_t>
        m_edgeBegin; ///< per stage, plus one: edges into stage i are [m_edgeBegin[i], m_edgeBegin[i+1])
    std::vector<GraphDiagnostic> m_diagnostics;
    std::vector<uint8_t> m_reachable;
    std::vector<int> m_wave;
    std::vector<int> m_criticalPath;
    VariableScope m_automaticScope;
    VariableScope m_globalScope;
    int m_target = -1;
    int m_waveCount = 0;
};

/// Builds the graph of `tree`. Never throws; problems BuildKit would reject are diagnostics.
[[nodiscard]] BuildGraph buildGraph(const SyntaxTree &tree, const BuildGraphOptions &options = {});

[[nodiscard]] std::string_view baseKindName(BaseKind kind); ///< "image", "stage", "scratch", "invalid"
[[nodiscard]] std::string_view edgeKindName(EdgeKind kind); ///< "from", "copy", "mount"

} // namespace stagecraft

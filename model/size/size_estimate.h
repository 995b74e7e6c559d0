// SPDX-License-Identifier: MIT
#pragma once

// Image size estimation per stage, before any build: the base image, then each layer
// (RUN, COPY, ADD) with its size, its source and its range, the bytes that later layers
// delete or overwrite (still in the image: waste), and the total of each stage. The final
// image is the target stage. Every figure says where it comes from (catalog, packages,
// context, stage, heuristic, measured, user) and a part without any basis stays unknown,
// which turns its stage's total into a lower bound instead of an invented number.
//
// It reads the syntax tree and the build graph (built for the target and platform the
// estimate is for) and, when given, a scanned build context. It never touches the disk
// itself, so it is cheap enough to run on every edit; the catalogs load once, on first use.

#include "graph/build_graph.h"
#include "size_figure.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace stagecraft {

class ContextScan;
class ImageCatalog;
class PackageTable;
class SizeMemory;
struct SizeReport;
class SyntaxTree;

struct SizeOptions {
    /// The scanned build context; null when none was scanned (COPY from it is then unknown).
    const ContextScan *context = nullptr;
    /// Sizes the user entered for images the catalog lacks (the editor keeps them in its
    /// settings): an image reference in any spelling ("myorg/app:1", "docker.io/myorg/app:1")
    /// and its uncompressed bytes.
    std::vector<std::pair<std::string, int64_t>> imageSizes;
    const ImageCatalog *catalog = nullptr; ///< null: the shipped catalog
    const PackageTable *packages = nullptr; ///< null: the shipped Debian table
    /// An estimate of an earlier version of the text (the editor's last analysis) and the tree it
    /// was made from. A stage whose text, lines and sources are unchanged is taken from it
    /// instead of estimated again, when the options and the global ARGs are the same too. Both
    /// must outlive the call, and so must the context the earlier estimate was made with.
    const SizeReport *previous = nullptr;
    const SyntaxTree *previousTree = nullptr;
};

struct LayerSize {
    int instruction = -1; ///< index into SyntaxTree::instructions()
    int line = 0; ///< 1-based line of the instruction (its text: instructionSummary())
    /// The layer's size: the sum of its parts, or a measurement. An estimate's note is empty
    /// here, because it follows from the parts (note(), estimateNote()).
    SizeFigure figure;
    std::vector<SizePart> parts;
    int64_t wasted = 0; ///< bytes of this layer that later layers delete or overwrite
    std::string wastedNote; ///< which paths, and by which line
    std::optional<SizeFigure> estimate; ///< the estimate, kept when a measurement replaced `figure`

    /// How the estimate came about: a single part's own note; for several parts, that the
    /// figure is a lower bound when some have no size (the parts explain themselves); or that
    /// the layer writes nothing the estimate counts.
    [[nodiscard]] std::string_view estimateNote() const;
    /// The note `figure` is shown with: a measurement's own, else estimateNote().
    [[nodiscard]] std::string_view note() const
    {
        return figure.note.empty() ? estimateNote() : std::string_view(figure.note);
    }
};

struct BaseSize {
    std::string ref; ///< as written in the FROM line
    std::string resolved; ///< after ARG expansion ("python:3.12-slim-bookworm")
    std::string canonical; ///< "docker.io/library/python:3.12-slim-bookworm"; empty for stages and scratch
    int stage = -1; ///< the base stage, for FROM <stage>
    std::string catalogEntry; ///< the catalog tag used ("python:3.12-slim")
    bool fallback = false; ///< a less specific tag than written
    SizeFigure figure;
    int64_t wasted = 0; ///< bytes of the base that this stage deletes or overwrites
    std::optional<SizeFigure> estimate; ///< kept when a measurement replaced `figure`
};

struct StageSize {
    int index = 0;
    std::string name; ///< display name ("builder", "stage-1")
    std::string platform; ///< the platform the base is sized for
    bool reachable = true; ///< built for the target
    bool target = false;
    BaseSize base;
    std::vector<LayerSize> layers;
    SizeFigure total; ///< base + layers
    int64_t wasted = 0; ///< sum of the layers' and the base's waste
    std::vector<std::string> notes; ///< findings: commands that fail, assumptions worth knowing
    std::optional<SizeFigure> measured; ///< a measured total (docker image inspect, or history summed)

    /// The stage's size as the views show it: the measured total when there is one.
    [[nodiscard]] const SizeFigure &shownTotal() const { return measured ? *measured : total; }
};

struct SizeReport {
    std::vector<StageSize> stages;
    int target = -1; ///< the final image's stage
    SizeFigure finalImage; ///< the target stage's total
    std::string platform; ///< the target platform
    bool contextScanned = false;
    std::string measurement; ///< "docker history" or "docker image inspect" once attached
    int measuredLayers = 0; ///< instructions a measurement was matched to
    /// What the next estimate of an edited text may reuse (SizeOptions::previous): each stage's
    /// filesystem as the estimate left it. Not part of the figures.
    std::shared_ptr<const SizeMemory> memory;
    int reusedStages = 0; ///< stages taken from SizeOptions::previous

    [[nodiscard]] const StageSize *finalStage() const
    {
        return target >= 0 && target < static_cast<int>(stages.size()) ? &stages[static_cast<size_t>(target)] : nullptr;
    }
};

/// The instruction as one shortened line ("RUN apt-get update && apt-get install -y …"), for
/// printing a layer; made on demand because most estimates are never printed in full.
[[nodiscard]] std::string instructionSummary(const SyntaxTree &tree, int instruction);

/// Estimates every stage of `tree` (whose graph is `graph`). Never throws.
[[nodiscard]] SizeReport estimateSizes(
    const SyntaxTree &tree, const BuildGraph &graph, const SizeOptions &options = {});

/// The size of a few files every Linux image build copies around (`/etc/ssl/certs/ca-certificates.crt`,
/// `/usr/share/zoneinfo`, `/etc/passwd`), as a labelled heuristic; unknown for other paths.
[[nodiscard]] SizeFigure wellKnownFileSize(std::string_view absolutePath);

} // namespace stagecraft

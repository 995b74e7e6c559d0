// SPDX-License-Identifier: MIT
#pragma once

// What ships: the target stage and the chain of stages it inherits through `FROM <stage>`,
// down to the external image (or scratch) at its root. USER, ENV, WORKDIR and every file
// of those stages end up in the final image; the other stages only contribute what is
// copied out of them. Rules about the shipped image (FinalStageRunsAsRoot,
// ToolchainInFinalStage, ...) judge this chain and never a builder stage.

#include "graph/build_graph.h"
#include "multistage_images.h"

#include <vector>

namespace stagecraft {

class FinalImage {
public:
    FinalImage(const BuildGraph &graph);

    /// False when the file has no stage.
    [[nodiscard]] bool valid() const { return !m_chain.empty(); }
    /// The target first, then each base stage; the last one is based on an image or scratch.
    [[nodiscard]] const std::vector<int> &chain() const { return m_chain; }
    [[nodiscard]] int target() const { return m_chain.empty() ? -1 : m_chain.front(); }
    /// The stage at the root of the chain (the one whose FROM names an image).
    [[nodiscard]] int rootStage() const { return m_chain.empty() ? -1 : m_chain.back(); }
    /// The root stage's base (kind Image, Scratch, or Invalid when unresolved).
    [[nodiscard]] const StageBase *base() const { return m_base; }
    [[nodiscard]] const ImageFacts &baseFacts() const { return m_facts; }
    /// True if `stage` is part of the shipped chain.
    [[nodiscard]] bool contains(int stage) const
    {
        return stage >= 0 && static_cast<size_t>(stage) < m_inChain.size() && m_inChain[static_cast<size_t>(stage)];
    }

private:
    std::vector<int> m_chain;
    std::vector<uint8_t> m_inChain;
    const StageBase *m_base = nullptr;
    ImageFacts m_facts;
};

/// Facts about an image or scratch base (Unknown for a stage or an invalid base).
[[nodiscard]] ImageFacts baseImageFacts(const StageBase &base);

} // namespace stagecraft

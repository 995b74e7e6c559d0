// SPDX-License-Identifier: MIT
#include "final_image.h"

namespace stagecraft {
namespace {

// The stage whose FROM names no earlier stage, following `FROM <stage>` links. Bases only
// ever point backwards, so the walk ends; the bound guards against a malformed graph.
int rootOf(const BuildGraph &graph, int stage, std::vector<int> &chain)
{
    const std::vector<Stage> &stages = graph.stages();
    for (size_t steps = 0; stage >= 0 && steps <= stages.size(); ++steps) {
        chain.push_back(stage);
        const StageBase &base = stages[static_cast<size_t>(stage)].base;
        if (base.kind != BaseKind::Stage || base.stage < 0 || base.stage >= stage)
            return stage;
        stage = base.stage;
    }
    return stage;
}

} // namespace

ImageFacts baseImageFacts(const StageBase &base)
{
    switch (base.kind) {
    case BaseKind::Scratch:
        return scratchImageFacts();
    case BaseKind::Image:
        return describeImage(base.image);
    default:
        return {};
    }
}

FinalImage::FinalImage(const BuildGraph &graph)
{
    const int target = graph.targetIndex();
    if (target < 0)
        return;
    m_inChain.assign(graph.stages().size(), 0);
    const int root = rootOf(graph, target, m_chain);
    for (int stage : m_chain)
        m_inChain[static_cast<size_t>(stage)] = 1;
    m_base = &graph.stages()[static_cast<size_t>(root)].base;
    m_facts = baseImageFacts(*m_base);
}

} // namespace stagecraft

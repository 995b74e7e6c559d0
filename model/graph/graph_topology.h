// SPDX-License-Identifier: MIT
#pragma once

// What the edges of a build graph imply: which stages the target needs, which stages
// can build in parallel (waves), the critical path, and dependency cycles.

#include <cstdint>
#include <span>
#include <vector>

namespace stagecraft {

struct Edge;

struct Topology {
    std::vector<uint8_t> reachable; ///< per stage: needed to build the target
    std::vector<int> wave; ///< per stage: longest chain of stage dependencies below it
    int waveCount = 0;
    std::vector<int> criticalPath; ///< first stage to target
    /// Per stage: its strongly connected component. Stages in one component of more than
    /// one stage (or with an edge to themselves) form a dependency cycle.
    std::vector<int> component;
    std::vector<int> componentSize;
};

/// `edgeBegin` has one entry per stage plus one: the edges into stage i (grouped by
/// target) are edges[edgeBegin[i] .. edgeBegin[i+1]). Edges from images are ignored.
/// Dependencies inside a cycle do not count towards waves, so waves stay finite.
[[nodiscard]] Topology analyseTopology(std::span<const Edge> edges, std::span<const uint32_t> edgeBegin, int target);

} // namespace stagecraft

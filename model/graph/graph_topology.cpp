// SPDX-License-Identifier: MIT
#include "graph_topology.h"

#include "build_graph.h"

#include <algorithm>

namespace stagecraft {
namespace {

class Analysis {
public:
    Analysis(std::span<const Edge> edges, std::span<const uint32_t> edgeBegin)
        : m_edges(edges)
        , m_edgeBegin(edgeBegin)
        , m_count(edgeBegin.empty() ? 0 : static_cast<int>(edgeBegin.size()) - 1)
    {}

    std::span<const Edge> into(int stage) const
    {
        const uint32_t begin = m_edgeBegin[static_cast<size_t>(stage)];
        const uint32_t end = m_edgeBegin[static_cast<size_t>(stage) + 1];
        return m_edges.subspan(begin, end - begin);
    }

    // Tarjan's algorithm, iterative so that a long chain of stages cannot exhaust the stack.
    // Components come out dependencies first, which is the order waves are computed in.
    void components(Topology &topology, std::vector<int> &order)
    {
        const auto n = static_cast<size_t>(m_count);
        std::vector<int> index(n, -1);
        std::vector<int> low(n, 0);
        std::vector<uint8_t> onStack(n, 0);
        std::vector<int> stack;
        std::vector<std::pair<int, size_t>> calls; // stage, next edge to look at
        topology.component.assign(n, -1);
        int counter = 0;
        for (int root = 0; root < m_count; ++root) {
            if (index[static_cast<size_t>(root)] >= 0)
                continue;
            calls.emplace_back(root, 0);
            while (!calls.empty()) {
                auto &[v, next] = calls.back();
                const auto vi = static_cast<size_t>(v);
                if (next == 0 && index[vi] < 0) {
                    index[vi] = low[vi] = counter++;
                    stack.push_back(v);
                    onStack[vi] = 1;
                }
                const std::span<const Edge> deps = into(v);
                bool descended = false;
                while (next < deps.size()) {
                    const int w = deps[next++].source;
                    if (w < 0)
                        continue;
                    const auto wi = static_cast<size_t>(w);
                    if (index[wi] < 0) {
                        calls.emplace_back(w, 0);
                        descended = true;
                        break;
                    }
                    if (onStack[wi])
                        low[vi] = std::min(low[vi], index[wi]);
                }
                if (descended)
                    continue;
                if (low[vi] == index[vi]) {
                    const int id = static_cast<int>(topology.componentSize.size());
                    int size = 0;
                    int w = -1;
                    do {
                        w = stack.back();
                        stack.pop_back();
                        onStack[static_cast<size_t>(w)] = 0;
                        topology.component[static_cast<size_t>(w)] = id;
                        order.push_back(w);
                        ++size;
                    } while (w != v);
                    topology.componentSize.push_back(size);
                }
                const int finished = v;
                calls.pop_back();
                if (!calls.empty()) {
                    const auto parent = static_cast<size_t>(calls.back().first);
                    low[parent] = std::min(low[parent], low[static_cast<size_t>(finished)]);
                }
            }
        }
    }

    // A cycle's stages share one wave: the component waits for everything any member needs.
    void waves(Topology &topology, const std::vector<int> &order) const
    {
        topology.wave.assign(static_cast<size_t>(m_count), 0);
        size_t begin = 0;
        for (const int size : topology.componentSize) {
            const auto members = std::span<const int>(order).subspan(begin, static_cast<size_t>(size));
            begin += static_cast<size_t>(size);
            const int component = topology.component[static_cast<size_t>(members.front())];
            int wave = 0;
            for (int v : members) {
                for (const Edge &edge : into(v)) {
                    if (edge.source >= 0 && topology.component[static_cast<size_t>(edge.source)] != component)
                        wave = std::max(wave, topology.wave[static_cast<size_t>(edge.source)] + 1);
                }
            }
            for (int v : members)
                topology.wave[static_cast<size_t>(v)] = wave;
            topology.waveCount = std::max(topology.waveCount, wave + 1);
        }
    }

    void reach(Topology &topology, int target) const
    {
        topology.reachable.assign(static_cast<size_t>(m_count), 0);
        if (target < 0 || target >= m_count)
            return;
        std::vector<int> work {target};
        topology.reachable[static_cast<size_t>(target)] = 1;
        while (!work.empty()) {
            const int v = work.back();
            work.pop_back();
            for (const Edge &edge : into(v)) {
                if (edge.source >= 0 && !topology.reachable[static_cast<size_t>(edge.source)]) {
                    topology.reachable[static_cast<size_t>(edge.source)] = 1;
                    work.push_back(edge.source);
                }
            }
        }
    }

    void criticalPath(Topology &topology, int target) const
    {
        if (target < 0 || target >= m_count)
            return;
        // Follow the deepest dependency down; waves strictly decrease, so this ends.
        for (int v = target; v >= 0;) {
            topology.criticalPath.push_back(v);
            int best = -1;
            for (const Edge &edge : into(v)) {
                const int w = edge.source;
                if (w < 0 || topology.component[static_cast<size_t>(w)] == topology.component[static_cast<size_t>(v)])
                    continue;
                if (best < 0 || topology.wave[static_cast<size_t>(w)] > topology.wave[static_cast<size_t>(best)])
                    best = w;
            }
            v = best;
        }
        std::reverse(topology.criticalPath.begin(), topology.criticalPath.end());
    }

private:
    std::span<const Edge> m_edges;
    std::span<const uint32_t> m_edgeBegin;
    int m_count = 0;
};

} // namespace

Topology analyseTopology(std::span<const Edge> edges, std::span<const uint32_t> edgeBegin, int target)
{
    Topology topology;
    Analysis analysis(edges, edgeBegin);
    std::vector<int> order;
    order.reserve(edgeBegin.size());
    analysis.components(topology, order);
    analysis.waves(topology, order);
    analysis.reach(topology, target);
    analysis.criticalPath(topology, target);
    return topology;
}

} // namespace stagecraft

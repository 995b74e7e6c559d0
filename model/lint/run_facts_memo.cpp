// SPDX-License-Identifier: MIT
#include "run_facts_memo.h"

#include "syntax/syntax_tree.h"

namespace stagecraft {

const RunFacts &RunFactsMemo::facts(int index, const RunInput &input)
{
    const SyntaxTree &tree = m_shells.tree();
    const uint32_t origin = tree.instructions()[static_cast<size_t>(index)].range.begin;
    std::vector<Analysis> &analyses = m_analyses[&m_shells.shell(index)];
    for (const Analysis &analysis : analyses) {
        if (analysis.reads.agreeWith(input))
            return place(analysis, origin);
    }
    Analysis analysis;
    analysis.facts = analyseRunRelative(tree, m_shells, index, input, analysis.reads);
    analysis.hasRanges = shiftRanges(analysis.facts, 0) > 0;
    analyses.push_back(std::move(analysis));
    return place(analyses.back(), origin);
}

const RunFacts &RunFactsMemo::place(const Analysis &analysis, uint32_t origin)
{
    // Most RUNs' facts hold no range at all (nothing installed the rules follow): those are
    // handed out as recorded, without a copy.
    if (!analysis.hasRanges)
        return analysis.facts;
    m_placed = analysis.facts;
    shiftRanges(m_placed, origin);
    return m_placed;
}

} // namespace stagecraft

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
        if (analysis.reads.agreeWith(input)) {
            m_placed = analysis.facts;
            shiftRanges(m_placed, origin);
            return m_placed;
        }
    }
    Analysis analysis;
    analysis.facts = analyseRunRelative(tree, m_shells, index, input, analysis.reads);
    m_placed = analysis.facts;
    shiftRanges(m_placed, origin);
    analyses.push_back(std::move(analysis));
    return m_placed;
}

} // namespace stagecraft

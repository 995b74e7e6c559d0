// SPDX-License-Identifier: MIT
#include "run_facts_memo.h"

#include "syntax/syntax_tree.h"

namespace stagecraft {

RunFacts RunFactsMemo::facts(int index, const RunInput &input)
{
    const SyntaxTree &tree = m_shells.tree();
    const uint32_t origin = tree.instructions()[static_cast<size_t>(index)].range.begin;
    std::vector<Analysis> &analyses = m_analyses[&m_shells.shell(index)];
    for (const Analysis &analysis : analyses) {
        if (analysis.reads.agreeWith(input)) {
            RunFacts facts = analysis.facts;
            shiftRanges(facts, origin);
            return facts;
        }
    }
    Analysis analysis;
    analysis.facts = analyseRunRelative(tree, m_shells, index, input, analysis.reads);
    RunFacts facts = analysis.facts;
    shiftRanges(facts, origin);
    analyses.push_back(std::move(analysis));
    return facts;
}

} // namespace stagecraft

// SPDX-License-Identifier: MIT
#pragma once

// The facts of each RUN text, analysed once per lint run. Files repeat their RUNs (the same
// `apt-get update && apt-get install ...` in every stage), and analyseRun() depends only on the
// instruction's text and what it reads of its RunInput: the WORKDIR, the image's facts and the
// variables of the scope it looks up. Each analysis records those reads; a later RUN of the same
// text whose input agrees on all of them gets the recorded facts, moved to its own place.

#include "multistage_run.h"
#include "shell/shell_cache.h"

#include <unordered_map>
#include <vector>

namespace stagecraft {

class RunFactsMemo {
public:
    /// `shells` is the lint run's ShellCache; it must outlive the memo.
    explicit RunFactsMemo(const ShellCache &shells)
        : m_shells(shells)
    {}

    /// analyseRun(shells.tree(), shells, index, input), reused when it can be. Valid until the next call.
    [[nodiscard]] const RunFacts &facts(int index, const RunInput &input);

private:
    /// One analysis of a text: what it read, and its facts with ranges relative to the instruction.
    struct Analysis {
        RunInputReads reads;
        RunFacts facts;
        bool hasRanges = true; ///< false: the facts hold no range, and are the same wherever the RUN is
    };

    /// `analysis`'s facts moved to the instruction at `origin`.
    const RunFacts &place(const Analysis &analysis, uint32_t origin);

    const ShellCache &m_shells;
    /// Keyed by the instruction's split: instructions of the same text share one (ShellCache),
    /// and a split stays alive, at its address, as long as the cache does.
    std::unordered_map<const InstructionShell *, std::vector<Analysis>> m_analyses;
    /// The facts last asked for, in place (when they have ranges): assigned rather than copied, so
    /// their vectors' storage is reused.
    RunFacts m_placed;
};

} // namespace stagecraft

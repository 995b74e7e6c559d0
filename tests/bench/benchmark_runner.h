// SPDX-License-Identifier: MIT
#pragma once

// What both benchmark programs' main() does: Google Benchmark's own main, under the program's
// memory policy (app/main.cpp sets the same), so that the figures are what the program does.

#include "document/memory_policy.h"

#include <benchmark/benchmark.h>

namespace stagecraft::bench {

inline int runBenchmarks(int &argc, char **argv)
{
    keepFreedMemoryForReuse();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}

} // namespace stagecraft::bench

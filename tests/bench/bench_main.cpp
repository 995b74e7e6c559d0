// SPDX-License-Identifier: MIT
// bench_stagecraft's entry point: Google Benchmark's, under the program's own memory policy
// (app/main.cpp sets the same), so that the figures are what the program does.

#include "document/memory_policy.h"

#include <benchmark/benchmark.h>

int main(int argc, char **argv)
{
    stagecraft::keepFreedMemoryForReuse();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}

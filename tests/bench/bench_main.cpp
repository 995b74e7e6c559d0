// SPDX-License-Identifier: MIT
// bench_stagecraft's entry point.

#include "benchmark_runner.h"

int main(int argc, char **argv)
{
    return stagecraft::bench::runBenchmarks(argc, argv);
}

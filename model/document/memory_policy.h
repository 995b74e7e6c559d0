// SPDX-License-Identifier: MIT
#pragma once

// How the process hands memory back to the system. Every analysis of a big file allocates and
// frees several megabytes (the syntax tree, the findings, the size report). By default glibc
// gives blocks over 128 KiB, and free space over 128 KiB at the top of a heap, back to the
// kernel at once, and the next analysis pays a page fault for every 4 KiB it takes again: on
// the reference file that was half of a full lint (370 faults, 3.5 ms of 7). The editor and
// the command line keep up to 32 MiB of freed memory per heap for reuse instead; the
// benchmarks run under the same policy, since they measure what the program does.

namespace stagecraft {

/// Sets the policy for the whole process; call once at start-up, before any thread starts.
/// Returns whether the allocator took it: false where the C library is not glibc, which
/// keeps its own policy.
bool keepFreedMemoryForReuse();

} // namespace stagecraft

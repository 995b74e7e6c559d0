// SPDX-License-Identifier: MIT
#pragma once

// The process's allocator and how it hands memory back to the system. Every analysis of a big
// file allocates and frees tens of thousands of small blocks (strings, vectors, the findings,
// the size report) and several megabytes in all.
//
// The programs (editor, command line, benchmarks) are linked with mimalloc where the build has
// it (STAGECRAFT_MIMALLOC): on the reference file, lint and size estimate together spend about
// a fifth fewer instructions than with glibc's allocator, which pays for consolidating free
// chunks and for its per-heap bookkeeping on every free. mimalloc purges freed pages after a
// delay; the delay is raised so that an analysis finds the pages the one before it freed.
//
// With glibc's allocator (sanitizer builds use their own): by default glibc gives blocks over
// 128 KiB, and free space over 128 KiB at the top of a heap, back to the kernel at once, and
// the next analysis pays a page fault for every 4 KiB it takes again: on the reference file
// that was half of a full lint (370 faults, 3.5 ms of 7). Up to 32 MiB of freed memory per
// heap is kept for reuse instead.
//
// The benchmarks run under the same allocator and policy, since they measure what the program does.

namespace stagecraft {

/// Sets the policy for the whole process; call once at start-up, before any thread starts.
/// Returns whether the allocator took it: false where the C library is not glibc and the
/// program is not linked with mimalloc.
bool keepFreedMemoryForReuse();

/// Whether malloc is mimalloc's.
[[nodiscard]] bool usesMimalloc();

} // namespace stagecraft

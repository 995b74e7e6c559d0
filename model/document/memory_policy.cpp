// SPDX-License-Identifier: MIT
#include "memory_policy.h"

#include <cstdlib> // defines __GLIBC__ when the C library is glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace stagecraft {

bool keepFreedMemoryForReuse()
{
#if defined(__GLIBC__)
    // 32 MiB is the largest mmap threshold glibc accepts on 64-bit systems. Setting it also
    // stops glibc from adjusting the threshold itself. mallopt returns 1 on success.
    constexpr int keep = 32 * 1024 * 1024;
    return mallopt(M_MMAP_THRESHOLD, keep) == 1 && mallopt(M_TRIM_THRESHOLD, keep) == 1;
#else
    return false;
#endif
}

} // namespace stagecraft

// SPDX-License-Identifier: MIT
#include "memory_policy.h"

#include <cstdlib> // defines __GLIBC__ when the C library is glibc

#if defined(STAGECRAFT_MIMALLOC)
#include <mimalloc.h>
#elif defined(__GLIBC__)
#include <malloc.h>
#endif

namespace stagecraft {

bool keepFreedMemoryForReuse()
{
#if defined(STAGECRAFT_MIMALLOC)
    // A second without use before freed pages go back to the system (mimalloc's default is
    // 10 ms): keystrokes come faster than that, an idle editor still shrinks.
    mi_option_set(mi_option_purge_delay, 1000);
    return mi_option_get(mi_option_purge_delay) == 1000;
#elif defined(__GLIBC__)
    // 32 MiB is the largest mmap threshold glibc accepts on 64-bit systems. Setting it also
    // stops glibc from adjusting the threshold itself. mallopt returns 1 on success.
    constexpr int keep = 32 * 1024 * 1024;
    return mallopt(M_MMAP_THRESHOLD, keep) == 1 && mallopt(M_TRIM_THRESHOLD, keep) == 1;
#else
    return false;
#endif
}

bool usesMimalloc()
{
#if defined(STAGECRAFT_MIMALLOC)
    void *block = std::calloc(1, 64);
    const bool ours = mi_is_in_heap_region(block);
    std::free(block);
    return ours;
#else
    return false;
#endif
}

} // namespace stagecraft

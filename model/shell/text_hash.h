// SPDX-License-Identifier: MIT
#pragma once

// A hash for the caches keyed by an instruction's whole text (the RUN splits of the lint,
// the RUN readings of the size estimate). Every RUN of a file is looked up on every
// analysis, so it reads eight bytes a step (a multiply-and-fold per word) rather than
// std::hash's byte-oriented mixing.

#include <cstdint>
#include <cstring>
#include <string_view>

namespace stagecraft {

[[nodiscard]] inline uint64_t hashText(std::string_view text)
{
    constexpr uint64_t multiplier = 0x9E3779B97F4A7C15ull;
    uint64_t hash = text.size() * multiplier;
    size_t at = 0;
    for (; at + 8 <= text.size(); at += 8) {
        uint64_t word = 0;
        std::memcpy(&word, text.data() + at, 8);
        hash = (hash ^ word) * multiplier;
        hash ^= hash >> 29;
    }
    uint64_t tail = 0;
    if (at < text.size())
        std::memcpy(&tail, text.data() + at, text.size() - at);
    hash = (hash ^ tail) * multiplier;
    return hash ^ (hash >> 32);
}

} // namespace stagecraft

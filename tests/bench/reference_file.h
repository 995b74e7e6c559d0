// SPDX-License-Identifier: MIT
#pragma once

// The reference file every speed figure is quoted on: run-benchmarks writes it with
// ../shared/bench/big_dockerfile.py and names it in $STAGECRAFT_BIG_DOCKERFILE.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace stagecraft::bench {

inline std::string readFile(const std::filesystem::path &path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

/// The reference file's bytes, read once; empty when $STAGECRAFT_BIG_DOCKERFILE is not set.
inline const std::string &referenceFile()
{
    static const std::string text = [] {
        const char *path = std::getenv("STAGECRAFT_BIG_DOCKERFILE");
        return path ? readFile(path) : std::string();
    }();
    return text;
}

} // namespace stagecraft::bench

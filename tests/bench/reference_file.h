// SPDX-License-Identifier: MIT
#pragma once

// The reference file every speed figure is quoted on: run-benchmarks writes it with
// ../shared/bench/big_dockerfile.py and names it in $STAGECRAFT_BIG_DOCKERFILE.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

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

/// The reference file with every RUN made different from every other (a counter appended to
/// each `apt-get install` line). The reference file repeats its 12 RUNs in all 200 stages,
/// which the per-text caches of the analysis read once; this is the file they cannot help.
inline const std::string &referenceFileDistinctRuns()
{
    static const std::string text = [] {
        const std::string &source = referenceFile();
        std::string out;
        out.reserve(source.size() + source.size() / 20);
        size_t counter = 0;
        size_t begin = 0;
        while (begin < source.size()) {
            size_t end = source.find('\n', begin);
            end = end == std::string::npos ? source.size() : end + 1;
            std::string_view line(source.data() + begin, end - begin);
            const size_t install = line.find("apt-get install");
            if (install != std::string_view::npos) {
                const size_t at = begin + install + 15; // after "apt-get install"
                out.append(source, begin, at - begin);
                out += " unique" + std::to_string(counter++);
                out.append(source, at, end - at);
            } else {
                out.append(line);
            }
            begin = end;
        }
        return out;
    }();
    return text;
}

} // namespace stagecraft::bench

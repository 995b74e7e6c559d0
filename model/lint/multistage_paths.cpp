// SPDX-License-Identifier: MIT
#include "multistage_paths.h"

#include <vector>

namespace stagecraft {

// Most paths are already clean ("/app/dist", "?/src"): no empty, "." or ".." element and no
// trailing slash. Recognising them saves the split and the allocations of the general case.
bool isCleanPath(std::string_view path)
{
    if (path.empty() || (path.size() > 1 && path.back() == '/'))
        return false;
    size_t start = 0;
    if (path.front() == '/')
        start = 1;
    else if (path.starts_with(unknownDirectory))
        start = path.size() == unknownDirectory.size() ? path.size() : unknownDirectory.size() + 1;
    if (path == "/" || start >= path.size())
        return true;
    // One pass over the characters: an element may not be empty, "." or "..".
    size_t element = start;
    for (size_t i = start; i <= path.size(); ++i) {
        if (i < path.size() && path[i] != '/')
            continue;
        const size_t length = i - element;
        if (length == 0 || (path[element] == '.' && (length == 1 || (length == 2 && path[element + 1] == '.'))))
            return false;
        element = i + 1;
    }
    return true;
}

std::string cleanPath(std::string_view path)
{
    if (isCleanPath(path))
        return std::string(path);
    std::string_view root;
    std::string_view rest = path;
    if (rest.starts_with(unknownDirectory)
        && (rest.size() == unknownDirectory.size() || rest[unknownDirectory.size()] == '/')) {
        root = unknownDirectory;
        rest.remove_prefix(unknownDirectory.size());
    } else if (rest.starts_with('/')) {
        root = "/";
    }
    std::vector<std::string_view> parts;
    size_t i = 0;
    while (i < rest.size()) {
        while (i < rest.size() && rest[i] == '/')
            ++i;
        const size_t start = i;
        while (i < rest.size() && rest[i] != '/')
            ++i;
        const std::string_view part = rest.substr(start, i - start);
        if (part.empty() || part == ".")
            continue;
        if (part == "..") {
            if (!parts.empty() && parts.back() != "..")
                parts.pop_back();
            else if (root.empty())
                parts.push_back(part);
            // ".." above "/" stays at "/"; above "?" it stays at "?" (still unknown).
            continue;
        }
        parts.push_back(part);
    }
    std::string out(root == "/" ? "" : root);
    for (std::string_view part : parts) {
        if (!out.empty() || root == "/")
            out += '/';
        out += part;
    }
    if (out.empty())
        return root == "/" ? "/" : ".";
    return out;
}

bool cleansTo(std::string_view path, std::string_view clean)
{
    return isCleanPath(path) ? path == clean : cleanPath(path) == clean;
}

std::string joinPath(std::string_view directory, std::string_view path)
{
    if (path.starts_with('/') || directory.empty())
        return cleanPath(path);
    std::string joined;
    joined.reserve(directory.size() + 1 + path.size());
    joined += directory;
    joined += '/';
    joined += path;
    if (isCleanPath(joined))
        return joined; // cleanPath() would copy it unchanged
    return cleanPath(joined);
}

bool isKnownPath(std::string_view path)
{
    return path.starts_with('/');
}

bool pathWithin(std::string_view path, std::string_view directory)
{
    if (!path.starts_with(directory))
        return false;
    if (path.size() == directory.size() || directory == "/")
        return true;
    return path[directory.size()] == '/';
}

bool maybeSamePath(std::string_view a, std::string_view b)
{
    if (a.empty() || b.empty() || isKnownPath(a) != isKnownPath(b))
        return true;
    return a == b;
}

bool maybeWithin(std::string_view path, std::string_view directory)
{
    if (path.empty() || directory.empty() || isKnownPath(path) != isKnownPath(directory))
        return true;
    return pathWithin(path, directory);
}

std::string_view baseName(std::string_view path)
{
    while (path.size() > 1 && path.back() == '/')
        path.remove_suffix(1);
    const size_t slash = path.rfind('/');
    return slash == std::string_view::npos || path.size() == 1 ? path : path.substr(slash + 1);
}

std::string_view dirName(std::string_view path)
{
    while (path.size() > 1 && path.back() == '/')
        path.remove_suffix(1);
    const size_t slash = path.rfind('/');
    if (slash == std::string_view::npos)
        return ".";
    return slash == 0 ? path.substr(0, 1) : path.substr(0, slash);
}

bool hasGlob(std::string_view text)
{
    return text.find_first_of("*?[") != std::string_view::npos;
}

namespace {

// One character class starting after '['; advances `p`. False when malformed.
bool matchClass(std::string_view pattern, size_t &p, char c, bool &matched)
{
    bool negate = false;
    if (p < pattern.size() && (pattern[p] == '!' || pattern[p] == '^')) {
        negate = true;
        ++p;
    }
    bool any = false;
    bool first = true;
    while (true) {
        if (p >= pattern.size())
            return false;
        if (pattern[p] == ']' && !first)
            break;
        first = false;
        char low = pattern[p];
        if (low == '\\') {
            if (++p >= pattern.size())
                return false;
            low = pattern[p];
        }
        ++p;
        char high = low;
        if (p + 1 < pattern.size() && pattern[p] == '-' && pattern[p + 1] != ']') {
            high = pattern[p + 1];
            if (high == '\\') {
                if (p + 2 >= pattern.size())
                    return false;
                high = pattern[p + 2];
                ++p;
            }
            p += 2;
        }
        if (low <= c && c <= high)
            any = true;
    }
    ++p; // ']'
    matched = any != negate;
    return true;
}

} // namespace

bool globMatch(std::string_view pattern, std::string_view name)
{
    // Iterative matcher with single-star backtracking: linear for the patterns COPY sees.
    size_t p = 0;
    size_t n = 0;
    size_t starP = std::string_view::npos;
    size_t starN = 0;
    while (n < name.size()) {
        if (p < pattern.size()) {
            const char pc = pattern[p];
            if (pc == '*') {
                starP = ++p;
                starN = n;
                continue;
            }
            if (pc == '?' && name[n] != '/') {
                ++p;
                ++n;
                continue;
            }
            if (pc == '[') {
                size_t q = p + 1;
                bool matched = false;
                if (!matchClass(pattern, q, name[n], matched))
                    return false;
                if (matched) {
                    p = q;
                    ++n;
                    continue;
                }
            } else if (pc == '\\' && p + 1 < pattern.size()) {
                if (pattern[p + 1] == name[n]) {
                    p += 2;
                    ++n;
                    continue;
                }
            } else if (pc == name[n]) {
                ++p;
                ++n;
                continue;
            }
        }
        if (starP == std::string_view::npos || name[starN] == '/')
            return false;
        p = starP;
        n = ++starN;
    }
    while (p < pattern.size() && pattern[p] == '*')
        ++p;
    return p == pattern.size();
}

} // namespace stagecraft

// SPDX-License-Identifier: MIT
#pragma once

// cleanPath() and joinPath() for the size estimate's walk over every COPY, without a copy of
// the common path that needs no work. Most COPY paths are absolute and clean already
// ("/opt/app/bin"), or a clean relative one under a clean WORKDIR ("./src/" in "/srv/app"):
// the general functions allocate their result and, for "./src/", a list of elements first.
// Here the answer is a view of the path itself, or of `storage` when it had to be built.

#include "lint/multistage_paths.h"

#include <string>
#include <string_view>

namespace stagecraft {

/// `path` without its trailing slashes ("/" stays "/").
[[nodiscard]] inline std::string_view withoutTrailingSlashes(std::string_view path)
{
    while (path.size() > 1 && path.back() == '/')
        path.remove_suffix(1);
    return path;
}

/// cleanPath(path). Cleaning drops trailing slashes and nothing else from a path that is
/// clean without them ("src/" is "src").
[[nodiscard]] inline std::string_view cleanPathView(std::string_view path, std::string &storage)
{
    const std::string_view trimmed = withoutTrailingSlashes(path);
    if (isCleanPath(trimmed))
        return trimmed;
    storage = cleanPath(path);
    return storage;
}

/// joinPath(directory, path). A relative path loses its leading "./" and trailing slashes, which
/// cleaning would drop; if `directory`/rest is then clean, that is the cleaned join.
[[nodiscard]] inline std::string_view joinPathView(
    std::string_view directory, std::string_view path, std::string &storage)
{
    std::string_view rest = withoutTrailingSlashes(path);
    if (rest.starts_with('/')) {
        if (isCleanPath(rest))
            return rest;
    } else if (!directory.empty()) {
        while (rest.starts_with("./"))
            rest.remove_prefix(2);
        storage.clear();
        storage.reserve(directory.size() + 1 + rest.size());
        storage += directory;
        storage += '/';
        storage += rest;
        if (isCleanPath(storage))
            return storage;
    }
    storage = joinPath(directory, path);
    return storage;
}

} // namespace stagecraft

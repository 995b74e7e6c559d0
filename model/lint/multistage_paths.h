// SPDX-License-Identifier: MIT
#pragma once

// Path arithmetic inside a stage's filesystem, done lexically the way BuildKit resolves
// COPY destinations and WORKDIR (Go's path.Clean and path.Join). A stage based on an image
// whose WORKDIR is not known starts in a symbolic directory "?", so two relative paths of
// that stage still compare equal while nothing is claimed about where they really are.

#include <string>
#include <string_view>

namespace stagecraft {

/// The symbolic starting directory of a stage whose image WORKDIR is unknown.
inline constexpr std::string_view unknownDirectory = "?";

/// path.Clean for "/a/./b/../c" and for paths under the symbolic "?" ("?/a/..", "?").
[[nodiscard]] std::string cleanPath(std::string_view path);
/// True when `path` needs no cleaning (cleanPath would return it unchanged); false for some that
/// would stay the same, such as "../x".
[[nodiscard]] bool isCleanPath(std::string_view path);
/// cleanPath(path) == clean, without building the cleaned path when `path` is already clean
/// (most are): for asking whether a COPY source or destination is "/" or ".".
[[nodiscard]] bool cleansTo(std::string_view path, std::string_view clean);
/// `path` when absolute, else `directory`/`path`, cleaned.
[[nodiscard]] std::string joinPath(std::string_view directory, std::string_view path);
/// True for a cleaned path that does not depend on an unknown directory.
[[nodiscard]] bool isKnownPath(std::string_view path);
/// True if `path` is `directory` or lies below it (both cleaned).
[[nodiscard]] bool pathWithin(std::string_view path, std::string_view directory);
/// Two paths of one stage compare only when both are absolute or both are relative to the
/// same unknown image WORKDIR (or one is empty: not known); otherwise nothing can be said,
/// and "maybe" keeps the rules quiet.
[[nodiscard]] bool maybeSamePath(std::string_view a, std::string_view b);
/// `path` may be `directory` or lie below it (see maybeSamePath).
[[nodiscard]] bool maybeWithin(std::string_view path, std::string_view directory);
/// The last element: "b" for "/a/b" and "/a/b/".
[[nodiscard]] std::string_view baseName(std::string_view path);
/// Everything before the last element: "/a" for "/a/b", "/" for "/a".
[[nodiscard]] std::string_view dirName(std::string_view path);
/// True if `text` has a glob metacharacter (*, ?, [).
[[nodiscard]] bool hasGlob(std::string_view text);
/// Go's path.Match for one element (no '/' in `name`): *, ?, [a-z], [!x], backslash escapes.
/// A malformed pattern matches nothing.
[[nodiscard]] bool globMatch(std::string_view pattern, std::string_view name);

} // namespace stagecraft

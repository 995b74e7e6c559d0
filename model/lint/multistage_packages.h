// SPDX-License-Identifier: MIT
#pragma once

// What package and command names mean to the multi-stage rules: which packages are build
// toolchains (compilers, build tools, development headers) and which commands cannot have
// written a project manifest into the working directory.

#include "shell/package_install.h"

#include <string_view>

namespace stagecraft {

/// A toolchain package of `manager`: gcc, make, cmake, build-base, build-essential, `*-dev`
/// (apt, apk) and `*-devel` (rpm) headers, Go/Rust/JDK toolchains; typescript, node-gyp and
/// ts-node for npm/yarn/pnpm.
[[nodiscard]] bool isToolchainPackage(PackageManager manager, std::string_view name);

/// A C/C++ compiler package (what makes `go build` enable cgo): gcc, g++, clang, build-base, ...
[[nodiscard]] bool isCompilerPackage(std::string_view name);

/// A command that cannot have written a project manifest (package.json, requirements.txt,
/// go.mod): package managers, mkdir, chown, echo without a redirection, ... Anything else may
/// have (git clone, curl, cp, a script).
[[nodiscard]] bool isHarmlessCommand(std::string_view name);

} // namespace stagecraft

// SPDX-License-Identifier: MIT
#pragma once

// The package manifests and lock files the size heuristics read from the build context:
// how many packages `npm ci`, `pip install -r`, `go mod download` or `cargo build` will
// fetch, which of them are dev-only, what a Cargo binary is called. Lenient readers: a file
// they cannot make sense of yields an empty answer, never an exception.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stagecraft {

/// package-lock.json / npm-shrinkwrap.json (lockfileVersion 1, 2 and 3).
struct NpmLock {
    bool parsed = false;
    int packages = 0; ///< all installed packages (nested included)
    int production = 0; ///< those not flagged dev
    std::vector<std::string> topLevel; ///< "name" of node_modules/name, all
    std::vector<std::string> topLevelProduction;
};
[[nodiscard]] NpmLock parsePackageLock(const std::string &text);

struct PackageJson {
    bool parsed = false;
    int dependencies = 0; ///< dependencies + optionalDependencies
    int devDependencies = 0;
    std::string name;
};
[[nodiscard]] PackageJson parsePackageJson(const std::string &text);

/// Entries of a yarn.lock (v1 and berry).
[[nodiscard]] int countYarnEntries(std::string_view text);
/// Packages of a pnpm-lock.yaml, and how many of them are flagged `dev: true`.
[[nodiscard]] std::pair<int, int> countPnpmEntries(std::string_view text);

/// A pip requirements file.
struct Requirements {
    int packages = 0;
    int heavy = 0; ///< ML frameworks (torch, tensorflow, nvidia-*, ...): hundreds of MB each
    bool allPinned = true; ///< every line pins with == (a lock: no dependencies to add)
    int nested = 0; ///< -r/-c lines pointing at other files
};
[[nodiscard]] Requirements parseRequirements(std::string_view text);
/// Counts one requirement ("flask==3.0", "torch>=2") into `requirements`.
void addRequirement(Requirements &requirements, std::string_view spec);
[[nodiscard]] bool isHeavyPythonPackage(std::string_view name);

/// Modules of a go.sum (each listed once for its tree, once for its go.mod).
[[nodiscard]] int countGoModules(std::string_view text);
/// Crates a Cargo.lock downloads ([[package]] blocks with a source).
[[nodiscard]] int countCrates(std::string_view text);
/// The binary a Cargo.toml builds: the first [[bin]] name, else the [package] name.
[[nodiscard]] std::string cargoBinaryName(std::string_view text);

/// A top-level value of a JSON-with-comments file such as tsconfig.json ("outDir", "sourceMap"),
/// read leniently: the string's content, or the literal up to the next ',', '}' or newline.
[[nodiscard]] std::string jsonishValue(std::string_view text, std::string_view key);

/// JavaScript/TypeScript sources a bundler or tsc compiles (.d.ts excluded).
[[nodiscard]] bool isScriptSource(std::string_view path);

} // namespace stagecraft

// SPDX-License-Identifier: MIT
#pragma once

// Package-manager invocations in a shell command: which manager, what it is asked to
// do, which words are options and which are packages. Shared by the hadolint rules
// (pinning, caches, --no-install-recommends), the multi-stage rules (toolchains and
// dev dependencies in the final stage) and the size estimate. It reads ShellCommands
// (see shell_words.h), so quoting and `&&` chains are already taken care of.

#include "shell_words.h"

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace stagecraft {

enum class PackageManager : uint8_t {
    AptGet, ///< apt-get
    Apt, ///< apt
    Aptitude,
    Apk,
    Dnf, ///< dnf, dnf5
    Yum,
    Microdnf,
    Zypper,
    Pip, ///< pip, pip3, pipX.Y, and `python -m pip`
    Npm,
    Yarn,
    Pnpm,
    Gem,
    Go,
    Cargo,
};

enum class PackageAction : uint8_t {
    Install, ///< apt-get install, apk add, dnf install, pip install, npm install/ci/i, yarn add/install, gem install,
             ///< go install/get, cargo install
    Update, ///< refresh the index: apt-get update, apk update, dnf makecache
    Upgrade, ///< apt-get upgrade/dist-upgrade, apk upgrade, dnf upgrade/update
    Remove, ///< apt-get remove/purge/autoremove, apk del, dnf remove, pip uninstall, npm uninstall
    Clean, ///< apt-get clean, dnf/yum clean, npm cache clean, pip cache purge, yarn cache clean
    Build, ///< go build, cargo build, npm run build, yarn build
    Download, ///< go mod download, cargo fetch, pip download
    Other,
};

/// A recognised package-manager command. Indices point into `command->words`.
struct PackageCommand {
    PackageManager manager = PackageManager::AptGet;
    PackageAction action = PackageAction::Other;
    const ShellCommand *command = nullptr;
    size_t program = 0; ///< the manager word (after wrappers such as `sudo`, `env`)
    int subcommand = -1; ///< "install", "add", "ci", ...; -1 when none
    std::vector<size_t> options; ///< option words, and the separate values of options that take one
    std::vector<size_t> operands; ///< packages / specs / paths after the subcommand
    std::vector<size_t> requirementFiles; ///< pip -r/--requirement/-c values, npm/yarn lockfile-ish paths

    [[nodiscard]] const ShellWord &word(size_t index) const { return command->words[index]; }
    [[nodiscard]] std::string_view subcommandName() const;
    /// An option word equal to `option`, or starting with `option=` ("--omit=dev" matches "--omit").
    /// Short letters also match inside clusters ("-qy" has "-y"). Returns the word index or -1.
    [[nodiscard]] int findOption(std::string_view option) const;
    [[nodiscard]] bool hasOption(std::string_view option) const { return findOption(option) >= 0; }
    /// The value of `--name=value` or `--name value` / `-n value` (first match), or nullopt.
    [[nodiscard]] std::optional<std::string_view> optionValue(std::string_view option) const;
};

/// Recognises `command` (skipping `sudo [-flags]`, `env [NAME=v...]`, `command`, `exec`, `nice`,
/// `time`, `nohup`, `stdbuf`) as a package-manager command; nullopt otherwise.
[[nodiscard]] std::optional<PackageCommand> recognizePackageCommand(const ShellCommand &command);

/// A package operand split into name and version the way the manager spells it:
/// apt `curl=7.88*`, apk `curl=8.5.0-r0` / `curl>8` / `curl~8.5`, dnf/yum `curl-7.76.1`
/// (split heuristically), pip `flask==3.0` / `flask>=3` / `flask[async]~=3.0`, npm `express@4`,
/// gem `rails:7.1` (and `-v` is an option), go `example.com/x@v1.2.3`, cargo `--version`.
struct PackageSpec {
    std::string_view name;
    std::string_view version; ///< empty when unpinned
    std::string_view relation; ///< "=", "==", ">=", "@", ":", "~" ... ; empty when unpinned
    bool isPath = false; ///< a local file, directory, URL or VCS spec ("./app.deb", ".", "git+https://...")
    [[nodiscard]] bool pinned() const { return !version.empty(); }
};
[[nodiscard]] PackageSpec parsePackageSpec(PackageManager manager, std::string_view operand);

[[nodiscard]] std::string_view packageManagerName(PackageManager manager);
/// All package commands of a script, in order.
[[nodiscard]] std::vector<PackageCommand> packageCommands(const ShellScript &script);

} // namespace stagecraft

// SPDX-License-Identifier: MIT
#include "multistage_packages.h"

#include <algorithm>
#include <initializer_list>
#include <unordered_set>

namespace stagecraft {
namespace {

bool oneOf(std::string_view s, std::initializer_list<std::string_view> list)
{
    return std::find(list.begin(), list.end(), s) != list.end();
}

bool endsWith(std::string_view s, std::string_view suffix)
{
    return s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

} // namespace

bool isCompilerPackage(std::string_view name)
{
    return oneOf(name, {"gcc", "g++", "clang", "build-base", "build-essential", "gcc-c++", "cc", "musl-gcc"})
        || name.starts_with("gcc-") || name.starts_with("g++-") || name.starts_with("clang-");
}

bool isToolchainPackage(PackageManager manager, std::string_view name)
{
    switch (manager) {
    case PackageManager::AptGet:
    case PackageManager::Apt:
    case PackageManager::Aptitude:
        return isCompilerPackage(name) || endsWith(name, "-dev") || name.starts_with("linux-headers")
            || oneOf(name,
                {"make", "cmake", "autoconf", "automake", "libtool", "pkg-config", "ninja-build", "gfortran", "golang",
                    "golang-go", "rustc", "cargo", "default-jdk", "default-jdk-headless", "maven", "gradle", "node-gyp",
                    "ccache"})
            || (name.starts_with("openjdk-") && (endsWith(name, "-jdk") || endsWith(name, "-jdk-headless")))
            || (name.starts_with("golang-") && endsWith(name, "-go"));
    case PackageManager::Apk:
        return isCompilerPackage(name) || endsWith(name, "-dev")
            || oneOf(name,
                {"make", "cmake", "autoconf", "automake", "libtool", "pkgconf", "pkgconfig", "linux-headers", "go",
                    "rust", "cargo", "maven", "gradle", "samurai", "gfortran", "ccache"})
            || (name.starts_with("openjdk") && endsWith(name, "-jdk"));
    case PackageManager::Dnf:
    case PackageManager::Yum:
    case PackageManager::Microdnf:
    case PackageManager::Zypper:
        return isCompilerPackage(name) || endsWith(name, "-devel")
            || oneOf(name,
                {"make", "cmake", "autoconf", "automake", "libtool", "pkgconfig", "pkgconf-pkg-config",
                    "kernel-headers", "golang", "rust", "cargo", "maven", "gradle", "gcc-gfortran",
                    "@development-tools", "ccache"});
    case PackageManager::Npm:
    case PackageManager::Yarn:
    case PackageManager::Pnpm:
        return oneOf(name, {"typescript", "node-gyp", "ts-node"});
    default:
        return false;
    }
}

bool isHarmlessCommand(std::string_view name)
{
    // A set, not a list: this is asked for every command of every RUN.
    static const std::unordered_set<std::string_view> harmless {"apt-get", "apt", "aptitude", "apk", "yum", "dnf",
        "dnf5", "microdnf", "zypper", "rpm", "dpkg", "apt-mark", "apt-key", "mkdir", "chown", "chmod", "chgrp", "rm",
        "rmdir", "echo", "printf", "useradd", "adduser", "groupadd", "addgroup", "usermod", "userdel", "deluser",
        "export", "set", "unset", "true", "false", ":", "cd", "test", "[", "[[", "which", "sleep", "ldconfig",
        "update-ca-certificates", "locale-gen", "update-locale", "ln", "corepack", "id", "whoami", "env", "ls", "cat",
        "pwd", "uname", "date", "sed", "grep", "find", "xargs", "du", "df", "nproc", "ulimit", "umask", "hash", "type",
        "command", "go", "pip", "pip3", "npm", "yarn", "pnpm", "gem", "bundle", "cargo", "rustup",
        "update-alternatives", "dpkg-reconfigure", "chsh", "passwd", "sort", "uniq", "head", "tail", "wc"};
    return harmless.contains(name);
}

} // namespace stagecraft

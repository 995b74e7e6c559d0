// SPDX-License-Identifier: MIT
#pragma once

// Every rule of thumb the size estimate uses, in one place, so that docs/size-json.md can
// list them and a change to one is a change to one line. A heuristic is an estimate with a
// range wide enough to be honest; figures from the catalog, the package lists and the
// build context do not come from here.

#include <cstdint>

namespace stagecraft::heuristics {

/// A range around an estimate: bytes, lowest, highest plausible.
struct Range {
    int64_t bytes;
    int64_t low;
    int64_t high;
};
/// A factor applied to another figure, with its range.
struct Factor {
    double estimate;
    double low;
    double high;
};

inline constexpr int64_t kB = 1000;
inline constexpr int64_t MB = 1000 * kB;
inline constexpr int64_t GB = 1000 * MB;

// /etc/ssl/certs/ca-certificates.crt: Mozilla's CA list as one PEM file (about 140 roots);
// Debian and Alpine ship 200-230 kB versions of it.
inline constexpr Range caCertificates {215 * kB, 200 * kB, 230 * kB};

// Package index files left by `apt-get update` in /var/lib/apt/lists. Debian's images keep
// them gzip-compressed (docker-gzip-indexes): bookworm main + updates + security ≈ 10 MB.
// Ubuntu's keep them uncompressed and carry universe: tens of MB.
inline constexpr Range aptListsDebian {10 * MB, 7 * MB, 20 * MB};
inline constexpr Range aptListsUbuntu {45 * MB, 25 * MB, 80 * MB};
// `apk add` without --no-cache keeps APKINDEX files (main + community) in /var/cache/apk.
inline constexpr Range apkIndex {2500 * kB, 1 * MB, 5 * MB};
// dnf/yum repository metadata in /var/cache/{dnf,yum} until `dnf clean all`.
inline constexpr Range rpmMetadata {60 * MB, 20 * MB, 150 * MB};

// Installed-Size is counted with documentation; Debian's slim images and Ubuntu's exclude
// /usr/share/{doc,man,locale,info} at install time. The estimate's own factor is calibrated
// at run time (the catalog's measured debian:bookworm{,-slim} sizes over the Installed-Size of
// their packages); these bound it.
inline constexpr Factor debianFull {0.97, 0.85, 1.05};
inline constexpr Factor debianSlim {0.62, 0.45, 1.0};
// Without --no-install-recommends apt also installs Recommends, which the lists do not carry.
inline constexpr double aptRecommendsHigh = 2.0;
// Alpine and rpm packages are sized with the Debian package of the same name (its closure
// beyond Debian's base): musl and split -doc packages make Alpine's smaller.
inline constexpr Factor apkFromDebian {0.6, 0.3, 1.0};
inline constexpr Factor rpmFromDebian {1.0, 0.5, 1.5};
// A package name no list knows, installed with apk/dnf (one package, its dependencies unknown).
inline constexpr Range unknownSystemPackage {5 * MB, 100 * kB, 100 * MB};

// pip: installed size of one distribution (wheel unpacked, .pyc compiled), typical of what
// requirements files hold; the ML frameworks are a class of their own.
inline constexpr Range pipPackage {4 * MB, 100 * kB, 60 * MB};
inline constexpr Range pipHeavyPackage {800 * MB, 200 * MB, 5 * GB};
// Requirements that are not all pinned with == are top-level only: pip adds their dependencies.
inline constexpr Factor pipTransitive {3.0, 1.0, 6.0};
// pip's wheel cache (~/.cache/pip) when neither --no-cache-dir nor a cache mount keeps it out.
inline constexpr Factor pipCache {0.35, 0.2, 0.6};
// `python -m venv DIR`: the interpreter links plus pip.
inline constexpr Range pythonVenv {12 * MB, 8 * MB, 25 * MB};

// npm/yarn/pnpm: an installed package of a lock file, on average (a few are tens of MB).
inline constexpr Range npmPackage {250 * kB, 60 * kB, 1 * MB};
// Only package.json: one direct dependency with its own dependency tree.
inline constexpr Range npmDirectDependency {10 * MB, 500 * kB, 60 * MB};
// Sizes measured in the context's node_modules stand for what the same lock file installs.
inline constexpr Factor localNodeModules {1.0, 0.9, 1.1};
// npm's tarball cache (~/.npm/_cacache) when no cache mount or `npm cache clean` removes it.
inline constexpr Factor npmCache {0.35, 0.2, 0.6};

// A compiled TypeScript/JavaScript build next to its sources; source maps roughly double it.
inline constexpr Factor scriptBuild {1.0, 0.3, 3.0};
inline constexpr Factor scriptBuildWithMaps {2.2, 1.0, 5.0};

// go build: the runtime and the standard library a network service links (net/http, crypto/tls),
// plus a share per module of go.sum.
inline constexpr int64_t goBinaryBase = 4 * MB;
inline constexpr int64_t goBinaryPerModule = 350 * kB;
inline constexpr Factor goBinarySpread {1.0, 0.5, 2.0};
// Nothing known about the program: a typical network service.
inline constexpr Range goBinaryUnknown {12 * MB, 2 * MB, 60 * MB};
// -ldflags "-s -w" drops the symbol table and DWARF.
inline constexpr double goStripped = 0.7;
// GOCACHE (/root/.cache/go-build) relative to the binary, when no cache mount holds it.
inline constexpr Factor goBuildCache {4.0, 1.0, 10.0};
// GOMODCACHE (/go/pkg/mod): one module's source tree.
inline constexpr Range goModule {1500 * kB, 200 * kB, 10 * MB};

// cargo build --release: one binary; debug builds are several times larger.
inline constexpr Range cargoBinary {6 * MB, 1 * MB, 40 * MB};
inline constexpr double cargoDebug = 4.0;
// target/: dependencies' rlibs, incremental data and build scripts.
inline constexpr Range cargoTarget {300 * MB, 50 * MB, 3 * GB};
// CARGO_HOME/registry: one crate's download and unpacked source.
inline constexpr Range cargoCrate {1 * MB, 100 * kB, 5 * MB};

// A compressed archive ADDed from the context is unpacked by ADD.
inline constexpr Factor unpackedArchive {3.0, 1.0, 10.0};

} // namespace stagecraft::heuristics

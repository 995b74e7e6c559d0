// SPDX-License-Identifier: MIT
#pragma once

// What a system package install adds to an image: the dependency closure of the named
// packages in Debian's lists, less what the stage already has, at the size dpkg leaves on
// disk. Alpine (apk) and rpm installs are sized from the Debian package of the same name,
// as a labelled heuristic. Everything here is loaded lazily and cached across estimates:
// the table (a few milliseconds to read) and each base image's package set.

#include "base_system.h"
#include "package_table.h"
#include "size_figure.h"
#include "size_heuristics.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace stagecraft {

class ImageCatalog;

enum class SystemPackager : uint8_t { Apt, Apk, Rpm };

/// One install command, sized.
struct SystemInstall {
    std::vector<int> added; ///< Debian ids the install adds (for apk/rpm: their Debian stand-ins)
    std::vector<std::string> names; ///< the package names as requested, resolved
    std::vector<std::string> unknown; ///< requested names the lists do not have
    SizeFigure figure; ///< the known part
};

class PackageSizing {
public:
    /// `table` null: the shipped Debian bookworm table, loaded on first use.
    explicit PackageSizing(const ImageCatalog &catalog, const PackageTable *table = nullptr);

    [[nodiscard]] const PackageTable &table();
    /// The Debian packages a base system holds before its first RUN (shared, cached).
    [[nodiscard]] std::shared_ptr<const PackageSet> baseSet(const BaseSystem &base);
    /// Installed-Size → bytes on disk, for a full or a slim (documentation-free) root: the
    /// catalog's measured debian:bookworm{,-slim} over the Installed-Size of their packages.
    [[nodiscard]] heuristics::Factor diskFactor(bool slim);

    /// Sizes installing `names` with `packager` on a stage that has `installed`; the added
    /// ids are not inserted into `installed` (the caller records them with the layer).
    [[nodiscard]] SystemInstall install(
        SystemPackager packager, const std::vector<std::string> &names, const PackageSet &installed, bool slim);

    /// The Debian name standing for an apk or rpm package name ("build-base" → "build-essential").
    [[nodiscard]] static std::string debianName(SystemPackager packager, std::string_view name);

private:
    const ImageCatalog &m_catalog;
    const PackageTable *m_table;
    bool m_factorsReady = false;
    heuristics::Factor m_full = heuristics::debianFull;
    heuristics::Factor m_slim = heuristics::debianSlim;
};

} // namespace stagecraft

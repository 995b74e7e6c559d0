// SPDX-License-Identifier: MIT
#pragma once

// What an external base image already holds, as far as package installs are concerned:
// which distribution (so `apt-get install` on Alpine is told apart from one on Debian),
// whether its package manager strips documentation (Debian's slim images), and which
// Debian packages are installed before the first RUN. `apt-get install curl` on a base
// that has curl costs nothing; the estimate needs that list.
//
// Docker's Debian images are debuerreotype "minbase" roots: the Essential and
// Priority: required packages with their dependencies (which is why `ps` and `ping` are
// missing: procps and iputils-ping are Priority: important). The full and the slim
// variants hold the same packages; slim drops documentation, manual pages and locales
// through dpkg path excludes, which also apply to every package installed later.
// Language images add what their Dockerfiles install (docker-library/buildpack-deps,
// docker-library/python, ...), listed in base_system.cpp with the file each list is from.

#include "graph/image_reference.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace stagecraft {

enum class Distribution : uint8_t {
    Unknown,
    Debian,
    Ubuntu, ///< sized with Debian's lists: close, not exact
    Alpine,
    RedHat, ///< Fedora, AlmaLinux, Rocky, Oracle Linux, Amazon Linux, CentOS, UBI
    Distroless, ///< gcr.io/distroless, Chainguard: no package manager
    Scratch,
};

struct BaseSystem {
    Distribution distribution = Distribution::Unknown;
    bool slim = false; ///< dpkg drops /usr/share/{doc,man,locale,...} (Debian slim images and those built on them)
    /// Debian packages installed on top of minbase (the image's own Dockerfile chain).
    std::span<const std::string_view> packages;
    std::string_view profile; ///< "debian minbase", "buildpack-deps:scm", "python slim", ...
    std::string_view source; ///< where the package list comes from
};

/// The base system of an external image, recognised from its name and tag; Unknown when
/// neither says which distribution it is.
[[nodiscard]] BaseSystem describeBaseSystem(const ImageReference &reference);

[[nodiscard]] std::string_view distributionName(Distribution distribution);

} // namespace stagecraft

// SPDX-License-Identifier: MIT
#pragma once

// Sizes of official base images, without pulling them: the facts in base-images.json
// (docker-library/repo-info: the registry's compressed size per tag and architecture, and
// `docker image ls`'s uncompressed size where it was recorded). The file ships as the Qt
// resource :/data/base-images.json.
//
// What a lookup answers is the size on disk, because that is what the image costs once
// pulled and what `docker image ls` and `docker history` report:
//  * the recorded uncompressed size when there is one for the architecture;
//  * for arm64 entries without one, the amd64 uncompressed size scaled by the two
//    architectures' compressed sizes;
//  * otherwise the compressed size times the median uncompressed/compressed ratio of the
//    catalog's own entries that have both, with the range the catalog's notes give (×2–×3.5).
// A tag the catalog lacks falls back to the nearest known tag (`node:20.11.1-alpine` →
// `node:20.11-alpine` → `node:20-alpine`, `python:3.12-slim-bookworm` → `python:3.12-slim`)
// and says so; an image it does not know at all is unknown, never guessed.

#include "graph/image_reference.h"
#include "size_figure.h"

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace stagecraft {

/// The answer for one image reference on one platform.
struct ImageSize {
    SizeFigure figure; ///< uncompressed bytes, source Catalog (or Unknown)
    std::string entry; ///< the catalog entry used ("node:20-alpine"); empty when none
    std::string architecture; ///< the catalog architecture used ("amd64")
    int64_t compressed = SizeFigure::unknownBytes; ///< the registry (transfer) size, when recorded
    bool fallback = false; ///< `entry` is a less specific tag than the one asked for
    bool found() const { return !entry.empty(); }
};

class ImageCatalog {
public:
    /// The catalog shipped as :/data/base-images.json, loaded once on first use.
    [[nodiscard]] static const ImageCatalog &builtin();
    /// Reads the base-images.json format; returns an empty catalog and sets `error` when it cannot.
    [[nodiscard]] static std::shared_ptr<ImageCatalog> fromJson(std::string_view json, std::string *error = nullptr);

    /// The size of `reference` on `platform` ("linux/amd64", "linux/arm64/v8").
    [[nodiscard]] ImageSize lookup(const ImageReference &reference, std::string_view platform) const;

    /// Median uncompressed/compressed ratio of the entries that record both (amd64).
    [[nodiscard]] double compressionFactor() const { return m_factor; }
    [[nodiscard]] int compressionSamples() const { return m_factorSamples; }
    [[nodiscard]] size_t size() const { return m_entries.size(); }
    [[nodiscard]] const std::string &generated() const { return m_generated; }

    /// The tags tried, most specific first, when `tag` itself is not in the catalog.
    [[nodiscard]] static std::vector<std::string> fallbackTags(std::string_view tag);
    /// "amd64", "arm64", "arm/v7" for a platform string; "amd64" when empty.
    [[nodiscard]] static std::string architectureOf(std::string_view platform);

private:
    struct Architecture {
        int64_t compressed = SizeFigure::unknownBytes;
        int64_t uncompressed = SizeFigure::unknownBytes;
        std::string date;
    };
    struct Entry {
        std::string key; ///< as written in the file ("node:20-alpine", "gcr.io/distroless/static")
        std::string aliasOf;
        std::string note;
        int64_t approximate = SizeFigure::unknownBytes; ///< "approx_size" prose ("~2 MiB"), uncompressed
        std::map<std::string, Architecture, std::less<>> architectures;
    };

    [[nodiscard]] const Entry *find(const std::string &canonical) const;
    [[nodiscard]] SizeFigure figureFor(
        const Entry &entry, const std::string &architecture, std::string &used, int64_t &compressed) const;

    std::map<std::string, Entry, std::less<>> m_entries; ///< by canonical reference (docker.io/library/node:20-alpine)
    std::string m_generated;
    double m_factor = 2.6;
    int m_factorSamples = 0;
};

} // namespace stagecraft

// SPDX-License-Identifier: MIT
#pragma once

// One number of the size estimate, and where it came from. Every figure the estimate shows
// carries its origin and a range, because a size read from a catalog, one computed from
// package lists and one guessed from a lock file deserve different trust; a figure with
// no basis at all stays unknown instead of being invented.

#include <cstdint>
#include <string>
#include <string_view>

namespace stagecraft {

enum class SizeSource : uint8_t {
    Catalog, ///< the base-image catalog (docker-library/repo-info figures)
    Packages, ///< Debian package lists: installed sizes of a dependency closure
    Context, ///< files of the build context, scanned
    Stage, ///< another stage of this file (FROM stage, COPY --from=stage)
    Heuristic, ///< a labelled rule of thumb (see the note and docs/size-json.md)
    Measured, ///< `docker history` / `docker image inspect` output
    User, ///< a size the user entered for an image the catalog does not know
    None, ///< the instruction writes nothing (exactly 0)
    Unknown, ///< no basis for a number
};

/// "catalog", "packages", "context", "stage", "heuristic", "measured", "user", "none", "unknown".
[[nodiscard]] std::string_view sizeSourceName(SizeSource source);

/// Bytes on disk (uncompressed, as `docker image ls` counts them) with a range.
struct SizeFigure {
    static constexpr int64_t unknownBytes = -1;

    int64_t bytes = unknownBytes; ///< the estimate; unknownBytes when there is no number
    int64_t low = 0; ///< the smallest plausible value
    int64_t high = unknownBytes; ///< the largest plausible value; unknownBytes: unbounded
    SizeSource source = SizeSource::Unknown;
    std::string note; ///< how the figure was obtained (or why there is none)

    [[nodiscard]] bool known() const { return bytes >= 0; }
    [[nodiscard]] bool bounded() const { return high >= 0; }

    [[nodiscard]] static SizeFigure exact(int64_t bytes, SizeSource source, std::string note = {});
    [[nodiscard]] static SizeFigure range(
        int64_t bytes, int64_t low, int64_t high, SizeSource source, std::string note = {});
    [[nodiscard]] static SizeFigure unknown(std::string note);
    /// The instruction adds nothing to the image.
    [[nodiscard]] static SizeFigure none(std::string note = {});

    /// The same figure with bytes, low and high multiplied by `low`/`factor`/`high` factors.
    [[nodiscard]] SizeFigure scaled(double factor, double lowFactor, double highFactor) const;
};

/// One part of a layer: "apt-get install curl", "pip cache", "COPY src".
struct SizePart {
    std::string what;
    SizeFigure figure;
};

/// A sum of figures. Unknown parts add nothing to the estimate and remove the upper bound,
/// so a total with unknown parts reads "at least bytes" and says how many parts are missing.
struct SizeTotal {
    int64_t bytes = 0;
    int64_t low = 0;
    int64_t high = 0; ///< SizeFigure::unknownBytes once a part is unknown or unbounded
    int unknownParts = 0;
    int knownParts = 0;

    void add(const SizeFigure &figure);
    void add(const SizeTotal &total);
    [[nodiscard]] bool complete() const { return unknownParts == 0; }
    [[nodiscard]] bool bounded() const { return high >= 0; }
    /// As a figure (source Stage when summing a stage); unknown parts are told in the note. Only
    /// unknown parts: an unknown figure.
    [[nodiscard]] SizeFigure figure(SizeSource source, std::string note = {}) const;
};

/// "48.4 MB": decimal units with three significant digits, as `docker image ls` prints sizes.
[[nodiscard]] std::string formatBytes(int64_t bytes);

/// "48.4 MB", "48.4 MB (41.0–52.3 MB)", "48.4 MB (980 kB–52.3 MB)", "≥ 48.4 MB", "unknown".
[[nodiscard]] std::string formatFigure(int64_t bytes, int64_t low, int64_t high);
[[nodiscard]] std::string formatFigure(const SizeFigure &figure);

} // namespace stagecraft

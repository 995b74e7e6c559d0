// SPDX-License-Identifier: MIT
#pragma once

// Measured sizes, to hold the estimate against: the output of
//   docker history --no-trunc --format '{{json .}}' IMAGE      (one JSON object per line)
//   docker image inspect IMAGE                                 (a JSON array)
// `docker history` gives one entry per instruction, newest first, with the layer size as
// Docker prints it ("12.3MB": three significant digits, decimal units), so each measured
// size carries the range its rounding allows. The entries are matched to the target stage's
// instructions from the newest backwards (keyword, and the command or destination); what is
// left at the bottom is the base image. `docker image inspect` only has the total.

#include "size_estimate.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stagecraft {

struct MeasuredLayer {
    std::string createdBy; ///< as Docker records it ("RUN /bin/sh -c npm ci # buildkit")
    std::string id; ///< "sha256:..." or "<missing>"
    std::string createdAt;
    std::string size; ///< as printed ("12.3MB")
    int64_t bytes = 0;
    int64_t low = 0;
    int64_t high = 0;
};

struct Measurement {
    enum class Kind : uint8_t { History, Inspect };
    Kind kind = Kind::History;
    std::vector<MeasuredLayer> layers; ///< oldest first
    int64_t totalBytes = SizeFigure::unknownBytes; ///< inspect's "Size"; history: the sum
    int64_t totalLow = 0;
    int64_t totalHigh = 0;
    std::string image; ///< inspect: the first repository tag, else the id

    [[nodiscard]] std::string_view sourceName() const
    {
        return kind == Kind::History ? std::string_view("docker history") : std::string_view("docker image inspect");
    }
};

/// Reads either format; nullopt with `error` set when the text is neither.
[[nodiscard]] std::optional<Measurement> parseMeasurement(std::string_view text, std::string *error = nullptr);

/// A size as Docker prints it: "0B", "512B", "1.05kB", "12.3MB", "1.2GB", "123456" (bytes);
/// binary units ("12.3MiB") too. `low`/`high` bound what the printed digits round from.
[[nodiscard]] bool parseDockerSize(std::string_view text, int64_t &bytes, int64_t &low, int64_t &high);

/// The instruction kind a history entry was recorded for, and its text without the shell
/// prefix ("RUN", "apt-get update && ..."); kind Unknown for entries it cannot tell.
struct HistoryCommand {
    InstructionKind kind = InstructionKind::Unknown;
    std::string text;
};
[[nodiscard]] HistoryCommand parseCreatedBy(std::string_view createdBy);

/// Attaches `measurement` to the report's target stage (and the stages it is built FROM):
/// matched layers get the measured figure (the estimate moves to LayerSize::estimate), the
/// unmatched oldest entries become the measured base, and the stage gets a measured total.
/// Returns the number of instructions matched.
int attachMeasurement(
    SizeReport &report, const Measurement &measurement, const SyntaxTree &tree, const BuildGraph &graph);

} // namespace stagecraft

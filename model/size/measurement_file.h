// SPDX-License-Identifier: MIT
#pragma once

// A measurement saved to a file, as the editor imports it: the output of
// `docker history --no-trunc --format '{{json .}}'` or `docker image inspect` (see
// history_import.h), read whole and parsed. The command line reads the same formats
// through its own input handling, which also takes standard input.

#include "history_import.h"

#include <QString>

#include <optional>
#include <string>

namespace stagecraft {

/// The measurement in the file at `path`. Nothing when the file cannot be read or holds
/// neither format; then `error` says why without naming the file (the caller does).
[[nodiscard]] std::optional<Measurement> readMeasurementFile(const QString &path, std::string *error = nullptr);

} // namespace stagecraft

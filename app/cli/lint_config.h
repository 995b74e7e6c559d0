// SPDX-License-Identifier: MIT
#pragma once

// hadolint's configuration file, .hadolint.yaml, as `stagecraft lint` honours it:
//
//   failure-threshold: warning          # error | warning | info | style | none
//   ignored: [DL3008, UndefinedVar]
//   override:
//     error: [DL3001]
//     warning: [DL3002]
//     info: [DL3003]
//     style: [DL3004]
//   trustedRegistries: [docker.io, my-company.com:5000]
//
// Other keys are accepted and ignored. Reading YAML is the command line's business: the
// model stays free of yaml-cpp and takes a plain LintOptions.

#include "lint/linter.h"

#include <QString>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stagecraft {

/// The severity at or above which `stagecraft lint` fails; None never fails.
enum class FailureThreshold { Error, Warning, Info, Style, None };

/// "error", "warning", "info", "style", "none".
[[nodiscard]] std::optional<FailureThreshold> failureThresholdFromName(std::string_view name);
/// Whether a diagnostic of `severity` makes the command fail under `threshold`.
[[nodiscard]] bool reachesThreshold(Severity severity, FailureThreshold threshold);

struct LintConfig {
    std::vector<std::string> ignored;
    std::vector<std::pair<std::string, Severity>> overrides;
    std::optional<FailureThreshold> failureThreshold;
    std::vector<std::string> trustedRegistries;

    /// Adds the configuration to `options` (ignored rules, overrides, trusted registries).
    void applyTo(LintOptions &options) const;
};

/// Parses the YAML text of a configuration; on failure returns nothing and sets `error`.
[[nodiscard]] std::optional<LintConfig> parseLintConfig(std::string_view yaml, std::string &error);
/// Reads and parses `path`; on failure returns nothing and sets `error` (with the file name).
[[nodiscard]] std::optional<LintConfig> readLintConfig(const QString &path, std::string &error);
/// The .hadolint.yaml (or .hadolint.yml) beside `dockerfile`, or an empty string.
[[nodiscard]] QString findLintConfig(const QString &dockerfile);

} // namespace stagecraft

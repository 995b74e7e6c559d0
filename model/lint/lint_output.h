// SPDX-License-Identifier: MIT
#pragma once

// Lint results in the formats people and CI systems read: compiler-style text, a JSON
// array, SARIF 2.1.0 (GitHub code scanning), Checkstyle XML and GitLab Code Quality.
//
// Lines are 1-based. Columns are 1-based bytes, end columns exclusive, except in SARIF,
// whose columns count UTF-16 code units as its default columnKind says.

#include "linter.h"

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace stagecraft {

enum class LintFormat { Text, Json, Sarif, Checkstyle, Gitlab };

/// "text", "json", "sarif", "checkstyle", "gitlab".
[[nodiscard]] std::optional<LintFormat> lintFormatFromName(std::string_view name);

/// One linted file: its name as reported (a path as given, "<stdin>"), its tree and result.
struct LintedFile {
    std::string path;
    std::shared_ptr<const SyntaxTree> tree;
    LintResult result;
};

struct LintReportOptions {
    std::string toolVersion; ///< SARIF tool.driver.version; omitted when empty
};

/// The whole report for `files` in `format` (newline-terminated; text is empty when clean).
[[nodiscard]] std::string formatLintReport(
    std::span<const LintedFile> files, LintFormat format, const LintReportOptions &options = {});

} // namespace stagecraft

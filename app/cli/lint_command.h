// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

#include <iosfwd>
#include <string_view>

namespace stagecraft {

/// The usage lines `stagecraft --help` shows for `lint`.
extern const std::string_view lintCommandUsage;

/// `stagecraft lint FILE... [--format text|json|sarif|checkstyle|gitlab]
/// [--failure-threshold error|warning|info|style|none] [--ignore RULE]... [--config FILE]
/// [--target NAME] [--build-arg K=V]... [--context DIR] [--experimental RULE|all] [--shellcheck]`;
/// `arguments` follow the word "lint". Exits 0 when no finding reaches the threshold
/// (default: warning), 1 when one does, 2 on bad usage, unreadable input or configuration.
int runLintCommand(const QStringList &arguments, std::istream &in, std::ostream &out, std::ostream &err);

} // namespace stagecraft

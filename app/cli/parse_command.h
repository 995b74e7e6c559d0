// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

#include <iosfwd>
#include <string_view>

namespace stagecraft {

/// The usage lines `stagecraft --help` shows for `parse`.
extern const std::string_view parseCommandUsage;

/// `stagecraft parse [--dump buildkit|json] [--tokens] [--roundtrip] FILE|-`;
/// `arguments` follow the word "parse".
int runParseCommand(const QStringList &arguments, std::istream &in, std::ostream &out, std::ostream &err);

} // namespace stagecraft

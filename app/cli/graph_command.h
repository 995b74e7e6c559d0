// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

#include <iosfwd>
#include <string_view>

namespace stagecraft {

/// The usage lines `stagecraft --help` shows for `graph`.
extern const std::string_view graphCommandUsage;

/// `stagecraft graph FILE|- [--target NAME] [--build-arg K=V]... [--platform P]
/// [--format json|dot|mermaid|svg|png] [-o OUT]`; `arguments` follow the word "graph".
/// Prints the build graph; error diagnostics go to standard error (exit 1, the graph is
/// still printed); bad usage or an unreadable file exits 2.
int runGraphCommand(const QStringList &arguments, std::istream &in, std::ostream &out, std::ostream &err);

} // namespace stagecraft

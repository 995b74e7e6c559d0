// SPDX-License-Identifier: MIT
#pragma once

#include "graph/build_graph.h"

#include <QStringList>

#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>

namespace stagecraft {

/// The usage lines `stagecraft --help` shows for `graph`.
extern const std::string_view graphCommandUsage;

/// Draws the graph of the Dockerfile `bytes` as an image (`format` "svg" or "png") into
/// `output`; on failure returns false with a one-line reason in `error`.
using GraphImageRenderer = std::function<bool(const std::string &bytes, const BuildGraphOptions &options,
    std::string_view format, std::string &output, std::string &error)>;

/// Installs the renderer `graph --format svg|png` uses. The command line stays headless
/// (it links only the model); the editor's main() installs the graph view's renderer,
/// so images are drawn exactly as the editor draws them. Without one, svg/png exit 2.
void setGraphImageRenderer(GraphImageRenderer renderer);

/// `stagecraft graph FILE|- [--target NAME] [--build-arg K=V]... [--platform P]
/// [--format json|dot|mermaid|svg|png] [-o OUT]`; `arguments` follow the word "graph".
/// Prints the build graph; error diagnostics go to standard error (exit 1, the graph is
/// still printed); bad usage or an unreadable file exits 2.
int runGraphCommand(const QStringList &arguments, std::istream &in, std::ostream &out, std::ostream &err);

} // namespace stagecraft

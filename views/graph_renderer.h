// SPDX-License-Identifier: MIT
#pragma once

// The stage graph as a picture: SVG or PNG of a StageGraphScene, without selection,
// cursor or editors. The editor's Export and the command line's
// `stagecraft graph --format svg|png` both come through here, so they draw the same.

#include "graph/build_graph.h"

#include <QByteArray>
#include <QString>

#include <string>
#include <string_view>

namespace stagecraft {

class StageGraphScene;

enum class GraphImageFormat : uint8_t { Svg, Png };

/// The graph of `scene` as an SVG document or a PNG image (at twice the scene's size,
/// so it stays sharp on high-density screens and in documents).
[[nodiscard]] QByteArray renderGraph(StageGraphScene &scene, GraphImageFormat format);

/// Writes the graph to `path`, as SVG or PNG by its suffix (".svg", ".png").
bool exportGraph(StageGraphScene &scene, const QString &path, QString *error = nullptr);

/// Headless: lays out and renders the graph of the Dockerfile `bytes` ("svg" or "png").
/// Needs a QApplication (the command line creates one on the offscreen platform).
bool renderDockerfileGraph(const std::string &bytes, const BuildGraphOptions &options, std::string_view format,
    std::string &output, std::string &error);

} // namespace stagecraft

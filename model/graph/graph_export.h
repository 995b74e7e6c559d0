// SPDX-License-Identifier: MIT
#pragma once

// The build graph as text for other tools: JSON (the schema of docs/graph-json.md),
// Graphviz DOT and Mermaid (which GitHub renders in pull requests and Markdown).

#include "build_graph.h"

#include <nlohmann/json.hpp>

#include <string>

namespace stagecraft {

/// The graph as JSON (schema version 1, docs/graph-json.md). `tree` gives the
/// diagnostics' lines and columns. Strings are copied byte for byte and may hold
/// invalid UTF-8: dump with `error_handler_t::replace`.
[[nodiscard]] nlohmann::ordered_json graphToJson(const BuildGraph &graph, const SyntaxTree &tree);

/// A Graphviz digraph: stages as boxes (name and base), external images as
/// differently shaped nodes, edges styled and labelled by kind and line, the target
/// bold and filled, stages the target does not need dashed and grey. Always valid
/// UTF-8 (invalid bytes become U+FFFD).
[[nodiscard]] std::string graphToDot(const BuildGraph &graph);

/// The same drawing as a Mermaid flowchart.
[[nodiscard]] std::string graphToMermaid(const BuildGraph &graph);

} // namespace stagecraft

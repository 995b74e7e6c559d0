// SPDX-License-Identifier: MIT
#pragma once

// The size estimate as the command line and the editor's exports print it: JSON (the
// format docs/size-json.md describes) and a readable text table.

#include "size_estimate.h"

#include <nlohmann/json.hpp>

#include <string>

namespace stagecraft {

class ContextScan;
class SyntaxTree;

struct SizeReportInfo {
    const SyntaxTree *tree = nullptr; ///< the tree estimated, for the instructions' text
    std::string file; ///< the Dockerfile's name as given
    const ContextScan *context = nullptr; ///< the scan the estimate used, for its summary
    std::string contextDirectory; ///< as given on the command line
};

/// The JSON document (version 1) of docs/size-json.md, keys in the documented order.
[[nodiscard]] nlohmann::ordered_json sizeReportToJson(const SizeReport &report, const SizeReportInfo &info = {});

/// A table per stage: base, each layer with its size, range, source and waste; then the final image.
[[nodiscard]] std::string sizeReportToText(const SizeReport &report, const SizeReportInfo &info = {});

} // namespace stagecraft

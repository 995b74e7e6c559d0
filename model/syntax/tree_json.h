// SPDX-License-Identifier: MIT
#pragma once

#include "syntax_tree.h"

#include <nlohmann/json.hpp>

namespace stagecraft {

/// The syntax tree as JSON, for `stagecraft parse --dump json` and for tools
/// that want the parse without linking the model. Offsets are byte offsets into
/// the input; lines and columns are 1-based (columns count bytes).
///
/// Strings are copied byte for byte, so they may hold invalid UTF-8: dump with
/// `nlohmann::json::error_handler_t::replace`, or dump() throws.
/// `includeTokens` adds the lossless token stream ("tokens").
[[nodiscard]] nlohmann::json syntaxTreeToJson(const SyntaxTree &tree, bool includeTokens = false);

/// The name of a token kind as the JSON dump writes it ("Keyword").
[[nodiscard]] std::string_view tokenKindName(TokenKind kind);
/// The name of a severity as diagnostics print it ("error").
[[nodiscard]] std::string_view severityName(Severity severity);

} // namespace stagecraft

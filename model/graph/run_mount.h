// SPDX-License-Identifier: MIT
#pragma once

// `RUN --mount=type=cache,from=builder,target=/x`: the mount's CSV fields as
// BuildKit's instructions.parseMount reads them when the instruction is parsed.

#include <string>
#include <string_view>
#include <vector>

namespace stagecraft {

struct RunMountField {
    std::string key; ///< lower-cased, as BuildKit compares keys
    std::string value;
    bool hasValue = false; ///< "ro" alone has none
};

/// One `--mount` flag. Values are as written (variables are expanded later, when the
/// instruction runs; `from` never is).
struct RunMount {
    std::string type = "bind"; ///< lower-cased; BuildKit's default is bind
    std::string from; ///< stage name or image; empty when absent
    std::string source; ///< source / src
    std::string target; ///< target / dst / destination
    std::string id; ///< cache id
    std::vector<RunMountField> fields;
    std::string error; ///< BuildKit's message when the flag is rejected at parse time
};

/// Parses the value of a `--mount` flag (the text after "--mount=") as one CSV record.
[[nodiscard]] RunMount parseRunMount(std::string_view value);

/// A cheap test that lets callers skip parsing: false when `value` cannot hold a
/// `from` field (no "from" in any case).
[[nodiscard]] bool mayHaveFromField(std::string_view value);

/// The same for a secret mount (`type=secret`): false when `value` has no "secret" in any case.
[[nodiscard]] bool mayBeSecretMount(std::string_view value);

} // namespace stagecraft

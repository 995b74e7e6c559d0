// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string_view>

namespace stagecraft {

/// The instructions BuildKit's Dockerfile frontend knows. Anything else parses
/// (BuildKit's parser ignores its arguments) but the build rejects it.
enum class InstructionKind : uint8_t {
    Unknown,
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    StopSignal,
    User,
    Volume,
    Workdir,
};

/// Case-insensitive lookup of an instruction keyword.
[[nodiscard]] InstructionKind instructionKindFromKeyword(std::string_view keyword);
/// The canonical upper-case keyword ("FROM"); "" for Unknown.
[[nodiscard]] std::string_view instructionKeyword(InstructionKind kind);

} // namespace stagecraft

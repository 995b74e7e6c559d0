// SPDX-License-Identifier: MIT
#pragma once

namespace stagecraft {

/// Registers the size data resources (:/data/base-images.json, :/data/debian-bookworm-packages.qz).
/// They live in an object library archived into the static model, whose objects the linker
/// only keeps when something references them; this call is that reference. Idempotent.
void initSizeResources();

} // namespace stagecraft

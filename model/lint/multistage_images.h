// SPDX-License-Identifier: MIT
#pragma once

// What the multi-stage rules know about well-known base images without pulling them: which
// ones are build toolchains (and what runtime would do instead), which ones already run as a
// non-root user, which ones are Windows, and which ones are "static" (no libc, no loader).
// The knowledge is a small hand-kept table; an image it does not know is described as
// Unknown, and the rules stay careful with those.

#include "graph/image_reference.h"

#include <cstdint>
#include <string_view>

namespace stagecraft {

enum class ImageFamily : uint8_t {
    Unknown,
    Scratch,
    Node,
    Python,
    Ruby,
    Golang,
    Rust,
    Maven,
    Gradle,
    Jdk, ///< openjdk, eclipse-temurin, amazoncorretto, ... (a JDK tag)
    Jre, ///< the JRE tags of those
    DotnetSdk,
    DotnetRuntime, ///< runtime, aspnet, runtime-deps
    Gcc, ///< gcc, buildpack-deps
    Distroless, ///< gcr.io/distroless/* with a libc (base, cc, java, python, nodejs)
    DistrolessStatic, ///< gcr.io/distroless/static*: no libc
    Chainguard,
    OsBase, ///< alpine, debian, ubuntu, busybox, fedora, ...
};

struct ImageFacts {
    ImageFamily family = ImageFamily::Unknown;
    bool official = false; ///< Docker Hub library/ image (or scratch): its defaults are known
    bool toolchain = false; ///< ships compilers/build tools as its purpose
    bool fullVariant = false; ///< node/python/ruby on buildpack-deps: gcc, make and headers included
    bool hasCompiler = false; ///< a C compiler is installed (so `go build` enables cgo by default)
    bool nonRootDefault = false; ///< the image's config sets a non-root USER
    bool defaultUserKnown = false; ///< its default user is known (root unless nonRootDefault)
    bool windows = false;
    bool noLibc = false; ///< scratch, distroless static: a cgo binary cannot run
    std::string_view runtimeSuggestion; ///< for toolchain images: what to ship on instead
    std::string_view defaultWorkdir; ///< the image's WORKDIR when known ("/" when it sets none); empty: unknown
};

/// Facts about the image `reference` (a parsed FROM or --from reference).
[[nodiscard]] ImageFacts describeImage(const ImageReference &reference);

/// Facts for `FROM scratch`.
[[nodiscard]] ImageFacts scratchImageFacts();

} // namespace stagecraft

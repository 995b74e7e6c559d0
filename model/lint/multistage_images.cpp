// SPDX-License-Identifier: MIT
#include "multistage_images.h"

#include <array>

namespace stagecraft {
namespace {

bool contains(std::string_view text, std::string_view part)
{
    return text.find(part) != std::string_view::npos;
}

bool isWindowsTag(std::string_view tag)
{
    return contains(tag, "nanoserver") || contains(tag, "windowsservercore") || contains(tag, "ltsc")
        || contains(tag, "windows");
}

// Tags of the node/python/ruby images that are not built on buildpack-deps.
bool isSlimTag(std::string_view tag)
{
    return contains(tag, "slim") || contains(tag, "alpine") || isWindowsTag(tag) || contains(tag, "onbuild");
}

ImageFacts officialImage(std::string_view name, std::string_view tag)
{
    ImageFacts facts;
    facts.official = true;
    facts.defaultUserKnown = true;
    facts.windows = isWindowsTag(tag);
    // Most official images set no WORKDIR; the ones that do are listed below.
    facts.defaultWorkdir = "/";
    constexpr std::array osBases {"alpine", "debian", "ubuntu", "busybox", "fedora", "centos", "rockylinux",
        "almalinux", "amazonlinux", "oraclelinux", "archlinux", "opensuse/leap", "photon", "clearlinux"};
    for (std::string_view os : osBases) {
        if (name == os) {
            facts.family = ImageFamily::OsBase;
            return facts;
        }
    }
    if (name == "node") {
        facts.family = ImageFamily::Node;
        facts.fullVariant = !isSlimTag(tag);
    } else if (name == "python" || name == "pypy") {
        facts.family = ImageFamily::Python;
        facts.fullVariant = !isSlimTag(tag);
    } else if (name == "ruby") {
        facts.family = ImageFamily::Ruby;
        facts.fullVariant = !isSlimTag(tag);
    } else if (name == "golang") {
        facts.family = ImageFamily::Golang;
        facts.toolchain = true;
        facts.hasCompiler = !contains(tag, "alpine") && !facts.windows; // the Debian variants ship gcc
        facts.defaultWorkdir = "/go";
        facts.runtimeSuggestion = "scratch or gcr.io/distroless/static (a Go binary needs no Go toolchain)";
    } else if (name == "rust") {
        facts.family = ImageFamily::Rust;
        facts.toolchain = true;
        facts.hasCompiler = !contains(tag, "alpine");
        facts.defaultWorkdir = {};
        facts.runtimeSuggestion = "debian:bookworm-slim or gcr.io/distroless/cc";
    } else if (name == "maven") {
        facts.family = ImageFamily::Maven;
        facts.toolchain = true;
        facts.defaultWorkdir = {};
        facts.runtimeSuggestion = "a JRE image such as eclipse-temurin:21-jre";
    } else if (name == "gradle") {
        facts.family = ImageFamily::Gradle;
        facts.toolchain = true;
        facts.defaultWorkdir = {};
        facts.runtimeSuggestion = "a JRE image such as eclipse-temurin:21-jre";
    } else if (name == "openjdk" || name == "eclipse-temurin" || name == "amazoncorretto" || name == "sapmachine"
        || name == "ibmjava" || name == "ibm-semeru-runtimes") {
        const bool jre = contains(tag, "jre") || contains(tag, "headless");
        facts.family = jre ? ImageFamily::Jre : ImageFamily::Jdk;
        facts.toolchain = !jre;
        facts.runtimeSuggestion = "the matching JRE tag (e.g. eclipse-temurin:21-jre)";
    } else if (name == "gcc" || name == "buildpack-deps") {
        facts.family = ImageFamily::Gcc;
        facts.toolchain = true;
        facts.hasCompiler = true;
        facts.runtimeSuggestion = "a slim runtime base such as debian:bookworm-slim";
    }
    facts.hasCompiler = facts.hasCompiler || facts.fullVariant;
    return facts;
}

} // namespace

ImageFacts scratchImageFacts()
{
    ImageFacts facts;
    facts.family = ImageFamily::Scratch;
    facts.official = true;
    facts.defaultUserKnown = true;
    facts.noLibc = true;
    facts.defaultWorkdir = "/";
    return facts;
}

ImageFacts describeImage(const ImageReference &reference)
{
    if (!reference.valid())
        return {};
    const std::string_view registry = reference.registry;
    const std::string_view repository = reference.repository;
    const std::string_view tag = reference.tag;
    if (registry == "docker.io" && repository.starts_with("library/"))
        return officialImage(repository.substr(8), tag);

    ImageFacts facts;
    facts.windows = isWindowsTag(tag) || contains(repository, "windows") || contains(repository, "nanoserver");
    if (registry == "gcr.io" && repository.starts_with("distroless/")) {
        const bool isStatic = repository.starts_with("distroless/static");
        facts.family = isStatic ? ImageFamily::DistrolessStatic : ImageFamily::Distroless;
        facts.noLibc = isStatic;
        facts.nonRootDefault = contains(tag, "nonroot");
        facts.defaultUserKnown = true;
        facts.defaultWorkdir = "/";
    } else if (registry == "cgr.dev" && repository.starts_with("chainguard/")) {
        // Chainguard images run as nonroot (65532); the -dev variants add a shell and apk, not root.
        facts.family = ImageFamily::Chainguard;
        facts.nonRootDefault = true;
        facts.defaultUserKnown = true;
        facts.noLibc = repository == "chainguard/static";
    } else if (registry == "mcr.microsoft.com" && repository.starts_with("dotnet/")) {
        const std::string_view kind = repository.substr(7);
        facts.family = kind == "sdk" ? ImageFamily::DotnetSdk : ImageFamily::DotnetRuntime;
        facts.toolchain = kind == "sdk";
        facts.runtimeSuggestion = "mcr.microsoft.com/dotnet/aspnet or mcr.microsoft.com/dotnet/runtime";
        // The chiseled (distroless) .NET images run as the non-root `app` user.
        facts.nonRootDefault = contains(tag, "chiseled") || contains(tag, "distroless");
        facts.defaultUserKnown = true;
    } else if (registry == "mcr.microsoft.com" && repository.starts_with("openjdk/jdk")) {
        facts.family = ImageFamily::Jdk;
        facts.toolchain = true;
        facts.runtimeSuggestion = "a JRE image such as eclipse-temurin:21-jre";
    } else if (registry == "docker.io"
        && (repository == "nginxinc/nginx-unprivileged" || repository.starts_with("bitnami/"))) {
        facts.nonRootDefault = true;
        facts.defaultUserKnown = true;
    } else if ((registry == "registry.access.redhat.com" || registry == "registry.redhat.io" || registry == "quay.io")
        && (contains(repository, "nodejs-") || contains(repository, "python-") || contains(repository, "ruby-")
            || contains(repository, "php-") || contains(repository, "go-toolset")
            || contains(repository, "openjdk-"))) {
        // Red Hat's source-to-image language images run as user 1001.
        facts.nonRootDefault = true;
        facts.defaultUserKnown = true;
    }
    return facts;
}

} // namespace stagecraft

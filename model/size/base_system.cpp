// SPDX-License-Identifier: MIT
#include "base_system.h"

#include <array>

namespace stagecraft {
namespace {

using namespace std::string_view_literals;

// docker-library/buildpack-deps debian/bookworm/curl/Dockerfile.
constexpr std::array buildpackCurl {"ca-certificates"sv, "curl"sv, "gnupg"sv, "netbase"sv, "sq"sv, "wget"sv};
// debian/bookworm/scm/Dockerfile: curl's, plus these.
constexpr std::array buildpackScm {"ca-certificates"sv, "curl"sv, "gnupg"sv, "netbase"sv, "sq"sv, "wget"sv, "git"sv,
    "git-lfs"sv, "mercurial"sv, "openssh-client"sv, "subversion"sv, "procps"sv};
// debian/bookworm/Dockerfile: scm's, plus the build toolchain and -dev packages.
constexpr std::array buildpackFull {"ca-certificates"sv, "curl"sv, "gnupg"sv, "netbase"sv, "sq"sv, "wget"sv, "git"sv,
    "git-lfs"sv, "mercurial"sv, "openssh-client"sv, "subversion"sv, "procps"sv, "autoconf"sv, "automake"sv, "bzip2"sv,
    "dpkg-dev"sv, "file"sv, "g++"sv, "gcc"sv, "imagemagick"sv, "libbz2-dev"sv, "libc6-dev"sv, "libcurl4-openssl-dev"sv,
    "libdb-dev"sv, "libevent-dev"sv, "libffi-dev"sv, "libgdbm-dev"sv, "libglib2.0-dev"sv, "libgmp-dev"sv,
    "libjpeg-dev"sv, "libkrb5-dev"sv, "liblzma-dev"sv, "libmagickcore-dev"sv, "libmagickwand-dev"sv,
    "libmaxminddb-dev"sv, "libncurses5-dev"sv, "libncursesw5-dev"sv, "libpng-dev"sv, "libpq-dev"sv, "libreadline-dev"sv,
    "libsqlite3-dev"sv, "libssl-dev"sv, "libtool"sv, "libwebp-dev"sv, "libxml2-dev"sv, "libxslt-dev"sv, "libyaml-dev"sv,
    "make"sv, "patch"sv, "unzip"sv, "xz-utils"sv, "zlib1g-dev"sv, "default-libmysqlclient-dev"sv};
// docker-library/golang: FROM buildpack-deps:bookworm-scm, plus a C toolchain for cgo.
constexpr std::array golang {"ca-certificates"sv, "curl"sv, "gnupg"sv, "netbase"sv, "sq"sv, "wget"sv, "git"sv,
    "git-lfs"sv, "mercurial"sv, "openssh-client"sv, "subversion"sv, "procps"sv, "g++"sv, "gcc"sv, "libc6-dev"sv,
    "make"sv, "pkg-config"sv};
// docker-library/python 3.12/slim-bookworm/Dockerfile: the runtime packages it installs, and
// the libraries its build links, which it keeps (apt-mark manual on what ldd reports).
constexpr std::array pythonSlim {"ca-certificates"sv, "netbase"sv, "tzdata"sv, "libbz2-1.0"sv, "libffi8"sv,
    "libgdbm6"sv, "liblzma5"sv, "libncursesw6"sv, "libreadline8"sv, "libsqlite3-0"sv, "libssl3"sv, "libuuid1"sv,
    "zlib1g"sv, "libdb5.3"sv};
// docker-library/ruby slim: keeps the -dev packages native gems build against.
constexpr std::array rubySlim {"bzip2"sv, "ca-certificates"sv, "libffi-dev"sv, "libgmp-dev"sv, "libssl-dev"sv,
    "libyaml-dev"sv, "procps"sv, "zlib1g-dev"sv};
// rust-lang/docker-rust slim: a linker and libc headers for cargo.
constexpr std::array rustSlim {"ca-certificates"sv, "gcc"sv, "libc6-dev"sv, "wget"sv};
// docker-library/php: PHPIZE_DEPS stay installed so `docker-php-ext-install` works.
constexpr std::array php {"autoconf"sv, "dpkg-dev"sv, "file"sv, "g++"sv, "gcc"sv, "libc6-dev"sv, "make"sv,
    "pkg-config"sv, "re2c"sv, "ca-certificates"sv, "curl"sv, "xz-utils"sv};
// adoptium/containers (Ubuntu based); approximate.
constexpr std::array temurin {"ca-certificates"sv, "curl"sv, "fontconfig"sv, "locales"sv, "tzdata"sv, "wget"sv};

constexpr std::string_view libraryPrefix = "library/";

bool contains(std::string_view text, std::string_view part)
{
    return text.find(part) != std::string_view::npos;
}

bool oneOf(std::string_view name, std::initializer_list<std::string_view> names)
{
    for (std::string_view candidate : names) {
        if (name == candidate)
            return true;
    }
    return false;
}

BaseSystem debian(
    bool slim, std::span<const std::string_view> packages, std::string_view profile, std::string_view source)
{
    return BaseSystem {Distribution::Debian, slim, packages, profile, source};
}

} // namespace

std::string_view distributionName(Distribution distribution)
{
    switch (distribution) {
    case Distribution::Debian:
        return "debian";
    case Distribution::Ubuntu:
        return "ubuntu";
    case Distribution::Alpine:
        return "alpine";
    case Distribution::RedHat:
        return "redhat";
    case Distribution::Distroless:
        return "distroless";
    case Distribution::Scratch:
        return "scratch";
    case Distribution::Unknown:
        break;
    }
    return "unknown";
}

BaseSystem describeBaseSystem(const ImageReference &reference)
{
    if (!reference.valid())
        return {};
    const std::string_view registry = reference.registry;
    std::string_view repository = reference.repository;
    const std::string_view tag = reference.tag.empty() ? std::string_view("latest") : std::string_view(reference.tag);
    if (registry == "docker.io" && repository.starts_with(libraryPrefix))
        repository.remove_prefix(libraryPrefix.size());
    const bool slim = contains(tag, "slim");

    if (registry == "gcr.io" && repository.starts_with("distroless/"))
        return {Distribution::Distroless, false, {}, "distroless", "no package manager"};
    if (registry == "cgr.dev") {
        if (contains(repository, "wolfi-base"))
            return {Distribution::Alpine, false, {}, "wolfi (apk)", "Wolfi packages sized like Alpine's"};
        return {Distribution::Distroless, false, {}, "chainguard", "no package manager"};
    }
    if (repository == "alpine" || contains(tag, "alpine"))
        return {Distribution::Alpine, false, {}, "alpine", "musl-based; no Debian package lists"};
    if (oneOf(repository,
            {"fedora", "almalinux", "rockylinux", "oraclelinux", "amazonlinux", "centos", "amazoncorretto", "mysql"})
        || repository.starts_with("redhat/") || repository.starts_with("ubi"))
        return {Distribution::RedHat, false, {}, "rpm-based", "no rpm package lists"};
    if (repository == "scratch")
        return {Distribution::Scratch, false, {}, "scratch", "empty"};

    if (repository == "debian")
        return debian(slim, {}, slim ? "debian slim (minbase)" : "debian (minbase)", "debuerreotype minbase");
    if (repository == "buildpack-deps") {
        if (contains(tag, "curl"))
            return debian(false, buildpackCurl, "buildpack-deps:curl", "docker-library/buildpack-deps curl/Dockerfile");
        if (contains(tag, "scm"))
            return debian(false, buildpackScm, "buildpack-deps:scm", "docker-library/buildpack-deps scm/Dockerfile");
        return debian(false, buildpackFull, "buildpack-deps", "docker-library/buildpack-deps Dockerfile");
    }
    if (repository == "python")
        return slim
            ? debian(true, pythonSlim, "python slim", "docker-library/python slim Dockerfile")
            : debian(false, buildpackFull, "python (buildpack-deps)", "docker-library/python on buildpack-deps");
    if (repository == "node")
        return slim ? debian(true, {}, "node slim (minbase)", "nodejs/docker-node slim Dockerfile")
                    : debian(false, buildpackFull, "node (buildpack-deps)", "nodejs/docker-node on buildpack-deps");
    if (repository == "ruby")
        return slim ? debian(true, rubySlim, "ruby slim", "docker-library/ruby slim Dockerfile")
                    : debian(false, buildpackFull, "ruby (buildpack-deps)", "docker-library/ruby on buildpack-deps");
    if (repository == "rust")
        return slim ? debian(true, rustSlim, "rust slim", "rust-lang/docker-rust slim Dockerfile")
                    : debian(false, buildpackFull, "rust (buildpack-deps)", "rust-lang/docker-rust on buildpack-deps");
    if (repository == "golang")
        return debian(false, golang, "golang", "docker-library/golang Dockerfile (buildpack-deps:scm)");
    if (repository == "gcc")
        return debian(false, buildpackFull, "gcc (buildpack-deps)", "docker-library/gcc on buildpack-deps");
    if (repository == "php")
        return debian(true, php, "php", "docker-library/php Dockerfile (PHPIZE_DEPS kept)");
    if (repository == "ubuntu")
        // Ubuntu's images are "minimized": dpkg excludes documentation as on Debian slim.
        return {Distribution::Ubuntu, true, {}, "ubuntu (minbase)", "Debian bookworm lists stand in for Ubuntu's"};
    if (oneOf(repository, {"eclipse-temurin", "maven", "gradle", "tomcat"}))
        return {Distribution::Ubuntu, true, temurin, "eclipse-temurin (approximate)",
            "adoptium/containers (Ubuntu); Debian bookworm lists stand in for Ubuntu's"};

    // Other images name their distribution in the tag, if anywhere.
    for (std::string_view codename : {"bookworm", "bullseye", "buster", "trixie", "forky"}) {
        if (contains(tag, codename))
            return debian(slim, {}, slim ? "debian slim (minbase)" : "debian (minbase)", "Debian named in the tag");
    }
    for (std::string_view codename : {"noble", "jammy", "focal"}) {
        if (contains(tag, codename))
            return {Distribution::Ubuntu, true, {}, "ubuntu (minbase)", "Ubuntu named in the tag"};
    }
    return {};
}

} // namespace stagecraft

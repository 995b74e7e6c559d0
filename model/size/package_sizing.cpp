// SPDX-License-Identifier: MIT
#include "package_sizing.h"

#include "image_catalog.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>

namespace stagecraft {
namespace {

using namespace std::string_view_literals;

struct NameMapping {
    std::string_view from;
    std::string_view to;
};

// Alpine names whose Debian counterpart is spelled differently.
constexpr NameMapping apkNames[] = {{"build-base"sv, "build-essential"sv}, {"musl-dev"sv, "libc6-dev"sv},
    {"linux-headers"sv, "linux-libc-dev"sv}, {"openssl-dev"sv, "libssl-dev"sv}, {"postgresql-dev"sv, "libpq-dev"sv},
    {"libpq-dev"sv, "libpq-dev"sv}, {"mariadb-dev"sv, "libmariadb-dev"sv}, {"jpeg-dev"sv, "libjpeg-dev"sv},
    {"zlib-dev"sv, "zlib1g-dev"sv}, {"openssh"sv, "openssh-client"sv}, {"shadow"sv, "passwd"sv},
    {"libstdc++"sv, "libstdc++6"sv}, {"libgcc"sv, "libgcc-s1"sv}, {"go"sv, "golang-go"sv}, {"rust"sv, "rustc"sv},
    {"openjdk17"sv, "openjdk-17-jdk"sv}, {"openjdk17-jre"sv, "openjdk-17-jre"sv}, {"openjdk21"sv, "openjdk-17-jdk"sv},
    {"sqlite-dev"sv, "libsqlite3-dev"sv}, {"bzip2-dev"sv, "libbz2-dev"sv}, {"xz-dev"sv, "liblzma-dev"sv},
    {"ncurses-dev"sv, "libncurses-dev"sv}, {"readline-dev"sv, "libreadline-dev"sv}, {"yaml-dev"sv, "libyaml-dev"sv},
    {"libxml2-dev"sv, "libxml2-dev"sv}, {"cairo-dev"sv, "libcairo2-dev"sv}, {"pango-dev"sv, "libpango1.0-dev"sv},
    {"giflib-dev"sv, "libgif-dev"sv}, {"pixman-dev"sv, "libpixman-1-dev"sv}, {"vips-dev"sv, "libvips-dev"sv},
    {"gcompat"sv, "libc6"sv}, {"libc6-compat"sv, "libc6"sv}, {"procps"sv, "procps"sv}};

// rpm names (Fedora, RHEL and friends) spelled differently.
constexpr NameMapping rpmNames[] = {{"gcc-c++"sv, "g++"sv}, {"glibc-devel"sv, "libc6-dev"sv},
    {"openssl-devel"sv, "libssl-dev"sv}, {"zlib-devel"sv, "zlib1g-dev"sv}, {"postgresql-devel"sv, "libpq-dev"sv},
    {"libpq-devel"sv, "libpq-dev"sv}, {"ncurses-devel"sv, "libncurses-dev"sv}, {"bzip2-devel"sv, "libbz2-dev"sv},
    {"xz-devel"sv, "liblzma-dev"sv}, {"sqlite-devel"sv, "libsqlite3-dev"sv}, {"procps-ng"sv, "procps"sv},
    {"shadow-utils"sv, "passwd"sv}, {"iputils"sv, "iputils-ping"sv}, {"java-17-openjdk"sv, "openjdk-17-jdk"sv},
    {"java-17-openjdk-headless"sv, "openjdk-17-jdk-headless"sv}, {"java-21-openjdk"sv, "openjdk-17-jdk"sv},
    {"golang"sv, "golang-go"sv}, {"python3-devel"sv, "python3-dev"sv}};

std::mutex baseSetMutex;
std::map<std::pair<const PackageTable *, std::string>, std::shared_ptr<const PackageSet>> baseSets;

std::vector<int> minbaseRoots(const PackageTable &table)
{
    std::vector<int> roots;
    for (int id = 0; id < table.packageCount(); ++id) {
        if (table.flags(id) & (PackageTable::Essential | PackageTable::Required))
            roots.push_back(id);
    }
    return roots;
}

} // namespace

PackageSizing::PackageSizing(const ImageCatalog &catalog, const PackageTable *table)
    : m_catalog(catalog)
    , m_table(table)
{}

const PackageTable &PackageSizing::table()
{
    if (!m_table)
        m_table = &PackageTable::debianBookworm();
    return *m_table;
}

std::shared_ptr<const PackageSet> PackageSizing::baseSet(const BaseSystem &base)
{
    const PackageTable &packages = table();
    std::string key(base.profile);
    for (std::string_view name : base.packages) {
        key += ' ';
        key += name;
    }
    const std::lock_guard lock(baseSetMutex);
    auto &slot = baseSets[{&packages, key}];
    if (!slot) {
        // debuerreotype's minbase: Essential and Priority: required, with their dependencies.
        auto set = std::make_shared<PackageSet>(static_cast<size_t>(packages.packageCount()));
        const std::vector<int> roots = minbaseRoots(packages);
        set->insert(packages.closure(roots, *set));
        std::vector<int> extra;
        for (std::string_view name : base.packages) {
            if (const int id = packages.find(name); id >= 0)
                extra.push_back(id);
        }
        set->insert(packages.closure(extra, *set));
        slot = std::move(set);
    }
    return slot;
}

heuristics::Factor PackageSizing::diskFactor(bool slim)
{
    if (!m_factorsReady) {
        m_factorsReady = true;
        const PackageTable &packages = table();
        // Installed-Size of minbase, once per table: it takes a pass over every package.
        static std::mutex mutex;
        static std::map<const PackageTable *, int64_t> minbaseBytes;
        int64_t minbase = 0;
        {
            const std::lock_guard lock(mutex);
            auto [it, inserted] = minbaseBytes.try_emplace(&packages, 0);
            if (inserted)
                it->second = packages.installedBytes(packages.closure(minbaseRoots(packages), PackageSet()));
            minbase = it->second;
        }
        auto calibrate = [&](std::string_view image, heuristics::Factor &factor) {
            const ImageSize measured = m_catalog.lookup(parseImageReference(image), "linux/amd64");
            // Only a recorded uncompressed size calibrates; a compressed-based estimate would not.
            if (minbase <= 0 || !measured.figure.known() || measured.figure.low != measured.figure.high)
                return;
            const double ratio = static_cast<double>(measured.figure.bytes) / static_cast<double>(minbase);
            factor.estimate = std::clamp(ratio, factor.low, factor.high);
        };
        calibrate("debian:bookworm", m_full);
        calibrate("debian:bookworm-slim", m_slim);
    }
    return slim ? m_slim : m_full;
}

std::string PackageSizing::debianName(SystemPackager packager, std::string_view name)
{
    if (packager == SystemPackager::Apt)
        return std::string(name);
    for (const NameMapping &mapping : packager == SystemPackager::Apk ? std::span<const NameMapping>(apkNames)
                                                                      : std::span<const NameMapping>(rpmNames)) {
        if (mapping.from == name)
            return std::string(mapping.to);
    }
    if (packager == SystemPackager::Apk && name.starts_with("py3-"))
        return "python3-" + std::string(name.substr(4));
    if (packager == SystemPackager::Rpm && name.ends_with("-devel"))
        return std::string(name.substr(0, name.size() - 6)) + "-dev";
    return std::string(name);
}

SystemInstall PackageSizing::install(
    SystemPackager packager, const std::vector<std::string> &names, const PackageSet &installed, bool slim)
{
    SystemInstall result;
    const PackageTable &packages = table();
    std::vector<int> roots;
    int unknownHeuristic = 0;
    for (const std::string &name : names) {
        std::string debian = debianName(packager, name);
        int id = packages.find(debian);
        if (id < 0 && packager == SystemPackager::Apk && debian.ends_with("-dev"))
            id = packages.find("lib" + debian); // Alpine "foo-dev" is often Debian's "libfoo-dev"
        if (id < 0 && packager == SystemPackager::Rpm && debian.ends_with("-dev"))
            id = packages.find("lib" + debian);
        if (id < 0) {
            if (result.unknown.empty())
                result.unknown.reserve(names.size()); // one allocation, not one per doubling
            result.unknown.push_back(name);
            if (packager != SystemPackager::Apt)
                ++unknownHeuristic;
            continue;
        }
        if (result.names.empty()) {
            result.names.reserve(names.size());
            roots.reserve(names.size());
        }
        result.names.push_back(name);
        roots.push_back(id);
    }
    if (roots.empty() && unknownHeuristic == 0) {
        result.figure
            = SizeFigure::exact(0, packager == SystemPackager::Apt ? SizeSource::Packages : SizeSource::Heuristic);
        return result; // nothing the lists know: no closure to work out
    }
    result.added = packages.closure(roots, installed);
    const auto kib = static_cast<double>(packages.installedBytes(result.added));

    heuristics::Factor factor = diskFactor(slim);
    SizeSource source = SizeSource::Packages;
    if (packager == SystemPackager::Apk) {
        factor = heuristics::apkFromDebian;
        source = SizeSource::Heuristic;
    } else if (packager == SystemPackager::Rpm) {
        factor = heuristics::rpmFromDebian;
        source = SizeSource::Heuristic;
    }
    int64_t bytes = std::llround(kib * factor.estimate);
    int64_t low = std::llround(kib * factor.low);
    int64_t high = std::llround(kib * factor.high);
    bytes += unknownHeuristic * heuristics::unknownSystemPackage.bytes;
    low += unknownHeuristic * heuristics::unknownSystemPackage.low;
    high += unknownHeuristic * heuristics::unknownSystemPackage.high;
    result.figure = SizeFigure::range(bytes, low, high, source);
    return result;
}

} // namespace stagecraft

// SPDX-License-Identifier: MIT
#include "image_catalog.h"

#include "size_resources.h"

#include <QFile>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace stagecraft {
namespace {

// The catalog's notes: "uncompressed on disk is typically ~2-3.5x larger" than the registry's
// compressed size. The estimate itself uses the catalog's own median ratio (computed at load).
constexpr double lowCompressionFactor = 2.0;
constexpr double highCompressionFactor = 3.5;
// Used only when the catalog has no entry with both sizes.
constexpr double fallbackCompressionFactor = 2.6;
// Scaling amd64's measured size by the arm64/amd64 compressed ratio is close but not exact.
constexpr double crossArchitectureSpread = 0.10;
// Another architecture's figures stand in for a missing one: same software, other binaries.
constexpr double otherArchitectureLow = 0.8;
constexpr double otherArchitectureHigh = 1.25;

constexpr std::string_view codenames[] = {"-bookworm", "-bullseye", "-buster", "-trixie", "-forky", "-sid", "-noble",
    "-jammy", "-focal", "-oracular", "-plucky"};

int64_t jsonBytes(const nlohmann::json &value)
{
    if (value.is_number_integer())
        return value.get<int64_t>();
    if (value.is_number_float())
        return std::llround(value.get<double>());
    return SizeFigure::unknownBytes;
}

std::string jsonString(const nlohmann::json &object, const char *key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// "~2 MiB", "~16.9 MB": the prose sizes some entries carry instead of numbers.
int64_t parseApproximateSize(std::string_view text)
{
    while (!text.empty() && (text.front() == '~' || text.front() == ' '))
        text.remove_prefix(1);
    size_t end = 0;
    while (end < text.size() && ((text[end] >= '0' && text[end] <= '9') || text[end] == '.'))
        ++end;
    if (end == 0)
        return SizeFigure::unknownBytes;
    const double value = std::strtod(std::string(text.substr(0, end)).c_str(), nullptr);
    std::string_view unit = text.substr(end);
    while (!unit.empty() && unit.front() == ' ')
        unit.remove_prefix(1);
    double scale = 1;
    if (unit.starts_with("KiB"))
        scale = 1024.0;
    else if (unit.starts_with("MiB"))
        scale = 1024.0 * 1024.0;
    else if (unit.starts_with("GiB"))
        scale = 1024.0 * 1024.0 * 1024.0;
    else if (unit.starts_with("kB") || unit.starts_with("KB"))
        scale = 1e3;
    else if (unit.starts_with("MB"))
        scale = 1e6;
    else if (unit.starts_with("GB"))
        scale = 1e9;
    else
        return SizeFigure::unknownBytes;
    return std::llround(value * scale);
}

std::string canonicalKey(std::string_view familiar)
{
    const ImageReference reference = parseImageReference(familiar);
    return reference.valid() ? reference.canonical() : std::string();
}

} // namespace

const ImageCatalog &ImageCatalog::builtin()
{
    static const std::shared_ptr<ImageCatalog> catalog = [] {
        initSizeResources();
        QFile file(QStringLiteral(":/data/base-images.json"));
        std::shared_ptr<ImageCatalog> loaded;
        if (file.open(QIODevice::ReadOnly))
            loaded = fromJson(file.readAll().toStdString());
        return loaded ? loaded : std::make_shared<ImageCatalog>();
    }();
    return *catalog;
}

std::shared_ptr<ImageCatalog> ImageCatalog::fromJson(std::string_view json, std::string *error)
{
    auto catalog = std::make_shared<ImageCatalog>();
    const nlohmann::json root = nlohmann::json::parse(json, nullptr, false);
    if (root.is_discarded() || !root.is_object()) {
        if (error)
            *error = "not a base-images.json document";
        return catalog;
    }
    catalog->m_generated = jsonString(root, "generated");
    for (const char *section : {"images", "non_docker_hub"}) {
        const auto images = root.find(section);
        if (images == root.end() || !images->is_object())
            continue;
        for (const auto &[key, value] : images->items()) {
            if (!value.is_object())
                continue;
            const std::string canonical = canonicalKey(key);
            if (canonical.empty())
                continue;
            Entry entry;
            entry.key = key;
            entry.aliasOf = jsonString(value, "alias_of");
            entry.note = jsonString(value, "note");
            entry.approximate = parseApproximateSize(jsonString(value, "approx_size"));
            for (const auto &[name, arch] : value.items()) {
                if (!arch.is_object())
                    continue;
                Architecture architecture;
                if (const auto it = arch.find("compressed"); it != arch.end())
                    architecture.compressed = jsonBytes(*it);
                if (const auto it = arch.find("uncompressed"); it != arch.end())
                    architecture.uncompressed = jsonBytes(*it);
                architecture.date = jsonString(arch, "date");
                entry.architectures.emplace(name, std::move(architecture));
            }
            catalog->m_entries.insert_or_assign(canonical, std::move(entry));
        }
    }

    // The median ratio of the images measured both ways (aliases would count an image twice).
    std::vector<double> ratios;
    for (const auto &[key, entry] : catalog->m_entries) {
        const auto amd64 = entry.architectures.find("amd64");
        if (!entry.aliasOf.empty() || amd64 == entry.architectures.end())
            continue;
        if (amd64->second.compressed > 0 && amd64->second.uncompressed > 0)
            ratios.push_back(
                static_cast<double>(amd64->second.uncompressed) / static_cast<double>(amd64->second.compressed));
    }
    std::sort(ratios.begin(), ratios.end());
    catalog->m_factorSamples = static_cast<int>(ratios.size());
    if (ratios.empty())
        catalog->m_factor = fallbackCompressionFactor;
    else if (ratios.size() % 2 == 1)
        catalog->m_factor = ratios[ratios.size() / 2];
    else
        catalog->m_factor = (ratios[ratios.size() / 2 - 1] + ratios[ratios.size() / 2]) / 2.0;
    return catalog;
}

std::string ImageCatalog::architectureOf(std::string_view platform)
{
    // "linux/arm64/v8" -> "arm64"; the catalog keys arm64 without its (only) variant.
    std::string_view rest = platform;
    if (const size_t slash = rest.find('/'); slash != std::string_view::npos)
        rest.remove_prefix(slash + 1);
    else if (rest.empty())
        return "amd64";
    if (rest.starts_with("arm64"))
        return "arm64";
    return std::string(rest);
}

std::vector<std::string> ImageCatalog::fallbackTags(std::string_view tag)
{
    // Version prefix: "20.11.1" of "20.11.1-alpine"; "v3.1" of "v3.1".
    size_t versionEnd = 0;
    if (versionEnd < tag.size() && tag[versionEnd] == 'v' && tag.size() > 1 && tag[1] >= '0' && tag[1] <= '9')
        ++versionEnd;
    std::vector<size_t> componentEnds;
    while (versionEnd < tag.size() && tag[versionEnd] >= '0' && tag[versionEnd] <= '9') {
        while (versionEnd < tag.size() && tag[versionEnd] >= '0' && tag[versionEnd] <= '9')
            ++versionEnd;
        componentEnds.push_back(versionEnd);
        if (versionEnd + 1 < tag.size() && tag[versionEnd] == '.' && tag[versionEnd + 1] >= '0'
            && tag[versionEnd + 1] <= '9')
            ++versionEnd;
        else
            break;
    }
    const std::string_view suffix = tag.substr(componentEnds.empty() ? 0 : componentEnds.back());

    // Suffix variants: as written, without a distribution codename, with "alpine3.19" as "alpine".
    auto withoutCodename = [](std::string text) {
        for (std::string_view codename : codenames) {
            for (size_t at = text.find(codename); at != std::string::npos; at = text.find(codename)) {
                const size_t end = at + codename.size();
                if (end != text.size() && text[end] != '-')
                    break;
                text.erase(at, codename.size());
            }
        }
        return text;
    };
    auto withoutAlpineVersion = [](std::string text) {
        const size_t at = text.find("alpine");
        if (at == std::string::npos)
            return text;
        size_t end = at + 6;
        while (end < text.size() && ((text[end] >= '0' && text[end] <= '9') || text[end] == '.'))
            ++end;
        text.erase(at + 6, end - at - 6);
        return text;
    };
    std::vector<std::string> suffixes;
    auto addSuffix = [&suffixes](std::string s) {
        if (std::find(suffixes.begin(), suffixes.end(), s) == suffixes.end())
            suffixes.push_back(std::move(s));
    };
    const std::string written(suffix);
    addSuffix(written);
    addSuffix(withoutCodename(written));
    addSuffix(withoutAlpineVersion(written));
    addSuffix(withoutAlpineVersion(withoutCodename(written)));

    std::vector<std::string> tags;
    auto addTag = [&](std::string candidate) {
        if (!candidate.empty() && candidate.front() == '-')
            candidate.erase(0, 1);
        if (candidate.empty() || candidate == tag || std::find(tags.begin(), tags.end(), candidate) != tags.end())
            return;
        tags.push_back(std::move(candidate));
    };
    if (componentEnds.empty()) {
        for (const std::string &s : suffixes)
            addTag(s);
        return tags;
    }
    for (size_t components = componentEnds.size(); components > 0; --components) {
        const std::string version(tag.substr(0, componentEnds[components - 1]));
        for (const std::string &s : suffixes)
            addTag(version + s);
    }
    return tags;
}

const ImageCatalog::Entry *ImageCatalog::find(const std::string &canonical) const
{
    const auto it = m_entries.find(canonical);
    return it == m_entries.end() ? nullptr : &it->second;
}

SizeFigure ImageCatalog::figureFor(
    const Entry &entry, const std::string &architecture, std::string &used, int64_t &compressed) const
{
    const auto arch = entry.architectures.find(architecture);
    std::string origin = entry.aliasOf.empty() ? std::string() : " (alias of " + entry.aliasOf + ")";
    if (arch != entry.architectures.end()) {
        const Architecture &a = arch->second;
        const std::string dated = a.date.empty() ? std::string() : ", data of " + a.date;
        used = architecture;
        compressed = a.compressed;
        if (a.uncompressed >= 0) {
            return SizeFigure::exact(a.uncompressed, SizeSource::Catalog,
                entry.key + origin + " " + architecture + ": uncompressed size as recorded (docker image ls)" + dated);
        }
        const auto amd64 = entry.architectures.find("amd64");
        if (a.compressed > 0 && architecture != "amd64" && amd64 != entry.architectures.end()
            && amd64->second.compressed > 0 && amd64->second.uncompressed > 0) {
            const double estimate = static_cast<double>(amd64->second.uncompressed) * static_cast<double>(a.compressed)
                / static_cast<double>(amd64->second.compressed);
            return SizeFigure::range(std::llround(estimate), std::llround(estimate * (1 - crossArchitectureSpread)),
                std::llround(estimate * (1 + crossArchitectureSpread)), SizeSource::Catalog,
                entry.key + origin + " " + architecture + ": amd64's recorded uncompressed size "
                    + formatBytes(amd64->second.uncompressed) + " scaled by the compressed sizes "
                    + formatBytes(a.compressed) + " / " + formatBytes(amd64->second.compressed) + dated);
        }
        if (a.compressed >= 0) {
            char factor[16];
            std::snprintf(factor, sizeof factor, "%.2f", m_factor);
            return SizeFigure::range(std::llround(static_cast<double>(a.compressed) * m_factor),
                std::llround(static_cast<double>(a.compressed) * lowCompressionFactor),
                std::llround(static_cast<double>(a.compressed) * highCompressionFactor), SizeSource::Catalog,
                entry.key + origin + " " + architecture + ": compressed (registry) size " + formatBytes(a.compressed)
                    + " \u00d7 " + factor + ", the median uncompressed/compressed ratio of the "
                    + std::to_string(m_factorSamples)
                    + " catalog images measured both ways (range \u00d72\u2013\u00d73.5)" + dated);
        }
    }
    if (entry.approximate >= 0) {
        used = architecture;
        return SizeFigure::range(entry.approximate, entry.approximate * 3 / 4, entry.approximate * 3 / 2,
            SizeSource::Catalog, entry.key + ": approximate size from the image's documentation; " + entry.note);
    }
    if (arch == entry.architectures.end() && architecture != "amd64") {
        SizeFigure other = figureFor(entry, "amd64", used, compressed);
        if (other.known()) {
            other = other.scaled(1.0, otherArchitectureLow, otherArchitectureHigh);
            other.note = "no " + architecture + " entry; amd64 figures used (range widened): " + other.note;
            return other;
        }
    }
    used.clear();
    compressed = SizeFigure::unknownBytes;
    std::string note = "the catalog lists " + entry.key + " without a size for " + architecture;
    if (!entry.note.empty())
        note += " (" + entry.note + ")";
    return SizeFigure::unknown(std::move(note));
}

ImageSize ImageCatalog::lookup(const ImageReference &reference, std::string_view platform) const
{
    ImageSize result;
    const std::string architecture = architectureOf(platform);
    if (!reference.valid()) {
        result.figure = SizeFigure::unknown("invalid image reference: " + reference.error);
        return result;
    }
    if (reference.tag.empty() && !reference.digest.empty()) {
        result.figure = SizeFigure::unknown(reference.familiar()
            + " is pinned by digest only; the catalog records tags, not digests (enter its size in the editor)");
        return result;
    }
    const std::string tag = reference.tag.empty() ? std::string("latest") : reference.tag;
    const std::string name = reference.name();
    std::string pinned;
    if (!reference.digest.empty())
        pinned = "; pinned by digest: the figure is the tag's, which may have moved since";

    auto answer = [&](const Entry &entry, const std::string &prefix) {
        result.entry = entry.key;
        result.figure = figureFor(entry, architecture, result.architecture, result.compressed);
        if (!result.figure.known())
            result.entry.clear();
        if (!prefix.empty())
            result.figure.note = prefix + result.figure.note;
        result.figure.note += pinned;
        return result;
    };

    if (const Entry *entry = find(name + ':' + tag))
        return answer(*entry, {});
    if (reference.tag.empty()) {
        // Entries outside Docker Hub are keyed without a tag (their ":latest").
        if (const Entry *entry = find(name + ":latest"))
            return answer(*entry, {});
    }
    const std::string familiar = reference.familiar();
    for (const std::string &candidate : fallbackTags(tag)) {
        if (const Entry *entry = find(name + ':' + candidate)) {
            result.fallback = true;
            return answer(*entry, familiar + " is not in the catalog; nearest known tag: ");
        }
    }
    if (m_entries.empty())
        result.figure = SizeFigure::unknown("the base-image catalog is not available");
    else
        result.figure = SizeFigure::unknown(familiar + (reference.tag.empty() ? ":latest" : "")
            + " is not in the base-image catalog (enter its size in the editor)");
    return result;
}

} // namespace stagecraft

// SPDX-License-Identifier: MIT
#include "manifests.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace stagecraft {
namespace {

// json::value() throws when the field has another type; lock files are not to be trusted that far.
bool flag(const nlohmann::json &object, const char *key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_boolean() && it->get<bool>();
}

void countV1Dependencies(const nlohmann::json &dependencies, NpmLock &lock, bool topLevel)
{
    if (!dependencies.is_object())
        return;
    for (const auto &[name, value] : dependencies.items()) {
        if (!value.is_object())
            continue;
        const bool dev = flag(value, "dev");
        ++lock.packages;
        if (!dev)
            ++lock.production;
        if (topLevel) {
            lock.topLevel.push_back(name);
            if (!dev)
                lock.topLevelProduction.push_back(name);
        }
        if (const auto nested = value.find("dependencies"); nested != value.end())
            countV1Dependencies(*nested, lock, false);
    }
}

std::string_view requirementName(std::string_view spec)
{
    const size_t end = spec.find_first_of("=<>!~[; @");
    return spec.substr(0, end);
}

} // namespace

NpmLock parsePackageLock(const std::string &text)
{
    NpmLock lock;
    const nlohmann::json root = nlohmann::json::parse(text, nullptr, false);
    if (root.is_discarded() || !root.is_object())
        return lock;
    lock.parsed = true;
    if (const auto packages = root.find("packages"); packages != root.end() && packages->is_object()) {
        constexpr std::string_view prefix = "node_modules/";
        for (const auto &[key, value] : packages->items()) {
            if (key.empty() || !value.is_object() || flag(value, "link"))
                continue;
            const bool dev = flag(value, "dev") || flag(value, "devOptional");
            ++lock.packages;
            if (!dev)
                ++lock.production;
            const std::string_view path = key;
            if (path.starts_with(prefix) && path.find("/node_modules/") == std::string_view::npos) {
                lock.topLevel.emplace_back(path.substr(prefix.size()));
                if (!dev)
                    lock.topLevelProduction.emplace_back(path.substr(prefix.size()));
            }
        }
        return lock;
    }
    if (const auto dependencies = root.find("dependencies"); dependencies != root.end())
        countV1Dependencies(*dependencies, lock, true);
    return lock;
}

PackageJson parsePackageJson(const std::string &text)
{
    PackageJson manifest;
    const nlohmann::json root = nlohmann::json::parse(text, nullptr, false);
    if (root.is_discarded() || !root.is_object())
        return manifest;
    manifest.parsed = true;
    auto count = [&](const char *key) {
        const auto it = root.find(key);
        return it != root.end() && it->is_object() ? static_cast<int>(it->size()) : 0;
    };
    manifest.dependencies = count("dependencies") + count("optionalDependencies");
    manifest.devDependencies = count("devDependencies");
    if (const auto name = root.find("name"); name != root.end() && name->is_string())
        manifest.name = name->get<std::string>();
    return manifest;
}

// yarn.lock (v1 and berry) entries; pnpm-lock.yaml packages and those flagged dev.
int countYarnEntries(std::string_view text)
{
    int entries = 0;
    while (!text.empty()) {
        const size_t newline = text.find('\n');
        std::string_view line = text.substr(0, newline);
        text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (line.empty() || line.front() == ' ' || line.front() == '#' || line.back() != ':'
            || line.starts_with("__metadata"))
            continue;
        ++entries;
    }
    return entries;
}

std::pair<int, int> countPnpmEntries(std::string_view text)
{
    int entries = 0;
    int dev = 0;
    bool inPackages = false;
    while (!text.empty()) {
        const size_t newline = text.find('\n');
        std::string_view line = text.substr(0, newline);
        text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (!line.empty() && line.front() != ' ') {
            inPackages = line == "packages:";
            continue;
        }
        if (!inPackages)
            continue;
        if (line.size() > 2 && line.starts_with("  ") && line[2] != ' ' && line.back() == ':')
            ++entries;
        else if (line == "    dev: true")
            ++dev;
    }
    return {entries, dev};
}

bool isHeavyPythonPackage(std::string_view name)
{
    std::string lower;
    for (char c : name)
        lower += c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    static constexpr std::string_view heavy[]
        = {"torch", "torchvision", "torchaudio", "tensorflow", "tensorflow-cpu", "tensorflow-gpu", "jax", "jaxlib",
            "triton", "xformers", "vllm", "onnxruntime-gpu", "paddlepaddle", "paddlepaddle-gpu", "mxnet"};
    return std::find(std::begin(heavy), std::end(heavy), lower) != std::end(heavy) || lower.starts_with("nvidia-");
}

void addRequirement(Requirements &requirements, std::string_view spec)
{
    ++requirements.packages;
    if (isHeavyPythonPackage(requirementName(spec)))
        ++requirements.heavy;
    if (spec.find("==") == std::string_view::npos && spec.find(" @ ") == std::string_view::npos)
        requirements.allPinned = false;
}

Requirements parseRequirements(std::string_view text)
{
    Requirements requirements;
    std::string logical;
    auto flush = [&] {
        std::string_view line = logical;
        if (const size_t hash = line.find(" #"); hash != std::string_view::npos)
            line = line.substr(0, hash);
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t'))
            line.remove_prefix(1);
        while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r'))
            line.remove_suffix(1);
        if (line.empty() || line.front() == '#') {
        } else if (line.starts_with("-e ") || line.starts_with("--editable")) {
            addRequirement(requirements, "editable==local");
        } else if (line.starts_with("-r") || line.starts_with("-c") || line.starts_with("--requirement")
            || line.starts_with("--constraint")) {
            ++requirements.nested;
        } else if (line.front() != '-') {
            const size_t option = line.find(" --");
            addRequirement(requirements, line.substr(0, option));
        }
        logical.clear();
    };
    while (!text.empty()) {
        const size_t newline = text.find('\n');
        std::string_view line = text.substr(0, newline);
        text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (!line.empty() && line.back() == '\\') {
            logical.append(line.substr(0, line.size() - 1));
            continue;
        }
        logical.append(line);
        flush();
    }
    if (!logical.empty())
        flush();
    return requirements;
}

// Modules of a go.sum: each appears once for its tree ("v1.2.3 h1:") and once for its go.mod.
int countGoModules(std::string_view text)
{
    int modules = 0;
    while (!text.empty()) {
        const size_t newline = text.find('\n');
        const std::string_view line = text.substr(0, newline);
        text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
        const size_t space = line.find(' ');
        if (space == std::string_view::npos)
            continue;
        const std::string_view rest = line.substr(space + 1);
        const std::string_view version = rest.substr(0, rest.find(' '));
        if (!version.ends_with("/go.mod"))
            ++modules;
    }
    return modules;
}

// [[package]] blocks of a Cargo.lock, less the workspace's own (no source).
int countCrates(std::string_view text)
{
    int crates = 0;
    for (size_t at = text.find("[[package]]"); at != std::string_view::npos; at = text.find("[[package]]", at + 1)) {
        const size_t next = text.find("[[package]]", at + 1);
        const std::string_view block = text.substr(at, next == std::string_view::npos ? text.size() - at : next - at);
        if (block.find("\nsource = ") != std::string_view::npos)
            ++crates;
    }
    return crates;
}

// `name = "axum-service"` in the [package] table of a Cargo.toml (or the first [[bin]]).
std::string cargoBinaryName(std::string_view text)
{
    for (std::string_view table : {std::string_view("[[bin]]"), std::string_view("[package]")}) {
        const size_t at = text.find(table);
        if (at == std::string_view::npos)
            continue;
        const size_t end = text.find("\n[", at + 1);
        const std::string_view block
            = text.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
        size_t key = block.find("\nname");
        if (key == std::string_view::npos)
            continue;
        const size_t open = block.find('"', key);
        const size_t close = open == std::string_view::npos ? open : block.find('"', open + 1);
        if (close != std::string_view::npos)
            return std::string(block.substr(open + 1, close - open - 1));
    }
    return {};
}

// A string value of tsconfig.json's compilerOptions, read leniently (tsconfig allows comments).
std::string jsonishValue(std::string_view text, std::string_view key)
{
    const std::string quoted = '"' + std::string(key) + '"';
    const size_t at = text.find(quoted);
    if (at == std::string_view::npos)
        return {};
    const size_t colon = text.find(':', at + quoted.size());
    if (colon == std::string_view::npos)
        return {};
    size_t value = colon + 1;
    while (value < text.size() && (text[value] == ' ' || text[value] == '\t'))
        ++value;
    if (value >= text.size())
        return {};
    if (text[value] == '"') {
        const size_t close = text.find('"', value + 1);
        return close == std::string_view::npos ? std::string() : std::string(text.substr(value + 1, close - value - 1));
    }
    const size_t end = text.find_first_of(",}\n", value);
    return std::string(text.substr(value, end - value));
}

bool isScriptSource(std::string_view path)
{
    for (std::string_view extension :
        {".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs", ".vue", ".svelte"}) {
        if (path.ends_with(extension) && !path.ends_with(".d.ts"))
            return true;
    }
    return false;
}

} // namespace stagecraft

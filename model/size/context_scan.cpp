// SPDX-License-Identifier: MIT
#include "context_scan.h"

#include "lint/build_context.h"
#include "lint/multistage_paths.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

namespace stagecraft {
namespace {

// Lock files and manifests larger than this are not package manifests worth reading.
constexpr qint64 maxManifestBytes = 8 * 1024 * 1024;
constexpr int progressInterval = 256;

size_t segmentCount(std::string_view path)
{
    return static_cast<size_t>(std::count(path.begin(), path.end(), '/')) + 1;
}

std::string_view fileNameOf(std::string_view path)
{
    const size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// "a/node_modules/@scope/pkg/lib/x.js" -> "a/node_modules/@scope/pkg"; "" when not in a node_modules.
std::string_view localPackageOf(std::string_view path)
{
    constexpr std::string_view marker = "node_modules/";
    size_t at = path.starts_with(marker) ? 0 : path.find("/node_modules/");
    if (at == std::string_view::npos)
        return {};
    const size_t nameBegin = at + (at == 0 && path.starts_with(marker) ? marker.size() : marker.size() + 1);
    size_t nameEnd = path.find('/', nameBegin);
    if (nameEnd == std::string_view::npos)
        return {}; // a file directly in node_modules (.package-lock.json)
    if (path[nameBegin] == '@') {
        nameEnd = path.find('/', nameEnd + 1);
        if (nameEnd == std::string_view::npos)
            return {};
    }
    if (path.substr(nameBegin, 1) == ".")
        return {}; // node_modules/.bin, .cache
    return path.substr(0, nameEnd);
}

} // namespace

bool pathMatch(std::string_view pattern, std::string_view path)
{
    // path.Match: no wildcard crosses a '/', so the two match element by element.
    while (true) {
        const size_t patternSlash = pattern.find('/');
        const size_t pathSlash = path.find('/');
        if ((patternSlash == std::string_view::npos) != (pathSlash == std::string_view::npos))
            return false;
        if (!globMatch(pattern.substr(0, patternSlash), path.substr(0, pathSlash)))
            return false;
        if (patternSlash == std::string_view::npos)
            return true;
        pattern.remove_prefix(patternSlash + 1);
        path.remove_prefix(pathSlash + 1);
    }
}

bool isManifestName(std::string_view name)
{
    static constexpr std::string_view exact[]
        = {"package.json", "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "Pipfile.lock",
            "poetry.lock", "pyproject.toml", "go.mod", "go.sum", "Cargo.toml", "Cargo.lock", "tsconfig.json"};
    if (std::find(std::begin(exact), std::end(exact), name) != std::end(exact))
        return true;
    return (name.starts_with("requirements") || name.starts_with("constraints")) && name.ends_with(".txt");
}

int64_t ContextScan::totalBytes() const
{
    return m_prefix.empty() ? 0 : m_prefix.back();
}

std::pair<size_t, size_t> ContextScan::rangeUnder(std::string_view path) const
{
    if (path.empty() || path == ".")
        return {0, m_files.size()};
    auto byPath = [](const ContextFile &file, std::string_view key) { return std::string_view(file.path) < key; };
    const auto exact = std::lower_bound(m_files.begin(), m_files.end(), path, byPath);
    if (exact != m_files.end() && exact->path == path) {
        const auto index = static_cast<size_t>(exact - m_files.begin());
        return {index, index + 1};
    }
    // Everything under "dir/" sorts in ["dir/", "dir0"): '0' follows '/'.
    std::string begin(path);
    begin += '/';
    std::string end(path);
    end += '0';
    const auto first = std::lower_bound(m_files.begin(), m_files.end(), std::string_view(begin), byPath);
    const auto last = std::lower_bound(first, m_files.end(), std::string_view(end), byPath);
    return {static_cast<size_t>(first - m_files.begin()), static_cast<size_t>(last - m_files.begin())};
}

int64_t ContextScan::bytesUnder(std::string_view path) const
{
    const auto [first, last] = rangeUnder(path);
    return m_prefix.empty() ? 0 : m_prefix[last] - m_prefix[first];
}

int ContextScan::filesUnder(std::string_view path) const
{
    const auto [first, last] = rangeUnder(path);
    return static_cast<int>(last - first);
}

std::span<const ContextFile> ContextScan::filesIn(std::string_view path) const
{
    const auto [first, last] = rangeUnder(path);
    return std::span<const ContextFile>(m_files).subspan(first, last - first);
}

bool ContextScan::isFile(std::string_view path) const
{
    const auto [first, last] = rangeUnder(path);
    return last == first + 1 && m_files[first].path == path;
}

bool ContextScan::isDirectory(std::string_view path) const
{
    if (path.empty() || path == ".")
        return true;
    const auto [first, last] = rangeUnder(path);
    return last > first && m_files[first].path != path;
}

std::vector<std::string> ContextScan::match(std::string_view pattern) const
{
    std::vector<std::string> matches;
    const size_t depth = segmentCount(pattern);
    std::string_view previous;
    for (const ContextFile &file : m_files) {
        // The candidate is the file's first `depth` path elements: the file or a directory above it.
        std::string_view candidate = file.path;
        size_t begin = 0;
        size_t segments = 1;
        while (segments < depth && begin != std::string_view::npos) {
            begin = candidate.find('/', begin);
            if (begin != std::string_view::npos) {
                ++begin;
                ++segments;
            }
        }
        if (segments < depth)
            continue;
        candidate = candidate.substr(0, candidate.find('/', begin));
        if (candidate == previous || !pathMatch(pattern, candidate))
            continue;
        previous = candidate;
        if (matches.empty() || matches.back() != candidate)
            matches.emplace_back(candidate);
    }
    std::sort(matches.begin(), matches.end());
    matches.erase(std::unique(matches.begin(), matches.end()), matches.end());
    return matches;
}

const std::string *ContextScan::manifest(std::string_view path) const
{
    const auto it = m_manifests.find(path);
    return it == m_manifests.end() ? nullptr : &it->second;
}

void ContextScan::setFiles(std::vector<ContextFile> files)
{
    std::sort(files.begin(), files.end(), [](const ContextFile &a, const ContextFile &b) { return a.path < b.path; });
    m_files = std::move(files);
    m_prefix.assign(m_files.size() + 1, 0);
    for (size_t i = 0; i < m_files.size(); ++i)
        m_prefix[i + 1] = m_prefix[i] + m_files[i].bytes;
    if (m_status == Status::NotFound)
        m_status = Status::Complete;
}

ContextScan scanContext(const QString &directory, const ContextScanOptions &options)
{
    ContextScan scan;
    const QFileInfo rootInfo(directory);
    if (!rootInfo.isDir() || !rootInfo.isReadable())
        return scan;
    const QDir root(rootInfo.absoluteFilePath());
    scan.m_root = root.path();
    scan.m_status = ContextScan::Status::Complete;

    // BuildKit prefers <Dockerfile>.dockerignore beside the Dockerfile to the context's own.
    QString ignorePath = root.filePath(QStringLiteral(".dockerignore"));
    if (!options.dockerfilePath.isEmpty()
        && QFileInfo::exists(options.dockerfilePath + QStringLiteral(".dockerignore")))
        ignorePath = options.dockerfilePath + QStringLiteral(".dockerignore");
    if (QFile file(ignorePath); file.open(QIODevice::ReadOnly))
        scan.m_patterns = readDockerignore(file.readAll().toStdString());
    const DockerignoreMatcher matcher(scan.m_patterns);
    scan.m_patternError = matcher.error();
    // Without exceptions nothing under an excluded directory can come back: skip it whole,
    // unless it is a node_modules, whose package sizes say what `npm ci` installs.
    const bool canPrune = !matcher.hasExclusions();

    QElapsedTimer timer;
    timer.start();
    std::vector<ContextFile> files;
    ContextScanProgress progress;
    std::vector<std::pair<QString, bool>> pending {{QString(), false}}; // relative dir, inside an ignored node_modules
    auto stop = [&](ContextScan::Status status) {
        scan.m_status = status;
        pending.clear();
    };
    while (!pending.empty()) {
        const auto [relative, ignoredModules] = std::move(pending.back());
        pending.pop_back();
        const QDir dir(relative.isEmpty() ? root.path() : root.filePath(relative));
        progress.directory = relative;
        // System lists broken links too; no entry is ever followed (isSymLink is tested first).
        const QFileInfoList entries
            = dir.entryInfoList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
        std::vector<std::pair<QString, bool>> subdirectories;
        for (const QFileInfo &entry : entries) {
            if (options.cancel && options.cancel->load(std::memory_order_relaxed)) {
                stop(ContextScan::Status::Cancelled);
                break;
            }
            if (progress.files >= options.maxFiles) {
                stop(ContextScan::Status::FileLimit);
                break;
            }
            if (progress.files % progressInterval == 0 && progress.files > 0) {
                if (timer.elapsed() > options.maxMilliseconds) {
                    stop(ContextScan::Status::TimeLimit);
                    break;
                }
                if (options.progress)
                    options.progress(progress);
            }
            ++progress.files;
            const QString path = relative.isEmpty() ? entry.fileName() : relative + u'/' + entry.fileName();
            std::string utf8 = path.toStdString();
            const bool ignored = ignoredModules || (!matcher.empty() && matcher.matchesOrParentMatches(utf8));
            if (entry.isSymLink()) {
                ++scan.m_symbolicLinks;
                if (!ignored)
                    files.push_back({std::move(utf8), 0});
                continue;
            }
            if (entry.isDir()) {
                const bool modules = entry.fileName() == u"node_modules";
                if (!ignored || !canPrune || modules || ignoredModules)
                    subdirectories.emplace_back(path, ignored && (modules || ignoredModules));
                else
                    ++scan.m_ignoredFiles;
                continue;
            }
            const int64_t bytes = entry.size();
            if (const std::string_view package = localPackageOf(utf8); !package.empty())
                scan.m_localPackages[std::string(package)] += bytes;
            if (ignored) {
                ++scan.m_ignoredFiles;
                scan.m_ignoredBytes += bytes;
                continue;
            }
            progress.bytes += bytes;
            if (isManifestName(fileNameOf(utf8)) && bytes <= maxManifestBytes && localPackageOf(utf8).empty()
                && utf8.find("node_modules/") == std::string::npos) {
                if (QFile file(entry.filePath()); file.open(QIODevice::ReadOnly))
                    scan.m_manifests.emplace(utf8, file.readAll().toStdString());
            }
            files.push_back({std::move(utf8), bytes});
        }
        if (scan.m_status != ContextScan::Status::Complete)
            break;
        for (auto it = subdirectories.rbegin(); it != subdirectories.rend(); ++it)
            pending.push_back(std::move(*it));
    }
    const ContextScan::Status status = scan.m_status;
    scan.setFiles(std::move(files));
    scan.m_status = status;
    if (options.progress)
        options.progress(progress);
    return scan;
}

} // namespace stagecraft

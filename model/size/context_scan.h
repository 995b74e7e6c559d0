// SPDX-License-Identifier: MIT
#pragma once

// The build context as BuildKit would send it, with file sizes, so that `COPY . .` is
// counted exactly instead of guessed. `.dockerignore` is applied with BuildKit's pattern
// semantics (DockerignoreMatcher from the lint module: `**`, `!` exceptions, the last
// matching pattern wins, a path is excluded when a parent directory is).
//
// A scan may meet a huge directory, so it is bounded (files and time), cancellable through
// an atomic flag and reports progress; it is meant to run off the UI thread and touches no
// shared state. Symbolic links are recorded as links and never followed, so nothing outside
// the context directory is ever read. Beside the sizes it keeps what package-install
// heuristics need: the small manifests and lock files (package.json, package-lock.json,
// requirements*.txt, go.sum, Cargo.toml, ...) and, when there is one, the size of each
// package in a local node_modules (measured even when .dockerignore excludes it, because
// it tells what `npm ci` will install).

#include <QString>

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace stagecraft {

struct ContextFile {
    std::string path; ///< relative to the context root, '/'-separated
    int64_t bytes = 0; ///< 0 for a symbolic link (BuildKit sends the link, not its target)
};

struct ContextScanProgress {
    int files = 0; ///< entries looked at so far (ignored ones included)
    int64_t bytes = 0; ///< bytes of the included files so far
    QString directory; ///< the directory being read, relative to the root
};

struct ContextScanOptions {
    QString dockerfilePath; ///< `<Dockerfile>.dockerignore` beside it wins over the context's .dockerignore
    int maxFiles = 200000; ///< stop after looking at this many entries
    int maxMilliseconds = 10000; ///< stop after this long
    const std::atomic<bool> *cancel = nullptr; ///< set it from another thread to stop the scan
    /// Called on the scanning thread every few hundred entries and at the end.
    std::function<void(const ContextScanProgress &)> progress;
};

class ContextScan {
public:
    enum class Status : uint8_t {
        Complete,
        NotFound, ///< the directory does not exist or cannot be read
        FileLimit, ///< stopped at maxFiles: sizes are lower bounds
        TimeLimit, ///< stopped at maxMilliseconds: sizes are lower bounds
        Cancelled,
    };

    [[nodiscard]] Status status() const { return m_status; }
    [[nodiscard]] bool present() const { return m_status != Status::NotFound; }
    /// False when the scan stopped early: every figure from it is a lower bound.
    [[nodiscard]] bool complete() const { return m_status == Status::Complete; }
    [[nodiscard]] const QString &root() const { return m_root; }
    [[nodiscard]] const std::vector<std::string> &patterns() const { return m_patterns; }
    /// BuildKit's error for the .dockerignore (the build would fail); empty when fine.
    [[nodiscard]] const std::string &patternError() const { return m_patternError; }
    /// The files BuildKit would send, sorted by path.
    [[nodiscard]] const std::vector<ContextFile> &files() const { return m_files; }
    /// Entries .dockerignore excludes (an excluded directory that was not entered counts once).
    [[nodiscard]] int ignoredFiles() const { return m_ignoredFiles; }
    [[nodiscard]] int64_t ignoredBytes() const { return m_ignoredBytes; }
    [[nodiscard]] int symbolicLinks() const { return m_symbolicLinks; }
    [[nodiscard]] int64_t totalBytes() const;

    /// Bytes of the file `path`, or of everything under the directory `path` ("" or "." for all).
    [[nodiscard]] int64_t bytesUnder(std::string_view path) const;
    [[nodiscard]] int filesUnder(std::string_view path) const;
    /// The files at or under `path`, in path order.
    [[nodiscard]] std::span<const ContextFile> filesIn(std::string_view path) const;
    [[nodiscard]] bool isFile(std::string_view path) const;
    [[nodiscard]] bool isDirectory(std::string_view path) const;
    /// The files and directories a COPY source names: `pattern` relative to the root, with
    /// path.Match wildcards (`*`, `?`, `[...]`; none crosses a '/'). Sorted, without duplicates.
    [[nodiscard]] std::vector<std::string> match(std::string_view pattern) const;

    /// A small manifest or lock file's content (see the file comment), or null.
    [[nodiscard]] const std::string *manifest(std::string_view path) const;
    [[nodiscard]] const std::map<std::string, std::string, std::less<>> &manifests() const { return m_manifests; }
    /// Sizes of the packages of `<dir>/node_modules` keyed "dir/node_modules/name" (or
    /// "node_modules/@scope/name" at the root).
    [[nodiscard]] const std::map<std::string, int64_t, std::less<>> &localPackages() const { return m_localPackages; }

    /// For tests and for callers that build a context from a listing.
    void setFiles(std::vector<ContextFile> files);
    void setManifest(std::string path, std::string content)
    {
        m_manifests.insert_or_assign(std::move(path), std::move(content));
    }
    void setLocalPackage(std::string path, int64_t bytes) { m_localPackages.insert_or_assign(std::move(path), bytes); }
    void setStatus(Status status) { m_status = status; }

private:
    friend ContextScan scanContext(const QString &, const ContextScanOptions &);
    [[nodiscard]] std::pair<size_t, size_t> rangeUnder(std::string_view path) const;

    Status m_status = Status::NotFound;
    QString m_root;
    std::vector<std::string> m_patterns;
    std::string m_patternError;
    std::vector<ContextFile> m_files;
    std::vector<int64_t> m_prefix; ///< m_prefix[i] = bytes of m_files[0..i)
    int m_ignoredFiles = 0;
    int64_t m_ignoredBytes = 0;
    int m_symbolicLinks = 0;
    std::map<std::string, std::string, std::less<>> m_manifests;
    std::map<std::string, int64_t, std::less<>> m_localPackages;
};

/// Scans `directory` (see ContextScan). Safe to call on any thread.
[[nodiscard]] ContextScan scanContext(const QString &directory, const ContextScanOptions &options = {});

/// path.Match for a whole path: globMatch element by element (no wildcard crosses a '/').
[[nodiscard]] bool pathMatch(std::string_view pattern, std::string_view path);

/// The file names whose content a scan keeps.
[[nodiscard]] bool isManifestName(std::string_view fileName);

} // namespace stagecraft

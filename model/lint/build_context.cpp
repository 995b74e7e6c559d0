// SPDX-License-Identifier: MIT
#include "build_context.h"

#include "syntax/go_text.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

namespace stagecraft {
namespace {

// One piece of a compiled pattern; the sequence is what patternmatcher's regular
// expression matches, evaluated by backtracking instead of a regex engine.
struct Piece {
    enum Kind : uint8_t {
        Literal, ///< one byte
        Star, ///< [^/]*
        Question, ///< [^/]
        AnyDirs, ///< (.*/)?   from "**" or "**/" inside a pattern
        AnyTail, ///< .*       from a trailing "**"
        Class, ///< [...]
    } kind = Literal;
    char byte = 0;
    std::string set; ///< Class: the text between the brackets
};

bool classMatches(std::string_view set, char c)
{
    bool negated = false;
    size_t i = 0;
    if (i < set.size() && set[i] == '^') {
        negated = true;
        ++i;
    }
    bool found = false;
    while (i < set.size()) {
        char low = set[i++];
        if (low == '\\' && i < set.size())
            low = set[i++];
        char high = low;
        if (i + 1 < set.size() && set[i] == '-') {
            high = set[i + 1];
            i += 2;
            if (high == '\\' && i < set.size())
                high = set[i++];
        }
        if (static_cast<unsigned char>(c) >= static_cast<unsigned char>(low)
            && static_cast<unsigned char>(c) <= static_cast<unsigned char>(high))
            found = true;
    }
    return found != negated;
}

bool matchPieces(const std::vector<Piece> &pieces, size_t p, std::string_view path, size_t s)
{
    while (p < pieces.size()) {
        const Piece &piece = pieces[p];
        switch (piece.kind) {
        case Piece::Literal:
            if (s >= path.size() || path[s] != piece.byte)
                return false;
            ++s;
            ++p;
            continue;
        case Piece::Question:
            if (s >= path.size() || path[s] == '/')
                return false;
            ++s;
            ++p;
            continue;
        case Piece::Class:
            if (s >= path.size() || path[s] == '/' || !classMatches(piece.set, path[s]))
                return false;
            ++s;
            ++p;
            continue;
        case Piece::Star:
            for (size_t end = s;; ++end) {
                if (matchPieces(pieces, p + 1, path, end))
                    return true;
                if (end >= path.size() || path[end] == '/')
                    return false;
            }
        case Piece::AnyTail:
            return true;
        case Piece::AnyDirs:
            if (matchPieces(pieces, p + 1, path, s))
                return true;
            for (size_t slash = path.find('/', s); slash != std::string_view::npos; slash = path.find('/', slash + 1)) {
                if (matchPieces(pieces, p + 1, path, slash + 1))
                    return true;
            }
            return false;
        }
    }
    return s == path.size();
}

// Pattern.compile; false for a pattern the regular expression would reject.
bool compilePattern(std::string_view pattern, std::vector<Piece> &pieces)
{
    for (size_t i = 0; i < pattern.size();) {
        const char c = pattern[i++];
        Piece piece;
        if (c == '*') {
            if (i < pattern.size() && pattern[i] == '*') {
                ++i;
                if (i < pattern.size() && pattern[i] == '/')
                    ++i;
                piece.kind = i == pattern.size() ? Piece::AnyTail : Piece::AnyDirs;
            } else {
                piece.kind = Piece::Star;
            }
        } else if (c == '?') {
            piece.kind = Piece::Question;
        } else if (c == '\\') {
            piece.byte = i < pattern.size() ? pattern[i++] : '\\';
        } else if (c == '[') {
            const size_t close = pattern.find(']', i + (i < pattern.size() && pattern[i] == '^' ? 1 : 0) + 1);
            if (close == std::string_view::npos)
                return false;
            piece.kind = Piece::Class;
            piece.set = pattern.substr(i, close - i);
            i = close + 1;
        } else if (c == ']') {
            return false;
        } else {
            piece.byte = c;
        }
        pieces.push_back(std::move(piece));
    }
    return true;
}

bool patternMatches(std::string_view pattern, std::string_view path)
{
    std::vector<Piece> pieces;
    if (!compilePattern(pattern, pieces))
        return false;
    return matchPieces(pieces, 0, path, 0);
}

// path.Dir, for the parent-directory test of MatchesOrParentMatches.
std::string parentDirectory(std::string_view path)
{
    const size_t slash = path.rfind('/');
    return cleanIgnorePath(slash == std::string_view::npos ? std::string_view() : path.substr(0, slash + 1));
}

} // namespace

std::string cleanIgnorePath(std::string_view path)
{
    if (path.empty())
        return ".";
    const bool rooted = path.front() == '/';
    std::string out;
    size_t r = 0;
    size_t dotdot = 0;
    if (rooted) {
        out += '/';
        r = 1;
        dotdot = 1;
    }
    const size_t n = path.size();
    while (r < n) {
        if (path[r] == '/') {
            ++r;
        } else if (path[r] == '.' && (r + 1 == n || path[r + 1] == '/')) {
            ++r;
        } else if (path[r] == '.' && path[r + 1] == '.' && (r + 2 == n || path[r + 2] == '/')) {
            r += 2;
            if (out.size() > dotdot) {
                out.pop_back();
                while (out.size() > dotdot && out.back() != '/')
                    out.pop_back();
                if (out.size() > dotdot && out.back() == '/')
                    out.pop_back();
            } else if (!rooted) {
                if (!out.empty())
                    out += '/';
                out += "..";
                dotdot = out.size();
            }
        } else {
            if ((rooted && out.size() != 1) || (!rooted && !out.empty()))
                out += '/';
            for (; r < n && path[r] != '/'; ++r)
                out += path[r];
        }
    }
    return out.empty() ? std::string(".") : out;
}

std::vector<std::string> readDockerignore(std::string_view content)
{
    std::vector<std::string> patterns;
    if (content.starts_with("\xEF\xBB\xBF"))
        content.remove_prefix(3);
    while (!content.empty()) {
        const size_t newline = content.find('\n');
        std::string_view line = content.substr(0, newline);
        content.remove_prefix(newline == std::string_view::npos ? content.size() : newline + 1);
        if (line.starts_with('#'))
            continue;
        line = go::trimSpace(line);
        if (line.empty())
            continue;
        const bool invert = line.front() == '!';
        if (invert)
            line = go::trimSpace(line.substr(1));
        std::string pattern(line);
        if (!pattern.empty()) {
            pattern = cleanIgnorePath(pattern);
            if (pattern.size() > 1 && pattern.front() == '/')
                pattern.erase(0, 1);
        }
        patterns.push_back(invert ? "!" + pattern : pattern);
    }
    return patterns;
}

DockerignoreMatcher::DockerignoreMatcher(const std::vector<std::string> &patterns)
{
    for (const std::string &raw : patterns) {
        std::string text(go::trimSpace(raw));
        if (text.empty())
            continue;
        text = cleanIgnorePath(text);
        Pattern pattern;
        if (text.front() == '!') {
            if (text.size() == 1) {
                m_error = "illegal exclusion pattern: \"!\"";
                m_patterns.clear();
                return;
            }
            pattern.exclusion = true;
            m_exclusions = true;
            text.erase(0, 1);
        }
        std::vector<Piece> pieces;
        if (!compilePattern(text, pieces)) {
            m_error = "syntax error in pattern";
            m_patterns.clear();
            return;
        }
        pattern.text = std::move(text);
        m_patterns.push_back(std::move(pattern));
    }
}

bool DockerignoreMatcher::matchesOrParentMatches(std::string_view path) const
{
    const std::string parent = parentDirectory(path);
    std::vector<std::string_view> parentDirs;
    if (parent != ".") {
        std::string_view rest = parent;
        for (;;) {
            const size_t slash = rest.find('/');
            parentDirs.push_back(rest.substr(0, slash));
            if (slash == std::string_view::npos)
                break;
            rest.remove_prefix(slash + 1);
        }
    }
    bool matched = false;
    for (const Pattern &pattern : m_patterns) {
        // An inclusion cannot change a match, nor an exclusion a non-match.
        if (pattern.exclusion != matched)
            continue;
        bool match = patternMatches(pattern.text, path);
        if (!match && parent != ".") {
            for (size_t i = 0; i < parentDirs.size() && !match; ++i) {
                const size_t length = static_cast<size_t>(parentDirs[i].data() + parentDirs[i].size() - parent.data());
                match = patternMatches(pattern.text, std::string_view(parent).substr(0, length));
            }
        }
        if (match)
            matched = !pattern.exclusion;
    }
    return matched;
}

BuildContextInfo scanBuildContext(
    const QString &contextDir, const QString &dockerfilePath, const BuildContextScanOptions &options)
{
    BuildContextInfo info;
    const QDir root(contextDir);
    if (!root.exists() || !QFileInfo(contextDir).isReadable())
        return info;
    info.present = true;

    QString ignorePath;
    if (!dockerfilePath.isEmpty() && QFileInfo::exists(dockerfilePath + QStringLiteral(".dockerignore")))
        ignorePath = dockerfilePath + QStringLiteral(".dockerignore");
    else
        ignorePath = root.filePath(QStringLiteral(".dockerignore"));
    if (QFile file(ignorePath); file.open(QIODevice::ReadOnly))
        info.dockerignorePatterns = readDockerignore(file.readAll().toStdString());
    const DockerignoreMatcher matcher(info.dockerignorePatterns);
    const bool canPrune = !matcher.hasExclusions();

    // Depth first, entries by name, so the listing is the same on every run.
    std::vector<QString> pending {QString()};
    int seen = 0;
    while (!pending.empty() && seen < options.maxFiles) {
        const QString relative = std::move(pending.back());
        pending.pop_back();
        const QDir dir(relative.isEmpty() ? root.path() : root.filePath(relative));
        // System lists broken links too; links are listed as files and never followed.
        const QFileInfoList all
            = dir.entryInfoList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
        std::vector<QString> subdirectories;
        for (const QFileInfo &entry : all) {
            if (seen >= options.maxFiles)
                break;
            const QString path = relative.isEmpty() ? entry.fileName() : relative + u'/' + entry.fileName();
            const std::string utf8 = path.toStdString();
            const bool ignored = !matcher.empty() && matcher.matchesOrParentMatches(utf8);
            if (entry.isDir() && !entry.isSymLink()) {
                if (ignored && canPrune)
                    info.ignoredFiles.push_back(utf8 + '/');
                else
                    subdirectories.push_back(path);
                continue;
            }
            ++seen;
            (ignored ? info.ignoredFiles : info.files).push_back(utf8);
        }
        for (auto it = subdirectories.rbegin(); it != subdirectories.rend(); ++it)
            pending.push_back(std::move(*it));
    }
    return info;
}

} // namespace stagecraft

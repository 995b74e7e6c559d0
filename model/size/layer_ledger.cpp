// SPDX-License-Identifier: MIT
#include "layer_ledger.h"

#include "context_scan.h"

#include <algorithm>

namespace stagecraft {
namespace {

bool isPackageKey(std::string_view path)
{
    return !path.empty() && path.front() != '/';
}

// The part of `path` below `root` ("dist/a.js" for "/app/dist/a.js" under "/app"); `path` must be within.
std::string_view relativeTo(std::string_view path, std::string_view root)
{
    if (path.size() == root.size())
        return {};
    return root == "/" ? path.substr(1) : path.substr(root.size() + 1);
}

std::string joinContext(std::string_view base, std::string_view relative)
{
    if (base.empty() || base == ".")
        return std::string(relative);
    if (relative.empty())
        return std::string(base);
    return std::string(base) + '/' + std::string(relative);
}

void subtract(SizeFigure &from, const SizeFigure &part)
{
    if (!from.known() || !part.known())
        return;
    from.bytes = std::max<int64_t>(0, from.bytes - part.bytes);
    from.low = std::max<int64_t>(0, from.low - part.low);
    if (from.bounded() && part.bounded())
        from.high = std::max<int64_t>(0, from.high - part.high);
}

SizeFigure contextFigure(const ContextScan &context, const std::string &path)
{
    return SizeFigure::exact(context.bytesUnder(path), SizeSource::Context);
}

} // namespace

void LayerLedger::inherit(const LayerLedger &base)
{
    for (const LedgerEntry &entry : base.m_entries) {
        if (!entry.alive)
            continue;
        LedgerEntry copy = entry;
        copy.layer = -1;
        copy.part = -1;
        m_entries.push_back(std::move(copy));
    }
}

int LayerLedger::beginLayer()
{
    // Entries deleted or overwritten in earlier layers are never looked at again (their bytes
    // are in m_waste): dropping them keeps every later write and lookup short.
    std::erase_if(m_entries, [](const LedgerEntry &entry) { return !entry.alive; });
    m_layers.emplace_back();
    return static_cast<int>(m_layers.size()) - 1;
}

int LayerLedger::addPart(SizeFigure figure, std::string what)
{
    if (m_layers.empty())
        beginLayer();
    std::vector<SizePart> &parts = m_layers.back().parts;
    if (parts.empty())
        parts.reserve(2); // most layers have one or two parts (apt-get update + install)
    parts.emplace_back(std::move(what), std::move(figure)); // built in place: no part to move in
    return static_cast<int>(parts.size()) - 1;
}

void LayerLedger::kill(LedgerEntry &entry, bool overwritten, std::string_view path, int64_t bytes)
{
    const int current = static_cast<int>(m_layers.size()) - 1;
    if (entry.layer == current && entry.layer >= 0) {
        // Deleted in the layer that wrote it: never part of the image.
        if (entry.part >= 0) {
            SizeFigure removed = entry.size;
            if (bytes >= 0 && removed.known() && bytes < removed.bytes)
                removed = SizeFigure::exact(bytes, removed.source);
            SizePart &part = m_layers[static_cast<size_t>(current)].parts[static_cast<size_t>(entry.part)];
            subtract(part.figure, removed);
            if (part.figure.known() && part.figure.bytes == 0 && !part.what.ends_with(")"))
                part.what += overwritten ? " (overwritten in the same RUN)" : " (deleted in the same RUN)";
        }
    } else if (bytes > 0) {
        m_waste.push_back({entry.layer, current, std::string(path), bytes, overwritten});
    }
}

void LayerLedger::write(LedgerEntry entry)
{
    const int current = static_cast<int>(m_layers.size()) - 1;
    entry.layer = current;
    entry.size.note.clear(); // the part carries the explanation; entries are looked up often and copied
    const bool key = isPackageKey(entry.path);
    for (LedgerEntry &old : m_entries) {
        if (entry.adds)
            break;
        if (!old.alive || old.layer == current || isPackageKey(old.path) != key)
            continue;
        if (old.path == entry.path) {
            kill(old, true, old.path, old.size.known() ? old.size.bytes : 0);
            old.alive = false;
            continue;
        }
        if (key)
            continue;
        if (pathWithin(old.path, entry.path)) {
            // The new tree covers an older write: replaced outright, or file by file.
            bool collides = entry.replaces;
            if (!collides && entry.fromContext && m_context) {
                const std::string mapped = joinContext(entry.contextPath, relativeTo(old.path, entry.path));
                collides = m_context->isFile(mapped) || m_context->isDirectory(mapped);
            }
            if (collides) {
                kill(old, true, old.path, old.size.known() ? old.size.bytes : 0);
                old.alive = false;
            }
        } else if (old.fromContext && m_context && pathWithin(entry.path, old.path)) {
            // Files of an earlier context copy, rewritten: those bytes are waste, the rest stays.
            const std::string mapped = joinContext(old.contextPath, relativeTo(entry.path, old.path));
            const int64_t bytes = m_context->bytesUnder(mapped);
            if (bytes > 0)
                kill(old, true, entry.path, bytes);
        }
    }
    if (m_entries.empty())
        m_entries.reserve(16); // a stage writes a few dozen entries: grow in fewer steps
    m_entries.push_back(std::move(entry));
}

int LayerLedger::remove(std::string_view path)
{
    std::string_view directory = path;
    std::string_view pattern;
    const std::string_view last = path.substr(path.rfind('/') == std::string_view::npos ? 0 : path.rfind('/') + 1);
    if (!isPackageKey(path) && hasGlob(last)) {
        directory = dirName(path);
        pattern = last;
    }
    int removed = 0;
    for (LedgerEntry &entry : m_entries) {
        if (!entry.alive)
            continue;
        bool hit = false;
        if (isPackageKey(path) || isPackageKey(entry.path)) {
            hit = entry.path == path;
        } else if (pattern.empty()) {
            hit = pathWithin(entry.path, directory);
            if (!hit && pathWithin(directory, entry.path) && entry.fromContext && m_context) {
                // Part of a context copy: that part's bytes are gone (or wasted).
                const std::string mapped = joinContext(entry.contextPath, relativeTo(directory, entry.path));
                if (const int64_t bytes = m_context->bytesUnder(mapped); bytes > 0) {
                    kill(entry, false, directory, bytes);
                    ++removed;
                }
                continue;
            }
        } else if (entry.path == directory) {
            hit = pattern == "*"; // "dir/*" empties the directory the entry stands for
        } else if (pathWithin(entry.path, directory) && directory != entry.path) {
            const std::string_view rest = relativeTo(entry.path, directory);
            hit = pathMatch(pattern, rest.substr(0, rest.find('/')));
        }
        if (!hit)
            continue;
        kill(entry, false, entry.path, entry.size.known() ? entry.size.bytes : 0);
        entry.alive = false;
        ++removed;
    }
    return removed;
}

int LayerLedger::duplicate(std::string_view from, std::string_view to, const std::string &what)
{
    const int current = static_cast<int>(m_layers.size()) - 1;
    const bool inPlace = from == to;
    std::vector<LedgerEntry> copies;
    for (LedgerEntry &entry : m_entries) {
        if (!entry.alive || isPackageKey(entry.path) || !pathWithin(entry.path, from))
            continue;
        if (inPlace && entry.layer == current)
            continue; // changing metadata of this layer's own files costs nothing more
        LedgerEntry copy = entry;
        copy.path = std::string(to) + std::string(entry.path.substr(from == "/" ? 0 : from.size()));
        copy.path = cleanPath(copy.path);
        copies.push_back(std::move(copy));
    }
    if (copies.empty())
        return 0;
    SizeTotal total;
    for (const LedgerEntry &copy : copies)
        total.add(copy.size);
    const int part = addPart(total.figure(SizeSource::Stage), what);
    for (LedgerEntry &copy : copies) {
        copy.part = part;
        copy.replaces = false;
        write(std::move(copy));
    }
    return static_cast<int>(copies.size());
}

int LayerLedger::move(std::string_view from, std::string_view to)
{
    const int current = static_cast<int>(m_layers.size()) - 1;
    int moved = 0;
    bool older = false;
    for (LedgerEntry &entry : m_entries) {
        if (!entry.alive || isPackageKey(entry.path) || !pathWithin(entry.path, from))
            continue;
        if (entry.layer == current) {
            entry.path = cleanPath(std::string(to) + entry.path.substr(from == "/" ? 0 : from.size()));
            ++moved;
        } else {
            older = true;
        }
    }
    if (older) {
        moved += duplicate(from, to, "mv " + std::string(from) + " " + std::string(to));
        remove(from);
    }
    return moved;
}

LedgerQuery LayerLedger::query(std::string_view path, const ContextScan *context) const
{
    LedgerQuery result;
    // What lies at or under the path, and the exact share of context copies around it.
    for (const LedgerEntry &entry : m_entries) {
        if (!entry.alive)
            continue;
        if (isPackageKey(entry.path)) {
            if (path == "/") {
                result.total.add(entry.size);
                ++result.entries;
            }
            continue;
        }
        if (pathWithin(entry.path, path)) {
            result.total.add(entry.size);
            result.file = ++result.entries == 1 && entry.path == path && !entry.directory;
        } else if (entry.directory && entry.fromContext && context && pathWithin(path, entry.path)) {
            const std::string mapped = joinContext(entry.contextPath, relativeTo(path, entry.path));
            const bool file = context->isFile(mapped);
            if (file || context->isDirectory(mapped)) {
                result.total.add(contextFigure(*context, mapped));
                result.file = ++result.entries == 1 && file;
            }
        }
    }
    if (result.entries > 0)
        return result;
    // Only inside something coarser: a binary of unknown name in that directory (it is the file
    // asked for), else trees whose share is unknown.
    const std::string_view directory = dirName(path);
    for (const LedgerEntry &entry : m_entries) {
        if (entry.alive && entry.anyName && directory == entry.path) {
            result.total.add(entry.size);
            result.file = true;
            ++result.entries;
        }
    }
    if (result.entries > 0)
        return result;
    for (const LedgerEntry &entry : m_entries) {
        if (!entry.alive || isPackageKey(entry.path) || !entry.directory || !pathWithin(path, entry.path)
            || entry.path == path || (entry.fromContext && context))
            continue;
        ++result.entries;
        result.total.add(SizeFigure::unknown({}));
        result.notes.push_back(std::string(path) + " is part of " + entry.path + ", whose share is unknown");
    }
    return result;
}

const LedgerEntry *LayerLedger::holder(std::string_view path) const
{
    const LedgerEntry *best = nullptr;
    for (const LedgerEntry &entry : m_entries) {
        if (!entry.alive || isPackageKey(entry.path) || !pathWithin(path, entry.path))
            continue;
        if (!best || entry.path.size() >= best->path.size())
            best = &entry;
    }
    return best;
}

std::vector<const LedgerEntry *> LayerLedger::entriesWithPrefix(std::string_view prefix) const
{
    std::vector<const LedgerEntry *> found;
    for (const LedgerEntry &entry : m_entries) {
        if (entry.alive && entry.path.starts_with(prefix))
            found.push_back(&entry);
    }
    return found;
}

} // namespace stagecraft

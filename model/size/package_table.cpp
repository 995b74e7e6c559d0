// SPDX-License-Identifier: MIT
#include "package_table.h"

#include "size_resources.h"

#include <QFile>

#include <bit>
#include <charconv>

namespace stagecraft {
namespace {

bool parseInt(std::string_view text, int64_t &value)
{
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc() && end == text.data() + text.size();
}

std::string_view nextLine(std::string_view &text)
{
    const size_t newline = text.find('\n');
    const std::string_view line = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    return line;
}

std::string_view nextField(std::string_view &line)
{
    const size_t tab = line.find('\t');
    const std::string_view field = line.substr(0, tab);
    line.remove_prefix(tab == std::string_view::npos ? line.size() : tab + 1);
    return field;
}

bool headerValue(std::string_view &text, std::string_view key, std::string_view &value)
{
    const std::string_view line = nextLine(text);
    if (!line.starts_with(key) || line.size() <= key.size() || line[key.size()] != ' ')
        return false;
    value = line.substr(key.size() + 1);
    return true;
}

uint8_t parseFlags(std::string_view text)
{
    uint8_t flags = 0;
    for (char c : text) {
        if (c == 'E')
            flags |= PackageTable::Essential;
        else if (c == 'r')
            flags |= PackageTable::Required;
        else if (c == 'i')
            flags |= PackageTable::Important;
        else if (c == 's')
            flags |= PackageTable::Standard;
    }
    return flags;
}

// Lower is preferred: what apt would pick among providers.
int priorityRank(uint8_t flags)
{
    if (flags & (PackageTable::Essential | PackageTable::Required))
        return 0;
    if (flags & PackageTable::Important)
        return 1;
    if (flags & PackageTable::Standard)
        return 2;
    return 3;
}

} // namespace

size_t PackageSet::count() const
{
    size_t n = 0;
    for (uint64_t word : m_bits)
        n += static_cast<size_t>(std::popcount(word));
    return n;
}

const PackageTable &PackageTable::debianBookworm()
{
    static const std::shared_ptr<PackageTable> table = [] {
        initSizeResources();
        QFile file(QStringLiteral(":/data/debian-bookworm-packages.qz"));
        std::shared_ptr<PackageTable> loaded;
        if (file.open(QIODevice::ReadOnly))
            loaded = fromCompressed(file.readAll());
        return loaded ? loaded : std::make_shared<PackageTable>();
    }();
    return *table;
}

std::shared_ptr<PackageTable> PackageTable::fromCompressed(const QByteArray &bytes, std::string *error)
{
    const QByteArray text = qUncompress(bytes);
    if (text.isEmpty()) {
        if (error)
            *error = "not a qCompress()ed package table";
        return std::make_shared<PackageTable>();
    }
    return fromText(std::string_view(text.constData(), static_cast<size_t>(text.size())), error);
}

std::shared_ptr<PackageTable> PackageTable::fromText(std::string_view text, std::string *error)
{
    auto table = std::make_shared<PackageTable>();
    auto fail = [&](std::string message) {
        if (error)
            *error = std::move(message);
        return std::make_shared<PackageTable>();
    };
    std::string_view magic = nextLine(text);
    std::string_view source;
    std::string_view packagesText;
    std::string_view virtualsText;
    int64_t packages = 0;
    int64_t virtuals = 0;
    if (magic != "stagecraft-packages 1")
        return fail("not a stagecraft package table (version 1)");
    if (!headerValue(text, "source", source) || !headerValue(text, "packages", packagesText)
        || !headerValue(text, "virtuals", virtualsText) || !parseInt(packagesText, packages)
        || !parseInt(virtualsText, virtuals) || packages < 0 || virtuals < 0 || packages + virtuals > (1 << 24))
        return fail("bad package table header");

    const auto total = static_cast<size_t>(packages + virtuals);
    table->m_source = std::string(source);
    table->m_nameOffsets.reserve(total);
    table->m_kib.reserve(static_cast<size_t>(packages));
    table->m_flags.reserve(static_cast<size_t>(packages));
    table->m_dependencyOffsets.reserve(total + 1);
    table->m_names.reserve(text.size() / 3);

    auto readIds = [&](std::string_view list) {
        while (!list.empty()) {
            const size_t comma = list.find(',');
            int64_t id = 0;
            if (!parseInt(list.substr(0, comma), id) || id < 0 || id >= static_cast<int64_t>(total))
                return false;
            table->m_dependencies.push_back(static_cast<int32_t>(id));
            list.remove_prefix(comma == std::string_view::npos ? list.size() : comma + 1);
        }
        return true;
    };

    for (size_t id = 0; id < total; ++id) {
        if (text.empty())
            return fail("package table ends early");
        std::string_view line = nextLine(text);
        const std::string_view name = nextField(line);
        if (name.empty())
            return fail("package table line without a name");
        table->m_nameOffsets.push_back(static_cast<uint32_t>(table->m_names.size()));
        table->m_names.append(name);
        table->m_names.push_back('\0');
        table->m_dependencyOffsets.push_back(static_cast<uint32_t>(table->m_dependencies.size()));
        if (id < static_cast<size_t>(packages)) {
            int64_t kib = 0;
            if (!parseInt(nextField(line), kib) || kib < 0 || kib > INT32_MAX)
                return fail("bad installed size for " + std::string(name));
            table->m_kib.push_back(static_cast<int32_t>(kib));
            table->m_flags.push_back(parseFlags(nextField(line)));
        }
        if (!readIds(nextField(line)))
            return fail("bad dependency list for " + std::string(name));
    }
    table->m_dependencyOffsets.push_back(static_cast<uint32_t>(table->m_dependencies.size()));
    table->m_packageCount = static_cast<int>(packages);

    // Views into m_names stay valid: it is not touched again.
    table->m_index.reserve(total);
    for (size_t id = 0; id < total; ++id)
        table->m_index.emplace(table->name(static_cast<int>(id)), static_cast<int>(id));
    return table;
}

int PackageTable::find(std::string_view name) const
{
    const auto it = m_index.find(name);
    return it == m_index.end() ? -1 : it->second;
}

std::string_view PackageTable::name(int id) const
{
    if (id < 0 || static_cast<size_t>(id) >= m_nameOffsets.size())
        return {};
    return std::string_view(m_names.c_str() + m_nameOffsets[static_cast<size_t>(id)]);
}

int64_t PackageTable::installedKib(int id) const
{
    return id >= 0 && id < m_packageCount ? m_kib[static_cast<size_t>(id)] : 0;
}

uint8_t PackageTable::flags(int id) const
{
    return id >= 0 && id < m_packageCount ? m_flags[static_cast<size_t>(id)] : 0;
}

std::span<const int> PackageTable::dependencies(int id) const
{
    if (id < 0 || static_cast<size_t>(id) + 1 >= m_dependencyOffsets.size())
        return {};
    const auto begin = m_dependencyOffsets[static_cast<size_t>(id)];
    const auto end = m_dependencyOffsets[static_cast<size_t>(id) + 1];
    return std::span<const int>(m_dependencies).subspan(begin, end - begin);
}

PackageSet PackageTable::prioritySet(uint8_t wanted) const
{
    std::vector<int> roots;
    for (int id = 0; id < m_packageCount; ++id) {
        if (m_flags[static_cast<size_t>(id)] & wanted)
            roots.push_back(id);
    }
    PackageSet set(static_cast<size_t>(m_packageCount));
    set.insert(closure(roots, PackageSet()));
    return set;
}

std::vector<int> PackageTable::closure(std::span<const int> roots, const PackageSet &installed) const
{
    std::vector<int> added;
    if (roots.empty())
        return added;
    // A set as wide as the table, reused: clearing the few bits a closure sets is cheaper than
    // allocating and zeroing 8 kB for every install an estimate looks at.
    thread_local PackageSet chosen;
    std::vector<int> pending(roots.rbegin(), roots.rend());
    while (!pending.empty()) {
        int id = pending.back();
        pending.pop_back();
        if (isVirtual(id)) {
            const std::span<const int> providers = dependencies(id);
            int best = -1;
            bool satisfied = false;
            for (int provider : providers) {
                if (installed.contains(provider) || chosen.contains(provider)) {
                    satisfied = true;
                    break;
                }
                if (best < 0 || priorityRank(flags(provider)) < priorityRank(flags(best)))
                    best = provider;
            }
            if (satisfied || best < 0)
                continue;
            id = best;
        }
        if (installed.contains(id) || chosen.contains(id))
            continue;
        chosen.insert(id);
        added.push_back(id);
        const std::span<const int> depends = dependencies(id);
        for (auto it = depends.rbegin(); it != depends.rend(); ++it)
            pending.push_back(*it);
    }
    for (int id : added)
        chosen.erase(id);
    return added;
}

int64_t PackageTable::installedBytes(std::span<const int> ids) const
{
    int64_t kib = 0;
    for (int id : ids)
        kib += installedKib(id);
    return kib * 1024;
}

} // namespace stagecraft

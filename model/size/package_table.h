// SPDX-License-Identifier: MIT
#pragma once

// Debian's package lists, reduced to what a size estimate needs: each package's installed
// size (dpkg's Installed-Size, KiB), its dependencies (the first alternative of Pre-Depends
// and Depends) and its priority flags. `apt-get install X` costs the installed size of X's
// dependency closure less the packages already there.
//
// The table ships as the Qt resource :/data/debian-bookworm-packages.qz, written by
// resources/data/make-package-table.py from ../shared/data/debian-bookworm-packages.tsv.gz
// (qCompress framing around a text table; see the script for the format).

#include <QByteArray>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace stagecraft {

/// A set of package ids of one table (a bit per package).
class PackageSet {
public:
    PackageSet() = default;
    explicit PackageSet(size_t packages)
        : m_bits((packages + 63) / 64, 0)
    {}

    [[nodiscard]] bool contains(int id) const
    {
        const auto index = static_cast<size_t>(id);
        return index / 64 < m_bits.size() && (m_bits[index / 64] >> (index % 64) & 1U) != 0;
    }
    void insert(int id)
    {
        const auto index = static_cast<size_t>(id);
        if (index / 64 >= m_bits.size())
            m_bits.resize(index / 64 + 1, 0);
        m_bits[index / 64] |= uint64_t {1} << (index % 64);
    }
    void erase(int id)
    {
        const auto index = static_cast<size_t>(id);
        if (index / 64 < m_bits.size())
            m_bits[index / 64] &= ~(uint64_t {1} << (index % 64));
    }
    void insert(std::span<const int> ids)
    {
        for (int id : ids)
            insert(id);
    }
    [[nodiscard]] size_t count() const;
    [[nodiscard]] bool operator==(const PackageSet &other) const = default;

private:
    std::vector<uint64_t> m_bits;
};

class PackageTable {
public:
    enum Flag : uint8_t {
        Essential = 1,
        Required = 2,
        Important = 4,
        Standard = 8,
    };

    /// The shipped Debian bookworm table, loaded once on first use (empty if the resource is missing).
    [[nodiscard]] static const PackageTable &debianBookworm();
    /// Reads the text format the generator writes; `error` says why when the table is empty.
    [[nodiscard]] static std::shared_ptr<PackageTable> fromText(std::string_view text, std::string *error = nullptr);
    /// Reads the qCompress()ed file as shipped.
    [[nodiscard]] static std::shared_ptr<PackageTable> fromCompressed(
        const QByteArray &bytes, std::string *error = nullptr);

    [[nodiscard]] bool empty() const { return m_packageCount == 0; }
    [[nodiscard]] int packageCount() const { return m_packageCount; }
    [[nodiscard]] const std::string &sourceName() const { return m_source; }

    /// The id of a package or of a virtual package; -1 when the lists have no such name.
    [[nodiscard]] int find(std::string_view name) const;
    [[nodiscard]] bool isVirtual(int id) const { return id >= m_packageCount; }
    [[nodiscard]] std::string_view name(int id) const;
    /// Installed-Size in KiB (0 for a virtual package).
    [[nodiscard]] int64_t installedKib(int id) const;
    [[nodiscard]] uint8_t flags(int id) const;
    /// Dependencies of a package; providers of a virtual package.
    [[nodiscard]] std::span<const int> dependencies(int id) const;

    /// Every package flagged with one of `flags`, with its dependency closure: the set a
    /// Debian root built from those priorities holds.
    [[nodiscard]] PackageSet prioritySet(uint8_t flags) const;

    /// The packages `roots` pull in that `installed` lacks, in discovery order. A virtual
    /// package is satisfied by a provider already installed or already chosen, else by its
    /// provider with the highest priority (the first listed among equals), as apt does.
    [[nodiscard]] std::vector<int> closure(std::span<const int> roots, const PackageSet &installed) const;
    /// Sum of Installed-Size over `ids`, in bytes.
    [[nodiscard]] int64_t installedBytes(std::span<const int> ids) const;

private:
    int m_packageCount = 0;
    std::string m_source;
    std::string m_names; ///< all names, NUL-separated
    std::vector<uint32_t> m_nameOffsets; ///< per id
    std::vector<int32_t> m_kib; ///< per package
    std::vector<uint8_t> m_flags; ///< per package
    std::vector<uint32_t> m_dependencyOffsets; ///< per id, plus one
    std::vector<int32_t> m_dependencies;
    std::unordered_map<std::string_view, int> m_index;
};

} // namespace stagecraft

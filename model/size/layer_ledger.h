// SPDX-License-Identifier: MIT
#pragma once

// The filesystem of one stage as the size estimate sees it: what each layer wrote where,
// coarse-grained (a directory an install filled, a file a COPY wrote, a package apt added).
//
// It exists for the layer rule image explorers show after a build: a layer is a diff, so
// a file deleted or overwritten by a later layer still costs its size in the image; only a
// deletion in the same layer (the same RUN) saves space. The ledger records every write
// with its layer, turns later deletions and overwrites into wasted bytes charged to the
// layer that holds them, and answers "how big is what lies under /app/dist" for
// `COPY --from=this-stage`.

#include "lint/multistage_paths.h"
#include "size_figure.h"

#include <string>
#include <string_view>
#include <vector>

namespace stagecraft {

class ContextScan;

/// What one write put into the stage.
struct LedgerEntry {
    std::string path; ///< absolute path, or a package key such as "apt:curl"
    SizeFigure size;
    int layer = -1; ///< -1: inherited from the base stage
    int part = -1; ///< the part of its layer it belongs to
    bool alive = true; ///< false once deleted or overwritten
    bool directory = true; ///< a tree, of which sub-paths may be asked for
    bool replaces = false; ///< writing it empties what was at the path before (npm ci, a build's output dir)
    bool adds = false; ///< adds files beside what is there (pip into a venv): overwrites nothing
    bool anyName = false; ///< a file of unknown name in directory `path` (cargo's binary)
    bool fromContext = false; ///< copied from the build context
    std::string contextPath; ///< fromContext: the context path that lands at `path` ("" for the root)
};

/// Bytes of one layer that a later layer deleted or overwrote: still in the image.
struct LedgerWaste {
    int layer = -1; ///< the layer holding the bytes (-1: the base stage)
    int byLayer = -1; ///< the layer that deleted or overwrote them
    std::string path;
    int64_t bytes = 0;
    bool overwritten = false; ///< false: deleted
};

struct LedgerLayer {
    std::vector<SizePart> parts; ///< the report's parts of the layer, once it is finished
};

/// The answer to "what is under this path".
struct LedgerQuery {
    SizeTotal total;
    int entries = 0; ///< entries found at, under or around the path
    bool file = false; ///< the path is one file (so `COPY --from=x /a/f /d/` writes /d/f)
    std::vector<std::string> notes; ///< what could not be sized
};

class LayerLedger {
public:
    /// Starts from a base stage's ledger: its live entries, as layer -1.
    void inherit(const LayerLedger &base);
    /// Opens the next layer; returns its index.
    int beginLayer();
    /// Room for `count` layers, so that opening them does not move the earlier ones.
    void reserveLayers(size_t count) { m_layers.reserve(count); }
    [[nodiscard]] int layerCount() const { return static_cast<int>(m_layers.size()); }
    [[nodiscard]] const LedgerLayer &layer(int index) const { return m_layers[static_cast<size_t>(index)]; }
    /// Hands the layer's parts over (for the report); the entries stay for later queries.
    [[nodiscard]] std::vector<SizePart> takeParts(int index)
    {
        return std::move(m_layers[static_cast<size_t>(index)].parts);
    }

    /// Adds a part to the current layer; returns its index.
    int addPart(SizeFigure figure, std::string what);
    /// Records that the part's bytes (or `entry.size` of them) live at `entry.path`, overwriting
    /// what was there. The entry joins the current layer.
    void write(LedgerEntry entry);
    /// Deletes the entries at or under `path` (a trailing "/*" or a wildcard in the last element
    /// matches the children). Returns how many entries were deleted.
    int remove(std::string_view path);
    /// `mv`: entries under `from` move to `to`; across layers the files are copied up and the
    /// originals become waste.
    int move(std::string_view from, std::string_view to);
    /// `cp -r`, `chmod -R`, `chown -R`: the entries under `from` are written again at `to` in the
    /// current layer (for chmod/chown `to` equals `from` and the old copies become waste).
    int duplicate(std::string_view from, std::string_view to, const std::string &what);

    [[nodiscard]] LedgerQuery query(std::string_view path, const ContextScan *context) const;
    /// The live entry that holds `path` (at it or above it), or null.
    [[nodiscard]] const LedgerEntry *holder(std::string_view path) const;
    [[nodiscard]] const std::vector<LedgerEntry> &entries() const { return m_entries; }
    [[nodiscard]] const std::vector<LedgerWaste> &waste() const { return m_waste; }
    /// The live entries' keys starting with `prefix` ("apt:"), for package bookkeeping.
    [[nodiscard]] std::vector<const LedgerEntry *> entriesWithPrefix(std::string_view prefix) const;

    /// Needed to tell which files a context copy overwrites.
    void setContext(const ContextScan *context) { m_context = context; }

private:
    void kill(LedgerEntry &entry, bool overwritten, std::string_view path, int64_t bytes);

    std::vector<LedgerEntry> m_entries;
    std::vector<LedgerLayer> m_layers;
    std::vector<LedgerWaste> m_waste;
    const ContextScan *m_context = nullptr;
};

} // namespace stagecraft

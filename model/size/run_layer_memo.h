// SPDX-License-Identifier: MIT
#pragma once

// The layers of repeated RUN texts, sized once per estimate. Files repeat their RUNs (the same
// `apt-get update && apt-get install ... && rm -rf /var/lib/apt/lists/*` in every stage), and
// what a RUN does to its stage's ledger depends only on its text and on what it reads of the
// stage: the base system, the WORKDIR, the package set, and whether some paths are there.
//
// An analysis that read nothing else (no variable, no build context, no virtual environment,
// no answer the ledger gives about what it deleted or moved) is recorded as its calls: the
// parts it added, the entries it wrote, the paths it removed, its notes and the package set it
// left. A later RUN of the same text whose stage answers every recorded read the same way
// replays the calls on its own ledger, which works out overwrites and waste against its own
// entries exactly as it did the first time.
//
// Whether a path is there is the one ledger read that is recorded. When an entry this RUN
// wrote holds the path, the answer follows from the recorded calls; otherwise it is the answer
// the stage gave before the RUN (writes only ever cover more), provided the RUN removed nothing
// before asking. Anything else makes the analysis unreplayable, and it is not kept.

#include "base_system.h"
#include "layer_ledger.h"

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

namespace stagecraft {

class PackageSet;
struct ParsedRun;
struct RunEnvironment;

/// One analysis of a RUN text, as a replayable record.
struct RecordedRun {
    struct AddPart {
        SizeFigure figure;
        std::string what;
    };
    struct Write {
        LedgerEntry entry;
    };
    struct Remove {
        std::string path;
    };
    struct Note {
        std::string text; ///< without the "line N: " the note starts with
    };
    using Call = std::variant<AddPart, Write, Remove, Note>;

    // What it read of the stage.
    std::string workdir;
    bool readsWorkdir = false; ///< the analysis used `workdir` (a relative path, npm's directory)
    BaseSystem base;
    const PackageSet *installed = nullptr;
    std::vector<std::pair<std::string, bool>> present; ///< paths asked for, and whether the stage had them

    // What it did, in order.
    std::vector<Call> calls;
    std::shared_ptr<const PackageSet> installedAfter; ///< the package set it left, when it changed it

    bool replayable = true;
    bool removed = false; ///< a path was removed: later reads depend on what was there
};

/// The ledger as a RUN's analysis uses it: every call is passed on, and while recording, the
/// calls and the reads they depend on are added to the record.
class RecordingLedger {
public:
    RecordingLedger(LayerLedger &ledger, RecordedRun *record)
        : m_ledger(ledger)
        , m_record(record)
    {}

    /// The record being made; null when not recording (or no longer replayable).
    [[nodiscard]] RecordedRun *record() const { return m_record; }
    /// The analysis read something a record cannot hold.
    void unreplayable();

    int addPart(SizeFigure figure, std::string what);
    void write(LedgerEntry entry);
    void remove(std::string_view path);
    /// remove(), when the caller reads how many entries went.
    int removeCounting(std::string_view path);
    int move(std::string_view from, std::string_view to);
    int duplicate(std::string_view from, std::string_view to, const std::string &what);
    /// Whether a live entry holds `path`.
    [[nodiscard]] bool has(std::string_view path);
    /// The entry holding `path`, for callers that read it.
    [[nodiscard]] const LedgerEntry *holder(std::string_view path);
    [[nodiscard]] const std::vector<LedgerEntry> &entries();
    [[nodiscard]] std::vector<const LedgerEntry *> entriesWithPrefix(std::string_view prefix);

private:
    LayerLedger &m_ledger;
    RecordedRun *m_record;
};

class RunLayerMemo {
public:
    /// A record of `parsed` whose reads `environment`'s stage answers as they were answered,
    /// or null.
    [[nodiscard]] const RecordedRun *find(const ParsedRun *parsed, const RunEnvironment &environment) const;
    /// A new record for an analysis of `parsed` in `environment`, to be filled and then kept or
    /// dropped with finish(); null when `parsed` was not analysed before (a text that occurs once
    /// is not worth recording). Valid until the next call.
    [[nodiscard]] RecordedRun *start(const std::shared_ptr<const ParsedRun> &parsed, const RunEnvironment &environment);
    /// Keeps the record start() gave for `parsed` when it is replayable.
    void finish(const ParsedRun *parsed);

    /// Applies `record` to `environment`'s ledger, notes and package set.
    static void replay(const RecordedRun &record, RunEnvironment &environment);

private:
    struct Text {
        std::shared_ptr<const ParsedRun> parsed; ///< kept alive: the map is keyed by its address
        int analyses = 0;
        std::vector<RecordedRun> records;
    };
    std::unordered_map<const ParsedRun *, Text> m_texts;
};

} // namespace stagecraft

// SPDX-License-Identifier: MIT
#include "run_layer_memo.h"

#include "run_analysis.h"
#include "syntax/syntax_tree.h"
#include "text_concat.h"

namespace stagecraft {
namespace {

// A text analysed in more stage settings than this keeps its first records only.
constexpr size_t recordsPerText = 8;

bool sameBase(const BaseSystem &a, const BaseSystem &b)
{
    return a.distribution == b.distribution && a.slim == b.slim && a.packages.data() == b.packages.data()
        && a.packages.size() == b.packages.size() && a.profile == b.profile && a.source == b.source;
}

bool readsAgree(const RecordedRun &record, const RunEnvironment &environment)
{
    if (record.installed != environment.installed->get()
        || (record.readsWorkdir && record.workdir != environment.workdir) || !sameBase(record.base, environment.base))
        return false;
    // The RUN's layer is open and empty: the ledger answers as the stage stood before the RUN.
    for (const auto &[path, present] : record.present) {
        if ((environment.ledger->holder(path) != nullptr) != present)
            return false;
    }
    return true;
}

} // namespace

void RecordingLedger::unreplayable()
{
    if (m_record)
        m_record->replayable = false;
    m_record = nullptr;
}

int RecordingLedger::addPart(SizeFigure figure, std::string what)
{
    if (m_record)
        m_record->calls.emplace_back(RecordedRun::AddPart {figure, what});
    return m_ledger.addPart(std::move(figure), std::move(what));
}

void RecordingLedger::write(LedgerEntry entry)
{
    if (m_record) {
        RecordedRun::Write call {entry};
        call.entry.size.note.clear(); // the ledger drops it too
        m_record->calls.emplace_back(std::move(call));
    }
    m_ledger.write(std::move(entry));
}

void RecordingLedger::remove(std::string_view path)
{
    if (m_record) {
        m_record->calls.emplace_back(RecordedRun::Remove {std::string(path)});
        m_record->removed = true;
    }
    m_ledger.remove(path);
}

int RecordingLedger::removeCounting(std::string_view path)
{
    unreplayable();
    return m_ledger.remove(path);
}

int RecordingLedger::move(std::string_view from, std::string_view to)
{
    unreplayable();
    return m_ledger.move(from, to);
}

int RecordingLedger::duplicate(std::string_view from, std::string_view to, const std::string &what)
{
    unreplayable();
    return m_ledger.duplicate(from, to, what);
}

bool RecordingLedger::has(std::string_view path)
{
    const LedgerEntry *found = m_ledger.holder(path);
    if (!m_record)
        return found != nullptr;
    // An entry of this RUN's own layer holds it: the replayed calls write that entry again.
    const int current = m_ledger.layerCount() - 1;
    for (const LedgerEntry &entry : m_ledger.entries()) {
        if (entry.alive && entry.layer == current && pathWithin(path, entry.path))
            return true;
    }
    // Otherwise the answer is the stage's before the RUN, unless the RUN deleted something first.
    if (m_record->removed)
        unreplayable();
    else
        m_record->present.emplace_back(std::string(path), found != nullptr);
    return found != nullptr;
}

const LedgerEntry *RecordingLedger::holder(std::string_view path)
{
    unreplayable();
    return m_ledger.holder(path);
}

const std::vector<LedgerEntry> &RecordingLedger::entries()
{
    unreplayable();
    return m_ledger.entries();
}

std::vector<const LedgerEntry *> RecordingLedger::entriesWithPrefix(std::string_view prefix)
{
    unreplayable();
    return m_ledger.entriesWithPrefix(prefix);
}

const RecordedRun *RunLayerMemo::find(const ParsedRun *parsed, const RunEnvironment &environment) const
{
    const auto it = m_texts.find(parsed);
    if (it == m_texts.end())
        return nullptr;
    for (const RecordedRun &record : it->second.records) {
        if (readsAgree(record, environment))
            return &record;
    }
    return nullptr;
}

RecordedRun *RunLayerMemo::start(const std::shared_ptr<const ParsedRun> &parsed, const RunEnvironment &environment)
{
    Text &text = m_texts[parsed.get()];
    if (!text.parsed)
        text.parsed = parsed;
    if (++text.analyses < 2 || text.records.size() >= recordsPerText)
        return nullptr;
    RecordedRun &record = text.records.emplace_back();
    record.workdir = environment.workdir;
    record.base = environment.base;
    record.installed = environment.installed->get();
    return &record;
}

void RunLayerMemo::finish(const ParsedRun *parsed)
{
    const auto it = m_texts.find(parsed);
    if (it != m_texts.end() && !it->second.records.empty() && !it->second.records.back().replayable)
        it->second.records.pop_back();
}

void RunLayerMemo::replay(const RecordedRun &record, RunEnvironment &environment)
{
    LayerLedger &ledger = *environment.ledger;
    const int line = environment.tree->instructions()[static_cast<size_t>(environment.instruction)].startLine;
    for (const RecordedRun::Call &call : record.calls) {
        if (const auto *part = std::get_if<RecordedRun::AddPart>(&call))
            ledger.addPart(part->figure, part->what);
        else if (const auto *write = std::get_if<RecordedRun::Write>(&call))
            ledger.write(write->entry);
        else if (const auto *remove = std::get_if<RecordedRun::Remove>(&call))
            ledger.remove(remove->path);
        else if (const auto *note = std::get_if<RecordedRun::Note>(&call); note && environment.notes)
            environment.notes->push_back(lineNote(line, {note->text}));
    }
    if (record.installedAfter)
        *environment.installed = record.installedAfter;
}

} // namespace stagecraft

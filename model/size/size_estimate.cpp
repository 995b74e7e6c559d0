// SPDX-License-Identifier: MIT
#include "size_estimate.h"

#include "base_system.h"
#include "context_scan.h"
#include "graph/stage_scope.h"
#include "image_catalog.h"
#include "layer_ledger.h"
#include "lint/multistage_images.h"
#include "lint/multistage_paths.h"
#include "package_sizing.h"
#include "path_view.h"
#include "run_analysis.h"
#include "run_layer_memo.h"
#include "size_heuristics.h"
#include "stage_variables.h"
#include "syntax/buildkit_ast.h"
#include "text_concat.h"

#include <algorithm>
#include <map>
#include <memory>

namespace stagecraft {
namespace {

constexpr size_t maxInstructionText = 100;

struct StageState {
    LayerLedger ledger;
    BaseSystem base;
    std::shared_ptr<const PackageSet> baseSet;
    std::shared_ptr<const PackageSet> installed; ///< the base set until a RUN changes it (RunEnvironment)
    std::vector<std::string> venvs;
    std::string workdir = "/";
    bool externalBottom = false; ///< an image (not scratch) lies at the bottom of the stage chain
};

std::string instructionText(const SyntaxTree &tree, const Instruction &instruction)
{
    std::string text(instructionKeyword(instruction.kind));
    if (text.empty())
        text = std::string(tree.keywordText(instruction));
    std::string_view logical = tree.logicalText(instruction);
    logical.remove_prefix(std::min<size_t>(logical.size(), instruction.keywordLogicalEnd));
    text.reserve(maxInstructionText + 8);
    // Runs of blanks become one space; stop once the line is long enough to be cut.
    bool blank = true;
    for (const char c : logical) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            blank = true;
            continue;
        }
        if (blank) {
            if (text.size() > maxInstructionText)
                break;
            text += ' ';
            blank = false;
        }
        text += c;
    }
    if (text.size() > maxInstructionText) {
        text.resize(maxInstructionText);
        // Do not cut a UTF-8 sequence in half.
        while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80)
            text.pop_back();
        if (!text.empty() && (static_cast<unsigned char>(text.back()) & 0x80) != 0)
            text.pop_back();
        text += "\u2026";
    }
    return text;
}

// BuildKit's ProcessWord, skipped for a word with nothing to expand or unquote (the common
// case: ProcessWord allocates its result, its matches and its errors, and the stage's
// variables are then never worked out). The result is `word` itself then, else `storage`.
std::string_view expandWord(const StageVariables &variables, std::string_view word, char escape, std::string &storage)
{
    const bool plain = std::none_of(
        word.begin(), word.end(), [escape](char c) { return c == '$' || c == '\'' || c == '"' || c == escape; });
    if (plain)
        return word;
    ShellResult result = variables.scope().expand(word, escape);
    if (!result.ok())
        return word;
    storage = std::move(result.word);
    return storage;
}

bool isRemote(std::string_view source)
{
    return source.starts_with("http://") || source.starts_with("https://") || source.starts_with("git@")
        || source.starts_with("git://");
}

bool isArchive(std::string_view name)
{
    for (std::string_view extension : {".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.bz2", ".tbz2", ".tar.zst"}) {
        if (name.ends_with(extension))
            return true;
    }
    return false;
}

// What an external image gives the stages built on it. Files base many stages on the same
// few images, and reading an image's facts and looking up its catalog entry takes a while.
struct ImageBase {
    std::string canonical;
    BaseSystem system;
    std::string_view workdir; ///< the image's WORKDIR when known
    std::optional<int64_t> userBytes; ///< entered by the user; `size` is then not looked up
    ImageSize size;
};

} // namespace

/// Per stage of an estimate: the state its dependents read, and what decides whether the next
/// estimate may take the stage over unchanged.
class SizeMemory {
public:
    struct StageMemory {
        std::shared_ptr<const StageState> state;
        int firstInstruction = 0;
        int endInstruction = 0;
        int startLine = 0;
        std::vector<int> sources; ///< the base stage and the COPY --from sources, as resolved
    };

    /// Everything outside the stages' own text that a stage's figures depend on, but the global
    /// ARGs and parser directives (the text before the first FROM, compared apart).
    struct Inputs {
        std::string platform;
        std::string buildPlatform;
        std::vector<std::pair<std::string, std::string>> buildArgs;
        const ContextScan *context = nullptr;
        std::vector<std::pair<std::string, int64_t>> imageSizes;
        const ImageCatalog *catalog = nullptr;
        const PackageTable *packages = nullptr;
        char escape = '\\';

        friend bool operator==(const Inputs &, const Inputs &) = default;
    };

    std::vector<StageMemory> stages;
    Inputs inputs;
    uint32_t globalEnd = 0; ///< where the first FROM starts
};

namespace {

class Estimator {
public:
    Estimator(const SyntaxTree &tree, const BuildGraph &graph, const SizeOptions &options)
        : m_tree(tree)
        , m_graph(graph)
        , m_options(options)
        , m_scopes(tree, graph)
        , m_catalog(options.catalog ? *options.catalog : ImageCatalog::builtin())
        , m_packages(m_catalog, options.packages)
    {
        m_states.resize(graph.stages().size());
        m_memory = std::make_shared<SizeMemory>();
        m_memory->stages.resize(graph.stages().size());
        m_memory->globalEnd = globalEnd(tree, graph);
        m_memory->inputs = {graph.options().platform, graph.options().buildPlatform, graph.options().buildArgs,
            options.context, options.imageSizes, &m_catalog, options.packages, tree.escapeToken()};
        if (options.previous && options.previousTree && options.previous->memory && reusable(*options.previous->memory))
            m_previous = options.previous;
        m_reused.resize(graph.stages().size(), false);
    }

    SizeReport run();

private:
    [[nodiscard]] static uint32_t globalEnd(const SyntaxTree &tree, const BuildGraph &graph);
    [[nodiscard]] bool reusable(const SizeMemory &previous) const;
    [[nodiscard]] std::vector<int> sourcesOf(const Stage &stage) const;
    [[nodiscard]] bool reuse(const Stage &stage, const std::vector<int> &sources, StageSize &out);
    void stage(const Stage &stage, StageSize &out);
    void base(const Stage &stage, StageState &state, StageSize &out);
    void copy(const Stage &stage, StageState &state, int instruction, const StageVariables &variables, StageSize &out);
    void finish(StageState &state, StageSize &out);
    [[nodiscard]] SizeFigure fromStage(int source, std::string_view path, bool &isFile, std::string &note) const;
    [[nodiscard]] std::optional<int64_t> userSize(const ImageReference &reference, const std::string &resolved) const;
    [[nodiscard]] const ImageBase &imageBase(const Stage &stage, const std::string &platform);

    const SyntaxTree &m_tree;
    const BuildGraph &m_graph;
    const SizeOptions &m_options;
    ScopeResolver m_scopes;
    const ImageCatalog &m_catalog;
    PackageSizing m_packages;
    std::vector<std::shared_ptr<const StageState>> m_states;
    std::vector<SizeFigure> m_totals;
    std::shared_ptr<SizeMemory> m_memory;
    const SizeReport *m_previous = nullptr; ///< set when the earlier estimate is of the same build
    std::vector<bool> m_reused;
    RunLayerMemo m_runs; ///< the layers of RUN texts that repeat
    /// Per resolved image reference and platform (joined by a newline).
    std::map<std::string, ImageBase, std::less<>> m_images;
    // Scratch of copy(), kept from one COPY to the next so that the common one allocates only
    // what the report keeps.
    std::vector<std::string_view> m_words; ///< the COPY's arguments
    std::vector<std::string> m_expanded; ///< words that expansion changed (views point here)
    std::vector<std::string_view> m_sources; ///< expanded source words
    std::string m_destination; ///< the destination, when it had to be joined or cleaned
    std::string m_sourcePath; ///< a source path, when it had to be joined or cleaned
};

SizeReport Estimator::run()
{
    SizeReport report;
    report.platform = m_graph.options().platform;
    report.target = m_graph.targetIndex();
    report.contextScanned = m_options.context != nullptr && m_options.context->present();
    report.stages.resize(m_graph.stages().size());
    m_totals.resize(m_graph.stages().size());
    // Stages only refer to earlier stages (the graph reports the rest), so one pass in order works.
    for (const Stage &stage : m_graph.stages())
        this->stage(stage, report.stages[static_cast<size_t>(stage.index)]);
    if (const StageSize *final = report.finalStage()) {
        report.finalImage = final->total;
        report.stages[static_cast<size_t>(report.target)].target = true;
    } else {
        report.finalImage = SizeFigure::unknown("the file has no stage");
    }
    report.reusedStages = static_cast<int>(std::count(m_reused.begin(), m_reused.end(), true));
    report.memory = std::move(m_memory);
    return report;
}

std::optional<int64_t> Estimator::userSize(const ImageReference &reference, const std::string &resolved) const
{
    const std::string canonical = reference.valid() ? reference.canonical() : std::string();
    for (const auto &[ref, bytes] : m_options.imageSizes) {
        if (ref == resolved)
            return bytes;
        const ImageReference parsed = parseImageReference(ref);
        if (parsed.valid() && !canonical.empty() && parsed.canonical() == canonical)
            return bytes;
    }
    return std::nullopt;
}

const ImageBase &Estimator::imageBase(const Stage &stage, const std::string &platform)
{
    std::string key = concat({stage.base.resolved, "\n", platform});
    if (const auto it = m_images.find(key); it != m_images.end())
        return it->second;
    const ImageReference &reference = stage.base.image;
    ImageBase image;
    image.canonical = reference.valid() ? reference.canonical() : std::string();
    image.system = describeBaseSystem(reference);
    image.workdir = describeImage(reference).defaultWorkdir;
    image.userBytes = userSize(reference, stage.base.resolved);
    if (!image.userBytes)
        image.size = m_catalog.lookup(reference, platform);
    return m_images.emplace(std::move(key), std::move(image)).first->second;
}

void Estimator::base(const Stage &stage, StageState &state, StageSize &out)
{
    BaseSize &base = out.base;
    base.ref = stage.base.ref;
    base.resolved = stage.base.resolved;
    switch (stage.base.kind) {
    case BaseKind::Scratch:
        base.figure = SizeFigure::exact(0, SizeSource::Catalog, "scratch: the empty image");
        state.base = {Distribution::Scratch, false, {}, "scratch", "empty"};
        return;
    case BaseKind::Stage: {
        base.stage = stage.base.stage;
        const auto from = static_cast<size_t>(stage.base.stage);
        if (stage.base.stage < 0 || stage.base.stage >= stage.index) {
            base.figure = SizeFigure::unknown("the base stage is not built before this one");
            return;
        }
        const StageState &parent = *m_states[from];
        state.ledger.inherit(parent.ledger);
        state.base = parent.base;
        state.baseSet = parent.baseSet;
        state.installed = parent.installed;
        state.venvs = parent.venvs;
        state.workdir = parent.workdir;
        state.externalBottom = parent.externalBottom;
        base.figure = m_totals[from];
        base.figure.source = SizeSource::Stage;
        base.figure.note = "stage " + m_graph.stages()[from].displayName() + " as built";
        return;
    }
    case BaseKind::Image: {
        const std::string &platform
            = stage.resolvedPlatform.empty() ? m_graph.options().platform : stage.resolvedPlatform;
        const ImageBase &image = imageBase(stage, platform);
        base.canonical = image.canonical;
        state.base = image.system;
        state.externalBottom = true;
        if (!image.workdir.empty())
            state.workdir = std::string(image.workdir);
        if (image.userBytes) {
            base.figure = SizeFigure::exact(*image.userBytes, SizeSource::User, "size entered by the user");
            return;
        }
        const ImageSize &size = image.size;
        base.figure = size.figure;
        base.catalogEntry = size.entry;
        base.fallback = size.fallback;
        if (!size.figure.known())
            out.notes.push_back("base image " + stage.base.resolved + ": " + size.figure.note);
        return;
    }
    case BaseKind::Invalid:
        break;
    }
    base.figure = SizeFigure::unknown("the base does not resolve to an image or a stage");
}

SizeFigure Estimator::fromStage(int source, std::string_view path, bool &isFile, std::string &note) const
{
    const StageState &state = *m_states[static_cast<size_t>(source)];
    const std::string name = m_graph.stages()[static_cast<size_t>(source)].displayName();
    isFile = false;
    if (path == "/") {
        SizeFigure whole = m_totals[static_cast<size_t>(source)];
        whole.source = SizeSource::Stage;
        whole.note = concat({"the whole of stage ", name});
        return whole;
    }
    if (hasGlob(path)) {
        SizeTotal total;
        int found = 0;
        for (const LedgerEntry &entry : state.ledger.entries()) {
            if (entry.alive && entry.path.starts_with('/') && pathMatch(path, entry.path)) {
                total.add(entry.size);
                ++found;
            }
        }
        if (found > 0)
            return total.figure(SizeSource::Stage, "from stage " + name + ": " + std::to_string(found) + " matches");
        return SizeFigure::unknown(concat({"nothing in stage ", name, "'s estimate matches ", path}));
    }
    const LedgerQuery query = state.ledger.query(path, m_options.context);
    if (query.entries > 0) {
        isFile = query.file;
        if (!query.notes.empty())
            note = query.notes.front();
        return query.total.figure(SizeSource::Stage, concat({"from stage ", name}));
    }
    if (state.externalBottom) {
        SizeFigure known = wellKnownFileSize(path);
        if (known.known()) {
            isFile = !path.ends_with("/zoneinfo") && !path.ends_with("/certs");
            known.note = concat({"from stage ", name, "'s base image: ", known.note});
            return known;
        }
    }
    return SizeFigure::unknown(concat({"nothing in stage ", name, "'s estimate writes ", path}));
}

void Estimator::copy(
    const Stage &stage, StageState &state, int instruction, const StageVariables &variables, StageSize &out)
{
    const Instruction &ins = m_tree.instructions()[static_cast<size_t>(instruction)];
    const bool add = ins.kind == InstructionKind::Add;
    // The words as views into the text; only the JSON form needs its decoded copies.
    BuildKitNode node;
    if (!buildKitListViews(m_tree, ins, m_words)) {
        node = buildKitNode(m_tree, ins);
        m_words.assign(node.values.begin(), node.values.end());
    }
    if (m_words.size() < 2) {
        const std::string keyword(instructionKeyword(ins.kind));
        state.ledger.addPart(SizeFigure::unknown(keyword + " needs a source and a destination"), keyword);
        return;
    }
    // Room for every word up front: the views into m_expanded must not move.
    m_expanded.clear();
    m_expanded.reserve(m_words.size());
    auto expand = [&](std::string_view word) {
        std::string storage;
        const std::string_view expanded = expandWord(variables, word, m_tree.escapeToken(), storage);
        if (expanded.data() != storage.data())
            return expanded;
        return std::string_view(m_expanded.emplace_back(std::move(storage)));
    };
    const std::string_view destinationText = expand(m_words.back());
    const size_t sourceCount = m_words.size() - 1;
    const std::string_view destination = joinPathView(state.workdir, destinationText, m_destination);
    bool multiple = sourceCount > 1;
    std::vector<std::string_view> &sources = m_sources;
    sources.clear();
    for (size_t i = 0; i < sourceCount; ++i) {
        sources.push_back(expand(m_words[i]));
        multiple = multiple || hasGlob(sources.back());
    }
    const bool intoDirectory = multiple || destinationText.ends_with('/');

    // Where the files come from: a stage, an image, or the build context.
    int sourceStage = -1;
    bool fromImage = false;
    const bool fromFlag = m_tree.findFlag(ins, "from") != nullptr;
    for (const Edge &edge : m_graph.edgesInto(stage.index)) {
        if (edge.instruction == instruction && edge.kind == EdgeKind::Copy) {
            sourceStage = edge.source;
            fromImage = edge.source < 0;
        }
    }
    LayerLedger &ledger = state.ledger;
    ledger.setContext(m_options.context);
    const std::string_view keyword = add ? "ADD" : "COPY";
    std::string label; // the part's label: "COPY --from src/ lib/"
    size_t labelSize = keyword.size() + 7;
    for (const std::string_view source : sources)
        labelSize += source.size() + 1;
    label.reserve(labelSize);
    label += keyword;
    if (fromFlag)
        label += " --from";
    for (const std::string_view source : sources) {
        label += ' ';
        label += source;
    }

    if (fromFlag) {
        SizeTotal total;
        std::vector<std::pair<std::string, SizeFigure>> writes;
        writes.reserve(sources.size());
        std::string notes;
        for (const std::string_view source : sources) {
            const std::string_view path = joinPathView("/", source, m_sourcePath);
            bool isFile = false;
            std::string note;
            SizeFigure figure;
            if (sourceStage >= 0 && sourceStage < stage.index) {
                figure = fromStage(sourceStage, path, isFile, note);
            } else if (fromImage) {
                figure = wellKnownFileSize(path);
                isFile = figure.known();
                if (!figure.known())
                    figure = SizeFigure::unknown("COPY from an image: the catalog does not know its files");
            } else {
                figure = SizeFigure::unknown("the --from source is not a stage built before this one");
            }
            if (!note.empty())
                notes += (notes.empty() ? "" : "; ") + note;
            total.add(figure);
            std::string at = isFile && intoDirectory ? joinPath(destination, baseName(path)) : std::string(destination);
            writes.emplace_back(at, std::move(figure));
        }
        // One source: its own figure (a heuristic stays labelled as one); several: their sum.
        SizeFigure figure;
        if (writes.size() == 1) {
            // The ledger entry keeps bytes and range; its note is dropped there anyway.
            figure = std::move(writes.front().second);
        } else {
            const std::string origin = fromImage || sourceStage < 0
                ? std::string("an image")
                : "stage " + m_graph.stages()[static_cast<size_t>(sourceStage)].displayName();
            figure = total.figure(SizeSource::Stage, "from " + origin + (notes.empty() ? "" : ": " + notes));
        }
        const int part = ledger.addPart(std::move(figure), std::move(label));
        for (auto &[at, written] : writes) {
            LedgerEntry entry;
            entry.path = std::move(at);
            entry.size = std::move(written);
            entry.part = part;
            ledger.write(std::move(entry));
        }
        return;
    }

    const ContextScan *context = m_options.context && m_options.context->present() ? m_options.context : nullptr;
    SizeTotal total;
    std::vector<LedgerEntry> writes;
    std::string notes;
    std::span<const Heredoc> heredocs = m_tree.heredocs(ins);
    for (const std::string_view source : sources) {
        if (source.starts_with("<<")) {
            // A heredoc: the file's content is in the Dockerfile.
            int64_t bytes = 0;
            for (const Heredoc &heredoc : heredocs) {
                if (source.find(m_tree.heredocName(heredoc)) != std::string_view::npos)
                    bytes = static_cast<int64_t>(m_tree.heredocBody(heredoc).size());
            }
            SizeFigure figure = SizeFigure::exact(bytes, SizeSource::Context, "a heredoc in the Dockerfile");
            total.add(figure);
            LedgerEntry entry;
            entry.path = destination;
            entry.size = figure;
            entry.directory = false;
            writes.push_back(std::move(entry));
            continue;
        }
        if (isRemote(source)) {
            total.add(SizeFigure::unknown(concat({source, " is downloaded at build time"})));
            LedgerEntry entry;
            entry.path = intoDirectory ? joinPath(destination, baseName(source)) : std::string(destination);
            entry.size = SizeFigure::unknown({});
            writes.push_back(std::move(entry));
            continue;
        }
        std::string_view relative = cleanPathView(source, m_sourcePath);
        while (relative.starts_with('/'))
            relative.remove_prefix(1);
        if (relative.empty())
            relative = ".";
        if (!context) {
            total.add(SizeFigure::unknown({}));
            LedgerEntry entry;
            // Without a scan a wildcard could name anything: let the destination stand for it.
            entry.path = relative == "." || hasGlob(relative) ? std::string(destination)
                : intoDirectory                               ? joinPath(destination, baseName(relative))
                                                              : std::string(destination);
            entry.size = SizeFigure::unknown({});
            entry.fromContext = true;
            entry.contextPath = relative == "." || hasGlob(relative) ? std::string() : std::string(relative);
            writes.push_back(std::move(entry));
            continue;
        }
        const std::vector<std::string> matches
            = relative == "." ? std::vector<std::string> {std::string()} : context->match(relative);
        if (matches.empty()) {
            appendPieces(
                notes, {notes.empty() ? "" : "; ", source, " matches nothing in the context (the build fails)"});
            out.notes.push_back(lineNote(
                ins.startLine, {keyword, " ", source, " matches nothing in the build context: the build fails"}));
            continue;
        }
        for (const std::string &match : matches) {
            const bool directory = match.empty() || context->isDirectory(match);
            const int64_t bytes = context->bytesUnder(match);
            LedgerEntry entry;
            entry.path = directory ? std::string(destination)
                : intoDirectory    ? joinPath(destination, baseName(match))
                                   : std::string(destination);
            entry.directory = directory;
            if (add && !directory && isArchive(match)) {
                const heuristics::Factor &f = heuristics::unpackedArchive;
                entry.size = SizeFigure::exact(bytes, SizeSource::Heuristic).scaled(f.estimate, f.low, f.high);
                entry.size.note = "heuristic: ADD unpacks " + match + " (" + formatBytes(bytes)
                    + " packed) \u00d73 (\u00d71\u2013\u00d710)";
                entry.directory = true;
                entry.path = destination;
            } else {
                entry.size = SizeFigure::exact(bytes, SizeSource::Context);
                entry.fromContext = true;
                entry.contextPath = match;
                if (!context->complete())
                    entry.size.high = SizeFigure::unknownBytes; // the scan stopped early: at least this much
            }
            total.add(entry.size);
            writes.push_back(std::move(entry));
        }
    }
    SizeFigure figure;
    if (!context && !writes.empty()) {
        figure = SizeFigure::unknown("the build context was not scanned (give --context DIR)");
        // Heredocs are known even without a context.
        if (total.complete())
            figure = total.figure(SizeSource::Context, "a heredoc in the Dockerfile");
    } else {
        figure = total.figure(SizeSource::Context);
        int files = 0;
        for (const LedgerEntry &entry : writes)
            files += entry.fromContext && context ? context->filesIn(entry.contextPath).size() : 0;
        figure.note = std::to_string(files) + (files == 1 ? " file" : " files") + " of the build context"
            + (context && !context->patterns().empty() ? ", .dockerignore applied" : "");
        if (context && !context->complete())
            figure.note += "; the scan stopped early, so at least this much";
        if (writes.size() == 1 && writes.front().size.source == SizeSource::Heuristic) {
            figure.source = SizeSource::Heuristic;
            figure.note = writes.front().size.note;
        }
        if (!notes.empty())
            figure.note += "; " + notes;
    }
    const int part = ledger.addPart(std::move(figure), std::move(label));
    for (LedgerEntry &entry : writes) {
        entry.part = part;
        ledger.write(std::move(entry));
    }
}

uint32_t Estimator::globalEnd(const SyntaxTree &tree, const BuildGraph &graph)
{
    if (graph.stages().empty())
        return static_cast<uint32_t>(tree.text().size());
    return tree.instructions()[static_cast<size_t>(graph.stages().front().firstInstruction)].range.begin;
}

bool Estimator::reusable(const SizeMemory &previous) const
{
    const SyntaxTree &before = *m_options.previousTree;
    // A measurement replaced figures of the earlier report: they are not estimates to reuse.
    return m_options.previous->measurement.empty() && previous.inputs == m_memory->inputs
        && before.text().substr(0, previous.globalEnd) == m_tree.text().substr(0, m_memory->globalEnd);
}

std::vector<int> Estimator::sourcesOf(const Stage &stage) const
{
    std::vector<int> sources;
    if (stage.base.kind == BaseKind::Stage)
        sources.push_back(stage.base.stage);
    for (const Edge &edge : m_graph.edgesInto(stage.index)) {
        if (edge.kind == EdgeKind::Copy)
            sources.push_back(edge.source);
    }
    return sources;
}

// The stage as the earlier estimate left it, when nothing it depends on changed: its own text
// at the same lines (the report names lines and instruction indices), the same stages behind
// its FROM and COPY --from, themselves taken over unchanged.
bool Estimator::reuse(const Stage &stage, const std::vector<int> &sources, StageSize &out)
{
    if (!m_previous)
        return false;
    const auto index = static_cast<size_t>(stage.index);
    const SizeMemory &previous = *m_previous->memory;
    if (index >= previous.stages.size() || index >= m_previous->stages.size())
        return false;
    const SizeMemory::StageMemory &before = previous.stages[index];
    if (!before.state || before.firstInstruction != stage.firstInstruction
        || before.endInstruction != stage.endInstruction || before.startLine != stage.startLine
        || before.sources != sources)
        return false;
    for (const int source : sources) {
        if (source >= 0 && source < stage.index && !m_reused[static_cast<size_t>(source)])
            return false;
    }
    auto text = [](const SyntaxTree &tree, int first, int end) {
        const auto &instructions = tree.instructions();
        const uint32_t begin = instructions[static_cast<size_t>(first)].range.begin;
        return tree.text().substr(begin, instructions[static_cast<size_t>(end - 1)].range.end - begin);
    };
    if (text(*m_options.previousTree, before.firstInstruction, before.endInstruction)
        != text(m_tree, stage.firstInstruction, stage.endInstruction))
        return false;
    out = m_previous->stages[index];
    out.reachable = m_graph.reachable(stage.index);
    out.target = false;
    m_states[index] = before.state;
    m_memory->stages[index] = before;
    m_totals[index] = out.total;
    m_reused[index] = true;
    return true;
}

void Estimator::stage(const Stage &stage, StageSize &out)
{
    std::vector<int> sources = sourcesOf(stage);
    if (reuse(stage, sources, out))
        return;
    auto shared = std::make_shared<StageState>();
    StageState &state = *shared;
    out.index = stage.index;
    out.name = stage.displayName();
    out.platform = stage.resolvedPlatform.empty() ? m_graph.options().platform : stage.resolvedPlatform;
    out.reachable = m_graph.reachable(stage.index);
    base(stage, state, out);
    state.ledger.setContext(m_options.context);
    const auto instructions = static_cast<size_t>(stage.endInstruction - stage.firstInstruction);
    state.ledger.reserveLayers(instructions);
    out.layers.reserve(instructions);

    StageVariables variables(m_scopes, stage.index, stage.firstInstruction);
    for (int i = stage.firstInstruction + 1; i < stage.endInstruction; ++i) {
        const Instruction &instruction = m_tree.instructions()[static_cast<size_t>(i)];
        switch (instruction.kind) {
        case InstructionKind::Workdir: {
            std::string expanded;
            std::string joined;
            state.workdir = joinPathView(state.workdir,
                expandWord(variables, m_tree.argumentsText(instruction), m_tree.escapeToken(), expanded), joined);
            break;
        }
        case InstructionKind::Run: {
            state.ledger.beginLayer();
            LayerSize layer;
            layer.instruction = i;
            layer.line = instruction.startLine;
            out.layers.push_back(std::move(layer));
            if (!state.baseSet)
                state.baseSet = m_packages.baseSet(state.base);
            if (!state.installed)
                state.installed = state.baseSet;
            RunEnvironment environment;
            environment.tree = &m_tree;
            environment.instruction = i;
            environment.variables = &variables;
            environment.workdir = state.workdir;
            environment.base = state.base;
            environment.ledger = &state.ledger;
            environment.context = m_options.context && m_options.context->present() ? m_options.context : nullptr;
            environment.packages = &m_packages;
            environment.installed = &state.installed;
            environment.venvs = &state.venvs;
            environment.notes = &out.notes;
            // Context files are not recorded (a record replays without them): memo only without.
            environment.memo = m_options.context ? nullptr : &m_runs;
            analyzeRun(environment);
            break;
        }
        case InstructionKind::Copy:
        case InstructionKind::Add: {
            state.ledger.beginLayer();
            LayerSize layer;
            layer.instruction = i;
            layer.line = instruction.startLine;
            out.layers.push_back(std::move(layer));
            copy(stage, state, i, variables, out);
            break;
        }
        default:
            break;
        }
        variables.pass(i);
    }
    finish(state, out);
    const auto index = static_cast<size_t>(stage.index);
    m_totals[index] = out.total;
    m_memory->stages[index]
        = {shared, stage.firstInstruction, stage.endInstruction, stage.startLine, std::move(sources)};
    m_states[index] = std::move(shared);
}

void Estimator::finish(StageState &state, StageSize &out)
{
    SizeTotal total;
    total.add(out.base.figure);
    for (size_t i = 0; i < out.layers.size(); ++i) {
        LayerSize &layer = out.layers[i];
        SizeTotal sum;
        const SizePart *largest = nullptr;
        layer.parts = state.ledger.takeParts(static_cast<int>(i));
        for (const SizePart &part : layer.parts) {
            sum.add(part.figure);
            if (part.figure.known() && (!largest || part.figure.bytes > largest->figure.bytes))
                largest = &part;
        }
        // The layer's note is not stored: LayerSize::estimateNote() derives it from the parts.
        // Only the numbers are set, on the fresh layer's empty figure: no figure to build and move.
        SizeFigure &figure = layer.figure;
        if (layer.parts.empty()) {
            figure.bytes = figure.low = figure.high = 0;
            figure.source = SizeSource::None;
        } else {
            figure.bytes = largest ? sum.bytes : SizeFigure::unknownBytes;
            figure.low = sum.low;
            figure.high = sum.high;
            figure.source = largest ? largest->figure.source : SizeSource::Unknown;
        }
        total.add(layer.figure);
    }
    for (const LedgerWaste &waste : state.ledger.waste()) {
        const std::string how = (waste.overwritten ? "overwritten by line " : "deleted by line ")
            + (waste.byLayer >= 0 && waste.byLayer < static_cast<int>(out.layers.size())
                    ? std::to_string(out.layers[static_cast<size_t>(waste.byLayer)].line)
                    : std::string("?"));
        std::string text = waste.path + " (" + formatBytes(waste.bytes) + ", " + how + ")";
        if (waste.layer >= 0 && waste.layer < static_cast<int>(out.layers.size())) {
            LayerSize &layer = out.layers[static_cast<size_t>(waste.layer)];
            layer.wasted += waste.bytes;
            layer.wastedNote += (layer.wastedNote.empty() ? "" : "; ") + text;
        } else {
            out.base.wasted += waste.bytes;
        }
        out.wasted += waste.bytes;
    }
    out.total = total.figure(SizeSource::Stage);
    out.total.note = concat(
        {"base + ", std::to_string(out.layers.size()), " layers", out.total.note.empty() ? "" : "; ", out.total.note});
}

} // namespace

std::string_view LayerSize::estimateNote() const
{
    if (parts.empty())
        return "writes nothing the estimate counts";
    if (parts.size() == 1)
        return parts.front().figure.note;
    const bool someKnown = std::any_of(parts.begin(), parts.end(), [](const SizePart &p) { return p.figure.known(); });
    const bool someUnknown
        = std::any_of(parts.begin(), parts.end(), [](const SizePart &p) { return !p.figure.known(); });
    return someKnown && someUnknown ? "at least: a part has no size" : std::string_view();
}

SizeFigure wellKnownFileSize(std::string_view path)
{
    const heuristics::Range &certificates = heuristics::caCertificates;
    if (path == "/etc/ssl/certs/ca-certificates.crt" || path == "/etc/ssl/cert.pem" || path == "/etc/ssl/certs"
        || path == "/etc/pki/tls/certs/ca-bundle.crt") {
        return SizeFigure::range(certificates.bytes, certificates.low, certificates.high, SizeSource::Heuristic,
            "heuristic: the CA certificate bundle (Mozilla's list as PEM), 215 kB (200\u2013230 kB)");
    }
    if (path == "/usr/share/zoneinfo") {
        return SizeFigure::range(2 * heuristics::MB, 400 * heuristics::kB, 4 * heuristics::MB, SizeSource::Heuristic,
            "heuristic: the time zone database, 2 MB (0.4\u20134 MB)");
    }
    if (path == "/etc/passwd" || path == "/etc/group" || path == "/etc/nsswitch.conf") {
        return SizeFigure::range(1 * heuristics::kB, 200, 4 * heuristics::kB, SizeSource::Heuristic,
            "heuristic: a small system file, about 1 kB");
    }
    return SizeFigure::unknown({});
}

std::string instructionSummary(const SyntaxTree &tree, int instruction)
{
    if (instruction < 0 || static_cast<size_t>(instruction) >= tree.instructions().size())
        return {};
    return instructionText(tree, tree.instructions()[static_cast<size_t>(instruction)]);
}

SizeReport estimateSizes(const SyntaxTree &tree, const BuildGraph &graph, const SizeOptions &options)
{
    return Estimator(tree, graph, options).run();
}

} // namespace stagecraft

// SPDX-License-Identifier: MIT
#include "build_graph.h"

#include "edit_distance.h"
#include "graph_topology.h"
#include "run_mount.h"
#include "syntax/go_text.h"

#include <algorithm>
#include <charconv>
#include <tuple>
#include <unordered_map>

namespace stagecraft {
namespace {

constexpr std::string_view scratchName = "scratch";

char lowerAscii(char c)
{
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size()
        && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lowerAscii(x) == lowerAscii(y); });
}

// strings.ToLower, without allocating beyond the result for ASCII input.
std::string toLower(std::string_view s)
{
    const bool ascii = std::all_of(s.begin(), s.end(), [](char c) { return (c & 0x80) == 0; });
    if (!ascii)
        return go::toLower(s);
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), lowerAscii);
    return out;
}

// ^[a-z][a-z0-9-_.]*$ on the lower-cased name.
bool isValidStageName(std::string_view name)
{
    if (name.empty() || name.front() < 'a' || name.front() > 'z')
        return false;
    return std::all_of(name.begin(), name.end(),
        [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'; });
}

// Words the shell lexer would return unchanged: no variables, quotes or escapes, and
// plain ASCII (the lexer rewrites invalid UTF-8). Most words are like this, and skipping
// the lexer for them is what keeps a rebuild cheap.
bool isPlainWord(std::string_view word, char escapeToken)
{
    return std::all_of(word.begin(), word.end(),
        [escapeToken](char c) { return c != '$' && c != '\'' && c != '"' && c != escapeToken && (c & 0x80) == 0; });
}

// strconv.Atoi: an optional sign and decimal digits that fit in an int64.
bool parseGoInt(std::string_view text, long long &value)
{
    std::string_view digits = text;
    bool negative = false;
    if (!digits.empty() && (digits.front() == '+' || digits.front() == '-')) {
        negative = digits.front() == '-';
        digits.remove_prefix(1);
    }
    if (digits.empty() || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return false;
    unsigned long long magnitude = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude);
    if (error != std::errc() || end != digits.data() + digits.size())
        return false;
    constexpr unsigned long long limit = 9223372036854775807ULL;
    if (magnitude > limit + (negative ? 1 : 0))
        return false;
    value = negative ? static_cast<long long>(0 - magnitude) : static_cast<long long>(magnitude);
    return true;
}

struct Word {
    std::string_view text;
    uint32_t begin = 0; ///< logical offsets
    uint32_t end = 0;
};

// BuildKit's FROM line parser splits the arguments on [\t\v\f\r ]+.
int splitFromWords(std::string_view args, uint32_t base, Word (&words)[4])
{
    int count = 0;
    size_t i = 0;
    while (i < args.size()) {
        while (i < args.size() && go::isBlank(args[i]))
            ++i;
        if (i == args.size())
            break;
        const size_t start = i;
        while (i < args.size() && !go::isBlank(args[i]))
            ++i;
        if (count < 4)
            words[count]
                = {args.substr(start, i - start), base + static_cast<uint32_t>(start), base + static_cast<uint32_t>(i)};
        ++count;
    }
    return count;
}

/// A stage reference found in a stage, resolved once every stage name is known.
struct PendingReference {
    EdgeKind kind = EdgeKind::Copy;
    int stage = 0;
    int instruction = 0;
    const Flag *flag = nullptr;
    std::string_view value; ///< COPY: the --from value; mount: the whole --mount value
};

} // namespace

std::string Stage::displayName() const
{
    return name.empty() ? "stage-" + std::to_string(index) : name;
}

std::string_view baseKindName(BaseKind kind)
{
    switch (kind) {
    case BaseKind::Image:
        return "image";
    case BaseKind::Stage:
        return "stage";
    case BaseKind::Scratch:
        return "scratch";
    case BaseKind::Invalid:
        return "invalid";
    }
    return "invalid";
}

std::string_view edgeKindName(EdgeKind kind)
{
    switch (kind) {
    case EdgeKind::From:
        return "from";
    case EdgeKind::Copy:
        return "copy";
    case EdgeKind::Mount:
        return "mount";
    }
    return "from";
}

std::span<const Edge> BuildGraph::edgesInto(int stage) const
{
    if (stage < 0 || static_cast<size_t>(stage) + 1 >= m_edgeBegin.size())
        return {};
    const uint32_t begin = m_edgeBegin[static_cast<size_t>(stage)];
    const uint32_t end = m_edgeBegin[static_cast<size_t>(stage) + 1];
    return {m_edges.data() + begin, end - begin};
}

bool BuildGraph::hasErrors() const
{
    return std::any_of(m_diagnostics.begin(), m_diagnostics.end(),
        [](const GraphDiagnostic &d) { return d.severity == Severity::Error; });
}

bool BuildGraph::reachable(int stage) const
{
    return stage >= 0 && static_cast<size_t>(stage) < m_reachable.size() && m_reachable[static_cast<size_t>(stage)];
}

int BuildGraph::wave(int stage) const
{
    return stage >= 0 && static_cast<size_t>(stage) < m_wave.size() ? m_wave[static_cast<size_t>(stage)] : -1;
}

int BuildGraph::stageOfInstruction(int instruction) const
{
    const auto it = std::upper_bound(m_stages.begin(), m_stages.end(), instruction,
        [](int value, const Stage &stage) { return value < stage.firstInstruction; });
    if (it == m_stages.begin())
        return -1;
    const Stage &stage = *(it - 1);
    return instruction < stage.endInstruction ? stage.index : -1;
}

int BuildGraph::findStage(std::string_view name) const
{
    for (auto it = m_stages.rbegin(); it != m_stages.rend(); ++it) {
        if (!it->name.empty() && equalsIgnoreCase(it->name, name))
            return it->index;
    }
    return -1;
}

/// Fills a BuildGraph in the order dockerfile2llb works: stages and global ARGs, bases,
/// then the --from and mount references (which may name any stage), then the topology.
class BuildGraphBuilder {
public:
    BuildGraphBuilder(const SyntaxTree &tree, const BuildGraphOptions &options)
        : m_tree(tree)
        , m_instructions(tree.instructions())
    {
        m_graph.m_options = options;
    }

    BuildGraph build()
    {
        collectStages();
        buildGlobalScope();
        resolveBases();
        resolveTarget();
        resolveReferences();
        analyse();
        reportForwardReferences();
        describeImages();
        std::stable_sort(m_graph.m_diagnostics.begin(), m_graph.m_diagnostics.end(),
            [](const GraphDiagnostic &a, const GraphDiagnostic &b) { return a.range.begin < b.range.begin; });
        return std::move(m_graph);
    }

private:
    const Instruction &instruction(int index) const { return m_instructions[static_cast<size_t>(index)]; }

    void error(SourceRange range, std::string code, std::string message, Severity severity = Severity::Error)
    {
        m_graph.m_diagnostics.push_back({range, severity, std::move(code), std::move(message)});
    }

    void collectStages()
    {
        const int count = static_cast<int>(m_instructions.size());
        int fromCount = 0;
        for (const Instruction &current : m_instructions)
            fromCount += current.kind == InstructionKind::From ? 1 : 0;
        m_graph.m_stages.reserve(static_cast<size_t>(fromCount));

        for (int i = 0; i < count; ++i) {
            const Instruction &current = m_instructions[static_cast<size_t>(i)];
            switch (current.kind) {
            case InstructionKind::From:
                addStage(i);
                break;
            case InstructionKind::Arg:
                if (m_graph.m_stages.empty())
                    m_metaArgs.push_back(i);
                break;
            case InstructionKind::Copy:
                if (!m_graph.m_stages.empty()) {
                    if (const Flag *flag = m_tree.findFlag(current, "from"))
                        m_pending.push_back({EdgeKind::Copy, currentStage(), i, flag, m_tree.flagValue(*flag)});
                }
                break;
            case InstructionKind::Run:
                if (!m_graph.m_stages.empty())
                    collectMounts(i, current);
                break;
            default:
                break;
            }
            if (m_graph.m_stages.empty() && current.kind != InstructionKind::Arg
                && current.kind != InstructionKind::From && current.kind != InstructionKind::Unknown)
                error(current.keyword, "NoBuildStage", "no build stage in current context");
            if (!m_graph.m_stages.empty())
                m_graph.m_stages.back().endInstruction = i + 1;
        }
        for (Stage &stage : m_graph.m_stages)
            stage.endLine = instruction(stage.endInstruction - 1).endLine;
        if (m_graph.m_stages.empty()) {
            const auto end = static_cast<uint32_t>(m_tree.text().size());
            error({end, end}, "NoStages", "dockerfile contains no stages to build");
        }
    }

    int currentStage() const { return static_cast<int>(m_graph.m_stages.size()) - 1; }

    void addStage(int index)
    {
        const Instruction &from = instruction(index);
        Stage stage;
        stage.index = static_cast<int>(m_graph.m_stages.size());
        stage.firstInstruction = index;
        stage.endInstruction = index + 1;
        stage.startLine = from.startLine;

        Word words[4];
        const int count = splitFromWords(m_tree.argumentsText(from), from.argsBegin, words);
        if (count >= 1) {
            stage.base.ref = words[0].text;
            stage.base.range = m_tree.toSource(from, words[0].begin, words[0].end);
        } else {
            stage.base.range = from.keyword;
        }
        if (count == 3 && equalsIgnoreCase(words[1].text, "as")) {
            stage.name = toLower(words[2].text);
            stage.nameRange = m_tree.toSource(from, words[2].begin, words[2].end);
            if (!isValidStageName(stage.name))
                error(stage.nameRange, "InvalidStageName",
                    "invalid name for build stage: " + go::quote(words[2].text)
                        + ", name can't start with a number or contain symbols");
        } else if (count != 1) {
            error(count == 0 ? from.keyword : m_tree.toSource(from, from.argsBegin, from.argsEnd), "FromArgumentCount",
                "FROM requires either one or three arguments");
        }
        if (const Flag *platform = m_tree.findFlag(from, "platform")) {
            stage.platform = m_tree.flagValue(*platform);
            m_platformFlags.emplace_back(stage.index, platform);
        }
        m_graph.m_stages.push_back(std::move(stage));
    }

    void collectMounts(int index, const Instruction &run)
    {
        for (const Flag &flag : m_tree.flags(run)) {
            if (m_tree.flagName(flag) != "mount")
                continue;
            const std::string_view value = m_tree.flagValue(flag);
            if (mayHaveFromField(value) || value.find('"') != std::string_view::npos)
                m_pending.push_back({EdgeKind::Mount, currentStage(), index, &flag, value});
        }
    }

    void buildGlobalScope()
    {
        const BuildGraphOptions &options = m_graph.m_options;
        // TARGETSTAGE is the target as asked for, or the last stage's name.
        std::string targetName = options.target;
        if (targetName.empty() && !m_graph.m_stages.empty())
            targetName = m_graph.m_stages.back().name;
        for (Variable &variable : automaticArgs(options.platform, options.buildPlatform, targetName, options.buildArgs))
            m_graph.m_automaticScope.set(std::move(variable));
        m_graph.m_globalScope = m_graph.m_automaticScope;
        std::vector<ExpansionError> errors;
        for (int index : m_metaArgs)
            applyGlobalArg(m_graph.m_globalScope, m_tree, index, options.buildArgs, &errors);
        for (ExpansionError &expansion : errors)
            error(expansion.range, "ArgExpansion", std::move(expansion.message));
    }

    // Expands a FROM word with the global ARGs; false (and a diagnostic) when BuildKit would fail.
    bool expandGlobal(std::string_view word, std::string &out, SourceRange range, const char *code)
    {
        if (isPlainWord(word, m_tree.escapeToken())) {
            out = word;
            return true;
        }
        ShellResult result = m_graph.m_globalScope.expand(word, m_tree.escapeToken());
        if (!result.ok()) {
            error(range, code, expansionErrorMessage(word, result.error));
            return false;
        }
        out = std::move(result.word);
        return true;
    }

    void resolveBases()
    {
        m_byName.reserve(m_graph.m_stages.size());
        for (const auto &[stageIndex, flag] : m_platformFlags) {
            Stage &stage = m_graph.m_stages[static_cast<size_t>(stageIndex)];
            if (expandGlobal(stage.platform, stage.resolvedPlatform, flag->range, "InvalidPlatform")
                && stage.resolvedPlatform.empty())
                error(flag->range, "InvalidPlatform", "empty platform value from expression " + stage.platform);
        }
        for (Stage &stage : m_graph.m_stages) {
            StageBase &base = stage.base;
            if (!base.ref.empty() && expandGlobal(base.ref, base.resolved, base.range, "InvalidFromReference")) {
                if (base.resolved.empty()) {
                    error(base.range, "InvalidFromReference", "base name (" + base.ref + ") should not be blank");
                } else if (const auto it = m_byName.find(base.resolved); it != m_byName.end()) {
                    // Only stages above are known yet, and the name must match exactly: BuildKit
                    // looks the base up as written in its map of lower-cased names.
                    base.kind = BaseKind::Stage;
                    base.stage = it->second;
                } else if (base.resolved == scratchName) {
                    base.kind = BaseKind::Scratch;
                } else {
                    base.image = parseImageReference(base.resolved);
                    if (base.image.valid()) {
                        base.kind = BaseKind::Image;
                    } else {
                        std::string message
                            = "failed to parse stage name " + go::quote(base.resolved) + ": " + base.image.error;
                        if (const int near = m_graph.findStage(base.resolved); near >= 0 && near < stage.index)
                            message += " (stage names are lower case: did you mean "
                                + go::quote(m_graph.m_stages[static_cast<size_t>(near)].name) + "?)";
                        error(base.range, "InvalidFromReference", std::move(message));
                    }
                }
            }
            if (!stage.name.empty())
                m_byName[stage.name] = stage.index;
        }
    }

    void resolveTarget()
    {
        if (m_graph.m_stages.empty())
            return;
        m_graph.m_target = static_cast<int>(m_graph.m_stages.size()) - 1;
        const std::string &target = m_graph.m_options.target;
        if (target.empty())
            return;
        if (const auto it = m_byName.find(toLower(target)); it != m_byName.end()) {
            m_graph.m_target = it->second;
            return;
        }
        std::string message = "target stage " + go::quote(target) + " could not be found";
        if (const auto [closest, distance] = closestStage(target); closest >= 0 && distance <= 2)
            message += "; did you mean " + go::quote(m_graph.m_stages[static_cast<size_t>(closest)].name) + "?";
        error({0, 0}, "UnknownTarget", std::move(message));
    }

    std::pair<int, int> closestStage(std::string_view reference) const
    {
        const std::string lowered = toLower(reference);
        int best = -1;
        int bestDistance = -1;
        for (const Stage &stage : m_graph.m_stages) {
            if (stage.name.empty())
                continue;
            const int distance = editDistance(lowered, stage.name);
            if (best < 0 || distance < bestDistance) {
                best = stage.index;
                bestDistance = distance;
            }
        }
        return {best, bestDistance};
    }

    void addEdge(EdgeKind kind, int source, int image, int target, int instructionIndex, SourceRange range)
    {
        m_graph.m_edges.push_back(
            {kind, source, image, target, instructionIndex, instruction(instructionIndex).startLine, range});
    }

    int imageIndex(std::string_view ref, int line, SourceRange range)
    {
        for (size_t i = 0; i < m_graph.m_images.size(); ++i) {
            if (m_graph.m_images[i].ref == ref)
                return static_cast<int>(i);
        }
        ExternalImage image;
        image.ref = ref;
        image.firstLine = line;
        image.range = range;
        m_graph.m_images.push_back(std::move(image));
        return static_cast<int>(m_graph.m_images.size()) - 1;
    }

    // A --from or mount from= value that names a stage (case-insensitively) or else an image.
    void addReference(const PendingReference &pending, std::string_view name)
    {
        const std::string lowered = toLower(name);
        if (const auto it = m_byName.find(lowered); it != m_byName.end()) {
            addEdge(pending.kind, it->second, -1, pending.stage, pending.instruction, pending.flag->range);
            return;
        }
        // BuildKit reads an unknown `scratch` as the empty image, not as something to pull.
        if (name == scratchName)
            return;
        const int image = imageIndex(name, instruction(pending.instruction).startLine, pending.flag->range);
        addEdge(pending.kind, -1, image, pending.stage, pending.instruction, pending.flag->range);
    }

    void resolveCopy(const PendingReference &pending)
    {
        const std::string_view from = pending.value;
        if (from.empty())
            return;
        // BuildKit expands --from with no variables set and refuses any change.
        if (!isPlainWord(from, m_tree.escapeToken())) {
            ShellLexerOptions options;
            options.escapeToken = m_tree.escapeToken();
            const ShellResult result = ShellLexer(options).processWord(from, {});
            if (!result.ok()) {
                error(pending.flag->range, "CopyFromVariable", expansionErrorMessage(from, result.error));
                return;
            }
            if (result.word != from) {
                error(pending.flag->range, "CopyFromVariable",
                    "variable expansion is not supported for --from, define a new stage with FROM using ARG "
                    "from global scope as a workaround");
                return;
            }
        }
        if (long long index = 0; parseGoInt(from, index)) {
            if (index < 0 || index >= static_cast<long long>(m_graph.m_stages.size())) {
                error(pending.flag->range, "StageIndexOutOfRange", "invalid stage index " + std::to_string(index));
                return;
            }
            addEdge(
                EdgeKind::Copy, static_cast<int>(index), -1, pending.stage, pending.instruction, pending.flag->range);
            return;
        }
        addReference(pending, from);
    }

    void resolveMount(const PendingReference &pending)
    {
        const RunMount mount = parseRunMount(pending.value);
        if (!mount.error.empty()) {
            const bool variable = mount.error.starts_with("'from'");
            error(pending.flag->range, variable ? "MountFromVariable" : "InvalidMount", mount.error);
            return;
        }
        // A tmpfs mount ignores from=; mounts never take a stage index.
        if (mount.from.empty() || mount.type == "tmpfs")
            return;
        addReference(pending, mount.from);
    }

    void resolveReferences()
    {
        const size_t stageCount = m_graph.m_stages.size();
        m_graph.m_edgeBegin.assign(stageCount + 1, 0);
        m_graph.m_edges.reserve(stageCount + m_pending.size());
        size_t next = 0;
        for (const Stage &stage : m_graph.m_stages) {
            m_graph.m_edgeBegin[static_cast<size_t>(stage.index)] = static_cast<uint32_t>(m_graph.m_edges.size());
            if (stage.base.kind == BaseKind::Stage)
                addEdge(EdgeKind::From, stage.base.stage, -1, stage.index, stage.firstInstruction, stage.base.range);
            for (; next < m_pending.size() && m_pending[next].stage == stage.index; ++next) {
                if (m_pending[next].kind == EdgeKind::Copy)
                    resolveCopy(m_pending[next]);
                else
                    resolveMount(m_pending[next]);
            }
        }
        m_graph.m_edgeBegin[stageCount] = static_cast<uint32_t>(m_graph.m_edges.size());
    }

    bool inCycle(const Edge &edge) const
    {
        if (edge.source < 0)
            return false;
        const int component = m_topology.component[static_cast<size_t>(edge.source)];
        return component == m_topology.component[static_cast<size_t>(edge.target)]
            && (edge.source == edge.target || m_topology.componentSize[static_cast<size_t>(component)] > 1);
    }

    void analyse()
    {
        m_topology = analyseTopology(m_graph.m_edges, m_graph.m_edgeBegin, m_graph.m_target);
        m_graph.m_reachable = std::move(m_topology.reachable);
        m_graph.m_wave = std::move(m_topology.wave);
        m_graph.m_waveCount = m_topology.waveCount;
        m_graph.m_criticalPath = std::move(m_topology.criticalPath);
        // BuildKit names the stage it started from; naming the whole cycle helps more.
        for (const Edge &edge : m_graph.m_edges) {
            if (edge.kind == EdgeKind::From || !inCycle(edge))
                continue;
            std::string members;
            for (const Stage &stage : m_graph.m_stages) {
                if (m_topology.component[static_cast<size_t>(stage.index)]
                    == m_topology.component[static_cast<size_t>(edge.target)])
                    members += (members.empty() ? "" : ", ") + stage.displayName();
            }
            error(edge.range, "CircularDependency",
                "circular dependency detected on stage: "
                    + m_graph.m_stages[static_cast<size_t>(edge.target)].displayName() + " (cycle: " + members + ")");
        }
    }

    // dispatchStages builds the stages in file order and refuses to copy from one not built yet.
    void reportForwardReferences()
    {
        for (const Edge &edge : m_graph.m_edges) {
            if (edge.source <= edge.target || edge.kind == EdgeKind::From || inCycle(edge))
                continue;
            const Stage &source = m_graph.m_stages[static_cast<size_t>(edge.source)];
            const Stage &target = m_graph.m_stages[static_cast<size_t>(edge.target)];
            const bool built = m_graph.reachable(edge.target);
            if (edge.kind == EdgeKind::Copy) {
                error(edge.range, "ForwardStageReference",
                    "cannot copy from stage " + go::quote(source.name)
                        + ", it needs to be defined before current stage " + go::quote(target.displayName()),
                    built ? Severity::Error : Severity::Warning);
            } else {
                error(edge.range, "ForwardStageReference",
                    "mount from stage " + go::quote(source.name) + " which is defined after current stage "
                        + go::quote(target.displayName()) + "; it is not built yet when this RUN runs",
                    Severity::Warning);
            }
        }
    }

    void describeImages()
    {
        for (ExternalImage &image : m_graph.m_images) {
            image.reference = parseImageReference(image.ref);
            image.looksLikeImage = image.ref.find_first_of("/:@") != std::string::npos;
            std::tie(image.closestStage, image.distance) = closestStage(image.ref);
            // BuildKit parses every such reference, needed by the target or not.
            if (!image.reference.valid())
                error(image.range, "InvalidImageReference",
                    "failed to parse stage name " + go::quote(image.ref) + ": " + image.reference.error);
        }
    }

    const SyntaxTree &m_tree;
    const std::vector<Instruction> &m_instructions;
    BuildGraph m_graph;
    std::vector<int> m_metaArgs;
    std::vector<PendingReference> m_pending;
    std::vector<std::pair<int, const Flag *>> m_platformFlags;
    std::unordered_map<std::string, int> m_byName;
    Topology m_topology;
};

BuildGraph buildGraph(const SyntaxTree &tree, const BuildGraphOptions &options)
{
    return BuildGraphBuilder(tree, options).build();
}

} // namespace stagecraft

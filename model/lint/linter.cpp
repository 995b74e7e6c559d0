// SPDX-License-Identifier: MIT
#include "linter.h"

#include "graph/stage_scope.h"
#include "rule_catalog.h"
#include "suppression.h"

#include <algorithm>
#include <exception>
#include <iterator>
#include <unordered_map>

namespace stagecraft {
namespace {

// Where the `# check=` settings come from: BuildKit lets the BUILDKIT_DOCKERFILE_CHECK
// build argument replace the directive entirely.
struct CheckSource {
    CheckDirective directive;
    SourceRange range;
};

CheckSource readCheckSettings(const SyntaxTree &tree, const BuildGraphOptions &graph)
{
    CheckSource source;
    if (const std::string *value = findBuildArg(graph.buildArgs, "BUILDKIT_DOCKERFILE_CHECK")) {
        source.directive = parseCheckDirective(*value);
        return source;
    }
    for (const Directive &directive : tree.directives()) {
        if (directive.name == "check") {
            source.directive = parseCheckDirective(directive.value);
            source.range = directive.valueRange;
        }
    }
    return source;
}

bool contains(const std::vector<std::string> &names, std::string_view name)
{
    return std::find(names.begin(), names.end(), name) != names.end();
}

// hadolint's DL3026 test: the registry is listed, matches a "*.example.com" wildcard, or
// is Docker Hub under one of its names.
bool registryTrusted(std::string_view registry, const std::vector<std::string> &trusted)
{
    for (const std::string &entry : trusted) {
        if (entry == registry)
            return true;
        if (entry.starts_with("*") && registry.ends_with(std::string_view(entry).substr(1)))
            return true;
        if (registry == "docker.io" && (entry == "hub.docker.com" || entry == "index.docker.io"))
            return true;
    }
    return false;
}

// DL3026 needs the configuration, which rules cannot see: the engine decides here, from the
// stage whose FROM image the finding points at.
bool keepTrustedRegistryFinding(
    const LintDiagnostic &diagnostic, const BuildGraph &graph, const std::vector<std::string> &trusted)
{
    if (trusted.empty())
        return false; // hadolint only checks registries when some are configured
    for (const Stage &stage : graph.stages()) {
        const SourceRange base = stage.base.range;
        if (diagnostic.range.begin >= base.end || diagnostic.range.end < base.begin)
            continue;
        if (stage.base.kind != BaseKind::Image)
            return false;
        return !registryTrusted(stage.base.image.registry, trusted);
    }
    return true;
}

} // namespace

bool LintResult::hasErrors() const
{
    return std::any_of(diagnostics.begin(), diagnostics.end(),
        [](const LintDiagnostic &diagnostic) { return diagnostic.severity == Severity::Error; });
}

std::string LintResult::stageName(int stage) const
{
    if (stage < 0 || stage >= static_cast<int>(stageNames.size()))
        return {};
    return stageNames[static_cast<size_t>(stage)];
}

namespace {

/// RuleCatalog::byId() for the engine's run over the diagnostics, which mostly come in runs
/// of one rule (a rule set reports rule by rule): the last answer is checked first.
class RuleLookup {
public:
    explicit RuleLookup(const RuleCatalog &catalog)
        : m_catalog(catalog)
    {}

    const RuleInfo *operator()(std::string_view id)
    {
        if (m_last == nullptr || m_last->id != id)
            m_last = m_catalog.byId(id);
        return m_last;
    }

private:
    const RuleCatalog &m_catalog;
    const RuleInfo *m_last = nullptr;
};

/// SyntaxTree::instructionAt() for offsets that mostly fall in the instruction of the previous
/// query or the one after it (diagnostics come instruction by instruction): those two are
/// checked before searching.
class InstructionLookup {
public:
    explicit InstructionLookup(const SyntaxTree &tree)
        : m_tree(tree)
    {}

    int operator()(uint32_t offset)
    {
        if (m_last >= 0) {
            for (const int guess : {m_last, m_last + 1}) {
                if (answers(guess, offset)) {
                    m_last = guess;
                    return guess;
                }
            }
        }
        const int found = m_tree.instructionAt(offset);
        if (found >= 0)
            m_last = found;
        return found;
    }

private:
    /// True when instructionAt(offset) is `index`: the last instruction starting at or before
    /// the offset, and the offset not past its end.
    [[nodiscard]] bool answers(int index, uint32_t offset) const
    {
        const std::vector<Instruction> &instructions = m_tree.instructions();
        const auto at = static_cast<size_t>(index);
        return at < instructions.size() && instructions[at].range.begin <= offset
            && offset <= instructions[at].range.end
            && (at + 1 == instructions.size() || offset < instructions[at + 1].range.begin);
    }

    const SyntaxTree &m_tree;
    int m_last = -1;
};

/// Where a rule of ours lists another rule as an alias (JSONArgsRecommended answers to
/// DL3025, WorkdirRelativePath to DL3000), both fire on the same instruction for the same
/// reason. Users see the finding once: the aliased rule's report is dropped when the rule
/// that names it reported on that instruction. A skipped or ignored rule reported nothing,
/// so the other one then still speaks. `instructions[i]` is the instruction diagnostic i is
/// on (-1 for none), `rules[i]` its rule (null when not in the catalog).
void dropAliasDuplicates(std::vector<LintDiagnostic> &diagnostics, const std::vector<int> &instructions,
    const std::vector<const RuleInfo *> &rules)
{
    std::unordered_map<int, std::vector<std::string_view>> aliasesAt; // instruction -> aliases reported there
    for (size_t i = 0; i < diagnostics.size(); ++i) {
        const RuleInfo *rule = rules[i];
        if (!rule || rule->aliases.empty() || instructions[i] < 0)
            continue;
        auto &aliases = aliasesAt[instructions[i]];
        aliases.insert(aliases.end(), rule->aliases.begin(), rule->aliases.end());
    }
    if (aliasesAt.empty())
        return;
    size_t kept = 0;
    for (size_t i = 0; i < diagnostics.size(); ++i) {
        const auto it = aliasesAt.find(instructions[i]);
        if (it != aliasesAt.end()
            && std::find(it->second.begin(), it->second.end(), diagnostics[i].rule) != it->second.end())
            continue;
        if (kept != i)
            diagnostics[kept] = std::move(diagnostics[i]);
        ++kept;
    }
    diagnostics.resize(kept);
}

/// std::stable_sort(items, less), in time linear in the size for input made of a few sorted
/// runs, as the findings are: each rule set reports in file order. Adjacent runs are merged
/// pairwise, pass after pass (stably: the left run's elements come first among equals).
template <typename T, typename Less>
void stableSortRuns(std::vector<T> &items, Less less)
{
    std::vector<size_t> bounds {0}; // where each run starts, then the end
    for (size_t i = 1; i < items.size(); ++i) {
        if (less(items[i], items[i - 1]))
            bounds.push_back(i);
    }
    bounds.push_back(items.size());
    while (bounds.size() > 2) {
        std::vector<size_t> merged {0};
        size_t k = 0;
        for (; k + 2 < bounds.size(); k += 2) {
            const auto begin = items.begin();
            std::inplace_merge(begin + static_cast<std::ptrdiff_t>(bounds[k]),
                begin + static_cast<std::ptrdiff_t>(bounds[k + 1]), begin + static_cast<std::ptrdiff_t>(bounds[k + 2]),
                less);
            merged.push_back(bounds[k + 2]);
        }
        if (k + 1 < bounds.size())
            merged.push_back(bounds.back()); // run k had no partner: it joins the next pass as it is
        bounds = std::move(merged);
    }
}

/// The diagnostics ordered by position (then rule and message), ties in their current order.
/// Sorts an index, not the diagnostics: moving thousands of them (strings, fixes) around
/// costs more than all of BuildKit's checks.
std::vector<LintDiagnostic> sortedByPosition(std::vector<LintDiagnostic> &diagnostics)
{
    std::vector<uint32_t> order(diagnostics.size());
    for (uint32_t i = 0; i < order.size(); ++i)
        order[i] = i;
    stableSortRuns(order, [&diagnostics](uint32_t left, uint32_t right) {
        const LintDiagnostic &a = diagnostics[left];
        const LintDiagnostic &b = diagnostics[right];
        if (a.range.begin != b.range.begin)
            return a.range.begin < b.range.begin;
        if (a.range.end != b.range.end)
            return a.range.end < b.range.end;
        if (a.rule != b.rule)
            return a.rule < b.rule;
        return a.message < b.message;
    });
    std::vector<LintDiagnostic> sorted;
    sorted.reserve(order.size());
    for (const uint32_t index : order)
        sorted.push_back(std::move(diagnostics[index]));
    return sorted;
}

} // namespace

LintResult lint(const SyntaxTree &tree, const LintOptions &options, const BuildContextInfo &context)
{
    return lint(tree, buildGraph(tree, options.graph), options, context);
}

LintResult lint(
    const SyntaxTree &tree, const BuildGraph &graph, const LintOptions &options, const BuildContextInfo &context)
{
    LintResult result;
    const ScopeResolver scopes(tree, graph);
    const RuleCatalog &catalog = ruleCatalog();

    // Every finding goes into this one vector, which is then filtered in place and sorted
    // once: each diagnostic is moved twice in all, not once per stage of the pipeline.
    std::vector<LintDiagnostic> all;
    // Rules rarely find more than one problem per instruction: room for that many spares the
    // vector's repeated regrowth (and moves) on large files.
    all.reserve(tree.instructions().size());
    {
        const LintContext lintContext(tree, graph, scopes, context, all);
        for (const RuleSet &set : catalog.ruleSets()) {
            // A rule that throws must not take the editor down; its findings so far are kept.
            try {
                if (set.check)
                    set.check(lintContext);
            } catch (const std::exception &) {}
        }
    }
    const size_t ruleFindings = all.size();

    const CheckSource check = readCheckSettings(tree, options.graph);
    result.buildKitErrorMode = check.directive.error || options.buildKitErrors;
    const auto experimentalEnabled = [&](std::string_view id) {
        return check.directive.enables(id) || options.allExperimental || contains(options.experimental, id);
    };

    // ShellCheck reports its own severities; its ids ("SC2086") are not in the catalog, and
    // ignore lists and pragmas name them exactly, so they pass the same suppression below.
    if (options.shellCheck) {
        ShellCheckRun shellCheck = runShellCheck(tree, graph, *options.shellCheck);
        std::move(shellCheck.diagnostics.begin(), shellCheck.diagnostics.end(), std::back_inserter(all));
        result.toolErrors = std::move(shellCheck.errors);
    }
    // The parser's and the graph's findings: errors BuildKit would stop on, in the same list.
    const auto addSyntax = [&all](const SyntaxDiagnostic &syntax) {
        LintDiagnostic diagnostic;
        diagnostic.rule = syntax.code;
        diagnostic.severity = syntax.severity;
        diagnostic.range = syntax.range;
        diagnostic.message = syntax.message;
        all.push_back(std::move(diagnostic));
    };
    for (const SyntaxDiagnostic &syntax : tree.diagnostics())
        addSyntax(syntax);
    for (const GraphDiagnostic &syntax : graph.diagnostics())
        addSyntax(syntax);
    if (!check.directive.parseError.empty()) {
        LintDiagnostic diagnostic;
        diagnostic.rule = "InvalidCheckDirective";
        diagnostic.severity = Severity::Error;
        diagnostic.range = check.range;
        diagnostic.message = check.directive.parseError;
        all.push_back(std::move(diagnostic));
    }

    // The rules' findings first pass what the file's `# check=` and the configuration say
    // about BuildKit rules and DL3026, and take their rule's default severity; then every
    // diagnostic passes the suppressions. Kept ones move to the front, in order.
    const PragmaSuppressions pragmas(tree);
    const auto designatedBy = [&](const std::string &id, const auto &names) {
        return std::any_of(
            names.begin(), names.end(), [&](const std::string &name) { return catalog.designates(name, id); });
    };
    // For dropAliasDuplicates: the instruction and the rule of each kept diagnostic.
    std::vector<int> instructions;
    std::vector<const RuleInfo *> rules;
    instructions.reserve(all.size());
    rules.reserve(all.size());
    RuleLookup ruleOf(catalog);
    InstructionLookup instructionAt(tree);
    size_t kept = 0;
    for (size_t i = 0; i < all.size(); ++i) {
        LintDiagnostic &diagnostic = all[i];
        const RuleInfo *rule = ruleOf(diagnostic.rule);
        if (i < ruleFindings) {
            if (rule && rule->origin == RuleOrigin::BuildKit) {
                if (isExperimentalRule(rule->id) ? !experimentalEnabled(rule->id) : check.directive.skips(rule->id))
                    continue;
            }
            if (diagnostic.rule == "DL3026"
                && !keepTrustedRegistryFinding(diagnostic, graph, options.trustedRegistries))
                continue;
            diagnostic.severity = rule ? rule->defaultSeverity : Severity::Warning;
        }
        const int instruction = instructionAt(diagnostic.range.begin);
        if (diagnostic.stage < 0 && instruction >= 0)
            diagnostic.stage = graph.stageOfInstruction(instruction);
        if (designatedBy(diagnostic.rule, options.ignored) || designatedBy(diagnostic.rule, pragmas.global()))
            continue;
        if (instruction >= 0 && designatedBy(diagnostic.rule, pragmas.ignoredAt(instruction)))
            continue;
        for (const auto &[name, severity] : options.severityOverrides) {
            if (catalog.designates(name, diagnostic.rule))
                diagnostic.severity = severity;
        }
        // BuildKit fails the build on any check violation under error=true.
        if (result.buildKitErrorMode && rule && rule->origin == RuleOrigin::BuildKit)
            diagnostic.severity = Severity::Error;
        if (kept != i)
            all[kept] = std::move(diagnostic);
        instructions.push_back(instruction);
        rules.push_back(rule);
        ++kept;
    }
    all.resize(kept);
    dropAliasDuplicates(all, instructions, rules);
    result.diagnostics = sortedByPosition(all);

    result.stageNames.reserve(graph.stages().size());
    for (const Stage &stage : graph.stages())
        result.stageNames.push_back(stage.displayName());
    return result;
}

std::string applyFix(std::string_view text, const QuickFix &fix)
{
    std::vector<const TextEdit *> edits;
    for (const TextEdit &edit : fix.edits)
        edits.push_back(&edit);
    std::stable_sort(edits.begin(), edits.end(),
        [](const TextEdit *a, const TextEdit *b) { return a->range.begin > b->range.begin; });
    std::string out(text);
    for (const TextEdit *edit : edits) {
        const size_t begin = std::min<size_t>(edit->range.begin, out.size());
        const size_t end = std::clamp<size_t>(edit->range.end, begin, out.size());
        out.replace(begin, end - begin, edit->text);
    }
    return out;
}

} // namespace stagecraft

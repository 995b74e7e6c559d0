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

/// Where a rule of ours lists another rule as an alias (JSONArgsRecommended answers to
/// DL3025, WorkdirRelativePath to DL3000), both fire on the same instruction for the same
/// reason. Users see the finding once: the aliased rule's report is dropped when the rule
/// that names it reported on that instruction. A skipped or ignored rule reported nothing,
/// so the other one then still speaks.
template <typename Info>
void dropAliasDuplicates(std::vector<LintDiagnostic> &diagnostics, const SyntaxTree &tree, const Info &info)
{
    std::unordered_map<int, std::vector<std::string_view>> aliasesAt; // instruction -> aliases reported there
    for (const LintDiagnostic &diagnostic : diagnostics) {
        const RuleInfo *rule = info(diagnostic.rule);
        if (!rule || rule->aliases.empty())
            continue;
        if (const int instruction = tree.instructionAt(diagnostic.range.begin); instruction >= 0) {
            auto &aliases = aliasesAt[instruction];
            aliases.insert(aliases.end(), rule->aliases.begin(), rule->aliases.end());
        }
    }
    if (aliasesAt.empty())
        return;
    std::erase_if(diagnostics, [&](const LintDiagnostic &diagnostic) {
        const auto it = aliasesAt.find(tree.instructionAt(diagnostic.range.begin));
        return it != aliasesAt.end()
            && std::find(it->second.begin(), it->second.end(), diagnostic.rule) != it->second.end();
    });
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

    std::vector<LintDiagnostic> found;
    const LintContext lintContext(tree, graph, scopes, context,
        [&found](LintDiagnostic &&diagnostic) { found.push_back(std::move(diagnostic)); });
    for (const RuleSet &set : catalog.ruleSets()) {
        // A rule that throws must not take the editor down; its findings so far are kept.
        try {
            if (set.check)
                set.check(lintContext);
        } catch (const std::exception &) {}
    }

    const CheckSource check = readCheckSettings(tree, options.graph);
    result.buildKitErrorMode = check.directive.error || options.buildKitErrors;
    const auto experimentalEnabled = [&](std::string_view id) {
        return check.directive.enables(id) || options.allExperimental || contains(options.experimental, id);
    };

    // Rule lookups by id, once per distinct rule.
    std::unordered_map<std::string, const RuleInfo *> infos;
    const auto info = [&](const std::string &id) {
        const auto it = infos.find(id);
        if (it != infos.end())
            return it->second;
        const RuleInfo *rule = nullptr;
        for (const RuleInfo &candidate : catalog.rules()) {
            if (candidate.id == id) {
                rule = &candidate;
                break;
            }
        }
        infos.emplace(id, rule);
        return rule;
    };

    std::vector<LintDiagnostic> all;
    all.reserve(found.size() + tree.diagnostics().size() + graph.diagnostics().size() + 1);
    for (LintDiagnostic &diagnostic : found) {
        const RuleInfo *rule = info(diagnostic.rule);
        if (rule && rule->origin == RuleOrigin::BuildKit) {
            if (isExperimentalRule(rule->id) ? !experimentalEnabled(rule->id) : check.directive.skips(rule->id))
                continue;
        }
        if (diagnostic.rule == "DL3026" && !keepTrustedRegistryFinding(diagnostic, graph, options.trustedRegistries))
            continue;
        diagnostic.severity = rule ? rule->defaultSeverity : Severity::Warning;
        all.push_back(std::move(diagnostic));
    }
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

    const PragmaSuppressions pragmas(tree);
    const auto designatedBy = [&](const std::string &id, const auto &names) {
        return std::any_of(
            names.begin(), names.end(), [&](const std::string &name) { return catalog.designates(name, id); });
    };
    result.diagnostics.reserve(all.size());
    for (LintDiagnostic &diagnostic : all) {
        const int instruction = tree.instructionAt(diagnostic.range.begin);
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
        if (result.buildKitErrorMode) {
            if (const RuleInfo *rule = info(diagnostic.rule); rule && rule->origin == RuleOrigin::BuildKit)
                diagnostic.severity = Severity::Error;
        }
        result.diagnostics.push_back(std::move(diagnostic));
    }
    dropAliasDuplicates(result.diagnostics, tree, info);
    // Sort an index, not the diagnostics: moving thousands of them (strings, fixes) around
    // cost more than all of BuildKit's checks.
    std::vector<uint32_t> order(result.diagnostics.size());
    for (uint32_t i = 0; i < order.size(); ++i)
        order[i] = i;
    const std::vector<LintDiagnostic> &unsorted = result.diagnostics;
    std::stable_sort(order.begin(), order.end(), [&unsorted](uint32_t left, uint32_t right) {
        const LintDiagnostic &a = unsorted[left];
        const LintDiagnostic &b = unsorted[right];
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
        sorted.push_back(std::move(result.diagnostics[index]));
    result.diagnostics = std::move(sorted);

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

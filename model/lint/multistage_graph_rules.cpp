// SPDX-License-Identifier: MIT
// The multi-stage rules that read the build graph alone: CopyFromUnknownStage and UnusedStage.

#include "multistage_checks.h"
#include "multistage_copy.h"

#include <algorithm>
#include <initializer_list>

namespace stagecraft {
namespace {

bool oneOf(std::string_view s, std::initializer_list<std::string_view> list)
{
    return std::find(list.begin(), list.end(), s) != list.end();
}

const Instruction &instructionAt(const SyntaxTree &tree, int index)
{
    return tree.instructions()[static_cast<size_t>(index)];
}

// Docker Hub images that are copied from on purpose (`COPY --from=docker /usr/local/bin/docker`),
// whatever stage names are near them.
bool isWellKnownImage(std::string_view ref)
{
    return oneOf(ref,
        {"alpine", "busybox", "bash", "debian", "ubuntu", "node", "golang", "python", "nginx", "redis", "postgres",
            "mysql", "mariadb", "mongo", "rust", "docker", "registry", "traefik", "caddy", "httpd", "php", "ruby",
            "openjdk", "maven", "gradle", "gcc", "tomcat", "composer", "memcached", "vault", "consul", "scratch",
            "perl", "erlang", "elixir", "haproxy", "envoy", "curl"});
}

// The range of `from=<value>` inside a `--mount=...` flag written verbatim, else the flag.
SourceRange mountFromRange(const SyntaxTree &tree, const Flag &flag, bool &exact)
{
    exact = false;
    if (!flag.textInSource || flag.range.length() != flag.textLength)
        return flag.range;
    const std::string_view text = tree.flagText(flag);
    for (size_t pos = text.find('='); pos != std::string_view::npos && pos < text.size();) {
        const size_t field = pos + 1;
        const size_t end = std::min(text.find(',', field), text.size());
        const std::string_view item = text.substr(field, end - field);
        if (item.size() > 5 && (item.substr(0, 5) == "from=" || item.substr(0, 5) == "FROM=")) {
            exact = true;
            return {flag.textOffset + static_cast<uint32_t>(field + 5), flag.textOffset + static_cast<uint32_t>(end)};
        }
        pos = end;
    }
    return flag.range;
}

} // namespace

void checkCopyFromUnknownStage(const LintContext &ctx)
{
    const SyntaxTree &tree = ctx.tree();
    const BuildGraph &graph = ctx.graph();
    for (const Edge &edge : graph.edges()) {
        if (edge.source >= 0 || edge.image < 0 || edge.kind == EdgeKind::From)
            continue;
        const ExternalImage &image = graph.images()[static_cast<size_t>(edge.image)];
        if (image.looksLikeImage || image.closestStage < 0 || image.distance <= 0 || isWellKnownImage(image.ref))
            continue;
        const Stage &closest = graph.stages()[static_cast<size_t>(image.closestStage)];
        const int longest = static_cast<int>(std::max(image.ref.size(), closest.name.size()));
        if (image.distance > 2 || image.distance * 3 > longest + 1)
            continue;
        const Flag *flag = nullptr;
        for (const Flag &candidate : tree.flags(instructionAt(tree, edge.instruction))) {
            if (candidate.range == edge.range)
                flag = &candidate;
        }
        bool exact = false;
        SourceRange range = edge.range;
        if (flag)
            range = edge.kind == EdgeKind::Copy ? flagValueRange(tree, *flag, &exact)
                                                : mountFromRange(tree, *flag, exact);
        const std::string pulled = image.reference.valid() ? image.reference.canonical() : image.ref;
        std::string message = (edge.kind == EdgeKind::Copy ? "--from=" : "--mount from=") + image.ref
            + " names no stage, so BuildKit pulls it as the image " + pulled + "; did you mean stage \"" + closest.name
            + "\"?";
        std::vector<QuickFix> fixes;
        if (exact)
            fixes.push_back({"Use stage \"" + closest.name + "\"", {{range, closest.name}}});
        ctx.report("CopyFromUnknownStage", range, std::move(message), edge.target, std::move(fixes));
    }
}

// Reports the skipped stages nothing depends on: an alternative target, or dead code. The
// skipped stages they need are counted in the message rather than reported one by one, so a
// file with many targets gets one finding per target.
void checkUnusedStages(const LintContext &ctx)
{
    const BuildGraph &graph = ctx.graph();
    if (graph.targetIndex() < 0)
        return;
    const size_t count = graph.stages().size();
    std::vector<uint8_t> used(count, 0);
    for (const Edge &edge : graph.edges()) {
        if (edge.source >= 0 && edge.source != edge.target)
            used[static_cast<size_t>(edge.source)] = 1;
    }
    const std::string target = graph.stages()[static_cast<size_t>(graph.targetIndex())].displayName();
    std::vector<int> visited(count, -1);
    std::vector<int> stack;
    for (const Stage &stage : graph.stages()) {
        if (graph.reachable(stage.index) || used[static_cast<size_t>(stage.index)])
            continue;
        // The skipped stages this one needs (and only a skipped stage can need them).
        int needed = 0;
        stack.assign(1, stage.index);
        visited[static_cast<size_t>(stage.index)] = stage.index;
        while (!stack.empty()) {
            const int current = stack.back();
            stack.pop_back();
            for (const Edge &edge : graph.edgesInto(current)) {
                if (edge.source < 0 || graph.reachable(edge.source)
                    || visited[static_cast<size_t>(edge.source)] == stage.index)
                    continue;
                visited[static_cast<size_t>(edge.source)] = stage.index;
                ++needed;
                stack.push_back(edge.source);
            }
        }
        const Instruction &from = instructionAt(ctx.tree(), stage.firstInstruction);
        const SourceRange range = stage.nameRange.length() > 0 ? stage.nameRange : from.keyword;
        std::string message;
        if (stage.name.empty())
            message = "this unnamed stage is never used: no stage copies from it or builds on it, and it is not the "
                      "target; BuildKit skips it";
        else
            message = "stage " + stage.name + " is not needed to build the target " + target
                + ": BuildKit skips it (it is only built with --target " + stage.name + ")";
        if (needed > 0)
            message += ", and " + std::to_string(needed) + (needed == 1 ? " stage" : " stages") + " only it needs";
        ctx.report("UnusedStage", range, std::move(message), stage.index);
    }
}

} // namespace stagecraft

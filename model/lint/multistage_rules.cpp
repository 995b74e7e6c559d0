// SPDX-License-Identifier: MIT
// Stagecraft's multi-stage rules: their catalog entries, and the one pass that checks them.
// The per-instruction rules (PackageInstallBeforeManifest, NpmOnlyProductionDeprecated,
// ContextCopiedBeforeDependencies, SecretInLayer) report while the StageWalker follows each
// stage (multistage_walk*.cpp); the rules about the shipped image read the walker's end state
// of the target (multistage_final_rules.cpp); the graph rules read the build graph alone
// (multistage_graph_rules.cpp).

#include "multistage_checks.h"

namespace stagecraft {
namespace {

void check(const LintContext &ctx)
{
    checkCopyFromUnknownStage(ctx);
    checkUnusedStages(ctx);
    const FinalImage image(ctx.graph());
    StageWalker walker(ctx, image);
    walker.run();
    checkFinalImage(ctx, image, walker);
}

} // namespace

RuleSet multiStageRules()
{
    RuleSet set;
    auto rule = [&set](std::string_view id, Severity severity, std::string_view summary) {
        set.rules.push_back({id, {}, RuleOrigin::Stagecraft, severity, summary, {}});
    };
    rule("CopyFromUnknownStage", Severity::Error,
        "COPY --from / RUN --mount from= names no stage but nearly matches one: BuildKit would pull it as an image");
    rule("UnusedStage", Severity::Info, "A stage the target does not need: BuildKit skips it");
    rule("ToolchainInFinalStage", Severity::Warning,
        "The final image installs or inherits compilers and build tools a runtime does not need");
    rule("SourceMapsInFinalStage", Severity::Warning, "Source maps (*.map) end up in the final image");
    rule("DevDependenciesInFinalStage", Severity::Warning,
        "node_modules with devDependencies end up in the final image");
    rule("PackageInstallBeforeManifest", Severity::Error,
        "A dependency install runs before its manifest (package.json, requirements.txt, go.mod) is in the stage");
    rule("NpmOnlyProductionDeprecated", Severity::Warning,
        "npm --only=production / --production is deprecated: use --omit=dev");
    rule("ScratchWithoutCACertificates", Severity::Info, "A FROM scratch final image without a CA certificate bundle");
    rule("CgoBinaryInStaticBase", Severity::Warning,
        "A Go binary built with cgo is copied into scratch or a static distroless base, where it cannot start");
    rule("SecretInLayer", Severity::Warning,
        "A secret file is copied into a layer, or a secret-looking build argument is read by RUN");
    rule("ContextCopiedBeforeDependencies", Severity::Warning,
        "COPY . . comes before the dependency install, so every source change re-runs it");
    rule("FinalStageRunsAsRoot", Severity::Warning, "The final image runs its process as root");
    set.check = check;
    return set;
}

} // namespace stagecraft

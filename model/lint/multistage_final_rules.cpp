// SPDX-License-Identifier: MIT
// The multi-stage rules about what ships: they read the StageWalker's end state of the target,
// which includes every stage it inherits with FROM <stage>, and the COPYs of those stages.
// FinalStageRunsAsRoot, ToolchainInFinalStage, ScratchWithoutCACertificates,
// CgoBinaryInStaticBase, DevDependenciesInFinalStage, SourceMapsInFinalStage.

#include "multistage_checks.h"
#include "multistage_paths.h"

#include <algorithm>

namespace stagecraft {
namespace {

const Instruction &instructionAt(const SyntaxTree &tree, int index)
{
    return tree.instructions()[static_cast<size_t>(index)];
}

std::string lineText(int line)
{
    return "line " + std::to_string(line);
}

std::string imageName(const StageBase &base)
{
    if (base.kind == BaseKind::Scratch)
        return "scratch";
    return base.resolved.empty() ? base.ref : base.resolved;
}

struct FinalContext {
    const LintContext &ctx;
    const FinalImage &image;
    const StageWalker &walker;

    [[nodiscard]] const StageState &state() const { return walker.endState(image.target()); }
    [[nodiscard]] const Stage &stage(int index) const { return ctx.graph().stages()[static_cast<size_t>(index)]; }
    [[nodiscard]] const Stage &root() const { return stage(image.rootStage()); }
};

// Where `USER` goes: before the first CMD/ENTRYPOINT after the last USER of the target, else at its end.
TextEdit userInsertion(const FinalContext &f, const std::string &user)
{
    const SyntaxTree &tree = f.ctx.tree();
    const Stage &target = f.stage(f.image.target());
    int after = target.firstInstruction;
    for (int i = target.firstInstruction; i < target.endInstruction; ++i) {
        if (instructionAt(tree, i).kind == InstructionKind::User)
            after = i;
    }
    for (int i = after + 1; i < target.endInstruction; ++i) {
        const Instruction &instruction = instructionAt(tree, i);
        if (instruction.kind == InstructionKind::Cmd || instruction.kind == InstructionKind::Entrypoint) {
            const uint32_t start = tree.lines().lineStart(instruction.startLine);
            const std::string indent(tree.text().substr(start, instruction.range.begin - start));
            return {{start, start}, indent + "USER " + user + "\n"};
        }
    }
    const uint32_t end = tree.lines().lineEnd(instructionAt(tree, target.endInstruction - 1).endLine);
    return {{end, end}, "\nUSER " + user};
}

void checkRunsAsRoot(const FinalContext &f)
{
    const StageState &state = f.state();
    const ImageFacts &facts = f.image.baseFacts();
    const StageBase &base = *f.image.base();
    if (state.windows || state.dropsPrivileges || (base.kind == BaseKind::Scratch && !state.hasCommand))
        return;
    const SyntaxTree &tree = f.ctx.tree();
    SourceRange range;
    int stage = f.image.target();
    std::string message;
    if (state.userInstruction >= 0) {
        if (!state.userCertain || (state.user != "root" && state.user != "0"))
            return;
        const Instruction &user = instructionAt(tree, state.userInstruction);
        range = user.range;
        stage = f.ctx.graph().stageOfInstruction(state.userInstruction);
        const std::string written(tree.argumentsText(user));
        message = "the final image runs as root: `USER " + written + "` at " + lineText(user.startLine)
            + " is its last USER";
        if (written.find('$') != std::string::npos)
            message += " (" + state.user + " with the default build arguments)";
    } else {
        if (facts.nonRootDefault)
            return;
        range = instructionAt(tree, f.stage(stage).firstInstruction).range;
        const std::string name = imageName(base);
        message = "the final image runs as root: no stage of it sets USER, and ";
        if (base.kind == BaseKind::Scratch)
            message += "scratch has no users (the process gets uid 0)";
        else if (facts.family == ImageFamily::Node)
            message += name + " runs as root by default (it has a `node` user for this)";
        else if (facts.family == ImageFamily::DotnetSdk || facts.family == ImageFamily::DotnetRuntime)
            message += name + " runs as root by default (it has an `app` user for this)";
        else if (facts.defaultUserKnown)
            message += name + " runs as root by default";
        else
            message += name + " is not known to set a non-root user";
    }
    std::string user = "65532:65532";
    if (facts.family == ImageFamily::Node)
        user = "node";
    else if (facts.family == ImageFamily::DotnetSdk || facts.family == ImageFamily::DotnetRuntime)
        user = "app";
    else if (facts.family == ImageFamily::Distroless || facts.family == ImageFamily::DistrolessStatic)
        user = "nonroot:nonroot";
    message += "; add `USER " + user + "` before the command";
    f.ctx.report("FinalStageRunsAsRoot", range, std::move(message), stage,
        {{"Insert `USER " + user + "`", {userInsertion(f, user)}}});
}

std::string packageList(const std::vector<ToolchainPackage> &packages)
{
    std::string out;
    for (const ToolchainPackage &package : packages) {
        if (out.find(package.name) != std::string::npos)
            continue;
        out += (out.empty() ? "" : ", ") + package.name;
    }
    return out;
}

void checkToolchain(const FinalContext &f)
{
    const StageState &state = f.state();
    const ImageFacts &facts = f.image.baseFacts();
    // An image without a command of its own is a build or development environment, and one
    // whose command compiles (`go run`, `mvn spring-boot:run`) needs its toolchain.
    if (state.windows || !state.hasCommand || state.commandIsToolchain)
        return;
    const Stage &root = f.root();
    const std::string name = imageName(root.base);
    if (facts.toolchain) {
        f.ctx.report("ToolchainInFinalStage", root.base.range,
            "the final image is based on " + name
                + ", a build toolchain image: its compilers and build tools ship with the application; build "
                  "in a separate stage and ship on "
                + std::string(facts.runtimeSuggestion),
            root.index);
    } else if (facts.fullVariant) {
        f.ctx.report("ToolchainInFinalStage", root.base.range,
            "the final image is based on " + name
                + ", the full variant built on buildpack-deps: gcc, make and the -dev headers ship with it; "
                  "use the -slim variant and compile native modules in a separate stage",
            root.index);
    }
    for (const ToolchainRecord &record : state.toolchains) {
        const std::string names = packageList(record.install.packages);
        const int line = f.walker.line(record.instruction);
        std::string message;
        if (record.removedLine != 0)
            message = names + " (installed at " + lineText(line) + ") are removed only at "
                + lineText(record.removedLine) + ": the layer of " + lineText(line)
                + " still ships them; install and remove them in one RUN (apk add --virtual .build-deps ... && apk "
                  "del .build-deps) or build in a separate stage";
        else
            message = "the final image keeps the build toolchain installed at " + lineText(line) + " (" + names
                + "); compile in a builder stage and copy only the result, or remove the packages in the same RUN";
        f.ctx.report("ToolchainInFinalStage", record.install.packages.front().range, std::move(message), record.stage);
    }
}

void checkCaCertificates(const FinalContext &f)
{
    const StageState &state = f.state();
    const Stage &root = f.root();
    if (root.base.kind != BaseKind::Scratch || !state.hasCommand || state.caCertificates)
        return;
    std::vector<QuickFix> fixes;
    const SyntaxTree &tree = f.ctx.tree();
    for (int stage : f.image.chain()) {
        for (const CopyRecord &copy : f.walker.copies(stage)) {
            if (copy.sourceStage < 0 || !fixes.empty())
                continue;
            const ImageFamily family = f.walker.endState(copy.sourceStage).image.family;
            if (family != ImageFamily::Golang && family != ImageFamily::Rust)
                continue;
            const Stage &source = f.stage(copy.sourceStage);
            const std::string name = source.name.empty() ? std::to_string(source.index) : source.name;
            const std::string line = "COPY --from=" + name + " /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/";
            const uint32_t end = tree.lines().lineEnd(instructionAt(tree, root.firstInstruction).endLine);
            fixes.push_back({"Copy the CA bundle from " + name, {{{end, end}, "\n" + line}}});
        }
    }
    f.ctx.report("ScratchWithoutCACertificates", root.base.range,
        "the final image is FROM scratch and no COPY brings a CA bundle (/etc/ssl/certs/ca-certificates.crt): "
        "TLS connections will fail with \"x509: certificate signed by unknown authority\" unless the program "
        "embeds its roots",
        root.index, std::move(fixes));
}

void checkCgoBinaries(const FinalContext &f)
{
    const ImageFacts &facts = f.image.baseFacts();
    if (!facts.noLibc || !f.state().hasCommand)
        return;
    const std::string base = imageName(f.root().base);
    for (int stage : f.image.chain()) {
        for (const CopyRecord &copy : f.walker.copies(stage)) {
            if (copy.sourceStage < 0 || copy.sourceStage >= stage)
                continue;
            const StageState &source = f.walker.endState(copy.sourceStage);
            for (const CopyPath &path : copy.arguments.sources) {
                if (path.heredoc || !path.certain)
                    continue;
                const std::string copied = joinPath("/", path.value);
                for (const GoBuildRecord &record : source.goBuilds) {
                    const std::string &output = record.build.output;
                    if (!record.cgoLikely || !isKnownPath(output))
                        continue;
                    if (!(copied == output || pathWithin(output, copied)
                            || (record.build.outputIsDirectory && pathWithin(copied, output))))
                        continue;
                    f.ctx.report("CgoBinaryInStaticBase", path.range,
                        output + " is built at " + lineText(record.line) + " (stage "
                            + f.stage(record.stage).displayName()
                            + ") with cgo enabled (a C compiler is there and CGO_ENABLED is not 0): it links "
                              "libc dynamically and cannot start on "
                            + base + " (\"no such file or directory\"); build it with CGO_ENABLED=0",
                        stage);
                    break;
                }
            }
        }
    }
}

void checkDevDependencies(const FinalContext &f)
{
    const StageState &state = f.state();
    for (const NodeModules &modules : state.nodeModules) {
        if (!modules.dev)
            continue;
        if (modules.copied) {
            std::string message = "node_modules copied from stage " + f.stage(modules.sourceStage).displayName()
                + " holds devDependencies (installed at " + lineText(modules.installLine) + ")";
            if (modules.replacedLine != 0)
                message += " and replaces the production install of " + lineText(modules.replacedLine);
            message += "; install production dependencies (npm ci --omit=dev) in the final stage or a separate stage "
                       "and copy them from there, or run npm prune --omit=dev in the builder after the build";
            f.ctx.report("DevDependenciesInFinalStage", modules.range, std::move(message), modules.stage);
        } else if (modules.buildLine != 0) {
            f.ctx.report("DevDependenciesInFinalStage", modules.range,
                "this installs devDependencies into the final image and nothing prunes them after the build at "
                    + lineText(modules.buildLine)
                    + "; build in a separate stage and install here with npm ci --omit=dev (or run npm prune "
                      "--omit=dev after the build)",
                modules.stage);
        }
    }
}

bool isSourceMapName(std::string_view name)
{
    return name.ends_with(".js.map") || name.ends_with(".css.map") || name.ends_with(".mjs.map")
        || name.ends_with(".cjs.map") || name == "*.map";
}

void checkSourceMaps(const FinalContext &f)
{
    const StageState &state = f.state();
    for (const StageEvent &event : state.sourceMaps) {
        f.ctx.report("SourceMapsInFinalStage", event.range,
            "source maps are generated in the final image (" + lineText(event.line)
                + "): they ship the original sources; compile in a builder stage and copy only the JavaScript",
            event.stage);
    }
    const std::vector<std::string> &contextMaps = f.walker.contextSourceMaps();
    for (int stage : f.image.chain()) {
        for (const CopyRecord &copy : f.walker.copies(stage)) {
            for (const CopyPath &path : copy.arguments.sources) {
                if (path.heredoc || !path.certain)
                    continue;
                const std::string_view name = baseName(path.value);
                std::string why;
                if (isSourceMapName(name)) {
                    why = "this copies source maps (" + std::string(name) + ") into the final image";
                } else if (name == "node_modules"
                    || !(path.value.ends_with('/') || name.find('.') == std::string_view::npos)) {
                    continue;
                } else if (copy.sourceStage >= 0 && copy.sourceStage < stage) {
                    const std::string copied = joinPath("/", path.value);
                    const StageState &source = f.walker.endState(copy.sourceStage);
                    for (const StageEvent &event : source.sourceMaps) {
                        if (isKnownPath(event.directory)
                            && (pathWithin(copied, event.directory) || pathWithin(event.directory, copied))) {
                            why = "this copies " + copied + " from stage " + f.stage(copy.sourceStage).displayName()
                                + ", whose build at " + lineText(event.line) + " writes source maps there";
                            break;
                        }
                    }
                    if (why.empty() && !contextMaps.empty()) {
                        for (const StageEvent &event : source.jsBuilds) {
                            if (isKnownPath(event.directory)
                                && (pathWithin(copied, event.directory) || pathWithin(event.directory, copied))) {
                                why = "this copies the build output " + copied + " of stage "
                                    + f.stage(copy.sourceStage).displayName()
                                    + ", and the build context holds source maps (" + contextMaps.front()
                                    + "), so the build makes them";
                                break;
                            }
                        }
                    }
                } else if (copy.sourceStage < 0 && !copy.fromImage) {
                    const std::string prefix = cleanPath(path.value);
                    for (const std::string &file : contextMaps) {
                        if (prefix == "." || file.starts_with(prefix + "/")) {
                            why = "this copies " + file + " (a source map in the build context) into the final image";
                            break;
                        }
                    }
                }
                if (!why.empty())
                    f.ctx.report("SourceMapsInFinalStage", path.range,
                        why
                            + "; source maps expose the original sources: leave *.map out (.dockerignore, or "
                              "copy only the .js files)",
                        stage);
            }
        }
    }
}

} // namespace

void checkFinalImage(const LintContext &ctx, const FinalImage &image, const StageWalker &walker)
{
    if (!image.valid() || !image.base())
        return;
    const FinalContext f {ctx, image, walker};
    checkRunsAsRoot(f);
    checkToolchain(f);
    checkCaCertificates(f);
    checkCgoBinaries(f);
    checkDevDependencies(f);
    checkSourceMaps(f);
}

} // namespace stagecraft

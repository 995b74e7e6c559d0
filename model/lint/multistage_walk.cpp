// SPDX-License-Identifier: MIT
#include "multistage_walk.h"

#include "multistage_paths.h"
#include "multistage_secrets.h"
#include "shell/shell_words.h"

#include <algorithm>
#include <initializer_list>

namespace stagecraft {
namespace {

bool oneOf(std::string_view s, std::initializer_list<std::string_view> list)
{
    return std::find(list.begin(), list.end(), s) != list.end();
}

/// `C:\` or `c:\` somewhere in `text`. Looks for the rarer ":\" first: one pass over the text
/// where searching for each spelling would take two, with stops at every "c".
bool hasDrivePath(std::string_view text)
{
    for (size_t at = text.find(":\\"); at != std::string_view::npos; at = text.find(":\\", at + 1)) {
        if (at > 0 && (text[at - 1] == 'C' || text[at - 1] == 'c'))
            return true;
    }
    return false;
}

} // namespace

StageWalker::StageWalker(const LintContext &context, const FinalImage &finalImage)
    : m_context(context)
    , m_tree(context.tree())
    , m_graph(context.graph())
    , m_final(finalImage)
    , m_runFacts(context.shells())
{
    const std::string_view platform = m_graph.options().buildPlatform;
    if (const size_t slash = platform.find('/'); slash != std::string_view::npos)
        m_buildArch = platform.substr(slash + 1, platform.find('/', slash + 1) - slash - 1);
    const size_t count = m_graph.stages().size();
    m_states.resize(count);
    m_copies.resize(count);
    for (const std::string &file : context.buildContext().files) {
        const std::string_view name = baseName(file);
        if (isSecretFileName(name) || file.find("/.ssh/") != std::string::npos || file.starts_with(".ssh/"))
            m_secretContextFiles.push_back(file);
        if (name.ends_with(".js.map") || name.ends_with(".css.map") || name.ends_with(".mjs.map"))
            m_contextSourceMaps.push_back(file);
    }
}

int StageWalker::line(int instruction) const
{
    return m_tree.instructions()[static_cast<size_t>(instruction)].startLine;
}

void StageWalker::run()
{
    for (const Stage &stage : m_graph.stages())
        walkStage(stage);
}

void StageWalker::walkStage(const Stage &stage)
{
    StageState state;
    if (stage.base.kind == BaseKind::Stage && stage.base.stage >= 0 && stage.base.stage < stage.index) {
        state = m_states[static_cast<size_t>(stage.base.stage)];
    } else {
        state.image = baseImageFacts(stage.base);
        state.directory = state.image.defaultWorkdir.empty() ? std::string(unknownDirectory)
                                                             : std::string(state.image.defaultWorkdir);
        state.compiler = state.image.hasCompiler;
        state.windows = state.image.windows || m_tree.escapeToken() == '`';
    }
    m_contextCopy = {};
    m_pending.clear();
    m_edgeCursor = 0;
    const ScopeResolver &scopes = m_context.scopes();
    const std::vector<Instruction> &instructions = m_tree.instructions();
    for (int index = stage.firstInstruction + 1; index < stage.endInstruction; ++index) {
        const Instruction &instruction = instructions[static_cast<size_t>(index)];
        const VariableScope &scope = scopes.scopeBefore(stage.index, index);
        if (!state.windows && instruction.kind != InstructionKind::Arg && instruction.kind != InstructionKind::Env
            && instruction.kind != InstructionKind::Label) {
            const std::string_view args = m_tree.argumentsText(instruction);
            state.windows = hasDrivePath(args)
                || (instruction.kind == InstructionKind::Shell
                    && (args.find("powershell") != std::string_view::npos
                        || args.find("cmd") != std::string_view::npos));
        }
        switch (instruction.kind) {
        case InstructionKind::Arg:
        case InstructionKind::Env: {
            const VariableScope &after = scopes.scopeAfter(stage.index, index);
            if (after.find("SSL_CERT_FILE") || after.find("SSL_CERT_DIR"))
                state.caCertificates = true;
            break;
        }
        case InstructionKind::Workdir:
            onWorkdir(index, state, scope);
            break;
        case InstructionKind::User:
            onUser(index, state, scope);
            break;
        case InstructionKind::Cmd:
        case InstructionKind::Entrypoint:
            onCommand(index, state);
            break;
        case InstructionKind::Copy:
        case InstructionKind::Add:
            if (!state.windows)
                onCopy(stage, index, state, scope);
            break;
        case InstructionKind::Run:
            if (!state.windows)
                onRun(stage, index, state, scope);
            break;
        default:
            break;
        }
    }
    reportPendingManifests(stage);
    m_states[static_cast<size_t>(stage.index)] = std::move(state);
}

void StageWalker::onWorkdir(int index, StageState &state, const VariableScope &scope)
{
    const Instruction &instruction = m_tree.instructions()[static_cast<size_t>(index)];
    const std::string_view written = m_tree.argumentsText(instruction);
    if (written.find_first_of("$\"'\\`") == std::string_view::npos) {
        state.directory = joinPath(state.directory, written);
        return;
    }
    const ShellResult result = scope.expand(written, m_tree.escapeToken());
    if (!result.ok() || !result.unmatched.empty())
        state.directoryCertain = false;
    state.directory = joinPath(state.directory, result.ok() ? std::string_view(result.word) : written);
}

void StageWalker::onUser(int index, StageState &state, const VariableScope &scope)
{
    const Instruction &instruction = m_tree.instructions()[static_cast<size_t>(index)];
    const std::string_view written = m_tree.argumentsText(instruction);
    const ShellResult result = scope.expand(written, m_tree.escapeToken());
    state.userInstruction = index;
    state.userCertain = result.ok() && result.unmatched.empty() && !result.word.empty();
    const std::string_view user = result.ok() ? std::string_view(result.word) : written;
    state.user = user.substr(0, user.find(':'));
}

void StageWalker::onCommand(int index, StageState &state)
{
    state.hasCommand = true;
    const InstructionShell &shell = m_context.shells().shell(index);
    bool first = true;
    shell.forEachCommand([&](const ShellCommand &command, const InstructionShellPart &part) {
        const std::string_view name = command.baseName();
        if (oneOf(name, {"gosu", "su-exec", "setpriv", "runuser", "s6-setuidgid", "chpst", "su"}))
            state.dropsPrivileges = true;
        if (!first || name.empty())
            return;
        const bool script = std::any_of(command.words.begin() + 1, command.words.end(),
            [](const ShellWord &w) { return !w.value.starts_with('-'); });
        // `["sh", "-c", "..."]`: the script that follows is the command.
        if (isShellProgram(name) && part.kind == ShellSourceKind::Exec && script)
            return;
        first = false;
        // A command that builds or runs sources needs the toolchain it inherits, and an image whose
        // command is an interactive shell is a development environment.
        state.commandIsToolchain = oneOf(name,
                                       {"go", "mvn", "mvnw", "gradle", "gradlew", "cargo", "make", "javac", "tsc",
                                           "ts-node", "gcc", "cmake", "air", "nodemon"})
            || (name == "dotnet" && (command.hasArgument("run") || command.hasArgument("watch")))
            || (isShellProgram(name) && !script);
    });
}

void StageWalker::onCopy(const Stage &stage, int index, StageState &state, const VariableScope &scope)
{
    const Instruction &instruction = m_tree.instructions()[static_cast<size_t>(index)];
    CopyRecord copy;
    copy.stage = stage.index;
    copy.instruction = index;
    copy.directory = state.directoryCertain ? state.directory : std::string();
    if (const Flag *from = m_tree.findFlag(instruction, "from")) {
        copy.fromImage = true;
        const std::span<const Edge> edges = m_graph.edgesInto(stage.index);
        while (m_edgeCursor < edges.size() && edges[m_edgeCursor].instruction < index)
            ++m_edgeCursor;
        if (m_edgeCursor < edges.size() && edges[m_edgeCursor].instruction == index
            && edges[m_edgeCursor].kind == EdgeKind::Copy && edges[m_edgeCursor].source >= 0) {
            copy.sourceStage = edges[m_edgeCursor].source;
            copy.fromImage = false;
        }
        (void)from;
    }
    copy.arguments = copyArguments(m_tree, instruction, scope);
    if (!copy.arguments.valid())
        return;
    const bool add = instruction.kind == InstructionKind::Add;
    addLandings(state, copy, add);
    for (const CopyPath &source : copy.arguments.sources) {
        const std::string_view value = source.value;
        if (value.find("ca-certificates") != std::string_view::npos || value.find("/etc/ssl") != std::string_view::npos
            || value.find("ca-bundle") != std::string_view::npos || value.find("cacert") != std::string_view::npos
            || value.find("/etc/pki") != std::string_view::npos || (copy.sourceStage >= 0 && cleansTo(value, "/")))
            state.caCertificates = true;
        if (value.find("gosu") != std::string_view::npos || value.find("su-exec") != std::string_view::npos)
            state.dropsPrivileges = true;
    }
    const std::string_view destination = copy.arguments.destination.value;
    if (destination.find("/etc/ssl") != std::string_view::npos
        || destination.find("ca-certificates") != std::string_view::npos)
        state.caCertificates = true;
    // A whole root filesystem (`ADD rootfs.tar.xz /`, `COPY --from=build /rootfs/ /`) may bring its own bundle.
    if (cleansTo(destination, "/")) {
        for (const CopyPath &source : copy.arguments.sources) {
            const std::string_view value = source.value;
            if (!source.heredoc
                && ((add && isArchive(value))
                    || (copy.sourceStage >= 0
                        && (value.ends_with('/') || baseName(value).find("rootfs") != std::string_view::npos))))
                state.caCertificates = true;
        }
    }
    checkSecretFiles(stage, copy);
    if (copy.sourceStage >= 0 && copy.sourceStage < stage.index)
        copyNodeModules(stage, state, copy);
    if (m_contextCopy.instruction < 0 && copy.sourceStage < 0 && !copy.fromImage) {
        for (const CopyPath &source : copy.arguments.sources) {
            if (!source.heredoc && (cleansTo(source.value, ".") || source.value == "*")) {
                m_contextCopy.instruction = index;
                m_contextCopy.range = source.range;
                break;
            }
        }
    }
    m_copies[static_cast<size_t>(stage.index)].push_back(std::move(copy));
}

void StageWalker::addLandings(StageState &state, const CopyRecord &copy, bool add)
{
    const CopyArguments &arguments = copy.arguments;
    if (!arguments.destination.certain || copy.directory.empty()) {
        state.unknownFiles = true;
        return;
    }
    const std::string destination = joinPath(copy.directory, arguments.destination.value);
    const bool intoDirectory = arguments.destinationIsDirectory();
    const size_t before = state.landings.size();
    auto land = [&](std::string_view directory, std::string_view pattern, bool recursive) {
        state.landings.push_back({std::string(directory), std::string(pattern), recursive});
    };
    for (const CopyPath &source : arguments.sources) {
        if (!source.certain) {
            state.unknownFiles = true;
            continue;
        }
        const std::string_view value = source.value;
        if (source.heredoc) {
            if (intoDirectory)
                land(destination, value.substr(value.rfind('<') + 1), false);
            else
                land(dirName(destination), baseName(destination), false);
            continue;
        }
        if (add && (isUrl(value) || isArchive(value))) {
            // An archive is unpacked, a git URL checked out: names unknown.
            if (isArchive(value) || value.find(".git") != std::string_view::npos || value.starts_with("git@"))
                land(destination, {}, true);
            else
                land(intoDirectory ? std::string_view(destination) : dirName(destination),
                    intoDirectory ? baseName(value) : baseName(destination), false);
            continue;
        }
        if (mayBeDirectory(value))
            land(destination, {}, true);
        const std::string_view base = baseName(value);
        if (base == "." || base == "..")
            continue;
        if (intoDirectory) {
            land(destination, base, false);
        } else {
            // "COPY a.json /app/x": a file named x, unless /app/x is an existing directory.
            land(dirName(destination), baseName(destination), false);
            land(destination, base, false);
        }
    }
    // A manifest copied after an install that needed it: say so in that finding.
    for (PendingManifest &pending : m_pending) {
        if (pending.copiedLine != 0)
            continue;
        for (size_t i = before; i < state.landings.size(); ++i) {
            if (satisfies(state.landings[i], pending.install, pending.firstMissingPath)) {
                pending.copiedLine = line(copy.instruction);
                break;
            }
        }
    }
}

bool StageWalker::satisfies(const Landing &landing, const DependencyInstall &install, std::string_view path)
{
    const std::string_view directory = dirName(path);
    if (landing.recursive)
        return maybeWithin(directory, landing.directory);
    if (!globMatch(landing.pattern, baseName(path)))
        return false;
    return maybeSamePath(landing.directory, directory)
        || (install.searchesParents && maybeWithin(directory, landing.directory));
}

void StageWalker::copyNodeModules(const Stage &stage, StageState &state, const CopyRecord &copy)
{
    const StageState &source = m_states[static_cast<size_t>(copy.sourceStage)];
    if (source.nodeModules.empty() || copy.directory.empty() || !copy.arguments.destination.certain)
        return;
    const std::string destination = joinPath(copy.directory, copy.arguments.destination.value);
    for (const CopyPath &path : copy.arguments.sources) {
        if (path.heredoc || !path.certain)
            continue;
        const std::string copied = joinPath("/", path.value);
        for (const NodeModules &modules : source.nodeModules) {
            if (modules.directory.empty() || !isKnownPath(modules.directory))
                continue;
            const std::string tree = joinPath(modules.directory, "node_modules");
            if (!pathWithin(tree, copied))
                continue;
            std::string landed;
            if (tree.size() == copied.size())
                landed = baseName(destination) == "node_modules" ? destination : joinPath(destination, "node_modules");
            else
                landed = joinPath(destination, std::string_view(tree).substr(copied == "/" ? 1 : copied.size() + 1));
            NodeModules entry;
            entry.directory = dirName(landed);
            entry.dev = modules.dev;
            entry.copied = true;
            entry.stage = stage.index;
            entry.sourceStage = copy.sourceStage;
            entry.instruction = copy.instruction;
            entry.installLine = modules.copied ? modules.installLine : line(modules.instruction);
            entry.range = path.range;
            for (const NodeModules &existing : state.nodeModules) {
                if (existing.directory == entry.directory && !existing.dev && !existing.copied)
                    entry.replacedLine = line(existing.instruction);
            }
            setNodeModules(state, std::move(entry));
        }
    }
}

void StageWalker::setNodeModules(StageState &state, NodeModules entry)
{
    std::erase_if(state.nodeModules, [&](const NodeModules &m) { return m.directory == entry.directory; });
    state.nodeModules.push_back(std::move(entry));
}

void StageWalker::onRun(const Stage &stage, int index, StageState &state, const VariableScope &scope)
{
    RunInput input;
    input.directory = state.directory;
    input.directoryCertain = state.directoryCertain;
    input.scope = &scope;
    input.nodeImage = state.image.family == ImageFamily::Node;
    // Toolchain packages matter in the final image, and (for cgo) in what a libc-less final image copies from.
    input.toolchains = ships(stage.index) || (m_final.baseFacts().noLibc && m_graph.reachable(stage.index));
    input.buildArch = m_buildArch;
    if (state.image.family == ImageFamily::Golang)
        input.goPath = "/go";
    const RunFacts &facts = m_runFacts.facts(index, input);
    const int runLine = line(index);

    for (const DeprecatedNpmOption &option : facts.deprecatedOptions) {
        QuickFix fix {
            "Replace " + option.written + " with " + option.replacement, {{option.range, option.replacement}}};
        m_context.report("NpmOnlyProductionDeprecated", option.range,
            option.written + " is deprecated (npm 7+ warns, and ignores it in favour of --omit): use "
                + option.replacement + " to leave out devDependencies",
            stage.index, {std::move(fix)});
    }
    for (const DependencyInstall &install : facts.installs) {
        checkManifests(stage, index, state, install, facts);
        const bool node = install.tool == DependencyTool::Npm || install.tool == DependencyTool::Yarn
            || install.tool == DependencyTool::Pnpm;
        // node_modules already there (installed before, or copied from a deps stage): this one prunes or tops up.
        if (!(node && std::any_of(state.nodeModules.begin(), state.nodeModules.end(), [&](const NodeModules &m) {
                return maybeSamePath(m.directory, install.directory);
            })))
            checkContextCopy(stage, index, install);
        if (install.tool == DependencyTool::Npm || install.tool == DependencyTool::Yarn
            || install.tool == DependencyTool::Pnpm) {
            NodeModules entry;
            entry.directory = install.directoryCertain ? install.directory : std::string();
            entry.dev = install.devDependencies;
            entry.stage = stage.index;
            entry.instruction = index;
            entry.range = install.range;
            setNodeModules(state, std::move(entry));
        }
    }
    checkSecretArguments(stage, facts, scope);

    // A later RUN that removes toolchain packages: gone from the filesystem, not from the layer.
    for (const PackageRemoval &removal : facts.removals) {
        for (ToolchainRecord &record : state.toolchains) {
            if (record.removedLine == 0
                && std::all_of(record.install.packages.begin(), record.install.packages.end(),
                    [&](const ToolchainPackage &p) { return removal.removes(p); }))
                record.removedLine = runLine;
        }
    }
    for (const ToolchainInstall &install : facts.toolchains)
        state.toolchains.push_back({install, stage.index, index, 0});
    state.goEnvDisablesCgo = state.goEnvDisablesCgo || facts.goEnvDisablesCgo;
    for (const GoBuild &build : facts.goBuilds) {
        GoBuildRecord record;
        record.cgoLikely = !build.cgoDisabled && !state.goEnvDisablesCgo && !build.crossCompiled
            && !build.staticallyLinked && (state.compiler || build.compilerInRun);
        record.build = build;
        record.stage = stage.index;
        record.line = runLine;
        state.goBuilds.push_back(std::move(record));
    }
    state.compiler = state.compiler || facts.compilerInstalled;
    for (const PathEvent &prune : facts.prunes) {
        for (NodeModules &modules : state.nodeModules) {
            if (prune.directory.empty() || maybeSamePath(prune.directory, modules.directory))
                modules.dev = false;
        }
    }
    for (const PathEvent &build : facts.jsBuilds) {
        state.jsBuilds.push_back({build.directory, stage.index, runLine, build.range});
        for (NodeModules &modules : state.nodeModules) {
            if (!modules.copied && modules.dev && modules.buildLine == 0)
                modules.buildLine = runLine;
        }
    }
    for (const PathEvent &maps : facts.sourceMaps)
        state.sourceMaps.push_back({maps.directory, stage.index, runLine, maps.range});
    state.unknownFiles = state.unknownFiles || facts.mayCreateFiles;
    state.dropsPrivileges = state.dropsPrivileges || facts.privilegeDrop;
}

} // namespace stagecraft

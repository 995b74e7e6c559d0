// SPDX-License-Identifier: MIT
#include "multistage_run.h"

#include "graph/run_mount.h"
#include "multistage_packages.h"
#include "multistage_paths.h"
#include "multistage_shell_env.h"
#include "shell/shell_words.h"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <optional>
#include <unordered_set>

namespace stagecraft {
namespace {

bool oneOf(std::string_view s, std::initializer_list<std::string_view> list)
{
    return std::find(list.begin(), list.end(), s) != list.end();
}

bool isNameChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

std::string_view programName(std::string_view word)
{
    const size_t slash = word.rfind('/');
    return slash == std::string_view::npos ? word : word.substr(slash + 1);
}

/// `word` names a program that runs its command as another user (`gosu app node server.js`),
/// with or without a directory.
bool runsAsAnotherUser(std::string_view word)
{
    static constexpr std::array<std::string_view, 5> programs {"gosu", "su-exec", "setpriv", "runuser", "s6-setuidgid"};
    // This runs for every word of every RUN: the last letter rules out almost all of them
    // before any string comparison.
    for (const std::string_view program : programs) {
        if (word.size() >= program.size() && word.back() == program.back() && word.ends_with(program)
            && (word.size() == program.size() || word[word.size() - program.size() - 1] == '/'))
            return true;
    }
    return false;
}

bool writesFile(const ShellCommand &command)
{
    for (const ShellRedirect &redirect : command.redirects) {
        if (!oneOf(redirect.op, {">", ">>", ">|", "&>", "&>>"}))
            continue;
        const std::string_view target = redirect.target.value;
        if (!oneOf(target, {"/dev/null", "/dev/stdout", "/dev/stderr"}))
            return true;
    }
    return false;
}

std::vector<std::string> splitWhitespace(std::string_view text)
{
    std::vector<std::string> out;
    size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n'))
            ++i;
        const size_t start = i;
        while (i < text.size() && text[i] != ' ' && text[i] != '\t' && text[i] != '\n')
            ++i;
        if (i > start)
            out.emplace_back(text.substr(start, i - start));
    }
    return out;
}

struct Cwd {
    int subshell = 0;
    std::string directory;
    bool certain = true;
};

class RunAnalyser {
public:
    /// `reads`, when given, records what the analysis reads of `input` (and the ranges of the
    /// facts are then relative to the instruction).
    explicit RunAnalyser(const RunInput &input, RunInputReads *reads = nullptr)
        : m_input(input)
        , m_reads(reads)
        , m_variables(input.scope)
    {
        m_cwd.push_back({0, std::string(input.directory), input.directoryCertain});
        if (reads)
            m_variables.recordScopeReads(&reads->variables);
    }

    /// `shells`, when given, holds the split of tree.instructions()[index] == instruction.
    RunFacts run(const SyntaxTree &tree, const Instruction &instruction, const InstructionShell &shell,
        const ShellCache *shells = nullptr, int index = -1)
    {
        m_shells = shells;
        m_index = index;
        m_origin = m_reads ? 0 : instruction.range.begin;
        for (const Flag &flag : tree.flags(instruction)) {
            if (tree.flagName(flag) != "mount")
                continue;
            // BuildKit's default mount type is bind; parse only when the value may say so.
            const std::string_view value = tree.flagValue(flag);
            const bool otherType
                = value.find("type=") != std::string_view::npos && value.find("type=bind") == std::string_view::npos;
            if (!otherType && parseRunMount(value).type == "bind")
                m_facts.bindMount = true;
        }
        for (const InstructionShellPart &part : shell.parts) {
            // An exec form `["sh", "-c", "..."]` comes as the argv and then the script: the argv is only `sh`.
            m_cwd.resize(1);
            for (const ShellCommand &command : part.shell.commands)
                analyseCommand(command);
        }
        for (Installed &installed : m_toolchains) {
            if (installed.install.packages.empty())
                continue; // removed again in this RUN: it never ships
            installed.install.compiler = std::any_of(installed.install.packages.begin(),
                installed.install.packages.end(), [](const ToolchainPackage &p) { return isCompilerPackage(p.name); });
            m_facts.compilerInstalled = m_facts.compilerInstalled || installed.install.compiler;
            m_facts.toolchains.push_back(std::move(installed.install));
        }
        return std::move(m_facts);
    }

private:
    // The input, read through these so that a recording analysis notes each read.
    // The working directory: the stage's WORKDIR (m_cwd's first entry), or one a `cd` derived from it.
    const Cwd &cwd() const
    {
        if (m_reads && !m_reads->directory)
            m_reads->directory = RunInputReads::Directory {std::string(m_input.directory), m_input.directoryCertain};
        return m_cwd.back();
    }
    bool nodeImage() const { return noteRead(m_reads ? &m_reads->nodeImage : nullptr, m_input.nodeImage); }
    bool toolchains() const { return noteRead(m_reads ? &m_reads->toolchains : nullptr, m_input.toolchains); }
    std::string_view buildArch() const
    {
        if (m_reads && !m_reads->buildArch)
            m_reads->buildArch = std::string(m_input.buildArch);
        return m_input.buildArch;
    }
    std::string_view goPath() const
    {
        if (m_reads && !m_reads->goPath)
            m_reads->goPath = std::string(m_input.goPath);
        return m_input.goPath;
    }
    static bool noteRead(std::optional<bool> *read, bool value)
    {
        if (read)
            *read = value;
        return value;
    }

    /// A span of the RUN's shell in the source.
    [[nodiscard]] SourceRange placed(SourceRange span) const { return span.shifted(m_origin); }

    void enterSubshell(int subshell)
    {
        while (m_cwd.size() > 1 && m_cwd.back().subshell > subshell)
            m_cwd.pop_back();
    }

    void changeDirectory(const ShellCommand &command, int subshell)
    {
        Cwd next {subshell, {}, false};
        size_t operand = 1;
        while (operand < command.words.size()
            && (command.words[operand].value == "-P" || command.words[operand].value == "-L"))
            ++operand;
        if (operand < command.words.size()) {
            if (const std::optional<std::string> target = m_variables.resolve(command.words[operand].value);
                target && *target != "-" && !target->empty()) {
                next.directory = joinPath(cwd().directory, *target);
                next.certain = cwd().certain;
            }
        }
        if (m_cwd.back().subshell == subshell && m_cwd.size() > 1)
            m_cwd.back() = std::move(next);
        else
            m_cwd.push_back(std::move(next));
    }

    void collectVariables(const ShellWord &word)
    {
        if (!word.hasExpansion)
            return;
        const std::string_view value = word.value;
        for (size_t i = 0; i < value.size(); ++i) {
            if (value[i] != '$')
                continue;
            size_t j = i + 1;
            if (j < value.size() && value[j] == '{')
                ++j;
            const size_t start = j;
            while (j < value.size() && isNameChar(value[j]))
                ++j;
            if (j > start)
                m_facts.variables.push_back({std::string(value.substr(start, j - start)), placed(word.span)});
        }
    }

    // The value a command sees for `name`: its own prefix assignments, `env NAME=v` wrapper
    // words, then what the script and the stage set. nullopt: unset; "?" when not decidable.
    std::string environment(const ShellCommand &command, size_t program, std::string_view name) const
    {
        auto fromWord = [&](const ShellWord &word) -> std::optional<std::string> {
            const std::string_view v = word.value;
            if (v.size() > name.size() && v.starts_with(name) && v[name.size()] == '=') {
                const std::optional<std::string> resolved = m_variables.resolve(v.substr(name.size() + 1));
                return resolved ? *resolved : std::string("?");
            }
            return std::nullopt;
        };
        for (const ShellWord &word : command.assignments) {
            if (auto value = fromWord(word))
                return *value;
        }
        for (size_t i = 0; i < program && i < command.words.size(); ++i) {
            if (auto value = fromWord(command.words[i]))
                return *value;
        }
        const std::optional<std::string> value = m_variables.lookup(std::string(name));
        if (!value)
            return {};
        const std::optional<std::string> resolved = m_variables.resolve(*value);
        return resolved ? *resolved : std::string("?");
    }

    void analyseCommand(const ShellCommand &command)
    {
        enterSubshell(command.subshell);
        for (const ShellWord &word : command.assignments)
            collectVariables(word);
        for (const ShellWord &word : command.words)
            collectVariables(word);
        for (const ShellRedirect &redirect : command.redirects)
            collectVariables(redirect.target);

        if (command.words.empty()) {
            // A bare `NAME=value`: later commands of this RUN see it (exported or not, close enough).
            for (const ShellWord &word : command.assignments)
                assign(word.value);
            return;
        }
        const std::string_view name = command.baseName();
        if (name == "cd") {
            changeDirectory(command, command.subshell);
            return;
        }
        if (name == "export") {
            for (size_t i = 1; i < command.words.size(); ++i)
                assign(command.words[i].value);
            return;
        }
        std::optional<PackageCommand> recognized;
        const std::optional<PackageCommand> &package
            = m_shells ? m_shells->package(m_index, command) : (recognized = recognizePackageCommand(command));
        const bool tolerated = command.condition || command.after == ShellOperator::Or
            || command.before == ShellOperator::Or || command.depth > command.subshell;
        if (package)
            analysePackageCommand(*package, tolerated, command.depth > command.subshell || command.condition);
        analyseTools(command, name);
        // `apt-mark auto '.*'`, or `apt-mark showmanual | xargs apt-mark auto`.
        for (size_t i = 0; i + 1 < command.words.size(); ++i) {
            // The cheap test first: this looks at every word.
            if (command.words[i + 1].value == "auto" && programName(command.words[i].value) == "apt-mark")
                m_aptMarkAuto = true;
        }
        if (createsFiles(command, name, package))
            m_facts.mayCreateFiles = true;
    }

    void assign(std::string_view word)
    {
        const size_t equals = word.find('=');
        if (equals == std::string_view::npos || equals == 0)
            return;
        m_variables.set(std::string(word.substr(0, equals)), std::string(word.substr(equals + 1)));
    }

    bool createsFiles(const ShellCommand &command, std::string_view name, const std::optional<PackageCommand> &package)
    {
        if (writesFile(command))
            return true;
        if (package) {
            const std::string_view sub = package->subcommandName();
            const std::string_view first = package->operands.empty()
                ? std::string_view()
                : std::string_view(package->word(package->operands[0]).value);
            switch (package->manager) {
            case PackageManager::Npm:
            case PackageManager::Yarn:
            case PackageManager::Pnpm:
                return oneOf(sub, {"init", "create", "exec", "dlx", "x", "pack", "link"});
            case PackageManager::Go:
                return (sub == "mod" && first == "init") || sub == "run" || sub == "generate";
            case PackageManager::Pip:
                return sub == "download" || sub == "wheel";
            case PackageManager::Cargo:
                return oneOf(sub, {"new", "init"});
            default:
                return false;
            }
        }
        if (isShellProgram(name)) // `sh -c '...'`: the script itself is analysed as its own part
            return !(command.words.size() >= 2 && command.words[1].value.starts_with('-'));
        // `node --version`, `python3 -V`: interpreters asked about themselves write nothing.
        if (oneOf(name, {"node", "nodejs", "python", "python3"}))
            return std::any_of(command.words.begin() + 1, command.words.end(),
                [](const ShellWord &w) { return !w.value.starts_with('-'); });
        return !isHarmlessCommand(name);
    }

    std::vector<std::string> operandNames(const PackageCommand &package, size_t operand) const
    {
        const std::optional<std::string> resolved = m_variables.resolve(package.word(operand).value);
        if (!resolved)
            return {};
        std::vector<std::string> names;
        for (std::string &word : splitWhitespace(*resolved)) {
            std::string name(parsePackageSpec(package.manager, word).name);
            if (const size_t colon = name.find(':');
                colon != std::string::npos && package.manager != PackageManager::Npm)
                name.resize(colon); // gcc:amd64
            names.push_back(std::move(name));
        }
        return names;
    }

    bool isSystemManager(PackageManager manager) const
    {
        switch (manager) {
        case PackageManager::AptGet:
        case PackageManager::Apt:
        case PackageManager::Aptitude:
        case PackageManager::Apk:
        case PackageManager::Dnf:
        case PackageManager::Yum:
        case PackageManager::Microdnf:
        case PackageManager::Zypper:
            return true;
        default:
            return false;
        }
    }

    void analysePackageCommand(const PackageCommand &package, bool tolerated, bool conditional)
    {
        const std::string_view sub = package.subcommandName();
        if (package.manager == PackageManager::Npm)
            collectDeprecatedNpmOptions(package);
        if (isSystemManager(package.manager)) {
            if (!toolchains())
                return;
            // `apt-get build-dep x` installs what x needs to build, unnamed; an install inside an
            // if/case branch may well not run: neither is reported.
            if (package.action == PackageAction::Install && !conditional && package.subcommandName() != "build-dep")
                collectToolchain(package);
            else if (package.action == PackageAction::Remove)
                removePackages(package);
            return;
        }
        const bool global = package.hasOption("-g") || package.hasOption("--global")
            || (package.manager == PackageManager::Yarn && package.command->hasArgument("global"));
        switch (package.manager) {
        case PackageManager::Npm:
        case PackageManager::Yarn:
        case PackageManager::Pnpm:
            if (package.action == PackageAction::Install && global) {
                if (toolchains())
                    collectToolchain(package);
            } else if (package.action == PackageAction::Install && package.operands.empty() && sub != "add")
                addNodeInstall(package, tolerated);
            else if (package.action == PackageAction::Build)
                addPathEvent(m_facts.jsBuilds, placed(package.command->span));
            else if (sub == "prune"
                || (sub == "workspaces" && package.command->hasArgument("focus"))) // yarn berry's prune
                addNodePrune(package);
            break;
        case PackageManager::Pip:
            if (package.action == PackageAction::Install && !package.requirementFiles.empty())
                addPipInstall(package, tolerated);
            break;
        case PackageManager::Go:
            if (package.action == PackageAction::Download && sub == "mod")
                addInstall(package, DependencyTool::GoModules, {{"go.mod"}}, true, false, tolerated, {});
            else if (package.action == PackageAction::Build
                || (package.action == PackageAction::Install && sub == "install"))
                addGoBuild(package);
            else if (sub == "env" && package.command->hasOption("-w")) {
                for (const ShellWord &word : package.command->words)
                    m_facts.goEnvDisablesCgo = m_facts.goEnvDisablesCgo || word.value == "CGO_ENABLED=0";
            }
            break;
        default:
            break;
        }
    }

    void addPathEvent(std::vector<PathEvent> &events, SourceRange range, std::string_view relative = {}) const
    {
        if (!cwd().certain)
            events.push_back({std::string(), range});
        else
            events.push_back({relative.empty() ? cwd().directory : joinPath(cwd().directory, relative), range});
    }

    // Where a compiler writes: --outDir (tsc), --outdir / --out-dir (esbuild, babel), -d (babel).
    std::string outputDirectory(const ShellCommand &command) const
    {
        for (size_t i = 1; i < command.words.size(); ++i) {
            const std::string_view v = command.words[i].value;
            for (std::string_view option : {"--outDir", "--outdir", "--out-dir", "-d"}) {
                if (v == option && i + 1 < command.words.size())
                    return m_variables.resolve(command.words[i + 1].value).value_or(std::string());
                if (v.size() > option.size() && v.starts_with(option) && v[option.size()] == '=')
                    return m_variables.resolve(v.substr(option.size() + 1)).value_or(std::string());
            }
        }
        return {};
    }

    void collectDeprecatedNpmOptions(const PackageCommand &package)
    {
        const std::vector<ShellWord> &words = package.command->words;
        for (size_t index : package.options) {
            const ShellWord &word = words[index];
            const std::string_view v = word.value;
            if (v == "--only=production" || v == "--only=prod") {
                m_facts.deprecatedOptions.push_back({placed(word.span), word.value, "--omit=dev"});
            } else if (v == "--only" && index + 1 < words.size()
                && (words[index + 1].value == "production" || words[index + 1].value == "prod")) {
                m_facts.deprecatedOptions.push_back({{placed(word.span).begin, placed(words[index + 1].span).end},
                    word.value + " " + words[index + 1].value, "--omit=dev"});
            } else if (v == "--production" || v == "--production=true") {
                m_facts.deprecatedOptions.push_back({placed(word.span), word.value, "--omit=dev"});
            }
        }
    }

    bool productionEnvironment(const PackageCommand &package) const
    {
        const std::string nodeEnv = environment(*package.command, package.program, "NODE_ENV");
        if (nodeEnv == "production" || nodeEnv == "?")
            return true;
        for (std::string_view name : {"NPM_CONFIG_PRODUCTION", "npm_config_production"}) {
            const std::string value = environment(*package.command, package.program, name);
            if (value == "true" || value == "?")
                return true;
        }
        for (std::string_view name : {"NPM_CONFIG_OMIT", "npm_config_omit"}) {
            const std::string value = environment(*package.command, package.program, name);
            if (value.find("dev") != std::string::npos || value == "?")
                return true;
        }
        return false;
    }

    bool omitsDevDependencies(const PackageCommand &package) const
    {
        const std::vector<ShellWord> &words = package.command->words;
        for (size_t index : package.options) {
            const std::string_view v = words[index].value;
            const std::string_view next = index + 1 < words.size() ? std::string_view(words[index + 1].value) : "";
            if (v == "--omit=dev" || (v == "--omit" && next == "dev") || v == "--production" || v == "--prod"
                || v == "--production=true" || v == "-P" || v.starts_with("--only=prod")
                || (v == "--only" && next.starts_with("prod")))
                return true;
        }
        return productionEnvironment(package);
    }

    std::string installDirectory(const PackageCommand &package, bool &certain, bool &changed) const
    {
        certain = cwd().certain;
        changed = m_cwd.size() > 1;
        std::optional<std::string_view> prefix;
        switch (package.manager) {
        case PackageManager::Npm:
            prefix = package.optionValue("--prefix");
            break;
        case PackageManager::Yarn:
            prefix = package.optionValue("--cwd");
            break;
        case PackageManager::Pnpm:
            prefix = package.optionValue("--dir");
            if (!prefix)
                prefix = package.optionValue("-C");
            break;
        default:
            break;
        }
        if (!prefix)
            return cwd().directory;
        changed = true;
        const std::optional<std::string> resolved = m_variables.resolve(*prefix);
        if (!resolved) {
            certain = false;
            return cwd().directory;
        }
        return joinPath(cwd().directory, *resolved);
    }

    void addInstall(const PackageCommand &package, DependencyTool tool, std::vector<std::vector<std::string>> manifests,
        bool parents, bool dev, bool tolerated, std::string directoryOverride)
    {
        DependencyInstall install;
        install.tool = tool;
        install.subcommand = package.subcommandName();
        install.directory = installDirectory(package, install.directoryCertain, install.changedDirectory);
        if (!directoryOverride.empty())
            install.directory = std::move(directoryOverride);
        install.manifests = std::move(manifests);
        install.searchesParents = parents;
        install.devDependencies = dev;
        install.mayFollowFileCreation = m_facts.mayCreateFiles;
        install.tolerated = tolerated;
        const std::vector<ShellWord> &words = package.command->words;
        install.range = {placed(words.front().span).begin, placed(words.back().span).end};
        m_facts.installs.push_back(std::move(install));
    }

    void addNodeInstall(const PackageCommand &package, bool tolerated)
    {
        const std::string_view sub = package.subcommandName();
        DependencyTool tool = DependencyTool::Npm;
        std::vector<std::vector<std::string>> manifests {{"package.json"}};
        if (package.manager == PackageManager::Yarn) {
            tool = DependencyTool::Yarn;
        } else if (package.manager == PackageManager::Pnpm) {
            tool = DependencyTool::Pnpm;
        } else if (oneOf(sub,
                       {"ci", "clean-install", "ic", "install-clean", "isntall-clean", "it", "cit",
                           "install-ci-test"})) {
            manifests.push_back({"package-lock.json", "npm-shrinkwrap.json"});
        }
        addInstall(package, tool, std::move(manifests), true, !omitsDevDependencies(package), tolerated, {});
    }

    void addNodePrune(const PackageCommand &package)
    {
        // `npm prune` alone keeps devDependencies unless NODE_ENV=production says otherwise.
        if (!omitsDevDependencies(package))
            return;
        bool certain = true;
        bool changed = false;
        const std::string directory = installDirectory(package, certain, changed);
        m_facts.prunes.push_back({certain ? directory : std::string(), placed(package.command->span)});
    }

    void addPipInstall(const PackageCommand &package, bool tolerated)
    {
        std::vector<std::vector<std::string>> manifests;
        for (size_t index : package.requirementFiles) {
            std::string_view file = package.word(index).value;
            if (const size_t equals = file.find('='); file.starts_with('-') && equals != std::string_view::npos)
                file.remove_prefix(equals + 1);
            if (file.empty() || file.find("://") != std::string_view::npos)
                continue;
            const std::optional<std::string> resolved = m_variables.resolve(file);
            if (!resolved)
                return; // a requirements file named by a variable: nothing to compare
            manifests.push_back({*resolved});
        }
        if (!manifests.empty())
            addInstall(package, DependencyTool::Pip, std::move(manifests), false, false, tolerated, {});
    }

    void addGoBuild(const PackageCommand &package)
    {
        const ShellCommand &command = *package.command;
        GoBuild build;
        build.range = placed(command.span);
        if (package.subcommandName() == "install") {
            // `go install example.com/cmd/tool@v1` writes GOBIN/tool (GOPATH/bin when GOBIN is unset).
            if (package.operands.empty())
                return;
            std::string_view target = package.word(package.operands.front()).value;
            target = target.substr(0, target.find('@'));
            while (target.ends_with('/'))
                target.remove_suffix(1);
            std::string_view name = programName(target);
            if (name.size() >= 2 && name[0] == 'v' && std::all_of(name.begin() + 1, name.end(), [](char c) {
                    return c >= '0' && c <= '9';
                })) // example.com/tool/v2
                name = programName(target.substr(0, target.size() - name.size() - 1));
            if (name.empty() || name == "." || name == "..." || name.find('$') != std::string_view::npos)
                return;
            std::string bin = environment(command, package.program, "GOBIN");
            if (bin.empty()) {
                const std::string path = environment(command, package.program, "GOPATH");
                bin = (path.empty() ? std::string(goPath()) : path) + "/bin";
            }
            if (bin.find('?') != std::string::npos || bin.find(':') != std::string::npos)
                return;
            build.output = joinPath(joinPath(cwd().directory, bin), name);
        } else if (const std::optional<std::string_view> output = package.optionValue("-o")) {
            const std::optional<std::string> resolved = m_variables.resolve(*output);
            if (!resolved || !cwd().certain)
                return;
            build.output = joinPath(cwd().directory, *resolved);
            build.outputIsDirectory = resolved->ends_with('/');
        } else {
            return; // the output is named after the package: not traced
        }
        const std::string cgo = environment(command, package.program, "CGO_ENABLED");
        build.cgoDisabled = cgo == "0" || cgo == "?" || m_facts.goEnvDisablesCgo;
        build.compilerInRun = m_compilerInRun;
        const std::string arch = environment(command, package.program, "GOARCH");
        const std::string os = environment(command, package.program, "GOOS");
        build.crossCompiled = (!arch.empty() && arch != buildArch()) || (!os.empty() && os != "linux");
        for (const ShellWord &word : command.words)
            build.staticallyLinked = build.staticallyLinked || word.value.find("-static") != std::string::npos;
        m_facts.goBuilds.push_back(std::move(build));
    }

    void collectToolchain(const PackageCommand &package)
    {
        ToolchainInstall install;
        std::string group;
        if (package.manager == PackageManager::Apk) {
            if (auto virtualName = package.optionValue("--virtual"))
                group = *virtualName;
            else if (auto shortName = package.optionValue("-t"))
                group = *shortName;
        }
        const bool node = package.manager == PackageManager::Npm || package.manager == PackageManager::Yarn
            || package.manager == PackageManager::Pnpm;
        const ShellWord *python = nullptr;
        auto consider = [&](std::string_view name, const ShellWord &word) {
            if (!node && nodeImage() && oneOf(name, {"python3", "python", "python2"})) {
                python = &word;
                return;
            }
            if (!isToolchainPackage(package.manager, name))
                return;
            install.compiler = install.compiler || isCompilerPackage(name);
            install.packages.push_back({std::string(name), word.value, group, placed(word.span)});
        };
        for (size_t operand : package.operands) {
            const ShellWord &word = package.word(operand);
            if (word.value.find_first_of("$` \t\n") == std::string::npos) {
                // The common case: one literal package, no allocation needed.
                std::string_view name = parsePackageSpec(package.manager, word.value).name;
                if (const size_t colon = name.find(':'); colon != std::string_view::npos && !node)
                    name = name.substr(0, colon); // gcc:amd64
                consider(name, word);
                continue;
            }
            for (const std::string &name : operandNames(package, operand))
                consider(name, word);
        }
        // node-gyp needs python3 next to make and g++; alone, python3 is just a runtime.
        if (python && !install.packages.empty())
            install.packages.push_back({"python3", python->value, group, placed(python->span)});
        m_compilerInRun = m_compilerInRun || install.compiler;
        if (!install.packages.empty())
            m_toolchains.push_back({std::move(install), isSystemManager(package.manager)});
    }

    void removePackages(const PackageCommand &package)
    {
        PackageRemoval removal;
        for (size_t operand : package.operands) {
            removal.names.push_back(package.word(operand).value);
            for (std::string &name : operandNames(package, operand))
                removal.names.push_back(std::move(name));
        }
        const std::string_view sub = package.subcommandName();
        const bool autoRemove = sub == "autoremove" || sub == "autopurge" || package.hasOption("--auto-remove")
            || package.hasOption("--autoremove");
        // The official images' idiom: `apt-mark auto '.*'` then `apt-get purge --auto-remove`
        // takes away everything this RUN installed.
        removal.everything = m_aptMarkAuto && autoRemove;
        for (Installed &installed : m_toolchains) {
            if (removal.everything && installed.system)
                installed.install.packages.clear();
            std::erase_if(installed.install.packages, [&](const ToolchainPackage &p) { return removal.removes(p); });
        }
        m_facts.removals.push_back(std::move(removal));
    }

    // Source-map options and JavaScript builds run by tools rather than package managers.
    void analyseTools(const ShellCommand &command, std::string_view name)
    {
        const bool node = name == "node" || name == "nodejs";
        for (size_t i = 0; i < command.words.size(); ++i) {
            const std::string_view v = command.words[i].value;
            if (v.starts_with("--s")) {
                // --sourceMap (tsc), --sourcemap (esbuild, vite), --source-map(s) (babel, swc); node's
                // --enable-source-maps only reads them.
                const bool option = v.starts_with("--sourceMap") || v.starts_with("--sourcemap")
                    || v.starts_with("--source-map") || v.starts_with("--sourceMaps");
                if (node || !option || v.ends_with("=false") || v.ends_with("=none") || v.ends_with("=0"))
                    continue;
                if (i + 1 < command.words.size() && command.words[i + 1].value == "false")
                    continue;
                addPathEvent(m_facts.sourceMaps, placed(command.words[i].span), outputDirectory(command));
            } else if (!m_facts.privilegeDrop) {
                m_facts.privilegeDrop = runsAsAnotherUser(v);
            }
        }
        std::string_view tool = name;
        if ((name == "npx" || name == "pnpx") && command.words.size() >= 2) {
            for (size_t i = 1; i < command.words.size(); ++i) {
                if (!command.words[i].value.starts_with('-')) {
                    tool = programName(command.words[i].value);
                    break;
                }
            }
        }
        // Sets, not lists: this is asked for every command of every RUN.
        static const std::unordered_set<std::string_view> builders {
            "tsc", "webpack", "esbuild", "rollup", "parcel", "babel", "swc", "tsup"};
        static const std::unordered_set<std::string_view> buildingFrameworks {
            "vite", "next", "nest", "ng", "nuxt", "remix"};
        const bool build
            = builders.contains(tool) || (buildingFrameworks.contains(tool) && command.hasArgument("build"));
        if (build)
            addPathEvent(m_facts.jsBuilds, placed(command.span));
        if (name == "rm") {
            for (size_t i = 1; i < command.words.size(); ++i) {
                const std::string_view v = command.words[i].value;
                if (v.starts_with('-') || baseName(v) != "node_modules" || !cwd().certain)
                    continue;
                const std::optional<std::string> resolved = m_variables.resolve(v);
                if (resolved)
                    m_facts.prunes.push_back(
                        {std::string(dirName(joinPath(cwd().directory, *resolved))), placed(command.span)});
            }
        }
    }

    struct Installed {
        ToolchainInstall install;
        bool system = false; ///< apt/apk/dnf..., which `apt-get purge --auto-remove` may take away
    };

    const RunInput &m_input; ///< read through cwd(), nodeImage(), toolchains(), buildArch() and goPath()
    RunInputReads *m_reads = nullptr;
    const ShellCache *m_shells = nullptr; ///< the split RUNs and package readings, when shared
    int m_index = -1; ///< the RUN's instruction index in m_shells
    uint32_t m_origin = 0; ///< the RUN's first byte: the shell's spans are relative to it
    ShellVariables m_variables;
    RunFacts m_facts;
    std::vector<Cwd> m_cwd;
    std::vector<Installed> m_toolchains;
    bool m_aptMarkAuto = false;
    bool m_compilerInRun = false;
};

} // namespace

bool PackageRemoval::removes(const ToolchainPackage &package) const
{
    return std::any_of(names.begin(), names.end(), [&](const std::string &name) {
        return name == package.name || name == package.operand || (!package.group.empty() && name == package.group);
    });
}

RunFacts analyseRun(const SyntaxTree &tree, const Instruction &instruction, const RunInput &input)
{
    return RunAnalyser(input).run(tree, instruction, instructionShell(tree, instruction));
}

RunFacts analyseRun(const SyntaxTree &tree, const ShellCache &shells, int index, const RunInput &input)
{
    const Instruction &instruction = tree.instructions()[static_cast<size_t>(index)];
    return RunAnalyser(input).run(tree, instruction, shells.shell(index), &shells, index);
}

RunFacts analyseRunRelative(
    const SyntaxTree &tree, const ShellCache &shells, int index, const RunInput &input, RunInputReads &reads)
{
    const Instruction &instruction = tree.instructions()[static_cast<size_t>(index)];
    return RunAnalyser(input, &reads).run(tree, instruction, shells.shell(index), &shells, index);
}

bool RunInputReads::agreeWith(const RunInput &input) const
{
    if (directory && (directory->directory != input.directory || directory->certain != input.directoryCertain))
        return false;
    if ((nodeImage && *nodeImage != input.nodeImage) || (toolchains && *toolchains != input.toolchains))
        return false;
    if ((buildArch && *buildArch != input.buildArch) || (goPath && *goPath != input.goPath))
        return false;
    return std::all_of(variables.begin(), variables.end(), [&](const auto &read) {
        return (input.scope ? input.scope->lookup(read.first) : std::nullopt) == read.second;
    });
}

size_t shiftRanges(RunFacts &facts, uint32_t offset)
{
    // Every SourceRange of RunFacts: a range added there must be moved here too.
    size_t moved = 0;
    auto shift = [offset, &moved](SourceRange &range) {
        range = range.shifted(offset);
        ++moved;
    };
    for (DependencyInstall &install : facts.installs)
        shift(install.range);
    for (DeprecatedNpmOption &option : facts.deprecatedOptions)
        shift(option.range);
    for (ToolchainInstall &install : facts.toolchains) {
        for (ToolchainPackage &package : install.packages)
            shift(package.range);
    }
    for (GoBuild &build : facts.goBuilds)
        shift(build.range);
    for (std::vector<PathEvent> *events : {&facts.prunes, &facts.jsBuilds, &facts.sourceMaps}) {
        for (PathEvent &event : *events)
            shift(event.range);
    }
    for (VariableUse &use : facts.variables)
        shift(use.range);
    return moved;
}

} // namespace stagecraft

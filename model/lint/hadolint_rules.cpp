// SPDX-License-Identifier: MIT
// hadolint's DL rules, reimplemented on the syntax tree, the build graph and the shell
// splitter. Each rule keeps hadolint's code as its id (so `# hadolint ignore=DL3008` and
// .hadolint.yaml settings carry over), its default severity and its message; the triggers
// follow hadolint's, with a few deliberate differences that answer its best-known false
// positives:
//  * rules about what ships (last USER root, caches left in layers, consecutive RUNs) judge
//    only the stages the target image is made of: the target and the stages it is based on
//    through `FROM <stage>`; builder stages whose files are copied out do not ship their
//    layers;
//  * image-tag rules judge the base after ARG expansion and stay quiet when a build argument
//    decides the reference;
//  * shell commands come from a real word splitter, so quoting, `&&` chains, subshells and
//    heredoc scripts are read as the shell reads them; RUNs that go to PowerShell or cmd (a
//    SHELL saying so, or a Windows base image) are not read as sh at all.
// Other, smaller differences are noted at the rules (and in resources/rules/DLxxxx.md).

#include "command_check_memo.h"
#include "graph/run_mount.h"
#include "lint_context.h"
#include "shell/package_install.h"
#include "shell/shell_words.h"
#include "syntax/buildkit_ast.h"
#include "syntax/json_array.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace stagecraft {

namespace {

// hadolint's messages, verbatim: users search for them.
constexpr std::string_view msgDL3000 = "Use absolute WORKDIR.";
constexpr std::string_view msgDL3002 = "Last USER should not be root.";
constexpr std::string_view msgDL3003 = "Use WORKDIR to switch to a directory.";
constexpr std::string_view msgDL3004
    = "Do not use sudo as it leads to unpredictable behavior. Use a tool like gosu to enforce root";
constexpr std::string_view msgDL3006 = "Always tag the version of an image explicitly";
constexpr std::string_view msgDL3007 = "Using latest is prone to errors if the image will ever update. Pin the version "
                                       "explicitly to a release tag";
constexpr std::string_view msgDL3008 = "Pin versions in apt get install. Instead of `apt-get install <package>` use "
                                       "`apt-get install <package>=<version>`";
constexpr std::string_view msgDL3009 = "Delete the apt-get lists after installing something.";
constexpr std::string_view msgDL3013 = "Pin versions in pip. Instead of `pip install <package>` use `pip install "
                                       "<package>==<version>` or `pip install --requirement <requirements file>`.";
constexpr std::string_view msgDL3014 = "Use the `-y` switch to avoid manual input `apt-get -y install <package>`";
constexpr std::string_view msgDL3015 = "Avoid additional packages by specifying `--no-install-recommends`";
constexpr std::string_view msgDL3016
    = "Pin versions in npm. Instead of `npm install <package>` use `npm install <package>@<version>`";
constexpr std::string_view msgDL3018
    = "Pin versions in apk add. Instead of `apk add <package>` use `apk add <package>=<version>`";
constexpr std::string_view msgDL3019 = "Use the `--no-cache` switch to avoid the need to use `--update` and remove "
                                       "`/var/cache/apk/*` when done installing packages";
constexpr std::string_view msgDL3020 = "Use COPY instead of ADD for files and folders";
constexpr std::string_view msgDL3021 = "COPY with more than 2 arguments requires the last argument to end with /.";
constexpr std::string_view msgDL3022 = "COPY --from should reference a previously defined FROM alias";
constexpr std::string_view msgDL3023 = "`COPY --from` cannot reference its own `FROM` alias";
constexpr std::string_view msgDL3024 = "FROM aliases (stage names) must be unique.";
constexpr std::string_view msgDL3025 = "Use arguments JSON notation for CMD and ENTRYPOINT arguments";
constexpr std::string_view msgDL3027
    = "Do not use apt as it is meant to be a end-user tool, use apt-get or apt-cache instead";
constexpr std::string_view msgDL3028
    = "Pin versions in gem install. Instead of `gem install <gem>` use `gem install <gem>:<version>`.";
constexpr std::string_view msgDL3029 = "Do not use --platform flag with FROM";
constexpr std::string_view msgDL3042
    = "Avoid use of cache directory with pip. Use `pip install --no-cache-dir <package>`.";
constexpr std::string_view msgDL3045 = "`COPY` to a relative destination without `WORKDIR` set.";
constexpr std::string_view msgDL3047 = "Avoid use of wget without progress bar. Use `wget --progress=dot:giga <url>`. "
                                       "Or consider using `-q` or `-nv` (shorthands for `--quiet` or `--no-verbose`).";
constexpr std::string_view msgDL3059 = "Multiple consecutive `RUN` instructions. Consider consolidation.";
constexpr std::string_view msgDL3060 = "`yarn cache clean` missing after `yarn install` was run.";
constexpr std::string_view msgDL4000 = "MAINTAINER is deprecated";
constexpr std::string_view msgDL4001 = "Either use Wget or Curl but not both.";
constexpr std::string_view msgDL4003 = "Multiple `CMD` instructions found. If you list more than one `CMD` then only "
                                       "the last `CMD` will take effect";
constexpr std::string_view msgDL4004 = "Multiple `ENTRYPOINT` instructions found. If you list more than one "
                                       "`ENTRYPOINT` then only the last `ENTRYPOINT` will take effect";
constexpr std::string_view msgDL4006
    = "Set the SHELL option -o pipefail before RUN with a pipe in it. If you are using "
      "/bin/sh in an alpine image or if your shell is symlinked to busybox then "
      "consider explicitly setting your SHELL to /bin/ash, or disable this check";

std::vector<RuleInfo> catalog()
{
    constexpr auto E = Severity::Error;
    constexpr auto W = Severity::Warning;
    constexpr auto I = Severity::Info;
    constexpr auto H = RuleOrigin::Hadolint;
    // The URLs point at hadolint's wiki page of each rule.
    return {
        {"DL3000", {}, H, E, "WORKDIR should be an absolute path", "https://github.com/hadolint/hadolint/wiki/DL3000"},
        {"DL3002", {}, H, W, "The final image should not run as root",
            "https://github.com/hadolint/hadolint/wiki/DL3002"},
        {"DL3003", {}, H, W, "Use WORKDIR instead of cd", "https://github.com/hadolint/hadolint/wiki/DL3003"},
        {"DL3004", {}, H, E, "Do not use sudo", "https://github.com/hadolint/hadolint/wiki/DL3004"},
        {"DL3006", {}, H, W, "Tag the version of base images explicitly",
            "https://github.com/hadolint/hadolint/wiki/DL3006"},
        {"DL3007", {}, H, W, "Do not use the latest tag", "https://github.com/hadolint/hadolint/wiki/DL3007"},
        {"DL3008", {}, H, W, "Pin versions in apt-get install", "https://github.com/hadolint/hadolint/wiki/DL3008"},
        {"DL3009", {}, H, I, "Delete the apt lists after installing",
            "https://github.com/hadolint/hadolint/wiki/DL3009"},
        {"DL3013", {}, H, W, "Pin versions in pip install", "https://github.com/hadolint/hadolint/wiki/DL3013"},
        {"DL3014", {}, H, W, "Use -y with apt-get install", "https://github.com/hadolint/hadolint/wiki/DL3014"},
        {"DL3015", {}, H, I, "Use --no-install-recommends", "https://github.com/hadolint/hadolint/wiki/DL3015"},
        {"DL3016", {}, H, W, "Pin versions in npm install", "https://github.com/hadolint/hadolint/wiki/DL3016"},
        {"DL3018", {}, H, W, "Pin versions in apk add", "https://github.com/hadolint/hadolint/wiki/DL3018"},
        {"DL3019", {}, H, I, "Use apk add --no-cache", "https://github.com/hadolint/hadolint/wiki/DL3019"},
        {"DL3020", {}, H, E, "Use COPY instead of ADD for files", "https://github.com/hadolint/hadolint/wiki/DL3020"},
        {"DL3021", {}, H, E, "COPY of several sources needs a directory destination ending in /",
            "https://github.com/hadolint/hadolint/wiki/DL3021"},
        {"DL3022", {}, H, W, "COPY --from should name an earlier stage",
            "https://github.com/hadolint/hadolint/wiki/DL3022"},
        {"DL3023", {}, H, E, "COPY --from cannot name its own stage",
            "https://github.com/hadolint/hadolint/wiki/DL3023"},
        {"DL3024", {}, H, E, "Stage names must be unique", "https://github.com/hadolint/hadolint/wiki/DL3024"},
        {"DL3025", {}, H, W, "Use the JSON form for CMD and ENTRYPOINT",
            "https://github.com/hadolint/hadolint/wiki/DL3025"},
        {"DL3027", {}, H, W, "Use apt-get or apt-cache instead of apt",
            "https://github.com/hadolint/hadolint/wiki/DL3027"},
        {"DL3028", {}, H, W, "Pin versions in gem install", "https://github.com/hadolint/hadolint/wiki/DL3028"},
        {"DL3029", {}, H, W, "Do not use --platform with FROM", "https://github.com/hadolint/hadolint/wiki/DL3029"},
        {"DL3042", {}, H, W, "Use pip install --no-cache-dir", "https://github.com/hadolint/hadolint/wiki/DL3042"},
        {"DL3045", {}, H, W, "COPY to a relative destination without WORKDIR",
            "https://github.com/hadolint/hadolint/wiki/DL3045"},
        {"DL3047", {}, H, W, "Use wget with a quiet progress bar", "https://github.com/hadolint/hadolint/wiki/DL3047"},
        {"DL3059", {}, H, I, "Consolidate consecutive RUN instructions",
            "https://github.com/hadolint/hadolint/wiki/DL3059"},
        {"DL3060", {}, H, I, "Run yarn cache clean after yarn install",
            "https://github.com/hadolint/hadolint/wiki/DL3060"},
        {"DL4000", {}, H, E, "MAINTAINER is deprecated", "https://github.com/hadolint/hadolint/wiki/DL4000"},
        {"DL4001", {}, H, W, "Use either wget or curl, not both", "https://github.com/hadolint/hadolint/wiki/DL4001"},
        {"DL4003", {}, H, W, "Only the last CMD takes effect", "https://github.com/hadolint/hadolint/wiki/DL4003"},
        {"DL4004", {}, H, E, "Only the last ENTRYPOINT takes effect",
            "https://github.com/hadolint/hadolint/wiki/DL4004"},
        {"DL4006", {}, H, W, "Set -o pipefail before RUN with a pipe",
            "https://github.com/hadolint/hadolint/wiki/DL4006"},
    };
}

bool startsWith(std::string_view s, std::string_view prefix)
{
    return s.starts_with(prefix);
}

bool endsWith(std::string_view s, std::string_view suffix)
{
    return s.ends_with(suffix);
}

bool contains(std::string_view s, std::string_view part)
{
    return s.find(part) != std::string_view::npos;
}

std::string_view baseName(std::string_view path)
{
    const size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

/// hadolint's dropQuotes: surrounding quote characters removed.
std::string_view dropQuotes(std::string_view s)
{
    while (!s.empty() && (s.front() == '"' || s.front() == '\''))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == '"' || s.back() == '\''))
        s.remove_suffix(1);
    return s;
}

/// A path argument of COPY or ADD, as hadolint sees it.
struct PathWord {
    std::string value; ///< quotes dropped
    SourceRange range;
    bool heredoc = false;
};

std::vector<PathWord> pathWords(const SyntaxTree &tree, const Instruction &instruction)
{
    std::vector<PathWord> out;
    if (instruction.json) {
        const JsonArray array = parseJsonArray(tree.argumentsText(instruction));
        const SourceRange whole = tree.toSource(instruction, instruction.argsBegin, instruction.argsEnd);
        for (const std::string &value : array.values)
            out.push_back({value, whole, false});
        return out;
    }
    for (const BuildKitWord &word : buildKitWords(tree, instruction)) {
        PathWord path;
        path.value = std::string(dropQuotes(word.text));
        path.range = tree.toSource(instruction, word.begin, word.end);
        path.heredoc = startsWith(word.text, "<<");
        out.push_back(std::move(path));
    }
    return out;
}

/// How many blank-separated runs `text` has: at least the number of words it splits into.
size_t blankSeparatedCount(std::string_view text)
{
    size_t count = 0;
    bool inWord = false;
    for (const char c : text) {
        const bool blank = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        count += (!blank && !inWord) ? 1 : 0;
        inWord = !blank;
    }
    return count;
}

/// The targets of the instruction's `--mount=type=cache` flags.
std::vector<std::string> cacheMountTargets(const SyntaxTree &tree, const Instruction &instruction)
{
    std::vector<std::string> targets;
    for (const Flag &flag : tree.flags(instruction)) {
        if (tree.flagName(flag) != "mount")
            continue;
        RunMount mount = parseRunMount(tree.flagValue(flag));
        if (mount.error.empty() && mount.type == "cache")
            targets.push_back(std::move(mount.target));
    }
    return targets;
}

bool isTruthy(std::string_view value)
{
    static constexpr std::array<std::string_view, 10> truthy
        = {"1", "true", "True", "TRUE", "on", "On", "ON", "yes", "Yes", "YES"};
    return std::find(truthy.begin(), truthy.end(), value) != truthy.end();
}

bool isRootUser(std::string_view user)
{
    return user == "root" || user == "0" || startsWith(user, "root:") || startsWith(user, "0:");
}

bool isArchive(std::string_view path)
{
    // hadolint's list of what ADD extracts, plus zstd, which BuildKit extracts too.
    static constexpr std::array<std::string_view, 17> extensions = {".tar", ".Z", ".bz2", ".gz", ".lz", ".lzma", ".tZ",
        ".tb2", ".tbz", ".tbz2", ".tgz", ".tlz", ".tpz", ".txz", ".xz", ".zst", ".tzst"};
    return std::any_of(extensions.begin(), extensions.end(), [&](std::string_view e) { return endsWith(path, e); });
}

/// A COPY destination BuildKit reads as a directory: a trailing separator, or "." (as in
/// `COPY a b .`, which hadolint reports although BuildKit accepts it).
bool namesDirectory(std::string_view dest)
{
    return endsWith(dest, "/") || endsWith(dest, "\\") || dest == "." || endsWith(dest, "/.");
}

bool isUrl(std::string_view path)
{
    return startsWith(path, "https://") || startsWith(path, "http://");
}

/// A word whose value a build variable or a substitution decides: nothing to judge.
bool undecidable(const ShellWord &word)
{
    return word.hasExpansion;
}

/// The edit that adds `option` right after `word` (the subcommand or program), when the
/// word's source range is exact: exec-form words get a JSON element.
/// `origin`: the first byte of the instruction the part belongs to.
std::optional<TextEdit> optionInsertion(const SyntaxTree &tree, const InstructionShellPart &part, uint32_t origin,
    const ShellWord &word, std::string_view option)
{
    const SourceRange source = word.span.shifted(origin);
    if (part.kind == ShellSourceKind::Exec)
        return TextEdit {{source.end, source.end}, ", \"" + std::string(option) + "\""};
    if (part.inJsonString && tree.text().substr(source.begin, source.length()) != word.raw(part.text()))
        return std::nullopt; // an `sh -c` string with escapes: offsets are not exact
    return TextEdit {{source.end, source.end}, " " + std::string(option)};
}

std::vector<QuickFix> fixes(std::string title, std::optional<TextEdit> edit)
{
    if (!edit)
        return {};
    return {QuickFix {std::move(title), {std::move(*edit)}}};
}

/// `set -o pipefail`, `set -euo pipefail`, `set -eux -o pipefail`.
bool setsPipefail(const ShellCommand &command)
{
    return command.name() == "set" && command.hasShortOption('o') && command.hasArgument("pipefail");
}

/// A shell invocation (SHELL instruction, exec-form RUN) with `-o pipefail`, as hadolint
/// accepts it: bash, zsh or ash.
bool shellWithPipefail(const std::vector<std::string> &argv)
{
    if (argv.empty())
        return false;
    const std::string_view shell = baseName(argv.front());
    if (shell != "bash" && shell != "zsh" && shell != "ash")
        return false;
    bool option = false;
    bool pipefail = false;
    for (size_t i = 1; i < argv.size(); ++i) {
        const std::string_view a = argv[i];
        if (a.size() >= 2 && a[0] == '-' && a[1] != '-' && a.find('o') != std::string_view::npos)
            option = true;
        if (a == "pipefail")
            pipefail = true;
    }
    return option && pipefail;
}

bool isNonPosixShell(const std::vector<std::string> &argv)
{
    if (argv.empty())
        return false;
    const std::string_view shell = baseName(argv.front());
    return startsWith(shell, "pwsh") || startsWith(shell, "powershell") || startsWith(shell, "cmd");
}

using RunFacts = HadolintRunFacts;

/// Per-stage facts that stages based on it (`FROM <stage>`) inherit.
struct StageState {
    bool workdirSet = false; ///< DL3045
    bool pipefail = false; ///< DL4006: the SHELL runs with pipefail (or is not a POSIX shell)
    /// RUN goes to a POSIX shell. Not so after `SHELL ["powershell", ...]` or on a Windows base
    /// image (cmd): reading those scripts as sh would only produce noise, so the shell-based
    /// rules skip them.
    bool posixShell = true;
};

/// Windows images run RUN with `cmd /S /C` unless a SHELL says otherwise.
bool isWindowsImage(const ImageReference &image)
{
    const std::string_view repository = image.repository;
    const std::string_view tag = image.tag;
    return contains(repository, "windows/") || contains(repository, "nanoserver") || contains(repository, "servercore")
        || contains(tag, "nanoserver") || contains(tag, "windowsservercore") || contains(tag, "ltsc20");
}

class HadolintChecker {
public:
    explicit HadolintChecker(const LintContext &ctx)
        : m_ctx(ctx)
        , m_tree(ctx.tree())
        , m_graph(ctx.graph())
        , m_instructions(ctx.tree().instructions())
    {}

    void run()
    {
        markShippedStages();
        const std::vector<Stage> &stages = m_graph.stages();
        m_stageEnd.assign(stages.size(), StageState {});
        for (const Stage &stage : stages)
            checkStage(stage);
        checkStageNames();
        checkFinalUser();
    }

private:
    void report(std::string_view rule, SourceRange range, std::string_view message, int stage,
        std::vector<QuickFix> quickFixes = {}) const
    {
        if (m_recording != nullptr)
            m_recording->findings.push_back({std::string(rule), relocated(range, m_origin, 0), std::string(message),
                relocated(quickFixes, m_origin, 0)});
        m_ctx.report(rule, range, std::string(message), stage, std::move(quickFixes));
    }

    /// A span of the shell being checked (relative to its instruction) in the source.
    [[nodiscard]] SourceRange placed(SourceRange span) const { return span.shifted(m_origin); }
    [[nodiscard]] std::optional<TextEdit> insertAfter(
        const InstructionShellPart &part, const ShellWord &word, std::string_view option) const
    {
        return optionInsertion(m_tree, part, m_origin, word, option);
    }

    // The image the target is made of: the target and, through `FROM <stage>`, its bases.
    void markShippedStages()
    {
        const std::vector<Stage> &stages = m_graph.stages();
        m_shipped.assign(stages.size(), 0);
        int stage = m_graph.targetIndex();
        for (size_t steps = 0; stage >= 0 && static_cast<size_t>(stage) < stages.size() && steps <= stages.size();
            ++steps) {
            m_shipped[static_cast<size_t>(stage)] = 1;
            m_chain.push_back(stage);
            const StageBase &base = stages[static_cast<size_t>(stage)].base;
            if (base.kind != BaseKind::Stage || base.stage < 0 || base.stage >= stage)
                break;
            stage = base.stage;
        }
    }

    [[nodiscard]] bool shipped(int stage) const
    {
        return stage >= 0 && static_cast<size_t>(stage) < m_shipped.size() && m_shipped[static_cast<size_t>(stage)];
    }

    void checkStage(const Stage &stage)
    {
        StageState state;
        if (stage.base.kind == BaseKind::Stage && stage.base.stage >= 0 && stage.base.stage < stage.index)
            state = m_stageEnd[static_cast<size_t>(stage.base.stage)];
        else if (stage.base.kind == BaseKind::Image && isWindowsImage(stage.base.image))
            state.posixShell = false;
        checkFrom(stage);

        // DL3059: the previous instruction, when it was a RUN.
        bool previousRun = false;
        const Instruction *previousRunInstruction = nullptr;
        size_t previousCount = 0;
        // DL4001: 1 = curl, 2 = wget.
        unsigned downloaders = 0;
        int cmdCount = 0;
        int entrypointCount = 0;

        for (int i = stage.firstInstruction + 1; i < stage.endInstruction; ++i) {
            const Instruction &ins = m_instructions[static_cast<size_t>(i)];
            const bool isRun = ins.kind == InstructionKind::Run;
            switch (ins.kind) {
            case InstructionKind::Run: {
                size_t count = 1;
                if (state.posixShell) {
                    const InstructionShell &shell = m_ctx.shells().shell(i);
                    const RunFacts &facts = checkRunCommands(shell, ins, i, stage.index);
                    checkRunInstruction(shell, facts, ins, stage, state, downloaders);
                    count = facts.commandCount;
                }
                // DL3059
                if (shipped(stage.index) && previousRun && count <= 2 && previousCount <= 2
                    && sameFlags(ins, *previousRunInstruction))
                    report("DL3059", ins.keyword, msgDL3059, stage.index);
                previousRunInstruction = &ins;
                previousCount = count;
                break;
            }
            case InstructionKind::Onbuild:
                if (const Instruction *trigger = m_tree.trigger(ins);
                    trigger && trigger->kind == InstructionKind::Run && state.posixShell)
                    checkCommands(m_ctx.shells().shell(i), *trigger, i, stage.index, true, nullptr);
                break;
            case InstructionKind::Workdir: {
                state.workdirSet = true;
                const std::string_view path = dropQuotes(m_tree.argumentsText(ins));
                const bool windows
                    = path.size() >= 2 && std::isalpha(static_cast<unsigned char>(path[0])) && path[1] == ':';
                if (!path.empty() && !startsWith(path, "$") && !startsWith(path, "/") && !windows)
                    report("DL3000", argumentsRange(ins), msgDL3000, stage.index);
                break;
            }
            case InstructionKind::Shell: {
                const JsonArray array = parseJsonArray(m_tree.argumentsText(ins));
                if (array.status == JsonArrayStatus::StringArray) {
                    state.posixShell = !isNonPosixShell(array.values);
                    state.pipefail = !state.posixShell || shellWithPipefail(array.values);
                }
                break;
            }
            case InstructionKind::Copy:
                checkCopy(ins, i, stage, state);
                break;
            case InstructionKind::Add:
                checkAdd(ins, stage.index);
                break;
            case InstructionKind::Cmd:
            case InstructionKind::Entrypoint: {
                const bool isCmd = ins.kind == InstructionKind::Cmd;
                if (!ins.json)
                    report("DL3025", argumentsRange(ins), msgDL3025, stage.index);
                int &count = isCmd ? cmdCount : entrypointCount;
                if (++count > 1)
                    report(isCmd ? "DL4003" : "DL4004", ins.keyword, isCmd ? msgDL4003 : msgDL4004, stage.index);
                break;
            }
            case InstructionKind::Maintainer:
                report("DL4000", ins.keyword, msgDL4000, stage.index);
                break;
            default:
                break;
            }
            previousRun = isRun;
        }
        m_stageEnd[static_cast<size_t>(stage.index)] = state;
    }

    [[nodiscard]] bool sameFlags(const Instruction &a, const Instruction &b) const
    {
        const std::span<const Flag> fa = m_tree.flags(a);
        const std::span<const Flag> fb = m_tree.flags(b);
        if (fa.size() != fb.size())
            return false;
        for (size_t k = 0; k < fa.size(); ++k) {
            if (m_tree.flagText(fa[k]) != m_tree.flagText(fb[k]))
                return false;
        }
        return true;
    }

    [[nodiscard]] SourceRange argumentsRange(const Instruction &ins) const
    {
        if (ins.argsEnd <= ins.argsBegin)
            return ins.keyword;
        return m_tree.toSource(ins, ins.argsBegin, ins.argsEnd);
    }

    // --- FROM -------------------------------------------------------------------------

    /// True when a build argument decides the base reference: it uses a variable that is
    /// unset, or one a global ARG sets (and `--build-arg` can change).
    [[nodiscard]] bool decidedByBuildArg(const StageBase &base) const
    {
        if (base.ref.find('$') == std::string::npos)
            return false;
        const VariableScope &global = m_graph.globalScope();
        const ShellResult result = global.expand(base.ref, m_tree.escapeToken());
        if (!result.ok() || !result.unmatched.empty())
            return true;
        for (const std::string &name : result.used) {
            const Variable *variable = global.find(name);
            if (variable && variable->kind != VariableKind::Automatic)
                return true;
        }
        return false;
    }

    void checkFrom(const Stage &stage)
    {
        const StageBase &base = stage.base;
        if (base.kind == BaseKind::Image && base.image.valid() && !decidedByBuildArg(base)) {
            if (base.image.tag.empty() && base.image.digest.empty()) {
                report("DL3006", base.range, msgDL3006, stage.index);
            } else if (base.image.tag == "latest" && base.image.digest.empty()) {
                // A digest pins the image whatever the tag says, so only a bare :latest is reported.
                SourceRange range = base.range;
                const std::string_view written = m_tree.text().substr(range.begin, range.length());
                if (endsWith(written, ":latest"))
                    range.begin = range.end - 7;
                report("DL3007", range, msgDL3007, stage.index);
            }
        }
        const Instruction &from = m_instructions[static_cast<size_t>(stage.firstInstruction)];
        if (const Flag *platform = m_tree.findFlag(from, "platform")) {
            const std::string_view value = m_tree.flagValue(*platform);
            if (!value.empty() && !contains(value, "BUILDPLATFORM") && !contains(value, "TARGETPLATFORM"))
                report("DL3029", platform->range, msgDL3029, stage.index);
        }
    }

    void checkStageNames()
    {
        const std::vector<Stage> &stages = m_graph.stages();
        for (size_t i = 0; i < stages.size(); ++i) {
            if (stages[i].name.empty())
                continue;
            for (size_t j = 0; j < i; ++j) {
                if (stages[j].name == stages[i].name) {
                    report("DL3024", stages[i].nameRange, msgDL3024, static_cast<int>(i));
                    break;
                }
            }
        }
    }

    // --- USER -------------------------------------------------------------------------

    /// DL3002 on the last USER of the shipped image, whichever stage of its chain sets it.
    void checkFinalUser()
    {
        const std::vector<Stage> &stages = m_graph.stages();
        for (int stageIndex : m_chain) {
            const Stage &stage = stages[static_cast<size_t>(stageIndex)];
            for (int i = stage.endInstruction - 1; i > stage.firstInstruction; --i) {
                const Instruction &ins = m_instructions[static_cast<size_t>(i)];
                if (ins.kind != InstructionKind::User)
                    continue;
                const std::string_view written = m_tree.argumentsText(ins);
                std::string user(written);
                if (written.find('$') != std::string_view::npos) {
                    const ShellResult expanded = m_ctx.scopes().expand(i, written);
                    if (expanded.ok() && expanded.unmatched.empty())
                        user = expanded.word;
                } else {
                    user = std::string(dropQuotes(written));
                }
                if (isRootUser(user))
                    report("DL3002", argumentsRange(ins), msgDL3002, stageIndex);
                return;
            }
        }
    }

    // --- COPY / ADD -------------------------------------------------------------------

    void checkCopy(const Instruction &ins, int index, const Stage &stage, const StageState &state)
    {
        // Splitting the words costs more than everything else here; most COPYs have two words
        // and a WORKDIR, and then neither rule needs them.
        const std::vector<PathWord> words = (!state.workdirSet || blankSeparatedCount(m_tree.argumentsText(ins)) >= 3)
            ? pathWords(m_tree, ins)
            : std::vector<PathWord>();
        if (words.size() >= 3 && !namesDirectory(words.back().value))
            report("DL3021", words.back().range, msgDL3021, stage.index);
        if (words.size() >= 2 && !state.workdirSet) {
            const std::string_view dest = words.back().value;
            const bool windows
                = dest.size() >= 2 && dest[1] == ':' && std::isalpha(static_cast<unsigned char>(dest[0]));
            if (!startsWith(dest, "/") && !startsWith(dest, "$") && !windows)
                report("DL3045", words.back().range, msgDL3045, stage.index);
        }
        const Flag *from = m_tree.findFlag(ins, "from");
        if (from == nullptr)
            return;
        for (const Edge &edge : m_graph.edgesInto(stage.index)) {
            if (edge.kind != EdgeKind::Copy || edge.instruction != index)
                continue;
            if (edge.source == stage.index) {
                report("DL3023", from->range, msgDL3023, stage.index);
            } else if (edge.source > stage.index) {
                report("DL3022", from->range, msgDL3022, stage.index); // defined later, not before
            } else if (edge.source < 0 && edge.image >= 0
                && !m_graph.images()[static_cast<size_t>(edge.image)].looksLikeImage) {
                // A plain name that is no stage: BuildKit would pull an image of that name,
                // which is almost always a misspelt stage.
                report("DL3022", from->range, msgDL3022, stage.index);
            }
        }
    }

    void checkAdd(const Instruction &ins, int stage)
    {
        const std::vector<PathWord> words = pathWords(m_tree, ins);
        for (size_t i = 0; i + 1 < words.size(); ++i) {
            const PathWord &source = words[i];
            if (source.heredoc || isArchive(source.value) || isUrl(source.value))
                continue;
            report("DL3020", source.range, msgDL3020, stage);
            return;
        }
    }

    // --- RUN: per command -------------------------------------------------------------

    /// checkCommands() of a RUN and the facts it notes. A RUN of a text already checked, in a
    /// stage that ships as that one did and a scope that answers its lookups the same way,
    /// gets that check's findings moved to its place: the rules read nothing else.
    const RunFacts &checkRunCommands(const InstructionShell &shell, const Instruction &ins, int index, int stage)
    {
        const bool ships = shipped(stage);
        const uint32_t origin = ins.range.begin;
        const auto lookup
            = [&](std::string_view name) { return m_ctx.scopes().scopeBefore(stage, index).lookup(name); };
        if (const CommandCheck *check = m_commandChecks.find(shell, ships, lookup)) {
            for (const RecordedFinding &finding : check->findings)
                m_ctx.report(finding.rule, relocated(finding.range, 0, origin), finding.message, stage,
                    finding.fixes.empty() ? std::vector<QuickFix>() : relocated(finding.fixes, 0, origin));
            return check->facts;
        }
        if (m_commandChecks.firstSighting(shell)) {
            m_unrecordedFacts = RunFacts {};
            checkCommands(shell, ins, index, stage, ships, &m_unrecordedFacts);
            countCommands(shell, m_unrecordedFacts);
            return m_unrecordedFacts;
        }
        CommandCheck &check = m_commandChecks.add(shell, ships);
        m_recording = &check;
        checkCommands(shell, ins, index, stage, ships, &check.facts);
        m_recording = nullptr;
        countCommands(shell, check.facts);
        return check.facts;
    }

    /// DL3059's count: the commands that run something (a bare `<<EOF` runs nothing).
    static void countCommands(const InstructionShell &shell, RunFacts &facts)
    {
        shell.forEachCommand([&facts](const ShellCommand &c, const InstructionShellPart &) {
            facts.commandCount += c.words.empty() ? 0 : 1;
        });
    }

    /// Rules that judge each command on its own. `ships`: the stage's layers end up in the
    /// target image (cache advice only matters there).
    /// `index`: the instruction (for an ONBUILD trigger, the ONBUILD) whose scope the commands run in.
    void checkCommands(
        const InstructionShell &shell, const Instruction &ins, int index, int stage, bool ships, RunFacts *facts)
    {
        m_origin = m_instructions[static_cast<size_t>(index)].range.begin;
        std::vector<std::string> cacheTargets;
        bool cacheTargetsRead = false;
        auto hasCacheMount = [&](auto predicate) {
            if (!cacheTargetsRead) {
                cacheTargets = cacheMountTargets(m_tree, ins);
                cacheTargetsRead = true;
            }
            return std::any_of(cacheTargets.begin(), cacheTargets.end(),
                [&](const std::string &target) { return predicate(std::string_view(target)); });
        };

        for (const InstructionShellPart &part : shell.parts) {
            for (const ShellCommand &command : part.shell.commands) {
                if (command.words.empty())
                    continue;
                const std::string_view name = command.baseName();
                const ShellWord &program = command.words.front();
                if (name == "cd" && command.subshell == 0) // in a subshell the directory does not persist
                    report("DL3003", placed(program.span), msgDL3003, stage);
                if (name == "sudo")
                    report("DL3004", placed(program.span), msgDL3004, stage);
                if (name == "wget")
                    checkWget(part, command, stage);
                if (facts != nullptr)
                    noteFacts(command, name, *facts);

                const std::optional<PackageCommand> &package = m_ctx.shells().package(index, command);
                if (!package)
                    continue;
                if (facts != nullptr)
                    notePackageFacts(*package, *facts);
                switch (package->manager) {
                case PackageManager::Apt:
                    report("DL3027", placed(package->word(package->program).span), msgDL3027, stage);
                    break;
                case PackageManager::AptGet:
                    if (package->subcommandName() == "install")
                        checkAptGetInstall(part, *package, stage);
                    break;
                case PackageManager::Apk:
                    if (package->subcommandName() == "add")
                        checkApkAdd(part, *package, stage, ships, hasCacheMount);
                    break;
                case PackageManager::Pip:
                    if (package->subcommandName() == "install")
                        checkPipInstall(part, *package, index, stage, ships, hasCacheMount);
                    break;
                case PackageManager::Npm: {
                    const std::string_view sub = package->subcommandName();
                    if (sub == "install" || sub == "i" || sub == "add")
                        checkNpmInstall(*package, stage);
                    break;
                }
                case PackageManager::Gem: {
                    const std::string_view sub = package->subcommandName();
                    if ((sub == "install" || sub == "i") && !package->hasOption("-v")
                        && !package->hasOption("--version"))
                        reportUnpinned("DL3028", msgDL3028, *package, stage,
                            [](const ShellWord &w) { return contains(w.value, ":") || endsWith(w.value, ".gem"); });
                    break;
                }
                default:
                    break;
                }
            }
        }
    }

    template <typename Pinned>
    void reportUnpinned(
        std::string_view rule, std::string_view message, const PackageCommand &package, int stage, Pinned pinned)
    {
        for (size_t index : package.operands) {
            const ShellWord &word = package.word(index);
            if (word.value.empty() || word.value == "--" || pinned(word))
                continue;
            if (undecidable(word))
                continue;
            report(rule, placed(word.span), message, stage);
        }
    }

    void checkWget(const InstructionShellPart &part, const ShellCommand &command, int stage)
    {
        for (std::string_view option :
            {"--progress", "-q", "--quiet", "-o", "--output-file", "-a", "--append-output", "--no-verbose"}) {
            if (command.hasOption(option))
                return;
        }
        if (command.hasArgument("-nv"))
            return;
        const ShellWord &program = command.words.front();
        report("DL3047", placed(program.span), msgDL3047, stage,
            fixes("Add --progress=dot:giga", insertAfter(part, program, "--progress=dot:giga")));
    }

    void checkAptGetInstall(const InstructionShellPart &part, const PackageCommand &package, int stage)
    {
        const ShellWord &install = package.word(static_cast<size_t>(package.subcommand));
        const bool assumeYes = package.hasOption("-y") || package.hasOption("--yes") || package.hasOption("-q")
            || package.hasOption("--assume-yes")
            || std::any_of(package.options.begin(), package.options.end(),
                [&](size_t i) { return startsWith(package.word(i).value, "APT::Get::Assume-Yes="); });
        if (!assumeYes)
            report("DL3014", placed(install.span), msgDL3014, stage, fixes("Add -y", insertAfter(part, install, "-y")));

        const bool noRecommends = package.hasOption("--no-install-recommends")
            || std::any_of(package.options.begin(), package.options.end(), [&](size_t i) {
                   const std::string_view v = package.word(i).value;
                   return v == "APT::Install-Recommends=false" || v == "APT::Install-Recommends=0";
               });
        if (!noRecommends)
            report("DL3015", placed(install.span), msgDL3015, stage,
                fixes("Add --no-install-recommends", insertAfter(part, install, "--no-install-recommends")));

        reportUnpinned("DL3008", msgDL3008, package, stage, [](const ShellWord &w) {
            const PackageSpec spec = parsePackageSpec(PackageManager::AptGet, w.value);
            return spec.pinned() || spec.isPath;
        });
    }

    template <typename CacheMount>
    void checkApkAdd(const InstructionShellPart &part, const PackageCommand &package, int stage, bool ships,
        CacheMount &hasCacheMount)
    {
        reportUnpinned("DL3018", msgDL3018, package, stage, [](const ShellWord &w) {
            return contains(w.value, "=") || contains(w.value, "~") || endsWith(w.value, ".apk");
        });
        if (!ships || package.hasOption("--no-cache"))
            return;
        if (hasCacheMount(
                [](std::string_view t) { return startsWith(t, "/var/cache/apk") || startsWith(t, "/etc/apk/cache"); }))
            return;
        const ShellWord &add = package.word(static_cast<size_t>(package.subcommand));
        report("DL3019", placed(add.span), msgDL3019, stage,
            fixes("Add --no-cache", insertAfter(part, add, "--no-cache")));
    }

    template <typename CacheMount>
    void checkPipInstall(const InstructionShellPart &part, const PackageCommand &package, int index, int stage,
        bool ships, CacheMount &hasCacheMount)
    {
        // DL3013: a requirements or constraints file pins (or is meant to).
        if (package.requirementFiles.empty()) {
            reportUnpinned("DL3013", msgDL3013, package, stage, [](const ShellWord &w) {
                const std::string_view v = w.value;
                for (std::string_view symbol : {"==", ">=", "<=", ">", "<", "!=", "~=", "==="}) {
                    if (contains(v, symbol))
                        return true;
                }
                return parsePackageSpec(PackageManager::Pip, v).isPath && (!startsWith(v, "git") || contains(v, "@"));
            });
        }

        if (!ships || package.hasOption("--no-cache-dir"))
            return;
        // PIP_NO_CACHE_DIR does the same, from ENV/ARG or a prefix assignment.
        for (const ShellWord &assignment : package.command->assignments) {
            const std::string_view v = assignment.value;
            if (startsWith(v, "PIP_NO_CACHE_DIR=") && isTruthy(v.substr(17)))
                return;
        }
        if (hasCacheMount([](std::string_view t) { return contains(t, "pip"); }))
            return; // a cache mount is the better answer, and --no-cache-dir would defeat it
        const std::optional<std::string> env = m_ctx.scopes().scopeBefore(stage, index).lookup("PIP_NO_CACHE_DIR");
        if (m_recording != nullptr)
            m_recording->variables.emplace_back("PIP_NO_CACHE_DIR", env);
        if (env && isTruthy(*env))
            return;
        const ShellWord &install = package.word(static_cast<size_t>(package.subcommand));
        report("DL3042", placed(install.span), msgDL3042, stage,
            fixes("Add --no-cache-dir", insertAfter(part, install, "--no-cache-dir")));
    }

    void checkNpmInstall(const PackageCommand &package, int stage)
    {
        reportUnpinned("DL3016", msgDL3016, package, stage, [](const ShellWord &w) {
            const std::string_view v = w.value;
            const PackageSpec spec = parsePackageSpec(PackageManager::Npm, v);
            const bool git = startsWith(v, "git") || startsWith(v, "github:");
            return git ? spec.pinned() : (spec.pinned() || spec.isPath);
        });
    }

    // --- RUN: per instruction ---------------------------------------------------------

    static void noteFacts(const ShellCommand &command, std::string_view name, RunFacts &facts)
    {
        if (name == "curl" || name == "wget") {
            facts.downloaders |= name == "curl" ? 1u : 2u;
            if (facts.firstDownloader == nullptr)
                facts.firstDownloader = &command.words.front();
        }
        if (name == "rm") {
            for (size_t k = 1; k < command.words.size(); ++k) {
                if (startsWith(command.words[k].value, "/var/lib/apt/lists"))
                    facts.listsRemoved = true;
            }
        }
    }

    static void notePackageFacts(const PackageCommand &package, RunFacts &facts)
    {
        if ((package.manager == PackageManager::AptGet || package.manager == PackageManager::Apt)
            && package.action == PackageAction::Update && facts.aptUpdate == nullptr)
            facts.aptUpdate = package.command;
        if (package.manager == PackageManager::Yarn) {
            const std::string_view sub = package.subcommandName();
            if (sub == "install" && facts.yarnInstall == nullptr)
                facts.yarnInstall = package.command;
            if (sub == "cache" && package.command->hasArgument("clean"))
                facts.yarnCacheCleaned = true;
        }
    }

    void checkRunInstruction(const InstructionShell &shell, const RunFacts &facts, const Instruction &ins,
        const Stage &stage, const StageState &state, unsigned &downloaders)
    {
        m_origin = ins.range.begin;
        const bool ships = shipped(stage.index);
        const unsigned used = facts.downloaders;
        const ShellWord *firstDownloader = facts.firstDownloader;
        const ShellCommand *aptUpdate = facts.aptUpdate;
        const bool listsRemoved = facts.listsRemoved;
        const ShellCommand *yarnInstall = facts.yarnInstall;
        const bool yarnCacheCleaned = facts.yarnCacheCleaned;

        if (used != 0) {
            downloaders |= used;
            if (downloaders == 3u)
                report("DL4001", placed(firstDownloader->span), msgDL4001, stage.index);
        }

        if (ships && aptUpdate != nullptr && !listsRemoved) {
            const std::vector<std::string> caches = cacheMountTargets(m_tree, ins);
            auto cached = [&](std::string_view dir) {
                return std::any_of(
                    caches.begin(), caches.end(), [&](const std::string &t) { return startsWith(t, dir); });
            };
            if (!cached("/var/lib/apt/lists") && !(cached("/var/lib/apt") && cached("/var/cache/apt")))
                report("DL3009", placed(aptUpdate->span), msgDL3009, stage.index, cleanupFix(shell));
        }

        if (ships && yarnInstall != nullptr && !yarnCacheCleaned) {
            const std::vector<std::string> caches = cacheMountTargets(m_tree, ins);
            const bool cached
                = std::any_of(caches.begin(), caches.end(), [](const std::string &t) { return contains(t, "yarn"); });
            if (!cached)
                report("DL3060", placed(yarnInstall->span), msgDL3060, stage.index);
        }

        if (!state.pipefail)
            checkPipes(shell, ins, stage);
    }

    /// DL3009's fix: remove the lists at the end of the script that ran `apt-get update`.
    [[nodiscard]] std::vector<QuickFix> cleanupFix(const InstructionShell &shell) const
    {
        constexpr std::string_view title = "Remove /var/lib/apt/lists/* at the end of the RUN";
        // The last part that holds commands decides.
        for (auto it = shell.parts.rbegin(); it != shell.parts.rend(); ++it) {
            const InstructionShellPart &part = *it;
            if (part.shell.commands.empty())
                continue;
            if (part.kind == ShellSourceKind::Exec || part.inJsonString)
                return {};
            if (part.kind == ShellSourceKind::Heredoc) {
                // Insert a line after the body's last line (the terminator follows it).
                const ShellCommand &last = part.shell.commands.back();
                const std::string_view body = part.text();
                const size_t eol = body.find('\n', last.end);
                if (eol == std::string_view::npos)
                    return {};
                const uint32_t at = placed(last.span).end + static_cast<uint32_t>(eol - last.end) + 1;
                return {QuickFix {std::string(title), {TextEdit {{at, at}, "rm -rf /var/lib/apt/lists/*\n"}}}};
            }
            const ShellCommand &last = part.shell.commands.back();
            if (last.depth != 0 || last.after == ShellOperator::Background)
                return {};
            const uint32_t at = placed(last.span).end;
            return {QuickFix {std::string(title), {TextEdit {{at, at}, " && rm -rf /var/lib/apt/lists/*"}}}};
        }
        return {};
    }

    void checkPipes(const InstructionShell &shell, const Instruction &ins, const Stage &stage)
    {
        bool execPipefail = false;
        for (const InstructionShellPart &part : shell.parts) {
            if (part.kind == ShellSourceKind::Exec) {
                std::vector<std::string> argv;
                if (!part.shell.commands.empty()) {
                    for (const ShellWord &w : part.shell.commands.front().words)
                        argv.push_back(w.value);
                }
                execPipefail = shellWithPipefail(argv);
                continue;
            }
            if (execPipefail)
                continue;
            bool pipefail = false;
            const std::vector<ShellCommand> &commands = part.shell.commands;
            for (size_t k = 0; k < commands.size(); ++k) {
                const ShellCommand &command = commands[k];
                if (setsPipefail(command))
                    pipefail = true;
                if (command.before != ShellOperator::Pipe || pipefail || k == 0)
                    continue;
                report("DL4006", pipeRange(commands[k - 1], command), msgDL4006, stage.index, pipefailFix(ins, stage));
                return; // once per RUN, as hadolint
            }
        }
    }

    /// The `|` between two commands in the source (the second command when it cannot be found).
    [[nodiscard]] SourceRange pipeRange(const ShellCommand &left, const ShellCommand &right) const
    {
        const std::string_view text = m_tree.text();
        const SourceRange leftSource = placed(left.span);
        const SourceRange rightSource = placed(right.span);
        if (leftSource.end <= rightSource.begin && rightSource.begin <= text.size()) {
            const std::string_view between = text.substr(leftSource.end, rightSource.begin - leftSource.end);
            const size_t bar = between.find('|');
            if (bar != std::string_view::npos) {
                const uint32_t at = leftSource.end + static_cast<uint32_t>(bar);
                const uint32_t length = (bar + 1 < between.size() && between[bar + 1] == '&') ? 2 : 1;
                return {at, at + length};
            }
        }
        return rightSource;
    }

    /// DL4006's fix: a SHELL with pipefail on the line before the RUN (ash on Alpine, which has no bash).
    [[nodiscard]] std::vector<QuickFix> pipefailFix(const Instruction &ins, const Stage &stage) const
    {
        const uint32_t lineStart = m_tree.lines().lineStart(ins.startLine);
        if (lineStart > ins.keyword.begin)
            return {};
        const std::string indent(m_tree.text().substr(lineStart, ins.keyword.begin - lineStart));
        if (indent.find_first_not_of(" \t") != std::string::npos)
            return {}; // something precedes the keyword on its line
        bool alpine = false;
        const int stageCount = static_cast<int>(m_graph.stages().size());
        for (int s = stage.index, steps = 0; s >= 0 && steps < stageCount; ++steps) {
            const StageBase &base = m_graph.stages()[static_cast<size_t>(s)].base;
            if (base.kind == BaseKind::Image) {
                alpine = contains(base.image.repository, "alpine") || contains(base.image.tag, "alpine")
                    || contains(base.image.repository, "busybox");
                break;
            }
            if (base.kind != BaseKind::Stage || base.stage >= s)
                break;
            s = base.stage;
        }
        const std::string shell = alpine ? "/bin/ash" : "/bin/bash";
        std::string text = indent + "SHELL [\"" + shell + "\", \"-o\", \"pipefail\", \"-c\"]\n";
        return {QuickFix {
            "Set SHELL with -o pipefail before this RUN", {TextEdit {{lineStart, lineStart}, std::move(text)}}}};
    }

    const LintContext &m_ctx;
    const SyntaxTree &m_tree;
    const BuildGraph &m_graph;
    const std::vector<Instruction> &m_instructions;
    std::vector<uint8_t> m_shipped;
    std::vector<int> m_chain; ///< the target first, then its bases
    /// The first byte of the instruction whose shell is being checked: its spans are relative to it.
    uint32_t m_origin = 0;
    CommandCheckMemo m_commandChecks;
    /// The facts of the RUN checkRunCommands() last checked without recording.
    RunFacts m_unrecordedFacts;
    /// The check being recorded while checkRunCommands() runs checkCommands(): its findings and lookups.
    CommandCheck *m_recording = nullptr;
    std::vector<StageState> m_stageEnd;
};

} // namespace

RuleSet hadolintRules()
{
    RuleSet set;
    set.rules = catalog();
    set.check = [](const LintContext &ctx) { HadolintChecker(ctx).run(); };
    return set;
}

} // namespace stagecraft

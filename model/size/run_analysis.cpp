// SPDX-License-Identifier: MIT
#include "run_analysis.h"

#include "context_scan.h"
#include "graph/arg_scope.h"
#include "layer_ledger.h"
#include "manifests.h"
#include "package_sizing.h"
#include "path_view.h"
#include "run_layer_memo.h"
#include "run_reading.h"
#include "shell/package_install.h"
#include "shell/shell_words.h"
#include "size_heuristics.h"
#include "stage_variables.h"
#include "syntax/syntax_tree.h"
#include "text_concat.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <set>
#include <span>

namespace stagecraft {
namespace {

using heuristics::Factor;
using heuristics::Range;

SizeFigure rangeFigure(const Range &range, SizeSource source, std::string note)
{
    return SizeFigure::range(range.bytes, range.low, range.high, source, std::move(note));
}

// `count` of something whose size per item is `range`.
SizeFigure times(const Range &range, int64_t count, std::string note)
{
    return SizeFigure::range(
        range.bytes * count, range.low * count, range.high * count, SizeSource::Heuristic, std::move(note));
}

SizeFigure scaledBy(const SizeFigure &figure, const Factor &factor, std::string note)
{
    SizeFigure result = figure.scaled(factor.estimate, factor.low, factor.high);
    result.source = SizeSource::Heuristic;
    result.note = std::move(note);
    return result;
}

bool oneOf(std::string_view name, std::initializer_list<std::string_view> names)
{
    return std::find(names.begin(), names.end(), name) != names.end();
}

// `figure` in `count` equal shares that add up to it exactly (the last takes the remainders), so
// removing every share in the same layer leaves nothing behind.
std::vector<SizeFigure> splitEvenly(const SizeFigure &figure, size_t count)
{
    std::vector<SizeFigure> shares;
    const auto n = static_cast<int64_t>(count);
    for (int64_t i = 0; i < n; ++i) {
        const bool last = i + 1 == n;
        auto share = [&](int64_t total) { return last ? total - (total / n) * (n - 1) : total / n; };
        shares.push_back(SizeFigure::range(share(figure.bytes), share(figure.low),
            figure.bounded() ? share(figure.high) : SizeFigure::unknownBytes, figure.source));
    }
    return shares;
}

// "a, b, c, …": at most `limit` names.
void appendNames(std::string &out, const std::vector<std::string> &names, size_t limit = 8)
{
    for (size_t i = 0; i < names.size() && i < limit; ++i) {
        if (i)
            out += ", ";
        out += names[i];
    }
    if (names.size() > limit)
        out += ", \u2026";
}

std::string joinNames(const std::vector<std::string> &names, size_t limit = 8)
{
    std::string out;
    appendNames(out, names, limit);
    return out;
}

// "prefix a, b, c suffix" in one allocation.
std::string namesText(std::initializer_list<std::string_view> prefix, const std::vector<std::string> &names,
    size_t limit, std::string_view suffix = {})
{
    size_t size = piecesSize(prefix) + suffix.size() + 8;
    for (size_t i = 0; i < names.size() && i < limit; ++i)
        size += names[i].size() + 2;
    std::string out;
    out.reserve(size);
    appendPieces(out, prefix);
    appendNames(out, names, limit);
    out += suffix;
    return out;
}

// Commands that change metadata or tiny files only: they add nothing worth a line.
bool isNegligible(std::string_view name)
{
    static const std::set<std::string_view> names {"set", "cd", "echo", "printf", "true", "false", "test", "[", "[[",
        "export", "unset", ":", "exit", "return", "mkdir", "touch", "ln", "chgrp", "useradd", "groupadd", "adduser",
        "addgroup", "usermod", "groupmod", "userdel", "groupdel", "deluser", "delgroup", "passwd", "chpasswd", "id",
        "whoami", "ls", "cat", "grep", "egrep", "fgrep", "sed", "awk", "head", "tail", "sleep", "which", "type", "hash",
        "umask", "ulimit", "update-ca-certificates", "ldconfig", "apt-mark", "dpkg-reconfigure", "dpkg-query", "tr",
        "cut", "sort", "uniq", "wc", "tee", "date", "env", "readlink", "realpath", "basename", "dirname", "install",
        "chsh", "sha256sum", "sha512sum", "md5sum", "mktemp", "gpg", "gpgv", "gpgconf", "find", "xargs", "stat",
        "uname", "nproc", "getent", "setcap", "update-alternatives", "ssh-keyscan", "git", "npm-config", "chown",
        "chmod", "rmdir", "unlink", "sync", "source", ".", "eval", "pwd", "shopt", "trap", "wait"};
    return names.contains(name);
}

bool isVersionQuery(const ShellCommand &command)
{
    return command.words.size() == 2
        && oneOf(command.words[1].value, {"--version", "-v", "-V", "version", "-version", "--help"});
}

class RunAnalyzer {
public:
    /// `record`, when given, is filled with what the analysis reads and does (run_layer_memo.h).
    RunAnalyzer(RunEnvironment &environment, std::shared_ptr<const ParsedRun> parsed, RecordedRun *record)
        : m_env(environment)
        , m_ledger(*environment.ledger, record)
        , m_cwd(environment.workdir)
        , m_parsed(std::move(parsed))
    {}

    void run();

private:
    // Words and paths.
    [[nodiscard]] std::string value(const ShellWord &word);
    /// The working directory. A record holds the stage's WORKDIR only when this reads it.
    [[nodiscard]] const std::string &cwd()
    {
        if (RecordedRun *record = m_ledger.record(); record && m_cwdIsWorkdir)
            record->readsWorkdir = true;
        return m_cwd;
    }
    [[nodiscard]] std::string path(std::string_view text)
    {
        return text.starts_with('/') ? cleanPath(text) : joinPath(cwd(), text);
    }
    /// path(text), borrowing `text` when it is already clean and absolute (most are).
    [[nodiscard]] std::string_view path(std::string_view text, std::string &storage)
    {
        return joinPathView(text.starts_with('/') ? std::string_view() : std::string_view(cwd()), text, storage);
    }
    [[nodiscard]] bool persisted(std::string_view absolute) const;
    [[nodiscard]] std::optional<std::string> variable(std::string_view name, const ShellCommand &command);
    [[nodiscard]] const std::string *stageFile(std::string_view absolute);
    [[nodiscard]] const std::string *stageFileUpwards(
        std::string_view directory, std::string_view name, std::string *found = nullptr);
    [[nodiscard]] bool stageHas(std::string_view absolute) { return m_ledger.has(absolute); }
    [[nodiscard]] std::string contextDirectoryOf(std::string_view absolute);

    /// A stage finding at the RUN's line: the pieces joined.
    void note(std::initializer_list<std::string_view> text);
    /// Applies `change` to a copy of the stage's package set, which then replaces it.
    template <typename Change>
    void changeInstalled(Change change)
    {
        auto changed = std::make_shared<PackageSet>(**m_env.installed);
        change(*changed);
        *m_env.installed = std::move(changed);
        if (RecordedRun *record = m_ledger.record())
            record->installedAfter = *m_env.installed;
    }
    /// The command's output cannot be sized; `why` (pieces joined) says why, when given.
    void unknown(const CommandReading &command, std::initializer_list<std::string_view> why = {});
    int part(SizeFigure figure, std::string what);
    void write(int part, std::string path, SizeFigure figure, bool directory = true, bool replaces = false);
    /// Files added into a directory that has others (pip into a venv): nothing is overwritten.
    void writeBeside(int part, std::string path, SizeFigure figure);

    // The package-manager commands take the command's arguments as this stage reads them.
    void command(const CommandReading &reading);
    void packageCommand(const CommandReading &reading, const CommandArguments &arguments);
    void apt(const CommandReading &reading, const CommandArguments &arguments);
    void apk(const CommandReading &reading, const CommandArguments &arguments);
    void rpm(const CommandReading &reading, const CommandArguments &arguments);
    void pip(const CommandReading &reading, const CommandArguments &arguments);
    void node(const CommandReading &reading, const CommandArguments &arguments);
    void nodeBuild(const PackageCommand *package, const ShellCommand &command, std::string outDir);
    void go(const CommandReading &reading);
    void cargo(const CommandReading &reading);
    void venv(std::string directory, const ShellCommand &command);

    RunEnvironment &m_env;
    RecordingLedger m_ledger;
    std::string m_cwd;
    bool m_cwdIsWorkdir = true; ///< false after a `cd`
    std::shared_ptr<const ParsedRun> m_parsed;
    std::vector<std::string> m_resolvedMounts; ///< the targets, when they needed expanding or joining
    std::span<const std::string> m_mounts; ///< targets of --mount: nothing written there persists
    std::vector<std::string> m_unknown; ///< commands whose output is unknown
};

std::string RunAnalyzer::value(const ShellWord &word)
{
    if (!word.hasExpansion || !m_env.variables)
        return word.value;
    m_ledger.unreplayable(); // the record does not hold the variables
    const ShellResult result
        = m_env.variables->scope().expand(word.value, m_env.tree ? m_env.tree->escapeToken() : '\\');
    // A variable the script sets itself is unknown here: keep the word as written.
    if (!result.ok() || !result.unmatched.empty())
        return word.value;
    return result.word;
}

bool RunAnalyzer::persisted(std::string_view absolute) const
{
    for (const std::string &mount : m_mounts) {
        if (pathWithin(absolute, mount))
            return false;
    }
    return true;
}

std::optional<std::string> RunAnalyzer::variable(std::string_view name, const ShellCommand &command)
{
    for (const ShellWord &assignment : command.assignments) {
        const std::string_view text = assignment.value;
        if (text.starts_with(name) && text.size() > name.size() && text[name.size()] == '=')
            return std::string(text.substr(name.size() + 1));
    }
    if (!m_env.variables)
        return std::nullopt;
    m_ledger.unreplayable();
    return m_env.variables->scope().lookup(name);
}

std::string RunAnalyzer::contextDirectoryOf(std::string_view absolute)
{
    const LedgerEntry *holder = m_ledger.holder(absolute);
    if (!holder || !holder->fromContext)
        return {};
    std::string mapped = holder->contextPath;
    if (absolute.size() > holder->path.size()) {
        const std::string_view rest = absolute.substr(holder->path == "/" ? 1 : holder->path.size() + 1);
        mapped = mapped.empty() ? std::string(rest) : mapped + '/' + std::string(rest);
    }
    return mapped;
}

const std::string *RunAnalyzer::stageFile(std::string_view absolute)
{
    if (!m_env.context)
        return nullptr;
    const LedgerEntry *holder = m_ledger.holder(absolute);
    if (!holder || !holder->fromContext)
        return nullptr;
    return m_env.context->manifest(contextDirectoryOf(absolute));
}

const std::string *RunAnalyzer::stageFileUpwards(std::string_view directory, std::string_view name, std::string *found)
{
    std::string dir(directory);
    for (;;) {
        const std::string candidate = dir == "/" ? "/" + std::string(name) : dir + '/' + std::string(name);
        if (const std::string *content = stageFile(candidate)) {
            if (found)
                *found = candidate;
            return content;
        }
        if (dir == "/")
            return nullptr;
        const size_t slash = dir.rfind('/');
        dir = slash == 0 ? std::string("/") : dir.substr(0, slash);
    }
}

void RunAnalyzer::note(std::initializer_list<std::string_view> text)
{
    if (RecordedRun *record = m_ledger.record())
        record->calls.emplace_back(RecordedRun::Note {concat(text)});
    if (m_env.notes) {
        const Instruction &instruction = m_env.tree->instructions()[static_cast<size_t>(m_env.instruction)];
        m_env.notes->push_back(lineNote(instruction.startLine, text));
    }
}

void RunAnalyzer::unknown(const CommandReading &command, std::initializer_list<std::string_view> why)
{
    std::string text;
    if (why.size() == 0) {
        text = command.summary;
    } else {
        text.reserve(command.summary.size() + 3 + piecesSize(why));
        appendPieces(text, {command.summary, " ("});
        appendPieces(text, why);
        text += ')';
    }
    if (std::find(m_unknown.begin(), m_unknown.end(), text) == m_unknown.end())
        m_unknown.push_back(std::move(text));
}

int RunAnalyzer::part(SizeFigure figure, std::string what)
{
    return m_ledger.addPart(std::move(figure), std::move(what));
}

void RunAnalyzer::write(int partIndex, std::string where, SizeFigure figure, bool directory, bool replaces)
{
    LedgerEntry entry;
    entry.path = std::move(where);
    entry.size = std::move(figure);
    entry.part = partIndex;
    entry.directory = directory;
    entry.replaces = replaces;
    m_ledger.write(std::move(entry));
}

void RunAnalyzer::writeBeside(int partIndex, std::string where, SizeFigure figure)
{
    LedgerEntry entry;
    entry.path = std::move(where);
    entry.size = std::move(figure);
    entry.part = partIndex;
    entry.adds = true;
    m_ledger.write(std::move(entry));
}

void RunAnalyzer::run()
{
    const SyntaxTree &tree = *m_env.tree;
    const ParsedRun &parsed = *m_parsed;
    if (parsed.mountTargetsAbsolute) {
        m_mounts = parsed.mountTargets;
    } else {
        m_ledger.unreplayable(); // the targets depend on variables
        for (const std::string &written : parsed.mountTargets) {
            std::string target = written;
            if (m_env.variables && target.find('$') != std::string::npos) {
                const ShellResult expanded = m_env.variables->scope().expand(target, tree.escapeToken());
                if (expanded.ok())
                    target = expanded.word;
            }
            m_resolvedMounts.push_back(path(target));
        }
        m_mounts = m_resolvedMounts;
    }
    for (const CommandReading &reading : parsed.commands)
        command(reading);
    if (!m_unknown.empty()) {
        part(SizeFigure::unknown(namesText({"not sized: "}, m_unknown, 4)), namesText({"output of "}, m_unknown, 4));
    }
}

void RunAnalyzer::command(const CommandReading &reading)
{
    const ShellCommand &command = *reading.command;
    if (command.words.empty())
        return;
    std::optional<CommandArguments> expanded;
    if (!reading.literal)
        expanded = readArguments(reading, [this](const ShellWord &word) { return value(word); });
    const CommandArguments &read = reading.literal ? *reading.literal : *expanded;
    if (reading.package) {
        packageCommand(reading, read);
        return;
    }
    const size_t first = reading.program;
    if (first >= command.words.size())
        return;
    const std::string_view name = reading.name;
    const std::vector<std::string> &arguments = read.arguments;
    const std::vector<std::string> &options = read.options;
    auto hasOption = [&](std::initializer_list<std::string_view> wanted, char shortLetter = 0) {
        for (const std::string &option : options) {
            if (oneOf(option, wanted))
                return true;
            if (shortLetter && option.size() > 1 && option[1] != '-' && option.find(shortLetter) != std::string::npos)
                return true;
        }
        return false;
    };

    if (name == "cd" && command.subshell == 0) {
        m_cwd = path(arguments.empty() ? std::string_view("/root") : std::string_view(arguments.front()));
        m_cwdIsWorkdir = false;
        return;
    }
    if (name == "rm") {
        std::string storage;
        for (const std::string &target : arguments)
            m_ledger.remove(path(target, storage));
        return;
    }
    if (name == "mv" && arguments.size() == 2) {
        std::string to = path(arguments[1]);
        if (arguments[1].ends_with('/'))
            to = joinPath(to, baseName(arguments[0]));
        m_ledger.move(path(arguments[0]), to);
        return;
    }
    if (name == "cp" && arguments.size() >= 2) {
        const std::string destination = path(arguments.back());
        for (size_t i = 0; i + 1 < arguments.size(); ++i) {
            std::string to = destination;
            if (arguments.size() > 2 || arguments.back().ends_with('/'))
                to = joinPath(destination, baseName(arguments[i]));
            if (m_ledger.duplicate(path(arguments[i]), to, "cp " + arguments[i] + " " + arguments.back()) == 0
                && !stageHas(path(arguments[i])))
                unknown(reading, {"copies files the estimate does not know"});
        }
        return;
    }
    if ((name == "chmod" || name == "chown" || name == "chgrp") && hasOption({"--recursive"}, 'R')) {
        // The changed files are copied up into this layer; the originals stay below.
        for (size_t i = 1; i < arguments.size(); ++i) {
            const std::string target = path(arguments[i]);
            m_ledger.duplicate(target, target, std::string(name) + " -R " + arguments[i]);
        }
        return;
    }
    if (isVersionQuery(command) || isNegligible(name))
        return;
    if (isShellProgram(name)) {
        // `sh -c 'script'`: read the script the same way.
        for (size_t i = first + 1; i + 1 < command.words.size(); ++i) {
            if (command.words[i].value == "-c") {
                const ShellScript inner = splitShell(command.words[i + 1].value);
                for (const ShellCommand &each : inner.commands)
                    this->command(readCommand(each));
                return;
            }
        }
        if (!arguments.empty())
            unknown(reading);
        return;
    }
    if ((name == "python" || name.starts_with("python3")) && options.size() >= 1 && options.front() == "-m"
        && !arguments.empty() && arguments.front() == "venv") {
        const std::string *target = nullptr;
        for (size_t i = 1; i < arguments.size(); ++i)
            target = &arguments[i];
        if (target) {
            venv(path(*target), command);
            return;
        }
    }
    if (name == "virtualenv" && !arguments.empty()) {
        venv(path(arguments.back()), command);
        return;
    }
    if (name == "tsc" || (name == "npx" && !arguments.empty() && arguments.front() == "tsc")) {
        std::string outDir;
        for (size_t i = first + 1; i + 1 < command.words.size(); ++i) {
            if (command.words[i].value == "--outDir")
                outDir = value(command.words[i + 1]);
        }
        nodeBuild(nullptr, command, outDir);
        return;
    }
    unknown(reading);
}

void RunAnalyzer::packageCommand(const CommandReading &reading, const CommandArguments &arguments)
{
    switch (reading.package->manager) {
    case PackageManager::AptGet:
    case PackageManager::Apt:
    case PackageManager::Aptitude:
        apt(reading, arguments);
        return;
    case PackageManager::Apk:
        apk(reading, arguments);
        return;
    case PackageManager::Dnf:
    case PackageManager::Yum:
    case PackageManager::Microdnf:
    case PackageManager::Zypper:
        rpm(reading, arguments);
        return;
    case PackageManager::Pip:
        pip(reading, arguments);
        return;
    case PackageManager::Npm:
    case PackageManager::Yarn:
    case PackageManager::Pnpm:
        node(reading, arguments);
        return;
    case PackageManager::Go:
        go(reading);
        return;
    case PackageManager::Cargo:
        cargo(reading);
        return;
    case PackageManager::Gem:
        break;
    }
    unknown(reading);
}

void RunAnalyzer::apt(const CommandReading &reading, const CommandArguments &arguments)
{
    const PackageCommand &package = *reading.package;
    const ShellCommand &command = *package.command;
    const Distribution distribution = m_env.base.distribution;
    const bool foreign = distribution == Distribution::Alpine || distribution == Distribution::RedHat
        || distribution == Distribution::Distroless || distribution == Distribution::Scratch;
    const std::string_view program = packageManagerName(package.manager);
    switch (package.action) {
    case PackageAction::Update: {
        if (foreign || !persisted("/var/lib/apt/lists"))
            return;
        const Range &lists
            = distribution == Distribution::Ubuntu ? heuristics::aptListsUbuntu : heuristics::aptListsDebian;
        const int index
            = part(rangeFigure(lists, SizeSource::Heuristic,
                       "heuristic: package index files in /var/lib/apt/lists (remove them in the same RUN)"),
                concat({program, " update"}));
        write(index, "/var/lib/apt/lists", rangeFigure(lists, SizeSource::Heuristic, {}), true, true);
        return;
    }
    case PackageAction::Install: {
        const std::vector<std::string> &requested = arguments.operands;
        if (foreign) {
            note({program, " is not available on a ", distributionName(distribution), " base: the RUN fails"});
            unknown(reading, {distributionName(distribution), " has no apt"});
            return;
        }
        std::vector<std::string> names;
        names.reserve(requested.size());
        std::vector<std::string> unusable;
        for (const std::string &operand : requested) {
            const PackageSpec spec = parsePackageSpec(package.manager, operand);
            std::string name(spec.name);
            if (const size_t colon = name.find(':'); colon != std::string::npos)
                name.erase(colon); // curl:amd64
            if (spec.isPath || name.find_first_of("*?[$") != std::string::npos)
                unusable.push_back(operand);
            else if (!name.empty())
                names.push_back(std::move(name));
        }
        if (names.empty() && unusable.empty())
            return;
        if (!m_ledger.has("/var/lib/apt/lists") && persisted("/var/lib/apt/lists"))
            note({program, " install without ", program,
                " update earlier in the stage: the image's package lists are empty, apt will not find the packages"});
        const bool slim = m_env.base.slim;
        SystemInstall install = m_env.packages->install(SystemPackager::Apt, names, **m_env.installed, slim);
        if (!install.names.empty()) {
            const heuristics::Factor factor = m_env.packages->diskFactor(slim);
            const PackageTable &table = m_env.packages->table();
            // Each package is an entry (so a later purge finds it); the part is their sum.
            std::vector<std::pair<std::string, SizeFigure>> packages;
            SizeTotal sum;
            std::vector<std::string> added;
            for (int id : install.added) {
                const auto bytes = static_cast<double>(table.installedKib(id)) * 1024.0;
                SizeFigure one = SizeFigure::range(std::llround(bytes * factor.estimate),
                    std::llround(bytes * factor.low), std::llround(bytes * factor.high), SizeSource::Packages);
                sum.add(one);
                added.emplace_back(table.name(id));
                packages.emplace_back("apt:" + added.back(), std::move(one));
            }
            char factorText[16];
            std::snprintf(factorText, sizeof factorText, "%.2f", factor.estimate);
            std::string text = std::to_string(install.added.size())
                + (install.added.size() == 1 ? " package" : " packages") + " beyond what the stage has"
                + (added.empty() ? std::string() : ": " + joinNames(added)) + " (Installed-Size \u00d7 " + factorText
                + (slim ? ", a root without documentation)" : ")");
            SizeFigure figure = sum.figure(SizeSource::Packages);
            const bool recommends = !package.hasOption("--no-install-recommends")
                && !command.hasArgument("APT::Install-Recommends=false")
                && !command.hasArgument("APT::Install-Recommends=0");
            if (recommends && !install.added.empty()) {
                figure.high = std::llround(static_cast<double>(figure.high) * heuristics::aptRecommendsHigh);
                text += "; without --no-install-recommends apt also installs Recommends, which the lists do not"
                        " carry (range up to \u00d72)";
            }
            figure.note = std::move(text);
            const int index = part(figure, namesText({program, " install "}, install.names, 6));
            for (auto &[key, one] : packages)
                write(index, std::move(key), std::move(one), false);
            changeInstalled([&](PackageSet &set) { set.insert(install.added); });
        }
        install.unknown.insert(install.unknown.end(), unusable.begin(), unusable.end());
        if (!install.unknown.empty()) {
            part(SizeFigure::unknown(namesText({}, install.unknown, 8, ": not in Debian bookworm's package lists")),
                namesText({program, " install "}, install.unknown, 4));
        }
        return;
    }
    case PackageAction::Remove: {
        const PackageTable &table = m_env.packages->table();
        std::vector<int> ids;
        for (const std::string &name : arguments.operands) {
            std::string bare(parsePackageSpec(package.manager, name).name);
            if (const int id = table.find(bare); id >= 0)
                ids.push_back(id);
        }
        const std::string_view sub = package.subcommandName();
        const bool autoremove = sub == "autoremove" || sub == "autopurge" || package.hasOption("--auto-remove")
            || package.hasOption("--autoremove");
        // With autoremove the dependencies they pulled in go too (approximated by their closure).
        const std::vector<int> removed = autoremove ? table.closure(ids, PackageSet()) : ids;
        std::vector<int> gone;
        for (int id : removed) {
            if (m_ledger.removeCounting("apt:" + std::string(table.name(id))) > 0)
                gone.push_back(id);
        }
        if (!gone.empty()) {
            changeInstalled([&](PackageSet &set) {
                for (int id : gone)
                    set.erase(id);
            });
        }
        return;
    }
    case PackageAction::Clean:
        // Debian's and Ubuntu's images delete downloaded .debs after each install (docker-clean).
        return;
    case PackageAction::Upgrade:
        unknown(reading, {"upgrade size unknown"});
        return;
    default:
        return;
    }
}

void RunAnalyzer::apk(const CommandReading &reading, const CommandArguments &arguments)
{
    const PackageCommand &package = *reading.package;
    const Distribution distribution = m_env.base.distribution;
    const bool foreign = distribution == Distribution::Debian || distribution == Distribution::Ubuntu
        || distribution == Distribution::RedHat || distribution == Distribution::Distroless
        || distribution == Distribution::Scratch;
    const bool keepIndex
        = !package.hasOption("--no-cache") && persisted("/var/cache/apk") && persisted("/etc/apk/cache");
    auto writeIndex = [&] {
        const int index = part(rangeFigure(heuristics::apkIndex, SizeSource::Heuristic,
                                   "APKINDEX files kept in /var/cache/apk (use apk add --no-cache)"),
            "apk package index");
        write(index, "/var/cache/apk", rangeFigure(heuristics::apkIndex, SizeSource::Heuristic, {}), true, true);
    };
    switch (package.action) {
    case PackageAction::Update:
        if (!foreign && keepIndex)
            writeIndex();
        return;
    case PackageAction::Install: {
        if (foreign) {
            note({"apk is not available on a ", distributionName(distribution), " base: the RUN fails"});
            unknown(reading, {distributionName(distribution), " has no apk"});
            return;
        }
        std::vector<std::string> names;
        for (const std::string &operand : arguments.operands)
            names.emplace_back(parsePackageSpec(package.manager, operand).name);
        if (names.empty())
            return;
        const std::string group(package.optionValue("--virtual").value_or(package.optionValue("-t").value_or("")));
        SystemInstall install = m_env.packages->install(SystemPackager::Apk, names, **m_env.installed, false);
        SizeFigure figure = install.figure;
        figure.note = "heuristic: the Debian packages of the same names (" + std::to_string(install.added.size())
            + " beyond the base) \u00d7 0.6 for Alpine's smaller builds (range \u00d70.3\u2013\u00d71)";
        if (!install.unknown.empty())
            figure.note += "; " + joinNames(install.unknown) + " unknown to the lists: 5 MB each (0.1\u2013100 MB)";
        const int index = part(figure, "apk add " + joinNames(names, 6));
        // One entry per requested name, so that `apk del` of a name or of the --virtual group finds it.
        const std::vector<SizeFigure> shares = splitEvenly(figure, names.size());
        for (size_t i = 0; i < names.size(); ++i)
            write(index, "apk:" + (group.empty() ? std::string() : group + "/") + names[i], shares[i], false);
        changeInstalled([&](PackageSet &set) { set.insert(install.added); });
        if (keepIndex)
            writeIndex();
        return;
    }
    case PackageAction::Remove:
        for (const std::string &name : arguments.operands) {
            for (const LedgerEntry *entry : m_ledger.entriesWithPrefix("apk:")) {
                const std::string_view key = std::string_view(entry->path).substr(4);
                const size_t slash = key.find('/');
                const std::string_view groupName
                    = slash == std::string_view::npos ? std::string_view() : key.substr(0, slash);
                const std::string_view packageName = slash == std::string_view::npos ? key : key.substr(slash + 1);
                if (groupName == name || packageName == name)
                    m_ledger.remove(entry->path);
            }
        }
        return;
    case PackageAction::Clean:
        m_ledger.remove("/var/cache/apk");
        return;
    case PackageAction::Upgrade:
        unknown(reading, {"upgrade size unknown"});
        return;
    default:
        return;
    }
}

void RunAnalyzer::rpm(const CommandReading &reading, const CommandArguments &arguments)
{
    const PackageCommand &package = *reading.package;
    const Distribution distribution = m_env.base.distribution;
    const bool foreign = distribution == Distribution::Debian || distribution == Distribution::Ubuntu
        || distribution == Distribution::Alpine || distribution == Distribution::Distroless
        || distribution == Distribution::Scratch;
    const std::string program(packageManagerName(package.manager));
    const std::string cache = package.manager == PackageManager::Zypper ? "/var/cache/zypp"
        : package.manager == PackageManager::Dnf                        ? "/var/cache/dnf"
                                                                        : "/var/cache/yum";
    auto writeMetadata = [&] {
        if (!persisted(cache) || m_ledger.has(cache))
            return;
        const int index
            = part(rangeFigure(heuristics::rpmMetadata, SizeSource::Heuristic,
                       "repository metadata in " + cache + " (run `" + program + " clean all` in the same RUN)"),
                program + " metadata");
        write(index, cache, rangeFigure(heuristics::rpmMetadata, SizeSource::Heuristic, {}));
    };
    switch (package.action) {
    case PackageAction::Update:
        if (!foreign)
            writeMetadata();
        return;
    case PackageAction::Install: {
        if (foreign) {
            note({program, " is not available on a ", distributionName(distribution), " base: the RUN fails"});
            unknown(reading, {distributionName(distribution), " has no ", program});
            return;
        }
        std::vector<std::string> names;
        for (const std::string &operand : arguments.operands) {
            if (!operand.starts_with('@'))
                names.emplace_back(parsePackageSpec(package.manager, operand).name);
        }
        if (names.empty())
            return;
        SystemInstall install = m_env.packages->install(SystemPackager::Rpm, names, **m_env.installed, false);
        SizeFigure figure = install.figure;
        figure.note = "heuristic: the Debian packages of the same names (" + std::to_string(install.added.size())
            + " beyond the base) \u00d7 1.0 (range \u00d70.5\u2013\u00d71.5)";
        if (!install.unknown.empty())
            figure.note += "; " + joinNames(install.unknown) + " unknown to the lists: 5 MB each (0.1\u2013100 MB)";
        const int index = part(figure, program + " install " + joinNames(names, 6));
        const std::vector<SizeFigure> shares = splitEvenly(figure, names.size());
        for (size_t i = 0; i < names.size(); ++i)
            write(index, "rpm:" + names[i], shares[i], false);
        changeInstalled([&](PackageSet &set) { set.insert(install.added); });
        writeMetadata();
        return;
    }
    case PackageAction::Remove:
        for (const std::string &name : arguments.operands)
            m_ledger.remove("rpm:" + name);
        return;
    case PackageAction::Clean:
        m_ledger.remove(cache);
        return;
    case PackageAction::Upgrade:
        unknown(reading, {"upgrade size unknown"});
        return;
    default:
        return;
    }
}

void RunAnalyzer::venv(std::string directory, const ShellCommand &)
{
    m_ledger.unreplayable(); // the stage's virtual environments are not recorded
    const int index = part(rangeFigure(heuristics::pythonVenv, SizeSource::Heuristic,
                               "heuristic: a virtual environment with pip, 12 MB (8\u201325 MB)"),
        "python -m venv " + directory);
    write(index, directory, rangeFigure(heuristics::pythonVenv, SizeSource::Heuristic, {}));
    if (m_env.venvs && std::find(m_env.venvs->begin(), m_env.venvs->end(), directory) == m_env.venvs->end())
        m_env.venvs->push_back(std::move(directory));
}

void RunAnalyzer::pip(const CommandReading &reading, const CommandArguments &arguments)
{
    const PackageCommand &package = *reading.package;
    const ShellCommand &command = *package.command;
    if (package.action != PackageAction::Install) {
        if (package.action == PackageAction::Clean)
            m_ledger.remove("/root/.cache/pip");
        else if (package.action != PackageAction::Remove)
            unknown(reading);
        return;
    }
    // Where the packages land: --target/--prefix/--user, a virtual environment, or the system.
    std::string target = "/usr/local/lib/python3/site-packages";
    std::string why = "the system site-packages";
    const std::string program = value(package.word(package.program));
    auto venvOf = [&](std::string_view executable) -> std::string {
        if (!m_env.venvs)
            return {};
        m_ledger.unreplayable();
        for (const std::string &venv : *m_env.venvs) {
            if (pathWithin(executable, venv))
                return venv;
        }
        return {};
    };
    std::string interpreter = value(command.words.front());
    for (size_t i = 0; i < package.program; ++i) {
        if (baseName(value(command.words[i])).starts_with("python"))
            interpreter = value(command.words[i]);
    }
    if (std::optional<std::string_view> t = package.optionValue("--target")) {
        target = path(*t);
        why = "--target";
    } else if (std::optional<std::string_view> t2 = package.optionValue("-t")) {
        target = path(*t2);
        why = "--target";
    } else if (std::optional<std::string_view> prefix = package.optionValue("--prefix")) {
        target = path(*prefix);
        why = "--prefix";
    } else if (package.hasOption("--user")) {
        target = "/root/.local";
        why = "--user";
    } else if (std::string invoked = venvOf(program.find('/') != std::string::npos ? program : interpreter);
        !invoked.empty()) {
        target = invoked;
        why = "the virtual environment";
    } else if (std::optional<std::string> pathVariable = variable("PATH", command); pathVariable && m_env.venvs) {
        // `ENV PATH=/opt/venv/bin:$PATH` makes `pip` the environment's.
        const std::string_view first = std::string_view(*pathVariable).substr(0, pathVariable->find(':'));
        if (std::string onPath = venvOf(first); !onPath.empty()) {
            target = onPath;
            why = "the virtual environment on PATH";
        }
    }

    Requirements requirements;
    std::vector<std::string> missing;
    for (size_t index : package.requirementFiles) {
        std::string file = value(package.word(index));
        if (const size_t equals = file.find('='); file.starts_with('-') && equals != std::string::npos)
            file = file.substr(equals + 1);
        const std::string absolute = path(file);
        const std::string *content = stageFile(absolute);
        if (!content) {
            missing.push_back(file);
            continue;
        }
        const Requirements parsed = parseRequirements(*content);
        requirements.packages += parsed.packages;
        requirements.heavy += parsed.heavy;
        requirements.allPinned = requirements.allPinned && parsed.allPinned;
        requirements.nested += parsed.nested;
    }
    for (const std::string &operand : arguments.operands) {
        const PackageSpec spec = parsePackageSpec(PackageManager::Pip, operand);
        if (spec.isPath) {
            addRequirement(requirements, "local==project");
            continue;
        }
        addRequirement(requirements, operand);
    }
    if (!missing.empty() && requirements.packages == 0) {
        const int index = part(SizeFigure::unknown("pip install -r " + joinNames(missing)
                                   + ": the requirements file is not known (scan the build context)"),
            "pip install -r " + joinNames(missing));
        writeBeside(index, target, SizeFigure::unknown({}));
        return;
    }
    if (requirements.packages == 0)
        return;
    const int64_t regular = requirements.packages - requirements.heavy;
    SizeFigure figure = times(heuristics::pipPackage, regular, {});
    std::string text = "heuristic: " + std::to_string(requirements.packages)
        + (requirements.packages == 1 ? " requirement" : " requirements") + " \u00d7 4 MB (0.1\u201360 MB)";
    if (!requirements.allPinned) {
        figure = figure.scaled(
            heuristics::pipTransitive.estimate, heuristics::pipTransitive.low, heuristics::pipTransitive.high);
        text += "; not all pinned, so \u00d73 for their dependencies (\u00d71\u2013\u00d76)";
    }
    if (requirements.heavy > 0) {
        const SizeFigure heavy = times(heuristics::pipHeavyPackage, requirements.heavy, {});
        figure.bytes += heavy.bytes;
        figure.low += heavy.low;
        figure.high += heavy.high;
        text += "; " + std::to_string(requirements.heavy) + " ML framework(s) at 800 MB (0.2\u20135 GB)";
    }
    if (!missing.empty())
        text += "; " + joinNames(missing) + " not known";
    text += "; into " + target + " (" + why + ")";
    figure.source = SizeSource::Heuristic;
    figure.note = text;
    // Beside the venv's own files and earlier installs, not over them.
    writeBeside(part(figure, "pip install into " + target), target, figure);

    const bool noCache = package.hasOption("--no-cache-dir") || variable("PIP_NO_CACHE_DIR", command).has_value();
    if (!noCache && persisted("/root/.cache/pip")) {
        SizeFigure cache = scaledBy(figure, heuristics::pipCache,
            "heuristic: pip's wheel cache in /root/.cache/pip, 0.35\u00d7 the install (use --no-cache-dir or a cache "
            "mount)");
        const int cacheIndex = part(cache, "pip cache");
        write(cacheIndex, "/root/.cache/pip", cache);
    }
}

void RunAnalyzer::node(const CommandReading &reading, const CommandArguments &arguments)
{
    const PackageCommand &package = *reading.package;
    const ShellCommand &command = *package.command;
    const std::string program(packageManagerName(package.manager));
    const std::string_view sub = package.subcommandName();
    if (isVersionQuery(command))
        return; // `yarn --version` is not a bare `yarn`
    if (package.action == PackageAction::Build) {
        nodeBuild(&package, command, {});
        return;
    }
    if (package.action == PackageAction::Clean) {
        m_ledger.remove(package.manager == PackageManager::Yarn ? "/usr/local/share/.cache/yarn" : "/root/.npm");
        return;
    }
    if (package.action != PackageAction::Install) {
        if (!isVersionQuery(command) && sub != "config" && sub != "set")
            unknown(reading);
        return;
    }
    const bool global
        = package.hasOption("-g") || package.hasOption("--global") || package.subcommandName() == "global";
    std::string directory;
    if (std::optional<std::string_view> prefix = package.optionValue("--prefix"))
        directory = path(*prefix);
    else if (std::optional<std::string_view> cwdOption = package.optionValue("--cwd"))
        directory = path(*cwdOption);
    else
        directory = cwd();
    const std::vector<std::string> &names = arguments.operands;
    if (global || (!names.empty() && sub != "ci")) {
        const std::string target = global ? "/usr/local/lib/node_modules" : directory + "/node_modules";
        SizeFigure figure = times(heuristics::npmDirectDependency, static_cast<int64_t>(names.size()),
            "heuristic: " + std::to_string(names.size())
                + " package(s) with their dependencies \u00d7 10 MB (0.5\u201360 MB)");
        const int index = part(figure, program + " " + std::string(sub) + " " + joinNames(names, 4));
        write(index, target, figure);
        return;
    }

    const std::optional<std::string> nodeEnv = variable("NODE_ENV", command);
    const bool production = package.hasOption("--omit=dev") || package.hasOption("--production")
        || package.hasOption("--prod") || package.hasOption("-P")
        || (package.optionValue("--only") && package.optionValue("--only")->starts_with("prod"))
        || (package.optionValue("--omit") && *package.optionValue("--omit") == "dev")
        || (nodeEnv && *nodeEnv == "production");
    const std::string which = production ? "production dependencies" : "all dependencies";
    const std::string modules = directory == "/" ? "/node_modules" : directory + "/node_modules";

    const std::string packageJsonPath = joinPath(directory, "package.json");
    const std::string lockPath = joinPath(directory,
        package.manager == PackageManager::Yarn       ? "yarn.lock"
            : package.manager == PackageManager::Pnpm ? "pnpm-lock.yaml"
                                                      : "package-lock.json");
    if (!stageHas(packageJsonPath) && !stageHas(lockPath)) {
        // Nothing was copied there: the install has nothing to install (`npm ci` fails outright).
        const std::string text = program + " " + std::string(sub.empty() ? "install" : sub) + " in " + directory
            + ": no package.json there in this stage (nothing was copied there before this line)"
            + (sub == "ci" ? "; npm ci fails and the build stops here" : "");
        note({text});
        part(SizeFigure::exact(0, SizeSource::Heuristic, text), program + " " + std::string(sub));
        return;
    }
    const std::string *manifestText = stageFile(packageJsonPath);
    const std::string *lockText = stageFile(lockPath);
    const PackageJson manifest = manifestText ? parsePackageJson(*manifestText) : PackageJson();

    // Sizes measured in the context's own node_modules, when it has one beside the package.json.
    const std::string mappedManifest = contextDirectoryOf(packageJsonPath);
    const size_t mappedSlash = mappedManifest.rfind('/');
    const std::string mappedDir
        = mappedSlash == std::string::npos ? std::string() : mappedManifest.substr(0, mappedSlash);
    const std::string localPrefix = (mappedDir.empty() ? std::string() : mappedDir + "/") + "node_modules/";
    std::map<std::string_view, int64_t> local;
    if (m_env.context && stageHas(packageJsonPath)) {
        for (const auto &[key, bytes] : m_env.context->localPackages()) {
            if (std::string_view(key).starts_with(localPrefix))
                local.emplace(std::string_view(key).substr(localPrefix.size()), bytes);
        }
    }

    SizeFigure figure;
    std::string text;
    if (package.manager == PackageManager::Npm && lockText) {
        const NpmLock lock = parsePackageLock(*lockText);
        if (lock.parsed) {
            const std::vector<std::string> &top = production ? lock.topLevelProduction : lock.topLevel;
            const int count = production ? lock.production : lock.packages;
            if (!local.empty()) {
                int64_t measured = 0;
                int missingLocal = 0;
                for (const std::string &name : top) {
                    const auto it = local.find(name);
                    if (it != local.end())
                        measured += it->second;
                    else
                        ++missingLocal;
                }
                figure = SizeFigure::range(
                    std::llround(static_cast<double>(measured) * heuristics::localNodeModules.estimate),
                    std::llround(static_cast<double>(measured) * heuristics::localNodeModules.low),
                    std::llround(static_cast<double>(measured) * heuristics::localNodeModules.high),
                    SizeSource::Context);
                text = std::to_string(top.size() - static_cast<size_t>(missingLocal)) + " " + which
                    + " of package-lock.json, sized from the context's node_modules (\u00b110%: native builds differ)";
                if (missingLocal > 0) {
                    const SizeFigure rest = times(heuristics::npmPackage, missingLocal, {});
                    figure.bytes += rest.bytes;
                    figure.low += rest.low;
                    figure.high += rest.high;
                    figure.source = SizeSource::Heuristic;
                    text += "; " + std::to_string(missingLocal) + " not there locally \u00d7 250 kB (60 kB\u20131 MB)";
                }
            } else {
                figure = times(heuristics::npmPackage, count, {});
                text = "heuristic: " + std::to_string(count) + " " + which
                    + " in package-lock.json \u00d7 250 kB (60 kB\u20131 MB)";
            }
        }
    } else if (package.manager == PackageManager::Yarn && lockText) {
        int count = countYarnEntries(*lockText);
        text = "heuristic: " + std::to_string(count) + " packages in yarn.lock";
        if (production && manifest.parsed && manifest.dependencies + manifest.devDependencies > 0) {
            count = count * manifest.dependencies / (manifest.dependencies + manifest.devDependencies);
            text += ", production share by package.json (" + std::to_string(count) + ")";
        }
        figure = times(heuristics::npmPackage, count, {});
        text += " \u00d7 250 kB (60 kB\u20131 MB)";
    } else if (package.manager == PackageManager::Pnpm && lockText) {
        auto [count, dev] = countPnpmEntries(*lockText);
        if (production)
            count -= dev;
        figure = times(heuristics::npmPackage, count, {});
        text = "heuristic: " + std::to_string(count) + " " + which
            + " in pnpm-lock.yaml \u00d7 250 kB (60 kB\u20131 MB)";
    }
    if (!figure.known() && manifest.parsed) {
        const int direct = manifest.dependencies + (production ? 0 : manifest.devDependencies);
        figure = times(heuristics::npmDirectDependency, direct, {});
        text = "heuristic: no lock file; " + std::to_string(direct) + " direct " + which
            + " in package.json, each with its tree \u00d7 10 MB (0.5\u201360 MB)";
    }
    if (!figure.known()) {
        const int index = part(SizeFigure::unknown(program + " " + std::string(sub)
                                   + ": package.json and the lock file are not known (scan the build context)"),
            program + " " + std::string(sub.empty() ? "install" : sub) + " (" + which + ")");
        write(index, modules, SizeFigure::unknown({}), true, sub == "ci");
        return;
    }
    figure.note = text;
    const int index = part(figure, program + " " + std::string(sub.empty() ? "install" : sub) + " (" + which + ")");
    write(index, modules, figure, true, sub == "ci");

    // The package manager's download cache stays in the layer unless a cache mount keeps it out.
    const std::string cache = package.manager == PackageManager::Yarn ? "/usr/local/share/.cache/yarn"
        : package.manager == PackageManager::Npm                      ? "/root/.npm"
                                                                      : std::string();
    if (!cache.empty() && persisted(cache) && !package.hasOption("--cache")) {
        SizeFigure cached = scaledBy(figure, heuristics::npmCache,
            "heuristic: " + program + "'s download cache in " + cache
                + ", 0.35\u00d7 the install (clean it in the same RUN or use a cache mount)");
        const int cacheIndex = part(cached, program + " cache");
        write(cacheIndex, cache, cached);
    }
}

void RunAnalyzer::nodeBuild(const PackageCommand *package, const ShellCommand &command, std::string outDir)
{
    // The build's output directory: --outDir, tsconfig's outDir, else the convention dist/.
    const std::string *tsconfig = stageFile(joinPath(cwd(), "tsconfig.json"));
    if (outDir.empty() && tsconfig)
        outDir = jsonishValue(*tsconfig, "outDir");
    bool conventional = false;
    if (outDir.empty()) {
        outDir = "dist";
        conventional = true;
    }
    bool maps = tsconfig && jsonishValue(*tsconfig, "sourceMap").starts_with("true");
    for (const ShellWord &word : command.words)
        maps = maps || word.value == "--sourceMap" || word.value == "--sourcemap";
    const std::string output = path(outDir);
    const std::string what = package ? std::string(packageManagerName(package->manager)) + " run build" : "tsc";

    // The script sources the stage holds from the context, outside node_modules.
    int64_t sources = 0;
    int files = 0;
    bool sized = false;
    if (m_env.context) {
        for (const LedgerEntry &entry : m_ledger.entries()) {
            if (!entry.alive || !entry.fromContext || !pathWithin(entry.path, cwd()))
                continue;
            sized = true;
            for (const ContextFile &file : m_env.context->filesIn(entry.contextPath)) {
                const std::string_view relative = std::string_view(file.path);
                if (relative.find("node_modules/") != std::string_view::npos || !isScriptSource(relative))
                    continue;
                const bool inOutput = relative.starts_with(outDir + "/");
                if (inOutput)
                    continue;
                sources += file.bytes;
                ++files;
            }
        }
    }
    if (!sized) {
        const int index = part(SizeFigure::unknown(what + ": the sources are not known (scan the build context)"),
            what + " \u2192 " + outDir);
        write(index, output, SizeFigure::unknown({}), true, true);
        return;
    }
    const Factor factor = maps ? heuristics::scriptBuildWithMaps : heuristics::scriptBuild;
    SizeFigure figure
        = SizeFigure::exact(sources, SizeSource::Context).scaled(factor.estimate, factor.low, factor.high);
    figure.source = SizeSource::Heuristic;
    figure.note = "heuristic: " + std::to_string(files) + " script sources (" + formatBytes(sources) + ") \u00d7 "
        + (maps ? "2.2 with source maps (\u00d71\u2013\u00d75)" : "1.0 (\u00d70.3\u2013\u00d73)") + " into " + output
        + (conventional ? " (the usual dist/; the build script may write elsewhere)" : "");
    const int index = part(figure, what + " \u2192 " + outDir);
    write(index, output, figure, true, true);
}

void RunAnalyzer::go(const CommandReading &reading)
{
    const PackageCommand &package = *reading.package;
    const ShellCommand &command = *package.command;
    std::string goSumPath;
    const std::string *goSum = stageFileUpwards(cwd(), "go.sum", &goSumPath);
    const int modules = goSum ? countGoModules(*goSum) : -1;
    const std::string gopath = variable("GOPATH", command).value_or("/go");
    if (package.action == PackageAction::Download) {
        const std::string cache = variable("GOMODCACHE", command).value_or(gopath + "/pkg/mod");
        if (!persisted(cache))
            return;
        if (modules < 0) {
            const int index = part(SizeFigure::unknown("go mod download: go.sum is not known (scan the build context)"),
                "go mod download");
            write(index, cache, SizeFigure::unknown({}));
            return;
        }
        SizeFigure figure = times(heuristics::goModule, modules,
            "heuristic: " + std::to_string(modules) + " modules in go.sum \u00d7 1.5 MB (0.2\u201310 MB) into "
                + cache);
        const int index = part(figure, "go mod download");
        write(index, cache, figure);
        return;
    }
    if (package.action != PackageAction::Build && package.action != PackageAction::Install) {
        if (!isVersionQuery(command))
            unknown(reading);
        return;
    }

    // The binary's size: the runtime and standard library, plus a share per module.
    const std::optional<std::string_view> ldflags = package.optionValue("-ldflags");
    const bool stripped
        = ldflags && ldflags->find("-s") != std::string_view::npos && ldflags->find("-w") != std::string_view::npos;
    SizeFigure binary;
    std::string text;
    if (modules >= 0) {
        const int64_t bytes = heuristics::goBinaryBase + heuristics::goBinaryPerModule * modules;
        binary = SizeFigure::exact(bytes, SizeSource::Heuristic)
                     .scaled(1.0, heuristics::goBinarySpread.low, heuristics::goBinarySpread.high);
        text = "heuristic: 4 MB of runtime and standard library + " + std::to_string(modules)
            + " modules of go.sum \u00d7 350 kB (range \u00d70.5\u2013\u00d72)";
    } else {
        binary = rangeFigure(heuristics::goBinaryUnknown, SizeSource::Heuristic, {});
        text = "heuristic: a typical Go service, 12 MB (2\u201360 MB); go.sum is not known";
    }
    if (stripped) {
        binary = binary.scaled(heuristics::goStripped, heuristics::goStripped, heuristics::goStripped);
        text += "; \u00d70.7 for -ldflags \"-s -w\"";
    }
    binary.source = SizeSource::Heuristic;

    std::string output;
    bool anyName = false;
    if (std::optional<std::string_view> o = package.optionValue("-o")) {
        output = path(*o);
        if (o->ends_with('/'))
            anyName = true;
    } else if (package.action == PackageAction::Install) {
        output = variable("GOBIN", command).value_or(gopath + "/bin");
        anyName = true;
    } else {
        output = cwd(); // named after the package: unknown here
        anyName = true;
    }
    binary.note = text + " \u2192 " + output + (anyName ? "/\u2026" : "");
    const int index = part(binary, "go " + std::string(package.subcommandName()) + " \u2192 " + output);
    LedgerEntry entry;
    entry.path = output;
    entry.size = binary;
    entry.part = index;
    entry.directory = anyName;
    entry.anyName = anyName;
    m_ledger.write(std::move(entry));

    const std::string cache = variable("GOCACHE", command).value_or("/root/.cache/go-build");
    if (persisted(cache) && !m_ledger.has(cache)) {
        SizeFigure cached = scaledBy(binary, heuristics::goBuildCache,
            "heuristic: the build cache in " + cache
                + ", 4\u00d7 the binary (\u00d71\u2013\u00d710); use a cache mount");
        const int cacheIndex = part(cached, "go build cache");
        write(cacheIndex, cache, cached);
    }
}

void RunAnalyzer::cargo(const CommandReading &reading)
{
    const PackageCommand &package = *reading.package;
    const ShellCommand &command = *package.command;
    const std::string home = variable("CARGO_HOME", command).value_or("/usr/local/cargo");
    std::string lockPath;
    const std::string *lock = stageFileUpwards(cwd(), "Cargo.lock", &lockPath);
    auto registry = [&] {
        const std::string cache = home + "/registry";
        if (!persisted(cache) || m_ledger.has(cache))
            return;
        if (!lock) {
            const int index = part(SizeFigure::unknown("cargo registry: Cargo.lock is not known"), "cargo registry");
            write(index, cache, SizeFigure::unknown({}));
            return;
        }
        const int crates = countCrates(*lock);
        SizeFigure figure = times(heuristics::cargoCrate, crates,
            "heuristic: " + std::to_string(crates) + " crates of Cargo.lock \u00d7 1 MB (0.1\u20135 MB) in " + cache);
        const int index = part(figure, "cargo registry");
        write(index, cache, figure);
    };
    if (package.action == PackageAction::Download) {
        registry();
        return;
    }
    if (package.action == PackageAction::Install) {
        SizeFigure binary = rangeFigure(
            heuristics::cargoBinary, SizeSource::Heuristic, "heuristic: one release binary, 6 MB (1\u201340 MB)");
        const int index = part(binary, "cargo install");
        LedgerEntry entry;
        entry.path = home + "/bin";
        entry.size = binary;
        entry.part = index;
        entry.anyName = true;
        m_ledger.write(std::move(entry));
        registry();
        return;
    }
    if (package.action != PackageAction::Build) {
        if (!isVersionQuery(command))
            unknown(reading);
        return;
    }
    const bool release = package.hasOption("--release") || package.hasOption("-r");
    const std::string target = variable("CARGO_TARGET_DIR", command).value_or(joinPath(cwd(), "target"));
    const std::string profileDir = target + (release ? "/release" : "/debug");
    const std::string *manifest = stageFileUpwards(cwd(), "Cargo.toml");
    const std::string name = manifest ? cargoBinaryName(*manifest) : std::string();
    const bool persistedTarget = persisted(target);

    SizeFigure binary = rangeFigure(heuristics::cargoBinary, SizeSource::Heuristic, {});
    std::string text = "heuristic: one release binary, 6 MB (1\u201340 MB)";
    if (!release) {
        binary = binary.scaled(heuristics::cargoDebug, heuristics::cargoDebug, heuristics::cargoDebug);
        text = "heuristic: one debug binary, 24 MB (4\u2013160 MB)";
    }
    binary.note = text + " \u2192 " + profileDir + "/" + (name.empty() ? std::string("\u2026") : name);
    if (persistedTarget) {
        const int index = part(binary, "cargo build \u2192 " + (name.empty() ? profileDir : profileDir + "/" + name));
        LedgerEntry entry;
        entry.path = name.empty() ? profileDir : profileDir + "/" + name;
        entry.size = binary;
        entry.part = index;
        entry.directory = name.empty();
        entry.anyName = name.empty();
        m_ledger.write(std::move(entry));
        // The rest of target/ (dependencies, incremental data) once; a rebuild only adds its changes.
        if (!m_ledger.has(target)) {
            SizeFigure rest = rangeFigure(heuristics::cargoTarget, SizeSource::Heuristic,
                "heuristic: build artefacts in " + target + ", 300 MB (50 MB\u20133 GB); a cache mount keeps them out");
            const int restIndex = part(rest, "cargo target/");
            write(restIndex, target, rest);
        }
    }
    registry();
}

} // namespace

void analyzeRun(RunEnvironment &environment)
{
    if (!environment.tree || !environment.ledger || !environment.packages || !environment.installed
        || !*environment.installed)
        return;
    const SyntaxTree &tree = *environment.tree;
    std::shared_ptr<const ParsedRun> parsed
        = parseRun(tree, tree.instructions()[static_cast<size_t>(environment.instruction)]);
    const ParsedRun *text = parsed.get();
    RecordedRun *record = nullptr;
    if (environment.memo) {
        if (const RecordedRun *recorded = environment.memo->find(text, environment)) {
            RunLayerMemo::replay(*recorded, environment);
            return;
        }
        record = environment.memo->start(parsed, environment);
    }
    RunAnalyzer(environment, std::move(parsed), record).run();
    if (record)
        environment.memo->finish(text);
}

} // namespace stagecraft

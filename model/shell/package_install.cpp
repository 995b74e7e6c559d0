// SPDX-License-Identifier: MIT
#include "package_install.h"

#include <algorithm>
#include <initializer_list>

namespace stagecraft {

namespace {

bool startsWith(std::string_view s, std::string_view prefix)
{
    return s.starts_with(prefix);
}

bool endsWith(std::string_view s, std::string_view suffix)
{
    return s.ends_with(suffix);
}

bool oneOf(std::string_view s, std::initializer_list<std::string_view> list)
{
    return std::find(list.begin(), list.end(), s) != list.end();
}

std::string_view baseName(std::string_view program)
{
    const size_t slash = program.rfind('/');
    return slash == std::string_view::npos ? program : program.substr(slash + 1);
}

/// "pip", "pip3", "pip3.12".
bool isPipName(std::string_view name)
{
    if (!startsWith(name, "pip"))
        return false;
    return std::all_of(name.begin() + 3, name.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

/// "python", "python3", "python3.12".
bool isPythonName(std::string_view name)
{
    if (!startsWith(name, "python"))
        return false;
    return std::all_of(name.begin() + 6, name.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

std::optional<PackageManager> managerFromName(std::string_view name)
{
    if (name == "apt-get")
        return PackageManager::AptGet;
    if (name == "apt")
        return PackageManager::Apt;
    if (name == "aptitude")
        return PackageManager::Aptitude;
    if (name == "apk")
        return PackageManager::Apk;
    if (oneOf(name, {"dnf", "dnf5", "dnf-3", "tdnf"}))
        return PackageManager::Dnf;
    if (name == "yum")
        return PackageManager::Yum;
    if (name == "microdnf")
        return PackageManager::Microdnf;
    if (name == "zypper")
        return PackageManager::Zypper;
    if (isPipName(name))
        return PackageManager::Pip;
    if (name == "npm")
        return PackageManager::Npm;
    if (name == "yarn")
        return PackageManager::Yarn;
    if (name == "pnpm")
        return PackageManager::Pnpm;
    if (name == "gem")
        return PackageManager::Gem;
    if (name == "go")
        return PackageManager::Go;
    if (name == "cargo")
        return PackageManager::Cargo;
    return std::nullopt;
}

/// Options whose value is the next word when not written as `--opt=value`.
bool takesValue(PackageManager manager, std::string_view option)
{
    if (option.find('=') != std::string_view::npos)
        return false;
    switch (manager) {
    case PackageManager::AptGet:
    case PackageManager::Apt:
    case PackageManager::Aptitude:
        return oneOf(option, {"-o", "-c", "-t", "--option", "--config-file", "--target-release", "--default-release"});
    case PackageManager::Apk:
        return oneOf(option,
            {"-t", "--virtual", "-X", "--repository", "-p", "--root", "--arch", "--cache-dir", "--keys-dir",
                "--repositories-file"});
    case PackageManager::Dnf:
    case PackageManager::Yum:
    case PackageManager::Microdnf:
        return oneOf(option,
            {"-c", "--config", "-d", "--debuglevel", "-e", "--errorlevel", "-x", "--exclude", "--setopt",
                "--enablerepo", "--disablerepo", "--releasever", "--installroot", "--repo", "--repoid",
                "--repofrompath", "-R", "--randomwait"});
    case PackageManager::Zypper:
        return oneOf(option, {"-R", "--root", "-r", "--repo", "--from", "-t", "--type", "-c", "--config"});
    case PackageManager::Pip:
        return oneOf(option,
            {"-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-b", "--build", "-f", "--find-links",
                "-i", "--index-url", "--extra-index-url", "--abi", "--implementation", "--no-binary", "--only-binary",
                "--platform", "--prefix", "--progress-bar", "--proxy", "--python-version", "--root", "--src", "-t",
                "--target", "--trusted-host", "--upgrade-strategy", "--cache-dir", "--log", "--timeout", "--retries",
                "--cert", "--client-cert", "--global-option", "--config-settings", "-C", "--report", "--python",
                "--exists-action", "-d", "--dest"});
    case PackageManager::Npm:
    case PackageManager::Pnpm:
        return oneOf(option,
            {"--omit", "--include", "--only", "--registry", "--prefix", "--cache", "--userconfig", "--loglevel",
                "--workspace", "-w", "--tag", "-C", "--dir", "--filter", "-F", "--store-dir", "--reporter"});
    case PackageManager::Yarn:
        return oneOf(option,
            {"--cwd", "--modules-folder", "--cache-folder", "--network-timeout", "--registry", "--mutex",
                "--network-concurrency"});
    case PackageManager::Gem:
        return oneOf(option,
            {"-v", "--version", "-i", "--install-dir", "-n", "--bindir", "-s", "--source", "--platform", "-p",
                "--http-proxy", "-g", "--file"});
    case PackageManager::Go:
        return oneOf(option,
            {"-o", "-ldflags", "-tags", "-gcflags", "-asmflags", "-p", "-mod", "-modfile", "-C", "-pkgdir",
                "-buildmode", "-compiler", "-overlay", "-pgo", "-exec", "-run", "-bench", "-timeout", "-count",
                "-coverprofile"});
    case PackageManager::Cargo:
        return oneOf(option,
            {"-p", "--package", "--target", "-F", "--features", "--bin", "--example", "--manifest-path", "-j", "--jobs",
                "--profile", "--target-dir", "--root", "--version", "--git", "--branch", "--tag", "--rev", "--path",
                "--index", "--registry", "-Z", "--config", "--color"});
    }
    return false;
}

/// Options whose value names a file of requirements or constraints.
bool isRequirementOption(PackageManager manager, std::string_view option)
{
    if (manager != PackageManager::Pip)
        return false;
    const std::string_view name = option.substr(0, option.find('='));
    return oneOf(name, {"-r", "--requirement", "-c", "--constraint"});
}

PackageAction actionFor(PackageManager manager, std::string_view sub, std::string_view firstOperand)
{
    switch (manager) {
    case PackageManager::AptGet:
    case PackageManager::Apt:
    case PackageManager::Aptitude:
        if (oneOf(sub, {"install", "reinstall", "build-dep"}))
            return PackageAction::Install;
        if (sub == "update")
            return PackageAction::Update;
        if (oneOf(sub, {"upgrade", "dist-upgrade", "full-upgrade", "safe-upgrade"}))
            return PackageAction::Upgrade;
        if (oneOf(sub, {"remove", "purge", "autoremove", "autopurge"}))
            return PackageAction::Remove;
        if (oneOf(sub, {"clean", "autoclean", "distclean"}))
            return PackageAction::Clean;
        if (oneOf(sub, {"download", "source"}))
            return PackageAction::Download;
        return PackageAction::Other;
    case PackageManager::Apk:
        if (sub == "add")
            return PackageAction::Install;
        if (sub == "update")
            return PackageAction::Update;
        if (sub == "upgrade")
            return PackageAction::Upgrade;
        if (sub == "del")
            return PackageAction::Remove;
        if (sub == "cache")
            return PackageAction::Clean;
        if (sub == "fetch")
            return PackageAction::Download;
        return PackageAction::Other;
    case PackageManager::Dnf:
    case PackageManager::Yum:
    case PackageManager::Microdnf:
    case PackageManager::Zypper:
        if (oneOf(sub,
                {"install", "in", "reinstall", "localinstall", "groupinstall", "builddep", "build-dep",
                    "source-install", "si"}))
            return PackageAction::Install;
        if (sub == "group" && firstOperand == "install")
            return PackageAction::Install;
        if (oneOf(sub, {"makecache", "check-update", "refresh", "ref"}))
            return PackageAction::Update;
        if (oneOf(sub, {"upgrade", "update", "up", "distro-sync", "dist-upgrade", "dup", "patch"}))
            return PackageAction::Upgrade;
        if (oneOf(sub, {"remove", "erase", "autoremove", "rm"}))
            return PackageAction::Remove;
        if (oneOf(sub, {"clean", "cc"}))
            return PackageAction::Clean;
        if (sub == "download")
            return PackageAction::Download;
        return PackageAction::Other;
    case PackageManager::Pip:
        if (sub == "install")
            return PackageAction::Install;
        if (sub == "uninstall")
            return PackageAction::Remove;
        if (sub == "download")
            return PackageAction::Download;
        if (sub == "cache")
            return PackageAction::Clean;
        if (sub == "wheel")
            return PackageAction::Build;
        return PackageAction::Other;
    case PackageManager::Npm:
    case PackageManager::Pnpm:
    case PackageManager::Yarn:
        if (manager == PackageManager::Yarn && sub.empty())
            return PackageAction::Install; // a bare `yarn` installs
        if (oneOf(sub,
                {"install", "i", "ci", "add", "in", "ins", "inst", "insta", "instal", "isnt", "isnta", "isntal",
                    "isntall", "install-clean", "clean-install", "install-ci-test", "it"}))
            return PackageAction::Install;
        if (oneOf(sub, {"update", "up", "upgrade"}))
            return PackageAction::Upgrade;
        if (oneOf(sub, {"uninstall", "remove", "rm", "r", "un", "unlink"}))
            return PackageAction::Remove;
        if (sub == "cache" || (manager == PackageManager::Pnpm && sub == "store"))
            return PackageAction::Clean;
        if (sub == "build" || ((sub == "run" || sub == "run-script") && startsWith(firstOperand, "build")))
            return PackageAction::Build;
        if (sub == "fetch")
            return PackageAction::Download;
        return PackageAction::Other;
    case PackageManager::Gem:
        if (oneOf(sub, {"install", "i"}))
            return PackageAction::Install;
        if (sub == "uninstall")
            return PackageAction::Remove;
        if (sub == "cleanup")
            return PackageAction::Clean;
        if (sub == "update")
            return PackageAction::Upgrade;
        if (sub == "build")
            return PackageAction::Build;
        return PackageAction::Other;
    case PackageManager::Go:
        if (sub == "build")
            return PackageAction::Build;
        if (oneOf(sub, {"install", "get"}))
            return PackageAction::Install;
        if (sub == "mod" && firstOperand == "download")
            return PackageAction::Download;
        return PackageAction::Other;
    case PackageManager::Cargo:
        if (oneOf(sub, {"build", "b"}))
            return PackageAction::Build;
        if (sub == "install")
            return PackageAction::Install;
        if (sub == "fetch")
            return PackageAction::Download;
        return PackageAction::Other;
    }
    return PackageAction::Other;
}

/// Skips `sudo`, `env` and the other prefix commands; returns the index of the real program.
size_t skipWrappers(const std::vector<ShellWord> &words, bool &query)
{
    size_t i = 0;
    while (i < words.size()) {
        const std::string_view name = baseName(words[i].value);
        if (name == "sudo" || name == "doas") {
            ++i;
            while (i < words.size() && startsWith(words[i].value, "-")) {
                const std::string_view v = words[i].value;
                const bool value = oneOf(v, {"-u", "-g", "-C", "-D", "-p", "-r", "-t", "-U", "-h"});
                i += value ? 2 : 1;
                if (v == "--")
                    break;
            }
        } else if (name == "env") {
            ++i;
            while (i < words.size()) {
                const std::string_view v = words[i].value;
                if (v == "-u" || v == "--unset" || v == "-C" || v == "--chdir" || v == "-S")
                    i += 2;
                else if (startsWith(v, "-") || v.find('=') != std::string_view::npos)
                    ++i;
                else
                    break;
            }
        } else if (oneOf(name, {"command", "exec", "nohup", "time", "eatmydata", "nice", "stdbuf", "ionice"})) {
            ++i;
            while (i < words.size() && startsWith(words[i].value, "-")) {
                const std::string_view v = words[i].value;
                if (name == "command" && (v == "-v" || v == "-V"))
                    query = true; // `command -v apt-get` only asks where it is
                const bool value = (name == "nice" && v == "-n") || (name == "ionice" && (v == "-c" || v == "-n"));
                i += value ? 2 : 1;
            }
        } else {
            break;
        }
    }
    return i;
}

} // namespace

std::string_view PackageCommand::subcommandName() const
{
    return subcommand < 0 ? std::string_view()
                          : std::string_view(command->words[static_cast<size_t>(subcommand)].value);
}

int PackageCommand::findOption(std::string_view option) const
{
    const bool shortOption = option.size() == 2 && option[0] == '-' && option[1] != '-';
    for (size_t index : options) {
        const std::string_view v = command->words[index].value;
        if (v.empty() || (v[0] != '-' && v[0] != '+'))
            continue; // the separate value of an option
        if (v == option)
            return static_cast<int>(index);
        if (v.size() > option.size() && startsWith(v, option) && v[option.size()] == '=')
            return static_cast<int>(index);
        // Clusters of short flags: "-qy" has -q and -y. Go's single-dash long flags are not clusters.
        if (shortOption && manager != PackageManager::Go && v.size() > 2 && v[1] != '-'
            && v.find('=') == std::string_view::npos && v.find(option[1], 1) != std::string_view::npos)
            return static_cast<int>(index);
    }
    return -1;
}

std::optional<std::string_view> PackageCommand::optionValue(std::string_view option) const
{
    const std::vector<ShellWord> &words = command->words;
    for (size_t index : options) {
        const std::string_view v = words[index].value;
        if (v == option && index + 1 < words.size())
            return std::string_view(words[index + 1].value);
        if (v.size() > option.size() && startsWith(v, option) && v[option.size()] == '=')
            return v.substr(option.size() + 1);
    }
    return std::nullopt;
}

std::optional<PackageCommand> recognizePackageCommand(const ShellCommand &command)
{
    const std::vector<ShellWord> &words = command.words;
    bool query = false;
    size_t i = skipWrappers(words, query);
    if (query || i >= words.size())
        return std::nullopt;
    PackageCommand out;
    out.command = &command;
    out.program = i;
    const std::string_view name = baseName(words[i].value);
    std::optional<PackageManager> manager = managerFromName(name);
    if (!manager && isPythonName(name)) {
        // python -m pip ...: the options before -m belong to python.
        size_t k = i + 1;
        while (k + 1 < words.size() && startsWith(words[k].value, "-") && words[k].value != "-m")
            ++k;
        if (k + 1 < words.size() && words[k].value == "-m" && isPipName(words[k + 1].value)) {
            manager = PackageManager::Pip;
            i = k + 1;
        }
    }
    if (!manager)
        return std::nullopt;
    out.manager = *manager;
    // One allocation per list that gets anything: the rest of the words bound both. Many
    // commands (`apt-get update`) have no options or no operands, and then none.
    const size_t remaining = words.size() - i;
    const auto add = [remaining](std::vector<size_t> &list, size_t index) {
        if (list.empty())
            list.reserve(remaining);
        list.push_back(index);
    };
    bool endOfOptions = false;
    for (size_t k = i + 1; k < words.size(); ++k) {
        const std::string_view v = words[k].value;
        const bool isOption = !endOfOptions && v.size() > 1
            && (v[0] == '-' || (out.manager == PackageManager::Cargo && out.subcommand < 0 && v[0] == '+'));
        if (!endOfOptions && v == "--") {
            endOfOptions = true;
            add(out.options, k);
            continue;
        }
        if (isOption) {
            add(out.options, k);
            if (isRequirementOption(out.manager, v) && v.find('=') != std::string_view::npos)
                out.requirementFiles.push_back(k);
            if (takesValue(out.manager, v) && k + 1 < words.size()) {
                ++k;
                add(out.options, k);
                if (isRequirementOption(out.manager, v))
                    out.requirementFiles.push_back(k);
            }
            continue;
        }
        if (out.subcommand < 0) {
            out.subcommand = static_cast<int>(k);
            continue;
        }
        add(out.operands, k);
    }
    std::string_view sub = out.subcommandName();
    std::string_view firstOperand
        = out.operands.empty() ? std::string_view() : std::string_view(words[out.operands.front()].value);
    // `yarn global add x`, `pnpm add -g x`: the real subcommand follows "global".
    if ((out.manager == PackageManager::Yarn || out.manager == PackageManager::Pnpm) && sub == "global"
        && !out.operands.empty()) {
        out.subcommand = static_cast<int>(out.operands.front());
        out.operands.erase(out.operands.begin());
        sub = out.subcommandName();
        firstOperand = out.operands.empty() ? std::string_view() : std::string_view(words[out.operands.front()].value);
    }
    out.action = actionFor(out.manager, sub, firstOperand);
    return out;
}

PackageSpec parsePackageSpec(PackageManager manager, std::string_view operand)
{
    PackageSpec spec;
    spec.name = operand;
    auto splitAt = [&](size_t at, size_t relationLength) {
        spec.name = operand.substr(0, at);
        spec.relation = operand.substr(at, relationLength);
        spec.version = operand.substr(at + relationLength);
        if (spec.version.empty()) // "curl=" pins nothing
            spec.relation = {};
    };
    auto relationRun = [&](size_t at, std::string_view chars) {
        size_t end = at;
        while (end < operand.size() && chars.find(operand[end]) != std::string_view::npos)
            ++end;
        return end - at;
    };
    switch (manager) {
    case PackageManager::AptGet:
    case PackageManager::Apt:
    case PackageManager::Aptitude: {
        if (startsWith(operand, "/") || startsWith(operand, "./") || startsWith(operand, "../")
            || endsWith(operand, ".deb")) {
            spec.isPath = true;
            return spec;
        }
        const size_t eq = operand.find('=');
        if (eq != std::string_view::npos) {
            splitAt(eq, 1);
            return spec;
        }
        const size_t slash = operand.find('/'); // curl/bookworm-backports: a release, which hadolint accepts
        if (slash != std::string_view::npos)
            splitAt(slash, 1);
        return spec;
    }
    case PackageManager::Apk: {
        if (endsWith(operand, ".apk")) {
            spec.isPath = true;
            return spec;
        }
        const size_t at = operand.find_first_of("=~<>");
        if (at != std::string_view::npos && at > 0)
            splitAt(at, relationRun(at, "=~<>"));
        return spec;
    }
    case PackageManager::Dnf:
    case PackageManager::Yum:
    case PackageManager::Microdnf:
    case PackageManager::Zypper: {
        if (endsWith(operand, ".rpm") || operand.find('/') != std::string_view::npos) {
            spec.isPath = true;
            return spec;
        }
        const size_t at = operand.find_first_of("=<>");
        if (at != std::string_view::npos && at > 0) {
            splitAt(at, relationRun(at, "=<>"));
            return spec;
        }
        // name-version: the first '-' followed by a digit (a heuristic: "java-17-openjdk" splits too).
        for (size_t k = 1; k + 1 < operand.size(); ++k) {
            if (operand[k] == '-' && operand[k + 1] >= '0' && operand[k + 1] <= '9') {
                splitAt(k, 1);
                break;
            }
        }
        return spec;
    }
    case PackageManager::Pip: {
        static constexpr std::string_view vcs[] = {"git+", "hg+", "svn+", "bzr+", "git://", "svn://"};
        const bool isVcs
            = std::any_of(std::begin(vcs), std::end(vcs), [&](std::string_view p) { return startsWith(operand, p); })
            || operand == "git" || operand == "svn";
        if (isVcs) {
            spec.isPath = true;
            const size_t at = operand.rfind('@');
            if (at != std::string_view::npos && at > operand.find("://") + 3)
                splitAt(at, 1);
            return spec;
        }
        if (endsWith(operand, ".whl") || endsWith(operand, ".tar.gz") || endsWith(operand, ".zip")
            || operand.find('/') != std::string_view::npos || operand == "." || operand == "..") {
            spec.isPath = true;
            return spec;
        }
        const size_t at = operand.find_first_of("=<>!~");
        if (at != std::string_view::npos && at > 0) {
            splitAt(at, relationRun(at, "=<>!~"));
            const size_t bracket = spec.name.find('[');
            if (bracket != std::string_view::npos)
                spec.name = spec.name.substr(0, bracket);
        } else {
            const size_t bracket = operand.find('[');
            if (bracket != std::string_view::npos)
                spec.name = operand.substr(0, bracket);
        }
        return spec;
    }
    case PackageManager::Npm:
    case PackageManager::Yarn:
    case PackageManager::Pnpm: {
        static constexpr std::string_view git[] = {"git://", "git+ssh://", "git+http://", "git+https://", "github:"};
        if (std::any_of(std::begin(git), std::end(git), [&](std::string_view p) { return startsWith(operand, p); })) {
            spec.isPath = true;
            const size_t hash = operand.find('#');
            if (hash != std::string_view::npos)
                splitAt(hash, 1);
            return spec;
        }
        if (startsWith(operand, "/") || startsWith(operand, "./") || startsWith(operand, "../")
            || startsWith(operand, "~/") || endsWith(operand, ".tgz") || endsWith(operand, ".tar.gz")
            || endsWith(operand, ".tar") || startsWith(operand, "file:") || operand == ".") {
            spec.isPath = true;
            return spec;
        }
        size_t from = 0;
        if (startsWith(operand, "@")) { // @scope/name@version
            const size_t slash = operand.find('/');
            from = slash == std::string_view::npos ? operand.size() : slash;
        }
        const size_t at = operand.find('@', from);
        if (at != std::string_view::npos)
            splitAt(at, 1);
        return spec;
    }
    case PackageManager::Gem: {
        if (endsWith(operand, ".gem")) {
            spec.isPath = true;
            return spec;
        }
        const size_t colon = operand.find(':');
        if (colon != std::string_view::npos)
            splitAt(colon, 1);
        return spec;
    }
    case PackageManager::Go:
    case PackageManager::Cargo: {
        if (startsWith(operand, ".") || startsWith(operand, "/")) {
            spec.isPath = true;
            return spec;
        }
        const size_t at = operand.rfind('@');
        if (at != std::string_view::npos && at > 0)
            splitAt(at, 1);
        return spec;
    }
    }
    return spec;
}

std::string_view packageManagerName(PackageManager manager)
{
    switch (manager) {
    case PackageManager::AptGet:
        return "apt-get";
    case PackageManager::Apt:
        return "apt";
    case PackageManager::Aptitude:
        return "aptitude";
    case PackageManager::Apk:
        return "apk";
    case PackageManager::Dnf:
        return "dnf";
    case PackageManager::Yum:
        return "yum";
    case PackageManager::Microdnf:
        return "microdnf";
    case PackageManager::Zypper:
        return "zypper";
    case PackageManager::Pip:
        return "pip";
    case PackageManager::Npm:
        return "npm";
    case PackageManager::Yarn:
        return "yarn";
    case PackageManager::Pnpm:
        return "pnpm";
    case PackageManager::Gem:
        return "gem";
    case PackageManager::Go:
        return "go";
    case PackageManager::Cargo:
        return "cargo";
    }
    return {};
}

std::vector<PackageCommand> packageCommands(const ShellScript &script)
{
    std::vector<PackageCommand> out;
    for (const ShellCommand &command : script.commands) {
        if (std::optional<PackageCommand> p = recognizePackageCommand(command))
            out.push_back(std::move(*p));
    }
    return out;
}

} // namespace stagecraft

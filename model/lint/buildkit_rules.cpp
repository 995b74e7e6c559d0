// SPDX-License-Identifier: MIT
// BuildKit's build checks (`docker build --check`), with the trigger conditions of
// moby/buildkit: frontend/dockerfile/linter/ruleset.go for the messages,
// instructions/parse.go for the checks made while parsing (MaintainerDeprecated,
// StageNameCasing, FromAsCasing, InvalidDefinitionDescription), dockerfile2llb/convert.go
// for those made on the stages (casing, stage names, FROM arguments and platforms) and
// while dispatching each instruction (UndefinedVar, WorkdirRelativePath, JSONArgsRecommended,
// MultipleInstructionsDisallowed, LegacyKeyValueFormat, SecretsUsedInArgOrEnv, the EXPOSE
// checks, CopyIgnoredFile).
//
// BuildKit reports whole instructions (start to end line); we report the exact bytes the
// finding is about (the keyword, the flag, the word, the variable) on those same lines.
// As with `docker build --check`, dispatch-time checks cover every stage unless a target is
// given, and then only the stages that building it builds.

#include "build_context.h"
#include "graph/image_reference.h"
#include "graph/run_mount.h"
#include "lint_context.h"
#include "syntax/buildkit_ast.h"
#include "syntax/go_text.h"
#include "syntax/json_array.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <optional>
#include <unordered_set>

namespace stagecraft {
namespace {

std::vector<RuleInfo> buildKitRuleInfos()
{
    constexpr auto warning = Severity::Warning;
    constexpr auto origin = RuleOrigin::BuildKit;
    // Aliases: BuildKit's earlier names for a rule, and the hadolint code of the same check.
    return {
        {"ConsistentInstructionCasing", {"FileConsistentCommandCasing", "SelfConsistentCommandCasing"}, origin, warning,
            "All commands within the Dockerfile should use the same casing (either upper or lower)",
            "https://docs.docker.com/go/dockerfile/rule/consistent-instruction-casing/"},
        {"CopyIgnoredFile", {}, origin, warning, "Attempting to Copy file that is excluded by .dockerignore",
            "https://docs.docker.com/go/dockerfile/rule/copy-ignored-file/"},
        {"DuplicateStageName", {"DL3024"}, origin, warning, "Stage names should be unique",
            "https://docs.docker.com/go/dockerfile/rule/duplicate-stage-name/"},
        {"ExposeInvalidFormat", {}, origin, warning,
            "IP address and host-port mapping should not be used in EXPOSE instruction. This will become an error in a "
            "future release",
            "https://docs.docker.com/go/dockerfile/rule/expose-invalid-format/"},
        {"ExposeProtoCasing", {}, origin, warning, "Protocol in EXPOSE instruction should be lowercase",
            "https://docs.docker.com/go/dockerfile/rule/expose-proto-casing/"},
        {"FromAsCasing", {}, origin, warning, "The 'as' keyword should match the case of the 'from' keyword",
            "https://docs.docker.com/go/dockerfile/rule/from-as-casing/"},
        {"FromPlatformFlagConstDisallowed", {}, origin, warning, "FROM --platform flag should not use a constant value",
            "https://docs.docker.com/go/dockerfile/rule/from-platform-flag-const-disallowed/"},
        {"InvalidDefaultArgInFrom", {}, origin, warning,
            "Default value for global ARG results in an empty or invalid base image name",
            "https://docs.docker.com/go/dockerfile/rule/invalid-default-arg-in-from/"},
        {"InvalidDefinitionDescription", {}, origin, warning,
            "Comment for build stage or argument should follow the format: `# <arg/stage name> <description>`. If this "
            "is not intended to be a description comment, add an empty line or comment between the instruction and the "
            "comment.",
            "https://docs.docker.com/go/dockerfile/rule/invalid-definition-description/"},
        {"JSONArgsRecommended", {"DL3025"}, origin, warning,
            "JSON arguments recommended for ENTRYPOINT/CMD to prevent unintended behavior related to OS signals",
            "https://docs.docker.com/go/dockerfile/rule/json-args-recommended/"},
        {"LegacyKeyValueFormat", {}, origin, warning,
            "Legacy key/value format with whitespace separator should not be used",
            "https://docs.docker.com/go/dockerfile/rule/legacy-key-value-format/"},
        {"MaintainerDeprecated", {"DL4000"}, origin, warning,
            "The MAINTAINER instruction is deprecated, use a label instead to define an image author",
            "https://docs.docker.com/go/dockerfile/rule/maintainer-deprecated/"},
        {"MultipleInstructionsDisallowed", {"DL4003", "DL4004", "DL3012"}, origin, warning,
            "Multiple instructions of the same type should not be used in the same stage",
            "https://docs.docker.com/go/dockerfile/rule/multiple-instructions-disallowed/"},
        {"NoEmptyContinuation", {"NoEmptyContinuations"}, origin, warning,
            "Empty continuation lines will become errors in a future release",
            "https://docs.docker.com/go/dockerfile/rule/no-empty-continuation/"},
        {"RedundantTargetPlatform", {}, origin, warning,
            "Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior",
            "https://docs.docker.com/go/dockerfile/rule/redundant-target-platform/"},
        {"ReservedStageName", {}, origin, warning, "Reserved words should not be used as stage names",
            "https://docs.docker.com/go/dockerfile/rule/reserved-stage-name/"},
        {"SecretsUsedInArgOrEnv", {}, origin, warning, "Sensitive data should not be used in the ARG or ENV commands",
            "https://docs.docker.com/go/dockerfile/rule/secrets-used-in-arg-or-env/"},
        {"StageNameCasing", {}, origin, warning, "Stage names should be lowercase",
            "https://docs.docker.com/go/dockerfile/rule/stage-name-casing/"},
        {"UndefinedArgInFrom", {}, origin, warning, "FROM command must use declared ARGs",
            "https://docs.docker.com/go/dockerfile/rule/undefined-arg-in-from/"},
        {"UndefinedVar", {}, origin, warning, "Variables should be defined before their use",
            "https://docs.docker.com/go/dockerfile/rule/undefined-var/"},
        {"WorkdirRelativePath", {"DL3000"}, origin, warning,
            "Relative workdir without an absolute workdir declared within the build can have unexpected results if the "
            "base image changes",
            "https://docs.docker.com/go/dockerfile/rule/workdir-relative-path/"},
    };
}

// ---------------------------------------------------------------- small helpers

std::string asciiUpper(std::string_view text)
{
    std::string out(text);
    for (char &c : out) {
        if (c >= 'a' && c <= 'z')
            c = static_cast<char>(c - 'a' + 'A');
    }
    return out;
}

std::string asciiLower(std::string_view text)
{
    std::string out(text);
    for (char &c : out) {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

bool isAscii(std::string_view text)
{
    return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// strings.ToLower(s) == s, without allocating for the ASCII keywords of every instruction.
bool isLowerCase(std::string_view text)
{
    if (isAscii(text))
        return std::none_of(text.begin(), text.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    return go::toLower(text) == text;
}

bool isUpperCase(std::string_view text)
{
    return std::none_of(text.begin(), text.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

bool isNameChar(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

// suggest.Search: the closest option within edit distance 2, the first one on ties;
// nothing when an option equals the value.
std::string suggestName(std::string_view value, const std::vector<std::string> &options)
{
    std::string match;
    int best = 3;
    for (const std::string &option : options) {
        if (option == value)
            return {};
        // Levenshtein over bytes; names are ASCII in practice.
        const size_t n = option.size();
        std::vector<int> row(n + 1);
        for (size_t j = 0; j <= n; ++j)
            row[j] = static_cast<int>(j);
        for (size_t i = 1; i <= value.size(); ++i) {
            int diagonal = row[0];
            row[0] = static_cast<int>(i);
            for (size_t j = 1; j <= n; ++j) {
                const int above = row[j];
                row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (value[i - 1] == option[j - 1] ? 0 : 1)});
                diagonal = above;
            }
        }
        if (row[n] < best) {
            best = row[n];
            match = option;
        }
    }
    return match;
}

// The first `$name` or `${name...` in `within`: where UndefinedVar points.
std::optional<SourceRange> findVariable(std::string_view text, SourceRange within, std::string_view name)
{
    const std::string_view slice = text.substr(within.begin, within.length());
    for (size_t pos = slice.find('$'); pos != std::string_view::npos; pos = slice.find('$', pos + 1)) {
        size_t start = pos + 1;
        const bool braced = start < slice.size() && slice[start] == '{';
        if (braced)
            ++start;
        if (slice.substr(start, name.size()) != name)
            continue;
        const size_t end = start + name.size();
        if (end < slice.size() && isNameChar(slice[end]))
            continue;
        size_t stop = end;
        if (braced) {
            const size_t close = slice.find('}', end);
            stop = close == std::string_view::npos ? end : close + 1;
        }
        return SourceRange {within.begin + static_cast<uint32_t>(pos), within.begin + static_cast<uint32_t>(stop)};
    }
    return std::nullopt;
}

// SecretsUsedInArgOrEnv: BuildKit's (?i)(?:_|^)(?:token...)(?:_|$), minus the "public" ones.
bool looksLikeSecret(std::string_view key)
{
    static constexpr std::array deny {std::string_view("apikey"), std::string_view("auth"),
        std::string_view("credential"), std::string_view("credentials"), std::string_view("key"),
        std::string_view("password"), std::string_view("pword"), std::string_view("passwd"), std::string_view("secret"),
        std::string_view("token")};
    const auto equalsIgnoringCase = [](std::string_view segment, std::string_view word) {
        return segment.size() == word.size()
            && std::equal(segment.begin(), segment.end(), word.begin(),
                [](char a, char b) { return (a >= 'A' && a <= 'Z' ? static_cast<char>(a - 'A' + 'a') : a) == b; });
    };
    bool denied = false;
    bool allowed = false;
    std::string_view rest = key;
    for (;;) {
        const size_t underscore = rest.find('_');
        const std::string_view segment = rest.substr(0, underscore);
        denied = denied || std::any_of(deny.begin(), deny.end(), [&](std::string_view word) {
            return equalsIgnoringCase(segment, word);
        });
        allowed = allowed || equalsIgnoringCase(segment, "public");
        if (underscore == std::string_view::npos)
            break;
        rest.remove_prefix(underscore + 1);
    }
    return denied && !allowed;
}

// containerd's platforms.Parse, as far as FromPlatformFlagConstDisallowed needs it: the
// normalized OS and architecture, or nothing when the specifier is invalid.
struct ParsedPlatform {
    std::string os;
    std::string architecture;
};

std::optional<ParsedPlatform> parsePlatform(std::string_view specifier)
{
    std::vector<std::string> parts;
    for (;;) {
        const size_t slash = specifier.find('/');
        parts.emplace_back(specifier.substr(0, slash));
        if (slash == std::string_view::npos)
            break;
        specifier.remove_prefix(slash + 1);
    }
    for (const std::string &part : parts) {
        if (part.empty() || !std::all_of(part.begin(), part.end(), [](char c) { return isNameChar(c) || c == '-'; }))
            return std::nullopt;
    }
    if (parts.size() > 3)
        return std::nullopt;
    const auto normalizeOs = [](std::string os) {
        os = asciiLower(os);
        return os == "macos" ? std::string("darwin") : os;
    };
    const auto normalizeArch = [](std::string arch) {
        arch = asciiLower(arch);
        if (arch == "i386")
            return std::string("386");
        if (arch == "x86_64" || arch == "x86-64")
            return std::string("amd64");
        if (arch == "aarch64")
            return std::string("arm64");
        if (arch == "armhf" || arch == "armel")
            return std::string("arm");
        return arch;
    };
    static constexpr std::array knownOs {std::string_view("aix"), std::string_view("android"),
        std::string_view("darwin"), std::string_view("dragonfly"), std::string_view("freebsd"),
        std::string_view("hurd"), std::string_view("illumos"), std::string_view("ios"), std::string_view("js"),
        std::string_view("linux"), std::string_view("nacl"), std::string_view("netbsd"), std::string_view("openbsd"),
        std::string_view("plan9"), std::string_view("solaris"), std::string_view("windows"), std::string_view("zos"),
        std::string_view("wasip1")};
    static constexpr std::array knownArch {std::string_view("386"), std::string_view("amd64"),
        std::string_view("amd64p32"), std::string_view("arm"), std::string_view("armbe"), std::string_view("arm64"),
        std::string_view("arm64be"), std::string_view("ppc64"), std::string_view("ppc64le"),
        std::string_view("loong64"), std::string_view("mips"), std::string_view("mipsle"), std::string_view("mips64"),
        std::string_view("mips64le"), std::string_view("ppc"), std::string_view("riscv"), std::string_view("riscv64"),
        std::string_view("s390"), std::string_view("s390x"), std::string_view("sparc"), std::string_view("sparc64"),
        std::string_view("wasm")};
    ParsedPlatform platform;
    if (parts.size() == 1) {
        platform.os = normalizeOs(parts[0]);
        if (std::find(knownOs.begin(), knownOs.end(), platform.os) != knownOs.end()) {
            platform.architecture = "amd64";
            return platform;
        }
        platform.architecture = normalizeArch(parts[0]);
        if (std::find(knownArch.begin(), knownArch.end(), platform.architecture) == knownArch.end())
            return std::nullopt;
        platform.os = "linux";
        return platform;
    }
    platform.os = normalizeOs(parts[0]);
    platform.architecture = normalizeArch(parts[1]);
    return platform;
}

// What the official images' configs set in the environment, for UndefinedVar: BuildKit
// reads the real image config, which a linter cannot fetch. Stages on an image that is
// not listed here are not checked for undefined variables (their environment is unknown);
// every image also has PATH.
std::optional<std::vector<std::string>> knownImageEnvironment(const ImageReference &image)
{
    if (!image.valid() || image.registry != "docker.io")
        return std::nullopt;
    std::string_view repository = image.repository;
    if (repository.starts_with("library/"))
        repository.remove_prefix(8);
    static constexpr std::string_view java = "JAVA_HOME LANG LANGUAGE LC_ALL JAVA_VERSION";
    static const std::array<std::pair<std::string_view, std::string>, 28> table {{
        {"alpine", ""},
        {"busybox", ""},
        {"debian", ""},
        {"ubuntu", ""},
        {"fedora", ""},
        {"centos", ""},
        {"rockylinux", ""},
        {"almalinux", ""},
        {"amazonlinux", ""},
        {"archlinux", ""},
        {"oraclelinux", ""},
        {"opensuse/leap", ""},
        {"opensuse/tumbleweed", ""},
        {"python",
            "LANG GPG_KEY PYTHON_VERSION PYTHON_SHA256 PYTHON_PIP_VERSION PYTHON_SETUPTOOLS_VERSION PYTHON_GET_PIP_URL "
            "PYTHON_GET_PIP_SHA256"},
        {"pypy", "LANG PYPY_VERSION"},
        {"node", "NODE_VERSION YARN_VERSION"},
        {"golang", "GOLANG_VERSION GOTOOLCHAIN GOPATH"},
        {"rust", "RUSTUP_HOME CARGO_HOME RUST_VERSION"},
        {"eclipse-temurin", std::string(java)},
        {"openjdk", std::string(java)},
        {"amazoncorretto", std::string(java)},
        {"maven", std::string(java) + " MAVEN_HOME MAVEN_CONFIG"},
        {"gradle", std::string(java) + " GRADLE_HOME GRADLE_VERSION"},
        {"nginx", "NGINX_VERSION NJS_VERSION NJS_RELEASE PKG_RELEASE DYNPKG_RELEASE"},
        {"httpd", "HTTPD_PREFIX HTTPD_VERSION HTTPD_SHA256 HTTPD_PATCHES"},
        {"php",
            "PHPIZE_DEPS PHP_INI_DIR APACHE_CONFDIR APACHE_ENVVARS PHP_CFLAGS PHP_CPPFLAGS PHP_LDFLAGS GPG_KEYS "
            "PHP_VERSION PHP_URL PHP_ASC_URL PHP_SHA256"},
        {"ruby",
            "LANG RUBY_MAJOR RUBY_VERSION RUBY_DOWNLOAD_URL RUBY_DOWNLOAD_SHA256 GEM_HOME BUNDLE_SILENCE_ROOT_WARNING "
            "BUNDLE_APP_CONFIG"},
        {"postgres", "GOSU_VERSION LANG PG_MAJOR PG_VERSION PGDATA"},
    }};
    for (const auto &[name, variables] : table) {
        if (name != repository)
            continue;
        std::vector<std::string> out;
        std::string_view rest = variables;
        while (!rest.empty()) {
            const size_t space = rest.find(' ');
            out.emplace_back(rest.substr(0, space));
            rest.remove_prefix(space == std::string_view::npos ? rest.size() : space + 1);
        }
        return out;
    }
    return std::nullopt;
}

// ---------------------------------------------------------------- the checker

class BuildKitChecker {
public:
    explicit BuildKitChecker(const LintContext &context)
        : m_context(context)
        , m_tree(context.tree())
        , m_graph(context.graph())
        , m_text(context.tree().text())
    {}

    void run()
    {
        parseTimeChecks();
        stageNameChecks();
        casingCheck();
        fromArgumentChecks();
        dispatchChecks();
    }

private:
    const Instruction &instruction(int index) const { return m_tree.instructions()[static_cast<size_t>(index)]; }

    SourceRange source(const Instruction &at, uint32_t logicalBegin, uint32_t logicalEnd) const
    {
        return m_tree.toSource(at, logicalBegin, logicalEnd);
    }

    SourceRange argumentsRange(const Instruction &at) const { return source(at, at.argsBegin, at.argsEnd); }

    std::string_view sourceText(SourceRange range) const { return m_text.substr(range.begin, range.length()); }

    void report(std::string_view rule, SourceRange range, std::string message, int stage,
        std::vector<QuickFix> fixes = {}) const
    {
        m_context.report(rule, range, std::move(message), stage, std::move(fixes));
    }

    static QuickFix replace(std::string title, SourceRange range, std::string text)
    {
        QuickFix fix;
        fix.title = std::move(title);
        fix.edits.push_back({range, std::move(text)});
        return fix;
    }

    // The last line of the instruction's logical line: where BuildKit's scanner stood when it
    // reported an empty continuation line (heredoc bodies are read after that).
    int logicalEndLine(const Instruction &at) const
    {
        int line = at.endLine;
        for (const Heredoc &heredoc : m_tree.heredocs(at))
            line = std::min(line, m_tree.lines().lineAt(heredoc.body.begin) - 1);
        return std::max(line, at.startLine);
    }

    std::string_view lineText(int line) const
    {
        const uint32_t begin = m_tree.lines().lineStart(line);
        return m_text.substr(begin, m_tree.lines().lineEnd(line) - begin);
    }

    // ------------------------------------------------ checks made while parsing

    void parseTimeChecks()
    {
        const std::vector<Instruction> &instructions = m_tree.instructions();
        const std::vector<Stage> &stages = m_graph.stages();
        int previousEnd = 0;
        size_t stageCursor = 0; // the first stage that does not end before instruction i
        for (int i = 0; i < static_cast<int>(instructions.size()); ++i) {
            const Instruction &current = instructions[static_cast<size_t>(i)];
            // stageOfInstruction(i), walking the stages along with the instructions.
            while (stageCursor < stages.size() && stages[stageCursor].endInstruction <= i)
                ++stageCursor;
            const int stage = stageCursor < stages.size() && stages[stageCursor].firstInstruction <= i
                ? stages[stageCursor].index
                : -1;
            if (current.hasEmptyContinuationLine)
                reportEmptyContinuation(current, stage);
            switch (current.kind) {
            case InstructionKind::Maintainer:
                reportMaintainer(current, stage);
                break;
            case InstructionKind::From:
                checkFromWords(current, stage);
                checkDescription(current, previousEnd, stage);
                break;
            case InstructionKind::Arg:
                checkDescription(current, previousEnd, stage);
                break;
            default:
                break;
            }
            previousEnd = current.endLine;
        }
    }

    void reportEmptyContinuation(const Instruction &at, int stage)
    {
        const int last = logicalEndLine(at);
        const uint32_t lineBegin = m_tree.lines().lineStart(last);
        const std::string_view content = lineText(last);
        const size_t indent = std::min(content.find_first_not_of(" \t"), content.size());
        const SourceRange range {
            lineBegin + static_cast<uint32_t>(indent), lineBegin + static_cast<uint32_t>(content.size())};
        QuickFix fix;
        fix.title = "Remove the empty continuation lines";
        for (int line = at.startLine + 1; line <= last; ++line) {
            const std::string_view text = lineText(line);
            if (text.find_first_not_of(" \t\r\v\f") == std::string_view::npos)
                fix.edits.push_back({{m_tree.lines().lineStart(line), m_tree.lines().lineStart(line + 1)}, {}});
        }
        std::vector<QuickFix> fixes;
        if (!fix.edits.empty())
            fixes.push_back(std::move(fix));
        report("NoEmptyContinuation", range, "Empty continuation line", stage, std::move(fixes));
    }

    void reportMaintainer(const Instruction &at, int stage)
    {
        std::string value(go::trimSpace(m_tree.argumentsText(at)));
        std::string escaped;
        for (char c : value) {
            if (c == '"' || c == '\\' || c == '$')
                escaped += '\\';
            escaped += c;
        }
        const bool lower = isLowerCase(m_tree.keywordText(at));
        std::string replacement
            = std::string(lower ? "label" : "LABEL") + " org.opencontainers.image.authors=\"" + escaped + "\"";
        std::vector<QuickFix> fixes;
        if (!value.empty())
            fixes.push_back(replace("Use LABEL org.opencontainers.image.authors", at.range, std::move(replacement)));
        report("MaintainerDeprecated", at.keyword, "Maintainer instruction is deprecated in favor of using label",
            stage, std::move(fixes));
    }

    // StageNameCasing and FromAsCasing look at FROM's words as BuildKit's parser split them.
    void checkFromWords(const Instruction &from, int stage)
    {
        const std::vector<BuildKitWord> words = buildKitWords(m_tree, from);
        if (words.size() == 3 && !isLowerCase(words[2].text)) {
            const SourceRange range = source(from, words[2].begin, words[2].end);
            std::vector<QuickFix> fixes;
            if (sourceText(range) == words[2].text)
                fixes.push_back(replace("Lowercase the stage name", range, go::toLower(words[2].text)));
            report("StageNameCasing", range, "Stage name '" + words[2].text + "' should be lowercase", stage,
                std::move(fixes));
        }
        if (words.size() < 3)
            return;
        // Mixed-case FROM is ConsistentInstructionCasing's business, not this rule's.
        const std::string_view keyword = m_tree.keywordText(from);
        const bool fromLower = isLowerCase(keyword);
        const bool fromUpper = isUpperCase(keyword);
        if (!fromLower && !fromUpper)
            return;
        const std::string &as = words[1].text;
        if ((fromLower && isLowerCase(as)) || (!fromLower && isUpperCase(as)))
            return;
        const SourceRange range = source(from, words[1].begin, words[1].end);
        std::vector<QuickFix> fixes;
        if (sourceText(range) == as)
            fixes.push_back(replace("Match the case of FROM", range, fromLower ? go::toLower(as) : asciiUpper(as)));
        report("FromAsCasing", range, "'" + as + "' and '" + std::string(keyword) + "' keywords' casing do not match",
            stage, std::move(fixes));
    }

    // InvalidDefinitionDescription (experimental): the comment right above a named FROM or
    // an ARG should start with the name it describes.
    void checkDescription(const Instruction &at, int previousEnd, int stage)
    {
        const std::optional<std::string> comment = descriptionComment(at, previousEnd);
        if (!comment)
            return;
        std::vector<std::string> keys;
        if (at.kind == InstructionKind::From) {
            const int stageIndex = m_graph.stageOfInstruction(static_cast<int>(&at - m_tree.instructions().data()));
            if (stageIndex < 0 || m_graph.stages()[static_cast<size_t>(stageIndex)].name.empty())
                return;
            keys.push_back(m_graph.stages()[static_cast<size_t>(stageIndex)].name);
        } else {
            for (const BuildKitWord &word : buildKitWords(m_tree, at))
                keys.emplace_back(splitArgWord(word.text).name);
        }
        if (keys.empty())
            return;
        const std::string firstWord = comment->substr(0, comment->find(' '));
        if (std::find(keys.begin(), keys.end(), firstWord) != keys.end())
            return;
        const std::string example = keys.size() > 1 ? std::string("<arg_key>") : keys.front();
        const char *name = at.kind == InstructionKind::From ? "FROM" : "ARG";
        const uint32_t lineBegin = m_tree.lines().lineStart(at.startLine);
        std::vector<QuickFix> fixes;
        fixes.push_back(replace("Separate the comment from the instruction", {lineBegin, lineBegin}, "\n"));
        report("InvalidDefinitionDescription", at.keyword,
            std::string("Comment for ") + name + " should follow the format: `# " + example + " <description>`", stage,
            std::move(fixes));
    }

    // The description comment right above `at`, as BuildKit keeps it (text after '#', trimmed).
    std::optional<std::string> descriptionComment(const Instruction &at, int previousEnd) const
    {
        // BuildKit's comment block: comment lines directly above; an empty line, an empty
        // comment or the previous instruction ends it, parser directives are left out.
        for (int line = at.startLine - 1; line > previousEnd; --line) {
            const bool directive = std::any_of(m_tree.directives().begin(), m_tree.directives().end(),
                [line](const Directive &d) { return d.line == line; });
            if (directive)
                continue;
            std::string_view content = lineText(line);
            if (line == 1 && content.starts_with("\xEF\xBB\xBF"))
                content.remove_prefix(3);
            const size_t first = content.find_first_not_of(" \t\r\v\f");
            if (first == std::string_view::npos || content[first] != '#')
                return std::nullopt;
            // As BuildKit: the text after the line's first byte, trimmed.
            const std::string_view text = go::trimSpace(content.substr(1));
            if (text.empty())
                return std::nullopt;
            return std::string(text);
        }
        return std::nullopt;
    }

    // ------------------------------------------------ checks on the stages

    void stageNameChecks()
    {
        std::unordered_set<std::string_view> seen;
        for (const Stage &stage : m_graph.stages()) {
            if (stage.name.empty())
                continue;
            if (stage.name == "context" || stage.name == "scratch")
                report("ReservedStageName", stage.nameRange,
                    "Stage name should not use the same name as reserved stage " + go::quote(stage.name), stage.index);
            if (!seen.insert(stage.name).second)
                report("DuplicateStageName", stage.nameRange,
                    "Duplicate stage name " + go::quote(stage.name) + ", stage names should be unique", stage.index);
        }
    }

    // ConsistentInstructionCasing: every instruction of every stage (not the global ARGs)
    // against the casing most of them use; uppercase wins a tie.
    void casingCheck()
    {
        int lower = 0;
        int upper = 0;
        const auto each = [&](const auto &visit) {
            for (const Stage &stage : m_graph.stages()) {
                for (int i = stage.firstInstruction; i < stage.endInstruction; ++i) {
                    if (instruction(i).kind != InstructionKind::Unknown)
                        visit(instruction(i), i, stage.index);
                }
            }
        };
        // Each keyword's casing, read once for the count and the check.
        enum Casing : uint8_t { lowerCase = 1, upperCase = 2 };
        std::vector<uint8_t> casings(m_tree.instructions().size(), 0);
        // isLowerCase() and isUpperCase() at once: one pass over an ASCII keyword.
        const auto casingOf = [](std::string_view keyword) -> uint8_t {
            bool capital = false;
            bool small = false;
            for (const char c : keyword) {
                if (static_cast<unsigned char>(c) >= 0x80)
                    return (isLowerCase(keyword) ? lowerCase : 0) | (isUpperCase(keyword) ? upperCase : 0);
                capital = capital || (c >= 'A' && c <= 'Z');
                small = small || (c >= 'a' && c <= 'z');
            }
            return (capital ? 0 : lowerCase) | (small ? 0 : upperCase);
        };
        each([&](const Instruction &at, int index, int) {
            const uint8_t casing = casingOf(m_tree.keywordText(at));
            casings[static_cast<size_t>(index)] = casing;
            if (casing & lowerCase)
                ++lower;
            else if (casing & upperCase)
                ++upper;
        });
        const bool majorityLower = lower > upper;
        each([&](const Instruction &at, int index, int stage) {
            if (casings[static_cast<size_t>(index)] & (majorityLower ? lowerCase : upperCase))
                return;
            const std::string_view keyword = m_tree.keywordText(at);
            const std::string wanted = majorityLower ? go::toLower(keyword) : asciiUpper(keyword);
            std::vector<QuickFix> fixes;
            if (sourceText(at.keyword) == keyword)
                fixes.push_back(replace(majorityLower ? "Use lowercase" : "Use uppercase", at.keyword, wanted));
            report("ConsistentInstructionCasing", at.keyword,
                "Command '" + std::string(keyword) + "' should match the case of the command majority ("
                    + (majorityLower ? "lowercase" : "uppercase") + ")",
                stage, std::move(fixes));
        });
    }

    // The global ARGs as declared (with or without value), then every name the global scope
    // has a value for: what UndefinedArgInFrom accepts and suggests from.
    std::vector<std::string> fromArgKeys() const
    {
        std::vector<std::string> keys;
        for (int i = 0; i < static_cast<int>(m_tree.instructions().size()); ++i) {
            const Instruction &at = instruction(i);
            if (at.kind == InstructionKind::From)
                break;
            if (at.kind != InstructionKind::Arg)
                continue;
            for (const BuildKitWord &word : buildKitWords(m_tree, at))
                keys.emplace_back(splitArgWord(word.text).name);
        }
        for (const Variable &variable : m_graph.globalScope().variables()) {
            if (variable.hasValue && std::find(keys.begin(), keys.end(), variable.name) == keys.end())
                keys.push_back(variable.name);
        }
        return keys;
    }

    void reportUndeclared(
        const ShellResult &result, const std::vector<std::string> &keys, SourceRange within, int stage)
    {
        for (const std::string &name : result.unmatched) {
            if (std::find(keys.begin(), keys.end(), name) != keys.end())
                continue;
            std::string message = "FROM argument '" + name + "' is not declared";
            if (const std::string suggestion = suggestName(name, keys); !suggestion.empty())
                message += " (did you mean " + suggestion + "?)";
            report(
                "UndefinedArgInFrom", findVariable(m_text, within, name).value_or(within), std::move(message), stage);
        }
    }

    void fromArgumentChecks()
    {
        if (m_graph.stages().empty())
            return;
        const std::vector<std::string> keys = fromArgKeys();
        const VariableScope &global = m_graph.globalScope();
        const char escape = m_tree.escapeToken();
        for (const Stage &stage : m_graph.stages()) {
            const Instruction &from = instruction(stage.firstInstruction);
            if (stage.base.ref.find('$') != std::string::npos)
                reportUndeclared(global.expand(stage.base.ref, escape), keys, stage.base.range, stage.index);
            const Flag *flag = m_tree.findFlag(from, "platform");
            if (!flag)
                continue;
            const ShellResult platform = global.expand(stage.platform, escape);
            reportUndeclared(platform, keys, flag->range, stage.index);
            checkPlatformFlag(stage, *flag, platform);
        }
        checkDefaultBaseNames();
    }

    void checkPlatformFlag(const Stage &stage, const Flag &flag, const ShellResult &platform)
    {
        std::vector<std::string> used = platform.used;
        std::sort(used.begin(), used.end());
        used.erase(std::unique(used.begin(), used.end()), used.end());
        if (used.size() == 1 && platform.unmatched.empty() && used.front() == "TARGETPLATFORM") {
            if (platform.word == m_graph.globalScope().lookup("TARGETPLATFORM").value_or(std::string())) {
                // Remove the flag and the blanks after it.
                SourceRange removal = flag.range;
                while (removal.end < m_text.size() && (m_text[removal.end] == ' ' || m_text[removal.end] == '\t'))
                    ++removal.end;
                std::vector<QuickFix> fixes;
                fixes.push_back(replace("Remove the --platform flag", removal, {}));
                report("RedundantTargetPlatform", flag.range,
                    "Setting platform to predefined " + stage.platform
                        + " in FROM is redundant as this is the default behavior",
                    stage.index, std::move(fixes));
            }
        }
        if (!platform.used.empty() || !platform.unmatched.empty() || !platform.ok())
            return;
        const std::optional<ParsedPlatform> parsed = parsePlatform(platform.word);
        if (!parsed)
            return;
        if (stage.name.find(parsed->os) != std::string::npos
            || stage.name.find(parsed->architecture) != std::string::npos)
            return;
        report("FromPlatformFlagConstDisallowed", flag.range,
            "FROM --platform flag should not use constant value " + go::quote(platform.word), stage.index);
    }

    // InvalidDefaultArgInFrom: with no --build-arg at all, every base must still expand to a
    // valid reference. BuildKit abandons the check at the first expansion error.
    void checkDefaultBaseNames()
    {
        VariableScope defaults = m_graph.automaticScope();
        std::vector<ExpansionError> errors;
        for (int i = 0; i < static_cast<int>(m_tree.instructions().size()); ++i) {
            const Instruction &at = instruction(i);
            if (at.kind == InstructionKind::From)
                break;
            if (at.kind == InstructionKind::Arg)
                applyGlobalArg(defaults, m_tree, i, {}, &errors);
        }
        if (!errors.empty())
            return;
        for (const Stage &stage : m_graph.stages()) {
            std::string resolved = stage.base.ref;
            if (resolved.find('$') != std::string::npos) {
                ShellResult result = defaults.expand(stage.base.ref, m_tree.escapeToken());
                if (!result.ok())
                    return;
                resolved = std::move(result.word);
            } else if (stage.base.kind != BaseKind::Invalid || resolved.empty()) {
                continue; // parsed (or rejected: FROM without arguments) by the graph already
            }
            if (!parseImageReference(resolved).valid())
                report("InvalidDefaultArgInFrom", stage.base.range,
                    "Default value for ARG " + stage.base.ref + " results in empty or invalid base image name",
                    stage.index);
        }
    }

    // ------------------------------------------------ checks made while dispatching

    struct StageState {
        bool workdirSet = false;
        bool shellSet = false;
        int root = -1; ///< the stage at the bottom of the FROM chain
    };

    struct Tracker {
        const Instruction *last = nullptr;
    };

    void dispatchChecks()
    {
        const std::vector<Stage> &stages = m_graph.stages();
        std::vector<StageState> ends(stages.size());
        const bool allStages = m_graph.options().target.empty();
        if (m_context.buildContext().present && !m_context.buildContext().dockerignorePatterns.empty())
            m_ignore.emplace(m_context.buildContext().dockerignorePatterns);
        for (const Stage &stage : stages) {
            StageState state;
            state.root = stage.index;
            if (stage.base.kind == BaseKind::Stage && stage.base.stage >= 0 && stage.base.stage < stage.index) {
                state = ends[static_cast<size_t>(stage.base.stage)];
            }
            ends[static_cast<size_t>(stage.index)]
                = dispatchStage(stage, state, allStages || m_graph.reachable(stage.index));
        }
    }

    // The environment variables the base image is known to define, or nothing when it is unknown.
    std::optional<std::vector<std::string>> imageEnvironment(int root) const
    {
        const Stage &stage = m_graph.stages()[static_cast<size_t>(root)];
        switch (stage.base.kind) {
        case BaseKind::Scratch:
            return std::vector<std::string>();
        case BaseKind::Image:
            return knownImageEnvironment(stage.base.image);
        default:
            return std::nullopt;
        }
    }

    StageState dispatchStage(const Stage &stage, StageState state, bool checked)
    {
        const ScopeResolver &scopes = m_context.scopes();
        m_imageEnvironment = imageEnvironment(state.root);
        Tracker cmd;
        Tracker entrypoint;
        Tracker healthcheck;
        for (int i = stage.firstInstruction + 1; i < stage.endInstruction; ++i) {
            const Instruction &at = instruction(i);
            const VariableScope &scope = scopes.scopeBefore(stage.index, i);
            if (checked) {
                switch (at.kind) {
                case InstructionKind::Env:
                case InstructionKind::Label:
                    checkKeyValues(at, scope, stage.index);
                    break;
                case InstructionKind::Arg:
                    checkArg(at, scope, stage.index);
                    break;
                case InstructionKind::Add:
                case InstructionKind::Copy:
                    checkCopy(at, scope, stage.index);
                    break;
                case InstructionKind::Workdir:
                    checkWorkdir(at, scope, stage, state);
                    break;
                case InstructionKind::User:
                case InstructionKind::StopSignal:
                case InstructionKind::Volume:
                    checkWords(at, scope, stage.index);
                    break;
                case InstructionKind::Run:
                    checkMounts(at, scope, stage.index);
                    break;
                case InstructionKind::Cmd:
                    usedOnce(at, cmd, stage.index);
                    checkJsonArgs(at, state, stage.index);
                    break;
                case InstructionKind::Entrypoint:
                    usedOnce(at, entrypoint, stage.index);
                    checkJsonArgs(at, state, stage.index);
                    break;
                case InstructionKind::Healthcheck:
                    usedOnce(at, healthcheck, stage.index);
                    break;
                case InstructionKind::Expose:
                    checkExpose(at, scope, stage.index);
                    break;
                default:
                    break;
                }
            } else if (at.kind == InstructionKind::Workdir) {
                state.workdirSet = true;
            }
            if (at.kind == InstructionKind::Shell)
                state.shellSet = true;
        }
        return state;
    }

    // reportUnmatchedVariables: names a word used but the stage has not declared.
    void checkExpansion(const ShellResult &result, const VariableScope &scope, SourceRange within, int stage)
    {
        for (const std::string &name : result.unmatched) {
            if (name == "BUILDKIT_SBOM_SCAN_CONTEXT" || name == "BUILDKIT_SBOM_SCAN_STAGE")
                continue;
            if (const Variable *declared = scope.find(name); declared && declared->kind != VariableKind::Proxy)
                continue;
            if (!m_imageEnvironment)
                continue; // the base image's environment is unknown
            if (std::find(m_imageEnvironment->begin(), m_imageEnvironment->end(), name) != m_imageEnvironment->end())
                continue;
            std::vector<std::string> options;
            for (const Variable &variable : scope.variables()) {
                if (variable.hasValue && variable.kind != VariableKind::Proxy)
                    options.push_back(variable.name);
            }
            options.insert(options.end(), m_imageEnvironment->begin(), m_imageEnvironment->end());
            std::string message = "Usage of undefined variable '$" + name + "'";
            if (const std::string suggestion = suggestName(name, options); !suggestion.empty())
                message += " (did you mean $" + suggestion + "?)";
            report("UndefinedVar", findVariable(m_text, within, name).value_or(within), std::move(message), stage);
        }
    }

    ShellResult expandWord(std::string_view word, const VariableScope &scope, SourceRange within, int stage)
    {
        if (word.find_first_of("$'\"") == std::string_view::npos
            && word.find(m_tree.escapeToken()) == std::string_view::npos) {
            ShellResult plain;
            plain.word = word;
            return plain;
        }
        ShellResult result = scope.expand(word, m_tree.escapeToken());
        checkExpansion(result, scope, within, stage);
        return result;
    }

    void checkFlag(const Instruction &at, std::string_view name, const VariableScope &scope, int stage)
    {
        if (const Flag *flag = m_tree.findFlag(at, name))
            expandWord(m_tree.flagValue(*flag), scope, flag->range, stage);
    }

    struct KeyValue {
        std::string_view key;
        std::string_view value;
        uint32_t keyBegin = 0; ///< logical offsets
        uint32_t keyEnd = 0;
        uint32_t valueBegin = 0;
        uint32_t valueEnd = 0;
        bool legacy = false;
    };

    // ENV and LABEL pairs as BuildKit's parseNameVal reads them. Plain arguments (ASCII, no
    // quotes, no escapes: nearly all of them) are split in place; the rest go through the
    // BuildKit word parser, whose strings `storage` keeps alive.
    bool keyValues(const Instruction &at, std::vector<KeyValue> &pairs, std::vector<std::string> &storage) const
    {
        const std::string_view args = m_tree.argumentsText(at);
        // Plain words on one logical line: their offsets are the text's.
        std::vector<PlainWord> plain;
        if (args.find('\n') == std::string_view::npos && plainWordViews(args, m_tree.escapeToken(), plain)) {
            if (plain.empty() || plain.front().text.find('=') == std::string_view::npos) {
                if (plain.size() < 2)
                    return false; // BuildKit: "ENV must have two arguments"
                KeyValue pair;
                pair.key = plain.front().text;
                pair.value = args.substr(plain[1].begin);
                pair.keyBegin = at.argsBegin;
                pair.keyEnd = at.argsBegin + plain.front().end;
                pair.valueBegin = at.argsBegin + plain[1].begin;
                pair.valueEnd = at.argsEnd;
                pair.legacy = true;
                pairs.push_back(pair);
                return true;
            }
            for (const PlainWord &word : plain) {
                const size_t equals = word.text.find('=');
                if (equals == std::string_view::npos)
                    return false; // a syntax error the parser reports
                KeyValue pair;
                pair.key = word.text.substr(0, equals);
                pair.value = word.text.substr(equals + 1);
                pair.keyBegin = at.argsBegin + word.begin;
                pair.keyEnd = pair.keyBegin + static_cast<uint32_t>(equals);
                pair.valueBegin = pair.keyEnd + 1;
                pair.valueEnd = at.argsBegin + word.end;
                pairs.push_back(pair);
            }
            return true;
        }
        const BuildKitNode node = buildKitNode(m_tree, at);
        if (!node.error.empty())
            return false;
        const std::vector<BuildKitWord> words = buildKitWords(m_tree, at);
        storage = node.values;
        for (size_t index = 0; index + 2 < storage.size(); index += 3) {
            KeyValue pair;
            pair.key = storage[index];
            pair.value = storage[index + 1];
            pair.legacy = storage[index + 2].empty();
            if (pair.legacy) {
                pair.keyBegin = at.argsBegin;
                pair.keyEnd = at.argsBegin + static_cast<uint32_t>(pair.key.size());
                pair.valueBegin = at.argsEnd
                    - static_cast<uint32_t>(std::min<size_t>(pair.value.size(), at.argsEnd - at.argsBegin));
                pair.valueEnd = at.argsEnd;
            } else if (index / 3 < words.size()) {
                const BuildKitWord &word = words[index / 3];
                pair.keyBegin = word.begin;
                pair.keyEnd = word.begin + static_cast<uint32_t>(word.text.find('='));
                pair.valueBegin = std::min(pair.keyEnd + 1, word.end);
                pair.valueEnd = word.end;
            } else {
                pair.keyBegin = pair.valueBegin = at.argsBegin;
                pair.keyEnd = pair.valueEnd = at.argsEnd;
            }
            pairs.push_back(pair);
        }
        return true;
    }

    void checkKeyValues(const Instruction &at, const VariableScope &scope, int stage)
    {
        std::vector<KeyValue> pairs;
        std::vector<std::string> storage;
        if (!keyValues(at, pairs, storage))
            return;
        const bool env = at.kind == InstructionKind::Env;
        for (const KeyValue &pair : pairs) {
            const SourceRange keyRange = source(at, pair.keyBegin, pair.keyEnd);
            const SourceRange valueRange = source(at, pair.valueBegin, pair.valueEnd);
            if (pair.legacy)
                reportLegacy(
                    at, std::string(m_tree.keywordText(at)), pair.key, pair.value, keyRange, valueRange, stage);
            const ShellResult expandedKey = expandWord(pair.key, scope, keyRange, stage);
            expandWord(pair.value, scope, valueRange, stage);
            const std::string_view key = expandedKey.ok() ? std::string_view(expandedKey.word) : pair.key;
            if (env && looksLikeSecret(key))
                report("SecretsUsedInArgOrEnv", keyRange,
                    "Do not use ARG or ENV instructions for sensitive data (ENV " + go::quote(key) + ")", stage);
        }
    }

    void reportLegacy(const Instruction &at, const std::string &keyword, std::string_view key, std::string_view value,
        SourceRange keyRange, SourceRange valueRange, int stage)
    {
        std::vector<QuickFix> fixes;
        // key value -> key=value, quoted when the value has blanks. Left alone when quotes or
        // escapes in the value would change meaning, or a comment sits between key and value.
        const SourceRange separator {keyRange.end, valueRange.begin};
        const std::string_view between = sourceText(separator);
        const bool safeValue = std::none_of(value.begin(), value.end(),
            [&](char c) { return c == '"' || c == '\'' || c == m_tree.escapeToken() || c == '`'; });
        if (sourceText(keyRange) == key && separator.begin <= separator.end
            && between.find('#') == std::string_view::npos && safeValue && !value.empty()) {
            const bool quote = value.find_first_of(" \t") != std::string_view::npos;
            QuickFix fix;
            fix.title = "Use " + keyword + " key=value";
            fix.edits.push_back({separator, quote ? "=\"" : "="});
            if (quote)
                fix.edits.push_back({{valueRange.end, valueRange.end}, "\""});
            fixes.push_back(std::move(fix));
        }
        report("LegacyKeyValueFormat", argumentsRange(at),
            "\"" + keyword + " key=value\" should be used instead of legacy \"" + keyword + " key value\" format",
            stage, std::move(fixes));
    }

    void checkArg(const Instruction &at, const VariableScope &scope, int stage)
    {
        const std::vector<BuildKitWord> words = buildKitWords(m_tree, at);
        std::optional<VariableScope> working; // earlier declarations of this ARG are visible to later ones
        for (const BuildKitWord &word : words) {
            const ArgDeclaration declaration = splitArgWord(word.text);
            const SourceRange keyRange
                = source(at, word.begin, word.begin + static_cast<uint32_t>(declaration.name.size()));
            if (looksLikeSecret(declaration.name))
                report("SecretsUsedInArgOrEnv", keyRange,
                    "Do not use ARG or ENV instructions for sensitive data (ARG " + go::quote(declaration.name) + ")",
                    stage);
            if (!declaration.hasValue || findBuildArg(m_graph.options().buildArgs, declaration.name))
                continue;
            if (declaration.value.find('$') == std::string_view::npos && words.size() == 1)
                continue;
            if (!working)
                working = scope;
            const ShellResult result = expandWord(declaration.value, *working, source(at, word.begin, word.end), stage);
            Variable variable;
            variable.name = declaration.name;
            variable.value = result.word;
            variable.kind = VariableKind::Arg;
            working->set(std::move(variable));
        }
    }

    static bool isHeredocWord(std::string_view word)
    {
        const size_t digits = std::min(word.find_first_not_of("0123456789"), word.size());
        return word.substr(digits).starts_with("<<");
    }

    void checkCopy(const Instruction &at, const VariableScope &scope, int stage)
    {
        // Without a variable anywhere and without .dockerignore patterns there is nothing to report.
        if (!m_ignore && m_tree.logicalText(at).find('$') == std::string_view::npos
            && std::none_of(m_tree.heredocs(at).begin(), m_tree.heredocs(at).end(), [this](const Heredoc &heredoc) {
                   return heredoc.expand && m_tree.heredocBody(heredoc).find('$') != std::string_view::npos;
               }))
            return;
        const bool add = at.kind == InstructionKind::Add;
        checkFlag(at, "chown", scope, stage);
        checkFlag(at, "chmod", scope, stage);
        std::string from;
        if (add) {
            checkFlag(at, "checksum", scope, stage);
        } else if (const Flag *flag = m_tree.findFlag(at, "from")) {
            from = expandWord(m_tree.flagValue(*flag), scope, flag->range, stage).word;
        }
        const BuildKitNode node = buildKitNode(m_tree, at);
        if (!node.error.empty() || node.values.size() < 2)
            return;
        std::vector<BuildKitWord> words = at.json ? std::vector<BuildKitWord>() : buildKitWords(m_tree, at);
        if (words.size() != node.values.size())
            words.clear(); // quoted blanks split differently: fall back to the whole argument range
        const SourceRange arguments = argumentsRange(at);
        for (size_t i = 0; i < node.values.size(); ++i) {
            const std::string &value = node.values[i];
            if (isHeredocWord(value))
                continue;
            const SourceRange range = i < words.size() ? source(at, words[i].begin, words[i].end) : arguments;
            const ShellResult expanded = expandWord(value, scope, range, stage);
            const bool sourcePath = i + 1 < node.values.size();
            if (sourcePath && from.empty() && m_ignore && expanded.ok())
                checkIgnoredSource(add, expanded.word, range, stage);
        }
        // Heredoc sources are expanded too (BuildKit's ExpandRaw) unless their delimiter was quoted.
        ShellLexerOptions raw;
        raw.skipProcessQuotes = true;
        const ShellLexer lexer(raw);
        for (const Heredoc &heredoc : m_tree.heredocs(at)) {
            const std::string_view body = m_tree.heredocBody(heredoc);
            if (!heredoc.expand || body.find('$') == std::string_view::npos)
                continue;
            const ShellResult result
                = lexer.processWord(body, [&scope](std::string_view name) { return scope.lookup(name); });
            checkExpansion(result, scope, heredoc.body, stage);
        }
    }

    void checkIgnoredSource(bool add, const std::string &path, SourceRange range, int stage)
    {
        if (path.find("://") != std::string::npos || path.starts_with("git@"))
            return;
        if (!m_ignore->matchesOrParentMatches(path))
            return;
        report("CopyIgnoredFile", range,
            std::string("Attempting to ") + (add ? "Add" : "Copy") + " file " + go::quote(path)
                + " that is excluded by .dockerignore",
            stage);
    }

    void checkWords(const Instruction &at, const VariableScope &scope, int stage)
    {
        const BuildKitNode node = buildKitNode(m_tree, at);
        const SourceRange arguments = argumentsRange(at);
        for (const std::string &value : node.values)
            expandWord(value, scope, arguments, stage);
    }

    void checkWorkdir(const Instruction &at, const VariableScope &scope, const Stage &stage, StageState &state)
    {
        const BuildKitNode node = buildKitNode(m_tree, at);
        if (node.values.size() != 1)
            return;
        const SourceRange arguments = argumentsRange(at);
        const ShellResult path = expandWord(node.values.front(), scope, arguments, stage.index);
        if (!state.workdirSet && path.ok()) {
            const bool windows = stage.resolvedPlatform.starts_with("windows")
                || (stage.platform.empty() && m_graph.options().platform.starts_with("windows"));
            bool absolute = path.word.starts_with('/');
            if (windows) {
                absolute = absolute || path.word.starts_with('\\')
                    || (path.word.size() >= 3 && path.word[1] == ':' && (path.word[2] == '\\' || path.word[2] == '/'));
            }
            if (!absolute)
                report("WorkdirRelativePath", arguments,
                    "Relative workdir " + go::quote(path.word)
                        + " can have unexpected results if the base image changes",
                    stage.index);
        }
        state.workdirSet = true;
    }

    // RUN --mount values are expanded (and so checked for undefined variables).
    void checkMounts(const Instruction &at, const VariableScope &scope, int stage)
    {
        for (const Flag &flag : m_tree.flags(at)) {
            if (m_tree.flagName(flag) != "mount")
                continue;
            const std::string_view value = m_tree.flagValue(flag);
            if (value.find('$') == std::string_view::npos)
                continue;
            const RunMount mount = parseRunMount(value);
            if (!mount.error.empty())
                continue;
            for (const RunMountField &field : mount.fields) {
                if (field.hasValue)
                    expandWord(field.value, scope, flag.range, stage);
            }
        }
    }

    void usedOnce(const Instruction &at, Tracker &tracker, int stage)
    {
        if (tracker.last) {
            // BuildKit points at the earlier one: that is the instruction without effect.
            report("MultipleInstructionsDisallowed", tracker.last->keyword,
                "Multiple " + std::string(m_tree.keywordText(at))
                    + " instructions should not be used in the same stage because only the last one will be used",
                stage);
        }
        tracker.last = &at;
    }

    void checkJsonArgs(const Instruction &at, const StageState &state, int stage)
    {
        if (at.json || state.shellSet)
            return;
        const std::string keyword(m_tree.keywordText(at));
        const SourceRange arguments = argumentsRange(at);
        std::vector<QuickFix> fixes;
        if (std::optional<std::string> json = execForm(m_tree.argumentsText(at)))
            fixes.push_back(replace("Use the exec (JSON) form", arguments, std::move(*json)));
        report("JSONArgsRecommended", arguments.length() > 0 ? arguments : at.keyword,
            "JSON arguments recommended for " + keyword + " to prevent unintended behavior related to OS signals",
            stage, std::move(fixes));
    }

    // The exec form of a shell-form command line, when the shell does nothing but split
    // words: no variables, operators, globs, redirections or escapes.
    std::optional<std::string> execForm(std::string_view command) const
    {
        if (command.empty() || command.find_first_of("$`|&;<>(){}*?[]~#\\\n") != std::string_view::npos
            || command.find(m_tree.escapeToken()) != std::string_view::npos)
            return std::nullopt;
        const ShellResult words = ShellLexer().processWords(command, {});
        if (!words.ok() || words.words.empty())
            return std::nullopt;
        std::string out = "[";
        for (size_t i = 0; i < words.words.size(); ++i) {
            if (i > 0)
                out += ", ";
            out += nlohmann::json(words.words[i]).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        }
        out += ']';
        return out;
    }

    // The EXPOSE checks of dockerfile2llb's parsePort, on the ports after expansion.
    void checkExpose(const Instruction &at, const VariableScope &scope, int stage)
    {
        const std::vector<BuildKitWord> words = buildKitWords(m_tree, at);
        for (const BuildKitWord &word : words) {
            const SourceRange range = source(at, word.begin, word.end);
            std::vector<std::string> ports;
            if (word.text.find_first_of("$'\"\\`") == std::string::npos) {
                ports.push_back(word.text);
            } else {
                const ShellResult result = scope.expandWords(word.text, m_tree.escapeToken());
                if (!result.ok())
                    return;
                ports = result.words;
            }
            for (const std::string &port : ports) {
                if (!checkPort(port, range, sourceText(range) == port, stage))
                    return; // BuildKit stops at the first invalid port
            }
        }
    }

    bool checkPort(const std::string &raw, SourceRange range, bool literal, int stage)
    {
        std::vector<std::string_view> parts;
        std::string_view rest = raw;
        for (;;) {
            const size_t colon = rest.find(':');
            parts.push_back(rest.substr(0, colon));
            if (colon == std::string_view::npos)
                break;
            rest.remove_prefix(colon + 1);
        }
        const size_t n = parts.size();
        const std::string_view container = parts[n - 1];
        const std::string_view hostPort = n >= 2 ? parts[n - 2] : std::string_view();
        const std::string_view ip = n >= 3
            ? std::string_view(raw).substr(0, static_cast<size_t>(parts[n - 2].data() - raw.data() - 1))
            : std::string_view();
        const size_t slash = container.find('/');
        const std::string_view port = container.substr(0, slash);
        const std::string_view proto
            = slash == std::string_view::npos ? std::string_view() : container.substr(slash + 1);
        const std::string lowered = asciiLower(proto);
        if (port.empty() || !(lowered.empty() || lowered == "tcp" || lowered == "udp" || lowered == "sctp"))
            return false;
        if (lowered != proto) {
            std::vector<QuickFix> fixes;
            if (literal) {
                const uint32_t protoBegin = range.end - static_cast<uint32_t>(proto.size());
                fixes.push_back(replace("Lowercase the protocol", {protoBegin, range.end}, lowered));
            }
            report("ExposeProtoCasing", range,
                "Defined protocol '" + raw + "' in EXPOSE instruction should be lowercase", stage, std::move(fixes));
        }
        if (!ip.empty() || !hostPort.empty())
            report("ExposeInvalidFormat", range,
                "EXPOSE instruction should not define an IP address or host-port mapping, found '" + raw + "'", stage);
        return validPortRange(port) && (hostPort.empty() || validPortRange(hostPort));
    }

    static bool validPortRange(std::string_view ports)
    {
        const size_t dash = ports.find('-');
        const auto number = [](std::string_view digits) {
            if (digits.empty() || digits.size() > 5
                || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
                return -1;
            const int value = std::stoi(std::string(digits));
            return value <= 65535 ? value : -1;
        };
        const int start = number(ports.substr(0, dash));
        if (start < 0)
            return false;
        if (dash == std::string_view::npos)
            return true;
        const int end = number(ports.substr(dash + 1));
        return end >= start;
    }

    const LintContext &m_context;
    const SyntaxTree &m_tree;
    const BuildGraph &m_graph;
    std::string_view m_text;
    std::optional<DockerignoreMatcher> m_ignore;
    std::optional<std::vector<std::string>> m_imageEnvironment;
};

} // namespace

RuleSet buildKitRules()
{
    RuleSet set;
    set.rules = buildKitRuleInfos();
    set.check = [](const LintContext &context) { BuildKitChecker(context).run(); };
    return set;
}

} // namespace stagecraft

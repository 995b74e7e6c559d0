// SPDX-License-Identifier: MIT
#include "completion.h"

#include "document/analysis.h"
#include "graph/stage_scope.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace stagecraft {
namespace {

struct Candidate {
    std::string_view label;
    std::string_view detail;
};

// BuildKit's builder flags per instruction (dockerfile frontend 1.x, labs flags left out).
constexpr std::array fromFlags {Candidate {"--platform=", "platform of the base image"}};
constexpr std::array runFlags {
    Candidate {"--mount=", "mount a cache, secret, ssh socket, tmpfs or another stage"},
    Candidate {"--network=", "network the command runs in: default, none, host"},
    Candidate {"--security=", "sandbox or insecure"},
};
constexpr std::array copyFlags {
    Candidate {"--from=", "copy from a stage, an image or a named context"},
    Candidate {"--chown=", "owner of the copied files"},
    Candidate {"--chmod=", "permissions of the copied files"},
    Candidate {"--link", "copy into an independent layer"},
    Candidate {"--parents", "keep the parent directories of the sources"},
    Candidate {"--exclude=", "leave out paths matching a pattern"},
};
constexpr std::array addFlags {
    Candidate {"--chown=", "owner of the added files"},
    Candidate {"--chmod=", "permissions of the added files"},
    Candidate {"--link", "add into an independent layer"},
    Candidate {"--checksum=", "verify a remote source's digest"},
    Candidate {"--keep-git-dir", "keep the .git directory of a Git source"},
    Candidate {"--exclude=", "leave out paths matching a pattern"},
};
constexpr std::array healthcheckFlags {
    Candidate {"--interval=", "time between checks (default 30s)"},
    Candidate {"--timeout=", "time a check may take (default 30s)"},
    Candidate {"--start-period=", "grace period after the start (default 0s)"},
    Candidate {"--start-interval=", "time between checks during the start period"},
    Candidate {"--retries=", "failures before unhealthy (default 3)"},
};
constexpr std::array mountOptions {
    Candidate {"type=", "bind, cache, tmpfs, secret or ssh"},
    Candidate {"target=", "where it is mounted"},
    Candidate {"source=", "path in the source"},
    Candidate {"from=", "stage or image to mount from"},
    Candidate {"id=", "cache, secret or ssh id"},
    Candidate {"sharing=", "cache sharing: shared, private, locked"},
    Candidate {"mode=", "file mode"},
    Candidate {"uid=", "user id"},
    Candidate {"gid=", "group id"},
    Candidate {"readonly", "mount read-only"},
    Candidate {"required=", "fail when the secret or ssh socket is missing"},
    Candidate {"env=", "expose a secret as this environment variable"},
};
constexpr std::array mountTypes {Candidate {"bind", "a directory of the context or a stage (default)"},
    Candidate {"cache", "a persistent cache directory"}, Candidate {"tmpfs", "an in-memory file system"},
    Candidate {"secret", "a secret file"}, Candidate {"ssh", "the SSH agent socket"}};
constexpr std::array mountSharing {Candidate {"shared", "concurrent writers share the cache"},
    Candidate {"private", "a new cache for each concurrent writer"},
    Candidate {"locked", "writers wait for each other"}};
constexpr std::array networkValues {Candidate {"default", "the build's default network"},
    Candidate {"none", "no network access"}, Candidate {"host", "the host's network"}};
constexpr std::array securityValues {
    Candidate {"sandbox", "the default sandbox"}, Candidate {"insecure", "privileged (needs an entitlement)"}};
constexpr std::array platformValues {Candidate {"$BUILDPLATFORM", "the platform the build runs on"},
    Candidate {"$TARGETPLATFORM", "the platform being built"}, Candidate {"linux/amd64", {}},
    Candidate {"linux/arm64", {}}};

char asciiLower(char c)
{
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string asciiLowered(std::string_view text)
{
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), asciiLower);
    return out;
}

bool startsWithNoCase(std::string_view text, std::string_view prefix)
{
    return text.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
        return asciiLower(a) == asciiLower(b);
    });
}

bool isBlank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool isNameChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool isWordChar(char c)
{
    return isNameChar(c) || c == '-';
}

/// Collects the candidates that match the typed prefix.
class Collector {
public:
    explicit Collector(Completion &completion)
        : m_completion(completion)
    {}

    void add(std::string label, std::string text, CompletionKind kind, std::string detail = {})
    {
        if (!startsWithNoCase(label, m_completion.prefix))
            return;
        const bool seen = std::any_of(m_completion.items.begin(), m_completion.items.end(),
            [&](const CompletionItem &item) { return item.label == label; });
        if (!seen)
            m_completion.items.push_back({std::move(label), std::move(text), kind, std::move(detail)});
    }

    template <size_t N>
    void addAll(const std::array<Candidate, N> &candidates, CompletionKind kind)
    {
        for (const Candidate &c : candidates)
            add(std::string(c.label), std::string(c.label), kind, std::string(c.detail));
    }

private:
    Completion &m_completion;
};

class Completer {
public:
    Completer(const Analysis &analysis, uint32_t offset)
        : m_tree(*analysis.tree)
        , m_graph(analysis.graph)
        , m_text(m_tree.text())
        , m_offset(std::min<uint32_t>(offset, static_cast<uint32_t>(m_text.size())))
        , m_line(m_tree.lines().lineAt(m_offset))
        , m_lineStart(m_tree.lines().lineStart(m_line))
    {}

    Completion run()
    {
        m_instruction = instructionOnLine();
        if (completeVariable())
            return std::move(m_result);
        // The word being typed: back to the previous blank, forward over word characters.
        uint32_t wordStart = m_offset;
        while (wordStart > m_lineStart && !isBlank(m_text[wordStart - 1]))
            --wordStart;
        const std::string_view word = m_text.substr(wordStart, m_offset - wordStart);
        const std::string_view before = m_text.substr(m_lineStart, wordStart - m_lineStart);
        const bool lineStartsHere = before.find_first_not_of(" \t") == std::string_view::npos;

        if (m_instruction < 0) {
            // A line of its own: a keyword, unless it is a comment.
            if (lineStartsHere && !word.starts_with('#'))
                completeKeyword(wordStart, word, false);
            return std::move(m_result);
        }
        const Instruction &instruction = m_tree.instructions()[static_cast<size_t>(m_instruction)];
        if (wordStart <= instruction.keyword.begin) {
            completeKeyword(wordStart, word, false);
            return std::move(m_result);
        }
        InstructionKind kind = instruction.kind;
        std::vector<std::string_view> head = words(instruction.keyword.end, wordStart);
        if (kind == InstructionKind::Onbuild) {
            if (head.empty()) {
                completeKeyword(wordStart, word, true);
                return std::move(m_result);
            }
            kind = instructionKindFromKeyword(head.front());
            head.erase(head.begin());
        }
        const bool flagPosition
            = std::all_of(head.begin(), head.end(), [](std::string_view w) { return w.starts_with("--"); });
        if (flagPosition && word.starts_with('-')) {
            const size_t equals = word.find('=');
            if (equals == std::string_view::npos)
                completeFlag(wordStart, kind, head);
            else
                completeFlagValue(wordStart, word, equals, kind);
        } else if (kind == InstructionKind::From && !word.starts_with('-')) {
            completeFrom(wordStart, head, instruction);
        }
        return std::move(m_result);
    }

private:
    /// The instruction covering the cursor's line, or -1.
    int instructionOnLine() const
    {
        int index = m_tree.instructionAt(m_offset);
        if (index < 0 && m_offset > 0)
            index = m_tree.instructionAt(m_offset - 1);
        if (index < 0) {
            // The cursor may sit in trailing blanks after the instruction's last byte.
            const auto &instructions = m_tree.instructions();
            const auto it = std::upper_bound(instructions.begin(), instructions.end(), m_offset,
                [](uint32_t value, const Instruction &i) { return value < i.range.begin; });
            if (it != instructions.begin() && (it - 1)->endLine >= m_line)
                index = static_cast<int>(it - instructions.begin()) - 1;
        }
        if (index < 0)
            return -1;
        const Instruction &instruction = m_tree.instructions()[static_cast<size_t>(index)];
        return m_line >= instruction.startLine && m_line <= instruction.endLine ? index : -1;
    }

    /// Words between two offsets: blanks and line continuations separate them.
    std::vector<std::string_view> words(uint32_t begin, uint32_t end) const
    {
        std::vector<std::string_view> out;
        uint32_t i = begin;
        while (i < end) {
            while (i < end && isBlank(m_text[i]))
                ++i;
            const uint32_t start = i;
            while (i < end && !isBlank(m_text[i]))
                ++i;
            const std::string_view w = m_text.substr(start, i - start);
            if (!w.empty() && !(w.size() == 1 && w[0] == m_tree.escapeToken()))
                out.push_back(w);
        }
        return out;
    }

    /// Sets the replaced range: from `begin` to the end of the word the cursor is in.
    void setReplace(uint32_t begin, bool (*wordChar)(char))
    {
        uint32_t end = m_offset;
        while (end < m_text.size() && wordChar(m_text[end]))
            ++end;
        m_result.replace = {begin, end};
        m_result.prefix = std::string(m_text.substr(begin, m_offset - begin));
    }

    bool completeVariable()
    {
        uint32_t nameStart = m_offset;
        while (nameStart > m_lineStart && isNameChar(m_text[nameStart - 1]))
            --nameStart;
        if (nameStart == m_lineStart || m_instruction < 0)
            return false;
        const bool brace = m_text[nameStart - 1] == '{' && nameStart - 1 > m_lineStart && m_text[nameStart - 2] == '$';
        if (!brace && m_text[nameStart - 1] != '$')
            return false;
        if (nameStart < m_offset && m_text[nameStart] >= '0' && m_text[nameStart] <= '9')
            return false;
        setReplace(nameStart, isNameChar);
        const bool closeBrace = brace && (m_result.replace.end >= m_text.size() || m_text[m_result.replace.end] != '}');
        const ScopeResolver scopes(m_tree, m_graph);
        Collector collect(m_result);
        const VariableScope scope = scopes.scopeAt(m_instruction);
        for (const Variable &variable : scope.variables()) {
            if (variable.kind == VariableKind::Proxy)
                continue;
            std::string detail = variable.kind == VariableKind::Env ? "ENV" : "ARG";
            if (variable.hasValue)
                detail += " = " + variable.value;
            collect.add(
                variable.name, variable.name + (closeBrace ? "}" : ""), CompletionKind::Variable, std::move(detail));
        }
        return true;
    }

    void completeKeyword(uint32_t wordStart, std::string_view word, bool trigger)
    {
        if (!std::all_of(word.begin(), word.end(), [](char c) { return isNameChar(c); }))
            return;
        setReplace(wordStart, isNameChar);
        // Follow the case being typed, else the file's first keyword.
        bool lower = false;
        if (!word.empty())
            lower = asciiLowered(word) == word;
        else if (!m_tree.instructions().empty())
            lower = asciiLowered(m_tree.keywordText(m_tree.instructions().front()))
                == m_tree.keywordText(m_tree.instructions().front());
        const bool spaceFollows = m_result.replace.end < m_text.size()
            && (m_text[m_result.replace.end] == ' ' || m_text[m_result.replace.end] == '\t');
        std::vector<std::string> keywords;
        for (int k = static_cast<int>(InstructionKind::Add); k <= static_cast<int>(InstructionKind::Workdir); ++k) {
            const auto kind = static_cast<InstructionKind>(k);
            // ONBUILD cannot trigger ONBUILD, FROM or MAINTAINER.
            if (trigger
                && (kind == InstructionKind::Onbuild || kind == InstructionKind::From
                    || kind == InstructionKind::Maintainer))
                continue;
            keywords.emplace_back(instructionKeyword(kind));
        }
        std::sort(keywords.begin(), keywords.end());
        Collector collect(m_result);
        for (const std::string &keyword : keywords) {
            const std::string label = lower ? asciiLowered(keyword) : keyword;
            collect.add(label, spaceFollows ? label : label + ' ', CompletionKind::Instruction);
        }
    }

    void completeFlag(uint32_t wordStart, InstructionKind kind, const std::vector<std::string_view> &head)
    {
        setReplace(wordStart, isWordChar);
        std::vector<Candidate> candidates;
        switch (kind) {
        case InstructionKind::From:
            candidates.assign(fromFlags.begin(), fromFlags.end());
            break;
        case InstructionKind::Run:
            candidates.assign(runFlags.begin(), runFlags.end());
            break;
        case InstructionKind::Copy:
            candidates.assign(copyFlags.begin(), copyFlags.end());
            break;
        case InstructionKind::Add:
            candidates.assign(addFlags.begin(), addFlags.end());
            break;
        case InstructionKind::Healthcheck:
            candidates.assign(healthcheckFlags.begin(), healthcheckFlags.end());
            break;
        default:
            return;
        }
        Collector collect(m_result);
        for (const Candidate &c : candidates) {
            const std::string_view name = c.label.substr(0, c.label.find('='));
            // --mount and --exclude may be given several times, the others once.
            const bool repeatable = name == "--mount" || name == "--exclude";
            const bool given = std::any_of(head.begin(), head.end(),
                [&](std::string_view w) { return w == name || w.starts_with(std::string(name) + '='); });
            if (!given || repeatable)
                collect.add(std::string(c.label), std::string(c.label), CompletionKind::Flag, std::string(c.detail));
        }
    }

    void completeFlagValue(uint32_t wordStart, std::string_view word, size_t equals, InstructionKind kind)
    {
        const std::string_view name = word.substr(0, equals);
        uint32_t valueStart = wordStart + static_cast<uint32_t>(equals) + 1;
        Collector collect(m_result);
        if (name == "--from" && kind == InstructionKind::Copy) {
            setReplace(valueStart, isWordChar);
            addEarlierStages(collect);
        } else if (name == "--mount" && kind == InstructionKind::Run) {
            // Options are comma-separated key=value pairs; complete the last one.
            const std::string_view options = word.substr(equals + 1);
            const size_t comma = options.rfind(',');
            const uint32_t optionStart
                = valueStart + (comma == std::string_view::npos ? 0 : static_cast<uint32_t>(comma) + 1);
            const std::string_view option = m_text.substr(optionStart, m_offset - optionStart);
            const size_t optionEquals = option.find('=');
            if (optionEquals == std::string_view::npos) {
                setReplace(optionStart, isWordChar);
                collect.addAll(mountOptions, CompletionKind::Flag);
                return;
            }
            const std::string_view key = option.substr(0, optionEquals);
            setReplace(optionStart + static_cast<uint32_t>(optionEquals) + 1, isWordChar);
            if (key == "type")
                collect.addAll(mountTypes, CompletionKind::FlagValue);
            else if (key == "sharing")
                collect.addAll(mountSharing, CompletionKind::FlagValue);
            else if (key == "from")
                addEarlierStages(collect);
        } else if (name == "--network" && kind == InstructionKind::Run) {
            setReplace(valueStart, isWordChar);
            collect.addAll(networkValues, CompletionKind::FlagValue);
        } else if (name == "--security" && kind == InstructionKind::Run) {
            setReplace(valueStart, isWordChar);
            collect.addAll(securityValues, CompletionKind::FlagValue);
        } else if (name == "--platform" && kind == InstructionKind::From) {
            setReplace(valueStart, [](char c) { return isWordChar(c) || c == '/' || c == '$'; });
            collect.addAll(platformValues, CompletionKind::FlagValue);
        }
    }

    void completeFrom(uint32_t wordStart, const std::vector<std::string_view> &head, const Instruction &instruction)
    {
        const auto arguments
            = std::count_if(head.begin(), head.end(), [](std::string_view w) { return !w.starts_with("--"); });
        setReplace(wordStart, isWordChar);
        Collector collect(m_result);
        if (arguments == 0) {
            addEarlierStages(collect);
            collect.add("scratch", "scratch", CompletionKind::Stage, "the empty image");
        } else if (arguments == 1) {
            const std::string_view keyword = m_tree.keywordText(instruction);
            const bool lower = asciiLowered(keyword) == keyword;
            collect.add(lower ? "as" : "AS", lower ? "as " : "AS ", CompletionKind::Keyword, "name the stage");
        }
    }

    /// Named stages before the one the cursor is in (a stage can only use earlier ones).
    void addEarlierStages(Collector &collect) const
    {
        int current = m_graph.stageOfInstruction(m_instruction);
        if (current < 0)
            current = static_cast<int>(m_graph.stages().size());
        for (const Stage &stage : m_graph.stages()) {
            if (stage.index >= current)
                break;
            if (stage.name.empty())
                continue;
            std::string detail = "stage " + std::to_string(stage.index) + ": FROM " + stage.base.ref;
            collect.add(stage.name, stage.name, CompletionKind::Stage, std::move(detail));
        }
    }

    const SyntaxTree &m_tree;
    const BuildGraph &m_graph;
    std::string_view m_text;
    uint32_t m_offset;
    int m_line;
    uint32_t m_lineStart;
    int m_instruction = -1;
    Completion m_result;
};

} // namespace

Completion completeAt(const Analysis &analysis, uint32_t offset)
{
    return Completer(analysis, offset).run();
}

} // namespace stagecraft

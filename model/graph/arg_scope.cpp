// SPDX-License-Identifier: MIT
#include "arg_scope.h"

#include "syntax/buildkit_ast.h"
#include "syntax/go_text.h"
#include "syntax/syntax_tree.h"

#include <algorithm>
#include <array>

namespace stagecraft {
namespace {

struct Platform {
    std::string_view os;
    std::string_view architecture;
    std::string_view variant;
};

// A lenient platforms.Parse: "os/arch[/variant]", or a lone OS or architecture
// (completed with linux/amd64 the way a Linux amd64 host completes it).
Platform parsePlatform(std::string_view text)
{
    Platform platform;
    const size_t first = text.find('/');
    if (first == std::string_view::npos) {
        constexpr std::array<std::string_view, 5> systems {"linux", "windows", "darwin", "freebsd", "netbsd"};
        if (std::find(systems.begin(), systems.end(), text) != systems.end())
            return {text, "amd64", {}};
        return {"linux", text, {}};
    }
    platform.os = text.substr(0, first);
    const std::string_view rest = text.substr(first + 1);
    const size_t second = rest.find('/');
    platform.architecture = rest.substr(0, second);
    if (second != std::string_view::npos)
        platform.variant = rest.substr(second + 1);
    return platform;
}

std::string formatPlatform(const Platform &platform)
{
    std::string out = std::string(platform.os) + '/' + std::string(platform.architecture);
    if (!platform.variant.empty())
        out += '/' + std::string(platform.variant);
    return out;
}

// Build-time ARGs BuildKit keeps out of the environment (SBOM scanning switches).
bool isNonEnvArg(std::string_view name)
{
    return name == "BUILDKIT_SBOM_SCAN_CONTEXT" || name == "BUILDKIT_SBOM_SCAN_STAGE";
}

using NameValue = std::pair<std::string_view, std::string_view>;

// ENV's pairs as BuildKit's parseNameVal splits them, for the text nearly every ENV is: plain
// words (plainWordViews()) that each hold a '='. Views into the text, where buildKitNode()
// would build a string per word and three per pair, which cost more than everything else
// applying the ENV does. False for any other text (the legacy `ENV name value` form and
// syntax errors included): buildKitNode() reads those.
bool plainEnvPairs(std::string_view args, char escape, std::vector<NameValue> &pairs)
{
    std::vector<PlainWord> words;
    if (!plainWordViews(args, escape, words))
        return false;
    for (const PlainWord &word : words) {
        const size_t equals = word.text.find('=');
        if (equals == std::string_view::npos)
            return false;
        pairs.emplace_back(word.text.substr(0, equals), word.text.substr(equals + 1));
    }
    return true;
}

} // namespace

const std::string *findBuildArg(const BuildArgs &buildArgs, std::string_view name)
{
    for (auto it = buildArgs.rbegin(); it != buildArgs.rend(); ++it) {
        if (it->first == name)
            return &it->second;
    }
    return nullptr;
}

const Variable *VariableScope::find(std::string_view name) const
{
    // Later declarations replace earlier ones in place, so names are unique.
    for (const Variable &variable : m_variables) {
        if (variable.name == name)
            return &variable;
    }
    return nullptr;
}

std::optional<std::string> VariableScope::lookup(std::string_view name) const
{
    const Variable *variable = find(name);
    if (!variable || !variable->hasValue || variable->kind == VariableKind::Proxy)
        return std::nullopt;
    return variable->value;
}

void VariableScope::set(Variable variable)
{
    for (Variable &existing : m_variables) {
        if (existing.name == variable.name) {
            existing = std::move(variable);
            return;
        }
    }
    m_variables.push_back(std::move(variable));
}

void VariableScope::markInherited()
{
    for (Variable &variable : m_variables)
        variable.inherited = true;
}

ShellResult VariableScope::expand(std::string_view word, char escapeToken) const
{
    // Most words have nothing to expand: ASCII without `$`, quotes or escapes is itself (the
    // lexer copies such runs unchanged and looks nothing up), and is far cheaper to see so.
    const bool literal = std::all_of(word.begin(), word.end(), [escapeToken](char c) {
        return static_cast<unsigned char>(c) < 0x80 && c != '$' && c != '\'' && c != '"' && c != escapeToken;
    });
    if (literal) {
        ShellResult result;
        result.word.assign(word);
        return result;
    }
    ShellLexerOptions options;
    options.escapeToken = escapeToken;
    return ShellLexer(options).processWord(word, [this](std::string_view name) { return lookup(name); });
}

ShellResult VariableScope::expandWords(std::string_view text, char escapeToken) const
{
    ShellLexerOptions options;
    options.escapeToken = escapeToken;
    return ShellLexer(options).processWords(text, [this](std::string_view name) { return lookup(name); });
}

ArgDeclaration splitArgWord(std::string_view word)
{
    const size_t equals = word.find('=');
    if (equals == std::string_view::npos)
        return {word, {}, false};
    return {word.substr(0, equals), word.substr(equals + 1), true};
}

std::vector<Variable> automaticArgs(std::string_view targetPlatform, std::string_view buildPlatform,
    std::string_view targetStage, const BuildArgs &overrides)
{
    const Platform build = parsePlatform(buildPlatform);
    const Platform target = parsePlatform(targetPlatform);
    const std::array<std::pair<std::string_view, std::string>, 9> values {{
        {"BUILDPLATFORM", formatPlatform(build)},
        {"BUILDOS", std::string(build.os)},
        {"BUILDARCH", std::string(build.architecture)},
        {"BUILDVARIANT", std::string(build.variant)},
        {"TARGETPLATFORM", formatPlatform(target)},
        {"TARGETOS", std::string(target.os)},
        {"TARGETARCH", std::string(target.architecture)},
        {"TARGETVARIANT", std::string(target.variant)},
        {"TARGETSTAGE", std::string(targetStage)},
    }};
    std::vector<Variable> out;
    out.reserve(values.size());
    for (const auto &[name, value] : values) {
        Variable variable;
        variable.name = name;
        variable.value = value;
        variable.kind = VariableKind::Automatic;
        // The last --build-arg of a name wins, as in a Go map filled in order.
        for (const auto &[key, overrideValue] : overrides) {
            if (key == name) {
                variable.value = overrideValue;
                variable.fromBuildArg = true;
            }
        }
        out.push_back(std::move(variable));
    }
    return out;
}

bool isProxyArg(std::string_view name)
{
    constexpr std::array<std::string_view, 10> names {"HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy",
        "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"};
    return std::find(names.begin(), names.end(), name) != names.end();
}

void applyGlobalArg(VariableScope &global, const SyntaxTree &tree, int instruction, const BuildArgs &buildArgs,
    std::vector<ExpansionError> *errors)
{
    const Instruction &arg = tree.instructions()[static_cast<size_t>(instruction)];
    for (const BuildKitWord &word : buildKitWords(tree, arg)) {
        const ArgDeclaration declaration = splitArgWord(word.text);
        Variable variable;
        variable.name = declaration.name;
        variable.kind = VariableKind::GlobalArg;
        variable.instruction = instruction;
        if (const std::string *value = findBuildArg(buildArgs, declaration.name)) {
            variable.value = *value;
            variable.fromBuildArg = true;
        } else if (declaration.hasValue) {
            ShellResult expanded = global.expand(declaration.value, tree.escapeToken());
            if (!expanded.ok() && errors)
                errors->push_back({tree.toSource(arg, word.begin, word.end),
                    expansionErrorMessage(declaration.value, expanded.error)});
            variable.value = expanded.ok() ? std::move(expanded.word) : std::string(declaration.value);
        } else {
            // Declared without a value: the global args keep whatever they had.
            if (global.find(variable.name))
                continue;
            variable.hasValue = false;
        }
        global.set(std::move(variable));
    }
}

void applyStageInstruction(VariableScope &scope, const SyntaxTree &tree, int instruction, const BuildArgs &buildArgs,
    const VariableScope &global, std::vector<ExpansionError> *errors)
{
    const Instruction &current = tree.instructions()[static_cast<size_t>(instruction)];
    if (current.kind == InstructionKind::Arg) {
        for (const BuildKitWord &word : buildKitWords(tree, current)) {
            const ArgDeclaration declaration = splitArgWord(word.text);
            Variable variable;
            variable.name = declaration.name;
            variable.kind = VariableKind::Arg;
            variable.instruction = instruction;
            if (const std::string *value = findBuildArg(buildArgs, declaration.name)) {
                variable.value = *value;
                variable.fromBuildArg = true;
            } else if (declaration.hasValue) {
                ShellResult expanded = scope.expand(declaration.value, tree.escapeToken());
                if (!expanded.ok() && errors)
                    errors->push_back({tree.toSource(current, word.begin, word.end),
                        expansionErrorMessage(declaration.value, expanded.error)});
                variable.value = expanded.ok() ? std::move(expanded.word) : std::string(declaration.value);
            } else if (const Variable *globalValue = global.find(declaration.name);
                globalValue && globalValue->hasValue) {
                variable.value = globalValue->value;
                variable.fromBuildArg = globalValue->fromBuildArg;
            } else {
                // BuildKit leaves the environment alone: an earlier value of the name stays visible.
                const Variable *existing = scope.find(declaration.name);
                if (existing && existing->hasValue)
                    continue;
                variable.hasValue = false;
            }
            if (isNonEnvArg(variable.name))
                continue;
            scope.set(std::move(variable));
        }
        return;
    }
    if (current.kind != InstructionKind::Env)
        return;
    std::vector<NameValue> pairs;
    BuildKitNode node; // holds the strings `pairs` views when the text is not plain
    if (!plainEnvPairs(tree.argumentsText(current), tree.escapeToken(), pairs)) {
        pairs.clear();
        node = buildKitNode(tree, current);
        for (size_t i = 0; i + 1 < node.values.size(); i += 3)
            pairs.emplace_back(node.values[i], node.values[i + 1]);
    }
    // Every pair expands in the scope before the instruction: `ENV A=1 B=$A` does not see A=1.
    std::vector<Variable> assigned;
    assigned.reserve(pairs.size());
    for (const auto &[name, text] : pairs) {
        ShellResult key = scope.expand(name, tree.escapeToken());
        ShellResult value = scope.expand(text, tree.escapeToken());
        if (errors) {
            if (!key.ok())
                errors->push_back({current.range, expansionErrorMessage(name, key.error)});
            if (!value.ok())
                errors->push_back({current.range, expansionErrorMessage(text, value.error)});
        }
        Variable variable;
        variable.name = key.ok() ? std::move(key.word) : std::string(name);
        variable.value = value.ok() ? std::move(value.word) : std::string(text);
        variable.kind = VariableKind::Env;
        variable.instruction = instruction;
        assigned.push_back(std::move(variable));
    }
    for (Variable &variable : assigned)
        scope.set(std::move(variable));
}

std::string expansionErrorMessage(std::string_view word, std::string_view error)
{
    return "failed to process " + go::quote(word) + ": " + std::string(error);
}

} // namespace stagecraft

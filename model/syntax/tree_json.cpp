// SPDX-License-Identifier: MIT
#include "tree_json.h"

namespace stagecraft {

namespace {

using nlohmann::json;

json positionJson(const SyntaxTree &tree, uint32_t offset)
{
    const Position position = tree.lines().positionAt(offset);
    return {{"offset", offset}, {"line", position.line}, {"column", position.column}};
}

json rangeJson(const SyntaxTree &tree, SourceRange range)
{
    return {{"start", positionJson(tree, range.begin)}, {"end", positionJson(tree, range.end)}};
}

// std::string rather than string_view: nlohmann::json stores strings as std::string anyway.
std::string str(std::string_view text)
{
    return std::string(text);
}

json flagJson(const SyntaxTree &tree, const Flag &flag)
{
    return {
        {"name", str(tree.flagName(flag))},
        {"value", tree.flagHasValue(flag) ? json(str(tree.flagValue(flag))) : json(nullptr)},
        {"text", str(tree.flagText(flag))},
        {"range", rangeJson(tree, flag.range)},
    };
}

json heredocJson(const SyntaxTree &tree, const Heredoc &heredoc)
{
    return {
        {"name", str(tree.heredocName(heredoc))},
        {"expand", heredoc.expand},
        {"chomp", heredoc.chomp},
        {"fd", heredoc.fileDescriptor},
        {"terminated", heredoc.terminated},
        {"bodyRange", rangeJson(tree, heredoc.body)},
        // An unterminated heredoc has no closing line, not an empty one.
        {"terminatorRange", heredoc.terminated ? rangeJson(tree, heredoc.terminator) : json(nullptr)},
    };
}

json instructionJson(const SyntaxTree &tree, const Instruction &instruction)
{
    json flags = json::array();
    for (const Flag &flag : tree.flags(instruction))
        flags.push_back(flagJson(tree, flag));
    json heredocs = json::array();
    for (const Heredoc &heredoc : tree.heredocs(instruction))
        heredocs.push_back(heredocJson(tree, heredoc));

    const std::string_view kind = instructionKeyword(instruction.kind);
    json result = {
        {"keyword", str(tree.keywordText(instruction))},
        {"kind", kind.empty() ? json(nullptr) : json(str(kind))},
        {"range", rangeJson(tree, instruction.range)},
        {"startLine", instruction.startLine},
        {"endLine", instruction.endLine},
        {"json", instruction.json},
        {"flags", std::move(flags)},
        {"arguments", str(tree.argumentsText(instruction))},
        {"heredocs", std::move(heredocs)},
    };
    if (const Instruction *trigger = tree.trigger(instruction))
        result["trigger"] = instructionJson(tree, *trigger);
    return result;
}

} // namespace

std::string_view tokenKindName(TokenKind kind)
{
    switch (kind) {
    case TokenKind::ByteOrderMark:
        return "ByteOrderMark";
    case TokenKind::Whitespace:
        return "Whitespace";
    case TokenKind::Newline:
        return "Newline";
    case TokenKind::Comment:
        return "Comment";
    case TokenKind::Directive:
        return "Directive";
    case TokenKind::Keyword:
        return "Keyword";
    case TokenKind::Flag:
        return "Flag";
    case TokenKind::Argument:
        return "Argument";
    case TokenKind::Continuation:
        return "Continuation";
    case TokenKind::HeredocBody:
        return "HeredocBody";
    case TokenKind::HeredocTerminator:
        return "HeredocTerminator";
    }
    return "Unknown";
}

std::string_view severityName(Severity severity)
{
    switch (severity) {
    case Severity::Error:
        return "error";
    case Severity::Warning:
        return "warning";
    case Severity::Info:
        return "info";
    case Severity::Style:
        return "style";
    }
    return "error";
}

nlohmann::json syntaxTreeToJson(const SyntaxTree &tree, bool includeTokens)
{
    json directives = json::array();
    for (const Directive &directive : tree.directives()) {
        directives.push_back({
            {"name", str(directive.name)},
            {"value", str(directive.value)},
            {"line", directive.line},
            {"range", rangeJson(tree, directive.range)},
        });
    }

    json instructions = json::array();
    for (const Instruction &instruction : tree.instructions())
        instructions.push_back(instructionJson(tree, instruction));

    json diagnostics = json::array();
    for (const SyntaxDiagnostic &diagnostic : tree.diagnostics()) {
        diagnostics.push_back({
            {"code", diagnostic.code},
            {"severity", str(severityName(diagnostic.severity))},
            {"message", diagnostic.message},
            {"range", rangeJson(tree, diagnostic.range)},
        });
    }

    json result = {
        {"escapeToken", std::string(1, tree.escapeToken())},
        {"directives", std::move(directives)},
        {"instructions", std::move(instructions)},
        {"diagnostics", std::move(diagnostics)},
    };
    if (includeTokens) {
        json tokens = json::array();
        for (const Token &token : tree.tokens())
            tokens.push_back(
                {{"kind", str(tokenKindName(token.kind))}, {"offset", token.offset}, {"length", token.length}});
        result["tokens"] = std::move(tokens);
    }
    return result;
}

} // namespace stagecraft

// SPDX-License-Identifier: MIT
#include "lint_output.h"

#include "rule_catalog.h"
#include "syntax/go_text.h"
#include "syntax/tree_json.h"

#include <QCryptographicHash>
#include <QString>
#include <QUrl>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

namespace stagecraft {
namespace {

using json = nlohmann::ordered_json;

std::string dumpJson(const json &value)
{
    // Inputs may hold invalid UTF-8; `replace` keeps dump() from throwing on it.
    return value.dump(2, ' ', false, json::error_handler_t::replace) + '\n';
}

std::string_view originName(RuleOrigin origin)
{
    switch (origin) {
    case RuleOrigin::BuildKit:
        return "buildkit";
    case RuleOrigin::Hadolint:
        return "hadolint";
    case RuleOrigin::Stagecraft:
        return "stagecraft";
    }
    return "stagecraft";
}

json aliasesOf(std::string_view id)
{
    json aliases = json::array();
    if (const RuleInfo *rule = ruleCatalog().find(id); rule && rule->id == id) {
        for (std::string_view alias : rule->aliases)
            aliases.push_back(std::string(alias));
    }
    return aliases;
}

// Byte columns to the UTF-16 columns SARIF counts by default.
int utf16Column(const SyntaxTree &tree, Position position)
{
    const uint32_t lineStart = tree.lines().lineStart(position.line);
    const std::string_view prefix = tree.text().substr(lineStart, static_cast<size_t>(position.column - 1));
    return static_cast<int>(QString::fromUtf8(prefix.data(), static_cast<qsizetype>(prefix.size())).size()) + 1;
}

json rangeJson(const SyntaxTree &tree, SourceRange range)
{
    const Position start = tree.lines().positionAt(range.begin);
    const Position end = tree.lines().positionAt(range.end);
    return {{"line", start.line}, {"column", start.column}, {"endLine", end.line}, {"endColumn", end.column}};
}

std::string textReport(std::span<const LintedFile> files)
{
    std::string out;
    for (const LintedFile &file : files) {
        for (const LintDiagnostic &diagnostic : file.result.diagnostics) {
            const Position position = file.tree->lines().positionAt(diagnostic.range.begin);
            out += file.path + ':' + std::to_string(position.line) + ':' + std::to_string(position.column) + ": "
                + std::string(severityName(diagnostic.severity)) + ": " + diagnostic.message + " [" + diagnostic.rule
                + "]\n";
        }
    }
    return out;
}

std::string jsonReport(std::span<const LintedFile> files)
{
    json out = json::array();
    for (const LintedFile &file : files) {
        for (const LintDiagnostic &diagnostic : file.result.diagnostics) {
            json entry = {{"file", file.path}, {"rule", diagnostic.rule}, {"aliases", aliasesOf(diagnostic.rule)},
                {"severity", std::string(severityName(diagnostic.severity))}};
            entry.update(rangeJson(*file.tree, diagnostic.range));
            entry["message"] = diagnostic.message;
            const std::string stage = file.result.stageName(diagnostic.stage);
            entry["stage"] = stage.empty() ? json(nullptr) : json(stage);
            if (!diagnostic.fixes.empty()) {
                json fixes = json::array();
                for (const QuickFix &fix : diagnostic.fixes) {
                    json edits = json::array();
                    for (const TextEdit &edit : fix.edits) {
                        json item = rangeJson(*file.tree, edit.range);
                        item["text"] = edit.text;
                        edits.push_back(std::move(item));
                    }
                    fixes.push_back({{"title", fix.title}, {"edits", std::move(edits)}});
                }
                entry["fixes"] = std::move(fixes);
            }
            out.push_back(std::move(entry));
        }
    }
    return dumpJson(out);
}

std::string_view sarifLevel(Severity severity)
{
    switch (severity) {
    case Severity::Error:
        return "error";
    case Severity::Warning:
        return "warning";
    case Severity::Info:
    case Severity::Style:
        return "note";
    }
    return "warning";
}

std::string artifactUri(const std::string &path)
{
    const std::string slashed = QString::fromStdString(path).replace(u'\\', u'/').toStdString();
    return QUrl::toPercentEncoding(QString::fromStdString(slashed), "/").toStdString();
}

json sarifRegion(const SyntaxTree &tree, SourceRange range)
{
    const Position start = tree.lines().positionAt(range.begin);
    const Position end = tree.lines().positionAt(range.end);
    return {{"startLine", start.line}, {"startColumn", utf16Column(tree, start)}, {"endLine", end.line},
        {"endColumn", utf16Column(tree, end)}};
}

json sarifRule(std::string_view id)
{
    const RuleInfo *rule = ruleCatalog().find(id);
    if (rule && rule->id != id)
        rule = nullptr;
    const std::string summary = rule && !rule->summary.empty() ? std::string(rule->summary) : std::string(id);
    const QString documentation = ruleDocumentation(id);
    json entry = {{"id", std::string(id)}, {"name", std::string(id)}, {"shortDescription", {{"text", summary}}},
        {"fullDescription", {{"text", summary}}}};
    if (rule && !rule->url.empty())
        entry["helpUri"] = std::string(rule->url);
    if (!documentation.isEmpty())
        entry["help"] = {{"text", documentation.toStdString()}, {"markdown", documentation.toStdString()}};
    else
        entry["help"] = {{"text", summary}};
    entry["defaultConfiguration"]
        = {{"level", std::string(sarifLevel(rule ? rule->defaultSeverity : Severity::Warning))}};
    json properties = {{"tags", json::array({std::string(originName(rule ? rule->origin : RuleOrigin::Stagecraft))})}};
    if (json aliases = aliasesOf(id); !aliases.empty())
        properties["aliases"] = std::move(aliases);
    entry["properties"] = std::move(properties);
    return entry;
}

std::string sarifReport(std::span<const LintedFile> files, const LintReportOptions &options)
{
    // Rules in id order, each once: results point at them by index.
    std::map<std::string, int> ruleIndex;
    for (const LintedFile &file : files) {
        for (const LintDiagnostic &diagnostic : file.result.diagnostics)
            ruleIndex.emplace(diagnostic.rule, 0);
    }
    json rules = json::array();
    for (auto &[id, index] : ruleIndex) {
        index = static_cast<int>(rules.size());
        rules.push_back(sarifRule(id));
    }
    json results = json::array();
    for (const LintedFile &file : files) {
        const std::string uri = artifactUri(file.path);
        for (const LintDiagnostic &diagnostic : file.result.diagnostics) {
            json location = {{"physicalLocation",
                {{"artifactLocation", {{"uri", uri}}}, {"region", sarifRegion(*file.tree, diagnostic.range)}}}};
            json result = {{"ruleId", diagnostic.rule}, {"ruleIndex", ruleIndex[diagnostic.rule]},
                {"level", std::string(sarifLevel(diagnostic.severity))}, {"message", {{"text", diagnostic.message}}},
                {"locations", json::array({std::move(location)})}};
            if (!diagnostic.fixes.empty()) {
                json fixes = json::array();
                for (const QuickFix &fix : diagnostic.fixes) {
                    json replacements = json::array();
                    for (const TextEdit &edit : fix.edits)
                        replacements.push_back({{"deletedRegion", sarifRegion(*file.tree, edit.range)},
                            {"insertedContent", {{"text", edit.text}}}});
                    fixes.push_back({{"description", {{"text", fix.title}}},
                        {"artifactChanges",
                            json::array({{{"artifactLocation", {{"uri", uri}}}, {"replacements", replacements}}})}});
                }
                result["fixes"] = std::move(fixes);
            }
            results.push_back(std::move(result));
        }
    }
    json driver = {{"name", "stagecraft"}};
    if (!options.toolVersion.empty())
        driver["version"] = options.toolVersion;
    driver["rules"] = std::move(rules);
    json run = {
        {"tool", {{"driver", std::move(driver)}}}, {"columnKind", "utf16CodeUnits"}, {"results", std::move(results)}};
    json sarif = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"}, {"version", "2.1.0"},
        {"runs", json::array({std::move(run)})}};
    return dumpJson(sarif);
}

// XML attribute text: escaped, valid UTF-8, no characters XML 1.0 forbids.
std::string xmlAttribute(std::string_view value)
{
    const std::string valid = QString::fromUtf8(value.data(), static_cast<qsizetype>(value.size())).toStdString();
    std::string out;
    out.reserve(valid.size());
    for (char c : valid) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&apos;";
            break;
        case '\n':
            out += "&#10;";
            break;
        case '\t':
            out += "&#9;";
            break;
        case '\r':
            out += "&#13;";
            break;
        default:
            out += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
        }
    }
    return out;
}

std::string_view checkstyleSeverity(Severity severity)
{
    switch (severity) {
    case Severity::Error:
        return "error";
    case Severity::Warning:
        return "warning";
    case Severity::Info:
    case Severity::Style:
        return "info";
    }
    return "warning";
}

std::string checkstyleReport(std::span<const LintedFile> files)
{
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n";
    for (const LintedFile &file : files) {
        out += "  <file name=\"" + xmlAttribute(file.path) + "\">\n";
        for (const LintDiagnostic &diagnostic : file.result.diagnostics) {
            const Position position = file.tree->lines().positionAt(diagnostic.range.begin);
            out += "    <error line=\"" + std::to_string(position.line) + "\" column=\""
                + std::to_string(position.column) + "\" severity=\""
                + std::string(checkstyleSeverity(diagnostic.severity)) + "\" message=\""
                + xmlAttribute(diagnostic.message) + "\" source=\"" + xmlAttribute(diagnostic.rule) + "\"/>\n";
        }
        out += "  </file>\n";
    }
    out += "</checkstyle>\n";
    return out;
}

std::string_view gitlabSeverity(Severity severity)
{
    switch (severity) {
    case Severity::Error:
        return "blocker";
    case Severity::Warning:
        return "major";
    case Severity::Info:
        return "info";
    case Severity::Style:
        return "minor";
    }
    return "major";
}

std::string gitlabReport(std::span<const LintedFile> files)
{
    json out = json::array();
    for (const LintedFile &file : files) {
        // The fingerprint names the finding, not its line number, so it survives edits
        // above it: file, rule, message and the text of the line, plus a counter for repeats.
        std::map<std::string, int> occurrences;
        for (const LintDiagnostic &diagnostic : file.result.diagnostics) {
            const Position position = file.tree->lines().positionAt(diagnostic.range.begin);
            const uint32_t lineStart = file.tree->lines().lineStart(position.line);
            const std::string_view line = go::trimSpace(
                file.tree->text().substr(lineStart, file.tree->lines().lineEnd(position.line) - lineStart));
            std::string key = file.path + '\0' + diagnostic.rule + '\0' + diagnostic.message + '\0' + std::string(line);
            key += '\0' + std::to_string(occurrences[key]++);
            const QByteArray hash = QCryptographicHash::hash(
                QByteArrayView(key.data(), static_cast<qsizetype>(key.size())), QCryptographicHash::Md5);
            out.push_back({{"description", diagnostic.message}, {"check_name", diagnostic.rule},
                {"fingerprint", hash.toHex().toStdString()},
                {"severity", std::string(gitlabSeverity(diagnostic.severity))},
                {"location", {{"path", file.path}, {"lines", {{"begin", position.line}}}}}});
        }
    }
    return dumpJson(out);
}

} // namespace

std::optional<LintFormat> lintFormatFromName(std::string_view name)
{
    if (name == "text")
        return LintFormat::Text;
    if (name == "json")
        return LintFormat::Json;
    if (name == "sarif")
        return LintFormat::Sarif;
    if (name == "checkstyle")
        return LintFormat::Checkstyle;
    if (name == "gitlab")
        return LintFormat::Gitlab;
    return std::nullopt;
}

std::string formatLintReport(std::span<const LintedFile> files, LintFormat format, const LintReportOptions &options)
{
    switch (format) {
    case LintFormat::Text:
        return textReport(files);
    case LintFormat::Json:
        return jsonReport(files);
    case LintFormat::Sarif:
        return sarifReport(files, options);
    case LintFormat::Checkstyle:
        return checkstyleReport(files);
    case LintFormat::Gitlab:
        return gitlabReport(files);
    }
    return {};
}

} // namespace stagecraft

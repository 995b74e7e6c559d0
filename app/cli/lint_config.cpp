// SPDX-License-Identifier: MIT
#include "lint_config.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <yaml-cpp/yaml.h>

namespace stagecraft {
namespace {

std::optional<Severity> severityFromName(std::string_view name)
{
    if (name == "error")
        return Severity::Error;
    if (name == "warning")
        return Severity::Warning;
    if (name == "info")
        return Severity::Info;
    if (name == "style")
        return Severity::Style;
    return std::nullopt;
}

// A rule list: a sequence of names, or one name.
bool readRules(const YAML::Node &node, std::vector<std::string> &out, const std::string &key, std::string &error)
{
    if (!node || node.IsNull())
        return true;
    if (node.IsScalar()) {
        out.push_back(node.as<std::string>());
        return true;
    }
    if (!node.IsSequence()) {
        error = "'" + key + "' must be a list of rules";
        return false;
    }
    for (const YAML::Node &item : node) {
        if (!item.IsScalar()) {
            error = "'" + key + "' must be a list of rules";
            return false;
        }
        out.push_back(item.as<std::string>());
    }
    return true;
}

} // namespace

std::optional<FailureThreshold> failureThresholdFromName(std::string_view name)
{
    if (name == "error")
        return FailureThreshold::Error;
    if (name == "warning")
        return FailureThreshold::Warning;
    if (name == "info")
        return FailureThreshold::Info;
    if (name == "style")
        return FailureThreshold::Style;
    if (name == "none")
        return FailureThreshold::None;
    return std::nullopt;
}

bool reachesThreshold(Severity severity, FailureThreshold threshold)
{
    // Both enums list the levels from most to least severe.
    return threshold != FailureThreshold::None && static_cast<int>(severity) <= static_cast<int>(threshold);
}

void LintConfig::applyTo(LintOptions &options) const
{
    options.ignored.insert(options.ignored.end(), ignored.begin(), ignored.end());
    options.severityOverrides.insert(options.severityOverrides.end(), overrides.begin(), overrides.end());
    options.trustedRegistries.insert(
        options.trustedRegistries.end(), trustedRegistries.begin(), trustedRegistries.end());
}

std::optional<LintConfig> parseLintConfig(std::string_view yaml, std::string &error)
{
    LintConfig config;
    try {
        const YAML::Node root = YAML::Load(std::string(yaml));
        if (!root || root.IsNull())
            return config;
        if (!root.IsMap()) {
            error = "the configuration must be a mapping";
            return std::nullopt;
        }
        if (!readRules(root["ignored"], config.ignored, "ignored", error)
            || !readRules(root["trustedRegistries"], config.trustedRegistries, "trustedRegistries", error))
            return std::nullopt;
        if (const YAML::Node threshold = root["failure-threshold"]; threshold && !threshold.IsNull()) {
            const std::string name = threshold.IsScalar() ? threshold.as<std::string>() : std::string();
            config.failureThreshold = failureThresholdFromName(name);
            if (!config.failureThreshold) {
                error = "'failure-threshold' must be error, warning, info, style or none";
                return std::nullopt;
            }
        }
        if (const YAML::Node overrides = root["override"]; overrides && !overrides.IsNull()) {
            if (!overrides.IsMap()) {
                error = "'override' must map error, warning, info and style to lists of rules";
                return std::nullopt;
            }
            for (const auto &entry : overrides) {
                const std::string level = entry.first.as<std::string>();
                const std::optional<Severity> severity = severityFromName(level);
                if (!severity) {
                    error = "unknown severity '" + level + "' in 'override' (error, warning, info or style)";
                    return std::nullopt;
                }
                std::vector<std::string> rules;
                if (!readRules(entry.second, rules, "override." + level, error))
                    return std::nullopt;
                for (std::string &rule : rules)
                    config.overrides.emplace_back(std::move(rule), *severity);
            }
        }
    } catch (const YAML::Exception &exception) {
        error = exception.what();
        return std::nullopt;
    }
    return config;
}

std::optional<LintConfig> readLintConfig(const QString &path, std::string &error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        error = "cannot open " + path.toStdString() + ": " + file.errorString().toStdString();
        return std::nullopt;
    }
    const QByteArray bytes = file.readAll();
    std::optional<LintConfig> config
        = parseLintConfig(std::string_view(bytes.constData(), static_cast<size_t>(bytes.size())), error);
    if (!config)
        error = path.toStdString() + ": " + error;
    return config;
}

QString findLintConfig(const QString &dockerfile)
{
    const QDir directory = QFileInfo(dockerfile).absoluteDir();
    for (const QString &name : {QStringLiteral(".hadolint.yaml"), QStringLiteral(".hadolint.yml")}) {
        const QString candidate = directory.filePath(name);
        if (QFileInfo(candidate).isFile())
            return candidate;
    }
    return {};
}

} // namespace stagecraft

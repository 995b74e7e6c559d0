// SPDX-License-Identifier: MIT
#include "lint_command.h"

#include "command_line.h"
#include "lint/build_context.h"
#include "lint/lint_output.h"
#include "lint/linter.h"
#include "lint_config.h"

#include <QFileInfo>

#include <optional>
#include <ostream>

namespace stagecraft {

const std::string_view lintCommandUsage
    = "  lint [--format F] [--failure-threshold T] [--ignore RULE]... [--config FILE] [--target NAME]\n"
      "       [--build-arg K=V]... [--context DIR] [--experimental RULE|all] [--shellcheck] FILE...|-\n"
      "      Check Dockerfiles with BuildKit's build checks, hadolint's rules and the\n"
      "      multi-stage rules. Exit 0 when nothing reaches the threshold, 1 when\n"
      "      something does, 2 on bad usage or unreadable input.\n"
      "      --format F             text (default: FILE:LINE:COL: severity: message [Rule]),\n"
      "                             json, sarif (2.1.0), checkstyle, gitlab (Code Quality)\n"
      "      --failure-threshold T  error, warning (default), info, style or none\n"
      "      --ignore RULE          never report RULE (an id or alias; repeatable)\n"
      "      --config FILE          a .hadolint.yaml (default: the one beside each file)\n"
      "      --target NAME          check only the stages building NAME needs\n"
      "      --build-arg K=V        an ARG value, as docker build takes it (repeatable)\n"
      "      --context DIR          the build context (default: the file's directory)\n"
      "      --experimental RULE    also run an experimental BuildKit check (or all)\n"
      "      --shellcheck           also check RUN bodies with ShellCheck (rules SC<code>; needs\n"
      "                             shellcheck on PATH; scripts go to its standard input, never run)\n";

namespace {

constexpr std::string_view command = "lint";

struct Options {
    LintOptions lint;
    LintFormat format = LintFormat::Text;
    std::optional<FailureThreshold> threshold;
    QString config;
    QString context;
    QStringList files;
};

std::optional<int> parseOptions(const QStringList &arguments, Options &options, std::ostream &err)
{
    bool onlyFiles = false;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments[i];
        const auto value = [&](QStringView name) { return optionValue(arguments, i, name); };
        const GraphOptionResult graphOption = onlyFiles
            ? GraphOptionResult::NotGraphOption
            : takeGraphOption(arguments, i, options.lint.graph, GraphOptionSet::TargetAndBuildArgs, command, err);
        if (graphOption == GraphOptionResult::UsageError)
            return ExitUsage;
        if (graphOption == GraphOptionResult::Taken)
            continue;
        if (onlyFiles) {
            options.files << argument;
        } else if (argument == u"--") {
            onlyFiles = true;
        } else if (isOption(argument, u"--format")) {
            const std::optional<QString> name = value(u"--format");
            const std::optional<LintFormat> format
                = name ? lintFormatFromName(name->toStdString()) : std::optional<LintFormat>();
            if (!format)
                return usageError(err, command, "--format needs text, json, sarif, checkstyle or gitlab");
            options.format = *format;
        } else if (isOption(argument, u"--failure-threshold")) {
            const std::optional<QString> name = value(u"--failure-threshold");
            options.threshold = name ? failureThresholdFromName(name->toStdString()) : std::nullopt;
            if (!options.threshold)
                return usageError(err, command, "--failure-threshold needs error, warning, info, style or none");
        } else if (isOption(argument, u"--ignore")) {
            const std::optional<QString> rules = value(u"--ignore");
            if (!rules || rules->isEmpty())
                return usageError(err, command, "--ignore needs a rule");
            for (const QString &rule : rules->split(u',', Qt::SkipEmptyParts))
                options.lint.ignored.push_back(rule.trimmed().toStdString());
        } else if (isOption(argument, u"--config")) {
            const std::optional<QString> path = value(u"--config");
            if (!path || path->isEmpty())
                return usageError(err, command, "--config needs a file");
            options.config = *path;
        } else if (isOption(argument, u"--context")) {
            const std::optional<QString> directory = value(u"--context");
            if (!directory || directory->isEmpty())
                return usageError(err, command, "--context needs a directory");
            options.context = *directory;
        } else if (isOption(argument, u"--experimental")) {
            const std::optional<QString> rules = value(u"--experimental");
            if (!rules || rules->isEmpty())
                return usageError(err, command, "--experimental needs a rule or all");
            for (const QString &rule : rules->split(u',', Qt::SkipEmptyParts)) {
                if (rule.trimmed() == u"all")
                    options.lint.allExperimental = true;
                else
                    options.lint.experimental.push_back(rule.trimmed().toStdString());
            }
        } else if (argument == u"--shellcheck") {
            const QString program = findShellCheck();
            if (program.isEmpty())
                return usageError(err, command, "--shellcheck needs shellcheck, which is not on PATH");
            options.lint.shellCheck = ShellCheckOptions {.program = program};
        } else if (argument.startsWith(u'-') && argument != u"-") {
            return usageError(err, command, "unknown option '" + argument.toStdString() + "'");
        } else {
            options.files << argument;
        }
    }
    if (options.files.isEmpty())
        return usageError(err, command, "missing FILE (- for standard input)");
    if (options.files.count(QStringLiteral("-")) > 1)
        return usageError(err, command, "standard input (-) can be read only once");
    if (!options.context.isEmpty() && !QFileInfo(options.context).isDir())
        return usageError(err, command, "--context " + options.context.toStdString() + " is not a directory");
    return std::nullopt;
}

} // namespace

int runLintCommand(const QStringList &arguments, std::istream &in, std::ostream &out, std::ostream &err)
{
    if (arguments.size() == 1 && (arguments.first() == u"--help" || arguments.first() == u"-h")) {
        out << "usage: stagecraft" << lintCommandUsage.substr(1);
        return ExitOk;
    }
    Options options;
    if (const std::optional<int> exitCode = parseOptions(arguments, options, err))
        return *exitCode;

    std::optional<LintConfig> explicitConfig;
    if (!options.config.isEmpty()) {
        std::string error;
        explicitConfig = readLintConfig(options.config, error);
        if (!explicitConfig) {
            err << "stagecraft lint: " << error << '\n';
            return ExitUsage;
        }
    }

    bool ioError = false;
    bool failed = false;
    std::vector<LintedFile> linted;
    for (const QString &path : options.files) {
        std::optional<InputFile> input = readInput(path, in, err);
        if (!input) {
            ioError = true;
            continue;
        }
        const bool real = path != u"-";
        // The configuration: --config, else the .hadolint.yaml beside the file.
        std::optional<LintConfig> config = explicitConfig;
        if (!config && real) {
            if (const QString found = findLintConfig(path); !found.isEmpty()) {
                std::string error;
                config = readLintConfig(found, error);
                if (!config) {
                    err << "stagecraft lint: " << error << '\n';
                    ioError = true;
                    continue;
                }
            }
        }
        LintOptions lintOptions = options.lint;
        if (config)
            config->applyTo(lintOptions);
        const FailureThreshold threshold = options.threshold.value_or(
            config ? config->failureThreshold.value_or(FailureThreshold::Warning) : FailureThreshold::Warning);

        BuildContextInfo context;
        if (!options.context.isEmpty())
            context = scanBuildContext(options.context, real ? path : QString());
        else if (real)
            context = scanBuildContext(QFileInfo(path).absolutePath(), path);

        LintedFile file;
        file.path = input->name;
        file.tree = parseDockerfile(std::move(input->bytes));
        file.result = lint(*file.tree, lintOptions, context);
        for (const std::string &error : file.result.toolErrors)
            err << "stagecraft lint: " << file.path << ": " << error << '\n';
        for (const LintDiagnostic &diagnostic : file.result.diagnostics)
            failed = failed || reachesThreshold(diagnostic.severity, threshold);
        linted.push_back(std::move(file));
    }

    LintReportOptions report;
    report.toolVersion = STAGECRAFT_VERSION;
    out << formatLintReport(linted, options.format, report);
    if (ioError)
        return ExitUsage;
    return failed ? ExitFailure : ExitOk;
}

} // namespace stagecraft

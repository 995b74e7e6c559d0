// SPDX-License-Identifier: MIT
#include "command_line.h"

#include "graph/build_graph.h"
#include "graph_command.h"
#include "lint_command.h"
#include "parse_command.h"
#include "size_command.h"
#include "syntax/syntax_tree.h"
#include "syntax/tree_json.h"

#include <QFile>

#include <iostream>
#include <iterator>

namespace stagecraft {

namespace {

constexpr std::string_view usageText
    = "usage: stagecraft [--screenshot PNG] [FILE]   open FILE in the editor\n"
      "       stagecraft COMMAND [OPTIONS]           run a command (no display needed)\n"
      "       stagecraft --help | --version\n"
      "\n"
      "commands:\n";

struct Command {
    QLatin1StringView name;
    int (*run)(const QStringList &arguments, std::istream &in, std::ostream &out, std::ostream &err);
    std::string_view usage;
};

const Command commands[] = {
    {QLatin1StringView("parse"), runParseCommand, parseCommandUsage},
    {QLatin1StringView("graph"), runGraphCommand, graphCommandUsage},
    {QLatin1StringView("lint"), runLintCommand, lintCommandUsage},
    {QLatin1StringView("size"), runSizeCommand, sizeCommandUsage},
};

const Command *findCommand(const QString &name)
{
    for (const Command &command : commands) {
        if (name == command.name)
            return &command;
    }
    return nullptr;
}

bool isHelp(const QString &argument)
{
    return argument == u"--help" || argument == u"-h";
}

} // namespace

bool isCommandLineInvocation(const QStringList &arguments)
{
    if (arguments.isEmpty())
        return false;
    const QString &first = arguments.first();
    return isHelp(first) || first == u"--version" || findCommand(first) != nullptr;
}

int runCommandLine(const QStringList &arguments, std::ostream &out, std::ostream &err)
{
    return runCommandLine(arguments, std::cin, out, err);
}

int runCommandLine(const QStringList &arguments, std::istream &in, std::ostream &out, std::ostream &err)
{
    if (arguments.isEmpty())
        return usageError(err, {}, "no command given");
    const QString &first = arguments.first();
    if (isHelp(first)) {
        out << usageText;
        for (const Command &command : commands)
            out << command.usage;
        return ExitOk;
    }
    if (first == u"--version") {
        out << "stagecraft " STAGECRAFT_VERSION "\n";
        return ExitOk;
    }
    if (const Command *command = findCommand(first))
        return command->run(arguments.mid(1), in, out, err);
    return usageError(err, {}, "unknown command '" + first.toStdString() + "'");
}

std::optional<InputFile> readInput(const QString &path, std::istream &in, std::ostream &err)
{
    if (path == u"-") {
        // Standard input is read as bytes; on POSIX std::cin does no newline translation.
        std::string bytes {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        if (in.bad()) {
            err << "stagecraft: cannot read standard input\n";
            return std::nullopt;
        }
        return InputFile {"<stdin>", std::move(bytes)};
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        err << "stagecraft: cannot open " << path.toStdString() << ": " << file.errorString().toStdString() << '\n';
        return std::nullopt;
    }
    const QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError) {
        err << "stagecraft: cannot read " << path.toStdString() << ": " << file.errorString().toStdString() << '\n';
        return std::nullopt;
    }
    return InputFile {path.toStdString(), bytes.toStdString()};
}

void printDiagnostic(std::ostream &stream, const std::string &name, const SyntaxTree &tree,
    const SyntaxDiagnostic &diagnostic, bool withCode)
{
    const Position position = tree.lines().positionAt(diagnostic.range.begin);
    stream << name << ':' << position.line << ':' << position.column << ": " << severityName(diagnostic.severity)
           << ": " << diagnostic.message;
    if (withCode && !diagnostic.code.empty())
        stream << " [" << diagnostic.code << ']';
    stream << '\n';
}

int usageError(std::ostream &err, std::string_view command, std::string_view message)
{
    err << "stagecraft";
    if (!command.empty())
        err << ' ' << command;
    err << ": " << message << " (see stagecraft --help)\n";
    return ExitUsage;
}

bool isOption(const QString &argument, QStringView name)
{
    return argument == name
        || (argument.startsWith(name) && argument.size() > name.size() && argument[name.size()] == u'=');
}

std::optional<QString> optionValue(const QStringList &arguments, qsizetype &i, QStringView name)
{
    const QString &argument = arguments[i];
    if (argument == name) {
        if (i + 1 == arguments.size())
            return std::nullopt;
        return arguments[++i];
    }
    return argument.mid(name.size() + 1);
}

GraphOptionResult takeGraphOption(const QStringList &arguments, qsizetype &i, BuildGraphOptions &graph,
    GraphOptionSet accepted, std::string_view command, std::ostream &err)
{
    const QString &argument = arguments[i];
    if (isOption(argument, u"--target")) {
        const std::optional<QString> value = optionValue(arguments, i, u"--target");
        if (!value || value->isEmpty()) {
            usageError(err, command, "--target needs a stage name");
            return GraphOptionResult::UsageError;
        }
        graph.target = value->toStdString();
        return GraphOptionResult::Taken;
    }
    if (isOption(argument, u"--build-arg")) {
        const std::optional<QString> value = optionValue(arguments, i, u"--build-arg");
        if (!value || value->isEmpty() || value->startsWith(u'=')) {
            usageError(err, command, "--build-arg needs NAME=VALUE");
            return GraphOptionResult::UsageError;
        }
        const qsizetype equals = value->indexOf(u'=');
        if (equals >= 0) {
            graph.buildArgs.emplace_back(value->left(equals).toStdString(), value->mid(equals + 1).toStdString());
        } else if (qEnvironmentVariableIsSet(qPrintable(*value))) {
            // As docker build does: a bare NAME takes its value from the environment.
            graph.buildArgs.emplace_back(value->toStdString(), qEnvironmentVariable(qPrintable(*value)).toStdString());
        }
        return GraphOptionResult::Taken;
    }
    if (accepted == GraphOptionSet::WithPlatform && isOption(argument, u"--platform")) {
        const std::optional<QString> value = optionValue(arguments, i, u"--platform");
        if (!value || value->isEmpty()) {
            usageError(err, command, "--platform needs a platform such as linux/arm64");
            return GraphOptionResult::UsageError;
        }
        graph.platform = value->toStdString();
        return GraphOptionResult::Taken;
    }
    return GraphOptionResult::NotGraphOption;
}

} // namespace stagecraft

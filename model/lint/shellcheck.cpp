// SPDX-License-Identifier: MIT
#include "shellcheck.h"

#include "graph/build_graph.h"
#include "graph/stage_scope.h"
#include "shell/shell_words.h"
#include "syntax/json_array.h"

#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QThread>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <memory>
#include <optional>
#include <set>

namespace stagecraft {
namespace {

bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

std::string_view baseName(std::string_view path)
{
    const size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// The program of a `#!` line ("bash" for "#!/usr/bin/env bash"); empty without one.
std::string_view shebangProgram(std::string_view body)
{
    if (!body.starts_with("#!"))
        return {};
    std::string_view line = body.substr(2, body.find('\n') == std::string_view::npos ? body.npos : body.find('\n') - 2);
    const auto nextWord = [&line] {
        while (!line.empty() && isBlank(line.front()))
            line.remove_prefix(1);
        size_t k = 0;
        while (k < line.size() && !isBlank(line[k]) && line[k] != '\r')
            ++k;
        const std::string_view word = line.substr(0, k);
        line.remove_prefix(k);
        return word;
    };
    std::string_view program = nextWord();
    if (baseName(program) == "env") {
        program = nextWord();
        if (program == "-S")
            program = nextWord();
    }
    return baseName(program);
}

bool isIdentifier(std::string_view name)
{
    if (name.empty() || (name[0] >= '0' && name[0] <= '9'))
        return false;
    return std::all_of(name.begin(), name.end(),
        [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; });
}

// The shell of every stage at its end, so that a stage built FROM another inherits its SHELL.
class StageShells {
public:
    StageShells(const SyntaxTree &tree, const BuildGraph &graph)
    {
        const std::vector<Instruction> &instructions = tree.instructions();
        m_atInstruction.assign(instructions.size(), "sh");
        std::vector<std::string> atEnd;
        for (const Stage &stage : graph.stages()) {
            std::string shell = "sh";
            if (stage.base.kind == BaseKind::Stage && stage.base.stage >= 0
                && stage.base.stage < static_cast<int>(atEnd.size()))
                shell = atEnd[static_cast<size_t>(stage.base.stage)];
            for (int i = stage.firstInstruction; i < stage.endInstruction; ++i) {
                const Instruction &instruction = instructions[static_cast<size_t>(i)];
                m_atInstruction[static_cast<size_t>(i)] = shell;
                if (instruction.kind != InstructionKind::Shell)
                    continue;
                const JsonArray array = parseJsonArray(tree.argumentsText(instruction));
                if (array.status == JsonArrayStatus::StringArray && !array.values.empty())
                    shell = shellCheckDialect(array.values.front());
            }
            atEnd.push_back(shell);
        }
    }
    /// The dialect a RUN at `instruction` runs with; empty when ShellCheck cannot read it.
    [[nodiscard]] const std::string &at(int instruction) const
    {
        return m_atInstruction[static_cast<size_t>(instruction)];
    }

private:
    std::vector<std::string> m_atInstruction;
};

// `export NAME=1` for every ARG and ENV in scope, as hadolint does, so that ShellCheck does
// not take the Dockerfile's variables for unassigned ones.
std::string variableHeader(const ScopeResolver &scopes, int instruction, int &lines)
{
    std::set<std::string> names;
    const VariableScope scope = scopes.scopeAt(instruction); // by value: a temporary's variables() would dangle
    for (const Variable &variable : scope.variables()) {
        if (isIdentifier(variable.name))
            names.insert(variable.name);
    }
    std::string header;
    for (const std::string &name : names)
        header += "export " + name + "=1\n";
    lines = static_cast<int>(names.size());
    return header;
}

void appendPiece(ShellCheckScript &script, std::string_view text, uint32_t origin, bool logical, bool ignored = false)
{
    script.pieces.push_back(
        {static_cast<uint32_t>(script.text.size()), static_cast<uint32_t>(text.size()), origin, logical, ignored});
    script.text += text;
}

uint32_t sourceOf(const SyntaxTree &tree, const Instruction &instruction, const ShellCheckPiece &piece, uint32_t within)
{
    return piece.logical ? tree.toSource(instruction, piece.origin + within) : piece.origin + within;
}

// The piece holding script byte `offset`, or null in a separator.
const ShellCheckPiece *pieceAt(const ShellCheckScript &script, uint32_t offset)
{
    for (const ShellCheckPiece &piece : script.pieces) {
        if (offset >= piece.script && offset < piece.script + piece.length)
            return &piece;
    }
    return nullptr;
}

// Where script byte `offset` starts in the source; a separator maps to the end of the piece before it.
uint32_t mapBegin(
    const SyntaxTree &tree, const Instruction &instruction, const ShellCheckScript &script, uint32_t offset)
{
    if (const ShellCheckPiece *piece = pieceAt(script, offset))
        return sourceOf(tree, instruction, *piece, offset - piece->script);
    const ShellCheckPiece *before = nullptr;
    for (const ShellCheckPiece &piece : script.pieces) {
        if (piece.script + piece.length <= offset)
            before = &piece;
    }
    if (before == nullptr)
        return script.pieces.empty() ? instruction.range.begin : sourceOf(tree, instruction, script.pieces.front(), 0);
    if (before->length == 0)
        return sourceOf(tree, instruction, *before, 0);
    return sourceOf(tree, instruction, *before, before->length - 1) + 1;
}

// Where a range ending before script byte `offset` ends in the source: just after the last byte
// it covers, so that it stays on that byte's line (a continuation is not included).
uint32_t mapEnd(const SyntaxTree &tree, const Instruction &instruction, const ShellCheckScript &script, uint32_t offset)
{
    if (offset > 0) {
        if (const ShellCheckPiece *piece = pieceAt(script, offset - 1))
            return sourceOf(tree, instruction, *piece, offset - 1 - piece->script) + 1;
    }
    return mapBegin(tree, instruction, script, offset);
}

bool isContinuationByte(char c)
{
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// ShellCheck's (line, column) as a script offset: columns count characters, a tab as one
// (json1 undoes the tab stops of the plain json format). Past the end of a line: the newline.
uint32_t scriptOffset(std::string_view text, const std::vector<uint32_t> &lineStarts, int line, int column)
{
    if (line < 1)
        return 0;
    if (line > static_cast<int>(lineStarts.size()))
        return static_cast<uint32_t>(text.size());
    size_t at = lineStarts[static_cast<size_t>(line - 1)];
    for (int c = 1; c < column && at < text.size() && text[at] != '\n'; ++c) {
        ++at;
        while (at < text.size() && isContinuationByte(text[at]))
            ++at;
    }
    return static_cast<uint32_t>(at);
}

Severity severityOf(std::string_view level)
{
    if (level == "error")
        return Severity::Error;
    if (level == "warning")
        return Severity::Warning;
    if (level == "info")
        return Severity::Info;
    return Severity::Style;
}

void addRunScripts(const SyntaxTree &tree, const ScopeResolver &scopes, const StageShells &shells, int index,
    std::vector<ShellCheckScript> &scripts)
{
    const Instruction &instruction = tree.instructions()[static_cast<size_t>(index)];
    const std::span<const Heredoc> heredocs = tree.heredocs(instruction);
    if (std::any_of(heredocs.begin(), heredocs.end(), [](const Heredoc &heredoc) { return !heredoc.terminated; }))
        return; // the parser reports it; the rest of the file is the body
    const InstructionShell shell = instructionShell(tree, instruction);
    if (shell.parts.empty())
        return;

    // Heredoc bodies the command line does not run through `sh -c` (a script of their own, or
    // the file BuildKit runs for `RUN <<EOF`): findings in them on the command line are dropped.
    std::vector<bool> bodyIgnored(heredocs.size(), false);
    std::vector<std::string_view> reader(heredocs.size());
    const std::vector<ShellCommand> &commands = shell.parts.front().shell.commands;
    for (const ShellCommand &command : commands) {
        for (const ShellRedirect &redirect : command.redirects) {
            if (redirect.dockerfileHeredoc < 0 || redirect.dockerfileHeredoc >= static_cast<int>(heredocs.size()))
                continue;
            const auto k = static_cast<size_t>(redirect.dockerfileHeredoc);
            bodyIgnored[k] = bodyIgnored[k] || command.words.empty();
            if (!command.words.empty())
                reader[k] = command.baseName();
        }
    }
    for (const InstructionShellPart &part : shell.parts) {
        if (part.kind == ShellSourceKind::Heredoc && part.heredoc >= 0)
            bodyIgnored[static_cast<size_t>(part.heredoc)] = true;
    }

    int headerLines = 0;
    const std::string header = variableHeader(scopes, index, headerLines);
    const std::string &stageShell = shells.at(index);

    // `RUN <<EOF` alone: BuildKit runs the heredoc, the command line itself runs nothing
    // (ShellCheck would call it a redirection without a command, SC2188).
    const bool onlyHeredocs
        = !heredocs.empty() && std::all_of(commands.begin(), commands.end(), [](const ShellCommand &c) {
              return c.words.empty() && c.assignments.empty()
                  && std::all_of(c.redirects.begin(), c.redirects.end(),
                      [](const ShellRedirect &redirect) { return redirect.dockerfileHeredoc >= 0; });
          });

    if (!stageShell.empty() && !onlyHeredocs) {
        ShellCheckScript script;
        script.instruction = index;
        script.shell = stageShell;
        script.text = header;
        script.headerLines = headerLines;
        const std::string_view logical = tree.logicalText(instruction);
        appendPiece(script, logical.substr(instruction.argsBegin, instruction.argsEnd - instruction.argsBegin),
            instruction.argsBegin, true);
        for (size_t k = 0; k < heredocs.size(); ++k) {
            script.text += '\n';
            appendPiece(script, tree.heredocBody(heredocs[k]), heredocs[k].body.begin, false, bodyIgnored[k]);
            const SourceRange terminator = heredocs[k].terminator;
            appendPiece(script, tree.text().substr(terminator.begin, terminator.length()), terminator.begin, false);
        }
        script.text += '\n';
        scripts.push_back(std::move(script));
    }

    for (const InstructionShellPart &part : shell.parts) {
        if (part.kind != ShellSourceKind::Heredoc || part.heredoc < 0)
            continue;
        const Heredoc &heredoc = heredocs[static_cast<size_t>(part.heredoc)];
        const std::string_view body = tree.heredocBody(heredoc);
        // The `#!` line decides, else the shell reading the heredoc, else the stage's SHELL.
        const std::string_view shebang = shebangProgram(body);
        const std::string_view program = !shebang.empty() ? shebang : reader[static_cast<size_t>(part.heredoc)];
        const std::string dialect = !program.empty() ? shellCheckDialect(program) : stageShell;
        if (dialect.empty())
            continue;
        ShellCheckScript script;
        script.instruction = index;
        script.shell = dialect;
        script.text = header;
        script.headerLines = headerLines;
        appendPiece(script, body, heredoc.body.begin, false);
        scripts.push_back(std::move(script));
    }
}

} // namespace

std::string shellCheckDialect(std::string_view program)
{
    const std::string_view name = baseName(program);
    if (name == "sh" || name == "ash" || name == "busybox")
        return "sh";
    if (name == "bash" || name == "dash")
        return std::string(name);
    if (name == "ksh" || name == "mksh" || name == "ksh93")
        return "ksh";
    return {};
}

std::vector<ShellCheckScript> shellCheckScripts(const SyntaxTree &tree, const BuildGraph &graph)
{
    std::vector<ShellCheckScript> scripts;
    const ScopeResolver scopes(tree, graph);
    const StageShells shells(tree, graph);
    const std::vector<Instruction> &instructions = tree.instructions();
    for (size_t i = 0; i < instructions.size(); ++i) {
        const Instruction &instruction = instructions[i];
        if (instruction.kind == InstructionKind::Run && !instruction.json)
            addRunScripts(tree, scopes, shells, static_cast<int>(i), scripts);
    }
    return scripts;
}

std::vector<LintDiagnostic> shellCheckDiagnostics(
    const SyntaxTree &tree, const ShellCheckScript &script, std::string_view json, std::string *error)
{
    std::vector<LintDiagnostic> diagnostics;
    if (script.instruction < 0 || script.instruction >= static_cast<int>(tree.instructions().size()))
        return diagnostics;
    const Instruction &instruction = tree.instructions()[static_cast<size_t>(script.instruction)];
    const nlohmann::json document = nlohmann::json::parse(json, nullptr, false);
    if (!document.is_object() || !document.contains("comments") || !document["comments"].is_array()) {
        if (error)
            *error = "shellcheck's output is not --format=json1";
        return diagnostics;
    }
    std::vector<uint32_t> lineStarts {0};
    for (size_t i = 0; i < script.text.size(); ++i) {
        if (script.text[i] == '\n' && i + 1 < script.text.size())
            lineStarts.push_back(static_cast<uint32_t>(i + 1));
    }
    const auto number = [](const nlohmann::json &comment, const char *key) {
        const auto it = comment.find(key);
        return it != comment.end() && it->is_number_integer() ? it->get<int>() : 0;
    };
    const auto string = [](const nlohmann::json &comment, const char *key) {
        const auto it = comment.find(key);
        return it != comment.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    for (const nlohmann::json &comment : document["comments"]) {
        if (!comment.is_object())
            continue;
        const int line = number(comment, "line");
        if (line <= script.headerLines)
            continue; // about the variable declarations we added
        const int endLine = std::max(number(comment, "endLine"), line);
        uint32_t begin = scriptOffset(script.text, lineStarts, line, number(comment, "column"));
        uint32_t end = scriptOffset(script.text, lineStarts, endLine, number(comment, "endColumn"));
        if (end < begin)
            end = begin;
        if (end == begin && begin < script.text.size() && script.text[begin] != '\n') {
            // A point (a parse error's position): underline the character there.
            ++end;
            while (end < script.text.size() && isContinuationByte(script.text[end]))
                ++end;
        }
        if (const ShellCheckPiece *piece = pieceAt(script, begin); piece && piece->ignored)
            continue;
        LintDiagnostic diagnostic;
        diagnostic.rule = "SC" + std::to_string(number(comment, "code"));
        diagnostic.severity = severityOf(string(comment, "level"));
        diagnostic.message = string(comment, "message");
        const uint32_t sourceBegin = mapBegin(tree, instruction, script, begin);
        const uint32_t sourceEnd = end > begin ? mapEnd(tree, instruction, script, end) : sourceBegin;
        diagnostic.range = {sourceBegin, std::max(sourceBegin, sourceEnd)};
        diagnostics.push_back(std::move(diagnostic));
    }
    return diagnostics;
}

bool isShellCheckRule(std::string_view id)
{
    return id.size() > 2 && id.starts_with("SC")
        && std::all_of(id.begin() + 2, id.end(), [](char c) { return c >= '0' && c <= '9'; });
}

QString findShellCheck(const QString &program)
{
    if (program.contains(u'/')) {
        const QFileInfo info(program);
        return info.isFile() && info.isExecutable() ? info.absoluteFilePath() : QString();
    }
    return QStandardPaths::findExecutable(program);
}

ShellCheckRun runShellCheck(const SyntaxTree &tree, const BuildGraph &graph, const ShellCheckOptions &options)
{
    ShellCheckRun run;
    const QString program = findShellCheck(options.program);
    if (program.isEmpty()) {
        run.errors.push_back(options.program.toStdString() + " is not installed (not found on PATH)");
        return run;
    }
    const std::vector<ShellCheckScript> scripts = shellCheckScripts(tree, graph);
    const size_t parallel
        = static_cast<size_t>(options.parallel > 0 ? options.parallel : std::max(1, QThread::idealThreadCount()));
    const auto where = [&tree](const ShellCheckScript &script) {
        return "line " + std::to_string(tree.instructions()[static_cast<size_t>(script.instruction)].startLine) + ": ";
    };
    for (size_t first = 0; first < scripts.size(); first += parallel) {
        const size_t last = std::min(scripts.size(), first + parallel);
        // Start a batch, then collect it: the processes run side by side.
        std::vector<std::unique_ptr<QProcess>> processes;
        for (size_t i = first; i < last; ++i) {
            const ShellCheckScript &script = scripts[i];
            auto process = std::make_unique<QProcess>();
            // --norc: the same findings on every machine; -e: `source` needs directives a Dockerfile cannot hold.
            process->start(program,
                {QStringLiteral("--format=json1"), QStringLiteral("--norc"), QStringLiteral("--exclude=SC1090,SC1091"),
                    QStringLiteral("--shell=") + QString::fromStdString(script.shell), QStringLiteral("-")});
            if (process->waitForStarted(options.timeoutMs)) {
                process->write(script.text.data(), static_cast<qint64>(script.text.size()));
                process->closeWriteChannel();
            }
            processes.push_back(std::move(process));
        }
        for (size_t i = first; i < last; ++i) {
            const ShellCheckScript &script = scripts[i];
            QProcess &process = *processes[i - first];
            if (process.state() == QProcess::NotRunning && process.error() == QProcess::FailedToStart) {
                run.errors.push_back(where(script) + "cannot run shellcheck: " + process.errorString().toStdString());
                continue;
            }
            // (waitForFinished() is false for a process already seen to finish.)
            if (process.state() != QProcess::NotRunning && !process.waitForFinished(options.timeoutMs)) {
                process.kill();
                process.waitForFinished(1000);
                run.errors.push_back(where(script) + "shellcheck did not finish within "
                    + std::to_string(options.timeoutMs / 1000) + " s; RUN not checked");
                continue;
            }
            // Exit 0: clean, 1: findings; anything else is ShellCheck's own failure.
            if (process.exitStatus() != QProcess::NormalExit || process.exitCode() > 1) {
                const QString message
                    = QString::fromUtf8(process.readAllStandardError()).trimmed().section(u'\n', 0, 0);
                run.errors.push_back(where(script) + "shellcheck failed: " + message.toStdString());
                continue;
            }
            const QByteArray output = process.readAllStandardOutput();
            std::string error;
            std::vector<LintDiagnostic> found = shellCheckDiagnostics(
                tree, script, std::string_view(output.constData(), static_cast<size_t>(output.size())), &error);
            if (!error.empty())
                run.errors.push_back(where(script) + error);
            for (LintDiagnostic &diagnostic : found)
                run.diagnostics.push_back(std::move(diagnostic));
        }
    }
    return run;
}

} // namespace stagecraft

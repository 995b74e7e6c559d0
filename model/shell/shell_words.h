// SPDX-License-Identifier: MIT
#pragma once

// A POSIX shell word splitter for RUN bodies. Lint rules and size estimation ask
// "which commands does this RUN run, with which arguments?"; answering that with
// regular expressions over the raw line gets quoting, `&&` chains, comments and
// heredocs wrong, so this reads the script the way sh tokenises it:
//
//  * quotes ('...', "..."), backslash escapes and line continuations are processed
//    into each word's value; `$VAR`, `${...}`, `$(...)`, `$((...))` and backticks stay
//    verbatim in the value (they are opaque: nothing inside them is a command here);
//  * the operators `&&`, `||`, `;`, `|`, `|&`, `&`, newlines, `;;` separate commands;
//  * `( ... )` subshells and `{ ...; }` groups raise the nesting depth; compound
//    keywords (if/then/else/elif/fi, while/until/do/done, for ... in ...; case ... esac,
//    `!`, function definitions) are consumed, and the commands inside them are listed
//    like any other;
//  * redirections (`>f`, `2>&1`, `<<EOF`, `<<-EOF`, `<<<word`) are split off the argv;
//    heredocs inside the script consume their body lines;
//  * `NAME=value` words before the command name are assignments, not arguments.
//
// It is not a shell: nothing is expanded, globbed or evaluated. It never throws, never
// recurses on its input, and runs in time linear in the script's length (unterminated
// quotes run to the end of the script; unbalanced parentheses simply stop nesting).
//
// The Dockerfile side (which text is the script of a RUN, and where its words are in the
// Dockerfile source) is `instructionShell()` at the bottom.

#include "syntax/syntax_tree.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace stagecraft {

/// The control operator between two commands of a list.
enum class ShellOperator : uint8_t {
    None, ///< start or end of the script (or of a group: `(`, `{`, `then`, `do`, ...)
    And, ///< &&
    Or, ///< ||
    Semicolon, ///< ; (also `;;`, `;&`, `;;&` ending a case branch)
    Newline, ///< an unescaped newline
    Pipe, ///< | (also |&)
    Background, ///< &
};

/// One shell word. `value` is what the command receives when nothing needs expanding:
/// quotes removed, escapes applied, `$...` and backtick parts kept as written.
struct ShellWord {
    std::string value;
    uint32_t begin = 0; ///< byte range in the script (quotes included)
    uint32_t end = 0;
    /// Range in the Dockerfile relative to the instruction's first byte, set by instructionShell():
    /// `span.shifted(instruction.range.begin)` is the source range. From splitShell() it equals [begin, end).
    SourceRange span;
    bool quoted = false; ///< some part was quoted or escaped
    bool hasExpansion = false; ///< contains an unquoted or double-quoted `$` or a backtick part

    /// The word exactly as written in the script.
    [[nodiscard]] std::string_view raw(std::string_view script) const { return script.substr(begin, end - begin); }
};

/// A redirection such as `>/dev/null`, `2>&1`, `<<EOF`.
struct ShellRedirect {
    std::string op; ///< the operator without its descriptor: ">", ">>", "<", ">&", "<&", "<>", ">|", "&>", "&>>", "<<",
                    ///< "<<-", "<<<"
    int fd = -1; ///< the explicit descriptor (`2>`), -1 when absent
    ShellWord target; ///< the file, descriptor or heredoc delimiter (value unquoted)
    uint32_t begin = 0; ///< byte range of the whole redirection in the script
    uint32_t end = 0;
    SourceRange span; ///< as ShellWord::span
    /// Heredocs (`<<`, `<<-`): the body in the script, newlines included; empty when the body
    /// lives outside the script (a Dockerfile heredoc; see InstructionShell) or is missing.
    uint32_t bodyBegin = 0;
    uint32_t bodyEnd = 0;
    int dockerfileHeredoc = -1; ///< index into SyntaxTree::heredocs(instruction) when the body is a Dockerfile heredoc

    [[nodiscard]] bool isHeredoc() const { return op == "<<" || op == "<<-"; }
};

/// One simple command: `FOO=1 apt-get install -y curl >/dev/null`.
struct ShellCommand {
    std::vector<ShellWord> assignments; ///< `NAME=value` prefix words
    std::vector<ShellWord> words; ///< argv; empty for a bare assignment or redirection
    std::vector<ShellRedirect> redirects;
    ShellOperator before = ShellOperator::None; ///< the operator joining it to the previous command
    ShellOperator after = ShellOperator::None; ///< the operator that follows it
    int depth = 0; ///< nesting: subshells, brace groups and compound commands (if/while/for/case bodies)
    int subshell = 0; ///< how many of those levels are subshells `( ... )` (a `cd` there does not persist)
    int pipeline = 0; ///< commands joined by `|` share this number (unique per script)
    bool negated = false; ///< preceded by `!`
    bool condition = false; ///< in the condition of if/elif/while/until (its failure does not fail the RUN)
    uint32_t begin = 0; ///< byte range of the command in the script, redirections included
    uint32_t end = 0;
    SourceRange span; ///< as ShellWord::span

    /// argv[0]'s value, or "" for a command without words.
    [[nodiscard]] std::string_view name() const
    {
        return words.empty() ? std::string_view() : std::string_view(words.front().value);
    }
    /// argv[0] without its directory: "apt-get" for "/usr/bin/apt-get".
    [[nodiscard]] std::string_view baseName() const;
    /// True if some argument (argv[1..]) equals `value`.
    [[nodiscard]] bool hasArgument(std::string_view value) const;
    /// True if the command has the option: `-y` matches "-y" and combined short options
    /// ("-qy"); `--yes` matches "--yes" and "--yes=..." (pass name with its dashes).
    [[nodiscard]] bool hasOption(std::string_view option) const;
    /// True if a short option cluster before `--` contains `letter` ('y' in "-qy").
    [[nodiscard]] bool hasShortOption(char letter) const;
};

struct ShellScript {
    std::vector<ShellCommand> commands; ///< in source order (outer before inner for the same position)
    bool complete = true; ///< false when a quote, substitution, group or heredoc was left open
};

struct ShellSplitOptions {
    /// Heredoc operators read their bodies from the following lines of the script. Off for
    /// a RUN's command line, whose heredoc bodies are the Dockerfile's (see instructionShell).
    bool inlineHeredocs = true;
};

/// Splits `script` into simple commands. Never throws; linear time.
[[nodiscard]] ShellScript splitShell(std::string_view script, const ShellSplitOptions &options = {});

/// Where the text of an InstructionShellPart comes from.
enum class ShellSourceKind : uint8_t {
    CommandLine, ///< the shell form arguments (the instruction's logical line after the flags), or the
                 ///< script of an exec form `["sh", "-c", "script"]`
    Heredoc, ///< a Dockerfile heredoc body run as a script (`RUN <<EOF`, `RUN bash <<EOF`)
    Exec, ///< the exec form argv (one command; words are the JSON strings)
};

/// One script of an instruction, with its commands mapped to Dockerfile source.
struct InstructionShellPart {
    ShellSourceKind kind = ShellSourceKind::CommandLine;
    /// The script the offsets in `shell` refer to: the logical arguments text (CommandLine), the
    /// heredoc body (Heredoc), the argv joined with spaces (Exec), or the decoded `sh -c` string.
    /// A copy, so that the part does not depend on the tree it was read from (see ShellCache).
    std::string script;
    bool inJsonString = false; ///< a decoded `sh -c` string of the exec form: spans are exact only without escapes
    int heredoc = -1; ///< Heredoc: index into SyntaxTree::heredocs(instruction)
    ShellScript shell; ///< every word, redirect and command carries its `span`

    /// The script the offsets in `shell` refer to (for ShellWord::raw()).
    [[nodiscard]] std::string_view text() const { return script; }
};

/// The shell view of one RUN (or any shell-form instruction: CMD, ENTRYPOINT, HEALTHCHECK CMD,
/// ONBUILD RUN via its trigger): the command line, then each heredoc run as a script.
///
/// Its ranges (`span`) are relative to the first byte of the instruction it was read from (the
/// ONBUILD for a trigger: Instruction::range.begin), so that it depends only on that instruction's text and the escape
/// character: instructions with the same text share one (ShellCache), wherever they are.
struct InstructionShell {
    std::vector<InstructionShellPart> parts;

    /// Calls `f(const ShellCommand &, const InstructionShellPart &)` for every command of every part.
    template <typename F>
    void forEachCommand(F &&f) const
    {
        for (const InstructionShellPart &part : parts)
            for (const ShellCommand &command : part.shell.commands)
                f(command, part);
    }
    [[nodiscard]] size_t commandCount() const
    {
        size_t n = 0;
        for (const InstructionShellPart &part : parts)
            n += part.shell.commands.size();
        return n;
    }
};

/// Splits the script(s) of `instruction` and maps every range to the Dockerfile source (relative to
/// instruction.range.begin):
///  * shell form: the arguments text (logical line after the flags), through
///    SyntaxTree::toSource; heredoc redirections on it point at the Dockerfile heredoc;
///  * a heredoc whose body is run by a shell — `RUN <<EOF` with no command, or a command
///    that is a shell reading stdin (`RUN bash <<EOF`, `RUN sh -ex <<EOF`) — is a Heredoc
///    part (its body maps directly into the source);
///  * exec form: one command whose words are the array's strings (ranges: the argument text,
///    as a whole when the strings cannot be located one by one).
/// For other instruction kinds it splits the arguments text the same way (callers decide
/// whether that makes sense: CMD/ENTRYPOINT/HEALTHCHECK shell forms).
[[nodiscard]] InstructionShell instructionShell(const SyntaxTree &tree, const Instruction &instruction);

/// The name of a shell that reads a script from stdin or `-c`: sh, bash, dash, ash, zsh, ksh, mksh
/// (path stripped: "/bin/bash" counts).
[[nodiscard]] bool isShellProgram(std::string_view program);

} // namespace stagecraft

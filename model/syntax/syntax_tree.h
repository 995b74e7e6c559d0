// SPDX-License-Identifier: MIT
#pragma once

#include "instruction_kind.h"
#include "source_range.h"

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace stagecraft {

/// Lexical classes. Every byte of the input belongs to exactly one token, so the
/// concatenation of all tokens reprints the input byte for byte.
enum class TokenKind : uint8_t {
    ByteOrderMark, ///< a UTF-8 BOM at the very start
    Whitespace, ///< spaces and tabs (and other blanks) between words
    Newline, ///< "\n" or "\r\n" (or "\r\r\n"...): ends a physical line
    Comment, ///< a comment line (from '#' to the end of the line)
    Directive, ///< a parser directive line such as "# syntax=docker/dockerfile:1"
    Keyword, ///< the instruction keyword (FROM, RUN, ...) or an ONBUILD trigger's keyword
    Flag, ///< a builder flag word such as "--from=builder"
    Argument, ///< argument text after the flags, per physical line
    Continuation, ///< the escape character ending a line, with trailing blanks
    HeredocBody, ///< one line of a heredoc body (without its newline)
    HeredocTerminator, ///< the line closing a heredoc
};

struct Token {
    uint32_t offset = 0;
    uint32_t length = 0;
    TokenKind kind = TokenKind::Whitespace;
};

enum class Severity : uint8_t { Error, Warning, Info, Style };

/// A problem found while parsing. Errors are what BuildKit itself would reject.
struct SyntaxDiagnostic {
    SourceRange range;
    Severity severity = Severity::Error;
    std::string code; ///< stable identifier, e.g. "UnterminatedHeredoc"
    std::string message;
};

/// A parser directive: `# syntax=...`, `# escape=...`, `# check=...`.
struct Directive {
    std::string_view name; ///< lower-cased key
    std::string_view value;
    SourceRange range; ///< the whole directive line, without its newline
    SourceRange valueRange;
    int line = 0;
};

/// A builder flag, as BuildKit's flag extractor produces it (quotes and escapes
/// processed): "--from=builder", "--link".
struct Flag {
    SourceRange range; ///< source bytes of the flag word
    uint32_t logicalBegin = 0; ///< offsets in the instruction's logical line
    uint32_t logicalEnd = 0;
    uint32_t textOffset = 0; ///< processed text: in the source when verbatim, else in word storage
    uint32_t textLength = 0;
    bool textInSource = false;
};

struct Heredoc {
    uint32_t nameOffset = 0; ///< delimiter word, in the tree's word storage
    uint32_t nameLength = 0;
    uint32_t fileDescriptor = 0; ///< the N of `N<<EOF` (0 when absent)
    bool expand = true; ///< false when the delimiter was quoted
    bool chomp = false; ///< `<<-`: leading tabs are stripped
    bool terminated = false;
    SourceRange body; ///< the body bytes, newlines included (BuildKit's Content)
    SourceRange terminator; ///< the closing line without its newline; empty when unterminated
};

/// A piece of the logical line that is a verbatim copy of source bytes.
struct LogicalSegment {
    uint32_t logical = 0;
    uint32_t source = 0;
    uint32_t length = 0;
};

/// One instruction: its physical extent and its logical line (the physical
/// lines joined the way BuildKit joins them: continuation characters, comment
/// lines and empty continuation lines removed).
struct Instruction {
    InstructionKind kind = InstructionKind::Unknown;
    bool json = false; ///< exec (JSON array) form
    bool hasEmptyContinuationLine = false; ///< BuildKit warns about these
    bool logicalInArena = false; ///< logical line was joined into the arena
    SourceRange range; ///< keyword to the end of the last line (heredoc terminator included), no newline
    SourceRange keyword; ///< the keyword as written
    int startLine = 0; ///< 1-based, inclusive
    int endLine = 0;
    uint32_t firstToken = 0;
    uint32_t tokenEnd = 0;
    uint32_t logicalOffset = 0; ///< into the source or the arena (see logicalInArena)
    uint32_t logicalLength = 0;
    uint32_t segmentBegin = 0;
    uint32_t segmentCount = 0;
    uint32_t keywordLogicalBegin = 0; ///< logical range of the keyword
    uint32_t keywordLogicalEnd = 0;
    uint32_t argsBegin = 0; ///< logical range of the arguments after the flags, trimmed
    uint32_t argsEnd = 0;
    uint32_t flagBegin = 0;
    uint32_t flagCount = 0;
    uint32_t heredocBegin = 0;
    uint32_t heredocCount = 0;
    int32_t trigger = -1; ///< ONBUILD: index of the triggered instruction in SyntaxTree::triggers()
};

/// The lossless syntax tree of one Dockerfile. Immutable once parsed; all views
/// it hands out point into its own storage and live as long as it does.
class SyntaxTree {
public:
    [[nodiscard]] std::string_view text() const { return m_text; }
    [[nodiscard]] const std::vector<Token> &tokens() const { return m_tokens; }
    [[nodiscard]] const std::vector<Instruction> &instructions() const { return m_instructions; }
    [[nodiscard]] const std::vector<Instruction> &triggers() const { return m_triggers; }
    [[nodiscard]] const std::vector<Directive> &directives() const { return m_directives; }
    [[nodiscard]] const std::vector<SyntaxDiagnostic> &diagnostics() const { return m_diagnostics; }
    [[nodiscard]] const LineIndex &lines() const { return m_lines; }
    [[nodiscard]] char escapeToken() const { return m_escapeToken; }
    [[nodiscard]] bool hasErrors() const;

    [[nodiscard]] std::string_view logicalText(const Instruction &instruction) const;
    [[nodiscard]] std::string_view argumentsText(const Instruction &instruction) const;
    [[nodiscard]] std::string_view keywordText(const Instruction &instruction) const;
    [[nodiscard]] std::span<const Flag> flags(const Instruction &instruction) const;
    [[nodiscard]] std::string_view flagText(const Flag &flag) const;
    /// "from" for "--from=builder"; the name without dashes.
    [[nodiscard]] std::string_view flagName(const Flag &flag) const;
    /// "builder" for "--from=builder"; empty when the flag has no '='.
    [[nodiscard]] std::string_view flagValue(const Flag &flag) const;
    [[nodiscard]] bool flagHasValue(const Flag &flag) const;
    /// The first flag named `name` (without dashes, case-sensitive as BuildKit), or null.
    [[nodiscard]] const Flag *findFlag(const Instruction &instruction, std::string_view name) const;
    [[nodiscard]] std::span<const Heredoc> heredocs(const Instruction &instruction) const;
    [[nodiscard]] std::string_view heredocName(const Heredoc &heredoc) const;
    [[nodiscard]] std::string_view heredocBody(const Heredoc &heredoc) const;
    [[nodiscard]] const Instruction *trigger(const Instruction &instruction) const;
    [[nodiscard]] std::span<const LogicalSegment> segments(const Instruction &instruction) const;

    /// Maps an offset in the instruction's logical line to a source offset.
    [[nodiscard]] uint32_t toSource(const Instruction &instruction, uint32_t logical) const;
    /// Maps a logical range to the source range that covers it.
    [[nodiscard]] SourceRange toSource(
        const Instruction &instruction, uint32_t logicalBegin, uint32_t logicalEnd) const;

    /// Index of the instruction whose range contains `offset` (or -1).
    [[nodiscard]] int instructionAt(uint32_t offset) const;

    /// The input rebuilt from the tokens; equal to text() for every input.
    [[nodiscard]] std::string reprint() const;

private:
    friend class Parser;
    friend struct SyntaxTreeBuilder;

    std::string m_text;
    std::string m_arena; ///< joined logical lines
    std::string m_words; ///< processed flag texts and heredoc names (apart, so logical views stay valid)
    std::vector<Token> m_tokens;
    std::vector<Instruction> m_instructions;
    std::vector<Instruction> m_triggers;
    std::vector<LogicalSegment> m_segments;
    std::vector<Flag> m_flags;
    std::vector<Heredoc> m_heredocs;
    std::vector<Directive> m_directives;
    std::vector<SyntaxDiagnostic> m_diagnostics;
    LineIndex m_lines;
    char m_escapeToken = '\\';
};

/// Internal: lets the parser fill a tree.
struct SyntaxTreeBuilder {
    static void setText(SyntaxTree &tree, std::string text);
    static void finish(SyntaxTree &tree, std::vector<uint32_t> lineStarts, bool truncated);
    /// Gives `tree` the storage of a tree parsed earlier on this thread, if any is
    /// waiting, and returns the line-start storage for the parser.
    static std::vector<uint32_t> adoptRecycledStorage(SyntaxTree &tree);
    /// Keeps the storage of a tree that is going away for the next parse on this thread.
    static void recycleStorage(SyntaxTree &tree);
};

/// Parses `text` with BuildKit's semantics. Never throws and always terminates;
/// problems BuildKit would reject are reported as diagnostics.
[[nodiscard]] std::shared_ptr<const SyntaxTree> parseDockerfile(std::string text);

} // namespace stagecraft

// SPDX-License-Identifier: MIT
#pragma once

#include "syntax_tree.h"

#include <string>
#include <vector>

namespace stagecraft {

/// Builds a SyntaxTree from text, line by line, the way BuildKit's
/// parser.Parse reads a Dockerfile (see parser.cpp for the rules it follows).
class Parser {
public:
    /// `lineStarts` is storage to reuse (its contents are discarded).
    Parser(SyntaxTree &tree, std::vector<uint32_t> lineStarts);
    void run();
    /// Line starts seen while reading, for the tree's LineIndex.
    [[nodiscard]] std::vector<uint32_t> takeLineStarts() { return std::move(m_lineStarts); }

private:
    struct PhysicalLine {
        uint32_t start = 0;
        uint32_t contentEnd = 0; ///< without the trailing "\r\n" characters
        uint32_t end = 0; ///< past the newline
    };
    enum class LineRole : uint8_t { Content, Comment, Empty };
    struct LinePiece {
        PhysicalLine line;
        uint32_t contentStart = 0; ///< first byte of the segment (after leading blanks on a first line)
        uint32_t segmentEnd = 0; ///< where the continuation character starts (or contentEnd)
        LineRole role = LineRole::Content;
        uint32_t logicalBegin = 0; ///< where the segment starts in the logical line
    };
    struct Region {
        uint32_t begin;
        uint32_t end;
        TokenKind kind; ///< Keyword, Flag (flag area) or Argument
    };

    PhysicalLine readLine(uint32_t pos);
    [[gnu::cold, gnu::noinline]] void reportLongLine(const PhysicalLine &line);
    bool parseDirective(const PhysicalLine &line, uint32_t trimmedStart);
    /// Checks BuildKit's line-continuation rule on [begin, end); returns the end of the kept text or -1.
    int64_t continuationAt(uint32_t begin, uint32_t end) const;
    void parseInstruction(const PhysicalLine &first, uint32_t contentStart, uint32_t &pos);
    void analyze(Instruction &instruction, uint32_t begin, uint32_t end, std::vector<Region> &regions);
    void validateArguments(const Instruction &instruction);
    void readHeredocs(Instruction &instruction, uint32_t &pos);
    /// The tokens of the current instruction's lines (m_pieces), classified by m_regions.
    void emitPieceTokens();
    void emitNewline(const PhysicalLine &line);
    void emit(uint32_t begin, uint32_t end, TokenKind kind)
    {
        if (end > begin)
            m_tree.m_tokens.push_back({begin, end - begin, kind});
    }
    void addDiagnostic(SourceRange range, Severity severity, const char *code, std::string message);
    [[nodiscard]] std::string_view logical(const Instruction &instruction) const;
    /// SyntaxTree::toSource for the instruction being parsed (its first segment is m_firstSegment).
    [[nodiscard]] SourceRange sourceRange(
        const Instruction &instruction, uint32_t logicalBegin, uint32_t logicalEnd) const;

    SyntaxTree &m_tree;
    std::string_view m_text;
    int m_line = 0;
    bool m_directivesDone = false;
    bool m_seenSyntax = false;
    bool m_seenEscape = false;
    bool m_seenCheck = false;
    std::vector<LinePiece> m_pieces;
    std::vector<Region> m_regions;
    LogicalSegment m_firstSegment; ///< of the instruction being parsed (its triggers share it)
    std::vector<uint32_t> m_lineStarts;
};

} // namespace stagecraft

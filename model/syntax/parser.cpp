// SPDX-License-Identifier: MIT
#include "parser.h"

#include "buildkit_ast.h"
#include "go_text.h"
#include "json_array.h"
#include "shell_lexer.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

// The rules below follow BuildKit's frontend/dockerfile/parser (parser.go,
// split_command.go, line_parsers.go, directives.go), which reads a Dockerfile one
// physical line at a time:
//  - a line's trailing "\r" and "\n" characters are dropped; the first line of an
//    instruction also loses its leading white space (Go's unicode.IsSpace);
//  - parser directives are only recognised in the comment lines before anything else;
//  - a line continues when it ends with the escape character plus blanks, unless the
//    character before the escape is itself the escape;
//  - inside a continued instruction, comment lines and empty lines are skipped;
//  - heredoc bodies (RUN, COPY, ADD) follow the instruction's last line.
// Unlike BuildKit we never stop at the first error: every problem becomes a
// diagnostic and parsing goes on, so the editor always has a tree.

namespace stagecraft {
namespace {

// bufio.Scanner's default limit: BuildKit fails on longer lines.
constexpr uint32_t maxLineLength = 64 * 1024;

bool isAsciiBlank(char c)
{
    return c == ' ' || c == '\t';
}

// Bytes that end the fast path over a plain flag word: Go's unicode.IsSpace(rune(byte)),
// quotes, the backslash and anything non-ASCII.
constexpr std::array<bool, 256> flagWordStops = [] {
    std::array<bool, 256> table {};
    for (int c = 0; c < 256; ++c)
        table[static_cast<size_t>(c)]
            = c >= 0x80 || c == '\\' || c == '\'' || c == '"' || go::isSpace(static_cast<char32_t>(c));
    return table;
}();

// The high bit of each byte of `chunk` that may be a flagWordStops byte: one below '!'
// (the ASCII spaces are), one from 0x80 up, a quote or a backslash. Lets the flag scan
// skip eight bytes at a time through long words such as --mount=type=cache,target=/root/.cache.
// Per byte, bit 7 of (x - 1) & ~x is set for a zero byte, and of (x - 0x21) | x for one
// below 0x21 or from 0x80 up. A subtraction borrows out of a byte only when that byte
// matched, so no bit below the first matching byte is set and that byte's bit is: the
// lowest set bit is the first byte that may be a stop (in memory order, on a little-endian
// machine), and no stop comes before it. The byte loop settles whether it is one.
constexpr uint64_t flagWordStopBits(uint64_t chunk)
{
    constexpr uint64_t ones = 0x0101010101010101;
    constexpr uint64_t highBits = ones * 0x80;
    auto zeroBytes = [](uint64_t x) { return (x - ones) & ~x; };
    const uint64_t lowOrHigh = (chunk - ones * '!') | chunk;
    const uint64_t special
        = zeroBytes(chunk ^ (ones * '\\')) | zeroBytes(chunk ^ (ones * '\'')) | zeroBytes(chunk ^ (ones * '"'));
    return (lowOrHigh | special) & highBits;
}

// The index, in a little-endian load, of the byte whose bit is the lowest one set.
constexpr uint32_t firstMarkedByte(uint64_t stopBits)
{
    return static_cast<uint32_t>(std::countr_zero(stopBits)) / 8;
}

// Every byte value at every position, after bytes that are no stop and before a zero byte
// (a stop): a stop is always the first marked byte, and plain words have none marked.
static_assert([] {
    for (int c = 0; c < 256; ++c) {
        for (uint32_t at = 0; at < 8; ++at) {
            uint64_t chunk = 0;
            for (uint32_t i = 0; i < at; ++i)
                chunk |= uint64_t {'a'} << (8 * i);
            chunk |= uint64_t {static_cast<unsigned>(c)} << (8 * at);
            const uint64_t bits = flagWordStopBits(chunk);
            if (flagWordStops[static_cast<size_t>(c)] && (bits == 0 || firstMarkedByte(bits) != at))
                return false;
        }
    }
    return flagWordStopBits(0x0101010101010101 * 'a') == 0;
}());

uint64_t loadChunk(const char *bytes)
{
    uint64_t chunk;
    std::memcpy(&chunk, bytes, sizeof chunk);
    return chunk;
}

// Regular expression \s in Go's RE2 syntax.
bool isReSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

bool isAsciiLetter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool isAsciiAlnum(char c)
{
    return isAsciiLetter(c) || (c >= '0' && c <= '9');
}

std::string lowerAscii(std::string_view s)
{
    std::string out(s);
    for (char &c : out) {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

bool isAsciiWhiteSpace(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

// Fast path for ENV and LABEL: true when the arguments are plain ASCII (no quotes,
// escapes or other bytes that need BuildKit's word parser) and BuildKit accepts them,
// that is `KEY value...` (a first word without '=' and more after it) or words that
// all hold a '='. False sends them to the full parse, which reports what is wrong.
bool plainKeyValuesAccepted(std::string_view args, char escape)
{
    size_t wordCount = 0;
    bool firstWordHasEquals = false;
    bool everyWordHasEquals = true;
    bool inWord = false;
    bool wordHasEquals = false;
    for (size_t i = 0; i <= args.size(); ++i) {
        const char c = i < args.size() ? args[i] : ' '; // a blank after the end closes the last word
        if (static_cast<unsigned char>(c) >= 0x80 || c == '\'' || c == '"' || c == escape)
            return false;
        if (isAsciiWhiteSpace(c)) {
            if (inWord) {
                if (wordCount == 0)
                    firstWordHasEquals = wordHasEquals;
                everyWordHasEquals = everyWordHasEquals && wordHasEquals;
                ++wordCount;
                inWord = false;
            }
            continue;
        }
        if (!inWord) {
            inWord = true;
            wordHasEquals = false;
        }
        wordHasEquals = wordHasEquals || c == '=';
    }
    if (wordCount == 0)
        return true;
    return firstWordHasEquals ? everyWordHasEquals : wordCount > 1;
}

bool canHaveHeredoc(InstructionKind kind)
{
    return kind == InstructionKind::Run || kind == InstructionKind::Copy || kind == InstructionKind::Add;
}

bool mayBeJson(InstructionKind kind)
{
    switch (kind) {
    case InstructionKind::Run:
    case InstructionKind::Cmd:
    case InstructionKind::Entrypoint:
    case InstructionKind::Shell:
    case InstructionKind::Add:
    case InstructionKind::Copy:
    case InstructionKind::Volume:
        return true;
    default:
        return false;
    }
}

// The closest known keyword, for "did you mean" (BuildKit suggests the same way).
std::string_view suggestKeyword(std::string_view word)
{
    static constexpr std::string_view names[] = {"ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM",
        "HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR"};
    if (word.size() > 32)
        return {};
    const std::string lower = lowerAscii(word);
    std::string_view best;
    size_t bestDistance = 3;
    for (std::string_view name : names) {
        const std::string candidate = lowerAscii(name);
        // Levenshtein distance, small strings only.
        std::vector<size_t> row(candidate.size() + 1);
        for (size_t j = 0; j <= candidate.size(); ++j)
            row[j] = j;
        for (size_t i = 1; i <= lower.size(); ++i) {
            size_t diagonal = row[0];
            row[0] = i;
            for (size_t j = 1; j <= candidate.size(); ++j) {
                const size_t above = row[j];
                row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (lower[i - 1] == candidate[j - 1] ? 0 : 1)});
                diagonal = above;
            }
        }
        if (row[candidate.size()] < bestDistance) {
            bestDistance = row[candidate.size()];
            best = name;
        }
    }
    return best;
}

} // namespace

Parser::Parser(SyntaxTree &tree, std::vector<uint32_t> lineStarts)
    : m_tree(tree)
    , m_text(tree.m_text)
    , m_lineStarts(std::move(lineStarts))
{
    m_lineStarts.clear();
    m_lineStarts.push_back(0);
}

void Parser::emitNewline(const PhysicalLine &line)
{
    emit(line.contentEnd, line.end, TokenKind::Newline);
}

void Parser::addDiagnostic(SourceRange range, Severity severity, const char *code, std::string message)
{
    m_tree.m_diagnostics.push_back({range, severity, code, std::move(message)});
}

std::string_view Parser::logical(const Instruction &instruction) const
{
    return m_tree.logicalText(instruction);
}

SourceRange Parser::sourceRange(const Instruction &instruction, uint32_t logicalBegin, uint32_t logicalEnd) const
{
    // The first segment starts the logical line (at 0): a non-empty range within it maps
    // by one addition, the way SyntaxTree::toSource maps it too.
    if (logicalBegin < logicalEnd && logicalEnd <= m_firstSegment.length)
        return {m_firstSegment.source + logicalBegin, m_firstSegment.source + logicalEnd};
    return m_tree.toSource(instruction, logicalBegin, logicalEnd);
}

Parser::PhysicalLine Parser::readLine(uint32_t pos)
{
    PhysicalLine line;
    line.start = pos;
    const char *data = m_text.data();
    const auto size = static_cast<uint32_t>(m_text.size());
    const void *newline = std::memchr(data + pos, '\n', size - pos);
    // The newline found is the line's only one; "\r" characters before it go too.
    uint32_t contentEnd = newline ? static_cast<uint32_t>(static_cast<const char *>(newline) - data) : size;
    line.end = newline ? contentEnd + 1 : size;
    while (contentEnd > pos && data[contentEnd - 1] == '\r')
        --contentEnd;
    line.contentEnd = contentEnd;
    if (newline)
        m_lineStarts.push_back(line.end);
    ++m_line;
    const bool tooLong = newline ? line.end - line.start > maxLineLength : line.end - line.start >= maxLineLength;
    if (tooLong) [[unlikely]]
        reportLongLine(line);
    return line;
}

void Parser::reportLongLine(const PhysicalLine &line)
{
    addDiagnostic({line.start, line.contentEnd}, Severity::Error, "LineTooLong",
        "dockerfile line greater than max allowed size of " + std::to_string(maxLineLength - 1));
}

int64_t Parser::continuationAt(uint32_t begin, uint32_t end) const
{
    const char escape = m_tree.m_escapeToken;
    uint32_t e = end;
    while (e > begin && isAsciiBlank(m_text[e - 1]))
        --e;
    if (e == begin || m_text[e - 1] != escape)
        return -1;
    const uint32_t escapeAt = e - 1;
    if (escapeAt == begin)
        return escapeAt; // the escape alone on the line
    if (m_text[escapeAt - 1] == escape)
        return -1; // an escaped escape character is not a continuation
    return escapeAt;
}

bool Parser::parseDirective(const PhysicalLine &line, uint32_t trimmedStart)
{
    std::string_view rest = m_text.substr(trimmedStart, line.contentEnd - trimmedStart);
    if (rest.empty() || rest.front() != '#') {
        m_directivesDone = true;
        return false;
    }
    rest.remove_prefix(1);
    rest.remove_prefix(go::leadingSpaceLength(rest));
    // ^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$
    size_t i = 0;
    if (rest.empty() || !isAsciiLetter(rest[0])) {
        m_directivesDone = true;
        return false;
    }
    while (i < rest.size() && isAsciiAlnum(rest[i]))
        ++i;
    const std::string_view key = rest.substr(0, i);
    while (i < rest.size() && isReSpace(rest[i]))
        ++i;
    if (i >= rest.size() || rest[i] != '=') {
        m_directivesDone = true;
        return false;
    }
    ++i;
    const size_t afterEquals = i;
    while (i < rest.size() && isReSpace(rest[i]))
        ++i;
    size_t valueBegin = i;
    size_t valueEnd = rest.size();
    if (valueBegin == valueEnd) {
        if (valueBegin == afterEquals) { // nothing after '='
            m_directivesDone = true;
            return false;
        }
        valueBegin = valueEnd - 1; // the regex gives one blank back to (.+?)
    } else {
        while (valueEnd > valueBegin + 1 && isReSpace(rest[valueEnd - 1]))
            --valueEnd;
    }
    const std::string name = lowerAscii(key);
    bool *seen = nullptr;
    if (name == "syntax")
        seen = &m_seenSyntax;
    else if (name == "escape")
        seen = &m_seenEscape;
    else if (name == "check")
        seen = &m_seenCheck;
    if (!seen) {
        m_directivesDone = true;
        return false;
    }
    const SourceRange lineRange {trimmedStart, line.contentEnd};
    if (*seen) {
        addDiagnostic(
            lineRange, Severity::Error, "DuplicateDirective", "only one " + name + " parser directive can be used");
        return false;
    }
    *seen = true;
    const auto offsetInText = static_cast<uint32_t>(rest.data() - m_text.data());
    const std::string_view value = rest.substr(valueBegin, valueEnd - valueBegin);
    const SourceRange valueRange {
        offsetInText + static_cast<uint32_t>(valueBegin), offsetInText + static_cast<uint32_t>(valueEnd)};
    if (name == "escape") {
        if (value != "`" && value != "\\") {
            addDiagnostic(valueRange, Severity::Error, "InvalidEscapeToken",
                "invalid escape token '" + std::string(value) + "' does not match ` or \\");
            return false;
        }
        m_tree.m_escapeToken = value.front();
    }
    // The key as written stays in the text; the directive's name is the canonical lower-case one.
    static constexpr std::string_view canonical[] = {"syntax", "escape", "check"};
    const std::string_view canonicalName = name == "syntax" ? canonical[0]
        : name == "escape"                                  ? canonical[1]
                                                            : canonical[2];
    m_tree.m_directives.push_back({canonicalName, value, lineRange, valueRange, m_line});
    return true;
}

void Parser::run()
{
    const auto size = static_cast<uint32_t>(m_text.size());
    m_tree.m_tokens.reserve(m_text.size() / 8 + 16);
    m_tree.m_instructions.reserve(m_text.size() / 96 + 4);
    m_tree.m_segments.reserve(m_text.size() / 48 + 4);
    m_tree.m_arena.reserve(m_text.size() / 2);
    m_lineStarts.reserve(m_text.size() / 40 + 4);
    uint32_t pos = 0;
    if (m_text.size() >= 3 && std::memcmp(m_text.data(), "\xEF\xBB\xBF", 3) == 0) {
        emit(0, 3, TokenKind::ByteOrderMark);
        pos = 3;
    }
    while (pos < size) {
        const PhysicalLine line = readLine(pos);
        const std::string_view content = m_text.substr(line.start, line.contentEnd - line.start);
        const auto contentStart = line.start + static_cast<uint32_t>(go::leadingSpaceLength(content));
        const bool isDirective = !m_directivesDone && parseDirective(line, contentStart);
        if (contentStart < line.contentEnd && m_text[contentStart] == '#') {
            emit(line.start, contentStart, TokenKind::Whitespace);
            emit(contentStart, line.contentEnd, isDirective ? TokenKind::Directive : TokenKind::Comment);
            emitNewline(line);
            pos = line.end;
            continue;
        }
        if (contentStart == line.contentEnd) { // blank line
            emit(line.start, line.contentEnd, TokenKind::Whitespace);
            emitNewline(line);
            pos = line.end;
            continue;
        }
        pos = line.end;
        parseInstruction(line, contentStart, pos);
    }
    if (m_tree.m_instructions.empty())
        addDiagnostic({size, size}, Severity::Error, "NoInstructions", "file with no instructions");
}

void Parser::parseInstruction(const PhysicalLine &first, uint32_t contentStart, uint32_t &pos)
{
    const auto size = static_cast<uint32_t>(m_text.size());
    Instruction instruction;
    instruction.startLine = m_line;
    instruction.firstToken = static_cast<uint32_t>(m_tree.m_tokens.size());

    m_pieces.clear();
    const int64_t firstCut = continuationAt(contentStart, first.contentEnd);
    bool ended = firstCut < 0;
    m_pieces.push_back(
        {first, contentStart, ended ? first.contentEnd : static_cast<uint32_t>(firstCut), LineRole::Content});
    while (!ended && pos < size) {
        const PhysicalLine line = readLine(pos);
        pos = line.end;
        const std::string_view content = m_text.substr(line.start, line.contentEnd - line.start);
        const auto blanks = static_cast<uint32_t>(go::leadingSpaceLength(content));
        if (blanks < content.size() && content[blanks] == '#') {
            m_pieces.push_back({line, line.start + blanks, line.contentEnd, LineRole::Comment});
            continue;
        }
        if (blanks == content.size()) {
            instruction.hasEmptyContinuationLine = true;
            m_pieces.push_back({line, line.start, line.start, LineRole::Empty});
            continue;
        }
        const int64_t cut = continuationAt(line.start, line.contentEnd);
        ended = cut < 0;
        m_pieces.push_back({line, line.start, ended ? line.contentEnd : static_cast<uint32_t>(cut), LineRole::Content});
    }

    // The logical line: a view of the source for one segment, joined in the arena otherwise.
    instruction.segmentBegin = static_cast<uint32_t>(m_tree.m_segments.size());
    uint32_t logicalLength = 0;
    int contentPieces = 0;
    for (LinePiece &piece : m_pieces) {
        if (piece.role != LineRole::Content)
            continue;
        ++contentPieces;
        const uint32_t length = piece.segmentEnd - piece.contentStart;
        piece.logicalBegin = logicalLength;
        m_tree.m_segments.push_back({logicalLength, piece.contentStart, length});
        logicalLength += length;
    }
    instruction.segmentCount = static_cast<uint32_t>(m_tree.m_segments.size()) - instruction.segmentBegin;
    m_firstSegment = m_tree.m_segments[instruction.segmentBegin];
    if (contentPieces == 1) {
        instruction.logicalOffset = m_pieces.front().contentStart;
    } else {
        instruction.logicalInArena = true;
        instruction.logicalOffset = static_cast<uint32_t>(m_tree.m_arena.size());
        for (const LinePiece &piece : m_pieces) {
            if (piece.role == LineRole::Content)
                m_tree.m_arena.append(m_text.substr(piece.contentStart, piece.segmentEnd - piece.contentStart));
        }
    }
    instruction.logicalLength = logicalLength;

    m_regions.clear();
    analyze(instruction, 0, logicalLength, m_regions);
    instruction.range.begin = instruction.keyword.begin;
    instruction.range.end = m_pieces.back().line.contentEnd;

    // ONBUILD wraps one instruction; BuildKit parses it recursively, we iterate so a
    // chain of ONBUILD ONBUILD ... cannot exhaust the stack.
    // Indices, not pointers: pushing a trigger may move the ones before it.
    int32_t outerIndex = -1; // -1: the instruction itself
    auto outerAt = [&]() -> Instruction & {
        return outerIndex < 0 ? instruction : m_tree.m_triggers[static_cast<size_t>(outerIndex)];
    };
    while (outerAt().kind == InstructionKind::Onbuild && outerAt().argsEnd > outerAt().argsBegin) {
        Instruction *outer = &outerAt();
        Instruction triggered;
        triggered.logicalInArena = instruction.logicalInArena;
        triggered.logicalOffset = instruction.logicalOffset;
        triggered.logicalLength = instruction.logicalLength;
        triggered.segmentBegin = instruction.segmentBegin;
        triggered.segmentCount = instruction.segmentCount;
        triggered.startLine = instruction.startLine;
        const uint32_t triggerBegin = outer->argsBegin;
        const uint32_t triggerEnd = outer->argsEnd;
        analyze(triggered, triggerBegin, triggerEnd, m_regions);
        triggered.range = {triggered.keyword.begin, instruction.range.end};
        const auto index = static_cast<int32_t>(m_tree.m_triggers.size());
        outer->trigger = index;
        m_tree.m_triggers.push_back(triggered);
        outerIndex = index;
    }

    emitPieceTokens();

    validateArguments(instruction);
    for (int32_t t = instruction.trigger; t >= 0; t = m_tree.m_triggers[static_cast<size_t>(t)].trigger)
        validateArguments(m_tree.m_triggers[static_cast<size_t>(t)]);

    // Heredocs: BuildKit looks one ONBUILD level deep for the instruction that may carry them.
    const Instruction *heredocCarrier = &instruction;
    if (instruction.kind == InstructionKind::Onbuild && instruction.trigger >= 0)
        heredocCarrier = &m_tree.m_triggers[static_cast<size_t>(instruction.trigger)];
    if (canHaveHeredoc(heredocCarrier->kind) && !heredocCarrier->json
        && logical(instruction).find("<<") != std::string_view::npos) {
        readHeredocs(instruction, pos);
    }

    instruction.endLine = m_line;
    instruction.tokenEnd = static_cast<uint32_t>(m_tree.m_tokens.size());
    for (int32_t t = instruction.trigger; t >= 0;) {
        Instruction &triggered = m_tree.m_triggers[static_cast<size_t>(t)];
        triggered.endLine = instruction.endLine;
        triggered.range.end = instruction.range.end;
        triggered.firstToken = instruction.firstToken;
        triggered.tokenEnd = instruction.tokenEnd;
        t = triggered.trigger;
    }
    m_tree.m_instructions.push_back(instruction);
}

void Parser::analyze(Instruction &instruction, uint32_t begin, uint32_t end, std::vector<Region> &regions)
{
    const std::string_view line = logical(instruction);
    // splitCommand: TrimSpace, then split once at the first run of [\t\v\f\r ].
    std::string_view trimmed = line.substr(begin, end - begin);
    const auto lead = static_cast<uint32_t>(go::leadingSpaceLength(trimmed));
    trimmed.remove_prefix(lead);
    trimmed = trimmed.substr(0, go::lengthWithoutTrailingSpace(trimmed));
    const uint32_t commandBegin = begin + lead;
    const uint32_t trimmedEnd = commandBegin + static_cast<uint32_t>(trimmed.size());
    uint32_t commandEnd = commandBegin;
    while (commandEnd < trimmedEnd && !go::isBlank(line[commandEnd]))
        ++commandEnd;
    uint32_t restBegin = commandEnd;
    while (restBegin < trimmedEnd && go::isBlank(line[restBegin]))
        ++restBegin;

    instruction.kind = instructionKindFromKeyword(line.substr(commandBegin, commandEnd - commandBegin));
    instruction.keyword = sourceRange(instruction, commandBegin, commandEnd);
    instruction.keywordLogicalBegin = commandBegin;
    instruction.keywordLogicalEnd = commandEnd;
    regions.push_back({commandBegin, commandEnd, TokenKind::Keyword});

    // extractBuilderFlags: leading words starting with "--", with quotes and
    // backslashes processed; a lone "--" ends the flags. It reads bytes, not runes.
    instruction.flagBegin = static_cast<uint32_t>(m_tree.m_flags.size());
    uint32_t argsBegin = trimmedEnd;
    if (restBegin < trimmedEnd) {
        enum class Phase { Spaces, Word, Quote } phase = Phase::Spaces;
        std::string word;
        uint32_t wordBegin = restBegin;
        char quote = 0;
        bool blankOk = false;
        bool foundArgs = false;
        auto isSpaceByte = [](unsigned char c) { return go::isSpace(c); };
        auto pushFlag = [&](uint32_t wordEnd) {
            Flag flag;
            flag.logicalBegin = wordBegin;
            flag.logicalEnd = wordEnd;
            flag.range = sourceRange(instruction, wordBegin, wordEnd);
            flag.textOffset = static_cast<uint32_t>(m_tree.m_words.size());
            flag.textLength = static_cast<uint32_t>(word.size());
            m_tree.m_words.append(word);
            m_tree.m_flags.push_back(flag);
        };
        for (uint32_t p = restBegin; p <= trimmedEnd; ++p) {
            const auto ch = p < trimmedEnd ? static_cast<unsigned char>(line[p]) : 0;
            if (phase == Phase::Spaces) {
                if (p == trimmedEnd)
                    break;
                if (isSpaceByte(ch))
                    continue;
                if (ch != '-' || p + 1 == trimmedEnd || line[p + 1] != '-') {
                    argsBegin = p;
                    foundArgs = true;
                    break;
                }
                // Fast path: a plain word (no quotes, escapes or non-ASCII) is its own text.
                uint32_t q = p;
                if constexpr (std::endian::native == std::endian::little) {
                    while (trimmedEnd - q >= 8) {
                        const uint64_t marked = flagWordStopBits(loadChunk(line.data() + q));
                        if (marked != 0) {
                            q += firstMarkedByte(marked); // no stop before it; the loop below settles it
                            break;
                        }
                        q += 8;
                    }
                }
                while (q < trimmedEnd && !flagWordStops[static_cast<unsigned char>(line[q])])
                    ++q;
                const bool plain = q == trimmedEnd || isSpaceByte(static_cast<unsigned char>(line[q]));
                if (plain) {
                    if (q - p == 2) { // a lone "--" ends the flags
                        argsBegin = q;
                        foundArgs = q < trimmedEnd;
                        break;
                    }
                    Flag flag;
                    flag.logicalBegin = p;
                    flag.logicalEnd = q;
                    flag.range = sourceRange(instruction, p, q);
                    if (flag.range.length() == q - p) {
                        flag.textInSource = true;
                        flag.textOffset = flag.range.begin;
                    } else {
                        flag.textOffset = static_cast<uint32_t>(m_tree.m_words.size());
                        m_tree.m_words.append(line.substr(p, q - p));
                    }
                    flag.textLength = q - p;
                    m_tree.m_flags.push_back(flag);
                    p = q; // the loop's ++p skips the blank after the word
                    if (q == trimmedEnd)
                        break;
                    continue;
                }
                phase = Phase::Word;
                wordBegin = p;
            }
            if (p == trimmedEnd) {
                if (word != "--" && (blankOk || !word.empty()))
                    pushFlag(p);
                break;
            }
            if (phase == Phase::Word) {
                if (isSpaceByte(ch)) {
                    phase = Phase::Spaces;
                    if (word == "--") {
                        argsBegin = p;
                        foundArgs = true;
                        break;
                    }
                    if (blankOk || !word.empty())
                        pushFlag(p);
                    word.clear();
                    blankOk = false;
                    continue;
                }
                if (ch == '\'' || ch == '"') {
                    quote = static_cast<char>(ch);
                    blankOk = true;
                    phase = Phase::Quote;
                    continue;
                }
                unsigned char out = ch;
                if (ch == '\\') {
                    if (p + 1 == trimmedEnd)
                        continue;
                    ++p;
                    out = static_cast<unsigned char>(line[p]);
                }
                go::appendRune(word, out); // Go's string(rune(byte)): bytes >= 0x80 become two-byte runes
                continue;
            }
            // Phase::Quote
            if (ch == static_cast<unsigned char>(quote)) {
                phase = Phase::Word;
                continue;
            }
            unsigned char out = ch;
            if (ch == '\\') {
                if (p + 1 == trimmedEnd) {
                    phase = Phase::Word;
                    continue;
                }
                ++p;
                out = static_cast<unsigned char>(line[p]);
            }
            go::appendRune(word, out);
        }
        if (!foundArgs)
            argsBegin = trimmedEnd;
    }
    instruction.flagCount = static_cast<uint32_t>(m_tree.m_flags.size()) - instruction.flagBegin;
    // Each flag word is a region; so is a lone "--" that ends the flags.
    uint32_t flagAreaEnd = restBegin;
    for (const Flag &flag : m_tree.flags(instruction)) {
        regions.push_back({flag.logicalBegin, flag.logicalEnd, TokenKind::Flag});
        flagAreaEnd = flag.logicalEnd;
    }
    for (uint32_t p = flagAreaEnd; p + 1 < argsBegin; ++p) {
        if (line[p] == '-' && line[p + 1] == '-') {
            regions.push_back({p, p + 2, TokenKind::Flag});
            break;
        }
    }

    // strings.TrimSpace on what is left.
    std::string_view args = line.substr(argsBegin, trimmedEnd - argsBegin);
    const auto argsLead = static_cast<uint32_t>(go::leadingSpaceLength(args));
    args.remove_prefix(argsLead);
    instruction.argsBegin = argsBegin + argsLead;
    instruction.argsEnd = instruction.argsBegin + static_cast<uint32_t>(go::lengthWithoutTrailingSpace(args));
    // ONBUILD's arguments are the triggered instruction, which adds its own regions.
    if (instruction.kind != InstructionKind::Onbuild && instruction.argsEnd > instruction.argsBegin)
        regions.push_back({instruction.argsBegin, instruction.argsEnd, TokenKind::Argument});

    // Exec form, and BuildKit's hard error for a JSON array of non-strings.
    std::string_view jsonCandidate = line.substr(instruction.argsBegin, instruction.argsEnd - instruction.argsBegin);
    bool checkJson = mayBeJson(instruction.kind);
    if (instruction.kind == InstructionKind::Healthcheck) {
        // HEALTHCHECK TYPE [CMD...]: the command after the type word may be JSON.
        size_t sep = 0;
        while (sep < jsonCandidate.size() && !go::isSpace(static_cast<unsigned char>(jsonCandidate[sep])))
            ++sep;
        size_t next = sep;
        while (next < jsonCandidate.size() && go::isSpace(static_cast<unsigned char>(jsonCandidate[next])))
            ++next;
        jsonCandidate.remove_prefix(next);
        checkJson = sep > 0;
    }
    if (checkJson && !jsonCandidate.empty() && jsonCandidate.front() == '[') {
        const JsonArray parsed = parseJsonArray(jsonCandidate, false);
        if (parsed.status == JsonArrayStatus::StringArray) {
            instruction.json = true;
        } else if (parsed.status == JsonArrayStatus::NotStringArray) {
            addDiagnostic(m_tree.toSource(instruction, instruction.argsBegin, instruction.argsEnd), Severity::Error,
                "JsonArrayNotStrings", "when using JSON array syntax, arrays must be comprised of strings only");
        }
    }
}

void Parser::validateArguments(const Instruction &instruction)
{
    const SourceRange keywordRange = instruction.keyword;
    if (instruction.kind == InstructionKind::Unknown) {
        const std::string_view word = m_tree.keywordText(instruction);
        std::string message = "unknown instruction: " + std::string(word);
        if (const std::string_view suggestion = suggestKeyword(word); !suggestion.empty())
            message += " (did you mean " + lowerAscii(suggestion) + "?)";
        addDiagnostic(keywordRange, Severity::Error, "UnknownInstruction", std::move(message));
        return;
    }
    if (instruction.kind == InstructionKind::Env || instruction.kind == InstructionKind::Label) {
        if (plainKeyValuesAccepted(m_tree.argumentsText(instruction), m_tree.m_escapeToken))
            return;
        const BuildKitNode node = buildKitNode(m_tree, instruction);
        if (!node.error.empty()) {
            addDiagnostic(m_tree.toSource(instruction, instruction.argsBegin, instruction.argsEnd).length() > 0
                    ? m_tree.toSource(instruction, instruction.argsBegin, instruction.argsEnd)
                    : keywordRange,
                Severity::Error, "InvalidKeyValue", node.error);
        }
    }
}

void Parser::readHeredocs(Instruction &instruction, uint32_t &pos)
{
    const auto size = static_cast<uint32_t>(m_text.size());
    const std::vector<HeredocSpec> specs = heredocsFromLine(logical(instruction));
    instruction.heredocBegin = static_cast<uint32_t>(m_tree.m_heredocs.size());
    for (const HeredocSpec &spec : specs) {
        if (!spec.error.empty()) {
            addDiagnostic(instruction.keyword, Severity::Error, "InvalidHeredoc", spec.error);
            continue;
        }
        Heredoc heredoc;
        heredoc.nameOffset = static_cast<uint32_t>(m_tree.m_words.size());
        heredoc.nameLength = static_cast<uint32_t>(spec.name.size());
        m_tree.m_words.append(spec.name);
        heredoc.fileDescriptor = spec.fileDescriptor;
        heredoc.expand = spec.expand;
        heredoc.chomp = spec.chomp;
        heredoc.body.begin = pos;
        heredoc.body.end = size;
        while (pos < size) {
            const PhysicalLine line = readLine(pos);
            pos = line.end;
            std::string_view candidate = m_text.substr(line.start, line.contentEnd - line.start);
            if (spec.chomp) {
                while (!candidate.empty() && candidate.front() == '\t')
                    candidate.remove_prefix(1);
            }
            if (candidate == spec.name) {
                heredoc.terminated = true;
                heredoc.body.end = line.start;
                heredoc.terminator = {line.start, line.contentEnd};
                emit(line.start, line.contentEnd, TokenKind::HeredocTerminator);
                emitNewline(line);
                instruction.range.end = line.contentEnd;
                break;
            }
            emit(line.start, line.contentEnd, TokenKind::HeredocBody);
            emitNewline(line);
            instruction.range.end = line.contentEnd;
        }
        if (!heredoc.terminated) {
            heredoc.terminator = {size, size};
            addDiagnostic({instruction.keyword.begin, m_pieces.front().line.contentEnd}, Severity::Error,
                "UnterminatedHeredoc",
                "unterminated heredoc: no line \"" + spec.name + "\" closes it before the end of the file");
        }
        m_tree.m_heredocs.push_back(heredoc);
    }
    instruction.heredocCount = static_cast<uint32_t>(m_tree.m_heredocs.size()) - instruction.heredocBegin;
}

void Parser::emitPieceTokens()
{
    // Locals, not members: TokenKind is a byte type, so every token stored may (for the
    // compiler) have changed any member, which it would then read again for each token.
    const char *src = m_text.data();
    std::vector<Token> &out = m_tree.m_tokens;
    auto add = [&out](uint32_t begin, uint32_t end, TokenKind kind) {
        if (end > begin)
            out.push_back({begin, end - begin, kind});
    };
    const Region *regions = m_regions.data();
    const size_t regionCount = m_regions.size();
    // Regions are in logical order, like the pieces: those ending before a piece are done.
    size_t firstRegion = 0;
    for (const LinePiece &piece : m_pieces) {
        const PhysicalLine &line = piece.line;
        switch (piece.role) {
        case LineRole::Comment:
            add(line.start, piece.contentStart, TokenKind::Whitespace);
            add(piece.contentStart, line.contentEnd, TokenKind::Comment);
            add(line.contentEnd, line.end, TokenKind::Newline);
            continue;
        case LineRole::Empty:
            add(line.start, line.contentEnd, TokenKind::Whitespace);
            add(line.contentEnd, line.end, TokenKind::Newline);
            continue;
        case LineRole::Content:
            break;
        }
        add(line.start, piece.contentStart, TokenKind::Whitespace);

        const uint32_t logicalBegin = piece.logicalBegin;
        const uint32_t logicalEnd = logicalBegin + (piece.segmentEnd - piece.contentStart);
        auto toSource = [&](uint32_t logicalOffset) { return piece.contentStart + (logicalOffset - logicalBegin); };

        while (firstRegion < regionCount && regions[firstRegion].end <= logicalBegin)
            ++firstRegion;
        uint32_t cursor = logicalBegin;
        for (size_t r = firstRegion; r < regionCount; ++r) {
            const Region &region = regions[r];
            if (region.begin >= logicalEnd)
                break;
            if (region.end <= cursor)
                continue;
            const uint32_t from = toSource(std::max(region.begin, cursor));
            const uint32_t to = toSource(std::min(region.end, logicalEnd));
            add(toSource(cursor), from, TokenKind::Whitespace);
            if (region.kind == TokenKind::Argument) {
                // One argument token per line; blanks around it are white space.
                uint32_t a = from;
                while (a < to && isAsciiBlank(src[a]))
                    ++a;
                uint32_t b = to;
                while (b > a && isAsciiBlank(src[b - 1]))
                    --b;
                add(from, a, TokenKind::Whitespace);
                add(a, b, TokenKind::Argument);
                add(b, to, TokenKind::Whitespace);
            } else {
                add(from, to, region.kind);
            }
            cursor = std::min(region.end, logicalEnd);
        }
        add(toSource(cursor), piece.segmentEnd, TokenKind::Whitespace);
        add(piece.segmentEnd, line.contentEnd, TokenKind::Continuation);
        add(line.contentEnd, line.end, TokenKind::Newline);
    }
}

std::shared_ptr<const SyntaxTree> parseDockerfile(std::string text)
{
    // The deleter hands the tree's buffers to the next parse on this thread.
    std::shared_ptr<SyntaxTree> tree(new SyntaxTree, [](SyntaxTree *dying) {
        SyntaxTreeBuilder::recycleStorage(*dying);
        delete dying;
    });
    // Offsets are 32-bit: anything larger is cut off with a diagnostic rather than overflowing.
    constexpr size_t maxSize = 0xFFFFFFF0u;
    const bool truncated = text.size() > maxSize;
    if (truncated)
        text.resize(maxSize);
    SyntaxTreeBuilder::setText(*tree, std::move(text));
    Parser parser(*tree, SyntaxTreeBuilder::adoptRecycledStorage(*tree));
    parser.run();
    SyntaxTreeBuilder::finish(*tree, parser.takeLineStarts(), truncated);
    return tree;
}

} // namespace stagecraft

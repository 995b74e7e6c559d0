// SPDX-License-Identifier: MIT
// The lossless parser: exact reprint, token coverage, BuildKit's line joining,
// directives, flags, exec form, heredocs, ranges and diagnostics.

#include "syntax/buildkit_ast.h"
#include "syntax/go_text.h"
#include "syntax/json_array.h"
#include "syntax/syntax_tree.h"

#include <QTest>

using namespace stagecraft;
using namespace Qt::StringLiterals;

namespace {

QString diagnosticCodes(const SyntaxTree &tree)
{
    QStringList codes;
    for (const SyntaxDiagnostic &d : tree.diagnostics())
        codes << QString::fromStdString(d.code);
    return codes.join(u',');
}

// Every token as one letter for its kind (TokenKind's order) and its text, '|' between.
QByteArray tokenDump(const SyntaxTree &tree)
{
    static constexpr char letters[] = "BWNCDKFAEHT";
    QByteArray out;
    for (const Token &token : tree.tokens()) {
        if (!out.isEmpty())
            out += '|';
        out += letters[static_cast<int>(token.kind)];
        out += QByteArrayView(tree.text().data() + token.offset, token.length);
    }
    return out;
}

// Source ranges of each instruction's keyword (k), flags (f), arguments (a) and extent (r);
// an ONBUILD trigger follows its instruction after "> ".
QByteArray rangeDump(const SyntaxTree &tree)
{
    QByteArray out;
    auto range = [&](char tag, SourceRange r) {
        out += tag + QByteArray::number(r.begin) + '-' + QByteArray::number(r.end) + ' ';
    };
    auto instruction = [&](const Instruction &i) {
        range('k', i.keyword);
        for (const Flag &flag : tree.flags(i))
            range('f', flag.range);
        range('a', tree.toSource(i, i.argsBegin, i.argsEnd));
        range('r', i.range);
    };
    for (const Instruction &i : tree.instructions()) {
        instruction(i);
        if (const Instruction *trigger = tree.trigger(i)) {
            out += "> ";
            instruction(*trigger);
        }
    }
    return out;
}

} // namespace

class TestParser : public QObject {
    Q_OBJECT

private slots:
    void losslessReprint_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("simple") << QByteArray("FROM alpine\nRUN echo hi\n");
        QTest::newRow("no final newline") << QByteArray("FROM alpine\nRUN echo hi");
        QTest::newRow("crlf") << QByteArray("FROM alpine\r\nRUN a \\\r\n  b\r\n");
        QTest::newRow("bom") << QByteArray("\xEF\xBB\xBF"
                                           "FROM a\n");
        QTest::newRow("nul and invalid utf8") << QByteArray("FROM \x00\xff\xfe\nRUN \xc3\x28\n", 16);
        QTest::newRow("lone cr") << QByteArray("FROM a\rRUN b\r\r\n");
        QTest::newRow("comments in continuation") << QByteArray("RUN a \\\n# c\n\n  b\n");
        QTest::newRow("continuation at eof") << QByteArray("RUN a \\");
        QTest::newRow("unterminated heredoc") << QByteArray("RUN <<EOF\nbody\n");
        QTest::newRow("two heredocs") << QByteArray("COPY <<A <<-B /x\na\nA\n\tb\n\tB\nRUN x\n");
        QTest::newRow("onbuild") << QByteArray("ONBUILD RUN --mount=type=cache,target=/x make\n");
        QTest::newRow("json") << QByteArray("CMD [\"a\", \"b\"]\nCMD [1]\n");
        QTest::newRow("directives") << QByteArray("# syntax=docker/dockerfile:1\n# escape=`\nRUN a `\n b\n");
        QTest::newRow("only whitespace") << QByteArray("  \t\n\n \r\n");
        QTest::newRow("unicode spaces") << QByteArray("\xc2\xa0"
                                                      "FROM\xc2\xa0x\n");
        QTest::newRow("flags with quotes") << QByteArray("COPY --from=\"a b\" --chown='x y' src dst\n");
    }

    void losslessReprint()
    {
        QFETCH(QByteArray, input);
        const std::string text(input.constData(), static_cast<size_t>(input.size()));
        const auto tree = parseDockerfile(text);
        QVERIFY(tree->reprint() == text);
        // Every byte belongs to exactly one token, in order, none empty.
        uint32_t next = 0;
        for (const Token &token : tree->tokens()) {
            QCOMPARE(token.offset, next);
            QVERIFY(token.length > 0);
            next += token.length;
        }
        QCOMPARE(size_t {next}, text.size());
    }

    void logicalLines_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QStringList>("logical");
        QTest::addColumn<QList<int>>("lines"); // start, end per instruction

        QTest::newRow("continuation keeps indentation")
            << QByteArray("RUN echo hello \\\n  world\n") << QStringList {u"RUN echo hello   world"_s}
            << QList<int> {1, 2};
        QTest::newRow("escaped escape does not continue")
            << QByteArray("ENV C trailing\\\\\nENV D x\n") << QStringList {u"ENV C trailing\\\\"_s, u"ENV D x"_s}
            << QList<int> {1, 1, 2, 2};
        QTest::newRow("blanks after the escape")
            << QByteArray("RUN a \\  \t\nb\n") << QStringList {u"RUN a b"_s} << QList<int> {1, 2};
        QTest::newRow("comment and empty lines skipped")
            << QByteArray("RUN a \\\n# note\n\n   \nb\n") << QStringList {u"RUN a b"_s} << QList<int> {1, 5};
        QTest::newRow("escape alone on a first line")
            << QByteArray("\\\nFROM a\n") << QStringList {u"FROM a"_s} << QList<int> {1, 2};
        QTest::newRow("backtick escape") << QByteArray("# escape=`\nRUN a `\nb\\\n") << QStringList {u"RUN a b\\"_s}
                                         << QList<int> {2, 3};
        QTest::newRow("crlf stripped") << QByteArray("RUN a\r\r\n") << QStringList {u"RUN a"_s} << QList<int> {1, 1};
        QTest::newRow("heredoc lines belong to the instruction")
            << QByteArray("RUN <<EOF\nx\nEOF\nRUN y\n") << QStringList {u"RUN <<EOF"_s, u"RUN y"_s}
            << QList<int> {1, 3, 4, 4};
    }

    void logicalLines()
    {
        QFETCH(QByteArray, input);
        QFETCH(QStringList, logical);
        QFETCH(QList<int>, lines);
        const auto tree = parseDockerfile(input.toStdString());
        QCOMPARE(tree->instructions().size(), size_t(logical.size()));
        for (qsizetype i = 0; i < logical.size(); ++i) {
            const Instruction &instruction = tree->instructions()[size_t(i)];
            QCOMPARE(QString::fromStdString(std::string(tree->logicalText(instruction))), logical[i]);
            QCOMPARE(instruction.startLine, lines[2 * i]);
            QCOMPARE(instruction.endLine, lines[2 * i + 1]);
        }
    }

    void directives_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QStringList>("names");
        QTest::addColumn<QString>("errors");
        QTest::addColumn<char>("escape");

        QTest::newRow("syntax and escape") << QByteArray("# syntax=docker/dockerfile:1\n#escape = `\nFROM a\n")
                                           << QStringList {u"syntax"_s, u"escape"_s} << QString() << '`';
        QTest::newRow("check") << QByteArray("# check=skip=JSONArgsRecommended\nFROM a\n") << QStringList {u"check"_s}
                               << QString() << '\\';
        QTest::newRow("after a comment: ignored")
            << QByteArray("# hello\n# escape=`\nFROM a\n") << QStringList {} << QString() << '\\';
        QTest::newRow("after a blank line: ignored")
            << QByteArray("\n# escape=`\nFROM a\n") << QStringList {} << QString() << '\\';
        QTest::newRow("unknown key ends directives")
            << QByteArray("# foo=bar\n# escape=`\nFROM a\n") << QStringList {} << QString() << '\\';
        QTest::newRow("case-insensitive key")
            << QByteArray("# ESCAPE=`\nFROM a\n") << QStringList {u"escape"_s} << QString() << '`';
        QTest::newRow("repeated directive") << QByteArray("# syntax=a\n# syntax=b\nFROM a\n")
                                            << QStringList {u"syntax"_s} << u"DuplicateDirective"_s << '\\';
        QTest::newRow("invalid escape") << QByteArray("# escape=x\nFROM a\n") << QStringList {}
                                        << u"InvalidEscapeToken"_s << '\\';
        QTest::newRow("no value") << QByteArray("# escape=\nFROM a\n") << QStringList {} << QString() << '\\';
    }

    void directives()
    {
        QFETCH(QByteArray, input);
        QFETCH(QStringList, names);
        QFETCH(QString, errors);
        QFETCH(char, escape);
        const auto tree = parseDockerfile(input.toStdString());
        QStringList actual;
        for (const Directive &d : tree->directives())
            actual << QString::fromStdString(std::string(d.name));
        QCOMPARE(actual, names);
        QCOMPARE(diagnosticCodes(*tree), errors);
        QCOMPARE(tree->escapeToken(), escape);
    }

    void flags_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QStringList>("flags"); // name=value or name
        QTest::addColumn<QString>("arguments");
        QTest::addColumn<QStringList>("sourceTexts");

        QTest::newRow("from") << QByteArray("COPY --from=builder /a /b\n") << QStringList {u"from=builder"_s}
                              << u"/a /b"_s << QStringList {u"--from=builder"_s};
        QTest::newRow("quoted value") << QByteArray("COPY --chown=\"a b\" x y\n") << QStringList {u"chown=a b"_s}
                                      << u"x y"_s << QStringList {u"--chown=\"a b\""_s};
        QTest::newRow("double dash ends flags") << QByteArray("COPY --link -- --x y\n") << QStringList {u"link"_s}
                                                << u"--x y"_s << QStringList {u"--link"_s};
        QTest::newRow("across lines") << QByteArray("RUN --mount=type=cache,target=/x \\\n    --network=none make\n")
                                      << QStringList {u"mount=type=cache,target=/x"_s, u"network=none"_s} << u"make"_s
                                      << QStringList {u"--mount=type=cache,target=/x"_s, u"--network=none"_s};
        QTest::newRow("single dash is an argument")
            << QByteArray("RUN -x\n") << QStringList {} << u"-x"_s << QStringList {};
        QTest::newRow("flags only") << QByteArray("CMD --doit\n") << QStringList {u"doit"_s} << QString()
                                    << QStringList {u"--doit"_s};
        // Flag words are scanned eight bytes at a time: quotes, escapes and tabs far into them.
        QTest::newRow("long words, late quote and tab")
            << QByteArray("RUN --mount=type=cache,target=\"/a b\"\t--network=none make\n")
            << QStringList {u"mount=type=cache,target=/a b"_s, u"network=none"_s} << u"make"_s
            << QStringList {u"--mount=type=cache,target=\"/a b\""_s, u"--network=none"_s};
        QTest::newRow("long word, late escape")
            << QByteArray("COPY --chown=abcdefgh\\ij x y\n") << QStringList {u"chown=abcdefghij"_s} << u"x y"_s
            << QStringList {u"--chown=abcdefgh\\ij"_s};
    }

    void flags()
    {
        QFETCH(QByteArray, input);
        QFETCH(QStringList, flags);
        QFETCH(QString, arguments);
        QFETCH(QStringList, sourceTexts);
        const auto tree = parseDockerfile(input.toStdString());
        QCOMPARE(tree->instructions().size(), size_t(1));
        const Instruction &instruction = tree->instructions().front();
        QStringList actual;
        QStringList texts;
        for (const Flag &flag : tree->flags(instruction)) {
            QString item = QString::fromStdString(std::string(tree->flagName(flag)));
            if (tree->flagHasValue(flag))
                item += u'=' + QString::fromStdString(std::string(tree->flagValue(flag)));
            actual << item;
            texts << QString::fromStdString(std::string(tree->text().substr(flag.range.begin, flag.range.length())));
        }
        QCOMPARE(actual, flags);
        QCOMPARE(QString::fromStdString(std::string(tree->argumentsText(instruction))), arguments);
        QCOMPARE(texts, sourceTexts);
    }

    void execForm_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<bool>("json");
        QTest::addColumn<QString>("error");
        QTest::newRow("exec") << QByteArray("CMD [\"a\", \"b\"]") << true << QString();
        QTest::newRow("shell") << QByteArray("CMD a b") << false << QString();
        QTest::newRow("single quotes fall back to shell") << QByteArray("CMD ['a']") << false << QString();
        QTest::newRow("unterminated falls back") << QByteArray("CMD [\"a\"") << false << QString();
        QTest::newRow("non-string is an error") << QByteArray("CMD [\"a\", 1]") << false << u"JsonArrayNotStrings"_s;
        QTest::newRow("nested array is an error") << QByteArray("RUN [[\"a\"]]") << false << u"JsonArrayNotStrings"_s;
        QTest::newRow("copy exec") << QByteArray("COPY [\"a b\", \"/c\"]") << true << QString();
        QTest::newRow("env is never json") << QByteArray("ENV [\"a\"]=1") << false << QString();
        QTest::newRow("healthcheck cmd json") << QByteArray("HEALTHCHECK CMD [\"curl\"]") << true << QString();
    }

    void execForm()
    {
        QFETCH(QByteArray, input);
        QFETCH(bool, json);
        QFETCH(QString, error);
        const auto tree = parseDockerfile(input.toStdString());
        QCOMPARE(tree->instructions().front().json, json);
        QCOMPARE(diagnosticCodes(*tree), error);
    }

    void heredocs_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QStringList>("names");
        QTest::addColumn<QStringList>("bodies");
        QTest::addColumn<QList<bool>>("expand");
        QTest::addColumn<QString>("errors");

        QTest::newRow("simple") << QByteArray("RUN <<EOF\necho hi\nEOF\n") << QStringList {u"EOF"_s}
                                << QStringList {u"echo hi\n"_s} << QList<bool> {true} << QString();
        QTest::newRow("quoted: no expansion") << QByteArray("RUN <<'EOF'\n$x\nEOF\n") << QStringList {u"EOF"_s}
                                              << QStringList {u"$x\n"_s} << QList<bool> {false} << QString();
        QTest::newRow("chomp tabs on terminator") << QByteArray("RUN <<-EOF\n\tx\n\tEOF\n") << QStringList {u"EOF"_s}
                                                  << QStringList {u"\tx\n"_s} << QList<bool> {true} << QString();
        QTest::newRow("two on one line") << QByteArray("COPY <<A <<B /dst/\n1\nA\n2\nB\n")
                                         << QStringList {u"A"_s, u"B"_s} << QStringList {u"1\n"_s, u"2\n"_s}
                                         << QList<bool> {true, true} << QString();
        QTest::newRow("with a command") << QByteArray("RUN python3 <<EOF > /out\nprint(1)\nEOF\n")
                                        << QStringList {u"EOF"_s} << QStringList {u"print(1)\n"_s} << QList<bool> {true}
                                        << QString();
        QTest::newRow("exec form has none") << QByteArray("RUN [\"cat\", \"<<EOF\"]\n") << QStringList {}
                                            << QStringList {} << QList<bool> {} << QString();
        QTest::newRow("not on CMD") << QByteArray("CMD <<EOF\n") << QStringList {} << QStringList {} << QList<bool> {}
                                    << QString();
        QTest::newRow("glued to a word is not a heredoc")
            << QByteArray("RUN cat<<EOF\n") << QStringList {} << QStringList {} << QList<bool> {} << QString();
        QTest::newRow("unterminated") << QByteArray("RUN <<EOF\nx\n") << QStringList {u"EOF"_s}
                                      << QStringList {u"x\n"_s} << QList<bool> {true} << u"UnterminatedHeredoc"_s;
        QTest::newRow("crlf terminator") << QByteArray("RUN <<EOF\r\nx\r\nEOF\r\n") << QStringList {u"EOF"_s}
                                         << QStringList {u"x\r\n"_s} << QList<bool> {true} << QString();
        QTest::newRow("onbuild") << QByteArray("ONBUILD RUN <<EOF\nx\nEOF\n") << QStringList {u"EOF"_s}
                                 << QStringList {u"x\n"_s} << QList<bool> {true} << QString();
    }

    void heredocs()
    {
        QFETCH(QByteArray, input);
        QFETCH(QStringList, names);
        QFETCH(QStringList, bodies);
        QFETCH(QList<bool>, expand);
        QFETCH(QString, errors);
        const auto tree = parseDockerfile(input.toStdString());
        QStringList actualNames;
        QStringList actualBodies;
        QList<bool> actualExpand;
        for (const Heredoc &heredoc : tree->heredocs(tree->instructions().front())) {
            actualNames << QString::fromStdString(std::string(tree->heredocName(heredoc)));
            actualBodies << QString::fromStdString(std::string(tree->heredocBody(heredoc)));
            actualExpand << heredoc.expand;
        }
        QCOMPARE(actualNames, names);
        QCOMPARE(actualBodies, bodies);
        QCOMPARE(actualExpand, expand);
        QCOMPARE(diagnosticCodes(*tree), errors);
    }

    void diagnostics_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("codes");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");

        QTest::newRow("no instructions") << QByteArray("# only a comment\n") << u"NoInstructions"_s << 2 << 1;
        QTest::newRow("unknown instruction") << QByteArray("FROM a\nRUNN x\n") << u"UnknownInstruction"_s << 2 << 1;
        QTest::newRow("env without value") << QByteArray("FROM a\nENV PATH\n") << u"InvalidKeyValue"_s << 2 << 5;
        QTest::newRow("label missing equals") << QByteArray("FROM a\nLABEL a=b c\n") << u"InvalidKeyValue"_s << 2 << 7;
        QTest::newRow("valid file") << QByteArray("FROM a\n") << QString() << 0 << 0;
        QTest::newRow("keywords in any case") << QByteArray("fRoM a\nrUn x\nHealthCheck NONE\n") << QString() << 0 << 0;
        // ADG has ADD's length and second letter, the keyword table's key.
        QTest::newRow("near miss of a keyword") << QByteArray("FROM a\nADG x\n") << u"UnknownInstruction"_s << 2 << 1;
        QTest::newRow("env legacy form") << QByteArray("FROM a\nENV A b c\nENV B=1\tC=2\n") << QString() << 0 << 0;
        QTest::newRow("env word without equals") << QByteArray("FROM a\nENV A=1 B\n") << u"InvalidKeyValue"_s << 2 << 5;
    }

    void diagnostics()
    {
        QFETCH(QByteArray, input);
        QFETCH(QString, codes);
        QFETCH(int, line);
        QFETCH(int, column);
        const auto tree = parseDockerfile(input.toStdString());
        QCOMPARE(diagnosticCodes(*tree), codes);
        if (!tree->diagnostics().empty()) {
            const Position position = tree->lines().positionAt(tree->diagnostics().front().range.begin);
            QCOMPARE(position.line, line);
            QCOMPARE(position.column, column);
        }
    }

    void unknownInstructionSuggests()
    {
        const auto tree = parseDockerfile("FROM a\nRUNN x\n");
        QCOMPARE(QString::fromStdString(tree->diagnostics().front().message),
            u"unknown instruction: RUNN (did you mean run?)"_s);
    }

    void longLineIsReported()
    {
        std::string text = "RUN " + std::string(70000, 'x') + "\n";
        const auto tree = parseDockerfile(text);
        QCOMPARE(diagnosticCodes(*tree), u"LineTooLong"_s);
        QVERIFY(tree->reprint() == text);
    }

    void logicalToSource()
    {
        const std::string text = "RUN a \\\n    b c\n";
        const auto tree = parseDockerfile(text);
        const Instruction &instruction = tree->instructions().front();
        const std::string_view logical = tree->logicalText(instruction);
        const size_t c = logical.find('c');
        QCOMPARE(text[tree->toSource(instruction, static_cast<uint32_t>(c))], 'c');
        const SourceRange args = tree->toSource(instruction, instruction.argsBegin, instruction.argsEnd);
        QCOMPARE(QByteArray::fromStdString(text.substr(args.begin, args.length())), QByteArray("a \\\n    b c"));
    }

    void tokensClassify()
    {
        const auto tree = parseDockerfile("FROM --platform=$X alpine AS a # x\n");
        QList<TokenKind> kinds;
        for (const Token &token : tree->tokens())
            kinds << token.kind;
        const QList<TokenKind> expected {TokenKind::Keyword, TokenKind::Whitespace, TokenKind::Flag,
            TokenKind::Whitespace, TokenKind::Argument, TokenKind::Newline};
        QCOMPARE(kinds, expected);
    }

    // The parser's per-line paths (one segment or several, indentation, trailing blanks,
    // CRLF, the escape directive, the eight-byte flag scan), token by token and range by range.
    void tokensAndRanges_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("tokens");
        QTest::addColumn<QByteArray>("ranges");
        QTest::newRow("one line") << QByteArray("RUN echo hi\n") << QByteArray("KRUN|W |Aecho hi|N\n")
                                  << QByteArray("k0-3 a4-11 r0-11 ");
        QTest::newRow("one line with a long flag") << QByteArray("RUN --mount=type=cache,target=/x make\n")
                                                   << QByteArray("KRUN|W |F--mount=type=cache,target=/x|W |Amake|N\n")
                                                   << QByteArray("k0-3 f4-32 a33-37 r0-37 ");
        QTest::newRow("three lines, spaces and a tab")
            << QByteArray("RUN --mount=type=cache a \\\n    b && \\\n\tc\n")
            << QByteArray("KRUN|W |F--mount=type=cache|W |Aa|W |E\\|N\n|W    |Ab &&|W |E\\|N\n|W\t|Ac|N\n")
            << QByteArray("k0-3 f4-22 a23-40 r0-40 ");
        QTest::newRow("crlf continuation")
            << QByteArray("RUN a \\\r\n  b\r\n") << QByteArray("KRUN|W |Aa|W |E\\|N\r\n|W  |Ab|N\r\n")
            << QByteArray("k0-3 a4-12 r0-12 ");
        QTest::newRow("escape directive changes the continuation")
            << QByteArray("# escape=`\nRUN a `\n  b\\\n")
            << QByteArray("D# escape=`|N\n|KRUN|W |Aa|W |E`|N\n|W  |Ab\\|N\n") << QByteArray("k11-14 a15-23 r11-23 ");
        QTest::newRow("tabs everywhere") << QByteArray("RUN\t--x=1\ta\t\\\n\t\tb\t\n")
                                         << QByteArray("KRUN|W\t|F--x=1|W\t|Aa|W\t|E\\|N\n|W\t\t|Ab|W\t|N\n")
                                         << QByteArray("k0-3 f4-9 a10-17 r0-18 ");
        QTest::newRow("comment and empty line inside a continuation")
            << QByteArray("RUN a \\\n  # note\n\n  b\n")
            << QByteArray("KRUN|W |Aa|W |E\\|N\n|W  |C# note|N\n|N\n|W  |Ab|N\n") << QByteArray("k0-3 a4-21 r0-21 ");
        QTest::newRow("trailing blanks") << QByteArray("RUN a  \t\nCOPY --from=x  a b \t \n")
                                         << QByteArray("KRUN|W |Aa|W  \t|N\n|KCOPY|W |F--from=x|W  |Aa b|W \t |N\n")
                                         << QByteArray("k0-3 a4-5 r0-8 k9-13 f14-22 a24-27 r9-30 ");
        QTest::newRow("flag on a continuation line")
            << QByteArray("RUN --a=1 \\\n  --b=2 c\n") << QByteArray("KRUN|W |F--a=1|W |E\\|N\n|W  |F--b=2|W |Ac|N\n")
            << QByteArray("k0-3 f4-9 f14-19 a20-21 r0-21 ");
        QTest::newRow("keyword alone before a continuation")
            << QByteArray("RUN \\\n  a\n") << QByteArray("KRUN|W |E\\|N\n|W  |Aa|N\n") << QByteArray("k0-3 a8-9 r0-9 ");
        QTest::newRow("escape right after the keyword")
            << QByteArray("FROM\\\n a\n") << QByteArray("KFROM|E\\|N\n|W |Aa|N\n") << QByteArray("k0-4 a7-8 r0-8 ");
        QTest::newRow("flag word across a line break")
            << QByteArray("RUN --a=1\\\n--b c\n") << QByteArray("KRUN|W |F--a=1|E\\|N\n|F--b|W |Ac|N\n")
            << QByteArray("k0-3 f4-14 a15-16 r0-16 ");
        QTest::newRow("flag word of 20 bytes at the end")
            << QByteArray("CMD --abcdefghijklmnop\n") << QByteArray("KCMD|W |F--abcdefghijklmnop|N\n")
            << QByteArray("k0-3 f4-22 a22-22 r0-22 ");
        QTest::newRow("flag word of 9 bytes")
            << QByteArray("COPY --abcdefg x\n") << QByteArray("KCOPY|W |F--abcdefg|W |Ax|N\n")
            << QByteArray("k0-4 f5-14 a15-16 r0-16 ");
        QTest::newRow("quote after the first eight bytes")
            << QByteArray("COPY --from=abcdefghijk\"l m\" x\n")
            << QByteArray("KCOPY|W |F--from=abcdefghijk\"l m\"|W |Ax|N\n") << QByteArray("k0-4 f5-28 a29-30 r0-30 ");
        QTest::newRow("onbuild trigger") << QByteArray("ONBUILD RUN --a=1 b\n")
                                         << QByteArray("KONBUILD|W |KRUN|W |F--a=1|W |Ab|N\n")
                                         << QByteArray("k0-7 a8-19 r0-19 > k8-11 f12-17 a18-19 r8-19 ");
        QTest::newRow("no-break space indents a continuation line") << QByteArray("RUN a \\\n\xc2"
                                                                                  "\xa0"
                                                                                  " b\n")
                                                                    << QByteArray("KRUN|W |Aa|W |E\\|N\n|A\xc2"
                                                                                  "\xa0"
                                                                                  " b|N\n")
                                                                    << QByteArray("k0-3 a4-12 r0-12 ");
        QTest::newRow("vertical tab indents a continuation line") << QByteArray("RUN a \\\n \x0b"
                                                                                " b\n")
                                                                  << QByteArray("KRUN|W |Aa|W |E\\|N\n|W |A\x0b"
                                                                                " b|N\n")
                                                                  << QByteArray("k0-3 a4-12 r0-12 ");
        QTest::newRow("indented instruction")
            << QByteArray("  RUN a\n") << QByteArray("W  |KRUN|W |Aa|N\n") << QByteArray("k2-5 a6-7 r2-7 ");
        QTest::newRow("continuation at the end of the file")
            << QByteArray("RUN a \\\n") << QByteArray("KRUN|W |Aa|W |E\\|N\n") << QByteArray("k0-3 a4-5 r0-7 ");
        QTest::newRow("escaped escape ends the line")
            << QByteArray("RUN a \\\\\nRUN b\n") << QByteArray("KRUN|W |Aa \\\\|N\n|KRUN|W |Ab|N\n")
            << QByteArray("k0-3 a4-8 r0-8 k9-12 a13-14 r9-14 ");
        QTest::newRow("flag word ends one byte into the next line")
            << QByteArray("RUN --a=1\\\nb c\n") << QByteArray("KRUN|W |F--a=1|E\\|N\n|Fb|W |Ac|N\n")
            << QByteArray("k0-3 f4-12 a13-14 r0-14 ");
        QTest::newRow("keyword ends one byte into the next line")
            << QByteArray("RU\\\nN a\n") << QByteArray("KRU|E\\|N\n|KN|W |Aa|N\n") << QByteArray("k0-5 a6-7 r0-7 ");
        QTest::newRow("empty arguments after a flag at a line end")
            << QByteArray("COPY --a \\\n\n") << QByteArray("KCOPY|W |F--a|W |E\\|N\n|N\n")
            << QByteArray("k0-4 f5-8 a8-8 r0-11 ");
    }

    void tokensAndRanges()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, tokens);
        QFETCH(QByteArray, ranges);
        const auto tree = parseDockerfile(input.toStdString());
        QCOMPARE(tokenDump(*tree), tokens);
        QCOMPARE(rangeDump(*tree), ranges);
    }

    void instructionAt()
    {
        const auto tree = parseDockerfile("FROM a\n\nRUN b \\\n  c\n");
        QCOMPARE(tree->instructionAt(0), 0);
        QCOMPARE(tree->instructionAt(7), -1);
        QCOMPARE(tree->instructionAt(12), 1);
        QCOMPARE(tree->instructionAt(17), 1);
    }

    void goQuote_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("quoted");
        QTest::newRow("plain") << QByteArray("abc") << QByteArray("\"abc\"");
        QTest::newRow("escapes") << QByteArray("\" \\ \b \f \n \r \t \v \a")
                                 << QByteArray("\"\\\" \\\\ \\b \\f \\n \\r \\t \\v \\a\"");
        QTest::newRow("nul") << QByteArray("\0", 1) << QByteArray("\"\\x00\"");
        QTest::newRow("printable unicode") << QByteArray("\xe2\x99\xa5") << QByteArray("\"\xe2\x99\xa5\"");
        QTest::newRow("nbsp is not printable") << QByteArray("\xc2\xa0") << QByteArray("\"\\u00a0\"");
        QTest::newRow("invalid byte") << QByteArray("\xff") << QByteArray("\"\\xff\"");
        QTest::newRow("del") << QByteArray("\x7f") << QByteArray("\"\\x7f\"");
    }

    void goQuote()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, quoted);
        QCOMPARE(QByteArray::fromStdString(go::quote(input.toStdString())), quoted);
    }

    void jsonArray_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("status");
        QTest::addColumn<QStringList>("values");
        QTest::newRow("empty") << QByteArray("[]") << int(JsonArrayStatus::StringArray) << QStringList {};
        QTest::newRow("strings") << QByteArray(" [ \"a\" , \"b\\u00e9\" ] ") << int(JsonArrayStatus::StringArray)
                                 << QStringList {u"a"_s, u"b\u00e9"_s};
        QTest::newRow("surrogate pair") << QByteArray("[\"\\ud83d\\ude00\"]") << int(JsonArrayStatus::StringArray)
                                        << QStringList {QString::fromUtf8("\xf0\x9f\x98\x80")};
        QTest::newRow("lone surrogate") << QByteArray("[\"\\ud83d\"]") << int(JsonArrayStatus::StringArray)
                                        << QStringList {QString::fromUtf8("\xef\xbf\xbd")};
        QTest::newRow("trailing garbage")
            << QByteArray("[\"a\"] x") << int(JsonArrayStatus::NotJsonArray) << QStringList {};
        QTest::newRow("trailing comma") << QByteArray("[\"a\",]") << int(JsonArrayStatus::NotJsonArray)
                                        << QStringList {};
        QTest::newRow("object element") << QByteArray("[{\"a\": [1, null]}]") << int(JsonArrayStatus::NotStringArray)
                                        << QStringList {};
        QTest::newRow("bad number") << QByteArray("[01]") << int(JsonArrayStatus::NotJsonArray) << QStringList {};
        QTest::newRow("control char in string")
            << QByteArray("[\"a\tb\"]") << int(JsonArrayStatus::NotJsonArray) << QStringList {};
        QTest::newRow("deep nesting") << QByteArray(20000, '[') << int(JsonArrayStatus::NotJsonArray) << QStringList {};
    }

    void jsonArray()
    {
        QFETCH(QByteArray, input);
        QFETCH(int, status);
        QFETCH(QStringList, values);
        const JsonArray parsed = parseJsonArray(input.toStdString());
        QCOMPARE(int(parsed.status), status);
        QStringList actual;
        for (const std::string &v : parsed.values)
            actual << QString::fromStdString(v);
        QCOMPARE(actual, values);
    }

    void storageReuseKeepsTreesApart()
    {
        // A released tree's buffers are reused by the next parse on this thread:
        // nothing of the old tree may show through, and live trees are never touched.
        const std::string big = "FROM a AS b\nRUN --mount=type=cache,target=/x make \\\n  install\nONBUILD RUN x\n";
        const std::string small = "FROM z\n";
        auto first = parseDockerfile(big);
        auto kept = parseDockerfile(big);
        first.reset();
        const auto second = parseDockerfile(small);
        QCOMPARE(second->instructions().size(), size_t(1));
        QCOMPARE(second->triggers().size(), size_t(0));
        QVERIFY(second->reprint() == small);
        QCOMPARE(second->lines().lineCount(), 2);
        QCOMPARE(kept->instructions().size(), size_t(3));
        QVERIFY(kept->reprint() == big);
        QCOMPARE(QString::fromStdString(std::string(kept->flagText(kept->flags(kept->instructions()[1]).front()))),
            u"--mount=type=cache,target=/x"_s);
    }

    void largeInputIsLinear()
    {
        // 50 MB of instructions parse without trouble (the time is measured by the benchmarks).
        std::string text;
        text.reserve(50u << 20);
        while (text.size() < (50u << 20))
            text += "RUN echo hello world && \\\n    make install\n";
        const auto tree = parseDockerfile(text);
        QVERIFY(tree->instructions().size() > 1000000);
        QVERIFY(!tree->hasErrors());
    }
};

QTEST_GUILESS_MAIN(TestParser)
#include "test_parser.moc"

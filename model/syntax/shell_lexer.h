// SPDX-License-Identifier: MIT
#pragma once

// BuildKit's shell word lexer and variable expander (frontend/dockerfile/shell/lex.go),
// reimplemented so that the editor computes the same words, the same expansions and the
// same error messages as `docker build` does for ARG, ENV, FROM, COPY and the rest.
//
// Like BuildKit it works on runes, not bytes: the input is decoded as UTF-8 the way Go's
// text/scanner does (each invalid byte becomes U+FFFD in the output, a leading byte order
// mark is dropped), names follow unicode.IsLetter/IsDigit and word splitting follows
// unicode.IsSpace.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stagecraft {

struct ShellLexerOptions {
    char escapeToken = '\\'; ///< '\\' or '`' (the Dockerfile's escape directive)
    bool rawQuotes = false; ///< keep quote characters in the output
    bool rawEscapes = false; ///< keep escape characters in the output
    bool skipUnsetEnv = false; ///< leave $VAR / ${VAR...} as written when VAR is unset
    bool skipProcessQuotes = false; ///< treat ' and " as ordinary characters
};

/// Looks up a variable; returns std::nullopt when it is unset. An empty function means
/// that every variable is unset.
using ShellEnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

struct ShellResult {
    std::string word; ///< the expanded text (ProcessWord); empty on error
    std::vector<std::string> words; ///< the split words (ProcessWords only); empty on error
    /// Names referenced but unset, in order of first lookup (BuildKit's "unmatched", which
    /// feeds the UndefinedVar lint). Kept on error, as far as the lexer got.
    std::vector<std::string> unmatched;
    /// Names referenced and set, in order of first lookup (BuildKit's "matched").
    std::vector<std::string> used;
    /// Empty on success, otherwise BuildKit's message, e.g. "syntax error: missing '}'".
    /// BuildKit wraps it as `failed to process "<input>": <error>` (Go's %q quoting, see
    /// go::quote) before reporting it; the wrapping is left to the caller.
    std::string error;

    [[nodiscard]] bool ok() const { return error.empty(); }
};

/// Stateless and cheap to copy; safe to use from several threads at once.
class ShellLexer {
public:
    explicit ShellLexer(ShellLexerOptions options = {});

    [[nodiscard]] const ShellLexerOptions &options() const { return m_options; }

    /// Lex.ProcessWord: expands variables and removes quotes and escapes; whitespace is kept.
    [[nodiscard]] ShellResult processWord(std::string_view input, const ShellEnvLookup &env) const;
    /// Lex.ProcessWords: as processWord, then splits into words on unquoted, unescaped
    /// whitespace, including whitespace that comes from expanded variables. Fills `word` too.
    [[nodiscard]] ShellResult processWords(std::string_view input, const ShellEnvLookup &env) const;

    /// How deeply ${name<op>word} forms may nest inside one another. BuildKit has no limit
    /// (Go grows its stacks); past this we report an error instead of exhausting ours.
    static constexpr int maxNesting = 256;

private:
    ShellLexerOptions m_options;
};

} // namespace stagecraft

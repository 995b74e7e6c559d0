// SPDX-License-Identifier: MIT
#include "run_mount.h"

#include <algorithm>

namespace stagecraft {
namespace {

char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string toLowerAscii(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), lower);
    return out;
}

// encoding/csv's Reader.Read for the first record, with the default options.
bool readCsvRecord(std::string_view text, std::vector<std::string> &fields, std::string &error)
{
    if (const size_t newline = text.find('\n'); newline != std::string_view::npos)
        text = text.substr(0, newline);
    if (text.ends_with('\r'))
        text.remove_suffix(1);
    if (text.empty()) {
        error = "EOF";
        return false;
    }
    size_t pos = 0;
    while (true) {
        std::string field;
        if (pos < text.size() && text[pos] == '"') {
            ++pos;
            while (true) {
                const size_t quote = text.find('"', pos);
                if (quote == std::string_view::npos) {
                    error = "parse error on line 1, column " + std::to_string(text.size() + 1)
                        + ": extraneous or missing \" in quoted-field";
                    return false;
                }
                field.append(text.substr(pos, quote - pos));
                pos = quote + 1;
                if (pos < text.size() && text[pos] == '"') {
                    field += '"';
                    ++pos;
                    continue;
                }
                if (pos < text.size() && text[pos] != ',') {
                    error = "parse error on line 1, column " + std::to_string(pos + 1)
                        + ": extraneous or missing \" in quoted-field";
                    return false;
                }
                break;
            }
        } else {
            const size_t comma = std::min(text.find(',', pos), text.size());
            const std::string_view raw = text.substr(pos, comma - pos);
            if (const size_t quote = raw.find('"'); quote != std::string_view::npos) {
                error = "parse error on line 1, column " + std::to_string(pos + quote + 1)
                    + ": bare \" in non-quoted-field";
                return false;
            }
            field.assign(raw);
            pos = comma;
        }
        fields.push_back(std::move(field));
        if (pos >= text.size())
            return true;
        ++pos; // the comma
    }
}

// regexp `\$.`: a dollar sign followed by any character.
bool hasVariable(std::string_view value)
{
    const size_t dollar = value.find('$');
    return dollar != std::string_view::npos && dollar + 1 < value.size();
}

// `lowerWord` (lower-case ASCII letters) in `value`, in any case: keys and the type are read
// that way. Every RUN's --mount value is asked, so the first letter is looked for with a
// bit test: for a letter, `c | 0x20` is its lower case.
bool containsIgnoringCase(std::string_view value, std::string_view lowerWord)
{
    if (lowerWord.empty())
        return true;
    const char first = lowerWord.front();
    for (size_t i = 0; i + lowerWord.size() <= value.size(); ++i) {
        if ((value[i] | 0x20) != first)
            continue;
        size_t matched = 0;
        while (matched < lowerWord.size() && lower(value[i + matched]) == lowerWord[matched])
            ++matched;
        if (matched == lowerWord.size())
            return true;
    }
    return false;
}

} // namespace

bool mayHaveFromField(std::string_view value)
{
    return containsIgnoringCase(value, "from");
}

bool mayBeSecretMount(std::string_view value)
{
    return containsIgnoringCase(value, "secret");
}

RunMount parseRunMount(std::string_view value)
{
    RunMount mount;
    std::vector<std::string> fields;
    std::string csvError;
    if (!readCsvRecord(value, fields, csvError)) {
        mount.error = "failed to parse csv mounts: " + csvError;
        return mount;
    }
    mount.fields.reserve(fields.size());
    for (std::string &field : fields) {
        RunMountField parsed;
        const size_t equals = field.find('=');
        parsed.hasValue = equals != std::string::npos;
        parsed.key = toLowerAscii(std::string_view(field).substr(0, equals));
        if (parsed.hasValue)
            parsed.value = field.substr(equals + 1);
        if (parsed.hasValue) {
            if (parsed.key == "type") {
                mount.type = toLowerAscii(parsed.value);
            } else if (parsed.key == "from") {
                // Checked when the instruction is parsed, before anything is expanded.
                if (hasVariable(parsed.value) && mount.error.empty())
                    mount.error = "'from' doesn't support variable expansion, define alias stage instead";
                mount.from = parsed.value;
            } else if (parsed.key == "source" || parsed.key == "src") {
                mount.source = parsed.value;
            } else if (parsed.key == "target" || parsed.key == "dst" || parsed.key == "destination") {
                mount.target = parsed.value;
            } else if (parsed.key == "id") {
                mount.id = parsed.value;
            }
        }
        mount.fields.push_back(std::move(parsed));
    }
    return mount;
}

} // namespace stagecraft

// SPDX-License-Identifier: MIT
#include "multistage_shell_env.h"

#include <algorithm>

namespace stagecraft {
namespace {

bool isNameChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

} // namespace

std::optional<std::string> ShellVariables::lookup(const std::string &name) const
{
    if (const auto it = m_local.find(name); it != m_local.end())
        return it->second;
    std::optional<std::string> value = m_scope ? m_scope->lookup(name) : std::nullopt;
    if (m_scopeReads && std::none_of(m_scopeReads->begin(), m_scopeReads->end(), [&](const auto &read) {
            return read.first == name;
        }))
        m_scopeReads->emplace_back(name, value);
    return value;
}

std::optional<std::string> ShellVariables::resolve(std::string_view value) const
{
    if (value.find('$') == std::string_view::npos && value.find('`') == std::string_view::npos)
        return std::string(value);
    std::string out;
    for (size_t i = 0; i < value.size();) {
        if (value[i] != '$') {
            if (value[i] == '`')
                return std::nullopt;
            out += value[i++];
            continue;
        }
        size_t j = i + 1;
        const bool braced = j < value.size() && value[j] == '{';
        if (braced)
            ++j;
        const size_t start = j;
        while (j < value.size() && isNameChar(value[j]))
            ++j;
        if (j == start || (braced && (j >= value.size() || value[j] != '}')))
            return std::nullopt;
        const std::optional<std::string> resolved = lookup(std::string(value.substr(start, j - start)));
        if (!resolved)
            return std::nullopt;
        out += *resolved;
        i = braced ? j + 1 : j;
    }
    return out;
}

} // namespace stagecraft

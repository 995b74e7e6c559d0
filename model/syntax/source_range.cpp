// SPDX-License-Identifier: MIT
#include "source_range.h"

#include <algorithm>
#include <cstring>

namespace stagecraft {

LineIndex::LineIndex(std::string_view text)
    : m_text(text)
{
    m_lineStarts.reserve(text.size() / 32 + 1);
    const char *data = text.data();
    const char *end = data + text.size();
    for (const char *p = data; p < end;) {
        const void *nl = std::memchr(p, '\n', static_cast<size_t>(end - p));
        if (!nl)
            break;
        p = static_cast<const char *>(nl) + 1;
        m_lineStarts.push_back(static_cast<uint32_t>(p - data));
    }
}

LineIndex::LineIndex(std::string_view text, std::vector<uint32_t> lineStarts)
    : m_text(text)
    , m_lineStarts(std::move(lineStarts))
{
    if (m_lineStarts.empty() || m_lineStarts.front() != 0)
        m_lineStarts.insert(m_lineStarts.begin(), 0);
}

int LineIndex::lineAt(uint32_t offset) const
{
    const auto it = std::upper_bound(m_lineStarts.begin(), m_lineStarts.end(), offset);
    return static_cast<int>(it - m_lineStarts.begin());
}

Position LineIndex::positionAt(uint32_t offset) const
{
    const int line = lineAt(offset);
    return {line, static_cast<int>(offset - m_lineStarts[static_cast<size_t>(line - 1)]) + 1};
}

uint32_t LineIndex::lineStart(int line) const
{
    if (line < 1)
        return 0;
    if (line > lineCount())
        return static_cast<uint32_t>(m_text.size());
    return m_lineStarts[static_cast<size_t>(line - 1)];
}

uint32_t LineIndex::lineEnd(int line) const
{
    if (line < 1)
        return 0;
    uint32_t end = line < lineCount() ? m_lineStarts[static_cast<size_t>(line)] : static_cast<uint32_t>(m_text.size());
    const uint32_t start = lineStart(line);
    if (end > start && m_text[end - 1] == '\n')
        --end;
    if (end > start && m_text[end - 1] == '\r')
        --end;
    return end;
}

uint32_t LineIndex::offsetAt(Position position) const
{
    const uint32_t start = lineStart(position.line);
    const uint32_t end = lineEnd(position.line);
    return std::min(end, start + static_cast<uint32_t>(std::max(position.column - 1, 0)));
}

} // namespace stagecraft

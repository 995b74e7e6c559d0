// SPDX-License-Identifier: MIT
#include "editor_diagnostics.h"

#include "document/analysis.h"
#include "lint/rule_catalog.h"

#include <QHash>
#include <QObject>
#include <QPainter>
#include <QPainterPath>
#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace stagecraft {
namespace {

/// Markdown inline code and bold as rich text (the input is already HTML-escaped).
QString inlineMarkdown(QString html)
{
    static const QRegularExpression code(u"`([^`]+)`"_s);
    static const QRegularExpression bold(u"\\*\\*([^*]+)\\*\\*"_s);
    html.replace(code, u"<code>\\1</code>"_s);
    html.replace(bold, u"<b>\\1</b>"_s);
    return html;
}

/// The opening paragraphs of a rule's documentation: what the rule checks and why, without
/// the title and the examples. Cached: tooltips ask again on every hover.
QString shortDocumentation(std::string_view id)
{
    static QHash<QString, QString> cache;
    const QString key = QString::fromUtf8(id.data(), static_cast<qsizetype>(id.size()));
    const auto cached = cache.constFind(key);
    if (cached != cache.constEnd())
        return *cached;
    constexpr qsizetype maximumLength = 600;
    QStringList paragraphs;
    qsizetype length = 0;
    const QString markdown = ruleDocumentation(id);
    for (const QString &block : markdown.split(u"\n\n"_s, Qt::SkipEmptyParts)) {
        const QString paragraph = block.trimmed();
        if (paragraph.startsWith(u"# "_s))
            continue;
        if (paragraph.startsWith(u"#"_s) || paragraph.startsWith(u"```"_s) || length >= maximumLength)
            break;
        QString text = paragraph.simplified();
        if (length + text.size() > maximumLength) {
            // Cut at the last sentence that fits, else at a word.
            qsizetype cut = text.lastIndexOf(u". "_s, maximumLength - length);
            if (cut < 0)
                cut = text.lastIndexOf(u' ', maximumLength - length);
            text = text.left(cut < 0 ? maximumLength - length : cut + 1) + u" …"_s;
        }
        length += text.size();
        paragraphs.append(inlineMarkdown(text.toHtmlEscaped()));
    }
    QString html;
    for (const QString &paragraph : std::as_const(paragraphs))
        html += u"<p>"_s + paragraph + u"</p>"_s;
    cache.insert(key, html);
    return html;
}

} // namespace

QColor severityColor(Severity severity)
{
    switch (severity) {
    case Severity::Error:
        return QColor(0xe0, 0x31, 0x31);
    case Severity::Warning:
        return QColor(0xe8, 0x9a, 0x0c);
    case Severity::Info:
        return QColor(0x2f, 0x7f, 0xd8);
    case Severity::Style:
        return QColor(0x5f, 0x9e, 0x6e);
    }
    return Qt::gray;
}

QString severityTitle(Severity severity)
{
    switch (severity) {
    case Severity::Error:
        return QObject::tr("Error");
    case Severity::Warning:
        return QObject::tr("Warning");
    case Severity::Info:
        return QObject::tr("Info");
    case Severity::Style:
        return QObject::tr("Style");
    }
    return {};
}

void paintSeverityIcon(QPainter &painter, const QRectF &rect, Severity severity)
{
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    const qreal side = std::min(rect.width(), rect.height()) * 0.8;
    const QRectF box(rect.center().x() - side / 2, rect.center().y() - side / 2, side, side);
    const QColor colour = severityColor(severity);
    QPen mark(Qt::white, std::max<qreal>(1.5, side / 7), Qt::SolidLine, Qt::RoundCap);
    switch (severity) {
    case Severity::Error: {
        painter.setPen(Qt::NoPen);
        painter.setBrush(colour);
        painter.drawEllipse(box);
        painter.setPen(mark);
        const qreal d = side * 0.22;
        painter.drawLine(box.center() + QPointF(-d, -d), box.center() + QPointF(d, d));
        painter.drawLine(box.center() + QPointF(-d, d), box.center() + QPointF(d, -d));
        break;
    }
    case Severity::Warning: {
        QPainterPath triangle;
        triangle.moveTo(box.center().x(), box.top());
        triangle.lineTo(box.right(), box.bottom());
        triangle.lineTo(box.left(), box.bottom());
        triangle.closeSubpath();
        painter.setPen(Qt::NoPen);
        painter.setBrush(colour);
        painter.drawPath(triangle);
        painter.setPen(mark);
        const qreal x = box.center().x();
        painter.drawLine(QPointF(x, box.top() + side * 0.35), QPointF(x, box.top() + side * 0.62));
        painter.drawPoint(QPointF(x, box.top() + side * 0.8));
        break;
    }
    case Severity::Info: {
        painter.setPen(Qt::NoPen);
        painter.setBrush(colour);
        painter.drawEllipse(box);
        painter.setPen(mark);
        const qreal x = box.center().x();
        painter.drawPoint(QPointF(x, box.top() + side * 0.28));
        painter.drawLine(QPointF(x, box.top() + side * 0.47), QPointF(x, box.top() + side * 0.74));
        break;
    }
    case Severity::Style: {
        painter.setPen(Qt::NoPen);
        painter.setBrush(colour);
        const qreal d = side * 0.3;
        painter.drawEllipse(box.center(), d, d);
        break;
    }
    }
    painter.restore();
}

void paintLightbulb(QPainter &painter, const QRectF &rect)
{
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    const qreal side = std::min(rect.width(), rect.height()) * 0.9;
    const QPointF c = rect.center();
    const qreal r = side * 0.3;
    const QPointF bulb(c.x(), c.y() - side * 0.12);
    painter.setPen(QPen(QColor(0x9a, 0x6b, 0x00), 1));
    painter.setBrush(QColor(0xff, 0xcc, 0x22));
    painter.drawEllipse(bulb, r, r);
    // The socket: two short bars under the glass.
    painter.setPen(QPen(QColor(0x70, 0x70, 0x70), std::max<qreal>(1.2, side / 10), Qt::SolidLine, Qt::FlatCap));
    const qreal halfWidth = r * 0.55;
    for (const qreal y : {bulb.y() + r + side * 0.08, bulb.y() + r + side * 0.2})
        painter.drawLine(QPointF(c.x() - halfWidth, y), QPointF(c.x() + halfWidth, y));
    painter.restore();
}

QString diagnosticsToolTip(const std::vector<const LintDiagnostic *> &diagnostics)
{
    QString html;
    for (const LintDiagnostic *diagnostic : diagnostics) {
        if (!html.isEmpty())
            html += u"<hr/>"_s;
        const QString rule = QString::fromStdString(diagnostic->rule);
        QString names = rule;
        if (const RuleInfo *info = ruleCatalog().find(diagnostic->rule); info && !info->aliases.empty()) {
            QStringList aliases;
            for (const std::string_view alias : info->aliases)
                aliases.append(QString::fromUtf8(alias.data(), static_cast<qsizetype>(alias.size())));
            names += u" ("_s + aliases.join(u", "_s) + u')';
        }
        html += u"<p><b style=\"color:%1\">%2</b> %3</p>"_s.arg(severityColor(diagnostic->severity).name(),
            severityTitle(diagnostic->severity), QString::fromStdString(diagnostic->message).toHtmlEscaped());
        html += u"<p><code>%1</code></p>"_s.arg(names.toHtmlEscaped());
        html += shortDocumentation(diagnostic->rule);
        if (!diagnostic->fixes.empty())
            html += u"<p><i>%1</i></p>"_s.arg(QObject::tr("Quick fix available (Ctrl+.)"));
    }
    return html.isEmpty() ? html : u"<qt>"_s + html + u"</qt>"_s;
}

void DiagnosticIndex::reset(std::shared_ptr<const Analysis> analysis)
{
    m_analysis = std::move(analysis);
    m_lines.clear();
    m_order.clear();
    m_firstLine.clear();
    m_maxLastLine.clear();
    m_worst.clear();
    if (!m_analysis)
        return;
    const auto &diagnostics = m_analysis->lint.diagnostics;
    const size_t count = diagnostics.size();
    m_worst.assign(static_cast<size_t>(m_analysis->tree->lines().lineCount()), -1);
    m_lines.reserve(count);
    for (size_t i = 0; i < count; ++i) {
        const DiagnosticLines &lines = m_analysis->diagnosticLines[i];
        m_lines.emplace_back(lines.first - 1, std::max(lines.first, lines.last) - 1);
        int8_t &worst = m_worst[static_cast<size_t>(m_lines.back().first)];
        // Severity counts down from Error (0): smaller is worse.
        const auto severity = static_cast<int8_t>(diagnostics[i].severity);
        if (worst < 0 || severity < worst)
            worst = severity;
    }
    // The list comes sorted by position, so this is the identity unless that ever changes.
    m_order.resize(count);
    for (size_t i = 0; i < count; ++i)
        m_order[i] = static_cast<int>(i);
    const auto byFirstLine = [this](int a, int b) {
        return m_lines[static_cast<size_t>(a)].first < m_lines[static_cast<size_t>(b)].first;
    };
    if (!std::is_sorted(m_order.begin(), m_order.end(), byFirstLine))
        std::stable_sort(m_order.begin(), m_order.end(), byFirstLine);
    m_firstLine.reserve(count);
    m_maxLastLine.reserve(count);
    int maxLast = -1;
    for (const int index : m_order) {
        const auto [first, last] = m_lines[static_cast<size_t>(index)];
        maxLast = std::max(maxLast, last);
        m_firstLine.push_back(first);
        m_maxLastLine.push_back(maxLast);
    }
}

const LintDiagnostic &DiagnosticIndex::diagnostic(int index) const
{
    return m_analysis->lint.diagnostics[static_cast<size_t>(index)];
}

std::optional<Severity> DiagnosticIndex::worstStartingOn(int line) const
{
    if (line < 0 || static_cast<size_t>(line) >= m_worst.size() || m_worst[static_cast<size_t>(line)] < 0)
        return std::nullopt;
    return static_cast<Severity>(m_worst[static_cast<size_t>(line)]);
}

std::vector<int> DiagnosticIndex::startingOn(int line) const
{
    std::vector<int> out;
    for (const int index : touching(line, line)) {
        if (m_lines[static_cast<size_t>(index)].first == line)
            out.push_back(index);
    }
    std::stable_sort(
        out.begin(), out.end(), [this](int a, int b) { return diagnostic(a).severity < diagnostic(b).severity; });
    return out;
}

std::vector<int> DiagnosticIndex::touching(int first, int last) const
{
    // Candidates start at or before `last` and come after every diagnostic that ends before `first`.
    const auto begin = std::lower_bound(m_maxLastLine.begin(), m_maxLastLine.end(), first) - m_maxLastLine.begin();
    const auto end = std::upper_bound(m_firstLine.begin(), m_firstLine.end(), last) - m_firstLine.begin();
    std::vector<int> out;
    for (auto k = begin; k < end; ++k) {
        const int index = m_order[static_cast<size_t>(k)];
        if (m_lines[static_cast<size_t>(index)].second >= first)
            out.push_back(index);
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<int> DiagnosticIndex::containing(uint32_t offset) const
{
    if (!m_analysis)
        return {};
    const int line = m_analysis->tree->lines().lineAt(offset) - 1;
    std::vector<int> out;
    for (const int index : touching(line, line)) {
        const SourceRange range = diagnostic(index).range;
        if (range.contains(offset) || (range.begin == range.end && range.begin == offset))
            out.push_back(index);
    }
    return out;
}

} // namespace stagecraft

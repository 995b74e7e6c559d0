// SPDX-License-Identifier: MIT
#pragma once

// How the text editor shows lint diagnostics: colours and gutter icons per severity, the
// tooltip text (message, rule and its documentation), and an index from lines to the
// diagnostics of one analysis, so that painting the gutter, underlining the visible lines
// and answering a hover never walk the whole list.

#include "syntax/syntax_tree.h"

#include <QColor>
#include <QString>

#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

class QPainter;
class QRectF;

namespace stagecraft {

struct Analysis;
struct LintDiagnostic;

[[nodiscard]] QColor severityColor(Severity severity);
[[nodiscard]] QString severityTitle(Severity severity); ///< "Error", "Warning", "Info", "Style"
/// A round icon in the severity's colour: a cross (error), an exclamation mark (warning),
/// an "i" (info) or a dot (style).
void paintSeverityIcon(QPainter &painter, const QRectF &rect, Severity severity);
/// The quick-fix lightbulb.
void paintLightbulb(QPainter &painter, const QRectF &rect);

/// Rich text for a tooltip: each diagnostic's severity, message, rule id with its aliases,
/// and the opening paragraphs of the rule's documentation (resources/rules/<id>.md).
[[nodiscard]] QString diagnosticsToolTip(const std::vector<const LintDiagnostic *> &diagnostics);

/// The diagnostics of one analysis by line (0-based, as QTextBlock numbers them).
class DiagnosticIndex {
public:
    void reset(std::shared_ptr<const Analysis> analysis);
    [[nodiscard]] const std::shared_ptr<const Analysis> &analysis() const { return m_analysis; }
    [[nodiscard]] const LintDiagnostic &diagnostic(int index) const;

    /// The worst severity of the diagnostics that start on `line`.
    [[nodiscard]] std::optional<Severity> worstStartingOn(int line) const;
    /// The diagnostics that start on `line`, worst first.
    [[nodiscard]] std::vector<int> startingOn(int line) const;
    /// The diagnostics covering any of the lines [first, last], each once, in list order.
    [[nodiscard]] std::vector<int> touching(int first, int last) const;
    /// The diagnostics whose range contains byte `offset` (an empty range: at it).
    [[nodiscard]] std::vector<int> containing(uint32_t offset) const;

private:
    std::shared_ptr<const Analysis> m_analysis;
    std::vector<std::pair<int, int>> m_lines; ///< per diagnostic: its first and last line (0-based)
    std::vector<int> m_order; ///< diagnostics by first line (the list's own order when it is sorted)
    std::vector<int> m_firstLine; ///< per m_order entry: its first line (non-decreasing)
    std::vector<int> m_maxLastLine; ///< per m_order entry: the greatest last line so far (non-decreasing)
    std::vector<int8_t> m_worst; ///< per line: the worst severity starting there, -1 for none
};

} // namespace stagecraft

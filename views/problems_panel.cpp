// SPDX-License-Identifier: MIT
#include "problems_panel.h"

#include "document/dockerfile_document.h"
#include "lint/rule_catalog.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QStyle>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>
#include <cstdint>
#include <utility>

using namespace Qt::StringLiterals;

namespace stagecraft {
namespace {

constexpr std::array severities {Severity::Error, Severity::Warning, Severity::Info, Severity::Style};

QString fromStd(std::string_view text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

QString severityName(Severity severity)
{
    switch (severity) {
    case Severity::Error:
        return ProblemsModel::tr("Error");
    case Severity::Warning:
        return ProblemsModel::tr("Warning");
    case Severity::Info:
        return ProblemsModel::tr("Info");
    case Severity::Style:
        return ProblemsModel::tr("Style");
    }
    return {};
}

QString severityButtonText(Severity severity, int count)
{
    switch (severity) {
    case Severity::Error:
        return ProblemsPanel::tr("Errors (%1)").arg(count);
    case Severity::Warning:
        return ProblemsPanel::tr("Warnings (%1)").arg(count);
    case Severity::Info:
        return ProblemsPanel::tr("Info (%1)").arg(count);
    case Severity::Style:
        return ProblemsPanel::tr("Style (%1)").arg(count);
    }
    return {};
}

QIcon severityIcon(Severity severity)
{
    QStyle *style = QApplication::style();
    switch (severity) {
    case Severity::Error:
        return style->standardIcon(QStyle::SP_MessageBoxCritical);
    case Severity::Warning:
        return style->standardIcon(QStyle::SP_MessageBoxWarning);
    case Severity::Info:
    case Severity::Style:
        return style->standardIcon(QStyle::SP_MessageBoxInformation);
    }
    return {};
}

} // namespace

ProblemsModel::ProblemsModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

namespace {

/// The text of a diagnostic's first line before the diagnostic.
std::string_view linePrefix(const Analysis &analysis, size_t diagnostic)
{
    const SyntaxTree &tree = *analysis.tree;
    const uint32_t lineStart = tree.lines().lineStart(analysis.diagnosticLines[diagnostic].first);
    const uint32_t begin = std::min<uint32_t>(
        analysis.lint.diagnostics[diagnostic].range.begin, static_cast<uint32_t>(tree.text().size()));
    return tree.text().substr(lineStart, begin - lineStart);
}

/// The same rules on the same stages, in the same order: what typing elsewhere in the file
/// does to the list (places move; a message may quote the edited word). Then the rows are
/// updated in place and the model need not be rebuilt.
bool sameRows(const Analysis &a, const Analysis &b)
{
    return a.lint.stageNames == b.lint.stageNames
        && std::equal(a.lint.diagnostics.begin(), a.lint.diagnostics.end(), b.lint.diagnostics.begin(),
            b.lint.diagnostics.end(), [](const LintDiagnostic &x, const LintDiagnostic &y) {
                return x.rule == y.rule && x.severity == y.severity && x.stage == y.stage;
            });
}

} // namespace

bool ProblemsModel::setAnalysis(std::shared_ptr<const Analysis> analysis)
{
    if (m_analysis && analysis && !m_rows.empty() && sameRows(*m_analysis, *analysis)) {
        const std::shared_ptr<const Analysis> before = std::exchange(m_analysis, std::move(analysis));
        int first = -1;
        int last = -1;
        for (size_t i = 0; i < m_rows.size(); ++i) {
            const LintDiagnostic &diagnostic = m_analysis->lint.diagnostics[i];
            Row &row = m_rows[i];
            // The location (line, and characters before the start on it) moved when the line
            // did or the text before the start on it changed.
            const int line = m_analysis->diagnosticLines[i].first;
            bool changed
                = line != before->diagnosticLines[i].first || linePrefix(*m_analysis, i) != linePrefix(*before, i);
            if (diagnostic.message != before->lint.diagnostics[i].message) {
                row.message = fromStd(diagnostic.message);
                changed = true;
            }
            if (changed) {
                first = first < 0 ? static_cast<int>(i) : first;
                last = static_cast<int>(i);
            }
        }
        if (first >= 0)
            Q_EMIT dataChanged(index(first, 0), index(last, ColumnCount - 1));
        return false;
    }
    beginResetModel();
    m_analysis = std::move(analysis);
    m_rows.clear();
    if (m_analysis) {
        for (const LintDiagnostic &diagnostic : m_analysis->lint.diagnostics) {
            Row row;
            row.message = fromStd(diagnostic.message);
            row.rule = fromStd(diagnostic.rule);
            if (const RuleInfo *info = ruleCatalog().find(diagnostic.rule); info && !info->aliases.empty()) {
                QStringList aliases;
                for (std::string_view alias : info->aliases)
                    aliases.append(fromStd(alias));
                row.rule += u" ("_s + aliases.join(u", "_s) + u')';
            }
            row.stage = fromStd(m_analysis->lint.stageName(diagnostic.stage));
            m_rows.push_back(std::move(row));
        }
    }
    endResetModel();
    return true;
}

int ProblemsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ProblemsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProblemsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const auto rowIndex = static_cast<size_t>(index.row());
    const LintDiagnostic &diagnostic = m_analysis->lint.diagnostics[rowIndex];
    const Row &row = m_rows[rowIndex];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SeverityColumn:
            return severityName(diagnostic.severity);
        case MessageColumn:
            return row.message;
        case RuleColumn:
            return row.rule;
        case LocationColumn: {
            const int line = m_analysis->diagnosticLines[rowIndex].first;
            return u"%1:%2"_s.arg(line).arg(columnOf(*m_analysis->tree, line, diagnostic.range.begin));
        }
        case StageColumn:
            return row.stage;
        }
        break;
    case Qt::DecorationRole:
        if (index.column() == SeverityColumn)
            return severityIcon(diagnostic.severity);
        break;
    case Qt::ToolTipRole:
        if (index.column() == RuleColumn) {
            if (const RuleInfo *info = ruleCatalog().find(diagnostic.rule))
                return fromStd(info->summary);
        }
        return row.message;
    case SortRole:
        switch (index.column()) {
        case SeverityColumn:
            // Errors first, then by position.
            return static_cast<qlonglong>(diagnostic.severity) << 32 | diagnostic.range.begin;
        case LocationColumn:
            return static_cast<qlonglong>(diagnostic.range.begin);
        case MessageColumn:
            return row.message;
        case RuleColumn:
            return row.rule;
        case StageColumn:
            return row.stage;
        }
        break;
    case SeverityRole:
        return static_cast<int>(diagnostic.severity);
    case BeginRole:
        return diagnostic.range.begin;
    case EndRole:
        return diagnostic.range.end;
    case FilterTextRole:
        return QString(row.message + u'\n' + row.rule + u'\n' + row.stage);
    default:
        break;
    }
    return {};
}

QVariant ProblemsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SeverityColumn:
        return tr("Severity");
    case MessageColumn:
        return tr("Message");
    case RuleColumn:
        return tr("Rule");
    case LocationColumn:
        return tr("Line:Col");
    case StageColumn:
        return tr("Stage");
    }
    return {};
}

void ProblemsFilter::setSeverityVisible(Severity severity, bool visible)
{
    m_visible[static_cast<size_t>(severity)] = visible;
    invalidateRowsFilter();
}

bool ProblemsFilter::severityVisible(Severity severity) const
{
    return m_visible[static_cast<size_t>(severity)];
}

void ProblemsFilter::setText(const QString &text)
{
    m_text = text.trimmed();
    invalidateRowsFilter();
}

bool ProblemsFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    const int severity = index.data(ProblemsModel::SeverityRole).toInt();
    if (severity < 0 || severity >= static_cast<int>(m_visible.size()) || !m_visible[static_cast<size_t>(severity)])
        return false;
    return m_text.isEmpty()
        || index.data(ProblemsModel::FilterTextRole).toString().contains(m_text, Qt::CaseInsensitive);
}

ProblemsPanel::ProblemsPanel(DockerfileDocument *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_model(new ProblemsModel(this))
    , m_filter(new ProblemsFilter(this))
    , m_view(new QTreeView(this))
    , m_filterEdit(new QLineEdit(this))
    , m_summary(new QLabel(this))
{
    m_filter->setSourceModel(m_model);
    m_filter->setSortRole(ProblemsModel::SortRole);
    m_view->setObjectName(u"problemsView"_s);
    m_view->setModel(m_filter);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(ProblemsModel::LocationColumn, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAllColumnsShowFocus(true);
    QHeaderView *header = m_view->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(ProblemsModel::MessageColumn, QHeaderView::Stretch);
    header->resizeSection(ProblemsModel::SeverityColumn, 100);
    header->resizeSection(ProblemsModel::RuleColumn, 220);
    header->resizeSection(ProblemsModel::LocationColumn, 80);
    header->resizeSection(ProblemsModel::StageColumn, 110);

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(4, 4, 4, 0);
    for (Severity severity : severities) {
        auto *button = new QToolButton(this);
        button->setCheckable(true);
        button->setChecked(true);
        button->setAutoRaise(true);
        button->setIcon(severityIcon(severity));
        button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        button->setToolTip(tr("Show or hide %1 diagnostics").arg(severityName(severity).toLower()));
        connect(button, &QToolButton::toggled, this,
            [this, severity](bool checked) { m_filter->setSeverityVisible(severity, checked); });
        m_buttons[static_cast<size_t>(severity)] = button;
        bar->addWidget(button);
    }
    bar->addSpacing(12);
    m_filterEdit->setObjectName(u"problemsFilter"_s);
    m_filterEdit->setPlaceholderText(tr("Filter (message, rule, stage)"));
    m_filterEdit->setClearButtonEnabled(true);
    m_filterEdit->setMaximumWidth(320);
    connect(m_filterEdit, &QLineEdit::textChanged, m_filter, &ProblemsFilter::setText);
    bar->addWidget(m_filterEdit, 1);
    bar->addStretch(0);
    bar->addWidget(m_summary);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);

    connect(m_view, &QAbstractItemView::clicked, this, [this](const QModelIndex &index) { activate(index, false); });
    connect(m_view, &QAbstractItemView::activated, this, [this](const QModelIndex &index) { activate(index, true); });
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, &ProblemsPanel::updateCounts);
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, &ProblemsPanel::updateCounts);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &ProblemsPanel::updateCounts);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, &ProblemsPanel::updateCounts);
    connect(m_document, &DockerfileDocument::diagnosticsChanged, this, [this] {
        m_stale = true;
        if (m_seen)
            refresh();
    });
    refresh();
}

void ProblemsPanel::setSeen(bool seen)
{
    m_seen = seen;
    if (m_seen && m_stale)
        refresh();
}

QToolButton *ProblemsPanel::severityButton(Severity severity) const
{
    return m_buttons[static_cast<size_t>(severity)];
}

void ProblemsPanel::refresh()
{
    m_stale = false;
    // Keep the selected diagnostic (same rule and message; nearest position) and the scroll.
    const QModelIndex current = m_view->currentIndex();
    QString rule;
    QString message;
    uint32_t begin = 0;
    if (current.isValid()) {
        const QModelIndex source = m_filter->mapToSource(current);
        const LintDiagnostic &d = m_model->analysis()->lint.diagnostics[static_cast<size_t>(source.row())];
        rule = fromStd(d.rule);
        message = fromStd(d.message);
        begin = d.range.begin;
    }
    const int scroll = m_view->verticalScrollBar()->value();

    // Rows kept (only their locations moved): selection and scroll stay by themselves.
    if (!m_model->setAnalysis(m_document->analysis()))
        return;

    if (!rule.isEmpty()) {
        int best = -1;
        uint32_t bestDistance = UINT32_MAX;
        const auto &diagnostics = m_model->analysis()->lint.diagnostics;
        for (size_t i = 0; i < diagnostics.size(); ++i) {
            if (fromStd(diagnostics[i].rule) != rule || fromStd(diagnostics[i].message) != message)
                continue;
            const uint32_t distance = diagnostics[i].range.begin > begin ? diagnostics[i].range.begin - begin
                                                                         : begin - diagnostics[i].range.begin;
            if (distance < bestDistance) {
                best = static_cast<int>(i);
                bestDistance = distance;
            }
        }
        const QModelIndex index = best >= 0 ? m_filter->mapFromSource(m_model->index(best, 0)) : QModelIndex();
        if (index.isValid())
            m_view->selectionModel()->setCurrentIndex(
                index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
    m_view->verticalScrollBar()->setValue(scroll);
}

void ProblemsPanel::updateCounts()
{
    std::array<int, 4> counts {};
    if (const auto &analysis = m_model->analysis()) {
        for (const LintDiagnostic &diagnostic : analysis->lint.diagnostics)
            ++counts[static_cast<size_t>(diagnostic.severity)];
    }
    for (Severity severity : severities) {
        const auto i = static_cast<size_t>(severity);
        m_buttons[i]->setText(severityButtonText(severity, counts[i]));
    }
    const int total = m_model->rowCount();
    const int shown = m_filter->rowCount();
    m_summary->setText(shown == total ? tr("%n problem(s)", nullptr, total)
                                      : tr("%1 of %n problem(s) shown", nullptr, total).arg(shown));
}

void ProblemsPanel::activate(const QModelIndex &index, bool focusEditor)
{
    if (!index.isValid())
        return;
    Q_EMIT rangeActivated(
        index.data(ProblemsModel::BeginRole).toUInt(), index.data(ProblemsModel::EndRole).toUInt(), focusEditor);
}

} // namespace stagecraft

// SPDX-License-Identifier: MIT
#pragma once

// The Problems panel: every diagnostic of the document's analysis in a sortable table
// (severity, message, rule and its aliases, line:column, stage), filtered by severity
// (toggle buttons with counts) and by text. Activating a row asks for its range to be
// selected in the editor. The table follows diagnosticsChanged() only (and waits while
// unseen) and keeps the selected diagnostic and the scroll position across updates where
// it can.

#include "syntax/syntax_tree.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>
#include <QWidget>

#include <array>
#include <memory>

class QLineEdit;
class QLabel;
class QToolButton;
class QTreeView;

namespace stagecraft {

struct Analysis;
class DockerfileDocument;

/// The diagnostics of one analysis as a table; the source of the panel's proxy.
class ProblemsModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { SeverityColumn, MessageColumn, RuleColumn, LocationColumn, StageColumn, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole + 1, ///< severity rank, position, text
        SeverityRole, ///< Severity as int
        BeginRole, ///< byte offset of the range's start (uint)
        EndRole, ///< byte offset of the range's end (uint)
        FilterTextRole, ///< message, rule, aliases and stage, for the text filter
    };

    explicit ProblemsModel(QObject *parent = nullptr);

    /// Shows `analysis`; false when the same rules still fire on the same stages, so the rows
    /// were updated in place (selection and scroll stay), true when they were rebuilt.
    bool setAnalysis(std::shared_ptr<const Analysis> analysis);
    [[nodiscard]] const std::shared_ptr<const Analysis> &analysis() const { return m_analysis; }

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    /// What a diagnostic shows that the analysis does not hold as text (its lines it does; the
    /// column is counted when shown).
    struct Row {
        QString message;
        QString rule; ///< "DL3008 (alias, …)"
        QString stage;
    };
    std::shared_ptr<const Analysis> m_analysis;
    std::vector<Row> m_rows; ///< display text per diagnostic, made once per analysis
};

/// Hides severities switched off and rows not containing the filter text.
class ProblemsFilter : public QSortFilterProxyModel {
    Q_OBJECT

public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setSeverityVisible(Severity severity, bool visible);
    [[nodiscard]] bool severityVisible(Severity severity) const;
    void setText(const QString &text);

protected:
    [[nodiscard]] bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    std::array<bool, 4> m_visible {true, true, true, true};
    QString m_text;
};

class ProblemsPanel : public QWidget {
    Q_OBJECT

public:
    explicit ProblemsPanel(DockerfileDocument *document, QWidget *parent = nullptr);

    [[nodiscard]] QTreeView *view() const { return m_view; }
    [[nodiscard]] ProblemsModel *problemsModel() const { return m_model; }
    [[nodiscard]] ProblemsFilter *filter() const { return m_filter; }
    /// The toggle button of a severity ("Errors (2)").
    [[nodiscard]] QToolButton *severityButton(Severity severity) const;
    [[nodiscard]] QLineEdit *filterEdit() const { return m_filterEdit; }
    /// Whether the user can see the panel (true at first). Unseen, it does not follow the
    /// document: updating a big file's rows nobody sees cost each keystroke about a millisecond.
    /// Seen again, it catches up. Its dock's visibilityChanged() tells: a dock whose tab is not
    /// the current one is not hidden, only moved out of view.
    void setSeen(bool seen);

Q_SIGNALS:
    /// A row was clicked or activated: select the byte range of the analysed text.
    void rangeActivated(uint32_t begin, uint32_t end, bool focusEditor);

private:
    void refresh();
    void updateCounts();
    void activate(const QModelIndex &index, bool focusEditor);

    DockerfileDocument *m_document;
    ProblemsModel *m_model;
    ProblemsFilter *m_filter;
    QTreeView *m_view;
    QLineEdit *m_filterEdit;
    QLabel *m_summary;
    std::array<QToolButton *, 4> m_buttons {};
    bool m_stale = false; ///< the rows show older diagnostics than the document's
    bool m_seen = true;
};

} // namespace stagecraft

// SPDX-License-Identifier: MIT
#include "size_panel.h"

#include "document/dockerfile_document.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <cmath>

using namespace Qt::StringLiterals;

namespace stagecraft {
namespace {

QString fromStd(std::string_view text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

QString figureText(const SizeFigure &figure)
{
    return fromStd(formatFigure(figure));
}

QString sourceText(const SizeFigure &figure)
{
    return fromStd(sizeSourceName(figure.source));
}

QString wastedText(int64_t wasted)
{
    return wasted > 0 ? fromStd(formatBytes(wasted)) : QString();
}

/// A figure's note and, when a measurement replaced an estimate, the estimate and how it was
/// made, as a tooltip; then the parts the estimate added up.
QString figureToolTip(
    std::string_view note, const std::optional<SizeFigure> &estimate = {}, const std::vector<SizePart> &parts = {})
{
    QStringList lines;
    if (!note.empty())
        lines.append(fromStd(note));
    if (estimate) {
        lines.append(SizePanel::tr("Estimated %1 (%2)").arg(figureText(*estimate), sourceText(*estimate)));
        if (!estimate->note.empty())
            lines.append(fromStd(estimate->note));
    }
    for (const SizePart &part : parts)
        lines.append(u"• %1: %2 (%3)"_s.arg(fromStd(part.what), figureText(part.figure), sourceText(part.figure)));
    return lines.join(u'\n');
}

/// "≈ 182 MB (150–210 MB)", or "≥ 90 MB" for a lower bound (formatFigure writes the "≥").
QString approximateText(const SizeFigure &figure)
{
    const QString text = figureText(figure);
    return text.startsWith(u'≥') ? text : u"≈ "_s + text;
}

/// `figure` is what the row shows; `estimate` the estimate a measurement replaced, if one did.
void setRow(QTreeWidgetItem *item, const SizeFigure &figure, const std::optional<SizeFigure> &estimate, int64_t wasted,
    const QString &wastedNote)
{
    item->setText(SizePanel::SizeColumn, figureText(figure));
    item->setText(SizePanel::SourceColumn, sourceText(figure));
    item->setText(SizePanel::EstimateColumn, estimate ? figureText(*estimate) : QString());
    item->setText(SizePanel::WastedColumn, wastedText(wasted));
    item->setTextAlignment(SizePanel::SizeColumn, Qt::AlignRight | Qt::AlignVCenter);
    item->setTextAlignment(SizePanel::EstimateColumn, Qt::AlignRight | Qt::AlignVCenter);
    item->setTextAlignment(SizePanel::WastedColumn, Qt::AlignRight | Qt::AlignVCenter);
    if (!wastedNote.isEmpty())
        item->setToolTip(SizePanel::WastedColumn, wastedNote);
}

} // namespace

std::optional<int64_t> parseByteSize(const QString &text)
{
    static const QRegularExpression pattern(
        uR"(^\s*([0-9]+(?:[.,][0-9]+)?)\s*([kmgt]?)(i?)(b?)\s*$)"_s, QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    bool ok = false;
    const double number = match.captured(1).replace(u',', u'.').toDouble(&ok);
    if (!ok)
        return std::nullopt;
    const QString unit = match.captured(2).toLower();
    const double base = match.captured(3).isEmpty() ? 1000.0 : 1024.0;
    const int power = unit.isEmpty() ? 0 : static_cast<int>(QStringLiteral("kmgt").indexOf(unit)) + 1;
    const double bytes = number * std::pow(base, power);
    if (bytes > 1e18)
        return std::nullopt;
    return static_cast<int64_t>(std::llround(bytes));
}

QString finalImageText(const SizeReport &report)
{
    const StageSize *stage = report.finalStage();
    const SizeFigure &estimate = report.finalImage;
    if (stage && stage->measured && stage->measured->known()) {
        const QString measured = fromStd(formatBytes(stage->measured->bytes));
        return estimate.known()
            ? SizePanel::tr("Final image %1 measured, estimated %2").arg(measured, approximateText(estimate))
            : SizePanel::tr("Final image %1 measured").arg(measured);
    }
    if (!stage || !estimate.known())
        return SizePanel::tr("Final image size unknown");
    return SizePanel::tr("Final image %1").arg(approximateText(estimate));
}

SizePanel::SizePanel(DockerfileDocument *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_tree(new QTreeWidget(this))
    , m_summary(new QLabel(this))
    , m_enterSize(new QPushButton(tr("Enter Image Size…"), this))
{
    m_tree->setObjectName(u"sizeTree"_s);
    m_tree->setColumnCount(ColumnCount);
    m_tree->setHeaderLabels(
        {tr("Stage / line"), tr("Instruction"), tr("Size"), tr("Source"), tr("Estimate"), tr("Wasted")});
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    QHeaderView *header = m_tree->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(InstructionColumn, QHeaderView::Stretch);
    header->resizeSection(StageColumn, 170);
    header->resizeSection(SizeColumn, 190);
    header->resizeSection(SourceColumn, 120);
    header->resizeSection(EstimateColumn, 190);
    header->resizeSection(WastedColumn, 80);

    m_enterSize->setObjectName(u"enterImageSize"_s);
    m_enterSize->setToolTip(tr("Enter the size of a base image the catalog does not know"));
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(6, 4, 4, 0);
    bar->addWidget(m_summary, 1);
    bar->addWidget(m_enterSize);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(bar);
    layout->addWidget(m_tree, 1);

    m_prompt = [this](const QString &reference) -> std::optional<int64_t> {
        bool ok = false;
        const QString text = QInputDialog::getText(this, tr("Image Size"),
            tr("Uncompressed size of %1 (as docker image ls shows it, e.g. 120 MB):").arg(reference), QLineEdit::Normal,
            {}, &ok);
        return ok ? parseByteSize(text) : std::nullopt;
    };

    const auto jump = [this](QTreeWidgetItem *item) {
        const int line = item->data(StageColumn, LineRole).toInt();
        if (line > 0)
            Q_EMIT lineActivated(line);
    };
    connect(m_tree, &QTreeWidget::itemClicked, this, jump);
    connect(m_tree, &QTreeWidget::itemActivated, this, jump);
    connect(m_tree, &QTreeWidget::itemCollapsed, this,
        [this](QTreeWidgetItem *item) { m_collapsed.insert(item->data(StageColumn, StageNameRole).toString()); });
    connect(m_tree, &QTreeWidget::itemExpanded, this,
        [this](QTreeWidgetItem *item) { m_collapsed.erase(item->data(StageColumn, StageNameRole).toString()); });
    connect(m_tree, &QTreeWidget::currentItemChanged, this, &SizePanel::updateEnterSizeButton);
    connect(m_tree, &QWidget::customContextMenuRequested, this, &SizePanel::showContextMenu);
    connect(m_enterSize, &QPushButton::clicked, this, [this] {
        QString reference = referenceFor(m_tree->currentItem());
        // Without a selected unknown base, take the first one.
        for (int i = 0; reference.isEmpty() && i < m_tree->topLevelItemCount(); ++i)
            reference = referenceFor(m_tree->topLevelItem(i));
        if (!reference.isEmpty())
            enterSize(reference);
    });
    // Sizes, reachability (topology) and line numbers (extents) show here; several may
    // change in one analysis, which analysisChanged() ends: rebuild once, then (once seen).
    const auto markStale = [this] { m_stale = true; };
    connect(m_document, &DockerfileDocument::sizesChanged, this, markStale);
    connect(m_document, &DockerfileDocument::topologyChanged, this, markStale);
    connect(m_document, &DockerfileDocument::stageExtentsChanged, this, markStale);
    connect(m_document, &DockerfileDocument::analysisChanged, this, [this] {
        if (m_stale && m_seen)
            refresh();
    });
    refresh();
}

void SizePanel::setSeen(bool seen)
{
    m_seen = seen;
    if (m_seen && m_stale)
        refresh();
}

void SizePanel::enterSize(const QString &reference)
{
    if (const std::optional<int64_t> bytes = m_prompt(reference))
        Q_EMIT imageSizeEntered(reference, *bytes);
}

QString SizePanel::referenceFor(const QTreeWidgetItem *item) const
{
    if (!item)
        return {};
    QString reference = item->data(StageColumn, ReferenceRole).toString();
    // A stage row stands for its base.
    if (reference.isEmpty() && !item->parent() && item->childCount() > 0)
        reference = item->child(0)->data(StageColumn, ReferenceRole).toString();
    return reference;
}

void SizePanel::refresh()
{
    m_stale = false;
    const std::shared_ptr<const Analysis> analysis = m_document->analysis();
    const SizeReport &report = analysis->size;
    const SyntaxTree &tree = *analysis->tree;
    // The rows are rebuilt: keep the current row (same label and line) and the scroll.
    const int scroll = m_tree->verticalScrollBar()->value();
    const QTreeWidgetItem *before = m_tree->currentItem();
    const QString currentLabel = before ? before->text(StageColumn) : QString();
    const int currentLine = before ? before->data(StageColumn, LineRole).toInt() : 0;
    const auto isCurrent = [&](const QTreeWidgetItem *item) {
        return !currentLabel.isEmpty() && item->text(StageColumn) == currentLabel
            && item->data(StageColumn, LineRole).toInt() == currentLine;
    };

    m_tree->clear();
    const QColor dimmed = palette().color(QPalette::Disabled, QPalette::Text);
    int unknownImages = 0;
    QTreeWidgetItem *restore = nullptr;
    for (const StageSize &stage : report.stages) {
        auto *stageItem = new QTreeWidgetItem(m_tree);
        const QString name = fromStd(stage.name);
        stageItem->setText(StageColumn, stage.target ? tr("%1 (target)").arg(name) : name);
        stageItem->setData(StageColumn, StageNameRole, name);
        const BaseSize &base = stage.base;
        QString baseText = fromStd(base.resolved.empty() ? base.ref : base.resolved);
        if (!base.catalogEntry.empty() && fromStd(base.catalogEntry) != baseText)
            baseText += tr("  (catalog: %1%2)")
                            .arg(fromStd(base.catalogEntry), base.fallback ? tr(", nearest tag") : QString());
        stageItem->setText(InstructionColumn, tr("FROM %1").arg(baseText));
        // A measured stage (the image built) shows its measured total against the estimate.
        QStringList notes;
        if (stage.measured) {
            setRow(stageItem, *stage.measured, stage.total, stage.wasted, {});
            notes.append(figureToolTip(stage.measured->note, stage.total));
        } else {
            setRow(stageItem, stage.total, std::nullopt, stage.wasted, {});
            stageItem->setText(SourceColumn, tr("base: %1").arg(sourceText(base.figure)));
            if (!stage.total.note.empty())
                notes.append(fromStd(stage.total.note));
        }
        for (const std::string &note : stage.notes)
            notes.append(fromStd(note));
        stageItem->setToolTip(SizeColumn, notes.join(u'\n'));
        stageItem->setToolTip(InstructionColumn, notes.join(u'\n'));

        int fromLine = 0;
        if (stage.index < static_cast<int>(analysis->graph.stages().size()))
            fromLine = analysis->graph.stages()[static_cast<size_t>(stage.index)].startLine;
        stageItem->setData(StageColumn, LineRole, fromLine);

        auto *baseItem = new QTreeWidgetItem(stageItem);
        baseItem->setText(StageColumn, QString::number(fromLine));
        baseItem->setData(StageColumn, LineRole, fromLine);
        baseItem->setText(InstructionColumn, tr("base image %1").arg(baseText));
        setRow(baseItem, base.figure, base.estimate, base.wasted, {});
        baseItem->setToolTip(InstructionColumn, figureToolTip(base.figure.note, base.estimate));
        baseItem->setToolTip(SizeColumn, figureToolTip(base.figure.note, base.estimate));
        const bool enterable = !base.canonical.empty()
            && (base.figure.source == SizeSource::Unknown || base.figure.source == SizeSource::User);
        if (enterable) {
            baseItem->setData(StageColumn, ReferenceRole, fromStd(base.canonical));
            if (base.figure.source == SizeSource::Unknown) {
                ++unknownImages;
                baseItem->setText(SizeColumn, tr("unknown — Enter Size…"));
            }
        }

        for (const LayerSize &layer : stage.layers) {
            auto *item = new QTreeWidgetItem(stageItem);
            item->setText(StageColumn, QString::number(layer.line));
            item->setData(StageColumn, LineRole, layer.line);
            item->setText(InstructionColumn, fromStd(instructionSummary(tree, layer.instruction)));
            setRow(item, layer.figure, layer.estimate, layer.wasted, fromStd(layer.wastedNote));
            const QString tip = figureToolTip(layer.note(), layer.estimate, layer.parts);
            item->setToolTip(InstructionColumn, tip);
            item->setToolTip(SizeColumn, tip);
            item->setToolTip(SourceColumn, tip);
        }

        QFont font = stageItem->font(StageColumn);
        font.setBold(stage.target);
        for (int column = 0; column < ColumnCount; ++column) {
            stageItem->setFont(column, font);
            if (!stage.reachable) {
                stageItem->setForeground(column, dimmed);
                for (int i = 0; i < stageItem->childCount(); ++i)
                    stageItem->child(i)->setForeground(column, dimmed);
            }
        }
        if (!stage.reachable)
            stageItem->setToolTip(StageColumn, tr("Not built for the target"));
        stageItem->setExpanded(!m_collapsed.contains(name));

        if (isCurrent(stageItem))
            restore = stageItem;
        for (int i = 0; i < stageItem->childCount(); ++i) {
            if (isCurrent(stageItem->child(i)))
                restore = stageItem->child(i);
        }
    }
    if (restore)
        m_tree->setCurrentItem(restore);
    // The estimates a measurement replaced; without one, the size column is the estimate.
    m_tree->setColumnHidden(EstimateColumn, report.measurement.empty());
    m_tree->verticalScrollBar()->setValue(scroll);

    const QString contextNote = report.contextScanned ? QString() : tr("; build context not scanned");
    m_summary->setText(finalImageText(report) + contextNote
        + (unknownImages > 0 ? tr("; %n base image(s) of unknown size", nullptr, unknownImages) : QString()));
    updateEnterSizeButton();
}

void SizePanel::updateEnterSizeButton()
{
    bool any = !referenceFor(m_tree->currentItem()).isEmpty();
    for (int i = 0; !any && i < m_tree->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *base
            = m_tree->topLevelItem(i)->childCount() > 0 ? m_tree->topLevelItem(i)->child(0) : nullptr;
        any = base && !base->data(StageColumn, ReferenceRole).toString().isEmpty();
    }
    m_enterSize->setEnabled(any);
}

void SizePanel::showContextMenu(const QPoint &position)
{
    const QString reference = referenceFor(m_tree->itemAt(position));
    if (reference.isEmpty())
        return;
    QMenu menu(this);
    menu.addAction(tr("Enter Size of %1…").arg(reference), this, [this, reference] { enterSize(reference); });
    menu.addAction(tr("Forget Entered Size"), this, [this, reference] { Q_EMIT imageSizeEntered(reference, -1); });
    menu.exec(m_tree->viewport()->mapToGlobal(position));
}

} // namespace stagecraft

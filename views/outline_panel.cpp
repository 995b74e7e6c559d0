// SPDX-License-Identifier: MIT
#include "outline_panel.h"

#include "document/dockerfile_document.h"

#include <QHeaderView>
#include <QScrollBar>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <utility>

using namespace Qt::StringLiterals;

namespace stagecraft {
namespace {

QString fromStd(std::string_view text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

QTreeWidgetItem *addEntry(
    QTreeWidgetItem *parent, const QString &name, const QString &detail, int line, SourceRange range)
{
    auto *item = new QTreeWidgetItem(parent);
    item->setText(0, name);
    item->setText(1, detail);
    item->setText(2, line > 0 ? QString::number(line) : QString());
    item->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
    item->setData(0, OutlinePanel::BeginRole, range.begin);
    item->setData(0, OutlinePanel::EndRole, range.end);
    return item;
}

QString argDetail(const OutlineItem &item)
{
    return item.hasValue ? u"= %1"_s.arg(fromStd(item.value)) : OutlinePanel::tr("(no default)");
}

QTreeWidgetItem *addGroup(QTreeWidget *tree, const QString &title)
{
    auto *group = new QTreeWidgetItem(tree);
    group->setText(0, title);
    QFont font = group->font(0);
    font.setBold(true);
    group->setFont(0, font);
    group->setFlags(Qt::ItemIsEnabled);
    return group;
}

void place(QTreeWidgetItem *item, int line, SourceRange range)
{
    if (!item)
        return;
    item->setText(2, line > 0 ? QString::number(line) : QString());
    item->setData(0, OutlinePanel::BeginRole, range.begin);
    item->setData(0, OutlinePanel::EndRole, range.end);
}

} // namespace

// Walks the items in the order refresh() made them.
void OutlinePanel::relocate(const Outline &outline)
{
    int group = 0;
    if (!outline.globalArgs.empty()) {
        QTreeWidgetItem *globals = m_tree->topLevelItem(group++);
        for (size_t i = 0; i < outline.globalArgs.size(); ++i)
            place(globals->child(static_cast<int>(i)), outline.globalArgs[i].line, outline.globalArgs[i].range);
    }
    QTreeWidgetItem *stages = m_tree->topLevelItem(group++);
    for (size_t i = 0; i < outline.stages.size(); ++i) {
        const OutlineStage &stage = outline.stages[i];
        QTreeWidgetItem *item = stages->child(static_cast<int>(i));
        place(item, stage.line, stage.range);
        for (size_t j = 0; j < stage.args.size(); ++j)
            place(item->child(static_cast<int>(j)), stage.args[j].line, stage.args[j].range);
    }
    if (!outline.secrets.empty()) {
        QTreeWidgetItem *secrets = m_tree->topLevelItem(group);
        for (size_t i = 0; i < outline.secrets.size(); ++i)
            place(secrets->child(static_cast<int>(i)), outline.secrets[i].line, outline.secrets[i].range);
    }
}

OutlinePanel::OutlinePanel(DockerfileDocument *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_tree(new QTreeWidget(this))
{
    m_tree->setObjectName(u"outlineTree"_s);
    m_tree->setColumnCount(3);
    m_tree->setHeaderLabels({tr("Name"), tr("Detail"), tr("Line")});
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_tree->header()->resizeSection(0, 260);
    m_tree->header()->resizeSection(2, 60);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tree);

    const auto jump = [this](QTreeWidgetItem *item) {
        const QVariant begin = item->data(0, BeginRole);
        if (begin.isValid())
            Q_EMIT rangeActivated(begin.toUInt(), item->data(0, EndRole).toUInt());
    };
    connect(m_tree, &QTreeWidget::itemClicked, this, jump);
    connect(m_tree, &QTreeWidget::itemActivated, this, jump);
    // ARG and ENV edits change no other signal's scope: compare outlines on every analysis.
    connect(m_document, &DockerfileDocument::analysisChanged, this, [this] {
        if (m_seen)
            refresh();
    });
    refresh();
}

void OutlinePanel::setSeen(bool seen)
{
    m_seen = seen;
    if (m_seen)
        refresh();
}

void OutlinePanel::refresh()
{
    std::shared_ptr<const Analysis> analysis = m_document->analysis();
    if (analysis == m_shown)
        return;
    const std::shared_ptr<const Analysis> shown = std::exchange(m_shown, std::move(analysis));
    if (shown && m_shown->outline == shown->outline)
        return;
    // Typing moves the entries below the cursor; only their places change, not the tree.
    if (shown && sameExceptPlaces(m_shown->outline, shown->outline)) {
        relocate(m_shown->outline);
        return;
    }
    const Outline &outline = m_shown->outline;

    const int scroll = m_tree->verticalScrollBar()->value();
    m_tree->clear();
    QStyle *style = m_tree->style();
    const QColor dimmed = palette().color(QPalette::Disabled, QPalette::Text);
    const QIcon secretIcon = style->standardIcon(QStyle::SP_MessageBoxWarning);

    if (!outline.globalArgs.empty()) {
        QTreeWidgetItem *group = addGroup(m_tree, tr("Global ARGs"));
        for (const OutlineItem &arg : outline.globalArgs) {
            QTreeWidgetItem *item = addEntry(group, fromStd(arg.name), argDetail(arg), arg.line, arg.range);
            if (arg.secret)
                item->setIcon(0, secretIcon);
        }
        group->setExpanded(true);
    }
    QTreeWidgetItem *stages = addGroup(m_tree, tr("Stages"));
    for (const OutlineStage &stage : outline.stages) {
        const QString name = stage.target ? tr("%1 (target)").arg(fromStd(stage.name)) : fromStd(stage.name);
        const QString base
            = stage.baseIsStage ? tr("FROM stage %1").arg(fromStd(stage.base)) : tr("FROM %1").arg(fromStd(stage.base));
        QTreeWidgetItem *item = addEntry(stages, name, base, stage.line, stage.range);
        item->setIcon(0, style->standardIcon(QStyle::SP_DirIcon));
        if (stage.target) {
            QFont font = item->font(0);
            font.setBold(true);
            item->setFont(0, font);
        }
        for (const OutlineItem &arg : stage.args) {
            QTreeWidgetItem *child
                = addEntry(item, tr("ARG %1").arg(fromStd(arg.name)), argDetail(arg), arg.line, arg.range);
            if (arg.secret)
                child->setIcon(0, secretIcon);
        }
        if (!stage.reachable) {
            item->setToolTip(0, tr("Not built for the target"));
            for (int column = 0; column < 3; ++column)
                item->setForeground(column, dimmed);
        }
        item->setExpanded(true);
    }
    stages->setExpanded(true);
    if (!outline.secrets.empty()) {
        QTreeWidgetItem *group = addGroup(m_tree, tr("Secrets"));
        group->setIcon(0, secretIcon);
        for (const OutlineItem &secret : outline.secrets) {
            const QString stage = secret.stage >= 0 && secret.stage < static_cast<int>(outline.stages.size())
                ? fromStd(outline.stages[static_cast<size_t>(secret.stage)].name)
                : tr("global");
            QString name;
            QString detail;
            switch (secret.kind) {
            case OutlineItem::Kind::SecretMount:
                name = tr("secret %1").arg(fromStd(secret.name));
                detail = tr("RUN --mount=type=secret → %1 (stage %2)").arg(fromStd(secret.value), stage);
                break;
            case OutlineItem::Kind::Env:
                name = tr("ENV %1").arg(fromStd(secret.name));
                detail = tr("stays in the image (stage %1); use a secret mount").arg(stage);
                break;
            case OutlineItem::Kind::Arg:
            case OutlineItem::Kind::GlobalArg:
                name = tr("ARG %1").arg(fromStd(secret.name));
                detail = tr("visible in the image history (%1); use a secret mount").arg(stage);
                break;
            }
            QTreeWidgetItem *item = addEntry(group, name, detail, secret.line, secret.range);
            item->setIcon(0,
                secret.kind == OutlineItem::Kind::SecretMount ? style->standardIcon(QStyle::SP_DialogApplyButton)
                                                              : secretIcon);
        }
        group->setExpanded(true);
    }
    m_tree->verticalScrollBar()->setValue(scroll);
}

} // namespace stagecraft

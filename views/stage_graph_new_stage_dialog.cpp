// SPDX-License-Identifier: MIT
#include "stage_graph_new_stage_dialog.h"

#include "edit/stage_edits.h"
#include "size/image_catalog.h"
#include "stage_graph_style.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace stagecraft {
namespace {

QString fromStd(const std::string &text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

/// The catalog's size for `image` on the graph's platform; empty when unknown.
QString catalogSize(const QString &image, const std::string &platform)
{
    const ImageReference reference = parseImageReference(image.toStdString());
    if (!reference.valid())
        return {};
    const ImageSize size = ImageCatalog::builtin().lookup(reference, platform);
    if (!size.found() || !size.figure.known())
        return {};
    return fromStd(formatBytes(size.figure.bytes));
}

} // namespace

StageGraphNewStageDialog::StageGraphNewStageDialog(std::shared_ptr<const Analysis> analysis, QWidget *parent)
    : QDialog(parent)
    , m_analysis(std::move(analysis))
    , m_name(new QLineEdit(this))
    , m_image(new QLineEdit(this))
    , m_images(new QTreeWidget(this))
    , m_problem(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Add Stage"));
    m_name->setObjectName(u"stageName"_s);
    m_image->setObjectName(u"baseImage"_s);
    m_images->setObjectName(u"baseImages"_s);
    m_images->setHeaderLabels({tr("Base"), tr("Size")});
    m_images->setRootIsDecorated(false);
    m_images->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_images->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_images->setMinimumSize(380, 260);
    m_problem->setStyleSheet(u"color: %1;"_s.arg(graphstyle::errorColor.name()));
    m_problem->setWordWrap(true);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Add Stage"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Base:"), m_image);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_images);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);

    fillImages();
    m_name->setText(fromStd(uniqueStageName(m_analysis->graph, "stage")));
    m_image->setText(u"alpine:3.20"_s);

    connect(m_images, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        if (item)
            m_image->setText(item->data(0, Qt::UserRole).toString());
    });
    connect(m_images, &QTreeWidget::itemDoubleClicked, this, [this] {
        if (m_buttons->button(QDialogButtonBox::Ok)->isEnabled())
            accept();
    });
    connect(m_name, &QLineEdit::textChanged, this, &StageGraphNewStageDialog::validate);
    connect(m_image, &QLineEdit::textChanged, this, &StageGraphNewStageDialog::validate);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    validate();
    m_name->selectAll();
    m_name->setFocus();
}

StageGraphNewStageDialog::~StageGraphNewStageDialog() = default;

QStringList StageGraphNewStageDialog::commonImages()
{
    return {u"alpine:3.20"_s, u"debian:bookworm-slim"_s, u"ubuntu:24.04"_s, u"busybox:latest"_s, u"node:22-slim"_s,
        u"node:20-alpine"_s, u"python:3.12-slim"_s, u"python:3.12-alpine"_s, u"golang:1.26"_s, u"golang:1.26-alpine"_s,
        u"rust:1-slim"_s, u"eclipse-temurin:21-jre"_s, u"nginx:alpine"_s, u"gcr.io/distroless/static"_s,
        u"gcr.io/distroless/base"_s, u"scratch"_s};
}

void StageGraphNewStageDialog::fillImages()
{
    const std::string &platform = m_analysis->graph.options().platform;
    for (const QString &image : commonImages()) {
        QString size = image == u"scratch" ? tr("empty") : catalogSize(image, platform);
        auto *item = new QTreeWidgetItem(m_images, {image, size.isEmpty() ? u"—"_s : size});
        item->setData(0, Qt::UserRole, image);
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
    }
    // Building on a stage of this file is a base too (FROM builder).
    for (const Stage &stage : m_analysis->graph.stages()) {
        if (stage.name.empty())
            continue;
        const QString name = fromStd(stage.name);
        auto *item = new QTreeWidgetItem(m_images, {tr("%1 (stage of this file)").arg(name), tr("stage")});
        item->setData(0, Qt::UserRole, name);
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
    }
}

QString StageGraphNewStageDialog::stageName() const
{
    return m_name->text().trimmed();
}

QString StageGraphNewStageDialog::image() const
{
    return m_image->text().trimmed();
}

void StageGraphNewStageDialog::setStageName(const QString &name)
{
    m_name->setText(name);
}

void StageGraphNewStageDialog::setImage(const QString &image)
{
    m_image->setText(image);
}

void StageGraphNewStageDialog::validate()
{
    // The model's own verdict, so the dialog refuses exactly what the edit would.
    const GraphEdit edit
        = addStage(*m_analysis->tree, m_analysis->graph, image().toStdString(), stageName().toStdString());
    m_problem->setText(fromStd(edit.refusal));
    m_problem->setVisible(!edit.ok());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(edit.ok());
}

} // namespace stagecraft

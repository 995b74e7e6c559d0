// SPDX-License-Identifier: MIT
#pragma once

// "Add stage": a name and a base. The base picker lists common official images with
// their sizes from the base-image catalog (when the catalog is built in), and the
// stages of this file; any other reference can be typed. The dialog only collects the
// choice and shows the model's verdict on it; the scene adds the stage.

#include "document/analysis.h"

#include <QDialog>

#include <memory>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QTreeWidget;

namespace stagecraft {

class StageGraphNewStageDialog : public QDialog {
    Q_OBJECT

public:
    explicit StageGraphNewStageDialog(std::shared_ptr<const Analysis> analysis, QWidget *parent = nullptr);
    ~StageGraphNewStageDialog() override;

    [[nodiscard]] QString stageName() const;
    [[nodiscard]] QString image() const;
    void setStageName(const QString &name);
    void setImage(const QString &image);

    /// The bases offered besides the file's own stages.
    [[nodiscard]] static QStringList commonImages();

private:
    void fillImages();
    void validate();

    std::shared_ptr<const Analysis> m_analysis;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_image = nullptr;
    QTreeWidget *m_images = nullptr;
    QLabel *m_problem = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace stagecraft

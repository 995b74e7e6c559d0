// SPDX-License-Identifier: MIT
#include "main_window.h"

#include "code_editor.h"

#include <QCloseEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSaveFile>
#include <QSplitter>
#include <QStatusBar>
#include <QStringDecoder>

namespace {
constexpr int statusTimeout = 5000;
const auto dockerfileFilter = QStringLiteral("Dockerfiles (Dockerfile *.Dockerfile *.dockerfile Containerfile);;"
                                             "All files (*)");
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_editor(new CodeEditor(this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_positionLabel(new QLabel(this))
{
    m_splitter->addWidget(m_editor);
    m_splitter->setChildrenCollapsible(false);
    setCentralWidget(m_splitter);

    createMenus();
    statusBar()->addPermanentWidget(m_positionLabel);

    connect(m_editor, &QPlainTextEdit::cursorPositionChanged, this, &MainWindow::updateCursorPosition);
    connect(m_editor->document(), &QTextDocument::modificationChanged, this, &QWidget::setWindowModified);
    setCurrentFile({});
    updateCursorPosition();
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open…"), QKeySequence::Open, this, &MainWindow::open);
    file->addAction(tr("&Save"), QKeySequence::Save, this, &MainWindow::save);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
}

bool MainWindow::openFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        statusBar()->showMessage(tr("Cannot open %1: %2").arg(path, file.errorString()));
        return false;
    }
    const QByteArray bytes = file.readAll();
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = decoder(bytes);
    m_editor->setPlainText(text);
    setCurrentFile(path);
    // The editor holds text, not bytes: saving would replace invalid sequences.
    if (decoder.hasError())
        statusBar()->showMessage(tr("%1 is not valid UTF-8; invalid bytes are shown as \uFFFD").arg(path));
    else
        statusBar()->showMessage(tr("Opened %1").arg(path), statusTimeout);
    return true;
}

bool MainWindow::saveFile(const QString &path)
{
    // QSaveFile writes a temporary file and renames it, so a failed save never truncates the original.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(m_editor->toPlainText().toUtf8()) < 0 || !file.commit()) {
        statusBar()->showMessage(tr("Cannot save %1: %2").arg(path, file.errorString()));
        return false;
    }
    setCurrentFile(path);
    statusBar()->showMessage(tr("Saved %1").arg(path), statusTimeout);
    return true;
}

void MainWindow::open()
{
    if (!maybeSave())
        return;
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Dockerfile"), m_currentFile, dockerfileFilter);
    if (!path.isEmpty())
        openFile(path);
}

bool MainWindow::save()
{
    QString path = m_currentFile;
    if (path.isEmpty())
        path
            = QFileDialog::getSaveFileName(this, tr("Save Dockerfile"), QStringLiteral("Dockerfile"), dockerfileFilter);
    return !path.isEmpty() && saveFile(path);
}

bool MainWindow::maybeSave()
{
    if (!m_editor->document()->isModified())
        return true;
    const auto answer = QMessageBox::warning(this, tr("Unsaved changes"), tr("Save the changes to the Dockerfile?"),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (maybeSave())
        event->accept();
    else
        event->ignore();
}

void MainWindow::setCurrentFile(const QString &path)
{
    m_currentFile = path;
    m_editor->document()->setModified(false);
    setWindowModified(false);
    const QString name = path.isEmpty() ? tr("Untitled") : QFileInfo(path).fileName();
    // "[*]" is where Qt shows the unsaved-changes marker.
    setWindowTitle(tr("%1[*] — Stagecraft").arg(name));
    setWindowFilePath(path);
}

void MainWindow::updateCursorPosition()
{
    const QTextCursor cursor = m_editor->textCursor();
    m_positionLabel->setText(tr("Ln %1, Col %2").arg(cursor.blockNumber() + 1).arg(cursor.positionInBlock() + 1));
}

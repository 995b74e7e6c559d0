// SPDX-License-Identifier: MIT
#include "main_window.h"

#include "code_editor.h"
#include "document/dockerfile_document.h"
#include "graph_renderer.h"
#include "stage_graph_new_stage_dialog.h"
#include "stage_graph_scene.h"
#include "stage_graph_view.h"

#include <QAction>
#include <QCloseEvent>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextDocumentLayout>
#include <QSplitter>
#include <QStatusBar>
#include <QTextBlock>
#include <QTextDocument>
#include <QToolBar>

#include <KSyntaxHighlighting/SyntaxHighlighter>

using namespace Qt::StringLiterals;
using stagecraft::DockerfileDocument;

namespace {
constexpr int statusTimeout = 8000;
const auto dockerfileFilter = QStringLiteral("Dockerfiles (Dockerfile *.Dockerfile *.dockerfile Containerfile);;"
                                             "All files (*)");
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_document(new DockerfileDocument(this))
    , m_editor(new CodeEditor(this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_positionLabel(new QLabel(this))
{
    attachEditorToDocument();
    m_graphScene = new stagecraft::StageGraphScene(m_document, this);
    m_graphView = new stagecraft::StageGraphView(m_graphScene, m_splitter);
    m_graphView->setObjectName(u"stageGraph"_s);

    m_splitter->addWidget(m_editor);
    m_splitter->addWidget(m_graphView);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setStretchFactor(0, 9);
    m_splitter->setStretchFactor(1, 11);
    // The editor's size hint would take most of the width; start with the graph readable.
    m_splitter->setSizes({620, 780});
    setCentralWidget(m_splitter);

    createActions();
    statusBar()->addPermanentWidget(m_positionLabel);

    connect(m_editor, &QPlainTextEdit::cursorPositionChanged, this, &MainWindow::updateCursorPosition);
    connect(m_document->textDocument(), &QTextDocument::modificationChanged, this, &QWidget::setWindowModified);
    connect(m_document, &DockerfileDocument::analysisChanged, this, &MainWindow::updateGraphCursorContext);
    connect(m_document, &DockerfileDocument::topologyChanged, this, &MainWindow::updateTargetChooser);
    connect(m_graphScene, &stagecraft::StageGraphScene::stageActivated, this, &MainWindow::revealStage);
    connect(m_graphScene, &stagecraft::StageGraphScene::instructionActivated, this, &MainWindow::revealInstruction);
    connect(m_graphScene, &stagecraft::StageGraphScene::statusMessage, this,
        [this](const QString &message) { statusBar()->showMessage(message, statusTimeout); });
    connect(m_graphScene, &stagecraft::StageGraphScene::stageRenamed, this,
        [this](const QString &oldName, const QString &newName) {
            // Renaming the target keeps building it under its new name.
            if (QString::fromStdString(m_document->analysisOptions().graph.target).toLower() == oldName)
                setTarget(newName);
        });
    connect(m_graphView, &stagecraft::StageGraphView::addStageRequested, this, &MainWindow::addStage);

    setCurrentFile({});
    updateTargetChooser();
    updateCursorPosition();
    resize(1400, 900);
}

MainWindow::~MainWindow()
{
    // The editor and the graph show the document: they go first.
    delete m_splitter;
    m_splitter = nullptr;
    delete m_graphScene;
    m_graphScene = nullptr;
}

void MainWindow::attachEditorToDocument()
{
    QTextDocument *text = m_document->textDocument();
    // QPlainTextEdit only shows documents laid out by a QPlainTextDocumentLayout.
    text->setDocumentLayout(new QPlainTextDocumentLayout(text));
    // The highlighter keeps its theme and definition (set in that order by the editor)
    // and moves to the shared document; the editor's own document, its old parent, is
    // deleted by setDocument().
    KSyntaxHighlighting::SyntaxHighlighter *highlighter = m_editor->highlighter();
    highlighter->setParent(text);
    m_editor->setDocument(text);
    highlighter->setDocument(text);
    // Font and tab stops live in the document's defaults: carry the editor's over.
    text->setDefaultFont(m_editor->font());
    m_editor->setTabStopDistance(m_editor->fontMetrics().horizontalAdvance(QLatin1Char(' ')) * 4);
    m_editor->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_editor->setLineWrapMode(QPlainTextEdit::NoWrap);
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open…"), QKeySequence::Open, this, &MainWindow::open);
    file->addAction(tr("&Save"), QKeySequence::Save, this, &MainWindow::save);
    file->addAction(tr("Save &As…"), QKeySequence::SaveAs, this, &MainWindow::saveAs);
    file->addSeparator();
    QAction *exportSvg = file->addAction(tr("Export Graph as S&VG…"), this, [this] { exportGraphAs(u"svg"_s); });
    QAction *exportPng = file->addAction(tr("Export Graph as &PNG…"), this, [this] { exportGraphAs(u"png"_s); });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    // The document's history serves both views. The editor handles these keys itself
    // while it has the focus; these actions make them work in the graph too.
    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *undo = edit->addAction(tr("&Undo"), QKeySequence::Undo, m_editor, &QPlainTextEdit::undo);
    QAction *redo = edit->addAction(tr("&Redo"), m_editor, &QPlainTextEdit::redo);
    QList<QKeySequence> redoKeys = QKeySequence::keyBindings(QKeySequence::Redo);
    if (!redoKeys.contains(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z)))
        redoKeys.append(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
    redo->setShortcuts(redoKeys);
    undo->setObjectName(u"undo"_s);
    redo->setObjectName(u"redo"_s);
    undo->setEnabled(false);
    redo->setEnabled(false);
    connect(m_document->textDocument(), &QTextDocument::undoAvailable, undo, &QAction::setEnabled);
    connect(m_document->textDocument(), &QTextDocument::redoAvailable, redo, &QAction::setEnabled);
    edit->addSeparator();
    QAction *addStage = edit->addAction(tr("&Add Stage…"), this, &MainWindow::addStage);
    edit->addAction(tr("&Delete from Graph"), m_graphView, &stagecraft::StageGraphView::deleteSelection);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *zoomIn
        = view->addAction(tr("Zoom &In"), QKeySequence::ZoomIn, m_graphView, &stagecraft::StageGraphView::zoomIn);
    QAction *zoomOut
        = view->addAction(tr("Zoom &Out"), QKeySequence::ZoomOut, m_graphView, &stagecraft::StageGraphView::zoomOut);
    QAction *fit = view->addAction(
        tr("&Fit Graph"), QKeySequence(Qt::CTRL | Qt::Key_0), m_graphView, &stagecraft::StageGraphView::fitToView);
    view->addAction(tr("&Reset Graph Layout"), m_graphScene, &stagecraft::StageGraphScene::resetPositions);

    m_graphToolBar = addToolBar(tr("Graph"));
    m_graphToolBar->setObjectName(u"graphToolBar"_s);
    m_graphToolBar->setMovable(false);
    m_graphToolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_graphToolBar->addAction(addStage);
    m_graphToolBar->addSeparator();
    m_graphToolBar->addWidget(new QLabel(tr("Target: "), m_graphToolBar));
    m_targetChooser = new QComboBox(m_graphToolBar);
    m_targetChooser->setObjectName(u"targetChooser"_s);
    m_targetChooser->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_targetChooser->setMinimumContentsLength(12);
    m_targetChooser->setToolTip(tr("The stage to build (docker build --target); stages it does not need are dimmed"));
    m_graphToolBar->addWidget(m_targetChooser);
    connect(m_targetChooser, &QComboBox::activated, this,
        [this](int index) { setTarget(m_targetChooser->itemData(index).toString()); });
    m_graphToolBar->addSeparator();
    m_graphToolBar->addAction(zoomIn);
    m_graphToolBar->addAction(zoomOut);
    m_graphToolBar->addAction(fit);
    m_graphToolBar->addSeparator();
    exportSvg->setIconText(tr("Export SVG"));
    exportPng->setIconText(tr("Export PNG"));
    zoomIn->setIconText(tr("Zoom In"));
    zoomOut->setIconText(tr("Zoom Out"));
    fit->setIconText(tr("Fit"));
    addStage->setIconText(tr("Add Stage"));
    m_graphToolBar->addAction(exportSvg);
    m_graphToolBar->addAction(exportPng);
}

bool MainWindow::openFile(const QString &path)
{
    QString error;
    if (!m_document->load(path, &error)) {
        statusBar()->showMessage(error);
        return false;
    }
    setCurrentFile(path);
    m_graphView->setAutoFit(true);
    // The document holds text, not bytes: saving would replace invalid sequences.
    if (m_document->hadInvalidUtf8())
        statusBar()->showMessage(tr("%1 is not valid UTF-8; invalid bytes are shown as \uFFFD").arg(path));
    else
        statusBar()->showMessage(tr("Opened %1").arg(path), statusTimeout);
    return true;
}

bool MainWindow::saveFile(const QString &path)
{
    QString error;
    if (!m_document->save(path, &error)) {
        statusBar()->showMessage(error);
        return false;
    }
    setCurrentFile(path);
    statusBar()->showMessage(tr("Saved %1").arg(path), statusTimeout);
    return true;
}

bool MainWindow::exportGraph(const QString &path)
{
    QString error;
    if (!stagecraft::exportGraph(*m_graphScene, path, &error)) {
        statusBar()->showMessage(error);
        return false;
    }
    statusBar()->showMessage(tr("Exported the graph to %1").arg(path), statusTimeout);
    return true;
}

void MainWindow::exportGraphAs(const QString &suffix)
{
    const QFileInfo info(m_currentFile.isEmpty() ? u"Dockerfile"_s : m_currentFile);
    const QString proposal = info.dir().filePath(info.completeBaseName() + u"-graph."_s + suffix);
    const QString filter = suffix == u"svg" ? tr("SVG images (*.svg)") : tr("PNG images (*.png)");
    QString path = QFileDialog::getSaveFileName(this, tr("Export Graph"), proposal, filter);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += u'.' + suffix;
    exportGraph(path);
}

void MainWindow::addStage()
{
    stagecraft::StageGraphNewStageDialog dialog(m_document->analysis(), this);
    if (dialog.exec() == QDialog::Accepted)
        m_graphScene->addStage(dialog.image(), dialog.stageName());
}

void MainWindow::setTarget(const QString &target)
{
    stagecraft::AnalysisOptions options = m_document->analysisOptions();
    if (options.graph.target == target.toStdString())
        return;
    options.graph.target = target.toStdString();
    m_document->setAnalysisOptions(options);
    updateTargetChooser();
}

void MainWindow::updateTargetChooser()
{
    const QString target = QString::fromStdString(m_document->analysisOptions().graph.target);
    const QSignalBlocker blocker(m_targetChooser);
    m_targetChooser->clear();
    m_targetChooser->addItem(tr("(last stage)"), QString());
    int current = 0;
    for (const stagecraft::Stage &stage : m_document->analysis()->graph.stages()) {
        // Only named stages can be a --target.
        if (stage.name.empty())
            continue;
        const QString name = QString::fromStdString(stage.name);
        m_targetChooser->addItem(name, name);
        if (name.compare(target, Qt::CaseInsensitive) == 0)
            current = m_targetChooser->count() - 1;
    }
    if (!target.isEmpty() && current == 0) {
        // Kept while the name is being retyped; the graph reports it unknown meanwhile.
        m_targetChooser->addItem(tr("%1 (missing)").arg(target), target);
        current = m_targetChooser->count() - 1;
    }
    m_targetChooser->setCurrentIndex(current);
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
    if (m_currentFile.isEmpty())
        return saveAs();
    return saveFile(m_currentFile);
}

bool MainWindow::saveAs()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save Dockerfile"), m_currentFile.isEmpty() ? u"Dockerfile"_s : m_currentFile, dockerfileFilter);
    return !path.isEmpty() && saveFile(path);
}

bool MainWindow::maybeSave()
{
    if (!m_document->textDocument()->isModified())
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
    m_document->textDocument()->setModified(false);
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
    updateGraphCursorContext();
}

void MainWindow::updateGraphCursorContext()
{
    const int position = m_editor->textCursor().position();
    const uint32_t offset = m_document->offsetOf(position);
    const stagecraft::SyntaxTree &tree = *m_document->analysis()->tree;
    int instruction = tree.instructionAt(offset);
    // At the end of a line the cursor is just past the instruction's last byte.
    if (instruction < 0 && offset > 0)
        instruction = tree.instructionAt(offset - 1);
    m_graphScene->setCursorContext(m_document->stageAt(position), instruction);
}

void MainWindow::revealPosition(int position)
{
    QTextCursor cursor(m_document->textDocument());
    cursor.setPosition(position);
    m_editor->setTextCursor(cursor);
    m_editor->ensureCursorVisible();
}

void MainWindow::revealStage(int stage)
{
    const auto analysis = m_document->analysis();
    const auto &stages = analysis->graph.stages();
    if (stage < 0 || static_cast<size_t>(stage) >= stages.size())
        return;
    const auto &from
        = analysis->tree->instructions()[static_cast<size_t>(stages[static_cast<size_t>(stage)].firstInstruction)];
    revealPosition(m_document->positionOf(from.range.begin));
}

void MainWindow::revealInstruction(int instruction)
{
    const auto analysis = m_document->analysis();
    const auto &instructions = analysis->tree->instructions();
    if (instruction < 0 || static_cast<size_t>(instruction) >= instructions.size())
        return;
    revealPosition(m_document->positionOf(instructions[static_cast<size_t>(instruction)].range.begin));
}

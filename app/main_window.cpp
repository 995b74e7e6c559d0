// SPDX-License-Identifier: MIT
#include "main_window.h"

#include "code_editor.h"
#include "document/context_scanner.h"
#include "document/dockerfile_document.h"
#include "graph_renderer.h"
#include "outline_panel.h"
#include "problems_panel.h"
#include "size/measurement_file.h"
#include "size_panel.h"
#include "stage_graph_new_stage_dialog.h"
#include "stage_graph_scene.h"
#include "stage_graph_view.h"

#include <QAction>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTextBlock>
#include <QTextDocument>
#include <QToolBar>
#include <QToolButton>

using namespace Qt::StringLiterals;
using stagecraft::DockerfileDocument;

namespace {
constexpr int statusTimeout = 8000;
const auto imageSizesKey = QStringLiteral("imageSizes");
const auto dockerfileFilter = QStringLiteral("Dockerfiles (Dockerfile *.Dockerfile *.dockerfile Containerfile);;"
                                             "All files (*)");
const auto measurementFilter = QStringLiteral("docker history or docker image inspect output (*.json *.jsonl *.txt);;"
                                              "All files (*)");
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_document(new DockerfileDocument(this))
    , m_editor(new CodeEditor(this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_positionLabel(new QLabel(this))
    , m_contextScanner(new stagecraft::BuildContextScanner(this))
{
    // The editor shows the document's text; diagnostics, quick fixes and completion follow
    // its analysis.
    m_editor->setDockerfileDocument(m_document);
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

    createPanels();
    createActions();
    statusBar()->addPermanentWidget(m_positionLabel);
    loadImageSizes();

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
    updateFinalSize();
    updateContextStatus();
    resize(1400, 900);
    // The docks' size hints would take half the height; the text and the graph come first.
    resizeDocks({m_problemsDock}, {230}, Qt::Vertical);
}

MainWindow::~MainWindow()
{
    // The editor, the graph and the panels show the document: they go first; the scanner
    // waits for its worker.
    delete m_contextScanner;
    m_contextScanner = nullptr;
    delete m_problemsDock;
    delete m_sizeDock;
    delete m_outlineDock;
    delete m_splitter;
    m_splitter = nullptr;
    delete m_graphScene;
    m_graphScene = nullptr;
}

void MainWindow::createPanels()
{
    m_problemsPanel = new stagecraft::ProblemsPanel(m_document, this);
    m_sizePanel = new stagecraft::SizePanel(m_document, this);
    m_outlinePanel = new stagecraft::OutlinePanel(m_document, this);
    const auto dock = [this](QWidget *panel, const QString &title, const QString &name) {
        auto *widget = new QDockWidget(title, this);
        widget->setObjectName(name);
        widget->setWidget(panel);
        widget->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable);
        // The tabs name the panels; a title bar above them would say it twice. The View
        // menu shows and hides them.
        widget->setTitleBarWidget(new QWidget(widget));
        addDockWidget(Qt::BottomDockWidgetArea, widget);
        return widget;
    };
    m_problemsDock = dock(m_problemsPanel, tr("Problems"), u"problemsDock"_s);
    m_sizeDock = dock(m_sizePanel, tr("Size"), u"sizeDock"_s);
    m_outlineDock = dock(m_outlinePanel, tr("Outline"), u"outlineDock"_s);
    tabifyDockWidget(m_problemsDock, m_sizeDock);
    tabifyDockWidget(m_sizeDock, m_outlineDock);
    setTabPosition(Qt::BottomDockWidgetArea, QTabWidget::North);
    m_problemsDock->raise();

    // Panels the user cannot see (a closed dock, a tab not current) wait instead of following
    // every keystroke.
    connect(m_problemsDock, &QDockWidget::visibilityChanged, m_problemsPanel, &stagecraft::ProblemsPanel::setSeen);
    connect(m_sizeDock, &QDockWidget::visibilityChanged, m_sizePanel, &stagecraft::SizePanel::setSeen);
    connect(m_outlineDock, &QDockWidget::visibilityChanged, m_outlinePanel, &stagecraft::OutlinePanel::setSeen);
    connect(m_problemsPanel, &stagecraft::ProblemsPanel::rangeActivated, this, &MainWindow::selectRange);
    connect(m_outlinePanel, &stagecraft::OutlinePanel::rangeActivated, this,
        [this](uint32_t begin, uint32_t end) { selectRange(begin, end, false); });
    connect(m_sizePanel, &stagecraft::SizePanel::lineActivated, this, &MainWindow::revealLine);
    connect(m_sizePanel, &stagecraft::SizePanel::imageSizeEntered, this, &MainWindow::setImageSize);
    connect(m_document, &DockerfileDocument::sizesChanged, this, &MainWindow::updateFinalSize);

    // Status bar, left to right: scan progress (while scanning), the build context, the
    // final image size and the cursor position.
    m_scanStatus = new QWidget(this);
    auto *scanLayout = new QHBoxLayout(m_scanStatus);
    scanLayout->setContentsMargins(0, 0, 0, 0);
    auto *busy = new QProgressBar(m_scanStatus);
    busy->setRange(0, 0);
    busy->setMaximumWidth(90);
    busy->setMaximumHeight(14);
    m_scanLabel = new QLabel(m_scanStatus);
    m_cancelScan = new QToolButton(m_scanStatus);
    m_cancelScan->setObjectName(u"cancelContextScan"_s);
    m_cancelScan->setText(tr("Cancel"));
    m_cancelScan->setToolTip(tr("Stop scanning the build context; the previous scan stays in use"));
    scanLayout->addWidget(busy);
    scanLayout->addWidget(m_scanLabel);
    scanLayout->addWidget(m_cancelScan);
    m_scanStatus->hide();
    m_contextButton = new QToolButton(this);
    m_contextButton->setObjectName(u"contextButton"_s);
    m_contextButton->setAutoRaise(true);
    m_contextButton->setToolTip(tr("The build context COPY and ADD read from; click to choose another directory"));
    m_finalSizeLabel = new QLabel(this);
    m_finalSizeLabel->setObjectName(u"finalSizeLabel"_s);
    statusBar()->addPermanentWidget(m_scanStatus);
    statusBar()->addPermanentWidget(m_contextButton);
    statusBar()->addPermanentWidget(m_finalSizeLabel);

    connect(m_contextButton, &QToolButton::clicked, this, &MainWindow::chooseContextDirectory);
    connect(m_cancelScan, &QToolButton::clicked, m_contextScanner, &stagecraft::BuildContextScanner::cancel);
    connect(m_contextScanner, &stagecraft::BuildContextScanner::started, this, [this](const QString &directory) {
        m_scanLabel->setText(tr("Scanning %1…").arg(QDir::toNativeSeparators(directory)));
        m_scanStatus->show();
    });
    connect(m_contextScanner, &stagecraft::BuildContextScanner::progress, this,
        [this](int files, qint64 bytes, const QString &) {
            m_scanLabel->setText(tr("Scanning the build context: %n file(s), %1…", nullptr, files)
                    .arg(QString::fromStdString(stagecraft::formatBytes(bytes))));
        });
    connect(m_contextScanner, &stagecraft::BuildContextScanner::finished, this,
        [this](const stagecraft::BuildContextScanner::Result &result) {
            m_scanStatus->hide();
            m_document->setBuildContext(result.size, result.lint);
            updateContextStatus();
        });
    connect(m_contextScanner, &stagecraft::BuildContextScanner::cancelled, this, [this] {
        m_scanStatus->hide();
        statusBar()->showMessage(tr("Build context scan cancelled; the previous context stays in use"), statusTimeout);
        updateContextStatus();
    });
}

void MainWindow::setContextDirectory(const QString &directory)
{
    m_contextDirectory = directory.isEmpty() ? QString() : QDir::cleanPath(QFileInfo(directory).absoluteFilePath());
    if (m_contextDirectory.isEmpty()) {
        m_contextScanner->cancel();
        m_document->setBuildContext(nullptr, nullptr);
        updateContextStatus();
        return;
    }
    m_contextScanner->start(m_contextDirectory, m_currentFile);
    updateContextStatus();
}

void MainWindow::chooseContextDirectory()
{
    const QString start = m_contextDirectory.isEmpty() ? QFileInfo(m_currentFile).absolutePath() : m_contextDirectory;
    const QString directory = QFileDialog::getExistingDirectory(this, tr("Build Context"), start);
    if (!directory.isEmpty())
        setContextDirectory(directory);
}

void MainWindow::updateContextStatus()
{
    const auto &scan = m_document->analysisOptions().sizeContext;
    if (m_contextDirectory.isEmpty()) {
        m_contextButton->setText(tr("No build context"));
        return;
    }
    const QString name = QDir::toNativeSeparators(m_contextDirectory);
    // The scan in use may be of an earlier directory while a new one runs.
    if (!scan || scan->root() != m_contextDirectory) {
        m_contextButton->setText(tr("Context: %1 (not scanned)").arg(QFileInfo(m_contextDirectory).fileName()));
        m_contextButton->setToolTip(name);
        return;
    }
    QString text = tr("Context: %1 — %n file(s), %2", nullptr, static_cast<int>(scan->files().size()))
                       .arg(QFileInfo(m_contextDirectory).fileName(),
                           QString::fromStdString(stagecraft::formatBytes(scan->totalBytes())));
    QString tip = name;
    switch (scan->status()) {
    case stagecraft::ContextScan::Status::Complete:
        break;
    case stagecraft::ContextScan::Status::NotFound:
        text = tr("Context: %1 (cannot be read)").arg(QFileInfo(m_contextDirectory).fileName());
        break;
    case stagecraft::ContextScan::Status::FileLimit:
    case stagecraft::ContextScan::Status::TimeLimit:
    case stagecraft::ContextScan::Status::Cancelled:
        text += tr(" (partial)");
        tip += u'\n' + tr("The scan stopped at its file or time limit: context sizes are lower bounds");
        break;
    }
    if (scan->ignoredFiles() > 0)
        tip += u'\n' + tr("%n entry(ies) excluded by .dockerignore", nullptr, scan->ignoredFiles());
    m_contextButton->setText(text);
    m_contextButton->setToolTip(tip + u'\n' + tr("Click to choose another directory"));
}

void MainWindow::loadImageSizes()
{
    const QVariantMap stored = QSettings().value(imageSizesKey).toMap();
    std::vector<std::pair<std::string, int64_t>> sizes;
    for (auto it = stored.cbegin(); it != stored.cend(); ++it) {
        bool ok = false;
        const qint64 bytes = it.value().toLongLong(&ok);
        if (ok && bytes >= 0)
            sizes.emplace_back(it.key().toStdString(), bytes);
    }
    m_document->setImageSizes(std::move(sizes));
}

void MainWindow::setImageSize(const QString &reference, qint64 bytes)
{
    QSettings settings;
    QVariantMap stored = settings.value(imageSizesKey).toMap();
    if (bytes < 0)
        stored.remove(reference);
    else
        stored.insert(reference, bytes);
    settings.setValue(imageSizesKey, stored);
    settings.sync();
    loadImageSizes();
}

QString MainWindow::importMeasurement(const QString &path)
{
    std::string error;
    std::optional<stagecraft::Measurement> measurement = stagecraft::readMeasurementFile(path, &error);
    if (!measurement)
        return tr("Cannot import measured sizes from %1:\n%2")
            .arg(QDir::toNativeSeparators(path), QString::fromStdString(error));
    const QString source = QString::fromUtf8(measurement->sourceName());
    const bool layers = measurement->kind == stagecraft::Measurement::Kind::History;
    m_document->setMeasurement(std::make_shared<const stagecraft::Measurement>(std::move(*measurement)));
    // How many instructions it matched tells whether it is the image of this file; a big
    // text's analysis may still be on the worker.
    m_document->ensureCurrent();
    const QString file = QFileInfo(path).fileName();
    statusBar()->showMessage(layers
            ? tr("Imported %1 from %2: %n instruction(s) matched", nullptr, m_document->analysis()->size.measuredLayers)
                  .arg(source, file)
            : tr("Imported %1 from %2: the image's total size").arg(source, file),
        statusTimeout);
    return {};
}

void MainWindow::clearMeasurement()
{
    m_document->setMeasurement(nullptr);
}

void MainWindow::chooseMeasurementFile()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Import Measured Sizes"), QFileInfo(m_currentFile).absolutePath(), measurementFilter);
    if (path.isEmpty())
        return;
    if (const QString error = importMeasurement(path); !error.isEmpty())
        QMessageBox::warning(this, tr("Import Measured Sizes"), error);
}

void MainWindow::updateMeasurementActions()
{
    m_clearMeasurement->setEnabled(m_document->measurement() != nullptr);
}

void MainWindow::updateFinalSize()
{
    const stagecraft::SizeReport &report = m_document->analysis()->size;
    m_finalSizeLabel->setText(stagecraft::finalImageText(report));
    const stagecraft::StageSize *stage = report.finalStage();
    if (!stage)
        m_finalSizeLabel->setToolTip({});
    else if (stage->measured)
        m_finalSizeLabel->setToolTip(tr("The size of stage %1 measured by %2, beside its estimate")
                .arg(QString::fromStdString(stage->name), QString::fromStdString(report.measurement)));
    else
        m_finalSizeLabel->setToolTip(tr("The estimated size of stage %1, the image docker build produces")
                .arg(QString::fromStdString(stage->name)));
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open…"), QKeySequence::Open, this, &MainWindow::open);
    file->addAction(tr("&Save"), QKeySequence::Save, this, &MainWindow::save);
    file->addAction(tr("Save &As…"), QKeySequence::SaveAs, this, &MainWindow::saveAs);
    file->addSeparator();
    QAction *context = file->addAction(tr("Build &Context…"), this, &MainWindow::chooseContextDirectory);
    context->setObjectName(u"buildContext"_s);
    QAction *importMeasurement
        = file->addAction(tr("&Import Measured Sizes…"), this, &MainWindow::chooseMeasurementFile);
    importMeasurement->setObjectName(u"importMeasurement"_s);
    importMeasurement->setToolTip(tr("Read docker history --no-trunc --format '{{json .}}' or docker image inspect "
                                     "output of the image built from this file, to show against the estimate"));
    m_clearMeasurement = file->addAction(tr("C&lear Measured Sizes"), this, &MainWindow::clearMeasurement);
    m_clearMeasurement->setObjectName(u"clearMeasurement"_s);
    connect(m_document, &DockerfileDocument::sizesChanged, this, &MainWindow::updateMeasurementActions);
    updateMeasurementActions();
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
    // The editor's own actions: their shortcuts work anywhere in the window.
    edit->addActions({m_editor->findAction(), m_editor->replaceAction(), m_editor->findNextAction(),
        m_editor->findPreviousAction(), m_editor->goToLineAction(), m_editor->quickFixAction()});
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
    view->addSeparator();
    for (QDockWidget *dock : {m_problemsDock, m_sizeDock, m_outlineDock})
        view->addAction(dock->toggleViewAction());
    m_problemsDock->toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));

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
    m_graphToolBar->addSeparator();
    context->setIconText(tr("Build Context"));
    m_graphToolBar->addAction(context);
}

bool MainWindow::openFile(const QString &path)
{
    QString error;
    if (!m_document->load(path, &error)) {
        statusBar()->showMessage(error);
        return false;
    }
    setCurrentFile(path);
    // Measured sizes are of the image built from the previous file.
    m_document->setMeasurement(nullptr);
    m_graphView->setAutoFit(true);
    // `docker build .` next to the Dockerfile is the common case.
    setContextDirectory(QFileInfo(path).absolutePath());
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
    if (m_contextDirectory.isEmpty())
        setContextDirectory(QFileInfo(path).absolutePath());
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

void MainWindow::revealLine(int line)
{
    const QTextBlock block = m_document->textDocument()->findBlockByNumber(line - 1);
    if (block.isValid())
        revealPosition(block.position());
}

void MainWindow::selectRange(uint32_t begin, uint32_t end, bool focusEditor)
{
    QTextCursor cursor(m_document->textDocument());
    cursor.setPosition(m_document->positionOf(begin));
    cursor.setPosition(m_document->positionOf(end), QTextCursor::KeepAnchor);
    m_editor->setTextCursor(cursor);
    m_editor->ensureCursorVisible();
    if (focusEditor)
        m_editor->setFocus(Qt::OtherFocusReason);
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

// SPDX-License-Identifier: MIT
#pragma once

#include <QMainWindow>

class CodeEditor;
class QAction;
class QComboBox;
class QDockWidget;
class QLabel;
class QProgressBar;
class QSplitter;
class QToolBar;
class QToolButton;

namespace stagecraft {
class BuildContextScanner;
class DockerfileDocument;
class OutlinePanel;
class ProblemsPanel;
class SizePanel;
class StageGraphScene;
class StageGraphView;
} // namespace stagecraft

/// The editor window: one DockerfileDocument shown twice, as text (left) and as the
/// stage graph (right) of a splitter. Both edit the same text through the document, so
/// there is one undo history (Edit > Undo works whichever side has the focus). The graph
/// toolbar chooses the build target and zooms and exports the graph; selection follows
/// both ways (a clicked node shows its lines; the text cursor highlights its stage and edge).
/// Below them, tabbed docks list the problems, the size estimate and the outline; the
/// status bar shows the final image size and the build context, which is scanned on a
/// worker thread whenever it changes. Sizes the user enters for unknown images live in
/// QSettings ("imageSizes", keyed by canonical reference). Measured sizes of the image built
/// from the file (docker history or docker image inspect output) can be imported to hold
/// against the estimate; they belong to that file, so opening another one drops them.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Loads `path` into the document; on failure shows why in the status bar and returns false.
    bool openFile(const QString &path);
    /// Writes the document to `path` atomically (keeping its BOM and line ends); on failure returns false.
    bool saveFile(const QString &path);
    /// Writes the graph as SVG or PNG (by the suffix of `path`).
    bool exportGraph(const QString &path);

    [[nodiscard]] QString currentFile() const { return m_currentFile; }
    [[nodiscard]] stagecraft::DockerfileDocument *document() const { return m_document; }
    [[nodiscard]] CodeEditor *editor() const { return m_editor; }
    [[nodiscard]] QSplitter *splitter() const { return m_splitter; }
    [[nodiscard]] stagecraft::StageGraphScene *graphScene() const { return m_graphScene; }
    [[nodiscard]] stagecraft::StageGraphView *graphView() const { return m_graphView; }
    [[nodiscard]] QComboBox *targetChooser() const { return m_targetChooser; }
    [[nodiscard]] QToolBar *graphToolBar() const { return m_graphToolBar; }
    [[nodiscard]] stagecraft::ProblemsPanel *problemsPanel() const { return m_problemsPanel; }
    [[nodiscard]] stagecraft::SizePanel *sizePanel() const { return m_sizePanel; }
    [[nodiscard]] stagecraft::OutlinePanel *outlinePanel() const { return m_outlinePanel; }
    [[nodiscard]] QDockWidget *problemsDock() const { return m_problemsDock; }
    [[nodiscard]] QDockWidget *sizeDock() const { return m_sizeDock; }
    [[nodiscard]] QDockWidget *outlineDock() const { return m_outlineDock; }
    [[nodiscard]] stagecraft::BuildContextScanner *contextScanner() const { return m_contextScanner; }
    [[nodiscard]] QLabel *finalSizeLabel() const { return m_finalSizeLabel; }
    [[nodiscard]] QToolButton *contextButton() const { return m_contextButton; }
    [[nodiscard]] QToolButton *cancelScanButton() const { return m_cancelScan; }

    /// Scans `directory` as the build context (off the UI thread); the analysis uses it
    /// once the scan finishes. An empty path forgets the context.
    void setContextDirectory(const QString &directory);
    [[nodiscard]] QString contextDirectory() const { return m_contextDirectory; }
    /// Remembers the size of an image the catalog lacks (canonical reference) in the
    /// settings and re-estimates; a negative size forgets it.
    void setImageSize(const QString &reference, qint64 bytes);
    /// Reads measured sizes from `path` and shows them against the estimate. Returns why that
    /// failed, naming the file (and then changes nothing), or an empty string.
    QString importMeasurement(const QString &path);
    /// Drops the imported measured sizes: the estimate alone again.
    void clearMeasurement();
    [[nodiscard]] QAction *clearMeasurementAction() const { return m_clearMeasurement; }

    /// Builds `target` (a stage name; empty: the last stage), as `docker build --target`.
    void setTarget(const QString &target);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void open();
    bool save();
    bool saveAs();
    void exportGraphAs(const QString &suffix);
    void addStage();
    /// Asks whether to save unsaved changes; false when the user cancels.
    bool maybeSave();
    void setCurrentFile(const QString &path);
    void updateCursorPosition();
    void updateGraphCursorContext();
    void updateTargetChooser();
    void revealPosition(int position);
    void revealStage(int stage);
    void revealInstruction(int instruction);
    void revealLine(int line);
    void selectRange(uint32_t begin, uint32_t end, bool focusEditor);
    void createPanels();
    void chooseContextDirectory();
    /// File > Import Measured Sizes…: asks for the file and says why it could not be imported.
    void chooseMeasurementFile();
    void updateMeasurementActions();
    void loadImageSizes();
    void updateFinalSize();
    void updateContextStatus();

    stagecraft::DockerfileDocument *m_document = nullptr;
    CodeEditor *m_editor = nullptr;
    stagecraft::StageGraphScene *m_graphScene = nullptr;
    stagecraft::StageGraphView *m_graphView = nullptr;
    QSplitter *m_splitter = nullptr;
    QToolBar *m_graphToolBar = nullptr;
    QComboBox *m_targetChooser = nullptr;
    QLabel *m_positionLabel = nullptr;
    QString m_currentFile;

    stagecraft::ProblemsPanel *m_problemsPanel = nullptr;
    stagecraft::SizePanel *m_sizePanel = nullptr;
    stagecraft::OutlinePanel *m_outlinePanel = nullptr;
    QDockWidget *m_problemsDock = nullptr;
    QDockWidget *m_sizeDock = nullptr;
    QDockWidget *m_outlineDock = nullptr;

    stagecraft::BuildContextScanner *m_contextScanner = nullptr;
    QString m_contextDirectory;
    QLabel *m_finalSizeLabel = nullptr;
    QAction *m_clearMeasurement = nullptr;
    QToolButton *m_contextButton = nullptr;
    QWidget *m_scanStatus = nullptr; ///< progress and Cancel, shown while a scan runs
    QLabel *m_scanLabel = nullptr;
    QToolButton *m_cancelScan = nullptr;
};

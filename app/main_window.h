// SPDX-License-Identifier: MIT
#pragma once

#include <QMainWindow>

class CodeEditor;
class QComboBox;
class QLabel;
class QSplitter;
class QToolBar;

namespace stagecraft {
class DockerfileDocument;
class StageGraphScene;
class StageGraphView;
} // namespace stagecraft

/// The editor window: one DockerfileDocument shown twice, as text (left) and as the
/// stage graph (right) of a splitter. Both edit the same text through the document, so
/// there is one undo history (Edit > Undo works whichever side has the focus). The graph
/// toolbar chooses the build target and zooms and exports the graph; selection follows
/// both ways (a clicked node shows its lines; the text cursor highlights its stage and edge).
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

    /// Builds `target` (a stage name; empty: the last stage), as `docker build --target`.
    void setTarget(const QString &target);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void attachEditorToDocument();
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

    stagecraft::DockerfileDocument *m_document = nullptr;
    CodeEditor *m_editor = nullptr;
    stagecraft::StageGraphScene *m_graphScene = nullptr;
    stagecraft::StageGraphView *m_graphView = nullptr;
    QSplitter *m_splitter = nullptr;
    QToolBar *m_graphToolBar = nullptr;
    QComboBox *m_targetChooser = nullptr;
    QLabel *m_positionLabel = nullptr;
    QString m_currentFile;
};

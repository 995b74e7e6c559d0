// SPDX-License-Identifier: MIT
#pragma once

#include <QMainWindow>

class CodeEditor;
class QLabel;
class QSplitter;

/// The editor window: the Dockerfile on the left of a splitter (the graph view
/// goes on the right), a File menu and a status bar.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Loads `path` into the editor; on failure shows why in the status bar and returns false.
    bool openFile(const QString &path);
    /// Writes the editor's text to `path` atomically; on failure returns false.
    bool saveFile(const QString &path);

    [[nodiscard]] QString currentFile() const { return m_currentFile; }
    [[nodiscard]] CodeEditor *editor() const { return m_editor; }
    [[nodiscard]] QSplitter *splitter() const { return m_splitter; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();
    void open();
    bool save();
    /// Asks whether to save unsaved changes; false when the user cancels.
    bool maybeSave();
    void setCurrentFile(const QString &path);
    void updateCursorPosition();

    CodeEditor *m_editor = nullptr;
    QSplitter *m_splitter = nullptr;
    QLabel *m_positionLabel = nullptr;
    QString m_currentFile;
};

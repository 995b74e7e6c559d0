// SPDX-License-Identifier: MIT
#pragma once

// One open Dockerfile: the text (a QTextDocument, which is also the undo stack) and
// the analysis derived from it after every change. The text editor and the stage
// graph both observe this object; graph actions come back here as text edits, so
// they undo and redo like typing.

#include "analysis.h"
#include "edit/graph_edits.h"

#include <QObject>
#include <QString>

#include <memory>

class QTextDocument;

namespace stagecraft {

class DockerfileDocument : public QObject {
    Q_OBJECT

public:
    explicit DockerfileDocument(QObject *parent = nullptr);
    ~DockerfileDocument() override;

    [[nodiscard]] QTextDocument *textDocument() const { return m_text; }
    /// The analysis of the current text; never null.
    [[nodiscard]] std::shared_ptr<const Analysis> analysis() const { return m_analysis; }

    /// Replaces the whole text (clears undo). For new documents and tests.
    void setText(const QString &text);
    /// Reads a file. Keeps its byte order mark and CRLF line ends for save(). On failure
    /// returns false with a one-line reason and changes nothing.
    bool load(const QString &path, QString *error = nullptr);
    /// Writes the text atomically (QSaveFile), with the file's BOM and line ends.
    bool save(const QString &path, QString *error = nullptr);
    [[nodiscard]] QString filePath() const { return m_path; }
    /// True when the file loaded was not valid UTF-8 (its bad bytes were replaced).
    [[nodiscard]] bool hadInvalidUtf8() const { return m_invalidUtf8; }

    void setAnalysisOptions(const AnalysisOptions &options);
    [[nodiscard]] const AnalysisOptions &analysisOptions() const { return m_options; }
    /// Sets the scanned build context (the size estimate's and lint's view of it) and
    /// reanalyses; nulls forget it.
    void setBuildContext(std::shared_ptr<const ContextScan> size, std::shared_ptr<const BuildContextInfo> lint);
    /// Sets the sizes the user entered for images the catalog lacks (reference, bytes).
    void setImageSizes(std::vector<std::pair<std::string, int64_t>> sizes);

    // Graph actions: each is one undo step. A refused action changes nothing and
    // returns the reason in GraphEdit::refusal.
    GraphEdit addCopyFrom(int source, int target, const QString &sourcePath, const QString &destinationPath);
    GraphEdit renameStage(int stage, const QString &name);
    GraphEdit removeStage(int stage);
    GraphEdit removeInstruction(int instruction);
    /// Applies edits computed on the current analysis (a quick fix) as one undo step.
    bool applyEdits(const std::vector<TextEdit> &edits);

    /// Document position (UTF-16, as QTextCursor counts) of a byte offset of the analysed text.
    [[nodiscard]] int positionOf(uint32_t offset) const;
    /// Byte offset of the analysed text at a document position.
    [[nodiscard]] uint32_t offsetOf(int position) const;
    /// The stage whose lines contain `position`, or -1.
    [[nodiscard]] int stageAt(int position) const;

signals:
    /// After every change of the text or the options; the specific signals say what differs.
    void analysisChanged();
    void topologyChanged();
    void stageExtentsChanged();
    void diagnosticsChanged();
    void sizesChanged();

private:
    void reanalyze();

    QTextDocument *m_text = nullptr;
    std::shared_ptr<const Analysis> m_analysis;
    AnalysisOptions m_options;
    uint64_t m_revision = 0;
    QString m_path;
    bool m_byteOrderMark = false;
    bool m_crlf = false;
    bool m_invalidUtf8 = false;
};

} // namespace stagecraft

// SPDX-License-Identifier: MIT
#pragma once

// One open Dockerfile: the text (a QTextDocument, which is also the undo stack) and
// the analysis derived from it after every change. The text editor and the stage
// graph both observe this object; graph actions come back here as text edits, so
// they undo and redo like typing.
//
// A big text is analysed on a worker thread, so typing never waits for lint and the
// size estimate: the text and its highlighting change at once, and the analysis
// follows a few milliseconds later (edits that arrive meanwhile are coalesced into
// one more run). Until then analysis() describes a slightly older text; whatever
// computes text edits from it (graph actions, quick fixes) first brings it up to date.

#include "analysis.h"
#include "edit/graph_edits.h"

#include <QMutex>
#include <QObject>
#include <QString>
#include <QThreadPool>

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
    /// True while analysis() lags the text (a worker is analysing the latest edit).
    [[nodiscard]] bool isAnalysisPending() const { return m_analysis->revision != m_textRevision; }
    /// Makes analysis() describe the current text: waits for the worker, or analyses here.
    void ensureCurrent();
    /// Texts of at least this many UTF-16 units are analysed on a worker thread; smaller ones
    /// (the analysis takes well under a millisecond) at once, in the edit's own call.
    void setBackgroundThreshold(qsizetype units) { m_backgroundThreshold = units; }
    [[nodiscard]] qsizetype backgroundThreshold() const { return m_backgroundThreshold; }

    /// Replaces the whole text (clears undo) and analyses it before returning.
    void setText(const QString &text);
    /// Reads a file (analysed before it returns). Keeps its byte order mark and CRLF line ends for save(). On failure
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
    /// Sets the measured sizes of the image built from this file for the current target, and
    /// reanalyses: the size estimate holds them against its own figures while that target is
    /// chosen. Null forgets them.
    void setMeasurement(std::shared_ptr<const Measurement> measurement);
    [[nodiscard]] std::shared_ptr<const Measurement> measurement() const { return m_options.measurement; }

    // Graph actions: each is one undo step. A refused action changes nothing and
    // returns the reason in GraphEdit::refusal.
    GraphEdit addCopyFrom(int source, int target, const QString &sourcePath, const QString &destinationPath);
    GraphEdit renameStage(int stage, const QString &name);
    GraphEdit removeStage(int stage);
    GraphEdit removeInstruction(int instruction);
    /// Applies edits computed on the current analysis (a quick fix) as one undo step.
    /// Refused (false) while the analysis lags the text: the edits' ranges would be stale.
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
    /// The text or the options changed: analyse now, or on the worker for a big text.
    void reanalyze();
    void scheduleAnalysis();
    void analyzeHere();
    void startWorker();
    /// On the GUI thread, after the worker finished: publish, and run again if edits came.
    void takeWorkerResult();
    void publish(std::shared_ptr<const Analysis> analysis);

    QTextDocument *m_text = nullptr;
    std::shared_ptr<const Analysis> m_analysis;
    AnalysisOptions m_options;
    /// Counts changes of the text and options; an analysis carries the one it describes.
    uint64_t m_textRevision = 0;
    qsizetype m_backgroundThreshold = 64 * 1024;
    /// One worker thread: analyses never overlap, and a run that finds newer text
    /// queued behind it is followed by exactly one more.
    QThreadPool m_worker;
    bool m_workerBusy = false;
    QMutex m_resultMutex;
    std::shared_ptr<const Analysis> m_workerResult; ///< guarded by m_resultMutex
    QString m_path;
    bool m_byteOrderMark = false;
    bool m_crlf = false;
    bool m_invalidUtf8 = false;
};

} // namespace stagecraft

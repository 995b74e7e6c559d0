// SPDX-License-Identifier: MIT
#pragma once

// Reads a build context directory off the UI thread: the size estimate's ContextScan
// (file sizes, manifests) and lint's BuildContextInfo (files and .dockerignore), in one
// worker job. At most one scan runs; starting another cancels it. A scan is bounded in
// time and in files (ContextScanOptions) and never follows a symbolic link out of the
// context. Results arrive on the thread that owns the scanner.

#include "lint/lint_context.h"
#include "size/context_scan.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <vector>

namespace stagecraft {

class BuildContextScanner : public QObject {
    Q_OBJECT

public:
    struct Result {
        QString directory;
        std::shared_ptr<const ContextScan> size; ///< never null in finished()
        std::shared_ptr<const BuildContextInfo> lint; ///< never null in finished()
    };

    explicit BuildContextScanner(QObject *parent = nullptr);
    /// Cancels a running scan and waits for its worker to stop.
    ~BuildContextScanner() override;

    /// Limits for the next scans (defaults: ContextScanOptions').
    void setLimits(int maxFiles, int maxMilliseconds);

    /// Scans `directory`; `dockerfilePath` locates a `<Dockerfile>.dockerignore`.
    void start(const QString &directory, const QString &dockerfilePath = {});
    /// Stops the running scan; cancelled() follows and no result is delivered.
    void cancel();
    [[nodiscard]] bool isRunning() const { return m_job != nullptr; }
    [[nodiscard]] QString directory() const { return m_directory; }

Q_SIGNALS:
    void started(const QString &directory);
    /// Entries looked at and bytes counted so far, and the directory being read.
    void progress(int files, qint64 bytes, const QString &directory);
    void finished(const stagecraft::BuildContextScanner::Result &result);
    void cancelled();

private:
    struct Job;
    void deliver(const std::shared_ptr<Job> &job);

    std::shared_ptr<Job> m_job; ///< the running scan, null when idle
    std::vector<std::shared_ptr<Job>> m_workers; ///< every job whose worker may still run
    QString m_directory;
    int m_maxFiles;
    int m_maxMilliseconds;
};

} // namespace stagecraft

Q_DECLARE_METATYPE(stagecraft::BuildContextScanner::Result)

// SPDX-License-Identifier: MIT
#include "context_scanner.h"

#include "lint/build_context.h"

#include <QFuture>
#include <QMetaObject>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <vector>

namespace stagecraft {

struct BuildContextScanner::Job {
    std::atomic<bool> cancel {false};
    QFuture<void> future;
    Result result;
};

BuildContextScanner::BuildContextScanner(QObject *parent)
    : QObject(parent)
    , m_maxFiles(ContextScanOptions().maxFiles)
    , m_maxMilliseconds(ContextScanOptions().maxMilliseconds)
{
    qRegisterMetaType<stagecraft::BuildContextScanner::Result>();
}

BuildContextScanner::~BuildContextScanner()
{
    // Workers post their results to this object: none may outlive it.
    for (const std::shared_ptr<Job> &job : m_workers)
        job->cancel = true;
    for (const std::shared_ptr<Job> &job : m_workers)
        job->future.waitForFinished();
}

void BuildContextScanner::setLimits(int maxFiles, int maxMilliseconds)
{
    m_maxFiles = maxFiles;
    m_maxMilliseconds = maxMilliseconds;
}

void BuildContextScanner::start(const QString &directory, const QString &dockerfilePath)
{
    if (m_job) {
        // The old worker finishes on its own; its result is dropped (it is no longer m_job).
        m_job->cancel = true;
        m_job.reset();
    }
    auto job = std::make_shared<Job>();
    job->result.directory = directory;
    m_job = job;
    m_directory = directory;
    Q_EMIT started(directory);

    ContextScanOptions options;
    options.dockerfilePath = dockerfilePath;
    options.maxFiles = m_maxFiles;
    options.maxMilliseconds = m_maxMilliseconds;
    options.cancel = &job->cancel;
    options.progress = [this, job](const ContextScanProgress &progress) {
        if (job->cancel)
            return;
        QMetaObject::invokeMethod(
            this,
            [this, job, progress] {
                if (m_job == job)
                    Q_EMIT this->progress(progress.files, progress.bytes, progress.directory);
            },
            Qt::QueuedConnection);
    };
    const int maxFiles = m_maxFiles;
    m_workers.push_back(job);
    job->future = QtConcurrent::run([this, job, directory, dockerfilePath, options, maxFiles] {
        auto size = std::make_shared<ContextScan>(scanContext(directory, options));
        // Lint's listing reads the same directory again; it is bounded by the same file count.
        if (!job->cancel && size->status() != ContextScan::Status::Cancelled) {
            BuildContextScanOptions lintOptions;
            lintOptions.maxFiles = maxFiles;
            // A scan stopped by its clock would take as long again here: list no more than it saw.
            if (!size->complete())
                lintOptions.maxFiles = std::min(
                    maxFiles, static_cast<int>(size->files().size()) + size->ignoredFiles() + size->symbolicLinks());
            job->result.lint
                = std::make_shared<BuildContextInfo>(scanBuildContext(directory, dockerfilePath, lintOptions));
        }
        job->result.size = std::move(size);
        QMetaObject::invokeMethod(this, [this, job] { deliver(job); }, Qt::QueuedConnection);
    });
}

void BuildContextScanner::cancel()
{
    if (!m_job)
        return;
    m_job->cancel = true;
    m_job.reset();
    Q_EMIT cancelled();
}

void BuildContextScanner::deliver(const std::shared_ptr<Job> &job)
{
    std::erase(m_workers, job);
    if (job != m_job)
        return;
    m_job.reset();
    if (job->cancel || !job->result.lint || job->result.size->status() == ContextScan::Status::Cancelled) {
        Q_EMIT cancelled();
        return;
    }
    Q_EMIT finished(job->result);
}

} // namespace stagecraft

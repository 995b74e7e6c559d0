// SPDX-License-Identifier: MIT
#include "dockerfile_document.h"

#include <QFile>
#include <QFileInfo>
#include <QMutexLocker>
#include <QSaveFile>
#include <QStringDecoder>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>

#include <algorithm>

namespace stagecraft {
namespace {

/// UTF-16 code units in a run of valid UTF-8 bytes.
int utf16Length(std::string_view utf8)
{
    int units = 0;
    for (size_t i = 0; i < utf8.size();) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        const size_t width = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        units += width == 4 ? 2 : 1;
        i += width;
    }
    return units;
}

/// What QTextDocument::toPlainText() makes of the document's raw text, in UTF-8: block and
/// line separators become line feeds, no-break spaces spaces. Split from reading the raw text
/// so that a big text's copy is all the GUI thread does; this runs on the worker.
std::string plainTextUtf8(QString raw)
{
    for (QChar &c : raw) {
        if (c.unicode() < QChar::Nbsp)
            continue; // most of a Dockerfile: one comparison
        switch (c.unicode()) {
        case QChar::ParagraphSeparator:
        case QChar::LineSeparator:
        case 0xfdd0: // QTextBeginningOfFrame
        case 0xfdd1: // QTextEndOfFrame
            c = u'\n';
            break;
        case QChar::Nbsp:
            c = u' ';
            break;
        default:
            break;
        }
    }
    return raw.toStdString();
}

} // namespace

DockerfileDocument::DockerfileDocument(QObject *parent)
    : QObject(parent)
    , m_text(new QTextDocument(this))
{
    // One analysis per change; contentsChanged fires once per edit block, so a graph
    // action with several edits is analysed once.
    connect(m_text, &QTextDocument::contentsChanged, this, &DockerfileDocument::reanalyze);
    m_worker.setMaxThreadCount(1);
    // The worker keeps its thread while the document lives: its per-thread caches (RUN splits
    // and readings, the parser's buffers) make an analysis after a keystroke cheap, and
    // QThreadPool would otherwise let the thread go after 30 idle seconds, so the first
    // keystroke after a pause would pay for an analysis from scratch on a new thread.
    m_worker.setExpiryTimeout(-1);
    m_worker.setObjectName(QStringLiteral("analysis"));
    analyzeHere();
}

DockerfileDocument::~DockerfileDocument()
{
    // The worker reads nothing of ours but posts its result here: let it finish first.
    m_worker.waitForDone();
}

void DockerfileDocument::setText(const QString &text)
{
    m_text->setPlainText(text);
    m_text->clearUndoRedoStacks();
    ensureCurrent();
}

bool DockerfileDocument::load(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = tr("Cannot open %1: %2").arg(path, file.errorString());
        return false;
    }
    QByteArray bytes = file.readAll();
    const bool bom = bytes.startsWith("\xEF\xBB\xBF");
    if (bom)
        bytes.remove(0, 3);
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(bytes);
    m_invalidUtf8 = decoder.hasError();
    m_byteOrderMark = bom;
    m_crlf = bytes.contains("\r\n");
    m_path = QFileInfo(path).absoluteFilePath();
    setText(text);
    m_text->setModified(false);
    return true;
}

bool DockerfileDocument::save(const QString &path, QString *error)
{
    QString text = m_text->toPlainText();
    if (m_crlf)
        text.replace(u'\n', QStringLiteral("\r\n"));
    QByteArray bytes = text.toUtf8();
    if (m_byteOrderMark)
        bytes.prepend("\xEF\xBB\xBF");
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        if (error)
            *error = tr("Cannot save %1: %2").arg(path, file.errorString());
        return false;
    }
    m_path = QFileInfo(path).absoluteFilePath();
    m_text->setModified(false);
    return true;
}

void DockerfileDocument::setAnalysisOptions(const AnalysisOptions &options)
{
    m_options = options;
    reanalyze();
}

void DockerfileDocument::setBuildContext(
    std::shared_ptr<const ContextScan> size, std::shared_ptr<const BuildContextInfo> lint)
{
    m_options.sizeContext = std::move(size);
    m_options.lintContext = std::move(lint);
    reanalyze();
}

void DockerfileDocument::setImageSizes(std::vector<std::pair<std::string, int64_t>> sizes)
{
    if (sizes == m_options.imageSizes)
        return;
    m_options.imageSizes = std::move(sizes);
    reanalyze();
}

void DockerfileDocument::setMeasurement(std::shared_ptr<const Measurement> measurement)
{
    if (measurement == m_options.measurement)
        return;
    m_options.measurement = std::move(measurement);
    // It is of the image built for the target chosen now.
    m_options.measurementTarget = m_options.graph.target;
    reanalyze();
}

void DockerfileDocument::reanalyze()
{
    ++m_textRevision;
    scheduleAnalysis();
}

void DockerfileDocument::scheduleAnalysis()
{
    if (m_workerBusy)
        return; // takeWorkerResult() starts one more run for the latest text
    if (m_text->characterCount() < m_backgroundThreshold)
        analyzeHere();
    else
        startWorker();
}

void DockerfileDocument::analyzeHere()
{
    publish(analyze(plainTextUtf8(m_text->toRawText()), m_options, m_textRevision, m_analysis.get()));
}

void DockerfileDocument::startWorker()
{
    m_workerBusy = true;
    // The text and options are copied here, on the GUI thread; the worker touches nothing else.
    // The copy is the raw text, UTF-16: the worker makes it plain UTF-8.
    // The last published analysis is immutable: the worker reads it while the views show it.
    m_worker.start([this, text = m_text->toRawText(), options = m_options, revision = m_textRevision,
                       previous = m_analysis]() mutable {
        std::shared_ptr<const Analysis> result
            = analyze(plainTextUtf8(std::move(text)), options, revision, previous.get());
        {
            const QMutexLocker lock(&m_resultMutex);
            m_workerResult = std::move(result);
        }
        QMetaObject::invokeMethod(this, &DockerfileDocument::takeWorkerResult, Qt::QueuedConnection);
    });
}

void DockerfileDocument::takeWorkerResult()
{
    std::shared_ptr<const Analysis> result;
    {
        const QMutexLocker lock(&m_resultMutex);
        result = std::move(m_workerResult);
    }
    if (!result)
        return; // ensureCurrent() already took it
    m_workerBusy = false;
    // Even when edits came meanwhile, this result is closer to the text than the last one.
    publish(std::move(result));
    if (isAnalysisPending())
        scheduleAnalysis();
}

void DockerfileDocument::ensureCurrent()
{
    // Taking a result may start one more run, for edits that came during the last one.
    while (m_workerBusy) {
        m_worker.waitForDone();
        takeWorkerResult();
    }
    if (isAnalysisPending())
        analyzeHere();
}

void DockerfileDocument::publish(std::shared_ptr<const Analysis> analysis)
{
    std::shared_ptr<const Analysis> before = std::exchange(m_analysis, std::move(analysis));
    const AnalysisChanges changes = compareAnalyses(before.get(), *m_analysis);
    if (changes.topology)
        emit topologyChanged();
    if (changes.stageExtents)
        emit stageExtentsChanged();
    if (changes.diagnostics)
        emit diagnosticsChanged();
    if (changes.sizes)
        emit sizesChanged();
    emit analysisChanged();
    // The views have moved on to the new snapshot. Freeing a big text's old one (its tree,
    // thousands of diagnostics and size lines) costs the GUI thread about a millisecond. The
    // worker that allocated it frees it, between analyses: freeing on another thread made
    // that thread and the worker contend for the worker's heap while it analysed.
    if (before && before.use_count() == 1 && m_text->characterCount() >= m_backgroundThreshold)
        m_worker.start([old = std::move(before)]() mutable { old.reset(); });
}

int DockerfileDocument::positionOf(uint32_t offset) const
{
    const SyntaxTree &tree = *m_analysis->tree;
    offset = std::min<uint32_t>(offset, static_cast<uint32_t>(tree.text().size()));
    const int line = tree.lines().lineAt(offset);
    const uint32_t lineStart = tree.lines().lineStart(line);
    const QTextBlock block = m_text->findBlockByNumber(line - 1);
    if (!block.isValid())
        return std::max(0, m_text->characterCount() - 1);
    return block.position() + utf16Length(tree.text().substr(lineStart, offset - lineStart));
}

uint32_t DockerfileDocument::offsetOf(int position) const
{
    const SyntaxTree &tree = *m_analysis->tree;
    const QTextBlock block = m_text->findBlock(position);
    if (!block.isValid())
        return static_cast<uint32_t>(tree.text().size());
    const int line = block.blockNumber() + 1;
    const uint32_t lineStart = tree.lines().lineStart(line);
    const uint32_t lineEnd = tree.lines().lineEnd(line);
    const std::string_view text = tree.text();
    int units = position - block.position();
    uint32_t offset = lineStart;
    while (offset < lineEnd && units > 0) {
        const auto c = static_cast<unsigned char>(text[offset]);
        const uint32_t width = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        units -= width == 4 ? 2 : 1;
        offset += width;
    }
    return std::min(offset, lineEnd);
}

int DockerfileDocument::stageAt(int position) const
{
    const int line = m_text->findBlock(position).blockNumber() + 1;
    for (const Stage &stage : m_analysis->graph.stages()) {
        if (line >= stage.startLine && line <= stage.endLine)
            return stage.index;
    }
    return -1;
}

bool DockerfileDocument::applyEdits(const std::vector<TextEdit> &edits)
{
    if (edits.empty())
        return true;
    if (isAnalysisPending())
        return false;
    // Positions are computed on the analysed text before anything changes; applying
    // from the back keeps the earlier ones valid.
    struct Positioned {
        int begin;
        int end;
        QString text;
    };
    std::vector<Positioned> positioned;
    positioned.reserve(edits.size());
    for (const TextEdit &edit : edits) {
        if (edit.range.end < edit.range.begin || edit.range.end > m_analysis->tree->text().size())
            return false;
        positioned.push_back(
            {positionOf(edit.range.begin), positionOf(edit.range.end), QString::fromStdString(edit.text)});
    }
    std::sort(positioned.begin(), positioned.end(),
        [](const Positioned &a, const Positioned &b) { return a.begin > b.begin; });
    QTextCursor cursor(m_text);
    cursor.beginEditBlock();
    for (const Positioned &edit : positioned) {
        cursor.setPosition(edit.begin);
        cursor.setPosition(edit.end, QTextCursor::KeepAnchor);
        cursor.insertText(edit.text);
    }
    cursor.endEditBlock();
    return true;
}

GraphEdit DockerfileDocument::addCopyFrom(
    int source, int target, const QString &sourcePath, const QString &destinationPath)
{
    ensureCurrent();
    const std::shared_ptr<const Analysis> analysis = m_analysis;
    GraphEdit edit = stagecraft::addCopyFrom(
        *analysis->tree, analysis->graph, source, target, sourcePath.toStdString(), destinationPath.toStdString());
    if (edit.ok())
        applyEdits(edit.edits);
    return edit;
}

GraphEdit DockerfileDocument::renameStage(int stage, const QString &name)
{
    ensureCurrent();
    const std::shared_ptr<const Analysis> analysis = m_analysis;
    GraphEdit edit = stagecraft::renameStage(*analysis->tree, analysis->graph, stage, name.toStdString());
    if (edit.ok())
        applyEdits(edit.edits);
    return edit;
}

GraphEdit DockerfileDocument::removeStage(int stage)
{
    ensureCurrent();
    const std::shared_ptr<const Analysis> analysis = m_analysis;
    GraphEdit edit = stagecraft::removeStage(*analysis->tree, analysis->graph, stage);
    if (edit.ok())
        applyEdits(edit.edits);
    return edit;
}

GraphEdit DockerfileDocument::removeInstruction(int instruction)
{
    ensureCurrent();
    const std::shared_ptr<const Analysis> analysis = m_analysis;
    GraphEdit edit = stagecraft::removeInstruction(*analysis->tree, instruction);
    if (edit.ok())
        applyEdits(edit.edits);
    return edit;
}

} // namespace stagecraft

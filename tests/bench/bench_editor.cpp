// SPDX-License-Identifier: MIT
// The editor as the user feels it, through the real MainWindow on the offscreen platform:
//  * a keystroke in the reference file (9,000 lines, ../shared/bench/big_dockerfile.py) and in a
//    500-line slice of it: one character inserted (or deleted again) with a QTextCursor, then
//    events processed until highlighting, analysis (on its worker thread for the big file),
//    diagnostics and the graph are up to date.
//    Each iteration is one keystroke; the counters p50_ms and p95_ms are over all keystrokes of
//    the run. Targets: p95 <= 16 ms on the reference file, <= 4 ms on 500 lines.
//  * start-up: from starting the `stagecraft` binary with resources/examples/nodejs-inference.Dockerfile
//    to its first painted window (the binary reports the moment it painted and exits:
//    STAGECRAFT_EXIT_AFTER_FIRST_PAINT). Target: under 400 ms.

#include "benchmark_runner.h"
#include "code_editor.h"
#include "document/dockerfile_document.h"
#include "main_window.h"
#include "reference_file.h"
#include "stage_graph_scene.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using stagecraft::bench::referenceFile;

namespace {

// The first stages of the reference file, whole, up to `lines` lines: a realistic 500-line file.
std::string firstStages(const std::string &text, int lines)
{
    size_t cut = 0;
    size_t position = 0;
    for (int line = 0; line < lines && position < text.size(); ++line) {
        const size_t end = text.find('\n', position);
        position = end == std::string::npos ? text.size() : end + 1;
        if (text.compare(position, 5, "FROM ") == 0)
            cut = position;
    }
    return text.substr(0, cut ? cut : position);
}

double percentile(std::vector<double> samples, double p)
{
    if (samples.empty())
        return 0;
    std::sort(samples.begin(), samples.end());
    const size_t index = std::min(samples.size() - 1, static_cast<size_t>(p * static_cast<double>(samples.size())));
    return samples[index];
}

// Events until the views caught up with the document: the analysis (a big file's runs on a
// worker), posted events (paint included) and a graph layout when the edit asked for one.
void settle(MainWindow &window)
{
    QCoreApplication::processEvents(QEventLoop::AllEvents);
    while (window.document()->isAnalysisPending())
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 5);
    while (window.graphScene()->isLayoutPending())
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 5);
    QCoreApplication::processEvents(QEventLoop::AllEvents);
}

// One keystroke at document position `at` (typing an "x" there, or deleting the one typed
// before) and everything it sets off. A function of its own, never inlined, so that a profiler
// can collect the keystrokes without the file's loading and first layout:
// valgrind --tool=callgrind --collect-atstart=no "--toggle-collect=*typeOneKeystroke*" ...
[[gnu::noinline]] void typeOneKeystroke(MainWindow &window, int at, bool deleteTyped)
{
    QTextCursor cursor(window.document()->textDocument());
    cursor.setPosition(deleteTyped ? at + 1 : at);
    if (deleteTyped)
        cursor.deletePreviousChar();
    else
        cursor.insertText(QStringLiteral("x"));
    settle(window);
}

void keystrokes(benchmark::State &state, const std::string &text)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("Dockerfile"));
    {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(text.data(), static_cast<qint64>(text.size())) < 0) {
            state.SkipWithError("cannot write the Dockerfile");
            return;
        }
    }
    MainWindow window;
    window.resize(1400, 900);
    if (!window.openFile(path)) {
        state.SkipWithError("cannot open the Dockerfile");
        return;
    }
    window.show();
    QElapsedTimer shown;
    shown.start();
    while (shown.elapsed() < 300 || window.graphScene()->isLayoutPending())
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 10);

    // Type into a package name of a RUN in the middle of the file, visible in the editor.
    QTextDocument *document = window.document()->textDocument();
    const QTextBlock middle = document->findBlockByNumber(document->blockCount() / 2);
    QTextBlock block = middle;
    while (block.isValid() && !block.text().contains(QStringLiteral("apt-get install")))
        block = block.next();
    if (!block.isValid())
        block = middle;
    const int at = block.position() + static_cast<int>(block.text().indexOf(QStringLiteral(" pkg"))) + 4;
    // The edited line in view, as when typing there.
    window.editor()->setTextCursor(QTextCursor(block));
    window.editor()->centerCursor();
    settle(window);

    std::vector<double> samples;
    samples.reserve(static_cast<size_t>(state.max_iterations));
    bool inserted = false;
    for (auto _ : state) {
        const auto start = std::chrono::steady_clock::now();
        typeOneKeystroke(window, at, inserted);
        inserted = !inserted;
        const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
        state.SetIterationTime(elapsed.count());
        samples.push_back(elapsed.count() * 1e3);
    }
    state.counters["p50_ms"] = percentile(samples, 0.50);
    state.counters["p95_ms"] = percentile(samples, 0.95);
    state.counters["lines"] = document->blockCount();
    document->setModified(false); // no "save changes?" on close
}

void BM_KeystrokeReferenceFile(benchmark::State &state)
{
    const std::string text = referenceFile();
    if (text.empty()) {
        state.SkipWithError("STAGECRAFT_BIG_DOCKERFILE not set");
        return;
    }
    keystrokes(state, text);
}
BENCHMARK(BM_KeystrokeReferenceFile)->UseManualTime()->Iterations(100)->Unit(benchmark::kMillisecond);

void BM_Keystroke500Lines(benchmark::State &state)
{
    const std::string text = referenceFile();
    if (text.empty()) {
        state.SkipWithError("STAGECRAFT_BIG_DOCKERFILE not set");
        return;
    }
    keystrokes(state, firstStages(text, 500));
}
BENCHMARK(BM_Keystroke500Lines)->UseManualTime()->Iterations(300)->Unit(benchmark::kMillisecond);

// Process start to first paint of the editor with the Node.js example open.
void BM_StartupToFirstPaint(benchmark::State &state)
{
    const QString binary = QStringLiteral(STAGECRAFT_BINARY);
    const QString example = QStringLiteral(STAGECRAFT_SOURCE_DIR "/resources/examples/nodejs-inference.Dockerfile");
    std::vector<double> samples;
    for (auto _ : state) {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        environment.insert(QStringLiteral("STAGECRAFT_EXIT_AFTER_FIRST_PAINT"), QStringLiteral("1"));
        process.setProcessEnvironment(environment);
        process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        const auto start = std::chrono::system_clock::now();
        process.start(binary, {example});
        if (!process.waitForFinished(30000) || process.exitCode() != 0) {
            state.SkipWithError("the editor did not report its first paint");
            return;
        }
        // "first-paint <nanoseconds since the epoch>"
        const QByteArray output = process.readAllStandardOutput();
        const qsizetype index = output.indexOf("first-paint ");
        if (index < 0) {
            state.SkipWithError("no first-paint line on stdout");
            return;
        }
        const long long painted = output.mid(index + 12).trimmed().toLongLong();
        const long long started
            = std::chrono::duration_cast<std::chrono::nanoseconds>(start.time_since_epoch()).count();
        const double seconds = static_cast<double>(painted - started) * 1e-9;
        state.SetIterationTime(seconds);
        samples.push_back(seconds * 1e3);
    }
    state.counters["p50_ms"] = percentile(samples, 0.50);
    state.counters["p95_ms"] = percentile(samples, 0.95);
}
BENCHMARK(BM_StartupToFirstPaint)->UseManualTime()->Iterations(10)->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    return stagecraft::bench::runBenchmarks(argc, argv);
}

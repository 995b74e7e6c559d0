// SPDX-License-Identifier: MIT
#include "cli/command_line.h"
#include "cli/graph_command.h"
#include "document/memory_policy.h"
#include "graph_renderer.h"
#include "main_window.h"
#include "stage_graph_scene.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QTimer>

#include <chrono>
#include <iostream>

namespace {

void setApplicationIdentity()
{
    QCoreApplication::setApplicationName(QStringLiteral("stagecraft"));
    QCoreApplication::setOrganizationName(QStringLiteral("Stagecraft"));
    QCoreApplication::setApplicationVersion(QStringLiteral(STAGECRAFT_VERSION));
}

/// The arguments without the program name, before any QApplication exists
/// (so that the command line never needs a display).
QStringList rawArguments(int argc, char **argv)
{
    QStringList arguments;
    for (int i = 1; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    return arguments;
}

/// `graph --format svg|png` draws with the editor's graph view, which needs a QApplication.
bool drawsGraphImage(const QStringList &arguments)
{
    if (arguments.isEmpty() || arguments.first() != u"graph")
        return false;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments[i];
        if (argument == u"--")
            break;
        QString format;
        if (argument == u"--format" && i + 1 < arguments.size())
            format = arguments[i + 1];
        else if (argument.startsWith(u"--format="))
            format = argument.mid(9);
        if (format == u"svg" || format == u"png")
            return true;
    }
    return false;
}

int runCommandLineApp(int argc, char **argv, const QStringList &arguments)
{
    std::ios::sync_with_stdio(false);
    stagecraft::setGraphImageRenderer(&stagecraft::renderDockerfileGraph);
    if (drawsGraphImage(arguments)) {
        // Drawing needs fonts and a paint engine, not a display: the offscreen platform
        // lets it run in CI and over ssh. Only this path pays for a QApplication.
        qputenv("QT_QPA_PLATFORM", "offscreen");
        QApplication app(argc, argv);
        setApplicationIdentity();
        return stagecraft::runCommandLine(arguments, std::cout, std::cerr);
    }
    QCoreApplication app(argc, argv);
    setApplicationIdentity();
    return stagecraft::runCommandLine(arguments, std::cout, std::cerr);
}

/// Prints "first-paint NANOSECONDS" (system clock, since the epoch) once the first paint event has
/// been handled, then quits.
class FirstPaintProbe : public QObject {
public:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && !m_painted) {
            m_painted = true;
            // Queued: runs after the whole paint (every widget of the window) and the flush.
            QTimer::singleShot(0, qApp, [] {
                const auto now = std::chrono::system_clock::now().time_since_epoch();
                std::cout << "first-paint " << std::chrono::duration_cast<std::chrono::nanoseconds>(now).count()
                          << std::endl;
                QCoreApplication::quit();
            });
        }
        return QObject::eventFilter(watched, event);
    }

private:
    bool m_painted = false;
};

int runEditor(int argc, char **argv)
{
    QApplication app(argc, argv);
    setApplicationIdentity();

    // QApplication has removed its own options (-platform, ...) by now.
    QString file;
    QString screenshot;
    const QStringList arguments = app.arguments().mid(1);
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments[i];
        if (argument == u"--screenshot" && i + 1 < arguments.size()) {
            screenshot = arguments[++i];
        } else if (argument.startsWith(u'-') || !file.isEmpty()) {
            std::cerr << "stagecraft: unexpected argument '" << argument.toStdString() << "' (see stagecraft --help)\n";
            return stagecraft::ExitUsage;
        } else {
            file = argument;
        }
    }

    MainWindow window;
    if (!file.isEmpty() && !window.openFile(file)) {
        if (!screenshot.isEmpty()) {
            std::cerr << "stagecraft: cannot open " << file.toStdString() << '\n';
            return stagecraft::ExitUsage;
        }
    }
    if (screenshot.isEmpty()) {
        // Start-up benchmark (tests/bench/bench_editor.cpp): report when the first paint is done and exit.
        FirstPaintProbe probe;
        if (qEnvironmentVariableIsSet("STAGECRAFT_EXIT_AFTER_FIRST_PAINT"))
            app.installEventFilter(&probe);
        window.show();
        return app.exec();
    }

    // A fixed size keeps screenshots comparable. The window needs time to be exposed
    // and painted (highlighting runs on the first layout), and the graph waits for its
    // layout, which runs on a worker thread.
    window.resize(1400, 900);
    window.show();
    int exitCode = stagecraft::ExitOk;
    QElapsedTimer waited;
    waited.start();
    QTimer poll;
    poll.setInterval(100);
    QObject::connect(&poll, &QTimer::timeout, &window, [&] {
        constexpr qint64 minimumWait = 500;
        constexpr qint64 maximumWait = 5000;
        if (waited.elapsed() < minimumWait
            || (window.graphScene()->isLayoutPending() && waited.elapsed() < maximumWait))
            return;
        poll.stop();
        // One more round of the event loop paints the applied layout.
        QTimer::singleShot(200, &window, [&] {
            if (!window.grab().save(screenshot)) {
                std::cerr << "stagecraft: cannot write the screenshot to " << screenshot.toStdString() << '\n';
                exitCode = stagecraft::ExitFailure;
            }
            QCoreApplication::quit();
        });
    });
    poll.start();
    app.exec();
    return exitCode;
}

} // namespace

int main(int argc, char **argv)
{
    stagecraft::keepFreedMemoryForReuse();
    const QStringList arguments = rawArguments(argc, argv);
    if (stagecraft::isCommandLineInvocation(arguments))
        return runCommandLineApp(argc, argv, arguments);
    return runEditor(argc, argv);
}

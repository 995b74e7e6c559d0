// SPDX-License-Identifier: MIT
#include "cli/command_line.h"
#include "main_window.h"

#include <QApplication>
#include <QTimer>

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

int runCommandLineApp(int argc, char **argv, const QStringList &arguments)
{
    QCoreApplication app(argc, argv);
    setApplicationIdentity();
    std::ios::sync_with_stdio(false);
    return stagecraft::runCommandLine(arguments, std::cout, std::cerr);
}

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
        window.show();
        return app.exec();
    }

    // A fixed size keeps screenshots comparable; the timer gives the window
    // time to be exposed and painted (highlighting runs on the first layout).
    window.resize(1400, 900);
    window.show();
    int exitCode = stagecraft::ExitOk;
    QTimer::singleShot(500, &window, [&] {
        if (!window.grab().save(screenshot)) {
            std::cerr << "stagecraft: cannot write the screenshot to " << screenshot.toStdString() << '\n';
            exitCode = stagecraft::ExitFailure;
        }
        QCoreApplication::quit();
    });
    app.exec();
    return exitCode;
}

} // namespace

int main(int argc, char **argv)
{
    const QStringList arguments = rawArguments(argc, argv);
    if (stagecraft::isCommandLineInvocation(arguments))
        return runCommandLineApp(argc, argv, arguments);
    return runEditor(argc, argv);
}

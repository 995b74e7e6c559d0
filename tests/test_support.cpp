// SPDX-License-Identifier: MIT
#include "test_support.h"

#include <QDir>
#include <QFile>
#include <QProcess>

#include <algorithm>

namespace stagecraft::test {

QString qs(std::string_view text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

QByteArray readBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void compareGolden(const QByteArray &actual, const QString &golden)
{
    if (qEnvironmentVariableIntValue("STAGECRAFT_UPDATE_GOLDEN") == 1) {
        QDir().mkpath(QFileInfo(golden).absolutePath());
        QFile file(golden);
        QVERIFY2(file.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(golden));
        file.write(actual);
        qInfo("rewrote %s", qPrintable(golden));
        return;
    }
    const QByteArray expected = readBytes(golden);
    QVERIFY2(!expected.isEmpty(),
        qPrintable(QStringLiteral("missing golden file %1 (STAGECRAFT_UPDATE_GOLDEN=1 writes it)").arg(golden)));
    if (actual == expected)
        return;
    // Name the first differing line rather than printing both documents.
    const QList<QByteArray> a = actual.split('\n');
    const QList<QByteArray> e = expected.split('\n');
    for (qsizetype i = 0; i < std::max(a.size(), e.size()); ++i) {
        const QByteArray left = i < a.size() ? a[i] : QByteArray("<end>");
        const QByteArray right = i < e.size() ? e[i] : QByteArray("<end>");
        if (left != right)
            QFAIL(qPrintable(QStringLiteral("%1:%2: got '%3', expected '%4' (STAGECRAFT_UPDATE_GOLDEN=1 rewrites)")
                    .arg(golden)
                    .arg(i + 1)
                    .arg(QString::fromUtf8(left), QString::fromUtf8(right))));
    }
}

ProcessResult runProcess(const QString &program, const QStringList &arguments, const QByteArray &input)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForStarted())
        return {};
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    ProcessResult result;
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

QString sharedPath(const QString &relative)
{
    return QStringLiteral(STAGECRAFT_SHARED_DIR "/") + relative;
}

} // namespace stagecraft::test

// SPDX-License-Identifier: MIT
#pragma once

// What several tests need alike: reading a file's bytes, golden-file comparison, running
// the `stagecraft` binary, and finding ../shared. A static library linked into every test.

#include <QByteArray>
#include <QFileInfo>
#include <QString>
#include <QStringList>
#include <QTest>

#include <string_view>

namespace stagecraft::test {

/// UTF-8 text (a tree's text, a rule id, a message) as a QString for QCOMPARE.
[[nodiscard]] QString qs(std::string_view text);

/// The file's bytes; empty when it cannot be read.
[[nodiscard]] QByteArray readBytes(const QString &path);

/// Compares `actual` with the file `golden`, failing the current test at the first line that
/// differs. With STAGECRAFT_UPDATE_GOLDEN=1 in the environment it rewrites the file instead.
void compareGolden(const QByteArray &actual, const QString &golden);

/// What a finished program did. `exitCode` is -1 when it did not start, crashed or timed out.
struct ProcessResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

/// Runs `program` with `input` on its standard input and waits (generously: the dev build
/// runs under ASan) for it to finish.
[[nodiscard]] ProcessResult runProcess(
    const QString &program, const QStringList &arguments, const QByteArray &input = {});

#ifdef STAGECRAFT_BINARY
/// Runs the `stagecraft` binary the test was built with.
[[nodiscard]] inline ProcessResult runStagecraft(const QStringList &arguments, const QByteArray &input = {})
{
    return runProcess(QStringLiteral(STAGECRAFT_BINARY), arguments, input);
}
#endif

/// `relative` in the shared directory beside the repository (STAGECRAFT_SHARED_DIR, ../shared).
[[nodiscard]] QString sharedPath(const QString &relative);

} // namespace stagecraft::test

/// Skips the current test, saying what is missing, when `path` (in ../shared) does not exist.
#define STAGECRAFT_SKIP_WITHOUT_SHARED(path)                                                                           \
    do {                                                                                                               \
        if (!QFileInfo::exists(path))                                                                                  \
            QSKIP(qPrintable(                                                                                          \
                QStringLiteral("no shared data at ") + (path) + QStringLiteral(" (set STAGECRAFT_SHARED_DIR)")));      \
    } while (false)

// SPDX-License-Identifier: MIT
// The process's allocator and memory policy (model/document/memory_policy). Built without
// sanitizers even in the dev preset, since AddressSanitizer replaces malloc: as
// test_memory_policy for glibc's allocator (where the C library has mallopt; elsewhere the
// policy is a no-op), and as test_memory_policy_mimalloc linked with mimalloc, as the programs
// are where the build has it (tests/CMakeLists.txt).

#include "document/memory_policy.h"

#include <QTest>

#include <sys/resource.h>

#include <cstdlib>
#include <vector>

class TestMemoryPolicy : public QObject {
    Q_OBJECT

private slots:
    // The allocator is the one the program was linked with.
    void allocator()
    {
#if defined(STAGECRAFT_MIMALLOC)
        QVERIFY(stagecraft::usesMimalloc());
#else
        QVERIFY(!stagecraft::usesMimalloc());
#endif
    }

    // The program keeps the memory an analysis frees for the next one: taking a freed 8 MiB
    // block again costs no page faults (glibc would otherwise unmap it and fault it back in).
    void freedMemoryIsKeptForReuse()
    {
        QVERIFY(stagecraft::keepFreedMemoryForReuse());
        constexpr size_t bytes = 8u << 20;
        auto touch = [] {
            std::vector<char> block(bytes, 1);
            return block.back();
        };
        QCOMPARE(touch(), char(1));
        rusage before {};
        getrusage(RUSAGE_SELF, &before);
        for (int round = 0; round < 4; ++round)
            QCOMPARE(touch(), char(1));
        rusage after {};
        getrusage(RUSAGE_SELF, &after);
        // 8 MiB is 2,048 pages; a few faults may come from elsewhere in the process.
        QVERIFY2(after.ru_minflt - before.ru_minflt < 64,
            qPrintable(QStringLiteral("%1 page faults").arg(after.ru_minflt - before.ru_minflt)));
    }
};

QTEST_GUILESS_MAIN(TestMemoryPolicy)
#include "test_memory_policy.moc"

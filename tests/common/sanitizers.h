#pragma once
// What the sanitizer configurations cannot run.
#include <QTest>

// ThreadSanitizer: clang 14's runtime aborts in its fork handler ("CHECK failed:
// tsan_rtl.cpp:234 ((!thr->slot)) != (0)" in ForkAfter) when QProcess starts a
// child, which Qt's forkfd does with a raw clone(). Under TSan the tests that
// start the CLI skip; every other configuration runs them.
#if defined(__SANITIZE_THREAD__)
#define INFERSCOPE_UNDER_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define INFERSCOPE_UNDER_TSAN 1
#endif
#endif

#ifdef INFERSCOPE_UNDER_TSAN
#define SKIP_CHILD_PROCESS_UNDER_TSAN() \
    QSKIP("starts a child process, which ThreadSanitizer's runtime (clang 14) aborts in its fork handler")
#else
#define SKIP_CHILD_PROCESS_UNDER_TSAN() \
    do {                                \
    } while (false)
#endif

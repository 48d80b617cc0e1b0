#include "kernels/cpu/thread_pool.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>

namespace kernels::cpu {
namespace {

// How long a thread polls for a new job (a worker) or for the workers to
// finish (the caller) before it sleeps. Decode issues hundreds of short
// parallel loops per token with a little serial work between them (norms,
// rope, KV writes, sampling); a worker that fell asleep in such a gap costs a
// futex wake-up (tens of microseconds on a VM) at the start of the next loop,
// more than many of the loops take. A time budget, not an iteration count, so
// it means the same on every CPU. INFERSCOPE_SPIN_US overrides it (0: sleep at
// once) for measurements.
std::chrono::microseconds spinBudget()
{
    static const std::chrono::microseconds budget = [] {
        if (const char* env = std::getenv("INFERSCOPE_SPIN_US")) return std::chrono::microseconds(std::atol(env));
        return std::chrono::microseconds(100);
    }();
    return budget;
}

// Polls `done` until it holds (true) or the spin budget is spent (false).
template <typename Done>
bool spinFor(Done done)
{
    const auto deadline = std::chrono::steady_clock::now() + spinBudget();
    for (;;) {
        for (int i = 0; i < 256; ++i)
            if (done()) return true;
        if (std::chrono::steady_clock::now() >= deadline) return done();
    }
}

}  // namespace

ThreadPool::ThreadPool(int threads) : m_size(std::max(1, threads))
{
    for (int w = 1; w < m_size; ++w) m_threads.emplace_back([this, w] { workerLoop(w); });
}

ThreadPool::~ThreadPool()
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
        ++m_generation;
        m_published.store(m_generation, std::memory_order_release);
    }
    m_wake.notify_all();
    for (std::thread& t : m_threads) t.join();
}

void ThreadPool::runSlice(int worker)
{
    const int64_t units = (m_n + m_grain - 1) / m_grain;
    const int64_t perWorker = (units + m_size - 1) / m_size;
    const int64_t begin = std::min(m_n, worker * perWorker * m_grain);
    const int64_t end = std::min(m_n, (worker + 1) * perWorker * m_grain);
    if (begin >= end) return;
    WorkerObserver* observer = worker > 0 ? m_jobObserver : nullptr;
    if (observer) observer->shareStarted(worker);
    (*m_fn)(worker, begin, end);
    if (observer) observer->shareFinished(worker);
}

void ThreadPool::parallelFor(int64_t n, int64_t grain, const std::function<void(int, int64_t, int64_t)>& fn)
{
    if (n <= 0) return;
    if (m_size == 1 || n <= grain) {
        fn(0, 0, n);
        return;
    }
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_fn = &fn;
        m_n = n;
        m_grain = std::max<int64_t>(1, grain);
        m_jobObserver = workerObserver();  // workers read it after taking the lock
        m_pending.store(m_size - 1, std::memory_order_relaxed);
        ++m_generation;
        m_published.store(m_generation, std::memory_order_release);
    }
    m_wake.notify_all();
    runSlice(0);
    if (!spinFor([this] { return m_pending.load(std::memory_order_acquire) == 0; })) {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_done.wait(lock, [this] { return m_pending.load(std::memory_order_acquire) == 0; });
    }
}

void ThreadPool::workerLoop(int worker)
{
    uint64_t seen = 0;
    for (;;) {
        spinFor([&] { return m_published.load(std::memory_order_acquire) != seen; });
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_wake.wait(lock, [&] { return m_generation != seen; });
            seen = m_generation;
            if (m_stop) return;
        }
        runSlice(worker);
        if (m_pending.fetch_sub(1, std::memory_order_acq_rel) == 1) {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_done.notify_one();
        }
    }
}

}  // namespace kernels::cpu

#include "kernels/cpu/thread_pool.h"

#include <algorithm>

namespace kernels::cpu {
namespace {

// Spin this many iterations for a new job before sleeping: decode issues
// hundreds of short parallel loops per token, and a futex wake-up per loop
// would cost more than the work.
constexpr int kSpinIterations = 20000;

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
    if (begin < end) (*m_fn)(worker, begin, end);
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
        m_pending.store(m_size - 1, std::memory_order_relaxed);
        ++m_generation;
        m_published.store(m_generation, std::memory_order_release);
    }
    m_wake.notify_all();
    runSlice(0);
    for (int spin = 0; spin < kSpinIterations && m_pending.load(std::memory_order_acquire) > 0; ++spin) {
    }
    if (m_pending.load(std::memory_order_acquire) > 0) {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_done.wait(lock, [this] { return m_pending.load(std::memory_order_acquire) == 0; });
    }
}

void ThreadPool::workerLoop(int worker)
{
    uint64_t seen = 0;
    for (;;) {
        for (int spin = 0; spin < kSpinIterations && m_published.load(std::memory_order_acquire) == seen; ++spin) {
        }
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

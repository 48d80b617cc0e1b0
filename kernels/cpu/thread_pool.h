#pragma once
// A small persistent thread pool for data-parallel loops. The calling thread
// takes part as worker 0, so ThreadPool(1) runs everything inline. Work is
// split into contiguous chunks by worker index, which keeps every output
// element computed by exactly one deterministic code path.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "kernels/api/worker_observer.h"

namespace kernels::cpu {

class ThreadPool {
public:
    explicit ThreadPool(int threads);
    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    int size() const { return m_size; }

    // Calls fn(worker, begin, end) for contiguous slices of [0, n), one per worker
    // (slices are multiples of `grain` except the last); returns when all are done.
    // Not reentrant: one parallelFor at a time per pool.
    void parallelFor(int64_t n, int64_t grain, const std::function<void(int, int64_t, int64_t)>& fn);

private:
    void workerLoop(int worker);
    void runSlice(int worker);

    int m_size = 1;
    std::vector<std::thread> m_threads;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_done;
    uint64_t m_generation = 0;          // bumped for every job
    std::atomic<uint64_t> m_published{0};  // lock-free copy of m_generation for spinning workers
    std::atomic<int> m_pending{0};
    bool m_stop = false;

    // The current job.
    const std::function<void(int, int64_t, int64_t)>* m_fn = nullptr;
    int64_t m_n = 0;
    int64_t m_grain = 1;
    // The caller's workerObserver() when the job was published; workers 1..
    // report their slices to it (worker 0 is the caller itself).
    WorkerObserver* m_jobObserver = nullptr;
};

}  // namespace kernels::cpu

#pragma once
// WorkerObserver: told when a helper thread (a CPU thread pool's worker other
// than the calling thread) works on its share of an op, so a trace can show
// every thread that ran ops. The observer belongs to the thread that calls the
// ops: whoever watches an op sets it around the call (ScopedWorkerObserver),
// and a thread pool hands it to its workers with each parallel loop. It is
// called on the helper thread itself, before and after its share; it must be
// cheap and thread-safe.
namespace kernels {

class WorkerObserver {
public:
    virtual ~WorkerObserver() = default;
    virtual void shareStarted(int worker) = 0;
    virtual void shareFinished(int worker) = 0;
};

// The calling thread's observer; nullptr when nobody watches.
WorkerObserver* workerObserver();

// Makes `observer` the calling thread's observer until the scope ends.
class ScopedWorkerObserver {
public:
    explicit ScopedWorkerObserver(WorkerObserver* observer);
    ~ScopedWorkerObserver();
    ScopedWorkerObserver(const ScopedWorkerObserver&) = delete;
    ScopedWorkerObserver& operator=(const ScopedWorkerObserver&) = delete;

private:
    WorkerObserver* m_previous;
};

}  // namespace kernels

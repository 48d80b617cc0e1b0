#include "kernels/api/worker_observer.h"

namespace kernels {
namespace {
thread_local WorkerObserver* t_observer = nullptr;
}  // namespace

WorkerObserver* workerObserver()
{
    return t_observer;
}

ScopedWorkerObserver::ScopedWorkerObserver(WorkerObserver* observer) : m_previous(t_observer)
{
    t_observer = observer;
}

ScopedWorkerObserver::~ScopedWorkerObserver()
{
    t_observer = m_previous;
}

}  // namespace kernels

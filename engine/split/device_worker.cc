#include "engine/split/device_worker.h"

#include <utility>

namespace engine {

DeviceWorker::DeviceWorker() : m_thread([this] { loop(); }) {}

DeviceWorker::~DeviceWorker()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_one();
    m_thread.join();
}

void DeviceWorker::submit(std::function<void()> task)
{
    {
        std::lock_guard lock(m_mutex);
        m_tasks.push_back(std::move(task));
    }
    m_wake.notify_one();
}

std::exception_ptr DeviceWorker::wait()
{
    std::unique_lock lock(m_mutex);
    m_idle.wait(lock, [this] { return m_tasks.empty() && !m_running; });
    return std::exchange(m_error, nullptr);
}

void DeviceWorker::loop()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_stop || !m_tasks.empty(); });
        if (m_tasks.empty()) return;  // stopping with nothing left to do
        std::function<void()> task = std::move(m_tasks.front());
        m_tasks.pop_front();
        m_running = true;
        lock.unlock();
        std::exception_ptr error;
        try {
            task();
        } catch (...) {
            error = std::current_exception();
        }
        lock.lock();
        if (error && !m_error) m_error = error;
        m_running = false;
        if (m_tasks.empty()) m_idle.notify_all();
    }
}

}  // namespace engine

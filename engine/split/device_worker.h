#pragma once
// DeviceWorker: the thread a virtual CPU device runs its share of a forward
// pass on (its stream). Tasks run in submission order; wait() returns when
// every task submitted so far has finished. A task that throws does not end
// the thread: its exception is kept and handed back by wait().
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

namespace engine {

class DeviceWorker {
public:
    DeviceWorker();
    ~DeviceWorker();
    DeviceWorker(const DeviceWorker&) = delete;
    DeviceWorker& operator=(const DeviceWorker&) = delete;

    void submit(std::function<void()> task);
    // The first exception a task threw since the last wait() (nullptr: none).
    std::exception_ptr wait();

private:
    void loop();

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_idle;
    std::deque<std::function<void()>> m_tasks;
    bool m_running = false;
    bool m_stop = false;
    std::exception_ptr m_error;
    std::thread m_thread;
};

}  // namespace engine

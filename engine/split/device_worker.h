#pragma once
// DeviceWorker: the thread a virtual CPU device runs its share of a forward
// pass on (its stream). Tasks run in submission order; wait() returns when
// every task submitted so far has finished.
#include <condition_variable>
#include <deque>
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
    void wait();

private:
    void loop();

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_idle;
    std::deque<std::function<void()>> m_tasks;
    bool m_running = false;
    bool m_stop = false;
    std::thread m_thread;
};

}  // namespace engine

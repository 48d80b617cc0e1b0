#pragma once
// DemoTask: a teaching demo's measurement, run on the engine's worker thread
// (EngineClient::runDemo) against the model as stored. The task is shared
// between the GUI thread, which creates it and reads its result after
// EngineClient::demoFinished, and the worker, which calls run() once; the
// queued signal orders the worker's writes before the GUI's reads.
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <string>

namespace engine {
class Engine;
}

struct DemoContext {
    engine::Engine& engine;        // the model as stored, on the worker thread
    std::string modelPath;
    const std::atomic<bool>* cancel = nullptr;  // set when the user cancels
    // (what is being measured, fraction done in [0, 1] or -1 when unknown)
    std::function<void(const QString& what, double fraction)> progress;
};

class DemoTask {
public:
    virtual ~DemoTask() = default;
    // Runs the measurement and keeps the result in the task. An empty string on
    // success, else the message to show (a cancelled run returns any text and
    // the client reports it as cancelled).
    virtual QString run(const DemoContext& context) = 0;
};

using DemoTaskPtr = std::shared_ptr<DemoTask>;

// Cancel latency of a load that converts the weights: the same load (model,
// then the quantization pass to the asked dtype) is started again and again
// with the cancel flag raised after a growing delay, so the cancel lands in
// every phase — opening, planning, inside each large tensor's conversion,
// between tensors, after the pass — and the time from the flag to the load's
// return is printed with where it landed. Prints numbers only, asserts nothing.
//
// usage: bench_cancel MODEL [dtype=int8] [threads=2] [first-delay-s=0.02] [max-delay-s=60]
//   delays: 0, then first-delay doubling up to max-delay or until a load completes
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>

#include "engine/common/progress.h"
#include "engine/config/profile.h"
#include "engine/session/engine.h"

namespace {

using Clock = std::chrono::steady_clock;

double secondsBetween(Clock::time_point a, Clock::time_point b)
{
    return std::chrono::duration<double>(b - a).count();
}

// The last progress report, read by the thread that raises the flag.
struct Where {
    std::mutex mutex;
    engine::PhaseProgress last;
    bool any = false;

    void set(const engine::PhaseProgress& p)
    {
        std::lock_guard<std::mutex> lock(mutex);
        last = p;
        any = true;
    }
    std::string describe()
    {
        std::lock_guard<std::mutex> lock(mutex);
        if (!any) return "opening";
        std::string s = engine::phaseName(last.phase);
        s += " " + std::to_string(last.done) + "/" + std::to_string(last.total);
        if (last.bytesTotal > 0)
            s += " (" + std::to_string(static_cast<int>(100.0 * double(last.bytesDone) / double(last.bytesTotal))) + "%)";
        if (!last.item.empty()) s += " " + last.item;
        return s;
    }
};

struct Trial {
    bool completed = false;  // the load ended before the flag was raised
    double latencyS = 0.0;   // flag raised -> load returned
    double totalS = 0.0;
    std::string where;       // the phase the flag landed in
    std::string outcome;
};

Trial cancelAfter(const std::string& model, engine::WeightDType dtype, int threads, double delayS)
{
    std::atomic<bool> cancel{false};
    Where where;
    engine::LoadOptions options;
    options.threads = threads;
    engine::WeightsConfig weights;
    weights.dtype = dtype;
    options.weights = weights;
    options.cancel = &cancel;
    options.progress = [&](const engine::PhaseProgress& p) { where.set(p); };

    Trial trial;
    std::mutex mutex;
    std::condition_variable done;
    bool finished = false;
    Clock::time_point raisedAt{};
    std::thread raiser([&] {
        std::unique_lock<std::mutex> lock(mutex);
        if (done.wait_for(lock, std::chrono::duration<double>(delayS), [&] { return finished; })) return;
        trial.where = where.describe();
        raisedAt = Clock::now();
        cancel.store(true);
    });
    const Clock::time_point start = Clock::now();
    auto loaded = engine::Engine::load(model, {}, options);
    const Clock::time_point end = Clock::now();
    {
        std::lock_guard<std::mutex> lock(mutex);
        finished = true;
    }
    done.notify_all();
    raiser.join();
    trial.outcome = loaded ? "completed" : loaded.error().code == engine::ErrorCode::Cancelled ? "cancelled"
                                                                                                  : loaded.error().message;
    trial.totalS = secondsBetween(start, end);
    trial.completed = raisedAt == Clock::time_point{};
    trial.latencyS = trial.completed ? 0.0 : secondsBetween(raisedAt, end);
    return trial;
}

}  // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_cancel MODEL [dtype=int8] [threads=2] [first-delay-s=0.02] [max-delay-s=60]\n");
        return 2;
    }
    const std::string model = argv[1];
    const auto dtype = engine::enumFromName<engine::WeightDType>(argc > 2 ? argv[2] : "int8");
    if (!dtype) {
        std::fprintf(stderr, "bench_cancel: unknown dtype '%s' (f32, f16, bf16, int8, int4)\n", argv[2]);
        return 2;
    }
    const int threads = argc > 3 ? std::atoi(argv[3]) : 2;
    const double first = argc > 4 ? std::atof(argv[4]) : 0.02;
    const double last = argc > 5 ? std::atof(argv[5]) : 60.0;

    std::printf("cancel latency, load of %s converted to %s, %d threads\n", model.c_str(), engine::enumName(*dtype),
                threads);
    std::printf("%10s  %12s  %10s  %s\n", "delay s", "latency ms", "load s", "where the cancel landed [outcome]");
    double worst = 0.0;
    for (double delay = 0.0; delay <= last; delay = delay == 0.0 ? first : delay * 2.0) {
        const Trial t = cancelAfter(model, *dtype, threads, delay);
        if (t.completed) {
            std::printf("%10.3f  %12s  %10.2f  the load completed first\n", delay, "-", t.totalS);
            break;
        }
        worst = std::max(worst, t.latencyS);
        std::printf("%10.3f  %12.1f  %10.2f  %s [%s]\n", delay, 1000.0 * t.latencyS, t.totalS, t.where.c_str(),
                    t.outcome.c_str());
        std::fflush(stdout);
    }
    std::printf("worst cancel latency: %.1f ms\n", 1000.0 * worst);
    return 0;
}

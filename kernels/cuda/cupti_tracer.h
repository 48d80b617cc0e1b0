#pragma once
// The CUPTI adapter: GPU activity tracing for the engine's tracer, behind the
// plain interface of kernels/api/gpu_activity.h. Concurrent kernels, copies,
// memsets, runtime API calls, synchronisations and the external correlation
// records are collected in buffers CUPTI fills on its own; every completed
// buffer is decoded at once into plain records, and flush() synchronises the
// devices, forces the partly filled buffers out and hands over what arrived.
// Timestamps come from the engine tracer's clock (CUPTI's timestamp callback,
// registered before any activity kind is enabled). Each op call is bracketed
// by an external correlation id (tying its kernels to the op) and an NVTX
// range named after the op, with its layer as payload (for Nsight Systems).
#include <atomic>
#include <mutex>
#include <cuda_runtime_api.h>

#include <string>

#include "kernels/api/gpu_activity.h"

namespace kernels::cuda {

class CuptiTracer final : public GpuActivityTracer {
public:
    // The process has one CUPTI: one adapter.
    static CuptiTracer& instance();

    // The first call registers the clock and the buffer callbacks, enables
    // the activity kinds and runs selfTest(); a later call only points the
    // clock at a new tracer. A sentence when tracing cannot work.
    std::string enable(int64_t (*clock)(void*), void* clockContext) override;
    void disable() override;
    bool enabled() const override { return m_enabled.load(); }

    void pushOp(uint64_t externalId, const char* opName, int32_t layer) override;
    void popOp() override;

    GpuActivityBatch flush() override;
    std::string selfTest() override;

    // CUPTI's callbacks (static: CUPTI takes plain function pointers).
    static void bufferRequested(uint8_t** buffer, size_t* size, size_t* maxRecords);
    static void bufferCompleted(void* context, uint32_t streamId, uint8_t* buffer, size_t size, size_t validSize);
    static uint64_t timestamp();

private:
    CuptiTracer() = default;
    std::string start();  // registration and enabling, once
    void decode(uint8_t* buffer, size_t validSize);
    void countDropped(void* context, uint32_t streamId);

    std::mutex m_startMutex;  // guards m_started and m_startError
    bool m_started = false;
    std::string m_startError;
    std::mutex m_mutex;  // guards m_pending (filled from CUPTI's thread)
    GpuActivityBatch m_pending;
    std::atomic<bool> m_enabled{false};
    // The clock and its argument change together (a run's tracer comes and
    // goes) while CUPTI's thread may be asking for a timestamp.
    std::mutex m_clockMutex;
    int64_t (*m_clock)(void*) = nullptr;
    void* m_clockContext = nullptr;
};

// Launches the self-test's kernel (cupti_selftest.cu) on the default stream.
cudaError_t launchSelfTestKernel(float* data, int n);
// The self-test kernel's name as CUPTI reports it (mangled).
const char* selfTestKernelName();

}  // namespace kernels::cuda

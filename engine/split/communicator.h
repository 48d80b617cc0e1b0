#pragma once
// Communicator: how the devices of a split model exchange activations.
// Collectives (allReduceSum, agree, barrier) are called by every rank, each
// from its own thread, in the same order; point-to-point copies (send) by the
// receiving rank once the sender's data is final.
//
// LocalCommunicator is the in-process implementation for virtual CPU devices.
// Its all-reduce adds the ranks' buffers in rank order 0, 1, ..., N-1 for
// every element, whichever thread does the adding, so the result is
// deterministic and identical on every rank. Every transfer is recorded as a
// span of the "communication" category with its byte count, on the tracer
// that is set, and counted per rank (bytes and time, waiting included).
//
// A rank whose work failed calls fail(): the others stop waiting for it, and
// their next collective throws CollectiveAborted so that every rank unwinds
// instead of waiting forever at a barrier. A failed communicator is replaced
// before the next pass.
#include <atomic>
#include <barrier>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <vector>

#include "engine/trace/tracer.h"

namespace engine {

struct CommStats {
    uint64_t bytes = 0;  // bytes this rank sent or received
    int64_t ns = 0;      // time inside communication calls, waiting included
};

// Thrown by a collective once a peer has failed.
struct CollectiveAborted : std::runtime_error {
    CollectiveAborted() : std::runtime_error("a peer device failed") {}
};

class Communicator {
public:
    virtual ~Communicator() = default;
    virtual int32_t size() const = 0;

    // Every rank passes its own n floats; afterwards each holds the sum.
    virtual void allReduceSum(int32_t rank, float* data, int64_t n, int32_t layer) = 0;
    // Every rank passes a value; all get rank 0's (e.g. "cancel now?").
    virtual bool agree(int32_t rank, bool value) = 0;
    virtual void barrier(int32_t rank) = 0;
    // Rank `to` copies n floats from `src` (rank `from`'s memory) into `dst`.
    virtual void send(int32_t from, int32_t to, const float* src, float* dst, int64_t n, int32_t layer) = 0;
    // Rank `rank` writes its (rows x cols) block into columns [col0, col0 + cols)
    // of the (rows x totalCols) destination every rank shares (all-gather to the host).
    virtual void gatherColumns(int32_t rank, const float* src, int64_t rows, int64_t cols, float* dst,
                               int64_t totalCols, int64_t col0) = 0;

    // `rank` stops taking part (its work threw); called once per rank at most.
    virtual void fail(int32_t rank) = 0;
    virtual bool failed() const = 0;

    void setTracer(Tracer* tracer) { m_tracer = tracer; }
    virtual CommStats stats(int32_t rank) const = 0;
    virtual void resetStats() = 0;

protected:
    Tracer* m_tracer = nullptr;
};

class LocalCommunicator final : public Communicator {
public:
    explicit LocalCommunicator(int32_t size);

    int32_t size() const override { return m_size; }
    void allReduceSum(int32_t rank, float* data, int64_t n, int32_t layer) override;
    bool agree(int32_t rank, bool value) override;
    void barrier(int32_t rank) override;
    void send(int32_t from, int32_t to, const float* src, float* dst, int64_t n, int32_t layer) override;
    void gatherColumns(int32_t rank, const float* src, int64_t rows, int64_t cols, float* dst, int64_t totalCols,
                       int64_t col0) override;
    CommStats stats(int32_t rank) const override;
    void resetStats() override;
    void fail(int32_t rank) override;
    bool failed() const override { return m_failed.load(std::memory_order_acquire); }

private:
    // After a barrier phase: throws when a peer failed (every survivor sees
    // the same flag there, so they unwind together).
    void throwIfFailed() const
    {
        if (failed()) throw CollectiveAborted();
    }
    struct alignas(64) RankStats {
        std::atomic<uint64_t> bytes{0};
        std::atomic<int64_t> ns{0};
    };
    void account(int32_t rank, uint64_t bytes, int64_t startNs, int64_t endNs, OpId op, int32_t layer);
    static int64_t steadyNs();

    int32_t m_size;
    std::barrier<> m_barrier;
    std::vector<float*> m_slots;
    bool m_agreed = false;
    std::atomic<bool> m_failed{false};
    std::unique_ptr<RankStats[]> m_stats;
};

}  // namespace engine

#pragma once
// Paged KV study (teaching data): a workload replayed through the serving
// scheduler with a paged KV cache, recording after every step which request
// holds each block of the real pool (KvStore::blockSnapshot), so the block
// table can be played back as sequences arrive, grow and leave. Then the same
// workload at several block sizes (same capacity in tokens), measuring the
// internal fragmentation: the share of the positions held by live sequences
// that no token uses (the unused tail of each sequence's last block),
// averaged over the steps.
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/common/expected.h"
#include "engine/sched/workload.h"

namespace engine {

class LlamaModel;
class Tokenizer;

struct PagedKvStudyOptions {
    Workload workload;
    int32_t blockSize = 16;          // of the recorded run
    int64_t capacityTokens = 512;    // the whole cache, every run
    int32_t maxSequences = 4;
    std::vector<int32_t> fragmentationBlockSizes{8, 16, 32};  // the block sizes the cache takes
    const std::atomic<bool>* cancel = nullptr;
    std::function<void(size_t done, size_t total, const std::string& what)> onProgress;
};

// The pool after one scheduler step.
struct KvFrame {
    int64_t pass = 0;             // forward passes so far
    std::vector<int32_t> owner;   // per block: the request id holding it, -1 free
    std::vector<int32_t> filled;  // per block: positions holding tokens
    double fragmentation = 0.0;   // unused / held positions of this frame (0 when nothing is held)
};

struct FragmentationPoint {
    int32_t blockSize = 0;
    int64_t blocks = 0;               // in the pool
    double meanFragmentation = 0.0;   // over the steps that held anything
    double peakBlocksUsed = 0.0;      // share of the pool at the fullest step
    int64_t preemptions = 0;
    int64_t forwardPasses = 0;
};

struct PagedKvStudy {
    int32_t blockSize = 0;
    int64_t blocks = 0;
    int64_t requests = 0;
    int64_t preemptions = 0;
    std::vector<KvFrame> frames;  // the recorded run, one per step
    std::vector<FragmentationPoint> fragmentation;
};

// Unused / held positions of one frame.
double frameFragmentation(const KvFrame& frame, int64_t blockTokens);

Expected<PagedKvStudy> runPagedKvStudy(LlamaModel& model, const Tokenizer& tokenizer,
                                       const PagedKvStudyOptions& options);

}  // namespace engine

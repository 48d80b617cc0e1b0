#include "engine/study/paged_kv_study.h"

#include <algorithm>

#include "engine/kv/kv_store.h"
#include "engine/sched/scheduler.h"

namespace engine {

namespace {

struct RecordedRun {
    std::vector<KvFrame> frames;
    int64_t blocks = 0;
    int64_t preemptions = 0;
    int64_t forwardPasses = 0;
};

KvFrame frameOf(const SchedulerStep& step)
{
    const KvBlockSnapshot snap = step.store->blockSnapshot();
    KvFrame frame;
    frame.pass = step.pass;
    frame.filled = snap.filled;
    frame.owner.assign(snap.owner.size(), -1);
    for (size_t b = 0; b < snap.owner.size(); ++b) {
        if (snap.owner[b] < 0) continue;
        for (const auto& [seq, request] : step.owners)
            if (seq == snap.owner[b]) frame.owner[b] = request;
    }
    frame.fragmentation = frameFragmentation(frame, snap.blockTokens);
    return frame;
}

Expected<RecordedRun> recordRun(LlamaModel& model, const Tokenizer& tokenizer, const PagedKvStudyOptions& options,
                                int32_t blockSize)
{
    SchedulerOptions s;
    s.policy = BatchingPolicy::Continuous;
    s.maxSequences = options.maxSequences;
    s.realTime = false;
    s.kv.mode = KvCacheMode::Paged;
    s.kv.blockSize = blockSize;
    s.kv.capacityTokens = options.capacityTokens;
    RecordedRun run;
    s.onStep = [&run](const SchedulerStep& step) { run.frames.push_back(frameOf(step)); };
    auto r = runWorkload(model, tokenizer, options.workload, s, options.cancel);
    if (!r) return r.error();
    run.blocks = r->kv.blocksTotal;
    run.preemptions = r->preemptions;
    run.forwardPasses = r->forwardPasses;
    return run;
}

FragmentationPoint summarize(const RecordedRun& run, int32_t blockSize)
{
    FragmentationPoint p;
    p.blockSize = blockSize;
    p.blocks = run.blocks;
    p.preemptions = run.preemptions;
    p.forwardPasses = run.forwardPasses;
    double sum = 0.0;
    int64_t counted = 0;
    int64_t peak = 0;
    for (const KvFrame& f : run.frames) {
        const auto used = std::count_if(f.owner.begin(), f.owner.end(), [](int32_t o) { return o >= 0; });
        peak = std::max<int64_t>(peak, used);
        if (used == 0) continue;
        sum += f.fragmentation;
        ++counted;
    }
    p.meanFragmentation = counted ? sum / static_cast<double>(counted) : 0.0;
    p.peakBlocksUsed = run.blocks ? static_cast<double>(peak) / static_cast<double>(run.blocks) : 0.0;
    return p;
}

}  // namespace

double frameFragmentation(const KvFrame& frame, int64_t blockTokens)
{
    int64_t held = 0, used = 0;
    for (size_t b = 0; b < frame.owner.size(); ++b) {
        if (frame.owner[b] < 0) continue;
        held += blockTokens;
        used += frame.filled[b];
    }
    return held ? static_cast<double>(held - used) / static_cast<double>(held) : 0.0;
}

Expected<PagedKvStudy> runPagedKvStudy(LlamaModel& model, const Tokenizer& tokenizer,
                                       const PagedKvStudyOptions& options)
{
    const size_t total = 1 + options.fragmentationBlockSizes.size();
    size_t done = 0;
    PagedKvStudy study;
    auto recorded = recordRun(model, tokenizer, options, options.blockSize);
    if (!recorded) return recorded.error();
    study.blockSize = options.blockSize;
    study.blocks = recorded->blocks;
    study.requests = static_cast<int64_t>(options.workload.requests.size());
    study.preemptions = recorded->preemptions;
    study.frames = std::move(recorded->frames);
    if (options.onProgress) options.onProgress(++done, total, "block table, block size " + std::to_string(options.blockSize));
    for (int32_t blockSize : options.fragmentationBlockSizes) {
        auto run = recordRun(model, tokenizer, options, blockSize);
        if (!run) return run.error();
        study.fragmentation.push_back(summarize(*run, blockSize));
        if (options.onProgress) options.onProgress(++done, total, "block size " + std::to_string(blockSize));
    }
    return study;
}

}  // namespace engine

#include "engine/sched/scheduler.h"

#include <algorithm>
#include <chrono>
#include <deque>
#include <optional>
#include <thread>

#include "engine/common/message_catalog.h"
#include "engine/model/llama_model.h"
#include "engine/session/sampler.h"
#include "engine/tokenizer/tokenizer.h"

namespace engine {

namespace {

using Clock = std::chrono::steady_clock;

// One request in flight. `tokens` is its prefix: the prompt, then every token
// generated so far. `cached` positions of it have their keys/values in the
// store; the rest are fed by the next passes (a prompt chunk, the last
// generated token, or a whole prefix being recomputed after preemption).
struct Sequence {
    size_t request = 0;  // index into the workload and the outcomes
    std::vector<int32_t> tokens;
    int64_t cached = 0;
    int32_t target = 0;     // output tokens to generate
    int32_t generated = 0;
    int32_t storeId = -1;   // -1: not holding cache (waiting or finished)
    int64_t admitted = 0;   // admission counter: the largest is the newest
    std::optional<Sampler> sampler;

    int64_t pending() const { return static_cast<int64_t>(tokens.size()) - cached; }
    bool decoding() const { return generated > 0 && pending() == 1; }
    bool done() const { return generated >= target; }
    // Positions held at the end: the last generated token is never fed.
    int64_t finalLength() const { return static_cast<int64_t>(tokens.size()) - generated + target - 1; }
    // Room to take at admission: the prefix, plus the token that follows it.
    int64_t admitLength() const { return std::min(static_cast<int64_t>(tokens.size()) + 1, finalLength()); }
};

struct PlannedChunk {
    Sequence* seq = nullptr;
    int64_t start = 0;
    int64_t length = 0;
};

SamplerParams samplerParams(const SamplingConfig& s)
{
    SamplerParams p;
    p.temperature = static_cast<float>(s.temperature.value_or(0.0));
    p.topK = s.topK.value_or(0);
    p.topP = static_cast<float>(s.topP.value_or(1.0));
    p.minP = static_cast<float>(s.minP.value_or(0.0));
    p.repeatPenalty = static_cast<float>(s.repeatPenalty.value_or(1.0));
    p.repeatLastN = s.repeatLastN.value_or(64);
    return p;
}

class Runner {
public:
    Runner(LlamaModel& model, const Workload& workload, const SchedulerOptions& options,
           const std::atomic<bool>* cancel, Tracer* tracer)
        : m_model(model), m_workload(workload), m_options(options), m_cancel(cancel), m_tracer(tracer)
    {
    }

    Status prepare(const Tokenizer& tokenizer);
    Expected<ScheduleResult> run();

private:
    double nowMs() const { return std::chrono::duration<double, std::milli>(Clock::now() - m_start).count(); }
    double arrivalMs(const Sequence& s) const
    {
        return m_options.realTime ? m_workload.requests[s.request].arrivalMs : 0.0;
    }
    bool arrived(const Sequence& s) const { return arrivalMs(s) <= nowMs(); }
    void sleepUntilArrival(const Sequence& s) const;
    bool cancelled() const { return m_cancel && m_cancel->load(std::memory_order_relaxed); }

    Status runContinuous();
    Status runStatic();
    Status admit(Sequence& s);
    void release(Sequence& s);
    void preempt(Sequence& s, std::vector<PlannedChunk>& plan, int64_t& budget);
    std::vector<PlannedChunk> plan(const std::vector<Sequence*>& running, bool allowPreempt);
    Status execute(const std::vector<PlannedChunk>& plan);
    void sampleNext(Sequence& s, const float* logits);
    void notifyStep() const;

    LlamaModel& m_model;
    const Workload& m_workload;
    const SchedulerOptions& m_options;
    const std::atomic<bool>* m_cancel;
    Tracer* m_tracer;

    KvStoreSpec m_spec;
    std::optional<KvStore> m_store;
    std::vector<Sequence> m_seqs;          // by request index
    std::vector<Sequence*> m_running;      // admission order
    std::deque<Sequence*> m_waiting;       // arrival order; preempted ones go back to the front
    std::vector<RequestOutcome> m_outcomes;
    std::vector<float> m_logits;
    ScheduleResult m_result;
    int64_t m_admissions = 0;
    int32_t m_finished = 0;
    int64_t m_generated = 0;
    Clock::time_point m_start;
};

// Everything that can be refused is refused here, before the cache exists.
Status Runner::prepare(const Tokenizer& tokenizer)
{
    if (m_options.maxBatch < 1 || m_options.maxSequences < 1)
        return makeError(ErrorCode::InvalidArgument,
                         msg("sched.bad_limits", {{"batch", m_options.maxBatch}, {"sequences", m_options.maxSequences}}));
    m_spec = m_model.kvSpec(m_options.kv, m_options.maxSequences);
    const int64_t context = m_model.config().contextLength;
    const SamplerParams params = samplerParams(m_options.sampling);
    const uint64_t seed = m_options.sampling.seed.value_or(0);
    m_seqs.resize(m_workload.requests.size());
    m_outcomes.resize(m_workload.requests.size());
    for (size_t i = 0; i < m_workload.requests.size(); ++i) {
        const WorkloadRequest& r = m_workload.requests[i];
        // "request 3: ..."
        const auto refuse = [&](ErrorCode code, Message cause) {
            return makeError(code, msg("sched.in_request", {{"id", r.id}, {"cause", std::move(cause)}}));
        };
        Sequence& s = m_seqs[i];
        s.request = i;
        s.tokens = requestPromptIds(r, tokenizer, m_workload.seed);
        s.target = r.outputTokens;
        if (s.tokens.empty()) return refuse(ErrorCode::InvalidArgument, msg("sched.empty_prompt"));
        if (r.outputTokens < 1)
            return refuse(ErrorCode::InvalidArgument, msg("sched.no_output", {{"tokens", r.outputTokens}}));
        for (int32_t id : s.tokens)
            if (id < 0 || id >= m_model.config().vocabSize)
                return refuse(ErrorCode::InvalidArgument, msg("sched.token_outside_vocab", {{"id", id}}));
        // The last generated token is never fed, so prompt + output - 1 positions are needed.
        const int64_t need = static_cast<int64_t>(s.tokens.size()) + r.outputTokens - 1;
        if (need > context)
            return refuse(ErrorCode::OutOfRange, msg("sched.over_context", {{"prompt", s.tokens.size()},
                                                                            {"output", r.outputTokens},
                                                                            {"context", context}}));
        auto fits = kvCheckFits(m_spec, need);
        if (!fits) return refuse(fits.error().code, messageOf(fits.error()));
        s.sampler.emplace(params, seed + static_cast<uint64_t>(r.id));
        m_outcomes[i].id = r.id;
        m_outcomes[i].promptTokens = s.tokens;
        m_outcomes[i].timeline.promptTokens = static_cast<int64_t>(s.tokens.size());
    }
    auto store = m_model.makeStore(m_spec);
    if (!store) return store.error();
    m_store.emplace(std::move(*store));
    m_logits.resize(static_cast<size_t>(m_options.maxSequences) * static_cast<size_t>(m_model.config().vocabSize));
    return okStatus();
}

void Runner::sleepUntilArrival(const Sequence& s) const
{
    const double wait = arrivalMs(s) - nowMs();
    if (wait > 0.0) std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(wait));
}

Status Runner::admit(Sequence& s)
{
    ScopedSpan span(m_tracer, OpId::KvAdmit);
    auto id = m_store->addSequence();
    if (!id) return id.error();
    s.storeId = *id;
    s.cached = 0;
    s.admitted = m_admissions++;
    m_running.push_back(&s);
    return okStatus();
}

void Runner::release(Sequence& s)
{
    ScopedSpan span(m_tracer, OpId::KvRelease);
    if (s.storeId >= 0) m_store->removeSequence(s.storeId);
    s.storeId = -1;
    m_running.erase(std::remove(m_running.begin(), m_running.end(), &s), m_running.end());
}

// Recompute preemption: the sequence gives back all its cache and waits at the
// front of the queue; when readmitted its whole prefix (prompt + generated) is
// fed again, which reproduces its keys and values exactly.
void Runner::preempt(Sequence& s, std::vector<PlannedChunk>& plan, int64_t& budget)
{
    ScopedSpan span(m_tracer, OpId::KvPreempt);
    for (auto it = plan.begin(); it != plan.end(); ++it) {
        if (it->seq == &s) {
            budget += it->length;
            plan.erase(it);
            break;
        }
    }
    release(s);
    s.cached = 0;
    m_waiting.push_front(&s);
    ++m_outcomes[s.request].preemptions;
    ++m_result.preemptions;
}

// One pass: decode tokens first, then prompt chunks, at most maxBatch tokens.
// Each chunk's cache room is taken as it is planned; when the pool is out,
// the newest running sequence is preempted (possibly the one being planned).
std::vector<PlannedChunk> Runner::plan(const std::vector<Sequence*>& running, bool allowPreempt)
{
    std::vector<PlannedChunk> out;
    int64_t budget = m_options.maxBatch;
    const bool off = m_spec.mode == KvCacheMode::Off;
    std::vector<Sequence*> order;
    for (Sequence* s : running)
        if (!s->done() && s->decoding()) order.push_back(s);
    for (Sequence* s : running)
        if (!s->done() && !s->decoding()) order.push_back(s);

    for (Sequence* s : order) {
        if (budget <= 0) break;
        if (s->storeId < 0) continue;  // preempted while planning this pass
        // Off: nothing is cached, so the whole prefix goes in one piece (alone
        // if it is longer than the budget).
        const int64_t start = off ? 0 : s->cached;
        const auto total = static_cast<int64_t>(s->tokens.size());
        int64_t length = off ? total : std::min(s->pending(), budget);
        if (off && length > budget && !out.empty()) continue;
        while (!m_store->canGrow(s->storeId, start + length) && allowPreempt) {
            Sequence* victim = *std::max_element(m_running.begin(), m_running.end(),
                                                 [](const Sequence* a, const Sequence* b) {
                                                     return a->admitted < b->admitted;
                                                 });
            preempt(*victim, out, budget);
            if (victim == s) break;
        }
        if (s->storeId < 0) continue;
        if (!m_store->resize(s->storeId, start + length)) continue;  // static: cannot happen (reserved at admission)
        out.push_back({s, start, length});
        budget -= length;
    }
    return out;
}

Status Runner::execute(const std::vector<PlannedChunk>& plan)
{
    std::vector<BatchSequence> batch;
    batch.reserve(plan.size());
    for (const PlannedChunk& c : plan) {
        const bool completes = c.start + c.length == static_cast<int64_t>(c.seq->tokens.size());
        batch.push_back({c.seq->storeId, std::span(c.seq->tokens).subspan(static_cast<size_t>(c.start),
                                                                          static_cast<size_t>(c.length)),
                         c.start, completes ? LogitsMode::Last : LogitsMode::None});
    }
    const double passStart = nowMs();
    ENGINE_TRY(m_model.forwardBatch(batch, *m_store, m_logits.data(), m_cancel));
    ++m_result.forwardPasses;
    m_result.batchSizes.push_back(static_cast<int32_t>(plan.size()));
    if (m_tracer) {  // memory over time: counter tracks of the Chrome trace
        m_tracer->recordCounter("kv_used_bytes", static_cast<double>(m_store->stats().usedBytes));
        m_tracer->recordCounter("rss_bytes", static_cast<double>(currentRssBytes()));
    }

    const auto vocab = static_cast<size_t>(m_model.config().vocabSize);
    size_t row = 0;
    for (size_t i = 0; i < plan.size(); ++i) {
        Sequence& s = *plan[i].seq;
        s.cached = m_spec.mode == KvCacheMode::Off ? 0 : plan[i].start + plan[i].length;
        if (batch[i].logits != LogitsMode::Last) continue;
        sampleNext(s, m_logits.data() + row * vocab);
        ++row;
    }
    PassRecord pass;
    pass.endMs = nowMs();
    pass.ms = pass.endMs - passStart;
    pass.sequences = static_cast<int32_t>(plan.size());
    for (const PlannedChunk& c : plan) pass.fedTokens += static_cast<int32_t>(c.length);
    pass.sampledTokens = static_cast<int32_t>(row);
    m_result.passes.push_back(pass);
    notifyStep();  // after sampling, so the counts include this pass's tokens
    return okStatus();
}

void Runner::notifyStep() const
{
    if (!m_options.onStep) return;
    SchedulerStep step;
    step.pass = m_result.forwardPasses;
    step.ms = nowMs();
    step.store = &*m_store;
    step.finishedRequests = m_finished;
    step.generatedTokens = m_generated;
    for (const Sequence* s : m_running)
        if (s->storeId >= 0) step.owners.emplace_back(s->storeId, m_workload.requests[s->request].id);
    m_options.onStep(step);
}

void Runner::sampleNext(Sequence& s, const float* logits)
{
    int32_t next = 0;
    {
        ScopedSpan span(m_tracer, OpId::Sample);
        std::vector<float> row(logits, logits + m_model.config().vocabSize);
        next = s.sampler->sample(row, s.tokens);
    }
    const double now = nowMs();
    RequestOutcome& o = m_outcomes[s.request];
    o.outputTokens.push_back(next);
    o.timeline.tokenMs.push_back(now);
    s.tokens.push_back(next);
    ++s.generated;
    ++m_generated;
    if (s.done()) {
        o.timeline.endMs = now;
        ++m_finished;
    }
}

// Continuous batching: every step, finished sequences leave, arrived requests
// join while there is room, and one pass runs over everything running.
Status Runner::runContinuous()
{
    for (Sequence& s : m_seqs) m_waiting.push_back(&s);
    while (!m_waiting.empty() || !m_running.empty()) {
        if (cancelled()) return makeError(ErrorCode::Cancelled, msg("sched.cancelled"));
        bool left = false;
        for (Sequence* s : std::vector<Sequence*>(m_running))
            if (s->done()) {
                release(*s);
                left = true;
            }
        if (left) notifyStep();
        // Admission in queue order; room for the whole prefix plus the next token.
        while (!m_waiting.empty() && static_cast<int32_t>(m_running.size()) < m_options.maxSequences) {
            Sequence& s = *m_waiting.front();
            if (!arrived(s)) break;
            if (!m_store->canAdmit(s.admitLength()) && !m_running.empty()) break;
            ENGINE_TRY(admit(s));
            m_waiting.pop_front();
        }
        if (m_running.empty()) {
            if (!m_waiting.empty()) sleepUntilArrival(*m_waiting.front());
            continue;
        }
        const std::vector<PlannedChunk> chunks = plan(m_running, true);
        if (chunks.empty()) continue;  // everything planned was preempted: readmit next step
        ENGINE_TRY(execute(chunks));
    }
    return okStatus();
}

// Static batching: a batch of up to maxSequences arrived requests (in arrival
// order) runs until all of its sequences are done; arrivals meanwhile wait. The
// batch takes the cache its sequences will need at their longest up front, so
// it never preempts; a batch that would not fit is cut short.
Status Runner::runStatic()
{
    size_t next = 0;
    while (next < m_seqs.size()) {
        if (cancelled()) return makeError(ErrorCode::Cancelled, msg("sched.cancelled"));
        sleepUntilArrival(m_seqs[next]);
        std::vector<Sequence*> batch;
        int64_t blocks = 0;
        while (next < m_seqs.size() && static_cast<int32_t>(batch.size()) < m_options.maxSequences &&
               arrived(m_seqs[next])) {
            Sequence& s = m_seqs[next];
            const int64_t need = s.finalLength();
            if (!batch.empty() && m_spec.mode == KvCacheMode::Paged &&
                blocks + m_store->blocksFor(need) > m_store->freeBlocks())
                break;
            blocks += m_store->blocksFor(need);
            ENGINE_TRY(admit(s));
            batch.push_back(&s);
            ++next;
        }
        while (std::any_of(batch.begin(), batch.end(), [](const Sequence* s) { return !s->done(); })) {
            if (cancelled()) return makeError(ErrorCode::Cancelled, msg("sched.cancelled"));
            const std::vector<PlannedChunk> chunks = plan(batch, false);
            if (chunks.empty()) return makeError(ErrorCode::Internal, "scheduler: a static batch stalled");
            ENGINE_TRY(execute(chunks));
        }
        for (Sequence* s : batch) release(*s);
        notifyStep();
    }
    return okStatus();
}

Expected<ScheduleResult> Runner::run()
{
    Tracer* previous = m_model.tracer();
    if (m_tracer) m_model.setTracer(m_tracer);
    m_start = Clock::now();
    for (size_t i = 0; i < m_seqs.size(); ++i) m_outcomes[i].timeline.startMs = arrivalMs(m_seqs[i]);
    const Status status = m_options.policy == BatchingPolicy::Static ? runStatic() : runContinuous();
    if (m_tracer) m_model.collectGpuActivity();  // the GPU's kernels of the run, tied to its ops
    m_model.setTracer(previous);
    if (!status) return status.error();

    m_result.wallMs = nowMs();
    m_result.kv = m_store->stats();
    m_result.kvSpec = m_spec;
    std::vector<RequestTimeline> timelines;
    for (RequestOutcome& o : m_outcomes) {
        o.metrics = requestMetrics(o.timeline);
        timelines.push_back(o.timeline);
    }
    m_result.throughput = throughput(timelines);
    m_result.requests = std::move(m_outcomes);
    std::sort(m_result.requests.begin(), m_result.requests.end(),
              [](const RequestOutcome& a, const RequestOutcome& b) { return a.id < b.id; });
    return std::move(m_result);
}

}  // namespace

Expected<ScheduleResult> runWorkload(LlamaModel& model, const Tokenizer& tokenizer, const Workload& workload,
                                     const SchedulerOptions& options, const std::atomic<bool>* cancel, Tracer* tracer)
{
    Runner runner(model, workload, options, cancel, tracer);
    ENGINE_TRY(runner.prepare(tokenizer));
    return runner.run();
}

}  // namespace engine

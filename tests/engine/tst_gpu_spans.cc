// GPU activity records as tracer spans (engine/trace/gpu_spans.h), from
// synthetic records: kernels and copies on stream lanes tied to the host op
// that launched them, overlapping streams, correlation records that arrive
// before, after or never, dropped records reported, and the Chrome trace of
// a mixed CPU + GPU trace.
#include <QTest>

#include <algorithm>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "engine/trace/chrome_trace.h"
#include "engine/trace/gpu_spans.h"
#include "engine/trace/traced_ops.h"
#include "engine/trace/tracer.h"
#include "kernels/api/registry.h"
#include "kernels/cpu/cpu_ops.h"

using engine::OpId;
using engine::Span;
using engine::SpanKind;

namespace {

// A host op span as TracedOps records it: op, layer, device, thread, times, external id.
Span hostOp(OpId op, int32_t layer, int64_t startNs, int64_t durationNs, uint64_t correlation, int32_t device = 0,
            uint32_t thread = 0)
{
    Span s = engine::opSpan(op, layer, device);
    s.startNs = startNs;
    s.durationNs = durationNs;
    s.correlation = correlation;
    s.thread = thread;
    return s;
}

kernels::GpuKernelRecord kernel(const char* name, uint32_t stream, int64_t startNs, int64_t endNs,
                                uint32_t correlationId, int32_t device = 0)
{
    kernels::GpuKernelRecord k;
    k.name = name;
    k.device = device;
    k.stream = stream;
    k.startNs = startNs;
    k.endNs = endNs;
    k.grid = {128, 1, 1};
    k.block = {256, 1, 1};
    k.correlationId = correlationId;
    return k;
}

// Stands in for the CUDA module's tracer: remembers what the ops pushed.
class RecordingGpu final : public kernels::GpuActivityTracer {
public:
    struct Push {
        uint64_t id;
        std::string op;
        int32_t layer;
    };
    std::vector<Push> pushes;
    int pops = 0;
    bool on = true;

    std::string enable(int64_t (*)(void*), void*) override { return {}; }
    void disable() override { on = false; }
    bool enabled() const override { return on; }
    void pushOp(uint64_t id, const char* op, int32_t layer) override { pushes.push_back({id, op, layer}); }
    void popOp() override { ++pops; }
    kernels::GpuActivityBatch flush() override { return {}; }
    std::string selfTest() override { return {}; }
};

const Span* findByName(const std::vector<Span>& spans, const char* name)
{
    auto it = std::find_if(spans.begin(), spans.end(), [&](const Span& s) { return std::string(s.name) == name; });
    return it == spans.end() ? nullptr : &*it;
}

}  // namespace

class TestGpuSpans : public QObject {
    Q_OBJECT

private slots:
    void kernelTiedToItsOpAndLayer()
    {
        const std::vector<Span> host = {hostOp(OpId::MatmulQ, 3, 1000, 500, 41)};
        kernels::GpuActivityBatch batch;
        batch.kernels.push_back(kernel("gemv_q8_0", 7, 1100, 1400, 900));
        batch.correlations.push_back({900, 41});
        engine::SpanNames names;
        const engine::GpuSpans gpu = engine::gpuActivityToSpans(batch, host, names);

        QCOMPARE(gpu.spans.size(), size_t{1});
        const Span& k = gpu.spans[0];
        QCOMPARE(k.kind, SpanKind::Kernel);
        QCOMPARE(std::string(k.name), std::string("gemv_q8_0"));
        QCOMPARE(k.op, OpId::MatmulQ);
        QCOMPARE(k.layer, 3);
        QCOMPARE(k.stream, 7);
        QCOMPARE(k.correlation, uint64_t{41});
        QCOMPARE(k.startNs, int64_t{1100});
        QCOMPARE(k.durationNs, int64_t{300});
        QCOMPARE(k.grid[0], 128);
        QCOMPARE(k.block[0], 256);
        QCOMPARE(gpu.stats.kernels, uint64_t{1});
        QCOMPARE(gpu.stats.kernelsTied, uint64_t{1});
        QCOMPARE(gpu.stats.kernelTiedShare(), 1.0);
        QCOMPARE(gpu.stats.kernelNs, int64_t{300});
    }

    void memcpyAndMemsetCarryBytesAndDirection()
    {
        const std::vector<Span> host = {hostOp(OpId::Embed, -1, 0, 2000, 5)};
        kernels::GpuActivityBatch batch;
        kernels::GpuMemcpyRecord copy;
        copy.kind = kernels::GpuCopyKind::HostToDevice;
        copy.srcKind = kernels::GpuMemoryKind::Pinned;
        copy.dstKind = kernels::GpuMemoryKind::Device;
        copy.bytes = 1 << 20;
        copy.stream = 13;
        copy.startNs = 100;
        copy.endNs = 1100;
        copy.correlationId = 77;
        batch.memcpys.push_back(copy);
        kernels::GpuMemsetRecord set;
        set.bytes = 4096;
        set.stream = 13;
        set.startNs = 1200;
        set.endNs = 1300;
        set.correlationId = 78;
        batch.memsets.push_back(set);
        batch.correlations = {{77, 5}, {78, 5}};
        engine::SpanNames names;
        const engine::GpuSpans gpu = engine::gpuActivityToSpans(batch, host, names);

        QCOMPARE(gpu.spans.size(), size_t{2});
        const Span* c = findByName(gpu.spans, "memcpy HtoD");
        QVERIFY(c);
        QCOMPARE(c->kind, SpanKind::Memcpy);
        QCOMPARE(c->bytes, uint64_t{1 << 20});
        QCOMPARE(c->op, OpId::Embed);
        QCOMPARE(c->stream, 13);
        const Span* m = findByName(gpu.spans, "memset");
        QVERIFY(m);
        QCOMPARE(m->kind, SpanKind::Memset);
        QCOMPARE(m->bytes, uint64_t{4096});
        QCOMPARE(gpu.stats.memcpys, uint64_t{1});
        QCOMPARE(gpu.stats.memsets, uint64_t{1});
        QCOMPARE(gpu.stats.deviceTied, uint64_t{2});
    }

    void overlappingStreamsKeepTheirLanes()
    {
        // Two ops of different layers on two devices, their kernels overlapping in time on separate streams.
        const std::vector<Span> host = {hostOp(OpId::Attention, 0, 0, 1000, 1, 0, 0),
                                        hostOp(OpId::MatmulUp, 1, 100, 1000, 2, 1, 1)};
        kernels::GpuActivityBatch batch;
        batch.kernels = {kernel("attn_decode", 7, 200, 900, 10, 0), kernel("gemv_f16", 14, 300, 800, 11, 1),
                         kernel("attn_decode", 15, 250, 700, 12, 0)};
        batch.correlations = {{10, 1}, {11, 2}, {12, 1}};
        engine::SpanNames names;
        const engine::GpuSpans gpu = engine::gpuActivityToSpans(batch, host, names);

        QCOMPARE(gpu.spans.size(), size_t{3});
        // Ordered by start, each on its device's stream, tied to its op.
        QCOMPARE(gpu.spans[0].startNs, int64_t{200});
        QCOMPARE(gpu.spans[1].startNs, int64_t{250});
        QCOMPARE(gpu.spans[2].startNs, int64_t{300});
        std::set<std::pair<int32_t, int32_t>> lanes;
        for (const Span& s : gpu.spans) lanes.insert({s.device, s.stream});
        QCOMPARE(lanes, (std::set<std::pair<int32_t, int32_t>>{{0, 7}, {0, 15}, {1, 14}}));
        QCOMPARE(gpu.spans[2].op, OpId::MatmulUp);
        QCOMPARE(gpu.spans[2].layer, 1);
        QCOMPARE(gpu.spans[2].device, 1);
        // Both attention kernels share one name, interned once.
        QCOMPARE(gpu.spans[0].name, gpu.spans[1].name);
        QCOMPARE(gpu.stats.kernelNs, int64_t{700 + 450 + 500});
    }

    void correlationsInAnyOrder()
    {
        const std::vector<Span> host = {hostOp(OpId::NormAttn, 0, 0, 100, 1), hostOp(OpId::Rope, 0, 100, 100, 2),
                                        hostOp(OpId::KvWrite, 0, 200, 100, 3)};
        kernels::GpuActivityBatch batch;
        // The pairs for the later kernels came first (another buffer completed
        // earlier); the first kernel's pair comes last.
        batch.correlations = {{502, 3}, {501, 2}};
        batch.kernels = {kernel("rmsnorm", 7, 10, 50, 500), kernel("rope", 7, 110, 150, 501),
                         kernel("kv_write", 7, 210, 250, 502)};
        kernels::GpuActivityBatch later;
        later.correlations = {{500, 1}};
        batch.append(std::move(later));
        engine::SpanNames names;
        const engine::GpuSpans gpu = engine::gpuActivityToSpans(batch, host, names);

        QCOMPARE(gpu.spans.size(), size_t{3});
        QCOMPARE(gpu.spans[0].op, OpId::NormAttn);
        QCOMPARE(gpu.spans[1].op, OpId::Rope);
        QCOMPARE(gpu.spans[2].op, OpId::KvWrite);
        QCOMPARE(gpu.stats.kernelsTied, uint64_t{3});
    }

    void untiedAndDroppedAreReportedNotGuessed()
    {
        const std::vector<Span> host = {hostOp(OpId::MatmulDown, 2, 0, 1000, 9)};
        kernels::GpuActivityBatch batch;
        // The first kernel's correlation pair was lost; the second ran outside any op.
        batch.kernels = {kernel("gemv_q4_0", 7, 100, 400, 600), kernel("warmup", 7, 1500, 1600, 0)};
        batch.apiCalls.push_back({"cudaLaunchKernel", 4242, 50, 90, 600});
        batch.syncs.push_back({kernels::GpuSyncRecord::Kind::Context, 1, 0, 1700, 1800, 601});
        batch.droppedRecords = 12;
        engine::SpanNames names;
        const engine::GpuSpans gpu = engine::gpuActivityToSpans(batch, host, names, {{0}});

        QCOMPARE(gpu.stats.kernels, uint64_t{2});
        QCOMPARE(gpu.stats.kernelsTied, uint64_t{0});
        QCOMPARE(gpu.stats.deviceUntied, uint64_t{2});
        QCOMPARE(gpu.stats.droppedRecords, uint64_t{12});
        QCOMPARE(gpu.stats.kernelTiedShare(), 0.0);
        // Exactly the records given: nothing invented for the dropped ones.
        QCOMPARE(gpu.spans.size(), size_t{4});
        for (const Span& s : gpu.spans) {
            QCOMPARE(s.correlation, uint64_t{0});
            QCOMPARE(s.op, OpId::Other);
            QCOMPARE(s.layer, -1);
        }
        const Span* sync = findByName(gpu.spans, "context synchronize");
        QVERIFY(sync);
        QCOMPARE(sync->kind, SpanKind::Synchronization);
        QCOMPARE(sync->thread, engine::kUntiedHostCallsThread);
        QCOMPARE(sync->stream, -1);
    }

    void apiCallsSitOnTheirOpsThread()
    {
        const std::vector<Span> host = {hostOp(OpId::MatmulV, 4, 0, 1000, 3, 1, 2)};
        kernels::GpuActivityBatch batch;
        batch.apiCalls.push_back({"cudaLaunchKernel", 4242, 10, 30, 70});
        batch.correlations = {{70, 3}};
        engine::SpanNames names;
        const engine::GpuSpans gpu = engine::gpuActivityToSpans(batch, host, names);
        QCOMPARE(gpu.spans.size(), size_t{1});
        QCOMPARE(gpu.spans[0].kind, SpanKind::RuntimeApi);
        QCOMPARE(gpu.spans[0].device, 1);
        QCOMPARE(gpu.spans[0].thread, 2u);
        QCOMPARE(gpu.spans[0].layer, 4);
        QCOMPARE(gpu.spans[0].stream, -1);
    }

    // Each traced op call pushes its own number (its span's correlation)
    // around the call; the kernels CUPTI tags with it land on that op.
    void tracedOpsPushTheirNumberAroundEachCall()
    {
        auto cpu = kernels::makeCpuOps(1);
        engine::TracedOps ops(*cpu, 0);
        engine::Tracer tracer(16);
        RecordingGpu gpu;
        ops.setTracer(&tracer);
        ops.setGpuActivity(&gpu);
        std::vector<float> acc{1, 2, 3, 4}, x{1, 1, 1, 1};
        const auto accT = kernels::Tensor::host(acc.data(), 1, 4);
        const auto xT = kernels::Tensor::host(x.data(), 1, 4);
        ops.as(OpId::AddResidual, 3).add(accT, xT);
        ops.as(OpId::AddResidual, 4).add(accT, xT);
        QCOMPARE(acc[0], 3.0f);

        const std::vector<Span> spans = tracer.spans();
        QCOMPARE(spans.size(), size_t{2});
        QCOMPARE(gpu.pushes.size(), size_t{2});
        QCOMPARE(gpu.pops, 2);
        QCOMPARE(gpu.pushes[0].id, spans[0].correlation);
        QCOMPARE(gpu.pushes[1].id, spans[1].correlation);
        QVERIFY(spans[0].correlation != spans[1].correlation);
        QCOMPARE(gpu.pushes[0].op, std::string("add residual"));
        QCOMPARE(gpu.pushes[1].layer, 4);

        kernels::GpuActivityBatch batch;
        batch.kernels = {kernel("add_rows", 7, spans[1].startNs, spans[1].startNs + 10, 900)};
        batch.correlations = {{900, gpu.pushes[1].id}};
        QCOMPARE(engine::recordGpuActivity(tracer, batch).kernelsTied, uint64_t{1});
        QCOMPARE(tracer.spans().back().layer, 4);

        // Tracing on the GPU off: no numbers, nothing pushed.
        gpu.on = false;
        ops.as(OpId::AddResidual, 5).add(accT, xT);
        QCOMPARE(gpu.pushes.size(), size_t{2});
        QCOMPARE(tracer.spans().back().correlation, uint64_t{0});
    }

    void badTimesNeverGoNegative()
    {
        kernels::GpuActivityBatch batch;
        batch.kernels = {kernel("k", 7, 500, 400, 0)};
        engine::SpanNames names;
        const engine::GpuSpans gpu = engine::gpuActivityToSpans(batch, {}, names);
        QCOMPARE(gpu.spans[0].durationNs, int64_t{0});
    }

    void recordedIntoTheTracer()
    {
        engine::Tracer tracer(64);
        const uint64_t id = tracer.nextCorrelation();
        QVERIFY(id != 0);
        QVERIFY(tracer.nextCorrelation() != id);
        tracer.record(hostOp(OpId::MatmulGate, 0, 0, 1000, id));
        kernels::GpuActivityBatch batch;
        batch.kernels = {kernel("gemv", 7, 100, 900, 1)};
        batch.correlations = {{1, id}};
        batch.droppedRecords = 3;
        const engine::GpuSpanStats stats = engine::recordGpuActivity(tracer, batch);
        QCOMPARE(stats.kernelsTied, uint64_t{1});
        QCOMPARE(tracer.spans().size(), size_t{2});
        QCOMPARE(tracer.droppedGpuRecords(), uint64_t{3});
        // The interned kernel name outlives the batch it came from.
        batch = {};
        QCOMPARE(std::string(tracer.spans()[1].name), std::string("gemv"));
    }

    // Without a GPU the CUDA module (when built) still loads and offers no
    // tracer; with one, tracing starts and its self-test sees its kernel.
    void activityTracerOnlyWithAGpu()
    {
        const kernels::Registry& registry = kernels::Registry::instance();
        kernels::GpuActivityTracer* gpu = registry.gpuActivityTracer();
        if (!registry.cudaStatus().available) {
            QVERIFY(gpu == nullptr);
            QSKIP(qPrintable("no GPU to trace: " + QString::fromStdString(registry.cudaStatus().summary())));
        }
        QVERIFY(gpu != nullptr);
        engine::Tracer tracer;
        const std::string problem = gpu->enable([](void* t) { return static_cast<engine::Tracer*>(t)->nowNs(); },
                                                &tracer);
        QVERIFY2(problem.empty(), problem.c_str());
        QVERIFY(gpu->enabled());
        const std::string selfTest = gpu->selfTest();
        QVERIFY2(selfTest.empty(), selfTest.c_str());
    }

    void chromeTraceCarriesGpuLanes()
    {
        // Two devices, each with a host op that launched a kernel and a copy on two streams.
        engine::Tracer tracer(64, 8);
        tracer.record(hostOp(OpId::MatmulQ, 0, 0, 1000, 1, 0, 0));
        tracer.record(hostOp(OpId::AllReduce, 0, 200, 1000, 2, 1, 1));
        tracer.recordCounter(engine::Counter{"gpu memory", 1e9, 10});
        kernels::GpuActivityBatch batch;
        batch.kernels = {kernel("gemv_f16", 7, 100, 600, 11, 0)};
        kernels::GpuMemcpyRecord copy;
        copy.kind = kernels::GpuCopyKind::PeerToPeer;
        copy.bytes = 2'000'000;
        copy.device = 1;
        copy.stream = 21;
        copy.startNs = 300;
        copy.endNs = 1300;
        copy.correlationId = 12;
        batch.memcpys.push_back(copy);
        batch.correlations = {{11, 1}, {12, 2}};
        batch.droppedRecords = 2;
        engine::recordGpuActivity(tracer, batch);

        // Through text and back: what Perfetto reads.
        const nlohmann::json doc = nlohmann::json::parse(engine::chromeTraceJson(tracer, {"cuda:0", "cuda:1"}).dump());
        QCOMPARE(doc["otherData"]["dropped_gpu_records"].get<uint64_t>(), uint64_t{2});
        std::map<std::pair<int, int>, std::string> threadNames;
        std::map<int, std::string> processNames;
        std::map<uint64_t, int> flowEnds;
        int kernels = 0, copies = 0;
        for (const auto& e : doc["traceEvents"]) {
            for (const char* key : {"name", "ph", "ts", "pid", "tid"}) QVERIFY2(e.contains(key), e.dump().c_str());
            const std::string ph = e["ph"];
            const int pid = e["pid"], tid = e["tid"];
            if (ph == "M" && e["name"] == "thread_name") threadNames[{pid, tid}] = e["args"]["name"];
            if (ph == "M" && e["name"] == "process_name") processNames[pid] = e["args"]["name"];
            if (ph == "s") flowEnds[e["id"].get<uint64_t>()] += 1;
            if (ph == "f") {
                QCOMPARE(e["bp"].get<std::string>(), std::string("e"));
                flowEnds[e["id"].get<uint64_t>()] += 10;
            }
            if (ph != "X") continue;
            QVERIFY(e["dur"].get<double>() >= 0.0);
            QVERIFY(e.contains("cat"));
            if (e["cat"] == "kernel") {
                ++kernels;
                QCOMPARE(pid, engine::kGpuProcessOffset);
                QCOMPARE(tid, 7);
                QCOMPARE(e["args"]["op"].get<std::string>(), std::string("matmul attn_q"));
                QCOMPARE(e["args"]["grid"].get<std::string>(), std::string("128x1x1"));
                QCOMPARE(e["args"]["block"].get<std::string>(), std::string("256x1x1"));
                QCOMPARE(e["args"]["layer"].get<int>(), 0);
            }
            if (e["cat"] == "memcpy") {
                ++copies;
                QCOMPARE(pid, engine::kGpuProcessOffset + 1);
                QCOMPARE(tid, 21);
                QCOMPARE(e["name"].get<std::string>(), std::string("memcpy PtoP"));
                QCOMPARE(e["args"]["bytes"].get<uint64_t>(), uint64_t{2'000'000});
                QCOMPARE(e["args"]["bandwidth_GBps"].get<double>(), 2000.0);  // 2 MB in 1 us: 2 TB/s
            }
        }
        QCOMPARE(kernels, 1);
        QCOMPARE(copies, 1);
        QCOMPARE(threadNames[std::make_pair(engine::kGpuProcessOffset, 7)], std::string("stream 7"));
        QCOMPARE(threadNames[std::make_pair(engine::kGpuProcessOffset + 1, 21)], std::string("stream 21"));
        QCOMPARE(processNames[engine::kGpuProcessOffset], std::string("cuda:0 GPU streams"));
        QCOMPARE(processNames[engine::kGpuProcessOffset + 1], std::string("cuda:1 GPU streams"));
        QCOMPARE(processNames[1], std::string("cuda:1"));
        // Every flow has its start on the host op and its end on the GPU work.
        QCOMPARE(flowEnds.size(), size_t{2});
        for (const auto& [id, ends] : flowEnds) QCOMPARE(ends, 11);
    }
};

QTEST_APPLESS_MAIN(TestGpuSpans)
#include "tst_gpu_spans.moc"

#include "app/bridge/run_analysis.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>

#include <algorithm>

#include "app/bridge/engine_text.h"
#include "engine/config/profile_validator.h"
#include "engine/eval/compare.h"
#include "engine/eval/perplexity.h"
#include "engine/kv/kv_store.h"
#include "engine/metrics/latency_stats.h"
#include "engine/session/engine.h"
#include "engine/session/profile_options.h"
#include "engine/tokenizer/tokenizer.h"
#include "engine/trace/tracer.h"

namespace {

QString fromStd(const std::string& s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

ModelShape shapeOf(const engine::ModelConfig& c)
{
    ModelShape s;
    s.dim = c.dim;
    s.hiddenDim = c.hiddenDim;
    s.layers = c.nLayers;
    s.heads = c.nHeads;
    s.kvHeads = c.nKvHeads;
    s.headDim = c.headDim;
    s.vocab = c.vocabSize;
    return s;
}

// The KV cache the run's profile asked for, as the engine lays it out.
KvLayout kvLayoutOf(const engine::LlamaModel& model, const engine::Profile& profile)
{
    const engine::KvCacheConfig config = profile.kvCache.value_or(engine::KvCacheConfig{});
    const engine::KvStoreSpec spec = model.kvSpec(config, 1);
    KvLayout kv;
    kv.bytesPerPosition = engine::kvBytesPerToken(spec);
    kv.blockTokens = spec.mode == engine::KvCacheMode::Paged ? spec.blockSize : 0;
    kv.recompute = spec.mode == engine::KvCacheMode::Off;
    kv.gathers = spec.dtype != engine::KvDType::F32;
    return kv;
}

QualityMetrics skipped(const QString& why)
{
    return qualitySkipped(why);
}

// Tells `report` (done, total) after every layer of every pass of the
// watched models. watch(): until this goes out of scope; observe(): a model
// that goes away first (the baseline), so it is not touched again.
class LayerProgress {
public:
    LayerProgress(const std::function<void(qint64, qint64)>& report, qint64 total) : m_report(report), m_total(total)
    {
        if (m_report)
            m_report(0, m_total);
    }
    ~LayerProgress()
    {
        for (engine::LlamaModel* model : m_models)
            model->setLayerObserver({});
    }
    LayerProgress(const LayerProgress&) = delete;
    LayerProgress& operator=(const LayerProgress&) = delete;

    void watch(engine::LlamaModel& model)
    {
        if (!m_report)
            return;
        m_models.push_back(&model);
        observe(model);
    }
    void observe(engine::LlamaModel& model)
    {
        if (m_report)
            model.setLayerObserver([this](int64_t, int64_t) { m_report(std::min(++m_done, m_total), m_total); });
    }

private:
    std::function<void(qint64, qint64)> m_report;
    qint64 m_total;
    qint64 m_done = 0;
    std::vector<engine::LlamaModel*> m_models;
};

}  // namespace

// ---- RunRecorder -------------------------------------------------------------------

RunRecorder::RunRecorder(engine::Engine& engine)
    : m_engine(engine), m_tracer(std::make_unique<engine::Tracer>(kTracerCapacity, 4096))
{
    m_engine.model().setTracer(m_tracer.get());
    m_engine.model().resetDeviceStats();
    m_attached = true;
}

RunRecorder::~RunRecorder()
{
    detach();
}

void RunRecorder::detach()
{
    if (m_attached && m_engine.model().tracer() == m_tracer.get())
        m_engine.model().setTracer(nullptr);
    m_attached = false;
}

RunTrace RunRecorder::snapshot() const
{
    return traceFromSpans(m_tracer->spans(), m_tracer->droppedSpans(), double(m_tracer->nowNs()) / 1000.0);
}

namespace {

// Each device's share of the run: its weights and workspace as the engine
// reports them, its KV shard as its share of the run's cache.
QVector<DeviceUsage> deviceUsage(const engine::LlamaModel& model, const MemoryBreakdown& run)
{
    QVector<DeviceUsage> out;
    for (const engine::DeviceReport& r : model.deviceReports()) {
        const double kvShare = model.kvShare(r.rank);
        DeviceUsage d;
        d.name = QString::fromStdString(r.name);
        const engine::Placement& placement = model.placement();
        d.share = size_t(r.rank) < placement.devices.size() && placement.size() > 1
                      ? engineMessageText(engine::shareMessage(placement.devices[size_t(r.rank)], placement.mode))
                      : QString::fromStdString(r.share);
        d.weightsBytes = r.weightsBytes;
        d.kvAllocatedBytes = quint64(double(run.kvAllocatedBytes) * kvShare);
        d.kvUsedBytes = quint64(double(run.kvUsedBytes) * kvShare);
        d.workspaceBytes = r.workspaceBytes;
        d.communicationBytes = r.comm.bytes;
        d.busyMs = double(r.busyNs) / 1e6;
        d.communicationMs = double(r.comm.ns) / 1e6;
        out.append(d);
    }
    return out;
}

}  // namespace

void RunRecorder::finish(RunResult& result, const engine::Profile& profile)
{
    const double wallUs = double(m_tracer->nowNs()) / 1000.0;
    // The GPU's kernels and copies of the run, tied to its ops (nothing without a GPU).
    if (m_attached)
        m_engine.model().collectGpuActivity();
    detach();
    result.trace = traceFromSpans(m_tracer->spans(), m_tracer->droppedSpans(), wallUs);
    result.trace.gpuMemory = gpuMemorySeries(m_tracer->counters());

    // The generator sizes its cache to prompt + max tokens and feeds back every
    // generated token but the last one sampled at the max-tokens limit.
    const qint64 prompt = result.promptTokens;
    const qint64 generated = result.tokens.size();
    const bool stoppedAtLimit = result.stopReason == QLatin1String("max-tokens");
    const qint64 written = prompt + std::max<qint64>(0, generated - (stoppedAtLimit ? 1 : 0));
    const KvLayout kv = kvLayoutOf(m_engine.model(), profile);
    result.memory = estimateMemory(shapeOf(m_engine.config()), m_engine.weightsBytes(), kv,
                                   prompt + result.request.maxTokens, written,
                                   kv.recompute ? std::max(prompt, written) : prompt);
    if (m_engine.model().deviceCount() > 1)
        result.memory.devices = deviceUsage(m_engine.model(), result.memory);
}

QVector<GpuMemorySeries> gpuMemorySeries(const std::vector<engine::Counter>& counters)
{
    QVector<GpuMemorySeries> out;
    QHash<QString, int> indexOf;  // counter name -> series
    for (const engine::Counter& c : counters) {
        const QString name = QString::fromUtf8(c.name ? c.name : "");
        auto it = indexOf.find(name);
        if (it == indexOf.end()) {
            GpuMemorySeries series;
            for (const bool engineKind : {true, false}) {
                const QLatin1String suffix(engineKind ? engine::LlamaModel::kGpuEngineMemory
                                                      : engine::LlamaModel::kGpuMemoryInUse);
                if (name.endsWith(suffix) && name.size() > suffix.size()) {
                    series.device = name.chopped(suffix.size());
                    series.engine = engineKind;
                }
            }
            if (series.device.isEmpty())
                continue;  // not a GPU memory counter (rss_bytes, kv_used_bytes, ...)
            it = indexOf.insert(name, int(out.size()));
            out.append(series);
        }
        out[*it].timeMs.append(double(c.timeNs) / 1e6);
        out[*it].bytes.append(c.value);
    }
    return out;
}

RunTrace traceFromSpans(const std::vector<engine::Span>& spans, quint64 droppedByTracer, double wallUs)
{
    // Op names are string literals: one QString per distinct pointer, shared
    // (implicitly) by every span of that op.
    QHash<const char*, QString> names;
    QVector<OpSpan> all;
    all.reserve(qsizetype(spans.size()));
    for (const engine::Span& s : spans) {
        auto name = names.find(s.name);
        if (name == names.end())
            name = names.insert(s.name, QString::fromUtf8(s.name ? s.name : ""));
        OpSpan op;
        op.name = *name;
        op.category = opCategoryOf(s.op);
        op.layer = s.layer;
        op.thread = qint32(s.thread);
        op.device = s.device;
        op.startUs = double(s.startNs) / 1000.0;
        op.durationUs = double(s.durationNs) / 1000.0;
        op.workerShare = s.workerShare;
        op.kind = s.kind;
        op.stream = s.stream;
        op.correlation = s.correlation;
        if (s.kind != engine::SpanKind::HostOp && s.correlation != 0)
            op.op = QString::fromUtf8(engine::opInfo(s.op).name);
        op.bytes = s.bytes;
        std::copy(std::begin(s.grid), std::end(s.grid), std::begin(op.grid));
        std::copy(std::begin(s.block), std::end(s.block), std::begin(op.block));
        all.append(op);
    }
    return makeRunTrace(std::move(all), droppedByTracer, wallUs);
}

// ---- quality -----------------------------------------------------------------------

QString findEvalText()
{
    const QString env = qEnvironmentVariable("INFERSCOPE_EVAL_TEXT");
    if (!env.isEmpty() && QFileInfo(env).isFile())
        return env;
    QStringList candidates;
    if (QCoreApplication::instance()) {
        const QDir appDir(QCoreApplication::applicationDirPath());
        candidates << appDir.filePath(QStringLiteral("../share/inferscope/eval/stories.txt"))
                   << appDir.filePath(QStringLiteral("resources/eval/stories.txt"));
    }
#ifdef INFERSCOPE_SOURCE_DIR
    candidates << QDir(QString::fromUtf8(INFERSCOPE_SOURCE_DIR)).filePath(QStringLiteral("resources/eval/stories.txt"));
#endif
    for (const QString& path : candidates)
        if (QFileInfo(path).isFile())
            return QFileInfo(path).canonicalFilePath();
    return {};
}

QualityMetrics measureQuality(engine::Engine& test, const QString& modelPath, const QString& profileJson,
                              const QualityOptions& options)
{
    if (profileJson.trimmed().isEmpty())
        return {};
    const auto profile = engine::parseProfile(profileJson.toStdString());
    if (!profile)
        return skipped(QCoreApplication::translate("RunAnalysis", "The profile is not valid: %1")
                           .arg(engineErrorText(profile.error())));
    return measureQuality(test, modelPath, *profile, options);
}

QualityMetrics measureQuality(engine::Engine& test, const QString& modelPath, const engine::Profile& profile,
                              const QualityOptions& options)
{
    const quint64 parameters = test.file().parameterCount();
    if (parameters > options.maxParameters && !options.force)
        return qualitySkippedForSize(parameters, options.maxParameters);

    const QString textPath = options.evalTextPath.isEmpty() ? findEvalText() : options.evalTextPath;
    QFile file(textPath);
    if (textPath.isEmpty() || !file.open(QIODevice::ReadOnly))
        return skipped(QCoreApplication::translate(
            "RunAnalysis", "Not measured: the evaluation text (resources/eval/stories.txt) was not found."));
    const QByteArray text = file.readAll();
    std::vector<int32_t> tokens =
        test.tokenizer().encode(std::string_view(text.constData(), size_t(text.size())), true);
    const qint64 limit = std::min<qint64>(options.maxTokens, test.config().contextLength);
    if (qint64(tokens.size()) > limit)
        tokens.resize(size_t(limit));
    if (tokens.size() < 2)
        return skipped(
            QCoreApplication::translate("RunAnalysis", "Not measured: the evaluation text has fewer than 2 tokens."));

    engine::EvalOptions eval;
    eval.window = qint64(tokens.size());
    eval.cancel = options.cancel;
    const bool changesWeights = engine::profileChangesWeights(profile);
    // Progress in layers: the text is one window, so per window would be
    // nothing until the end; each model's pass over it reports every layer.
    LayerProgress progress(options.onProgress, (changesWeights ? 2 : 1) * test.config().nLayers);
    progress.watch(test.model());
    const QString textName = QFileInfo(textPath).fileName();
    const auto failure = [](const engine::Error& error) {
        return error.code == engine::ErrorCode::Cancelled
                   ? qualitySkippedCancelled()
                   : skipped(QCoreApplication::translate("RunAnalysis", "Not measured: %1").arg(engineErrorText(error)));
    };

    // A profile that leaves the weights alone runs the very weights of the
    // baseline: identical distributions, so KLD 0 and full agreement by
    // construction; only the perplexity needs a pass.
    if (!changesWeights) {
        const auto ppl = engine::computePerplexity(test.model(), tokens, eval);
        if (!ppl)
            return failure(ppl.error());
        QualityMetrics q;
        q.state = QualityMetrics::State::Measured;
        q.note = QCoreApplication::translate("RunAnalysis",
                                             "%1 tokens of %2; the profile leaves the weights as stored, so the "
                                             "distributions equal the baseline's")
                     .arg(ppl->tokens + 1)
                     .arg(textName);
        q.positions = ppl->tokens;
        q.top1Agreement = 1.0;
        q.ppl = ppl->ppl;
        q.basePpl = ppl->ppl;
        return q;
    }

    // The baseline: the same file loaded without the profile.
    engine::LoadOptions load;
    load.threads = test.threads();
    auto baseline = engine::Engine::load(modelPath.toStdString(), {}, load);
    if (!baseline)
        return skipped(QCoreApplication::translate("RunAnalysis", "Not measured: the baseline could not be loaded: %1")
                           .arg(engineErrorText(baseline.error())));
    progress.observe((*baseline)->model());
    const auto compared = engine::compareModels((*baseline)->model(), test.model(), tokens, eval);
    if (!compared)
        return failure(compared.error());
    QualityMetrics q;
    q.state = QualityMetrics::State::Measured;
    q.note = QCoreApplication::translate("RunAnalysis", "%1 tokens of %2 against the model file without the profile")
                 .arg(compared->positions + 1)
                 .arg(textName);
    q.positions = compared->positions;
    q.meanKld = compared->meanKld;
    q.p99Kld = compared->p99Kld;
    q.maxKld = compared->maxKld;
    q.top1Agreement = compared->top1Agreement;
    q.ppl = compared->test.ppl;
    q.basePpl = compared->base.ppl;
    q.deltaPpl = compared->deltaPpl;
    return q;
}

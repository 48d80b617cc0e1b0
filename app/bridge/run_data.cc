#include "app/bridge/run_data.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QSet>

#include <algorithm>
#include <iterator>

namespace {

const char* const kCategoryKeys[kOpCategoryCount] = {"embedding", "attention",     "mlp",    "norm", "kv",
                                                     "sampling",  "communication", "output", "other"};

QJsonArray toArray(const QVector<double>& values)
{
    QJsonArray array;
    for (double v : values)
        array.append(v);
    return array;
}

QVector<double> doublesOf(const QJsonValue& value)
{
    QVector<double> out;
    for (const QJsonValue& v : value.toArray())
        out.append(v.toDouble());
    return out;
}

// Byte counts go to JSON as doubles: exact up to 2^53, far beyond any memory size.
quint64 bytesOf(const QJsonObject& object, const char* key)
{
    const double v = object.value(QLatin1String(key)).toDouble();
    return v > 0 ? static_cast<quint64>(v) : 0;
}

}  // namespace

QString opCategoryKey(OpCategory category)
{
    const int i = static_cast<int>(category);
    return i >= 0 && i < kOpCategoryCount ? QString::fromLatin1(kCategoryKeys[i]) : QString();
}

std::optional<OpCategory> opCategoryFromKey(const QString& key)
{
    for (int i = 0; i < kOpCategoryCount; ++i)
        if (key == QLatin1String(kCategoryKeys[i]))
            return static_cast<OpCategory>(i);
    return std::nullopt;
}

QString opCategoryName(OpCategory category)
{
    switch (category) {
    case OpCategory::Embedding: return QCoreApplication::translate("OpCategory", "Embedding");
    case OpCategory::Attention: return QCoreApplication::translate("OpCategory", "Attention");
    case OpCategory::Mlp: return QCoreApplication::translate("OpCategory", "MLP");
    case OpCategory::Norm: return QCoreApplication::translate("OpCategory", "Norm");
    case OpCategory::Kv: return QCoreApplication::translate("OpCategory", "KV cache");
    case OpCategory::Sampling: return QCoreApplication::translate("OpCategory", "Sampling");
    case OpCategory::Communication: return QCoreApplication::translate("OpCategory", "Communication");
    case OpCategory::Output: return QCoreApplication::translate("OpCategory", "Output (logits)");
    case OpCategory::Other: return QCoreApplication::translate("OpCategory", "Other");
    case OpCategory::Count: break;
    }
    return {};
}

OpCategory opCategoryOf(engine::OpId op)
{
    switch (engine::opInfo(op).part) {
    case engine::OpPart::Embedding: return OpCategory::Embedding;
    case engine::OpPart::Attention: return OpCategory::Attention;
    case engine::OpPart::Mlp: return OpCategory::Mlp;
    case engine::OpPart::Norm: return OpCategory::Norm;
    case engine::OpPart::Kv: return OpCategory::Kv;
    case engine::OpPart::Sampling: return OpCategory::Sampling;
    case engine::OpPart::Communication: return OpCategory::Communication;
    case engine::OpPart::Output: return OpCategory::Output;
    case engine::OpPart::Other:
    case engine::OpPart::Count: break;
    }
    return OpCategory::Other;
}

// ---- OpTimeSummary --------------------------------------------------------------

double OpTimeSummary::layerUs(int layer) const
{
    if (layer < 0 || layer >= layerCategoryUs.size())
        return 0.0;
    double sum = 0.0;
    for (double v : layerCategoryUs.at(layer))
        sum += v;
    return sum;
}

double OpTimeSummary::categoryTotalUs(OpCategory category) const
{
    const int i = static_cast<int>(category);
    return i < categoryUs.size() ? categoryUs.at(i) : 0.0;
}

namespace {

// The host ops whose time is their GPU work's: some GPU span names them as its launcher.
QSet<quint64> opsWithDeviceWork(const QVector<OpSpan>& spans)
{
    QSet<quint64> launched;
    for (const OpSpan& span : spans)
        if (span.onDevice() && span.correlation != 0)
            launched.insert(span.correlation);
    return launched;
}

// Whether a span's duration counts towards the totals (see OpTimeSummary).
bool countsInSummary(const OpSpan& span, const QSet<quint64>& launched)
{
    switch (span.kind) {
    case engine::SpanKind::HostOp:
        return !span.workerShare && (span.correlation == 0 || !launched.contains(span.correlation));
    case engine::SpanKind::Kernel:
    case engine::SpanKind::Memcpy:
    case engine::SpanKind::Memset:
        return true;
    default:
        return false;  // runtime calls and synchronisations: inside their op's time
    }
}

}  // namespace

OpTimeSummary summarizeSpans(const QVector<OpSpan>& spans)
{
    OpTimeSummary s;
    s.categoryUs.fill(0.0, kOpCategoryCount);
    int maxThread = -1;
    const QSet<quint64> launched = opsWithDeviceWork(spans);
    for (const OpSpan& span : spans) {
        const int c = static_cast<int>(span.category);
        if (c < 0 || c >= kOpCategoryCount)
            continue;
        if (!span.onDevice() && span.thread < 0xFFFF)
            maxThread = std::max(maxThread, span.thread);
        if (!countsInSummary(span, launched))
            continue;
        s.categoryUs[c] += span.durationUs;
        s.totalUs += span.durationUs;
        if (span.onDevice())
            s.deviceUs += span.durationUs;
        ++s.spanCount;
        if (span.layer < 0) {
            s.outsideLayersUs += span.durationUs;
            continue;
        }
        while (s.layerCategoryUs.size() <= span.layer)
            s.layerCategoryUs.append(QVector<double>(kOpCategoryCount, 0.0));
        s.layerCategoryUs[span.layer][c] += span.durationUs;
    }
    s.threadCount = maxThread + 1;
    return s;
}

QJsonObject OpTimeSummary::toJson() const
{
    QJsonObject categories;
    QJsonObject perLayer;  // category -> time per layer
    for (int c = 0; c < kOpCategoryCount; ++c) {
        if (c < categoryUs.size() && categoryUs.at(c) > 0.0)
            categories.insert(QLatin1String(kCategoryKeys[c]), categoryUs.at(c));
        QVector<double> layers;
        bool any = false;
        for (const QVector<double>& l : layerCategoryUs) {
            layers.append(l.value(c));
            any = any || l.value(c) > 0.0;
        }
        if (any)
            perLayer.insert(QLatin1String(kCategoryKeys[c]), toArray(layers));
    }
    return QJsonObject{{QStringLiteral("spanCount"), double(spanCount)},
                       {QStringLiteral("threads"), threadCount},
                       {QStringLiteral("totalUs"), totalUs},
                       {QStringLiteral("deviceUs"), deviceUs},
                       {QStringLiteral("outsideLayersUs"), outsideLayersUs},
                       {QStringLiteral("layers"), layerCount()},
                       {QStringLiteral("categoryUs"), categories},
                       {QStringLiteral("layerCategoryUs"), perLayer}};
}

OpTimeSummary OpTimeSummary::fromJson(const QJsonObject& object)
{
    OpTimeSummary s;
    s.categoryUs.fill(0.0, kOpCategoryCount);
    s.spanCount = static_cast<qint64>(object.value(QStringLiteral("spanCount")).toDouble());
    s.threadCount = object.value(QStringLiteral("threads")).toInt();
    s.totalUs = object.value(QStringLiteral("totalUs")).toDouble();
    s.deviceUs = object.value(QStringLiteral("deviceUs")).toDouble();
    s.outsideLayersUs = object.value(QStringLiteral("outsideLayersUs")).toDouble();
    const int layers = std::clamp(object.value(QStringLiteral("layers")).toInt(), 0, 4096);
    s.layerCategoryUs.fill(QVector<double>(kOpCategoryCount, 0.0), layers);
    const QJsonObject categories = object.value(QStringLiteral("categoryUs")).toObject();
    const QJsonObject perLayer = object.value(QStringLiteral("layerCategoryUs")).toObject();
    for (int c = 0; c < kOpCategoryCount; ++c) {
        const QLatin1String key(kCategoryKeys[c]);
        s.categoryUs[c] = categories.value(key).toDouble();
        const QVector<double> values = doublesOf(perLayer.value(key));
        for (int l = 0; l < std::min<int>(layers, values.size()); ++l)
            s.layerCategoryUs[l][c] = values.at(l);
    }
    return s;
}

// ---- RunTrace -------------------------------------------------------------------

QJsonObject RunTrace::toJson() const
{
    QJsonObject o = summary.toJson();
    o.insert(QStringLiteral("wallUs"), wallUs);
    o.insert(QStringLiteral("droppedSpans"), double(droppedSpans));
    return o;
}

RunTrace RunTrace::fromJson(const QJsonObject& object)
{
    RunTrace t;
    t.summary = OpTimeSummary::fromJson(object);
    t.wallUs = object.value(QStringLiteral("wallUs")).toDouble();
    // A reloaded run keeps no raw spans: all of them count as dropped.
    t.droppedSpans = static_cast<quint64>(std::max<qint64>(t.summary.spanCount, 0));
    return t;
}

RunTrace makeRunTrace(QVector<OpSpan> spans, quint64 dropped, double wallUs)
{
    std::stable_sort(spans.begin(), spans.end(), [](const OpSpan& a, const OpSpan& b) { return a.startUs < b.startUs; });
    RunTrace trace;
    trace.wallUs = wallUs;
    trace.summary = summarizeSpans(spans);
    trace.droppedSpans = dropped;
    if (spans.size() > RunTrace::kMaxSpans) {
        trace.droppedSpans += quint64(spans.size() - RunTrace::kMaxSpans);
        spans.resize(RunTrace::kMaxSpans);
    }
    trace.spans = std::move(spans);
    return trace;
}

// ---- MemoryBreakdown ----------------------------------------------------------------

KvLayout KvLayout::contiguousF32(const ModelShape& shape)
{
    KvLayout kv;
    kv.bytesPerPosition = 2ull * quint64(std::max<qint64>(shape.layers, 0)) *
                          quint64(std::max<qint64>(shape.kvDim(), 0)) * sizeof(float);
    return kv;
}

MemoryBreakdown estimateMemory(const ModelShape& shape, quint64 weightsBytes, const KvLayout& kv,
                               qint64 kvPositions, qint64 positionsWritten, qint64 widestForward)
{
    constexpr quint64 kFloat = sizeof(float);
    const qint64 capacity = std::max<qint64>(kvPositions, 0);
    const qint64 written = std::clamp<qint64>(positionsWritten, 0, capacity);
    MemoryBreakdown m;
    m.weightsBytes = weightsBytes;
    if (!kv.recompute) {
        const qint64 block = kv.blockTokens > 0 ? kv.blockTokens : 0;
        const qint64 allocated = block > 0 ? (capacity + block - 1) / block * block : capacity;
        m.kvAllocatedBytes = kv.bytesPerPosition * quint64(allocated);
        m.kvUsedBytes = kv.bytesPerPosition * quint64(written);
    }
    // Per token row: x, xb, proj (dim each), q and att (qDim each), gate and up
    // (hiddenDim each), this pass's k and v (kvDim each); a position and a token
    // id (int32). Plus one row of vocab logits.
    const qint64 rows = std::max<qint64>(widestForward, 1);
    const quint64 perRow =
        quint64(3 * shape.dim + 2 * shape.qDim() + 2 * shape.hiddenDim + 2 * shape.kvDim()) * kFloat +
        2 * sizeof(qint32);
    m.activationsBytes = perRow * quint64(rows) + quint64(shape.vocab) * kFloat;
    if (kv.gathers && !kv.recompute)
        m.activationsBytes += 2ull * quint64(shape.kvDim()) * kFloat * quint64(written);
    return m;
}

MemoryBreakdown estimateMemory(const ModelShape& shape, quint64 weightsBytes, qint64 kvPositions,
                               qint64 positionsWritten, qint64 widestForward)
{
    return estimateMemory(shape, weightsBytes, KvLayout::contiguousF32(shape), kvPositions, positionsWritten,
                          widestForward);
}

QJsonObject MemoryBreakdown::toJson() const
{
    QJsonObject out{{QStringLiteral("weightsBytes"), double(weightsBytes)},
                    {QStringLiteral("kvAllocatedBytes"), double(kvAllocatedBytes)},
                    {QStringLiteral("kvUsedBytes"), double(kvUsedBytes)},
                    {QStringLiteral("activationsBytes"), double(activationsBytes)},
                    {QStringLiteral("peakRssBytes"), double(peakRssBytes)}};
    if (!peakRssMethod.isEmpty())
        out.insert(QStringLiteral("peakRssMethod"), peakRssMethod);
    QJsonArray perDevice;
    for (const DeviceUsage& d : devices)
        perDevice.append(QJsonObject{{QStringLiteral("name"), d.name},
                                     {QStringLiteral("share"), d.share},
                                     {QStringLiteral("weightsBytes"), double(d.weightsBytes)},
                                     {QStringLiteral("kvAllocatedBytes"), double(d.kvAllocatedBytes)},
                                     {QStringLiteral("kvUsedBytes"), double(d.kvUsedBytes)},
                                     {QStringLiteral("workspaceBytes"), double(d.workspaceBytes)},
                                     {QStringLiteral("communicationBytes"), double(d.communicationBytes)},
                                     {QStringLiteral("busyMs"), d.busyMs},
                                     {QStringLiteral("communicationMs"), d.communicationMs}});
    if (!perDevice.isEmpty())
        out.insert(QStringLiteral("devices"), perDevice);
    return out;
}

MemoryBreakdown MemoryBreakdown::fromJson(const QJsonObject& object)
{
    MemoryBreakdown m;
    m.weightsBytes = bytesOf(object, "weightsBytes");
    m.kvAllocatedBytes = bytesOf(object, "kvAllocatedBytes");
    m.kvUsedBytes = bytesOf(object, "kvUsedBytes");
    m.activationsBytes = bytesOf(object, "activationsBytes");
    m.peakRssBytes = bytesOf(object, "peakRssBytes");
    m.peakRssMethod = object.value(QStringLiteral("peakRssMethod")).toString();
    for (const QJsonValue& v : object.value(QStringLiteral("devices")).toArray()) {
        const QJsonObject o = v.toObject();
        DeviceUsage d;
        d.name = o.value(QStringLiteral("name")).toString();
        d.share = o.value(QStringLiteral("share")).toString();
        d.weightsBytes = bytesOf(o, "weightsBytes");
        d.kvAllocatedBytes = bytesOf(o, "kvAllocatedBytes");
        d.kvUsedBytes = bytesOf(o, "kvUsedBytes");
        d.workspaceBytes = bytesOf(o, "workspaceBytes");
        d.communicationBytes = bytesOf(o, "communicationBytes");
        d.busyMs = o.value(QStringLiteral("busyMs")).toDouble();
        d.communicationMs = o.value(QStringLiteral("communicationMs")).toDouble();
        m.devices.append(d);
    }
    return m;
}

// ---- QualityMetrics -----------------------------------------------------------------

namespace {

const char* const kQualityStates[] = {"not-requested", "measured", "skipped", "pending"};
static_assert(std::size(kQualityStates) == static_cast<size_t>(QualityMetrics::State::Count));
const char* const kQualitySkips[] = {"", "model-too-large", "cancelled", "run-cancelled", "other"};
static_assert(std::size(kQualitySkips) == static_cast<size_t>(QualityMetrics::Skip::Count));

}  // namespace

QJsonObject QualityMetrics::toJson() const
{
    QJsonObject o{{QStringLiteral("state"), QLatin1String(kQualityStates[static_cast<int>(state)])},
                  {QStringLiteral("note"), note}};
    if (skip != Skip::None)
        o.insert(QStringLiteral("skip"), QLatin1String(kQualitySkips[static_cast<int>(skip)]));
    if (skip == Skip::ModelTooLarge) {
        o.insert(QStringLiteral("parameters"), double(parameters));
        o.insert(QStringLiteral("parameterLimit"), double(parameterLimit));
    }
    if (measured()) {
        o.insert(QStringLiteral("positions"), double(positions));
        o.insert(QStringLiteral("meanKld"), meanKld);
        o.insert(QStringLiteral("p99Kld"), p99Kld);
        o.insert(QStringLiteral("maxKld"), maxKld);
        o.insert(QStringLiteral("top1Agreement"), top1Agreement);
        o.insert(QStringLiteral("ppl"), ppl);
        o.insert(QStringLiteral("basePpl"), basePpl);
        o.insert(QStringLiteral("deltaPpl"), deltaPpl);
    }
    return o;
}

QualityMetrics QualityMetrics::fromJson(const QJsonObject& object)
{
    QualityMetrics q;
    const QString state = object.value(QStringLiteral("state")).toString();
    for (int i = 0; i < static_cast<int>(State::Count); ++i)
        if (state == QLatin1String(kQualityStates[i]))
            q.state = static_cast<State>(i);
    q.note = object.value(QStringLiteral("note")).toString();
    const QString skip = object.value(QStringLiteral("skip")).toString();
    for (int i = 1; i < static_cast<int>(Skip::Count); ++i)
        if (skip == QLatin1String(kQualitySkips[i]))
            q.skip = static_cast<Skip>(i);
    if (q.state == State::Pending) {
        // Saved while its measurement ran, and the measurement never ended (the
        // workbench closed): it was not measured.
        q.state = State::Skipped;
        q.skip = Skip::Cancelled;
        q.note = QCoreApplication::translate("QualityMetrics", "Not measured: the measurement did not finish.");
    }
    if (q.state == State::Skipped && q.skip == Skip::None)
        q.skip = Skip::Other;  // a record from before the reasons had keys
    q.parameters = bytesOf(object, "parameters");
    q.parameterLimit = bytesOf(object, "parameterLimit");
    q.positions = static_cast<qint64>(object.value(QStringLiteral("positions")).toDouble());
    q.meanKld = object.value(QStringLiteral("meanKld")).toDouble();
    q.p99Kld = object.value(QStringLiteral("p99Kld")).toDouble();
    q.maxKld = object.value(QStringLiteral("maxKld")).toDouble();
    q.top1Agreement = object.value(QStringLiteral("top1Agreement")).toDouble();
    q.ppl = object.value(QStringLiteral("ppl")).toDouble();
    q.basePpl = object.value(QStringLiteral("basePpl")).toDouble();
    q.deltaPpl = object.value(QStringLiteral("deltaPpl")).toDouble();
    return q;
}

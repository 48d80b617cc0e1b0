#include "app/bridge/engine_types.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>

#include <iterator>

QString SamplingSettings::describe() const
{
    if (temperature <= 0.0)
        return QCoreApplication::translate("SamplingSettings", "greedy");
    QStringList parts;
    parts << QCoreApplication::translate("SamplingSettings", "temperature %1").arg(temperature);
    if (topK > 0)
        parts << QCoreApplication::translate("SamplingSettings", "top-k %1").arg(topK);
    if (topP > 0.0 && topP < 1.0)
        parts << QCoreApplication::translate("SamplingSettings", "top-p %1").arg(topP);
    if (minP > 0.0)
        parts << QCoreApplication::translate("SamplingSettings", "min-p %1").arg(minP);
    parts << QCoreApplication::translate("SamplingSettings", "seed %1").arg(seed);
    return parts.join(QStringLiteral(", "));
}

QString RunResult::label() const
{
    const QString time = finishedAt.toLocalTime().toString(QStringLiteral("HH:mm:ss"));
    return QStringLiteral("#%1 %2 %3").arg(id.left(4), time, modelName);
}

namespace {

QJsonArray toArray(const QVector<int>& values)
{
    QJsonArray array;
    for (int v : values)
        array.append(v);
    return array;
}

QJsonArray toArray(const QVector<double>& values)
{
    QJsonArray array;
    for (double v : values)
        array.append(v);
    return array;
}

const char* const kWorkloadKinds[] = {"none", "preset", "file"};
static_assert(std::size(kWorkloadKinds) == static_cast<size_t>(WorkloadChoice::Kind::Count));

QJsonObject workloadJson(const WorkloadChoice& w)
{
    return QJsonObject{{QStringLiteral("kind"), QLatin1String(kWorkloadKinds[static_cast<int>(w.kind)])},
                       {QStringLiteral("preset"), w.preset},
                       {QStringLiteral("path"), w.path},
                       {QStringLiteral("realTime"), w.realTime}};
}

WorkloadChoice workloadFromJson(const QJsonObject& object)
{
    WorkloadChoice w;
    const QString kind = object.value(QStringLiteral("kind")).toString();
    for (int i = 0; i < static_cast<int>(WorkloadChoice::Kind::Count); ++i)
        if (kind == QLatin1String(kWorkloadKinds[i]))
            w.kind = static_cast<WorkloadChoice::Kind>(i);
    w.preset = object.value(QStringLiteral("preset")).toString();
    w.path = object.value(QStringLiteral("path")).toString();
    w.realTime = object.value(QStringLiteral("realTime")).toBool(true);
    return w;
}

}  // namespace

QJsonObject RunResult::toJson() const
{
    // Under "request", where records have always kept it.
    QJsonObject samplingJson{{QStringLiteral("temperature"), sampling.temperature},
                             {QStringLiteral("topK"), sampling.topK},
                             {QStringLiteral("topP"), sampling.topP},
                             {QStringLiteral("minP"), sampling.minP},
                             {QStringLiteral("seed"), QString::number(sampling.seed)}};
    QJsonObject req{{QStringLiteral("prompt"), request.prompt},
                    {QStringLiteral("chat"), request.chat},
                    {QStringLiteral("system"), request.system},
                    {QStringLiteral("maxTokens"), request.maxTokens},
                    {QStringLiteral("threads"), request.threads},
                    {QStringLiteral("sampling"), samplingJson}};
    if (request.workload.isServing())
        req.insert(QStringLiteral("workload"), workloadJson(request.workload));
    QJsonObject timings{{QStringLiteral("loadMs"), loadMs},
                        {QStringLiteral("ttftMs"), ttftMs},
                        {QStringLiteral("prefillMs"), prefillMs},
                        {QStringLiteral("decodeMs"), decodeMs},
                        {QStringLiteral("prefillTokPerS"), prefillTokPerS},
                        {QStringLiteral("decodeTokPerS"), decodeTokPerS},
                        {QStringLiteral("tokenLatenciesMs"), toArray(latenciesMs)}};
    QJsonObject out{{QStringLiteral("id"), id},
                    {QStringLiteral("finishedAt"), finishedAt.toUTC().toString(Qt::ISODateWithMs)},
                    {QStringLiteral("modelPath"), modelPath},
                    {QStringLiteral("modelName"), modelName},
                    {QStringLiteral("device"), device},
                    {QStringLiteral("request"), req},
                    {QStringLiteral("cancelled"), cancelled},
                    {QStringLiteral("stopReason"), stopReason},
                    {QStringLiteral("promptTokens"), promptTokens},
                    {QStringLiteral("tokens"), toArray(tokens)},
                    {QStringLiteral("text"), text},
                    {QStringLiteral("profileJson"), profileJson},
                    {QStringLiteral("effectiveJson"), effectiveJson},
                    {QStringLiteral("weightBytes"), QString::number(weightBytes)},
                    {QStringLiteral("timings"), timings},
                    {QStringLiteral("trace"), trace.toJson()},
                    {QStringLiteral("memory"), memory.toJson()},
                    {QStringLiteral("quality"), quality.toJson()}};
    if (isServing())
        out.insert(QStringLiteral("serving"), serving.toJson());
    return out;
}

std::optional<RunResult> RunResult::fromJson(const QJsonObject& object)
{
    const QJsonValue idValue = object.value(QStringLiteral("id"));
    const QJsonValue timingsValue = object.value(QStringLiteral("timings"));
    const QJsonValue requestValue = object.value(QStringLiteral("request"));
    if (!idValue.isString() || idValue.toString().isEmpty() || !timingsValue.isObject() || !requestValue.isObject())
        return std::nullopt;

    RunResult r;
    r.id = idValue.toString();
    r.finishedAt = QDateTime::fromString(object.value(QStringLiteral("finishedAt")).toString(), Qt::ISODateWithMs);
    r.modelPath = object.value(QStringLiteral("modelPath")).toString();
    r.modelName = object.value(QStringLiteral("modelName")).toString();
    if (r.modelName.isEmpty())
        r.modelName = QFileInfo(r.modelPath).fileName();
    r.device = object.value(QStringLiteral("device")).toString();
    r.cancelled = object.value(QStringLiteral("cancelled")).toBool();
    r.stopReason = object.value(QStringLiteral("stopReason")).toString();
    r.promptTokens = object.value(QStringLiteral("promptTokens")).toInt();
    r.text = object.value(QStringLiteral("text")).toString();
    r.profileJson = object.value(QStringLiteral("profileJson")).toString();
    r.effectiveJson = object.value(QStringLiteral("effectiveJson")).toString();
    r.weightBytes = object.value(QStringLiteral("weightBytes")).toString().toULongLong();
    for (const QJsonValue& v : object.value(QStringLiteral("tokens")).toArray())
        r.tokens.append(v.toInt());

    const QJsonObject req = requestValue.toObject();
    r.request.prompt = req.value(QStringLiteral("prompt")).toString();
    r.request.chat = req.value(QStringLiteral("chat")).toBool(false);  // absent in older records
    r.request.system = req.value(QStringLiteral("system")).toString();
    r.request.maxTokens = req.value(QStringLiteral("maxTokens")).toInt();
    r.request.threads = req.value(QStringLiteral("threads")).toInt();
    const QJsonObject sampling = req.value(QStringLiteral("sampling")).toObject();
    r.sampling.temperature = sampling.value(QStringLiteral("temperature")).toDouble();
    r.sampling.topK = sampling.value(QStringLiteral("topK")).toInt();
    r.sampling.topP = sampling.value(QStringLiteral("topP")).toDouble(1.0);
    r.sampling.minP = sampling.value(QStringLiteral("minP")).toDouble();
    r.sampling.seed = sampling.value(QStringLiteral("seed")).toString().toULongLong();

    const QJsonObject t = timingsValue.toObject();
    r.loadMs = t.value(QStringLiteral("loadMs")).toDouble();
    r.ttftMs = t.value(QStringLiteral("ttftMs")).toDouble();
    r.prefillMs = t.value(QStringLiteral("prefillMs")).toDouble();
    r.decodeMs = t.value(QStringLiteral("decodeMs")).toDouble();
    r.prefillTokPerS = t.value(QStringLiteral("prefillTokPerS")).toDouble();
    r.decodeTokPerS = t.value(QStringLiteral("decodeTokPerS")).toDouble();
    for (const QJsonValue& v : t.value(QStringLiteral("tokenLatenciesMs")).toArray())
        r.latenciesMs.append(v.toDouble());
    r.trace = RunTrace::fromJson(object.value(QStringLiteral("trace")).toObject());
    r.memory = MemoryBreakdown::fromJson(object.value(QStringLiteral("memory")).toObject());
    r.quality = QualityMetrics::fromJson(object.value(QStringLiteral("quality")).toObject());
    r.request.workload = workloadFromJson(req.value(QStringLiteral("workload")).toObject());
    if (object.value(QStringLiteral("serving")).isObject())
        r.serving = ServingResult::fromJson(object.value(QStringLiteral("serving")).toObject());
    return r;
}

QString engineStateName(EngineState state)
{
    switch (state) {
    case EngineState::Idle: return QCoreApplication::translate("EngineState", "Idle");
    case EngineState::Loading: return QCoreApplication::translate("EngineState", "Loading");
    case EngineState::Running: return QCoreApplication::translate("EngineState", "Running");
    case EngineState::Synthesizing: return QCoreApplication::translate("EngineState", "Synthesizing");
    case EngineState::Count: break;
    }
    return {};
}

QString stopReasonLabel(const QString& reason)
{
    if (reason == QLatin1String("max-tokens"))
        return QCoreApplication::translate("StopReason", "max tokens reached");
    if (reason == QLatin1String("eos"))
        return QCoreApplication::translate("StopReason", "end of sequence (EOS)");
    if (reason == QLatin1String("bos"))
        return QCoreApplication::translate("StopReason", "start-of-sequence token (BOS)");
    if (reason == QLatin1String("workload-done"))
        return QCoreApplication::translate("StopReason", "every request of the workload served");
    if (reason == QLatin1String("cancelled"))
        return QCoreApplication::translate("StopReason", "cancelled");
    return reason;
}

QString runPhaseName(RunPhase phase)
{
    switch (phase) {
    case RunPhase::Other: return {};
    case RunPhase::Loading: return QCoreApplication::translate("RunPhase", "Loading");
    case RunPhase::Pruning: return QCoreApplication::translate("RunPhase", "Pruning");
    case RunPhase::Requantizing: return QCoreApplication::translate("RunPhase", "Re-quantizing");
    case RunPhase::Prefill: return QCoreApplication::translate("RunPhase", "Prefill");
    case RunPhase::Decode: return QCoreApplication::translate("RunPhase", "Generating");
    case RunPhase::Serving: return QCoreApplication::translate("RunPhase", "Serving");
    case RunPhase::Quality: return QCoreApplication::translate("RunPhase", "Measuring quality");
    case RunPhase::Cancelling: return QCoreApplication::translate("RunPhase", "Cancelling…");
    case RunPhase::Count: break;
    }
    return {};
}

void registerEngineTypes()
{
    qRegisterMetaType<ModelInfo>();
    qRegisterMetaType<RunRequest>();
    qRegisterMetaType<TokenBatch>();
    qRegisterMetaType<RunResult>();
    qRegisterMetaType<SynthRequest>();
    qRegisterMetaType<ProgressInfo>();
    qRegisterMetaType<QualityRequest>();
    qRegisterMetaType<QualityMetrics>();
}

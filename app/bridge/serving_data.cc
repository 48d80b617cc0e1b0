#include "app/bridge/serving_data.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>

#include <algorithm>
#include <map>

QString WorkloadChoice::describe() const
{
    switch (kind) {
    case Kind::Preset: return QCoreApplication::translate("WorkloadChoice", "preset %1").arg(preset);
    case Kind::File: return QFileInfo(path).fileName();
    case Kind::None:
    case Kind::Count: break;
    }
    return {};
}

// ---- ServingLatency ----------------------------------------------------------------

QJsonObject ServingLatency::toJson() const
{
    return QJsonObject{{QStringLiteral("mean"), mean}, {QStringLiteral("p50"), p50},
                       {QStringLiteral("p90"), p90},   {QStringLiteral("p99"), p99},
                       {QStringLiteral("count"), double(count)}};
}

ServingLatency ServingLatency::fromJson(const QJsonObject& object)
{
    ServingLatency s;
    s.mean = object.value(QStringLiteral("mean")).toDouble();
    s.p50 = object.value(QStringLiteral("p50")).toDouble();
    s.p90 = object.value(QStringLiteral("p90")).toDouble();
    s.p99 = object.value(QStringLiteral("p99")).toDouble();
    s.count = static_cast<qint64>(object.value(QStringLiteral("count")).toDouble());
    return s;
}

// ---- ServingResult -----------------------------------------------------------------

double ServingResult::meanBatch() const
{
    if (passes.isEmpty())
        return 0.0;
    double sum = 0.0;
    for (const ServingPass& p : passes)
        sum += p.sequences;
    return sum / double(passes.size());
}

namespace {

// One latency of every request that produced a token (the others have none).
QVector<double> servedRequests(const QVector<ServingRequestStat>& requests, double ServingRequestStat::*latency)
{
    QVector<double> out;
    for (const ServingRequestStat& r : requests)
        if (r.outputTokens > 0)
            out.append(r.*latency);
    return out;
}

}  // namespace

QVector<double> ServingResult::ttfts() const
{
    return servedRequests(requests, &ServingRequestStat::ttftMs);
}

QVector<double> ServingResult::e2es() const
{
    return servedRequests(requests, &ServingRequestStat::e2eMs);
}

QVector<BatchThroughput> ServingResult::throughputByBatch() const
{
    struct Sum {
        int passes = 0;
        double ms = 0.0;
        qint64 tokens = 0;
    };
    std::map<int, Sum> bySize;
    for (const ServingPass& p : passes) {
        Sum& s = bySize[p.sequences];
        ++s.passes;
        s.ms += p.ms;
        s.tokens += p.sampledTokens;
    }
    QVector<BatchThroughput> out;
    for (const auto& [sequences, s] : bySize)
        out.append({sequences, s.passes, s.ms > 0.0 ? 1000.0 * double(s.tokens) / s.ms : 0.0});
    return out;
}

QJsonObject ServingResult::toJson() const
{
    QJsonArray perRequest;
    for (const ServingRequestStat& r : requests)
        perRequest.append(QJsonObject{{QStringLiteral("id"), r.id},
                                      {QStringLiteral("arrivalMs"), r.arrivalMs},
                                      {QStringLiteral("promptTokens"), r.promptTokens},
                                      {QStringLiteral("outputTokens"), r.outputTokens},
                                      {QStringLiteral("ttftMs"), r.ttftMs},
                                      {QStringLiteral("tpotMs"), r.tpotMs},
                                      {QStringLiteral("e2eMs"), r.e2eMs},
                                      {QStringLiteral("preemptions"), r.preemptions}});
    // Passes as parallel arrays: a long run has thousands of them.
    QJsonArray passEnd, passMs, passSequences, passTokens;
    for (const ServingPass& p : passes) {
        passEnd.append(p.endMs);
        passMs.append(p.ms);
        passSequences.append(p.sequences);
        passTokens.append(p.sampledTokens);
    }
    return QJsonObject{
        {QStringLiteral("workload"), workload},
        {QStringLiteral("source"), source},
        {QStringLiteral("policy"), policy},
        {QStringLiteral("maxSequences"), maxSequences},
        {QStringLiteral("maxBatch"), maxBatch},
        {QStringLiteral("realTime"), realTime},
        {QStringLiteral("kvMode"), kvMode},
        {QStringLiteral("kvCapacityTokens"), double(kvCapacityTokens)},
        {QStringLiteral("wallMs"), wallMs},
        {QStringLiteral("forwardPasses"), double(forwardPasses)},
        {QStringLiteral("preemptions"), double(preemptions)},
        {QStringLiteral("promptTokens"), double(promptTokens)},
        {QStringLiteral("outputTokens"), double(outputTokens)},
        {QStringLiteral("ttftMs"), ttftMs.toJson()},
        {QStringLiteral("itlMs"), itlMs.toJson()},
        {QStringLiteral("tpotMs"), tpotMs.toJson()},
        {QStringLiteral("e2eMs"), e2eMs.toJson()},
        {QStringLiteral("prefillTokPerS"), prefillTokPerS},
        {QStringLiteral("decodeTokPerS"), decodeTokPerS},
        {QStringLiteral("outputTokPerS"), outputTokPerS},
        {QStringLiteral("requestsPerS"), requestsPerS},
        {QStringLiteral("requests"), perRequest},
        {QStringLiteral("passes"), QJsonObject{{QStringLiteral("endMs"), passEnd},
                                               {QStringLiteral("ms"), passMs},
                                               {QStringLiteral("sequences"), passSequences},
                                               {QStringLiteral("sampledTokens"), passTokens}}}};
}

ServingResult ServingResult::fromJson(const QJsonObject& o)
{
    ServingResult s;
    s.workload = o.value(QStringLiteral("workload")).toString();
    s.source = o.value(QStringLiteral("source")).toString();
    s.policy = o.value(QStringLiteral("policy")).toString();
    s.maxSequences = o.value(QStringLiteral("maxSequences")).toInt();
    s.maxBatch = o.value(QStringLiteral("maxBatch")).toInt();
    s.realTime = o.value(QStringLiteral("realTime")).toBool(true);
    s.kvMode = o.value(QStringLiteral("kvMode")).toString();
    s.kvCapacityTokens = static_cast<qint64>(o.value(QStringLiteral("kvCapacityTokens")).toDouble());
    s.wallMs = o.value(QStringLiteral("wallMs")).toDouble();
    s.forwardPasses = static_cast<qint64>(o.value(QStringLiteral("forwardPasses")).toDouble());
    s.preemptions = static_cast<qint64>(o.value(QStringLiteral("preemptions")).toDouble());
    s.promptTokens = static_cast<qint64>(o.value(QStringLiteral("promptTokens")).toDouble());
    s.outputTokens = static_cast<qint64>(o.value(QStringLiteral("outputTokens")).toDouble());
    s.ttftMs = ServingLatency::fromJson(o.value(QStringLiteral("ttftMs")).toObject());
    s.itlMs = ServingLatency::fromJson(o.value(QStringLiteral("itlMs")).toObject());
    s.tpotMs = ServingLatency::fromJson(o.value(QStringLiteral("tpotMs")).toObject());
    s.e2eMs = ServingLatency::fromJson(o.value(QStringLiteral("e2eMs")).toObject());
    s.prefillTokPerS = o.value(QStringLiteral("prefillTokPerS")).toDouble();
    s.decodeTokPerS = o.value(QStringLiteral("decodeTokPerS")).toDouble();
    s.outputTokPerS = o.value(QStringLiteral("outputTokPerS")).toDouble();
    s.requestsPerS = o.value(QStringLiteral("requestsPerS")).toDouble();
    for (const QJsonValue& v : o.value(QStringLiteral("requests")).toArray()) {
        const QJsonObject r = v.toObject();
        ServingRequestStat stat;
        stat.id = r.value(QStringLiteral("id")).toInt();
        stat.arrivalMs = r.value(QStringLiteral("arrivalMs")).toDouble();
        stat.promptTokens = r.value(QStringLiteral("promptTokens")).toInt();
        stat.outputTokens = r.value(QStringLiteral("outputTokens")).toInt();
        stat.ttftMs = r.value(QStringLiteral("ttftMs")).toDouble();
        stat.tpotMs = r.value(QStringLiteral("tpotMs")).toDouble(-1.0);
        stat.e2eMs = r.value(QStringLiteral("e2eMs")).toDouble();
        stat.preemptions = r.value(QStringLiteral("preemptions")).toInt();
        s.requests.append(stat);
    }
    const QJsonObject p = o.value(QStringLiteral("passes")).toObject();
    const QJsonArray ends = p.value(QStringLiteral("endMs")).toArray();
    const QJsonArray ms = p.value(QStringLiteral("ms")).toArray();
    const QJsonArray sequences = p.value(QStringLiteral("sequences")).toArray();
    const QJsonArray tokens = p.value(QStringLiteral("sampledTokens")).toArray();
    const qsizetype n = std::min({ends.size(), ms.size(), sequences.size(), tokens.size()});
    for (qsizetype i = 0; i < n; ++i)
        s.passes.append({ends.at(i).toDouble(), ms.at(i).toDouble(), sequences.at(i).toInt(), tokens.at(i).toInt()});
    return s;
}

#include "app/models/compare_model.h"

#include "app/bridge/quality_policy.h"

#include "engine/config/profile_summary.h"
#include "engine/config/profile_validator.h"

#include <QBrush>
#include <QColor>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <limits>

#include "app/bridge/engine_text.h"
#include "app/bridge/engine_types.h"
#include "app/charts/chart_style.h"
#include "app/models/latency_stats.h"
#include "app/models/tensor_table_model.h"

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void flattenInto(const QJsonObject& object, const QString& prefix, QList<QPair<QString, QString>>& out)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString key = prefix.isEmpty() ? it.key() : prefix + QLatin1Char('.') + it.key();
        const QJsonValue v = it.value();
        if (v.isObject())
            flattenInto(v.toObject(), key, out);
        else if (v.isArray())
            out.append({key, QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact))});
        else if (v.isBool())
            out.append({key, v.toBool() ? QStringLiteral("true") : QStringLiteral("false")});
        else if (v.isDouble())
            out.append({key, QString::number(v.toDouble(), 'g', 12)});
        else
            out.append({key, v.toString()});
    }
}

}  // namespace

QString runProfileJson(const RunResult& run)
{
    return run.profileJson.isEmpty() ? run.request.profileJson : run.profileJson;
}

QString runProfileSummary(const RunResult& run)
{
    const QString json = runProfileJson(run).trimmed();
    if (json.isEmpty())
        return QObject::tr("as stored");
    auto profile = engine::parseProfile(json.toStdString());
    if (!profile)
        return QObject::tr("(unreadable profile)");
    return engineText(QString::fromStdString(engine::describeProfileChanges(*profile)));
}

QString runTitle(const RunResult& run)
{
    return QStringLiteral("%1 \u00b7 %2").arg(run.label(), runProfileSummary(run));
}

QVector<int> paretoFrontier(const QVector<ParetoPoint>& points)
{
    QVector<int> order;
    for (int i = 0; i < points.size(); ++i)
        if (std::isfinite(points[i].speed) && std::isfinite(points[i].divergence))
            order.append(i);
    // Least divergent first; among equals the fastest first.
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        if (points[a].divergence != points[b].divergence)
            return points[a].divergence < points[b].divergence;
        return points[a].speed > points[b].speed;
    });
    // Sweep: a point is on the frontier when it is faster than every less
    // divergent point (or equal to the last frontier point).
    QVector<int> frontier;
    for (int i : order) {
        if (frontier.isEmpty()) {
            frontier.append(i);
            continue;
        }
        const ParetoPoint& last = points[frontier.last()];
        const ParetoPoint& p = points[i];
        if (p.speed > last.speed || (p.speed == last.speed && p.divergence == last.divergence))
            frontier.append(i);
    }
    return frontier;
}

QList<QPair<QString, QString>> flattenProfile(const QString& profileJson)
{
    QList<QPair<QString, QString>> out;
    const QJsonDocument doc = QJsonDocument::fromJson(profileJson.toUtf8());
    if (!doc.isObject())
        return out;
    QJsonObject object = doc.object();
    for (const char* key : {"schema", "name", "description"})
        object.remove(QLatin1String(key));
    flattenInto(object, QString(), out);
    return out;
}

namespace {

// The 95 % half-interval of the mean decode-token latency (the first token,
// the TTFT, left out) relative to the mean; NaN with fewer than 3 tokens.
double relativeNoise(const QVector<double>& latenciesMs)
{
    const int n = int(latenciesMs.size()) - 1;
    if (n < 2)
        return kNaN;
    double sum = 0.0;
    for (int i = 1; i <= n; ++i)
        sum += latenciesMs[i];
    const double mean = sum / n;
    double squares = 0.0;
    for (int i = 1; i <= n; ++i)
        squares += (latenciesMs[i] - mean) * (latenciesMs[i] - mean);
    const double sd = std::sqrt(squares / (n - 1));
    return mean > 0.0 ? 1.96 * sd / std::sqrt(double(n)) / mean : kNaN;
}

}  // namespace

CompareModel::CompareModel(QObject* parent) : QAbstractTableModel(parent) {}

bool CompareModel::withinNoise(int run, int row) const
{
    const double d = delta(run, row);
    if (std::isnan(d))
        return false;
    if (isSingleTiming(row))
        return true;  // one measurement each: a difference cannot be told from noise
    if (!isTokenTiming(row))
        return false;  // memory and quality are not noisy
    const double a = m_tokenNoise.at(0), b = m_tokenNoise.at(run);
    return std::isnan(a) || std::isnan(b) || std::abs(d) < a + b;
}

void CompareModel::setData(const QVector<RunResult>& runs)
{
    beginResetModel();
    m_runs = runs;
    m_metrics.clear();
    m_tokenNoise.clear();
    m_profileValues.clear();
    for (const RunResult& run : m_runs) {
        m_tokenNoise.append(relativeNoise(run.latenciesMs));
        const LatencyStats s = latencyStats(run.latenciesMs);
        const MemoryBreakdown& m = run.memory;
        const QualityMetrics& q = run.quality;
        // A run without a profile is the baseline itself: zero divergence by definition.
        const bool isBaseline =
            q.state == QualityMetrics::State::NotRequested && runProfileJson(run).trimmed().isEmpty();
        // Measured, or known for the baseline (`ifBaseline`), or unknown.
        const auto quality = [&](double v, double ifBaseline) {
            return q.measured() ? v : (isBaseline ? ifBaseline : kNaN);
        };
        const auto bytes = [](quint64 v) { return v > 0 ? double(v) : kNaN; };
        // A cancelled run has no complete prefill or decode rate, and no TTFT before its first token.
        const double ttft = run.cancelled && run.tokens.isEmpty() ? kNaN : run.ttftMs;
        const double prefillRate = run.cancelled ? kNaN : run.prefillTokPerS;
        const double decodeRate = run.cancelled ? kNaN : run.decodeTokPerS;
        const ServingResult& sv = run.serving;
        const bool serving = run.isServing();
        const auto ifServing = [serving](double v) { return serving ? v : kNaN; };
        m_metrics.append({ttft, prefillRate, decodeRate, serving ? sv.itlMs.p50 : s.p50Ms,
                          serving ? sv.itlMs.p99 : s.p99Ms, serving ? sv.tpotMs.mean : s.tpotMs,
                          serving ? sv.e2eMs.mean : s.e2eMs, ifServing(sv.ttftMs.p99), ifServing(sv.e2eMs.p99),
                          ifServing(sv.outputTokPerS), ifServing(sv.requestsPerS), bytes(m.weightsBytes), bytes(m.kvAllocatedBytes), bytes(m.peakRssBytes),
                          quality(q.meanKld, 0.0), quality(q.p99Kld, 0.0), quality(q.top1Agreement, 1.0),
                          quality(q.ppl, kNaN), quality(q.deltaPpl, 0.0)});
        QHash<QString, QString> values;
        for (const auto& [key, value] : flattenProfile(runProfileJson(run)))
            values.insert(key, value);
        m_profileValues.append(values);
    }
    // The keys whose value is not the same in every run (missing counts as a value).
    QSet<QString> keys;
    for (const auto& values : m_profileValues)
        for (auto it = values.begin(); it != values.end(); ++it)
            keys.insert(it.key());
    m_profileKeys.clear();
    for (const QString& key : keys) {
        bool differs = false;
        for (const auto& values : m_profileValues)
            differs = differs || values.value(key) != m_profileValues.first().value(key) ||
                      values.contains(key) != m_profileValues.first().contains(key);
        if (differs)
            m_profileKeys.append(key);
    }
    std::sort(m_profileKeys.begin(), m_profileKeys.end());
    endResetModel();
}

int CompareModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : RowCount + static_cast<int>(m_profileKeys.size());
}

int CompareModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_runs.size());
}

double CompareModel::metric(int run, int row) const
{
    return m_metrics.at(run).at(row - TtftRow);
}

QString CompareModel::setting(int run, int row) const
{
    const RunResult& r = m_runs.at(run);
    if (row >= RowCount) {
        const QString& key = m_profileKeys.at(row - RowCount);
        return m_profileValues.at(run).value(key, tr("(unchanged)"));
    }
    switch (row) {
    case ModelRow: return r.modelName;
    case DeviceRow: return r.device;
    case ProfileRow: {
        const QJsonObject profile = QJsonDocument::fromJson(runProfileJson(r).toUtf8()).object();
        if (profile.isEmpty())
            return tr("none (model as stored)");
        const QString name = profile.value(QStringLiteral("name")).toString();
        if (!name.isEmpty())
            return name;
        // Unnamed: the optimisation keys it sets (sampling and threads have rows of their own).
        QStringList knobs;
        for (const auto& [key, value] : flattenProfile(runProfileJson(r)))
            if (!key.startsWith(QLatin1String("sampling.")) && key != QLatin1String("devices.threads"))
                knobs << QStringLiteral("%1=%2").arg(key, value);
        return knobs.isEmpty() ? tr("defaults (model as stored)") : knobs.join(QStringLiteral(", "));
    }
    case SamplingRow: return r.sampling.describe();
    case MaxTokensRow: return QString::number(r.request.maxTokens);
    case PromptTokensRow: return QString::number(r.promptTokens);
    case GeneratedRow: return QString::number(r.isServing() ? r.serving.outputTokens : qint64(r.tokens.size()));
    case WorkloadRow:
        if (!r.isServing())
            return tr("one prompt");
        return tr("%1 (%2 requests) · %3, at most %4 sequences")
            .arg(r.serving.workload)
            .arg(r.serving.requests.size())
            .arg(r.serving.policy)
            .arg(r.serving.maxSequences);
    case StopRow: return r.cancelled ? tr("cancelled") : stopReasonLabel(r.stopReason);
    }
    return {};
}

double CompareModel::delta(int run, int row) const
{
    if (isQuality(row))
        return kNaN;  // already relative to the unoptimised model
    const double base = metric(0, row);
    if (run == 0 || base == 0.0 || std::isnan(base))
        return kNaN;
    return (metric(run, row) - base) / base;
}

QString CompareModel::metricText(int row, double value) const
{
    const QLocale locale;
    if (std::isnan(value))
        return QStringLiteral("–");
    if (isBytes(row))
        return formatBytes(quint64(value));
    switch (row) {
    case PrefillTpsRow:
    case DecodeTpsRow:
    case OutputTpsRow: return locale.toString(value, 'f', 1);
    case RequestsPerSRow: return locale.toString(value, 'f', 2);
    case Top1Row: return tr("%1 %").arg(locale.toString(value * 100.0, 'f', 1));
    case MeanKldRow:
    case P99KldRow: return locale.toString(value, 'g', 4);
    case PplRow: return locale.toString(value, 'f', 3);
    case DeltaPplRow: return (value >= 0 ? QStringLiteral("+") : QString()) + locale.toString(value, 'f', 4);
    }
    return locale.toString(value, 'f', 3);
}

QVariant CompareModel::metricData(int run, int row, int role) const
{
    const double value = metric(run, row);
    const double d = delta(run, row);
    switch (role) {
    case ValueRole: return std::isnan(value) ? QVariant() : QVariant(value);
    case DeltaRole: return std::isnan(d) ? QVariant() : QVariant(d);
    case Qt::DisplayRole: {
        QString text = metricText(row, value);
        if (!std::isnan(d))
            text += QStringLiteral("  (%1%2%)").arg(d >= 0 ? QStringLiteral("+") : QString())
                        .arg(QLocale().toString(d * 100.0, 'f', 1));
        return text;
    }
    case Qt::ForegroundRole: {
        if (std::isnan(d) || std::abs(d) < 0.01)
            return {};
        // Asked at paint time: the colours follow the current palette, light or dark.
        const ChartTheme theme = ChartTheme::fromPalette(QGuiApplication::palette());
        if (withinNoise(run, row))
            return QBrush(theme.mutedText);  // neither better nor worse: noise
        const bool better = higherIsBetter(row) ? d > 0 : d < 0;
        return QBrush(better ? theme.good : theme.bad);
    }
    case Qt::ToolTipRole:
        if (isQuality(row) && m_runs.at(run).quality.state != QualityMetrics::State::NotRequested)
            return qualitySummary(m_runs.at(run).quality);
        if (!std::isnan(d) && isSingleTiming(row))
            return tr("Measured once per run: a difference this size cannot be told apart from noise. Repeat the "
                      "runs (or sweep with repetitions) to compare it.");
        if (!std::isnan(d) && withinNoise(run, row))
            return tr("Within the noise of both runs (95 % intervals of the mean token latency: ±%1 % and ±%2 %).")
                .arg(QLocale().toString(m_tokenNoise.at(0) * 100.0, 'f', 1),
                     QLocale().toString(m_tokenNoise.at(run) * 100.0, 'f', 1));
        return {};
    case Qt::TextAlignmentRole: return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    }
    return {};
}

QVariant CompareModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int run = index.column();
    const int row = index.row();
    if (isMetric(row))
        return metricData(run, row, role);
    if (role == Qt::DisplayRole || role == ValueRole)
        return setting(run, row);
    if (role == Qt::ForegroundRole && row >= RowCount)
        return QBrush(ChartTheme::fromPalette(QGuiApplication::palette()).changed);  // the knobs that differ
    return {};
}

QString CompareModel::rowToolTip(int row) const
{
    switch (row) {
    case TtftRow: return tr("Time to first token: request start to the first generated token.");
    case ItlP50Row: return tr("Median gap between consecutive generated tokens.");
    case ItlP99Row: return tr("99th percentile gap between consecutive generated tokens.");
    case TpotRow: return tr("Time per output token: (e2e - TTFT) / (tokens - 1).");
    case E2eRow: return tr("End-to-end request latency: sum of all token latencies.");
    case TtftP99Row: return tr("Serving runs: 99th percentile of the requests' time to first token (queueing included).");
    case E2eP99Row: return tr("Serving runs: 99th percentile of the requests' end-to-end latency.");
    case OutputTpsRow: return tr("Serving runs: output tokens of every request per second of the workload.");
    case RequestsPerSRow: return tr("Serving runs: requests completed per second of the workload.");
    case WorkloadRow: return tr("One prompt, or the workload a serving run replayed and its batching.");
    case WeightsRow: return tr("Bytes of every tensor as the run's model held them.");
    case KvRow: return tr("The run's KV cache: keys and values of every layer for prompt + max tokens.");
    case PeakRssRow: return tr("Peak resident memory of the workbench process during the run (the kernel's "
                               "high-water mark, reset when the run began; older records: since the process started).");
    case MeanKldRow:
        return tr("Mean KL divergence of the next-token distributions from the model without the profile, over "
                  "the evaluation text (nats; 0 = identical).");
    case P99KldRow: return tr("99th percentile (nearest rank) of the per-position KL divergence.");
    case Top1Row: return tr("Share of positions where the most likely next token equals the baseline's.");
    case PplRow: return tr("Perplexity of the run's model on the evaluation text.");
    case DeltaPplRow: return tr("Perplexity minus the baseline's perplexity on the same text.");
    }
    if (row >= RowCount)
        return tr("A profile key in which the selected runs differ.");
    return {};
}

QVariant CompareModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal) {
        if (role == Qt::DisplayRole && section < m_runs.size())
            return section == 0 ? tr("%1 (baseline)").arg(runTitle(m_runs.at(section))) : runTitle(m_runs.at(section));
        return {};
    }
    if (role == Qt::ToolTipRole)
        return rowToolTip(section);
    if (role != Qt::DisplayRole)
        return {};
    if (section >= RowCount && section < rowCount())
        return m_profileKeys.at(section - RowCount);
    switch (section) {
    case ModelRow: return tr("Model");
    case DeviceRow: return tr("Device");
    case ProfileRow: return tr("Profile");
    case SamplingRow: return tr("Sampling");
    case MaxTokensRow: return tr("Max tokens");
    case PromptTokensRow: return tr("Prompt tokens");
    case GeneratedRow: return tr("Generated tokens");
    case StopRow: return tr("Stop reason");
    case TtftRow: return tr("TTFT (ms)");
    case PrefillTpsRow: return tr("Prefill (tok/s)");
    case DecodeTpsRow: return tr("Decode (tok/s)");
    case ItlP50Row: return tr("ITL p50 (ms)");
    case ItlP99Row: return tr("ITL p99 (ms)");
    case TpotRow: return tr("TPOT (ms)");
    case E2eRow: return tr("E2E (ms)");
    case WorkloadRow: return tr("Workload");
    case TtftP99Row: return tr("TTFT p99 (ms)");
    case E2eP99Row: return tr("E2E p99 (ms)");
    case OutputTpsRow: return tr("Output (tok/s)");
    case RequestsPerSRow: return tr("Requests/s");
    case WeightsRow: return tr("Weights");
    case KvRow: return tr("KV cache");
    case PeakRssRow: return tr("Peak RSS");
    case MeanKldRow: return tr("KLD mean");
    case P99KldRow: return tr("KLD p99");
    case Top1Row: return tr("Top-1 agreement");
    case PplRow: return tr("Perplexity");
    case DeltaPplRow: return tr("ΔPPL");
    }
    return {};
}

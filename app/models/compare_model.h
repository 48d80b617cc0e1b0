#pragma once
// CompareModel: selected runs side by side. Rows are settings and metrics, one
// column per run; the first run is the baseline and every other metric cell
// shows its delta against it (green when better, red when worse). The quality
// rows are already measured against the unoptimised model, so they show plain
// values. Below the fixed rows come the profile keys in which the runs differ.
// A serving run (a workload replayed through the batching scheduler) fills the
// latency rows with its requests' pooled numbers (TTFT and e2e: their means)
// and the serving rows (TTFT / e2e p99, output tok/s, requests/s).
#include <QAbstractTableModel>
#include <QHash>
#include <QStringList>
#include <QVector>

#include "app/bridge/engine_types.h"

// A run in the speed / quality plane: faster is better, less divergent is better.
struct ParetoPoint {
    double speed = 0.0;       // e.g. decode tok/s
    double divergence = 0.0;  // e.g. mean KLD from the baseline
};

// Indices of the points that no other point dominates (dominating = at least as
// fast and at most as divergent, and strictly better in one of the two), by
// increasing divergence (and so increasing speed). Points with a non-finite
// coordinate are ignored; equal points are all on the frontier.
QVector<int> paretoFrontier(const QVector<ParetoPoint>& points);

// The profile as dotted keys ("weights.dtype" -> "int8"), without the schema,
// name and description; arrays and objects inside arrays as compact JSON.
QList<QPair<QString, QString>> flattenProfile(const QString& profileJson);

// The profile a run used (RunResult::profileJson; the request's for a run
// still in memory that did not copy it). Empty: the model as stored.
QString runProfileJson(const RunResult& run);
// What the run's profile changes, e.g. "INT4 g128 · Wanda 25 % · paged KV"
// ("as stored" without a profile).
QString runProfileSummary(const RunResult& run);
// A run for legends and column headers: its label and what its profile changes.
QString runTitle(const RunResult& run);

class CompareModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Row {
        ModelRow, DeviceRow, ProfileRow, SamplingRow, MaxTokensRow, PromptTokensRow, GeneratedRow, StopRow,
        WorkloadRow,
        TtftRow, PrefillTpsRow, DecodeTpsRow, ItlP50Row, ItlP99Row, TpotRow, E2eRow,
        // Serving runs (a workload through the batching scheduler); empty for a single prompt.
        TtftP99Row, E2eP99Row, OutputTpsRow, RequestsPerSRow,
        WeightsRow, KvRow, PeakRssRow,
        MeanKldRow, P99KldRow, Top1Row, PplRow, DeltaPplRow,
        RowCount  // profile difference rows follow
    };
    enum Role { ValueRole = Qt::UserRole + 1, DeltaRole };

    explicit CompareModel(QObject* parent = nullptr);

    void setData(const QVector<RunResult>& runs);
    const QVector<RunResult>& runs() const { return m_runs; }
    // The profile keys in which the runs differ (rows RowCount, RowCount + 1, ...).
    const QStringList& profileKeys() const { return m_profileKeys; }

    static bool isMetric(int row) { return row >= TtftRow && row < RowCount; }
    static bool isQuality(int row) { return row >= MeanKldRow && row < RowCount; }
    static bool isBytes(int row) { return row >= WeightsRow && row <= PeakRssRow; }
    static bool higherIsBetter(int row)
    {
        return row == PrefillTpsRow || row == DecodeTpsRow || row == OutputTpsRow || row == RequestsPerSRow ||
               row == Top1Row;
    }
    // Timing rows measured once per run (TTFT, prefill): no noise estimate.
    static bool isSingleTiming(int row) { return row == TtftRow || row == PrefillTpsRow; }
    // Timing rows that average the per-token latencies: their noise is estimated from them.
    static bool isTokenTiming(int row) { return row >= DecodeTpsRow && row <= E2eRow; }
    // Whether run's value in `row` differs from the baseline's by less than
    // the noise of the two (the 95 % intervals of their mean token latency).
    bool withinNoise(int run, int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    // NaN where a run has no such value (no quality measurement, an old record).
    double metric(int run, int row) const;
    QString setting(int run, int row) const;
    QString metricText(int row, double value) const;
    // Relative change against the baseline (column 0); NaN when undefined.
    double delta(int run, int row) const;
    QVariant metricData(int run, int row, int role) const;
    QString rowToolTip(int row) const;

    QVector<RunResult> m_runs;
    QVector<QVector<double>> m_metrics;                 // [run][row - TtftRow]
    QVector<double> m_tokenNoise;  // [run] 95 % half-interval of the mean decode-token latency / the mean
    QStringList m_profileKeys;                          // differing keys, sorted
    QVector<QHash<QString, QString>> m_profileValues;   // [run] key -> value
};

// The workbench's item models, checked with QAbstractItemModelTester and
// against hand-computed values (percentiles, deltas).
#include <QAbstractItemModelTester>
#include <QGuiApplication>
#include <QTest>

#include <cmath>

#include "app/charts/chart_style.h"
#include "app/models/compare_model.h"
#include "app/models/latency_stats.h"
#include "app/models/run_history_model.h"
#include "app/models/tensor_table_model.h"

namespace {

RunResult makeRun(const QString& id, double ttft, double decodeTps, QVector<double> latencies)
{
    RunResult r;
    r.id = id;
    r.finishedAt = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), Qt::UTC);
    r.modelName = QStringLiteral("stories260K");
    r.device = QStringLiteral("CPU (2 threads)");
    r.request.prompt = QStringLiteral("Once");
    r.request.maxTokens = int(latencies.size());
    r.ttftMs = ttft;
    r.decodeTokPerS = decodeTps;
    r.prefillTokPerS = 1000.0;
    r.latenciesMs = latencies;
    for (int i = 0; i < latencies.size(); ++i)
        r.tokens.append(100 + i);
    r.stopReason = QStringLiteral("max-tokens");
    return r;
}

}  // namespace

class TestItemModels : public QObject {
    Q_OBJECT
private slots:
    void percentiles_data();
    void percentiles();
    void latencyStatsSkipFirstToken();
    void tensorTable();
    void runHistoryModel();
    void compareModelDeltas();
};

void TestItemModels::percentiles_data()
{
    QTest::addColumn<QVector<double>>("sorted");
    QTest::addColumn<double>("q");
    QTest::addColumn<double>("expected");
    QTest::newRow("single") << QVector<double>{5.0} << 0.99 << 5.0;
    QTest::newRow("median odd") << QVector<double>{1, 2, 3, 4, 5} << 0.5 << 3.0;
    QTest::newRow("median even") << QVector<double>{1, 2, 3, 4} << 0.5 << 2.5;
    QTest::newRow("p90 interpolated") << QVector<double>{0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100} << 0.95 << 95.0;
    QTest::newRow("max") << QVector<double>{1, 7, 9} << 1.0 << 9.0;
    QTest::newRow("empty") << QVector<double>{} << 0.5 << 0.0;
}

void TestItemModels::percentiles()
{
    QFETCH(QVector<double>, sorted);
    QFETCH(double, q);
    QFETCH(double, expected);
    QCOMPARE(percentile(sorted, q), expected);
}

void TestItemModels::latencyStatsSkipFirstToken()
{
    // TTFT 50 ms, then gaps 1, 2, 3, 4 ms.
    const LatencyStats s = latencyStats({50.0, 1.0, 2.0, 3.0, 4.0});
    QCOMPARE(s.count, 4);
    QCOMPARE(s.p50Ms, 2.5);
    QCOMPARE(s.meanMs, 2.5);
    QCOMPARE(s.e2eMs, 60.0);
    QCOMPARE(s.tpotMs, 2.5);  // (60 - 50) / (5 - 1)
    QCOMPARE(latencyStats({}).count, 0);
    QCOMPARE(latencyStats({7.0}).count, 0);
}

void TestItemModels::tensorTable()
{
    TensorTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setData({{QStringLiteral("token_embd.weight"), QStringLiteral("F32"), QStringLiteral("64 x 512"), 32768,
                    131072},
                   {QStringLiteral("blk.0.attn_norm.weight"), QStringLiteral("F32"), QStringLiteral("64"), 64, 256}});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), int(TensorTableModel::ColumnCount));
    QCOMPARE(model.index(0, TensorTableModel::Name).data().toString(), QStringLiteral("token_embd.weight"));
    QCOMPARE(model.index(0, TensorTableModel::Shape).data().toString(), QStringLiteral("64 x 512"));
    QCOMPARE(model.index(1, TensorTableModel::Bytes).data(TensorTableModel::SortRole).toULongLong(), 256ull);
    QCOMPARE(model.index(0, TensorTableModel::Bytes).data().toString(), formatBytes(131072));
    model.setData({});
    QCOMPARE(model.rowCount(), 0);
}

void TestItemModels::runHistoryModel()
{
    RunHistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setData({makeRun("a", 10.0, 100.0, {10, 1, 2, 3}), makeRun("b", 20.0, 50.0, {20, 4, 4})});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(1, 0).data(RunHistoryModel::RunIdRole).toString(), QStringLiteral("b"));
    QCOMPARE(model.index(0, RunHistoryModel::Tokens).data(RunHistoryModel::SortRole).toInt(), 4);
    QCOMPARE(model.index(0, RunHistoryModel::ItlP50).data(RunHistoryModel::SortRole).toDouble(), 2.0);
    QCOMPARE(model.index(1, RunHistoryModel::DecodeTps).data(RunHistoryModel::SortRole).toDouble(), 50.0);
    QVERIFY(!model.headerData(RunHistoryModel::Ttft, Qt::Horizontal, Qt::ToolTipRole).toString().isEmpty());
}

void TestItemModels::compareModelDeltas()
{
    CompareModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setData({makeRun("base", 10.0, 100.0, {10, 2, 2, 2}), makeRun("other", 15.0, 150.0, {15, 1, 1, 1})});
    QCOMPARE(model.rowCount(), int(CompareModel::RowCount));
    QCOMPARE(model.columnCount(), 2);
    QCOMPARE(model.index(CompareModel::TtftRow, 1).data(CompareModel::ValueRole).toDouble(), 15.0);
    QCOMPARE(model.index(CompareModel::TtftRow, 1).data(CompareModel::DeltaRole).toDouble(), 0.5);
    QCOMPARE(model.index(CompareModel::DecodeTpsRow, 1).data(CompareModel::DeltaRole).toDouble(), 0.5);
    QCOMPARE(model.index(CompareModel::ItlP50Row, 1).data(CompareModel::DeltaRole).toDouble(), -0.5);
    QVERIFY(!model.index(CompareModel::TtftRow, 0).data(CompareModel::DeltaRole).isValid());  // the baseline
    // Faster decode (token latencies without spread: no noise) is better (green);
    // a TTFT measured once per run is never shown as a finding (grey, with a tooltip).
    const QColor once = model.index(CompareModel::TtftRow, 1).data(Qt::ForegroundRole).value<QBrush>().color();
    const QColor better = model.index(CompareModel::DecodeTpsRow, 1).data(Qt::ForegroundRole).value<QBrush>().color();
    QCOMPARE(once, ChartTheme::fromPalette(QGuiApplication::palette()).mutedText);
    QVERIFY(!model.index(CompareModel::TtftRow, 1).data(Qt::ToolTipRole).toString().isEmpty());
    QVERIFY(better.green() > better.red());
    QCOMPARE(model.index(CompareModel::ModelRow, 0).data().toString(), QStringLiteral("stories260K"));
    QVERIFY(model.index(CompareModel::TtftRow, 1).data().toString().contains(QStringLiteral("+50")));
    model.setData({});
    QCOMPARE(model.columnCount(), 0);
}

QTEST_MAIN(TestItemModels)
#include "tst_item_models.moc"

// The Sweep panel, driven as a user would on stories260K, off the GUI thread:
// a one-knob sweep to completion (a row per point, the line chart with its
// intervals, the Pareto plot, the recommended point and its reason, a point's
// profile for the Optimise and Export pages); a two-knob sweep shown as a heat
// map with the best cell and the frontier, a third knob as a selector; a
// serving sweep judged by a constraint on p99 TTFT; an interrupted sweep
// resumed from its partial results file; the refusals (another model, not a
// results file, bad constraints) and a cancel that keeps what was measured.
#include <QTest>

#include <QFile>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>

#include <nlohmann/json.hpp>

#include "app/charts/pareto_chart.h"
#include "app/charts/sweep_metric_chart.h"
#include "app/widgets/sweep_panel.h"
#include "app/widgets/sweep_results_view.h"
#include "common/fixtures.h"
#include "common/sweep_files.h"
#include "engine/config/profile_validator.h"

namespace {

constexpr int kWaitMs = 180000;

using nlohmann::json;

bool runToEnd(SweepPanel& panel, QString* message = nullptr)
{
    QSignalSpy finished(&panel, &SweepPanel::finished);
    if (!panel.isRunning()) panel.start();
    // A refusal finishes inside start().
    if (finished.isEmpty() && !finished.wait(kWaitMs)) return false;
    if (message) *message = finished.first().at(1).toString();
    return finished.first().at(0).toBool();
}

}  // namespace

class TestSweepPanel : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
    }

    void smallSweepCompletes()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        SweepPanel panel;
        panel.setModelPath(model);
        panel.setAxis(0, QStringLiteral("weights.dtype"), QStringLiteral("f32,int8,int4"));
        panel.setWorkload(8, 4, 2);
        panel.setQuality(true);
        panel.setConstraint(QStringLiteral("kld_mean<=0.01"));
        QSignalSpy finished(&panel, &SweepPanel::finished);
        panel.start();
        QVERIFY(panel.isRunning());
        QVERIFY(finished.wait(kWaitMs));
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
        QCOMPARE(panel.table()->rowCount(), 3);
        QCOMPARE(panel.progressValue(), 6);
        QCOMPARE(panel.progressMaximum(), 6);
        QCOMPARE(panel.paretoChart()->pointCount(), 3);
        QVERIFY(panel.paretoChart()->recommended() >= 0);
        QVERIFY(!panel.results()->showsHeatMap());
        QCOMPARE(panel.metricChart()->pointCount(), 3);
        panel.setChartMetric(QStringLiteral("kld_mean"));
        QCOMPARE(panel.metricChart()->pointCount(), 3);
        // The CSV carries the mean and the 95 % interval of each point.
        QCOMPARE(panel.metricChart()->toCsv().count(QLatin1Char('\n')), 1 + 3);
        QVERIFY(panel.metricChart()->toCsv().startsWith(QStringLiteral("\"weights.dtype\",\"kld_mean\",ci95")));
        QVERIFY2(panel.reason().startsWith(QStringLiteral("Recommended: ")), qPrintable(panel.reason()));
        // INT4's KLD is far above 0.01 on this model: never the recommendation.
        QVERIFY(!panel.reason().contains(QStringLiteral("Recommended: weights.dtype=int4")));
        const std::vector<json> lines = testsupport::readJsonLines(panel.resultsPath());
        QCOMPARE(lines.front().value("kind", ""), std::string("sweep"));
        QCOMPARE(int(testsupport::linesOfKind(lines, "provenance").size()), 1);
        QCOMPARE(int(testsupport::linesOfKind(lines, "sample").size()), 6);
        QCOMPARE(int(testsupport::linesOfKind(lines, "best").size()), 1);
        const QByteArray profile = panel.profileOfRow(1);
        auto parsed = engine::parseProfile(profile.toStdString());
        QVERIFY2(parsed, profile.constData());
        QVERIFY(parsed->weights && parsed->weights->dtype == engine::WeightDType::Int8);

        // "Export..." on a selected point hands its profile on.
        QSignalSpy exported(&panel, &SweepPanel::exportProfileRequested);
        panel.table()->selectRow(2);
        for (QPushButton* b : panel.results()->findChildren<QPushButton*>())
            if (b->text() == QStringLiteral("Export...")) b->click();
        QCOMPARE(exported.count(), 1);
        auto exportedProfile = engine::parseProfile(exported.first().at(0).toByteArray().toStdString());
        QVERIFY(exportedProfile && exportedProfile->weights->dtype == engine::WeightDType::Int4);
    }

    // Two knobs: a heat map, one cell per pair, the best framed; a third knob
    // picks the slice.
    void heatMapAndFrontier()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        SweepPanel panel;
        panel.setModelPath(model);
        panel.setAxis(0, QStringLiteral("weights.dtype"), QStringLiteral("f32,int8"));
        panel.setAxis(1, QStringLiteral("kv_cache.mode"), QStringLiteral("contiguous,paged,sideways"));
        panel.setAxis(2, QStringLiteral("kv_cache.dtype"), QStringLiteral("f32,f16"));
        panel.setWorkload(8, 4, 2);
        panel.setQuality(false);
        panel.setConstraint(QString());
        panel.setObjective(QStringLiteral("weights_bytes"));
        QString message;
        QVERIFY2(runToEnd(panel, &message), qPrintable(message));
        QCOMPARE(panel.table()->rowCount(), 12);  // 8 measured, 4 skipped ("sideways")
        QVERIFY(panel.results()->showsHeatMap());
        panel.setChartMetric(QStringLiteral("weights_bytes"));
        SweepHeatMap* heat = panel.heatMap();
        QVERIFY(heat->hasData());
        QCOMPARE(heat->cellCount(), 6);
        const QStringList texts = heat->cellTexts();
        QCOMPARE(texts.count(QStringLiteral("skipped")), 2);
        // INT8 weights are smaller: the best cells are in its column.
        QVERIFY2(heat->toCsv().contains(QStringLiteral("\"int8\",\"contiguous\"")), qPrintable(heat->toCsv()));
        QVERIFY(heat->toCsv().contains(QStringLiteral(",1,0\n")) || heat->toCsv().contains(QStringLiteral(",1,1\n")));
        panel.results()->setThirdValue(1);
        QCOMPARE(heat->cellTexts().count(QStringLiteral("skipped")), 2);
        // The frontier and the recommendation on the Pareto plot.
        QVERIFY(panel.paretoChart()->pointCount() >= 4);
        QVERIFY(!panel.paretoChart()->frontier().isEmpty());
        QVERIFY(panel.paretoChart()->recommended() >= 0);
        QVERIFY2(panel.reason().contains(QStringLiteral("weights.dtype=int8")), qPrintable(panel.reason()));
        bool skippedRow = false;
        for (int r = 0; r < panel.table()->rowCount(); ++r)
            for (int c = 0; c < panel.table()->columnCount(); ++c)
                if (auto* item = panel.table()->item(r, c); item && item->text().startsWith(QStringLiteral("skipped: ")))
                    skippedRow = skippedRow || item->text().contains(QStringLiteral("sideways"));
        QVERIFY(skippedRow);
    }

    // A serving sweep: batching.max_sequences over a workload file; the
    // constraint on p99 TTFT is met by every point, the best by mean batch.
    void servingSweep()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        QTemporaryDir tmp;
        SweepPanel panel;
        panel.setModelPath(model);
        panel.setAxis(0, QStringLiteral("batching.max_sequences"), QStringLiteral("1,3"));
        panel.setServingWorkloadFile(testsupport::writeSixRequestWorkload(tmp.filePath("six.json"), 4));
        panel.setRealTime(false);
        panel.setQuality(false);
        panel.setConstraint(QStringLiteral("ttft_p99_ms<=1000000"));
        panel.setObjective(QStringLiteral("mean_batch"));
        QString message;
        QVERIFY2(runToEnd(panel, &message), qPrintable(message));
        QCOMPARE(panel.table()->rowCount(), 2);
        QStringList headers;
        for (int c = 0; c < panel.table()->columnCount(); ++c) headers << panel.table()->horizontalHeaderItem(c)->text();
        QVERIFY2(headers.contains(QStringLiteral("TTFT p99 ms")), qPrintable(headers.join(QLatin1Char(','))));
        QVERIFY2(panel.reason().contains(QStringLiteral("batching.max_sequences=3")), qPrintable(panel.reason()));
        panel.setChartMetric(QStringLiteral("ttft_p99_ms"));
        QCOMPARE(panel.metricChart()->pointCount(), 2);
        // A pp / tg metric cannot judge a serving sweep.
        panel.setObjective(QStringLiteral("tg_tok_s"));
        QVERIFY(!runToEnd(panel, &message));
        QVERIFY2(message.contains(QStringLiteral("not by a serving workload")), qPrintable(message));
    }

    // A sweep cut short (its file ending mid-line) continues from its file:
    // the rows already measured are kept, the rest are measured.
    void resumeFromPartialFile()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        QTemporaryDir tmp;
        SweepPanel first;
        first.setModelPath(model);
        first.setAxis(0, QStringLiteral("weights.dtype"), QStringLiteral("f32,int8,int4"));
        first.setWorkload(8, 4, 2);
        first.setQuality(false);
        first.setConstraint(QString());
        QString message;
        QVERIFY2(runToEnd(first, &message), qPrintable(message));
        QFile whole(first.resultsPath());
        QVERIFY(whole.open(QIODevice::ReadOnly));
        const QList<QByteArray> rows = whole.readAll().split('\n');
        const QString partial = tmp.filePath("partial.jsonl");
        QFile cut(partial);
        QVERIFY(cut.open(QIODevice::WriteOnly));
        for (int i = 0; i < 6; ++i) cut.write(rows[i] + '\n');  // header, provenance, 4 rows
        cut.write(rows[6].left(rows[6].size() / 2));
        cut.close();
        const int kept = int(testsupport::linesOfKind(testsupport::readJsonLines(partial), "sample").size());

        SweepPanel panel;  // a fresh panel: the settings come from the file
        panel.setModelPath(model);
        QSignalSpy finished(&panel, &SweepPanel::finished);
        const QString problem = panel.resumeFrom(partial);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QVERIFY(finished.wait(kWaitMs));
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
        QCOMPARE(panel.resultsPath(), partial);
        QCOMPARE(panel.table()->rowCount(), 3);
        QCOMPARE(panel.progressValue(), 6);
        const std::vector<json> lines = testsupport::readJsonLines(partial);
        QCOMPARE(int(testsupport::linesOfKind(lines, "sample").size()), 6);
        QVERIFY(kept > 0 && kept < 6);
        QCOMPARE(int(testsupport::linesOfKind(lines, "provenance").size()), 2);  // one per start
        QCOMPARE(int(testsupport::linesOfKind(lines, "sweep").size()), 1);
    }

    void resumeRefusals()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        QTemporaryDir tmp;
        SweepPanel panel;
        panel.setModelPath(model);
        panel.setAxis(0, QStringLiteral("weights.dtype"), QStringLiteral("f32"));
        panel.setWorkload(4, 2, 1);
        panel.setQuality(false);
        panel.setConstraint(QString());
        QString message;
        QVERIFY2(runToEnd(panel, &message), qPrintable(message));

        SweepPanel other;
        other.setModelPath(tmp.filePath("another.gguf"));
        const QString wrongModel = other.resumeFrom(panel.resultsPath());
        QVERIFY2(wrongModel.contains(QStringLiteral("This sweep measured")), qPrintable(wrongModel));
        QVERIFY(!other.isRunning());

        const QString junk = tmp.filePath("junk.jsonl");
        QFile f(junk);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"kind\":\"point\"}\n");
        f.close();
        const QString notSweep = panel.resumeFrom(junk);
        QVERIFY2(notSweep.contains(QStringLiteral("not a sweep results file")), qPrintable(notSweep));
        QVERIFY(!panel.resumeFrom(tmp.filePath("missing.jsonl")).isEmpty());
    }

    // Cancel stops the sweep; what was measured stays in the file for Resume.
    void cancelKeepsTheFile()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        SweepPanel panel;
        panel.setModelPath(model);
        panel.setAxis(0, QStringLiteral("batching.max_sequences"), QStringLiteral("1,2,4,8"));
        panel.setServingPreset(QStringLiteral("chat-short"));  // arrivals over about four seconds
        panel.setRealTime(true);
        panel.setQuality(false);
        panel.setConstraint(QString());
        panel.setObjective(QStringLiteral("output_tok_s"));
        QSignalSpy finished(&panel, &SweepPanel::finished);
        panel.start();
        QVERIFY(panel.isRunning());
        panel.cancel();
        QVERIFY(finished.wait(kWaitMs));
        QVERIFY(!finished.first().at(0).toBool());
        QVERIFY2(finished.first().at(1).toString().contains(QStringLiteral("Resume")),
                 qPrintable(finished.first().at(1).toString()));
        QVERIFY(!panel.isRunning());
        QCOMPARE(testsupport::readJsonLines(panel.resultsPath()).front().value("kind", ""), std::string("sweep"));
    }

    void badInputIsRefused()
    {
        SweepPanel panel;
        panel.setModelPath(QStringLiteral("/nonexistent.gguf"));
        panel.setAxis(0, QStringLiteral("weights.dtype"), QStringLiteral("int8"));
        panel.setConstraint(QStringLiteral("speed>=3"));
        QSignalSpy finished(&panel, &SweepPanel::finished);
        panel.start();
        QCOMPARE(finished.count(), 1);
        QVERIFY(!finished.first().at(0).toBool());
        QVERIFY2(finished.first().at(1).toString().contains(QStringLiteral("unknown metric")),
                 qPrintable(finished.first().at(1).toString()));
        QVERIFY(!panel.isRunning());
        // A serving metric needs a serving load.
        panel.setConstraint(QStringLiteral("ttft_p99_ms<=200"));
        panel.start();
        QCOMPARE(finished.count(), 2);
        QVERIFY2(finished.last().at(1).toString().contains(QStringLiteral("only with --workload or --preset")),
                 qPrintable(finished.last().at(1).toString()));
    }
};

QTEST_MAIN(TestSweepPanel)
#include "tst_sweep_panel.moc"

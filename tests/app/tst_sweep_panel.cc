// The Sweep panel: a small sweep on stories260K driven to completion off the
// GUI thread — a row per point, the Pareto plot, the recommended point and its
// reason, the results file, and a point's profile ready for the Optimise page;
// bad input is refused with a reason and nothing runs.
#include <QTest>

#include <QFile>
#include <QSignalSpy>
#include <QTableWidget>
#include <QStandardPaths>
#include <QTemporaryDir>

#include "app/charts/pareto_chart.h"
#include "app/charts/sweep_metric_chart.h"
#include "app/widgets/sweep_panel.h"
#include "common/fixtures.h"
#include "engine/config/profile_validator.h"

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
        QVERIFY(finished.wait(120000));
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
        QCOMPARE(panel.table()->rowCount(), 3);
        QCOMPARE(panel.paretoChart()->pointCount(), 3);
        QCOMPARE(panel.metricChart()->barCount(), 3);
        panel.setChartMetric(QStringLiteral("kld_mean"));
        QCOMPARE(panel.metricChart()->barCount(), 3);
        QCOMPARE(panel.metricChart()->toCsv().count(QStringLiteral("\"kld_mean\",")), 3);
        QVERIFY2(panel.reason().startsWith(QStringLiteral("Recommended: ")), qPrintable(panel.reason()));
        // INT4's KLD is far above 0.01 on this model: never the recommendation.
        QVERIFY(!panel.reason().contains(QStringLiteral("Recommended: weights.dtype=int4")));
        QFile results(panel.resultsPath());
        QVERIFY(results.open(QIODevice::ReadOnly));
        QVERIFY(results.readAll().count('\n') >= 3 + 3 * 2);
        const QByteArray profile = panel.profileOfRow(1);
        auto parsed = engine::parseProfile(profile.toStdString());
        QVERIFY2(parsed, profile.constData());
        QVERIFY(parsed->weights && parsed->weights->dtype == engine::WeightDType::Int8);
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
    }
};

QTEST_MAIN(TestSweepPanel)
#include "tst_sweep_panel.moc"

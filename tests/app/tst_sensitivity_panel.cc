// The Sensitivity panel on stories260K: INT4 one layer at a time, ranked by
// KLD (most sensitive first), and a mixed-precision proposal under a budget,
// measured, ready as a profile (weights.overrides), a saved file and
// llama-quantize --tensor-type arguments.
#include <QTest>

#include <QFile>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>

#include "app/widgets/sensitivity_panel.h"
#include "common/fixtures.h"
#include "engine/config/profile_validator.h"

class TestSensitivityPanel : public QObject {
    Q_OBJECT

private slots:
    void rankingAndProposal()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        SensitivityPanel panel;
        panel.setModelPath(model);
        panel.setTarget(QStringLiteral("int4"), 32);
        panel.setLayerUnits(true);
        panel.setBudgetMiB(270.0 / 1024.0);
        QSignalSpy finished(&panel, &SensitivityPanel::finished);
        panel.start();
        QVERIFY(panel.isRunning());
        QVERIFY(finished.wait(300000));
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
        QTableWidget* table = panel.ranking();
        QCOMPARE(table->rowCount(), 7);  // 5 layers, the embedding, the output
        for (int r = 1; r < table->rowCount(); ++r)
            QVERIFY(table->item(r - 1, 3)->text().toDouble() >= table->item(r, 3)->text().toDouble());

        auto profile = engine::parseProfile(panel.proposalProfile().toStdString());
        QVERIFY2(profile, panel.proposalProfile().constData());
        QVERIFY(profile->weights && profile->weights->dtype == engine::WeightDType::Int4);
        QVERIFY(profile->weights->overrides && !profile->weights->overrides->empty());
        QVERIFY2(panel.llamaCppArgs().contains(QStringLiteral("--tensor-type")), qPrintable(panel.llamaCppArgs()));
        QVERIFY2(!panel.summary().contains(QStringLiteral("over the budget")), qPrintable(panel.summary()));
        QVERIFY(panel.summary().contains(QStringLiteral("kept at int8")));

        QTemporaryDir tmp;
        const QString path = tmp.filePath("mixed.json");
        QCOMPARE(panel.saveProfile(path), QString());
        QFile saved(path);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        QCOMPARE(saved.readAll(), panel.proposalProfile());

        QSignalSpy opened(&panel, &SensitivityPanel::openProfileRequested);
        for (QPushButton* b : panel.findChildren<QPushButton*>())
            if (b->text() == QStringLiteral("Open as profile")) b->click();
        QCOMPARE(opened.count(), 1);
    }

    void withoutAModel()
    {
        SensitivityPanel panel;
        QSignalSpy finished(&panel, &SensitivityPanel::finished);
        panel.start();
        QCOMPARE(finished.count(), 1);
        QVERIFY(!finished.first().at(0).toBool());
        QVERIFY(!panel.isRunning());
        QVERIFY(!panel.saveProfile(QStringLiteral("unused.json")).isEmpty());
    }
};

QTEST_MAIN(TestSensitivityPanel)
#include "tst_sensitivity_panel.moc"

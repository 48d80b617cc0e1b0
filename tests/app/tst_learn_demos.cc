// The Learn page's measured demos through the real worker on stories260K:
// each runs to completion from one click and fills its charts (the expected
// series and point counts, finite values, KLD 0 at 0 % and growing with
// sparsity for magnitude pruning, a played-back block table), and each can be
// cancelled, leaving the engine idle.
#include <QComboBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

#include <cmath>

#include "app/bridge/engine_client.h"
#include "app/charts/demo_charts.h"
#include "app/widgets/demos/batching_demo.h"
#include "app/widgets/demos/block_grid_widget.h"
#include "app/widgets/demos/demo_panel.h"
#include "app/widgets/demos/paged_kv_demo.h"
#include "app/widgets/demos/pruning_demo.h"
#include "app/widgets/demos/quant_error_demo.h"
#include "app/widgets/learn_page.h"
#include "tests/common/fixtures.h"

namespace {

constexpr int kWaitMs = 120000;

bool allFinite(const QVector<ChartSeries>& series)
{
    for (const ChartSeries& s : series)
        for (int i = 0; i < s.y.size(); ++i)
            if (!std::isfinite(s.x.at(i)) || !std::isfinite(s.y.at(i)))
                return false;
    return true;
}

}  // namespace

class TestLearnDemos : public QObject {
    Q_OBJECT

private:
    EngineClient* m_client = nullptr;
    LearnPage* m_page = nullptr;

    // Clicks the demo's button on the topics tab and waits for the run to end.
    bool runDemo(const QString& id)
    {
        DemoPanel* demo = m_page->demo(id);
        if (!demo)
            return false;
        QSignalSpy finished(demo, &DemoPanel::finished);
        auto* button = m_page->findChild<QPushButton*>(QStringLiteral("learnDemo-") + id);
        if (!button || !button->isEnabled())
            return false;
        button->click();
        if (!demo->isRunning() || !finished.wait(kWaitMs))
            return false;
        return finished.first().at(0).toBool() && demo->hasResult();
    }

private slots:
    void initTestCase()
    {
        REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
        m_client = new EngineClient(this);
        m_page = new LearnPage;
        m_page->setEngine(m_client);
        m_page->resize(1100, 800);
        QSignalSpy loaded(m_client, &EngineClient::modelLoaded);
        m_client->load(model, 2);
        QVERIFY(loaded.wait(kWaitMs));
    }

    void cleanupTestCase() { delete m_page; }

    void listsFourDemos()
    {
        QCOMPARE(m_page->demos().size(), 4);
        for (const QString id : {QStringLiteral("pruning"), QStringLiteral("batching"), QStringLiteral("paged-kv"),
                                 QStringLiteral("quant-error")}) {
            QVERIFY(m_page->demo(id));
            QVERIFY(!m_page->demo(id)->title().isEmpty());
        }
        QVERIFY(!m_page->showDemo(QStringLiteral("no-such-demo")));
    }

    void pruningFillsItsCharts()
    {
        QVERIFY(runDemo(QStringLiteral("pruning")));
        auto* demo = static_cast<PruningDemo*>(m_page->demo(QStringLiteral("pruning")));
        const QVector<ChartSeries>& kld = demo->kldChart()->series();
        const QVector<ChartSeries>& speed = demo->speedChart()->series();
        QCOMPARE(kld.size(), 4);  // magnitude, Wanda, N:M, structured
        QCOMPARE(speed.size(), 4);
        QVERIFY(allFinite(kld) && allFinite(speed));
        for (int m = 0; m < 4; ++m) {
            QCOMPARE(kld.at(m).x, (QVector<double>{0, 25, 50, 75}));
            QCOMPARE(kld.at(m).y.first(), 0.0);
            for (double v : speed.at(m).y)
                QVERIFY(v > 0.0);
        }
        const ChartSeries& magnitude = kld.first();
        for (int i = 1; i < magnitude.y.size(); ++i)
            QVERIFY(magnitude.y.at(i) > magnitude.y.at(i - 1));
        QCOMPARE(m_client->state(), EngineState::Idle);
    }

    void batchingFillsItsCharts()
    {
        QVERIFY(runDemo(QStringLiteral("batching")));
        auto* demo = static_cast<BatchingDemo*>(m_page->demo(QStringLiteral("batching")));
        for (SeriesChart* chart : {demo->throughputChart(), demo->latencyChart()}) {
            QCOMPARE(chart->series().size(), 2);  // static, continuous
            QVERIFY(allFinite(chart->series()));
            for (const ChartSeries& s : chart->series()) {
                QCOMPARE(s.x, (QVector<double>{1, 2, 4, 8}));
                for (double v : s.y)
                    QVERIFY(v > 0.0);
            }
        }
    }

    void pagedKvPlaysTheBlockTable()
    {
        QVERIFY(runDemo(QStringLiteral("paged-kv")));
        auto* demo = static_cast<PagedKvDemo*>(m_page->demo(QStringLiteral("paged-kv")));
        BlockGridWidget* grid = demo->grid();
        QVERIFY(grid->frameCount() > 10);
        QVERIFY(grid->usedBlocks() > 0);  // it opens on the fullest step
        QCOMPARE(grid->frame()->owner.size(), 512 / 16);
        grid->setFrame(0);
        demo->step();
        QCOMPARE(grid->currentFrame(), 1);
        demo->play();
        QVERIFY(demo->isPlaying());
        QTRY_VERIFY_WITH_TIMEOUT(grid->currentFrame() > 3, 5000);
        demo->pause();
        QVERIFY(!demo->isPlaying());
        int most = 0;
        for (int i = 0; i < grid->frameCount(); ++i) {
            grid->setFrame(i);
            most = std::max(most, grid->usedBlocks());
        }
        QVERIFY(most > 0);
        QCOMPARE(grid->usedBlocks(), 0);  // the last step: every sequence has left
        const QVector<ChartSeries>& frag = demo->fragmentationChart()->series();
        QCOMPARE(frag.size(), 1);
        QCOMPARE(frag.first().x, (QVector<double>{8, 16, 32}));
        QVERIFY(allFinite(frag));
        for (double v : frag.first().y)
            QVERIFY(v >= 0.0 && v < 100.0);
        QVERIFY(!demo->grab().isNull());
    }

    void quantErrorFillsItsCharts()
    {
        QVERIFY(runDemo(QStringLiteral("quant-error")));
        auto* demo = static_cast<QuantErrorDemo*>(m_page->demo(QStringLiteral("quant-error")));
        const QVector<ChartSeries>& histograms = demo->histogramChart()->series();
        QVERIFY(histograms.size() >= 5);  // the 5 blocks of stories260K, plus the embedding
        QVERIFY(allFinite(histograms));
        for (const ChartSeries& s : histograms) {
            QCOMPARE(s.y.size(), 41);
            double total = 0.0;
            for (double v : s.y)
                total += v;
            QVERIFY(std::abs(total - 100.0) < 1e-6);  // shares of every weight of the layer
        }
        const QVector<LabelledBar>& bars = demo->sensitivityChart()->bars();
        QVERIFY(bars.size() >= 5);
        for (int i = 1; i < bars.size(); ++i)
            QVERIFY(bars.at(i - 1).value >= bars.at(i).value);  // most sensitive first
        QCOMPARE(demo->layerBox()->count(), int(histograms.size()) + 1);
        demo->layerBox()->setCurrentIndex(1);
        QCOMPARE(demo->histogramChart()->series().size(), 1);
    }

    void eachDemoCancels_data()
    {
        QTest::addColumn<QString>("id");
        for (const char* id : {"pruning", "batching", "paged-kv", "quant-error"})
            QTest::newRow(id) << QString::fromLatin1(id);
    }

    void eachDemoCancels()
    {
        QFETCH(QString, id);
        DemoPanel* demo = m_page->demo(id);
        QSignalSpy finished(demo, &DemoPanel::finished);
        QSignalSpy failed(m_client, &EngineClient::failed);
        QVERIFY(m_page->startDemo(id));
        demo->cancel();
        QVERIFY(finished.wait(kWaitMs));
        QCOMPARE(finished.first().at(0).toBool(), false);
        QVERIFY(failed.isEmpty());
        QVERIFY(!demo->isRunning());
        QCOMPARE(m_client->state(), EngineState::Idle);
    }

    void refusesWithoutModel()
    {
        EngineClient bare;
        LearnPage page;
        page.setEngine(&bare);
        QVERIFY(!page.startDemo(QStringLiteral("batching")));
        QVERIFY(!page.demo(QStringLiteral("batching"))->statusText().isEmpty());
    }
};

QTEST_MAIN(TestLearnDemos)
#include "tst_learn_demos.moc"

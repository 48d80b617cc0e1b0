// Honest reporting of long jobs against the real engine: every phase of a run
// (re-quantizing, prefill, decode, quality) reported in order with growing
// fractions; a status line that elides instead of wrapping; Cancel that says
// "Cancelling…" until the worker stops and then keeps the run as cancelled
// without replacing the last complete one; the peak memory of each run; and
// "Measure quality anyway" after a size-based skip.
#include <QAction>
#include <QFontMetrics>
#include <QPushButton>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>
#include <vector>

#include "app/bridge/engine_client.h"
#include "app/bridge/engine_controller.h"
#include "app/bridge/phase_progress.h"
#include "app/bridge/quality_policy.h"
#include "app/models/compare_model.h"
#include "app/models/run_history.h"
#include "app/settings/settings.h"
#include "app/widgets/main_window.h"
#include "app/widgets/profile_page.h"
#include "app/widgets/progress_indicator.h"
#include "app/widgets/run_page.h"
#include "engine/common/progress.h"
#include "tests/common/fixtures.h"

namespace {

constexpr int kWaitMs = 120000;

const QString kInt8Profile = QStringLiteral(R"({"schema": "inferscope.profile/1", "weights": {"dtype": "int8"}})");

RunRequest greedy(int maxTokens, const QString& profile = {})
{
    RunRequest r;
    r.prompt = QStringLiteral("Once upon a time");
    r.maxTokens = maxTokens;
    r.threads = 1;
    r.profileJson = profile;
    return r;
}

QVector<ProgressInfo> progressOf(const QSignalSpy& spy)
{
    QVector<ProgressInfo> all;
    for (const QList<QVariant>& args : spy)
        all.append(args.at(0).value<ProgressInfo>());
    return all;
}

QAction* actionWithShortcut(QWidget& window, const QKeySequence& key)
{
    for (QAction* a : window.findChildren<QAction*>())
        if (a->shortcuts().contains(key))
            return a;
    return nullptr;
}

}  // namespace

class TestRunPhases : public QObject {
    Q_OBJECT
private slots:
    void phasesComeInOrderWithGrowingFractions();
    void requantizingSentenceHasTensorPercentAndTimeLeft();
    void statusTextIsElidedNotWrapped();
    void cancelSaysCancellingThenKeepsTheLastCompleteRun();
    void peakMemoryIsPerRun();
    void measureQualityAnywayAfterASizeSkip();
};

void TestRunPhases::phasesComeInOrderWithGrowingFractions()
{
    REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
    EngineClient client;
    client.controller()->setBatchInterval(0);  // every report, not one per 50 ms
    QSignalSpy loaded(&client, &EngineClient::modelLoaded);
    client.load(model, 1);
    QVERIFY(loaded.wait(kWaitMs));

    QSignalSpy progress(&client, &EngineClient::progress);
    QSignalSpy finished(&client, &EngineClient::runFinished);
    client.run(greedy(16, kInt8Profile));
    QVERIFY(finished.wait(kWaitMs));
    const QVector<ProgressInfo> reports = progressOf(progress);

    // Each phase: fractions that never go back, ending complete.
    QVector<RunPhase> order;
    for (RunPhase phase : {RunPhase::Requantizing, RunPhase::Prefill, RunPhase::Decode, RunPhase::Quality}) {
        double last = -1.0;
        int count = 0;
        for (const ProgressInfo& p : reports) {
            if (p.phase != phase)
                continue;
            ++count;
            QVERIFY2(p.fraction >= last, qPrintable(p.what));
            QVERIFY2(!p.what.isEmpty(), qPrintable(runPhaseName(phase)));
            last = p.fraction;
        }
        QVERIFY2(count >= 2, qPrintable(runPhaseName(phase)));
        QCOMPARE(last, 1.0);
    }
    // In the order they happen, each phase in one stretch.
    for (const ProgressInfo& p : reports)
        if (p.phase != RunPhase::Other && (order.isEmpty() || order.last() != p.phase))
            order.append(p.phase);
    const QVector<RunPhase> expected{RunPhase::Loading, RunPhase::Requantizing, RunPhase::Loading, RunPhase::Prefill,
                                     RunPhase::Decode, RunPhase::Quality};
    QCOMPARE(order, expected);
    // The sentences say what is happening, not "Generating 0 %".
    for (const ProgressInfo& p : reports) {
        if (p.phase == RunPhase::Requantizing && p.done > 0) {
            QVERIFY2(p.what.contains(QStringLiteral("int8")) && p.what.contains(QStringLiteral("tensor %1/%2")
                                                                                    .arg(p.done)
                                                                                    .arg(p.total)),
                     qPrintable(p.what));
        }
        if (p.phase == RunPhase::Prefill)
            QVERIFY2(p.what.contains(QStringLiteral("layer %1/5").arg(p.done)), qPrintable(p.what));
        if (p.phase == RunPhase::Decode)
            QVERIFY2(p.what.contains(QStringLiteral("%1/16").arg(p.done)), qPrintable(p.what));
    }
}

void TestRunPhases::requantizingSentenceHasTensorPercentAndTimeLeft()
{
    engine::PhaseProgress p;
    p.phase = engine::Phase::Requantizing;
    p.done = 87;
    p.total = 226;
    p.bytesDone = 38;
    p.bytesTotal = 100;
    p.etaSeconds = 40.2;
    const ProgressInfo info = progressInfoOf(7, p, QStringLiteral("weights to int4"));
    QCOMPARE(info.job, quint64(7));
    QCOMPARE(info.phase, RunPhase::Requantizing);
    QCOMPARE(info.fraction, 0.38);  // from the bytes, not the tensor count
    QCOMPARE(info.what, QStringLiteral("Re-quantizing weights to int4: tensor 87/226, 38 %, about 40 s left"));
    p.etaSeconds = 185.0;
    QVERIFY(progressInfoOf(7, p, QStringLiteral("weights to int4")).what.endsWith(QStringLiteral("about 3 min left")));
    p.etaSeconds = -1.0;  // not known yet: not guessed
    QVERIFY(!progressInfoOf(7, p, QStringLiteral("weights to int4")).what.contains(QStringLiteral("left")));
}

void TestRunPhases::statusTextIsElidedNotWrapped()
{
    ProgressIndicator indicator;
    ProgressInfo info;
    info.phase = RunPhase::Requantizing;
    info.fraction = 0.38;
    info.what = QStringLiteral("Re-quantizing weights to int4 (group 32): tensor 87/226, 38 %, about 40 s left");
    indicator.setProgress(info);
    // Asks for the whole sentence on one line.
    const QFontMetrics fm(indicator.label()->font());
    QVERIFY(indicator.label()->sizeHint().width() >= fm.horizontalAdvance(info.what));
    QCOMPARE(indicator.label()->sizeHint().height(), fm.height());

    // Given less (a narrow status bar), it elides on one line; the tooltip has it all.
    indicator.resize(ProgressIndicator::kBarWidth + 120, indicator.sizeHint().height());
    indicator.show();
    QVERIFY(QTest::qWaitForWindowExposed(&indicator));
    const QString shown = indicator.displayedText();
    QVERIFY2(shown.endsWith(QChar(0x2026)), qPrintable(shown));
    QVERIFY(shown.size() < info.what.size());
    QVERIFY(info.what.startsWith(shown.chopped(1)));
    QVERIFY(!shown.contains(QLatin1Char('\n')));
    QCOMPARE(indicator.label()->height(), fm.height());
    QCOMPARE(indicator.toolTip(), info.what);
    QCOMPARE(indicator.label()->toolTip(), info.what);

    // Wide enough: the sentence as it is.
    indicator.resize(ProgressIndicator::kBarWidth + fm.horizontalAdvance(info.what) + 40, indicator.height());
    QTRY_COMPARE(indicator.displayedText(), info.what);
}

void TestRunPhases::cancelSaysCancellingThenKeepsTheLastCompleteRun()
{
    REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
    QTemporaryDir dir;
    Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    settings.setMaxTokens(8);
    settings.setThreads(1);
    RunHistory history(dir.filePath(QStringLiteral("history.json")));
    QVERIFY(history.load());
    EngineClient engine;
    engine.controller()->setBatchInterval(0);
    MainWindow window(&settings, &engine, &history);
    window.show();
    QSignalSpy loaded(&engine, &EngineClient::modelLoaded);
    window.openModel(model);
    QVERIFY(loaded.wait(kWaitMs));

    // A complete run first.
    QSignalSpy finished(&engine, &EngineClient::runFinished);
    window.startRun();
    QVERIFY(finished.wait(kWaitMs));
    const RunResult complete = finished.takeFirst().at(0).value<RunResult>();
    QVERIFY(!complete.cancelled);
    QCOMPARE(window.profilePage()->shownRun().id, complete.id);

    // The second run holds the worker on its first tokens until Cancel was
    // pressed and shown, so the test sees the time in between.
    settings.setMaxTokens(400);
    QSemaphore pressed;
    bool held = false;
    connect(engine.controller(), &EngineController::tokensGenerated, engine.controller(),
            [&](const TokenBatch&) {
                if (!held) {
                    held = true;
                    pressed.acquire();
                }
            },
            Qt::DirectConnection);
    QSignalSpy tokens(&engine, &EngineClient::tokensGenerated);
    window.startRun();
    QVERIFY(tokens.wait(kWaitMs));
    QAction* cancel = actionWithShortcut(window, QKeySequence(Qt::Key_Escape));
    QVERIFY(cancel);
    QVERIFY(cancel->isEnabled());
    cancel->trigger();
    // Pressed, not yet stopped: both the Run page and the status bar say so.
    QCOMPARE(window.runPage()->progressIndicator()->phase(), RunPhase::Cancelling);
    QVERIFY2(window.runPage()->statusText().startsWith(QStringLiteral("Cancelling")),
             qPrintable(window.runPage()->statusText()));
    QCOMPARE(window.progressIndicator()->phase(), RunPhase::Cancelling);
    QVERIFY(window.progressIndicator()->text().startsWith(QStringLiteral("Cancelling")));
    pressed.release();

    QVERIFY(finished.wait(kWaitMs));
    const RunResult cancelled = finished.takeFirst().at(0).value<RunResult>();
    QVERIFY(cancelled.cancelled);
    QVERIFY(cancelled.tokens.size() < 400);
    QVERIFY2(window.runPage()->statusText().startsWith(QStringLiteral("Cancelled")),
             qPrintable(window.runPage()->statusText()));
    // Kept in the history as cancelled, with what it measured...
    QCOMPARE(history.runs().size(), 2);
    QVERIFY(history.runs().last().cancelled);
    QCOMPARE(history.runs().last().tokens.size(), cancelled.tokens.size());
    QCOMPARE(history.lastComplete()->id, complete.id);
    // ...but the Profile page still shows the complete run, and says why.
    QCOMPARE(window.profilePage()->shownRun().id, complete.id);
    QVERIFY2(window.profilePage()->cancelledNote().contains(QStringLiteral("cancelled")),
             qPrintable(window.profilePage()->cancelledNote()));
    QVERIFY(window.profilePage()->cancelledNote().contains(cancelled.id.left(8)));
    // The Compare table shows no rate for the incomplete run (not 0).
    CompareModel compare;
    compare.setData(history.runs());
    QVERIFY(!compare.data(compare.index(CompareModel::DecodeTpsRow, 1), CompareModel::ValueRole).isValid());
    QCOMPARE(compare.data(compare.index(CompareModel::StopRow, 1)).toString(), QStringLiteral("cancelled"));

    // A window opened later starts from the complete run as well.
    MainWindow reopened(&settings, &engine, &history);
    QCOMPARE(reopened.profilePage()->shownRun().id, complete.id);
}

void TestRunPhases::peakMemoryIsPerRun()
{
    REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
    EngineClient client;
    QSignalSpy loaded(&client, &EngineClient::modelLoaded);
    client.load(model, 1);
    QVERIFY(loaded.wait(kWaitMs));
    QSignalSpy finished(&client, &EngineClient::runFinished);

    // The first run happens while the process holds a quarter GiB more.
    constexpr size_t kBig = size_t(256) << 20;
    auto* block = new std::vector<char>(kBig);
    std::memset(block->data(), 1, block->size());
    client.run(greedy(8));
    QVERIFY(finished.wait(kWaitMs));
    const RunResult first = finished.takeFirst().at(0).value<RunResult>();
    delete block;

    client.run(greedy(8));
    QVERIFY(finished.wait(kWaitMs));
    const RunResult second = finished.takeFirst().at(0).value<RunResult>();
    qInfo("peak RSS: first run %.1f MiB, second %.1f MiB (%s)", double(first.memory.peakRssBytes) / (1 << 20),
          double(second.memory.peakRssBytes) / (1 << 20), qPrintable(second.memory.peakRssMethod));
    QVERIFY(first.memory.peakRssBytes >= kBig);
    QVERIFY(!second.memory.peakRssMethod.isEmpty());
    QVERIFY2(second.memory.peakRssBytes + kBig / 2 < first.memory.peakRssBytes,
             "the second run reported the first run's (the process's) peak");
    // Stored and read back with how it was measured.
    const auto back = RunResult::fromJson(second.toJson());
    QVERIFY(back);
    QCOMPARE(back->memory.peakRssMethod, second.memory.peakRssMethod);
}

void TestRunPhases::measureQualityAnywayAfterASizeSkip()
{
    REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
    QTemporaryDir dir;
    RunHistory history(dir.filePath(QStringLiteral("history.json")));
    QVERIFY(history.load());
    EngineClient client;
    // stories260K is far below the real limit: lower it so the skip happens.
    client.controller()->setQualityParameterLimit(1000);
    QSignalSpy loaded(&client, &EngineClient::modelLoaded);
    client.load(model, 1);
    QVERIFY(loaded.wait(kWaitMs));
    QSignalSpy finished(&client, &EngineClient::runFinished);
    client.run(greedy(8, kInt8Profile));
    QVERIFY(finished.wait(kWaitMs));
    const RunResult run = finished.takeFirst().at(0).value<RunResult>();
    QCOMPARE(run.quality.state, QualityMetrics::State::Skipped);
    QCOMPARE(run.quality.skip, QualityMetrics::Skip::ModelTooLarge);
    QVERIFY(history.append(run));

    // One reason, the same in the record, on the Profile page and on Compare.
    const QString reason = run.quality.note;
    QVERIFY(reason.contains(QStringLiteral("Measure quality anyway")));
    QCOMPARE(reason, qualitySkippedForSize(run.quality.parameters, 1000).note);
    ProfilePage page;
    page.setEngine(&client, &history);
    page.showResult(run);
    QCOMPARE(page.qualityNote(), reason);
    CompareModel compare;
    compare.setData({run});
    QCOMPARE(compare.data(compare.index(CompareModel::MeanKldRow, 0), Qt::ToolTipRole).toString(), reason);
    const auto stored = RunResult::fromJson(run.toJson());
    QVERIFY(stored);
    QCOMPARE(stored->quality.skip, QualityMetrics::Skip::ModelTooLarge);
    QCOMPARE(stored->quality.note, reason);

    // The action states its cost, then measures on the worker and fills the section.
    QPushButton* measure = page.measureQualityButton();
    QVERIFY(!measure->isHidden());
    QVERIFY2(measure->text().contains(QStringLiteral("more memory")), qPrintable(measure->text()));
    QSignalSpy measured(&client, &EngineClient::qualityMeasured);
    QSignalSpy progress(&client, &EngineClient::progress);
    measure->click();
    QCOMPARE(client.state(), EngineState::Running);
    QVERIFY(measured.wait(kWaitMs));
    QCOMPARE(measured.first().at(0).toString(), run.id);
    const QualityMetrics q = measured.first().at(1).value<QualityMetrics>();
    QVERIFY(q.measured());
    QVERIFY(q.meanKld > 0.0);  // int8 is close, not identical
    QVERIFY(page.qualityNote().contains(QStringLiteral("KLD")));
    QVERIFY(measure->isHidden());
    QVERIFY(history.find(run.id)->quality.measured());
    bool sawQuality = false;
    for (const ProgressInfo& p : progressOf(progress))
        sawQuality = sawQuality || p.phase == RunPhase::Quality;
    QVERIFY(sawQuality);
}

QTEST_MAIN(TestRunPhases)
#include "tst_run_phases.moc"

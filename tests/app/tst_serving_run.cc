// Serving workloads and staged results through the whole window, against the
// real engine on stories260K:
//   - a workload preset runs through the batching scheduler with the Optimise
//     page's batching knobs, reports progress in requests, fills the Profile
//     page's serving charts, and its record survives a reload with its
//     serving results (the Compare page shows them);
//   - a bad workload file ends in a dialog naming the file and the field;
//   - a run's tokens and timings arrive before its quality (the window shows
//     the run while the quality pass goes on), and cancelling during the
//     quality pass keeps the run.
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTabWidget>
#include <QTest>

#include "app/bridge/engine_client.h"
#include "app/bridge/engine_controller.h"
#include "app/bridge/quality_policy.h"
#include "app/charts/histogram_chart.h"
#include "app/charts/serving_charts.h"
#include "app/models/compare_model.h"
#include "app/models/run_history.h"
#include "app/settings/settings.h"
#include "app/widgets/compare_page.h"
#include "app/widgets/main_window.h"
#include "app/widgets/optimise_page.h"
#include "app/widgets/profile_page.h"
#include "app/widgets/run_page.h"
#include "app/widgets/serving_view.h"
#include "tests/common/fixtures.h"

namespace {

constexpr int kWaitMs = 120000;

// The window over a fresh settings file and history, with `model` loaded.
struct Window {
    explicit Window(const QTemporaryDir& dir)
        : settings(dir.filePath(QStringLiteral("settings.ini"))), history(dir.filePath(QStringLiteral("history.json")))
    {
        settings.setThreads(1);
        settings.setMaxTokens(12);
        history.load();
        window = std::make_unique<MainWindow>(&settings, &engine, &history);
        window->show();
    }
    bool open(const QString& model)
    {
        QSignalSpy loaded(&engine, &EngineClient::modelLoaded);
        window->openModel(model);
        return loaded.wait(kWaitMs);
    }
    // Waits for the run's job to end (its runFinished).
    bool runToEnd(QSignalSpy& finished)
    {
        window->startRun();
        return finished.wait(kWaitMs);
    }

    Settings settings;
    RunHistory history;
    EngineClient engine;
    std::unique_ptr<MainWindow> window;
};

WorkloadChoice preset(const QString& name)
{
    WorkloadChoice w;
    w.kind = WorkloadChoice::Kind::Preset;
    w.preset = name;
    w.realTime = false;  // every request at once: no waiting for arrivals in a test
    return w;
}

}  // namespace

class TestServingRun : public QObject {
    Q_OBJECT
private slots:
    void presetRunsThroughScheduler();
    void badWorkloadFileShowsDialog();
    void cancelWhileServing();
    void resultsArriveInStages();
    void cancelDuringQualityKeepsRun();
};

void TestServingRun::presetRunsThroughScheduler()
{
    REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
    QTemporaryDir dir;
    Window w(dir);
    QVERIFY(w.open(model));
    // The Optimise page's batching knobs are the scheduler's: static batches of at most 3.
    QVERIFY(w.window->optimisePage()
                ->setProfileJson(R"({"schema":"inferscope.profile/1",
                                     "batching":{"policy":"static","max_sequences":3}})")
                .isEmpty());
    w.window->runPage()->setWorkload(preset(QStringLiteral("burst-8")));

    QSignalSpy progress(&w.engine, &EngineClient::progress);
    QSignalSpy finished(&w.engine, &EngineClient::runFinished);
    QVERIFY(w.runToEnd(finished));
    QCOMPARE(w.engine.state(), EngineState::Idle);
    const RunResult result = finished.first().at(0).value<RunResult>();
    QVERIFY(!result.cancelled);
    QVERIFY(result.isServing());
    const ServingResult& s = result.serving;
    QCOMPARE(s.workload, QStringLiteral("burst-8"));
    QCOMPARE(s.policy, QStringLiteral("static"));
    QCOMPARE(s.maxSequences, 3);
    QCOMPARE(s.requests.size(), 8);
    qint64 sampled = 0;
    for (const ServingPass& p : s.passes) {
        QVERIFY(p.sequences >= 1 && p.sequences <= 3);
        sampled += p.sampledTokens;
    }
    QCOMPARE(qint64(s.passes.size()), s.forwardPasses);
    for (const ServingRequestStat& r : s.requests) {
        QCOMPARE(r.outputTokens, 64);  // burst-8: 64 tokens each, EOS ignored
        QVERIFY(r.e2eMs >= r.ttftMs);
    }
    QCOMPARE(sampled, s.outputTokens);
    QCOMPARE(s.outputTokens, qint64(8 * 64));
    QVERIFY(s.outputTokPerS > 0.0 && s.ttftMs.p99 >= s.ttftMs.p50);
    QVERIFY(result.memory.kvAllocatedBytes > 0);

    // Progress counted requests, up to the whole workload.
    qint64 lastDone = -1;
    for (const QList<QVariant>& args : progress) {
        const ProgressInfo info = args.at(0).value<ProgressInfo>();
        if (info.phase != RunPhase::Serving)
            continue;
        QCOMPARE(info.total, qint64(8));
        QVERIFY(info.done >= lastDone);
        lastDone = info.done;
    }
    QCOMPARE(lastDone, qint64(8));

    // The Profile page's serving tab: both distributions, throughput per batch size, passes over time.
    ServingView* view = w.window->profilePage()->servingView();
    QVERIFY(view->ttftChart()->binCount() > 0);
    QVERIFY(view->e2eChart()->binCount() > 0);
    QVERIFY(view->batchChart()->barCount() >= 1 && view->batchChart()->barCount() <= 3);
    QCOMPARE(view->concurrencyChart()->pointCount(), int(s.passes.size()));
    QVERIFY2(view->summary().contains(QStringLiteral("burst-8")), qPrintable(view->summary()));
    QCOMPARE(w.window->profilePage()->tabs()->currentWidget(), view);

    // The record keeps the serving results across a reload.
    RunHistory reloaded(w.history.path());
    QVERIFY(reloaded.load());
    QCOMPARE(reloaded.runs().size(), 1);
    const RunResult& back = reloaded.runs().first();
    QVERIFY(back.isServing());
    QCOMPARE(back.request.workload.kind, WorkloadChoice::Kind::Preset);
    QCOMPARE(back.request.workload.preset, QStringLiteral("burst-8"));
    QCOMPARE(back.serving.requests.size(), s.requests.size());
    QCOMPARE(back.serving.passes.size(), s.passes.size());
    QCOMPARE(back.serving.outputTokens, s.outputTokens);
    QCOMPARE(back.serving.e2eMs.p99, s.e2eMs.p99);
    QCOMPARE(back.serving.throughputByBatch().size(), s.throughputByBatch().size());

    // Reopened, the stored run fills the same charts; Compare shows its serving metrics.
    ProfilePage reopened;
    reopened.showStoredRun(back);
    QVERIFY(reopened.servingView()->ttftChart()->binCount() > 0);
    QCOMPARE(reopened.servingView()->concurrencyChart()->pointCount(), int(s.passes.size()));
    CompareModel compare;
    compare.setData({back});
    QCOMPARE(compare.index(CompareModel::OutputTpsRow, 0).data(CompareModel::ValueRole).toDouble(),
             s.outputTokPerS);
    QCOMPARE(compare.index(CompareModel::TtftP99Row, 0).data(CompareModel::ValueRole).toDouble(), s.ttftMs.p99);
    QVERIFY(compare.index(CompareModel::WorkloadRow, 0).data().toString().contains(QStringLiteral("burst-8")));
}

void TestServingRun::badWorkloadFileShowsDialog()
{
    REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
    QTemporaryDir dir;
    Window w(dir);
    QVERIFY(w.open(model));
    const QString path = dir.filePath(QStringLiteral("bad-workload.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"schema":"inferscope.workload/1","name":"bad",
                  "requests":[{"prompt_tokens":8,"output_tokens":4},{"prompt_tokens":8,"output_tokens":-2}]})");
    file.close();
    WorkloadChoice choice;
    choice.kind = WorkloadChoice::Kind::File;
    choice.path = path;
    w.window->runPage()->setWorkload(choice);

    QSignalSpy error(w.window.get(), &MainWindow::errorShown);
    w.window->startRun();
    QVERIFY(error.wait(kWaitMs));
    const QString message = error.first().at(0).toString();
    QVERIFY2(message.contains(path), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("requests[1].output_tokens")), qPrintable(message));
    QTRY_COMPARE(w.engine.state(), EngineState::Idle);
    QVERIFY(w.history.runs().isEmpty());

    // A file that is not there says so too.
    choice.path = dir.filePath(QStringLiteral("missing.json"));
    w.window->runPage()->setWorkload(choice);
    w.window->startRun();
    QVERIFY(error.wait(kWaitMs));
    QVERIFY2(error.last().at(0).toString().contains(choice.path), qPrintable(error.last().at(0).toString()));
}

// Cancel once the first request is done: the workload's arrivals (about 4 s of
// them) are still coming, so the scheduler stops at its next step.
void TestServingRun::cancelWhileServing()
{
    REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
    QTemporaryDir dir;
    Window w(dir);
    QVERIFY(w.open(model));
    WorkloadChoice choice = preset(QStringLiteral("chat-short"));
    choice.realTime = true;
    w.window->runPage()->setWorkload(choice);
    bool pressed = false;
    connect(&w.engine, &EngineClient::progress, this, [&](const ProgressInfo& p) {
        if (!pressed && p.phase == RunPhase::Serving && p.done >= 1) {
            pressed = true;
            w.engine.cancel();
        }
    });
    QSignalSpy finished(&w.engine, &EngineClient::runFinished);
    QVERIFY(w.runToEnd(finished));
    QVERIFY(pressed);
    const RunResult result = finished.first().at(0).value<RunResult>();
    QVERIFY(result.cancelled);
    QCOMPARE(result.stopReason, QStringLiteral("cancelled"));
    QCOMPARE(result.quality.skip, QualityMetrics::Skip::RunCancelled);
    QCOMPARE(w.engine.state(), EngineState::Idle);
    QCOMPARE(w.history.runs().size(), 1);
    QVERIFY(w.history.runs().first().cancelled);
    QCOMPARE(w.history.runs().first().request.workload.preset, QStringLiteral("chat-short"));
    QVERIFY2(w.window->runPage()->statusText().contains(QStringLiteral("chat-short")),
             qPrintable(w.window->runPage()->statusText()));
}

// An INT8 profile: its quality pass loads the stored model beside it and
// compares the two, after the run's tokens and timings are already shown.
void TestServingRun::resultsArriveInStages()
{
    REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
    QTemporaryDir dir;
    Window w(dir);
    QVERIFY(w.open(model));
    QVERIFY(w.window->optimisePage()
                ->setProfileJson(R"({"schema":"inferscope.profile/1","weights":{"dtype":"int8"}})")
                .isEmpty());

    // What the window shows at the first stage, seen when it arrives.
    EngineState stateAtTimings = EngineState::Count;
    QString shownAtTimings;
    QualityMetrics::State storedQuality = QualityMetrics::State::Count;
    QString noteAtTimings;
    connect(&w.engine, &EngineClient::runTimingsReady, this, [&](const RunResult& r) {
        stateAtTimings = w.engine.state();
        shownAtTimings = w.window->profilePage()->shownRun().id;
        const RunResult* stored = w.history.find(r.id);
        storedQuality = stored ? stored->quality.state : QualityMetrics::State::Count;
        noteAtTimings = w.window->profilePage()->qualityNote();
    });
    QSignalSpy timings(&w.engine, &EngineClient::runTimingsReady);
    QSignalSpy finished(&w.engine, &EngineClient::runFinished);
    QVERIFY(w.runToEnd(finished));
    QCOMPARE(timings.size(), 1);
    const RunResult first = timings.first().at(0).value<RunResult>();
    const RunResult whole = finished.first().at(0).value<RunResult>();
    QCOMPARE(first.id, whole.id);
    QVERIFY(first.quality.pending());
    QVERIFY(!first.tokens.isEmpty());
    QCOMPARE(first.tokens, whole.tokens);
    // The run was shown and recorded while its quality was still being measured.
    QCOMPARE(stateAtTimings, EngineState::Running);
    QCOMPARE(shownAtTimings, first.id);
    QCOMPARE(storedQuality, QualityMetrics::State::Pending);
    QCOMPARE(noteAtTimings, qualitySummary(first.quality));
    // Then the quality filled in, in the record and on the page.
    QVERIFY2(whole.quality.measured(), qPrintable(whole.quality.note));
    QVERIFY(w.history.find(whole.id)->quality.measured());
    QCOMPARE(w.window->profilePage()->shownRun().quality.meanKld, whole.quality.meanKld);
    QCOMPARE(w.window->profilePage()->qualityNote(), qualitySummary(whole.quality));
    RunHistory reloaded(w.history.path());
    QVERIFY(reloaded.load());
    QVERIFY(reloaded.runs().first().quality.measured());
}

void TestServingRun::cancelDuringQualityKeepsRun()
{
    REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
    QTemporaryDir dir;
    Window w(dir);
    QVERIFY(w.open(model));
    QVERIFY(w.window->optimisePage()
                ->setProfileJson(R"({"schema":"inferscope.profile/1","weights":{"dtype":"int8"}})")
                .isEmpty());
    // Cancel as the first stage leaves the worker: the quality pass starts cancelled.
    EngineController* controller = w.engine.controller();
    connect(controller, &EngineController::runTimingsReady, controller, [controller] { controller->cancel(); },
            Qt::DirectConnection);
    QSignalSpy finished(&w.engine, &EngineClient::runFinished);
    QVERIFY(w.runToEnd(finished));
    const RunResult whole = finished.first().at(0).value<RunResult>();
    QVERIFY(!whole.cancelled);  // the run itself finished
    QVERIFY(!whole.tokens.isEmpty());
    QCOMPARE(whole.quality.state, QualityMetrics::State::Skipped);
    QCOMPARE(whole.quality.skip, QualityMetrics::Skip::Cancelled);
    QCOMPARE(w.engine.state(), EngineState::Idle);
    // Kept as a complete run, its quality measurable later.
    QCOMPARE(w.history.runs().size(), 1);
    const RunResult& stored = w.history.runs().first();
    QVERIFY(!stored.cancelled);
    QCOMPARE(stored.quality.skip, QualityMetrics::Skip::Cancelled);
    QVERIFY(canMeasureQualityAnyway(stored.quality));
    QCOMPARE(w.window->profilePage()->shownRun().id, whole.id);
    QVERIFY(w.window->profilePage()->cancelledNote().isEmpty());
}

QTEST_MAIN(TestServingRun)
#include "tst_serving_run.moc"

// The Optimise page against the real engine: INT8 chosen in the knobs reaches
// the engine (the run's record names it and its weights shrink), an invalid
// combination disables Run with the validator's words, the memory estimate
// follows the knobs, and a saved profile re-imports unchanged.
#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QPushButton>
#include <QStatusBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include "app/bridge/engine_client.h"
#include "app/bridge/model_describe.h"
#include "app/bridge/profile_estimate.h"
#include "app/bridge/profile_value.h"
#include "app/models/run_history.h"
#include "app/settings/settings.h"
#include "app/widgets/main_window.h"
#include "app/widgets/optimise_page.h"
#include "app/widgets/run_page.h"
#include "engine/passes/prune_pass.h"
#include "engine/session/engine.h"
#include "engine/tokenizer/tokenizer.h"
#include "tests/common/fixtures.h"

namespace {

constexpr int kWaitMs = 60000;

void choose(OptimisePage* page, const char* comboName, const QString& value)
{
    auto* combo = page->findChild<QComboBox*>(QLatin1String(comboName));
    QVERIFY2(combo, comboName);
    const int index = combo->findData(value);
    QVERIFY2(index >= 0, qPrintable(value));
    combo->setCurrentIndex(index);
}

QAction* runAction(MainWindow& window)
{
    for (QAction* a : window.findChildren<QAction*>())
        if (a->shortcut() == QKeySequence(Qt::CTRL | Qt::Key_R))
            return a;
    return nullptr;
}

QJsonObject jsonOf(const QString& text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

}  // namespace

class TestOptimisePage : public QObject {
    Q_OBJECT
private slots:
    void int8RunShrinksWeights();
    void invalidCombinationDisablesRun();
    void estimatesFollowKnobs();
    void exportReimportUnchanged();
    void badImportShowsValidatorMessages();
    void lastProfileRestored();
    void engineRefusalOpensErrorDialog();
    void deviceSplitEstimateAndRefusal();
    void conversionBeyondMemoryDisablesRun();
    void greedyWithFiltersOffWarnsNothing();
    void pruneRatioIsTypedInPercent();
    void maxTokensAndPromptSharedLive();
    void kvEstimateCountsThePrompt();
    void structuredPruningShrinksTheEstimate();
    void pageEditsOneProfileValue();
};

// The split knobs: a placeable split shows each device's share and memory;
// one the model cannot take (3 devices for 4 kv heads) blocks Run with the
// engine's own sentence, inline in the Devices section.
void TestOptimisePage::deviceSplitEstimateAndRefusal()
{
    REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
    QTemporaryDir dir;
    Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    settings.setThreads(1);
    RunHistory history(dir.filePath(QStringLiteral("history.json")));
    EngineClient engine;
    MainWindow window(&settings, &engine, &history);
    window.show();
    QSignalSpy loaded(&engine, &EngineClient::modelLoaded);
    window.openModel(model);
    QVERIFY(loaded.wait(kWaitMs));
    OptimisePage* page = window.optimisePage();
    auto* estimate = page->findChild<QLabel*>(QStringLiteral("deviceEstimate"));
    QVERIFY(estimate && estimate->isHidden());

    choose(page, "split", QStringLiteral("tensor"));
    page->findChild<QSpinBox*>(QStringLiteral("virtualCpus"))->setValue(2);
    QVERIFY2(page->isValid(), qPrintable(page->problem()));
    QVERIFY(!estimate->isHidden());
    QVERIFY(estimate->text().contains(QStringLiteral("vcpu:0")) && estimate->text().contains(QStringLiteral("vcpu:1")));
    QVERIFY(estimate->text().contains(QStringLiteral("heads 0..3")));
    const QJsonObject devices = jsonOf(QString::fromUtf8(page->profileJson())).value(QStringLiteral("devices")).toObject();
    QCOMPARE(devices.value(QStringLiteral("split")).toString(), QStringLiteral("tensor"));
    QCOMPARE(devices.value(QStringLiteral("virtual_cpus")).toInt(), 2);

    page->findChild<QSpinBox*>(QStringLiteral("virtualCpus"))->setValue(3);
    QVERIFY(!page->isValid());
    QVERIFY2(page->problem().contains(QStringLiteral("4 kv heads do not divide by 3")), qPrintable(page->problem()));
    QVERIFY(!runAction(window)->isEnabled());

    choose(page, "split", QStringLiteral("pipeline"));
    QVERIFY2(page->isValid(), qPrintable(page->problem()));
    QVERIFY(estimate->text().contains(QStringLiteral("layers 0..1")));
    QVERIFY(runAction(window)->isEnabled());

    // The GPU-layers knob writes devices.offload_layers; without a GPU in the
    // profile the validator only warns, and 0 ("all") leaves the key out.
    auto* offload = page->findChild<QSpinBox*>(QStringLiteral("offloadLayers"));
    offload->setValue(2);
    QVERIFY2(page->isValid(), qPrintable(page->problem()));
    const auto offloadOf = [&] {
        return jsonOf(QString::fromUtf8(page->profileJson())).value(QStringLiteral("devices")).toObject().value(
            QStringLiteral("offload_layers"));
    };
    QCOMPARE(offloadOf().toInt(), 2);
    offload->setValue(0);
    QVERIFY(offloadOf().isUndefined());
}

void TestOptimisePage::int8RunShrinksWeights()
{
    REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
    QTemporaryDir dir;
    Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    settings.setMaxTokens(16);
    settings.setThreads(1);
    settings.setTemperature(0.0);
    RunHistory history(dir.filePath(QStringLiteral("history.json")));
    EngineClient engine;
    MainWindow window(&settings, &engine, &history);
    window.show();
    QSignalSpy loaded(&engine, &EngineClient::modelLoaded);
    window.openModel(model);
    QVERIFY(loaded.wait(kWaitMs));
    const ModelInfo info = loaded.first().at(0).value<ModelInfo>();

    // Baseline: the model as stored (all F32).
    QSignalSpy finished(&engine, &EngineClient::runFinished);
    QAction* run = runAction(window);
    QVERIFY(run && run->isEnabled());
    run->trigger();
    QVERIFY(finished.wait(kWaitMs));
    const RunResult baseline = finished.takeFirst().at(0).value<RunResult>();
    QCOMPARE(baseline.weightBytes, info.weightBytes);
    QVERIFY(!jsonOf(baseline.profileJson).contains(QStringLiteral("weights")));

    OptimisePage* page = window.optimisePage();
    choose(page, "weightDType", QStringLiteral("int8"));
    QVERIFY(page->isValid());
    QVERIFY(run->isEnabled());
    const quint64 estimate = page->estimatedWeightBytes();
    run->trigger();
    QVERIFY(finished.wait(kWaitMs));
    const RunResult int8 = finished.takeFirst().at(0).value<RunResult>();
    QCOMPARE(jsonOf(int8.profileJson).value(QStringLiteral("weights")).toObject().value(QStringLiteral("dtype")).toString(),
             QStringLiteral("int8"));
    // Q8_0 is 34 bytes per 32 weights: a bit over a quarter of F32.
    QVERIFY2(int8.weightBytes < baseline.weightBytes / 3, qPrintable(QString::number(int8.weightBytes)));
    // The estimate is the pass's own arithmetic over the tensor list.
    QCOMPARE(estimate, int8.weightBytes);
    QCOMPARE(jsonOf(int8.effectiveJson).value(QStringLiteral("schema")).toString(),
             QStringLiteral("inferscope.effective/1"));
    QCOMPARE(int8.tokens.size(), 16);
    // The page tells what the run really did: ffn_down (172-wide rows) stayed off int8.
    QVERIFY2(page->lastRunText().contains(QStringLiteral("ffn_down")), qPrintable(page->lastRunText()));

    // The record survives the history file.
    const auto reloaded = RunResult::fromJson(int8.toJson());
    QVERIFY(reloaded);
    QCOMPARE(reloaded->profileJson, int8.profileJson);
    QCOMPARE(reloaded->effectiveJson, int8.effectiveJson);
    QCOMPARE(reloaded->weightBytes, int8.weightBytes);

    // Back to the stored weights: the engine reloads the plain model.
    choose(page, "weightDType", QString());
    run->trigger();
    QVERIFY(finished.wait(kWaitMs));
    const RunResult again = finished.takeFirst().at(0).value<RunResult>();
    QCOMPARE(again.weightBytes, baseline.weightBytes);
    QCOMPARE(again.tokens, baseline.tokens);  // greedy, same weights: same tokens
}

// Converting the weights to more than the available memory (stood in for by
// INFERSCOPE_MEM_AVAILABLE) disables Run with both numbers, as the engine would refuse.
void TestOptimisePage::conversionBeyondMemoryDisablesRun()
{
    REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
    QTemporaryDir dir;
    Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    settings.setThreads(1);
    RunHistory history(dir.filePath(QStringLiteral("history.json")));
    EngineClient engine;
    MainWindow window(&settings, &engine, &history);
    QSignalSpy loaded(&engine, &EngineClient::modelLoaded);
    window.openModel(model);
    QVERIFY(loaded.wait(kWaitMs));
    qputenv("INFERSCOPE_MEM_AVAILABLE", "200000");
    OptimisePage* page = window.optimisePage();
    QVERIFY(page->setProfileJson(R"({"schema": "inferscope.profile/1", "name": "f16", "weights": {"dtype": "f16"}})")
                .isEmpty());
    qunsetenv("INFERSCOPE_MEM_AVAILABLE");
    QVERIFY(!page->isValid());
    QVERIFY2(page->problem().contains(QStringLiteral("of memory is available")), qPrintable(page->problem()));
    QVERIFY(!runAction(window)->isEnabled());
}

void TestOptimisePage::invalidCombinationDisablesRun()
{
    REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
    QTemporaryDir dir;
    Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    settings.setThreads(1);
    RunHistory history(dir.filePath(QStringLiteral("history.json")));
    EngineClient engine;
    MainWindow window(&settings, &engine, &history);
    window.show();
    QSignalSpy loaded(&engine, &EngineClient::modelLoaded);
    window.openModel(model);
    QVERIFY(loaded.wait(kWaitMs));
    QAction* run = runAction(window);
    QVERIFY(run->isEnabled());

    OptimisePage* page = window.optimisePage();
    QSignalSpy validity(page, &OptimisePage::validityChanged);
    choose(page, "pruneMethod", QStringLiteral("nm"));
    page->findChild<QDoubleSpinBox*>(QStringLiteral("pruneRatio"))->setValue(50.0);
    QVERIFY(!page->isValid());
    QVERIFY(!validity.isEmpty());
    QCOMPARE(validity.last().at(0).toBool(), false);
    const QString problem = page->problem();
    QVERIFY2(problem.startsWith(QStringLiteral("pruning")), qPrintable(problem));
    QVERIFY(!run->isEnabled());
    QVERIFY2(run->toolTip().contains(problem), qPrintable(run->toolTip()));
    QVERIFY(window.statusBar()->currentMessage().contains(problem));
    // Shown inline next to the pruning section.
    auto* inline_ = page->findChild<QLabel*>(QStringLiteral("pruningIssues"));
    QVERIFY(inline_ && !inline_->isHidden());
    QVERIFY(inline_->text().contains(problem.section(QStringLiteral(": "), 1).toHtmlEscaped()));

    // Fixed: Run comes back.
    page->findChild<QDoubleSpinBox*>(QStringLiteral("pruneRatio"))->setValue(0.0);
    QVERIFY(page->isValid());
    QVERIFY(run->isEnabled());
    QVERIFY(inline_->isHidden());

    // An override without a pattern: the validator names the row.
    QPushButton* add = nullptr;
    for (QPushButton* b : page->findChildren<QPushButton*>())
        if (b->text() == QLatin1String("Add override"))
            add = b;
    QVERIFY(add);
    add->click();
    auto* table = page->findChild<QTableWidget*>(QStringLiteral("weightOverrides"));
    QCOMPARE(table->rowCount(), 1);
    QVERIFY(page->isValid());
    table->item(0, 0)->setText(QString());
    QVERIFY(!page->isValid());
    QVERIFY2(page->problem().startsWith(QStringLiteral("weights.overrides[0].pattern")), qPrintable(page->problem()));
    QVERIFY(!run->isEnabled());
    table->item(0, 0)->setText(QStringLiteral("output.weight"));
    QVERIFY(page->isValid());
    QVERIFY(run->isEnabled());
}

void TestOptimisePage::estimatesFollowKnobs()
{
    QTemporaryDir dir;
    Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    settings.setMaxTokens(255);
    OptimisePage page(&settings);
    // A two-layer shape: 64-wide embedding of 512 tokens, 4 kv heads of 8.
    ModelInfo info;
    info.path = QStringLiteral("m.gguf");
    info.contextLength = 2048;
    info.layers = 2;
    info.kvHeads = 4;
    info.headDim = 8;
    info.tensors = {
        {QStringLiteral("token_embd.weight"), QStringLiteral("F32"), QStringLiteral("64 x 512"), 64 * 512, 64 * 512 * 4},
        {QStringLiteral("blk.0.attn_norm.weight"), QStringLiteral("F32"), QStringLiteral("64"), 64, 256},
        {QStringLiteral("blk.0.attn_k.weight"), QStringLiteral("F32"), QStringLiteral("64 x 32"), 2048, 8192},
        {QStringLiteral("blk.1.attn_k.weight"), QStringLiteral("F32"), QStringLiteral("64 x 32"), 2048, 8192},
        {QStringLiteral("blk.1.ffn_down.weight"), QStringLiteral("F32"), QStringLiteral("172 x 64"), 172 * 64,
         172 * 64 * 4},
    };
    page.setModel(info);
    const quint64 stored = 64 * 512 * 4 + 256 + 8192 * 2 + 172 * 64 * 4;
    QCOMPARE(page.estimatedWeightBytes(), stored);
    // No capacity set: the engine sizes the cache to prompt + max tokens (BOS + 255).
    // f32: 2 (K and V) x 2 layers x 32 values x 256 tokens x 4 B.
    QCOMPARE(page.estimatedKvBytes(), quint64(2 * 2 * 32 * 256 * 4));

    choose(&page, "weightDType", QStringLiteral("int4"));
    // Q4_0: 18 bytes per 32; 172 columns is not a multiple of 32 -> kept F16.
    const quint64 int4 = (64 * 512 + 2048 * 2) / 32 * 18 + 256 + 172 * 64 * 2;
    QCOMPARE(page.estimatedWeightBytes(), int4);

    choose(&page, "kvDType", QStringLiteral("f16"));
    page.findChild<QSpinBox*>(QStringLiteral("kvCapacity"))->setValue(1000);
    QCOMPARE(page.estimatedKvBytes(), quint64(2 * 2 * 32 * 1000 * 2));
    // int8: one byte per value plus a 4-byte scale per kv head and position.
    choose(&page, "kvDType", QStringLiteral("int8"));
    QCOMPARE(page.estimatedKvBytes(), quint64(2 * 2 * (32 + 4 * 4) * 1000));
    // Paged: whole blocks (1000 tokens in blocks of 16 -> 63 blocks).
    choose(&page, "kvMode", QStringLiteral("paged"));
    QCOMPARE(page.estimatedKvBytes(), quint64(2 * 2 * (32 + 4 * 4) * 1008));
    choose(&page, "kvMode", QStringLiteral("off"));
    QCOMPARE(page.estimatedKvBytes(), quint64(0));

    // The help panel follows the focused knob.
    auto* capacity = page.findChild<QSpinBox*>(QStringLiteral("kvCapacity"));
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    capacity->setFocus();
    QTRY_VERIFY(page.helpText().contains(QStringLiteral("capacity")));
}

void TestOptimisePage::exportReimportUnchanged()
{
    QTemporaryDir dir;
    Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    OptimisePage page(&settings);
    choose(&page, "weightDType", QStringLiteral("int4"));
    choose(&page, "symmetric", QStringLiteral("false"));
    page.findChild<QSpinBox*>(QStringLiteral("maxBatch"))->setValue(64);
    choose(&page, "kvMode", QStringLiteral("paged"));
    choose(&page, "kvBlock", QStringLiteral("32"));
    choose(&page, "pruneMethod", QStringLiteral("magnitude"));
    page.findChild<QDoubleSpinBox*>(QStringLiteral("pruneRatio"))->setValue(30.0);
    page.findChild<QDoubleSpinBox*>(QStringLiteral("repeatPenalty"))->setValue(1.1);
    settings.setTemperature(0.7);
    QVERIFY2(page.isValid(), qPrintable(page.problem()));
    const QByteArray exported = page.profileJson();
    QVERIFY(exported.contains("\"schema\": \"inferscope.profile/1\""));
    const QString path = dir.filePath(QStringLiteral("p.json"));
    QCOMPARE(page.saveProfile(path), QString());

    // Into a fresh page (fresh settings): the same document comes back out.
    QTemporaryDir other;
    Settings settings2(other.filePath(QStringLiteral("settings.ini")));
    OptimisePage page2(&settings2);
    QCOMPARE(page2.importProfile(path), QStringList());
    QCOMPARE(page2.profileJson(), exported);
    QCOMPARE(settings2.temperature(), 0.7);  // shared knobs land in the settings (the Run page follows)
    QCOMPARE(page2.findChild<QComboBox*>(QStringLiteral("kvBlock"))->currentData().toString(), QStringLiteral("32"));
}

void TestOptimisePage::badImportShowsValidatorMessages()
{
    QTemporaryDir dir;
    Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    OptimisePage page(&settings);
    const QByteArray before = page.profileJson();
    const QString path = dir.filePath(QStringLiteral("bad.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"schema": "inferscope.profile/1", "weights": {"dtype": "int8", "group_size": 48},
                "pruning": {"method": "nm", "ratio": 0.5}})");
    f.close();
    const QStringList errors = page.importProfile(path);
    QVERIFY(errors.size() >= 2);
    QVERIFY2(errors.join(QLatin1Char('\n')).contains(QStringLiteral("weights.group_size: 48 is not one of 32, 64, 128")),
             qPrintable(errors.join(QLatin1Char('\n'))));
    QCOMPARE(page.profileJson(), before);  // nothing applied
}

void TestOptimisePage::lastProfileRestored()
{
    QTemporaryDir dir;
    const QString ini = dir.filePath(QStringLiteral("settings.ini"));
    QByteArray json;
    {
        Settings settings(ini);
        OptimisePage page(&settings);
        choose(&page, "weightDType", QStringLiteral("f16"));
        choose(&page, "kvDType", QStringLiteral("f16"));
        json = page.profileJson();
        settings.sync();
    }
    Settings settings(ini);
    OptimisePage page(&settings);
    QCOMPARE(page.profileJson(), json);
    QCOMPARE(page.findChild<QComboBox*>(QStringLiteral("weightDType"))->currentData().toString(), QStringLiteral("f16"));
}

void TestOptimisePage::engineRefusalOpensErrorDialog()
{
    // A KV cache too small for the request passes the validator (capacity is a
    // plain positive number) but the engine refuses it: its message reaches an
    // error dialog and the window stays usable.
    REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
    QTemporaryDir dir;
    Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    settings.setMaxTokens(32);
    settings.setThreads(1);
    RunHistory history(dir.filePath(QStringLiteral("history.json")));
    EngineClient engine;
    MainWindow window(&settings, &engine, &history);
    window.show();
    QSignalSpy loaded(&engine, &EngineClient::modelLoaded);
    window.openModel(model);
    QVERIFY(loaded.wait(kWaitMs));
    OptimisePage* page = window.optimisePage();
    page->findChild<QSpinBox*>(QStringLiteral("kvCapacity"))->setValue(8);
    QVERIFY(page->isValid());
    QSignalSpy error(&window, &MainWindow::errorShown);
    window.startRun();
    QVERIFY(error.wait(kWaitMs));
    const QString message = error.first().at(0).toString();
    QVERIFY2(message.contains(QStringLiteral("kv_cache.capacity_tokens")), qPrintable(message));
    QTRY_COMPARE(engine.state(), EngineState::Idle);
    QVERIFY(history.runs().isEmpty());

    page->findChild<QSpinBox*>(QStringLiteral("kvCapacity"))->setValue(64);
    QSignalSpy finished(&engine, &EngineClient::runFinished);
    window.startRun();
    QVERIFY(finished.wait(kWaitMs));
    QCOMPARE(finished.first().at(0).value<RunResult>().tokens.size(), 32);
}


// The full profile writes top_k 0, top_p 1 and min_p 0 (all off): greedy
// decoding warns only about a filter that is really set.
void TestOptimisePage::greedyWithFiltersOffWarnsNothing()
{
    QTemporaryDir dir;
    Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    settings.setTemperature(0.0);
    settings.setTopK(0);
    settings.setTopP(1.0);
    settings.setMinP(0.0);
    OptimisePage page(&settings);
    const auto samplingIssues = [&page] {
        QStringList paths;
        for (const ProfileIssueInfo& issue : page.issues())
            if (issue.path.startsWith(QStringLiteral("sampling.")))
                paths << issue.path;
        return paths;
    };
    QVERIFY2(samplingIssues().isEmpty(), qPrintable(samplingIssues().join(QLatin1Char(' '))));
    auto* label = page.findChild<QLabel*>(QStringLiteral("samplingIssues"));
    QVERIFY(label && label->isHidden());

    settings.setTopK(40);
    QCOMPARE(samplingIssues(), QStringList{QStringLiteral("sampling.top_k")});
    QVERIFY(!label->isHidden());
    // The filter matters again once sampling is random.
    settings.setTemperature(0.8);
    QVERIFY(samplingIssues().isEmpty());
}

// The ratio field is a percent with two decimals: what is typed is the percent
// the profile gets, never rounded to another value.
void TestOptimisePage::pruneRatioIsTypedInPercent()
{
    QTemporaryDir dir;
    Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    OptimisePage page(&settings);
    choose(&page, "pruneMethod", QStringLiteral("magnitude"));
    auto* ratio = page.findChild<QDoubleSpinBox*>(QStringLiteral("pruneRatio"));
    QVERIFY(ratio);
    QVERIFY(ratio->suffix().contains(QLatin1Char('%')));
    QVERIFY(ratio->toolTip().contains(QStringLiteral("Percent")));
    const auto typed = [&](const QString& text) {
        ratio->selectAll();
        QTest::keyClicks(ratio, text);
        QTest::keyClick(ratio, Qt::Key_Enter);
        return jsonOf(QString::fromUtf8(page.profileJson()))
            .value(QStringLiteral("pruning")).toObject().value(QStringLiteral("ratio")).toDouble(-1.0);
    };
    QCOMPARE(typed(QStringLiteral("25")), 0.25);
    QCOMPARE(typed(QStringLiteral("0.25")), 0.0025);
    QCOMPARE(typed(QStringLiteral("12.5")), 0.125);
    QCOMPARE(typed(QStringLiteral("33.33")), 0.3333);
    // And a profile's ratio reads back as the same percent.
    QVERIFY(page.setProfileJson(R"({"schema": "inferscope.profile/1", "pruning": {"method": "magnitude", "ratio": 0.125}})")
                .isEmpty());
    QCOMPARE(ratio->value(), 12.5);
}

// Max tokens (and the prompt the KV estimate counts) edited on the Run page
// reach the Optimise page at once, and back.
void TestOptimisePage::maxTokensAndPromptSharedLive()
{
    QTemporaryDir dir;
    Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    settings.setMaxTokens(16);
    RunPage run(&settings);
    OptimisePage optimise(&settings);
    auto* runMax = run.findChild<QSpinBox*>(QStringLiteral("maxTokens"));
    auto* optMax = optimise.findChild<QSpinBox*>(QStringLiteral("maxTokens"));
    QVERIFY(runMax && optMax);
    QCOMPARE(optMax->value(), 16);
    runMax->setValue(300);
    QCOMPARE(optMax->value(), 300);
    QCOMPARE(jsonOf(QString::fromUtf8(optimise.profileJson()))
                 .value(QStringLiteral("sampling")).toObject().value(QStringLiteral("max_tokens")).toInt(),
             300);
    optMax->setValue(42);
    QCOMPARE(runMax->value(), 42);

    auto* prompt = run.findChild<QPlainTextEdit*>(QStringLiteral("prompt"));
    QVERIFY(prompt);
    prompt->setPlainText(QStringLiteral("Once upon a time"));
    QCOMPARE(settings.prompt(), QStringLiteral("Once upon a time"));
}

// No capacity in the profile: the cache holds prompt + max new tokens per
// sequence (whole blocks when paged, at most the context) times the sequences.
void TestOptimisePage::kvEstimateCountsThePrompt()
{
    const KvShape shape{2, 4, 8, 512};  // 2 layers, 4 kv heads of 8, context 512
    const quint64 perToken = 2 * 2 * 32 * 4;  // f32 keys and values of both layers
    const QByteArray none = R"({"schema": "inferscope.profile/1"})";
    KvEstimate kv = estimateKv(shape, none, KvDemand{325, 16});
    QCOMPARE(kv.capacityTokens, qint64(341));
    QCOMPARE(kv.bytes, perToken * 341);
    QVERIFY2(kv.tokens.contains(QStringLiteral("325 prompt + 16 new")), qPrintable(kv.tokens));

    const QByteArray paged = R"({"schema": "inferscope.profile/1", "kv_cache": {"mode": "paged", "block_size": 16},
                                 "batching": {"max_sequences": 4}})";
    kv = estimateKv(shape, paged, KvDemand{325, 16});
    QCOMPARE(kv.capacityTokens, qint64(22 * 16 * 4));  // ceil(341 / 16) = 22 blocks per sequence
    QCOMPARE(kv.bytes, perToken * 22 * 16 * 4);

    // Capped at the context, per sequence.
    kv = estimateKv(shape, none, KvDemand{500, 100});
    QCOMPARE(kv.capacityTokens, qint64(512));
    QVERIFY2(kv.tokens.contains(QStringLiteral("512")), qPrintable(kv.tokens));

    // Off keeps nothing, whatever the request.
    kv = estimateKv(shape, R"({"schema": "inferscope.profile/1", "kv_cache": {"mode": "off"}})", KvDemand{325, 16});
    QCOMPARE(kv.bytes, quint64(0));

    // The page counts the Run page's prompt with the model's own tokenizer.
    REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
    auto engine = engine::Engine::load(model.toStdString());
    QVERIFY(engine.hasValue());
    const ModelInfo info = describeModel(**engine);
    const QString text = QStringLiteral("Once upon a time, there was a little girl named Lily. She liked to play.");
    const qint64 tokens = qint64((*engine)->tokenizer().encode(text.toStdString(), true).size());
    QVERIFY(tokens > 10);
    QCOMPARE(countPromptTokens(info, text), tokens);

    QTemporaryDir dir;
    Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    settings.setMaxTokens(16);
    settings.setPrompt(text);
    OptimisePage page(&settings);
    page.setModel(info);
    const KvShape real = kvShapeOf(info);
    const quint64 realPerToken = quint64(2 * real.layers * real.kvHeads * real.headDim * 4);
    QCOMPARE(page.estimatedKvBytes(), realPerToken * quint64(tokens + 16));
    settings.setPrompt(text + text);  // a longer prompt: a bigger cache at once
    QVERIFY(page.estimatedKvBytes() > realPerToken * quint64(tokens + 16));
    auto* label = page.findChild<QLabel*>(QStringLiteral("kvEstimate"));
    QVERIFY2(label->text().contains(QStringLiteral("prompt")), qPrintable(label->text()));
}

// Structured pruning at 50 % removes half the FFN channels and KV groups: the
// page's estimate is the pruned model's real bytes, not the stored ones.
void TestOptimisePage::structuredPruningShrinksTheEstimate()
{
    REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
    auto engine = engine::Engine::load(model.toStdString());
    QVERIFY(engine.hasValue());
    QTemporaryDir dir;
    Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    OptimisePage page(&settings);
    page.setModel(describeModel(**engine));
    const quint64 stored = page.estimatedWeightBytes();
    choose(&page, "pruneMethod", QStringLiteral("structured"));
    page.findChild<QDoubleSpinBox*>(QStringLiteral("pruneRatio"))->setValue(50.0);
    QVERIFY2(page.isValid(), qPrintable(page.problem()));

    engine::PruningConfig cfg;
    cfg.method = engine::PruningMethod::Structured;
    cfg.ratio = 0.5;
    auto pruned = engine::pruneWeights((*engine)->file(), cfg);
    QVERIFY2(pruned.hasValue(), pruned.hasValue() ? "" : pruned.error().message.c_str());
    QCOMPARE(page.estimatedWeightBytes(), quint64(pruned->report.bytesAfter));
    QVERIFY(page.estimatedWeightBytes() < stored * 3 / 4);
    auto* label = page.findChild<QLabel*>(QStringLiteral("weightEstimate"));
    QVERIFY2(label->text().contains(QStringLiteral("structured")), qPrintable(label->text()));

    // Unstructured pruning stores its zeros: the same bytes as the F32 model.
    choose(&page, "pruneMethod", QStringLiteral("magnitude"));
    QCOMPARE(page.estimatedWeightBytes(), stored);
}


// The page holds one ProfileValue: an imported profile comes back key for key
// (keys without a control too), a control writes exactly its key, and what a
// control cannot express (a typo among the layer shares) blocks the run by name.
void TestOptimisePage::pageEditsOneProfileValue()
{
    QTemporaryDir dir;
    Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    OptimisePage page(&settings);
    const QByteArray imported = R"({"schema": "inferscope.profile/1", "name": "tuned", "description": "for the lab",
        "weights": {"dtype": "int8", "group_size": 64, "symmetric": false,
                    "overrides": [{"pattern": "output.weight", "dtype": "f16"}]},
        "pruning": {"method": "nm", "n": 2, "m": 8, "scope": "ffn", "exclude": ["blk.0.*", "output.weight"]},
        "kv_cache": {"mode": "paged", "block_size": 32, "capacity_tokens": 4096, "dtype": "f16"},
        "batching": {"policy": "continuous", "max_batch": 64, "max_sequences": 8},
        "devices": {"threads": 2, "gpus": [0, 1], "split": "pipeline", "layer_weights": [3, 1]},
        "sampling": {"temperature": 0.7, "top_k": 40, "top_p": 0.9, "min_p": 0.05, "seed": 7, "max_tokens": 99,
                     "repeat_penalty": 1.1, "repeat_last_n": 32}})";
    QCOMPARE(page.setProfileJson(imported), QStringList());
    const std::optional<ProfileValue> expected = ProfileValue::fromJson(imported);
    QVERIFY(expected);
    QVERIFY2(page.profile() == *expected, page.profileJson().constData());
    QCOMPARE(page.profileJson(), expected->toJson());  // the canonical text of that value
    QCOMPARE(page.profile().value(QStringLiteral("devices.gpus")), QVariant(QVariantList{0, 1}));

    // One control, one key.
    page.findChild<QSpinBox*>(QStringLiteral("maxSequences"))->setValue(4);
    ProfileValue changed = *expected;
    QVERIFY(changed.setValue(QStringLiteral("batching.max_sequences"), 4));
    QVERIFY(page.profile() == changed);

    // No pruning method: no pruning section (N and M are N:M's own keys).
    choose(&page, "pruneMethod", QStringLiteral("magnitude"));
    QVERIFY(!page.profile().has(QStringLiteral("pruning.n")));
    QCOMPARE(page.profile().value(QStringLiteral("pruning.scope")), QVariant(QStringLiteral("ffn")));
    choose(&page, "pruneMethod", QString());
    QVERIFY(!page.profile().sections().contains(QStringLiteral("pruning")));

    // A share that is not a number is named and blocks the run; fixing it runs.
    auto* shares = page.findChild<QLineEdit*>(QStringLiteral("layerWeights"));
    shares->setText(QStringLiteral("3, x"));
    QVERIFY(!page.isValid());
    QVERIFY2(page.problem().contains(QStringLiteral("devices.layer_weights")), qPrintable(page.problem()));
    shares->setText(QStringLiteral("3, 2"));
    QVERIFY2(page.isValid(), qPrintable(page.problem()));
    QCOMPARE(page.profile().value(QStringLiteral("devices.layer_weights")), QVariant(QVariantList{3, 2}));

    // Reset: the model as stored; the keys without a control go too.
    for (QPushButton* button : page.findChildren<QPushButton*>())
        if (button->text() == QStringLiteral("Reset"))
            button->click();
    QVERIFY(!page.profile().has(QStringLiteral("name")));
    QVERIFY(!page.profile().has(QStringLiteral("devices.gpus")));
    QVERIFY(!page.profile().has(QStringLiteral("weights.dtype")));
}

QTEST_MAIN(TestOptimisePage)
#include "tst_optimise_page.moc"

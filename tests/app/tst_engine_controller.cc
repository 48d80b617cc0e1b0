// The GUI's bridge to the engine: a real model loaded on the worker thread,
// tokens streamed in order, cancellation, stale-job dropping and the reader's
// message for a corrupt file. Everything is observed through queued signals.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

#include "app/bridge/engine_client.h"
#include "app/bridge/engine_controller.h"
#include "tests/common/fixtures.h"

namespace {

constexpr int kWaitMs = 60000;

QVector<TokenEvent> tokensOf(const QSignalSpy& spy)
{
    QVector<TokenEvent> all;
    for (const QList<QVariant>& args : spy)
        all += args.at(0).value<TokenBatch>().tokens;
    return all;
}

RunRequest greedy(int maxTokens)
{
    RunRequest r;
    r.maxTokens = maxTokens;
    return r;
}

}  // namespace

class TestEngineController : public QObject {
    Q_OBJECT
private slots:
    void loadsModelCard();
    void streamsTokensInOrder();
    void reproducesGoldenGreedyTokens();
    void cancelsMidRun();
    void chatRunSaysWhichTemplate();
    void modelInfoListsForwardPassFeatures();
    void dropsStaleResults();
    void corruptFileFailsWithReaderMessage();
    void runWithoutModelFails();
    void profileQuantizesAndRecordsEffective();
    void cancelledReloadLeavesModelAsStored();
    void cancelledOpenKeepsThePreviousModel();
    void profileErrorsReachTheGui_data();
    void profileErrorsReachTheGui();
};

void TestEngineController::loadsModelCard()
{
    REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
    EngineClient client;
    QSignalSpy loaded(&client, &EngineClient::modelLoaded);
    QSignalSpy failed(&client, &EngineClient::failed);
    client.load(model, 1);
    QCOMPARE(client.state(), EngineState::Loading);
    QVERIFY(loaded.wait(kWaitMs));
    QCOMPARE(failed.count(), 0);
    const ModelInfo info = loaded.first().at(0).value<ModelInfo>();
    QCOMPARE(info.architecture, QStringLiteral("llama"));
    QCOMPARE(info.vocabSize, 512);
    QCOMPARE(info.threads, 1);
    QVERIFY(!info.tensors.isEmpty());
    quint64 elements = 0;
    for (const TensorRow& t : info.tensors)
        elements += t.elements;
    QVERIFY(info.parameters > 200000 && info.parameters <= elements);  // "260K"; tied tensors counted once
    QVERIFY(!info.memory.isEmpty());
    QCOMPARE(client.state(), EngineState::Idle);
    QVERIFY(client.hasModel());
}

void TestEngineController::streamsTokensInOrder()
{
    REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
    EngineClient client;
    client.controller()->setBatchInterval(0);  // one batch per token: order is visible
    client.controller()->setLiveTraceInterval(0);  // and the op trace so far with each
    QSignalSpy loaded(&client, &EngineClient::modelLoaded);
    client.load(model, 1);
    QVERIFY(loaded.wait(kWaitMs));

    QSignalSpy tokens(&client, &EngineClient::tokensGenerated);
    QSignalSpy finished(&client, &EngineClient::runFinished);
    RunRequest request = greedy(40);
    request.prompt = QStringLiteral("Once upon a time");
    const quint64 job = client.run(request);
    QVERIFY(finished.wait(kWaitMs));
    const RunResult result = finished.first().at(0).value<RunResult>();
    QCOMPARE(result.job, job);
    QVERIFY(!result.cancelled);
    QVERIFY(!result.id.isEmpty());
    QVERIFY(result.promptTokens > 1);
    QVERIFY(!result.tokens.isEmpty());
    QVERIFY(result.tokens.size() <= 40);

    const QVector<TokenEvent> streamed = tokensOf(tokens);
    QCOMPARE(streamed.size(), result.tokens.size());
    QString text;
    for (int i = 0; i < streamed.size(); ++i) {
        QCOMPARE(streamed[i].index, i);
        QCOMPARE(streamed[i].id, result.tokens[i]);
        QVERIFY(streamed[i].latencyMs >= 0.0);
        if (i > 0)
            QVERIFY(streamed[i].elapsedMs >= streamed[i - 1].elapsedMs);
        text += streamed[i].piece;
    }
    QCOMPARE(text, result.text);
    QCOMPARE(result.latenciesMs.size(), result.tokens.size());
    QVERIFY(result.ttftMs > 0.0);

    // The live op trace grows batch by batch and never exceeds the final one.
    qint64 previousSpans = 0;
    for (const QList<QVariant>& args : tokens) {
        const TokenBatch batch = args.at(0).value<TokenBatch>();
        QVERIFY(batch.trace.has_value());
        QVERIFY(batch.trace->summary.spanCount > previousSpans);
        // Far below the cap here; the shares pool threads ran of an op are not counted as ops.
        const auto ops = std::count_if(batch.trace->spans.begin(), batch.trace->spans.end(),
                                       [](const OpSpan& s) { return !s.workerShare; });
        QCOMPARE(qint64(ops), batch.trace->summary.spanCount);
        previousSpans = batch.trace->summary.spanCount;
    }
    QVERIFY(previousSpans <= result.trace.summary.spanCount);
    QVERIFY(result.decodeTokPerS > 0.0 || result.tokens.size() == 1);
}

void TestEngineController::reproducesGoldenGreedyTokens()
{
    // llama2.c's run.c on stories260K.bin from BOS, greedy: the bridge must pass
    // the request through unchanged and deliver the engine's tokens as they are.
    REQUIRE_SHARED_FIXTURE(model, "stories260K.bin");
    REQUIRE_SHARED_FIXTURE(golden, "golden/stories260K.greedy256.json");
    QFile goldenFile(golden);
    QVERIFY(goldenFile.open(QIODevice::ReadOnly));
    const QJsonArray expected = QJsonDocument::fromJson(goldenFile.readAll()).object().value("generated_ids").toArray();
    QVERIFY(expected.size() >= 32);

    EngineClient client;
    QSignalSpy loaded(&client, &EngineClient::modelLoaded);
    QSignalSpy failed(&client, &EngineClient::failed);
    client.load(model, 1);
    QVERIFY(loaded.wait(kWaitMs) || !failed.isEmpty());
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().at(0).toString()));

    QSignalSpy finished(&client, &EngineClient::runFinished);
    client.run(greedy(32));  // empty prompt: BOS only, as the golden run
    QVERIFY(finished.wait(kWaitMs));
    const RunResult result = finished.first().at(0).value<RunResult>();
    QCOMPARE(result.tokens.size(), 32);
    for (int i = 0; i < 32; ++i)
        QCOMPARE(result.tokens[i], expected[i].toInt());
}

// A chat run on a model without a template runs the prompt as written (the
// same tokens as a plain run) and says why; the record keeps the chat choice.
void TestEngineController::chatRunSaysWhichTemplate()
{
    REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
    EngineClient client;
    QSignalSpy loaded(&client, &EngineClient::modelLoaded);
    client.load(model, 1);
    QVERIFY(loaded.wait(kWaitMs));
    QSignalSpy finished(&client, &EngineClient::runFinished);
    RunRequest plain = greedy(16);
    plain.prompt = QStringLiteral("Once upon a time");
    client.run(plain);
    QVERIFY(finished.wait(kWaitMs));
    RunRequest chat = plain;
    chat.chat = true;
    client.run(chat);
    QVERIFY(finished.wait(kWaitMs));
    const RunResult a = finished.at(0).at(0).value<RunResult>(), b = finished.at(1).at(0).value<RunResult>();
    QVERIFY(a.chatNote.isEmpty() && b.chatFormat.isEmpty());
    QVERIFY2(b.chatNote.contains(QStringLiteral("no tokenizer.chat_template")), qPrintable(b.chatNote));
    QCOMPARE(b.tokens, a.tokens);
    const auto restored = RunResult::fromJson(b.toJson());
    QVERIFY(restored && restored->request.chat);
}

// The Model page says what the forward pass does for the file's architecture.
void TestEngineController::modelInfoListsForwardPassFeatures()
{
    REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
    EngineClient client;
    QSignalSpy loaded(&client, &EngineClient::modelLoaded);
    client.load(model, 1);
    QVERIFY(loaded.wait(kWaitMs));
    const ModelInfo info = loaded.first().at(0).value<ModelInfo>();
    QString features;
    for (const auto& [label, value] : info.hyperparameters)
        if (label == QStringLiteral("Forward pass")) features = value;
    QCOMPARE(features, QStringLiteral("adjacent-pair rope, grouped-query attention (2 heads per kv head)"));
}

void TestEngineController::cancelsMidRun()
{
    REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
    EngineClient client;
    EngineController* controller = client.controller();
    controller->setBatchInterval(0);
    QSignalSpy loaded(&client, &EngineClient::modelLoaded);
    client.load(model, 1);
    QVERIFY(loaded.wait(kWaitMs));

    // Cancel from inside the first token's delivery, on the worker thread: the
    // engine is mid-request and must stop at its next per-layer check.
    connect(controller, &EngineController::tokensGenerated, controller,
            [controller](const TokenBatch&) { controller->cancel(); }, Qt::DirectConnection);
    QSignalSpy finished(&client, &EngineClient::runFinished);
    QSignalSpy failed(&client, &EngineClient::failed);
    client.run(greedy(200));
    QVERIFY(finished.wait(kWaitMs));
    QCOMPARE(failed.count(), 0);
    const RunResult result = finished.first().at(0).value<RunResult>();
    QVERIFY(result.cancelled);
    QCOMPARE(result.stopReason, QStringLiteral("cancelled"));
    QVERIFY(result.tokens.size() >= 1);
    QVERIFY(result.tokens.size() < 200);
    QCOMPARE(result.latenciesMs.size(), result.tokens.size());
    QCOMPARE(client.state(), EngineState::Idle);
    // Labelled for what it is: its prompt length is known, and quality says it was not measured.
    QVERIFY(result.promptTokens >= 1);
    QCOMPARE(result.quality.state, QualityMetrics::State::Skipped);
    QVERIFY(result.quality.note.contains(QStringLiteral("cancelled")));

    // The engine is usable afterwards and the cancel flag does not leak into the next run.
    disconnect(controller, &EngineController::tokensGenerated, controller, nullptr);
    finished.clear();
    client.run(greedy(8));
    QVERIFY(finished.wait(kWaitMs));
    const RunResult next = finished.first().at(0).value<RunResult>();
    QVERIFY(!next.cancelled);
    QCOMPARE(next.tokens.size(), 8);
}

void TestEngineController::dropsStaleResults()
{
    REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
    EngineClient client;
    QSignalSpy loaded(&client, &EngineClient::modelLoaded);
    client.load(model, 1);
    QVERIFY(loaded.wait(kWaitMs));

    QSignalSpy finished(&client, &EngineClient::runFinished);
    const quint64 first = client.run(greedy(64));
    const quint64 second = client.run(greedy(4));  // supersedes (and cancels) the first
    QVERIFY(second > first);
    QVERIFY(finished.wait(kWaitMs));
    QTest::qWait(200);  // anything stale still queued would arrive now
    QCOMPARE(finished.count(), 1);
    const RunResult result = finished.first().at(0).value<RunResult>();
    QCOMPARE(result.job, second);
    QVERIFY(!result.cancelled);
    QCOMPARE(result.tokens.size(), 4);
}

void TestEngineController::corruptFileFailsWithReaderMessage()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("corrupt.gguf"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    // GGUF magic and version 3, then a tensor count far beyond the file's size.
    const char header[] = {'G', 'G', 'U', 'F', 3, 0, 0, 0, '\xff', '\xff', '\xff', '\xff', 0, 0, 0, 0};
    file.write(header, sizeof(header));
    file.close();

    EngineClient client;
    QSignalSpy loaded(&client, &EngineClient::modelLoaded);
    QSignalSpy failed(&client, &EngineClient::failed);
    client.load(path, 1);
    QVERIFY(failed.wait(kWaitMs));
    QCOMPARE(loaded.count(), 0);
    const QString message = failed.first().at(0).toString();
    QVERIFY2(message.contains(path), qPrintable(message));  // the reader names the file
    QVERIFY(!client.hasModel());
    QCOMPARE(client.state(), EngineState::Idle);

    failed.clear();
    client.load(dir.filePath(QStringLiteral("missing.gguf")), 1);
    QVERIFY(failed.wait(kWaitMs));
    QVERIFY(failed.first().at(0).toString().contains(QStringLiteral("missing.gguf")));
}

void TestEngineController::runWithoutModelFails()
{
    EngineClient client;
    QSignalSpy failed(&client, &EngineClient::failed);
    client.run(greedy(4));
    QVERIFY(failed.wait(kWaitMs));
    QVERIFY(failed.first().at(0).toString().contains(QStringLiteral("No model")));
}

void TestEngineController::profileQuantizesAndRecordsEffective()
{
    REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
    EngineClient client;
    QSignalSpy loaded(&client, &EngineClient::modelLoaded);
    client.load(model, 1);
    QVERIFY(loaded.wait(kWaitMs));
    const ModelInfo info = loaded.first().at(0).value<ModelInfo>();
    QCOMPARE(info.layers, 5);
    QCOMPARE(info.kvHeads * info.headDim, 32);

    QSignalSpy finished(&client, &EngineClient::runFinished);
    QSignalSpy progress(&client, &EngineClient::progress);
    RunRequest request = greedy(12);
    request.threads = 1;
    request.profileJson = QStringLiteral(R"({"schema": "inferscope.profile/1",
        "weights": {"dtype": "int4", "symmetric": false},
        "kv_cache": {"mode": "paged", "block_size": 8, "dtype": "f16"},
        "sampling": {"max_tokens": 10}})");
    client.run(request);
    QVERIFY(finished.wait(kWaitMs));
    const RunResult result = finished.first().at(0).value<RunResult>();
    QCOMPARE(result.profileJson, request.profileJson);  // as sent
    QCOMPARE(result.tokens.size(), 10);                // the profile's max_tokens won
    QCOMPARE(result.request.maxTokens, 10);
    // Q4_1 is 20 bytes per 32 weights; ffn_down's 172-wide rows stay f16.
    QVERIFY2(result.weightBytes < info.weightBytes / 4, qPrintable(QString::number(result.weightBytes)));
    const QJsonObject effective = QJsonDocument::fromJson(result.effectiveJson.toUtf8()).object();
    QCOMPARE(effective.value(QStringLiteral("schema")).toString(), QStringLiteral("inferscope.effective/1"));
    // The five ffn_down matrices are each recorded as kept off int4.
    const QJsonArray adjustments = effective.value(QStringLiteral("adjustments")).toArray();
    QCOMPARE(adjustments.size(), 5);
    QVERIFY(adjustments.first().toObject().value(QStringLiteral("target")).toString().contains(QStringLiteral("ffn_down")));
    // Re-quantizing reported progress up to the last tensor.
    bool sawQuantDone = false;
    for (const QList<QVariant>& args : progress) {
        const ProgressInfo p = args.at(0).value<ProgressInfo>();
        if (p.what.contains(QStringLiteral("int4")) && p.fraction == 1.0)
            sawQuantDone = true;
    }
    QVERIFY(sawQuantDone);
}

// A reload to other converted weights releases the old ones first; cancelled
// half-way it leaves the model as stored loaded, and the next run uses it.
void TestEngineController::cancelledReloadLeavesModelAsStored()
{
    REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
    EngineClient client;
    EngineController* controller = client.controller();
    controller->setBatchInterval(0);
    QSignalSpy loaded(&client, &EngineClient::modelLoaded);
    client.load(model, 1);
    QVERIFY(loaded.wait(kWaitMs));
    const ModelInfo info = loaded.first().at(0).value<ModelInfo>();

    QSignalSpy finished(&client, &EngineClient::runFinished);
    QSignalSpy failed(&client, &EngineClient::failed);
    RunRequest int4 = greedy(4);
    int4.threads = 1;
    int4.profileJson = QStringLiteral(R"({"schema": "inferscope.profile/1", "weights": {"dtype": "int4"}})");
    client.run(int4);
    QVERIFY(finished.wait(kWaitMs));
    QVERIFY(finished.first().at(0).value<RunResult>().weightBytes < info.weightBytes / 4);

    // Cancelled from the re-quantization's first progress report, on the worker thread.
    connect(controller, &EngineController::progress, controller,
            [controller](const ProgressInfo& p) {
                if (p.what.contains(QStringLiteral("int8")))
                    controller->cancel();
            },
            Qt::DirectConnection);
    finished.clear();
    RunRequest int8 = int4;
    int8.profileJson = QStringLiteral(R"({"schema": "inferscope.profile/1", "weights": {"dtype": "int8"}})");
    client.run(int8);
    QTRY_VERIFY_WITH_TIMEOUT(failed.count() + finished.count() > 0, kWaitMs);
    QCOMPARE(finished.count(), 0);
    QVERIFY2(failed.first().at(0).toString().contains(QStringLiteral("cancelled")),
             qPrintable(failed.first().at(0).toString()));
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), EngineState::Idle, kWaitMs);
    disconnect(controller, &EngineController::progress, controller, nullptr);

    // Neither the int4 nor a half-made int8 model: the file's own weights, without a reload.
    RunRequest plain = greedy(6);
    plain.threads = 1;
    client.run(plain);
    QVERIFY(finished.wait(kWaitMs));
    const RunResult result = finished.first().at(0).value<RunResult>();
    QCOMPARE(result.tokens.size(), 6);
    QCOMPARE(result.weightBytes, info.weightBytes);
}

// Opening a model can be cancelled like any job: the open ends as cancelled and
// the model loaded before stays loaded and runs.
void TestEngineController::cancelledOpenKeepsThePreviousModel()
{
    REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
    EngineClient client;
    EngineController* controller = client.controller();
    controller->setBatchInterval(0);
    QSignalSpy loaded(&client, &EngineClient::modelLoaded);
    QSignalSpy failed(&client, &EngineClient::failed);
    client.load(model, 1);
    QVERIFY(loaded.wait(kWaitMs));

    // Cancelled from the open's first progress report, on the worker thread.
    connect(controller, &EngineController::progress, controller, [controller] { controller->cancel(); },
            Qt::DirectConnection);
    loaded.clear();
    client.load(model, 2);
    QTRY_VERIFY_WITH_TIMEOUT(failed.count() + loaded.count() > 0, kWaitMs);
    QCOMPARE(loaded.count(), 0);
    QVERIFY2(failed.first().at(0).toString().contains(QStringLiteral("cancelled")),
             qPrintable(failed.first().at(0).toString()));
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), EngineState::Idle, kWaitMs);
    disconnect(controller, &EngineController::progress, controller, nullptr);
    QVERIFY(client.hasModel());

    QSignalSpy finished(&client, &EngineClient::runFinished);
    RunRequest plain = greedy(5);
    plain.threads = 1;
    client.run(plain);
    QVERIFY(finished.wait(kWaitMs));
    QCOMPARE(finished.first().at(0).value<RunResult>().tokens.size(), 5);
}

void TestEngineController::profileErrorsReachTheGui_data()
{
    QTest::addColumn<QString>("profile");
    QTest::addColumn<QString>("expected");  // part of the message the GUI shows
    QTest::newRow("nm-with-ratio") << QStringLiteral(
        R"({"schema": "inferscope.profile/1", "pruning": {"method": "nm", "ratio": 0.5}})")
                                   << QStringLiteral("pruning");
    QTest::newRow("kv-too-small") << QStringLiteral(
        R"({"schema": "inferscope.profile/1", "kv_cache": {"capacity_tokens": 4}})")
                                  << QStringLiteral("kv_cache.capacity_tokens");
    QTest::newRow("not-json") << QStringLiteral("{\"schema\": ") << QStringLiteral("not valid");
}

void TestEngineController::profileErrorsReachTheGui()
{
    QFETCH(QString, profile);
    QFETCH(QString, expected);
    REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
    EngineClient client;
    QSignalSpy loaded(&client, &EngineClient::modelLoaded);
    client.load(model, 1);
    QVERIFY(loaded.wait(kWaitMs));
    QSignalSpy failed(&client, &EngineClient::failed);
    QSignalSpy finished(&client, &EngineClient::runFinished);
    RunRequest request = greedy(16);
    request.threads = 1;
    request.profileJson = profile;
    client.run(request);
    QVERIFY(failed.wait(kWaitMs));
    QCOMPARE(finished.count(), 0);
    const QString message = failed.first().at(0).toString();
    QVERIFY2(message.contains(expected), qPrintable(message));
    QCOMPARE(client.state(), EngineState::Idle);
    // The engine is still usable afterwards.
    client.run(greedy(4));
    QVERIFY(finished.wait(kWaitMs));
}

QTEST_MAIN(TestEngineController)
#include "tst_engine_controller.moc"

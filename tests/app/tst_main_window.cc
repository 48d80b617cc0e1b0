// The whole window against the real engine: open the shared model, run from the
// toolbar action, and check the model card, the streamed chart, the history and
// the Compare page; then a bad file ends in an error, not a crash.
#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QLabel>
#include <QListWidget>
#include <QStatusBar>
#include <QPushButton>
#include <QTest>
#include <QTextBrowser>

#include "app/bridge/engine_client.h"
#include "app/charts/histogram_chart.h"
#include "app/charts/latency_chart.h"
#include "app/models/compare_model.h"
#include "app/models/run_history.h"
#include "app/models/run_history_model.h"
#include "app/models/tensor_table_model.h"
#include "app/settings/settings.h"
#include "app/widgets/compare_page.h"
#include "app/widgets/main_window.h"
#include "app/widgets/export_page.h"
#include "app/widgets/learn_page.h"
#include "app/widgets/optimise_knobs.h"
#include "app/widgets/teaching_presets.h"
#include "app/widgets/model_page.h"
#include "app/widgets/optimise_page.h"
#include "app/widgets/profile_export_panel.h"
#include "app/widgets/profile_page.h"
#include "app/widgets/run_page.h"
#include "common/hf_writer.h"
#include "kernels/api/registry.h"
#include "tests/common/fixtures.h"

namespace {
constexpr int kWaitMs = 60000;
}

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void loadRunAndRecord();
    void badFileShowsError();
    void badCommandLinePathAgreesEverywhere();
    void missingGpuSaysWhy();
    void huggingFaceFolderOpens();
    void screenshotsEveryPage();
    void shortcutsAndRestoredState();
    void learnPageTeaches();
};

void TestMainWindow::loadRunAndRecord()
{
    REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
    QTemporaryDir dir;
    Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    settings.setMaxTokens(24);
    settings.setThreads(1);
    RunHistory history(dir.filePath(QStringLiteral("history.json")));
    QVERIFY(history.load());
    EngineClient engine;
    MainWindow window(&settings, &engine, &history);
    window.show();

    QSignalSpy loaded(&engine, &EngineClient::modelLoaded);
    window.openStartupModel(model);  // the command-line path wins
    QVERIFY(loaded.wait(kWaitMs));
    QCOMPARE(settings.lastModel(), QFileInfo(model).absoluteFilePath());
    QCOMPARE(settings.recentModels().first(), settings.lastModel());
    QVERIFY(window.modelPage()->tensorModel()->rowCount() > 0);

    QSignalSpy finished(&engine, &EngineClient::runFinished);
    QAction* run = nullptr;
    for (QAction* a : window.findChildren<QAction*>())
        if (a->shortcut() == QKeySequence(Qt::CTRL | Qt::Key_R))
            run = a;
    QVERIFY(run);
    QVERIFY(run->isEnabled());
    run->trigger();
    QVERIFY(finished.wait(kWaitMs));
    const RunResult result = finished.first().at(0).value<RunResult>();
    const int n = int(result.tokens.size());
    QVERIFY(n > 2 && n <= 24);

    // Charts: every decode step is a point (the TTFT is reported on its own).
    QCOMPARE(window.profilePage()->latencyChart()->pointCount(), n - 1);
    QVERIFY(window.profilePage()->histogramChart()->binCount() > 0);
    QCOMPARE(window.profilePage()->latencyChart()->toCsv().count(QLatin1Char('\n')), n);  // header + n-1 rows
    QVERIFY(window.runPage()->outputText().endsWith(result.text));

    // The op trace exports as Chrome trace-event JSON: every span an "X" event.
    QVERIFY(!result.trace.spans.isEmpty());
    const QString tracePath = dir.filePath(QStringLiteral("trace.json"));
    QCOMPARE(window.exportPage()->writeChromeTrace(tracePath), QString());
    QFile traceFile(tracePath);
    QVERIFY(traceFile.open(QIODevice::ReadOnly));
    const QJsonArray events = QJsonDocument::fromJson(traceFile.readAll()).object()[QStringLiteral("traceEvents")].toArray();
    qsizetype complete = 0;
    for (const QJsonValue& v : events) {
        const QJsonObject e = v.toObject();
        QVERIFY(!e[QStringLiteral("name")].toString().isEmpty());
        if (e[QStringLiteral("ph")].toString() == QStringLiteral("M"))
            continue;  // names of the process and thread tracks
        QCOMPARE(e[QStringLiteral("ph")].toString(), QStringLiteral("X"));
        ++complete;
        QVERIFY(e[QStringLiteral("dur")].toDouble() >= 0.0);
        QVERIFY(e.contains(QStringLiteral("ts")) && e.contains(QStringLiteral("pid")) && e.contains(QStringLiteral("tid")));
    }
    QCOMPARE(complete, result.trace.spans.size());

    // History: in memory, on disk, and on the Compare page.
    QCOMPARE(history.runs().size(), 1);
    RunHistory reloaded(history.path());
    QVERIFY(reloaded.load());
    QCOMPARE(reloaded.runs().size(), 1);
    QCOMPARE(reloaded.runs().first().id, result.id);
    QCOMPARE(window.comparePage()->historyModel()->rowCount(), 1);

    // A second run, both selected: compared side by side.
    finished.clear();
    window.startRun();
    QVERIFY(finished.wait(kWaitMs));
    window.comparePage()->selectRuns({history.runs().at(0).id, history.runs().at(1).id});
    QCOMPARE(window.comparePage()->compareModel()->columnCount(), 2);
    // Greedy twice: same tokens.
    QCOMPARE(history.runs().at(0).tokens, history.runs().at(1).tokens);

    // A restart brings the last run back on the Profile and Export pages.
    EngineClient engine2;
    QVERIFY(reloaded.load());
    MainWindow again(&settings, &engine2, &reloaded);
    QVERIFY(again.profilePage()->latencyChart()->pointCount() > 0);
    QVERIFY(again.exportPage()->hasRun());
    // Double-clicking a history row opens that run there.
    again.comparePage()->openRun(history.runs().at(0).id);
    QCOMPARE(again.currentPage(), int(MainWindow::ProfilePageId));
}

void TestMainWindow::badFileShowsError()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bad.gguf"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("this is not a model");
    f.close();
    Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    RunHistory history(dir.filePath(QStringLiteral("history.json")));
    EngineClient engine;
    MainWindow window(&settings, &engine, &history);
    window.show();
    QSignalSpy error(&window, &MainWindow::errorShown);
    window.openModel(path);
    QVERIFY(error.wait(kWaitMs));
    QVERIFY(error.first().at(0).toString().contains(path));
    QVERIFY(settings.lastModel().isEmpty());  // a failed model is not remembered
    QCOMPARE(engine.state(), EngineState::Idle);
}

// `inferscope /no/such.gguf` after an earlier session: the selector, the model
// page and the status bar all say no model is open, and the error names the path.
void TestMainWindow::badCommandLinePathAgreesEverywhere()
{
    REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
    QTemporaryDir dir;
    Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    settings.setLastModel(model);
    settings.addRecentModel(model);
    RunHistory history(dir.filePath(QStringLiteral("history.json")));
    EngineClient engine;
    MainWindow window(&settings, &engine, &history);
    window.show();
    auto* selector = window.findChild<QComboBox*>(QStringLiteral("modelSelector"));
    QVERIFY(selector);
    QSignalSpy error(&window, &MainWindow::errorShown);
    const QString missing = dir.filePath(QStringLiteral("no/such.gguf"));
    QVERIFY(window.openStartupModel(missing));
    QVERIFY(error.wait(kWaitMs));
    const QString message = error.first().at(0).toString();
    QVERIFY2(message.contains(missing), qPrintable(message));
    QVERIFY(!engine.hasModel());
    QCOMPARE(selector->currentText(), QStringLiteral("(no model)"));
    QVERIFY(selector->currentData().toString().isEmpty());
    bool noModelShown = false;
    for (QLabel* label : window.statusBar()->findChildren<QLabel*>())
        noModelShown = noModelShown || label->text() == QStringLiteral("No model");
    QVERIFY(noModelShown);

    // With a model open, a failed open leaves it selected and loaded.
    QSignalSpy loaded(&engine, &EngineClient::modelLoaded);
    window.openModel(model);
    QVERIFY(loaded.wait(kWaitMs));
    QCOMPARE(selector->currentData().toString(), model);
    window.openModel(missing);
    QVERIFY(error.wait(kWaitMs));
    QVERIFY(error.last().at(0).toString().contains(missing));
    QVERIFY(engine.hasModel());
    QCOMPARE(selector->currentData().toString(), model);
}

// A greyed device entry carries the registry's sentence (what
// `inferscope-cli devices` prints), as its tooltip and beside the selector.
void TestMainWindow::missingGpuSaysWhy()
{
    QTemporaryDir dir;
    Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    RunHistory history(dir.filePath(QStringLiteral("history.json")));
    EngineClient engine;
    MainWindow window(&settings, &engine, &history);
    window.show();
    auto* selector = window.findChild<QComboBox*>(QStringLiteral("deviceSelector"));
    auto* reason = window.findChild<QLabel*>(QStringLiteral("deviceReason"));
    QVERIFY(selector && reason);
    const kernels::Registry& registry = kernels::Registry::instance();
    if (!registry.devices(kernels::DeviceKind::Cuda).empty()) {
        QVERIFY(reason->text().isEmpty());  // nothing is missing
        return;
    }
    const QString why = QString::fromStdString(registry.cudaStatus().summary());
    QVERIFY(!why.isEmpty());
    const int row = selector->findText(QStringLiteral("No CUDA GPU"));
    QVERIFY(row >= 0);
    QCOMPARE(selector->itemData(row, Qt::ToolTipRole).toString(), why);
    QVERIFY(reason->isVisible());
    QVERIFY2(reason->toolTip().contains(why), qPrintable(reason->toolTip()));
    QVERIFY2(reason->text().contains(why.left(12)), qPrintable(reason->text()));
    QVERIFY(selector->toolTip().contains(why));
    // The Optimise page's devices section says it too, next to the GPU knobs.
    auto* optimise = window.optimisePage()->findChild<QLabel*>(QStringLiteral("deviceAvailability"));
    QVERIFY(optimise);
    QVERIFY2(optimise->text().contains(why), qPrintable(optimise->text()));
}

// A Hugging Face folder opens like a file (the Open folder action's path);
// a folder whose config.json is broken shows the error naming it.
void TestMainWindow::huggingFaceFolderOpens()
{
    REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("stories-hf"));
    QVERIFY(testsupport::hf::writeStoriesFolder(model, folder, "llama"));
    Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    RunHistory history(dir.filePath(QStringLiteral("history.json")));
    EngineClient engine;
    MainWindow window(&settings, &engine, &history);
    window.show();
    QSignalSpy loaded(&engine, &EngineClient::modelLoaded);
    window.openModel(folder);
    QVERIFY(loaded.wait(kWaitMs));
    QCOMPARE(settings.lastModel(), folder);
    QVERIFY(window.modelPage()->tensorModel()->rowCount() > 0);

    QFile config(QDir(folder).filePath(QStringLiteral("config.json")));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write("{");
    config.close();
    QSignalSpy error(&window, &MainWindow::errorShown);
    window.openModel(folder);
    QVERIFY(error.wait(kWaitMs));
    QVERIFY2(error.first().at(0).toString().contains(QStringLiteral("config.json")), qPrintable(error.first().at(0).toString()));
    QCOMPARE(engine.state(), EngineState::Idle);
}

void TestMainWindow::screenshotsEveryPage()
{
    QTemporaryDir dir;
    Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    RunHistory history(dir.filePath(QStringLiteral("history.json")));
    EngineClient engine;
    MainWindow window(&settings, &engine, &history);
    window.resize(1000, 700);
    window.show();
    QString error;
    QVERIFY2(window.saveScreenshots(dir.filePath(QStringLiteral("shots")), &error), qPrintable(error));
    for (int p = 0; p < MainWindow::PageCount; ++p) {
        const QString png = dir.filePath(QStringLiteral("shots/%1.png").arg(MainWindow::pageKey(MainWindow::Page(p))));
        QImage image(png);
        QVERIFY2(!image.isNull(), qPrintable(png));
        QVERIFY(image.width() >= 1000);
    }
}

void TestMainWindow::shortcutsAndRestoredState()
{
    QTemporaryDir dir;
    const QString ini = dir.filePath(QStringLiteral("settings.ini"));
    QByteArray profile;
    {
        Settings settings(ini);
        RunHistory history(dir.filePath(QStringLiteral("history.json")));
        EngineClient engine;
        MainWindow window(&settings, &engine, &history);
        window.show();
        // Every documented shortcut is bound to an action.
        QSet<QString> bound;
        for (QAction* a : window.findChildren<QAction*>())
            for (const QKeySequence& k : a->shortcuts())
                bound.insert(k.toString(QKeySequence::PortableText));
        for (const char* key : {"Ctrl+O", "Ctrl+R", "Esc", "Ctrl+.", "Ctrl+E"})
            QVERIFY2(bound.contains(QLatin1String(key)), key);

        window.resize(900, 640);
        window.setCurrentPage(MainWindow::OptimisePageId);
        auto* dtype = window.optimisePage()->findChild<QComboBox*>(QStringLiteral("weightDType"));
        dtype->setCurrentIndex(dtype->findData(QStringLiteral("int4")));
        profile = window.optimisePage()->profileJson();
        QVERIFY(profile.contains("int4"));
        window.close();  // stores geometry and state
    }
    Settings settings(ini);
    RunHistory history(dir.filePath(QStringLiteral("history.json")));
    EngineClient engine;
    MainWindow window(&settings, &engine, &history);
    QCOMPARE(window.currentPage(), MainWindow::OptimisePageId);
    QCOMPARE(window.size(), QSize(900, 640));
    QCOMPARE(window.optimisePage()->profileJson(), profile);  // the last profile is back
    // A restored profile reaches the Export page too.
    QVERIFY(window.exportPage()->profilePanel()->profileJson().contains("int4"));
}

// The Learn page explains every knob with the Optimise page's texts, and its
// demo buttons hand over to the Compare page, where the preset's runs land.
void TestMainWindow::learnPageTeaches()
{
    QTemporaryDir dir;
    Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    RunHistory history(dir.filePath(QStringLiteral("history.json")));
    EngineClient engine;
    MainWindow window(&settings, &engine, &history);
    LearnPage* learn = window.learnPage();
    QVERIFY(learn);
    QCOMPARE(learn->topicCount(), int(Knob::Count));
    auto* text = learn->findChild<QTextBrowser*>(QStringLiteral("learnText"));
    QVERIFY(text);
    for (int row = 0; row < learn->topicCount(); ++row) {
        learn->showTopic(row);
        QVERIFY2(text->toPlainText().size() > 80, qPrintable(QString::number(row)));
    }
    learn->showTopic(int(Knob::KvMode));
    QVERIFY(text->toPlainText().contains(QStringLiteral("cache"), Qt::CaseInsensitive));

    window.setCurrentPage(MainWindow::LearnPageId);
    for (const TeachingPreset& preset : teachingPresets())
        QVERIFY(learn->findChild<QPushButton*>(QStringLiteral("learnPreset-") + preset.id));
    auto* kv = learn->findChild<QPushButton*>(QStringLiteral("learnPreset-kv-cache"));
    QVERIFY(kv);
    kv->click();
    QCOMPARE(window.currentPage(), MainWindow::ComparePageId);
}

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"

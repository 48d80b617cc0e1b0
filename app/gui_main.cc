// inferscope: the Qt Widgets workbench.
//
//   inferscope [MODEL]            open MODEL (else the last model, $INFERSCOPE_MODEL, the bundled one, ...)
//   inferscope --screenshot DIR   load the default model, do two short runs, save every page to DIR/<page>.png
//                                 and, after running them, each Learn demo to DIR/learn-<demo>.png
//   inferscope --lang CODE        speak CODE (en, zh_CN) this time, whatever the Language setting says
//   inferscope --dark             use a dark palette (e.g. for --screenshot), whatever the desktop's
//   inferscope --trace FILE       show a saved Chrome trace on the Profile page's Ops tab; with
//                                 --screenshot it is also rendered, after the runs, to DIR/profile-trace.png
#include <QApplication>
#include <QComboBox>
#include <QCommandLineParser>
#include <QDir>
#include <QIcon>
#include <QMessageBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>

#include <cstdio>
#include <memory>

#include "app/bridge/default_model.h"
#include "app/version.h"
#include "app/bridge/engine_client.h"
#include "app/charts/chart_style.h"
#include "app/models/run_history.h"
#include "app/settings/language.h"
#include "app/settings/settings.h"
#include "app/widgets/compare_page.h"
#include "app/widgets/demos/demo_screenshots.h"
#include "app/widgets/main_window.h"
#include "app/widgets/profile_page.h"
#include "app/widgets/optimise_page.h"

namespace {

// The installed icon theme's, else the same picture built in (packaging/icons).
QIcon applicationIcon()
{
    QIcon icon = QIcon::fromTheme(QStringLiteral(INFERSCOPE_APP_ID));
    if (icon.isNull())
        for (int size : {16, 32, 48, 64, 128, 256})
            icon.addFile(QStringLiteral(":/icons/" INFERSCOPE_APP_ID "-%1.png").arg(size), QSize(size, size));
    return icon;
}

// The Profile page showing the trace in `traceFile`, saved as DIR/profile-trace.png.
bool saveTraceScreenshot(MainWindow* window, const QString& dir, const QString& traceFile, QString* error)
{
    window->setCurrentPage(MainWindow::ProfilePageId);
    if (!window->profilePage()->openTraceFile(traceFile, error))
        return false;
    QApplication::processEvents();
    const QString path = QDir(dir).filePath(QStringLiteral("profile-trace.png"));
    if (!window->grab().save(path)) {
        *error = QStringLiteral("cannot write %1").arg(path);
        return false;
    }
    return true;
}

// Saves every page and quits; `problem` (if any) is reported and makes the exit code 1.
void finishScreenshots(MainWindow* window, const QString& dir, const QString& problem, const QString& traceFile = {})
{
    QString error;
    if (!problem.isEmpty())
        std::fprintf(stderr, "inferscope: %s\n", qPrintable(problem));
    if (!window->saveScreenshots(dir, &error) || !saveLearnDemoScreenshots(window, dir, &error) ||
        (!traceFile.isEmpty() && !saveTraceScreenshot(window, dir, traceFile, &error))) {
        std::fprintf(stderr, "inferscope: %s\n", qPrintable(error));
        QCoreApplication::exit(1);
        return;
    }
    std::printf("%s\n", qPrintable(QDir(dir).absolutePath()));
    QCoreApplication::exit(problem.isEmpty() ? 0 : 1);
}

// Drives the window through load -> two runs -> screenshots, then quits.
void scheduleScreenshots(MainWindow* window, EngineClient* engine, RunHistory* history, Settings* settings,
                         const QString& dir, const QString& traceFile)
{
    auto finish = [window, dir, traceFile](const QString& problem) { finishScreenshots(window, dir, problem, traceFile); };
    settings->setMaxTokens(48);
    settings->setThreads(0);
    QObject::connect(engine, &EngineClient::failed, window, [finish](const QString& m) { finish(m); });
    QObject::connect(engine, &EngineClient::modelLoaded, window, [window, settings] {
        settings->setTemperature(0.0);
        window->startRun();
    });
    QObject::connect(engine, &EngineClient::runFinished, window, [=](const RunResult&) {
        if (history->runs().size() < 2) {
            // A second run, sampled and with INT8 weights, so the Compare page has
            // something to compare and the Optimise page shows a profile.
            QTimer::singleShot(0, window, [window, settings] {
                settings->setTemperature(0.8);
                if (auto* dtype = window->optimisePage()->findChild<QComboBox*>(QStringLiteral("weightDType")))
                    dtype->setCurrentIndex(dtype->findData(QStringLiteral("int8")));
                window->startRun();
            });
            return;
        }
        QStringList ids;
        for (const RunResult& r : history->runs())
            ids << r.id;
        window->comparePage()->selectRuns(ids);
        runLearnDemos(window, [window, finish] { QTimer::singleShot(100, window, [finish] { finish({}); }); });
    });
}

// The translation code for a --lang value ("zh_CN", "zh-cn", "zh" -> "zh_CN"); empty if unsupported.
QString languageCode(const QString& value)
{
    const QString wanted = value.trimmed().toLower().replace(QLatin1Char('-'), QLatin1Char('_'));
    for (const QString& code : supportedLanguages()) {
        if (code.toLower() == wanted || code.section(QLatin1Char('_'), 0, 0).toLower() == wanted)
            return code;
    }
    return {};
}

// The --lang value on the command line ("--lang zh_CN" or "--lang=zh_CN"),
// read before the parser exists so that its --help speaks that language too.
QString langArgument(const QStringList& args)
{
    for (qsizetype i = 1; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--lang") && i + 1 < args.size())
            return args[i + 1];
        if (args[i].startsWith(QLatin1String("--lang=")))
            return args[i].section(QLatin1Char('='), 1);
    }
    return {};
}

}  // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("InferScope"));
    QApplication::setApplicationName(QStringLiteral("inferscope"));
    // --version prints "inferscope <version> (revision <hash>)".
    QApplication::setApplicationVersion(QStringLiteral(INFERSCOPE_VERSION_LINE));
    QGuiApplication::setDesktopFileName(QStringLiteral(INFERSCOPE_APP_ID));
    QApplication::setWindowIcon(applicationIcon());

    // The language of --help and of the command-line errors: --lang, else the
    // Language setting, else the system's (picked again below once the
    // settings of this run are known).
    const QString earlyLang = languageCode(langArgument(QCoreApplication::arguments()));
    applyLanguage(resolveLanguage(earlyLang.isEmpty() ? Settings().language() : earlyLang));

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "InferScope: profile and tune LLM inference."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QApplication::translate("main", "Render every page to DIR/<page>.png and exit."),
                                        QStringLiteral("DIR"));
    parser.addOption(screenshot);
    const QCommandLineOption lang(QStringLiteral("lang"),
                                  QApplication::translate("main", "Interface language: %1 (default: the Language "
                                                                  "setting, else the system's).")
                                      .arg(supportedLanguages().join(QStringLiteral(", "))),
                                  QStringLiteral("CODE"));
    parser.addOption(lang);
    const QCommandLineOption dark(QStringLiteral("dark"),
                                  QApplication::translate("main", "Use a dark palette, whatever the desktop's."));
    parser.addOption(dark);
    const QCommandLineOption trace(QStringLiteral("trace"),
                                   QApplication::translate("main", "Show a saved Chrome trace on the Profile page "
                                                                   "(with --screenshot: also DIR/profile-trace.png)."),
                                   QStringLiteral("FILE"));
    parser.addOption(trace);
    parser.addPositionalArgument(QStringLiteral("model"), QApplication::translate("main", "Model file to open."),
                                 QStringLiteral("[model]"));
    parser.process(app);
    const QString modelArg = parser.positionalArguments().value(0);
    const bool screenshotMode = parser.isSet(screenshot);
    const QString langArg = parser.isSet(lang) ? languageCode(parser.value(lang)) : QString();
    if (parser.isSet(lang) && langArg.isEmpty()) {
        std::fprintf(stderr, "inferscope: unknown language '%s' for --lang (expected %s)\n",
                     qPrintable(parser.value(lang)), qPrintable(supportedLanguages().join(QStringLiteral(", "))));
        return 2;
    }
    if (parser.isSet(dark)) {
        QApplication::setStyle(QStringLiteral("Fusion"));  // a style that paints with the palette
        QApplication::setPalette(darkPalette());
    }

    // Screenshots run against throwaway settings and history, never the user's.
    if (screenshotMode)
        QStandardPaths::setTestModeEnabled(true);
    const QString dataDir = appDataDir();
    const auto settingsPtr = screenshotMode
        ? std::make_unique<Settings>(QDir(dataDir).filePath(QStringLiteral("screenshot-settings.ini")))
        : std::make_unique<Settings>();
    Settings& settings = *settingsPtr;
    if (screenshotMode) {
        QFile::remove(QDir(dataDir).filePath(QStringLiteral("screenshot-history.json")));
        settings.setLastModel({});
        settings.setCurrentPage(0);
        settings.setLastProfile({});
    }
    // Before any widget exists: pages take their text when they are built.
    const QString language = resolveLanguage(langArg.isEmpty() ? settings.language() : langArg);
    if (!applyLanguage(language))
        std::fprintf(stderr, "inferscope: the %s translation is missing; the interface stays English\n",
                     qPrintable(language));
    RunHistory history(QDir(dataDir).filePath(screenshotMode ? QStringLiteral("screenshot-history.json")
                                                             : QStringLiteral("history.json")));
    EngineClient engine;
    MainWindow window(&settings, &engine, &history);
    if (screenshotMode) {
        window.resize(1400, 860);
        scheduleScreenshots(&window, &engine, &history, &settings, parser.value(screenshot), parser.value(trace));
    } else if (parser.isSet(trace)) {
        QString error;
        if (!window.profilePage()->openTraceFile(parser.value(trace), &error)) {
            std::fprintf(stderr, "inferscope: %s\n", qPrintable(error));
            return 1;
        }
        window.setCurrentPage(MainWindow::ProfilePageId);
    }
    window.show();
    if (!history.load() && !screenshotMode) {
        // A dialog that does not block the window: why the history could not be
        // read and where the old file was kept.
        auto* box = new QMessageBox(QMessageBox::Warning, QCoreApplication::translate("RunHistory", "Run history"),
                                    history.lastError(), QMessageBox::Ok, &window);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        window.statusBar()->showMessage(history.lastError(), 10000);
    }
    if (!window.openStartupModel(modelArg) && screenshotMode) {
        const QString dir = parser.value(screenshot);
        const QString traceFile = parser.value(trace);
        QTimer::singleShot(0, &window, [&window, dir, traceFile] {
            finishScreenshots(&window, dir, QStringLiteral("no model found; pages rendered without one"), traceFile);
        });
    }
    return app.exec();
}

#include "app/widgets/main_window.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QStatusBar>
#include <QToolBar>

#include "app/bridge/build_info.h"
#include "app/bridge/default_model.h"
#include "app/bridge/engine_catalog.h"
#include "app/bridge/engine_client.h"
#include "app/models/run_history.h"
#include "app/models/tensor_table_model.h"
#include "app/settings/language.h"
#include "app/settings/settings.h"
#include "app/widgets/about_dialog.h"
#include "app/widgets/compare_page.h"
#include "app/widgets/sensitivity_panel.h"
#include "app/widgets/sweep_panel.h"
#include "app/widgets/export_page.h"
#include "app/widgets/learn_page.h"
#include "app/widgets/model_page.h"
#include "app/widgets/optimise_page.h"
#include "app/widgets/profile_export_panel.h"
#include "app/bridge/profile_document.h"
#include "app/widgets/download_dialog.h"
#include "app/widgets/profile_page.h"
#include "app/widgets/run_page.h"
#include "app/widgets/progress_indicator.h"
#include "app/widgets/synth_dialog.h"
#include "app/widgets/teaching_presets.h"
#include "app/charts/histogram_chart.h"
#include "app/charts/latency_chart.h"

namespace {
constexpr int kOpenOtherRole = Qt::UserRole + 10;  // the "Open..." entry of the model selector
}

MainWindow::MainWindow(Settings* settings, EngineClient* engine, RunHistory* history, QWidget* parent)
    : QMainWindow(parent), m_settings(settings), m_engine(engine), m_history(history)
{
    setWindowTitle(tr("InferScope"));
    setAcceptDrops(true);
    createActions();
    createPages();
    createToolBar();
    createStatusBar();
    connectEngine();
    restoreWindow();
    refreshModelSelector();
    // The last complete run comes back: the Profile and Export pages show it until a new one finishes.
    if (const RunResult* last = m_history->lastComplete())
        showStoredRun(*last);
    updateActions();
}

void MainWindow::showStoredRun(const RunResult& run)
{
    m_profilePage->showStoredRun(run);
    m_exportPage->setLastRun(run);
    updateActions();
}

QString MainWindow::pageKey(Page page)
{
    static const char* const kKeys[PageCount] = {"model", "optimise", "run", "profile", "compare", "export", "learn"};
    return QString::fromLatin1(kKeys[page]);
}

void MainWindow::createActions()
{
    m_openAction = new QAction(tr("&Open model..."), this);
    m_openAction->setShortcut(QKeySequence::Open);
    connect(m_openAction, &QAction::triggered, this, &MainWindow::openModelDialog);
    m_openFolderAction = new QAction(tr("Open model &folder..."), this);
    m_openFolderAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_openFolderAction->setToolTip(
        tr("Open a Hugging Face model folder: config.json, *.safetensors and tokenizer.json (Ctrl+Shift+O)"));
    connect(m_openFolderAction, &QAction::triggered, this, &MainWindow::openModelFolderDialog);
    m_synthAction = new QAction(tr("&Generate synthetic model..."), this);
    connect(m_synthAction, &QAction::triggered, this, &MainWindow::openSynthDialog);
    m_runAction = new QAction(tr("&Run"), this);
    m_runAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_runAction->setToolTip(tr("Generate with the Run page's settings (Ctrl+R)"));
    connect(m_runAction, &QAction::triggered, this, &MainWindow::startRun);
    m_cancelAction = new QAction(tr("&Cancel"), this);
    m_cancelAction->setShortcuts({QKeySequence(Qt::Key_Escape), QKeySequence(Qt::CTRL | Qt::Key_Period)});
    m_cancelAction->setToolTip(tr("Stop the running job (Esc or Ctrl+.)"));
    connect(m_cancelAction, &QAction::triggered, this, [this] {
        m_userCancelled = true;
        m_engine->cancel();
    });
    m_exportAction = new QAction(tr("&Export last run..."), this);
    m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    connect(m_exportAction, &QAction::triggered, this, [this] {
        setCurrentPage(ExportPageId);
        m_exportPage->exportRunJson();
    });
    auto* quit = new QAction(tr("&Quit"), this);
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_openAction);
    file->addAction(m_openFolderAction);
    file->addAction(m_synthAction);
    auto* download = new QAction(tr("&Download a small model..."), this);
    connect(download, &QAction::triggered, this, &MainWindow::openDownloadDialog);
    file->addAction(download);
    file->addSeparator();
    file->addAction(m_exportAction);
    file->addSeparator();
    file->addAction(quit);
    QMenu* run = menuBar()->addMenu(tr("&Run"));
    run->addAction(m_runAction);
    run->addAction(m_cancelAction);
    createLanguageMenu(menuBar()->addMenu(tr("&Settings")));
    createHelpMenu();
}

void MainWindow::createLanguageMenu(QMenu* settingsMenu)
{
    // The choice is stored and applied at the next start: every page builds its
    // text once, so switching live would leave half the window in the old language.
    QMenu* menu = settingsMenu->addMenu(tr("&Language"));
    menu->setObjectName(QStringLiteral("languageMenu"));
    auto* group = new QActionGroup(this);
    const QString systemChoice = languageDisplayName(resolveLanguage({}));
    QList<QPair<QString, QString>> choices{{tr("System (%1)").arg(systemChoice), QString()}};
    for (const QString& code : supportedLanguages())
        choices.append({languageDisplayName(code), code});
    for (const auto& [label, code] : choices) {
        QAction* action = menu->addAction(label);
        action->setCheckable(true);
        action->setData(code);
        action->setChecked(code == m_settings->language());
        group->addAction(action);
        connect(action, &QAction::triggered, this, [this, code = code] {  // a copy: clang 14 cannot capture a structured binding
            if (code == m_settings->language())
                return;
            m_settings->setLanguage(code);
            QMessageBox::information(this, tr("Language"),
                                     tr("The new language takes effect when InferScope is started again."));
        });
    }
}

void MainWindow::createHelpMenu()
{
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->setObjectName(QStringLiteral("helpMenu"));
    QAction* about = help->addAction(tr("&About InferScope"), this, [this] {
        auto* dialog = new AboutDialog(currentBuildInfo(), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
    });
    about->setObjectName(QStringLiteral("aboutAction"));
    about->setMenuRole(QAction::AboutRole);
    QAction* aboutQt = help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setObjectName(QStringLiteral("aboutQtAction"));
    aboutQt->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::createToolBar()
{
    QToolBar* bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setMovable(false);
    bar->addWidget(new QLabel(tr(" Model: ")));
    m_modelSelector = new QComboBox;
    m_modelSelector->setObjectName(QStringLiteral("modelSelector"));
    m_modelSelector->setMinimumContentsLength(28);
    m_modelSelector->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_modelSelector->setToolTip(tr("Recently used models"));
    connect(m_modelSelector, &QComboBox::activated, this, [this](int index) {
        if (m_modelSelector->itemData(index, kOpenOtherRole).toBool()) {
            refreshModelSelector();
            openModelDialog();
            return;
        }
        const QString path = m_modelSelector->itemData(index).toString();
        if (!path.isEmpty() && path != m_engine->model().path)
            openModel(path);
    });
    bar->addWidget(m_modelSelector);
    bar->addAction(m_openAction);
    bar->addSeparator();
    bar->addWidget(new QLabel(tr(" Device: ")));
    m_deviceSelector = new QComboBox;
    m_deviceSelector->setObjectName(QStringLiteral("deviceSelector"));
    bar->addWidget(m_deviceSelector);
    // Why a device is missing, in the registry's words (as `inferscope-cli devices` prints it).
    m_deviceReason = new QLabel;
    m_deviceReason->setObjectName(QStringLiteral("deviceReason"));
    m_deviceReason->setEnabled(false);  // drawn greyed, like the entry it explains
    m_deviceReasonAction = bar->addWidget(m_deviceReason);  // toolbar widgets show and hide through their action
    refreshDevices();
    bar->addSeparator();
    bar->addAction(m_runAction);
    bar->addAction(m_cancelAction);
    bar->addSeparator();
    bar->addAction(m_exportAction);
}

void MainWindow::refreshDevices()
{
    m_deviceSelector->clear();
    auto* model = qobject_cast<QStandardItemModel*>(m_deviceSelector->model());
    QStringList reasons;
    for (const DeviceEntry& d : availableDevices()) {
        m_deviceSelector->addItem(d.label, d.id);
        const int row = m_deviceSelector->count() - 1;
        m_deviceSelector->setItemData(row, d.toolTip, Qt::ToolTipRole);
        if (!d.enabled && model) {
            model->item(row)->setEnabled(false);
            reasons << tr("%1: %2").arg(d.label, d.toolTip);
        }
    }
    m_deviceSelector->setCurrentIndex(0);
    // A greyed entry's own tooltip is easy to miss: the reason also sits beside
    // the selector (elided) and in the selector's tooltip.
    const QString why = reasons.join(QLatin1Char('\n'));
    m_deviceSelector->setToolTip(why.isEmpty() ? tr("The device generation runs on") : why);
    m_deviceReason->setText(fontMetrics().elidedText(reasons.join(QStringLiteral("; ")), Qt::ElideRight, 360));
    m_deviceReason->setToolTip(why);
    m_deviceReasonAction->setVisible(!why.isEmpty());
}

void MainWindow::createStatusBar()
{
    m_deviceLabel = new QLabel;
    m_deviceLabel->setText(m_deviceSelector->currentText());
    m_deviceLabel->setToolTip(tr("The device generation runs on"));
    m_memoryLabel = new QLabel(tr("No model"));
    m_memoryLabel->setToolTip(tr("Weight memory of the loaded model, as stored in its file"));
    m_stateLabel = new QLabel(engineStateName(EngineState::Idle));
    m_stateLabel->setToolTip(tr("What the engine is doing"));
    m_progress = new ProgressIndicator;  // as wide as its sentence allows; elided, never wrapped
    m_progress->setVisible(false);
    statusBar()->addPermanentWidget(m_deviceLabel);
    statusBar()->addPermanentWidget(m_memoryLabel);
    statusBar()->addPermanentWidget(m_stateLabel);
    statusBar()->addPermanentWidget(m_progress);
}

void MainWindow::createPages()
{
    m_modelPage = new ModelPage;
    connect(m_modelPage, &ModelPage::openRequested, this, &MainWindow::openModelDialog);
    connect(m_modelPage, &ModelPage::openFolderRequested, this, &MainWindow::openModelFolderDialog);
    connect(m_modelPage, &ModelPage::synthRequested, this, &MainWindow::openSynthDialog);
    connect(m_modelPage, &ModelPage::downloadRequested, this, &MainWindow::openDownloadDialog);
    m_runPage = new RunPage(m_settings);
    connect(m_runPage, &RunPage::runRequested, this, &MainWindow::startRun);
    connect(m_runPage, &RunPage::cancelRequested, m_cancelAction, &QAction::trigger);
    m_profilePage = new ProfilePage;
    m_comparePage = new ComparePage(m_history);
    m_exportPage = new ExportPage(m_settings, m_profilePage->latencyChart(), m_profilePage->histogramChart());
    m_optimisePage = new OptimisePage(m_settings);
    auto* optimise = m_optimisePage;
    // The Export page shows (and exports) the Optimise page's profile; a profile
    // imported there lands in the Optimise page's knobs.
    ProfileExportPanel* panel = m_exportPage->profilePanel();
    connect(m_optimisePage, &OptimisePage::profileChanged, this, [this, panel] {
        if (m_optimisePage->isValid())
            panel->setBaseProfile(m_optimisePage->profileJson());
    });
    if (m_optimisePage->isValid())
        panel->setBaseProfile(m_optimisePage->profileJson());
    connect(panel, &ProfileExportPanel::profileImported, m_optimisePage, &OptimisePage::setProfileJson);
    connect(m_optimisePage, &OptimisePage::validityChanged, this, &MainWindow::updateActions);
    m_learnPage = new LearnPage;
    auto* learn = m_learnPage;
    // A demo on the Learn page runs on the Compare page, where its result lands.
    connect(m_learnPage, &LearnPage::presetRequested, this, [this](const QString& id) {
        setCurrentPage(ComparePageId);
        m_comparePage->presetsPanel()->startPreset(id);
    });

    m_stack = new QStackedWidget;
    m_pageList = new QListWidget;
    const QString titles[PageCount] = {tr("Model"), tr("Optimise"), tr("Run"), tr("Profile"),
                                       tr("Compare"), tr("Export"), tr("Learn")};
    QWidget* pages[PageCount] = {m_modelPage, optimise, m_runPage, m_profilePage, m_comparePage, m_exportPage, learn};
    for (int i = 0; i < PageCount; ++i) {
        m_pageList->addItem(titles[i]);
        m_stack->addWidget(pages[i]);
    }
    QFont listFont = m_pageList->font();
    listFont.setPointSizeF(listFont.pointSizeF() * 1.15);
    m_pageList->setFont(listFont);
    m_pageList->setSpacing(3);
    m_pageList->setFixedWidth(m_pageList->sizeHintForColumn(0) + 40);
    connect(m_pageList, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row < 0)
            return;
        m_stack->setCurrentIndex(row);
        m_settings->setCurrentPage(row);
    });

    auto* central = new QWidget;
    auto* layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_pageList);
    layout->addWidget(m_stack, 1);
    setCentralWidget(central);
}

void MainWindow::connectEngine()
{
    connect(m_engine, &EngineClient::stateChanged, this, &MainWindow::onStateChanged);
    connect(m_engine, &EngineClient::modelLoaded, this, &MainWindow::onModelLoaded);
    connect(m_engine, &EngineClient::tokensGenerated, m_runPage, &RunPage::appendTokens);
    connect(m_engine, &EngineClient::tokensGenerated, m_profilePage, &ProfilePage::appendTokens);
    connect(m_engine, &EngineClient::runTimingsReady, this, &MainWindow::onRunTimingsReady);
    connect(m_engine, &EngineClient::runFinished, this, &MainWindow::onRunFinished);
    connect(m_engine, &EngineClient::failed, this, &MainWindow::onFailed);
    connect(m_engine, &EngineClient::progress, this, &MainWindow::onProgress);
    connect(m_engine, &EngineClient::progress, m_runPage, &RunPage::showProgress);
    m_profilePage->setEngine(m_engine, m_history);
    connect(m_engine, &EngineClient::synthesized, this, [this](const QString& path) {
        statusBar()->showMessage(tr("Wrote %1").arg(path), 5000);
        openModel(path);
    });
    // After onRunFinished: a preset's run is in the history before it selects it.
    m_comparePage->setEngine(m_engine);
    m_learnPage->setEngine(m_engine);
    // A sweep point's profile becomes the Optimise page's; "Export" then shows it on the Export page.
    const auto applySweepPoint = [this](const QByteArray& json, Page page) {
        const QStringList errors = m_optimisePage->setProfileJson(json);
        if (errors.isEmpty())
            setCurrentPage(page);
        else
            showError(tr("The sweep point's profile was not applied"), errors.join(QLatin1Char('\n')));
    };
    connect(m_comparePage->sweepPanel(), &SweepPanel::openProfileRequested, this,
            [applySweepPoint](const QByteArray& json) { applySweepPoint(json, OptimisePageId); });
    connect(m_comparePage->sweepPanel(), &SweepPanel::exportProfileRequested, this,
            [applySweepPoint](const QByteArray& json) { applySweepPoint(json, ExportPageId); });
    connect(m_comparePage->sensitivityPanel(), &SensitivityPanel::openProfileRequested, this,
            [applySweepPoint](const QByteArray& json) { applySweepPoint(json, OptimisePageId); });
    connect(m_comparePage, &ComparePage::openRunRequested, this, [this](const RunResult& run) {
        showStoredRun(run);
        setCurrentPage(ProfilePageId);
        statusBar()->showMessage(tr("Showing %1").arg(ComparePage::runTitle(run)), 5000);
    });
    m_comparePage->presetsPanel()->setBaseRequest([this] { return m_runPage->request(); });
}

void MainWindow::restoreWindow()
{
    if (!restoreGeometry(m_settings->windowGeometry()))
        resize(1360, 840);
    restoreState(m_settings->windowState());
    const int page = m_settings->currentPage();
    setCurrentPage(page >= 0 && page < PageCount ? Page(page) : ModelPageId);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    m_settings->setWindowGeometry(saveGeometry());
    m_settings->setWindowState(saveState());
    m_settings->sync();
    QMainWindow::closeEvent(event);
}

void MainWindow::setCurrentPage(Page page)
{
    m_pageList->setCurrentRow(page);
}

MainWindow::Page MainWindow::currentPage() const
{
    return Page(m_stack->currentIndex());
}

void MainWindow::updateActions()
{
    const EngineState state = m_engine->state();
    const bool idle = state == EngineState::Idle;
    const bool profileOk = m_optimisePage->isValid();
    m_runAction->setEnabled(idle && m_engine->hasModel() && profileOk);
    // Why Run is off, where the user looks: the action's tooltip and the status bar.
    const QString reason = profileOk ? QString() : tr("The profile cannot run: %1").arg(m_optimisePage->problem());
    m_runAction->setToolTip(profileOk ? tr("Generate with the Run page's settings and the Optimise page's profile "
                                           "(Ctrl+R)")
                                      : reason);
    if (!profileOk)
        statusBar()->showMessage(reason);
    else if (statusBar()->currentMessage().startsWith(tr("The profile cannot run: %1").arg(QString())))
        statusBar()->clearMessage();
    // Every engine job polls the cancel flag: a load at each of its phases, runs and synthesis as they go.
    m_cancelAction->setEnabled(state != EngineState::Idle);
    m_openAction->setEnabled(idle);
    m_openFolderAction->setEnabled(idle);
    m_synthAction->setEnabled(idle);
    m_modelSelector->setEnabled(idle);
    m_exportAction->setEnabled(m_exportPage->hasRun());
    m_runPage->setRunEnabled(idle && m_engine->hasModel() && profileOk, reason);
}

void MainWindow::refreshModelSelector()
{
    const QSignalBlocker blocker(m_modelSelector);
    m_modelSelector->clear();
    const QString current = m_engine->model().path;
    QStringList paths = m_settings->recentModels();
    if (!current.isEmpty() && !paths.contains(current))
        paths.prepend(current);
    for (const QString& path : paths) {
        m_modelSelector->addItem(QFileInfo(path).fileName(), path);
        m_modelSelector->setItemData(m_modelSelector->count() - 1, path, Qt::ToolTipRole);
    }
    // With no model loaded the selector says so, never a recent model that is not open.
    if (current.isEmpty())
        m_modelSelector->insertItem(0, tr("(no model)"));
    m_modelSelector->insertSeparator(m_modelSelector->count());
    m_modelSelector->addItem(tr("Open another model..."));
    m_modelSelector->setItemData(m_modelSelector->count() - 1, true, kOpenOtherRole);
    const int index = current.isEmpty() ? 0 : m_modelSelector->findData(current);
    m_modelSelector->setCurrentIndex(index >= 0 ? index : 0);
}

bool MainWindow::openStartupModel(const QString& commandLinePath)
{
    const QString path = findDefaultModel(defaultModelSources(commandLinePath, m_settings->lastModel()));
    if (!path.isEmpty()) {
        openModel(path);
        return true;
    }
    m_modelPage->setEmptyMessage(
        tr("No model was found (no last model, no $INFERSCOPE_MODEL, no bundled stories260K.gguf and no *.gguf in "
           "%1).\n\nOpen a model (Ctrl+O), drop one on the window, or generate a small synthetic model into the "
           "data directory.")
            .arg(QDir::toNativeSeparators(QDir(appDataDir()).filePath(QStringLiteral("models")))));
    setCurrentPage(ModelPageId);
    return false;
}

void MainWindow::openModel(const QString& path)
{
    m_pendingModel = path;
    m_userCancelled = false;
    m_engine->load(path, m_settings->threads());
}

void MainWindow::openModelDialog()
{
    const QString dir = m_engine->hasModel() ? QFileInfo(m_engine->model().path).absolutePath() : QString();
    const QString path = QFileDialog::getOpenFileName(this, tr("Open model"), dir,
                                                      tr("Models (*.gguf *.bin);;All files (*)"));
    if (!path.isEmpty())
        openModel(path);
}

void MainWindow::openModelFolderDialog()
{
    const QString dir = m_engine->hasModel() ? QFileInfo(m_engine->model().path).absolutePath() : QString();
    const QString path = QFileDialog::getExistingDirectory(this, tr("Open Hugging Face model folder"), dir);
    if (!path.isEmpty())
        openModel(path);
}

void MainWindow::openSynthDialog()
{
    SynthDialog dialog(QDir(appDataDir()).filePath(QStringLiteral("models")), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const SynthRequest request = dialog.request();
    QDir().mkpath(QFileInfo(request.outputPath).absolutePath());
    m_userCancelled = false;
    m_engine->synthesize(request);
}

void MainWindow::openDownloadDialog()
{
    auto* dialog = new DownloadDialog(QDir(appDataDir()).filePath(QStringLiteral("models")), builtInDownloads(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &DownloadDialog::downloaded, this, [this](const QString& path) {
        if (m_engine->state() == EngineState::Idle)
            openModel(path);
    });
    dialog->open();
}

void MainWindow::startRun()
{
    if (!m_engine->hasModel() || m_engine->state() != EngineState::Idle || !m_optimisePage->isValid())
        return;
    m_userCancelled = false;
    m_runPage->runStarted();
    m_profilePage->runStarted();
    RunRequest request = m_runPage->request();
    request.device = m_deviceSelector->currentData().toString();
    // The Optimise page's profile with the Run page's knobs written into it: one
    // document says everything the run does, and the run's record keeps it.
    request.profileJson = QString::fromUtf8(profileWithRunKnobs(m_optimisePage->profile(), request).toJson());
    m_engine->run(request);
}

void MainWindow::onStateChanged(EngineState state)
{
    m_stateLabel->setText(engineStateName(state));
    if (state == EngineState::Idle) {
        m_progress->setVisible(false);
    }
    updateActions();
}

void MainWindow::onModelLoaded(const ModelInfo& info)
{
    m_pendingModel.clear();
    m_settings->setLastModel(info.path);
    m_settings->addRecentModel(info.path);
    m_modelPage->setModel(info);
    m_optimisePage->setModel(info);
    m_comparePage->sweepPanel()->setModelPath(info.path);
    m_comparePage->sensitivityPanel()->setModelPath(info.path);
    m_memoryLabel->setText(tr("Weights %1").arg(formatBytes(info.weightBytes)));
    m_memoryLabel->setToolTip(tr("Weight memory of the loaded model, as stored in its file"));
    m_deviceLabel->setText(tr("CPU (%1 threads)").arg(info.threads));
    setWindowTitle(tr("%1 - InferScope").arg(info.name));
    statusBar()->showMessage(tr("Loaded %1 in %2 ms").arg(info.path).arg(info.loadMs, 0, 'f', 1), 5000);
    refreshModelSelector();
    updateActions();
}

void MainWindow::onRunTimingsReady(const RunResult& result)
{
    m_runPage->runFinished(result);
    m_profilePage->showResult(result);  // a cancelled run does not replace the last complete one there
    if (!result.cancelled)
        m_optimisePage->showRunResult(result);
    m_deviceLabel->setText(result.device);
    if (result.weightBytes > 0) {
        // The profile may have re-quantized or pruned the weights: show what the run held.
        m_memoryLabel->setText(tr("Weights %1").arg(formatBytes(result.weightBytes)));
        m_memoryLabel->setToolTip(tr("Weight memory as the last run held it (after the profile's passes)"));
    }
    if (!result.cancelled)
        m_exportPage->setLastRun(result);
    // A cancelled run is kept too, marked as such, with what it measured.
    if (!m_history->append(result))
        statusBar()->showMessage(m_history->lastError(), 8000);
    updateActions();
}

void MainWindow::onRunFinished(const RunResult& result)
{
    // The run is in the history since its first stage; what the job added
    // since is its quality (measured, skipped, or cancelled by the user).
    const RunResult* stored = m_history->find(result.id);
    if (!stored || stored->quality.pending()) {
        if (stored && !m_history->updateQuality(result.id, result.quality))
            statusBar()->showMessage(m_history->lastError(), 8000);
        m_profilePage->applyQuality(result.id, result.quality);
        m_runPage->qualityFinished(result);
        if (!result.cancelled)
            m_exportPage->setLastRun(result);
    }
    updateActions();
}

void MainWindow::onFailed(const QString& message)
{
    const QString failedModel = std::exchange(m_pendingModel, QString());
    m_runPage->runFailed(message);
    if (m_userCancelled) {  // the user asked for it: no dialog
        statusBar()->showMessage(message, 5000);
        m_userCancelled = false;
        if (!failedModel.isEmpty()) {
            // A cancelled open: the selector goes back to what is still loaded.
            refreshModelSelector();
            updateActions();
        }
        return;
    }
    if (!failedModel.isEmpty()) {
        // Selector, model page and status bar agree on what is open now: the
        // previous model, or none.
        refreshModelSelector();
        const QString text = tr("Could not open %1:\n%2").arg(failedModel, message);
        if (!m_engine->hasModel())
            m_modelPage->setEmptyMessage(text);
        statusBar()->showMessage(tr("Could not open %1").arg(failedModel), 10000);
        showError(tr("InferScope"), text);
        updateActions();
        return;
    }
    showError(tr("InferScope"), message);
    updateActions();
}

void MainWindow::onProgress(const ProgressInfo& info)
{
    m_progress->setVisible(true);
    m_progress->setProgress(info);  // the sentence is there, elided where narrow, whole in the tooltip
}

void MainWindow::showError(const QString& title, const QString& message)
{
    m_lastError = message;
    // Window-modal but not blocking: the event loop (and the engine's signals) keep running.
    auto* box = new QMessageBox(QMessageBox::Critical, title, message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    emit errorShown(message);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() == 1 && urls.first().isLocalFile())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() != 1 || !urls.first().isLocalFile() || m_engine->state() != EngineState::Idle)
        return;
    event->acceptProposedAction();
    setCurrentPage(ModelPageId);
    openModel(urls.first().toLocalFile());
}

bool MainWindow::saveScreenshots(const QString& dir, QString* error)
{
    if (!QDir().mkpath(dir)) {
        if (error)
            *error = tr("Cannot create %1").arg(dir);
        return false;
    }
    const Page previous = currentPage();
    for (int p = 0; p < PageCount; ++p) {
        setCurrentPage(Page(p));
        QApplication::processEvents();
        const QString path = QDir(dir).filePath(pageKey(Page(p)) + QStringLiteral(".png"));
        if (!grab().save(path)) {
            if (error)
                *error = tr("Cannot write %1").arg(path);
            return false;
        }
    }
    setCurrentPage(previous);
    return true;
}

#pragma once
// MainWindow: the workbench shell in the manner of profiling tools: a toolbar
// (model and device selectors, Run, Cancel), a page list on the left, the pages
// in the middle, and a status bar with the device, the model's memory, the
// engine's state and a progress bar. It wires pages to the EngineClient; the
// pages themselves never talk to the engine.
#include <QMainWindow>

#include "app/bridge/engine_types.h"

class ComparePage;
class LearnPage;
class EngineClient;
class ExportPage;
class ModelPage;
class OptimisePage;
class ProfilePage;
class QAction;
class QComboBox;
class QLabel;
class QListWidget;
class QMenu;
class ProgressIndicator;
class QStackedWidget;
class RunHistory;
class RunPage;
class Settings;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    enum Page { ModelPageId, OptimisePageId, RunPageId, ProfilePageId, ComparePageId, ExportPageId, LearnPageId,
                PageCount };

    MainWindow(Settings* settings, EngineClient* engine, RunHistory* history, QWidget* parent = nullptr);

    static QString pageKey(Page page);  // "model", "run", ... (screenshot file names)
    void setCurrentPage(Page page);
    Page currentPage() const;

    // Opens the startup model (see default_model.h); `commandLinePath` wins.
    // False when none was found (the Model page then offers a synthetic one).
    bool openStartupModel(const QString& commandLinePath);
    void openModel(const QString& path);
    void startRun();
    // Renders every page to DIR/<page>.png; false with a message on failure.
    bool saveScreenshots(const QString& dir, QString* error = nullptr);

    ModelPage* modelPage() const { return m_modelPage; }
    RunPage* runPage() const { return m_runPage; }
    OptimisePage* optimisePage() const { return m_optimisePage; }
    ExportPage* exportPage() const { return m_exportPage; }
    ProfilePage* profilePage() const { return m_profilePage; }
    ComparePage* comparePage() const { return m_comparePage; }
    LearnPage* learnPage() const { return m_learnPage; }
    QString lastError() const { return m_lastError; }
    ProgressIndicator* progressIndicator() const { return m_progress; }

signals:
    // After an error dialog was opened (tests watch this instead of the dialog).
    void errorShown(const QString& message);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void createLanguageMenu(QMenu* settingsMenu);
    void createHelpMenu();  // About InferScope, About Qt
    void createToolBar();
    void createStatusBar();
    void createPages();
    void connectEngine();
    void restoreWindow();
    void updateActions();
    void refreshModelSelector();
    void refreshDevices();
    void showError(const QString& title, const QString& message);
    void openModelDialog();
    void openModelFolderDialog();
    void openSynthDialog();
    void openDownloadDialog();
    void onStateChanged(EngineState state);
    void onModelLoaded(const ModelInfo& info);
    void onRunTimingsReady(const RunResult& result);
    void onRunFinished(const RunResult& result);
    // A stored run on the Profile and Export pages (history double-click, start-up).
    void showStoredRun(const RunResult& run);
    void onFailed(const QString& message);
    void onProgress(const ProgressInfo& info);

    Settings* m_settings;
    EngineClient* m_engine;
    RunHistory* m_history;
    QString m_pendingModel;      // being loaded
    bool m_userCancelled = false;

    QAction* m_openAction = nullptr;
    QAction* m_openFolderAction = nullptr;
    QAction* m_runAction = nullptr;
    QAction* m_cancelAction = nullptr;
    QAction* m_exportAction = nullptr;
    QAction* m_synthAction = nullptr;
    QComboBox* m_modelSelector = nullptr;
    QComboBox* m_deviceSelector = nullptr;
    QLabel* m_deviceReason = nullptr;  // why a device entry is greyed out
    QAction* m_deviceReasonAction = nullptr;
    QListWidget* m_pageList = nullptr;
    QStackedWidget* m_stack = nullptr;
    QLabel* m_deviceLabel = nullptr;
    QLabel* m_memoryLabel = nullptr;
    QLabel* m_stateLabel = nullptr;
    ProgressIndicator* m_progress = nullptr;

    ModelPage* m_modelPage = nullptr;
    RunPage* m_runPage = nullptr;
    OptimisePage* m_optimisePage = nullptr;
    ProfilePage* m_profilePage = nullptr;
    ComparePage* m_comparePage = nullptr;
    LearnPage* m_learnPage = nullptr;
    ExportPage* m_exportPage = nullptr;
    QString m_lastError;
};

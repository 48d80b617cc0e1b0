#pragma once
// DemoPanel: one measured teaching demo of the Learn page. A title, a short
// explanation, Run and Cancel, a progress line and the demo's charts. Run
// hands the demo's task to the engine's worker (EngineClient::runDemo); when
// it ends the subclass fills its charts from the task's measurements.
#include <QWidget>

#include "app/bridge/demo_task.h"

class EngineClient;
class QLabel;
class QPushButton;
class QVBoxLayout;
struct ProgressInfo;

class DemoPanel : public QWidget {
    Q_OBJECT
public:
    // `name`: the tab and button ("Pruning"); `title`: the heading.
    DemoPanel(const QString& id, const QString& name, const QString& title, const QString& explanation,
              QWidget* parent = nullptr);

    QString id() const { return m_id; }
    QString name() const { return m_name; }
    QString title() const { return m_title; }
    void setEngine(EngineClient* engine);
    // False, with the reason on the status line, when no model is loaded or
    // the engine is busy.
    bool start();
    void cancel();
    bool isRunning() const { return m_job != 0; }
    bool hasResult() const { return m_hasResult; }
    QString statusText() const;

signals:
    // The run ended: its charts are filled (`ok`), or it failed or was cancelled.
    void finished(bool ok);

protected:
    // A fresh task for one run (the panel keeps it until the run ends).
    virtual DemoTaskPtr makeTask() = 0;
    // Fills the charts from `task` after a successful run.
    virtual void showResult(DemoTask& task) = 0;
    // Where the subclass puts its charts and controls.
    QVBoxLayout* contentLayout() const { return m_content; }

private:
    void onDemoFinished(quint64 job, bool cancelled);
    void onFailed(const QString& message);
    void onProgress(const ProgressInfo& info);
    void end(bool ok, const QString& status);
    void updateButtons();

    QString m_id;
    QString m_name;
    QString m_title;
    EngineClient* m_engine = nullptr;
    DemoTaskPtr m_task;
    quint64 m_job = 0;
    bool m_hasResult = false;
    QPushButton* m_run;
    QPushButton* m_cancel;
    QLabel* m_status;
    QVBoxLayout* m_content;
};

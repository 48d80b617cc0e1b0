#pragma once
// LearnPage: the workbench as a textbook. Left, every knob of a profile as a
// topic; right, what it does and what it trades (the same texts the Optimise
// page shows on focus). Below, the teaching demos: each button runs a real
// comparison (KV cache on vs off, the precision ladder) on the loaded model and
// shows the result on the Compare page. The measured demos (pruning,
// batching, paged KV, quantization error; app/widgets/demos/) each have a tab
// of their own with their charts.
#include <QVector>
#include <QWidget>

class DemoPanel;
class EngineClient;
class QListWidget;
class QTabWidget;
class QTextBrowser;

class LearnPage : public QWidget {
    Q_OBJECT
public:
    explicit LearnPage(QWidget* parent = nullptr);

    // Shows topic `row` (0 = the overview).
    void showTopic(int row);
    int topicCount() const;

    // Without an engine the measured demos cannot run.
    void setEngine(EngineClient* engine);
    const QVector<DemoPanel*>& demos() const { return m_demos; }
    DemoPanel* demo(const QString& id) const;
    // Shows the demo's tab (true) or the topics (an unknown id: false).
    bool showDemo(const QString& id);
    // Shows the demo's tab and runs it.
    bool startDemo(const QString& id);

signals:
    // A demo button was pressed: run teaching preset `id` (see teaching_presets.h).
    void presetRequested(const QString& id);

private:
    QWidget* makeTopicsTab();

    QTabWidget* m_tabs;
    QVector<DemoPanel*> m_demos;
    QListWidget* m_topics;
    QTextBrowser* m_text;
};

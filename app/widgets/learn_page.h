#pragma once
// LearnPage: the workbench as a textbook. Left, every knob of a profile as a
// topic; right, what it does and what it trades (the same texts the Optimise
// page shows on focus). Below, the teaching demos: each button runs a real
// comparison (KV cache on vs off, the precision ladder) on the loaded model and
// shows the result on the Compare page.
#include <QWidget>

class QListWidget;
class QTextBrowser;

class LearnPage : public QWidget {
    Q_OBJECT
public:
    explicit LearnPage(QWidget* parent = nullptr);

    // Shows topic `row` (0 = the overview).
    void showTopic(int row);
    int topicCount() const;

signals:
    // A demo button was pressed: run teaching preset `id` (see teaching_presets.h).
    void presetRequested(const QString& id);

private:
    QListWidget* m_topics;
    QTextBrowser* m_text;
};

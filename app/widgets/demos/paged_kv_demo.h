#pragma once
// The paged KV demo: the real block pool played back step by step as
// sequences arrive, grow and leave, and the fragmentation against block size
// (engine/study/paged_kv_study.h).
#include "app/widgets/demos/demo_panel.h"

class BlockGridWidget;
class QLabel;
class QPushButton;
class QSlider;
class QTimer;
class SeriesChart;

class PagedKvDemo : public DemoPanel {
    Q_OBJECT
public:
    explicit PagedKvDemo(QWidget* parent = nullptr);

    BlockGridWidget* grid() const { return m_grid; }
    SeriesChart* fragmentationChart() const { return m_fragmentation; }
    bool isPlaying() const;
    void play();
    void pause();
    void step();

protected:
    DemoTaskPtr makeTask() override;
    void showResult(DemoTask& task) override;

private:
    void showFrameInfo(int index);

    BlockGridWidget* m_grid;
    SeriesChart* m_fragmentation;
    QPushButton* m_play;
    QPushButton* m_step;
    QSlider* m_slider;
    QLabel* m_frameInfo;
    QTimer* m_timer;
};

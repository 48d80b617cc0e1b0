#pragma once
// The batching demo: throughput and latency against batch size, static vs
// continuous batching on the same arrivals (engine/study/batching_study.h).
#include "app/widgets/demos/demo_panel.h"

class SeriesChart;

class BatchingDemo : public DemoPanel {
    Q_OBJECT
public:
    explicit BatchingDemo(QWidget* parent = nullptr);

    SeriesChart* throughputChart() const { return m_throughput; }
    SeriesChart* latencyChart() const { return m_latency; }

protected:
    DemoTaskPtr makeTask() override;
    void showResult(DemoTask& task) override;

private:
    SeriesChart* m_throughput;
    SeriesChart* m_latency;
};

#pragma once
// The pruning demo: KL divergence and decode speed against sparsity for
// magnitude, Wanda, N:M and structured pruning (engine/study/pruning_study.h).
#include "app/widgets/demos/demo_panel.h"

class SeriesChart;

class PruningDemo : public DemoPanel {
    Q_OBJECT
public:
    explicit PruningDemo(QWidget* parent = nullptr);

    SeriesChart* kldChart() const { return m_kld; }
    SeriesChart* speedChart() const { return m_speed; }

protected:
    DemoTaskPtr makeTask() override;
    void showResult(DemoTask& task) override;

private:
    SeriesChart* m_kld;
    SeriesChart* m_speed;
};

#pragma once
// The quantization error demo: per-layer histograms of the weight error
// (dequantized - original) for one format, and the layers ranked by how much
// quantizing only them costs (engine/study/quant_error_study.h).
#include <QVector>

#include "app/widgets/demos/demo_panel.h"

class LabelledBars;
class QComboBox;
class SeriesChart;
struct ChartSeries;

class QuantErrorDemo : public DemoPanel {
    Q_OBJECT
public:
    explicit QuantErrorDemo(QWidget* parent = nullptr);

    SeriesChart* histogramChart() const { return m_histogram; }
    LabelledBars* sensitivityChart() const { return m_sensitivity; }
    QComboBox* formatBox() const { return m_format; }
    QComboBox* layerBox() const { return m_layer; }

protected:
    DemoTaskPtr makeTask() override;
    void showResult(DemoTask& task) override;

private:
    void showLayers();

    SeriesChart* m_histogram;
    LabelledBars* m_sensitivity;
    QComboBox* m_format;
    QComboBox* m_layer;
    QVector<ChartSeries> m_layerHistograms;  // one per layer, in model order
};

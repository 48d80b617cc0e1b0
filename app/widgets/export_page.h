#pragma once
// ExportPage: writes the last run out: its full record as JSON, its per-token
// latencies as CSV, and the Profile charts as PNG or PDF; beside it the
// optimisation profile panel (profile JSON, llama.cpp and vLLM exports, and the
// nearest TensorRT-LLM, Triton and ONNX Runtime GenAI settings).
#include <QWidget>

#include "app/bridge/engine_types.h"

class ChartWidget;
class ProfileExportPanel;
class QLabel;
class QPushButton;
class Settings;

class ExportPage : public QWidget {
    Q_OBJECT
public:
    ExportPage(Settings* settings, ChartWidget* latencyChart, ChartWidget* histogramChart, QWidget* parent = nullptr);

    void setLastRun(const RunResult& run);
    bool hasRun() const { return !m_run.id.isEmpty(); }
    ProfileExportPanel* profilePanel() const { return m_profilePanel; }

    // Each returns an error message, or an empty string on success.
    QString writeRunJson(const QString& path) const;
    QString writeLatencyCsv(const QString& path) const;
    // The run's op spans as Chrome trace-event JSON (Perfetto, chrome://tracing):
    // one "X" event per span, pid 0 (the CPU), tid = the engine's thread number.
    QString writeChromeTrace(const QString& path) const;

public slots:
    void exportRunJson();  // asks for a path

private:
    void exportLatencyCsv();
    void exportChromeTrace();
    void exportChart(ChartWidget* chart, const QString& name);
    void report(const QString& error, const QString& path);

    ChartWidget* m_latencyChart;
    ChartWidget* m_histogramChart;
    RunResult m_run;
    QLabel* m_summary;
    QLabel* m_result;
    QList<QPushButton*> m_buttons;
    ProfileExportPanel* m_profilePanel;
};

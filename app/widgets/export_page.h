#pragma once
// ExportPage: writes the last run out: its full record as JSON, its per-token
// latencies as CSV, and the Profile charts as PNG or PDF.
#include <QWidget>

#include "app/bridge/engine_types.h"

class ChartWidget;
class QLabel;
class QPushButton;

class ExportPage : public QWidget {
    Q_OBJECT
public:
    ExportPage(ChartWidget* latencyChart, ChartWidget* histogramChart, QWidget* parent = nullptr);

    void setLastRun(const RunResult& run);
    bool hasRun() const { return !m_run.id.isEmpty(); }

    // Each returns an error message, or an empty string on success.
    QString writeRunJson(const QString& path) const;
    QString writeLatencyCsv(const QString& path) const;

public slots:
    void exportRunJson();  // asks for a path

private:
    void exportLatencyCsv();
    void exportChart(ChartWidget* chart, const QString& name);
    void report(const QString& error, const QString& path);

    ChartWidget* m_latencyChart;
    ChartWidget* m_histogramChart;
    RunResult m_run;
    QLabel* m_summary;
    QLabel* m_result;
    QList<QPushButton*> m_buttons;
};

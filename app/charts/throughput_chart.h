#pragma once
// ThroughputChart: decode speed over the run. Each decode step's rate
// (1000 / its latency in ms) as dots, and the running average decode tok/s
// (steps so far / time since the first token) as a line, against the time
// since the request began. Updated live while a run streams.
#include <QVector>

#include "app/charts/chart_widget.h"

class ThroughputChart : public ChartWidget {
    Q_OBJECT
public:
    explicit ThroughputChart(QWidget* parent = nullptr);

    // One latency per generated token, the first being the TTFT.
    void setLatencies(const QVector<double>& latenciesMs);
    int pointCount() const;
    // The running average after the last token (tok/s); 0 with fewer than 2 tokens.
    double finalAverage() const { return m_finalAverage; }

protected:
    void restyle() override;

private:
    QCPGraph* m_steps;
    QCPGraph* m_average;
    double m_finalAverage = 0.0;
};

#pragma once
// LatencyChart: per-token latency against the token's position. The first
// generated token (its latency is the TTFT, prompt processing included) is left
// out so the decode steps keep a readable scale; several runs can be overlaid.
#include <QVector>

#include "app/charts/chart_widget.h"

struct LatencySeries {
    QString name;
    QVector<double> latenciesMs;  // one per generated token, the first being the TTFT
};

class LatencyChart : public ChartWidget {
    Q_OBJECT
public:
    explicit LatencyChart(QWidget* parent = nullptr);

    void setSeries(const QVector<LatencySeries>& series);
    // One series, replaced in place (the live view while a run streams).
    void setLatencies(const QVector<double>& latenciesMs);
    int pointCount() const;

protected:
    void restyle() override;

private:
    QVector<LatencySeries> m_series;
};

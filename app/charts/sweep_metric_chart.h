#pragma once
// One metric of every sweep point: a bar per point at its mean, with the 95 %
// interval of the mean as an error bar, so a difference can be seen against
// its noise.
#include <QVector>

#include "app/charts/chart_widget.h"

struct MetricBar {
    QString label;
    double mean = 0.0;
    double ci95 = 0.0;  // half-width; 0 for a single measurement
};

class SweepMetricChart : public ChartWidget {
    Q_OBJECT
public:
    explicit SweepMetricChart(QWidget* parent = nullptr);

    void setBars(const QVector<MetricBar>& bars, const QString& metricLabel);
    int barCount() const { return int(m_bars.size()); }

protected:
    void restyle() override;

private:
    QVector<MetricBar> m_bars;
    QString m_metricLabel;
};

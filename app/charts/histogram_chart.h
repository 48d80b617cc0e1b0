#pragma once
// HistogramChart: the distribution of inter-token latencies with the p50 and
// p99 marked, the two numbers latency targets are usually stated in.
#include <QVector>

#include "app/charts/chart_widget.h"

class QCPBars;
class QCPItemStraightLine;
class QCPItemText;

class HistogramChart : public ChartWidget {
    Q_OBJECT
public:
    explicit HistogramChart(QWidget* parent = nullptr);

    // `itlMs`: inter-token gaps (the TTFT excluded).
    void setSamples(const QVector<double>& itlMs);
    // Another latency than the ITL (a serving run's TTFT or end-to-end
    // latency per request): the axes' and the series' names and the placeholder.
    void setQuantity(const QString& axisLabel, const QString& countLabel, const QString& seriesName,
                     const QString& placeholder);
    int binCount() const;
    QCPItemText* p50Label() const { return m_p50Label; }
    QCPItemText* p99Label() const { return m_p99Label; }

protected:
    void restyle() override;

private:
    void placeMarker(QCPItemStraightLine* line, QCPItemText* label, double x, const QString& text, int row);

    QCPBars* m_bars;
    QCPItemStraightLine* m_p50;
    QCPItemStraightLine* m_p99;
    QCPItemText* m_p50Label;
    QCPItemText* m_p99Label;
};

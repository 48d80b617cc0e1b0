#pragma once
// MemoryChart: memory breakdowns as stacked bars, one per run: weights, the KV
// cache's used and free parts, and the activations estimate. The unit (KiB,
// MiB, GiB) follows the largest bar.
#include <QVector>

#include "app/bridge/run_data.h"
#include "app/charts/chart_style.h"
#include "app/charts/chart_widget.h"

struct MemoryBar {
    QString name;  // the run, for the axis label
    MemoryBreakdown memory;
};

class MemoryChart : public ChartWidget {
    Q_OBJECT
public:
    explicit MemoryChart(QWidget* parent = nullptr);

    void setBars(const QVector<MemoryBar>& bars);
    int barCount() const { return static_cast<int>(m_bars.size()); }
    // Plotted height of one part of one bar, in bytes (converted back from the axis unit).
    double partBytes(int bar, MemoryPart part) const;
    double unitBytes() const { return m_unit; }

protected:
    void restyle() override;

private:
    QVector<MemoryBar> m_bars;
    QVector<QCPBars*> m_series;  // one per MemoryPart
    double m_unit = 1.0;
};

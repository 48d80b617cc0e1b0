#pragma once
// Where a run's time went, from its OpTimeSummary (so a run reloaded from the
// history, which keeps no raw spans, still has them):
//   CategoryTimeChart  one bar per op category;
//   LayerTimeChart     one bar per transformer layer, stacked by category, with
//                      the ops outside the layers (embedding, logits,
//                      sampling) as a last bar.
#include "app/bridge/run_data.h"
#include "app/charts/chart_widget.h"

class CategoryTimeChart : public ChartWidget {
    Q_OBJECT
public:
    explicit CategoryTimeChart(QWidget* parent = nullptr);

    void setSummary(const OpTimeSummary& summary);
    // The plotted time of a category in ms (0 when absent).
    double valueMs(OpCategory category) const;

protected:
    void restyle() override;

private:
    OpTimeSummary m_summary;
    QVector<double> m_valuesMs;
};

class LayerTimeChart : public ChartWidget {
    Q_OBJECT
public:
    explicit LayerTimeChart(QWidget* parent = nullptr);

    void setSummary(const OpTimeSummary& summary);
    // Bars on the x axis: the layers plus one for the ops outside them.
    int barCount() const { return m_bars; }
    // Height of one bar (all categories stacked), in ms.
    double stackedMs(int bar) const;

protected:
    void restyle() override;

private:
    OpTimeSummary m_summary;
    int m_bars = 0;
    QVector<double> m_totalsMs;
};

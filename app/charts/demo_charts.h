#pragma once
// Charts of the Learn page's measured demos:
//   SeriesChart   lines with markers, one per series (a method, a policy),
//                 over a numeric x (sparsity, batch size, block size);
//   LabelledBars  one bar per label (a layer, a block size), optionally
//                 sorted as given.
#include <QColor>
#include <QVector>

#include "app/charts/chart_widget.h"

struct ChartSeries {
    QString name;
    QVector<double> x;
    QVector<double> y;
};

class SeriesChart : public ChartWidget {
    Q_OBJECT
public:
    explicit SeriesChart(QWidget* parent = nullptr);

    // `ticks`: the x values to label (e.g. 1, 2, 4, 8); empty: automatic.
    void setSeries(const QVector<ChartSeries>& series, const QVector<double>& ticks = {});
    // Plots x on a log2 axis (batch and block sizes).
    void setLogX(bool log);
    const QVector<ChartSeries>& series() const { return m_series; }

private:
    QVector<ChartSeries> m_series;
    bool m_logX = false;
};

struct LabelledBar {
    QString label;
    double value = 0.0;
    QString tip;  // shown on hover
};

class LabelledBars : public ChartWidget {
    Q_OBJECT
public:
    explicit LabelledBars(QWidget* parent = nullptr);

    void setBars(const QVector<LabelledBar>& bars, const QString& valueLabel, const QColor& color = QColor());
    const QVector<LabelledBar>& bars() const { return m_bars; }

private:
    QVector<LabelledBar> m_bars;
};

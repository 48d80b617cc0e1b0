#pragma once
// One metric of a sweep over its knobs, with the noise in view.
//   SweepMetricChart  one knob: the metric's mean at each of the knob's values,
//                     joined by a line, with the 95 % interval of the mean as an
//                     error bar; the best point is filled, the points within the
//                     noise of the best (intervals overlapping) are ringed.
//   SweepHeatMap      two knobs: a cell per pair of values coloured by the mean
//                     (the colour scale beside the data, the better end always
//                     the bright one), each cell labelled with its mean; the best cell is
//                     framed, cells within the noise of the best are marked "≈"
//                     and framed with a dashed line, skipped / failed cells say so.
#include <QStringList>
#include <QVector>

#include "app/charts/chart_widget.h"

struct SweepCell {
    bool measured = false;  // has a mean; otherwise `note` says why not ("skipped", "failed", "…")
    double mean = 0.0;
    double ci95 = 0.0;      // half-width; 0 for a single measurement
    bool best = false;
    bool withinNoise = false;  // not the best, but its interval overlaps the best's
    QString note;
    QString tip;  // the point's full label and, for skipped / failed cells, the reason
};

struct SweepGridData {
    QString metric;             // axis / colour scale title
    bool higherBetter = true;
    QString xKnob, yKnob;       // profile paths; yKnob empty for a line chart
    QStringList xValues, yValues;
    QVector<SweepCell> cells;   // row-major: cells[y * xValues.size() + x]

    const SweepCell& at(int x, int y) const { return cells.at(y * int(xValues.size()) + x); }
};

class SweepMetricChart : public ChartWidget {
    Q_OBJECT
public:
    explicit SweepMetricChart(QWidget* parent = nullptr);

    // Uses the first row of `data` (the knob's values along x).
    void setData(const SweepGridData& data);
    // Points with a mean on the chart.
    int pointCount() const;
    QString toCsv() override;

protected:
    void restyle() override;

private:
    SweepGridData m_data;
};

class SweepHeatMap : public ChartWidget {
    Q_OBJECT
public:
    explicit SweepHeatMap(QWidget* parent = nullptr);

    void setData(const SweepGridData& data);
    int cellCount() const { return int(m_data.cells.size()); }
    // The text of each cell as drawn, row-major (for tests and tool tips).
    QStringList cellTexts() const;
    QString toCsv() override;

    bool hasData() override;

protected:
    void restyle() override;
    bool event(QEvent* event) override;

private:
    void clearMap();
    // A rectangle over cell (x, y), `inset` (in cells) inside its edges.
    QCPItemRect* addCellRect(int x, int y, double inset);

    SweepGridData m_data;
    QCPColorScale* m_scale = nullptr;
    QVector<QCPAbstractItem*> m_items;
    QVector<QCPItemText*> m_texts;
};

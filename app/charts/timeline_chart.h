#pragma once
// TimelineChart: every traced op of a run as a bar on a time axis, one lane per
// thread that ran ops (per device for a split model), coloured by category. The wheel zooms and dragging pans the time axis
// only; hovering a bar shows the op's name, layer and duration.
#include <QStringList>
#include <QVector>

#include "app/bridge/run_data.h"
#include "app/charts/chart_widget.h"

class TimelinePlottable;

class TimelineChart : public ChartWidget {
    Q_OBJECT
public:
    explicit TimelineChart(QWidget* parent = nullptr);

    // `spans` chronological (RunTrace::spans); `dropped`: spans not shown.
    void setSpans(const QVector<OpSpan>& spans, quint64 dropped = 0);
    void clear() { setSpans({}); }
    int spanCount() const { return static_cast<int>(m_spans.size()); }
    int rowCount() const { return m_rows.size(); }
    // The lanes' labels, top to bottom ("Thread 0", "vcpu:1 thread 0", ...).
    const QStringList& laneNames() const { return m_laneNames; }
    const QVector<OpSpan>& spans() const { return m_spans; }

    // The span drawn at `timeMs` in thread row `row`, or one within
    // `toleranceMs` of it (the nearest); nullptr when there is none.
    const OpSpan* spanAt(double timeMs, int row, double toleranceMs = 0.0) const;
    // The hover text for a span (name, category, layer, duration, start).
    static QString describe(const OpSpan& span);

    QString toCsv() override;
    bool hasData() override { return !m_spans.isEmpty(); }

protected:
    void mouseMoveEvent(QMouseEvent* event) override;
    void restyle() override;

private:
    void rebuildLegend();

    QVector<OpSpan> m_spans;
    QVector<QVector<int>> m_rows;  // per thread row: span indices in start order
    QStringList m_laneNames;
    double m_maxDurationMs = 0.0;
    TimelinePlottable* m_plottable;
    QCPItemText* m_droppedLabel;
};

#pragma once
// TimelineChart: every traced op of a run as a bar on a time axis, one lane per
// thread that ran ops (per device for a split model) and one per GPU stream,
// coloured by category; GPU copies and memsets in a colour of their own, CUDA
// runtime calls as a thin bar under the op that made them. The wheel zooms and
// dragging pans the time axis only; hovering a bar shows the op's name, layer
// and duration, and for GPU work the kernel, its launch shape or the copy's bandwidth.
#include <QMap>
#include <QStringList>
#include <QVector>

#include <tuple>

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
    // The hover text for a span (name, category, layer, duration, start; for
    // GPU work also the op that launched it, grid/block, bytes and bandwidth).
    static QString describe(const OpSpan& span);
    // The colour the span is drawn in (before the theme's contrast adjustment).
    static QColor spanColor(const OpSpan& span);
    // The lane (row) a span is drawn in; -1 when it is not shown.
    int rowOf(const OpSpan& span) const;

    QString toCsv() override;
    bool hasData() override { return !m_spans.isEmpty(); }

protected:
    void mouseMoveEvent(QMouseEvent* event) override;
    void restyle() override;

private:
    void rebuildLegend();
    static QString describeGpuWork(const OpSpan& span, const QString& layer);

    QVector<OpSpan> m_spans;
    QVector<QVector<int>> m_rows;  // per lane: span indices in start order
    // Lane of a (device, lane group, thread or stream), in display order.
    QMap<std::tuple<int, int, int>, int> m_laneOf;
    QStringList m_laneNames;
    double m_maxDurationMs = 0.0;
    TimelinePlottable* m_plottable;
    QCPItemText* m_droppedLabel;
};

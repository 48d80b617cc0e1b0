#include "app/charts/timeline_chart.h"

#include <QMap>
#include <QPair>

#include <QLocale>
#include <QToolTip>

#include <algorithm>
#include <climits>
#include <cmath>

#include "app/charts/chart_style.h"

namespace {

// Colours of the bars: one per op category, then copies and runtime calls.
constexpr int kCopyInk = kOpCategoryCount;
constexpr int kCallInk = kOpCategoryCount + 1;
constexpr int kInkCount = kOpCategoryCount + 2;

int inkOf(const OpSpan& s)
{
    if (s.isCopy())
        return kCopyInk;
    if (s.kind == engine::SpanKind::RuntimeApi || s.kind == engine::SpanKind::Synchronization)
        return kCallInk;
    return static_cast<int>(s.category);
}

// Lane groups of a device, top to bottom: its host threads, its CUDA calls
// made outside any op, its GPU streams.
enum LaneGroup { kHostThreads, kUntiedCalls, kGpuStreams };
constexpr int kUntiedCallsThread = 0xFFFF;  // engine::kUntiedHostCallsThread

std::tuple<int, int, int> laneKey(const OpSpan& s)
{
    const int device = std::max(0, s.device);
    if (s.onDevice())
        return {device, kGpuStreams, std::max(0, s.stream)};
    if (s.thread == kUntiedCallsThread)
        return {device, kUntiedCalls, 0};
    return {device, kHostThreads, std::max(0, s.thread)};
}

}  // namespace

// Draws the spans itself: a QCPBars or QCPFinancial per category would copy
// every span into sorted containers and could not skip the sub-pixel bars of a
// zoomed-out view of thousands of ops.
class TimelinePlottable : public QCPAbstractPlottable {
public:
    TimelinePlottable(QCPAxis* time, QCPAxis* rows, const TimelineChart* chart, const QVector<QVector<int>>* index,
                      const double* maxDurationMs)
        : QCPAbstractPlottable(time, rows), m_chart(chart), m_index(index), m_maxDurationMs(maxDurationMs)
    {
        setSelectable(QCP::stNone);
    }

    double selectTest(const QPointF&, bool, QVariant*) const override { return -1.0; }

    QCPRange getKeyRange(bool& found, QCP::SignDomain) const override
    {
        const QVector<OpSpan>& spans = m_chart->spans();
        found = !spans.isEmpty();
        if (!found)
            return {};
        double end = 0.0;
        for (const OpSpan& s : spans)
            end = std::max(end, s.endUs());
        return QCPRange(spans.first().startUs / 1000.0, end / 1000.0);
    }

    QCPRange getValueRange(bool& found, QCP::SignDomain, const QCPRange&) const override
    {
        found = !m_index->isEmpty();
        return QCPRange(-0.5, m_index->size() - 0.5);
    }

protected:
    void draw(QCPPainter* painter) override
    {
        QCPAxis* time = keyAxis();
        QCPAxis* rows = valueAxis();
        if (!time || !rows)
            return;
        const QVector<OpSpan>& spans = m_chart->spans();
        const QCPRange range = time->range();
        const double loUs = (range.lower - *m_maxDurationMs) * 1000.0;
        const double hiUs = range.upper * 1000.0;
        painter->setPen(Qt::NoPen);
        QColor colors[kInkCount];
        QColor edges[kInkCount];
        for (int c = 0; c < kOpCategoryCount; ++c)
            colors[c] = m_chart->theme().ink(categoryColor(static_cast<OpCategory>(c)));
        colors[kCopyInk] = m_chart->theme().ink(gpuCopyColor());
        colors[kCallInk] = m_chart->theme().ink(cudaCallColor());
        for (int c = 0; c < kInkCount; ++c)
            edges[c] = m_chart->theme().edge(colors[c]);
        for (int r = 0; r < m_index->size(); ++r) {
            const QVector<int>& row = m_index->at(r);
            const double top = rows->coordToPixel(r + 0.38);
            const double bottom = rows->coordToPixel(r - 0.38);
            const double y = std::min(top, bottom);
            const double h = std::abs(bottom - top);
            auto it = std::lower_bound(row.begin(), row.end(), loUs,
                                       [&](int i, double us) { return spans.at(i).startUs < us; });
            int lastPixel[kInkCount];
            std::fill(std::begin(lastPixel), std::end(lastPixel), INT_MIN);
            for (; it != row.end(); ++it) {
                const OpSpan& s = spans.at(*it);
                if (s.startUs > hiUs)
                    break;
                const double x0 = time->coordToPixel(s.startUs / 1000.0);
                const double x1 = time->coordToPixel(s.endUs() / 1000.0);
                const int c = inkOf(s);
                // Bars narrower than a pixel: one per pixel column and colour.
                if (x1 - x0 < 1.0) {
                    if (int(x0) == lastPixel[c])
                        continue;
                    lastPixel[c] = int(x0);
                }
                // A runtime call lies inside its op: a thin bar along the lane's bottom.
                const bool call = c == kCallInk;
                const QRectF bar(x0, call ? y + h * 0.65 : y, std::max(x1 - x0, 1.0), call ? h * 0.35 : h);
                painter->fillRect(bar, colors[c]);
                if (x1 - x0 > 6.0) {
                    painter->setPen(QPen(edges[c], 0));
                    painter->drawRect(bar);
                    painter->setPen(Qt::NoPen);
                }
            }
        }
    }

    void drawLegendIcon(QCPPainter* painter, const QRectF& rect) const override
    {
        painter->fillRect(rect, m_chart->theme().mutedText);
    }

private:
    const TimelineChart* m_chart;
    const QVector<QVector<int>>* m_index;
    const double* m_maxDurationMs;
};

TimelineChart::TimelineChart(QWidget* parent) : ChartWidget(parent)
{
    setAxisLabels(tr("Time since the run began (ms)"), QString());
    axisRect()->setRangeDrag(Qt::Horizontal);
    axisRect()->setRangeZoom(Qt::Horizontal);
    m_plottable = new TimelinePlottable(xAxis, yAxis, this, &m_rows, &m_maxDurationMs);
    m_plottable->setName(tr("Ops"));
    m_plottable->removeFromLegend();
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    yAxis->setTicker(ticker);
    yAxis->grid()->setVisible(false);
    setPlaceholder(tr("Run a generation to see every op it ran on a timeline, one lane per thread. Runs "
                      "reopened from the history keep only the totals per layer and category."));
    m_droppedLabel = new QCPItemText(this);
    m_droppedLabel->setColor(theme().mutedText);
    m_droppedLabel->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_droppedLabel->position->setCoords(0.01, 0.02);
    m_droppedLabel->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_droppedLabel->setVisible(false);
    // No widget tool tip: hovering shows the op under the cursor instead.
    setMouseTracking(true);
}

void TimelineChart::setSpans(const QVector<OpSpan>& spans, quint64 dropped)
{
    m_spans = spans;
    m_rows.clear();
    m_maxDurationMs = 0.0;
    // One lane per (device, thread) that ran ops, grouped by device: a split
    // model's devices each get their lanes, the communication spans among
    // them; then a lane per GPU stream of the device. Tracer thread ids count
    // threads across all devices; the lanes number them per device (thread 0
    // is the one that drives the device).
    m_laneOf.clear();
    bool split = false, gpu = false;
    for (const OpSpan& s : m_spans) {
        m_laneOf.insert(laneKey(s), 0);
        split = split || s.device > 0;
        gpu = gpu || s.onDevice();
    }
    int next = 0;
    for (auto it = m_laneOf.begin(); it != m_laneOf.end(); ++it)
        it.value() = next++;
    m_rows.resize(next);
    for (int i = 0; i < m_spans.size(); ++i) {
        const OpSpan& s = m_spans.at(i);
        m_rows[m_laneOf.value(laneKey(s))].append(i);
        m_maxDurationMs = std::max(m_maxDurationMs, s.durationUs / 1000.0);
    }
    // Each row in start order (the spans usually are already).
    for (QVector<int>& row : m_rows)
        std::stable_sort(row.begin(), row.end(),
                         [this](int a, int b) { return m_spans.at(a).startUs < m_spans.at(b).startUs; });

    auto ticker = qSharedPointerDynamicCast<QCPAxisTickerText>(yAxis->ticker());
    ticker->clear();
    m_laneNames.clear();
    int device = -1;
    int threadOfDevice = 0;
    for (auto it = m_laneOf.begin(); it != m_laneOf.end(); ++it) {
        const auto [laneDevice, group, id] = it.key();
        threadOfDevice = laneDevice == device ? threadOfDevice + 1 : 0;
        device = laneDevice;
        QString name;
        if (group == kGpuStreams)
            name = tr("GPU %1 stream %2").arg(laneDevice).arg(id);
        else if (group == kUntiedCalls)
            name = tr("Device %1 CUDA calls outside ops").arg(laneDevice);
        else if (gpu)
            name = split ? tr("Device %1 thread %2").arg(laneDevice).arg(threadOfDevice) : tr("Thread %1").arg(threadOfDevice);
        else
            name = split ? tr("vcpu:%1 thread %2").arg(laneDevice).arg(threadOfDevice) : tr("Thread %1").arg(threadOfDevice);
        ticker->addTick(it.value(), name);
        m_laneNames.append(name);
    }
    yAxis->setRangeReversed(true);  // thread 0 on top
    rebuildLegend();

    m_droppedLabel->setVisible(dropped > 0);
    m_droppedLabel->setText(tr("%1 later spans not shown").arg(QLocale().toString(qulonglong(dropped))));

    bool found = false;
    const QCPRange time = m_plottable->getKeyRange(found, QCP::sdBoth);
    const double pad = found ? std::max(time.size() * 0.01, 1e-3) : 1.0;
    setHomeRanges(found ? QCPRange(time.lower - pad, time.upper + pad) : QCPRange(0, 1),
                  QCPRange(-0.6, std::max<qsizetype>(m_rows.size(), 1) - 0.4));
    replot(QCustomPlot::rpQueuedReplot);
}

void TimelineChart::rebuildLegend()
{
    // Empty graphs serve as legend entries, one per category present.
    clearGraphs();
    bool present[kInkCount] = {};
    for (const OpSpan& s : m_spans)
        present[inkOf(s)] = true;
    for (int c = 0; c < kInkCount; ++c) {
        if (!present[c])
            continue;
        QCPGraph* entry = addGraph();
        QColor color;
        if (c == kCopyInk) {
            entry->setName(tr("GPU copies"));
            color = gpuCopyColor();
        } else if (c == kCallInk) {
            entry->setName(tr("CUDA calls"));
            color = cudaCallColor();
        } else {
            entry->setName(opCategoryName(static_cast<OpCategory>(c)));
            color = categoryColor(static_cast<OpCategory>(c));
        }
        color = theme().ink(color);
        entry->setLineStyle(QCPGraph::lsNone);
        entry->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, color, color, 8));
    }
    legend->setVisible(graphCount() > 0);
}

void TimelineChart::restyle()
{
    m_droppedLabel->setColor(theme().mutedText);
    rebuildLegend();
}

const OpSpan* TimelineChart::spanAt(double timeMs, int row, double toleranceMs) const
{
    if (row < 0 || row >= m_rows.size())
        return nullptr;
    const QVector<int>& indices = m_rows.at(row);
    const double us = timeMs * 1000.0;
    const double tolUs = toleranceMs * 1000.0;
    // Candidates start no earlier than the longest span before the point.
    auto it = std::lower_bound(indices.begin(), indices.end(), us - tolUs - m_maxDurationMs * 1000.0,
                               [this](int i, double t) { return m_spans.at(i).startUs < t; });
    const OpSpan* best = nullptr;
    double bestDistance = tolUs;
    for (; it != indices.end(); ++it) {
        const OpSpan& s = m_spans.at(*it);
        if (s.startUs > us + tolUs)
            break;
        const double distance = us < s.startUs ? s.startUs - us : (us > s.endUs() ? us - s.endUs() : 0.0);
        if (distance <= bestDistance) {
            // Inside a span beats near one; among near ones the closest wins.
            if (!best || distance < bestDistance || distance == 0.0)
                best = &s;
            bestDistance = distance;
        }
    }
    return best;
}

QColor TimelineChart::spanColor(const OpSpan& span)
{
    const int ink = inkOf(span);
    if (ink == kCopyInk)
        return gpuCopyColor();
    if (ink == kCallInk)
        return cudaCallColor();
    return categoryColor(span.category);
}

int TimelineChart::rowOf(const OpSpan& span) const
{
    return m_laneOf.value(laneKey(span), -1);
}

QString TimelineChart::describe(const OpSpan& span)
{
    const QLocale locale;
    const QString layer = span.layer >= 0 ? tr("layer %1").arg(span.layer) : tr("outside the layers");
    if (span.kind != engine::SpanKind::HostOp)
        return describeGpuWork(span, layer);
    QString text = tr("<b>%1</b><br>%2, %3<br>duration %4 µs<br>start %5 ms")
                       .arg(span.name.toHtmlEscaped(), opCategoryName(span.category), layer,
                            locale.toString(span.durationUs, 'f', 1), locale.toString(span.startUs / 1000.0, 'f', 3));
    if (span.workerShare)
        text += tr("<br>this thread's share of the op (the op's own bar is on the thread that called it)");
    return text;
}

QString TimelineChart::describeGpuWork(const OpSpan& span, const QString& layer)
{
    const QLocale locale;
    QString text = QStringLiteral("<b>%1</b>").arg(span.name.toHtmlEscaped());
    text += QStringLiteral("<br>") + (span.op.isEmpty() ? tr("not launched by an op")
                                                         : tr("op %1, %2").arg(span.op.toHtmlEscaped(), layer));
    text += QStringLiteral("<br>") + tr("duration %1 µs, start %2 ms")
                                         .arg(locale.toString(span.durationUs, 'f', 1),
                                              locale.toString(span.startUs / 1000.0, 'f', 3));
    if (span.kind == engine::SpanKind::Kernel)
        text += QStringLiteral("<br>") + tr("grid %1×%2×%3, block %4×%5×%6")
                                             .arg(span.grid[0]).arg(span.grid[1]).arg(span.grid[2])
                                             .arg(span.block[0]).arg(span.block[1]).arg(span.block[2]);
    if (span.isCopy()) {
        text += QStringLiteral("<br>") + tr("%1 bytes").arg(locale.toString(span.bytes));
        // bytes per ns is GB/s
        if (span.durationUs > 0.0)
            text += QStringLiteral(", ") + tr("%1 GB/s achieved")
                                               .arg(locale.toString(double(span.bytes) / (span.durationUs * 1000.0), 'f', 2));
    }
    if (span.onDevice())
        text += QStringLiteral("<br>") + tr("GPU %1, stream %2").arg(span.device).arg(span.stream);
    else
        text += QStringLiteral("<br>") + tr("CUDA runtime call on the host, inside the op");
    return text;
}

void TimelineChart::mouseMoveEvent(QMouseEvent* event)
{
    ChartWidget::mouseMoveEvent(event);
    if (event->buttons() != Qt::NoButton || m_spans.isEmpty())
        return;
    const QPointF pos = event->position();
    if (!axisRect()->rect().contains(pos.toPoint())) {
        QToolTip::hideText();
        return;
    }
    const double timeMs = xAxis->pixelToCoord(pos.x());
    const int row = int(std::lround(yAxis->pixelToCoord(pos.y())));
    const double msPerPixel = xAxis->range().size() / std::max(1, axisRect()->width());
    const OpSpan* span = spanAt(timeMs, row, 3.0 * msPerPixel);
    if (span)
        QToolTip::showText(event->globalPosition().toPoint(), describe(*span), this);
    else
        QToolTip::hideText();
}

QString TimelineChart::toCsv()
{
    QString csv = QStringLiteral("name,category,layer,device,thread,start_us,duration_us,kind,stream,op,bytes\n");
    for (const OpSpan& s : m_spans)
        csv += QStringLiteral("\"%1\",%2,%3,%4,%5,%6,%7,%8,%9,\"%10\",%11\n")
                   .arg(s.name, opCategoryKey(s.category))
                   .arg(s.layer)
                   .arg(s.device)
                   .arg(s.thread)
                   .arg(s.startUs, 0, 'f', 3)
                   .arg(s.durationUs, 0, 'f', 3)
                   .arg(QLatin1String(engine::spanKindName(s.kind)))
                   .arg(s.stream)
                   .arg(s.op)
                   .arg(s.bytes);
    return csv;
}

#include "app/charts/chart_widget.h"

#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QHelpEvent>
#include <QMenu>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace {

// `text` broken into lines no wider than `width` pixels (at word boundaries).
QString wrapText(const QString& text, const QFontMetricsF& fm, double width)
{
    QStringList lines;
    QString line;
    for (const QString& word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const QString candidate = line.isEmpty() ? word : line + QLatin1Char(' ') + word;
        if (!line.isEmpty() && fm.horizontalAdvance(candidate) > width) {
            lines << line;
            line = word;
        } else {
            line = candidate;
        }
    }
    if (!line.isEmpty())
        lines << line;
    return lines.join(QLatin1Char('\n'));
}

}  // namespace

ChartWidget::ChartWidget(QWidget* parent) : QCustomPlot(parent)
{
    setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    setMinimumHeight(180);
    const QFont labelFont = font();
    for (QCPAxis* axis : {xAxis, yAxis}) {
        axis->setLabelFont(labelFont);
        axis->grid()->setSubGridVisible(false);
    }
    legend->setVisible(false);
    // The legend goes below the data area, never over the data.
    placeLegendBelow();
    m_placeholder = new QCPItemText(this);
    m_placeholder->setClipToAxisRect(false);
    m_placeholder->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_placeholder->position->setCoords(0.5, 0.5);
    m_placeholder->setPositionAlignment(Qt::AlignCenter);
    m_placeholder->setTextAlignment(Qt::AlignCenter);
    m_placeholder->setVisible(false);
    applyChrome();
    connect(this, &QCustomPlot::mouseWheel, this, [this] { m_userMoved = true; });
    connect(this, &QCustomPlot::mouseMove, this, [this](QMouseEvent* e) {
        if (e->buttons() & Qt::LeftButton)
            m_userMoved = true;
    });
}

void ChartWidget::applyChrome()
{
    m_theme = ChartTheme::fromPalette(palette());
    setBackground(m_theme.background);
    for (QCPAxis* axis : axisRect()->axes()) {
        axis->setBasePen(QPen(m_theme.axis, 1));
        axis->setTickPen(QPen(m_theme.axis, 1));
        axis->setSubTickPen(QPen(m_theme.axis, 1));
        axis->setTickLabelColor(m_theme.text);
        axis->setLabelColor(m_theme.text);
        axis->grid()->setPen(QPen(m_theme.grid, 0, Qt::DotLine));
        axis->grid()->setZeroLinePen(QPen(m_theme.grid, 0, Qt::SolidLine));
    }
    legend->setBrush(m_theme.legendFill);
    legend->setBorderPen(Qt::NoPen);
    legend->setTextColor(m_theme.text);
    m_placeholder->setColor(m_theme.mutedText);
}

void ChartWidget::changeEvent(QEvent* event)
{
    QCustomPlot::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange) {
        applyChrome();
        restyle();
        replot(QCustomPlot::rpQueuedReplot);
    }
}

void ChartWidget::setPlaceholder(const QString& text)
{
    m_placeholderText = text;
    replot(QCustomPlot::rpQueuedReplot);
}

bool ChartWidget::placeholderShown() const
{
    return m_placeholder->visible();
}

void ChartWidget::updatePlaceholder()
{
    const bool empty = !hasData() && !m_placeholderText.isEmpty();
    // Empty axes say nothing: the text takes the whole chart instead.
    xAxis->setVisible(!empty);
    yAxis->setVisible(!empty);
    m_placeholder->setVisible(empty);
    if (empty) {
        m_placeholder->setFont(font());
        const double wrapWidth = std::max(120.0, 0.8 * width());
        m_placeholder->setText(wrapText(m_placeholderText, QFontMetricsF(font()), wrapWidth));
    }
}

void ChartWidget::updateLayout()
{
    updatePlaceholder();
    fitLegendColumns();
    QCustomPlot::updateLayout();
    // Rotating the labels changes the axis' height: lay out once more.
    if (fitCategoryLabels())
        QCustomPlot::updateLayout();
    keepAnnotationsInside();
}

void ChartWidget::setCategoryLabels(const QStringList& labels)
{
    m_categories = labels;
    m_shownLabels.clear();
    auto ticker = qSharedPointerDynamicCast<QCPAxisTickerText>(xAxis->ticker());
    if (!ticker) {
        ticker = QSharedPointer<QCPAxisTickerText>::create();
        xAxis->setTicker(ticker);
    }
    ticker->clear();
    for (int i = 0; i < labels.size(); ++i)
        ticker->addTick(i, labels.at(i));
    xAxis->setTickLabelRotation(0);
}

bool ChartWidget::fitCategoryLabels()
{
    if (m_categories.isEmpty() || !xAxis->visible())
        return false;
    const QFontMetricsF fm(xAxis->tickLabelFont());
    const double spacing = std::abs(xAxis->coordToPixel(1.0) - xAxis->coordToPixel(0.0));
    const double gap = fm.height() * 0.6;
    double widest = 0.0;
    for (const QString& label : m_categories)
        widest = std::max(widest, fm.horizontalAdvance(label));
    double rotation = 0.0;
    double maxLength = spacing - gap;
    int every = 1;  // label every n-th category when even upright labels would touch
    if (widest > maxLength) {
        // Parallel labels at 45 degrees stand spacing * sin(45) apart.
        rotation = spacing * std::sqrt(0.5) >= fm.height() + 2.0 ? -45.0 : -90.0;
        maxLength = std::clamp(0.3 * height(), 80.0, 180.0);
        if (rotation == -90.0)
            every = std::max(1, int(std::ceil((fm.height() + 2.0) / std::max(spacing, 1.0))));
    }
    QStringList shown;
    for (int i = 0; i < m_categories.size(); ++i)
        shown << (i % every == 0 ? fm.elidedText(m_categories.at(i), Qt::ElideRight, maxLength) : QString());
    if (shown == m_shownLabels && xAxis->tickLabelRotation() == rotation)
        return false;
    m_shownLabels = shown;
    auto ticker = qSharedPointerDynamicCast<QCPAxisTickerText>(xAxis->ticker());
    ticker->clear();
    for (int i = 0; i < shown.size(); ++i)
        ticker->addTick(i, shown.at(i));
    xAxis->setTickLabelRotation(rotation);
    return true;
}

QVector<ChartWidget::CategoryLabel> ChartWidget::categoryLabels() const
{
    QVector<CategoryLabel> out;
    const QFontMetricsF fm(xAxis->tickLabelFont());
    const double top = axisRect()->bottom() + xAxis->offset() + xAxis->tickLengthOut() + xAxis->tickLabelPadding();
    for (int i = 0; i < m_shownLabels.size(); ++i) {
        const QString& text = m_shownLabels.at(i);
        if (text.isEmpty())
            continue;
        const double w = fm.horizontalAdvance(text);
        const double h = fm.height();
        QTransform t;
        t.translate(xAxis->coordToPixel(i), top);
        t.rotate(xAxis->tickLabelRotation());
        // Upright labels are centred under their tick; rotated ones end at it.
        const QRectF box = xAxis->tickLabelRotation() == 0.0 ? QRectF(-w / 2, 0, w, h) : QRectF(-w, -h / 2, w, h);
        out.append(CategoryLabel{m_categories.value(i), text, t.map(QPolygonF(box))});
    }
    return out;
}

int ChartWidget::categoryAt(const QPoint& pos) const
{
    if (m_shownLabels.isEmpty() || pos.y() < axisRect()->bottom())
        return -1;
    const int i = int(std::lround(xAxis->pixelToCoord(pos.x())));
    return i >= 0 && i < m_categories.size() ? i : -1;
}

bool ChartWidget::event(QEvent* event)
{
    // Over a shortened category label: its full text.
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int i = categoryAt(help->pos());
        if (i >= 0 && m_shownLabels.value(i) != m_categories.at(i)) {
            QToolTip::showText(help->globalPos(), m_categories.at(i), this);
            return true;
        }
    }
    return QCustomPlot::event(event);
}

void ChartWidget::placeAnnotation(QCPItemText* label, const QPointF& coords, Qt::Alignment alignment,
                                  const QMargins& padding)
{
    label->position->setCoords(coords);
    label->setPositionAlignment(alignment);
    label->setPadding(padding);
    for (Annotation& a : m_annotations) {
        if (a.item == label) {
            a = Annotation{label, coords, alignment, padding};
            return;
        }
    }
    m_annotations.erase(std::remove_if(m_annotations.begin(), m_annotations.end(),
                                       [](const Annotation& a) { return a.item.isNull(); }),
                        m_annotations.end());
    m_annotations.append(Annotation{label, coords, alignment, padding});
}

QVector<QCPItemText*> ChartWidget::annotations() const
{
    QVector<QCPItemText*> out;
    for (const Annotation& a : m_annotations)
        if (a.item)
            out.append(a.item);
    return out;
}

void ChartWidget::keepAnnotationsInside()
{
    // Greedy, in the order the labels were placed: each one takes the first
    // place that covers none of the labels before it.
    QVector<QRectF> taken;
    for (Annotation& a : m_annotations) {
        if (!a.item || !a.item->visible())
            continue;
        const QRectF box = placeClear(a, taken);
        if (!box.isEmpty())
            taken.append(box);
    }
}

namespace {

// The area two boxes share, in square pixels.
double overlapArea(const QRectF& box, const QVector<QRectF>& taken)
{
    double area = 0.0;
    for (const QRectF& t : taken) {
        const QRectF common = box.intersected(t);
        area += common.width() * common.height();
    }
    return area;
}

bool clearOf(const QRectF& box, const QVector<QRectF>& taken)
{
    return std::none_of(taken.begin(), taken.end(), [&](const QRectF& t) { return box.intersects(t); });
}

}  // namespace

QRectF ChartWidget::placeClear(Annotation& a, const QVector<QRectF>& taken)
{
    // The sides of the anchor, the one asked for first: the other vertical
    // side, the other horizontal side, both, then centred above and below.
    const Qt::Alignment h = a.alignment & Qt::AlignHorizontal_Mask;
    const Qt::Alignment v = a.alignment & Qt::AlignVertical_Mask;
    const QMargins p = a.padding;
    const auto flipH = [](Qt::Alignment x) {
        return x == Qt::AlignLeft ? Qt::AlignRight : x == Qt::AlignRight ? Qt::AlignLeft : x;
    };
    const auto flipV = [](Qt::Alignment x) {
        return x == Qt::AlignTop ? Qt::AlignBottom : x == Qt::AlignBottom ? Qt::AlignTop : x;
    };
    const QMargins swappedV(p.left(), p.bottom(), p.right(), p.top());
    const QMargins swappedH(p.right(), p.top(), p.left(), p.bottom());
    const QMargins swappedBoth(p.right(), p.bottom(), p.left(), p.top());
    // Centred: clear of the anchor vertically by its horizontal padding (a bubble's radius).
    const int clearance = std::max(p.left(), p.right());
    const struct {
        Qt::Alignment alignment;
        QMargins padding;
    } candidates[] = {
        {a.alignment, p},
        {h | flipV(v), swappedV},
        {flipH(h) | v, swappedH},
        {flipH(h) | flipV(v), swappedBoth},
        {Qt::AlignHCenter | Qt::AlignBottom, QMargins(0, 0, 0, clearance)},
        {Qt::AlignHCenter | Qt::AlignTop, QMargins(0, clearance, 0, 0)},
    };
    QRectF first;
    for (const auto& c : candidates) {
        const QRectF box = keepInside(a, c.alignment, c.padding);
        if (box.isEmpty())
            return box;  // out of view: clipped with its anchor
        if (first.isEmpty())
            first = box;
        if (clearOf(box, taken))
            return box;
    }
    // Every side is covered: slide the first place up or down, a line at a
    // time, staying inside; failing that, the place covering the least.
    const QRectF area = axisRect()->rect();
    QRectF best = first;
    double bestOverlap = overlapArea(first, taken);
    const double step = std::max(4.0, first.height() / 2.0);
    for (int i = 1; i <= 40 && bestOverlap > 0.0; ++i) {
        for (const double dy : {i * step, -i * step}) {
            const QRectF box = first.translated(0.0, dy);
            if (box.top() < area.top() || box.bottom() > area.bottom())
                continue;
            const double overlap = overlapArea(box, taken);
            if (overlap < bestOverlap) {
                best = box;
                bestOverlap = overlap;
                if (overlap <= 0.0)
                    break;
            }
        }
    }
    keepInside(a, a.alignment, a.padding);
    if (best != first)
        a.item->position->setPixelPosition(a.item->position->pixelPosition() + (best.topLeft() - first.topLeft()));
    return best;
}

QRectF ChartWidget::keepInside(Annotation& a, Qt::Alignment alignment, const QMargins& padding)
{
    QCPItemText* item = a.item;
    item->position->setCoords(a.coords);
    item->setPositionAlignment(alignment);
    item->setPadding(padding);
    const QRectF area = axisRect()->rect();
    // A label whose point is out of view (zoomed or panned away) is clipped with it.
    if (!area.adjusted(-1, -1, 1, 1).contains(item->position->pixelPosition()))
        return {};
    const auto box = [item] {
        return QRectF(item->topLeft->pixelPosition(), item->bottomRight->pixelPosition()).normalized();
    };
    // First try the other side of the anchor (a label right of a point goes to its left).
    QRectF r = box();
    const Qt::Alignment horizontal = alignment & Qt::AlignHorizontal_Mask;
    if ((r.right() > area.right() && horizontal == Qt::AlignLeft) ||
        (r.left() < area.left() && horizontal == Qt::AlignRight)) {
        const Qt::Alignment flipped = horizontal == Qt::AlignLeft ? Qt::AlignRight : Qt::AlignLeft;
        item->setPositionAlignment((alignment & ~Qt::AlignHorizontal_Mask) | flipped);
        item->setPadding(QMargins(padding.right(), padding.top(), padding.left(), padding.bottom()));
        r = box();
    }
    // Then shift it in, the top-left corner winning when it is larger than the area.
    QPointF shift;
    if (r.right() > area.right())
        shift.rx() = area.right() - r.right();
    if (r.left() + shift.x() < area.left())
        shift.rx() = area.left() - r.left();
    if (r.bottom() > area.bottom())
        shift.ry() = area.bottom() - r.bottom();
    if (r.top() + shift.y() < area.top())
        shift.ry() = area.top() - r.top();
    if (!shift.isNull())
        item->position->setPixelPosition(item->position->pixelPosition() + shift);
    // Where the text itself is drawn: labels may share their padding.
    const QMargins p = item->padding();
    return r.translated(shift).adjusted(p.left(), p.top(), -p.right(), -p.bottom());
}

void ChartWidget::setAxisLabels(const QString& x, const QString& y)
{
    xAxis->setLabel(x);
    yAxis->setLabel(y);
}

void ChartWidget::setHomeRange()
{
    const QCPRange oldX = xAxis->range();
    const QCPRange oldY = yAxis->range();
    rescaleAxes();
    // Leave a little headroom so the largest value is not drawn on the frame.
    QCPRange y = yAxis->range();
    if (y.lower > 0)
        y.lower = 0;
    y.upper += (y.upper - y.lower) * 0.08 + 1e-9;
    yAxis->setRange(y);
    QCPRange x = xAxis->range();
    const double pad = std::max((x.upper - x.lower) * 0.02, 0.5);
    xAxis->setRange(x.lower - pad, x.upper + pad);
    m_homeX = xAxis->range();
    m_homeY = yAxis->range();
    if (m_userMoved) {
        xAxis->setRange(oldX);
        yAxis->setRange(oldY);
    }
}

void ChartWidget::placeLegendBelow(int columns)
{
    if (legend->layout() == axisRect()->insetLayout() && axisRect()->insetLayout()->take(legend)) {
        // Centred between two spacers: a layout column is never wider than
        // its narrowest element allows, and a legend is only as wide as its
        // entries (an empty one almost nothing), which would squeeze the plot.
        auto* row = new QCPLayoutGrid;
        plotLayout()->addElement(1, 0, row);
        plotLayout()->setRowStretchFactor(1, 0.001);
        row->addElement(0, 0, new QCPLayoutElement(this));
        row->addElement(0, 1, legend);
        row->addElement(0, 2, new QCPLayoutElement(this));
        legend->setBorderPen(Qt::NoPen);
    }
    m_legendColumns = std::max(1, columns);
    legend->setWrap(m_legendColumns);
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);
}

void ChartWidget::fitLegendColumns()
{
    if (!legend->visible() || legend->itemCount() == 0)
        return;
    int widest = 1;
    for (int i = 0; i < legend->itemCount(); ++i)
        if (const QCPAbstractLegendItem* item = legend->item(i))  // cells of a wrapped grid may be empty
            widest = std::max(widest, item->minimumOuterSizeHint().width());
    const int spacing = legend->columnSpacing();
    const int available = width() - legend->margins().left() - legend->margins().right();
    const int columns = std::clamp((available + spacing) / (widest + spacing), 1, m_legendColumns);
    if (legend->wrap() != columns) {
        legend->setWrap(columns);
        legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);
    }
}

void ChartWidget::setHomeRanges(const QCPRange& x, const QCPRange& y)
{
    m_homeX = x;
    m_homeY = y;
    if (!m_userMoved) {
        xAxis->setRange(x);
        yAxis->setRange(y);
    }
}

void ChartWidget::resetView()
{
    m_userMoved = false;
    xAxis->setRange(m_homeX);
    yAxis->setRange(m_homeY);
    replot();
}

void ChartWidget::mouseDoubleClickEvent(QMouseEvent* event)
{
    QCustomPlot::mouseDoubleClickEvent(event);
    resetView();
}

bool ChartWidget::hasData()
{
    for (int i = 0; i < plottableCount(); ++i)
        if (!plottable(i)->interface1D() || plottable(i)->interface1D()->dataCount() > 0)
            return true;
    return false;
}

QString ChartWidget::toCsv()
{
    QString csv = QStringLiteral("series,%1,%2\n").arg(xAxis->label(), yAxis->label());
    for (int i = 0; i < plottableCount(); ++i) {
        QCPAbstractPlottable* p = plottable(i);
        QCPPlottableInterface1D* data = p->interface1D();
        if (!data)
            continue;
        QString name = p->name();
        name.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        for (int k = 0; k < data->dataCount(); ++k)
            csv += QStringLiteral("\"%1\",%2,%3\n")
                       .arg(name)
                       .arg(data->dataMainKey(k), 0, 'g', 10)
                       .arg(data->dataMainValue(k), 0, 'g', 10);
    }
    return csv;
}

bool ChartWidget::savePng(const QString& path)
{
    return QCustomPlot::savePng(path, 0, 0, 2.0);
}

bool ChartWidget::savePdf(const QString& path)
{
    return QCustomPlot::savePdf(path);
}

void ChartWidget::contextMenuEvent(QContextMenuEvent* event)
{
    QMenu menu(this);
    menu.addAction(tr("Reset view"), this, &ChartWidget::resetView);
    menu.addSeparator();
    menu.addAction(tr("Save as PNG..."), this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save chart"), QString(), tr("PNG image (*.png)"));
        if (!path.isEmpty())
            savePng(path);
    });
    menu.addAction(tr("Save as PDF..."), this, [this] {
        const QString path =
            QFileDialog::getSaveFileName(this, tr("Save chart"), QString(), tr("PDF document (*.pdf)"));
        if (!path.isEmpty())
            savePdf(path);
    });
    menu.addAction(tr("Copy data as CSV"), this, [this] { QApplication::clipboard()->setText(toCsv()); });
    menu.exec(event->globalPos());
}

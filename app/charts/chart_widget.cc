#include "app/charts/chart_widget.h"

#include <QApplication>
#include <algorithm>
#include <QClipboard>
#include <QFileDialog>
#include <QMenu>

ChartWidget::ChartWidget(QWidget* parent) : QCustomPlot(parent)
{
    setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    setMinimumHeight(180);
    const QFont labelFont = font();
    for (QCPAxis* axis : {xAxis, yAxis}) {
        axis->setLabelFont(labelFont);
        axis->grid()->setSubGridVisible(false);
        axis->grid()->setPen(QPen(QColor(0xdd, 0xdd, 0xdd), 0, Qt::DotLine));
    }
    legend->setVisible(false);
    legend->setBrush(QColor(255, 255, 255, 220));
    axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    connect(this, &QCustomPlot::mouseWheel, this, [this] { m_userMoved = true; });
    connect(this, &QCustomPlot::mouseMove, this, [this](QMouseEvent* e) {
        if (e->buttons() & Qt::LeftButton)
            m_userMoved = true;
    });
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
    if (!axisRect()->insetLayout()->take(legend))
        return;
    plotLayout()->addElement(1, 0, legend);
    plotLayout()->setRowStretchFactor(1, 0.001);
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    legend->setWrap(columns);
    legend->setBorderPen(Qt::NoPen);
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

#pragma once
// ChartWidget: the QCustomPlot every page uses. Wheel zooms, dragging pans,
// double-click returns to the full view, right-click offers PNG/PDF export and
// copying the plotted data as CSV. Subclasses fill the plot and call
// setHomeRange() after each update.
#include <qcustomplot.h>

class ChartWidget : public QCustomPlot {
    Q_OBJECT
public:
    explicit ChartWidget(QWidget* parent = nullptr);

    void setAxisLabels(const QString& x, const QString& y);
    // Rescales to the data and remembers that view as "home" (double-click).
    void setHomeRange();
    void resetView();
    // Every graph and bar series as CSV: series,x,y (one row per point).
    virtual QString toCsv();
    virtual bool hasData();

    bool savePng(const QString& path);
    bool savePdf(const QString& path);

protected:
    // Moves the legend from inside the plot to a row below it (for charts
    // whose data fill the whole plot area).
    void placeLegendBelow(int columns = 9);
    // Remembers these ranges as "home" and shows them, unless the user has
    // zoomed or panned since the last reset (then the view stays put).
    void setHomeRanges(const QCPRange& x, const QCPRange& y);
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    QCPRange m_homeX;
    QCPRange m_homeY;
    bool m_userMoved = false;  // the user zoomed or panned: updates keep their view
};

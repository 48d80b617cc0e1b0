#pragma once
// ChartWidget: the QCustomPlot every page uses. Wheel zooms, dragging pans,
// double-click returns to the full view, right-click offers PNG/PDF export and
// copying the plotted data as CSV. Subclasses fill the plot and call
// setHomeRange() after each update.
//
// The base keeps every chart readable: colours follow the palette (light or
// dark, restyled when it changes), the legend sits below the data area, long
// category labels are rotated or elided (the full text in a tool tip),
// annotations stay inside the data area, and a chart without data shows what
// will appear there instead of empty axes.
#include <QPointer>
#include <QStringList>
#include <QVector>

#include <qcustomplot.h>

#include "app/charts/chart_style.h"

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

    // The colours in use, from the widget's palette.
    const ChartTheme& theme() const { return m_theme; }

    // What the chart shows when it has no data: what will appear and how to get it.
    void setPlaceholder(const QString& text);
    QString placeholder() const { return m_placeholderText; }
    bool placeholderShown() const;

    // The category labels of the x axis as drawn (elided, rotated) and each
    // one's rectangle in widget pixels; valid after a replot.
    struct CategoryLabel {
        QString fullText;
        QString shownText;
        QPolygonF rect;  // rotated labels give a rotated rectangle
    };
    QVector<CategoryLabel> categoryLabels() const;
    // The annotations kept inside the data area (placeAnnotation).
    QVector<QCPItemText*> annotations() const;

protected:
    // Lays the legend out in up to `columns` columns, fewer when the entries
    // would not fit the width (it sits below the data area).
    void placeLegendBelow(int columns = 9);
    // Remembers these ranges as "home" and shows them, unless the user has
    // zoomed or panned since the last reset (then the view stays put).
    void setHomeRanges(const QCPRange& x, const QCPRange& y);
    // One x tick per category at 0, 1, 2, ...: shown whole when they fit,
    // else rotated and elided to fit (the full text as a tool tip).
    void setCategoryLabels(const QStringList& labels);
    // Places `label` at `coords` (plot coordinates) with `alignment` and
    // `padding`; after every layout it is flipped to the other side of its
    // anchor or shifted so that it stays inside the data area, and moved to
    // another side of its anchor (or further along it) when it would cover a
    // label placed before it.
    void placeAnnotation(QCPItemText* label, const QPointF& coords, Qt::Alignment alignment,
                         const QMargins& padding = {});
    // Called after the palette changed (theme() is already updated): set the
    // colours of the series again. The chrome is done by the base.
    virtual void restyle() {}

    void updateLayout() override;
    bool event(QEvent* event) override;
    void changeEvent(QEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    struct Annotation {
        QPointer<QCPItemText> item;
        QPointF coords;
        Qt::Alignment alignment;
        QMargins padding;
    };

    void applyChrome();
    void updatePlaceholder();
    // As many legend columns as fit the width (at most the placeLegendBelow count).
    void fitLegendColumns();
    bool fitCategoryLabels();
    void keepAnnotationsInside();
    // Puts `a` at its anchor with `alignment` and `padding`, flipped or shifted
    // into the data area; where its text is drawn, in pixels (empty when its
    // anchor is out of view).
    QRectF keepInside(Annotation& a, Qt::Alignment alignment, const QMargins& padding);
    // The first place around its anchor where `a` covers none of `taken`.
    QRectF placeClear(Annotation& a, const QVector<QRectF>& taken);
    int categoryAt(const QPoint& pos) const;

    ChartTheme m_theme;
    QCPRange m_homeX;
    QCPRange m_homeY;
    bool m_userMoved = false;  // the user zoomed or panned: updates keep their view
    int m_legendColumns = 9;
    QString m_placeholderText;
    QCPItemText* m_placeholder = nullptr;
    QStringList m_categories;    // full texts
    QStringList m_shownLabels;   // as drawn
    QVector<Annotation> m_annotations;
};

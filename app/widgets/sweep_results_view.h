#pragma once
// The results half of the Sweep panel: what a sweep's lines say, as they
// arrive. A row per point (skipped and failed points with their reason, the
// repetitions measured so far), the Pareto plot with the recommended point, a
// chart of the chosen metric over the knobs — a line with 95 % intervals for
// one knob, a heat map for two (a third knob's value chosen beside it) — and
// the reason for the recommendation. Any point can be opened as the profile or
// taken to the Export page.
#include <QWidget>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "engine/sweep/sweep_plan.h"
#include "engine/sweep/sweep_select.h"

class QComboBox;
class QLabel;
class QPushButton;
class QStackedWidget;
class QTableWidget;
class ParetoChart;
class SweepHeatMap;
class SweepMetricChart;

class SweepResultsView : public QWidget {
    Q_OBJECT
public:
    explicit SweepResultsView(QWidget* parent = nullptr);

    // A new sweep: its knobs, its load (serving or pp / tg) and whether it measures quality.
    void setSweep(const std::vector<engine::sweep::Axis>& axes, bool serving, bool quality, int repetitions);
    // Everything the sweep has written so far (point, sample and provenance lines).
    void setLines(const std::vector<nlohmann::json>& lines, const std::vector<engine::sweep::Constraint>& constraints,
                  const std::string& objective);

    QTableWidget* table() const { return m_table; }
    ParetoChart* paretoChart() const { return m_pareto; }
    SweepMetricChart* lineChart() const { return m_line; }
    SweepHeatMap* heatMap() const { return m_heat; }
    // Whether the metric chart is the heat map (two or more knobs).
    bool showsHeatMap() const;
    void setChartMetric(const QString& metric);
    // The third knob's value the heat map shows (its index).
    void setThirdValue(int index);
    QString reason() const;
    // The point of table row `row`, or -1.
    int pointOfRow(int row) const;
    // A point's profile (canonical JSON); empty for a point not in the lines.
    QByteArray profileOfPoint(int index) const;

signals:
    void openProfileRequested(const QByteArray& profileJson);
    void exportProfileRequested(const QByteArray& profileJson);

private:
    void refresh();
    void fillTable(const std::vector<engine::sweep::PointMetrics>& points, const engine::sweep::Selection& selection);
    void fillPareto(const std::vector<engine::sweep::PointMetrics>& points, const engine::sweep::Selection& selection);
    void fillMetricChart();
    // The selected row's point, else the recommended one; -1 when neither.
    int chosenPoint() const;
    void requestProfile(bool forExport);
    void updateMetricChoices();

    std::vector<engine::sweep::Axis> m_axes;
    bool m_serving = false;
    bool m_quality = false;
    int m_repetitions = 1;
    std::vector<nlohmann::json> m_lines;
    std::vector<engine::sweep::Constraint> m_constraints;
    std::string m_objective;
    std::vector<int> m_rowPoint;  // table row -> point index
    int m_best = -1;

    QTableWidget* m_table;
    ParetoChart* m_pareto;
    SweepMetricChart* m_line;
    SweepHeatMap* m_heat;
    QStackedWidget* m_chartStack;
    QComboBox* m_chartMetric;
    QComboBox* m_third;
    QLabel* m_thirdLabel;
    QLabel* m_reason;
    QPushButton* m_open;
    QPushButton* m_export;
};

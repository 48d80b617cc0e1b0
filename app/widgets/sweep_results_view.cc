#include "app/widgets/sweep_results_view.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <map>

#include "app/bridge/engine_text.h"
#include "app/charts/pareto_chart.h"
#include "app/charts/sweep_metric_chart.h"
#include "engine/config/profile_validator.h"
#include "engine/sweep/sweep_grid.h"
#include "engine/sweep/sweep_runner.h"

namespace sw = engine::sweep;
using nlohmann::json;

namespace {

// A table column: a metric's mean (divided by `scale`) or its 95 % half-interval.
struct Column {
    QString title;
    const char* metric;
    int decimals;
    double scale = 1.0;
    bool interval = false;
};

bool isBytes(const std::string& metric)
{
    return metric.size() > 6 && metric.compare(metric.size() - 6, 6, "_bytes") == 0;
}

// A metric's name for people (translated; the identifier stays the item data).
QString metricName(const std::string& m)
{
    return engineMessageText(sw::metricMessage(m));
}

}  // namespace

SweepResultsView::SweepResultsView(QWidget* parent) : QWidget(parent)
{
    m_table = new QTableWidget(0, 0);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table, &QTableWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        if (m_table->rowAt(pos.y()) < 0)
            return;
        m_table->selectRow(m_table->rowAt(pos.y()));
        QMenu menu;
        menu.addAction(tr("Open as profile"), this, [this] { requestProfile(false); });
        menu.addAction(tr("Export this point's profile..."), this, [this] { requestProfile(true); });
        menu.exec(m_table->viewport()->mapToGlobal(pos));
    });
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this] { requestProfile(false); });

    m_pareto = new ParetoChart;
    m_line = new SweepMetricChart;
    m_heat = new SweepHeatMap;
    m_chartStack = new QStackedWidget;
    m_chartStack->addWidget(m_line);
    m_chartStack->addWidget(m_heat);
    m_chartMetric = new QComboBox;
    m_chartMetric->setToolTip(tr("The metric the chart shows"));
    connect(m_chartMetric, &QComboBox::currentIndexChanged, this, [this] { fillMetricChart(); });
    m_third = new QComboBox;
    m_third->setToolTip(tr("The heat map shows the first two knobs at this value of the third"));
    connect(m_third, &QComboBox::currentIndexChanged, this, [this] { fillMetricChart(); });
    m_thirdLabel = new QLabel;
    auto* choices = new QHBoxLayout;
    choices->addWidget(new QLabel(tr("Metric")));
    choices->addWidget(m_chartMetric, 1);
    choices->addWidget(m_thirdLabel);
    choices->addWidget(m_third, 1);
    auto* byMetric = new QWidget;
    auto* byMetricLayout = new QVBoxLayout(byMetric);
    byMetricLayout->setContentsMargins(0, 0, 0, 0);
    byMetricLayout->addLayout(choices);
    byMetricLayout->addWidget(m_chartStack, 1);
    auto* charts = new QTabWidget;
    charts->addTab(byMetric, tr("By knob"));
    charts->addTab(m_pareto, tr("Trade-off"));

    m_open = new QPushButton(tr("Open as profile"));
    m_open->setToolTip(tr("Put the selected point's profile (or the recommended one) on the Optimise page."));
    m_export = new QPushButton(tr("Export..."));
    m_export->setToolTip(tr("Show the selected point's profile (or the recommended one) on the Export page: profile "
                            "JSON, llama.cpp and vLLM command lines."));
    connect(m_open, &QPushButton::clicked, this, [this] { requestProfile(false); });
    connect(m_export, &QPushButton::clicked, this, [this] { requestProfile(true); });
    m_reason = new QLabel;
    m_reason->setWordWrap(true);
    m_reason->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* actions = new QHBoxLayout;
    actions->addWidget(m_reason, 1);
    actions->addWidget(m_open);
    actions->addWidget(m_export);

    auto* results = new QHBoxLayout;
    results->addWidget(m_table, 3);
    results->addWidget(charts, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(results, 1);
    layout->addLayout(actions);
    setSweep({}, false, false, 1);
}

void SweepResultsView::setSweep(const std::vector<sw::Axis>& axes, bool serving, bool quality, int repetitions)
{
    m_axes = axes;
    m_serving = serving;
    m_quality = quality;
    m_repetitions = repetitions;
    m_lines.clear();
    m_third->blockSignals(true);
    m_third->clear();
    if (axes.size() > 2)
        for (const json& v : axes[2].values)
            m_third->addItem(QString::fromStdString(sw::valueText(v)));
    m_third->blockSignals(false);
    m_thirdLabel->setText(axes.size() > 2 ? QString::fromStdString(axes[2].key) : QString());
    m_third->setVisible(axes.size() > 2);
    m_thirdLabel->setVisible(axes.size() > 2);
    m_chartStack->setCurrentWidget(axes.size() > 1 ? static_cast<QWidget*>(m_heat) : m_line);
    if (serving)
        m_pareto->setAxisTitles(tr("p99 time to first token (ms)"), tr("Output throughput (tok/s)"));
    else if (quality)
        m_pareto->setAxisTitles(QString(), QString());
    else
        m_pareto->setAxisTitles(tr("Weights (MiB)"), tr("Decode throughput (tok/s)"));
    updateMetricChoices();
    refresh();
}

void SweepResultsView::updateMetricChoices()
{
    const QString current = m_chartMetric->currentData().toString();
    m_chartMetric->blockSignals(true);
    m_chartMetric->clear();
    for (const sw::MetricInfo& m : sw::metrics()) {
        const std::string name(m.name);
        if (!sw::metricUnavailable(name, m_serving).empty())
            continue;
        if (!m_quality && (name.rfind("kld", 0) == 0 || name.rfind("top1", 0) == 0 || name.rfind("ppl", 0) == 0 ||
                           name == "rms_dp"))
            continue;
        m_chartMetric->addItem(metricName(name), QString::fromStdString(name));
        m_chartMetric->setItemData(m_chartMetric->count() - 1,
                                   QString::fromStdString(name) + QStringLiteral(": ") +
                                       QString::fromUtf8(m.description.data(), int(m.description.size())),
                                   Qt::ToolTipRole);
    }
    const int keep = m_chartMetric->findData(current);
    m_chartMetric->setCurrentIndex(
        keep >= 0 ? keep
                  : std::max(0, m_chartMetric->findData(m_serving ? QStringLiteral("output_tok_s") : QStringLiteral("tg_tok_s"))));
    m_chartMetric->blockSignals(false);
}

void SweepResultsView::setLines(const std::vector<json>& lines, const std::vector<sw::Constraint>& constraints,
                                const std::string& objective)
{
    m_lines = lines;
    m_constraints = constraints;
    m_objective = objective;
    refresh();
}

bool SweepResultsView::showsHeatMap() const
{
    return m_chartStack->currentWidget() == m_heat;
}

void SweepResultsView::setChartMetric(const QString& metric)
{
    m_chartMetric->setCurrentIndex(std::max(0, m_chartMetric->findData(metric)));
}

void SweepResultsView::setThirdValue(int index)
{
    m_third->setCurrentIndex(index);
}

QString SweepResultsView::reason() const
{
    return m_reason->text();
}

int SweepResultsView::pointOfRow(int row) const
{
    return row >= 0 && row < int(m_rowPoint.size()) ? m_rowPoint[size_t(row)] : -1;
}

QByteArray SweepResultsView::profileOfPoint(int index) const
{
    for (const json& line : m_lines)
        if (line.value("kind", "") == "point" && line.value("index", -1) == index && line.contains("profile")) {
            auto profile = engine::profileFromJson(line["profile"]);
            if (profile)
                return QByteArray::fromStdString(engine::serializeProfile(*profile));
        }
    return {};
}

int SweepResultsView::chosenPoint() const
{
    const int selected = pointOfRow(m_table->currentRow());
    return selected >= 0 ? selected : m_best;
}

void SweepResultsView::requestProfile(bool forExport)
{
    const QByteArray profile = profileOfPoint(chosenPoint());
    if (profile.isEmpty())
        return;
    if (forExport)
        emit exportProfileRequested(profile);
    else
        emit openProfileRequested(profile);
}

void SweepResultsView::refresh()
{
    const std::vector<sw::PointMetrics> points = sw::aggregate(m_lines);
    const sw::Selection selection = sw::selectPoints(points, m_constraints, m_objective, m_quality);
    m_best = selection.best ? *selection.best : -1;
    fillTable(points, selection);
    fillPareto(points, selection);
    fillMetricChart();
    const bool any = !points.empty();
    m_open->setEnabled(any);
    m_export->setEnabled(any);
    if (selection.best)
        m_reason->setText(tr("Recommended: %1").arg(engineMessageText(selection.why)));
    else if (any)
        m_reason->setText(tr("No point meets every constraint yet."));
    else
        m_reason->clear();
}

void SweepResultsView::fillTable(const std::vector<sw::PointMetrics>& points, const sw::Selection& selection)
{
    std::vector<Column> columns;
    if (m_serving)
        columns = {{tr("Output tok/s"), "output_tok_s", 1},   {tr("± 95 %"), "output_tok_s", 1, 1.0, true},
                   {tr("Requests/s"), "req_s", 2},            {tr("TTFT p99 ms"), "ttft_p99_ms", 1},
                   {tr("± 95 %"), "ttft_p99_ms", 1, 1.0, true}, {tr("ITL p99 ms"), "itl_p99_ms", 2},
                   {tr("e2e p99 ms"), "e2e_p99_ms", 1}};
    else
        columns = {{tr("Prefill tok/s"), "pp_tok_s", 1}, {tr("Decode tok/s"), "tg_tok_s", 1},
                   {tr("± 95 %"), "tg_tok_s", 1, 1.0, true}};
    columns.push_back({tr("Weights MiB"), "weights_bytes", 2, 1048576.0});
    columns.push_back({tr("KV MiB"), "kv_bytes", 2, 1048576.0});
    if (m_quality)
        columns.push_back({tr("KLD mean"), "kld_mean", 5});

    std::map<int, const json*> pointLines;
    std::map<int, int> samples;
    for (const json& line : m_lines) {
        const std::string kind = line.value("kind", "");
        if (kind == "point") pointLines[line.value("index", -1)] = &line;
        if (kind == "sample") ++samples[line.value("index", -1)];
    }
    std::map<int, const sw::PointMetrics*> byIndex;
    for (const sw::PointMetrics& p : points) byIndex[p.index] = &p;

    QStringList headers{tr("Point")};
    for (const Column& c : columns) headers << c.title;
    headers << tr("Measured") << QString();
    m_table->setColumnCount(int(headers.size()));
    m_table->setHorizontalHeaderLabels(headers);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->setRowCount(int(pointLines.size()));
    m_rowPoint.clear();
    int row = 0;
    for (const auto& [index, line] : pointLines) {
        m_rowPoint.push_back(index);
        m_table->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(line->value("label", ""))));
        const auto it = byIndex.find(index);
        for (size_t c = 0; c < columns.size(); ++c) {
            QString text = QStringLiteral("\u2013");
            if (it != byIndex.end()) {
                const auto m = it->second->metrics.find(columns[c].metric);
                if (m != it->second->metrics.end() && m->second.n > 0)
                    text = QString::number((columns[c].interval ? m->second.ci95 : m->second.mean) / columns[c].scale, 'f',
                                           columns[c].decimals);
            }
            m_table->setItem(row, int(c) + 1, new QTableWidgetItem(text));
        }
        const std::string status = line->value("status", "");
        const int measuredColumn = int(columns.size()) + 1;
        m_table->setItem(row, measuredColumn, new QTableWidgetItem(status == "ok" ? QStringLiteral("%1/%2").arg(samples[index]).arg(m_repetitions)
                                                                                  : QString()));
        QString state;
        if (status == "skipped") state = tr("skipped: %1").arg(QString::fromStdString(line->value("reason", "")));
        else if (status == "failed") state = tr("failed: %1").arg(QString::fromStdString(line->value("reason", "")));
        else if (selection.best && *selection.best == index) state = tr("recommended");
        else if (selection.onFrontier(index)) state = tr("frontier");
        auto* stateItem = new QTableWidgetItem(state);
        stateItem->setToolTip(state);
        m_table->setItem(row, measuredColumn + 1, stateItem);
        ++row;
    }
}

void SweepResultsView::fillPareto(const std::vector<sw::PointMetrics>& points, const sw::Selection& selection)
{
    QVector<ParetoRun> runs;
    int recommended = -1;
    // y: the speed (higher is better); x: what it costs (lower is better).
    const char* speedMetric = m_serving ? "output_tok_s" : "tg_tok_s";
    const char* costMetric = m_serving ? "ttft_p99_ms" : m_quality ? "kld_mean" : "weights_bytes";
    for (const sw::PointMetrics& p : points) {
        const auto speed = p.mean(speedMetric);
        const auto x = p.mean(costMetric);
        if (!speed || !x)
            continue;
        if (selection.best && *selection.best == p.index)
            recommended = int(runs.size());
        const double xValue = !m_serving && !m_quality ? *x / 1048576.0 : *x;
        runs.append(ParetoRun{QString::fromStdString(p.label), *speed, xValue, quint64(p.mean("memory_bytes").value_or(0.0))});
    }
    m_pareto->setRecommended(recommended);
    m_pareto->setRuns(runs);
}

void SweepResultsView::fillMetricChart()
{
    const std::string metric = m_chartMetric->currentData().toString().toStdString();
    const sw::MetricGrid grid = sw::metricGrid(m_axes, m_lines, metric, size_t(std::max(0, m_third->currentIndex())));
    std::map<int, QString> labels;
    for (const json& line : m_lines)
        if (line.value("kind", "") == "point")
            labels[line.value("index", -1)] = QString::fromStdString(line.value("label", ""));
    const double scale = isBytes(metric) ? 1048576.0 : 1.0;
    SweepGridData data;
    data.metric = isBytes(metric) ? tr("%1 (MiB)").arg(metricName(metric)) : metricName(metric);
    const sw::MetricInfo* info = sw::findMetric(metric);
    data.higherBetter = !info || info->better == sw::Better::Higher;
    if (!m_axes.empty())
        data.xKnob = QString::fromStdString(m_axes[0].key);
    if (m_axes.size() > 1)
        data.yKnob = QString::fromStdString(m_axes[1].key);
    for (const std::string& v : grid.xValues) data.xValues << QString::fromStdString(v);
    for (const std::string& v : grid.yValues) data.yValues << QString::fromStdString(v);
    for (const sw::GridCell& c : grid.cells) {
        SweepCell cell;
        cell.measured = c.stat.has_value();
        if (c.stat) {
            cell.mean = c.stat->mean / scale;
            cell.ci95 = c.stat->ci95 / scale;
        }
        cell.best = c.best;
        cell.withinNoise = c.withinNoiseOfBest;
        cell.tip = labels.count(c.index) ? labels[c.index] : QString();
        switch (c.state) {
        case sw::CellState::Skipped: cell.note = tr("skipped"); break;
        case sw::CellState::Failed: cell.note = tr("failed"); break;
        case sw::CellState::Pending: cell.note = tr("pending"); break;
        default: break;
        }
        if (!c.reason.empty())
            cell.tip += QLatin1Char('\n') + QString::fromStdString(c.reason);
        data.cells.append(cell);
    }
    if (showsHeatMap())
        m_heat->setData(data);
    else
        m_line->setData(data);
}

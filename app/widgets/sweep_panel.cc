#include "app/widgets/sweep_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>

#include "app/bridge/default_model.h"
#include "app/charts/pareto_chart.h"
#include "app/charts/sweep_metric_chart.h"
#include "engine/config/profile_validator.h"
#include "engine/passes/calibration.h"
#include "engine/sweep/sweep_runner.h"

namespace sw = engine::sweep;
using nlohmann::json;

namespace {

const QStringList kKeys = {QStringLiteral("weights.dtype"),    QStringLiteral("weights.group_size"),
                           QStringLiteral("pruning.ratio"),    QStringLiteral("kv_cache.mode"),
                           QStringLiteral("kv_cache.dtype"),   QStringLiteral("devices.threads"),
                           QStringLiteral("devices.virtual_cpus")};

struct SweepJob {
    sw::RunOptions run;
    std::vector<sw::Axis> axes;
    std::vector<sw::Constraint> constraints;
    std::string objective;
};

}  // namespace

SweepPanel::SweepPanel(QWidget* parent) : QWidget(parent)
{
    auto* form = new QFormLayout;
    const QStringList defaults = {QStringLiteral("int8,int4"), QString(), QString()};
    for (int i = 0; i < 3; ++i) {
        m_keys[i] = new QComboBox;
        m_keys[i]->setEditable(true);
        m_keys[i]->addItem(QString());
        m_keys[i]->addItems(kKeys);
        m_keys[i]->setToolTip(tr("Any profile path, e.g. weights.dtype or kv_cache.mode"));
        m_values[i] = new QLineEdit(defaults[i]);
        m_values[i]->setPlaceholderText(tr("values, comma-separated"));
        auto* row = new QHBoxLayout;
        row->addWidget(m_keys[i], 1);
        row->addWidget(m_values[i], 2);
        form->addRow(tr("Knob %1").arg(i + 1), row);
    }
    m_keys[0]->setCurrentText(QStringLiteral("weights.dtype"));
    m_prompt = new QSpinBox;
    m_prompt->setRange(0, 4096);
    m_prompt->setValue(64);
    m_gen = new QSpinBox;
    m_gen->setRange(0, 4096);
    m_gen->setValue(16);
    m_reps = new QSpinBox;
    m_reps->setRange(1, 50);
    m_reps->setValue(3);
    auto* workload = new QHBoxLayout;
    workload->addWidget(new QLabel(tr("prompt")));
    workload->addWidget(m_prompt);
    workload->addWidget(new QLabel(tr("generate")));
    workload->addWidget(m_gen);
    workload->addWidget(new QLabel(tr("repetitions")));
    workload->addWidget(m_reps);
    form->addRow(tr("Each point"), workload);
    m_quality = new QCheckBox(tr("Measure quality against the unoptimised model (bundled stories text)"));
    m_quality->setChecked(true);
    form->addRow(QString(), m_quality);
    m_constraint = new QLineEdit(QStringLiteral("kld_mean<=0.01"));
    m_constraint->setToolTip(tr("METRIC<=VALUE, separated by spaces: kld_mean<=0.01 weights_bytes<=400MiB top1>=99%"));
    form->addRow(tr("Constraints"), m_constraint);
    m_objective = new QComboBox;
    for (const sw::MetricInfo& m : sw::metrics()) m_objective->addItem(QString::fromUtf8(m.name.data(), int(m.name.size())));
    m_objective->setCurrentText(QStringLiteral("tg_tok_s"));
    form->addRow(tr("Best by"), m_objective);

    m_start = new QPushButton(tr("Run sweep"));
    m_cancelButton = new QPushButton(tr("Cancel"));
    m_cancelButton->setEnabled(false);
    m_open = new QPushButton(tr("Open as profile"));
    m_open->setToolTip(tr("Put the selected point's profile (or the recommended one) on the Optimise page."));
    m_open->setEnabled(false);
    connect(m_start, &QPushButton::clicked, this, &SweepPanel::start);
    connect(m_cancelButton, &QPushButton::clicked, this, &SweepPanel::cancel);
    connect(m_open, &QPushButton::clicked, this, [this] {
        const int row = m_table->currentRow() >= 0 ? m_table->currentRow() : int(m_rowPoint.indexOf(m_best));
        if (row >= 0)
            emit openProfileRequested(profileOfRow(row));
    });
    m_status = new QLabel;
    m_reason = new QLabel;
    m_reason->setWordWrap(true);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_cancelButton);
    buttons->addWidget(m_open);
    buttons->addWidget(m_status, 1);

    m_table = new QTableWidget(0, 7);
    m_table->setHorizontalHeaderLabels({tr("Point"), tr("Prefill tok/s"), tr("Decode tok/s"), tr("± 95 %"),
                                        tr("Weights MiB"), tr("KLD mean"), tr("")});
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_pareto = new ParetoChart;
    m_metricChart = new SweepMetricChart;
    m_chartMetric = new QComboBox;
    for (const sw::MetricInfo& m : sw::metrics()) m_chartMetric->addItem(QString::fromUtf8(m.name.data(), int(m.name.size())));
    m_chartMetric->setCurrentText(QStringLiteral("tg_tok_s"));
    connect(m_chartMetric, &QComboBox::currentTextChanged, this, [this] { refresh(); });
    auto* byMetric = new QWidget;
    auto* byMetricLayout = new QVBoxLayout(byMetric);
    byMetricLayout->setContentsMargins(0, 0, 0, 0);
    byMetricLayout->addWidget(m_chartMetric);
    byMetricLayout->addWidget(m_metricChart, 1);
    auto* charts = new QTabWidget;
    charts->addTab(m_pareto, tr("Speed vs quality"));
    charts->addTab(byMetric, tr("By metric"));

    auto* results = new QHBoxLayout;
    results->addWidget(m_table, 3);
    results->addWidget(charts, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addLayout(results, 1);
    layout->addWidget(m_reason);
}

SweepPanel::~SweepPanel()
{
    cancel();
    if (m_thread)
        m_thread->wait();
}

void SweepPanel::setModelPath(const QString& path)
{
    m_modelPath = path;
}

void SweepPanel::setAxis(int i, const QString& key, const QString& values)
{
    m_keys[i]->setCurrentText(key);
    m_values[i]->setText(values);
}

void SweepPanel::setWorkload(int promptTokens, int genTokens, int repetitions)
{
    m_prompt->setValue(promptTokens);
    m_gen->setValue(genTokens);
    m_reps->setValue(repetitions);
}

void SweepPanel::setQuality(bool on)
{
    m_quality->setChecked(on);
}

void SweepPanel::setConstraint(const QString& expression)
{
    m_constraint->setText(expression);
}

void SweepPanel::start()
{
    if (m_thread)
        return;
    auto job = std::make_shared<SweepJob>();
    QStringList problems;
    if (m_modelPath.isEmpty())
        problems << tr("no model is loaded");
    for (int i = 0; i < 3; ++i) {
        if (m_keys[i]->currentText().trimmed().isEmpty() || m_values[i]->text().trimmed().isEmpty())
            continue;
        auto axis = sw::parseAxis((m_keys[i]->currentText().trimmed() + QLatin1Char('=') +
                                   m_values[i]->text().remove(QLatin1Char(' '))).toStdString());
        if (!axis) problems << QString::fromStdString(axis.error().message);
        else job->axes.push_back(std::move(*axis));
    }
    if (job->axes.empty())
        problems << tr("give at least one knob and its values");
    for (const QString& c : m_constraint->text().split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        auto constraint = sw::parseConstraint(c.toStdString());
        if (!constraint) problems << QString::fromStdString(constraint.error().message);
        else job->constraints.push_back(std::move(*constraint));
    }
    if (!problems.isEmpty()) {
        m_status->setText(problems.join(QStringLiteral("; ")));
        emit finished(false, m_status->text());
        return;
    }
    job->objective = m_objective->currentText().toStdString();
    job->run.modelPath = m_modelPath.toStdString();
    job->run.promptTokens = m_prompt->value();
    job->run.genTokens = m_gen->value();
    job->run.repetitions = m_reps->value();
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    job->run.cancel = m_cancel.get();
    const bool quality = m_quality->isChecked();

    m_lines.clear();
    m_rowPoint.clear();
    m_best = -1;
    m_table->setRowCount(0);
    m_pareto->setRuns({});
    m_reason->clear();
    QDir().mkpath(QDir(appDataDir()).filePath(QStringLiteral("sweeps")));
    m_resultsPath = QDir(appDataDir()).filePath(QStringLiteral("sweeps/%1.jsonl")
                                                    .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))));
    m_start->setEnabled(false);
    m_cancelButton->setEnabled(true);
    m_status->setText(tr("Starting..."));

    const std::shared_ptr<std::atomic<bool>> cancelFlag = m_cancel;
    m_thread = QThread::create([this, job, quality, cancelFlag] {
        const auto post = [this](const json& line) {
            const QByteArray bytes = QByteArray::fromStdString(line.dump());
            QMetaObject::invokeMethod(this, [this, bytes] { onLine(bytes); }, Qt::QueuedConnection);
        };
        const auto done = [this](bool ok, const QString& message) {
            QMetaObject::invokeMethod(this, [this, ok, message] { onFinished(ok, message); }, Qt::QueuedConnection);
        };
        if (quality) {
            auto text = engine::readBundledEvalText("stories.txt");
            if (!text) return done(false, QString::fromStdString(text.error().message));
            job->run.qualityText = std::move(*text);
        }
        auto points = sw::expandGrid(json::object(), job->axes);
        if (!points) return done(false, QString::fromStdString(points.error().message));
        job->run.onStatus = [post](const std::string& s) { post({{"kind", "status"}, {"text", s}}); };
        auto ok = sw::runSweep(job->run, *points, {}, [post](const json& line) {
            post(line);
            return engine::okStatus();
        });
        done(bool(ok), ok ? QString() : QString::fromStdString(ok.error().message));
    });
    connect(m_thread, &QThread::finished, m_thread, &QObject::deleteLater);
    m_thread->start();
}

void SweepPanel::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

void SweepPanel::onLine(const QByteArray& bytes)
{
    const json line = json::parse(bytes.toStdString(), nullptr, false);
    if (line.is_discarded())
        return;
    if (line.value("kind", "") == "status") {
        m_status->setText(QString::fromStdString(line.value("text", "")));
        return;
    }
    m_lines.push_back(line);
    QFile file(m_resultsPath);
    if (file.open(QIODevice::Append))
        file.write(bytes + '\n');
    refresh();
}

void SweepPanel::onFinished(bool ok, const QString& message)
{
    m_thread = nullptr;  // deleted by its finished signal
    m_start->setEnabled(true);
    m_cancelButton->setEnabled(false);
    m_status->setText(ok ? tr("Done: %n point(s) measured; results in %1", nullptr, int(m_rowPoint.size())).arg(m_resultsPath)
                         : message);
    refresh();
    emit finished(ok, ok ? QString() : message);
}

void SweepPanel::refresh()
{
    const std::vector<sw::PointMetrics> points = sw::aggregate(m_lines);
    std::vector<sw::Constraint> constraints;
    for (const QString& c : m_constraint->text().split(QLatin1Char(' '), Qt::SkipEmptyParts))
        if (auto parsed = sw::parseConstraint(c.toStdString())) constraints.push_back(*parsed);
    const std::string objective = m_objective->currentText().toStdString();
    const sw::Selection selection = sw::selectPoints(points, constraints, objective, m_quality->isChecked());
    const std::optional<int32_t>& best = selection.best;
    m_best = best ? *best : -1;
    m_table->setRowCount(int(points.size()));
    m_rowPoint.clear();
    QVector<ParetoRun> pareto;
    const auto cell = [](std::optional<double> v, int decimals, double scale = 1.0) {
        return new QTableWidgetItem(v ? QString::number(*v / scale, 'f', decimals) : QStringLiteral("–"));
    };
    for (size_t r = 0; r < points.size(); ++r) {
        const sw::PointMetrics& p = points[r];
        m_rowPoint.append(p.index);
        const int row = int(r);
        m_table->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(p.label)));
        m_table->setItem(row, 1, cell(p.mean("pp_tok_s"), 1));
        m_table->setItem(row, 2, cell(p.mean("tg_tok_s"), 1));
        const auto ci = p.metrics.count("tg_tok_s") ? std::optional<double>(p.metrics.at("tg_tok_s").ci95) : std::nullopt;
        m_table->setItem(row, 3, cell(ci, 1));
        m_table->setItem(row, 4, cell(p.mean("weights_bytes"), 2, 1048576.0));
        auto* kld = new QTableWidgetItem(p.mean("kld_mean") ? QString::number(*p.mean("kld_mean"), 'g', 3) : QStringLiteral("–"));
        m_table->setItem(row, 5, kld);
        const bool onFrontier = selection.onFrontier(p.index);
        m_table->setItem(row, 6, new QTableWidgetItem(best && *best == p.index ? tr("recommended")
                                                      : onFrontier             ? tr("frontier")
                                                                               : QString()));
        if (p.mean("tg_tok_s"))
            pareto.append(ParetoRun{QString::fromStdString(p.label), *p.mean("tg_tok_s"), p.mean("kld_mean").value_or(0.0),
                                    quint64(p.mean("memory_bytes").value_or(0.0))});
    }
    m_pareto->setRuns(pareto);
    const std::string chartMetric = m_chartMetric->currentText().toStdString();
    QVector<MetricBar> bars;
    for (const sw::PointMetrics& p : points) {
        const auto it = p.metrics.find(chartMetric);
        if (it == p.metrics.end())
            continue;
        // Tick labels: the values only ("int8 · paged"); the keys are in the table.
        QStringList values;
        for (const QString& part : QString::fromStdString(p.label).split(QStringLiteral(" \u00b7 ")))
            values << part.section(QLatin1Char('='), 1);
        bars.append(MetricBar{values.join(QStringLiteral(" \u00b7 ")), it->second.mean, it->second.ci95});
    }
    m_metricChart->setBars(bars, m_chartMetric->currentText());
    m_open->setEnabled(!points.empty());
    if (best) {
        m_reason->setText(tr("Recommended: %1").arg(QString::fromStdString(selection.reason)));
    } else if (!points.empty()) {
        m_reason->setText(tr("No point meets every constraint yet."));
    }
}

void SweepPanel::setChartMetric(const QString& metric)
{
    m_chartMetric->setCurrentText(metric);
}

QString SweepPanel::reason() const
{
    return m_reason->text();
}

QByteArray SweepPanel::profileOfRow(int row) const
{
    if (row < 0 || row >= m_rowPoint.size())
        return {};
    for (const json& line : m_lines)
        if (line.value("kind", "") == "point" && line.value("index", -1) == m_rowPoint[row]) {
            auto profile = engine::profileFromJson(line["profile"]);
            if (profile) return QByteArray::fromStdString(engine::serializeProfile(*profile));
        }
    return {};
}

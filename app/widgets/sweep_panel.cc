#include "app/widgets/sweep_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>
#include <algorithm>

#include <map>
#include <set>

#include "app/bridge/default_model.h"
#include "app/bridge/engine_text.h"
#include "app/version.h"
#include "app/widgets/sweep_results_view.h"
#include "engine/common/text_file.h"
#include "engine/passes/calibration.h"
#include "engine/sweep/sweep_runner.h"

namespace sw = engine::sweep;
using nlohmann::json;

namespace {

const QStringList kKeys = {
    QStringLiteral("weights.dtype"),          QStringLiteral("weights.group_size"),
    QStringLiteral("pruning.ratio"),          QStringLiteral("kv_cache.mode"),
    QStringLiteral("kv_cache.dtype"),         QStringLiteral("kv_cache.block_size"),
    QStringLiteral("kv_cache.capacity_tokens"), QStringLiteral("batching.max_sequences"),
    QStringLiteral("batching.policy"),        QStringLiteral("batching.max_batch"),
    QStringLiteral("devices.threads"),        QStringLiteral("devices.virtual_cpus")};

// The quality text a workbench sweep measures with, as its results file names it.
constexpr const char* kBundledQuality = "bundled:stories.txt";

// What the load combo's items stand for.
const QString kLoadPpTg = QStringLiteral("pptg");
const QString kLoadFile = QStringLiteral("file");
const QString kLoadPreset = QStringLiteral("preset:");

engine::Expected<std::string> qualityText(const std::string& quality)
{
    const std::string bundled = "bundled:";
    if (quality.rfind(bundled, 0) == 0)
        return engine::readBundledEvalText(quality.substr(bundled.size()));
    return engine::readTextFile(quality, "quality text", engine::kMaxTextFileBytes);
}

}  // namespace

struct SweepPanel::Job {
    sw::SweepSpec spec;
    sw::RunOptions run;
    std::vector<sw::Constraint> constraints;
    std::string objective;
    std::string path;
    bool resume = false;
};

SweepPanel::SweepPanel(QWidget* parent) : QWidget(parent)
{
    auto* form = new QFormLayout;
    const QStringList defaults = {QStringLiteral("int8,int4"), QString(), QString()};
    for (int i = 0; i < 3; ++i) {
        m_keys[i] = new QComboBox;
        m_keys[i]->setEditable(true);
        m_keys[i]->addItem(QString());
        m_keys[i]->addItems(kKeys);
        m_keys[i]->setToolTip(tr("Any profile path, e.g. weights.dtype, kv_cache.mode or batching.max_sequences"));
        m_values[i] = new QLineEdit(defaults[i]);
        m_values[i]->setPlaceholderText(tr("values, comma-separated"));
        auto* row = new QHBoxLayout;
        row->addWidget(m_keys[i], 1);
        row->addWidget(m_values[i], 2);
        form->addRow(tr("Knob %1").arg(i + 1), row);
    }
    m_keys[0]->setCurrentText(QStringLiteral("weights.dtype"));

    m_load = new QComboBox;
    m_load->addItem(tr("One prompt, then generation (pp / tg)"), kLoadPpTg);
    for (const std::string& name : engine::workloadPresetNames())
        m_load->addItem(tr("Serving workload: preset %1").arg(QString::fromStdString(name)),
                        kLoadPreset + QString::fromStdString(name));
    m_load->addItem(tr("Serving workload: file..."), kLoadFile);
    m_load->setToolTip(tr("What each point is measured under. A serving workload replays its requests through the "
                          "batching scheduler with the point's batching and KV cache settings, and measures TTFT, "
                          "inter-token latency, end-to-end latency and throughput."));
    connect(m_load, &QComboBox::currentIndexChanged, this, [this] {
        if (m_load->currentData().toString() == kLoadFile && m_workloadFile.isEmpty())
            chooseWorkloadFile();
        updateLoadFields();
    });
    m_workloadButton = new QPushButton(tr("Choose..."));
    connect(m_workloadButton, &QPushButton::clicked, this, &SweepPanel::chooseWorkloadFile);
    m_realTime = new QCheckBox(tr("Honour arrival times"));
    m_realTime->setChecked(true);
    m_realTime->setToolTip(tr("Off: every request arrives at once, which measures the scheduler under full load."));
    auto* loadRow = new QHBoxLayout;
    loadRow->addWidget(m_load, 1);
    loadRow->addWidget(m_workloadButton);
    loadRow->addWidget(m_realTime);
    form->addRow(tr("Load"), loadRow);

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
    workload->addStretch(1);
    form->addRow(tr("Each point"), workload);
    m_quality = new QCheckBox(tr("Measure quality against the unoptimised model (bundled stories text)"));
    m_quality->setChecked(true);
    form->addRow(QString(), m_quality);
    m_constraint = new QLineEdit(QStringLiteral("kld_mean<=0.01"));
    m_constraint->setToolTip(tr("METRIC<=VALUE, separated by spaces: kld_mean<=0.01 weights_bytes<=400MiB top1>=99% "
                                "ttft_p99_ms<=200"));
    form->addRow(tr("Constraints"), m_constraint);
    m_objective = new QComboBox;
    // Each metric by its name for people; the identifier (as constraints and the CLI
    // spell it) is the item data and starts the tooltip.
    for (const sw::MetricInfo& m : sw::metrics()) {
        const QString name = QString::fromUtf8(m.name.data(), int(m.name.size()));
        m_objective->addItem(engineMessageText(sw::metricMessage(std::string(m.name))), name);
        m_objective->setItemData(m_objective->count() - 1,
                                 name + QStringLiteral(": ") + QString::fromUtf8(m.description.data(), int(m.description.size())),
                                 Qt::ToolTipRole);
    }
    m_objective->setCurrentIndex(m_objective->findData(QStringLiteral("tg_tok_s")));
    form->addRow(tr("Best by"), m_objective);

    m_start = new QPushButton(tr("Run sweep"));
    m_resume = new QPushButton(tr("Resume..."));
    m_resume->setToolTip(tr("Continue an interrupted sweep from its results file (.jsonl): the points and "
                            "repetitions it already measured are kept."));
    m_cancelButton = new QPushButton(tr("Cancel"));
    m_cancelButton->setEnabled(false);
    connect(m_start, &QPushButton::clicked, this, &SweepPanel::start);
    connect(m_resume, &QPushButton::clicked, this, &SweepPanel::chooseResultsFile);
    connect(m_cancelButton, &QPushButton::clicked, this, &SweepPanel::cancel);
    m_progress = new QProgressBar;
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setFormat(tr("%v of %m measurements"));
    m_status = new QLabel;
    m_status->setWordWrap(true);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_resume);
    buttons->addWidget(m_cancelButton);
    buttons->addWidget(m_progress);
    buttons->addWidget(m_status, 1);

    m_results = new SweepResultsView;
    connect(m_results, &SweepResultsView::openProfileRequested, this, &SweepPanel::openProfileRequested);
    connect(m_results, &SweepResultsView::exportProfileRequested, this, &SweepPanel::exportProfileRequested);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_results, 1);
    updateLoadFields();
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
    m_load->setCurrentIndex(m_load->findData(kLoadPpTg));
    m_prompt->setValue(promptTokens);
    m_gen->setValue(genTokens);
    m_reps->setValue(repetitions);
}

void SweepPanel::setServingPreset(const QString& name)
{
    m_load->setCurrentIndex(m_load->findData(kLoadPreset + name));
}

void SweepPanel::setServingWorkloadFile(const QString& path)
{
    m_workloadFile = path;
    m_load->setCurrentIndex(m_load->findData(kLoadFile));
    updateLoadFields();
}

void SweepPanel::setRealTime(bool on)
{
    m_realTime->setChecked(on);
}

void SweepPanel::setQuality(bool on)
{
    m_quality->setChecked(on);
}

void SweepPanel::setConstraint(const QString& expression)
{
    m_constraint->setText(expression);
}

void SweepPanel::setObjective(const QString& metric)
{
    m_objective->setCurrentIndex(std::max(0, m_objective->findData(metric)));
}

void SweepPanel::updateLoadFields()
{
    const QString load = m_load->currentData().toString();
    const bool serving = load != kLoadPpTg;
    m_prompt->setEnabled(!serving);
    m_gen->setEnabled(!serving);
    m_realTime->setEnabled(serving);
    m_workloadButton->setVisible(load == kLoadFile);
    m_workloadButton->setText(m_workloadFile.isEmpty() ? tr("Choose...") : QFileInfo(m_workloadFile).fileName());
    m_workloadButton->setToolTip(m_workloadFile);
    // A serving sweep is judged by serving metrics.
    const std::string objective = m_objective->currentData().toString().toStdString();
    if (!sw::metricUnavailable(objective, serving).empty())
        m_objective->setCurrentIndex(m_objective->findData(serving ? QStringLiteral("output_tok_s") : QStringLiteral("tg_tok_s")));
}

void SweepPanel::chooseWorkloadFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Workload file"), QFileInfo(m_workloadFile).path(),
                                                      tr("Workloads (*.json);;All files (*)"));
    if (!path.isEmpty())
        m_workloadFile = path;
    updateLoadFields();
}

void SweepPanel::chooseResultsFile()
{
    const QString dir = QDir(appDataDir()).filePath(QStringLiteral("sweeps"));
    const QString path = QFileDialog::getOpenFileName(this, tr("Resume a sweep"), dir,
                                                      tr("Sweep results (*.jsonl);;All files (*)"));
    if (path.isEmpty())
        return;
    const QString problem = resumeFrom(path);
    if (!problem.isEmpty())
        QMessageBox::warning(this, tr("This sweep cannot be resumed"), problem);
}

std::shared_ptr<SweepPanel::Job> SweepPanel::jobFromForm(QStringList& problems) const
{
    auto job = std::make_shared<Job>();
    sw::SweepSpec& spec = job->spec;
    if (m_modelPath.isEmpty())
        problems << tr("no model is loaded");
    for (int i = 0; i < 3; ++i) {
        if (m_keys[i]->currentText().trimmed().isEmpty() || m_values[i]->text().trimmed().isEmpty())
            continue;
        auto axis = sw::parseAxis((m_keys[i]->currentText().trimmed() + QLatin1Char('=') +
                                   m_values[i]->text().remove(QLatin1Char(' '))).toStdString());
        if (!axis) problems << engineErrorText(axis.error());
        else spec.axes.push_back(std::move(*axis));
    }
    if (spec.axes.empty())
        problems << tr("give at least one knob and its values");
    const QString load = m_load->currentData().toString();
    if (load == kLoadFile) {
        if (m_workloadFile.isEmpty()) {
            problems << tr("choose a workload file");
        } else if (auto w = engine::loadWorkloadFile(m_workloadFile.toStdString()); !w) {
            problems << engineErrorText(w.error());
        } else {
            spec.workload = std::move(*w);
            spec.workloadSource = m_workloadFile.toStdString();
        }
    } else if (load.startsWith(kLoadPreset)) {
        const std::string name = load.mid(kLoadPreset.size()).toStdString();
        spec.workload = *engine::workloadPreset(name);
        spec.workloadSource = "preset " + name;
    } else if (m_prompt->value() + m_gen->value() == 0) {
        problems << tr("the prompt and the generation length cannot both be 0");
    }
    spec.realTime = m_realTime->isChecked();
    spec.promptTokens = m_prompt->value();
    spec.genTokens = m_gen->value();
    spec.repetitions = m_reps->value();
    spec.model = m_modelPath.toStdString();
    if (m_quality->isChecked())
        spec.quality = kBundledQuality;
    return job;
}

void SweepPanel::start()
{
    if (m_thread)
        return;
    QStringList problems;
    std::shared_ptr<Job> job = jobFromForm(problems);
    if (problems.isEmpty()) {
        QDir().mkpath(QDir(appDataDir()).filePath(QStringLiteral("sweeps")));
        const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz"));
        job->path = QDir(appDataDir()).filePath(QStringLiteral("sweeps/%1.jsonl").arg(stamp)).toStdString();
        const QString problem = launch(job);
        if (problem.isEmpty())
            return;
        problems << problem;
    }
    m_status->setText(problems.join(QStringLiteral("; ")));
    emit finished(false, m_status->text());
}

QString SweepPanel::resumeFrom(const QString& path)
{
    if (m_thread)
        return tr("A sweep is running; cancel it first.");
    auto header = sw::readHeader(path.toStdString());
    if (!header)
        return tr("%1 is not a sweep results file: %2").arg(path, engineErrorText(header.error()));
    auto spec = sw::specFromHeader(*header);
    if (!spec)
        return engineErrorText(spec.error());
    if (QString::fromStdString(spec->model) != m_modelPath)
        return tr("This sweep measured %1, but the workbench has %2 loaded. Open %1 on the Model page, then resume "
                  "the sweep.")
            .arg(QString::fromStdString(spec->model), m_modelPath.isEmpty() ? tr("no model") : m_modelPath);
    if (spec->axes.size() > 3)
        return tr("This sweep has %1 knobs; the panel shows up to three. Continue it with inferscope-cli sweep --resume.")
            .arg(spec->axes.size());
    auto job = std::make_shared<Job>();
    job->spec = std::move(*spec);
    job->path = path.toStdString();
    job->resume = true;
    showSpec(job->spec);
    return launch(job);
}

// The form shows the sweep being continued: its knobs, load and repetitions.
void SweepPanel::showSpec(const sw::SweepSpec& spec)
{
    for (int i = 0; i < 3; ++i) {
        QStringList values;
        if (i < int(spec.axes.size()))
            for (const json& v : spec.axes[size_t(i)].values) values << QString::fromStdString(sw::valueText(v));
        setAxis(i, i < int(spec.axes.size()) ? QString::fromStdString(spec.axes[size_t(i)].key) : QString(),
                values.join(QLatin1Char(',')));
    }
    const QString source = QString::fromStdString(spec.workloadSource);
    if (!spec.workload) {
        setWorkload(spec.promptTokens, spec.genTokens, spec.repetitions);
    } else if (source.startsWith(QStringLiteral("preset ")) && m_load->findData(kLoadPreset + source.mid(7)) >= 0) {
        setServingPreset(source.mid(7));
    } else {
        setServingWorkloadFile(source);
    }
    m_reps->setValue(spec.repetitions);
    m_realTime->setChecked(spec.realTime);
    m_quality->setChecked(!spec.quality.empty());
}

QString SweepPanel::launch(const std::shared_ptr<Job>& job)
{
    QStringList problems;
    const bool serving = job->spec.workload.has_value();
    for (const QString& c : m_constraint->text().split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        auto constraint = sw::parseConstraint(c.toStdString());
        if (!constraint) problems << engineErrorText(constraint.error());
        else job->constraints.push_back(std::move(*constraint));
    }
    job->objective = m_objective->currentData().toString().toStdString();
    std::vector<std::string> used{job->objective};
    for (const sw::Constraint& c : job->constraints) used.push_back(c.metric);
    for (const std::string& m : used)
        if (const auto why = sw::metricUnavailableMessage(m, serving)) problems << engineMessageText(*why);
    auto points = sw::expandGrid(job->spec.base, job->spec.axes);
    if (!points) problems << engineErrorText(points.error());
    if (!problems.isEmpty())
        return problems.join(QStringLiteral("; "));

    sw::RunOptions& run = job->run;
    run.modelPath = job->spec.model;
    run.promptTokens = job->spec.promptTokens;
    run.genTokens = job->spec.genTokens;
    run.workload = job->spec.workload;
    run.realTime = job->spec.realTime;
    run.repetitions = job->spec.repetitions;
    run.seed = job->spec.seed;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    run.cancel = m_cancel.get();

    m_planned = 0;
    for (const sw::Point& p : *points) m_planned += p.skipReason.empty() ? job->spec.repetitions : 0;
    m_lines.clear();
    m_constraints = job->constraints;
    m_objectiveName = job->objective;
    m_resultsPath = QString::fromStdString(job->path);
    m_results->setSweep(job->spec.axes, serving, !job->spec.quality.empty(), job->spec.repetitions);
    m_progress->setRange(0, std::max(1, m_planned));
    m_progress->setValue(0);
    m_start->setEnabled(false);
    m_resume->setEnabled(false);
    m_cancelButton->setEnabled(true);
    m_status->setText(job->resume ? tr("Resuming %1...").arg(m_resultsPath) : tr("Starting..."));

    m_thread = QThread::create([this, job, points = std::move(*points), cancelFlag = m_cancel] {
        const auto post = [this](const std::vector<json>& lines) {
            QList<QByteArray> bytes;
            for (const json& line : lines) bytes << QByteArray::fromStdString(line.dump());
            QMetaObject::invokeMethod(this, [this, bytes] { onLines(bytes); }, Qt::QueuedConnection);
        };
        const auto done = [this](bool ok, const QString& message) {
            QMetaObject::invokeMethod(this, [this, ok, message] { onFinished(ok, message); }, Qt::QueuedConnection);
        };
        if (!job->spec.quality.empty()) {
            auto text = qualityText(job->spec.quality);
            if (!text) return done(false, engineErrorText(text.error()));
            job->run.qualityText = std::move(*text);
        }
        const json header = sw::headerLine(job->spec);
        std::vector<json> lines{header};
        if (job->resume) {
            auto read = sw::readResults(job->path, header);
            if (!read) return done(false, engineErrorText(read.error()));
            lines = std::move(*read);
        }
        lines.push_back(sw::provenanceLine(std::nullopt, INFERSCOPE_REVISION));
        sw::ResultsFile file;
        if (auto ok = file.open(job->path, lines, job->resume); !ok)
            return done(false, engineErrorText(ok.error()));
        post(lines);
        job->run.onStatus = [this](const std::string& s) {
            const QString text = QString::fromStdString(s);
            QMetaObject::invokeMethod(this, [this, text] { onStatus(text); }, Qt::QueuedConnection);
        };
        const sw::Sink sink = [&](const json& line) -> engine::Status {
            lines.push_back(line);
            post({line});
            return file.append(line);
        };
        auto ok = sw::runSweep(job->run, points, sw::Progress::fromLines(lines), sink);
        if (!ok) return done(false, engineErrorText(ok.error()));
        for (const json& line : sw::closeSweep(lines, points, job->constraints, job->objective, !job->spec.quality.empty()).lines)
            if (auto appended = file.append(line); !appended)
                return done(false, engineErrorText(appended.error()));
        done(true, QString());
    });
    connect(m_thread, &QThread::finished, m_thread, &QObject::deleteLater);
    m_thread->start();
    return {};
}

void SweepPanel::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

void SweepPanel::onStatus(const QString& text)
{
    m_status->setText(text);
}

void SweepPanel::onLines(const QList<QByteArray>& bytes)
{
    for (const QByteArray& b : bytes) {
        json line = json::parse(b.toStdString(), nullptr, false);
        if (!line.is_discarded())
            m_lines.push_back(std::move(line));
    }
    m_progress->setValue(progressValue());
    m_results->setLines(m_lines, m_constraints, m_objectiveName);
}

int SweepPanel::progressValue() const
{
    int done = 0;
    for (const json& line : m_lines) {
        const std::string kind = line.value("kind", "");
        if (kind == "sample")
            ++done;
        else if (kind == "point" && line.value("status", "") == "failed")
            done += m_reps->value();
    }
    return std::min(done, std::max(1, m_planned));
}

int SweepPanel::progressMaximum() const
{
    return m_planned;
}

void SweepPanel::onFinished(bool ok, const QString& message)
{
    m_thread = nullptr;  // deleted by its finished signal
    m_start->setEnabled(true);
    m_resume->setEnabled(true);
    m_cancelButton->setEnabled(false);
    const bool cancelled = m_cancel && m_cancel->load();
    if (ok)
        m_status->setText(tr("Done: %1 of %2 measurements; results in %3").arg(progressValue()).arg(m_planned).arg(m_resultsPath));
    else if (cancelled)
        m_status->setText(tr("Cancelled after %1 of %2 measurements; they are kept in %3, and Resume continues the "
                             "sweep from there.")
                              .arg(progressValue())
                              .arg(m_planned)
                              .arg(m_resultsPath));
    else
        m_status->setText(message);
    emit finished(ok, ok ? QString() : m_status->text());
}

QTableWidget* SweepPanel::table() const
{
    return m_results->table();
}

ParetoChart* SweepPanel::paretoChart() const
{
    return m_results->paretoChart();
}

SweepMetricChart* SweepPanel::metricChart() const
{
    return m_results->lineChart();
}

SweepHeatMap* SweepPanel::heatMap() const
{
    return m_results->heatMap();
}

void SweepPanel::setChartMetric(const QString& metric)
{
    m_results->setChartMetric(metric);
}

QString SweepPanel::reason() const
{
    return m_results->reason();
}

QByteArray SweepPanel::profileOfRow(int row) const
{
    return m_results->profileOfPoint(m_results->pointOfRow(row));
}

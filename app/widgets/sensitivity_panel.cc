#include "app/widgets/sensitivity_panel.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>

#include "app/bridge/engine_text.h"
#include "engine/config/profile_export.h"
#include "engine/config/profile_validator.h"
#include "engine/passes/calibration.h"
#include "engine/passes/quantize_pass.h"
#include "engine/session/engine.h"
#include "engine/sweep/sensitivity.h"
#include "engine/tokenizer/tokenizer.h"

namespace sw = engine::sweep;

namespace {

constexpr double kMiB = 1048576.0;

QString mib(uint64_t bytes)
{
    return QString::number(double(bytes) / kMiB, 'f', 3);
}

}  // namespace

struct SensitivityPanel::Result {
    sw::SensitivityReport report;
    sw::WeightsQuality all;  // every unit at the target
    sw::MixedPrecisionPlan plan;
    sw::WeightsQuality planQuality;
    uint64_t budget = 0;
    QByteArray profile;
    QString llamaCpp;
};

SensitivityPanel::SensitivityPanel(QWidget* parent) : QWidget(parent)
{
    m_target = new QComboBox;
    m_target->addItems({QStringLiteral("int4"), QStringLiteral("int8"), QStringLiteral("f16"), QStringLiteral("bf16")});
    m_target->setToolTip(tr("The precision each unit is converted to, alone, to measure what it costs"));
    m_group = new QComboBox;
    m_group->addItems({QStringLiteral("32"), QStringLiteral("64"), QStringLiteral("128")});
    m_group->setToolTip(tr("Weights per scale for int8 / int4"));
    m_unit = new QComboBox;
    m_unit->addItem(tr("each matrix"), false);
    m_unit->addItem(tr("each layer"), true);
    m_keep = new QComboBox;
    m_keep->addItems({QStringLiteral("int8"), QStringLiteral("f16"), QStringLiteral("f32")});
    m_keep->setToolTip(tr("The higher precision the proposal keeps the most sensitive units at"));
    m_budget = new QDoubleSpinBox;
    m_budget->setRange(0.0, 1e6);
    m_budget->setDecimals(3);
    m_budget->setSuffix(tr(" MiB"));
    m_budget->setSpecialValueText(tr("auto: the target size + 25 %"));
    m_budget->setToolTip(tr("The weight memory the proposal may use"));
    connect(m_target, &QComboBox::currentTextChanged, this,
            [this](const QString& t) { m_group->setEnabled(t.startsWith(QStringLiteral("int"))); });

    auto* form = new QFormLayout;
    auto* targetRow = new QHBoxLayout;
    targetRow->addWidget(m_target);
    targetRow->addWidget(new QLabel(tr("group size")));
    targetRow->addWidget(m_group);
    targetRow->addWidget(new QLabel(tr("convert")));
    targetRow->addWidget(m_unit);
    targetRow->addStretch(1);
    form->addRow(tr("Target"), targetRow);
    auto* proposalRow = new QHBoxLayout;
    proposalRow->addWidget(m_keep);
    proposalRow->addWidget(new QLabel(tr("within")));
    proposalRow->addWidget(m_budget, 1);
    form->addRow(tr("Keep sensitive units at"), proposalRow);

    m_start = new QPushButton(tr("Measure sensitivity"));
    m_cancelButton = new QPushButton(tr("Cancel"));
    m_cancelButton->setEnabled(false);
    connect(m_start, &QPushButton::clicked, this, &SensitivityPanel::start);
    connect(m_cancelButton, &QPushButton::clicked, this, &SensitivityPanel::cancel);
    m_progress = new QProgressBar;
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_status = new QLabel;
    m_status->setWordWrap(true);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_cancelButton);
    buttons->addWidget(m_progress);
    buttons->addWidget(m_status, 1);

    m_table = new QTableWidget(0, 6);
    m_table->setHorizontalHeaderLabels(
        {tr("Unit"), tr("Stored MiB"), tr("At target MiB"), tr("KLD mean"), tr("Top-1"), tr("Note")});
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setToolTip(tr("Most sensitive first: the mean KL divergence from the model as stored when only this unit "
                           "is converted to the target."));
    m_summary = new QLabel(tr("Measure to see the ranking and a mixed-precision proposal here."));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_args = new QPlainTextEdit;
    m_args->setReadOnly(true);
    m_args->setMaximumHeight(90);
    m_args->setPlaceholderText(tr("The proposal as llama.cpp arguments (llama-quantize --tensor-type) appears here."));
    m_open = new QPushButton(tr("Open as profile"));
    m_save = new QPushButton(tr("Save profile..."));
    m_copy = new QPushButton(tr("Copy llama.cpp arguments"));
    for (QPushButton* b : {m_open, m_save, m_copy})
        b->setEnabled(false);
    connect(m_open, &QPushButton::clicked, this, [this] { emit openProfileRequested(m_profile); });
    connect(m_copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(m_args->toPlainText()); });
    connect(m_save, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save the proposal's profile"),
                                                          QStringLiteral("mixed-precision.json"),
                                                          tr("Profiles (*.json)"));
        if (path.isEmpty())
            return;
        if (const QString error = saveProfile(path); !error.isEmpty())
            QMessageBox::warning(this, tr("The profile was not saved"), error);
    });
    auto* exportRow = new QHBoxLayout;
    exportRow->addStretch(1);
    exportRow->addWidget(m_open);
    exportRow->addWidget(m_save);
    exportRow->addWidget(m_copy);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_summary);
    layout->addWidget(m_args);
    layout->addLayout(exportRow);
}

SensitivityPanel::~SensitivityPanel()
{
    cancel();
    if (m_thread)
        m_thread->wait();
}

void SensitivityPanel::setModelPath(const QString& path)
{
    m_modelPath = path;
}

void SensitivityPanel::setTarget(const QString& dtype, int groupSize)
{
    m_target->setCurrentText(dtype);
    m_group->setCurrentText(QString::number(groupSize));
}

void SensitivityPanel::setLayerUnits(bool layers)
{
    m_unit->setCurrentIndex(layers ? 1 : 0);
}

void SensitivityPanel::setBudgetMiB(double mib)
{
    m_budget->setValue(mib);
}

QString SensitivityPanel::llamaCppArgs() const
{
    return m_args->toPlainText();
}

QString SensitivityPanel::summary() const
{
    return m_summary->text();
}

QString SensitivityPanel::saveProfile(const QString& path) const
{
    QSaveFile file(path);
    if (m_profile.isEmpty())
        return tr("There is no proposal yet.");
    if (!file.open(QIODevice::WriteOnly) || file.write(m_profile) != m_profile.size() || !file.commit())
        return tr("Cannot write %1: %2").arg(path, file.errorString());
    return {};
}

void SensitivityPanel::start()
{
    if (m_thread)
        return;
    if (m_modelPath.isEmpty()) {
        m_status->setText(tr("Open a model first."));
        emit finished(false, m_status->text());
        return;
    }
    sw::SensitivityOptions o;
    o.target.dtype = engine::enumFromName<engine::WeightDType>(m_target->currentText().toStdString());
    if (m_target->currentText().startsWith(QStringLiteral("int")))
        o.target.groupSize = m_group->currentText().toInt();
    o.keep = *engine::enumFromName<engine::WeightDType>(m_keep->currentText().toStdString());
    o.unit = m_unit->currentData().toBool() ? sw::SensitivityUnit::Layer : sw::SensitivityUnit::Tensor;
    const uint64_t budget = uint64_t(m_budget->value() * kMiB);
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    o.cancel = m_cancel.get();
    o.onProgress = [this](size_t done, size_t total, const std::string& unit) {
        const QString name = QString::fromStdString(unit);
        QMetaObject::invokeMethod(this, [this, done, total, name] { onProgress(int(done), int(total), name); },
                                  Qt::QueuedConnection);
    };
    m_profile.clear();
    m_table->setRowCount(0);
    m_args->clear();
    for (QPushButton* b : {m_open, m_save, m_copy})
        b->setEnabled(false);
    m_start->setEnabled(false);
    m_cancelButton->setEnabled(true);
    m_status->setText(tr("Loading the model..."));
    const std::string modelPath = m_modelPath.toStdString();
    m_thread = QThread::create([this, o, budget, modelPath] {
        const auto done = [this](bool ok, const QString& message) {
            QMetaObject::invokeMethod(this, [this, ok, message] { onFinished(ok, message); }, Qt::QueuedConnection);
        };
        const auto fail = [&](const engine::Error& e) { done(false, engineErrorText(e)); };
        auto base = engine::Engine::load(modelPath, {}, engine::LoadOptions{});
        if (!base) return fail(base.error());
        engine::Engine& e = **base;
        auto text = engine::readBundledEvalText("stories.txt");
        if (!text) return fail(text.error());
        sw::SensitivityOptions options = o;
        options.tokens = e.tokenizer().encode(*text, e.tokenizer().addBosByDefault());
        auto result = std::make_shared<Result>();
        auto report = sw::measureSensitivity(e.file(), e.model(), e.ops(), options);
        if (!report) return fail(report.error());
        result->report = std::move(*report);
        auto all = sw::measureWeights(e.file(), e.model(), e.ops(), options.target, options.tokens, options.eval);
        if (!all) return fail(all.error());
        result->all = *all;
        result->budget = budget > 0 ? budget : all->bytes + all->bytes / 4;
        result->plan = sw::proposeMixedPrecision(result->report, options.target, options.keep, result->budget);
        auto measured = sw::measureWeights(e.file(), e.model(), e.ops(), result->plan.weights, options.tokens, options.eval);
        if (!measured) return fail(measured.error());
        result->planQuality = *measured;
        engine::Profile profile;
        profile.name = "mixed precision under " + mib(result->budget).toStdString() + " MiB";
        profile.weights = result->plan.weights;
        result->profile = QByteArray::fromStdString(engine::serializeProfile(profile));
        auto adjusted = engine::plannedAdjustments(e.file(), result->plan.weights);
        result->llamaCpp = QString::fromStdString(
            engine::toLlamaCppArgs(profile, modelPath, adjusted ? *adjusted : std::vector<engine::Adjustment>{}));
        QMetaObject::invokeMethod(this, [this, result] { onResult(result); }, Qt::QueuedConnection);
        done(true, QString());
    });
    connect(m_thread, &QThread::finished, m_thread, &QObject::deleteLater);
    m_thread->start();
}

void SensitivityPanel::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

void SensitivityPanel::onProgress(int done, int total, const QString& unit)
{
    m_progress->setRange(0, std::max(1, total));
    m_progress->setValue(done);
    if (done < total)
        m_status->setText(tr("%1 of %2: %3").arg(done + 1).arg(total).arg(unit));
}

void SensitivityPanel::onResult(const std::shared_ptr<Result>& r)
{
    m_table->setRowCount(int(r->report.ranking.size()));
    int row = 0;
    for (const sw::SensitivityEntry& e : r->report.ranking) {
        const QStringList cells = {QString::fromStdString(e.unit), mib(e.bytesStored), mib(e.bytesTarget),
                                   QString::number(e.kldMean, 'e', 3), QString::number(e.top1, 'f', 4),
                                   QString::fromStdString(e.note)};
        for (int c = 0; c < cells.size(); ++c)
            m_table->setItem(row, c, new QTableWidgetItem(cells[c]));
        if (std::find(r->plan.kept.begin(), r->plan.kept.end(), e.unit) != r->plan.kept.end())
            m_table->item(row, 0)->setText(tr("%1 (kept at %2)").arg(cells[0], m_keep->currentText()));
        ++row;
    }
    m_summary->setText(
        tr("All %1: %2 MiB, KLD %3, top-1 %4. Proposal within %5 MiB: %n unit(s) kept at %6, %7 MiB%8, KLD %9.",
           nullptr, int(r->plan.kept.size()))
            .arg(m_target->currentText(), mib(r->all.bytes), QString::number(r->all.kldMean, 'e', 3),
                 QString::number(r->all.top1, 'f', 4), mib(r->budget), m_keep->currentText(), mib(r->planQuality.bytes),
                 r->plan.fits ? QString() : tr(" (over the budget: even the target everywhere does not fit)"),
                 QString::number(r->planQuality.kldMean, 'e', 3)));
    m_args->setPlainText(r->llamaCpp);
    m_profile = r->profile;
    for (QPushButton* b : {m_open, m_save, m_copy})
        b->setEnabled(true);
}

void SensitivityPanel::onFinished(bool ok, const QString& message)
{
    m_thread = nullptr;  // deleted by its finished signal
    m_start->setEnabled(true);
    m_cancelButton->setEnabled(false);
    const bool cancelled = m_cancel && m_cancel->load();
    m_status->setText(ok ? tr("Done.") : cancelled ? tr("Cancelled.") : message);
    emit finished(ok, ok ? QString() : m_status->text());
}

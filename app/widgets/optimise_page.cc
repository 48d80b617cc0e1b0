#include "app/widgets/optimise_page.h"

#include <algorithm>

#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <limits>

#include "app/bridge/engine_catalog.h"
#include "app/bridge/profile_estimate.h"
#include "app/charts/chart_style.h"
#include "app/models/tensor_table_model.h"
#include "app/settings/settings.h"
#include "app/widgets/optimise_knobs.h"
#include "engine/config/profile.h"

namespace {

// The combo's current data as a string ("" = the engine default: key left out).
QString comboValue(const QComboBox* combo)
{
    return combo->currentData().toString();
}

void setComboValue(QComboBox* combo, const QString& value)
{
    const int index = combo->findData(value);
    combo->setCurrentIndex(index >= 0 ? index : 0);
}

}  // namespace

OptimisePage::OptimisePage(Settings* settings, QWidget* parent) : QWidget(parent), m_settings(settings)
{
    // Read before the knobs exist: building them computes (and stores) a profile.
    const QByteArray last = m_settings->lastProfile();
    m_filling = true;
    auto* sections = new QWidget;
    auto* sectionLayout = new QVBoxLayout(sections);
    sectionLayout->addWidget(buildWeights());
    sectionLayout->addWidget(buildPruning());
    sectionLayout->addWidget(buildKvCache());
    sectionLayout->addWidget(buildBatching());
    sectionLayout->addWidget(buildDevices());
    sectionLayout->addWidget(buildSampling());
    sectionLayout->addStretch();
    bindKnobs();
    auto* scroll = new QScrollArea;
    scroll->setWidget(sections);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    auto* splitter = new QSplitter;
    splitter->addWidget(scroll);
    splitter->addWidget(buildSidePanel());
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(qApp, &QApplication::focusChanged, this, [this](QWidget*, QWidget* now) { showHelpFor(now); });
    connectSettings();

    // The last session's profile; a stored document that no longer validates
    // (an older build's) is ignored rather than half-applied.
    m_filling = false;
    if (last.isEmpty() || !setProfileJson(last).isEmpty())
        recompute();
}

void OptimisePage::addKnob(QFormLayout* form, const QString& label, QWidget* widget, const QString& tip,
                           const QString& help)
{
    widget->setToolTip(tip);
    m_help.insert(widget, {label, help});
    form->addRow(label + QLatin1Char(':'), widget);
    if (auto* combo = qobject_cast<QComboBox*>(widget))
        connect(combo, &QComboBox::currentIndexChanged, this, [this] { recompute(); });
    else if (auto* spin = qobject_cast<QSpinBox*>(widget))
        connect(spin, &QSpinBox::valueChanged, this, [this] { recompute(); });
    else if (auto* real = qobject_cast<QDoubleSpinBox*>(widget))
        connect(real, &QDoubleSpinBox::valueChanged, this, [this] { recompute(); });
    else if (auto* edit = qobject_cast<QLineEdit*>(widget))
        connect(edit, &QLineEdit::textChanged, this, [this] { recompute(); });
}

QLabel* OptimisePage::sectionIssues(const QString& section)
{
    auto* label = new QLabel;
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setObjectName(section + QStringLiteral("Issues"));
    label->setVisible(false);
    m_sectionIssues.insert(section, label);
    return label;
}

QWidget* OptimisePage::buildSidePanel()
{
    auto* panel = new QWidget;
    auto* layout = new QVBoxLayout(panel);

    auto* cost = new QGroupBox(tr("What this will cost"));
    auto* costLayout = new QVBoxLayout(cost);
    m_weightEstimate = new QLabel;
    m_weightEstimate->setObjectName(QStringLiteral("weightEstimate"));
    m_weightEstimate->setWordWrap(true);
    m_weightEstimate->setToolTip(tr("Tensor data after the quantization pass: packed values plus block scales, "
                                    "summed over the model's tensor list."));
    m_kvEstimate = new QLabel;
    m_kvEstimate->setObjectName(QStringLiteral("kvEstimate"));
    m_kvEstimate->setWordWrap(true);
    m_kvEstimate->setToolTip(tr("2 (keys and values) x layers x KV width x capacity x bytes per element."));
    m_deviceEstimate = new QLabel;
    m_deviceEstimate->setObjectName(QStringLiteral("deviceEstimate"));
    m_deviceEstimate->setWordWrap(true);
    m_deviceEstimate->setToolTip(tr("Where the split puts the model: each device's share, weights and KV cache."));
    m_deviceEstimate->setVisible(false);
    costLayout->addWidget(m_weightEstimate);
    costLayout->addWidget(m_kvEstimate);
    costLayout->addWidget(m_deviceEstimate);
    m_lastRun = new QLabel;
    m_lastRun->setObjectName(QStringLiteral("lastRun"));
    m_lastRun->setWordWrap(true);
    m_lastRun->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_lastRun->setToolTip(tr("From the last run's effective configuration: the profile as the engine applied it."));
    m_lastRun->setVisible(false);
    costLayout->addWidget(m_lastRun);
    layout->addWidget(cost);

    m_verdict = new QLabel;
    m_verdict->setObjectName(QStringLiteral("verdict"));
    m_verdict->setWordWrap(true);
    m_verdict->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_verdict);

    auto* help = new QGroupBox(tr("About this knob"));
    auto* helpLayout = new QVBoxLayout(help);
    m_helpTitle = new QLabel;
    QFont bold = m_helpTitle->font();
    bold.setBold(true);
    m_helpTitle->setFont(bold);
    m_helpText = new QTextBrowser;
    m_helpText->setObjectName(QStringLiteral("helpText"));
    m_helpText->setOpenExternalLinks(false);
    helpLayout->addWidget(m_helpTitle);
    helpLayout->addWidget(m_helpText, 1);
    layout->addWidget(help, 1);
    m_helpTitle->setText(tr("The optimisation profile"));
    m_helpText->setHtml(knobHelp(Knob::Overview));

    auto* buttons = new QHBoxLayout;
    auto* importButton = new QPushButton(tr("Open profile..."));
    auto* saveButton = new QPushButton(tr("Save profile..."));
    auto* resetButton = new QPushButton(tr("Reset"));
    resetButton->setToolTip(tr("Back to the model as stored, with the current sampling settings."));
    connect(importButton, &QPushButton::clicked, this, &OptimisePage::importDialog);
    connect(saveButton, &QPushButton::clicked, this, &OptimisePage::saveDialog);
    connect(resetButton, &QPushButton::clicked, this, [this] {
        m_profile = ProfileValue();
        showProfile();
    });
    buttons->addWidget(importButton);
    buttons->addWidget(saveButton);
    buttons->addWidget(resetButton);
    buttons->addStretch();
    layout->addLayout(buttons);
    m_fileResult = new QLabel;
    m_fileResult->setWordWrap(true);
    layout->addWidget(m_fileResult);
    return panel;
}

void OptimisePage::connectSettings()
{
    m_threads->setValue(m_settings->threads());
    m_temperature->setValue(m_settings->temperature());
    m_topK->setValue(m_settings->topK());
    m_topP->setValue(m_settings->topP());
    m_minP->setValue(m_settings->minP());
    m_seed->setValue(int(std::min<quint64>(m_settings->seed(), quint64(std::numeric_limits<int>::max()))));
    m_maxTokens->setValue(m_settings->maxTokens());
    // Shared with the Run page: Settings is the single store, both pages follow it.
    connect(m_settings, &Settings::threadsChanged, m_threads, &QSpinBox::setValue);
    connect(m_settings, &Settings::temperatureChanged, m_temperature, &QDoubleSpinBox::setValue);
    connect(m_settings, &Settings::topKChanged, m_topK, &QSpinBox::setValue);
    connect(m_settings, &Settings::topPChanged, m_topP, &QDoubleSpinBox::setValue);
    connect(m_settings, &Settings::minPChanged, m_minP, &QDoubleSpinBox::setValue);
    connect(m_settings, &Settings::maxTokensChanged, m_maxTokens, &QSpinBox::setValue);
    connect(m_settings, &Settings::seedChanged, this, [this](quint64 seed) { m_seed->setValue(int(seed)); });
    connect(m_threads, &QSpinBox::valueChanged, m_settings, &Settings::setThreads);
    connect(m_temperature, &QDoubleSpinBox::valueChanged, m_settings, &Settings::setTemperature);
    connect(m_topK, &QSpinBox::valueChanged, m_settings, &Settings::setTopK);
    connect(m_topP, &QDoubleSpinBox::valueChanged, m_settings, &Settings::setTopP);
    connect(m_minP, &QDoubleSpinBox::valueChanged, m_settings, &Settings::setMinP);
    connect(m_maxTokens, &QSpinBox::valueChanged, m_settings, &Settings::setMaxTokens);
    connect(m_seed, &QSpinBox::valueChanged, this, [this](int seed) { m_settings->setSeed(quint64(seed)); });
    // The KV estimate counts the Run page's prompt.
    connect(m_settings, &Settings::promptChanged, this, [this] {
        countPrompt();
        recompute();
    });
}

void OptimisePage::countPrompt()
{
    m_promptTokens = countPromptTokens(m_model, m_settings->prompt());
}

void OptimisePage::setModel(const ModelInfo& info)
{
    m_model = info;
    countPrompt();
    recompute();
}

void OptimisePage::addOverrideRow(const QString& pattern, const QString& dtype)
{
    const QSignalBlocker blocker(m_overrides);
    const int row = m_overrides->rowCount();
    m_overrides->insertRow(row);
    m_overrides->setItem(row, 0, new QTableWidgetItem(pattern));
    auto* combo = makeCombo(QString(), {{tr("FP32"), QStringLiteral("f32")}, {tr("FP16"), QStringLiteral("f16")},
                                        {tr("BF16"), QStringLiteral("bf16")}, {tr("INT8"), QStringLiteral("int8")},
                                        {tr("INT4"), QStringLiteral("int4")}});
    setComboValue(combo, dtype);
    connect(combo, &QComboBox::currentIndexChanged, this, [this] { recompute(); });
    m_overrides->setCellWidget(row, 1, combo);
    if (!m_filling)
        recompute();
}

void OptimisePage::bind(QWidget* widget, const QString& path, KnobBinding::As as, const QVariant& unset, double scale)
{
    m_bindings.append({widget, path, as, unset, scale});
}

void OptimisePage::bindKnobs()
{
    using As = KnobBinding::As;
    bind(m_dtype, QStringLiteral("weights.dtype"));
    bind(m_groupSize, QStringLiteral("weights.group_size"), As::Integer);
    bind(m_symmetric, QStringLiteral("weights.symmetric"), As::Boolean);
    bind(m_pruneMethod, QStringLiteral("pruning.method"));
    bind(m_pruneRatio, QStringLiteral("pruning.ratio"), As::Real, 0.0, 100.0);
    bind(m_pruneN, QStringLiteral("pruning.n"), As::Integer);
    bind(m_pruneM, QStringLiteral("pruning.m"), As::Integer);
    bind(m_pruneScope, QStringLiteral("pruning.scope"));
    bind(m_kvMode, QStringLiteral("kv_cache.mode"));
    bind(m_kvBlock, QStringLiteral("kv_cache.block_size"), As::Integer);
    bind(m_kvCapacity, QStringLiteral("kv_cache.capacity_tokens"), As::Integer, 0);
    bind(m_kvDType, QStringLiteral("kv_cache.dtype"));
    bind(m_batchPolicy, QStringLiteral("batching.policy"));
    bind(m_maxBatch, QStringLiteral("batching.max_batch"), As::Integer, 0);
    bind(m_maxSequences, QStringLiteral("batching.max_sequences"), As::Integer, 0);
    bind(m_threads, QStringLiteral("devices.threads"), As::Integer);
    bind(m_split, QStringLiteral("devices.split"));
    bind(m_virtualCpus, QStringLiteral("devices.virtual_cpus"), As::Integer, 1);
    bind(m_offloadLayers, QStringLiteral("devices.offload_layers"), As::Integer, 0);
    bind(m_temperature, QStringLiteral("sampling.temperature"), As::Real);
    bind(m_topK, QStringLiteral("sampling.top_k"), As::Integer);
    bind(m_topP, QStringLiteral("sampling.top_p"), As::Real);
    bind(m_minP, QStringLiteral("sampling.min_p"), As::Real);
    bind(m_seed, QStringLiteral("sampling.seed"), As::Integer);
    bind(m_maxTokens, QStringLiteral("sampling.max_tokens"), As::Integer);
    bind(m_repeatPenalty, QStringLiteral("sampling.repeat_penalty"), As::Real, 1.0);
    bind(m_repeatLastN, QStringLiteral("sampling.repeat_last_n"), As::Integer, -1);
}

void OptimisePage::storeKnobs()
{
    m_knobIssues.clear();
    for (const KnobBinding& b : m_bindings)
        m_profile.setValue(b.path, b.read());

    QVariantList overrides;
    for (int row = 0; row < m_overrides->rowCount(); ++row) {
        const QTableWidgetItem* item = m_overrides->item(row, 0);
        const auto* combo = qobject_cast<QComboBox*>(m_overrides->cellWidget(row, 1));
        overrides << QVariantMap{{QStringLiteral("pattern"), item ? item->text().trimmed() : QString()},
                                 {QStringLiteral("dtype"), combo ? comboValue(combo) : QString()}};
    }
    m_profile.setValue(QStringLiteral("weights.overrides"), {});
    if (!overrides.isEmpty())
        m_profile.setValue(QStringLiteral("weights.overrides"), overrides);

    QStringList exclude;
    for (const QString& pattern : m_pruneExclude->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
        exclude << pattern.trimmed();
    m_profile.setValue(QStringLiteral("pruning.exclude"), exclude.isEmpty() ? QVariant() : QVariant(exclude));
    // N and M belong to N:M pruning only, and no method means no pruning section.
    const QString method = comboValue(m_pruneMethod);
    if (method != QLatin1String("nm")) {
        m_profile.setValue(QStringLiteral("pruning.n"), {});
        m_profile.setValue(QStringLiteral("pruning.m"), {});
    }
    if (method.isEmpty())
        m_profile.clearSection(QStringLiteral("pruning"));

    QVariantList shares;
    for (const QString& part : m_layerWeights->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const int share = part.trimmed().toInt(&ok);
        if (ok) {
            shares << share;
        } else {
            // A typo is named, and blocks the run, instead of vanishing from the profile.
            m_knobIssues.append({QStringLiteral("devices.layer_weights"),
                                 tr("\"%1\" is not a whole number").arg(part.trimmed()), false});
        }
    }
    m_profile.setValue(QStringLiteral("devices.layer_weights"), shares.isEmpty() ? QVariant() : QVariant(shares));
}

void OptimisePage::showProfile()
{
    m_filling = true;
    // Threads and the shared sampling knobs reach Settings through their
    // controls' signals (the Run page follows).
    for (const KnobBinding& b : m_bindings)
        b.show(m_profile.value(b.path));
    if (!m_profile.has(QStringLiteral("pruning.n")))
        m_pruneN->setValue(2);
    if (!m_profile.has(QStringLiteral("pruning.m")))
        m_pruneM->setValue(4);
    m_overrides->setRowCount(0);
    for (const QVariant& o : m_profile.value(QStringLiteral("weights.overrides")).toList())
        addOverrideRow(o.toMap().value(QStringLiteral("pattern")).toString(), o.toMap().value(QStringLiteral("dtype")).toString());
    m_pruneExclude->setText(m_profile.value(QStringLiteral("pruning.exclude")).toStringList().join(QStringLiteral(", ")));
    QStringList shares;
    for (const QVariant& v : m_profile.value(QStringLiteral("devices.layer_weights")).toList())
        shares << QString::number(v.toInt());
    m_layerWeights->setText(shares.join(QStringLiteral(", ")));
    m_filling = false;
    recompute();
}

QStringList OptimisePage::setProfileJson(const QByteArray& json)
{
    const ProfileImportResult checked = importProfileText(json);
    if (!checked.ok)
        return checked.errors;
    m_profile = ProfileValue::fromJson(checked.canonicalJson).value_or(ProfileValue());
    showProfile();
    return {};
}

void OptimisePage::showDeviceEstimate(const DevicesEstimate& estimate)
{
    m_deviceEstimate->setVisible(!estimate.devices.isEmpty());
    if (estimate.devices.isEmpty())
        return;
    QString rows;
    for (const DeviceEstimate& d : estimate.devices)
        rows += QStringLiteral("<tr><td>%1</td><td>%2</td><td align=right>%3</td><td align=right>%4</td></tr>")
                    .arg(d.name, d.share.toHtmlEscaped(), formatBytes(d.weightBytes), formatBytes(d.kvBytes));
    m_deviceEstimate->setText(tr("<b>Per device:</b><table cellspacing=6><tr><th>device</th><th>runs</th>"
                                 "<th>weights</th><th>KV cache</th></tr>%1</table>")
                                  .arg(rows));
}

void OptimisePage::recompute()
{
    if (m_filling)
        return;
    storeKnobs();
    const QByteArray text = m_profile.toJson();  // the one serialisation of this change
    m_issues = checkProfileIssues(text) + m_knobIssues;

    // The estimates read each section on its own, so an error elsewhere (say in
    // pruning) does not blank the memory figures; sections with an error
    // estimate as the model as stored.
    const auto sections = [&](std::initializer_list<const char*> keys) {
        ProfileValue part = m_profile;
        bool broken = false;
        for (const QString& section : m_profile.sections()) {
            const bool wanted = std::any_of(keys.begin(), keys.end(), [&](const char* k) { return section == QLatin1String(k); });
            if (!wanted)
                part.clearSection(section);
            for (const ProfileIssueInfo& issue : std::as_const(m_issues))
                broken |= wanted && !issue.warning && issue.path.startsWith(section);
        }
        return broken ? engine::Profile{} : part.profile();
    };
    const WeightEstimate weights = estimateWeights(m_model, sections({"weights", "pruning"}));
    const KvEstimate kv = estimateKv(kvShapeOf(m_model), sections({"kv_cache", "batching"}),
                                     KvDemand{m_promptTokens, qint64(m_maxTokens->value())});
    const quint64 available = availableMemoryBytes();
    if (m_model.isValid() && available > 0 && kv.bytes > available)
        m_issues.append({QStringLiteral("kv_cache.capacity_tokens"),
                         tr("a cache of %1 tokens needs %2 but only %3 of memory is available")
                             .arg(kv.capacityTokens)
                             .arg(formatBytes(kv.bytes), formatBytes(available)),
                         false});
    // Converting the weights builds new tensors on top of what is held: the
    // engine refuses a conversion larger than the available memory, so Run
    // says so before it starts.
    const bool converts = m_profile.has(QStringLiteral("weights.dtype")) || m_profile.has(QStringLiteral("weights.overrides"));
    if (m_model.isValid() && available > 0 && converts && weights.bytes > available)
        m_issues.append({QStringLiteral("weights.dtype"),
                         tr("the converted weights need %1 but only %2 of memory is available")
                             .arg(formatBytes(weights.bytes), formatBytes(available)),
                         false});
    const bool blocked = std::any_of(m_issues.cbegin(), m_issues.cend(), [](const ProfileIssueInfo& i) { return !i.warning; });
    if (!weights.unsupported.isEmpty() && !blocked) {
        // The engine refuses these weights or pruning sections at load (a group
        // size, a model whose heads cannot be cut): block the run now, with its
        // words, unless the validator already said why the profile cannot run.
        m_issues.append({weights.unsupportedKey.isEmpty() ? QStringLiteral("weights") : weights.unsupportedKey,
                         weights.unsupported, false});
    }
    m_weightBytes = weights.bytes;
    m_kvBytes = kv.bytes;
    const DevicesEstimate devices = estimateDevices(m_model, sections({"devices"}), weights, kv);
    if (!devices.refusal.isEmpty()) {
        // The engine would refuse this split at load: block the run now, with its words.
        m_issues.append({devices.refusalKey.isEmpty() ? QStringLiteral("devices") : devices.refusalKey,
                         devices.refusal, false});
    }
    showDeviceEstimate(devices);

    m_problem.clear();
    for (const ProfileIssueInfo& issue : m_issues) {
        if (!issue.warning) {
            m_problem = issue.text();
            break;
        }
    }
    const bool valid = m_problem.isEmpty();
    const QByteArray& json = text;
    const bool validityChangedNow = valid != m_valid || !valid;
    m_valid = valid;
    updateEnabled();
    showIssues();
    if (m_model.isValid()) {
        m_weightEstimate->setText(describeWeights(weights));
        m_kvEstimate->setText(kv.bytes == 0 ? tr("<b>KV cache:</b> none (every token recomputes the whole prefix)")
                                            : tr("<b>KV cache:</b> %1<br>= %2<br>%3 tokens = %4")
                                                  .arg(formatBytes(kv.bytes), kv.formula)
                                                  .arg(kv.capacityTokens)
                                                  .arg(kv.tokens.toHtmlEscaped()));
    } else {
        m_weightEstimate->setText(tr("<b>Weights:</b> open a model to see the estimate."));
        m_kvEstimate->setText(tr("<b>KV cache:</b> open a model to see the estimate."));
    }
    if (json != m_json) {
        m_json = json;
        m_settings->setLastProfile(json);
        emit profileChanged(json);
    }
    if (validityChangedNow)
        emit validityChanged(m_valid, m_problem);
}

QString OptimisePage::describeWeights(const WeightEstimate& weights) const
{
    const double ratio = weights.storedBytes ? double(weights.bytes) / double(weights.storedBytes) : 1.0;
    QString text = tr("<b>Weights:</b> %1 (stored: %2, %3 %)")
                       .arg(formatBytes(weights.bytes), formatBytes(weights.storedBytes))
                       .arg(ratio * 100.0, 0, 'f', 1);
    const QString method = m_pruneMethod->currentData().toString();
    if (method == QLatin1String("structured"))
        text += tr("<br>after structured pruning: %1 (whole rows and columns removed)").arg(formatBytes(weights.prunedBytes));
    else if (weights.prunedBytes != weights.storedBytes)
        text += tr("<br>after pruning: %1 (pruned matrices are stored as F32 until quantized again)")
                    .arg(formatBytes(weights.prunedBytes));
    else if (!method.isEmpty())
        text += tr("<br>pruning: same size (the zeros are stored; only structured pruning shrinks the matrices)");
    text += tr("<br>%1 matrices converted, %2 kept at higher precision").arg(weights.converted).arg(weights.keptHigher);
    if (weights.smallerGroup > 0)
        text += tr(" (%1 converted with a smaller group: their rows do not divide into the requested one)")
                    .arg(weights.smallerGroup);
    return text;
}

void OptimisePage::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        showIssues();  // the verdict's colours follow the palette (a dark desktop)
}

void OptimisePage::showIssues()
{
    // Readable on the palette's background, light or dark (as the charts).
    const ChartTheme theme = ChartTheme::fromPalette(palette());
    static const QColor kWarningColor(0xa6, 0x6a, 0x00);
    const auto colored = [](const QColor& color, const QString& html) {
        return QStringLiteral("<span style='color:%1'>%2</span>").arg(color.name(), html);
    };
    QHash<QString, QStringList> bySection;
    for (const ProfileIssueInfo& issue : m_issues) {
        QString section = issue.path.section(QLatin1Char('.'), 0, 0);
        section = section.section(QLatin1Char('['), 0, 0);
        const QString color = (issue.warning ? theme.ink(kWarningColor) : theme.bad).name();
        bySection[m_sectionIssues.contains(section) ? section : QString()]
            << QStringLiteral("<span style='color:%1'>%2</span>").arg(color, issue.text().toHtmlEscaped());
    }
    for (auto it = m_sectionIssues.cbegin(); it != m_sectionIssues.cend(); ++it) {
        const QStringList lines = bySection.value(it.key());
        it.value()->setText(lines.join(QStringLiteral("<br>")));
        it.value()->setVisible(!lines.isEmpty());
    }
    const QStringList general = bySection.value(QString());
    const QString verdict = m_valid
                                ? colored(theme.good, tr("Ready to run with this profile."))
                                : colored(theme.bad, tr("<b>Cannot run:</b> %1").arg(m_problem.toHtmlEscaped()));
    m_verdict->setText(verdict +
                       (general.isEmpty() ? QString() : QStringLiteral("<br>") + general.join(QStringLiteral("<br>"))));
}

void OptimisePage::updateEnabled()
{
    const QString dtype = comboValue(m_dtype);
    const bool grouped = dtype == QLatin1String("int8") || dtype == QLatin1String("int4");
    // Disabled, not hidden: a value set by an imported profile stays visible.
    m_groupSize->setEnabled(grouped || !comboValue(m_groupSize).isEmpty());
    m_symmetric->setEnabled(grouped || !comboValue(m_symmetric).isEmpty());
    const QString method = comboValue(m_pruneMethod);
    const bool pruning = !method.isEmpty();
    m_pruneRatio->setEnabled(pruning);
    m_pruneN->setEnabled(method == QLatin1String("nm"));
    m_pruneM->setEnabled(method == QLatin1String("nm"));
    m_pruneScope->setEnabled(pruning);
    m_pruneExclude->setEnabled(pruning);
    const QString mode = comboValue(m_kvMode);
    m_kvBlock->setEnabled(mode == QLatin1String("paged") || !comboValue(m_kvBlock).isEmpty());
}

void OptimisePage::showHelpFor(QWidget* widget)
{
    for (QWidget* w = widget; w && w != this; w = w->parentWidget()) {
        const auto it = m_help.constFind(w);
        if (it != m_help.cend()) {
            m_helpTitle->setText(it->first);
            m_helpText->setHtml(it->second);
            return;
        }
    }
}

QString OptimisePage::helpText() const
{
    return m_helpText->toPlainText();
}

QStringList OptimisePage::importProfile(const QString& path)
{
    const ProfileImportResult checked = importProfileFile(path);
    if (!checked.ok)
        return checked.errors;
    return setProfileJson(checked.canonicalJson);
}

QString OptimisePage::saveProfile(const QString& path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return file.errorString();
    file.write(m_json);
    if (!file.commit())
        return file.errorString();
    return {};
}

void OptimisePage::saveDialog()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save profile"), QStringLiteral("profile.json"),
                                                      tr("Profile (*.json)"));
    if (path.isEmpty())
        return;
    const QString error = saveProfile(path);
    m_fileResult->setText(error.isEmpty() ? tr("Wrote %1").arg(path) : tr("Could not write %1: %2").arg(path, error));
}

void OptimisePage::importDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open profile"), QString(), tr("Profile (*.json)"));
    if (!path.isEmpty())
        openProfileFile(path);
}

void OptimisePage::openProfileFile(const QString& path)
{
    const QStringList errors = importProfile(path);
    if (errors.isEmpty()) {
        m_fileResult->setText(tr("Opened %1").arg(path));
        return;
    }
    m_fileResult->setText(tr("%1 was not applied; nothing changed.").arg(path));
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Open profile"),
                                tr("%1 has %n problem(s); nothing was applied.", nullptr, int(errors.size())).arg(path),
                                QMessageBox::Ok, this);
    box->setInformativeText(errors.join(QLatin1Char('\n')));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    emit importRejected(errors);
}

void OptimisePage::showRunResult(const RunResult& result)
{
    if (result.effectiveJson.isEmpty())
        return;
    const QJsonArray adjustments =
        QJsonDocument::fromJson(result.effectiveJson.toUtf8()).object().value(QStringLiteral("adjustments")).toArray();
    QStringList lines;
    lines << tr("<b>Last run:</b> weights held %1; %n adjustment(s) by the passes", nullptr, int(adjustments.size()))
                 .arg(formatBytes(result.weightBytes));
    constexpr int kShown = 4;  // the full list is in the run's record (Export page)
    for (int i = 0; i < adjustments.size() && i < kShown; ++i) {
        const QJsonObject a = adjustments.at(i).toObject();
        lines << QStringLiteral("&bull; %1: %2 %3 &rarr; %4 (%5)")
                     .arg(a.value(QStringLiteral("target")).toString().toHtmlEscaped(),
                          a.value(QStringLiteral("path")).toString().toHtmlEscaped(),
                          a.value(QStringLiteral("requested")).toString().toHtmlEscaped(),
                          a.value(QStringLiteral("effective")).toString().toHtmlEscaped(),
                          a.value(QStringLiteral("reason")).toString().toHtmlEscaped());
    }
    if (adjustments.size() > kShown)
        lines << tr("&hellip; and %1 more").arg(adjustments.size() - kShown);
    m_lastRun->setText(lines.join(QStringLiteral("<br>")));
    m_lastRun->setVisible(true);
}

QString OptimisePage::lastRunText() const
{
    return m_lastRun->text();
}

#include "app/widgets/teaching_presets.h"

#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>

#include "app/bridge/engine_client.h"

QString teachingProfile(const QString& name, const QString& section, const QString& key, const QString& value)
{
    const QJsonObject profile{{QStringLiteral("schema"), QStringLiteral("inferscope.profile/1")},
                              {QStringLiteral("name"), name},
                              {section, QJsonObject{{key, value}}}};
    return QString::fromUtf8(QJsonDocument(profile).toJson(QJsonDocument::Compact));
}

QString splitProfile(const QString& name, const QString& mode, int devices)
{
    QJsonObject section{{QStringLiteral("split"), mode}};
    if (devices > 1)
        section.insert(QStringLiteral("virtual_cpus"), devices);
    const QJsonObject profile{{QStringLiteral("schema"), QStringLiteral("inferscope.profile/1")},
                              {QStringLiteral("name"), name},
                              {QStringLiteral("devices"), section}};
    return QString::fromUtf8(QJsonDocument(profile).toJson(QJsonDocument::Compact));
}

QVector<TeachingPreset> teachingPresets()
{
    TeachingPreset kv;
    kv.id = QStringLiteral("kv-cache");
    kv.title = QObject::tr("KV cache on vs off");
    kv.explanation = QObject::tr(
        "Without a KV cache every new token recomputes the keys and values of the whole prefix, so the "
        "per-token latency grows with the position; with the cache each step only processes the new token and "
        "the latency stays flat. Compare the latency curves.");
    kv.maxTokens = 192;
    kv.runs = {{QObject::tr("KV off"), teachingProfile(QStringLiteral("kv-off"), QStringLiteral("kv_cache"),
                                                       QStringLiteral("mode"), QStringLiteral("off"))},
               {QObject::tr("KV on"), teachingProfile(QStringLiteral("kv-contiguous"), QStringLiteral("kv_cache"),
                                                      QStringLiteral("mode"), QStringLiteral("contiguous"))}};

    TeachingPreset precision;
    precision.id = QStringLiteral("precision");
    precision.title = QObject::tr("FP32 vs INT8 vs INT4");
    precision.explanation = QObject::tr(
        "The same model with its weights stored as 32-bit floats, 8-bit and 4-bit integers: each step down "
        "shrinks the weights and the memory traffic of every decode step, and moves the next-token "
        "distributions further from the original (KL divergence, perplexity). See the Pareto chart.");
    precision.maxTokens = 64;
    for (const auto& [label, dtype] : {std::pair{QObject::tr("FP32"), QStringLiteral("f32")},
                                       std::pair{QObject::tr("INT8"), QStringLiteral("int8")},
                                       std::pair{QObject::tr("INT4"), QStringLiteral("int4")}})
        precision.runs.append({label, teachingProfile(dtype, QStringLiteral("weights"), QStringLiteral("dtype"),
                                                      dtype)});
    TeachingPreset split;
    split.id = QStringLiteral("device-split");
    split.title = QObject::tr("Device split: pipeline vs tensor parallel");
    split.explanation = QObject::tr(
        "The same model on 1, 2 and 4 virtual CPU devices, split by layers (pipeline) and by heads and FFN "
        "columns (tensor parallel). Each device holds its share of the weights and the KV cache; pipeline stages "
        "wait for each other on a single request (the bubble) while tensor parallel keeps every device busy but "
        "adds an all-reduce after every block. On one CPU a split is never faster: the demo shows what a split "
        "costs and what it buys (memory per device). See throughput on the Compare page and the communication "
        "spans on the Profile timeline.");
    split.maxTokens = 64;
    split.runs.append({QObject::tr("1 device"), splitProfile(QStringLiteral("split-none"), QStringLiteral("none"), 1)});
    for (const QString mode : {QStringLiteral("pipeline"), QStringLiteral("tensor")})
        for (int devices : {2, 4})
            split.runs.append({QObject::tr("%1 x%2").arg(mode).arg(devices),
                               splitProfile(QStringLiteral("split-%1-%2").arg(mode).arg(devices), mode, devices)});
    return {kv, precision, split};
}

std::optional<TeachingPreset> findTeachingPreset(const QString& id)
{
    for (const TeachingPreset& p : teachingPresets())
        if (p.id == id)
            return p;
    return std::nullopt;
}

// ---- TeachingPresetRunner ------------------------------------------------------------

TeachingPresetRunner::TeachingPresetRunner(EngineClient* engine, QObject* parent)
    : QObject(parent), m_engine(engine)
{
    connect(m_engine, &EngineClient::runFinished, this, &TeachingPresetRunner::onRunFinished);
    connect(m_engine, &EngineClient::failed, this, &TeachingPresetRunner::onFailed);
}

bool TeachingPresetRunner::start(const TeachingPreset& preset, const RunRequest& base, const QStringList& only)
{
    m_error.clear();
    if (m_running)
        m_error = tr("A teaching preset is already running.");
    else if (!m_engine->hasModel())
        m_error = tr("Open a model first: the preset runs it with each setting.");
    else if (m_engine->state() != EngineState::Idle)
        m_error = tr("The engine is busy; try again when it is idle.");
    if (!m_error.isEmpty())
        return false;
    m_queue.clear();
    for (const TeachingRun& run : preset.runs)
        if (only.isEmpty() || only.contains(run.label))
            m_queue.append(run);
    if (m_queue.isEmpty()) {
        m_error = tr("The preset has no runs to make.");
        return false;
    }
    m_base = base;
    m_maxTokens = preset.maxTokens;
    m_next = 0;
    m_results.clear();
    m_running = true;
    startNext();
    return true;
}

void TeachingPresetRunner::startNext()
{
    const TeachingRun& run = m_queue.at(m_next);
    RunRequest request = m_base;
    request.maxTokens = m_maxTokens;
    request.profileJson = run.profileJson;
    emit runStarted(m_next, static_cast<int>(m_queue.size()), run.label);
    m_job = m_engine->run(request);
}

void TeachingPresetRunner::onRunFinished(const RunResult& result)
{
    if (!m_running)
        return;
    if (result.job != m_job) {
        abort(tr("Another run replaced the preset's run."));
        return;
    }
    if (result.cancelled) {
        abort(tr("Cancelled after %1 of %2 runs.").arg(m_results.size()).arg(m_queue.size()));
        return;
    }
    m_results.append(result);
    emit runCompleted(result);
    if (++m_next < m_queue.size()) {
        startNext();
        return;
    }
    m_running = false;
    QStringList ids;
    for (const RunResult& r : m_results)
        ids << r.id;
    emit finished(ids);
}

void TeachingPresetRunner::onFailed(const QString& message)
{
    if (m_running)
        abort(message);
}

void TeachingPresetRunner::cancel()
{
    if (!m_running)
        return;
    m_engine->cancel();  // the run ends as cancelled, which stops the queue
}

void TeachingPresetRunner::abort(const QString& message)
{
    m_running = false;
    m_error = message;
    emit failed(message);
}

// ---- TeachingPresetsPanel -------------------------------------------------------------

TeachingPresetsPanel::TeachingPresetsPanel(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* title = new QLabel(tr("<b>Teaching presets:</b>"));
    title->setToolTip(tr("One click makes a series of real runs that differ in one setting, then selects them "
                         "below for comparison."));
    layout->addWidget(title);
    for (const TeachingPreset& preset : teachingPresets()) {
        auto* button = new QPushButton(preset.title);
        button->setToolTip(preset.explanation);
        const QString id = preset.id;
        connect(button, &QPushButton::clicked, this, [this, id] { startPreset(id); });
        m_buttons.append(button);
        layout->addWidget(button);
    }
    m_cancel = new QPushButton(tr("Stop"));
    m_cancel->setToolTip(tr("Cancel the preset's current run and the ones after it."));
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_runner)
            m_runner->cancel();
    });
    layout->addWidget(m_cancel);
    m_status = new QLabel;
    m_status->setWordWrap(true);
    layout->addWidget(m_status, 1);
    updateButtons();
}

RunRequest TeachingPresetsPanel::defaultRequest()
{
    RunRequest request;
    request.prompt = QStringLiteral("Once upon a time");
    return request;  // greedy, all threads
}

void TeachingPresetsPanel::setEngine(EngineClient* engine)
{
    m_engine = engine;
    delete m_runner;
    m_runner = new TeachingPresetRunner(engine, this);
    connect(engine, &EngineClient::stateChanged, this, &TeachingPresetsPanel::updateButtons);
    connect(engine, &EngineClient::modelLoaded, this, &TeachingPresetsPanel::updateButtons);
    connect(m_runner, &TeachingPresetRunner::runStarted, this, [this](int index, int count, const QString& label) {
        m_status->setText(tr("Run %1 of %2: %3...").arg(index + 1).arg(count).arg(label));
        updateButtons();
    });
    connect(m_runner, &TeachingPresetRunner::finished, this, [this](const QStringList& ids) {
        m_status->setText(tr("Done: %n run(s) selected below.", nullptr, int(ids.size())));
        updateButtons();
        emit compareRequested(ids);
    });
    connect(m_runner, &TeachingPresetRunner::failed, this, [this](const QString& message) {
        m_status->setText(message);
        updateButtons();
    });
    updateButtons();
}

void TeachingPresetsPanel::startPreset(const QString& id)
{
    const auto preset = findTeachingPreset(id);
    if (!preset || !m_runner)
        return;
    if (!m_runner->start(*preset, m_baseRequest ? m_baseRequest() : defaultRequest()))
        m_status->setText(m_runner->lastError());
    else
        m_status->setToolTip(preset->explanation);
    updateButtons();
}

void TeachingPresetsPanel::updateButtons()
{
    const bool running = m_runner && m_runner->isRunning();
    const bool ready = m_engine && m_engine->hasModel() && m_engine->state() == EngineState::Idle;
    for (QPushButton* b : m_buttons)
        b->setEnabled(ready && !running);
    m_cancel->setEnabled(running);
}

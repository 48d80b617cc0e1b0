#include "app/bridge/engine_client.h"

#include "app/bridge/engine_controller.h"

EngineClient::EngineClient(QObject* parent) : QObject(parent)
{
    registerEngineTypes();
    m_thread.setObjectName(QStringLiteral("engine"));
    m_controller = new EngineController;
    m_controller->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_controller, &QObject::deleteLater);

    // Queued: the controller emits on the worker thread, these run on ours.
    connect(m_controller, &EngineController::modelLoaded, this, [this](const ModelInfo& info) {
        if (!isCurrent(info.job))
            return;
        m_model = info;
        setState(EngineState::Idle);
        emit modelLoaded(info);
    });
    connect(m_controller, &EngineController::tokensGenerated, this, [this](const TokenBatch& batch) {
        if (isCurrent(batch.job))
            emit tokensGenerated(batch);
    });
    // The run's tokens and timings: the job goes on (its quality is being measured).
    connect(m_controller, &EngineController::runTimingsReady, this, [this](const RunResult& result) {
        if (isCurrent(result.job))
            emit runTimingsReady(result);
    });
    connect(m_controller, &EngineController::runFinished, this, [this](const RunResult& result) {
        if (!isCurrent(result.job))
            return;
        setState(EngineState::Idle);
        emit runFinished(result);
    });
    connect(m_controller, &EngineController::synthesized, this, [this](quint64 job, const QString& path) {
        if (!isCurrent(job))
            return;
        setState(EngineState::Idle);
        emit synthesized(path);
    });
    connect(m_controller, &EngineController::demoFinished, this, [this](quint64 job, bool cancelled) {
        if (!isCurrent(job))
            return;
        setState(EngineState::Idle);
        emit demoFinished(job, cancelled);
    });
    connect(m_controller, &EngineController::failed, this, [this](quint64 job, const QString& message) {
        if (!isCurrent(job))
            return;
        setState(EngineState::Idle);
        emit failed(message);
    });
    connect(m_controller, &EngineController::progress, this, [this](const ProgressInfo& info) {
        if (isCurrent(info.job) && !m_cancelling)
            emit progress(info);
    });
    connect(m_controller, &EngineController::qualityMeasured, this,
            [this](quint64 job, const QString& runId, const QualityMetrics& quality) {
                if (!isCurrent(job))
                    return;
                setState(EngineState::Idle);
                emit qualityMeasured(runId, quality);
            });
    m_thread.start();
}

EngineClient::~EngineClient()
{
    m_controller->cancel();
    m_thread.quit();
    m_thread.wait();
}

quint64 EngineClient::beginJob(EngineState state)
{
    m_job = m_controller->beginJob();
    m_cancelling = false;
    setState(state);
    return m_job;
}

void EngineClient::setState(EngineState state)
{
    if (state == EngineState::Idle)
        m_cancelling = false;  // the job ended, cancelled or not
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

quint64 EngineClient::load(const QString& path, int threads)
{
    const quint64 job = beginJob(EngineState::Loading);
    QMetaObject::invokeMethod(m_controller, "load", Qt::QueuedConnection, Q_ARG(QString, path),
                              Q_ARG(int, threads), Q_ARG(quint64, job));
    return job;
}

quint64 EngineClient::run(RunRequest request)
{
    request.job = beginJob(EngineState::Running);
    QMetaObject::invokeMethod(m_controller, "start", Qt::QueuedConnection, Q_ARG(RunRequest, request));
    return request.job;
}

quint64 EngineClient::synthesize(SynthRequest request)
{
    request.job = beginJob(EngineState::Synthesizing);
    QMetaObject::invokeMethod(m_controller, "synthesize", Qt::QueuedConnection, Q_ARG(SynthRequest, request));
    return request.job;
}

quint64 EngineClient::runDemo(DemoTaskPtr task)
{
    const quint64 job = beginJob(EngineState::Running);
    // A functor call: the task pointer needs no metatype to cross threads.
    QMetaObject::invokeMethod(
        m_controller, [controller = m_controller, task = std::move(task), job] { controller->runDemo(task, job); },
        Qt::QueuedConnection);
    return job;
}

quint64 EngineClient::measureQuality(const RunResult& run)
{
    QualityRequest request;
    request.job = beginJob(EngineState::Running);
    request.runId = run.id;
    request.modelPath = run.modelPath;
    request.profileJson = run.profileJson;
    request.threads = run.request.threads;
    QMetaObject::invokeMethod(m_controller, "measureQuality", Qt::QueuedConnection, Q_ARG(QualityRequest, request));
    return request.job;
}

void EngineClient::cancel()
{
    // Direct call: the worker is busy inside the engine, which polls the flag.
    m_controller->cancel();
    // Loading has no cancel point: nothing would stop, so nothing says it is stopping.
    if ((m_state != EngineState::Running && m_state != EngineState::Synthesizing) || m_cancelling)
        return;
    // The worker stops at its next cancel point (a layer, a token, a few
    // hundred rows of a tensor): until then the job says it is stopping.
    m_cancelling = true;
    emit progress(ProgressInfo{m_job, runPhaseName(RunPhase::Cancelling), -1.0, RunPhase::Cancelling});
}

#include "app/bridge/engine_controller.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFileInfo>
#include <QUuid>

#include "app/bridge/engine_text.h"
#include "app/bridge/model_describe.h"
#include "app/bridge/phase_progress.h"
#include "app/bridge/run_analysis.h"
#include "app/bridge/serving_job.h"
#include "engine/metrics/memory_meter.h"
#include "engine/config/profile.h"
#include "engine/config/profile_validator.h"
#include "engine/model/synth.h"
#include "engine/session/engine.h"
#include "engine/session/profile_options.h"
#include "engine/split/placement.h"
#include "engine/tokenizer/chat_template.h"
#include "engine/tokenizer/tokenizer.h"

#include <thread>

namespace {


QString fromStd(const std::string& s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

QString stopReasonText(engine::StopReason reason)
{
    switch (reason) {
    case engine::StopReason::MaxTokens: return QStringLiteral("max-tokens");
    case engine::StopReason::Eos: return QStringLiteral("eos");
    case engine::StopReason::Bos: return QStringLiteral("bos");
    case engine::StopReason::Count: break;
    }
    return {};
}

// The prompt and max tokens from the request, the sampler from the profile:
// the profile is the complete description of the run (the workbench writes its
// sampling knobs into it), the engine's defaults (greedy) fill what it leaves out.
engine::GenerateRequest toEngineRequest(const RunRequest& request, const engine::Profile& profile)
{
    engine::GenerateRequest g;
    g.prompt = request.prompt.toStdString();
    g.maxTokens = request.maxTokens;
    engine::applyProfileToRequest(profile, g);  // sampling.* and kv_cache.*
    return g;
}

// The request's profile; an empty document is the empty profile (model as stored).
engine::Expected<engine::Profile> requestProfile(const RunRequest& request)
{
    if (request.profileJson.trimmed().isEmpty())
        return engine::Profile{};
    const QByteArray text = request.profileJson.toUtf8();
    const engine::ProfileCheck check = engine::checkProfileText(std::string_view(text.constData(), text.size()));
    if (check.hasErrors() || !check.profile)
        return engine::makeError(engine::ErrorCode::InvalidArgument,
                                 "The run's profile is not valid: " + engine::joinErrors(check.issues));
    return *check.profile;
}

// Identifies what a load does to the weights: the canonical JSON of the profile's
// weights and pruning sections, or "" when the weights run as stored.
// What is fixed when the engine is built besides the threads: the weights
// passes and the device split. Empty for the model as stored on one device.
std::string loadKeyOf(const engine::Profile& profile)
{
    const bool split = profile.devices && (engine::requestedDeviceCount(*profile.devices) > 1 ||
                                           (profile.devices->gpus && !profile.devices->gpus->empty()));
    if (!engine::profileChangesWeights(profile) && !split)
        return {};
    engine::Profile part;
    if (engine::profileChangesWeights(profile)) {
        part.weights = profile.weights;
        part.pruning = profile.pruning;
    }
    if (split) {
        engine::DevicesConfig devices;
        devices.split = profile.devices->split;
        devices.virtualCpus = profile.devices->virtualCpus;
        devices.layerWeights = profile.devices->layerWeights;
        devices.gpus = profile.devices->gpus;
        devices.offloadLayers = profile.devices->offloadLayers;
        part.devices = devices;
    }
    return engine::serializeProfile(part);
}

int effectiveThreads(int threads)
{
    if (threads > 0)
        return threads;
    const unsigned hw = std::thread::hardware_concurrency();
    return hw ? int(hw) : 1;
}

// "Quantizing weights to int8 (group 32)" and the like, for the progress text.
QString loadDescription(const engine::Profile& profile)
{
    QStringList parts;
    if (profile.weights && profile.weights->dtype) {
        QString text = EngineController::tr("weights to %1").arg(QString::fromLatin1(engine::enumName(*profile.weights->dtype)));
        if (profile.weights->groupSize)
            text += EngineController::tr(" (group %1)").arg(*profile.weights->groupSize);
        parts << text;
    } else if (profile.weights && profile.weights->overrides) {
        parts << EngineController::tr("weight overrides");
    }
    if (profile.pruning && profile.pruning->method && *profile.pruning->method != engine::PruningMethod::None)
        parts << EngineController::tr("%1 pruning").arg(QString::fromLatin1(engine::enumName(*profile.pruning->method)));
    if (profile.devices && engine::requestedDeviceCount(*profile.devices) > 1)
        parts << EngineController::tr("%1 split over %2 virtual CPU devices")
                     .arg(QString::fromLatin1(engine::enumName(profile.devices->split.value_or(engine::SplitMode::None))))
                     .arg(engine::requestedDeviceCount(*profile.devices));
    return parts.join(QStringLiteral(", "));
}

}  // namespace

EngineController::EngineController(QObject* parent) : QObject(parent)
{
    registerEngineTypes();
}

EngineController::~EngineController() = default;

quint64 EngineController::beginJob()
{
    const quint64 job = ++m_currentJob;
    m_cancel.store(true);  // whatever runs now belongs to an older job
    return job;
}

void EngineController::cancel()
{
    m_cancelledUpTo.store(m_currentJob.load());
    m_cancel.store(true);
}

void EngineController::armCancelFlag(quint64 job)
{
    // Cleared first, then re-checked: a cancel() racing with this either lands
    // after the store (and sets the flag again) or before it (and is seen here).
    m_cancel.store(false);
    if (job <= m_cancelledUpTo.load() || job != m_currentJob.load())
        m_cancel.store(true);
}

void EngineController::load(const QString& path, int threads, quint64 job)
{
    armCancelFlag(job);
    emit progress(ProgressInfo{job, tr("Loading %1").arg(QFileInfo(path).fileName()), -1.0});
    engine::LoadOptions options;
    options.threads = threads;
    const QString name = QFileInfo(path).fileName();
    options.progress = [&](const engine::PhaseProgress& p) {
        if (isCurrent(job))
            emit progress(progressInfoOf(job, p, name));
    };
    options.cancel = &m_cancel;
    auto loaded = engine::Engine::load(path.toStdString(), {}, options);
    if (!loaded) {
        // Failed or cancelled: whatever model was loaded before stays loaded.
        if (isCurrent(job))
            emit failed(job, engineErrorText(loaded.error()));
        return;
    }
    // The engine is installed even when the job went stale: a newer job that
    // was queued behind this one (a run) expects a loaded model.
    m_engine = std::move(*loaded);
    m_modelPath = path;
    m_loadKey.clear();
    if (!isCurrent(job))
        return;
    ModelInfo info = describeModel(*m_engine);
    info.job = job;
    emit modelLoaded(info);
}

bool EngineController::ensureEngine(const engine::LoadOptions& options, const std::string& loadKey,
                                    const QString& description, quint64 job, engine::PeakRssMeter* meter)
{
    if (loadKey == m_loadKey && effectiveThreads(options.threads) == m_engine->threads())
        return true;
    // Threads, weights and pruning are fixed when the engine is built: reload with
    // the new ones (the file is memory-mapped, so a plain reload is cheap; a
    // quantization or pruning pass rewrites every matrix).
    engine::LoadOptions wanted = options;
    wanted.threads = effectiveThreads(options.threads);
    const QString what = loadKey.empty() ? tr("Preparing %1 threads").arg(wanted.threads)
                                         : tr("Reloading %1: %2").arg(QFileInfo(m_modelPath).fileName(), description);
    emit progress(ProgressInfo{job, what, -1.0});
    ProgressThrottle throttle(m_batchIntervalMs.load());
    const QString fileName = QFileInfo(m_modelPath).fileName();
    wanted.progress = [&](const engine::PhaseProgress& p) {
        if (meter)
            meter->sample();
        // The passes say what they convert to; loading names the file.
        const ProgressInfo info =
            progressInfoOf(job, p, p.phase == engine::Phase::Loading || description.isEmpty() ? fileName : description);
        if (throttle.pass(info) && isCurrent(job))
            emit progress(info);
    };
    wanted.cancel = &m_cancel;
    // Converted weights (the old engine's or the new one's) are memory of their
    // own: the old ones are released before the new ones are built, so a reload
    // never holds both (the new choice does not need them; the passes read the
    // file). Only a thread change, which converts nothing, keeps the old engine
    // until the new one is ready.
    const bool releaseFirst = !loadKey.empty() || !m_loadKey.empty();
    if (releaseFirst) {
        m_engine.reset();
        m_loadKey.clear();
    }
    auto loaded = engine::Engine::load(m_modelPath.toStdString(), {}, wanted);
    if (!loaded) {
        // A failed or cancelled reload leaves a model loaded: the previous engine,
        // or when that was released, the model as stored (mapped, nothing converted).
        if (!m_engine)
            restoreAsStored(wanted.threads);
        emit failed(job, engineErrorText(loaded.error()));
        return false;
    }
    m_engine = std::move(*loaded);
    m_loadKey = loadKey;
    return true;
}

void EngineController::restoreAsStored(int threads)
{
    engine::LoadOptions plain;
    plain.threads = threads;
    if (auto loaded = engine::Engine::load(m_modelPath.toStdString(), {}, plain))
        m_engine = std::move(*loaded);
}

void EngineController::start(const RunRequest& request)
{
    const quint64 job = request.job;
    armCancelFlag(job);
    // The run's own peak memory: from here (a reload's re-quantization
    // included) to the last token, not the process's lifetime high-water mark.
    engine::PeakRssMeter meter;
    if (!m_engine) {
        emit failed(job, tr("No model is loaded: open a model file first."));
        return;
    }
    if (request.maxTokens <= 0 && !request.workload.isServing()) {
        emit failed(job, tr("Max tokens must be at least 1 (got %1).").arg(request.maxTokens));
        return;
    }
    const auto profile = requestProfile(request);
    if (!profile) {
        emit failed(job, engineErrorText(profile.error()));
        return;
    }
    // A bad workload is refused before any reload: the error names the file and the field.
    std::optional<LoadedWorkload> workload;
    if (request.workload.isServing()) {
        auto loaded = loadWorkloadChoice(request.workload);
        if (!loaded) {
            emit failed(job, tr("The workload cannot be run: %1").arg(engineErrorText(loaded.error())));
            return;
        }
        workload = std::move(*loaded);
    }
    engine::LoadOptions base;
    base.threads = request.threads;
    const engine::LoadOptions options = engine::applyProfileToLoad(*profile, base);  // threads, weights, pruning
    if (!ensureEngine(options, loadKeyOf(*profile), loadDescription(*profile), job, &meter))
        return;
    if (workload)
        serve(request, *profile, *workload, meter);
    else
        generate(request, *profile, meter);
}

RunResult EngineController::resultBase(const RunRequest& request, const engine::Profile& profile) const
{
    RunResult result;
    result.job = request.job;
    result.request = request;
    result.request.threads = m_engine->threads();
    result.profileJson = request.profileJson;
    result.effectiveJson = fromStd(engine::serializeEffectiveConfig(
        engine::EffectiveConfig{profile, m_engine->adjustments()}));
    result.weightBytes = m_engine->weightsBytes();
    result.modelPath = m_modelPath;
    result.modelName = describeModelName(*m_engine);
    const std::vector<std::string> names = m_engine->model().deviceNames();
    result.device = names.front().rfind("cuda:", 0) == 0
                        ? fromStd(names.size() > 1 ? names.front() + " + CPU" : names.front())
                        : tr("CPU (%1 threads)").arg(m_engine->threads());
    result.loadMs = m_engine->loadMs();
    return result;
}

void EngineController::generate(const RunRequest& request, const engine::Profile& profile,
                                engine::PeakRssMeter& meter)
{
    const quint64 job = request.job;
    engine::GenerateRequest engineRequest = toEngineRequest(request, profile);
    std::optional<engine::ChatPrompt> chat;
    if (request.chat) {
        chat = engine::buildChatPrompt(m_engine->file(), m_engine->tokenizer(), request.system.toStdString(),
                                       request.prompt.toStdString());
        engineRequest.promptIds = chat->ids;
    }

    RunResult result = resultBase(request, profile);
    if (chat) {
        result.chatFormat = chat->format ? fromStd(std::string(engine::chatFormatName(*chat->format))) : QString();
        result.chatNote = fromStd(chat->note);
    }
    // The run's record says what really ran: the profile's sampling over the plain fields.
    result.request.maxTokens = engineRequest.maxTokens;
    result.sampling.temperature = engineRequest.sampler.temperature;
    result.sampling.topK = engineRequest.sampler.topK;
    result.sampling.topP = engineRequest.sampler.topP;
    result.sampling.minP = engineRequest.sampler.minP;
    result.sampling.seed = engineRequest.seed;

    RunRecorder recorder(*m_engine);  // op spans while it generates
    TokenBatch pending{job, {}, std::nullopt};
    QElapsedTimer sinceFlush;
    sinceFlush.start();
    QElapsedTimer sinceTrace;
    sinceTrace.start();
    const auto flush = [&] {
        if (pending.tokens.isEmpty() || !isCurrent(job))
            return;
        if (sinceTrace.elapsed() >= m_liveTraceIntervalMs.load()) {
            pending.trace = recorder.snapshot();
            sinceTrace.restart();
        }
        emit tokensGenerated(pending);
        pending.trace.reset();
        pending.tokens.clear();
        sinceFlush.restart();
    };

    engine::Callbacks callbacks;
    callbacks.cancel = &m_cancel;
    ProgressThrottle throttle(m_batchIntervalMs.load());
    callbacks.onProgress = [&](const engine::PhaseProgress& p) {
        meter.sample();
        const ProgressInfo info = progressInfoOf(job, p);
        if (throttle.pass(info) && isCurrent(job))
            emit progress(info);
    };
    callbacks.onToken = [&](int32_t id, const std::string& piece, const engine::TokenTiming& timing) {
        const QString text = fromStd(piece);
        pending.tokens.append(TokenEvent{timing.index, id, text, timing.latencyMs, timing.elapsedMs});
        result.tokens.append(id);
        result.text += text;
        result.latenciesMs.append(timing.latencyMs);
        if (sinceFlush.elapsed() >= m_batchIntervalMs.load())
            flush();
    };

    // Known before generating, so that a cancelled run still says how long its prompt was.
    const engine::Tokenizer& tokenizer = m_engine->tokenizer();
    result.promptTokens = engineRequest.promptIds
                              ? int(engineRequest.promptIds->size())
                              : int(tokenizer.encode(engineRequest.prompt, tokenizer.addBosByDefault()).size());
    auto generated = m_engine->generate(engineRequest, callbacks);
    flush();
    const engine::PeakRss peak = meter.finish();
    if (!isCurrent(job))
        return;
    if (!generated) {
        if (generated.error().code != engine::ErrorCode::Cancelled) {
            emit failed(job, engineErrorText(generated.error()));
            return;
        }
        // A cancelled run still reports what it produced so far.
        markCancelled(result);
        if (!result.latenciesMs.isEmpty())
            result.ttftMs = result.latenciesMs.first();
        recorder.finish(result, profile);
        recordPeak(peak, result);
        finishInStages(result, profile);
        return;
    }

    const engine::GenerateResult& g = *generated;
    result.stopReason = stopReasonText(g.stop);
    result.promptTokens = static_cast<int>(g.promptTokens.size());
    result.tokens = QVector<int>(g.tokens.begin(), g.tokens.end());
    result.text = fromStd(g.text);
    result.ttftMs = g.timings.ttftMs;
    result.prefillMs = g.timings.prefillMs;
    result.decodeMs = g.timings.decodeMs;
    result.prefillTokPerS = g.timings.prefillTokPerS;
    result.decodeTokPerS = g.timings.decodeTokPerS;
    result.latenciesMs = QVector<double>(g.timings.tokenLatenciesMs.begin(), g.timings.tokenLatenciesMs.end());
    recorder.finish(result, profile);
    recordPeak(peak, result);
    finishInStages(result, profile);
}

void EngineController::serve(const RunRequest& request, const engine::Profile& profile,
                             const LoadedWorkload& workload, engine::PeakRssMeter& meter)
{
    const quint64 job = request.job;
    RunResult result = resultBase(request, profile);
    engine::SchedulerOptions options = schedulerOptionsOf(profile, request.workload.realTime);
    const qint64 requests = qint64(workload.workload.requests.size());
    emit progress(servingProgressInfo(job, 0, requests, 0));
    options.onStep = servingProgressObserver(m_batchIntervalMs.load(), [&](qint64 finished, qint64 tokens) {
        meter.sample();
        if (isCurrent(job))
            emit progress(servingProgressInfo(job, finished, requests, tokens));
    });

    RunRecorder recorder(*m_engine);  // the scheduler's passes run on the traced model
    auto served = engine::runWorkload(m_engine->model(), m_engine->tokenizer(), workload.workload, options, &m_cancel);
    const engine::PeakRss peak = meter.finish();
    if (!isCurrent(job))
        return;
    if (!served) {
        if (served.error().code != engine::ErrorCode::Cancelled) {
            emit failed(job, engineErrorText(served.error()));
            return;
        }
        // The scheduler keeps nothing of a cancelled workload but its trace.
        markCancelled(result);
        recorder.finish(result, profile);
        recordPeak(peak, result);
        finishInStages(result, profile);
        return;
    }
    result.stopReason = QStringLiteral("workload-done");
    result.serving = servingResultOf(workload, options, *served);
    recorder.finish(result, profile);
    applyServingTimings(*served, result);
    result.memory.activationsBytes = m_engine->model().workspaceBytes();
    recordPeak(peak, result);
    finishInStages(result, profile);
}

void EngineController::markCancelled(RunResult& result)
{
    result.cancelled = true;
    result.stopReason = QStringLiteral("cancelled");
    result.quality = qualitySkippedForCancelledRun(int(result.tokens.size()));
}

void EngineController::recordPeak(const engine::PeakRss& peak, RunResult& result)
{
    result.memory.peakRssBytes = peak.bytes;
    result.memory.peakRssMethod = QString::fromLatin1(engine::peakRssMethodName(peak.method));
}

void EngineController::finishInStages(RunResult& result, const engine::Profile& profile)
{
    const quint64 job = result.job;
    result.finishedAt = QDateTime::currentDateTimeUtc();
    result.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    // Stage one: tokens, timings, trace and memory. The quality comparison
    // follows; it is not part of the run's memory either: it loads a baseline
    // copy of its own, which would otherwise pass for the run's peak.
    const bool measure = !result.cancelled && !result.profileJson.trimmed().isEmpty();
    if (measure)
        result.quality = qualityPending();
    emit runTimingsReady(result);
    if (measure) {
        result.quality = qualityOf(profile, false, job);
        if (!isCurrent(job))
            return;
    }
    emit runFinished(result);
}

QualityMetrics EngineController::qualityOf(const engine::Profile& profile, bool force, quint64 job)
{
    QualityOptions quality;
    quality.cancel = &m_cancel;
    quality.force = force;
    quality.maxParameters = m_qualityParameterLimit.load();
    ProgressThrottle throttle(m_batchIntervalMs.load());
    quality.onProgress = [&](qint64 done, qint64 total) {
        engine::PhaseProgress p;
        p.phase = engine::Phase::Quality;
        p.done = done;
        p.total = total;
        const ProgressInfo info = progressInfoOf(job, p);
        if (throttle.pass(info) && isCurrent(job))
            emit progress(info);
    };
    return ::measureQuality(*m_engine, m_modelPath, profile, quality);
}

void EngineController::measureQuality(const QualityRequest& request)
{
    const quint64 job = request.job;
    armCancelFlag(job);
    if (!m_engine || QFileInfo(m_modelPath) != QFileInfo(request.modelPath)) {
        emit failed(job, tr("The run was made with %1, which is not the loaded model: open it first, then measure "
                            "the run's quality.")
                             .arg(request.modelPath));
        return;
    }
    RunRequest asRun;
    asRun.profileJson = request.profileJson;
    const auto profile = requestProfile(asRun);
    if (!profile) {
        emit failed(job, engineErrorText(profile.error()));
        return;
    }
    engine::LoadOptions base;
    base.threads = request.threads;
    const engine::LoadOptions options = engine::applyProfileToLoad(*profile, base);
    if (!ensureEngine(options, loadKeyOf(*profile), loadDescription(*profile), job))
        return;
    // A stored run without a profile is its own baseline: nothing to measure.
    const QualityMetrics quality =
        request.profileJson.trimmed().isEmpty() ? QualityMetrics{} : qualityOf(*profile, true, job);
    if (!isCurrent(job))
        return;
    emit qualityMeasured(job, request.runId, quality);
}

void EngineController::synthesize(const SynthRequest& request)
{
    const quint64 job = request.job;
    armCancelFlag(job);
    engine::SynthOptions options;
    const auto shape = engine::synthShapeFromName(request.shape.toStdString());
    const auto dtype = kernels::dtypeFromName(request.dtype.toStdString());
    if (!shape) {
        emit failed(job, tr("Unknown synthetic model shape '%1' (expected %2).")
                             .arg(request.shape, fromStd(engine::synthShapeNames())));
        return;
    }
    if (!dtype || !engine::isSynthDType(*dtype)) {
        emit failed(job, tr("A synthetic model cannot be written as '%1'.").arg(request.dtype));
        return;
    }
    options.shape = *shape;
    options.dtype = *dtype;
    options.seed = request.seed;
    options.outPath = request.outputPath.toStdString();

    QElapsedTimer sinceProgress;
    sinceProgress.start();
    const QString what = tr("Writing %1").arg(QFileInfo(request.outputPath).fileName());
    emit progress(ProgressInfo{job, what, 0.0});
    const engine::Status status = engine::synthesizeModel(options, [&](uint64_t done, uint64_t total) {
        if (sinceProgress.elapsed() >= kBatchIntervalMs && total > 0) {
            emit progress(ProgressInfo{job, what, double(done) / double(total)});
            sinceProgress.restart();
        }
        return !m_cancel.load();
    });
    if (!isCurrent(job))
        return;
    if (!status) {
        emit failed(job, engineErrorText(status.error()));
        return;
    }
    emit synthesized(job, request.outputPath);
}

void EngineController::runDemo(const DemoTaskPtr& task, quint64 job)
{
    armCancelFlag(job);
    if (!m_engine) {
        emit failed(job, tr("No model is loaded: open a model file first."));
        return;
    }
    engine::LoadOptions asStored;
    asStored.threads = m_engine->threads();
    if (!ensureEngine(asStored, {}, {}, job))
        return;
    const DemoContext context{*m_engine, m_modelPath.toStdString(), &m_cancel,
                              [this, job](const QString& what, double fraction) {
                                  emit progress(ProgressInfo{job, what, fraction});
                              }};
    const QString error = task->run(context);
    if (!isCurrent(job))
        return;
    const bool cancelled = m_cancel.load();
    if (!error.isEmpty() && !cancelled) {
        emit failed(job, error);
        return;
    }
    emit demoFinished(job, cancelled);
}

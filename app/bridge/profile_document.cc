#include "app/bridge/profile_document.h"

#include <memory>

#include "app/bridge/engine_text.h"
#include "engine/formats/model_file.h"
#include "engine/passes/quantize_pass.h"

#include <QCoreApplication>
#include <QFile>

#include "engine/config/profile.h"
#include "engine/config/profile_export.h"
#include "engine/config/profile_validator.h"

namespace {

QString toQString(const std::string& text)
{
    return QString::fromStdString(text);
}

// A canonical document back to a Profile; an empty document is an empty profile.
engine::Profile profileFromCanonical(const QByteArray& canonicalJson)
{
    if (canonicalJson.isEmpty())
        return {};
    auto parsed = engine::parseProfile(canonicalJson.toStdString());
    return parsed ? *parsed : engine::Profile{};
}

ProfileRunKnobs knobsOf(const engine::Profile& profile)
{
    ProfileRunKnobs knobs;
    if (profile.devices && profile.devices->threads)
        knobs.threads = *profile.devices->threads;
    if (!profile.sampling)
        return knobs;
    const engine::SamplingConfig& s = *profile.sampling;
    if (s.maxTokens)
        knobs.maxTokens = *s.maxTokens;
    if (s.temperature)
        knobs.temperature = *s.temperature;
    if (s.topK)
        knobs.topK = *s.topK;
    if (s.topP)
        knobs.topP = *s.topP;
    if (s.minP)
        knobs.minP = *s.minP;
    if (s.seed)
        knobs.seed = *s.seed;
    return knobs;
}

QStringList notesOf(const std::vector<engine::ExportNote>& notes)
{
    QStringList out;
    for (const engine::ExportNote& note : notes)
        out << engineExportNoteText(note);
    return out;
}

}  // namespace

ProfileValue profileWithRunKnobs(ProfileValue base, const RunRequest& request)
{
    engine::Profile& profile = base.profile();
    engine::DevicesConfig devices = profile.devices.value_or(engine::DevicesConfig{});
    devices.threads = request.threads;
    bool isOrdinal = false;
    const int gpu = request.device.startsWith(QLatin1String("cuda:")) ? request.device.mid(5).toInt(&isOrdinal) : -1;
    if (isOrdinal && !devices.gpus) devices.gpus = std::vector<int32_t>{gpu};
    profile.devices = devices;
    engine::SamplingConfig sampling = profile.sampling.value_or(engine::SamplingConfig{});
    sampling.maxTokens = request.maxTokens;
    profile.sampling = sampling;
    return base;
}

void setSampling(ProfileValue& profile, const SamplingSettings& settings)
{
    engine::Profile& p = profile.profile();
    engine::SamplingConfig sampling = p.sampling.value_or(engine::SamplingConfig{});
    sampling.temperature = settings.temperature;
    sampling.topK = settings.topK;
    sampling.topP = settings.topP;
    sampling.minP = settings.minP;
    sampling.seed = settings.seed;
    p.sampling = sampling;
}

namespace {

// "path: message" in the interface language (just the message when the issue
// is about the whole document).
QString issueMessage(const engine::ProfileIssue& issue)
{
    return issue.detail.id.empty() ? engineText(toQString(issue.message)) : engineMessageText(issue.detail);
}

QString issueText(const engine::ProfileIssue& issue)
{
    const QString message = issueMessage(issue);
    if (issue.path.empty())
        return message;
    //: A profile problem: %1 the key's path (weights.group_size), %2 what is wrong with it
    return QCoreApplication::translate("ProfileDocument", "%1: %2").arg(toQString(issue.path), message);
}

}  // namespace

ProfileImportResult importProfileText(const QByteArray& text)
{
    ProfileImportResult result;
    const engine::ProfileCheck check = engine::checkProfileText(std::string_view(text.constData(), text.size()));
    for (const engine::ProfileIssue& issue : check.issues) {
        if (issue.severity == engine::IssueSeverity::Warning)
            result.warnings << issueText(issue);
        else
            result.errors << issueText(issue);
    }
    if (check.hasErrors() || !check.profile)
        return result;
    result.ok = true;
    result.canonicalJson = QByteArray::fromStdString(engine::serializeProfile(*check.profile));
    result.knobs = knobsOf(*check.profile);
    return result;
}

QList<ProfileIssueInfo> checkProfileIssues(const QByteArray& text)
{
    QList<ProfileIssueInfo> out;
    const engine::ProfileCheck check = engine::checkProfileText(std::string_view(text.constData(), text.size()));
    for (const engine::ProfileIssue& issue : check.issues)
        out.append({toQString(issue.path), issueMessage(issue), issue.severity == engine::IssueSeverity::Warning});
    return out;
}

ProfileImportResult importProfileFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        ProfileImportResult result;
        result.errors << QStringLiteral("%1: %2").arg(path, file.errorString());
        return result;
    }
    return importProfileText(file.readAll());
}

QStringList profileKeptKeys(const QByteArray& canonicalJson)
{
    // weights, pruning, kv_cache, devices.threads and sampling.* are applied to
    // every run, batching to every workload run (EngineController); the rest is
    // kept for the exports.
    const engine::Profile profile = profileFromCanonical(canonicalJson);
    QStringList keys;
    if (profile.devices && profile.devices->split)
        keys << QStringLiteral("devices.split");
    if (profile.devices && profile.devices->gpus)
        keys << QStringLiteral("devices.gpus");
    return keys;
}

namespace {

// The tensors the quantization pass would keep off the profile's type for
// this model (exported as they are kept). The model file is opened once per
// path: the export text follows every knob change.
std::vector<engine::Adjustment> adjustedTensors(const engine::Profile& profile, const QString& modelPath)
{
    static QString cachedPath;
    static std::shared_ptr<const engine::ModelFile> cached;
    if (!profile.weights || modelPath.isEmpty())
        return {};
    if (modelPath != cachedPath) {
        cachedPath = modelPath;
        auto file = engine::openModelFile(modelPath.toStdString());
        cached = file ? std::make_shared<const engine::ModelFile>(std::move(*file)) : nullptr;
    }
    if (!cached)
        return {};
    auto planned = engine::plannedAdjustments(*cached, *profile.weights);
    return planned ? *planned : std::vector<engine::Adjustment>{};
}

}  // namespace

ProfileCommandText profileLlamaCppText(const QByteArray& canonicalJson, const QString& modelPath)
{
    const engine::Profile profile = profileFromCanonical(canonicalJson);
    const engine::CommandExport out =
        engine::exportLlamaCpp(profile, modelPath.toStdString(), adjustedTensors(profile, modelPath));
    return {toQString(out.text()), notesOf(out.notes)};
}

ProfileCommandText profileVllmText(const QByteArray& canonicalJson, const QString& modelPath)
{
    const engine::CommandExport out = engine::exportVllm(profileFromCanonical(canonicalJson), modelPath.toStdString());
    return {toQString(out.text()), notesOf(out.notes)};
}

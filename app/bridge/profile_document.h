#pragma once
// The optimisation profile as the workbench sees it: canonical profile JSON
// (the engine's serializeProfile text) carried as bytes, plus the Run page's
// knobs that map onto it. Qt only, like engine_types.h: widgets include this and
// the engine's profile headers stay behind it.
//
// A run applies weights, pruning, kv_cache, devices.threads and sampling.*, a
// workload run batching too;
// every other key is kept in the document unchanged and reported as not yet
// applied, so importing and exporting never drops one.
#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

#include "app/bridge/engine_types.h"
#include "app/bridge/profile_value.h"

// The profile keys the Run page applies; each is set only when the profile has it.
struct ProfileRunKnobs {
    std::optional<int> threads;
    std::optional<int> maxTokens;
    std::optional<double> temperature;
    std::optional<int> topK;
    std::optional<double> topP;
    std::optional<double> minP;
    std::optional<quint64> seed;
};

// One exported command: the text to paste and the knobs it could not express.
struct ProfileCommandText {
    QString text;
    QStringList notes;  // "kv_cache.mode: ..."
};

struct ProfileImportResult {
    bool ok = false;
    QStringList errors;    // "weights.group_size: 48 is not one of 32, 64, 128"
    QStringList warnings;  // never block an import
    QByteArray canonicalJson;  // empty unless ok
    ProfileRunKnobs knobs;
};

// `base` with the request's threads (devices.threads), max tokens
// (sampling.max_tokens) and toolbar GPU (devices.gpus, unless the profile names
// GPUs) written in. Every other key of `base` is kept. The sampling knobs are
// the Optimise page's own keys (shared with the Run page through Settings).
ProfileValue profileWithRunKnobs(ProfileValue base, const RunRequest& request);
// Writes temperature, top-k, top-p, min-p and seed into sampling.*.
void setSampling(ProfileValue& profile, const SamplingSettings& sampling);

// One validator finding, split for inline display next to its field.
struct ProfileIssueInfo {
    QString path;  // "pruning.ratio"; empty = the whole document
    QString message;
    bool warning = false;
    QString text() const { return path.isEmpty() ? message : path + QStringLiteral(": ") + message; }
};

// Checks profile text with the engine's validator: every issue with its JSON path.
ProfileImportResult importProfileText(const QByteArray& text);
// The same check, every issue structured (errors and warnings, document order).
QList<ProfileIssueInfo> checkProfileIssues(const QByteArray& text);
// Reads and checks a file; read errors name the path.
ProfileImportResult importProfileFile(const QString& path);

// Keys present in a canonical profile that a workbench run does not apply yet
// ("batching", "devices.split", "devices.gpus"); they are kept for the exports.
QStringList profileKeptKeys(const QByteArray& canonicalJson);

// The llama.cpp script and the vLLM arguments for a canonical profile.
ProfileCommandText profileLlamaCppText(const QByteArray& canonicalJson, const QString& modelPath);
ProfileCommandText profileVllmText(const QByteArray& canonicalJson, const QString& modelPath);

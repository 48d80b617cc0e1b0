#pragma once
// A run's trace as Chrome trace-event JSON (the Export page), and a saved one
// read back: what the Export page and `inferscope-cli generate --trace`
// write (engine/trace/chrome_trace.h, the same layout),
// with its CPU thread lanes and GPU stream lanes, as a RunTrace the Profile
// page shows. Only this project's own layout is understood: GPU work on the
// processes from kGpuProcessOffset on, one thread per stream; op names as the
// engine's op table spells them.
#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

#include "app/bridge/run_data.h"

// Every span as a complete ("X") event: host spans on (device, thread), GPU
// work on (kGpuProcessOffset + device, stream), each track named by "M"
// events; `otherData` goes into the document as it is.
QByteArray traceJson(const RunTrace& trace, const QJsonObject& otherData);

// nullopt with a sentence in `error` when the file cannot be read or is not a trace.
std::optional<RunTrace> readTraceFile(const QString& path, QString* error);
// The same from the file's bytes (`source` names it in errors).
std::optional<RunTrace> parseTrace(const QByteArray& json, const QString& source, QString* error);

#include "app/bridge/trace_file.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QPair>

#include <algorithm>

#include "engine/trace/chrome_trace.h"

namespace {

struct TraceFile {
    Q_DECLARE_TR_FUNCTIONS(TraceFile)
};

engine::SpanKind kindOf(const QString& category, bool onGpu)
{
    for (int k = 0; k < static_cast<int>(engine::SpanKind::Count); ++k) {
        const auto kind = static_cast<engine::SpanKind>(k);
        if (kind != engine::SpanKind::HostOp && category == QLatin1String(engine::spanKindName(kind)))
            return kind;
    }
    return onGpu ? engine::SpanKind::Kernel : engine::SpanKind::HostOp;
}

// "128x1x1" into three numbers; zeros when it is not that.
void readDim3(const QJsonValue& value, qint32 (&out)[3])
{
    const QStringList parts = value.toString().split(QLatin1Char('x'));
    if (parts.size() != 3)
        return;
    for (int i = 0; i < 3; ++i)
        out[i] = parts.at(i).toInt();
}

OpCategory categoryOfName(const QString& name)
{
    const engine::OpId op = engine::opIdFromName(name.toUtf8().constData());
    return op == engine::OpId::Count ? OpCategory::Other : opCategoryOf(op);
}

OpSpan spanOf(const QJsonObject& e)
{
    const QJsonObject args = e.value(QStringLiteral("args")).toObject();
    const int pid = e.value(QStringLiteral("pid")).toInt();
    const int tid = e.value(QStringLiteral("tid")).toInt();
    const bool onGpu = pid >= engine::kGpuProcessOffset;
    OpSpan s;
    s.name = e.value(QStringLiteral("name")).toString();
    s.kind = kindOf(e.value(QStringLiteral("cat")).toString(), onGpu);
    s.device = onGpu ? pid - engine::kGpuProcessOffset : pid;
    if (onGpu)
        s.stream = tid;
    else
        s.thread = tid;
    s.startUs = e.value(QStringLiteral("ts")).toDouble();
    s.durationUs = std::max(0.0, e.value(QStringLiteral("dur")).toDouble());
    s.layer = args.value(QStringLiteral("layer")).toInt(-1);
    s.correlation = quint64(args.value(QStringLiteral("correlation")).toDouble());
    s.bytes = quint64(args.value(QStringLiteral("bytes")).toDouble());
    s.workerShare = args.value(QStringLiteral("worker_share")).toBool();
    if (s.kind == engine::SpanKind::HostOp) {
        s.category = categoryOfName(s.name);
    } else if (s.correlation != 0) {
        s.op = args.value(QStringLiteral("op")).toString();
        s.category = categoryOfName(s.op);
    }
    readDim3(args.value(QStringLiteral("grid")), s.grid);
    readDim3(args.value(QStringLiteral("block")), s.block);
    return s;
}

QJsonObject argsOf(const OpSpan& s)
{
    QJsonObject args{{QStringLiteral("layer"), s.layer}};
    if (s.kind != engine::SpanKind::HostOp) {
        args.insert(QStringLiteral("kind"), QLatin1String(engine::spanKindName(s.kind)));
        args.insert(QStringLiteral("op"), s.op.isEmpty() ? QStringLiteral("(not launched by an op)") : s.op);
    }
    if (s.correlation)
        args.insert(QStringLiteral("correlation"), double(s.correlation));
    if (s.kind == engine::SpanKind::Kernel) {
        const auto dim3 = [](const qint32 (&d)[3]) {
            return QStringLiteral("%1x%2x%3").arg(d[0]).arg(d[1]).arg(d[2]);
        };
        args.insert(QStringLiteral("grid"), dim3(s.grid));
        args.insert(QStringLiteral("block"), dim3(s.block));
    }
    if (s.bytes)
        args.insert(QStringLiteral("bytes"), double(s.bytes));
    if (s.isCopy() && s.bytes && s.durationUs > 0.0)
        args.insert(QStringLiteral("bandwidth_GBps"), double(s.bytes) / (s.durationUs * 1000.0));
    if (s.workerShare)
        args.insert(QStringLiteral("worker_share"), true);
    return args;
}

QJsonObject nameEvent(const char* what, int pid, int tid, const QString& name)
{
    return {{QStringLiteral("name"), QLatin1String(what)}, {QStringLiteral("ph"), QStringLiteral("M")},
            {QStringLiteral("ts"), 0.0},                   {QStringLiteral("pid"), pid},
            {QStringLiteral("tid"), tid},                  {QStringLiteral("args"), QJsonObject{{QStringLiteral("name"), name}}}};
}

}  // namespace

QByteArray traceJson(const RunTrace& trace, const QJsonObject& otherData)
{
    QJsonArray events;
    QMap<QPair<int, int>, bool> tracks;
    for (const OpSpan& span : trace.spans) {
        const bool onGpu = span.onDevice();
        const int pid = onGpu ? span.device + engine::kGpuProcessOffset : span.device;
        const int tid = onGpu ? std::max(span.stream, 0) : span.thread;
        tracks.insert({pid, tid}, true);
        const QString category = span.kind == engine::SpanKind::HostOp ? opCategoryKey(span.category)
                                                                       : QLatin1String(engine::spanKindName(span.kind));
        events.append(QJsonObject{{QStringLiteral("name"), span.name},
                                  {QStringLiteral("cat"), category},
                                  {QStringLiteral("ph"), QStringLiteral("X")},
                                  {QStringLiteral("ts"), span.startUs},
                                  {QStringLiteral("dur"), span.durationUs},
                                  {QStringLiteral("pid"), pid},
                                  {QStringLiteral("tid"), tid},
                                  {QStringLiteral("args"), argsOf(span)}});
    }
    int lastPid = -1;
    for (auto it = tracks.cbegin(); it != tracks.cend(); ++it) {
        const auto [pid, tid] = it.key();
        const bool onGpu = pid >= engine::kGpuProcessOffset;
        if (pid != lastPid) {
            const int device = onGpu ? pid - engine::kGpuProcessOffset : pid;
            events.append(nameEvent("process_name", pid, 0,
                                    onGpu ? QStringLiteral("device %1 GPU streams").arg(device)
                                          : QStringLiteral("device %1").arg(device)));
            lastPid = pid;
        }
        events.append(nameEvent("thread_name", pid, tid,
                                onGpu ? QStringLiteral("stream %1").arg(tid) : QStringLiteral("thread %1").arg(tid)));
    }
    const QJsonObject document{{QStringLiteral("traceEvents"), events},
                               {QStringLiteral("displayTimeUnit"), QStringLiteral("ms")},
                               {QStringLiteral("otherData"), otherData}};
    return QJsonDocument(document).toJson(QJsonDocument::Compact);
}

std::optional<RunTrace> parseTrace(const QByteArray& json, const QString& source, QString* error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        if (error)
            *error = TraceFile::tr("%1 is not valid JSON (%2 at byte %3).")
                         .arg(source, parseError.errorString())
                         .arg(parseError.offset);
        return std::nullopt;
    }
    const QJsonValue events = doc.object().value(QStringLiteral("traceEvents"));
    if (!events.isArray()) {
        if (error)
            *error = TraceFile::tr("%1 is not a Chrome trace: it has no \"traceEvents\" list.").arg(source);
        return std::nullopt;
    }
    QVector<OpSpan> spans;
    double endUs = 0.0;
    for (const QJsonValue& value : events.toArray()) {
        const QJsonObject e = value.toObject();
        if (e.value(QStringLiteral("ph")).toString() != QLatin1String("X"))
            continue;
        spans.append(spanOf(e));
        endUs = std::max(endUs, spans.last().endUs());
    }
    if (spans.isEmpty()) {
        if (error)
            *error = TraceFile::tr("%1 holds no timed spans to show.").arg(source);
        return std::nullopt;
    }
    const QJsonObject other = doc.object().value(QStringLiteral("otherData")).toObject();
    const quint64 dropped = quint64(other.value(QStringLiteral("dropped_spans")).toDouble());
    return makeRunTrace(std::move(spans), dropped, endUs);
}

std::optional<RunTrace> readTraceFile(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = TraceFile::tr("Cannot open %1: %2.").arg(path, file.errorString());
        return std::nullopt;
    }
    return parseTrace(file.readAll(), path, error);
}

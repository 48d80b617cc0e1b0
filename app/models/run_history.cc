#include "app/models/run_history.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

namespace {
constexpr int kFormatVersion = 1;

// "DIR/history.corrupt-20261207-091530.json" for "DIR/history.json": beside the
// original, same suffix, a name no other file has (-2, -3, ... on a clash).
QString asideName(const QString& path)
{
    const QFileInfo info(path);
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    const QString suffix = info.suffix().isEmpty() ? QString() : QLatin1Char('.') + info.suffix();
    const QString stem = info.dir().filePath(info.completeBaseName() + QStringLiteral(".corrupt-") + stamp);
    QString candidate = stem + suffix;
    for (int n = 2; QFileInfo::exists(candidate); ++n)
        candidate = stem + QLatin1Char('-') + QString::number(n) + suffix;
    return candidate;
}
}  // namespace

RunHistory::RunHistory(QString path, QObject* parent) : QObject(parent), m_path(std::move(path)) {}

const RunResult* RunHistory::find(const QString& id) const
{
    for (const RunResult& run : m_runs)
        if (run.id == id)
            return &run;
    return nullptr;
}

const RunResult* RunHistory::lastComplete() const
{
    for (auto it = m_runs.crbegin(); it != m_runs.crend(); ++it)
        if (!it->cancelled)
            return &*it;
    return nullptr;
}

bool RunHistory::updateQuality(const QString& id, const QualityMetrics& quality)
{
    for (RunResult& run : m_runs) {
        if (run.id != id)
            continue;
        run.quality = quality;
        const bool ok = save();
        emit changed();
        return ok;
    }
    m_error = tr("No run %1 in the history.").arg(id);
    return false;
}

QByteArray RunHistory::serialize(const QVector<RunResult>& runs)
{
    QJsonArray array;
    for (const RunResult& run : runs)
        array.append(run.toJson());
    const QJsonObject root{{QStringLiteral("format"), QStringLiteral("inferscope-history")},
                           {QStringLiteral("version"), kFormatVersion},
                           {QStringLiteral("runs"), array}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

bool RunHistory::load()
{
    m_runs.clear();
    m_error.clear();
    m_readOnly = false;
    m_setAside.clear();
    QFile file(m_path);
    if (!file.exists()) {
        emit changed();
        return true;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        m_error = tr("Cannot read the run history %1: %2").arg(m_path, file.errorString());
        m_readOnly = true;
        emit changed();
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    file.close();
    const QJsonObject root = doc.object();
    QString reason;
    if (parseError.error != QJsonParseError::NoError)
        reason = tr("not valid JSON at byte %1: %2").arg(parseError.offset).arg(parseError.errorString());
    else if (root.value(QStringLiteral("format")).toString() != QLatin1String("inferscope-history"))
        reason = tr("not an InferScope run history");
    if (!reason.isEmpty()) {
        setAside(reason);
        emit changed();
        return false;
    }
    for (const QJsonValue& value : root.value(QStringLiteral("runs")).toArray())
        if (auto run = RunResult::fromJson(value.toObject()))
            m_runs.append(*run);
    emit changed();
    return true;
}

bool RunHistory::setAside(const QString& reason)
{
    const QString aside = asideName(m_path);
    if (!QFile::rename(m_path, aside)) {
        m_error = tr("The run history %1 could not be read (%2) nor moved aside to %3; it was left untouched and "
                     "new runs are not saved.")
                      .arg(m_path, reason, aside);
        m_readOnly = true;
        return false;
    }
    m_setAside = aside;
    m_error = tr("The run history %1 could not be read (%2). It was kept as %3 and a new, empty history was "
                 "started.")
                  .arg(m_path, reason, aside);
    return true;
}

bool RunHistory::save()
{
    if (m_readOnly) {
        m_error = tr("The run history %1 could not be read, so it is not overwritten.").arg(m_path);
        return false;
    }
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly)) {
        m_error = tr("Cannot write the run history %1: %2").arg(m_path, file.errorString());
        return false;
    }
    file.write(serialize(m_runs));
    // commit() flushes, fsyncs and renames over the old file; on any failure the
    // temporary is discarded and the old file stays as it was.
    if (!file.commit()) {
        m_error = tr("Cannot write the run history %1: %2").arg(m_path, file.errorString());
        return false;
    }
    return true;
}

bool RunHistory::append(const RunResult& run)
{
    m_runs.append(run);
    const bool ok = save();
    emit changed();
    return ok;
}

bool RunHistory::remove(const QStringList& ids)
{
    const auto removed = m_runs.removeIf([&](const RunResult& r) { return ids.contains(r.id); });
    if (removed == 0)
        return true;
    const bool ok = save();
    emit changed();
    return ok;
}

bool RunHistory::clear()
{
    m_runs.clear();
    const bool ok = save();
    emit changed();
    return ok;
}

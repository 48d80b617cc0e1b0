#pragma once
// RunHistory: every finished run, kept as one JSON file in the user's data
// directory. Each change rewrites the file through QSaveFile (write to a
// temporary, then rename), so a crash or a full disk mid-write leaves the
// previous history intact; a corrupt or foreign file is reported and left alone
// rather than overwritten.
#include <QObject>
#include <QString>
#include <QVector>

#include "app/bridge/engine_types.h"

class RunHistory : public QObject {
    Q_OBJECT
public:
    explicit RunHistory(QString path, QObject* parent = nullptr);

    const QString& path() const { return m_path; }
    const QVector<RunResult>& runs() const { return m_runs; }
    const RunResult* find(const QString& id) const;
    // The newest run that was not cancelled; nullptr when there is none.
    const RunResult* lastComplete() const;

    // Reads the file; a missing file is an empty history. On a malformed file
    // returns false with the reason in lastError() and keeps nothing.
    bool load();
    // Appends and saves; false (with lastError()) when the file could not be written.
    bool append(const RunResult& run);
    bool remove(const QStringList& ids);
    // Replaces the quality of run `id` ("Measure quality anyway") and saves;
    // false when there is no such run or the file could not be written.
    bool updateQuality(const QString& id, const QualityMetrics& quality);
    bool clear();
    QString lastError() const { return m_error; }

    static QByteArray serialize(const QVector<RunResult>& runs);

signals:
    void changed();

private:
    bool save();

    QString m_path;
    QVector<RunResult> m_runs;
    QString m_error;
    bool m_readOnly = false;  // the file on disk could not be parsed: never overwrite it
};

#pragma once
// RunHistory: every finished run, kept as one JSON file in the user's data
// directory. Each change rewrites the file through QSaveFile (write to a
// temporary, then rename), so a crash or a full disk mid-write leaves the
// previous history intact. A file that cannot be parsed as a history (corrupt,
// or something else at its path) is never emptied or overwritten: it is renamed
// aside with a timestamp (history.corrupt-20261207-091530.json), a fresh
// history is started, and lastError() says where the old file now is.
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
    // returns false with the reason in lastError(): the file is moved aside
    // (setAsidePath()) and the history starts empty, or, when it cannot be
    // moved (or not even read), it is left where it is and nothing is saved over it.
    bool load();
    // Appends and saves; false (with lastError()) when the file could not be written.
    bool append(const RunResult& run);
    bool remove(const QStringList& ids);
    // Replaces the quality of run `id` ("Measure quality anyway") and saves;
    // false when there is no such run or the file could not be written.
    bool updateQuality(const QString& id, const QualityMetrics& quality);
    bool clear();
    QString lastError() const { return m_error; }
    // Where the last load() moved an unreadable history to; empty when it did not.
    QString setAsidePath() const { return m_setAside; }

    static QByteArray serialize(const QVector<RunResult>& runs);

signals:
    void changed();

private:
    bool save();
    // Renames the unreadable file aside and starts afresh; false (read-only) when it cannot be moved.
    bool setAside(const QString& reason);

    QString m_path;
    QVector<RunResult> m_runs;
    QString m_error;
    QString m_setAside;
    bool m_readOnly = false;  // the file on disk could not be parsed: never overwrite it
};

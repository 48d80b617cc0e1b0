#pragma once
// ModelDownloader: fetches one model file over HTTP(S) into a directory,
// verifies it and only then puts it in place.
//
//   - bytes go to NAME.part; an existing .part is resumed with an HTTP Range
//     request (a server that ignores Range sends everything: start over);
//   - the finished .part must have the expected size and SHA-256, else it is
//     deleted and the download fails with both checksums named;
//   - every failure is one clear sentence: offline / host not found, HTTP
//     status, connection lost (the .part is kept for a resume), checksum.
//
// The entries (URLs) are parameters, so tests point the downloader at a
// loopback server. builtInDownloads() lists the real files we know the
// checksum of.
#include <QByteArray>
#include <QCryptographicHash>
#include <QFile>
#include <QList>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>

class QNetworkAccessManager;

struct DownloadEntry {
    QString name;         // shown in the list, e.g. "stories260K (GGUF)"
    QString fileName;     // written as <dir>/<fileName>
    QUrl url;
    quint64 size = 0;     // bytes
    QByteArray sha256;    // lower-case hex
    QString description;  // one line: what it is, licence
};

// Model files on the Hugging Face hub whose size and checksum are known.
QList<DownloadEntry> builtInDownloads();

class ModelDownloader : public QObject {
    Q_OBJECT
public:
    explicit ModelDownloader(const QString& directory, QObject* parent = nullptr);
    ~ModelDownloader() override;

    QString directory() const { return m_directory; }
    QString targetPath(const DownloadEntry& entry) const;
    QString partPath(const DownloadEntry& entry) const { return targetPath(entry) + QStringLiteral(".part"); }
    bool isRunning() const { return m_reply != nullptr; }
    // The Range start of the current (or last) request; 0 = from the beginning.
    qint64 resumedFrom() const { return m_resumedFrom; }

    void start(const DownloadEntry& entry);
    void cancel();

signals:
    void progress(qint64 received, qint64 total);
    void finished(const QString& path);
    void failed(const QString& message);
    void cancelled();

private:
    void onReadyRead();
    void onFinished();
    bool checkStatus();  // on the first bytes: HTTP status and Range honoured
    void fail(const QString& message, bool deletePart);
    void verifyAndInstall();
    QString networkMessage(QNetworkReply* reply) const;

    QString m_directory;
    QNetworkAccessManager* m_network;
    QPointer<QNetworkReply> m_reply;
    DownloadEntry m_entry;
    QFile m_part;
    qint64 m_resumedFrom = 0;
    bool m_statusChecked = false;
    bool m_cancelled = false;
};

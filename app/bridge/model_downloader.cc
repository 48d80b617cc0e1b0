#include "app/bridge/model_downloader.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace {

// SHA-256 of a file, read in chunks; empty on a read error.
QByteArray fileSha256(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file))
        return {};
    return hash.result().toHex();
}

}  // namespace

QList<DownloadEntry> builtInDownloads()
{
    // Size and checksum as recorded in the shared model fixtures' provenance
    // notes (the same file the engine's tests run on).
    return {
        DownloadEntry{QStringLiteral("stories260K (GGUF)"), QStringLiteral("stories260K.gguf"),
                      QUrl(QStringLiteral("https://huggingface.co/ggml-org/models/resolve/main/tinyllamas/"
                                          "stories260K.gguf")),
                      1185376, QByteArrayLiteral("270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d"),
                      ModelDownloader::tr("Karpathy's 260K-parameter Llama-2-style model trained on TinyStories, all F32, tokenizer "
                         "embedded (MIT).")},
    };
}

ModelDownloader::ModelDownloader(const QString& directory, QObject* parent)
    : QObject(parent), m_directory(directory), m_network(new QNetworkAccessManager(this))
{
}

ModelDownloader::~ModelDownloader()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
    }
}

QString ModelDownloader::targetPath(const DownloadEntry& entry) const
{
    return QDir(m_directory).filePath(entry.fileName);
}

void ModelDownloader::start(const DownloadEntry& entry)
{
    if (isRunning())
        return;
    m_entry = entry;
    m_cancelled = false;
    m_statusChecked = false;
    if (!QDir().mkpath(m_directory)) {
        emit failed(tr("Cannot create the folder %1.").arg(QDir::toNativeSeparators(m_directory)));
        return;
    }
    m_part.setFileName(partPath(entry));
    if (!m_part.open(QIODevice::ReadWrite)) {
        emit failed(tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(m_part.fileName()), m_part.errorString()));
        return;
    }
    m_resumedFrom = m_part.size();
    if (quint64(m_resumedFrom) > entry.size) {  // not ours, or from a different file: start over
        m_part.resize(0);
        m_resumedFrom = 0;
    }
    if (entry.size > 0 && quint64(m_resumedFrom) == entry.size) {
        m_part.close();
        verifyAndInstall();
        return;
    }
    m_part.seek(m_resumedFrom);

    QNetworkRequest request(entry.url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setHeader(QNetworkRequest::UserAgentHeader, QStringLiteral("InferScope/%1").arg(
                                                            QCoreApplication::applicationVersion()));
    if (m_resumedFrom > 0)
        request.setRawHeader("Range", "bytes=" + QByteArray::number(m_resumedFrom) + '-');
    m_reply = m_network->get(request);
    connect(m_reply, &QNetworkReply::readyRead, this, &ModelDownloader::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &ModelDownloader::onFinished);
    connect(m_reply, &QNetworkReply::downloadProgress, this, [this](qint64 received, qint64) {
        emit progress(m_resumedFrom + received, qint64(m_entry.size));
    });
    emit progress(m_resumedFrom, qint64(m_entry.size));
}

void ModelDownloader::cancel()
{
    if (!m_reply)
        return;
    m_cancelled = true;
    m_reply->abort();  // finished() follows with OperationCanceledError
}

bool ModelDownloader::checkStatus()
{
    if (m_statusChecked)
        return true;
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0)
        return true;  // not HTTP (or not known yet)
    m_statusChecked = true;
    if (status >= 400)
        return false;
    if (m_resumedFrom > 0 && status == 200) {
        // The server sent the whole file instead of the range: start over.
        m_part.resize(0);
        m_part.seek(0);
        m_resumedFrom = 0;
    }
    return true;
}

void ModelDownloader::onReadyRead()
{
    if (!m_reply || !checkStatus())
        return;  // an HTTP error body is not written; onFinished reports it
    const QByteArray data = m_reply->readAll();
    if (m_part.write(data) != data.size()) {
        const QString message = tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(m_part.fileName()),
                                                               m_part.errorString());
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
        m_reply = nullptr;
        fail(message, false);
    }
}

QString ModelDownloader::networkMessage(QNetworkReply* reply) const
{
    const QString host = m_entry.url.host();
    switch (reply->error()) {
    case QNetworkReply::HostNotFoundError:
        return tr("Cannot find the host %1: the computer seems to be offline, or the name does not resolve.").arg(host);
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::UnknownNetworkError:
        return tr("Cannot connect to %1: the computer seems to be offline or the server is down (%2).")
            .arg(host, reply->errorString());
    case QNetworkReply::TimeoutError:
        return tr("The connection to %1 timed out.").arg(host);
    case QNetworkReply::SslHandshakeFailedError:
        return tr("Secure connection to %1 failed: %2").arg(host, reply->errorString());
    default:
        break;
    }
    return tr("Download from %1 failed: %2").arg(host, reply->errorString());
}

void ModelDownloader::onFinished()
{
    QNetworkReply* reply = m_reply;
    if (!reply)
        return;
    m_reply = nullptr;
    reply->deleteLater();
    if (reply->bytesAvailable() > 0 && checkStatus())
        m_part.write(reply->readAll());
    m_part.flush();
    const qint64 have = m_part.size();

    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (m_cancelled) {
        m_part.close();
        emit cancelled();
        return;
    }
    if (status >= 400) {
        const QString reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
        // 416: our .part does not fit the file on the server any more.
        fail(tr("The server answered HTTP %1 %2 for %3.").arg(status).arg(reason, m_entry.url.toString()),
             status == 416);
        return;
    }
    if (reply->error() != QNetworkReply::NoError) {
        QString message = networkMessage(reply);
        if (have > 0 && quint64(have) < m_entry.size)
            message += QLatin1Char(' ') + tr("%1 of %2 bytes are kept; download again to resume.").arg(have).arg(m_entry.size);
        fail(message, false);
        return;
    }
    if (quint64(have) < m_entry.size) {
        fail(tr("The connection to %1 ended after %2 of %3 bytes; download again to resume.")
                 .arg(m_entry.url.host())
                 .arg(have)
                 .arg(m_entry.size),
             false);
        return;
    }
    m_part.close();
    verifyAndInstall();
}

void ModelDownloader::verifyAndInstall()
{
    const QString part = m_part.fileName();
    const qint64 size = QFileInfo(part).size();
    const QByteArray sha = fileSha256(part);
    if (quint64(size) != m_entry.size || sha != m_entry.sha256.toLower()) {
        QFile::remove(part);
        emit failed(tr("Checksum mismatch for %1: expected %2 bytes with SHA-256 %3, got %4 bytes with %5. The "
                       "file was deleted.")
                        .arg(m_entry.fileName)
                        .arg(m_entry.size)
                        .arg(QString::fromLatin1(m_entry.sha256))
                        .arg(size)
                        .arg(QString::fromLatin1(sha)));
        return;
    }
    const QString target = targetPath(m_entry);
    QFile::remove(target);
    if (!QFile::rename(part, target)) {
        emit failed(tr("Cannot move %1 into place as %2.").arg(QDir::toNativeSeparators(part),
                                                              QDir::toNativeSeparators(target)));
        return;
    }
    emit progress(qint64(m_entry.size), qint64(m_entry.size));
    emit finished(target);
}

void ModelDownloader::fail(const QString& message, bool deletePart)
{
    m_part.close();
    if (deletePart)
        QFile::remove(m_part.fileName());
    emit failed(message);
}

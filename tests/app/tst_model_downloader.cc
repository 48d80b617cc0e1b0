// The model downloader against a loopback HTTP server written here: a full
// download verified by SHA-256, a connection dropped half-way and resumed with
// a Range request, a checksum mismatch that leaves no file behind, a refused
// connection reported as offline, and an HTTP error; plus the built-in list.
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QListWidget>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include "app/bridge/model_downloader.h"
#include "app/widgets/download_dialog.h"
#include "tests/common/fixtures.h"

namespace {

constexpr int kWaitMs = 20000;

// A minimal HTTP/1.1 server for one blob at /model.gguf: honours "Range:
// bytes=N-" with 206, answers 404 elsewhere, and can drop the connection after
// a number of body bytes on its first response.
class BlobServer : public QObject {
    Q_OBJECT
public:
    explicit BlobServer(QByteArray blob) : m_blob(std::move(blob))
    {
        connect(&m_server, &QTcpServer::newConnection, this, &BlobServer::accept);
    }
    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    QUrl url(const QString& path = QStringLiteral("/model.gguf")) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(path));
    }
    void dropFirstResponseAfter(qint64 bytes) { m_dropAfter = bytes; }
    QStringList ranges;  // the Range header of every request ("" when absent)

private:
    void accept()
    {
        while (QTcpSocket* socket = m_server.nextPendingConnection()) {
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { serve(socket); });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    }

    void serve(QTcpSocket* socket)
    {
        QByteArray& request = m_pending[socket];
        request += socket->readAll();
        if (!request.contains("\r\n\r\n"))
            return;
        const QString head = QString::fromLatin1(request);
        request.clear();
        const QString path = head.section(QLatin1Char(' '), 1, 1);
        static const QRegularExpression rangeRe(QStringLiteral("\\r\\nRange: bytes=(\\d+)-"),
                                                QRegularExpression::CaseInsensitiveOption);
        const QRegularExpressionMatch range = rangeRe.match(head);
        ranges << (range.hasMatch() ? range.captured(1) : QString());
        if (path != QLatin1String("/model.gguf")) {
            socket->write("HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found");
            socket->disconnectFromHost();
            return;
        }
        const qint64 from = range.hasMatch() ? range.captured(1).toLongLong() : 0;
        const QByteArray body = m_blob.mid(from);
        QByteArray header = range.hasMatch() ? "HTTP/1.1 206 Partial Content\r\n" : "HTTP/1.1 200 OK\r\n";
        header += "Content-Type: application/octet-stream\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
        if (range.hasMatch())
            header += "Content-Range: bytes " + QByteArray::number(from) + '-' + QByteArray::number(m_blob.size() - 1) +
                      '/' + QByteArray::number(m_blob.size()) + "\r\n";
        header += "Connection: close\r\n\r\n";
        socket->write(header);
        if (m_dropAfter >= 0) {
            // Half the body, then the connection goes away (a dropped network).
            socket->write(body.left(m_dropAfter));
            m_dropAfter = -1;
            socket->disconnectFromHost();  // after the bytes above are sent
            return;
        }
        socket->write(body);
        socket->disconnectFromHost();
    }

    QTcpServer m_server;
    QByteArray m_blob;
    qint64 m_dropAfter = -1;
    QHash<QTcpSocket*, QByteArray> m_pending;
};

QByteArray makeBlob(int size)
{
    QByteArray blob(size, Qt::Uninitialized);
    quint32 state = 12345;
    for (int i = 0; i < size; ++i) {
        state = state * 1664525u + 1013904223u;
        blob[i] = char(state >> 24);
    }
    return blob;
}

DownloadEntry entryFor(const QUrl& url, const QByteArray& blob)
{
    DownloadEntry e;
    e.name = QStringLiteral("test blob");
    e.fileName = QStringLiteral("model.gguf");
    e.url = url;
    e.size = quint64(blob.size());
    e.sha256 = QCryptographicHash::hash(blob, QCryptographicHash::Sha256).toHex();
    return e;
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

class TestModelDownloader : public QObject {
    Q_OBJECT
private slots:
    void fullDownloadVerified();
    void interruptedThenResumed();
    void checksumMismatchLeavesNoFile();
    void connectionRefusedIsOffline();
    void httpErrorIsReported();
    void builtInEntriesHaveChecksums();
    void builtInChecksumMatchesSharedModel();
    void dialogDownloadsAndReports();
};

void TestModelDownloader::fullDownloadVerified()
{
    const QByteArray blob = makeBlob(300000);
    BlobServer server(blob);
    QVERIFY(server.listen());
    QTemporaryDir dir;
    ModelDownloader downloader(dir.filePath(QStringLiteral("models")));
    QSignalSpy done(&downloader, &ModelDownloader::finished);
    QSignalSpy failed(&downloader, &ModelDownloader::failed);
    QSignalSpy progress(&downloader, &ModelDownloader::progress);
    const DownloadEntry entry = entryFor(server.url(), blob);
    downloader.start(entry);
    QVERIFY(done.wait(kWaitMs));
    QCOMPARE(failed.count(), 0);
    const QString path = done.first().at(0).toString();
    QCOMPARE(path, downloader.targetPath(entry));
    QCOMPARE(readAll(path), blob);
    QVERIFY(!QFile::exists(downloader.partPath(entry)));
    QCOMPARE(server.ranges, QStringList{QString()});  // no Range on a fresh download
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.last().at(0).toLongLong(), qint64(blob.size()));
}

void TestModelDownloader::interruptedThenResumed()
{
    const QByteArray blob = makeBlob(400000);
    BlobServer server(blob);
    server.dropFirstResponseAfter(150000);
    QVERIFY(server.listen());
    QTemporaryDir dir;
    ModelDownloader downloader(dir.filePath(QStringLiteral("models")));
    const DownloadEntry entry = entryFor(server.url(), blob);

    QSignalSpy failed(&downloader, &ModelDownloader::failed);
    downloader.start(entry);
    QVERIFY(failed.wait(kWaitMs));
    const QString message = failed.first().at(0).toString();
    QVERIFY2(message.contains(QStringLiteral("resume")), qPrintable(message));
    const QByteArray partial = readAll(downloader.partPath(entry));
    QVERIFY(partial.size() > 0 && partial.size() <= 150000);
    QCOMPARE(partial, blob.left(partial.size()));
    QVERIFY(!QFile::exists(downloader.targetPath(entry)));

    QSignalSpy done(&downloader, &ModelDownloader::finished);
    downloader.start(entry);
    QVERIFY(done.wait(kWaitMs));
    QCOMPARE(downloader.resumedFrom(), qint64(partial.size()));
    QVERIFY(server.ranges.size() >= 2);
    QCOMPARE(server.ranges.first(), QString());
    QCOMPARE(server.ranges.last(), QString::number(partial.size()));  // the resume asked for the rest
    QCOMPARE(readAll(downloader.targetPath(entry)), blob);
    QVERIFY(!QFile::exists(downloader.partPath(entry)));
}

void TestModelDownloader::checksumMismatchLeavesNoFile()
{
    const QByteArray blob = makeBlob(50000);
    BlobServer server(blob);
    QVERIFY(server.listen());
    QTemporaryDir dir;
    ModelDownloader downloader(dir.filePath(QStringLiteral("models")));
    DownloadEntry entry = entryFor(server.url(), blob);
    entry.sha256 = QByteArray(64, '0');
    QSignalSpy failed(&downloader, &ModelDownloader::failed);
    QSignalSpy done(&downloader, &ModelDownloader::finished);
    downloader.start(entry);
    QVERIFY(failed.wait(kWaitMs));
    QCOMPARE(done.count(), 0);
    const QString message = failed.first().at(0).toString();
    QVERIFY2(message.contains(QStringLiteral("Checksum mismatch")), qPrintable(message));
    // Both checksums are named so the user can tell what arrived.
    QVERIFY(message.contains(QString::fromLatin1(QCryptographicHash::hash(blob, QCryptographicHash::Sha256).toHex())));
    QVERIFY(!QFile::exists(downloader.partPath(entry)));
    QVERIFY(!QFile::exists(downloader.targetPath(entry)));
}

void TestModelDownloader::connectionRefusedIsOffline()
{
    // A port that was just free: nothing listens there.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    QTemporaryDir dir;
    ModelDownloader downloader(dir.filePath(QStringLiteral("models")));
    const DownloadEntry entry =
        entryFor(QUrl(QStringLiteral("http://127.0.0.1:%1/model.gguf").arg(port)), makeBlob(10));
    QSignalSpy failed(&downloader, &ModelDownloader::failed);
    downloader.start(entry);
    QVERIFY(failed.wait(kWaitMs));
    const QString message = failed.first().at(0).toString();
    QVERIFY2(message.contains(QStringLiteral("offline")), qPrintable(message));
    QVERIFY(message.contains(QStringLiteral("127.0.0.1")));
    QVERIFY(!QFile::exists(downloader.targetPath(entry)));
}

void TestModelDownloader::httpErrorIsReported()
{
    const QByteArray blob = makeBlob(1000);
    BlobServer server(blob);
    QVERIFY(server.listen());
    QTemporaryDir dir;
    ModelDownloader downloader(dir.filePath(QStringLiteral("models")));
    const DownloadEntry entry = entryFor(server.url(QStringLiteral("/missing.gguf")), blob);
    QSignalSpy failed(&downloader, &ModelDownloader::failed);
    downloader.start(entry);
    QVERIFY(failed.wait(kWaitMs));
    const QString message = failed.first().at(0).toString();
    QVERIFY2(message.contains(QStringLiteral("HTTP 404")), qPrintable(message));
    QVERIFY(!QFile::exists(downloader.targetPath(entry)));
}

void TestModelDownloader::builtInEntriesHaveChecksums()
{
    const QList<DownloadEntry> entries = builtInDownloads();
    QVERIFY(!entries.isEmpty());
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
    for (const DownloadEntry& e : entries) {
        QVERIFY(e.url.scheme() == QLatin1String("https"));
        QVERIFY(e.size > 0);
        QVERIFY2(hex.match(QString::fromLatin1(e.sha256)).hasMatch(), qPrintable(e.name));
        QVERIFY(e.fileName.endsWith(QLatin1String(".gguf")));
    }
    // The stories260K entry is the file the engine's tests run on.
    QCOMPARE(entries.first().size, quint64(1185376));
}

void TestModelDownloader::builtInChecksumMatchesSharedModel()
{
    // The checksum in the code is the one of the file the engine's tests use:
    // the local copy installs as if it had just been downloaded.
    REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
    const DownloadEntry entry = builtInDownloads().first();
    QCOMPARE(entry.fileName, QStringLiteral("stories260K.gguf"));
    const QByteArray bytes = readAll(model);
    QCOMPARE(quint64(bytes.size()), entry.size);
    QCOMPARE(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex(), entry.sha256);

    // A complete .part is verified and moved into place without any request.
    QTemporaryDir dir;
    ModelDownloader downloader(dir.filePath(QStringLiteral("models")));
    QVERIFY(QDir().mkpath(downloader.directory()));
    QVERIFY(QFile::copy(model, downloader.partPath(entry)));
    QFile::setPermissions(downloader.partPath(entry), QFile::ReadOwner | QFile::WriteOwner);  // fixtures may be read-only
    QSignalSpy done(&downloader, &ModelDownloader::finished);
    downloader.start(entry);
    QVERIFY(done.count() == 1 || done.wait(kWaitMs));
    QCOMPARE(readAll(downloader.targetPath(entry)), bytes);
}

void TestModelDownloader::dialogDownloadsAndReports()
{
    const QByteArray blob = makeBlob(120000);
    BlobServer server(blob);
    QVERIFY(server.listen());
    QTemporaryDir dir;
    const DownloadEntry good = entryFor(server.url(), blob);
    DownloadEntry missing = entryFor(server.url(QStringLiteral("/gone.gguf")), blob);
    missing.fileName = QStringLiteral("gone.gguf");
    DownloadDialog dialog(dir.filePath(QStringLiteral("models")), {good, missing});
    QSignalSpy downloaded(&dialog, &DownloadDialog::downloaded);
    dialog.startSelected();  // the first entry is selected
    QVERIFY(downloaded.wait(kWaitMs));
    QCOMPARE(readAll(downloaded.first().at(0).toString()), blob);
    QVERIFY2(dialog.statusText().contains(QStringLiteral("verified")), qPrintable(dialog.statusText()));

    auto* list = dialog.findChild<QListWidget*>();
    list->setCurrentRow(1);
    QSignalSpy failed(dialog.downloader(), &ModelDownloader::failed);
    dialog.startSelected();
    QVERIFY(failed.wait(kWaitMs));
    QVERIFY2(dialog.statusText().contains(QStringLiteral("HTTP 404")), qPrintable(dialog.statusText()));
}

QTEST_MAIN(TestModelDownloader)
#include "tst_model_downloader.moc"

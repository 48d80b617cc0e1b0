#include "app/widgets/download_dialog.h"

#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include "app/models/tensor_table_model.h"

DownloadDialog::DownloadDialog(const QString& directory, const QList<DownloadEntry>& entries, QWidget* parent)
    : QDialog(parent), m_entries(entries), m_downloader(new ModelDownloader(directory, this))
{
    setWindowTitle(tr("Download a small model"));
    auto* intro = new QLabel(tr("Real model files whose size and SHA-256 checksum are known. Each is checked "
                                "before it is used; an interrupted download resumes where it stopped.\n"
                                "Folder: %1")
                                 .arg(QDir::toNativeSeparators(directory)));
    intro->setWordWrap(true);
    intro->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_list = new QListWidget;
    for (const DownloadEntry& e : m_entries) {
        const bool present = QFileInfo::exists(m_downloader->targetPath(e));
        auto* item = new QListWidgetItem(tr("%1  (%2)%3\n%4")
                                             .arg(e.name, formatBytes(e.size),
                                                  present ? tr(", already downloaded") : QString(), e.description));
        item->setToolTip(e.url.toString() + QStringLiteral("\nSHA-256 ") + QString::fromLatin1(e.sha256));
        m_list->addItem(item);
    }
    m_list->setCurrentRow(0);
    m_progress = new QProgressBar;
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_status = new QLabel(tr("Choose a model and press Download."));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_download = new QPushButton(tr("Download"));
    m_cancel = new QPushButton(tr("Cancel download"));
    m_close = new QPushButton(tr("Close"));
    connect(m_download, &QPushButton::clicked, this, &DownloadDialog::startSelected);
    connect(m_cancel, &QPushButton::clicked, m_downloader, &ModelDownloader::cancel);
    connect(m_close, &QPushButton::clicked, this, &QDialog::reject);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_download);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_close);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addLayout(buttons);
    resize(560, 360);

    connect(m_downloader, &ModelDownloader::progress, this, [this](qint64 received, qint64 total) {
        m_progress->setValue(total > 0 ? int(1000 * received / total) : 0);
        m_status->setText(tr("%1 of %2").arg(formatBytes(quint64(received)), formatBytes(quint64(total))));
    });
    connect(m_downloader, &ModelDownloader::finished, this, [this](const QString& path) {
        setRunning(false);
        m_status->setText(tr("Downloaded and verified: %1").arg(QDir::toNativeSeparators(path)));
        emit downloaded(path);
    });
    connect(m_downloader, &ModelDownloader::failed, this, [this](const QString& message) {
        setRunning(false);
        m_status->setText(message);
    });
    connect(m_downloader, &ModelDownloader::cancelled, this, [this] {
        setRunning(false);
        m_status->setText(tr("Cancelled; the partial file is kept and the next download resumes it."));
    });
    setRunning(false);
}

QString DownloadDialog::statusText() const
{
    return m_status->text();
}

void DownloadDialog::startSelected()
{
    const int row = m_list->currentRow();
    if (row < 0 || row >= m_entries.size())
        return;
    setRunning(true);
    m_status->setText(tr("Connecting to %1...").arg(m_entries.at(row).url.host()));
    m_downloader->start(m_entries.at(row));
}

void DownloadDialog::setRunning(bool running)
{
    m_download->setEnabled(!running && !m_entries.isEmpty());
    m_cancel->setEnabled(running);
    m_list->setEnabled(!running);
}

#pragma once
// DownloadDialog: "Download a small model": the known model files with their
// size, the folder they go to, a progress bar, Cancel, and the downloader's
// message when something goes wrong. Not modal to the engine: the window keeps
// working while a file downloads.
#include <QDialog>

#include "app/bridge/model_downloader.h"

class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;

class DownloadDialog : public QDialog {
    Q_OBJECT
public:
    DownloadDialog(const QString& directory, const QList<DownloadEntry>& entries, QWidget* parent = nullptr);

    ModelDownloader* downloader() const { return m_downloader; }
    QString statusText() const;
    void startSelected();

signals:
    void downloaded(const QString& path);

private:
    void setRunning(bool running);

    QList<DownloadEntry> m_entries;
    ModelDownloader* m_downloader;
    QListWidget* m_list;
    QProgressBar* m_progress;
    QLabel* m_status;
    QPushButton* m_download;
    QPushButton* m_cancel;
    QPushButton* m_close;
};

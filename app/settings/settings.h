#pragma once
// Settings: the workbench's persistent preferences, one typed getter, setter and
// xxxChanged signal per key, stored through QSettings. Widgets read and write
// these instead of touching QSettings directly, so every key has one name and
// one default.
#include <QByteArray>
#include <QObject>
#include <QSettings>
#include <QString>
#include <QStringList>

class Settings : public QObject {
    Q_OBJECT
public:
    static constexpr int kMaxRecentModels = 8;

    // Uses the application's default QSettings (organisation/application name).
    explicit Settings(QObject* parent = nullptr);
    // Uses an INI file at `iniPath` (tests, portable installs).
    explicit Settings(const QString& iniPath, QObject* parent = nullptr);

    QString lastModel() const;
    void setLastModel(const QString& path);
    QStringList recentModels() const;
    void setRecentModels(const QStringList& paths);
    // Puts `path` first in the recent list (deduplicated, capped).
    void addRecentModel(const QString& path);

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray& geometry);
    QByteArray windowState() const;
    void setWindowState(const QByteArray& state);
    int currentPage() const;
    void setCurrentPage(int page);

    int threads() const;  // 0 = all hardware threads
    void setThreads(int threads);
    QString prompt() const;
    void setPrompt(const QString& prompt);
    int maxTokens() const;
    void setMaxTokens(int maxTokens);
    double temperature() const;
    void setTemperature(double temperature);
    int topK() const;
    void setTopK(int topK);
    double topP() const;
    void setTopP(double topP);
    double minP() const;
    void setMinP(double minP);
    quint64 seed() const;
    void setSeed(quint64 seed);
    // The Optimise page's profile (profile JSON), restored on the next start.
    QByteArray lastProfile() const;
    void setLastProfile(const QByteArray& json);
    // The interface language: empty = follow the system locale, else a code of
    // supportedLanguages() ("en", "zh_CN"). Read once at start-up.
    QString language() const;
    void setLanguage(const QString& code);

    void sync() { m_store->sync(); }

signals:
    void lastModelChanged(const QString& path);
    void recentModelsChanged(const QStringList& paths);
    void windowGeometryChanged(const QByteArray& geometry);
    void windowStateChanged(const QByteArray& state);
    void currentPageChanged(int page);
    void threadsChanged(int threads);
    void promptChanged(const QString& prompt);
    void maxTokensChanged(int maxTokens);
    void temperatureChanged(double temperature);
    void topKChanged(int topK);
    void topPChanged(double topP);
    void minPChanged(double minP);
    void seedChanged(quint64 seed);
    void lastProfileChanged(const QByteArray& json);
    void languageChanged(const QString& code);

private:
    // Writes `value` under `key`; true when it differed from the stored value.
    bool store(const char* key, const QVariant& value);

    QSettings* m_store;
};

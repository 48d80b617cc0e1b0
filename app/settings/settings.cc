#include "app/settings/settings.h"

namespace {

constexpr char kLastModel[] = "model/last";
constexpr char kRecentModels[] = "model/recent";
constexpr char kWindowGeometry[] = "window/geometry";
constexpr char kWindowState[] = "window/state";
constexpr char kCurrentPage[] = "window/page";
constexpr char kThreads[] = "run/threads";
constexpr char kPrompt[] = "run/prompt";
constexpr char kMaxTokens[] = "run/maxTokens";
constexpr char kTemperature[] = "run/temperature";
constexpr char kTopK[] = "run/topK";
constexpr char kTopP[] = "run/topP";
constexpr char kMinP[] = "run/minP";
constexpr char kSeed[] = "run/seed";
constexpr char kLastProfile[] = "optimise/profile";
constexpr char kLanguage[] = "ui/language";

}  // namespace

Settings::Settings(QObject* parent) : QObject(parent), m_store(new QSettings(this)) {}

Settings::Settings(const QString& iniPath, QObject* parent)
    : QObject(parent), m_store(new QSettings(iniPath, QSettings::IniFormat, this))
{
}

bool Settings::store(const char* key, const QVariant& value)
{
    if (m_store->contains(QLatin1String(key)) && m_store->value(QLatin1String(key)) == value)
        return false;
    m_store->setValue(QLatin1String(key), value);
    return true;
}

QString Settings::lastModel() const
{
    return m_store->value(QLatin1String(kLastModel)).toString();
}

void Settings::setLastModel(const QString& path)
{
    if (store(kLastModel, path))
        emit lastModelChanged(path);
}

QStringList Settings::recentModels() const
{
    return m_store->value(QLatin1String(kRecentModels)).toStringList();
}

void Settings::setRecentModels(const QStringList& paths)
{
    if (store(kRecentModels, paths))
        emit recentModelsChanged(paths);
}

void Settings::addRecentModel(const QString& path)
{
    QStringList paths = recentModels();
    paths.removeAll(path);
    paths.prepend(path);
    while (paths.size() > kMaxRecentModels)
        paths.removeLast();
    setRecentModels(paths);
}

QByteArray Settings::windowGeometry() const
{
    return m_store->value(QLatin1String(kWindowGeometry)).toByteArray();
}

void Settings::setWindowGeometry(const QByteArray& geometry)
{
    if (store(kWindowGeometry, geometry))
        emit windowGeometryChanged(geometry);
}

QByteArray Settings::windowState() const
{
    return m_store->value(QLatin1String(kWindowState)).toByteArray();
}

void Settings::setWindowState(const QByteArray& state)
{
    if (store(kWindowState, state))
        emit windowStateChanged(state);
}

int Settings::currentPage() const
{
    return m_store->value(QLatin1String(kCurrentPage), 0).toInt();
}

void Settings::setCurrentPage(int page)
{
    if (store(kCurrentPage, page))
        emit currentPageChanged(page);
}

int Settings::threads() const
{
    return m_store->value(QLatin1String(kThreads), 0).toInt();
}

void Settings::setThreads(int threads)
{
    if (store(kThreads, threads))
        emit threadsChanged(threads);
}

QString Settings::prompt() const
{
    return m_store->value(QLatin1String(kPrompt), QStringLiteral("Once upon a time")).toString();
}

void Settings::setPrompt(const QString& prompt)
{
    if (store(kPrompt, prompt))
        emit promptChanged(prompt);
}

int Settings::maxTokens() const
{
    return m_store->value(QLatin1String(kMaxTokens), 128).toInt();
}

void Settings::setMaxTokens(int maxTokens)
{
    if (store(kMaxTokens, maxTokens))
        emit maxTokensChanged(maxTokens);
}

double Settings::temperature() const
{
    return m_store->value(QLatin1String(kTemperature), 0.0).toDouble();
}

void Settings::setTemperature(double temperature)
{
    if (store(kTemperature, temperature))
        emit temperatureChanged(temperature);
}

int Settings::topK() const
{
    return m_store->value(QLatin1String(kTopK), 0).toInt();
}

void Settings::setTopK(int topK)
{
    if (store(kTopK, topK))
        emit topKChanged(topK);
}

double Settings::topP() const
{
    return m_store->value(QLatin1String(kTopP), 1.0).toDouble();
}

void Settings::setTopP(double topP)
{
    if (store(kTopP, topP))
        emit topPChanged(topP);
}

double Settings::minP() const
{
    return m_store->value(QLatin1String(kMinP), 0.0).toDouble();
}

void Settings::setMinP(double minP)
{
    if (store(kMinP, minP))
        emit minPChanged(minP);
}

quint64 Settings::seed() const
{
    return m_store->value(QLatin1String(kSeed), 42).toULongLong();
}

void Settings::setSeed(quint64 seed)
{
    if (store(kSeed, seed))
        emit seedChanged(seed);
}

QByteArray Settings::lastProfile() const
{
    return m_store->value(QLatin1String(kLastProfile)).toByteArray();
}

void Settings::setLastProfile(const QByteArray& json)
{
    if (store(kLastProfile, json))
        emit lastProfileChanged(json);
}

QString Settings::language() const
{
    return m_store->value(QLatin1String(kLanguage)).toString();
}

void Settings::setLanguage(const QString& code)
{
    if (store(kLanguage, code))
        emit languageChanged(code);
}

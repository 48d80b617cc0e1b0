#include "app/settings/language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace {

constexpr char kEnglish[] = "en";
constexpr char kChinese[] = "zh_CN";

// The translators installed by the last applyLanguage(), owned by the application.
QTranslator* g_appTranslator = nullptr;
QTranslator* g_qtTranslator = nullptr;

void removeTranslator(QTranslator*& translator)
{
    if (!translator)
        return;
    QCoreApplication::removeTranslator(translator);
    delete translator;
    translator = nullptr;
}

}  // namespace

QStringList supportedLanguages()
{
    return {QLatin1String(kEnglish), QLatin1String(kChinese)};
}

QString resolveLanguage(const QString& preference, const QLocale& system)
{
    if (supportedLanguages().contains(preference))
        return preference;
    // Traditional-script Chinese locales get the simplified translation too:
    // closer to their reader than English.
    return system.language() == QLocale::Chinese ? QLatin1String(kChinese) : QLatin1String(kEnglish);
}

QString languageDisplayName(const QString& code)
{
    if (code == QLatin1String(kChinese))
        return QStringLiteral("简体中文");
    return QStringLiteral("English");
}

bool applyLanguage(const QString& code)
{
    removeTranslator(g_appTranslator);
    removeTranslator(g_qtTranslator);
    const bool english = code != QLatin1String(kChinese);
    // Numbers follow the language, except that English keeps a non-Chinese
    // system's own conventions (decimal comma and the like).
    const QLocale system = QLocale::system();
    if (!english)
        QLocale::setDefault(QLocale(code));
    else
        QLocale::setDefault(system.language() == QLocale::Chinese ? QLocale(QLocale::English, QLocale::UnitedStates)
                                                                   : system);

    // English needs its translation only for the plural forms of "%n ..." texts.
    auto* app = new QTranslator(QCoreApplication::instance());
    const QString name = QStringLiteral("inferscope_") + (english ? QLatin1String(kEnglish) : code);
    if (!app->load(name, QStringLiteral(":/i18n"))) {
        delete app;
        return english;
    }
    QCoreApplication::installTranslator(app);
    g_appTranslator = app;

    if (!english) {
        auto* qt = new QTranslator(QCoreApplication::instance());
        if (qt->load(QLocale(code), QStringLiteral("qtbase"), QStringLiteral("_"),
                     QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
            QCoreApplication::installTranslator(qt);
            g_qtTranslator = qt;
        } else {
            delete qt;  // optional: the standard buttons stay English
        }
    }
    return true;
}

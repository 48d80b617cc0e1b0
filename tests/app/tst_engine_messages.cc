// The engine's catalogued messages in the interface language: every id of the
// catalog has a Simplified Chinese template that keeps its arguments, and the
// app renders nested messages (a profile's list of problems, a file's cause)
// with every part translated.
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include "app/bridge/engine_text.h"
#include "app/settings/language.h"
#include "engine/common/message_catalog.h"
#include "engine/config/profile_validator.h"
#include "engine/split/placement.h"

namespace {

QSet<QString> placeholderNames(const QString& pattern)
{
    static const QRegularExpression placeholder(QStringLiteral("\\{([a-z0-9_]+)\\}"));
    QSet<QString> names;
    for (auto it = placeholder.globalMatch(pattern); it.hasNext();)
        names.insert(it.next().captured(1));
    return names;
}

bool hasHan(const QString& text)
{
    static const QRegularExpression han(QStringLiteral("[\\x{3400}-\\x{9fff}]"));
    return han.match(text).hasMatch();
}

// Whether the English template says anything in words (beyond its
// placeholders, identifiers such as kv_cache.mode, command-line options such
// as --constraint and punctuation).
bool hasWords(QString english)
{
    static const QRegularExpression placeholder(QStringLiteral("\\{[a-z0-9_]+\\}"));
    static const QRegularExpression identifier(QStringLiteral("\\S*[A-Za-z0-9][._][A-Za-z0-9]\\S*|--[a-z-]+"));
    static const QRegularExpression word(QStringLiteral("[A-Za-z]{2,}"));
    english.remove(placeholder).remove(identifier);
    return word.match(english).hasMatch();
}

}  // namespace

class TestEngineMessages : public QObject {
    Q_OBJECT
private slots:
    void cleanupTestCase() { applyLanguage(QStringLiteral("en")); }

    void everyIdHasAChineseTemplate()
    {
        QVERIFY(applyLanguage(QStringLiteral("zh_CN")));
        QStringList missing;
        for (const engine::MessageTemplate& t : engine::messageCatalog()) {
            const QString id = QString::fromUtf8(t.id.data(), qsizetype(t.id.size()));
            const QString english = QString::fromUtf8(t.english.data(), qsizetype(t.english.size()));
            const QString chinese = engineMessageTemplate(id);
            if (placeholderNames(chinese) != placeholderNames(english))
                missing << QStringLiteral("%1: arguments differ: %2").arg(id, chinese);
            // Metric names are identifiers in English; in Chinese they are named.
            const bool needsWords = hasWords(english) || id.startsWith(QLatin1String("metric."));
            if (needsWords && !hasHan(chinese))
                missing << QStringLiteral("%1: not translated: %2").arg(id, chinese);
        }
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QLatin1Char('\n'))));
    }

    void englishRendersAsTheEngineWrites()
    {
        QVERIFY(applyLanguage(QStringLiteral("en")));
        const auto parsed = engine::parseProfile(
            R"({"schema": "inferscope.profile/1", "weights": {"group_size": 48}, "sampling": {"top_k": "x"}})");
        QVERIFY(!parsed);
        QCOMPARE(engineErrorText(parsed.error()), QString::fromStdString(parsed.error().message));
        QCOMPARE(engineErrorText(engine::makeError(engine::ErrorCode::Internal, "free text")), QStringLiteral("free text"));
    }

    void nestedMessagesAreTranslatedThroughout()
    {
        QVERIFY(applyLanguage(QStringLiteral("zh_CN")));
        const auto parsed = engine::parseProfile(
            R"({"schema": "inferscope.profile/1", "weights": {"group_size": 48}, "sampling": {"top_k": "x"}})");
        QVERIFY(!parsed);
        const QString text = engineErrorText(parsed.error());
        QVERIFY2(text.contains(QStringLiteral("weights.group_size")) && text.contains(QStringLiteral("sampling.top_k")),
                 qPrintable(text));
        QVERIFY2(!text.contains(QStringLiteral("expected")) && !text.contains(QStringLiteral("is not one of")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("；")), qPrintable(text));  // the Chinese list separator

        engine::DeviceShare share;
        share.layers = {0, 3};
        QCOMPARE(engineMessageText(engine::shareMessage(share, engine::SplitMode::Pipeline)), QStringLiteral("第 0..2 层"));
    }
};

QTEST_MAIN(TestEngineMessages)
#include "tst_engine_messages.moc"

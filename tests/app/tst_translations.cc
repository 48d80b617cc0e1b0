// The translation sources in resources/translations: Simplified Chinese is
// complete (nothing unfinished, obsolete or vanished), every translation keeps
// its source's placeholders, HTML tags and keyboard accelerator, English has
// its plural forms, and both files hold exactly the strings the sources ask for
// (lupdate run on a copy finds nothing to add or drop).
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <algorithm>

namespace {

// What a developer runs after changing user-visible text (the failure messages quote it).
const char kRefreshHint[] =
    "refresh the .ts files with `cmake --build build --target update_translations`, then translate the new "
    "entries (Qt Linguist from package linguist-qt6, or edit the XML of resources/translations/inferscope_zh_CN.ts) and mark them finished";

struct TsMessage {
    QString context;
    QString source;
    QString comment;
    bool numerus = false;
    QString type;               // "", "unfinished", "obsolete", "vanished"
    QStringList translations;   // one per numerus form, else one

    QString key() const { return context + QLatin1Char('\x1f') + source + QLatin1Char('\x1f') + comment; }
    QString label() const { return context + QStringLiteral(": \"") + source.left(70) + QLatin1Char('"'); }
};

struct TsFile {
    QString language;
    QList<TsMessage> messages;
    QString error;
};

TsFile readTs(const QString& path)
{
    TsFile out;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        out.error = QStringLiteral("cannot read %1").arg(path);
        return out;
    }
    QXmlStreamReader xml(&file);
    QString context;
    TsMessage message;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement()) {
            if (xml.isEndElement() && xml.name() == QLatin1String("message"))
                out.messages.append(message);
            continue;
        }
        const auto name = xml.name();
        if (name == QLatin1String("TS")) {
            out.language = xml.attributes().value(QLatin1String("language")).toString();
        } else if (name == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (name == QLatin1String("message")) {
            message = TsMessage{};
            message.context = context;
            message.numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
        } else if (name == QLatin1String("source")) {
            message.source = xml.readElementText();
        } else if (name == QLatin1String("comment")) {
            message.comment = xml.readElementText();
        } else if (name == QLatin1String("translation")) {
            message.type = xml.attributes().value(QLatin1String("type")).toString();
            if (!message.numerus)
                message.translations << xml.readElementText();
        } else if (name == QLatin1String("numerusform")) {
            message.translations << xml.readElementText();
        }
    }
    if (xml.hasError())
        out.error = QStringLiteral("%1: %2 (line %3)").arg(path, xml.errorString()).arg(xml.lineNumber());
    return out;
}

QString tsPath(const QString& language)
{
    return QDir(QStringLiteral(INFERSCOPE_TS_DIR)).filePath(QStringLiteral("inferscope_%1.ts").arg(language));
}

QStringList sorted(QStringList list)
{
    std::sort(list.begin(), list.end());
    return list;
}

QStringList matches(const QString& text, const QRegularExpression& re)
{
    QStringList out;
    for (auto it = re.globalMatch(text); it.hasNext();)
        out << it.next().captured(1);
    return sorted(out);
}

// %1..%99, %L1, %n, %Ln: QString::arg and tr's plural count.
QStringList placeholders(const QString& text)
{
    static const QRegularExpression re(QStringLiteral("(%L?(?:\\d{1,2}|n))"));
    return matches(text, re);
}

// Tag names with their slash: <b>, </b>, <br>, <table ...> -> "b", "/b", "br", "table".
QStringList htmlTags(const QString& text)
{
    static const QRegularExpression re(QStringLiteral("<(/?[a-zA-Z][a-zA-Z0-9]*)[^<>]*>"));
    QStringList tags = matches(text, re);
    for (QString& t : tags)
        t = t.toLower();
    return sorted(tags);
}

// A keyboard accelerator: '&' before a character that is not '&', a space or the
// start of an entity such as &hellip; ("&&" is a literal ampersand).
int acceleratorCount(const QString& text)
{
    static const QRegularExpression entity(QStringLiteral("&[a-zA-Z]+;|&#\\d+;"));
    QString plain = text;
    plain.remove(entity);
    plain.replace(QLatin1String("&&"), QString());
    int count = 0;
    for (qsizetype i = 0; i + 1 < plain.size(); ++i)
        if (plain.at(i) == QLatin1Char('&') && !plain.at(i + 1).isSpace())
            ++count;
    return count;
}

// The problems of one finished translation against its source, empty when none.
QStringList translationProblems(const TsMessage& m)
{
    QStringList problems;
    for (const QString& t : m.translations) {
        if (t.trimmed().isEmpty() && !m.source.trimmed().isEmpty()) {
            problems << QStringLiteral("empty translation");
            continue;
        }
        // A plural form may write the count as a word ("one run"), so %n is only
        // required where the source has it and the form is not a singular.
        QStringList want = placeholders(m.source);
        QStringList got = placeholders(t);
        if (m.numerus && m.translations.size() > 1 && &t == &m.translations.first()) {
            want.removeAll(QStringLiteral("%n"));
            got.removeAll(QStringLiteral("%n"));
        }
        if (want != got)
            problems << QStringLiteral("placeholders %1 became %2").arg(want.join(QLatin1Char(' ')), got.join(QLatin1Char(' ')));
        if (htmlTags(m.source) != htmlTags(t))
            problems << QStringLiteral("HTML tags %1 became %2")
                            .arg(htmlTags(m.source).join(QLatin1Char(' ')), htmlTags(t).join(QLatin1Char(' ')));
        if (acceleratorCount(m.source) != acceleratorCount(t))
            problems << QStringLiteral("the keyboard accelerator (&) was %1")
                            .arg(acceleratorCount(t) ? QStringLiteral("added") : QStringLiteral("dropped"));
    }
    return problems;
}

QString listed(const QStringList& items, int max = 25)
{
    QStringList shown = items.mid(0, max);
    if (items.size() > max)
        shown << QStringLiteral("... and %1 more").arg(items.size() - max);
    return shown.join(QStringLiteral("\n  "));
}

}  // namespace

class TestTranslations : public QObject {
    Q_OBJECT
private slots:
    void chineseIsComplete();
    void englishHasItsPluralForms();
    void translationsKeepPlaceholders();
    void translationsMatchTheSources();
};

void TestTranslations::chineseIsComplete()
{
    const TsFile ts = readTs(tsPath(QStringLiteral("zh_CN")));
    QVERIFY2(ts.error.isEmpty(), qPrintable(ts.error));
    QCOMPARE(ts.language, QStringLiteral("zh_CN"));
    QVERIFY(ts.messages.size() > 500);
    QStringList notDone;
    for (const TsMessage& m : ts.messages) {
        const bool empty = std::any_of(m.translations.begin(), m.translations.end(),
                                       [](const QString& t) { return t.isEmpty(); });
        if (!m.type.isEmpty() || m.translations.isEmpty() || empty)
            notDone << QStringLiteral("%1 [%2]").arg(m.label(), m.type.isEmpty() ? QStringLiteral("empty") : m.type);
    }
    qInfo("zh_CN: %lld entries, %lld finished", qlonglong(ts.messages.size()),
          qlonglong(ts.messages.size() - notDone.size()));
    QVERIFY2(notDone.isEmpty(), qPrintable(QStringLiteral("%1 of %2 zh_CN entries are not finished:\n  %3\nTo fix: %4")
                                               .arg(notDone.size())
                                               .arg(ts.messages.size())
                                               .arg(listed(notDone), QLatin1String(kRefreshHint))));
}

void TestTranslations::englishHasItsPluralForms()
{
    const TsFile ts = readTs(tsPath(QStringLiteral("en")));
    QVERIFY2(ts.error.isEmpty(), qPrintable(ts.error));
    QVERIFY2(ts.language.startsWith(QLatin1String("en")), qPrintable(ts.language));
    QStringList notDone;
    for (const TsMessage& m : ts.messages) {
        if (!m.numerus)
            notDone << m.label() + QStringLiteral(" [not a plural text: regenerate with -pluralonly]");
        else if (!m.type.isEmpty() || m.translations.size() != 2 || m.translations.contains(QString()))
            notDone << QStringLiteral("%1 [needs its singular and plural form]").arg(m.label());
    }
    QVERIFY2(notDone.isEmpty(), qPrintable(QStringLiteral("English plural forms missing:\n  %1\nTo fix: %2")
                                               .arg(listed(notDone), QLatin1String(kRefreshHint))));
}

void TestTranslations::translationsKeepPlaceholders()
{
    QStringList broken;
    for (const QString& language : {QStringLiteral("zh_CN"), QStringLiteral("en")}) {
        const TsFile ts = readTs(tsPath(language));
        QVERIFY2(ts.error.isEmpty(), qPrintable(ts.error));
        for (const TsMessage& m : ts.messages) {
            if (!m.type.isEmpty())
                continue;  // unfinished entries are chineseIsComplete's business
            for (const QString& problem : translationProblems(m))
                broken << QStringLiteral("%1 (%2): %3").arg(m.label(), language, problem);
        }
    }
    QVERIFY2(broken.isEmpty(), qPrintable(QStringLiteral("translations that change their source's markup:\n  %1")
                                              .arg(listed(broken))));
}

void TestTranslations::translationsMatchTheSources()
{
    // The same lupdate run as the update_translations target, on copies.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QStringList args = QStringLiteral(INFERSCOPE_LUPDATE_ARGS).split(QLatin1Char('|'), Qt::SkipEmptyParts);
    for (const QString& language : {QStringLiteral("zh_CN"), QStringLiteral("en")}) {
        const QString copy = dir.filePath(QFileInfo(tsPath(language)).fileName());
        QVERIFY(QFile::copy(tsPath(language), copy));
        QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
        QStringList runArgs = args;
        if (language == QLatin1String("en"))
            runArgs << QStringLiteral("-pluralonly");
        runArgs << QStringLiteral("-ts") << copy;
        QProcess lupdate;
        lupdate.start(QStringLiteral(INFERSCOPE_LUPDATE), runArgs);
        QVERIFY2(lupdate.waitForFinished(300000), "lupdate did not finish");
        QVERIFY2(lupdate.exitStatus() == QProcess::NormalExit && lupdate.exitCode() == 0,
                 qPrintable(QString::fromLocal8Bit(lupdate.readAllStandardError())));

        const TsFile before = readTs(tsPath(language));
        const TsFile after = readTs(copy);
        QVERIFY2(after.error.isEmpty(), qPrintable(after.error));
        QSet<QString> had, has;
        QHash<QString, QString> labels;
        for (const TsMessage& m : before.messages)
            had.insert(m.key()), labels.insert(m.key(), m.label());
        for (const TsMessage& m : after.messages) {
            // lupdate keeps a string it no longer finds as "vanished" (or drops it with -no-obsolete).
            if (m.type == QLatin1String("vanished") || m.type == QLatin1String("obsolete"))
                continue;
            has.insert(m.key()), labels.insert(m.key(), m.label());
        }
        QStringList added, gone;
        for (const QString& k : has - had)
            added << labels.value(k);
        for (const QString& k : had - has)
            gone << labels.value(k);
        QVERIFY2(added.isEmpty() && gone.isEmpty(),
                 qPrintable(QStringLiteral("inferscope_%1.ts is out of date with the sources.\nNew in the sources "
                                           "(%2):\n  %3\nNo longer in the sources (%4):\n  %5\nTo fix: %6")
                                .arg(language)
                                .arg(added.size())
                                .arg(listed(sorted(added)))
                                .arg(gone.size())
                                .arg(listed(sorted(gone)), QLatin1String(kRefreshHint))));
    }
}

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"

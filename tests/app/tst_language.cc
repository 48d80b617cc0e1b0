// The interface language: the system locale and the stored preference pick it,
// and with Simplified Chinese loaded no page of the main window shows English
// text (after a real load and run, so charts, tables and the status bar are
// filled); with English loaded none shows Chinese.
#include <QAbstractButton>
#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QMenuBar>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTabBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <qcustomplot.h>

#include "app/bridge/engine_client.h"
#include "app/models/run_history.h"
#include "app/settings/language.h"
#include "app/settings/settings.h"
#include "app/widgets/learn_page.h"
#include "app/widgets/main_window.h"
#include "app/widgets/optimise_page.h"
#include "tests/common/fixtures.h"

namespace {

constexpr int kWaitMs = 60000;

// Words that stay as they are in every language: names, units, standard
// abbreviations of the field and keyboard keys.
const QSet<QString>& untranslatable()
{
    static const QSet<QString> words = {
        // product, formats, frameworks, models, people
        QStringLiteral("InferScope"), QStringLiteral("GGUF"), QStringLiteral("JSON"), QStringLiteral("CSV"),
        QStringLiteral("PNG"), QStringLiteral("PDF"), QStringLiteral("Chrome"), QStringLiteral("Perfetto"),
        QStringLiteral("llama"), QStringLiteral("cpp"), QStringLiteral("vLLM"), QStringLiteral("Hugging"),
        QStringLiteral("Face"), QStringLiteral("safetensors"), QStringLiteral("Llama"), QStringLiteral("ChatML"),
        QStringLiteral("Phi"), QStringLiteral("Gemma"), QStringLiteral("Mistral"), QStringLiteral("Karpathy"),
        QStringLiteral("TinyStories"), QStringLiteral("MIT"), QStringLiteral("Megatron"), QStringLiteral("Wanda"),
        QStringLiteral("PagedAttention"), QStringLiteral("English"), QStringLiteral("Qt"),
        QStringLiteral("TensorRT"), QStringLiteral("LLM"), QStringLiteral("ONNX"), QStringLiteral("Runtime"),
        QStringLiteral("GenAI"), QStringLiteral("Triton"),
        // metrics and hardware
        QStringLiteral("TTFT"), QStringLiteral("ITL"), QStringLiteral("TPOT"), QStringLiteral("KV"),
        QStringLiteral("KLD"), QStringLiteral("PPL"), QStringLiteral("RSS"), QStringLiteral("CPU"),
        QStringLiteral("GPU"), QStringLiteral("CUDA"), QStringLiteral("MLP"), QStringLiteral("FFN"),
        QStringLiteral("BOS"), QStringLiteral("EOS"), QStringLiteral("RoPE"), QStringLiteral("RMS"),
        QStringLiteral("SHA"), QStringLiteral("HTTP"), QStringLiteral("Top"), QStringLiteral("Min"),
        QStringLiteral("top"), QStringLiteral("min"), QStringLiteral("softmax"), QStringLiteral("logits"),
        QStringLiteral("epsilon"), QStringLiteral("nat"), QStringLiteral("ne"), QStringLiteral("vcpu"),
        QStringLiteral("ngl"), QStringLiteral("all"), QStringLiteral("reduce"), QStringLiteral("DIR"),
        // units
        QStringLiteral("tok"), QStringLiteral("ms"), QStringLiteral("MiB"), QStringLiteral("GiB"),
        QStringLiteral("KiB"), QStringLiteral("B"), QStringLiteral("M"), QStringLiteral("N"), QStringLiteral("K"),
        QStringLiteral("k"), QStringLiteral("p"), QStringLiteral("s"), QStringLiteral("x"),
        // identifiers as the CLI and profile files spell them (model format, sweep metric)
        QStringLiteral("gguf"), QStringLiteral("ppl"),
        // keys
        QStringLiteral("Ctrl"), QStringLiteral("Shift"), QStringLiteral("Esc"), QStringLiteral("Alt"),
    };
    return words;
}

bool hasHan(const QString& text)
{
    for (const QChar c : text)
        if (c.unicode() >= 0x3400 && c.unicode() <= 0x9fff)
            return true;
    return false;
}

// The English words left in `text` once markup, identifiers, paths, numbers and
// the untranslatable words are set aside; empty when the text is translated.
QStringList englishWords(QString text)
{
    static const QRegularExpression markup(QStringLiteral("<[^>]*>|&[a-zA-Z]+;"));
    // file names, tensor names, profile keys, paths, $VARIABLES: a separator between word characters
    static const QRegularExpression identifier(
        QStringLiteral("\\S*[A-Za-z0-9$][._:/\\\\=*\\[\\]][A-Za-z0-9*\\[\\]]\\S*"));
    static const QRegularExpression word(QStringLiteral("\\b[A-Za-z]{2,}\\b"));
    text.remove(markup);
    if (hasHan(text))
        return {};  // translated; the technical words kept inside are fine
    text.remove(QLatin1Char('&'));
    text.remove(identifier);
    QStringList out;
    for (auto it = word.globalMatch(text); it.hasNext();) {
        const QString w = it.next().captured();
        if (!untranslatable().contains(w))
            out << w;
    }
    return out;
}

// Every piece of interface text under `root`, as "where: text".
QStringList interfaceTexts(QWidget* root)
{
    QStringList out;
    auto add = [&out](const QObject* where, const QString& text) {
        if (!text.trimmed().isEmpty())
            out << QStringLiteral("%1 %2: %3").arg(QString::fromLatin1(where->metaObject()->className()),
                                                    where->objectName(), text);
    };
    for (QWidget* w : root->findChildren<QWidget*>()) {
        add(w, w->toolTip());
        if (auto* label = qobject_cast<QLabel*>(w))
            add(w, label->text());
        else if (auto* button = qobject_cast<QAbstractButton*>(w))
            add(w, button->text());
        else if (auto* box = qobject_cast<QGroupBox*>(w))
            add(w, box->title());
        else if (auto* edit = qobject_cast<QLineEdit*>(w))
            add(w, edit->placeholderText());
        else if (auto* tabs = qobject_cast<QTabBar*>(w))
            for (int i = 0; i < tabs->count(); ++i)
                add(w, tabs->tabText(i));
        else if (auto* combo = qobject_cast<QComboBox*>(w))
            for (int i = 0; i < combo->count(); ++i)
                add(w, combo->itemText(i));
        else if (auto* list = qobject_cast<QListWidget*>(w))
            for (int i = 0; i < list->count(); ++i)
                add(w, list->item(i)->text());
        else if (auto* header = qobject_cast<QHeaderView*>(w); header && header->model())
            for (int i = 0; i < header->count(); ++i)
                add(w, header->model()->headerData(i, header->orientation()).toString());
        else if (auto* browser = qobject_cast<QTextBrowser*>(w))
            add(w, browser->toPlainText());
        if (auto* plot = qobject_cast<QCustomPlot*>(w)) {
            for (QCPAxis* axis : plot->axisRect() ? plot->axisRect()->axes() : QList<QCPAxis*>())
                add(w, axis->label());
            for (int i = 0; i < plot->plottableCount(); ++i)
                add(w, plot->plottable(i)->name());
            for (int i = 0; i < plot->plotLayout()->elementCount(); ++i)
                if (auto* title = qobject_cast<QCPTextElement*>(plot->plotLayout()->elementAt(i)))
                    add(w, title->text());
        }
    }
    for (QAction* action : root->findChildren<QAction*>()) {
        add(action, action->text());
        add(action, action->toolTip());
    }
    return out;
}

// Loads the shared model, makes one short run and collects the text of every
// page (and of every Learn topic) in the language installed now.
QStringList windowTextsAfterARun(const QString& model)
{
    QTemporaryDir dir;
    Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    settings.setMaxTokens(8);
    settings.setThreads(1);
    RunHistory history(dir.filePath(QStringLiteral("history.json")));
    EngineClient engine;
    MainWindow window(&settings, &engine, &history);
    window.resize(1200, 800);
    window.show();
    QSignalSpy loaded(&engine, &EngineClient::modelLoaded);
    window.openStartupModel(model);
    if (!loaded.wait(kWaitMs))
        return {QStringLiteral("the model did not load")};
    QSignalSpy finished(&engine, &EngineClient::runFinished);
    window.startRun();
    if (!finished.wait(kWaitMs))
        return {QStringLiteral("the run did not finish")};
    QTest::qWait(50);  // the queued page updates after runFinished

    QStringList texts = interfaceTexts(&window);
    for (int p = 0; p < MainWindow::PageCount; ++p) {
        window.setCurrentPage(MainWindow::Page(p));
        texts << interfaceTexts(&window);
    }
    auto* topics = window.learnPage()->findChild<QListWidget*>(QStringLiteral("learnTopics"));
    for (int row = 0; topics && row < topics->count(); ++row) {
        topics->setCurrentRow(row);
        texts << interfaceTexts(window.learnPage());
    }
    texts.removeDuplicates();
    return texts;
}

// The Latin-script words of `text` that are not identifiers: file names, paths,
// profile keys, tensor names and quoted values are set aside, as are numbers
// and the untranslatable words. Unlike englishWords, Chinese elsewhere in the
// text does not excuse an English sentence.
QStringList latinWords(QString text)
{
    static const QRegularExpression quoted(QStringLiteral("'[^']*'|\"[^\"]*\"|“[^”]*”"));
    static const QRegularExpression identifier(
        QStringLiteral("\\S*[A-Za-z0-9$][._:/\\\\=*\\[\\]][A-Za-z0-9*\\[\\]]\\S*"));
    static const QRegularExpression word(QStringLiteral("\\b[A-Za-z]{2,}\\b"));
    text.remove(quoted).remove(identifier);
    QStringList out;
    for (auto it = word.globalMatch(text); it.hasNext();) {
        const QString w = it.next().captured();
        if (!untranslatable().contains(w))
            out << w;
    }
    return out;
}

// The text of the message box `parent` opened last: its text and informative text.
QString lastMessageBoxText(QWidget* parent)
{
    const QList<QMessageBox*> boxes = parent->findChildren<QMessageBox*>();
    if (boxes.isEmpty())
        return {};
    QMessageBox* box = boxes.last();
    const QString text = box->text() + QLatin1Char('\n') + box->informativeText();
    box->close();
    return text;
}

}  // namespace

class TestLanguage : public QObject {
    Q_OBJECT
private slots:
    void cleanupTestCase() { applyLanguage(QStringLiteral("en")); }
    void systemLocaleAndPreferencePick();
    void preferenceIsStored();
    void translationsAreEmbedded();
    void chineseWindowHasNoEnglish();
    void englishWindowHasNoChinese();
    void chineseErrorDialogs();
};

void TestLanguage::systemLocaleAndPreferencePick()
{
    const QLocale china(QLocale::Chinese, QLocale::China);
    const QLocale taiwan(QLocale::Chinese, QLocale::TraditionalChineseScript, QLocale::Taiwan);
    const QLocale germany(QLocale::German, QLocale::Germany);
    QCOMPARE(resolveLanguage({}, china), QStringLiteral("zh_CN"));
    QCOMPARE(resolveLanguage({}, taiwan), QStringLiteral("zh_CN"));
    QCOMPARE(resolveLanguage({}, germany), QStringLiteral("en"));
    QCOMPARE(resolveLanguage({}, QLocale(QLocale::English, QLocale::UnitedStates)), QStringLiteral("en"));
    QCOMPARE(resolveLanguage(QStringLiteral("en"), china), QStringLiteral("en"));
    QCOMPARE(resolveLanguage(QStringLiteral("zh_CN"), germany), QStringLiteral("zh_CN"));
    QCOMPARE(resolveLanguage(QStringLiteral("klingon"), germany), QStringLiteral("en"));
    QCOMPARE(languageDisplayName(QStringLiteral("zh_CN")), QStringLiteral("简体中文"));
}

void TestLanguage::preferenceIsStored()
{
    QTemporaryDir dir;
    const QString ini = dir.filePath(QStringLiteral("settings.ini"));
    {
        Settings settings(ini);
        QVERIFY(settings.language().isEmpty());  // follow the system
        QSignalSpy changed(&settings, &Settings::languageChanged);
        settings.setLanguage(QStringLiteral("zh_CN"));
        settings.setLanguage(QStringLiteral("zh_CN"));
        QCOMPARE(changed.count(), 1);
    }
    Settings settings(ini);
    QCOMPARE(settings.language(), QStringLiteral("zh_CN"));

    // The window offers the three choices and stores the one picked.
    RunHistory history(dir.filePath(QStringLiteral("history.json")));
    EngineClient engine;
    MainWindow window(&settings, &engine, &history);
    auto* menu = window.menuBar()->findChild<QMenu*>(QStringLiteral("languageMenu"));
    QVERIFY(menu);
    QCOMPARE(menu->actions().size(), 3);
    QAction* checked = nullptr;
    for (QAction* a : menu->actions())
        if (a->isChecked())
            checked = a;
    QVERIFY(checked);
    QCOMPARE(checked->data().toString(), QStringLiteral("zh_CN"));
}

void TestLanguage::translationsAreEmbedded()
{
    QVERIFY(QFile::exists(QStringLiteral(":/i18n/inferscope_zh_CN.qm")));
    QVERIFY(QFile::exists(QStringLiteral(":/i18n/inferscope_en.qm")));
    QVERIFY(applyLanguage(QStringLiteral("zh_CN")));
    QCOMPARE(QCoreApplication::translate("MainWindow", "Optimise"), QStringLiteral("优化"));
    QCOMPARE(QLocale().language(), QLocale::Chinese);
    // Qt's own translation, where the system has it, names the standard buttons.
    QDialogButtonBox buttons(QDialogButtonBox::Cancel);
    const QString cancel = buttons.button(QDialogButtonBox::Cancel)->text();
    if (cancel == QLatin1String("&Cancel") || cancel == QLatin1String("Cancel"))
        qInfo("Qt's own zh_CN translation (qtbase_zh_CN.qm) is not installed: standard buttons stay English");
    else
        QVERIFY2(hasHan(cancel), qPrintable(cancel));

    QVERIFY(applyLanguage(QStringLiteral("en")));
    QCOMPARE(QCoreApplication::translate("MainWindow", "Optimise"), QStringLiteral("Optimise"));
    // English's plural forms come from its own translation file.
    const char* proposal = "All %1: %2 MiB, KLD %3, top-1 %4. Proposal within %5 MiB: %n unit(s) kept at %6, %7 MiB%8, "
                           "KLD %9.";
    QVERIFY(QCoreApplication::translate("SensitivityPanel", proposal, nullptr, 1).contains(QStringLiteral("1 unit kept")));
    QVERIFY(QCoreApplication::translate("SensitivityPanel", proposal, nullptr, 2).contains(QStringLiteral("2 units kept")));
}

void TestLanguage::chineseWindowHasNoEnglish()
{
    REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
    QVERIFY(applyLanguage(QStringLiteral("zh_CN")));
    const QStringList texts = windowTextsAfterARun(model);
    QVERIFY(texts.size() > 200);
    QStringList english;
    for (const QString& text : texts) {
        const QStringList words = englishWords(text.section(QStringLiteral(": "), 1, -1));
        if (!words.isEmpty())
            english << QStringLiteral("%1   [%2]").arg(text.left(160), words.join(QLatin1Char(' ')));
    }
    QVERIFY2(english.isEmpty(), qPrintable(QStringLiteral("%1 texts are still English under zh_CN:\n  %2")
                                               .arg(english.size())
                                               .arg(english.join(QStringLiteral("\n  ")))));
}

void TestLanguage::englishWindowHasNoChinese()
{
    REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
    QVERIFY(applyLanguage(QStringLiteral("en")));
    const QStringList texts = windowTextsAfterARun(model);
    QStringList chinese;
    bool pagesInEnglish = false;
    for (const QString& text : texts) {
        const QString shown = text.section(QStringLiteral(": "), 1, -1);
        if (hasHan(shown) && shown != languageDisplayName(QStringLiteral("zh_CN")))
            chinese << text.left(160);
        pagesInEnglish = pagesInEnglish || shown == QLatin1String("Optimise");
    }
    QVERIFY2(chinese.isEmpty(), qPrintable(chinese.join(QLatin1Char('\n'))));
    QVERIFY(pagesInEnglish);
}

// Errors the engine composes reach the user in Chinese: a bad profile value, a
// corrupt model file and a split the model cannot take are each told (in a
// dialog, and on the Optimise page for the split) with no English sentence in
// them (file names, keys and numbers excepted).
void TestLanguage::chineseErrorDialogs()
{
    REQUIRE_SHARED_FIXTURE(model, "stories260K.gguf");
    QVERIFY(applyLanguage(QStringLiteral("zh_CN")));
    QTemporaryDir dir;
    Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    settings.setMaxTokens(4);
    settings.setThreads(1);
    RunHistory history(dir.filePath(QStringLiteral("history.json")));
    EngineClient engine;
    MainWindow window(&settings, &engine, &history);
    window.show();
    QStringList dialogs;

    // A profile whose group size is not one the kernels have.
    const auto writeProfile = [&dir](const char* name, const QByteArray& json) {
        QFile file(dir.filePath(QString::fromLatin1(name)));
        file.open(QIODevice::WriteOnly);
        file.write(json);
        return file.fileName();
    };
    window.optimisePage()->openProfileFile(writeProfile(
        "bad.json", R"({"schema": "inferscope.profile/1", "weights": {"dtype": "int4", "group_size": 48}})"));
    dialogs << lastMessageBoxText(window.optimisePage());
    QVERIFY2(dialogs.last().contains(QStringLiteral("weights.group_size")), qPrintable(dialogs.last()));

    // A GGUF file cut short in its header.
    QFile broken(dir.filePath(QStringLiteral("broken.gguf")));
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write(QByteArray("GGUF\x03\x00\x00\x00\x01", 9));
    broken.close();
    QSignalSpy shown(&window, &MainWindow::errorShown);
    window.openModel(broken.fileName());
    QVERIFY(shown.wait(kWaitMs));
    dialogs << shown.takeFirst().at(0).toString();
    QVERIFY2(dialogs.last().contains(QStringLiteral("broken.gguf")), qPrintable(dialogs.last()));

    // Tensor parallel over 3 devices of a model with 4 kv heads: the Optimise
    // page blocks the run with the engine's reason, and a run asked for anyway
    // (as a script or an imported history would) fails with the same reason.
    QSignalSpy loaded(&engine, &EngineClient::modelLoaded);
    window.openModel(model);
    QVERIFY(loaded.wait(kWaitMs));
    const QByteArray split = R"({"schema": "inferscope.profile/1", "devices": {"virtual_cpus": 3, "split": "tensor"}})";
    QVERIFY(window.optimisePage()->setProfileJson(split).isEmpty());
    QVERIFY(!window.optimisePage()->isValid());
    dialogs << window.optimisePage()->problem();
    QVERIFY2(dialogs.last().startsWith(QStringLiteral("devices.split")), qPrintable(dialogs.last()));
    RunRequest request;
    request.prompt = QStringLiteral("Once");
    request.maxTokens = 2;
    request.threads = 1;
    request.profileJson = QString::fromUtf8(split);
    engine.run(request);
    QVERIFY(shown.wait(kWaitMs));
    dialogs << shown.takeFirst().at(0).toString();
    QVERIFY2(dialogs.last().contains(QStringLiteral("devices.split")), qPrintable(dialogs.last()));

    for (const QString& text : dialogs) {
        qInfo("%s", qPrintable(text));
        QVERIFY2(hasHan(text), qPrintable(text));
        QVERIFY2(latinWords(text).isEmpty(),
                 qPrintable(QStringLiteral("%1\n  [%2]").arg(text, latinWords(text).join(QLatin1Char(' ')))));
    }
}

QTEST_MAIN(TestLanguage)
#include "tst_language.moc"

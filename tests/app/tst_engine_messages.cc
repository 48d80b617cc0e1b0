// The engine's catalogued messages in the interface language: every id of the
// catalog has a Simplified Chinese template that keeps its arguments, and the
// app renders nested messages (a profile's list of problems, a file's cause)
// with every part translated: the Hugging Face folder reader's refusals, the
// KV cache's capacity errors, a teaching study's and the model synthesizer's
// refusals among them. The framework exports' notes read in Chinese too, the
// profile key in front untranslated.
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include "app/bridge/engine_text.h"
#include "app/bridge/framework_export_text.h"
#include "app/settings/language.h"
#include "engine/common/message_catalog.h"
#include "engine/config/framework_export.h"
#include "engine/config/profile_export.h"
#include "engine/config/profile_validator.h"
#include "engine/formats/hf_folder.h"
#include "engine/kv/kv_store.h"
#include "engine/model/synth.h"
#include "engine/sched/workload.h"
#include "engine/session/engine.h"
#include "engine/split/placement.h"
#include "engine/study/pruning_study.h"

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

// `text` with the product names, units and device kinds a note keeps in
// Chinese taken out: whatever English words remain.
QString englishLeft(QString text)
{
    for (const char* kept : {"TensorRT-LLM", "llama.cpp", "InferScope", "NVIDIA", "GPU", "CPU"})
        text.remove(QLatin1String(kept));
    static const QRegularExpression word(QStringLiteral("[A-Za-z]{2,}"));
    QStringList words;
    for (auto it = word.globalMatch(text); it.hasNext();)
        words << it.next().captured();
    return words.join(QLatin1Char(' '));
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

    void malformedFolderIsRefusedInChinese()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("m"));
        QVERIFY(QDir().mkpath(folder));
        QFile config(folder + QStringLiteral("/config.json"));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(R"({"model_type": "bert", "hidden_size": 64})");
        config.close();
        const auto model = engine::readHuggingFaceFolder(folder.toStdString());
        QVERIFY(!model);

        QVERIFY(applyLanguage(QStringLiteral("en")));
        QCOMPARE(engineErrorText(model.error()), QString::fromStdString(model.error().message));
        QVERIFY(applyLanguage(QStringLiteral("zh_CN")));
        const QString text = engineErrorText(model.error());
        QVERIFY2(hasHan(text), qPrintable(text));
        QVERIFY2(text.startsWith(folder + QStringLiteral("/config.json")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("\"bert\"")) && text.contains(QStringLiteral("llama")), qPrintable(text));
        QVERIFY2(!text.contains(QStringLiteral("is not supported")), qPrintable(text));

        // Not JSON at all: the parser's position is kept, its words translated.
        QVERIFY(config.open(QIODevice::WriteOnly | QIODevice::Truncate));
        config.write("{\"model_type\": ");
        config.close();
        const auto broken = engine::readHuggingFaceFolder(folder.toStdString());
        QVERIFY(!broken);
        const QString brokenText = engineErrorText(broken.error());
        QVERIFY2(hasHan(brokenText) && brokenText.contains(QStringLiteral("1")), qPrintable(brokenText));
        QVERIFY2(!brokenText.contains(QStringLiteral("not valid JSON")) &&
                     !brokenText.contains(QStringLiteral("syntax error")) &&
                     !brokenText.contains(QStringLiteral("unexpected end of input")),
                 qPrintable(brokenText));
    }

    void kvCapacityErrorInChinese()
    {
        engine::KvStoreSpec spec;
        spec.mode = engine::KvCacheMode::Paged;
        spec.blockSize = 16;
        spec.capacityTokens = 64;
        spec.layers = 2;
        spec.kvHeads = 2;
        spec.headDim = 8;
        const engine::Status fits = engine::kvCheckFits(spec, 100);
        QVERIFY(!fits);
        QVERIFY(applyLanguage(QStringLiteral("zh_CN")));
        const QString text = engineErrorText(fits.error());
        QVERIFY2(hasHan(text), qPrintable(text));
        // 7 blocks of 16 tokens asked, 4 held: every number survives the translation.
        for (const char* number : {"7", "16", "4"})
            QVERIFY2(text.contains(QLatin1String(number)), qPrintable(text));
        QVERIFY2(!text.contains(QStringLiteral("request needs")) && !text.contains(QStringLiteral("the pool has")),
                 qPrintable(text));

        // A workload file's refusal keeps the key it names; the rest is in Chinese.
        const auto workload = engine::parseWorkload(R"({"schema": "inferscope.workload/1", "requests": [{"prompt": 1}]})");
        QVERIFY(!workload);
        const QString workloadText = engineErrorText(workload.error());
        QVERIFY2(workloadText.startsWith(QStringLiteral("requests[0].prompt")) && hasHan(workloadText),
                 qPrintable(workloadText));
        QVERIFY2(!workloadText.contains(QStringLiteral("expected")), qPrintable(workloadText));
    }
    void studyAndSynthErrorsInChinese()
    {
        QTemporaryDir dir;
        engine::SynthOptions options;
        options.dtype = kernels::DType::Q4_K;
        options.outPath = dir.filePath(QStringLiteral("tiny.gguf")).toStdString();
        const engine::Status refused = engine::synthesizeModel(options);
        QVERIFY(!refused);
        options.dtype = kernels::DType::F32;
        QVERIFY(engine::synthesizeModel(options));
        engine::LoadOptions load;
        load.threads = 1;
        auto loaded = engine::Engine::load(options.outPath, {}, load);
        QVERIFY2(loaded, loaded ? "" : loaded.error().message.c_str());
        engine::PruningStudyOptions pruning;
        pruning.evalTokens = {1};
        const auto study = engine::runPruningStudy(**loaded, pruning);
        QVERIFY(!study);

        QVERIFY(applyLanguage(QStringLiteral("zh_CN")));
        // The synthesizer names the type it refuses; the rest is in Chinese.
        const QString synthText = engineErrorText(refused.error());
        QVERIFY2(hasHan(synthText) && synthText.contains(QStringLiteral("Q4_K")), qPrintable(synthText));
        QVERIFY2(!synthText.contains(QStringLiteral("synthetic models")), qPrintable(synthText));
        const QString studyText = engineErrorText(study.error());
        QVERIFY2(hasHan(studyText) && studyText.contains(QLatin1Char('2')), qPrintable(studyText));
        QVERIFY2(!studyText.contains(QStringLiteral("quality text")), qPrintable(studyText));
    }

    void exportNotesInChinese()
    {
        QVERIFY(applyLanguage(QStringLiteral("zh_CN")));
        const QByteArray profile = R"({"schema": "inferscope.profile/1", "devices": {"threads": 4, "gpus": []},)"
                                   R"( "sampling": {"seed": 7, "max_tokens": 32}})";
        const FrameworkExportText trt = profileFrameworkText(profile, QStringLiteral("org/model"),
                                                             static_cast<int>(engine::Framework::TensorRtLlm));
        QVERIFY2(trt.notes.contains(QStringLiteral("devices.gpus: 为空（只用 CPU）：TensorRT-LLM 只能在 NVIDIA GPU 上运行")),
                 qPrintable(trt.notes.join(QLatin1Char('\n'))));
        QVERIFY2(trt.notes.contains(QStringLiteral("sampling.seed: TensorRT-LLM 使用自己的随机数生成器抽样：同一个种子得到的词元与 "
                                                   "InferScope 不同")),
                 qPrintable(trt.notes.join(QLatin1Char('\n'))));
        QCOMPARE(trt.notes.size(), 3);  // and devices.threads
        for (const QString& note : trt.notes) {
            const qsizetype colon = note.indexOf(QStringLiteral(": "));
            QVERIFY2(colon > 0, qPrintable(note));
            QVERIFY2(hasHan(note) && englishLeft(note.mid(colon + 2)).isEmpty(), qPrintable(note));
        }
        // The commands stay as the framework spells them.
        QVERIFY2(trt.text.contains(QStringLiteral("--random_seed 7")), qPrintable(trt.text));

        // The mapped knobs: the key as it is, prose in Chinese, options as the framework spells them.
        const QByteArray mappedProfile = R"({"schema": "inferscope.profile/1", "devices": {"gpus": [0], "split": "none"},)"
                                         R"( "batching": {"policy": "continuous"}, "sampling": {"temperature": 0, "top_p": 0.9}})";
        const FrameworkExportText mapped = profileFrameworkText(mappedProfile, QStringLiteral("org/model"),
                                                                static_cast<int>(engine::Framework::TensorRtLlm));
        const QString mappedLines = mapped.mapped.join(QLatin1Char('\n'));
        QVERIFY2(mapped.mapped.contains(QStringLiteral("devices.split -> 每个引擎一块 GPU（tp_size 1，pp_size 1）")),
                 qPrintable(mappedLines));
        QVERIFY2(mapped.mapped.contains(QStringLiteral("batching.policy -> in-flight 批处理（使用分页缓存时 C++ 运行时的默认方式）")),
                 qPrintable(mappedLines));
        QVERIFY2(mapped.mapped.contains(QStringLiteral("sampling.temperature -> 0（贪心）：run.py --top_k 1")),
                 qPrintable(mappedLines));
        QVERIFY2(mapped.mapped.contains(QStringLiteral("devices.gpus -> CUDA_VISIBLE_DEVICES=0")), qPrintable(mappedLines));
        QVERIFY2(mapped.mapped.contains(QStringLiteral("sampling.top_p -> run.py --top_p")), qPrintable(mappedLines));
        QCOMPARE(mapped.mapped.size(), 5);
        // The script keeps its English comments.
        QVERIFY2(mapped.text.contains(QStringLiteral("#   devices.split -> one GPU per engine (tp_size 1, pp_size 1)\n")),
                 qPrintable(mapped.text));

        engine::Profile llamaProfile;
        llamaProfile.devices = engine::DevicesConfig{};
        llamaProfile.devices->threads = 0;
        llamaProfile.devices->virtualCpus = 4;
        const engine::CommandExport llama = engine::exportLlamaCpp(llamaProfile, "/models/m.gguf");
        QStringList notes;
        for (const engine::ExportNote& note : llama.notes)
            notes << engineExportNoteText(note);
        QCOMPARE(notes, (QStringList{QStringLiteral("devices.threads: 0（使用全部核心）交给 llama.cpp 的默认线程数决定"),
                                     QStringLiteral("devices.virtual_cpus: 4 个虚拟 CPU 设备是 InferScope 用于教学的设备；"
                                                    "llama.cpp 把 CPU 当作一个设备运行")}));

        QVERIFY(applyLanguage(QStringLiteral("en")));
        for (const engine::ExportNote& note : llama.notes)
            QCOMPARE(engineExportNoteText(note), QString::fromStdString(note.toString()));
        const auto parsed = engine::parseProfile(mappedProfile.toStdString());
        QVERIFY(parsed);
        const engine::FrameworkExport trtOut = engine::exportFramework(engine::Framework::TensorRtLlm, *parsed, "org/model");
        QVERIFY(!trtOut.mapped.empty());
        for (const engine::ExportMapping& m : trtOut.mapped)
            QCOMPARE(engineExportMappingText(m), QString::fromStdString(m.path + " -> " + engine::englishText(m.target)));
    }
};

QTEST_MAIN(TestEngineMessages)
#include "tst_engine_messages.moc"

// The engine's messages as data (engine/common/message_catalog.h): every id is
// unique and its template well formed; the English a message renders is the
// text the CLI has always printed; errors of the validator, the model readers,
// the split and the sweep constraints carry their catalogued id and arguments.
#include <QTemporaryDir>
#include <QTest>
#include <fstream>
#include <regex>
#include <set>

#include "engine/common/message_catalog.h"
#include "engine/config/profile_validator.h"
#include "engine/formats/model_file.h"
#include "engine/split/placement.h"
#include "engine/sweep/sweep_select.h"

using namespace engine;

namespace {

// The argument names a template uses, in order of first use.
std::set<std::string> placeholders(std::string_view pattern)
{
    std::set<std::string> names;
    fillTemplate(pattern, [&](std::string_view name) {
        names.insert(std::string(name));
        return std::string();
    });
    return names;
}

std::string writeFile(const QTemporaryDir& dir, const char* name, const std::string& bytes)
{
    const std::string path = dir.filePath(QString::fromLatin1(name)).toStdString();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
}

}  // namespace

class TestMessages : public QObject {
    Q_OBJECT
private slots:
    void catalogIsWellFormed()
    {
        std::set<std::string_view> ids;
        static const std::regex idPattern("^[a-z0-9_]+(\\.[a-z0-9_]+)+$");
        for (const MessageTemplate& t : messageCatalog()) {
            QVERIFY2(ids.insert(t.id).second, std::string(t.id).c_str());
            QVERIFY2(std::regex_match(std::string(t.id), idPattern), std::string(t.id).c_str());
            QVERIFY2(!t.english.empty(), std::string(t.id).c_str());
            // No stray braces: every "{" opens a placeholder of lower-case letters.
            const std::string stripped = fillTemplate(t.english, [](std::string_view) { return std::string("x"); });
            QVERIFY2(stripped.find('{') == std::string::npos, std::string(t.id).c_str());
        }
        QVERIFY(ids.size() > 150);
        QCOMPARE(messageTemplate("no.such.id"), std::string_view());
    }

    void englishFillsArgumentsAndNestedMessages()
    {
        const Message inner = msg("profile.not_one_of", {{"value", "48"}, {"choices", "32, 64, 128"}});
        const Message list = msg("context.list", {{"items", std::vector<Message>{
                                                                msg("context.at_path", {{"path", "weights.group_size"}, {"cause", inner}}),
                                                                msg("profile.unknown_key", {{"key", "\"x\""}})}}});
        QCOMPARE(englishText(list), std::string("weights.group_size: 48 is not one of 32, 64, 128; unknown key \"x\""));
        // A missing argument stays visible rather than vanishing.
        QCOMPARE(englishText(msg("rule.gpu_twice")), std::string("GPU {gpu} is listed twice"));
        QCOMPARE(englishText(plainMessage("free text")), std::string("free text"));
        QCOMPARE(placeholders(messageTemplate("gguf.truncated")), (std::set<std::string>{"path", "what", "offset", "size"}));
    }

    void validatorIssuesCarryTheirIds()
    {
        const ProfileCheck check = checkProfileText(
            R"({"schema": "inferscope.profile/1", "weights": {"dtype": "int4", "group_size": 48}, "bogus": 1})");
        QVERIFY(check.hasErrors());
        QCOMPARE(check.issues.size(), size_t(2));
        for (const ProfileIssue& issue : check.issues) {
            QVERIFY2(!issue.detail.id.empty(), issue.message.c_str());
            QCOMPARE(englishText(issue.detail), issue.message);
        }
        QCOMPARE(check.issues[0].message, std::string("48 is not one of 32, 64, 128"));
        QCOMPARE(check.issues[0].detail.id, std::string("profile.not_one_of"));
        // The joined error of parseProfile says the same, and is a message too.
        const auto parsed = parseProfile(R"({"schema": "inferscope.profile/1", "sampling": {"temperature": "hot"}})");
        QVERIFY(!parsed);
        QCOMPARE(parsed.error().message, std::string("sampling.temperature: expected a number, got string"));
        QCOMPARE(englishText(parsed.error().detail), parsed.error().message);
        QCOMPARE(parsed.error().detail.id, std::string("context.list"));
    }

    void readerErrorsCarryTheirIds()
    {
        QTemporaryDir dir;
        // A GGUF header cut short after its version.
        const std::string truncated = writeFile(dir, "cut.gguf", std::string("GGUF\x03\x00\x00\x00\x01", 9));
        auto model = openModelFile(truncated);
        QVERIFY(!model);
        QCOMPARE(model.error().detail.id, std::string("gguf.truncated"));
        QCOMPARE(model.error().message, truncated + ": file truncated while reading tensor count at byte offset 8 "
                                                    "(file is 9 bytes)");
        const auto* what = model.error().detail.arg("what");
        QVERIFY(what && what->messages.size() == 1);
        QCOMPARE(what->messages.front().id, std::string("gguf.part.tensor_count"));

        const std::string junk = writeFile(dir, "junk.bin", std::string(64, 'z'));
        model = openModelFile(junk);
        QVERIFY(!model);
        QVERIFY2(!model.error().detail.id.empty(), model.error().message.c_str());
        QCOMPARE(englishText(model.error().detail), model.error().message);

        model = openModelFile(dir.filePath(QStringLiteral("missing.gguf")).toStdString());
        QVERIFY(!model);
        QCOMPARE(model.error().detail.id, std::string("io.cannot_open"));
        QVERIFY(model.error().message.ends_with(": cannot open: No such file or directory"));
    }

    void splitRefusalAndSharesAreMessages()
    {
        ModelConfig c;
        c.nLayers = 5;
        c.nHeads = 8;
        c.nKvHeads = 4;
        c.dim = 64;
        c.headDim = 8;
        c.hiddenDim = 172;
        c.vocabSize = 512;
        DevicesConfig d;
        d.virtualCpus = 3;
        d.split = SplitMode::Tensor;
        const auto refused = resolvePlacement(c, CutBlocks{}, d);
        QVERIFY(!refused);
        QCOMPARE(refused.error().message, std::string("devices.split: tensor parallel over 3 devices splits the kv heads, "
                                                      "but the model's 4 kv heads do not divide by 3"));
        QCOMPARE(englishText(refused.error().detail), refused.error().message);
        d.virtualCpus = 2;
        const auto placed = resolvePlacement(c, CutBlocks{}, d);
        QVERIFY(placed);
        const DeviceShare& second = placed->devices[1];
        QCOMPARE(shareMessage(second, SplitMode::Tensor).id, std::string("split.share_tensor"));
        QCOMPARE(describeShare(second, SplitMode::Tensor), englishText(shareMessage(second, SplitMode::Tensor)));
    }

    void constraintErrorsAndMetricNames()
    {
        const auto bad = sweep::parseConstraint("kld_mean<=lots");
        QVERIFY(!bad);
        QCOMPARE(bad.error().message, std::string("--constraint 'kld_mean<=lots': 'lots' is not a number"));
        QCOMPARE(bad.error().detail.id, std::string("sweep.bad_constraint"));
        QCOMPARE(sweep::parseConstraint("speed>3").error().message,
                 std::string("--constraint 'speed>3': unknown metric 'speed'"));
        // Every sweep metric has a catalogued name whose English is the identifier.
        for (const sweep::MetricInfo& m : sweep::metrics()) {
            const Message name = sweep::metricMessage(std::string(m.name));
            QVERIFY2(!name.id.empty(), std::string(m.name).c_str());
            QCOMPARE(englishText(name), std::string(m.name));
        }
    }
};

QTEST_GUILESS_MAIN(TestMessages)
#include "tst_messages.moc"

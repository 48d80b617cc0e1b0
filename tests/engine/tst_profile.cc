// The optimisation profile: validation messages (exact), canonical round trip,
// the bundled examples, the effective-configuration record and the llama.cpp /
// vLLM export mappings (exact command lines and notes).
#include <QDir>
#include <QFile>
#include <QObject>
#include <QTest>
#include <nlohmann/json.hpp>

#include "common/fixtures.h"
#include "engine/config/profile.h"
#include "engine/config/profile_export.h"
#include "engine/config/profile_summary.h"
#include "engine/config/profile_validator.h"

using namespace engine;

namespace {

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

// "E path: message" / "W path: message", so one list holds both severities.
QStringList render(const std::vector<ProfileIssue>& issues)
{
    QStringList out;
    for (const ProfileIssue& issue : issues)
        out << q(std::string(issue.severity == IssueSeverity::Error ? "E " : "W ") + issue.toString());
    return out;
}

// A document with the schema line and the given body (may be empty).
QString doc(const char* body)
{
    const QString inner = QString::fromUtf8(body);
    return QStringLiteral("{\"schema\": \"inferscope.profile/1\"") + (inner.isEmpty() ? "" : ", ") + inner + "}";
}

QString sourcePath(const char* relative)
{
    return QDir(QString::fromUtf8(INFERSCOPE_SOURCE_DIR)).filePath(QString::fromUtf8(relative));
}

std::string readText(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    return file.readAll().toStdString();
}

// A profile with every key set, with doubles that do not print short by accident.
Profile fullProfile()
{
    Profile p;
    p.name = "everything";
    p.description = "all keys, unicode \xC3\xA9\xE2\x9C\x93 and \"quotes\"";
    p.weights = WeightsConfig{WeightDType::Int4, 64, false,
                              std::vector<WeightOverride>{{"blk.*.attn_*", WeightDType::Int8}, {"output.weight", WeightDType::F16}}};
    p.pruning = PruningConfig{PruningMethod::Wanda, 0.1 + 0.2, std::nullopt, std::nullopt, PruningScope::Ffn,
                              std::vector<std::string>{"blk.0.*", "blk.?.ffn_down.weight"}};
    p.kvCache = KvCacheConfig{KvCacheMode::Paged, 32, 65536, KvDType::Int8};
    p.batching = BatchingConfig{BatchingPolicy::Continuous, 1024, 4096};
    p.devices = DevicesConfig{16, SplitMode::Tensor, std::vector<int32_t>{3, 1}};
    p.sampling = SamplingConfig{1.0 / 3.0, 50, 0.9, 1e-5, 1.0000001, 128, 18446744073709551615ull, 1};
    return p;
}

}  // namespace

class TestProfile : public QObject {
    Q_OBJECT

private slots:
    void enumNamesRoundTrip();
    void changesDescribed();
    void errorListsAreCapped();
    void invalidProfiles_data();
    void invalidProfiles();
    void validProfilesWithWarnings_data();
    void validProfilesWithWarnings();
    void malformedJson();
    void neverCrashesOnMutatedInput();
    void parseProfileJoinsErrors();
    void validateParsedJson();
    void loadProfileFileErrors();
    void canonicalText();
    void roundTripFullProfile();
    void bundledExamples_data();
    void bundledExamples();
    void keyPathsAreDocumented();
    void patterns_data();
    void patterns();
    void effectiveConfig();
    void llamaCppExport_data();
    void llamaCppExport();
    void vllmExport_data();
    void vllmExport();
    void exportNotesForUnmappedKnobs();
    void vllmSaysWhatItCanLoad();
};

void TestProfile::enumNamesRoundTrip()
{
    auto check = [](auto count) {
        using E = decltype(count);
        for (int i = 0; i < static_cast<int>(E::Count); ++i) {
            const E value = static_cast<E>(i);
            QCOMPARE(enumFromName<E>(enumName(value)), std::optional<E>(value));
        }
        QVERIFY(!enumFromName<E>("").has_value());
    };
    check(WeightDType::Count);
    check(PruningMethod::Count);
    check(PruningScope::Count);
    check(KvCacheMode::Count);
    check(KvDType::Count);
    check(BatchingPolicy::Count);
    check(SplitMode::Count);
    QCOMPARE(q(enumChoices<KvCacheMode>()), QStringLiteral("off, contiguous, paged"));
    QVERIFY(!enumFromName<WeightDType>("F16").has_value());  // spellings are exact, lower case
}

void TestProfile::invalidProfiles_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("wrong type") << doc(R"("weights": {"dtype": 5})")
                                << QStringList{"E weights.dtype: expected a string, got number"};
    QTest::newRow("group size") << doc(R"("weights": {"dtype": "int4", "group_size": 48})")
                                << QStringList{"E weights.group_size: 48 is not one of 32, 64, 128"};
    QTest::newRow("kv mode typo") << doc(R"("kv_cache": {"mode": "pagd"})")
                                  << QStringList{R"(E kv_cache.mode: "pagd" is not one of off, contiguous, paged)"};
    QTest::newRow("ratio out of range") << doc(R"("pruning": {"method": "magnitude", "ratio": 0.95})")
                                        << QStringList{"E pruning.ratio: 0.95 is out of range [0, 0.9]"};
    QTest::newRow("unknown section key") << doc(R"("batching": {"max_batchsize": 8})")
                                         << QStringList{R"(E batching: unknown key "max_batchsize")"};
    QTest::newRow("unknown top-level key") << doc(R"("tuning": {}, "Weights": {})")
                                           << QStringList{R"(E unknown key "Weights")", R"(E unknown key "tuning")"};
    QTest::newRow("schema version")
        << QString(R"({"schema": "inferscope.profile/2", "weights": {"dtype": "int9"}, "future": 1})")
        << QStringList{R"(E schema: "inferscope.profile/2" is not supported (expected "inferscope.profile/1"))"};
    QTest::newRow("schema missing") << QString(R"({"weights": {"dtype": "f16"}})")
                                    << QStringList{R"(E schema: missing (expected "inferscope.profile/1"))"};
    QTest::newRow("schema not a string") << QString(R"({"schema": 1})")
                                         << QStringList{"E schema: expected a string, got number"};
    QTest::newRow("document not an object") << QString("[1, 2]")
                                             << QStringList{"E expected a JSON object, got array"};
    QTest::newRow("section not an object") << doc(R"("sampling": [1])")
                                           << QStringList{"E sampling: expected an object, got array"};
    QTest::newRow("null value") << doc(R"("name": null)") << QStringList{"E name: expected a string, got null"};
    QTest::newRow("float for integer") << doc(R"("sampling": {"max_tokens": 16.5, "top_k": "40"})")
                                       << QStringList{"E sampling.top_k: expected an integer, got string",
                                                      "E sampling.max_tokens: expected an integer, got 16.5"};
    QTest::newRow("bool for number") << doc(R"("weights": {"symmetric": "yes"}, "sampling": {"temperature": true})")
                                     << QStringList{"E weights.symmetric: expected a boolean, got string",
                                                    "E sampling.temperature: expected a number, got boolean"};
    QTest::newRow("open and closed bounds")
        << doc(R"("sampling": {"temperature": -0.5, "top_p": 0, "min_p": 1, "repeat_penalty": 0, "seed": -1})")
        << QStringList{"E sampling.temperature: -0.5 must be >= 0", "E sampling.top_p: 0 is out of range (0, 1]",
                       "E sampling.min_p: 1 is out of range [0, 1)", "E sampling.repeat_penalty: 0 must be > 0",
                       "E sampling.seed: -1 must be >= 0"};
    QTest::newRow("seed beyond 64 bits") << doc(R"("sampling": {"seed": 18446744073709551616})")
                                         << QStringList{"E sampling.seed: expected an integer, got 1.8446744073709552e+19"};
    QTest::newRow("integer ranges")
        << doc(R"("kv_cache": {"capacity_tokens": 0, "block_size": 12}, "batching": {"max_batch": 0, "max_sequences": 5000},)"
               R"( "devices": {"threads": -1, "gpus": [0, 1024]})")
        << QStringList{"E kv_cache.block_size: 12 is not one of 8, 16, 32", "E kv_cache.capacity_tokens: 0 must be >= 1",
                       "E batching.max_batch: 0 is out of range [1, 1024]",
                       "E batching.max_sequences: 5000 is out of range [1, 4096]",
                       "E devices.threads: -1 is out of range [0, 1024]", "E devices.gpus[1]: 1024 is out of range [0, 1023]"};
    QTest::newRow("int32 overflow") << doc(R"("sampling": {"top_k": 4294967296})")
                                    << QStringList{"E sampling.top_k: 4294967296 is out of range [0, 2147483647]"};
    QTest::newRow("overrides")
        << doc(R"("weights": {"overrides": [{"pattern": "", "dtype": "int3"}, {"dtype": "f16"}, "x",)"
               R"( {"pattern": "a", "dtype": "f16", "group": 32}]})")
        << QStringList{"E weights.overrides[0].pattern: a pattern must not be empty",
                       R"(E weights.overrides[0].dtype: "int3" is not one of f32, f16, bf16, int8, int4)",
                       R"(E weights.overrides[1]: missing key "pattern")",
                       "E weights.overrides[2]: expected an object, got string",
                       R"(E weights.overrides[3]: unknown key "group")"};
    QTest::newRow("exclude list") << doc(R"("pruning": {"method": "magnitude", "ratio": 0.5, "exclude": ["ok", 3, ""]})")
                                  << QStringList{"E pruning.exclude[1]: expected a string, got number",
                                                 "E pruning.exclude[2]: a pattern must not be empty"};
    QTest::newRow("tensor split one gpu") << doc(R"("devices": {"split": "tensor", "gpus": [0]})")
                                          << QStringList{"E devices.split: tensor parallel needs at least 2 GPUs in devices.gpus, got 1"};
    QTest::newRow("tensor split no gpus") << doc(R"("devices": {"split": "tensor"})")
                                          << QStringList{"E devices.split: tensor parallel on the CPU needs devices.virtual_cpus of 2 or "
                                                         "more (or at least 2 GPUs in devices.gpus), got 1 device"};
    QTest::newRow("offload with a split")
        << doc(R"("devices": {"offload_layers": 8, "gpus": [0], "split": "pipeline"})")
        << QStringList{R"(E devices.offload_layers: is its own split (the first layers on one GPU, the rest on the CPU); it takes one GPU in devices.gpus and devices.split "none")"};
    QTest::newRow("gpu twice") << doc(R"("devices": {"split": "pipeline", "gpus": [0, 1, 0]})")
                               << QStringList{"E devices.gpus[2]: GPU 0 is listed twice"};
    QTest::newRow("nm with ratio")
        << doc(R"("pruning": {"method": "nm", "n": 2, "m": 4, "ratio": 0.5})")
        << QStringList{R"(E pruning.ratio: cannot be combined with pruning.method "nm": N:M pruning removes exactly 1 - n/m of the weights (0.5 for 2:4))"};
    QTest::newRow("nm m not above n") << doc(R"("pruning": {"method": "nm", "n": 4, "m": 4})")
                                      << QStringList{"E pruning.m: must be greater than pruning.n (n = 4, m = 4)"};
    QTest::newRow("nm n above default m") << doc(R"("pruning": {"method": "nm", "n": 5})")
                                          << QStringList{"E pruning.m: must be greater than pruning.n (n = 5, m = 4 by default)"};
    QTest::newRow("nm n zero") << doc(R"("pruning": {"method": "nm", "n": 0, "m": 4})")
                               << QStringList{"E pruning.n: 0 is out of range [1, 63]"};
    QTest::newRow("ratio required") << doc(R"("pruning": {"method": "structured", "scope": "attention"})")
                                    << QStringList{R"(E pruning.ratio: required when pruning.method is "structured")"};
    QTest::newRow("duplicate keys")
        << doc(R"("weights": {"dtype": "f16", "overrides": [{"pattern": "a", "dtype": "f16", "dtype": "f32"}], "dtype": "f32"})")
        << QStringList{R"(E weights.overrides[0]: duplicate key "dtype")", R"(E weights: duplicate key "dtype")"};
    // Rules stay quiet about a section whose keys already failed: no "ratio
    // required" after a bad ratio, no block-size warning about a bad mode.
    QTest::newRow("no rule noise after field errors")
        << doc(R"("pruning": {"method": "wanda", "ratio": "half"}, "kv_cache": {"mode": "pagd", "block_size": 16})")
        << QStringList{"E pruning.ratio: expected a number, got string",
                       R"(E kv_cache.mode: "pagd" is not one of off, contiguous, paged)"};
    QTest::newRow("many problems at once")
        << doc(R"("name": 3, "weights": {"dtype": 5, "group_size": 48}, "kv_cache": {"mode": "pagd"},)"
               R"( "batching": {"max_batchsize": 8, "policy": "dynamic"}, "devices": {"split": "tensor", "gpus": [2]},)"
               R"( "sampling": {"top_p": 1.5}, "extra": true)")
        << QStringList{"E name: expected a string, got number",
                       "E weights.dtype: expected a string, got number",
                       "E weights.group_size: 48 is not one of 32, 64, 128",
                       R"(E kv_cache.mode: "pagd" is not one of off, contiguous, paged)",
                       R"(E batching.policy: "dynamic" is not one of static, continuous)",
                       R"(E batching: unknown key "max_batchsize")",
                       "E sampling.top_p: 1.5 is out of range (0, 1]",
                       R"(E unknown key "extra")",
                       "E devices.split: tensor parallel needs at least 2 GPUs in devices.gpus, got 1"};
}

void TestProfile::invalidProfiles()
{
    QFETCH(QString, text);
    QFETCH(QStringList, expected);
    const ProfileCheck check = checkProfileText(text.toStdString());
    QCOMPARE(render(check.issues), expected);
    QVERIFY(check.hasErrors());
    QVERIFY(!check.profile.has_value());
    QVERIFY(!parseProfile(text.toStdString()).hasValue());
}

void TestProfile::validProfilesWithWarnings_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("schema only") << doc("") << QStringList{};
    QTest::newRow("empty sections") << doc(R"("weights": {}, "pruning": {}, "kv_cache": {}, "batching": {}, "devices": {}, "sampling": {})")
                                    << QStringList{};
    QTest::newRow("block size without paging")
        << doc(R"("kv_cache": {"mode": "contiguous", "block_size": 16})")
        << QStringList{R"(W kv_cache.block_size: only used when kv_cache.mode is "paged" (mode is "contiguous"))"};
    QTest::newRow("block size, mode unset") << doc(R"("kv_cache": {"block_size": 8})")
                                            << QStringList{R"(W kv_cache.block_size: only used when kv_cache.mode is "paged" (mode is not set))"};
    QTest::newRow("cache off") << doc(R"("kv_cache": {"mode": "off", "capacity_tokens": 512, "dtype": "f16"})")
                               << QStringList{R"(W kv_cache.capacity_tokens: has no effect: no cache is kept when kv_cache.mode is "off")",
                                              R"(W kv_cache.dtype: has no effect: no cache is kept when kv_cache.mode is "off")"};
    QTest::newRow("capacity not whole blocks")
        << doc(R"("kv_cache": {"mode": "paged", "capacity_tokens": 1000})")
        << QStringList{"W kv_cache.capacity_tokens: 1000 is not a multiple of the block size 16; the cache holds 62 blocks (992 tokens)"};
    QTest::newRow("n and m without nm") << doc(R"("pruning": {"method": "magnitude", "ratio": 0.3, "n": 2, "m": 4})")
                                        << QStringList{R"(W pruning.n: only used when pruning.method is "nm" (method is "magnitude"))",
                                                       R"(W pruning.m: only used when pruning.method is "nm" (method is "magnitude"))"};
    QTest::newRow("nm with defaults") << doc(R"("pruning": {"method": "nm", "scope": "ffn"})") << QStringList{};
    QTest::newRow("ratio without method") << doc(R"("pruning": {"ratio": 0.5, "exclude": ["output.weight"]})")
                                          << QStringList{"W pruning.ratio: has no effect: pruning.method is not set",
                                                         "W pruning.exclude: has no effect: pruning.method is not set"};
    QTest::newRow("group size on float weights") << doc(R"("weights": {"dtype": "f16", "group_size": 64, "symmetric": false})")
                                                 << QStringList{R"(W weights.group_size: only used by int8 and int4 weights (dtype is "f16"))",
                                                                R"(W weights.symmetric: only used by int8 and int4 weights (dtype is "f16"))"};
    QTest::newRow("group size used by an override")
        << doc(R"("weights": {"dtype": "f16", "group_size": 64, "overrides": [{"pattern": "blk.*", "dtype": "int4"}]})")
        << QStringList{};
    QTest::newRow("override shadowed")
        << doc(R"("weights": {"overrides": [{"pattern": "blk.*", "dtype": "int8"}, {"pattern": "blk.*", "dtype": "f16"}]})")
        << QStringList{R"(W weights.overrides[1]: pattern "blk.*" already appears at overrides[0]; only the first match applies)"};
    QTest::newRow("batch below sequences") << doc(R"("batching": {"max_batch": 8, "max_sequences": 16})")
                                           << QStringList{"W batching.max_batch: 8 tokens per step cannot advance all 16 running sequences (batching.max_sequences) at once"};
    QTest::newRow("cache below sequences")
        << doc(R"("kv_cache": {"capacity_tokens": 8}, "batching": {"max_sequences": 16, "max_batch": 64})")
        << QStringList{"W batching.max_sequences: 16 sequences cannot all hold a token in a cache of 8 tokens (kv_cache.capacity_tokens)"};
    QTest::newRow("several gpus without split") << doc(R"("devices": {"split": "none", "gpus": [1, 0]})")
                                                << QStringList{R"(W devices.gpus: 2 GPUs listed but devices.split is "none": only GPU 1 is used)"};
    QTest::newRow("pipeline on one gpu") << doc(R"("devices": {"split": "pipeline", "gpus": [0]})") << QStringList{};
    QTest::newRow("offload without a gpu") << doc(R"("devices": {"offload_layers": 8})")
                                           << QStringList{"W devices.offload_layers: has no effect without a GPU in devices.gpus"};
    QTest::newRow("offload on one gpu") << doc(R"("devices": {"offload_layers": 8, "gpus": [0]})") << QStringList{};
    QTest::newRow("greedy with truncation")
        << doc(R"("sampling": {"temperature": 0, "top_k": 40, "top_p": 0.9, "min_p": 0.1, "repeat_penalty": 1.1})")
        << QStringList{"W sampling.top_k: has no effect with temperature 0 (greedy decoding)",
                       "W sampling.top_p: has no effect with temperature 0 (greedy decoding)",
                       "W sampling.min_p: has no effect with temperature 0 (greedy decoding)"};
    // A full profile writes the "off" values; greedy decoding leaves nothing to warn about.
    QTest::newRow("greedy with every filter off")
        << doc(R"("sampling": {"temperature": 0, "top_k": 0, "top_p": 1, "min_p": 0})") << QStringList{};
    QTest::newRow("greedy with one filter on")
        << doc(R"("sampling": {"temperature": 0, "top_k": 0, "top_p": 0.95, "min_p": 0})")
        << QStringList{"W sampling.top_p: has no effect with temperature 0 (greedy decoding)"};
    QTest::newRow("largest seed") << doc(R"("sampling": {"seed": 18446744073709551615})") << QStringList{};
}

void TestProfile::validProfilesWithWarnings()
{
    QFETCH(QString, text);
    QFETCH(QStringList, expected);
    const ProfileCheck check = checkProfileText(text.toStdString());
    QCOMPARE(render(check.issues), expected);
    QVERIFY(check.profile.has_value());
    QCOMPARE(render(check.warnings()), expected);
    const Expected<Profile> parsed = parseProfile(text.toStdString());
    QVERIFY(parsed.hasValue());
    QVERIFY(*parsed == *check.profile);
}

void TestProfile::malformedJson()
{
    const std::string text = "{\"schema\": \"inferscope.profile/1\",\n  \"weights\": {\"dtype\": \"f16\",}\n}";
    const ProfileCheck check = checkProfileText(text);
    QCOMPARE(check.issues.size(), size_t(1));
    const QString message = q(check.issues[0].toString());
    QVERIFY2(message.startsWith("malformed JSON: parse error at line 2, column 30: syntax error while parsing object key - unexpected '}'"), qPrintable(message));
    QVERIFY2(!message.contains("json.exception"), qPrintable(message));

    const Expected<Profile> parsed = parseProfile(text);
    QVERIFY(!parsed.hasValue());
    QCOMPARE(parsed.error().code, ErrorCode::Format);
    QCOMPARE(q(parsed.error().message), message);

    QCOMPARE(q(parseProfile("").error().message).left(43), QStringLiteral("malformed JSON: parse error at line 1, colu"));
    QVERIFY(!parseProfile(std::string("{\"schema\": \"\xFF\"}")).hasValue());  // invalid UTF-8
    QCOMPARE(q(parseProfile(doc(R"("sampling": {"temperature": 1e400})").toStdString()).error().message),
             QStringLiteral("malformed JSON: number overflow parsing '1e400'"));

    // Deep nesting under an unknown key: reported by name, not walked.
    const std::string deep = doc("").toStdString().insert(1, "\"deep\": " + std::string(100000, '[') + std::string(100000, ']') + ", ");
    QCOMPARE(render(checkProfileText(deep).issues), QStringList{R"(E unknown key "deep")"});

    // A directory is not a profile.
    const Expected<Profile> dir = loadProfileFile(QDir::tempPath().toStdString());
    QVERIFY(!dir.hasValue());
    QCOMPARE(dir.error().code, ErrorCode::Io);
}

// Seeded byte-level mutations of the examples: checking never throws, and any
// mutant that is accepted round-trips through the canonical form.
void TestProfile::neverCrashesOnMutatedInput()
{
    const QDir dir(sourcePath("resources/profiles"));
    const std::string alphabet = "{}[]\",:0123456789.-eE truefalsnul\\\n";
    uint64_t state = 0x9E3779B97F4A7C15ull;
    auto next = [&state]() {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        return static_cast<uint32_t>((state * 0x2545F4914F6CDD1Dull) >> 32);
    };
    int accepted = 0;
    int mutants = 0;
    for (const QString& name : dir.entryList({"*.json"}, QDir::Files, QDir::Name)) {
        const std::string original = readText(dir.filePath(name));
        QVERIFY(!original.empty());
        for (int round = 0; round < 1500; ++round) {
            std::string text = original;
            const int edits = 1 + static_cast<int>(next() % 3);
            for (int e = 0; e < edits && !text.empty(); ++e) {
                const size_t at = next() % text.size();
                switch (next() % 3) {
                case 0: text[at] = alphabet[next() % alphabet.size()]; break;
                case 1: text.erase(at, 1 + next() % 4); break;
                default: text.insert(at, 1, alphabet[next() % alphabet.size()]); break;
                }
            }
            ++mutants;
            const ProfileCheck check = checkProfileText(text);
            QCOMPARE(check.profile.has_value(), !check.hasErrors());
            if (!check.profile) continue;
            ++accepted;
            const std::string canonical = serializeProfile(*check.profile);
            const Expected<Profile> again = parseProfile(canonical);
            QVERIFY2(again.hasValue(), text.c_str());
            QVERIFY2(*again == *check.profile, text.c_str());
            QCOMPARE(serializeProfile(*again), canonical);
        }
    }
    QCOMPARE(mutants, 1500 * int(dir.entryList({"*.json"}, QDir::Files).size()));
    QVERIFY2(accepted > 50, qPrintable(QString::number(accepted)));  // the property was really exercised
    QVERIFY(accepted < mutants);
}

void TestProfile::parseProfileJoinsErrors()
{
    const Expected<Profile> parsed = parseProfile(
        doc(R"("weights": {"group_size": 48}, "kv_cache": {"block_size": 16}, "devices": {"threads": 2000})").toStdString());
    QVERIFY(!parsed.hasValue());
    QCOMPARE(parsed.error().code, ErrorCode::InvalidArgument);
    // Errors only (the block-size warning does not appear), in document-walk order.
    QCOMPARE(q(parsed.error().message),
             QStringLiteral("weights.group_size: 48 is not one of 32, 64, 128; devices.threads: 2000 is out of range [0, 1024]"));
}

void TestProfile::validateParsedJson()
{
    nlohmann::json document = nlohmann::json::parse(doc(R"("batching": {"max_batch": 2048}, "weights": {"dtype": "int4"})").toStdString());
    const std::vector<ProfileIssue> issues = validateProfile(document);
    QCOMPARE(issues.size(), size_t(1));
    QCOMPARE(q(issues[0].path), QStringLiteral("batching.max_batch"));
    QCOMPARE(q(issues[0].message), QStringLiteral("2048 is out of range [1, 1024]"));
    QCOMPARE(issues[0].severity, IssueSeverity::Error);

    document["batching"]["max_batch"] = 64;
    QVERIFY(validateProfile(document).empty());
    const Expected<Profile> profile = profileFromJson(document);
    QVERIFY(profile.hasValue());
    QCOMPARE(profile->batching->maxBatch, std::optional<int32_t>(64));
    QCOMPARE(profile->weights->dtype, std::optional<WeightDType>(WeightDType::Int4));
    QVERIFY(!profile->weights->groupSize.has_value());  // missing stays missing: "unchanged"
    QVERIFY(!profile->kvCache.has_value());
}

void TestProfile::loadProfileFileErrors()
{
    const Expected<Profile> missing = loadProfileFile("/nonexistent/dir/p.json");
    QVERIFY(!missing.hasValue());
    QCOMPARE(missing.error().code, ErrorCode::NotFound);
    QCOMPARE(q(missing.error().message), QStringLiteral("cannot open profile /nonexistent/dir/p.json: No such file or directory"));

    const QString dir = QDir::temp().filePath("inferscope-tst-profile");
    QDir().mkpath(dir);
    const QString path = QDir(dir).filePath("bad.json");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(doc(R"("kv_cache": {"mode": "pagd"})").toUtf8());
    file.close();
    const Expected<Profile> bad = loadProfileFile(path.toStdString());
    QVERIFY(!bad.hasValue());
    QCOMPARE(q(bad.error().message), path + R"(: kv_cache.mode: "pagd" is not one of off, contiguous, paged)");
    QFile::remove(path);
}

void TestProfile::canonicalText()
{
    Profile p;
    p.name = "small";
    p.kvCache = KvCacheConfig{KvCacheMode::Paged, 16, 4096, std::nullopt};
    p.sampling = SamplingConfig{};
    p.sampling->temperature = 1.0;
    p.sampling->topP = 0.95;
    p.devices = DevicesConfig{};
    p.devices->gpus = std::vector<int32_t>{};
    const std::string expected = "{\n"
                                 "  \"schema\": \"inferscope.profile/1\",\n"
                                 "  \"name\": \"small\",\n"
                                 "  \"kv_cache\": {\n"
                                 "    \"mode\": \"paged\",\n"
                                 "    \"block_size\": 16,\n"
                                 "    \"capacity_tokens\": 4096\n"
                                 "  },\n"
                                 "  \"devices\": {\n"
                                 "    \"gpus\": []\n"
                                 "  },\n"
                                 "  \"sampling\": {\n"
                                 "    \"temperature\": 1.0,\n"
                                 "    \"top_p\": 0.95\n"
                                 "  }\n"
                                 "}\n";
    QCOMPARE(q(serializeProfile(p)), q(expected));
    const Expected<Profile> parsed = parseProfile(expected);
    QVERIFY(parsed.hasValue());
    QVERIFY(*parsed == p);
    QCOMPARE(q(serializeProfile(*parsed)), q(expected));
    QCOMPARE(q(serializeProfile(Profile{})), QStringLiteral("{\n  \"schema\": \"inferscope.profile/1\"\n}\n"));
}

void TestProfile::roundTripFullProfile()
{
    const Profile p = fullProfile();
    const std::string text = serializeProfile(p);
    const ProfileCheck check = checkProfileText(text);
    QVERIFY2(!check.hasErrors(), qPrintable(render(check.issues).join("\n")));
    QVERIFY(check.profile.has_value());
    QVERIFY(*check.profile == p);  // doubles bit-exact: 0.1 + 0.2, 1/3, 1e-5
    QCOMPARE(*check.profile->pruning->ratio, 0.1 + 0.2);
    QCOMPARE(q(serializeProfile(*check.profile)), q(text));
    QVERIFY(text.find("\"ratio\": 0.30000000000000004") != std::string::npos);
    QVERIFY(text.find("\"seed\": 18446744073709551615") != std::string::npos);
    QVERIFY(text.find("\"gpus\": [\n      3,\n      1\n    ]") != std::string::npos);
    // Changing one field is seen by ==.
    Profile other = p;
    other.sampling->minP = 2e-5;
    QVERIFY(!(other == p));
}

void TestProfile::bundledExamples_data()
{
    QTest::addColumn<QString>("path");
    const QDir dir(sourcePath("resources/profiles"));
    const QStringList names = dir.entryList({"*.json"}, QDir::Files, QDir::Name);
    QCOMPARE(names, (QStringList{"baseline-fp32.json", "int4-g32.json", "int8.json", "kv-paged.json", "split-tensor-2.json"}));
    for (const QString& name : names) QTest::newRow(qPrintable(name)) << dir.filePath(name);
}

void TestProfile::bundledExamples()
{
    QFETCH(QString, path);
    const std::string text = readText(path);
    QVERIFY(!text.empty());
    const ProfileCheck check = checkProfileText(text);
    QVERIFY2(check.issues.empty(), qPrintable(render(check.issues).join("\n")));  // no warnings either
    QVERIFY(check.profile.has_value());
    QCOMPARE(q(serializeProfile(*check.profile)), q(text));  // the examples are canonical
    const Expected<Profile> loaded = loadProfileFile(path.toStdString());
    QVERIFY(loaded.hasValue());
    QCOMPARE(q(*loaded->name), QFileInfo(path).completeBaseName());
}

void TestProfile::keyPathsAreDocumented()
{
    const std::vector<std::string> keys = profileKeyPaths();
    QCOMPARE(keys.size(), size_t(35));
    QCOMPARE(q(keys.front()), QStringLiteral("schema"));
    QCOMPARE(q(keys[3]), QStringLiteral("weights.dtype"));
    QCOMPARE(q(keys[6]), QStringLiteral("weights.overrides[].pattern"));
    QCOMPARE(q(keys.back()), QStringLiteral("sampling.max_tokens"));
    const QString schemaDoc = QString::fromStdString(readText(sourcePath("engine/config/PROFILE_SCHEMA.md")));
    QVERIFY(!schemaDoc.isEmpty());
    for (const std::string& key : keys)
        QVERIFY2(schemaDoc.contains("`" + q(key) + "`"), key.c_str());
}

void TestProfile::patterns_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("matches");
    QTest::newRow("exact") << "output.weight" << "output.weight" << true;
    QTest::newRow("exact, other") << "output.weight" << "output_norm.weight" << false;
    QTest::newRow("layer star") << "blk.*.attn_*" << "blk.12.attn_q.weight" << true;
    QTest::newRow("layer star, ffn") << "blk.*.attn_*" << "blk.12.ffn_up.weight" << false;
    QTest::newRow("star spans dots") << "blk.*" << "blk.3.ffn_down.weight" << true;
    QTest::newRow("question mark") << "blk.?.ffn_down.weight" << "blk.3.ffn_down.weight" << true;
    QTest::newRow("question mark, two digits") << "blk.?.ffn_down.weight" << "blk.13.ffn_down.weight" << false;
    QTest::newRow("dot is literal") << "blk.1" << "blkx1" << false;
    QTest::newRow("backtracking") << "*a*a*b" << "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab" << true;
    QTest::newRow("backtracking, no match") << "*a*a*b" << "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" << false;
    QTest::newRow("trailing stars") << "blk**" << "blk" << true;
    QTest::newRow("empty name") << "*" << "" << true;
}

void TestProfile::patterns()
{
    QFETCH(QString, pattern);
    QFETCH(QString, name);
    QFETCH(bool, matches);
    QCOMPARE(matchesPattern(pattern.toStdString(), name.toStdString()), matches);
}

void TestProfile::effectiveConfig()
{
    EffectiveConfig config;
    config.requested = *parseProfile(readText(sourcePath("resources/profiles/int4-g32.json")));
    config.adjustments.push_back({"weights.dtype", "blk.3.ffn_down.weight", "int4", "f16",
                                  "172 columns is not a multiple of group size 32"});
    config.adjustments.push_back({"kv_cache.capacity_tokens", std::nullopt, "4096", "2048", "the model's context length is 2048"});
    QCOMPARE(q(config.adjustments[0].describe()),
             QStringLiteral("blk.3.ffn_down.weight: weights.dtype int4 -> f16 (172 columns is not a multiple of group size 32)"));
    QCOMPARE(q(config.adjustments[1].describe()),
             QStringLiteral("kv_cache.capacity_tokens 4096 -> 2048 (the model's context length is 2048)"));

    const std::string text = serializeEffectiveConfig(config);
    QVERIFY(text.rfind("{\n  \"schema\": \"inferscope.effective/1\",\n  \"requested\": {\n    \"schema\": \"inferscope.profile/1\",", 0) == 0);
    QVERIFY(text.find("      \"target\": \"blk.3.ffn_down.weight\",\n") != std::string::npos);
    const Expected<EffectiveConfig> parsed = parseEffectiveConfig(text);
    QVERIFY2(parsed.hasValue(), parsed.hasValue() ? "" : parsed.error().message.c_str());
    QVERIFY(*parsed == config);
    QCOMPARE(q(serializeEffectiveConfig(*parsed)), q(text));

    // Its requested profile is validated with paths under "requested".
    std::string broken = text;
    broken.replace(broken.find("\"dtype\": \"int4\""), 15, "\"dtype\": \"int3\"");
    const Expected<EffectiveConfig> bad = parseEffectiveConfig(broken);
    QVERIFY(!bad.hasValue());
    QCOMPARE(q(bad.error().message),
             QStringLiteral(R"(requested.weights.dtype: "int3" is not one of f32, f16, bf16, int8, int4)"));
    const Expected<EffectiveConfig> wrong = parseEffectiveConfig(R"({"schema": "inferscope.effective/1", "adjustments": [{"path": "x"}]})");
    QVERIFY(!wrong.hasValue());
    QCOMPARE(q(wrong.error().message),
             QStringLiteral(R"(adjustments[0]: missing key "requested"; adjustments[0]: missing key "effective"; )"
                            R"(adjustments[0]: missing key "reason"; missing key "requested")"));
}

void TestProfile::llamaCppExport_data()
{
    QTest::addColumn<QString>("profile");
    QTest::addColumn<QString>("expected");
    QTest::newRow("baseline-fp32")
        << "baseline-fp32.json"
        << "# devices.threads: 0 (all cores) is left to llama.cpp's default thread count\n"
           "# sampling.seed: llama.cpp draws with its own random generator: the same seed gives other tokens than InferScope\n"
           "llama-quantize models/tiny.gguf models/tiny-F32.gguf F32\n"
           "llama-server -m models/tiny-F32.gguf -c 2048 -ctk f32 -ctv f32 -b 512 -ub 512 -np 1 --no-cont-batching "
           "-ngl 0 --temp 0.0 --seed 42 -n 256\n";
    QTest::newRow("int8")
        << "int8.json"
        << "# sampling.seed: llama.cpp draws with its own random generator: the same seed gives other tokens than InferScope\n"
           "llama-quantize --tensor-type '.*=q8_0' models/tiny.gguf models/tiny-Q8_0.gguf Q8_0\n"
           "llama-server -m models/tiny-Q8_0.gguf -c 4096 -ctk f16 -ctv f16 --temp 0.8 --top-k 40 --top-p 0.95 "
           "--seed 1234 -n 256\n";
    QTest::newRow("int4-g32")
        << "int4-g32.json"
        << "# weights.overrides: passed as llama-quantize --tensor-type regular expressions (recent llama.cpp)\n"
           "llama-quantize --tensor-type '^output\\.weight$=q8_0' --tensor-type '.*=q4_0' models/tiny.gguf models/tiny-Q4_0.gguf Q4_0\n"
           "llama-server -m models/tiny-Q4_0.gguf -c 4096 -ctk f16 -ctv f16 --temp 0.0 -n 256\n";
    QTest::newRow("kv-paged")
        << "kv-paged.json"
        << "# kv_cache.mode: llama.cpp's KV cache is one buffer of token cells, not paged blocks; \"paged\" runs as contiguous\n"
           "# kv_cache.block_size: no llama.cpp equivalent (its cache is not paged)\n"
           "# kv_cache.dtype: llama.cpp quantizes the V cache only with flash attention: add -fa (-fa on in newer builds)\n"
           "# sampling.seed: llama.cpp draws with its own random generator: the same seed gives other tokens than InferScope\n"
           "llama-server -m models/tiny.gguf -c 8192 -ctk q8_0 -ctv q8_0 -b 256 -ub 256 -np 16 --cont-batching -t 8 "
           "--temp 0.7 --top-p 0.9 --min-p 0.05 --repeat-penalty 1.1 --repeat-last-n 64 --seed 7 -n 128\n";
}

void TestProfile::llamaCppExport()
{
    QFETCH(QString, profile);
    QFETCH(QString, expected);
    const Expected<Profile> p = loadProfileFile(sourcePath("resources/profiles/").toStdString() + profile.toStdString());
    QVERIFY(p.hasValue());
    QCOMPARE(q(toLlamaCppArgs(*p, "models/tiny.gguf")), expected);
}

void TestProfile::vllmExport_data()
{
    QTest::addColumn<QString>("profile");
    QTest::addColumn<QString>("expected");
    QTest::newRow("baseline-fp32")
        << "baseline-fp32.json"
        << "# kv_cache.mode: vLLM's KV cache is always paged; \"contiguous\" has no equivalent\n"
           "# batching.policy: vLLM always batches continuously; \"static\" has no equivalent\n"
           "# devices.threads: vLLM has no engine argument for CPU threads\n"
           "# devices.gpus: empty (CPU only): vLLM needs its CPU build for that\n"
           "# sampling.seed: vLLM draws with its own random generator: the same seed gives other tokens than InferScope\n"
           "vllm serve meta-llama/Llama-3.2-1B --dtype float32 --kv-cache-dtype auto --max-model-len 2048 "
           "--max-num-seqs 1 --max-num-batched-tokens 512 --enable-chunked-prefill --seed 42 "
           "--override-generation-config '{\"temperature\":0.0,\"max_new_tokens\":256}'\n";
    QTest::newRow("int4-g32")
        << "int4-g32.json"
        << "# weights.dtype: vLLM runs int4 weights only from a checkpoint pre-quantized with GPTQ (4-bit, group size 32), "
           "whose config.json names the method; it cannot quantize to int4 on load\n"
           "# weights.overrides: vLLM has no per-tensor precision overrides\n"
           "# kv_cache.mode: vLLM's KV cache is always paged; \"contiguous\" has no equivalent\n"
           "# kv_cache.dtype: vLLM keeps the cache in the model dtype (auto); f16 needs --dtype float16\n"
           "# kv_cache.capacity_tokens: the whole cache in InferScope; --max-model-len bounds one sequence, and vLLM "
           "sizes its cache from --gpu-memory-utilization\n"
           "vllm serve meta-llama/Llama-3.2-1B --kv-cache-dtype auto --max-model-len 4096 "
           "--override-generation-config '{\"temperature\":0.0,\"max_new_tokens\":256}'\n";
    QTest::newRow("kv-paged")
        << "kv-paged.json"
        << "# kv_cache.dtype: vLLM has no int8 KV cache; fp8 is its 8-bit cache type\n"
           "# kv_cache.capacity_tokens: the whole cache in InferScope; --max-model-len bounds one sequence, and vLLM "
           "sizes its cache from --gpu-memory-utilization\n"
           "# devices.threads: vLLM has no engine argument for CPU threads\n"
           "# sampling.seed: vLLM draws with its own random generator: the same seed gives other tokens than InferScope\n"
           "# sampling.repeat_last_n: no vLLM equivalent: its repetition_penalty covers the whole prompt and output\n"
           "vllm serve meta-llama/Llama-3.2-1B --block-size 16 --kv-cache-dtype fp8 --max-model-len 8192 "
           "--max-num-seqs 16 --max-num-batched-tokens 256 --enable-chunked-prefill --seed 7 "
           "--override-generation-config "
           "'{\"temperature\":0.7,\"top_p\":0.9,\"min_p\":0.05,\"repetition_penalty\":1.1,\"max_new_tokens\":128}'\n";
}

void TestProfile::vllmExport()
{
    QFETCH(QString, profile);
    QFETCH(QString, expected);
    const Expected<Profile> p = loadProfileFile(sourcePath("resources/profiles/").toStdString() + profile.toStdString());
    QVERIFY(p.hasValue());
    QCOMPARE(q(toVllmArgs(*p, "meta-llama/Llama-3.2-1B")), expected);
}

void TestProfile::exportNotesForUnmappedKnobs()
{
    const Expected<Profile> p = parseProfile(doc(
        R"("weights": {"dtype": "int4", "group_size": 128, "symmetric": false},)"
        R"( "pruning": {"method": "nm"}, "kv_cache": {"mode": "off"},)"
        R"( "devices": {"split": "tensor", "gpus": [2, 3]}, "sampling": {"top_k": 0, "seed": 4294967296})").toStdString());
    QVERIFY2(p.hasValue(), p.hasValue() ? "" : p.error().message.c_str());

    const CommandExport llama = exportLlamaCpp(*p, "/models/my model.gguf");
    QCOMPARE(llama.prepare.size(), size_t(1));
    QCOMPARE(q(llama.prepare[0]),
             QStringLiteral("llama-quantize --tensor-type '.*=q4_1' '/models/my model.gguf' '/models/my model-Q4_1.gguf' Q4_1"));
    QCOMPARE(q(llama.command), QStringLiteral("CUDA_VISIBLE_DEVICES=2,3 llama-server -m '/models/my model-Q4_1.gguf' "
                                              "-ngl 999 --split-mode row --tensor-split 1,1 --top-k 0"));
    QStringList notes;
    for (const ExportNote& n : llama.notes) notes << q(n.toString());
    QCOMPARE(notes, (QStringList{
                        "weights.group_size: no exact GGUF equivalent of int4 with groups of 128 (asymmetric); nearest is Q4_1 (groups of 32)",
                        "pruning.method: llama.cpp does not prune; prune in InferScope and export the pruned weights",
                        "kv_cache.mode: llama.cpp always keeps a KV cache; \"off\" (recompute the prefix every token) has no equivalent",
                        "devices.split: llama.cpp's row split divides each weight matrix by rows across the GPUs; close to, but not "
                        "the same as, InferScope's head-wise tensor parallelism",
                        "sampling.seed: not passed: llama.cpp seeds are 32-bit and 4294967296 does not fit"}));

    const CommandExport vllm = exportVllm(*p, "/models/my model.gguf");
    QVERIFY(vllm.prepare.empty());
    QCOMPARE(q(vllm.command), QStringLiteral("CUDA_VISIBLE_DEVICES=2,3 vllm serve '/models/my model.gguf' "
                                             "--tensor-parallel-size 2 --seed 4294967296 "
                                             "--override-generation-config '{\"top_k\":-1}'"));
    notes.clear();
    for (const ExportNote& n : vllm.notes) notes << q(n.toString());
    QCOMPARE(notes, (QStringList{
                        "vLLM's GGUF loading is experimental and needs --tokenizer naming the original Hugging Face tokenizer",
                        "weights.dtype: vLLM serves a GGUF in the tensor types stored in it and cannot quantize on load; serve a GGUF "
                        "written as Q4_1 (the llama.cpp export's llama-quantize step writes it)",
                        "pruning.method: vLLM does not prune; prune in InferScope and export the pruned weights (a 2:4 checkpoint in "
                        "compressed-tensors format runs on vLLM's 2:4 sparse kernels)",
                        "kv_cache.mode: vLLM always keeps a paged KV cache; \"off\" has no equivalent",
                        "sampling.seed: vLLM draws with its own random generator: the same seed gives other tokens than InferScope"}));

    // An empty profile exports the bare command.
    QCOMPARE(q(toLlamaCppArgs(Profile{}, "m.gguf")), QStringLiteral("llama-server -m m.gguf\n"));
    QCOMPARE(q(toVllmArgs(Profile{}, "org/model")), QStringLiteral("vllm serve org/model\n"));
    QCOMPARE(q(shellQuote("it's")), QStringLiteral("'it'\\''s'"));
    QCOMPARE(q(shellQuote("")), QStringLiteral("''"));
}

// vLLM cannot open a llama2.c checkpoint and never quantizes on load: the export
// converts the .bin first and claims no --quantization method for any file.
void TestProfile::vllmSaysWhatItCanLoad()
{
    const Expected<Profile> p = parseProfile(doc(R"("weights": {"dtype": "int4", "group_size": 32})").toStdString());
    QVERIFY(p.hasValue());

    const CommandExport bin = exportVllm(*p, "/models/stories260K.bin");
    QCOMPARE(bin.prepare.size(), size_t(1));
    QCOMPARE(q(bin.prepare[0]),
             QStringLiteral("inferscope-cli export-model /models/stories260K.bin --weights f16 --out /models/stories260K.gguf"));
    QCOMPARE(q(bin.command), QStringLiteral("vllm serve /models/stories260K.gguf"));
    QStringList notes;
    for (const ExportNote& n : bin.notes) notes << q(n.toString());
    QVERIFY2(notes.value(0).startsWith(QStringLiteral("vLLM cannot load a llama2.c checkpoint (.bin)")), qPrintable(notes.join('\n')));
    QVERIFY2(notes.join('\n').contains(QStringLiteral("serve a GGUF written as Q4_0")), qPrintable(notes.join('\n')));

    // An FP32 GGUF: vLLM serves what is stored; the note names the GGUF type to write.
    const CommandExport gguf = exportVllm(*p, "/models/stories260K.gguf");
    QVERIFY(gguf.prepare.empty());
    QCOMPARE(q(gguf.command), QStringLiteral("vllm serve /models/stories260K.gguf"));

    // A Hugging Face folder: the method comes from the checkpoint, never from the export.
    const CommandExport hf = exportVllm(*p, "org/model");
    QVERIFY(!q(hf.command).contains(QStringLiteral("--quantization")));
    QVERIFY(!q(hf.text()).contains(QStringLiteral("export-model")));

    // A float profile converts the checkpoint at that precision.
    const Expected<Profile> f32 = parseProfile(doc(R"("weights": {"dtype": "f32"})").toStdString());
    QVERIFY(f32.hasValue());
    QCOMPARE(q(exportVllm(*f32, "m.bin").prepare.at(0)),
             QStringLiteral("inferscope-cli export-model m.bin --weights f32 --out m.gguf"));
}

// 5000 unknown keys: at most 200 issues plus one saying there are more, and
// a joined line of 20 errors and a count.
void TestProfile::errorListsAreCapped()
{
    std::string text = R"({"schema": "inferscope.profile/1", "name": "many")";
    for (int i = 0; i < 5000; ++i) text += ", \"unknown_" + std::to_string(i) + "\": 1";
    text += "}";
    const engine::ProfileCheck check = engine::checkProfileText(text);
    QVERIFY(check.hasErrors());
    QCOMPARE(check.issues.size(), size_t(201));
    QVERIFY(check.issues.back().message.find("the rest are not listed") != std::string::npos);
    const std::string line = engine::joinErrors(check.issues);
    QVERIFY2(line.find("; and 181 more") != std::string::npos, line.c_str());
    QVERIFY(line.size() < 2000);
}

// Profiles named by what they change.
void TestProfile::changesDescribed()
{
    QCOMPARE(engine::describeProfileChanges({}), std::string("as stored"));
    auto p = engine::parseProfile(R"({"schema": "inferscope.profile/1", "name": "x",
        "weights": {"dtype": "int4", "group_size": 128},
        "pruning": {"method": "wanda", "ratio": 0.25},
        "kv_cache": {"mode": "paged", "dtype": "int8"},
        "devices": {"split": "pipeline", "virtual_cpus": 2}})");
    QVERIFY2(p, p ? "" : p.error().message.c_str());
    QCOMPARE(engine::describeProfileChanges(*p),
             std::string("INT4 g128 \xC2\xB7 Wanda 25 % \xC2\xB7 INT8 paged KV \xC2\xB7 pipeline \xC3\x97" "2"));
    auto nm = engine::parseProfile(R"({"schema": "inferscope.profile/1", "name": "y", "pruning": {"method": "nm", "n": 2, "m": 4},
        "kv_cache": {"mode": "off"}})");
    QVERIFY(nm);
    QCOMPARE(engine::describeProfileChanges(*nm), std::string("2:4 \xC2\xB7 KV off"));
}

QTEST_GUILESS_MAIN(TestProfile)
#include "tst_profile.moc"

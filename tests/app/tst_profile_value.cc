// ProfileValue: every key of the schema can be set, read back and cleared
// through the field visitors; unknown keys and values of the wrong type are
// refused without changing anything; the JSON is the engine's canonical text.
#include <QTest>

#include "app/bridge/profile_value.h"
#include "engine/config/profile.h"

namespace {

// A valid value for every scalar or list key of the schema (the keys of
// weights.overrides' entries are set through their list).
QVariant sampleValue(const QString& path)
{
    static const QHash<QString, QVariant> values{
        {QStringLiteral("name"), QStringLiteral("test")},
        {QStringLiteral("description"), QStringLiteral("a profile")},
        {QStringLiteral("weights.dtype"), QStringLiteral("int8")},
        {QStringLiteral("weights.group_size"), 64},
        {QStringLiteral("weights.symmetric"), false},
        {QStringLiteral("weights.overrides"),
         QVariantList{QVariantMap{{QStringLiteral("pattern"), QStringLiteral("output.weight")},
                                  {QStringLiteral("dtype"), QStringLiteral("f16")}}}},
        {QStringLiteral("pruning.method"), QStringLiteral("wanda")},
        {QStringLiteral("pruning.ratio"), 0.25},
        {QStringLiteral("pruning.n"), 2},
        {QStringLiteral("pruning.m"), 4},
        {QStringLiteral("pruning.scope"), QStringLiteral("ffn")},
        {QStringLiteral("pruning.exclude"), QStringList{QStringLiteral("blk.0.*")}},
        {QStringLiteral("kv_cache.mode"), QStringLiteral("paged")},
        {QStringLiteral("kv_cache.block_size"), 16},
        {QStringLiteral("kv_cache.capacity_tokens"), qlonglong(4096)},
        {QStringLiteral("kv_cache.dtype"), QStringLiteral("f16")},
        {QStringLiteral("batching.policy"), QStringLiteral("static")},
        {QStringLiteral("batching.max_batch"), 128},
        {QStringLiteral("batching.max_sequences"), 4},
        {QStringLiteral("devices.threads"), 2},
        {QStringLiteral("devices.split"), QStringLiteral("pipeline")},
        {QStringLiteral("devices.gpus"), QVariantList{0}},
        {QStringLiteral("devices.virtual_cpus"), 2},
        {QStringLiteral("devices.layer_weights"), QVariantList{1, 2}},
        {QStringLiteral("devices.offload_layers"), 3},
        {QStringLiteral("sampling.temperature"), 0.7},
        {QStringLiteral("sampling.top_k"), 40},
        {QStringLiteral("sampling.top_p"), 0.9},
        {QStringLiteral("sampling.min_p"), 0.05},
        {QStringLiteral("sampling.repeat_penalty"), 1.1},
        {QStringLiteral("sampling.repeat_last_n"), 64},
        {QStringLiteral("sampling.seed"), qulonglong(7)},
        {QStringLiteral("sampling.max_tokens"), 32},
    };
    return values.value(path);
}

}  // namespace

class TestProfileValue : public QObject {
    Q_OBJECT
private slots:
    void everyKeyRoundTrips();
    void refusesUnknownKeysAndWrongTypes();
    void clearingTheLastKeyDropsTheSection();
    void jsonIsCanonical();
};

void TestProfileValue::everyKeyRoundTrips()
{
    int keys = 0;
    for (const std::string& p : engine::profileKeyPaths()) {
        const QString path = QString::fromStdString(p);
        if (path == QLatin1String("schema") || path.contains(QLatin1String("[]")))
            continue;
        const QVariant sample = sampleValue(path);
        QVERIFY2(sample.isValid(), qPrintable(QStringLiteral("no sample value for %1").arg(path)));
        ProfileValue value;
        QVERIFY2(value.setValue(path, sample), qPrintable(path));
        QCOMPARE(value.value(path), sample);
        QVERIFY(!value.isEmpty());
        QVERIFY2(value.toJson().contains(path.section(QLatin1Char('.'), -1).toUtf8()), value.toJson().constData());
        QVERIFY(value.setValue(path, QVariant()));
        QVERIFY2(value.isEmpty(), qPrintable(path));
        ++keys;
    }
    QVERIFY(keys >= 30);

    // A consistent profile of many keys, through its JSON and back (checked by the validator).
    ProfileValue full;
    for (const char* key : {"name", "weights.dtype", "weights.group_size", "weights.symmetric", "weights.overrides",
                            "pruning.method", "pruning.ratio", "pruning.scope", "pruning.exclude", "kv_cache.mode",
                            "kv_cache.block_size", "kv_cache.capacity_tokens", "kv_cache.dtype", "batching.policy",
                            "batching.max_batch", "batching.max_sequences", "devices.threads",
                            "sampling.temperature", "sampling.top_k", "sampling.top_p", "sampling.seed"})
        QVERIFY2(full.setValue(QString::fromLatin1(key), sampleValue(QString::fromLatin1(key))), key);
    QStringList errors;
    const auto back = ProfileValue::fromJson(full.toJson(), &errors);
    QVERIFY2(back, qPrintable(errors.join(QStringLiteral("; "))));
    QCOMPARE(*back, full);
}

void TestProfileValue::refusesUnknownKeysAndWrongTypes()
{
    ProfileValue value;
    QVERIFY(value.setValue(QStringLiteral("weights.dtype"), QStringLiteral("int4")));
    const QByteArray before = value.toJson();
    QVERIFY(!value.setValue(QStringLiteral("weights.dtyp"), QStringLiteral("int8")));
    QVERIFY(!value.setValue(QStringLiteral("batching.max_batchsize"), 8));
    QVERIFY(!value.setValue(QStringLiteral("weights"), QStringLiteral("int8")));  // a section, not a key
    QVERIFY(!value.setValue(QStringLiteral("weights.dtype"), QStringLiteral("int3")));
    QVERIFY(!value.setValue(QStringLiteral("weights.group_size"), QStringLiteral("64")));
    QVERIFY(!value.setValue(QStringLiteral("batching.max_sequences"), 2.5));
    QVERIFY(!value.setValue(QStringLiteral("sampling.seed"), -1));
    QVERIFY(!value.setValue(QStringLiteral("devices.layer_weights"), QVariantList{1, QStringLiteral("x")}));
    QCOMPARE(value.toJson(), before);
    QVERIFY(!value.value(QStringLiteral("no.such")).isValid());
    QCOMPARE(value.sections(), QStringList{QStringLiteral("weights")});
}

void TestProfileValue::clearingTheLastKeyDropsTheSection()
{
    ProfileValue value;
    QVERIFY(value.setValue(QStringLiteral("kv_cache.mode"), QStringLiteral("paged")));
    QVERIFY(value.setValue(QStringLiteral("kv_cache.block_size"), 32));
    QVERIFY(value.setValue(QStringLiteral("kv_cache.mode"), QVariant()));
    QCOMPARE(value.sections(), QStringList{QStringLiteral("kv_cache")});
    QVERIFY(value.setValue(QStringLiteral("kv_cache.block_size"), QVariant()));
    QVERIFY(value.sections().isEmpty());
    QCOMPARE(value, ProfileValue());
}

void TestProfileValue::jsonIsCanonical()
{
    const QByteArray text = R"({"schema": "inferscope.profile/1", "batching": {"max_sequences": 4, "policy": "static"},
                                "weights": {"group_size": 32, "dtype": "int8"}})";
    const auto value = ProfileValue::fromJson(text);
    QVERIFY(value);
    QCOMPARE(value->toJson(), QByteArray::fromStdString(engine::serializeProfile(value->profile())));
    const auto again = ProfileValue::fromJson(value->toJson());
    QVERIFY(again);
    QCOMPARE(again->toJson(), value->toJson());  // canonical text reproduces itself
    QCOMPARE(value->value(QStringLiteral("batching.max_sequences")), QVariant(4));
    QCOMPARE(value->sections(), (QStringList{QStringLiteral("weights"), QStringLiteral("batching")}));
    QStringList errors;
    QVERIFY(!ProfileValue::fromJson(R"({"schema": "inferscope.profile/1", "weights": {"group_size": 48}})", &errors));
    QVERIFY2(errors.join(QLatin1Char(' ')).contains(QStringLiteral("weights.group_size")),
             qPrintable(errors.join(QLatin1Char(' '))));
    QVERIFY(ProfileValue::fromJson(QByteArray())->isEmpty());
}

QTEST_GUILESS_MAIN(TestProfileValue)
#include "tst_profile_value.moc"

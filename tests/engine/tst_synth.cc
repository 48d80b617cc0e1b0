// GGUF writer and synthetic models. The writer must reproduce llama.cpp's
// stories260K.gguf byte for byte from its parsed contents; synthetic models
// must read back (our reader, model config, weights, tokenizer) with the
// shape they claim, deterministic bytes per seed, and weights that agree
// across dtypes (the same seed draws the same values).
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

#include <filesystem>

#include <cmath>
#include <csignal>
#include <cstring>
#include <set>
#include <sys/resource.h>

#include "common/fixtures.h"
#include "engine/formats/gguf_writer.h"
#include "engine/formats/model_file.h"
#include "engine/model/model_card.h"
#include "engine/model/model_config.h"
#include "engine/model/synth.h"
#include "engine/model/weights.h"
#include "engine/tokenizer/tokenizer.h"
#include "kernels/api/half.h"
#include "kernels/api/ops.h"

using engine::MetaType;
using engine::MetaValue;
using kernels::DType;

Q_DECLARE_METATYPE(engine::SynthShape)
Q_DECLARE_METATYPE(kernels::DType)

namespace {

QByteArray fileBytes(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

std::vector<float> dequantized(const engine::TensorInfo& t)
{
    std::vector<float> out(t.elements());
    kernels::ref::dequantizeRow(t.type, t.data, out.data(), int64_t(out.size()));
    return out;
}

std::string synth(const QTemporaryDir& dir, engine::SynthShape shape, DType dtype, uint64_t seed, const char* tag)
{
    const std::string path = dir.filePath(QString::fromUtf8(tag)).toStdString();
    auto status = engine::synthesizeModel({shape, dtype, seed, path});
    if (!status) qWarning("%s", status.error().message.c_str());
    return status ? path : std::string();
}

}  // namespace

class TestSynth : public QObject {
    Q_OBJECT

private slots:
    void writerReproducesStories260kGguf();
    void writerRoundTripsEveryMetaType();
    void writerRejectsMisuse();
    void writerReportsWriteFailure();
    void synthRoundTrip_data();
    void synthRoundTrip();
    void sameSeedSameBytes();
    void dtypesShareTheDrawnValues();
    void vocabularyIsMergeable();
    void cancelRemovesPartialFile();
    void eightB();
    void gemma2ShapeMatchesPublishedCount();
    void phi3VocabularyCarriesAddedTokens();

private:
    QTemporaryDir m_tmp;
};

void TestSynth::writerReproducesStories260kGguf()
{
    REQUIRE_SHARED_FIXTURE(gguf, "stories260K.gguf");
    auto src = engine::openModelFile(gguf.toStdString());
    QVERIFY2(src, src ? "" : src.error().message.c_str());
    const QString out = m_tmp.filePath("copy.gguf");
    engine::GgufWriter w(out.toStdString(), src->alignment);
    for (const auto& [key, value] : src->metadata) QVERIFY(w.addMeta(key, value));
    for (const auto& t : src->tensors) QVERIFY(w.addTensor(t.name, t.type, t.shape));
    QVERIFY(w.writeHeader());
    auto status = w.writeTensors([&](const engine::TensorInfo& t) -> engine::Status {
        // In two pieces, to exercise appending within a tensor.
        const engine::TensorInfo* s = src->findTensor(t.name);
        const uint64_t half = s->bytes / 2;
        ENGINE_TRY(w.appendTensorData(s->data, half));
        return w.appendTensorData(s->data + half, s->bytes - half);
    });
    QVERIFY2(status, status ? "" : status.error().message.c_str());
    QVERIFY(w.finish());
    QVERIFY(!QFile::exists(out + ".tmp"));
    const QByteArray a = fileBytes(gguf), b = fileBytes(out);
    QCOMPARE(b.size(), a.size());
    QVERIFY(a == b);
}

void TestSynth::writerRoundTripsEveryMetaType()
{
    const QString out = m_tmp.filePath("types.gguf");
    engine::GgufWriter w(out.toStdString(), 64);
    QVERIFY(w.addMeta("u8", {MetaType::U8, uint64_t{200}}));
    QVERIFY(w.addMeta("i8", {MetaType::I8, int64_t{-100}}));
    QVERIFY(w.addMeta("u16", {MetaType::U16, uint64_t{60000}}));
    QVERIFY(w.addMeta("i16", {MetaType::I16, int64_t{-30000}}));
    QVERIFY(w.addMeta("u32", MetaValue::u32(4000000000u)));
    QVERIFY(w.addMeta("i32", MetaValue::i32(-2000000000)));
    QVERIFY(w.addMeta("u64", MetaValue::u64(~0ull)));
    QVERIFY(w.addMeta("i64", {MetaType::I64, int64_t{-1} << 62}));
    QVERIFY(w.addMeta("f32", MetaValue::f32(0.1f)));
    QVERIFY(w.addMeta("f64", {MetaType::F64, 0.1}));
    QVERIFY(w.addMeta("bool", MetaValue::boolean(true)));
    QVERIFY(w.addMeta("str", MetaValue::string("h\xc3\xa9llo")));
    QVERIFY(w.addMeta("strs", MetaValue::array(MetaType::String, {MetaValue::string("a"), MetaValue::string("")})));
    QVERIFY(w.addMeta("nested", MetaValue::array(MetaType::Array, {MetaValue::array(MetaType::I32, {MetaValue::i32(7)}),
                                                                  MetaValue::array(MetaType::I32, {})})));
    QVERIFY(w.addTensor("a", DType::F32, {3}));
    QVERIFY(w.addTensor("b", DType::Q8_0, {64, 2}));
    QVERIFY(w.writeHeader());
    const float a[3] = {1.0f, -2.0f, 3.5f};
    QVERIFY(w.writeTensorData("a", a, sizeof(a)));
    std::vector<uint8_t> b(2 * 68);
    for (size_t i = 0; i < b.size(); ++i) b[i] = uint8_t(i);
    QVERIFY(w.writeTensorData("b", b.data(), b.size()));
    QVERIFY(w.finish());

    auto m = engine::openModelFile(out.toStdString());
    QVERIFY2(m, m ? "" : m.error().message.c_str());
    QCOMPARE(m->version, 3u);
    QCOMPARE(m->alignment, uint64_t(64));
    QCOMPARE(m->getInt("general.alignment"), std::optional<int64_t>(64));
    QCOMPARE(m->find("u8")->type, MetaType::U8);
    QCOMPARE(m->getInt("u8"), std::optional<int64_t>(200));
    QCOMPARE(m->getInt("i8"), std::optional<int64_t>(-100));
    QCOMPARE(m->getInt("u16"), std::optional<int64_t>(60000));
    QCOMPARE(m->getInt("i16"), std::optional<int64_t>(-30000));
    QCOMPARE(m->getInt("u32"), std::optional<int64_t>(4000000000ll));
    QCOMPARE(m->getInt("i32"), std::optional<int64_t>(-2000000000));
    QCOMPARE(std::get<uint64_t>(m->find("u64")->value), ~0ull);
    QCOMPARE(m->getInt("i64"), std::optional<int64_t>(int64_t{-1} << 62));
    QCOMPARE(m->getFloat("f32"), std::optional<double>(double(0.1f)));
    QCOMPARE(m->getFloat("f64"), std::optional<double>(0.1));
    QCOMPARE(m->find("bool")->asBool(), std::optional<bool>(true));
    QCOMPARE(m->getString("str"), std::optional<std::string>("h\xc3\xa9llo"));
    const auto* strs = m->find("strs")->asArray();
    QCOMPARE(strs->items.size(), size_t(2));
    QCOMPARE(*strs->items[0].asString(), std::string("a"));
    const auto* nested = m->find("nested")->asArray();
    QCOMPARE(nested->elementType, MetaType::Array);
    QCOMPARE(nested->items[0].asArray()->items[0].asInt(), std::optional<int64_t>(7));
    QCOMPARE(nested->items[1].asArray()->items.size(), size_t(0));
    QCOMPARE(m->findTensor("b")->fileOffset % 64, uint64_t(0));
    QVERIFY(std::memcmp(m->findTensor("a")->data, a, sizeof(a)) == 0);
    QVERIFY(std::memcmp(m->findTensor("b")->data, b.data(), b.size()) == 0);
}

void TestSynth::writerRejectsMisuse()
{
    const QString out = m_tmp.filePath("misuse.gguf");
    {
        engine::GgufWriter w(out.toStdString());
        QVERIFY(w.addMeta("k", MetaValue::u32(1)));
        auto dup = w.addMeta("k", MetaValue::u32(2));
        QVERIFY(!dup && dup.error().message.find("duplicate metadata key 'k'") != std::string::npos);
        auto range = w.addMeta("r", {MetaType::U8, uint64_t{300}});
        QVERIFY(!range && range.error().message.find("out of range") != std::string::npos);
        auto mixed = w.addMeta("m", MetaValue::array(MetaType::I32, {MetaValue::u32(1)}));
        QVERIFY(!mixed && mixed.error().message.find("array item 0 is u32") != std::string::npos);
        auto block = w.addTensor("q", DType::Q4_0, {48, 2});
        QVERIFY(!block && block.error().message.find("row length 48 is not a multiple of the Q4_0 block size 32") !=
                              std::string::npos);
        QVERIFY(w.addTensor("x", DType::F32, {4}));
        QVERIFY(w.addTensor("y", DType::F32, {4}));
        QVERIFY(w.writeHeader());
        auto late = w.addTensor("z", DType::F32, {4});
        QVERIFY(!late && late.error().message.find("after writeHeader") != std::string::npos);
        const float data[4] = {};
        auto order = w.writeTensorData("y", data, sizeof(data));
        QVERIFY(!order && order.error().message.find("out of order (next is 'x')") != std::string::npos);
        auto size = w.writeTensorData("x", data, 8);
        QVERIFY(!size && size.error().message.find("needs 16 bytes, got 8") != std::string::npos);
        QVERIFY(w.writeTensorData("x", data, sizeof(data)));
        auto incomplete = w.finish();
        QVERIFY(!incomplete);
        QVERIFY2(incomplete.error().message.find("tensor 'y' has 0 of 16 bytes written") != std::string::npos,
                 incomplete.error().message.c_str());
        QVERIFY(!QFile::exists(out));
        QVERIFY(!QFile::exists(out + ".tmp"));
    }
    {
        engine::GgufWriter w(m_tmp.filePath("no/such/dir/x.gguf").toStdString());
        auto status = w.writeHeader();
        QVERIFY(!status);
        QCOMPARE(status.error().code, engine::ErrorCode::Io);
        QVERIFY(status.error().message.find("no/such/dir/x.gguf.tmp: cannot create") != std::string::npos);
    }
    {
        engine::GgufWriter w(out.toStdString());
        QVERIFY(w.addTensor("x", DType::F32, {4}));
        QVERIFY(w.writeHeader());
        const float data[4] = {};
        auto status = w.writeTensors([&](const engine::TensorInfo&) { return w.appendTensorData(data, 8); });
        QVERIFY(!status);
        QVERIFY2(status.error().message.find("producer wrote 8 of 16 bytes of tensor 'x'") != std::string::npos,
                 status.error().message.c_str());
        QVERIFY(!QFile::exists(out + ".tmp"));
    }
    {  // a writer abandoned mid-way leaves nothing behind
        engine::GgufWriter w(out.toStdString());
        QVERIFY(w.addTensor("x", DType::F32, {4}));
        QVERIFY(w.writeHeader());
        QVERIFY(QFile::exists(out + ".tmp"));
    }
    QVERIFY(!QFile::exists(out + ".tmp"));
}

void TestSynth::writerReportsWriteFailure()
{
    // A file-size limit makes writes fail the way a full disk does.
    rlimit old{};
    QVERIFY(getrlimit(RLIMIT_FSIZE, &old) == 0);
    auto previous = std::signal(SIGXFSZ, SIG_IGN);
    rlimit small = old;
    small.rlim_cur = 1 << 20;
    QVERIFY(setrlimit(RLIMIT_FSIZE, &small) == 0);
    const QString out = m_tmp.filePath("full.gguf");
    engine::Status status = engine::okStatus();
    {
        engine::GgufWriter w(out.toStdString());
        QVERIFY(w.addTensor("big", DType::F32, {1024, 2048}));
        QVERIFY(w.writeHeader());
        std::vector<float> zeros(1024 * 2048);
        status = w.writeTensorData("big", zeros.data(), zeros.size() * 4);
        if (status) status = w.finish();
    }
    setrlimit(RLIMIT_FSIZE, &old);
    std::signal(SIGXFSZ, previous);
    QVERIFY(!status);
    QCOMPARE(status.error().code, engine::ErrorCode::Io);
    QVERIFY2(status.error().message.find("full.gguf.tmp: ") != std::string::npos, status.error().message.c_str());
    QVERIFY(status.error().message.find("failed") != std::string::npos);
    QVERIFY(!QFile::exists(out));
    QVERIFY(!QFile::exists(out + ".tmp"));
}

void TestSynth::synthRoundTrip_data()
{
    QTest::addColumn<engine::SynthShape>("shape");
    QTest::addColumn<DType>("dtype");
    using S = engine::SynthShape;
    for (DType d : {DType::F32, DType::F16, DType::BF16, DType::Q8_0, DType::Q4_0})
        QTest::addRow("tiny %s", std::string(kernels::dtypeName(d)).c_str()) << S::Tiny << d;
    QTest::newRow("15m F32") << S::Stories15M << DType::F32;
    QTest::newRow("15m Q8_0") << S::Stories15M << DType::Q8_0;
    QTest::newRow("110m BF16") << S::Stories110M << DType::BF16;
    QTest::newRow("110m Q4_0") << S::Stories110M << DType::Q4_0;
    QTest::newRow("1b Q4_0") << S::Llama1B << DType::Q4_0;
    QTest::newRow("qwen2-0.5b Q4_0") << S::Qwen2_05B << DType::Q4_0;
}

void TestSynth::synthRoundTrip()
{
    QFETCH(engine::SynthShape, shape);
    QFETCH(DType, dtype);
    const engine::SynthShapeSpec& s = engine::synthShapeSpec(shape);
    const std::string path = synth(m_tmp, shape, dtype, 42, "roundtrip.gguf");
    QVERIFY(!path.empty());
    auto m = engine::openModelFile(path);
    QVERIFY2(m, m ? "" : m.error().message.c_str());
    auto config = engine::ModelConfig::fromModelFile(*m);
    QVERIFY2(config, config ? "" : config.error().message.c_str());
    QCOMPARE(config->dim, s.dim);
    QCOMPARE(config->hiddenDim, s.hiddenDim);
    QCOMPARE(config->nLayers, s.nLayers);
    QCOMPARE(config->nHeads, s.nHeads);
    QCOMPARE(config->nKvHeads, s.nKvHeads);
    QCOMPARE(config->vocabSize, s.vocabSize);
    QCOMPARE(config->contextLength, s.contextLength);
    QCOMPARE(config->ropeFreqBase, s.ropeFreqBase);
    auto weights = engine::Weights::bind(*m, *config);
    QVERIFY2(weights, weights ? "" : weights.error().message.c_str());
    QCOMPARE(weights->tiedOutput, s.tiedOutput);

    const engine::ModelCard card = engine::ModelCard::fromModelFile(*m);
    const uint64_t kvDim = uint64_t(s.nKvHeads * (s.dim / s.nHeads));
    const uint64_t biases = s.architecture == "qwen2" ? s.dim + 2 * kvDim : 0;  // Q/K/V biases
    const uint64_t perLayer = 2 * s.dim + 2 * s.dim * s.dim + 2 * s.dim * kvDim + 3 * s.dim * s.hiddenDim + biases;
    // Llama-3.2-1B-shaped files carry Llama 3's rope_freqs: one factor per rotated pair.
    const uint64_t ropePairs = s.llama3RopeFactor > 0.0f ? uint64_t(s.dim / s.nHeads / 2) : 0;
    QCOMPARE(uint64_t(weights->ropeFactors().size()), ropePairs);
    if (ropePairs > 0)
        QCOMPARE(weights->ropeFactors(),
                 engine::llama3RopeFreqs(s.dim / s.nHeads, s.ropeFreqBase, s.llama3RopeFactor));
    const uint64_t params =
        (s.tiedOutput ? 1 : 2) * s.vocabSize * s.dim + s.nLayers * perLayer + s.dim + ropePairs;
    QCOMPARE(card.parameterCount, params);
    QCOMPARE(engine::synthParameterCount(s), params);  // what the workbench's synth dialog shows
    QCOMPARE(card.tokenizerModel, std::string("llama"));
    QCOMPARE(card.tokenizerVocab, s.vocabSize);
    QCOMPARE(card.tiedOutput, s.tiedOutput);
    // Every tensor synth writes is one the forward pass reads, under the role
    // the architecture gives it (phi3's fused matrices as such).
    QCOMPARE(card.unreadTensors, int64_t(0));
    const auto hasFeature = [&](const char* f) {
        return std::find(card.features.begin(), card.features.end(), std::string(f)) != card.features.end();
    };
    QCOMPARE(hasFeature("Q/K/V biases"), s.architecture == "qwen2");
    QCOMPARE(hasFeature("fused Q/K/V matrix"), s.architecture == "phi3");
    QCOMPARE(hasFeature("rope frequency factors (rope_freqs)"), s.llama3RopeFactor > 0.0f);
    QCOMPARE(hasFeature("half-split (NeoX) rope"), s.architecture != "llama");
    for (const engine::ModelCard::Tensor& t : card.tensors) {
        if (t.name == "blk.0.attn_qkv.weight") QCOMPARE(t.role, std::string("attn_qkv (q | k | v)"));
        if (t.name == "blk.0.ffn_up.weight")
            QCOMPARE(t.role, std::string(s.architecture == "phi3" ? "ffn_up (gate | up)" : "ffn_up"));
    }
    uint64_t dataBytes = 0;
    for (const engine::TensorInfo& t : m->tensors) {
        dataBytes += t.bytes;
        QCOMPARE(t.type, engine::storageTypeFor(dtype, t.shape));
    }
    QCOMPARE(card.memory.asStored, dataBytes);
    QVERIFY(m->fileSize >= m->dataOffset + dataBytes);

    // Norms are exactly 1; matrices have the documented spread 1/sqrt(row length).
    QCOMPARE(dequantized(*m->findTensor("blk.0.ffn_norm.weight")), std::vector<float>(size_t(s.dim), 1.0f));
    const std::vector<float> q = dequantized(*m->findTensor("blk.0.attn_q.weight"));
    double sum = 0, sq = 0;
    for (float v : q) sum += v, sq += double(v) * v;
    const double mean = sum / double(q.size()), sd = std::sqrt(sq / double(q.size()) - mean * mean);
    QVERIFY2(std::abs(sd * std::sqrt(double(s.dim)) - 1.0) < 0.05, qPrintable(QString::number(sd)));
    QVERIFY(std::abs(mean) < 0.05 / std::sqrt(double(s.dim)) * 10);

    // The vocabulary round-trips through the SPM tokenizer.
    auto tok = engine::Tokenizer::fromModel(*m);
    QVERIFY2(tok, tok ? "" : tok.error().message.c_str());
    const std::string text = "Hello world, 42 times!";
    const std::vector<int32_t> ids = (*tok)->encode(text, true);
    QCOMPARE(ids.front(), 1);
    QCOMPARE((*tok)->decode(ids), text);
}

void TestSynth::sameSeedSameBytes()
{
    using S = engine::SynthShape;
    const std::string a = synth(m_tmp, S::Tiny, DType::Q4_0, 7, "a.gguf");
    const std::string b = synth(m_tmp, S::Tiny, DType::Q4_0, 7, "b.gguf");
    const std::string c = synth(m_tmp, S::Tiny, DType::Q4_0, 8, "c.gguf");
    QVERIFY(!a.empty() && !b.empty() && !c.empty());
    const QByteArray ba = fileBytes(QString::fromStdString(a)), bb = fileBytes(QString::fromStdString(b)),
                     bc = fileBytes(QString::fromStdString(c));
    QVERIFY(!ba.isEmpty());
    QVERIFY(ba == bb);
    QVERIFY(ba != bc);
    // Different seeds differ in every matrix, not just in the recorded seed.
    auto ma = engine::openModelFile(a), mc = engine::openModelFile(c);
    QVERIFY(ma && mc);
    for (const engine::TensorInfo& t : ma->tensors)
        if (t.shape.size() == 2)
            QVERIFY2(std::memcmp(t.data, mc->findTensor(t.name)->data, t.bytes) != 0, t.name.c_str());
}

void TestSynth::dtypesShareTheDrawnValues()
{
    using S = engine::SynthShape;
    auto f32 = engine::openModelFile(synth(m_tmp, S::Tiny, DType::F32, 3, "v32.gguf"));
    auto f16 = engine::openModelFile(synth(m_tmp, S::Tiny, DType::F16, 3, "v16.gguf"));
    auto bf16 = engine::openModelFile(synth(m_tmp, S::Tiny, DType::BF16, 3, "vbf.gguf"));
    auto q8 = engine::openModelFile(synth(m_tmp, S::Tiny, DType::Q8_0, 3, "vq8.gguf"));
    QVERIFY(f32 && f16 && bf16 && q8);
    for (const engine::TensorInfo& t : f32->tensors) {
        const std::vector<float> ref = dequantized(t);
        const std::vector<float> h = dequantized(*f16->findTensor(t.name));
        const std::vector<float> b = dequantized(*bf16->findTensor(t.name));
        const std::vector<float> q = dequantized(*q8->findTensor(t.name));
        // Half a Q8_0 step (amax/127) plus the fp16 rounding of the block scale.
        const float amax = std::sqrt(3.0f / float(t.shape[0]));
        const float bound = (0.5f / 127.0f + 1.0f / 2048.0f) * amax * 1.001f;
        for (size_t i = 0; i < ref.size(); ++i) {
            QCOMPARE(h[i], kernels::fp16ToFp32(kernels::fp32ToFp16(ref[i])));
            QCOMPARE(b[i], kernels::bf16ToFp32(kernels::fp32ToBf16(ref[i])));
            if (q8->findTensor(t.name)->type == DType::Q8_0)
                QVERIFY2(std::abs(q[i] - ref[i]) <= bound, t.name.c_str());
        }
    }
}

void TestSynth::vocabularyIsMergeable()
{
    for (int64_t n : {512, 32000}) {
        const engine::SynthVocab v = engine::buildSynthVocab(n);
        QCOMPARE(int64_t(v.tokens.size()), n);
        QCOMPARE(int64_t(v.scores.size()), n);
        QCOMPARE(v.tokens[1], std::string("<s>"));
        QCOMPARE(v.tokens[3], std::string("<0x00>"));
        QCOMPARE(v.tokens[258], std::string("<0xFF>"));
        QCOMPARE(v.types[258], 6);
        const std::set<std::string> all(v.tokens.begin(), v.tokens.end());
        QCOMPARE(int64_t(all.size()), n);
        // Every multi-character piece splits into two pieces of the vocabulary.
        for (int64_t i = 259; i < n; ++i) {
            const std::string& p = v.tokens[size_t(i)];
            QCOMPARE(v.types[size_t(i)], 1);
            if (p.size() <= 1 || p == "\xe2\x96\x81" || (p.size() == 4 && p.rfind("\xe2\x96\x81", 0) == 0)) continue;
            bool split = false;
            for (size_t k = 1; k < p.size() && !split; ++k) split = all.count(p.substr(0, k)) && all.count(p.substr(k));
            QVERIFY2(split, p.c_str());
        }
    }
}

void TestSynth::cancelRemovesPartialFile()
{
    const QString out = m_tmp.filePath("cancel.gguf");
    uint64_t calls = 0;
    auto status = engine::synthesizeModel({engine::SynthShape::Stories15M, DType::F32, 1, out.toStdString()},
                                          [&](uint64_t done, uint64_t total) {
                                              ++calls;
                                              return done < total / 2;
                                          });
    QVERIFY(!status);
    QCOMPARE(status.error().code, engine::ErrorCode::Cancelled);
    QVERIFY(calls > 1);
    QVERIFY(!QFile::exists(out));
    QVERIFY(!QFile::exists(out + ".tmp"));
}

void TestSynth::eightB()
{
    // ~4.4 GB even at Q4_0: written only when the temp disk has room to spare
    // (INFERSCOPE_TEST_SYNTH_8B=0 turns it off on purpose).
    constexpr uint64_t kNeededBytes = uint64_t{12} << 30;
    if (qgetenv("INFERSCOPE_TEST_SYNTH_8B") == "0") QSKIP("8b synthetic model turned off by INFERSCOPE_TEST_SYNTH_8B=0");
    std::error_code ec;
    const auto space = std::filesystem::space(m_tmp.path().toStdString(), ec);
    if (ec || space.available < kNeededBytes)
        QSKIP(qPrintable(QStringLiteral("8b synthetic model skipped: it needs 4.4 GB and the temp disk has %1 MiB free")
                             .arg(ec ? 0 : space.available >> 20)));
    const std::string path = synth(m_tmp, engine::SynthShape::Llama8B, DType::Q4_0, 1, "8b.gguf");
    QVERIFY(!path.empty());
    auto m = engine::openModelFile(path);
    QVERIFY(m);
    const engine::ModelCard card = engine::ModelCard::fromModelFile(*m);
    QCOMPARE(card.parameterCount, uint64_t(8030261248ull));
    QCOMPARE(card.nKvHeads, int64_t(8));
    QFile::remove(QString::fromStdString(path));
}

// Gemma-2-2B: head size 256 (not dim / heads = 288), post-attention and
// post-FFN norms, tied classifier: 2,614,341,888 parameters, as published.
void TestSynth::gemma2ShapeMatchesPublishedCount()
{
    const engine::SynthShapeSpec& s = engine::synthShapeSpec(engine::SynthShape::Gemma2_2B);
    QCOMPARE(s.headSize(), int64_t(256));
    QCOMPARE(engine::synthParameterCount(s), uint64_t(2614341888ull));
}

// The phi3 shape's vocabulary ends with Phi-3's added tokens at their real
// ids, after the same pieces any 32000-token synthetic vocabulary has.
void TestSynth::phi3VocabularyCarriesAddedTokens()
{
    const engine::SynthVocab plain = engine::buildSynthVocab(32000);
    const engine::SynthVocab phi3 = engine::buildSynthVocab(32064, "phi3");
    QCOMPARE(int64_t(phi3.tokens.size()), int64_t(32064));
    QVERIFY(std::equal(plain.tokens.begin(), plain.tokens.end(), phi3.tokens.begin()));
    const std::pair<int, const char*> named[] = {
        {32000, "<|endoftext|>"}, {32001, "<|assistant|>"}, {32006, "<|system|>"}, {32007, "<|end|>"}, {32010, "<|user|>"}};
    for (const auto& [id, text] : named) {
        QCOMPARE(phi3.tokens[size_t(id)], std::string(text));
        QCOMPARE(phi3.types[size_t(id)], 3);
    }
    QCOMPARE(phi3.tokens[32063], std::string("[PAD32063]"));
    QCOMPARE(phi3.types[32063], 5);
    QCOMPARE(engine::buildSynthVocab(32064, "llama").tokens[32000], engine::buildSynthVocab(32064).tokens[32000]);
}

QTEST_GUILESS_MAIN(TestSynth)
#include "tst_synth.moc"

// llama2.c reader: the real stories260K checkpoint must present exactly the
// tensors and tokenizer of llama.cpp's conversion (stories260K.gguf), and every
// malformed checkpoint or tokenizer must produce its own specific error.
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "common/fixtures.h"
#include "engine/formats/llama2c_reader.h"
#include "engine/formats/mapped_file.h"
#include "engine/formats/model_file.h"

namespace {

std::vector<uint8_t> readAll(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    const QByteArray b = f.readAll();
    return std::vector<uint8_t>(b.begin(), b.end());
}

void writeAll(const QString& path, const std::vector<uint8_t>& bytes)
{
    std::ofstream out(path.toStdString(), std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

void putI32(std::vector<uint8_t>& b, int32_t v)
{
    const auto* p = reinterpret_cast<const uint8_t*>(&v);
    b.insert(b.end(), p, p + 4);
}

void putF32(std::vector<uint8_t>& b, float v)
{
    const auto* p = reinterpret_cast<const uint8_t*>(&v);
    b.insert(b.end(), p, p + 4);
}

// A small checkpoint with every float equal to its index, so views can be checked by value.
std::vector<uint8_t> makeCheckpoint(int32_t dim, int32_t hidden, int32_t layers, int32_t heads, int32_t kvHeads,
                                    int32_t vocab, int32_t seqLen)
{
    std::vector<uint8_t> b;
    for (int32_t v : {dim, hidden, layers, heads, kvHeads, vocab, seqLen}) putI32(b, v);
    const int64_t headSize = dim / heads, kvDim = kvHeads * headSize, v = vocab < 0 ? -vocab : vocab;
    const int64_t floats = v * dim + layers * (2 * dim + 2 * dim * dim + 2 * dim * kvDim + 3 * dim * hidden) + dim +
                           seqLen * headSize + (vocab < 0 ? v * dim : 0);
    for (int64_t i = 0; i < floats; ++i) putF32(b, float(i));
    return b;
}

std::vector<uint8_t> makeTokenizer(const std::vector<std::string>& tokens)
{
    std::vector<uint8_t> b;
    putI32(b, 8);
    for (size_t i = 0; i < tokens.size(); ++i) {
        putF32(b, -float(i));
        putI32(b, int32_t(tokens[i].size()));
        b.insert(b.end(), tokens[i].begin(), tokens[i].end());
    }
    return b;
}

engine::Expected<engine::ModelFile> readDirect(const QString& path, const std::string& tok = {})
{
    auto mapped = engine::MappedFile::open(path.toStdString());
    if (!mapped) return mapped.error();
    return engine::readLlama2c(*mapped, tok);
}

float floatAt(const engine::TensorInfo& t, uint64_t i)
{
    float f;
    std::memcpy(&f, t.data + i * 4, 4);
    return f;
}

}  // namespace

class TestLlama2c : public QObject {
    Q_OBJECT

private slots:
    void stories260kHyperparameters();
    void stories260kTensorsEqualGguf();
    void stories260kTokenizerEqualsGguf();
    void tokenizerFoundNextToModel();
    void noTokenizerStillLoads();
    void separateClassifier();
    void sizeMismatch_data();
    void sizeMismatch();
    void badHeader_data();
    void badHeader();
    void versionedExportRejected();
    void badTokenizer_data();
    void badTokenizer();

private:
    QTemporaryDir m_tmp;
};

void TestLlama2c::stories260kHyperparameters()
{
    REQUIRE_SHARED_FIXTURE(bin, "stories260K.bin");
    REQUIRE_SHARED_FIXTURE(tok, "tok512.bin");
    auto m = engine::openModelFile(bin.toStdString(), tok.toStdString());
    QVERIFY2(m, m ? "" : m.error().message.c_str());
    QCOMPARE(m->format, engine::ModelFormat::Llama2c);
    QCOMPARE(m->architecture(), std::string("llama"));
    QCOMPARE(m->getInt("llama.embedding_length"), std::optional<int64_t>(64));
    QCOMPARE(m->getInt("llama.feed_forward_length"), std::optional<int64_t>(172));
    QCOMPARE(m->getInt("llama.block_count"), std::optional<int64_t>(5));
    QCOMPARE(m->getInt("llama.attention.head_count"), std::optional<int64_t>(8));
    QCOMPARE(m->getInt("llama.attention.head_count_kv"), std::optional<int64_t>(4));
    QCOMPARE(m->getInt("llama.context_length"), std::optional<int64_t>(512));
    QCOMPARE(m->getInt("llama.rope.dimension_count"), std::optional<int64_t>(8));
    QCOMPARE(m->getFloat("llama.rope.freq_base"), std::optional<double>(10000.0));
    QCOMPARE(float(*m->getFloat("llama.attention.layer_norm_rms_epsilon")), 1e-5f);
    QCOMPARE(m->getInt("tokenizer.ggml.bos_token_id"), std::optional<int64_t>(1));
    QCOMPARE(m->getInt("tokenizer.ggml.eos_token_id"), std::optional<int64_t>(2));
    QCOMPARE(m->find("tokenizer.llama2c.spaces_as_spaces")->asBool(), std::optional<bool>(true));
    QCOMPARE(m->tensors.size(), size_t(48));
    const engine::TensorInfo* q = m->findTensor("blk.4.attn_k.weight");
    QVERIFY(q);
    QCOMPARE(q->shape, (std::vector<uint64_t>{64, 32}));
    QCOMPARE(m->findTensor("blk.0.ffn_down.weight")->shape, (std::vector<uint64_t>{172, 64}));
    QCOMPARE(m->findTensor("blk.0.ffn_up.weight")->shape, (std::vector<uint64_t>{64, 172}));
    QCOMPARE(m->findTensor("token_embd.weight")->shape, (std::vector<uint64_t>{64, 512}));
    // Zero copy: views point into the mapping; the shared classifier is the embedding itself.
    QCOMPARE(m->findTensor("token_embd.weight")->data, m->mapping->data() + 28);
    QCOMPARE(m->findTensor("output.weight")->data, m->findTensor("token_embd.weight")->data);
}

void TestLlama2c::stories260kTensorsEqualGguf()
{
    REQUIRE_SHARED_FIXTURE(bin, "stories260K.bin");
    REQUIRE_SHARED_FIXTURE(gguf, "stories260K.gguf");
    auto a = engine::openModelFile(bin.toStdString());
    QVERIFY2(a, a ? "" : a.error().message.c_str());
    auto b = engine::openModelFile(gguf.toStdString());
    QVERIFY2(b, b ? "" : b.error().message.c_str());
    QCOMPARE(a->tensors.size(), b->tensors.size());
    for (const engine::TensorInfo& ref : b->tensors) {
        const engine::TensorInfo* t = a->findTensor(ref.name);
        QVERIFY2(t, ref.name.c_str());
        QCOMPARE(t->type, ref.type);
        QCOMPARE(t->shape, ref.shape);
        QCOMPARE(t->bytes, ref.bytes);
        QVERIFY2(std::memcmp(t->data, ref.data, ref.bytes) == 0, ref.name.c_str());
    }
    for (const char* key : {"llama.embedding_length", "llama.feed_forward_length", "llama.block_count",
                            "llama.attention.head_count", "llama.attention.head_count_kv",
                            "llama.rope.dimension_count"})
        QCOMPARE(a->getInt(key), b->getInt(key));
}

void TestLlama2c::stories260kTokenizerEqualsGguf()
{
    REQUIRE_SHARED_FIXTURE(bin, "stories260K.bin");
    REQUIRE_SHARED_FIXTURE(tok, "tok512.bin");
    REQUIRE_SHARED_FIXTURE(gguf, "stories260K.gguf");
    auto a = engine::openModelFile(bin.toStdString(), tok.toStdString());
    QVERIFY(a);
    auto b = engine::openModelFile(gguf.toStdString());
    QVERIFY(b);
    const auto* ta = a->find("tokenizer.ggml.tokens")->asArray();
    const auto* tb = b->find("tokenizer.ggml.tokens")->asArray();
    const auto* sa = a->find("tokenizer.ggml.scores")->asArray();
    const auto* sb = b->find("tokenizer.ggml.scores")->asArray();
    const auto* ya = a->find("tokenizer.ggml.token_type")->asArray();
    const auto* yb = b->find("tokenizer.ggml.token_type")->asArray();
    QVERIFY(ta && tb && sa && sb && ya && yb);
    QCOMPARE(ta->items.size(), size_t(512));
    QCOMPARE(tb->items.size(), size_t(512));
    const std::string spm = "\xe2\x96\x81";  // U+2581, SentencePiece's space
    for (size_t i = 0; i < 512; ++i) {
        std::string expected = *tb->items[i].asString();
        for (size_t p; (p = expected.find(spm)) != std::string::npos;) expected.replace(p, spm.size(), " ");
        QCOMPARE(*ta->items[i].asString(), expected);
        QCOMPARE(sa->items[i].asFloat(), sb->items[i].asFloat());
        QCOMPARE(ya->items[i].asInt(), yb->items[i].asInt());
    }
    QCOMPARE(*ta->items[3].asString(), std::string("<0x00>"));
    QCOMPARE(ya->items[3].asInt(), std::optional<int64_t>(6));
}

void TestLlama2c::tokenizerFoundNextToModel()
{
    REQUIRE_SHARED_FIXTURE(bin, "stories260K.bin");
    auto m = engine::openModelFile(bin.toStdString());  // tok512.bin sits next to it
    QVERIFY2(m, m ? "" : m.error().message.c_str());
    const auto* tokens = m->find("tokenizer.ggml.tokens");
    QVERIFY(tokens);
    QCOMPARE(tokens->asArray()->items.size(), size_t(512));
    QCOMPARE(*tokens->asArray()->items[1].asString(), std::string("<s>"));
}

void TestLlama2c::noTokenizerStillLoads()
{
    REQUIRE_SHARED_FIXTURE(bin, "stories260K.bin");
    const QString copy = m_tmp.filePath("lonely/stories260K.bin");
    QVERIFY(QDir().mkpath(m_tmp.filePath("lonely")));
    QVERIFY(QFile::copy(bin, copy));
    // A tokenizer.bin of another vocabulary next to it is skipped, not an error.
    writeAll(m_tmp.filePath("lonely/tokenizer.bin"), makeTokenizer({"<unk>", "<s>", "</s>"}));
    auto m = engine::openModelFile(copy.toStdString());
    QVERIFY2(m, m ? "" : m.error().message.c_str());
    QVERIFY(!m->find("tokenizer.ggml.tokens"));
    QCOMPARE(m->getInt("llama.vocab_size"), std::optional<int64_t>(512));
    QCOMPARE(m->tensors.size(), size_t(48));
}

void TestLlama2c::separateClassifier()
{
    // dim 8, hidden 16, 2 layers, 2 heads, 1 kv head, vocab -4 (separate wcls), seq_len 4.
    const QString path = m_tmp.filePath("wcls.bin");
    const std::vector<uint8_t> bytes = makeCheckpoint(8, 16, 2, 2, 1, -4, 4);
    writeAll(path, bytes);
    auto m = engine::openModelFile(path.toStdString());
    QVERIFY2(m, m ? "" : m.error().message.c_str());
    QCOMPARE(m->getInt("llama.vocab_size"), std::optional<int64_t>(4));
    const engine::TensorInfo* out = m->findTensor("output.weight");
    const engine::TensorInfo* embd = m->findTensor("token_embd.weight");
    QVERIFY(out && embd);
    QVERIFY(out->data != embd->data);
    QCOMPARE(out->shape, (std::vector<uint64_t>{8, 4}));
    QCOMPARE(out->fileOffset + out->bytes, uint64_t(bytes.size()));  // wcls is the last array
    // Per-layer slices: blk.1.attn_k starts after layer 0's (kv_dim 4 x dim 8) floats.
    const engine::TensorInfo* k0 = m->findTensor("blk.0.attn_k.weight");
    const engine::TensorInfo* k1 = m->findTensor("blk.1.attn_k.weight");
    QCOMPARE(k1->fileOffset - k0->fileOffset, uint64_t(4 * 8 * 4));
    // token_embd 32 floats, rms_att 16, wq 128 -> wk starts at float 176.
    QCOMPARE(floatAt(*k0, 0), 176.0f);
    QCOMPARE(floatAt(*out, 0), float((bytes.size() - 28) / 4 - 32));
}

void TestLlama2c::sizeMismatch_data()
{
    QTest::addColumn<int>("delta");
    QTest::addColumn<QString>("expected");
    QTest::newRow("truncated") << -4 << "implies 1056540 bytes, but the file has 1056536 bytes (truncated?)";
    QTest::newRow("trailing") << 3 << "implies 1056540 bytes, but the file has 1056543 bytes (trailing data?)";
    QTest::newRow("header only") << -(1056540 - 28) << "but the file has 28 bytes";
}

void TestLlama2c::sizeMismatch()
{
    QFETCH(int, delta);
    QFETCH(QString, expected);
    REQUIRE_SHARED_FIXTURE(bin, "stories260K.bin");
    std::vector<uint8_t> bytes = readAll(bin);
    QCOMPARE(bytes.size(), size_t(1056540));
    bytes.resize(size_t(int64_t(bytes.size()) + delta), 0);
    const QString path = m_tmp.filePath(QStringLiteral("size%1.bin").arg(delta));
    writeAll(path, bytes);
    auto m = engine::openModelFile(path.toStdString());
    QVERIFY(!m);
    QCOMPARE(m.error().code, engine::ErrorCode::Format);
    QVERIFY2(m.error().message.find(expected.toStdString()) != std::string::npos, m.error().message.c_str());
    QVERIFY(m.error().message.find(path.toStdString()) != std::string::npos);
}

void TestLlama2c::badHeader_data()
{
    QTest::addColumn<QList<int>>("header");
    QTest::addColumn<QString>("expected");
    QTest::newRow("dim zero") << QList<int>{0, 16, 1, 2, 1, 4, 4} << "dim 0 must be positive";
    QTest::newRow("negative layers") << QList<int>{8, 16, -1, 2, 1, 4, 4} << "n_layers -1 must be positive";
    QTest::newRow("vocab zero") << QList<int>{8, 16, 1, 2, 1, 0, 4} << "vocab_size is 0";
    QTest::newRow("heads do not divide dim") << QList<int>{8, 16, 1, 3, 1, 4, 4}
                                             << "dim 8 is not divisible by n_heads 3";
    QTest::newRow("kv heads do not divide heads") << QList<int>{8, 16, 1, 4, 3, 4, 4}
                                                  << "n_heads 4 is not a multiple of n_kv_heads 3";
    QTest::newRow("more kv heads than heads") << QList<int>{8, 16, 1, 2, 4, 4, 4}
                                              << "n_heads 2 is not a multiple of n_kv_heads 4";
    QTest::newRow("odd head size") << QList<int>{6, 16, 1, 2, 1, 4, 4} << "head size 3 is odd";
    QTest::newRow("huge dim") << QList<int>{1 << 30, 16, 1, 2, 1, 4, 4} << "beyond the supported range";
}

void TestLlama2c::badHeader()
{
    QFETCH(QList<int>, header);
    QFETCH(QString, expected);
    std::vector<uint8_t> bytes;
    for (int v : header) putI32(bytes, v);
    bytes.resize(bytes.size() + 4096, 0);
    const QString path = m_tmp.filePath("badheader.bin");
    writeAll(path, bytes);
    auto m = readDirect(path);
    QVERIFY(!m);
    QCOMPARE(m.error().code, engine::ErrorCode::Format);
    QVERIFY2(m.error().message.find(expected.toStdString()) != std::string::npos, m.error().message.c_str());
}

void TestLlama2c::versionedExportRejected()
{
    std::vector<uint8_t> bytes;
    putI32(bytes, 0x616b3432);
    putI32(bytes, 1);
    bytes.resize(256, 0);
    const QString path = m_tmp.filePath("v1.bin");
    writeAll(path, bytes);
    auto m = engine::openModelFile(path.toStdString());
    QVERIFY(!m);
    QCOMPARE(m.error().code, engine::ErrorCode::Unsupported);
    QVERIFY(m.error().message.find("ak42") != std::string::npos);
}

void TestLlama2c::badTokenizer_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("expected");
    QTest::newRow("truncated in token bytes") << 0 << "tokenizer truncated inside token 511";
    QTest::newRow("truncated in token header") << 1 << "tokenizer truncated in the header of token 511";
    QTest::newRow("one token short") << 2 << "tokenizer holds 511 tokens but the model's vocab_size is 512";
    QTest::newRow("negative length") << 3 << "token 0 has negative length -1 at byte offset 8";
}

void TestLlama2c::badTokenizer()
{
    QFETCH(int, mode);
    QFETCH(QString, expected);
    REQUIRE_SHARED_FIXTURE(bin, "stories260K.bin");
    REQUIRE_SHARED_FIXTURE(tok, "tok512.bin");
    std::vector<uint8_t> bytes = readAll(tok);
    QCOMPARE(bytes.size(), size_t(6227));
    size_t pos = 4, last = 4;  // walk the records to find where the last token starts
    while (pos < bytes.size()) {
        int32_t len;
        std::memcpy(&len, bytes.data() + pos + 4, 4);
        last = pos;
        pos += 8 + size_t(len);
    }
    QCOMPARE(pos, bytes.size());
    const int32_t negative = -1;
    switch (mode) {
    case 0: bytes.resize(bytes.size() - 1); break;
    case 1: bytes.resize(last + 4); break;
    case 2: bytes.resize(last); break;
    default: std::memcpy(bytes.data() + 8, &negative, 4); break;
    }
    const QString path = m_tmp.filePath("badtok.bin");
    writeAll(path, bytes);
    auto m = engine::openModelFile(bin.toStdString(), path.toStdString());
    QVERIFY(!m);
    QCOMPARE(m.error().code, engine::ErrorCode::Format);
    QVERIFY2(m.error().message.find(expected.toStdString()) != std::string::npos, m.error().message.c_str());
    QVERIFY(m.error().message.find(path.toStdString()) != std::string::npos);
}

QTEST_GUILESS_MAIN(TestLlama2c)
#include "tst_llama2c.moc"

// GGUF reader: a good file, the real stories260K file, and a malformed-file
// battery where each corruption must produce its own specific error.
#include <QTemporaryDir>
#include <QTest>

#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "common/fixtures.h"
#include "engine/formats/model_file.h"

using engine::MetaType;

namespace {

// Builds GGUF bytes by hand so every field can be corrupted on purpose.
class GgufBuilder {
public:
    std::vector<uint8_t> bytes;
    size_t tensorCountAt = 0, kvCountAt = 0;

    template <typename T>
    void put(T v)
    {
        const auto* p = reinterpret_cast<const uint8_t*>(&v);
        bytes.insert(bytes.end(), p, p + sizeof(T));
    }
    void putString(const std::string& s)
    {
        put<uint64_t>(s.size());
        bytes.insert(bytes.end(), s.begin(), s.end());
    }
    void header(uint32_t version, uint64_t tensors, uint64_t kvs)
    {
        bytes.insert(bytes.end(), {'G', 'G', 'U', 'F'});
        put(version);
        tensorCountAt = bytes.size();
        put(tensors);
        kvCountAt = bytes.size();
        put(kvs);
    }
    void kvU32(const std::string& key, uint32_t v)
    {
        putString(key);
        put<uint32_t>(4);
        put(v);
    }
    void tensorInfo(const std::string& name, std::vector<uint64_t> dims, uint32_t type, uint64_t offset)
    {
        putString(name);
        put<uint32_t>(dims.size());
        for (uint64_t d : dims) put(d);
        put(type);
        put(offset);
    }
    void padTo(size_t alignment)
    {
        while (bytes.size() % alignment) bytes.push_back(0);
    }
};

struct Boundaries {
    size_t afterHeader, afterKv, afterInfos, dataStart, end;
};

// A valid file: 5 metadata entries of every flavour, two F32 tensors and one Q8_0 tensor.
GgufBuilder goodFile(Boundaries* b = nullptr)
{
    GgufBuilder g;
    g.header(3, 3, 5);
    const size_t afterHeader = g.bytes.size();
    g.putString("general.architecture");
    g.put<uint32_t>(8);
    g.putString("llama");
    g.kvU32("general.alignment", 64);
    g.putString("test.nested");  // array of arrays of i16
    g.put<uint32_t>(9);
    g.put<uint32_t>(9);
    g.put<uint64_t>(2);
    for (int outer = 0; outer < 2; ++outer) {
        g.put<uint32_t>(3);
        g.put<uint64_t>(2);
        g.put<int16_t>(static_cast<int16_t>(-outer));
        g.put<int16_t>(static_cast<int16_t>(7 + outer));
    }
    g.putString("test.strings");
    g.put<uint32_t>(9);
    g.put<uint32_t>(8);
    g.put<uint64_t>(2);
    g.putString("a");
    g.putString("bé");
    g.putString("test.f64");
    g.put<uint32_t>(12);
    g.put<double>(0.25);
    const size_t afterKv = g.bytes.size();
    g.tensorInfo("a", {4, 2}, 0, 0);     // 32 bytes
    g.tensorInfo("b", {3}, 0, 64);       // 12 bytes
    g.tensorInfo("q", {32, 1}, 8, 128);  // one Q8_0 block: 34 bytes
    const size_t afterInfos = g.bytes.size();
    g.padTo(64);
    const size_t dataStart = g.bytes.size();
    for (int i = 0; i < 8; ++i) g.put<float>(static_cast<float>(i));
    g.padTo(64);
    for (int i = 0; i < 3; ++i) g.put<float>(10.0f + i);
    g.padTo(64);
    for (int i = 0; i < 34; ++i) g.bytes.push_back(static_cast<uint8_t>(i));
    if (b) *b = {afterHeader, afterKv, afterInfos, dataStart, g.bytes.size()};
    return g;
}

}  // namespace

class TestGgufReader : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_counter = 0;

    std::string write(const std::vector<uint8_t>& bytes)
    {
        const std::string path = m_dir.filePath(QStringLiteral("f%1.gguf").arg(m_counter++)).toStdString();
        std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        return path;
    }

    std::string errorOf(const std::vector<uint8_t>& bytes)
    {
        auto m = engine::openModelFile(write(bytes));
        if (m) return "(no error)";
        return m.error().message;
    }

    void expectError(const std::vector<uint8_t>& bytes, const char* fragment)
    {
        const std::string msg = errorOf(bytes);
        if (msg.find(fragment) == std::string::npos)
            QFAIL(("expected an error containing '" + std::string(fragment) + "', got: " + msg).c_str());
    }

private slots:
    void goodFileParses()
    {
        auto m = engine::openModelFile(write(goodFile().bytes));
        QVERIFY2(m.hasValue(), m ? "" : m.error().message.c_str());
        QCOMPARE(m->version, 3u);
        QCOMPARE(m->alignment, uint64_t{64});
        QCOMPARE(m->architecture(), std::string("llama"));
        const engine::MetaArray* nested = m->find("test.nested")->asArray();
        QVERIFY(nested);
        QCOMPARE(nested->items.size(), size_t{2});
        QCOMPARE(nested->items[1].asArray()->items[1].asInt().value(), int64_t{8});
        QCOMPARE(nested->items[1].asArray()->items[0].asInt().value(), int64_t{-1});
        QCOMPARE(*m->find("test.strings")->asArray()->items[1].asString(), std::string("bé"));
        QCOMPARE(m->getFloat("test.f64").value(), 0.25);
        const engine::TensorInfo* b = m->findTensor("b");
        QVERIFY(b);
        QCOMPARE(b->bytes, uint64_t{12});
        float f;
        std::memcpy(&f, b->data + 4, 4);
        QCOMPARE(f, 11.0f);
        const engine::TensorInfo* q = m->findTensor("q");
        QCOMPARE(q->type, kernels::DType::Q8_0);
        QCOMPARE(q->bytes, uint64_t{34});
        QCOMPARE(q->data[33], uint8_t{33});
        QCOMPARE(m->findTensor("a")->shapeString(), std::string("4 x 2"));
    }

    void realStoriesFile()
    {
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        auto m = engine::openModelFile(path.toStdString());
        QVERIFY2(m.hasValue(), m ? "" : m.error().message.c_str());
        QCOMPARE(m->tensors.size(), size_t{48});
        QCOMPARE(m->getInt("llama.embedding_length").value(), int64_t{64});
        QCOMPARE(m->getInt("llama.block_count").value(), int64_t{5});
        QCOMPARE(m->getInt("llama.attention.head_count_kv").value(), int64_t{4});
        QCOMPARE(m->find("tokenizer.ggml.tokens")->asArray()->items.size(), size_t{512});
        const engine::TensorInfo* emb = m->findTensor("token_embd.weight");
        QVERIFY(emb);
        QCOMPARE(emb->shape, (std::vector<uint64_t>{64, 512}));
        QCOMPARE(emb->type, kernels::DType::F32);
    }

    // Truncating anywhere must give an error, never a crash; at each section
    // boundary the message must say what was being read.
    void truncatedEverywhere()
    {
        Boundaries b{};
        const auto good = goodFile(&b).bytes;
        for (size_t len = 0; len < good.size(); ++len) {
            std::vector<uint8_t> cut(good.begin(), good.begin() + len);
            const std::string msg = errorOf(cut);
            QVERIFY2(msg != "(no error)", ("truncation at " + std::to_string(len) + " was accepted").c_str());
        }
        auto cutAt = [&](size_t n) { return std::vector<uint8_t>(good.begin(), good.begin() + n); };
        expectError(cutAt(6), "truncated while reading version");
        expectError(cutAt(b.afterHeader - 3), "truncated while reading metadata count");
        expectError(cutAt(b.afterHeader), "metadata count 5 cannot fit in the remaining 0 bytes");
        expectError(cutAt(b.afterKv - 5), "truncated while reading value of 'test.f64'");
        expectError(cutAt(b.afterKv), "truncated while reading name of tensor #0");
        expectError(cutAt(b.afterInfos), "truncated while reading padding before the tensor data section");
        expectError(cutAt(b.dataStart + 10), "tensor 'a' data");
        expectError(cutAt(b.end - 1), "tensor 'q' data");
    }

    void badMagic()
    {
        auto g = goodFile();
        g.bytes[0] = 'X';
        expectError(g.bytes, "not a model file");
        g.bytes[0] = 'F';
        g.bytes[1] = 'U';
        g.bytes[2] = 'G';
        g.bytes[3] = 'G';
        expectError(g.bytes, "big-endian");
    }

    void unknownVersion()
    {
        auto g = goodFile();
        g.bytes[4] = 4;
        expectError(g.bytes, "unknown GGUF version 4");
        g.bytes[4] = 1;
        expectError(g.bytes, "GGUF version 1 is not supported");
    }

    void absurdCounts()
    {
        auto g = goodFile();
        uint64_t huge = uint64_t{1} << 60;
        std::memcpy(&g.bytes[g.tensorCountAt], &huge, 8);
        expectError(g.bytes, "tensor count 1152921504606846976 cannot fit");
        g = goodFile();
        std::memcpy(&g.bytes[g.kvCountAt], &huge, 8);
        expectError(g.bytes, "metadata count 1152921504606846976 cannot fit");
    }

    void stringLengthPastEnd()
    {
        auto g = goodFile();
        const uint64_t huge = 1'000'000'000ull;
        std::memcpy(&g.bytes[24], &huge, 8);  // length of the first key
        expectError(g.bytes, "string length 1000000000 runs past the end of the file");
    }

    void arrayLengthPastEnd()
    {
        GgufBuilder g;
        g.header(3, 0, 1);
        g.putString("tokens");
        g.put<uint32_t>(9);
        g.put<uint32_t>(8);
        g.put<uint64_t>(1ull << 40);
        expectError(g.bytes, "metadata 'tokens': array length 1099511627776 cannot fit");
    }

    void unknownMetadataType()
    {
        GgufBuilder g;
        g.header(3, 0, 1);
        g.putString("k");
        g.put<uint32_t>(77);
        expectError(g.bytes, "metadata 'k': unknown value type 77");
    }

    void unknownTensorType()
    {
        GgufBuilder g;
        g.header(3, 1, 0);
        g.tensorInfo("w", {32}, 99, 0);
        g.padTo(32);
        g.bytes.resize(g.bytes.size() + 256);
        expectError(g.bytes, "tensor 'w' has unknown or unsupported type id 99");
    }

    void offsetPastEnd()
    {
        GgufBuilder g;
        g.header(3, 1, 0);
        g.tensorInfo("w", {8}, 0, 1ull << 50);
        g.padTo(32);
        g.bytes.resize(g.bytes.size() + 32);
        expectError(g.bytes, "tensor 'w' data");
        expectError(g.bytes, "runs past the end of the file");
    }

    void overlappingTensors()
    {
        GgufBuilder g;
        g.header(3, 2, 0);
        g.tensorInfo("first", {16}, 0, 0);    // bytes [0, 64)
        g.tensorInfo("second", {16}, 0, 32);  // bytes [32, 96)
        g.padTo(32);
        g.bytes.resize(g.bytes.size() + 128);
        expectError(g.bytes, "tensors 'first' and 'second' overlap");
    }

    void misalignedOffset()
    {
        GgufBuilder g;
        g.header(3, 1, 0);
        g.tensorInfo("w", {4}, 0, 4);
        g.padTo(32);
        g.bytes.resize(g.bytes.size() + 64);
        expectError(g.bytes, "data offset 4 is not aligned to 32");
    }

    void badShapes()
    {
        GgufBuilder g;
        g.header(3, 1, 0);
        g.tensorInfo("w", {4, 2, 2, 2, 2}, 0, 0);
        expectError(g.bytes, "tensor 'w' has 5 dimensions");
        GgufBuilder z;
        z.header(3, 1, 0);
        z.tensorInfo("w", {4, 0}, 0, 0);
        expectError(z.bytes, "tensor 'w' has a zero dimension");
        GgufBuilder q;
        q.header(3, 1, 0);
        q.tensorInfo("w", {48}, 8, 0);
        expectError(q.bytes, "row length 48 is not a multiple of the Q8_0 block size 32");
    }

    void duplicates()
    {
        GgufBuilder g;
        g.header(3, 0, 2);
        g.kvU32("k", 1);
        g.kvU32("k", 2);
        expectError(g.bytes, "duplicate metadata key 'k'");
        GgufBuilder t;
        t.header(3, 2, 0);
        t.tensorInfo("w", {8}, 0, 0);
        t.tensorInfo("w", {8}, 0, 32);
        expectError(t.bytes, "duplicate tensor name 'w'");
    }

    void badAlignmentAndBool()
    {
        GgufBuilder g;
        g.header(3, 0, 1);
        g.kvU32("general.alignment", 48);
        expectError(g.bytes, "general.alignment must be a positive power of two");
        GgufBuilder b;
        b.header(3, 0, 1);
        b.putString("flag");
        b.put<uint32_t>(7);
        b.put<uint8_t>(2);
        expectError(b.bytes, "metadata 'flag': bool value 2 is not 0 or 1");
    }

    void missingFileAndDirectory()
    {
        auto m = engine::openModelFile(m_dir.filePath(QStringLiteral("nope.gguf")).toStdString());
        QVERIFY(!m);
        QVERIFY(m.error().message.find("cannot open") != std::string::npos);
        auto d = engine::openModelFile(m_dir.path().toStdString());
        QVERIFY(!d);
        QVERIFY(d.error().message.find("is a directory") != std::string::npos);
        auto e = engine::openModelFile(write({}));
        QVERIFY(!e);
    }
};

QTEST_GUILESS_MAIN(TestGgufReader)
#include "tst_gguf_reader.moc"

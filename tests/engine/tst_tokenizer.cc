// Tokenizers against external references: the llama.cpp vocabulary fixtures
// (expected ids produced by the vendors' own tokenizers), the stories260K
// cross-check and greedy golden text, plus pre-tokenizer splits and metadata
// errors.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <algorithm>
#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "common/fixtures.h"
#include "common/vocab_fixture.h"
#include "engine/formats/model_file.h"
#include "engine/tokenizer/pretokenizer.h"
#include "engine/tokenizer/spm_tokenizer.h"
#include "engine/tokenizer/tokenizer.h"

namespace {

std::string toStd(const QString& s) { return s.toStdString(); }

using testsupport::parseOutputs;
using testsupport::readAll;
using testsupport::splitInputs;

QString idsToString(const std::vector<int32_t>& ids)
{
    QStringList parts;
    for (const int32_t id : ids) parts << QString::number(id);
    return parts.join(' ');
}

std::unique_ptr<engine::Tokenizer> loadTokenizer(const QString& path, const QString& tokenizerPath = {})
{
    auto model = engine::openModelFile(toStd(path), toStd(tokenizerPath));
    if (!model) {
        qWarning("%s", model.error().message.c_str());
        return nullptr;
    }
    auto tokenizer = engine::Tokenizer::fromModel(*model);
    if (!tokenizer) {
        qWarning("%s", tokenizer.error().message.c_str());
        return nullptr;
    }
    return std::move(*tokenizer);
}

std::vector<std::string> splitWords(std::string_view preName, std::string_view text)
{
    auto pre = engine::PreTokenizer::fromName(preName);
    if (!pre) return {"<error>"};
    std::vector<std::string> out;
    for (const std::string_view word : pre->split(text)) out.emplace_back(word);
    return out;
}

const std::vector<int32_t> kStoriesIds = {1, 403, 407, 261, 378, 432, 383, 286, 261, 376, 298, 315, 421, 395, 317, 426};
const char* const kStoriesText = "Once upon a time, there was a little girl named Lily.";

engine::ModelFile vocabOnlyModel(std::vector<std::pair<std::string, engine::MetaValue>> metadata)
{
    engine::ModelFile model;
    model.path = "memory.gguf";
    model.metadata = std::move(metadata);
    model.rebuildIndex();
    return model;
}

engine::MetaValue stringArray(const std::vector<std::string>& items)
{
    std::vector<engine::MetaValue> values;
    for (const std::string& s : items) values.push_back(engine::MetaValue::string(s));
    return engine::MetaValue::array(engine::MetaType::String, std::move(values));
}

}  // namespace

class TstTokenizer : public QObject {
    Q_OBJECT

private slots:
    void vocabFixture_data();
    void vocabFixture();
    void storiesGguf();
    void storiesLlama2cTokenizer();
    void storiesGoldenDecode();
    void gpt2Split();
    void llama3Split();
    void malformedUtf8();
    void randomRoundTrip();
    void metadataErrors();
    void encodeLargeText();
    void endOfGenerationTokens();
};

void TstTokenizer::vocabFixture_data()
{
    QTest::addColumn<QString>("file");
    for (const char* name : {"ggml-vocab-llama-spm.gguf", "ggml-vocab-phi-3.gguf", "ggml-vocab-gpt-2.gguf",
                             "ggml-vocab-falcon.gguf", "ggml-vocab-starcoder.gguf", "ggml-vocab-refact.gguf",
                             "ggml-vocab-mpt.gguf", "ggml-vocab-deepseek-coder.gguf", "ggml-vocab-deepseek-llm.gguf"})
        QTest::newRow(name) << QString::fromLatin1(name);
}

// Every string of X.gguf.inp, encoded without BOS, must give X.gguf.out's
// ids exactly; decoding must give the string back.
void TstTokenizer::vocabFixture()
{
    QFETCH(QString, file);
    REQUIRE_SHARED_FIXTURE(dir, "llama-vocab");
    const QString gguf = QDir(dir).filePath(file);
    if (!QFileInfo::exists(gguf)) {
        const QByteArray msg = ("missing shared model fixture: " + gguf).toUtf8();
        if (testsupport::runningInCi()) QFAIL(msg.constData());
        QSKIP(msg.constData());
    }
    const auto inputs = splitInputs(readAll(gguf + ".inp"));
    const auto expected = parseOutputs(readAll(gguf + ".out"));
    QVERIFY(!inputs.empty());
    QCOMPARE(inputs.size(), expected.size());

    const auto tokenizer = loadTokenizer(gguf);
    QVERIFY(tokenizer);
    const bool spm = tokenizer->kind() == engine::TokenizerKind::Spm;

    int passed = 0;
    QStringList failures;
    for (size_t i = 0; i < inputs.size(); ++i) {
        const std::vector<int32_t> ids = tokenizer->encode(inputs[i], false);
        if (ids == expected[i]) {
            ++passed;
        } else {
            failures << QStringLiteral("%1 string #%2 %3\n  got      %4\n  expected %5")
                            .arg(file).arg(i).arg(QString::fromStdString(inputs[i]).left(60).toHtmlEscaped())
                            .arg(idsToString(ids), idsToString(expected[i]));
        }
        // SPM drops the dummy-prefix space after BOS; byte-level BPE is lossless.
        const std::string decoded = spm ? tokenizer->decode(tokenizer->encode(inputs[i], true))
                                        : tokenizer->decode(ids);
        if (decoded != inputs[i])
            failures << QStringLiteral("%1 string #%2 does not decode back to itself").arg(file).arg(i);
    }
    qInfo("%s: %d/%d strings match", qPrintable(file), passed, int(inputs.size()));
    if (!failures.isEmpty()) QFAIL(qPrintable(failures.join('\n')));
}

void TstTokenizer::storiesGguf()
{
    REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
    const auto tokenizer = loadTokenizer(path);
    QVERIFY(tokenizer);
    QCOMPARE(tokenizer->kind(), engine::TokenizerKind::Spm);
    QCOMPARE(tokenizer->vocabSize(), 512);
    QCOMPARE(tokenizer->bos(), 1);
    QCOMPARE(tokenizer->eos(), 2);
    QCOMPARE(tokenizer->preTokenizerName(), std::string());

    const std::vector<int32_t> ids = tokenizer->encode(kStoriesText, true);
    QCOMPARE(idsToString(ids), idsToString(kStoriesIds));
    QCOMPARE(tokenizer->decodePiece(1, 403), std::string("Once"));
    QCOMPARE(tokenizer->decodePiece(403, 407), std::string(" upon"));
    QCOMPARE(tokenizer->decodePiece(-1, 403), std::string(" Once"));
    QCOMPARE(tokenizer->decodePiece(426, 13), std::string("\n"));  // <0x0A>
    QCOMPARE(tokenizer->decodePiece(-1, 2), std::string());        // </s> is control
    QCOMPARE(tokenizer->decodePiece(-1, 512), std::string());      // out of range
    QCOMPARE(tokenizer->decode(ids), std::string(kStoriesText));
    QCOMPARE(tokenizer->tokenText(403), std::string("\xE2\x96\x81Once"));
}

// llama2.c's tokenizer.bin stores spaces as spaces: same ids, same text.
void TstTokenizer::storiesLlama2cTokenizer()
{
    REQUIRE_SHARED_FIXTURE(model, "stories260K.bin");
    REQUIRE_SHARED_FIXTURE(tok, "tok512.bin");
    const auto tokenizer = loadTokenizer(model, tok);
    QVERIFY(tokenizer);
    const auto* spm = dynamic_cast<const engine::SpmTokenizer*>(tokenizer.get());
    QVERIFY(spm);
    QVERIFY(!spm->escapesSpaces());
    QCOMPARE(tokenizer->tokenText(403), std::string(" Once"));
    const std::vector<int32_t> ids = tokenizer->encode(kStoriesText, true);
    QCOMPARE(idsToString(ids), idsToString(kStoriesIds));
    QCOMPARE(tokenizer->decode(ids), std::string(kStoriesText));
    QCOMPARE(tokenizer->decodePiece(1, 403), std::string("Once"));
}

// The 256 greedily generated ids decode to the reference text exactly.
void TstTokenizer::storiesGoldenDecode()
{
    REQUIRE_SHARED_FIXTURE(golden, "golden/stories260K.greedy256.json");
    REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
    const QJsonObject doc = QJsonDocument::fromJson(readAll(golden)).object();
    std::vector<int32_t> ids;
    for (const QJsonValue v : doc.value("prompt_ids").toArray()) ids.push_back(v.toInt());
    for (const QJsonValue v : doc.value("generated_ids").toArray()) ids.push_back(v.toInt());
    QCOMPARE(ids.size(), size_t(257));
    const auto tokenizer = loadTokenizer(path);
    QVERIFY(tokenizer);
    QCOMPARE(QString::fromStdString(tokenizer->decode(ids)), doc.value("text").toString());
}

void TstTokenizer::gpt2Split()
{
    using Words = std::vector<std::string>;
    QCOMPARE(splitWords("gpt-2", "Hello world  foo"), (Words{"Hello", " world", " ", " foo"}));
    QCOMPARE(splitWords("gpt-2", "it's 42!!\n\n"), (Words{"it", "'s", " 42", "!!", "\n\n"}));
    QCOMPARE(splitWords("gpt-2", "x   "), (Words{"x", "   "}));
    QCOMPARE(splitWords("gpt-2", "\tA"), (Words{"\t", "A"}));
    QCOMPARE(splitWords("gpt-2", ""), Words{});
    QCOMPARE(splitWords("starcoder", "a123 b"), (Words{"a", "1", "2", "3", " b"}));
    QVERIFY(!engine::PreTokenizer::fromName("no-such-pre"));
}

// Llama 3 has no fixture here, so its rules are checked on hand-derived splits.
void TstTokenizer::llama3Split()
{
    using Words = std::vector<std::string>;
    QCOMPARE(splitWords("llama-bpe", "Hello  world\n\n  x 12345 it'S OK!!\n"),
             (Words{"Hello", " ", " world", "\n\n", " ", " x", " ", "123", "45", " it", "'S", " OK", "!!\n"}));
    QCOMPARE(splitWords("llama-bpe", "(foo) \r\n"), (Words{"(foo", ")", " \r\n"}));
    QCOMPARE(splitWords("qwen2", "x 2024"), (Words{"x", " ", "2", "0", "2", "4"}));
    // SmolLM / SmolLM2: StarCoder's split, digits one by one before the GPT-2 pattern.
    QCOMPARE(splitWords("smollm", "x 2024 ab"), (Words{"x", " ", "2", "0", "2", "4", " ab"}));
}

// Bytes that are not UTF-8 go through both families unharmed: SPM falls
// back to <0xNN> tokens, byte-level BPE keeps every byte.
void TstTokenizer::malformedUtf8()
{
    REQUIRE_SHARED_FIXTURE(dir, "llama-vocab");
    const std::string text = "a\xff\xfe b\xe2\x82 \xc3";
    const auto spm = loadTokenizer(QDir(dir).filePath("ggml-vocab-llama-spm.gguf"));
    QVERIFY(spm);
    const std::vector<int32_t> spmIds = spm->encode(text, true);
    QVERIFY(std::find(spmIds.begin(), spmIds.end(), 0xFF + 3) != spmIds.end());  // <0xFF>
    QCOMPARE(spm->decode(spmIds), text);
    const auto bpe = loadTokenizer(QDir(dir).filePath("ggml-vocab-gpt-2.gguf"));
    QVERIFY(bpe);
    QCOMPARE(bpe->decode(bpe->encode(text, false)), text);
}

// Seeded random mixes of ASCII, whitespace, digits, multi-byte characters
// and stray bytes: every family must decode what it encoded. (Bytes that
// never occur in UTF-8, such as 0xFF, are left out: some byte-level
// vocabularies, Falcon's among them, have no token for them.)
void TstTokenizer::randomRoundTrip()
{
    REQUIRE_SHARED_FIXTURE(dir, "llama-vocab");
    const char* const alphabet[] = {"a", "Z", " ", "  ", "\n", "\r\n", "\t", "7", "42", "'s", "'LL", "!?", "...",
                                    "\xC3\xA9", "\xE4\xB8\xAD", "\xF0\x9F\x98\x80", "\xE2\x80\x8D", "\xC2\xBD",
                                    "\xE3\x80\x80", "\xC3", "\x80", "\xE2\x82", "\xD9\x85"};
    std::mt19937 rng(1234);
    std::vector<std::string> texts(300);
    for (std::string& text : texts) {
        const size_t parts = rng() % 40;
        for (size_t k = 0; k < parts; ++k) text += alphabet[rng() % std::size(alphabet)];
    }
    // mpt and qwen2 normalize to NFC, so they are left out of the byte-exact check.
    for (const char* name : {"ggml-vocab-llama-spm.gguf", "ggml-vocab-gpt-2.gguf", "ggml-vocab-falcon.gguf",
                             "ggml-vocab-starcoder.gguf", "ggml-vocab-deepseek-coder.gguf",
                             "ggml-vocab-deepseek-llm.gguf"}) {
        const auto tokenizer = loadTokenizer(QDir(dir).filePath(name));
        QVERIFY2(tokenizer, name);
        const bool spm = tokenizer->kind() == engine::TokenizerKind::Spm;
        for (size_t i = 0; i < texts.size(); ++i) {
            const std::vector<int32_t> ids = tokenizer->encode(texts[i], spm);
            for (const int32_t id : ids) QVERIFY(id >= 0 && id < tokenizer->vocabSize());
            QVERIFY2(tokenizer->decode(ids) == texts[i], qPrintable(QStringLiteral("%1 text #%2").arg(name).arg(i)));
        }
    }
}

void TstTokenizer::metadataErrors()
{
    using engine::MetaValue;
    const auto errorOf = [](const engine::ModelFile& model) {
        auto tokenizer = engine::Tokenizer::fromModel(model);
        return tokenizer ? std::string() : tokenizer.error().message;
    };
    QVERIFY(errorOf(vocabOnlyModel({})).find("tokenizer.ggml.model") != std::string::npos);
    QVERIFY(errorOf(vocabOnlyModel({{"tokenizer.ggml.model", MetaValue::string("llama")}}))
                .find("tokenizer.ggml.tokens") != std::string::npos);
    QVERIFY(errorOf(vocabOnlyModel({{"tokenizer.ggml.model", MetaValue::string("llama")},
                                    {"tokenizer.ggml.tokens", stringArray({"<unk>", "<s>", "</s>"})}}))
                .find("tokenizer.ggml.scores") != std::string::npos);
    QVERIFY(errorOf(vocabOnlyModel({{"tokenizer.ggml.model", MetaValue::string("gpt2")},
                                    {"tokenizer.ggml.tokens", stringArray({"a", "b"})}}))
                .find("tokenizer.ggml.merges") != std::string::npos);
    QVERIFY(errorOf(vocabOnlyModel({{"tokenizer.ggml.model", MetaValue::string("gpt2")},
                                    {"tokenizer.ggml.tokens", stringArray({"a", "b"})},
                                    {"tokenizer.ggml.token_type", stringArray({"x"})},
                                    {"tokenizer.ggml.merges", stringArray({})}}))
                .find("tokenizer.ggml.token_type") != std::string::npos);
    QVERIFY(errorOf(vocabOnlyModel({{"tokenizer.ggml.model", MetaValue::string("gpt2")},
                                    {"tokenizer.ggml.tokens", stringArray({"a", "b"})},
                                    {"tokenizer.ggml.merges", stringArray({})},
                                    {"tokenizer.ggml.bos_token_id", MetaValue::u32(7)}}))
                .find("tokenizer.ggml.bos_token_id") != std::string::npos);
    QVERIFY(errorOf(vocabOnlyModel({{"tokenizer.ggml.model", MetaValue::string("gpt2")},
                                    {"tokenizer.ggml.tokens", stringArray({"a", "b"})},
                                    {"tokenizer.ggml.merges", stringArray({})},
                                    {"tokenizer.ggml.pre", MetaValue::string("unknown-pre")}}))
                .find("tokenizer.ggml.pre") != std::string::npos);
    QVERIFY(errorOf(vocabOnlyModel({{"tokenizer.ggml.model", MetaValue::string("bert")}}))
                .find("bert") != std::string::npos);

    // A minimal valid byte-level vocabulary: "a", "b", "ab" and one merge.
    auto ok = engine::Tokenizer::fromModel(vocabOnlyModel({{"tokenizer.ggml.model", MetaValue::string("gpt2")},
                                                           {"tokenizer.ggml.tokens", stringArray({"a", "b", "ab"})},
                                                           {"tokenizer.ggml.merges", stringArray({"a b"})}}));
    QVERIFY(ok);
    QCOMPARE((*ok)->encode("abab", false), (std::vector<int32_t>{2, 2}));
    QCOMPARE((*ok)->preTokenizerName(), std::string("default"));
}

// Not a timing assertion: prints how long a few KB take on a 100k vocabulary.
void TstTokenizer::encodeLargeText()
{
    REQUIRE_SHARED_FIXTURE(path, "llama-vocab/ggml-vocab-deepseek-llm.gguf");
    const auto loadStart = std::chrono::steady_clock::now();
    const auto tokenizer = loadTokenizer(path);
    QVERIFY(tokenizer);
    qInfo("loaded a %d-token vocabulary in %.1f ms", tokenizer->vocabSize(),
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - loadStart).count());
    const auto inputs = splitInputs(readAll(path + ".inp"));
    std::string text;
    while (text.size() < 8192) {
        for (const std::string& s : inputs) text += s + "\n";
    }
    const auto start = std::chrono::steady_clock::now();
    const std::vector<int32_t> ids = tokenizer->encode(text, false);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    qInfo("encoded %zu bytes into %zu tokens in %.2f ms", text.size(), ids.size(), ms);
    QCOMPARE(tokenizer->decode(ids), text);
}

// Generation stops where the model family ends a turn: Phi-3's eos
// <|endoftext|> and its control token <|end|>; a user-defined "</s>" that is
// not its eos, and plain tokens, do not end it. llama-spm: just </s>.
void TstTokenizer::endOfGenerationTokens()
{
    REQUIRE_SHARED_FIXTURE(phi3, "llama-vocab/ggml-vocab-phi-3.gguf");
    REQUIRE_SHARED_FIXTURE(spm, "llama-vocab/ggml-vocab-llama-spm.gguf");
    const auto p = loadTokenizer(phi3);
    QVERIFY(p);
    QCOMPARE(p->tokenText(32007), std::string("<|end|>"));
    QCOMPARE(p->endOfGenerationTokens(), (std::vector<int32_t>{32000, 32007}));
    QVERIFY(p->isEndOfGeneration(32000) && p->isEndOfGeneration(32007));
    QVERIFY(!p->isEndOfGeneration(2) && !p->isEndOfGeneration(100));
    const auto s = loadTokenizer(spm);
    QVERIFY(s);
    QCOMPARE(s->endOfGenerationTokens(), (std::vector<int32_t>{s->eos()}));
}

QTEST_GUILESS_MAIN(TstTokenizer)
#include "tst_tokenizer.moc"

// llama2.c "legacy" checkpoint reader. Layout (little-endian):
//   int32 dim, hidden_dim, n_layers, n_heads, n_kv_heads, vocab_size, seq_len
//   fp32 token_embedding (vocab, dim)      rms_att (layers, dim)
//        wq (layers, dim, dim)             wk, wv (layers, kv_dim, dim)
//        wo (layers, dim, dim)             rms_ffn (layers, dim)
//        w1, w3 (layers, hidden, dim)      w2 (layers, dim, hidden)
//        rms_final (dim)                   freq_cis_real, freq_cis_imag (seq_len, head_size/2)
//        [wcls (vocab, dim) when vocab_size was stored negative]
// Matrices are row-major (out, in), which is ggml order (in, out): the
// tensors are presented as zero-copy views under their GGUF names.
//
// tokenizer.bin: int32 max_token_length, then per token f32 score, int32 len, bytes.
#include "engine/formats/llama2c_reader.h"

#include <cstring>
#include <filesystem>
#include <optional>

#include "engine/common/message_catalog.h"
#include "engine/formats/mapped_file.h"

namespace engine {
namespace {

constexpr uint64_t kHeaderBytes = 7 * sizeof(int32_t);
constexpr int32_t kMaxDim = 1 << 20;        // plausibility bounds for the magic-less header
constexpr int32_t kMaxLayers = 4096;
constexpr int32_t kMaxVocab = 1 << 24;
constexpr int32_t kMaxSeqLen = 1 << 24;
constexpr uint32_t kVersionedMagic = 0x616b3432;  // "ak42": the newer llama2.c export formats

// GGUF token types (llama.cpp's llama_token_type).
constexpr int32_t kTokenNormal = 1;
constexpr int32_t kTokenUnknown = 2;
constexpr int32_t kTokenControl = 3;
constexpr int32_t kTokenByte = 6;

struct Header {
    int32_t dim, hiddenDim, nLayers, nHeads, nKvHeads, vocabSize, seqLen;
    bool sharedClassifier() const { return vocabSize > 0; }
    int64_t vocab() const { return vocabSize < 0 ? -int64_t{vocabSize} : vocabSize; }
    int64_t headSize() const { return dim / nHeads; }
    int64_t kvDim() const { return int64_t{nKvHeads} * headSize(); }
};

Header readHeader(const uint8_t* p)
{
    int32_t v[7];
    std::memcpy(v, p, sizeof(v));
    return Header{v[0], v[1], v[2], v[3], v[4], v[5], v[6]};
}

Error formatError(const std::string& path, Message what)
{
    return makeError(ErrorCode::Format, msg("context.in_file", {{"path", path}, {"cause", std::move(what)}}));
}

Status validateHeader(const Header& h, const std::string& path)
{
    const auto bad = [&](Message what) {
        return formatError(path, msg("llama2c.bad_header", {{"cause", std::move(what)}}));
    };
    const auto positive = [](const char* field, int32_t value) {
        return msg("llama2c.not_positive", {{"field", field}, {"value", value}});
    };
    if (h.dim <= 0) return bad(positive("dim", h.dim));
    if (h.hiddenDim <= 0) return bad(positive("hidden_dim", h.hiddenDim));
    if (h.nLayers <= 0) return bad(positive("n_layers", h.nLayers));
    if (h.nHeads <= 0) return bad(positive("n_heads", h.nHeads));
    if (h.nKvHeads <= 0) return bad(positive("n_kv_heads", h.nKvHeads));
    if (h.vocabSize == 0) return bad(msg("llama2c.zero_vocab"));
    if (h.seqLen <= 0) return bad(positive("seq_len", h.seqLen));
    // Bounds keep every size computation far from uint64 overflow.
    if (h.dim > kMaxDim || h.hiddenDim > 4 * kMaxDim || h.nLayers > kMaxLayers || h.vocab() > kMaxVocab ||
        h.seqLen > kMaxSeqLen)
        return bad(msg("llama2c.too_large", {{"dim", kMaxDim}, {"layers", kMaxLayers}, {"vocab", kMaxVocab}}));
    if (h.dim % h.nHeads != 0)
        return bad(msg("llama2c.dim_not_heads", {{"dim", h.dim}, {"heads", h.nHeads}}));
    if (h.nKvHeads > h.nHeads || h.nHeads % h.nKvHeads != 0)
        return bad(msg("llama2c.heads_not_kv", {{"heads", h.nHeads}, {"kv_heads", h.nKvHeads}}));
    if (h.headSize() % 2 != 0)
        return bad(msg("llama2c.odd_head", {{"size", h.headSize()}}));
    return okStatus();
}

// Builds the tensor views in file order and returns the number of bytes they
// (plus the unused freq_cis tables) occupy after the header.
uint64_t layoutTensors(const Header& h, const uint8_t* base, std::vector<TensorInfo>& out)
{
    const uint64_t dim = h.dim, hidden = h.hiddenDim, kvDim = h.kvDim(), vocab = h.vocab();
    const uint64_t layers = h.nLayers;
    uint64_t offset = kHeaderBytes;
    std::vector<TensorInfo> embd, perLayer[9], tail;

    const auto view = [&](std::string name, std::vector<uint64_t> shape) {
        TensorInfo t;
        t.name = std::move(name);
        t.shape = std::move(shape);
        t.bytes = t.elements() * sizeof(float);
        t.fileOffset = offset;
        t.data = base ? base + offset : nullptr;
        offset += t.bytes;
        return t;
    };
    // One llama2.c array holds a tensor per layer; slot k is its place in a GGUF block.
    const auto layered = [&](int slot, const char* suffix, std::vector<uint64_t> shape) {
        for (uint64_t l = 0; l < layers; ++l)
            perLayer[slot].push_back(view("blk." + std::to_string(l) + "." + suffix, shape));
    };

    embd.push_back(view("token_embd.weight", {dim, vocab}));
    layered(0, "attn_norm.weight", {dim});
    layered(1, "attn_q.weight", {dim, dim});
    layered(2, "attn_k.weight", {dim, kvDim});
    layered(3, "attn_v.weight", {dim, kvDim});
    layered(4, "attn_output.weight", {dim, dim});
    layered(5, "ffn_norm.weight", {dim});
    layered(6, "ffn_gate.weight", {dim, hidden});  // w1
    layered(7, "ffn_down.weight", {hidden, dim});  // w2
    layered(8, "ffn_up.weight", {dim, hidden});    // w3
    tail.push_back(view("output_norm.weight", {dim}));
    offset += 2 * uint64_t(h.seqLen) * (h.headSize() / 2) * sizeof(float);  // freq_cis_real/imag
    if (h.sharedClassifier()) {
        TensorInfo out = embd.front();  // same bytes as the embedding
        out.name = "output.weight";
        tail.push_back(std::move(out));
    } else {
        tail.push_back(view("output.weight", {dim, vocab}));
    }

    out = std::move(embd);
    for (uint64_t l = 0; l < layers; ++l)
        for (auto& slot : perLayer) out.push_back(std::move(slot[l]));
    for (auto& t : tail) out.push_back(std::move(t));
    return offset;
}

// ---- tokenizer.bin -----------------------------------------------------------

struct TokenizerData {
    std::vector<MetaValue> tokens, scores, types;
};

bool isByteToken(const std::string& s)
{
    const auto hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f'); };
    return s.size() == 6 && s.compare(0, 3, "<0x") == 0 && hex(s[3]) && hex(s[4]) && s[5] == '>';
}

// llama2.c exports BOS/EOS as "\n<s>\n" and "\n</s>\n" so that run.c prints
// them on lines of their own; GGUF vocabularies (and llama.cpp's conversion of
// the same checkpoint) spell them "<s>" and "</s>".
std::string trimNewlines(const std::string& s)
{
    const size_t first = s.find_first_not_of('\n');
    if (first == std::string::npos) return s;
    return s.substr(first, s.find_last_not_of('\n') - first + 1);
}

int32_t tokenTypeOf(int64_t id, const std::string& text)
{
    if (id == 0) return kTokenUnknown;
    if (id == 1 || id == 2) return kTokenControl;
    return isByteToken(text) ? kTokenByte : kTokenNormal;
}

// Parses a whole tokenizer.bin; it must hold exactly `vocab` tokens.
Expected<TokenizerData> parseTokenizer(const MappedFile& file, int64_t vocab)
{
    const std::string& path = file.path();
    const uint8_t* p = file.data();
    const uint64_t size = file.size();
    if (size < 4) return formatError(path, msg("llama2c.tokenizer_too_short", {{"size", size}}));
    int32_t maxLen = 0;
    std::memcpy(&maxLen, p, 4);
    if (maxLen <= 0) return formatError(path, msg("llama2c.tokenizer_max_length", {{"value", maxLen}}));

    TokenizerData d;
    uint64_t pos = 4;
    int64_t count = 0;
    while (pos < size) {
        if (size - pos < 8)
            return formatError(path, msg("llama2c.tokenizer_truncated_header", {{"token", count}, {"offset", pos}, {"size", size}}));
        float score = 0;
        int32_t len = 0;
        std::memcpy(&score, p + pos, 4);
        std::memcpy(&len, p + pos + 4, 4);
        if (len < 0)
            return formatError(path, msg("llama2c.negative_length", {{"token", count}, {"length", len}, {"offset", pos + 4}}));
        pos += 8;
        if (uint64_t(len) > size - pos)
            return formatError(path, msg("llama2c.tokenizer_truncated_token",
                                         {{"token", count}, {"length", len}, {"offset", pos - 4}, {"size", size}}));
        if (count < vocab) {
            std::string text(reinterpret_cast<const char*>(p + pos), size_t(len));
            if (count == 1 || count == 2) text = trimNewlines(text);
            d.types.push_back(MetaValue::i32(tokenTypeOf(count, text)));
            d.scores.push_back(MetaValue::f32(score));
            d.tokens.push_back(MetaValue::string(std::move(text)));
        }
        pos += uint64_t(len);
        ++count;
    }
    if (count != vocab)
        return formatError(path, msg("llama2c.vocab_mismatch", {{"count", count}, {"vocab", vocab}}));
    return d;
}

bool isVocabMismatch(const Error& e)
{
    const MessageArg* cause = e.detail.arg("cause");
    return cause && cause->messages.size() == 1 && cause->messages.front().id == "llama2c.vocab_mismatch";
}

// Loads the explicit tokenizer, or the first matching candidate next to the
// model. Returns nullopt when no tokenizer was given and none fits.
Expected<std::optional<TokenizerData>> loadTokenizer(const std::string& modelPath, const std::string& explicitPath,
                                                     int64_t vocab)
{
    if (!explicitPath.empty()) {
        auto file = MappedFile::open(explicitPath);
        if (!file) return file.error();
        auto data = parseTokenizer(**file, vocab);
        if (!data) return data.error();
        return std::optional<TokenizerData>(std::move(*data));
    }
    const std::filesystem::path dir = std::filesystem::path(modelPath).parent_path();
    // The vocab-specific name first: a generic tokenizer.bin (e.g. Llama 2's
    // 32000 tokens) sitting next to a small model must not shadow tok512.bin.
    for (const std::string& name : {"tok" + std::to_string(vocab) + ".bin", std::string("tokenizer.bin")}) {
        const std::filesystem::path candidate = dir / name;
        std::error_code ec;
        if (!std::filesystem::is_regular_file(candidate, ec)) continue;
        auto file = MappedFile::open(candidate.string());
        if (!file) return file.error();
        auto data = parseTokenizer(**file, vocab);
        if (data) return std::optional<TokenizerData>(std::move(*data));
        if (!isVocabMismatch(data.error())) return data.error();  // a broken tokenizer is reported, not skipped
    }
    return std::optional<TokenizerData>();
}

void addModelMetadata(ModelFile& m, const Header& h)
{
    auto& md = m.metadata;
    const auto u32 = [](int64_t v) { return MetaValue::u32(static_cast<uint32_t>(v)); };
    md.emplace_back("general.architecture", MetaValue::string("llama"));
    md.emplace_back("general.name", MetaValue::string(std::filesystem::path(m.path).stem().string()));
    md.emplace_back("general.file_type", MetaValue::u32(0));  // all F32
    md.emplace_back("llama.context_length", u32(h.seqLen));
    md.emplace_back("llama.embedding_length", u32(h.dim));
    md.emplace_back("llama.feed_forward_length", u32(h.hiddenDim));
    md.emplace_back("llama.block_count", u32(h.nLayers));
    md.emplace_back("llama.attention.head_count", u32(h.nHeads));
    md.emplace_back("llama.attention.head_count_kv", u32(h.nKvHeads));
    md.emplace_back("llama.rope.dimension_count", u32(h.headSize()));
    md.emplace_back("llama.attention.layer_norm_rms_epsilon", MetaValue::f32(1e-5f));
    md.emplace_back("llama.rope.freq_base", MetaValue::f32(10000.0f));
    md.emplace_back("llama.vocab_size", u32(h.vocab()));
}

void addTokenizerMetadata(ModelFile& m, TokenizerData&& t)
{
    auto& md = m.metadata;
    md.emplace_back("tokenizer.ggml.model", MetaValue::string("llama"));
    md.emplace_back("tokenizer.ggml.tokens", MetaValue::array(MetaType::String, std::move(t.tokens)));
    md.emplace_back("tokenizer.ggml.scores", MetaValue::array(MetaType::F32, std::move(t.scores)));
    md.emplace_back("tokenizer.ggml.token_type", MetaValue::array(MetaType::I32, std::move(t.types)));
    md.emplace_back("tokenizer.ggml.unknown_token_id", MetaValue::u32(0));
    md.emplace_back("tokenizer.ggml.bos_token_id", MetaValue::u32(1));
    md.emplace_back("tokenizer.ggml.eos_token_id", MetaValue::u32(2));
    // llama2.c tokenizers store a space as ' ' where SentencePiece uses U+2581.
    md.emplace_back("tokenizer.llama2c.spaces_as_spaces", MetaValue::boolean(true));
}

}  // namespace

bool looksLikeLlama2c(const MappedFile& file)
{
    if (file.size() < kHeaderBytes) return false;
    uint32_t magic = 0;
    std::memcpy(&magic, file.data(), 4);
    if (magic == kVersionedMagic) return true;  // recognised so readLlama2c can explain
    const Header h = readHeader(file.data());
    const auto inRange = [](int32_t v, int32_t hi) { return v > 0 && v <= hi; };
    return inRange(h.dim, kMaxDim) && inRange(h.hiddenDim, 4 * kMaxDim) && inRange(h.nLayers, kMaxLayers) &&
           inRange(h.nHeads, h.dim) && inRange(h.nKvHeads, h.dim) && h.vocabSize != 0 &&
           h.vocabSize >= -kMaxVocab && h.vocabSize <= kMaxVocab && inRange(h.seqLen, kMaxSeqLen);
}

Expected<ModelFile> readLlama2c(std::shared_ptr<const MappedFile> file, const std::string& tokenizerPath)
{
    const std::string& path = file->path();
    if (file->size() < kHeaderBytes)
        return formatError(path, msg("llama2c.too_short", {{"size", file->size()}}));
    uint32_t magic = 0;
    std::memcpy(&magic, file->data(), 4);
    if (magic == kVersionedMagic)
        return makeError(ErrorCode::Unsupported, msg("llama2c.versioned", {{"path", path}}));
    const Header h = readHeader(file->data());
    ENGINE_TRY(validateHeader(h, path));

    ModelFile model;
    model.format = ModelFormat::Llama2c;
    model.path = path;
    model.fileSize = file->size();
    model.version = 0;
    model.alignment = sizeof(float);
    model.dataOffset = kHeaderBytes;
    const uint64_t expected = layoutTensors(h, file->data(), model.tensors);
    if (expected != file->size()) {
        const auto mismatch = [&](MessageId id) {
            return msg(id, {{"dim", h.dim},
                            {"hidden", h.hiddenDim},
                            {"layers", h.nLayers},
                            {"vocab", h.vocabSize},
                            {"seq", h.seqLen},
                            {"expected", expected},
                            {"size", file->size()}});
        };
        return formatError(path, file->size() < expected ? mismatch("llama2c.size_mismatch_short")
                                                         : mismatch("llama2c.size_mismatch_long"));
    }

    addModelMetadata(model, h);
    auto tokenizer = loadTokenizer(path, tokenizerPath, h.vocab());
    if (!tokenizer) return tokenizer.error();
    if (*tokenizer) addTokenizerMetadata(model, std::move(**tokenizer));

    model.mapping = std::move(file);
    model.rebuildIndex();
    return model;
}

}  // namespace engine

#include "engine/model/synth.h"

#include <array>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <thread>
#include <unordered_set>

#include "engine/common/message_catalog.h"
#include "engine/formats/gguf_writer.h"
#include "engine/model/model_card.h"
#include "kernels/api/half.h"
#include "kernels/api/ops.h"

namespace engine {
namespace {

using kernels::DType;

// name, mimics, dim, hidden, layers, heads, kv heads, vocab, context, rope base, eps, tied, llama 3 rope factor,
// architecture
constexpr std::array<SynthShapeSpec, static_cast<size_t>(SynthShape::Count)> kShapes = {{
    {"tiny", "stories260K-like", 64, 172, 2, 4, 2, 512, 512, 10000.0f, 1e-5f, false, 0.0f, "llama"},
    {"15m", "llama2.c stories15M", 288, 768, 6, 6, 6, 32000, 256, 10000.0f, 1e-5f, true, 0.0f, "llama"},
    {"110m", "llama2.c stories110M", 768, 2048, 12, 12, 12, 32000, 1024, 10000.0f, 1e-5f, true, 0.0f, "llama"},
    {"1b", "Llama-3.2-1B", 2048, 8192, 16, 32, 8, 128256, 131072, 500000.0f, 1e-5f, true, 32.0f, "llama"},
    {"8b", "Llama-3-8B", 4096, 14336, 32, 32, 8, 128256, 8192, 500000.0f, 1e-5f, false, 0.0f, "llama"},
    {"qwen2-0.5b", "Qwen2.5-0.5B", 896, 4864, 24, 14, 2, 151936, 32768, 1000000.0f, 1e-6f, true, 0.0f, "qwen2"},
    {"phi3-mini", "Phi-3-mini-4k", 3072, 8192, 32, 32, 32, 32064, 4096, 10000.0f, 1e-5f, false, 0.0f, "phi3"},
    {"gemma2-2b", "Gemma-2-2B", 2304, 9216, 26, 8, 4, 256000, 8192, 10000.0f, 1e-6f, true, 0.0f, "gemma2", 256},
}};

constexpr float kDefaultLlama3RopeFactor = 32.0f;

constexpr int64_t kChunkValues = 1 << 20;  // values generated per write
constexpr int32_t kTokenNormal = 1, kTokenUnknown = 2, kTokenControl = 3, kTokenByte = 6;
constexpr uint64_t kVocabSeed = 0x5eed'70c0'ab01'0001ull;

// splitmix64 (Steele, Lea, Flood 2014): a tiny generator with a fixed,
// platform-independent output sequence.
class SplitMix64 {
public:
    explicit SplitMix64(uint64_t seed) : m_state(seed) {}
    uint64_t next()
    {
        uint64_t z = (m_state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    // Uniform in [-1, 1) with 24 bits of resolution (exact in float).
    float symmetric() { return static_cast<float>(next() >> 40) * (2.0f / 16777216.0f) - 1.0f; }
    uint64_t below(uint64_t n) { return next() % n; }
    // The generator as it will be after `n` more calls (the state only adds a constant).
    SplitMix64 ahead(uint64_t n) const { return SplitMix64(m_state + n * 0x9e3779b97f4a7c15ull); }

private:
    uint64_t m_state;
};

uint32_t fileTypeOf(DType type)
{
    switch (type) {  // llama.cpp's llama_ftype values
    case DType::F16: return 1;
    case DType::Q4_0: return 2;
    case DType::Q8_0: return 7;
    case DType::BF16: return 32;
    default: return 0;
    }
}

struct PlannedTensor {
    std::string name;
    std::vector<uint64_t> shape;
    DType type;
};

std::vector<PlannedTensor> planTensors(const SynthShapeSpec& s, DType dtype, bool ropeFreqs)
{
    const uint64_t dim = s.dim, hidden = s.hiddenDim, vocab = s.vocabSize;
    const uint64_t headDim = uint64_t(s.headSize()), qDim = uint64_t(s.nHeads) * headDim;
    const uint64_t kvDim = uint64_t(s.nKvHeads) * headDim;
    std::vector<PlannedTensor> out;
    const auto add = [&](std::string name, std::vector<uint64_t> shape) {
        const DType type = storageTypeFor(dtype, shape);
        out.push_back({std::move(name), std::move(shape), type});
    };
    add("token_embd.weight", {dim, vocab});
    if (ropeFreqs) out.push_back({"rope_freqs.weight", {headDim / 2}, DType::F32});
    for (int64_t l = 0; l < s.nLayers; ++l) {
        const std::string b = "blk." + std::to_string(l) + ".";
        const bool fused = s.architecture == "phi3";
        add(b + "attn_norm.weight", {dim});
        if (fused) {
            add(b + "attn_qkv.weight", {dim, qDim + 2 * kvDim});
        } else {
            add(b + "attn_q.weight", {dim, qDim});
            add(b + "attn_k.weight", {dim, kvDim});
            add(b + "attn_v.weight", {dim, kvDim});
        }
        if (s.architecture == "qwen2") {
            out.push_back({b + "attn_q.bias", {qDim}, DType::F32});
            out.push_back({b + "attn_k.bias", {kvDim}, DType::F32});
            out.push_back({b + "attn_v.bias", {kvDim}, DType::F32});
        }
        add(b + "attn_output.weight", {qDim, dim});
        const bool gemma = s.architecture == "gemma2";
        if (gemma) add(b + "post_attention_norm.weight", {dim});
        add(b + "ffn_norm.weight", {dim});
        if (!fused) add(b + "ffn_gate.weight", {dim, hidden});
        add(b + "ffn_down.weight", {hidden, dim});
        add(b + "ffn_up.weight", {dim, fused ? 2 * hidden : hidden});
        if (gemma) add(b + "post_ffw_norm.weight", {dim});
    }
    add("output_norm.weight", {dim});
    if (!s.tiedOutput) add("output.weight", {dim, vocab});
    return out;
}

MetaValue stringArray(const std::vector<std::string>& items)
{
    std::vector<MetaValue> v;
    v.reserve(items.size());
    for (const std::string& s : items) v.push_back(MetaValue::string(s));
    return MetaValue::array(MetaType::String, std::move(v));
}

Status addMetadata(GgufWriter& w, const SynthShapeSpec& s, const SynthOptions& o)
{
    const auto u32 = [](int64_t v) { return MetaValue::u32(static_cast<uint32_t>(v)); };
    const std::string name = "InferScope synthetic " + std::string(s.name) + " (" + std::string(s.modelOf) +
                             " shape, random weights, seed " + std::to_string(o.seed) + ")";
    const std::string p = std::string(s.architecture) + ".";  // metadata keys are prefixed with the architecture
    ENGINE_TRY(w.addMeta("general.architecture", MetaValue::string(std::string(s.architecture))));
    ENGINE_TRY(w.addMeta("general.name", MetaValue::string(name)));
    ENGINE_TRY(w.addMeta("general.file_type", MetaValue::u32(fileTypeOf(o.dtype))));
    if (kernels::traitsOf(o.dtype).quantized) ENGINE_TRY(w.addMeta("general.quantization_version", MetaValue::u32(2)));
    ENGINE_TRY(w.addMeta("inferscope.synthetic.shape", MetaValue::string(std::string(s.name))));
    ENGINE_TRY(w.addMeta("inferscope.synthetic.seed", MetaValue::u64(o.seed)));
    ENGINE_TRY(w.addMeta(p + "context_length", u32(s.contextLength)));
    ENGINE_TRY(w.addMeta(p + "embedding_length", u32(s.dim)));
    ENGINE_TRY(w.addMeta(p + "block_count", u32(s.nLayers)));
    ENGINE_TRY(w.addMeta(p + "feed_forward_length", u32(s.hiddenDim)));
    ENGINE_TRY(w.addMeta(p + "rope.dimension_count", u32(s.headSize())));
    if (s.headDim > 0) {
        ENGINE_TRY(w.addMeta(p + "attention.key_length", u32(s.headDim)));
        ENGINE_TRY(w.addMeta(p + "attention.value_length", u32(s.headDim)));
    }
    if (s.architecture == "gemma2") {  // Gemma 2's published values
        ENGINE_TRY(w.addMeta(p + "attention.sliding_window", u32(4096)));
        ENGINE_TRY(w.addMeta(p + "attn_logit_softcapping", MetaValue::f32(50.0f)));
        ENGINE_TRY(w.addMeta(p + "final_logit_softcapping", MetaValue::f32(30.0f)));
    }
    ENGINE_TRY(w.addMeta(p + "attention.head_count", u32(s.nHeads)));
    ENGINE_TRY(w.addMeta(p + "attention.head_count_kv", u32(s.nKvHeads)));
    ENGINE_TRY(w.addMeta(p + "attention.layer_norm_rms_epsilon", MetaValue::f32(s.rmsEps)));
    ENGINE_TRY(w.addMeta(p + "rope.freq_base", MetaValue::f32(s.ropeFreqBase)));
    ENGINE_TRY(w.addMeta(p + "vocab_size", u32(s.vocabSize)));

    for (auto& [key, value] : synthTokenizerMetadata(s)) ENGINE_TRY(w.addMeta(key, std::move(value)));
    return okStatus();
}

// Converts `rows` rows of `cols` fp32 values into `type`.
void encodeRows(DType type, const float* src, int64_t rows, int64_t cols, uint8_t* dst)
{
    const int64_t n = rows * cols;
    switch (type) {
    case DType::F32: std::memcpy(dst, src, size_t(n) * sizeof(float)); return;
    case DType::F16:
        for (int64_t i = 0; i < n; ++i) {
            const uint16_t h = kernels::fp32ToFp16(src[i]);
            std::memcpy(dst + 2 * i, &h, 2);
        }
        return;
    case DType::BF16:
        for (int64_t i = 0; i < n; ++i) {
            const uint16_t h = kernels::fp32ToBf16(src[i]);
            std::memcpy(dst + 2 * i, &h, 2);
        }
        return;
    default: {
        const size_t rowBytes = kernels::bytesFor(type, uint64_t(cols));
        for (int64_t r = 0; r < rows; ++r) kernels::ref::quantizeRow(type, src + r * cols, dst + r * rowBytes, cols);
    }
    }
}

// Runs body(r0, r1) over rows [0, rows) cut into parts, one thread each, so
// large shapes (an 8B model) are written at the speed of the machine's cores.
void parallelRows(int64_t rows, const std::function<void(int64_t, int64_t)>& body)
{
    const int64_t threads = std::clamp<int64_t>(std::thread::hardware_concurrency(), 1, std::min<int64_t>(rows, 16));
    std::vector<std::thread> workers;
    for (int64_t t = 1; t < threads; ++t)
        workers.emplace_back(body, rows * t / threads, rows * (t + 1) / threads);
    body(0, rows / threads);
    for (std::thread& w : workers) w.join();
}

class TensorStreamer {
public:
    TensorStreamer(GgufWriter& w, uint64_t seed, const SynthProgress& progress, uint64_t total,
                   std::vector<float> ropeFreqs)
        : m_writer(w), m_seed(seed), m_progress(progress), m_total(total), m_ropeFreqs(std::move(ropeFreqs)) {}

    Status write(const TensorInfo& t, size_t index)
    {
        if (t.name == "rope_freqs.weight") {
            m_done += t.bytes;
            return m_writer.appendTensorData(m_ropeFreqs.data(), m_ropeFreqs.size() * sizeof(float));
        }
        const int64_t cols = int64_t(t.shape[0]);
        const int64_t rows = int64_t(t.rows());
        const bool isBias = t.name.size() > 5 && t.name.compare(t.name.size() - 5, 5, ".bias") == 0;
        const bool isNorm = t.shape.size() == 1 && !isBias;
        const float scale = std::sqrt(3.0f / float(cols));  // uniform(-a, a) has std a/sqrt(3)
        SplitMix64 rng(SplitMix64(m_seed ^ (0x9e3779b97f4a7c15ull * (index + 1))).next());
        const int64_t chunkRows = std::max<int64_t>(1, kChunkValues / cols);
        m_values.resize(size_t(std::min(rows, chunkRows) * cols));
        m_bytes.resize(kernels::bytesFor(t.type, uint64_t(std::min(rows, chunkRows) * cols)));
        for (int64_t r0 = 0; r0 < rows; r0 += chunkRows) {
            const int64_t nRows = std::min(chunkRows, rows - r0);
            const int64_t n = nRows * cols;
            const size_t rowBytes = kernels::bytesFor(t.type, uint64_t(cols));
            // Each part continues the tensor's one random sequence where the
            // part begins: the file does not depend on the number of threads.
            parallelRows(nRows, [&](int64_t a, int64_t b) {
                SplitMix64 part = rng.ahead(uint64_t(isNorm ? 0 : a * cols));
                for (int64_t i = a * cols; i < b * cols; ++i)
                    m_values[size_t(i)] = isNorm ? 1.0f : isBias ? part.symmetric() * 0.02f : part.symmetric() * scale;
                encodeRows(t.type, m_values.data() + a * cols, b - a, cols, m_bytes.data() + size_t(a) * rowBytes);
            });
            if (!isNorm) rng = rng.ahead(uint64_t(n));
            const uint64_t bytes = kernels::bytesFor(t.type, uint64_t(n));
            ENGINE_TRY(m_writer.appendTensorData(m_bytes.data(), bytes));
            m_done += bytes;
            if (m_progress && !m_progress(m_done, m_total))
                return makeError(ErrorCode::Cancelled, msg("synth.cancelled", {{"path", m_writer.path()}}));
        }
        return okStatus();
    }

private:
    GgufWriter& m_writer;
    uint64_t m_seed;
    const SynthProgress& m_progress;
    uint64_t m_total;
    uint64_t m_done = 0;
    std::vector<float> m_ropeFreqs;
    std::vector<float> m_values;
    std::vector<uint8_t> m_bytes;
};

}  // namespace

const SynthShapeSpec& synthShapeSpec(SynthShape shape)
{
    return kShapes[static_cast<size_t>(shape)];
}

uint64_t synthParameterCount(const SynthShapeSpec& spec)
{
    uint64_t total = 0;
    for (const PlannedTensor& t : planTensors(spec, DType::F32, spec.llama3RopeFactor > 0.0f)) {
        uint64_t n = 1;
        for (uint64_t d : t.shape) n *= d;
        total += n;
    }
    return total;
}

std::optional<SynthShape> synthShapeFromName(std::string_view name)
{
    for (size_t i = 0; i < kShapes.size(); ++i)
        if (kShapes[i].name == name) return static_cast<SynthShape>(i);
    return std::nullopt;
}

std::string synthShapeNames()
{
    std::string out;
    for (const SynthShapeSpec& s : kShapes) out += (out.empty() ? "" : "|") + std::string(s.name);
    return out;
}

bool isSynthDType(DType type)
{
    return type == DType::F32 || type == DType::F16 || type == DType::BF16 || type == DType::Q8_0 ||
           type == DType::Q4_0;
}

namespace {

// Phi-3's added tokens from id 32000 on (the last 64 of its 32064), by the
// ids its tokenizer gives them; ids after <|user|> are padding.
std::vector<std::pair<std::string, int32_t>> phi3AddedTokens()
{
    constexpr int32_t kControl = 3, kUnused = 5;
    std::vector<std::pair<std::string, int32_t>> out = {
        {"<|endoftext|>", kControl},  {"<|assistant|>", kControl},  {"<|placeholder1|>", kControl},
        {"<|placeholder2|>", kControl}, {"<|placeholder3|>", kControl}, {"<|placeholder4|>", kControl},
        {"<|system|>", kControl},     {"<|end|>", kControl},        {"<|placeholder5|>", kControl},
        {"<|placeholder6|>", kControl}, {"<|user|>", kControl},
    };
    for (int32_t id = 32000 + int32_t(out.size()); id < 32064; ++id) out.push_back({"[PAD" + std::to_string(id) + "]", kUnused});
    return out;
}

}  // namespace

std::vector<std::pair<std::string, MetaValue>> synthTokenizerMetadata(const SynthShapeSpec& spec)
{
    const SynthVocab vocab = buildSynthVocab(spec.vocabSize, spec.architecture);
    std::vector<MetaValue> scores, types;
    scores.reserve(vocab.scores.size());
    types.reserve(vocab.types.size());
    for (float f : vocab.scores) scores.push_back(MetaValue::f32(f));
    for (int32_t t : vocab.types) types.push_back(MetaValue::i32(t));
    std::vector<std::pair<std::string, MetaValue>> out;
    out.emplace_back("tokenizer.ggml.model", MetaValue::string("llama"));
    out.emplace_back("tokenizer.ggml.tokens", stringArray(vocab.tokens));
    out.emplace_back("tokenizer.ggml.scores", MetaValue::array(MetaType::F32, std::move(scores)));
    out.emplace_back("tokenizer.ggml.token_type", MetaValue::array(MetaType::I32, std::move(types)));
    out.emplace_back("tokenizer.ggml.unknown_token_id", MetaValue::u32(0));
    out.emplace_back("tokenizer.ggml.bos_token_id", MetaValue::u32(1));
    out.emplace_back("tokenizer.ggml.eos_token_id", MetaValue::u32(2));
    out.emplace_back("tokenizer.ggml.add_bos_token", MetaValue::boolean(true));
    out.emplace_back("tokenizer.ggml.add_eos_token", MetaValue::boolean(false));
    return out;
}

SynthVocab buildSynthVocab(int64_t vocabSize, std::string_view family)
{
    SynthVocab v;
    const std::vector<std::pair<std::string, int32_t>> tail =
        family == "phi3" && vocabSize > 259 + 64 ? phi3AddedTokens() : std::vector<std::pair<std::string, int32_t>>{};
    const int64_t pieceEnd = vocabSize - int64_t(tail.size());
    const auto add = [&](std::string text, float score, int32_t type) {
        v.tokens.push_back(std::move(text));
        v.scores.push_back(score);
        v.types.push_back(type);
    };
    add("<unk>", 0.0f, kTokenUnknown);
    add("<s>", 0.0f, kTokenControl);
    add("</s>", 0.0f, kTokenControl);
    static const char kHex[] = "0123456789ABCDEF";
    for (int b = 0; b < 256; ++b) add(std::string("<0x") + kHex[b >> 4] + kHex[b & 15] + ">", 0.0f, kTokenByte);

    // Single characters and "▁"-prefixed ones first, then merges of an
    // existing piece with a character: every piece splits into two pieces.
    const std::string space = "\xe2\x96\x81";  // U+2581, SentencePiece's word boundary
    std::vector<std::string> chars;
    for (char c = 'a'; c <= 'z'; ++c) chars.emplace_back(1, c);
    for (char c = 'A'; c <= 'Z'; ++c) chars.emplace_back(1, c);
    for (char c = '0'; c <= '9'; ++c) chars.emplace_back(1, c);
    for (char c : std::string(".,!?'-:;\"()")) chars.emplace_back(1, c);
    std::unordered_set<std::string> seen(v.tokens.begin(), v.tokens.end());
    std::vector<std::string> pieces;
    const auto addPiece = [&](std::string p) {
        if (int64_t(v.tokens.size()) >= pieceEnd || !seen.insert(p).second) return;
        pieces.push_back(p);
        add(std::move(p), -float(pieces.size() - 1), kTokenNormal);
    };
    addPiece(space);
    for (const std::string& c : chars) addPiece(c);
    for (const std::string& c : chars) addPiece(space + c);
    SplitMix64 rng(kVocabSeed);
    constexpr size_t kMaxPieceBytes = 16;
    while (int64_t(v.tokens.size()) < pieceEnd) {
        const std::string& left = pieces[rng.below(pieces.size())];
        const std::string& right = chars[rng.below(26)];  // lowercase letters keep pieces word-like
        if (left.size() + right.size() <= kMaxPieceBytes) addPiece(left + right);
    }
    for (const auto& [text, type] : tail) add(text, 0.0f, type);
    return v;
}

Status synthesizeModel(const SynthOptions& options, const SynthProgress& progress)
{
    if (options.shape >= SynthShape::Count) return makeError(ErrorCode::InvalidArgument, msg("synth.unknown_shape"));
    if (!isSynthDType(options.dtype))
        return makeError(ErrorCode::InvalidArgument,
                         msg("synth.dtype", {{"dtype", std::string(kernels::dtypeName(options.dtype))}}));
    if (options.outPath.empty()) return makeError(ErrorCode::InvalidArgument, msg("synth.no_output"));
    const SynthShapeSpec& spec = synthShapeSpec(options.shape);

    const float ropeFactor = options.llama3Rope.value_or(spec.llama3RopeFactor > 0.0f)
                                 ? (spec.llama3RopeFactor > 0.0f ? spec.llama3RopeFactor : kDefaultLlama3RopeFactor)
                                 : 0.0f;
    const int64_t headDim = spec.headSize();
    std::vector<float> ropeFreqs;
    if (ropeFactor > 0.0f) ropeFreqs = llama3RopeFreqs(headDim, spec.ropeFreqBase, ropeFactor);

    GgufWriter writer(options.outPath);
    ENGINE_TRY(addMetadata(writer, spec, options));
    for (PlannedTensor& t : planTensors(spec, options.dtype, !ropeFreqs.empty()))
        ENGINE_TRY(writer.addTensor(std::move(t.name), t.type, std::move(t.shape)));
    ENGINE_TRY(writer.writeHeader());

    uint64_t total = 0;
    for (const TensorInfo& t : writer.tensors()) total += t.bytes;
    TensorStreamer streamer(writer, options.seed, progress, total, std::move(ropeFreqs));
    for (size_t i = 0; i < writer.tensors().size(); ++i) ENGINE_TRY(streamer.write(writer.tensors()[i], i));
    return writer.finish();
}

}  // namespace engine

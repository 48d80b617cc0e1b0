// Writes the seed corpora of the fuzz targets, made by the project's own code
// (no third-party files): fuzz_seeds OUTDIR makes OUTDIR/{gguf,llama2c,
// profile,workload,tokenizer}. Profiles also get the example profiles in
// resources/profiles (copied by the runner).
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "engine/config/profile.h"
#include "engine/formats/gguf_writer.h"
#include "engine/formats/model_file.h"
#include "engine/model/model_config.h"
#include "engine/model/weights.h"
#include "engine/model/synth.h"
#include "engine/tokenizer/tokenizer.h"
#include "kernels/api/ops.h"

namespace fs = std::filesystem;

namespace {

void writeBytes(const fs::path& path, const std::vector<uint8_t>& bytes)
{
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                                 static_cast<std::streamsize>(bytes.size()));
}

void writeText(const fs::path& path, const std::string& text)
{
    std::ofstream(path, std::ios::binary) << text;
}

template <typename T>
void append(std::vector<uint8_t>& out, T value)
{
    const auto* p = reinterpret_cast<const uint8_t*>(&value);
    out.insert(out.end(), p, p + sizeof value);
}

// A llama2.c checkpoint of a tiny shape and its tokenizer.bin, in the
// fuzz_llama2c input layout (4-byte split point, checkpoint, tokenizer).
std::vector<uint8_t> llama2cSeed(bool sharedClassifier)
{
    const int32_t dim = 8, hidden = 16, layers = 1, heads = 2, kvHeads = 2, vocab = 16, seq = 8;
    std::vector<uint8_t> ckpt;
    for (int32_t v : {dim, hidden, layers, heads, kvHeads, sharedClassifier ? vocab : -vocab, seq}) append(ckpt, v);
    const int32_t headSize = dim / heads, kvDim = kvHeads * headSize;
    const int64_t floats = int64_t(vocab) * dim + layers * (dim + dim * dim + 2 * dim * kvDim + dim * dim + dim +
                                                           3 * int64_t(hidden) * dim) +
                           dim + int64_t(seq) * headSize + (sharedClassifier ? 0 : int64_t(vocab) * dim);
    for (int64_t i = 0; i < floats; ++i) append(ckpt, static_cast<float>((i * 37 % 101) - 50) / 500.0f);
    std::vector<uint8_t> tok;
    append(tok, int32_t{5});
    const char* pieces[] = {"<unk>", "<s>", "</s>", " ", "a", "b", "c", "d", "e", " the", "on", "ce", "up", "time", "\n", "."};
    for (int i = 0; i < vocab; ++i) {
        append(tok, static_cast<float>(-i));
        append(tok, static_cast<int32_t>(std::strlen(pieces[i])));
        tok.insert(tok.end(), pieces[i], pieces[i] + std::strlen(pieces[i]));
    }
    std::vector<uint8_t> input;
    append(input, static_cast<uint32_t>(ckpt.size()));
    input.insert(input.end(), ckpt.begin(), ckpt.end());
    input.insert(input.end(), tok.begin(), tok.end());
    return input;
}

// fuzz_hf input layout: a two-layer llama folder with a four-token SentencePiece-style vocabulary.
std::vector<uint8_t> hfSeed()
{
    const std::string header = R"({"model.embed_tokens.weight":{"dtype":"F32","shape":[4,4],"data_offsets":[0,64]},)"
                               R"("model.norm.weight":{"dtype":"BF16","shape":[4],"data_offsets":[64,72]}})";
    std::vector<uint8_t> weights(8);
    const uint64_t headerBytes = header.size();
    std::memcpy(weights.data(), &headerBytes, 8);
    weights.insert(weights.end(), header.begin(), header.end());
    weights.resize(weights.size() + 72, 0x3f);
    const std::string config = R"({"model_type":"llama","hidden_size":4,"intermediate_size":8,"num_hidden_layers":2,)"
                               R"("num_attention_heads":2,"num_key_value_heads":1,"max_position_embeddings":32,)"
                               R"("rope_scaling":{"rope_type":"llama3","factor":8.0,"low_freq_factor":1.0,)"
                               R"("high_freq_factor":4.0,"original_max_position_embeddings":16}})";
    const std::string tokenizer = R"({"added_tokens":[{"id":0,"content":"<s>","special":true}],)"
                                  R"("normalizer":{"type":"Sequence","normalizers":[{"type":"Prepend","prepend":"▁"},)"
                                  R"({"type":"Replace","pattern":{"String":" "},"content":"▁"}]},)"
                                  R"("model":{"type":"BPE","byte_fallback":true,"vocab":{"<s>":0,"a":1,"b":2,"ab":3},)"
                                  R"("merges":["a b"]}})";
    std::vector<uint8_t> input;
    for (const auto& part : {std::string(weights.begin(), weights.end()), config}) {
        const uint32_t n = uint32_t(part.size());
        input.insert(input.end(), reinterpret_cast<const uint8_t*>(&n), reinterpret_cast<const uint8_t*>(&n) + 4);
        input.insert(input.end(), part.begin(), part.end());
    }
    input.insert(input.end(), tokenizer.begin(), tokenizer.end());
    return input;
}

// The smallest complete llama GGUF: one layer, a 16-token SPM vocabulary and
// rows of `dim` values (32 for the block types), a few kilobytes. Parsed
// thousands of times a second, it lets a long campaign mutate every header,
// metadata and tensor-info field; the synthetic "tiny" files cover real sizes.
engine::Status writeMicroGguf(const fs::path& path, kernels::DType type)
{
    using engine::MetaType;
    using engine::MetaValue;
    const bool blocks = kernels::traitsOf(type).quantized;
    const int64_t dim = blocks ? 32 : 8, hidden = blocks ? 32 : 16, heads = 2, vocab = 16;
    engine::GgufWriter w(path.string());
    const auto u32 = [](int64_t v) { return MetaValue::u32(static_cast<uint32_t>(v)); };
    ENGINE_TRY(w.addMeta("general.architecture", MetaValue::string("llama")));
    ENGINE_TRY(w.addMeta("llama.context_length", u32(32)));
    ENGINE_TRY(w.addMeta("llama.embedding_length", u32(dim)));
    ENGINE_TRY(w.addMeta("llama.block_count", u32(1)));
    ENGINE_TRY(w.addMeta("llama.feed_forward_length", u32(hidden)));
    ENGINE_TRY(w.addMeta("llama.rope.dimension_count", u32(dim / heads)));
    ENGINE_TRY(w.addMeta("llama.attention.head_count", u32(heads)));
    ENGINE_TRY(w.addMeta("llama.attention.head_count_kv", u32(heads)));
    ENGINE_TRY(w.addMeta("llama.attention.layer_norm_rms_epsilon", MetaValue::f32(1e-5f)));
    ENGINE_TRY(w.addMeta("llama.rope.freq_base", MetaValue::f32(10000.0f)));
    const char* pieces[] = {"<unk>", "<s>", "</s>", "\xe2\x96\x81", "a", "b", "c", "d",
                            "e", "\xe2\x96\x81the", "on", "ce", "up", "time", "<0x0A>", "."};
    std::vector<MetaValue> tokens, scores, types;
    for (int i = 0; i < vocab; ++i) {
        tokens.push_back(MetaValue::string(pieces[i]));
        scores.push_back(MetaValue::f32(static_cast<float>(-i)));
        types.push_back(MetaValue::i32(i == 0 ? 2 : i < 3 ? 3 : i == 14 ? 6 : 1));
    }
    ENGINE_TRY(w.addMeta("tokenizer.ggml.model", MetaValue::string("llama")));
    ENGINE_TRY(w.addMeta("tokenizer.ggml.tokens", MetaValue::array(MetaType::String, std::move(tokens))));
    ENGINE_TRY(w.addMeta("tokenizer.ggml.scores", MetaValue::array(MetaType::F32, std::move(scores))));
    ENGINE_TRY(w.addMeta("tokenizer.ggml.token_type", MetaValue::array(MetaType::I32, std::move(types))));
    ENGINE_TRY(w.addMeta("tokenizer.ggml.bos_token_id", u32(1)));
    ENGINE_TRY(w.addMeta("tokenizer.ggml.eos_token_id", u32(2)));

    struct Tensor {
        std::string name;
        int64_t cols, rows;
    };
    const std::vector<Tensor> tensors = {
        {"token_embd.weight", dim, vocab},      {"blk.0.attn_norm.weight", dim, 1}, {"blk.0.attn_q.weight", dim, dim},
        {"blk.0.attn_k.weight", dim, dim},      {"blk.0.attn_v.weight", dim, dim},  {"blk.0.attn_output.weight", dim, dim},
        {"blk.0.ffn_norm.weight", dim, 1},      {"blk.0.ffn_gate.weight", dim, hidden},
        {"blk.0.ffn_down.weight", hidden, dim}, {"blk.0.ffn_up.weight", dim, hidden},
        {"output_norm.weight", dim, 1},         {"output.weight", dim, vocab}};
    const auto typeOf = [&](const Tensor& t) { return t.rows == 1 ? kernels::DType::F32 : type; };
    for (const Tensor& t : tensors) {
        std::vector<uint64_t> shape{static_cast<uint64_t>(t.cols)};
        if (t.rows > 1) shape.push_back(static_cast<uint64_t>(t.rows));
        ENGINE_TRY(w.addTensor(t.name, typeOf(t), shape));
    }
    ENGINE_TRY(w.writeHeader());
    for (const Tensor& t : tensors) {
        std::vector<float> values(static_cast<size_t>(t.rows * t.cols));
        for (size_t i = 0; i < values.size(); ++i)
            values[i] = t.rows == 1 ? 1.0f : static_cast<float>(static_cast<int>(i * 37 % 101) - 50) / 200.0f;
        const uint64_t rowBytes = kernels::bytesFor(typeOf(t), static_cast<uint64_t>(t.cols));
        std::vector<uint8_t> bytes(rowBytes * static_cast<uint64_t>(t.rows));
        for (int64_t r = 0; r < t.rows; ++r)
            kernels::ref::quantizeRow(typeOf(t), values.data() + r * t.cols, bytes.data() + r * rowBytes, t.cols);
        ENGINE_TRY(w.writeTensorData(t.name, bytes.data(), bytes.size()));
    }
    return w.finish();
}

// What the fuzz_gguf target runs on an input, minus the fuzzing: open, config,
// tensor binding, tokenizer.
engine::Status checkLoads(const fs::path& path)
{
    auto file = engine::openModelFile(path.string());
    if (!file) return file.error();
    auto config = engine::ModelConfig::fromModelFile(*file);
    if (!config) return config.error();
    if (auto weights = engine::Weights::bind(*file, *config); !weights) return weights.error();
    if (auto tokenizer = engine::Tokenizer::fromModel(*file); !tokenizer) return tokenizer.error();
    return engine::okStatus();
}

}  // namespace

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: fuzz_seeds OUTDIR\n");
        return 2;
    }
    const fs::path out = argv[1];
    for (const char* dir : {"gguf", "llama2c", "hf", "profile", "workload", "tokenizer"}) fs::create_directories(out / dir);

    for (auto [dtype, name] : {std::pair{kernels::DType::F32, "tiny-f32"}, std::pair{kernels::DType::Q8_0, "tiny-q8_0"},
                               std::pair{kernels::DType::Q4_0, "tiny-q4_0"}}) {
        engine::SynthOptions o;
        o.shape = engine::SynthShape::Tiny;
        o.dtype = dtype;
        o.seed = 1;
        o.outPath = (out / "gguf" / (std::string(name) + ".gguf")).string();
        if (!engine::synthesizeModel(o)) {
            std::fprintf(stderr, "fuzz_seeds: cannot write %s\n", o.outPath.c_str());
            return 1;
        }
    }
    for (auto [dtype, name] : {std::pair{kernels::DType::F32, "micro-f32"}, std::pair{kernels::DType::F16, "micro-f16"},
                               std::pair{kernels::DType::Q4_0, "micro-q4_0"}}) {
        const fs::path path = out / "gguf" / (std::string(name) + ".gguf");
        if (const engine::Status written = writeMicroGguf(path, dtype); !written) {
            std::fprintf(stderr, "fuzz_seeds: cannot write %s: %s\n", path.c_str(), written.error().message.c_str());
            return 1;
        }
        // A seed the loader refuses would only exercise the first error path.
        if (const engine::Status loads = checkLoads(path); !loads) {
            std::fprintf(stderr, "fuzz_seeds: %s does not load: %s\n", path.c_str(), loads.error().message.c_str());
            return 1;
        }
    }
    writeBytes(out / "llama2c" / "shared.bin", llama2cSeed(true));
    writeBytes(out / "llama2c" / "unshared.bin", llama2cSeed(false));
    writeBytes(out / "hf" / "llama.bin", hfSeed());

    engine::Profile p;
    p.name = "every section";
    engine::WeightsConfig w;
    w.dtype = engine::WeightDType::Int4;
    w.groupSize = 64;
    p.weights = w;
    engine::KvCacheConfig kv;
    kv.mode = engine::KvCacheMode::Paged;
    kv.dtype = engine::KvDType::Int8;
    kv.blockSize = 16;
    p.kvCache = kv;
    engine::DevicesConfig d;
    d.split = engine::SplitMode::Pipeline;
    d.virtualCpus = 2;
    d.layerWeights = std::vector<int32_t>{1, 2};
    p.devices = d;
    writeText(out / "profile" / "every-section.json", engine::serializeProfile(p));

    writeText(out / "workload" / "requests.json",
              R"({"schema": "inferscope.workload/1", "name": "two", "requests": [)"
              R"({"prompt": "Once upon", "output_tokens": 64, "arrival_ms": 0},)"
              R"({"prompt_tokens": 128, "output_tokens": 32, "arrival_ms": 12.5}]})");
    writeText(out / "workload" / "generator.json",
              R"({"schema": "inferscope.workload/1", "name": "poisson", "generator": {"arrival": "poisson", )"
              R"("rate_per_s": 4, "count": 32, "prompt_tokens": 64, "output_tokens": 64, "seed": 1}})");

    writeText(out / "tokenizer" / "english.txt", "Once upon a time, there was a little girl named Lily.\n");
    writeText(out / "tokenizer" / "mixed.txt", "<s>Hello <|im_start|>user\n\xe4\xbd\xa0\xe5\xa5\xbd 123 \xf0\x9f\x98\x80</s>");
    return 0;
}

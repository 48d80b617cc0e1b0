#pragma once
// Writes Hugging Face checkpoint folders for tests (stories260K as one:
// writeStoriesFolder), from the file formats'
// published descriptions: safetensors files (with an index when sharded),
// config.json, and tokenizer.json made from a GGUF vocabulary — for a
// SentencePiece vocabulary the merges are derived the way Hugging Face's
// converters derive them from a SentencePiece model (every split of a piece
// into two pieces of the vocabulary, ordered by the piece's score).
#include <QByteArray>
#include <QFile>
#include <QString>
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <QDir>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/formats/model_file.h"

namespace testsupport::hf {

using Json = nlohmann::ordered_json;

struct StTensor {
    std::string name;
    std::string dtype;           // "F32", "F16", "BF16", ...
    std::vector<uint64_t> shape;  // row-major, as safetensors stores it
    std::vector<uint8_t> bytes;
};

inline bool writeBytes(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

inline bool writeJson(const QString& path, const Json& doc)
{
    return writeBytes(path, QByteArray::fromStdString(doc.dump(2)));
}

// One safetensors file: the header (padded with spaces to 8 bytes), then the
// tensors back to back in the order given.
inline QByteArray safetensorsBytes(const std::vector<StTensor>& tensors)
{
    Json header = Json::object();
    header["__metadata__"] = {{"format", "pt"}};
    uint64_t offset = 0;
    for (const StTensor& t : tensors) {
        header[t.name] = {{"dtype", t.dtype}, {"shape", t.shape}, {"data_offsets", {offset, offset + t.bytes.size()}}};
        offset += t.bytes.size();
    }
    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8, ' ');
    QByteArray out;
    const uint64_t n = text.size();
    out.append(reinterpret_cast<const char*>(&n), 8);
    out.append(text.data(), qsizetype(text.size()));
    for (const StTensor& t : tensors) out.append(reinterpret_cast<const char*>(t.bytes.data()), qsizetype(t.bytes.size()));
    return out;
}

// `tensors` as model.safetensors, or over `shards` files with the index.
inline bool writeWeights(const QString& dir, const std::vector<StTensor>& tensors, int shards = 1)
{
    if (shards <= 1) return writeBytes(dir + "/model.safetensors", safetensorsBytes(tensors));
    Json weightMap = Json::object();
    for (int s = 0; s < shards; ++s) {
        std::vector<StTensor> part;
        for (size_t i = size_t(s); i < tensors.size(); i += size_t(shards)) part.push_back(tensors[i]);
        const std::string name = "model-0000" + std::to_string(s + 1) + "-of-0000" + std::to_string(shards) +
                                 ".safetensors";
        for (const StTensor& t : part) weightMap[t.name] = name;
        if (!writeBytes(dir + "/" + QString::fromStdString(name), safetensorsBytes(part))) return false;
    }
    return writeJson(dir + "/model.safetensors.index.json", {{"metadata", {{"total_size", 0}}}, {"weight_map", weightMap}});
}

inline std::vector<std::string> ggufStrings(const engine::ModelFile& f, const std::string& key)
{
    std::vector<std::string> out;
    if (const engine::MetaValue* v = f.find(key); v && v->asArray())
        for (const engine::MetaValue& item : v->asArray()->items) out.push_back(*item.asString());
    return out;
}

inline std::vector<double> ggufNumbers(const engine::ModelFile& f, const std::string& key)
{
    std::vector<double> out;
    if (const engine::MetaValue* v = f.find(key); v && v->asArray())
        for (const engine::MetaValue& item : v->asArray()->items) out.push_back(item.asFloat().value_or(0.0));
    return out;
}

constexpr int kControl = 3, kUserDefined = 4, kNormal = 1;

// Vocabulary and added tokens (control and user-defined types) of a GGUF tokenizer.
inline void addVocabulary(const engine::ModelFile& gguf, Json& doc, Json& model)
{
    const auto tokens = ggufStrings(gguf, "tokenizer.ggml.tokens");
    const auto types = ggufNumbers(gguf, "tokenizer.ggml.token_type");
    Json vocab = Json::object();
    Json added = Json::array();
    for (size_t i = 0; i < tokens.size(); ++i) {
        const int type = i < types.size() ? int(types[i]) : kNormal;
        if (!vocab.contains(tokens[i])) vocab[tokens[i]] = i;
        if (type == kControl || type == kUserDefined)
            added.push_back({{"id", i}, {"content", tokens[i]}, {"single_word", false}, {"lstrip", false},
                             {"rstrip", false}, {"normalized", false}, {"special", type == kControl}});
    }
    doc["added_tokens"] = added;
    model["vocab"] = vocab;
}

// tokenizer.json of a SentencePiece (GGUF "llama") vocabulary, as Llama 2 /
// Phi-3 / Gemma checkpoints ship it: BPE with byte fallback, spaces replaced
// by U+2581 (and one prepended when the vocabulary adds a space prefix).
inline Json spmTokenizerJson(const engine::ModelFile& gguf)
{
    const auto tokens = ggufStrings(gguf, "tokenizer.ggml.tokens");
    const auto scores = ggufNumbers(gguf, "tokenizer.ggml.scores");
    const auto types = ggufNumbers(gguf, "tokenizer.ggml.token_type");
    std::unordered_map<std::string, size_t> ids;
    for (size_t i = 0; i < tokens.size(); ++i) ids.emplace(tokens[i], i);
    struct Merge {
        double score;
        size_t piece, left, right;
    };
    std::vector<Merge> merges;
    for (size_t i = 0; i < tokens.size(); ++i) {
        if (i < types.size() && int(types[i]) != kNormal) continue;
        const std::string& piece = tokens[i];
        for (size_t cut = 1; cut < piece.size(); ++cut) {
            const auto l = ids.find(piece.substr(0, cut)), r = ids.find(piece.substr(cut));
            if (l != ids.end() && r != ids.end()) merges.push_back({scores[i], i, l->second, r->second});
        }
    }
    std::stable_sort(merges.begin(), merges.end(), [](const Merge& a, const Merge& b) {
        if (a.score != b.score) return a.score > b.score;
        if (a.piece != b.piece) return a.piece < b.piece;
        return std::pair(a.left, a.right) < std::pair(b.left, b.right);
    });
    Json doc = {{"version", "1.0"}, {"truncation", nullptr}, {"padding", nullptr}};
    Json model = {{"type", "BPE"}, {"dropout", nullptr}, {"unk_token", "<unk>"}, {"continuing_subword_prefix", nullptr},
                  {"end_of_word_suffix", nullptr}, {"fuse_unk", true}, {"byte_fallback", true}};
    addVocabulary(gguf, doc, model);
    Json mergeList = Json::array();
    for (const Merge& m : merges) mergeList.push_back(tokens[m.left] + " " + tokens[m.right]);
    model["merges"] = mergeList;
    const bool prefix = !gguf.find("tokenizer.ggml.add_space_prefix") ||
                        gguf.find("tokenizer.ggml.add_space_prefix")->asBool().value_or(true);
    Json normalizers = Json::array();
    if (prefix) normalizers.push_back({{"type", "Prepend"}, {"prepend", "\xE2\x96\x81"}});
    normalizers.push_back({{"type", "Replace"}, {"pattern", {{"String", " "}}}, {"content", "\xE2\x96\x81"}});
    doc["normalizer"] = {{"type", "Sequence"}, {"normalizers", normalizers}};
    doc["pre_tokenizer"] = nullptr;
    doc["post_processor"] = nullptr;
    doc["decoder"] = nullptr;
    doc["model"] = model;
    return doc;
}

// tokenizer.json of a byte-level BPE (GGUF "gpt2") vocabulary with the given pre-tokenizer.
inline Json byteLevelTokenizerJson(const engine::ModelFile& gguf, const Json& preTokenizer)
{
    Json doc = {{"version", "1.0"}, {"truncation", nullptr}, {"padding", nullptr}};
    Json model = {{"type", "BPE"}, {"dropout", nullptr}, {"unk_token", nullptr}, {"continuing_subword_prefix", ""},
                  {"end_of_word_suffix", ""}, {"fuse_unk", false}, {"byte_fallback", false}};
    addVocabulary(gguf, doc, model);
    model["merges"] = ggufStrings(gguf, "tokenizer.ggml.merges");
    doc["normalizer"] = nullptr;
    doc["pre_tokenizer"] = preTokenizer;
    doc["post_processor"] = {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", false}, {"use_regex", false}};
    doc["decoder"] = {{"type", "ByteLevel"}};
    doc["model"] = model;
    return doc;
}

inline Json byteLevel(bool useRegex)
{
    return {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", useRegex}};
}

// GGUF tensor names of a llama file -> the Hugging Face module names.
inline std::string hfName(const std::string& gguf)
{
    if (gguf == "token_embd.weight") return "model.embed_tokens.weight";
    if (gguf == "output_norm.weight") return "model.norm.weight";
    if (gguf == "output.weight") return "lm_head.weight";
    static const std::map<std::string, std::string> kLayer = {
        {"attn_norm", "input_layernorm"}, {"attn_q", "self_attn.q_proj"},  {"attn_k", "self_attn.k_proj"},
        {"attn_v", "self_attn.v_proj"},   {"attn_output", "self_attn.o_proj"}, {"ffn_norm", "post_attention_layernorm"},
        {"ffn_gate", "mlp.gate_proj"},    {"ffn_up", "mlp.up_proj"},       {"ffn_down", "mlp.down_proj"},
    };
    const size_t a = gguf.find('.'), b = gguf.find('.', a + 1), c = gguf.rfind('.');
    return "model.layers." + gguf.substr(a + 1, b - a - 1) + "." + kLayer.at(gguf.substr(b + 1, c - b - 1)) +
           gguf.substr(c);
}

inline std::vector<uint8_t> bytesOf(const engine::TensorInfo& t) { return {t.data, t.data + t.bytes}; }

// Adjacent-pair rows (2j, 2j + 1) of each head to the half-split order (j, j + half) HF checkpoints use.
inline std::vector<uint8_t> halfSplit(const engine::TensorInfo& t, int64_t headDim)
{
    const uint64_t rowBytes = t.bytes / t.rows();
    std::vector<uint8_t> out(t.bytes);
    for (uint64_t r = 0; r < t.rows(); ++r) {
        const uint64_t i = r % uint64_t(headDim), half = uint64_t(headDim) / 2;
        const uint64_t from = r - i + (i < half ? 2 * i : 2 * (i - half) + 1);
        std::memcpy(out.data() + r * rowBytes, t.data + from * rowBytes, rowBytes);
    }
    return out;
}

inline StTensor f32Tensor(std::string name, const engine::TensorInfo& t, std::vector<uint8_t> bytes)
{
    std::vector<uint64_t> shape(t.shape.rbegin(), t.shape.rend());
    return {std::move(name), "F32", shape, std::move(bytes)};
}

inline void append(std::vector<uint8_t>& to, const std::vector<uint8_t>& from) { to.insert(to.end(), from.begin(), from.end()); }

// stories260K's tensors as `modelType` would store them.
inline std::vector<StTensor> hfTensors(const engine::ModelFile& g, const std::string& modelType, int64_t headDim)
{
    std::vector<StTensor> out;
    const int64_t layers = g.getInt("llama.block_count").value_or(0);
    for (const engine::TensorInfo& t : g.tensors) {
        const bool qk = t.name.find("attn_q.") != std::string::npos || t.name.find("attn_k.") != std::string::npos;
        const bool fusedAway = modelType == "phi3" && (qk || t.name.find("attn_v.") != std::string::npos ||
                                                       t.name.find("ffn_gate.") != std::string::npos ||
                                                       t.name.find("ffn_up.") != std::string::npos);
        if (fusedAway) continue;
        out.push_back(f32Tensor(hfName(t.name), t, qk ? halfSplit(t, headDim) : bytesOf(t)));
        if (modelType == "qwen2" && (qk || t.name.find("attn_v.") != std::string::npos))
            out.push_back({hfName(t.name).replace(hfName(t.name).size() - 6, 6, "bias"), "F32", {t.shape[1]},
                           std::vector<uint8_t>(t.shape[1] * sizeof(float), 0)});
    }
    for (int64_t l = 0; modelType == "phi3" && l < layers; ++l) {
        const std::string b = "blk." + std::to_string(l) + ".";
        const auto* q = g.findTensor(b + "attn_q.weight");
        const auto* k = g.findTensor(b + "attn_k.weight");
        const auto* v = g.findTensor(b + "attn_v.weight");
        const auto* gate = g.findTensor(b + "ffn_gate.weight");
        const auto* up = g.findTensor(b + "ffn_up.weight");
        std::vector<uint8_t> qkv = halfSplit(*q, headDim), gateUp = bytesOf(*gate);
        append(qkv, halfSplit(*k, headDim));
        append(qkv, bytesOf(*v));
        append(gateUp, bytesOf(*up));
        const std::string p = "model.layers." + std::to_string(l) + ".";
        out.push_back({p + "self_attn.qkv_proj.weight", "F32", {q->shape[1] + k->shape[1] + v->shape[1], q->shape[0]}, qkv});
        out.push_back({p + "mlp.gate_up_proj.weight", "F32", {2 * up->shape[1], up->shape[0]}, gateUp});
    }
    return out;
}

inline Json hfConfig(const engine::ModelFile& g, const std::string& modelType)
{
    const auto i = [&](const char* key) { return g.getInt(std::string("llama.") + key).value_or(0); };
    return {{"architectures", {"ForCausalLM"}},
            {"model_type", modelType},
            {"hidden_size", i("embedding_length")},
            {"intermediate_size", i("feed_forward_length")},
            {"num_hidden_layers", i("block_count")},
            {"num_attention_heads", i("attention.head_count")},
            {"num_key_value_heads", i("attention.head_count_kv")},
            {"max_position_embeddings", i("context_length")},
            {"rms_norm_eps", g.getFloat("llama.attention.layer_norm_rms_epsilon").value_or(1e-5)},
            {"rope_theta", 10000.0},
            {"hidden_act", "silu"},
            {"tie_word_embeddings", false},
            {"vocab_size", 512},
            {"bos_token_id", 1},
            {"eos_token_id", 2},
            {"torch_dtype", "float32"}};
}

// stories260K as a Hugging Face folder in `dir`.
inline bool writeStoriesFolder(const QString& source, const QString& dir, const std::string& modelType, int shards = 1,
                        const Json& configChanges = Json::object())
{
    auto g = engine::openModelFile(source.toStdString());
    if (!g) return false;
    const int64_t headDim = g->getInt("llama.embedding_length").value_or(0) /
                            g->getInt("llama.attention.head_count").value_or(1);
    Json config = hfConfig(*g, modelType);
    config.update(configChanges);
    return QDir().mkpath(dir) && writeWeights(dir, hfTensors(*g, modelType, headDim), shards) &&
           writeJson(dir + "/config.json", config) &&
           writeJson(dir + "/tokenizer.json", spmTokenizerJson(*g)) &&
           writeJson(dir + "/tokenizer_config.json",
                          {{"add_bos_token", true}, {"bos_token", "<s>"}, {"eos_token", "</s>"}});
}

}  // namespace testsupport::hf

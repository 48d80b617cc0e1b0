#include "engine/formats/hf_folder.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <set>
#include <string_view>
#include <tuple>

#include "engine/common/cancel.h"
#include "engine/common/message_catalog.h"
#include "engine/common/text_file.h"
#include "engine/formats/hf_parts.h"
#include "engine/formats/mapped_file.h"
#include "engine/formats/safetensors_reader.h"
#include "engine/model/llama3_rope.h"
#include "kernels/api/ops.h"

namespace engine {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Rows rewritten between two polls of the cancel flag.
constexpr uint64_t kRowsPerCancelPoll = 1024;

// The shards' mappings and the tensors rewritten on load, kept alive with the views.
struct FolderStorage {
    std::vector<std::shared_ptr<const MappedFile>> shards;
    std::vector<std::vector<uint8_t>> rewritten;
};

Expected<std::vector<std::string>> shardPaths(const std::string& dir)
{
    const std::string index = dir + "/model.safetensors.index.json";
    if (fs::exists(index)) {
        auto doc = hf::readJsonFile(index, "safetensors index", kMaxConfigFileBytes);
        if (!doc) return doc.error();
        if (!doc->is_object() || !doc->contains("weight_map") || !(*doc)["weight_map"].is_object())
            return makeError(ErrorCode::Format, msg("hf.index_no_weight_map", {{"path", index}}));
        std::vector<std::string> files;
        for (const auto& [tensor, file] : (*doc)["weight_map"].items()) {
            if (!file.is_string() || file.get<std::string>().find('/') != std::string::npos)
                return makeError(ErrorCode::Format, msg("hf.index_bad_file", {{"path", index}, {"tensor", tensor}}));
            if (std::find(files.begin(), files.end(), file.get<std::string>()) == files.end())
                files.push_back(file.get<std::string>());
        }
        std::sort(files.begin(), files.end());
        for (std::string& f : files) f = dir + "/" + f;
        return files;
    }
    if (fs::exists(dir + "/model.safetensors")) return std::vector<std::string>{dir + "/model.safetensors"};
    std::vector<std::string> files;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec))
        if (entry.path().extension() == ".safetensors") files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    if (files.empty())
        return makeError(ErrorCode::NotFound, msg("hf.no_safetensors", {{"path", dir}}));
    return files;
}

// The GGUF name of a layer tensor's HF suffix ("self_attn.q_proj" -> "attn_q").
std::string layerTensorName(const std::string& module, bool postNorms)
{
    static const std::pair<const char*, const char*> kNames[] = {
        {"input_layernorm", "attn_norm"},        {"self_attn.q_proj", "attn_q"},
        {"self_attn.k_proj", "attn_k"},          {"self_attn.v_proj", "attn_v"},
        {"self_attn.o_proj", "attn_output"},     {"self_attn.qkv_proj", "attn_qkv"},
        {"self_attn.q_norm", "attn_q_norm"},     {"self_attn.k_norm", "attn_k_norm"},
        {"pre_feedforward_layernorm", "ffn_norm"}, {"post_feedforward_layernorm", "post_ffw_norm"},
        {"mlp.gate_proj", "ffn_gate"},           {"mlp.up_proj", "ffn_up"},
        {"mlp.down_proj", "ffn_down"},           {"mlp.gate_up_proj", "ffn_up"},
    };
    // Gemma's post_attention_layernorm normalises the attention output; in the
    // other families it is the norm before the FFN.
    if (module == "post_attention_layernorm") return postNorms ? "post_attention_norm" : "ffn_norm";
    for (const auto& [hf, gguf] : kNames)
        if (module == hf) return gguf;
    return {};
}

// "model.layers.3.self_attn.q_proj.weight" -> "blk.3.attn_q.weight"; names
// the engine does not read keep their HF spelling (the model card lists them).
std::string ggufName(const std::string& name, const hf::ConfigFacts& facts)
{
    std::string n = name;
    for (const char* prefix : {"model.language_model.", "language_model.model."})
        if (n.rfind(prefix, 0) == 0) n = "model." + n.substr(std::strlen(prefix));
    if (n.rfind("language_model.lm_head.", 0) == 0) n = n.substr(std::strlen("language_model."));
    if (n == "model.embed_tokens.weight") return "token_embd.weight";
    if (n == "model.norm.weight") return "output_norm.weight";
    if (n == "lm_head.weight") return "output.weight";
    const std::string layers = "model.layers.";
    if (n.rfind(layers, 0) != 0) return name;
    const size_t dot = n.find('.', layers.size());
    const size_t last = n.rfind('.');
    if (dot == std::string::npos || last <= dot) return name;
    const std::string layer = n.substr(layers.size(), dot - layers.size());
    if (layer.empty() || !std::all_of(layer.begin(), layer.end(), ::isdigit)) return name;
    const std::string gguf = layerTensorName(n.substr(dot + 1, last - dot - 1), facts.normPlusOne);
    return gguf.empty() ? name : "blk." + layer + "." + gguf + n.substr(last);
}

// Vision tower and projector tensors of a multimodal checkpoint: not part of
// the language model the engine runs.
bool isVisionTensor(const std::string& name)
{
    return name.rfind("vision_tower.", 0) == 0 || name.rfind("multi_modal_projector.", 0) == 0 ||
           name.rfind("model.vision_tower.", 0) == 0 || name.rfind("model.multi_modal_projector.", 0) == 0;
}

TensorInfo toTensorInfo(const SafetensorsTensor& s, std::string name)
{
    TensorInfo t;
    t.name = std::move(name);
    t.type = s.type;
    t.shape.assign(s.shape.rbegin(), s.shape.rend());
    if (t.shape.empty()) t.shape = {1};
    t.fileOffset = s.fileOffset;
    t.bytes = s.bytes;
    t.data = s.data;
    return t;
}

// Rows of each head from half-split order (j, j + half) to adjacent pairs (2j, 2j + 1).
Status permuteToAdjacent(TensorInfo& t, int64_t heads, FolderStorage& storage, const std::atomic<bool>* cancel)
{
    const uint64_t rows = t.rows();
    if (heads <= 0 || rows % uint64_t(heads) != 0 || (rows / uint64_t(heads)) % 2 != 0)
        return makeError(ErrorCode::Format, msg("hf.rows_not_heads", {{"name", t.name}, {"rows", rows}, {"heads", heads}}));
    const uint64_t headDim = rows / uint64_t(heads), half = headDim / 2;
    const uint64_t rowBytes = t.bytes / rows;
    std::vector<uint8_t> out(t.bytes);
    for (uint64_t r = 0; r < rows; ++r) {
        if (r % kRowsPerCancelPoll == 0 && cancelRequested(cancel)) return loadCancelled();
        const uint64_t head = r / headDim, i = r % headDim;
        const uint64_t from = head * headDim + (i % 2) * half + i / 2;
        std::memcpy(out.data() + r * rowBytes, t.data + from * rowBytes, rowBytes);
    }
    storage.rewritten.push_back(std::move(out));
    t.data = storage.rewritten.back().data();
    return okStatus();
}

// Gemma's norm weights w - 1 as F32 w.
void addOneToNorm(TensorInfo& t, FolderStorage& storage)
{
    const uint64_t n = t.elements();
    std::vector<uint8_t> bytes(n * sizeof(float));
    auto* out = reinterpret_cast<float*>(bytes.data());
    if (t.type == kernels::DType::F32) std::memcpy(out, t.data, n * sizeof(float));
    else kernels::ref::dequantizeRow(t.type, t.data, out, int64_t(n));
    for (uint64_t i = 0; i < n; ++i) out[i] += 1.0f;
    storage.rewritten.push_back(std::move(bytes));
    t.type = kernels::DType::F32;
    t.bytes = n * sizeof(float);
    t.data = storage.rewritten.back().data();
}

void addRopeFreqs(const hf::ConfigFacts& facts, ModelFile& model, FolderStorage& storage)
{
    const hf::Llama3Rope& r = *facts.llama3Rope;
    const std::vector<float> factors =
        llama3RopeFreqs(facts.ropeDim, facts.ropeBase, r.factor, r.lowFreqFactor, r.highFreqFactor, r.originalContext);
    storage.rewritten.emplace_back(reinterpret_cast<const uint8_t*>(factors.data()),
                                   reinterpret_cast<const uint8_t*>(factors.data() + factors.size()));
    TensorInfo t;
    t.name = "rope_freqs.weight";
    t.shape = {factors.size()};
    t.bytes = factors.size() * sizeof(float);
    t.data = storage.rewritten.back().data();
    model.tensors.push_back(t);
}

// Shards hold tensors in any order; the model is listed (and exported) as
// GGUF files list it: the embedding, each layer in turn, then the rest.
void sortLikeGguf(std::vector<TensorInfo>& tensors)
{
    const auto key = [](const TensorInfo& t) {
        if (t.name.rfind("token_embd.", 0) == 0) return std::tuple(0, int64_t{0}, std::string_view(t.name));
        if (t.name.rfind("blk.", 0) != 0) return std::tuple(2, int64_t{0}, std::string_view(t.name));
        return std::tuple(1, int64_t{std::strtoll(t.name.c_str() + 4, nullptr, 10)}, std::string_view(t.name));
    };
    std::stable_sort(tensors.begin(), tensors.end(),
                     [&](const TensorInfo& a, const TensorInfo& b) { return key(a) < key(b); });
}

Status readShards(const std::string& dir, const hf::ConfigFacts& facts, ModelFile& model, FolderStorage& storage,
                  const std::atomic<bool>* cancel)
{
    auto paths = shardPaths(dir);
    if (!paths) return paths.error();
    std::set<std::string> names;
    for (const std::string& path : *paths) {
        auto mapped = MappedFile::open(path);
        if (!mapped) return mapped.error();
        auto shard = readSafetensors(*mapped);
        if (!shard) return shard.error();
        model.fileSize += shard->mapping->size();
        for (const SafetensorsTensor& s : shard->tensors) {
            if (cancelRequested(cancel)) return loadCancelled();
            if (isVisionTensor(s.name)) continue;
            TensorInfo t = toTensorInfo(s, ggufName(s.name, facts));
            if (!names.insert(t.name).second)
                return makeError(ErrorCode::Format, msg("hf.tensor_in_two_shards", {{"path", path}, {"name", s.name}}));
            const bool q = t.name.find(".attn_q.") != std::string::npos;
            const bool k = t.name.find(".attn_k.") != std::string::npos;
            if (facts.halfSplitCheckpoint && (q || k))
                ENGINE_TRY(permuteToAdjacent(t, q ? facts.nHeads : facts.nKvHeads, storage, cancel));
            if (facts.normPlusOne && t.name.size() > 11 && t.name.ends_with("norm.weight")) addOneToNorm(t, storage);
            model.tensors.push_back(std::move(t));
        }
        storage.shards.push_back(shard->mapping);
    }
    if (facts.llama3Rope) addRopeFreqs(facts, model, storage);
    sortLikeGguf(model.tensors);
    return okStatus();
}

}  // namespace

bool isHuggingFaceFolder(const std::string& path)
{
    std::error_code ec;
    return fs::is_directory(path, ec) && fs::exists(path + "/config.json", ec);
}

Expected<ModelFile> readHuggingFaceFolder(const std::string& dir, const std::atomic<bool>* cancel)
{
    if (!isHuggingFaceFolder(dir))
        return makeError(ErrorCode::NotFound, msg("hf.needs_config", {{"path", dir}}));
    auto config = hf::readJsonFile(dir + "/config.json", "config.json", kMaxConfigFileBytes);
    if (!config) return config.error();
    ModelFile model;
    model.format = ModelFormat::HuggingFace;
    model.path = dir;
    model.alignment = 32;
    // The folder's name ("dir/" names it too: a trailing slash leaves filename() empty).
    fs::path named = fs::path(dir).lexically_normal();
    if (named.filename().empty()) named = named.parent_path();
    model.setMeta("general.name", MetaValue::string(named.filename().string()));
    auto facts = hf::readConfig(*config, dir + "/config.json", model);
    if (!facts) return facts.error();

    auto storage = std::make_shared<FolderStorage>();
    ENGINE_TRY(readShards(dir, *facts, model, *storage, cancel));
    if (cancelRequested(cancel)) return loadCancelled();
    model.rebuildIndex();
    const TensorInfo* embd = model.findTensor("token_embd.weight");
    if (!embd || embd->shape.size() != 2)
        return makeError(ErrorCode::NotFound, msg("hf.no_embedding", {{"path", dir}}));
    ENGINE_TRY(hf::readTokenizer(dir, int64_t(embd->shape[1]), *facts, model));
    if (!storage->shards.empty()) model.mapping = storage->shards.front();
    model.ownedStorage = storage;
    model.rebuildIndex();
    return model;
}

}  // namespace engine

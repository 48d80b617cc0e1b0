#include "engine/model/model_card.h"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "engine/kv/kv_store.h"
#include "engine/model/kv_cache.h"
#include "engine/model/model_config.h"
#include "engine/model/weights.h"
#include "engine/tokenizer/chat_template.h"

namespace engine {
namespace {

using kernels::DType;

uint64_t bytesAs(DType target, const TensorInfo& t)
{
    return kernels::bytesFor(storageTypeFor(target, t.shape), t.elements());
}

std::string dominantType(const ModelFile& file)
{
    std::map<DType, uint64_t> bytesByType;
    for (const TensorInfo& t : file.tensors)
        if (t.shape.size() >= 2) bytesByType[t.type] += t.bytes;
    if (bytesByType.empty()) return "";
    auto best = bytesByType.begin();
    for (auto it = bytesByType.begin(); it != bytesByType.end(); ++it)
        if (it->second > best->second) best = it;
    std::string s(kernels::dtypeName(best->first));
    return bytesByType.size() > 1 ? s + " (mixed)" : s;
}

void readHyperparameters(const ModelFile& file, ModelCard& c)
{
    const std::string a = c.architecture + ".";
    const auto getInt = [&](const std::string& key) { return file.getInt(a + key).value_or(0); };
    c.dim = getInt("embedding_length");
    c.hiddenDim = getInt("feed_forward_length");
    c.nLayers = getInt("block_count");
    c.nHeads = getInt("attention.head_count");
    c.nKvHeads = file.getInt(a + "attention.head_count_kv").value_or(c.nHeads);
    // attention.key_length when present (heads x head size may differ from the width after head pruning).
    c.headDim = file.getInt(a + "attention.key_length").value_or(c.nHeads > 0 ? c.dim / c.nHeads : 0);
    c.contextLength = getInt("context_length");
    c.ropeDim = file.getInt(a + "rope.dimension_count").value_or(c.headDim);
    c.ropeFreqBase = file.getFloat(a + "rope.freq_base").value_or(c.architecture == "llama" ? 10000.0 : 0.0);
    c.rmsEps = file.getFloat(a + "attention.layer_norm_rms_epsilon").value_or(0.0);

    c.tokenizerModel = file.getString("tokenizer.ggml.model").value_or("");
    if (const MetaValue* tokens = file.find("tokenizer.ggml.tokens"))
        if (const MetaArray* arr = tokens->asArray()) c.tokenizerVocab = int64_t(arr->items.size());
    const TensorInfo* embd = file.findTensor("token_embd.weight");
    c.vocabSize = getInt("vocab_size");
    if (c.vocabSize == 0 && embd && embd->shape.size() == 2) c.vocabSize = int64_t(embd->shape[1]);
    if (c.vocabSize == 0) c.vocabSize = c.tokenizerVocab;
    const TensorInfo* out = file.findTensor("output.weight");
    c.tiedOutput = embd && (!out || (out->data && out->data == embd->data));
}

std::string formatShort(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%g", v);
    return buf;
}

// The architecture's departures from plain llama, as the forward pass runs them.
std::vector<std::string> architectureFeatures(const ModelFile& file, const ModelConfig& c)
{
    std::vector<std::string> out;
    out.push_back(c.ropePairing == kernels::RopePairing::HalfSplit ? "half-split (NeoX) rope" : "adjacent-pair rope");
    if (file.findTensor("rope_freqs.weight")) out.push_back("rope frequency factors (rope_freqs)");
    if (c.ropeFreqScale != 1.0f) out.push_back("linear rope scaling x" + std::to_string(1.0f / c.ropeFreqScale));
    if (c.qkvBias) out.push_back("Q/K/V biases");
    if (c.fusedQkv) out.push_back("fused Q/K/V matrix");
    if (c.fusedGateUp) out.push_back("fused gate | up matrix");
    if (c.nKvHeads < c.nHeads) out.push_back("grouped-query attention (" + std::to_string(c.kvGroup()) + " heads per kv head)");
    if (c.qDim() != c.dim) out.push_back("head dim independent of the width");
    if (c.embedScale) out.push_back("embeddings scaled by sqrt(dim)");
    if (c.postNorms) out.push_back("post-attention and post-FFN norms");
    if (c.geluGate) out.push_back("GELU (tanh) gate");
    if (c.attnSoftcap > 0.0f) out.push_back("attention logits soft-capped at " + formatShort(c.attnSoftcap));
    if (c.finalSoftcap > 0.0f) out.push_back("final logits soft-capped at " + formatShort(c.finalSoftcap));
    if (c.slidingWindow > 0)
        out.push_back("sliding window of " + std::to_string(c.slidingWindow) + " on " +
                      (c.windowPattern == 2 ? "alternate layers"
                                            : std::to_string(c.windowPattern - 1) + " of every " +
                                                  std::to_string(c.windowPattern) + " layers"));
    if (c.qkNorm) out.push_back("Q/K norms per head");
    if (c.localRopeBase > 0.0f) out.push_back("local layers rotate with base " + formatShort(c.localRopeBase));
    return out;
}

// Role of every tensor the engine reads: from the tensor list of the file's
// config when it has one we run (fused matrices named as such), else from the
// names alone.
std::map<std::string, std::string> tensorRoles(const ModelFile& file, const ModelConfig* config)
{
    std::map<std::string, std::string> out;
    if (config) {
        for (const TensorSlot& s : tensorSlots(*config)) {
            std::string role(tensorRoleName(s.role));
            if (s.role == TensorRole::QkvFused) role += " (q | k | v)";
            if (s.role == TensorRole::GateUpFused) role += " (gate | up)";
            out[s.name] = role;
        }
        return out;
    }
    for (const TensorInfo& t : file.tensors)
        if (const auto found = classifyTensor(t.name)) out[t.name] = std::string(tensorRoleName(found->first));
    return out;
}

// GGUF stores these as f32: print the float's shortest form (1e-05, not 9.99999975e-06).
double asShortFloat(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%.7g", v);
    return std::strtod(buf, nullptr);
}

std::string formatFixed(double v, const char* unit)
{
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%.2f %s", v, unit);
    return buf;
}

ModelCard::KvEstimate kvEstimate(const ModelConfig& c)
{
    ModelCard::KvEstimate out;
    KvStoreSpec spec;
    spec.mode = KvCacheMode::Contiguous;
    spec.capacityTokens = c.contextLength;
    spec.layers = c.nLayers;
    spec.kvHeads = c.nKvHeads;
    spec.headDim = c.headDim;
    setKvWindows(spec, c);
    out.tokens = c.contextLength;
    for (int64_t l = 0; l < c.nLayers; ++l) out.windowLayers += spec.isWindowed(l) ? 1 : 0;
    spec.dtype = KvDType::F32;
    out.f32 = kvCacheBytes(spec);
    spec.dtype = KvDType::Int8;
    out.int8 = kvCacheBytes(spec);
    spec.dtype = KvDType::F16;
    out.f16 = kvCacheBytes(spec);
    spec.keepWholeWindowLayers = true;
    out.f16Whole = kvCacheBytes(spec);
    return out;
}

}  // namespace

kernels::DType storageTypeFor(DType target, const std::vector<uint64_t>& shape)
{
    if (shape.size() < 2) return DType::F32;
    if (shape[0] % kernels::traitsOf(target).blockSize != 0) return DType::F16;
    return target;
}

ModelCard ModelCard::fromModelFile(const ModelFile& file)
{
    ModelCard c;
    c.path = file.path;
    c.format = modelFormatName(file.format);
    c.ggufVersion = file.version;
    c.fileSize = file.fileSize;
    c.architecture = file.architecture();
    c.name = file.getString("general.name").value_or("");
    c.fileType = dominantType(file);
    readHyperparameters(file, c);
    // Only an architecture the engine runs has a config (and so features).
    const Expected<ModelConfig> config = ModelConfig::fromModelFile(file);
    if (config) {
        c.features = architectureFeatures(file, *config);
        c.kvCache = kvEstimate(*config);
        c.slidingWindow = config->slidingWindow;
        for (int64_t l = 0; l < config->nLayers; ++l) c.windowedLayers.push_back(config->windowOf(l) > 0);
    }
    if (const auto jinja = file.getString("tokenizer.chat_template")) {
        const auto chat = detectChatFormat(*jinja);
        c.chatTemplate = chat ? std::string(chatFormatName(*chat)) : "unknown";
    }

    const std::map<std::string, std::string> roles = tensorRoles(file, config ? &*config : nullptr);
    for (const TensorInfo& t : file.tensors) {
        const auto role = roles.find(t.name);
        c.tensors.push_back({t.name, std::string(kernels::dtypeName(t.type)), t.shape, t.elements(), t.bytes,
                             role == roles.end() ? std::string() : role->second});
        if (c.tensors.back().role.empty()) ++c.unreadTensors;
    }
    for (const TensorInfo* t : file.distinctTensors()) {
        c.parameterCount += t->elements();
        c.memory.asStored += t->bytes;
        c.memory.fp32 += bytesAs(DType::F32, *t);
        c.memory.fp16 += bytesAs(DType::F16, *t);
        c.memory.int8 += bytesAs(DType::Q8_0, *t);
        c.memory.int4 += bytesAs(DType::Q4_0, *t);
    }
    for (const auto& [key, value] : file.metadata) c.metadata.emplace_back(key, value.toDisplayString(8));
    return c;
}

nlohmann::json ModelCard::toJson() const
{
    nlohmann::json tensorsJson = nlohmann::json::array();
    for (const Tensor& t : tensors)
        tensorsJson.push_back({{"name", t.name}, {"type", t.type}, {"shape", t.shape}, {"elements", t.elements},
                               {"bytes", t.bytes}, {"role", t.role}});
    nlohmann::json meta = nlohmann::json::array();
    for (const auto& [key, value] : metadata) meta.push_back({{"key", key}, {"value", value}});
    return {
        {"path", path},
        {"format", format},
        {"gguf_version", ggufVersion},
        {"file_size", fileSize},
        {"architecture", architecture},
        {"name", name},
        {"file_type", fileType},
        {"hyperparameters",
         {{"dim", dim},
          {"hidden_dim", hiddenDim},
          {"n_layers", nLayers},
          {"n_heads", nHeads},
          {"n_kv_heads", nKvHeads},
          {"head_dim", headDim},
          {"vocab_size", vocabSize},
          {"context_length", contextLength},
          {"rope_dim", ropeDim},
          {"rope_freq_base", asShortFloat(ropeFreqBase)},
          {"rms_eps", asShortFloat(rmsEps)},
          {"tied_output", tiedOutput}}},
        {"features", features},
        {"chat_template", chatTemplate},
        {"parameters", parameterCount},
        {"tokenizer", {{"model", tokenizerModel}, {"vocab_size", tokenizerVocab}, {"present", tokenizerVocab > 0}}},
        {"memory_bytes",
         {{"as_stored", memory.asStored},
          {"fp32", memory.fp32},
          {"fp16", memory.fp16},
          {"int8_q8_0", memory.int8},
          {"int4_q4_0", memory.int4}}},
        {"kv_cache_bytes",
         {{"context", kvCache.tokens},
          {"window_layers", kvCache.windowLayers},
          {"f32", kvCache.f32},
          {"f16", kvCache.f16},
          {"int8", kvCache.int8},
          {"f16_layers_whole", kvCache.f16Whole}}},
        {"tensors", std::move(tensorsJson)},
        {"metadata", std::move(meta)},
    };
}

std::string ModelCard::toText() const
{
    std::ostringstream o;
    o << "model         " << (name.empty() ? path : name) << "\n";
    o << "file          " << path << " (" << format;
    if (format == "gguf") o << " v" << ggufVersion;
    o << ", " << formatBytes(fileSize) << ")\n";
    o << "architecture  " << (architecture.empty() ? "(unknown)" : architecture) << ", weights " << fileType << "\n";
    o << "parameters    " << formatCount(parameterCount) << " (" << parameterCount << ")\n";
    o << "shape         dim " << dim << ", ffn " << hiddenDim << ", layers " << nLayers << ", heads " << nHeads
      << ", kv heads " << nKvHeads << ", head dim " << headDim << "\n";
    o << "              vocab " << vocabSize << ", context " << contextLength << ", rope dims " << ropeDim
      << ", rope base " << ropeFreqBase << ", rms eps " << rmsEps << ", output " << (tiedOutput ? "tied" : "separate")
      << "\n";
    if (!features.empty()) {
        o << "features      ";
        for (size_t i = 0; i < features.size(); ++i) o << (i ? ", " : "") << features[i];
        o << "\n";
    }
    o << "tokenizer     ";
    if (tokenizerVocab > 0)
        o << tokenizerModel << ", " << tokenizerVocab << " tokens"
          << (chatTemplate.empty() ? "" : ", chat template " + chatTemplate) << "\n";
    else o << "none\n";
    o << "weights       as stored " << formatBytes(memory.asStored) << " | FP32 " << formatBytes(memory.fp32)
      << " | FP16 " << formatBytes(memory.fp16) << " | INT8 (Q8_0) " << formatBytes(memory.int8)
      << " | INT4 (Q4_0) " << formatBytes(memory.int4) << "\n";
    if (kvCache.tokens > 0) {
        o << "kv cache      context " << kvCache.tokens << ", one sequence: F32 " << formatBytes(kvCache.f32)
          << " | F16 " << formatBytes(kvCache.f16) << " | INT8 " << formatBytes(kvCache.int8);
        if (kvCache.f16 != kvCache.f16Whole)
            o << " (" << kvCache.windowLayers << " sliding-window layers hold their window only; F16 "
              << formatBytes(kvCache.f16Whole) << " if held whole)";
        o << "\n";
    }
    o << "\ntensors (" << tensors.size() << (unreadTensors ? ", " + std::to_string(unreadTensors) + " not read" : "")
      << "):\n";
    char line[512];
    for (const Tensor& t : tensors) {
        std::string shape;
        for (size_t i = 0; i < t.shape.size(); ++i) shape += (i ? " x " : "") + std::to_string(t.shape[i]);
        std::snprintf(line, sizeof(line), "  %-28s %-5s %-16s %-10s %s\n", t.name.c_str(), t.type.c_str(),
                      shape.c_str(), formatBytes(t.bytes).c_str(), t.role.empty() ? "(not read)" : t.role.c_str());
        o << line;
    }
    return o.str();
}

std::string formatBytes(uint64_t bytes)
{
    if (bytes < 1024) return std::to_string(bytes) + " B";
    if (bytes < (1ull << 20)) return formatFixed(double(bytes) / 1024.0, "KiB");
    if (bytes < (1ull << 30)) return formatFixed(double(bytes) / double(1ull << 20), "MiB");
    return formatFixed(double(bytes) / double(1ull << 30), "GiB");
}

std::string formatCount(uint64_t count)
{
    if (count < 1000) return std::to_string(count);
    if (count < 1000000) return formatFixed(double(count) / 1e3, "K");
    if (count < 1000000000) return formatFixed(double(count) / 1e6, "M");
    return formatFixed(double(count) / 1e9, "B");
}

}  // namespace engine

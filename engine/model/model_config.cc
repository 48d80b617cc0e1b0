#include "engine/model/model_config.h"

#include "engine/common/message_catalog.h"
#include "engine/model/architecture.h"

#include <cmath>
#include <sstream>

namespace engine {

namespace {

// "model.gguf: <what>"
Error fileError(ErrorCode code, const std::string& path, Message what)
{
    return makeError(code, msg("context.in_file", {{"path", path}, {"cause", std::move(what)}}));
}

Expected<int64_t> requirePositive(const ModelFile& file, const std::string& key)
{
    const std::optional<int64_t> v = file.getInt(key);
    if (!v) return fileError(ErrorCode::NotFound, file.path, msg("config.missing_key", {{"key", key}}));
    if (*v <= 0) return fileError(ErrorCode::Format, file.path, msg("config.key_not_positive", {{"key", key}, {"value", *v}}));
    return *v;
}

}  // namespace

namespace {

// Rope scaling as GGUF writes it: {arch}.rope.scaling.type none|linear|yarn
// with {arch}.rope.scaling.factor, or the older {arch}.rope.scale_linear.
// Linear scaling divides every frequency by the factor. YaRN is refused by
// name: running it as plain rope would be silently wrong.
Status readRopeScaling(const ModelFile& file, const std::string& p, const std::string& where, ModelConfig& c)
{
    const std::string type = file.getString(p + "rope.scaling.type").value_or("");
    const auto factor = file.getFloat(p + "rope.scaling.factor");
    if (type == "yarn" || type == "longrope")
        return fileError(ErrorCode::Unsupported, where, msg("config.rope_scaling_unsupported", {{"type", type}}));
    if (!type.empty() && type != "none" && type != "linear")
        return fileError(ErrorCode::Unsupported, where, msg("config.rope_scaling_unknown", {{"type", type}}));
    double linear = 1.0;
    if (type == "linear" && factor) linear = *factor;
    else if (const auto legacy = file.getFloat(p + "rope.scale_linear")) linear = *legacy;
    if (!(linear > 0.0))
        return fileError(ErrorCode::Format, where, msg("config.rope_factor", {{"value", std::to_string(linear)}}));
    c.ropeFreqScale = static_cast<float>(1.0 / linear);
    return okStatus();
}

// Soft-capping, sliding window and score scale (Gemma 2). The softcaps are
// optional keys; a sliding-window architecture must say its window.
Status readGemmaAttention(const ModelFile& file, const std::string& p, const std::string& where, ModelConfig& c)
{
    const auto positiveOrAbsent = [&](const std::string& key, float& out) -> Status {
        const auto v = file.getFloat(p + key);
        if (!v) return okStatus();
        if (!(*v > 0.0) || !std::isfinite(*v))
            return fileError(ErrorCode::Format, where, msg("config.not_positive_finite", {{"key", key}, {"value", std::to_string(*v)}}));
        out = static_cast<float>(*v);
        return okStatus();
    };
    ENGINE_TRY(positiveOrAbsent("attn_logit_softcapping", c.attnSoftcap));
    ENGINE_TRY(positiveOrAbsent("final_logit_softcapping", c.finalSoftcap));
    if (c.windowPattern > 0) {
        auto window = requirePositive(file, p + "attention.sliding_window");
        if (!window) return window.error();
        c.slidingWindow = *window;
        // Gemma scales scores by query_pre_attn_scalar^-1/2, which GGUF does
        // not carry: it is the head size except for the 27B models (Gemma 2:
        // 46 layers, Gemma 3: 62), whose scalar is dim / heads (as llama.cpp
        // derives it).
        const bool large = c.nLayers == (c.qkNorm ? 62 : 46);
        const int64_t scalar = large ? c.dim / c.nHeads : c.headDim;
        c.attnScale = 1.0f / std::sqrt(static_cast<float>(scalar));
    }
    return okStatus();
}

}  // namespace

Expected<ModelConfig> ModelConfig::fromModelFile(const ModelFile& file)
{
    ModelConfig c;
    c.architecture = file.architecture();
    const auto arch = findArchitecture(c.architecture);
    if (!arch)
        return fileError(ErrorCode::Unsupported, file.path,
                         c.architecture.empty()
                             ? msg("config.no_architecture", {{"supported", supportedArchitectures()}})
                             : msg("config.architecture_unsupported", {{"arch", c.architecture}, {"supported", supportedArchitectures()}}));
    c.ropePairing = arch->ropePairing;
    c.qkvBias = arch->qkvBias;
    c.fusedQkv = arch->fusedQkv;
    c.fusedGateUp = arch->fusedGateUp;
    c.embedScale = arch->embedScale;
    c.postNorms = arch->postNorms;
    c.geluGate = arch->geluGate;
    c.windowPattern = arch->windowPattern;
    c.qkNorm = arch->qkNorm;
    c.localRopeBase = arch->localRopeBase;
    const std::string p = c.architecture + ".";
    auto dim = requirePositive(file, p + "embedding_length");
    if (!dim) return dim.error();
    auto hidden = requirePositive(file, p + "feed_forward_length");
    if (!hidden) return hidden.error();
    auto layers = requirePositive(file, p + "block_count");
    if (!layers) return layers.error();
    auto heads = requirePositive(file, p + "attention.head_count");
    if (!heads) return heads.error();
    auto ctx = requirePositive(file, p + "context_length");
    if (!ctx) return ctx.error();
    // Every layer has tensors: a block count beyond what the file holds is
    // refused before anything is sized by it.
    if (*layers > static_cast<int64_t>(file.tensors.size()))
        return fileError(ErrorCode::Format, file.path, msg("config.too_many_layers", {{"key", p + "block_count"},
                                                                                     {"layers", *layers},
                                                                                     {"tensors", file.tensors.size()}}));
    c.dim = *dim;
    c.hiddenDim = *hidden;
    c.nLayers = *layers;
    c.nHeads = *heads;
    c.contextLength = *ctx;
    c.nKvHeads = file.getInt(p + "attention.head_count_kv").value_or(c.nHeads);

    const std::string& where = file.path;
    // The head size is llama.attention.key_length when present: a model whose
    // heads were pruned keeps its head size with fewer heads, so qDim (heads x
    // head size) may differ from the embedding width. Without the key it is
    // embedding_length / head_count, which must then divide evenly.
    if (const auto keyLen = file.getInt(p + "attention.key_length")) {
        if (*keyLen <= 0)
            return fileError(ErrorCode::Format, where, msg("config.key_length", {{"value", *keyLen}}));
        c.headDim = *keyLen;
    } else {
        if (c.dim % c.nHeads != 0)
            return fileError(ErrorCode::Format, where, msg("config.dim_not_heads", {{"dim", c.dim}, {"heads", c.nHeads}}));
        c.headDim = c.dim / c.nHeads;
    }
    if (const auto valueLen = file.getInt(p + "attention.value_length"); valueLen && *valueLen != c.headDim)
        return fileError(ErrorCode::Unsupported, where, msg("config.value_length", {{"value", *valueLen}, {"key", c.headDim}}));
    if (c.nKvHeads <= 0 || c.nHeads % c.nKvHeads != 0)
        return fileError(ErrorCode::Format, where, msg("config.heads_not_kv", {{"heads", c.nHeads}, {"kv_heads", c.nKvHeads}}));
    c.ropeDim = file.getInt(p + "rope.dimension_count").value_or(c.headDim);
    if (c.ropeDim <= 0 || c.ropeDim > c.headDim || c.ropeDim % 2 != 0)
        return fileError(ErrorCode::Format, where, msg("config.rope_dim", {{"value", c.ropeDim}, {"head", c.headDim}}));
    c.ropeFreqBase = static_cast<float>(file.getFloat(p + "rope.freq_base").value_or(10000.0));
    ENGINE_TRY(readRopeScaling(file, p, where, c));
    c.rmsEps = static_cast<float>(file.getFloat(p + "attention.layer_norm_rms_epsilon").value_or(1e-5));
    if (!(c.ropeFreqBase > 0.0f)) return fileError(ErrorCode::Format, where, msg("config.rope_base"));
    if (!(c.rmsEps > 0.0f))
        return fileError(ErrorCode::Format, where, msg("config.rms_eps"));

    ENGINE_TRY(readGemmaAttention(file, p, where, c));

    const TensorInfo* embd = file.findTensor("token_embd.weight");
    if (!embd) return fileError(ErrorCode::NotFound, where, msg("config.missing_tensor", {{"name", "token_embd.weight"}}));
    if (embd->shape.size() != 2 || embd->shape[0] != static_cast<uint64_t>(c.dim))
        return fileError(ErrorCode::Format, where, msg("config.embedding_shape", {{"shape", embd->shapeString()}, {"dim", c.dim}}));
    c.vocabSize = static_cast<int64_t>(embd->shape[1]);
    return c;
}

std::string ModelConfig::summary() const
{
    std::ostringstream s;
    s << architecture << ": dim " << dim << ", ffn " << hiddenDim << ", layers " << nLayers << ", heads " << nHeads
      << "/" << nKvHeads << " (head " << headDim << ", rope " << ropeDim << "), vocab " << vocabSize << ", context "
      << contextLength;
    return s.str();
}

}  // namespace engine

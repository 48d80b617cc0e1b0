#include "engine/model/weights.h"

#include <array>
#include <cmath>
#include <cstring>

#include "engine/common/cancel.h"
#include "engine/common/message_catalog.h"

namespace engine {

namespace {

// GGUF name of each role: "<kind>.<suffix>", inside a layer "blk.<l>.<kind>.<suffix>".
struct RoleName {
    TensorRole role;
    std::string_view kind;
    std::string_view suffix;
    bool inLayer;
};

constexpr std::array kRoleNames = {
    RoleName{TensorRole::Embedding, "token_embd", "weight", false},
    RoleName{TensorRole::AttnNorm, "attn_norm", "weight", true},
    RoleName{TensorRole::Q, "attn_q", "weight", true},
    RoleName{TensorRole::K, "attn_k", "weight", true},
    RoleName{TensorRole::V, "attn_v", "weight", true},
    RoleName{TensorRole::QkvFused, "attn_qkv", "weight", true},
    RoleName{TensorRole::QBias, "attn_q", "bias", true},
    RoleName{TensorRole::KBias, "attn_k", "bias", true},
    RoleName{TensorRole::VBias, "attn_v", "bias", true},
    RoleName{TensorRole::QNorm, "attn_q_norm", "weight", true},
    RoleName{TensorRole::KNorm, "attn_k_norm", "weight", true},
    RoleName{TensorRole::AttnOutput, "attn_output", "weight", true},
    RoleName{TensorRole::PostAttnNorm, "post_attention_norm", "weight", true},
    RoleName{TensorRole::FfnNorm, "ffn_norm", "weight", true},
    RoleName{TensorRole::Gate, "ffn_gate", "weight", true},
    RoleName{TensorRole::Up, "ffn_up", "weight", true},
    RoleName{TensorRole::GateUpFused, "ffn_up", "weight", true},  // same name: the config tells them apart
    RoleName{TensorRole::Down, "ffn_down", "weight", true},
    RoleName{TensorRole::PostFfwNorm, "post_ffw_norm", "weight", true},
    RoleName{TensorRole::OutputNorm, "output_norm", "weight", false},
    RoleName{TensorRole::Output, "output", "weight", false},
    RoleName{TensorRole::RopeFreqs, "rope_freqs", "weight", false},
};
static_assert(kRoleNames.size() == static_cast<size_t>(TensorRole::Count));

constexpr bool rolesInOrder()
{
    for (size_t i = 0; i < kRoleNames.size(); ++i)
        if (static_cast<size_t>(kRoleNames[i].role) != i) return false;
    return true;
}
static_assert(rolesInOrder(), "kRoleNames is indexed by TensorRole");

const RoleName& roleName(TensorRole role)
{
    return kRoleNames[static_cast<size_t>(role)];
}

std::string tensorName(TensorRole role, int32_t layer)
{
    const RoleName& r = roleName(role);
    const std::string base = std::string(r.kind) + "." + std::string(r.suffix);
    return r.inLayer ? "blk." + std::to_string(layer) + "." + base : base;
}

// "model.gguf: <what>"
Error fileError(ErrorCode code, const std::string& path, Message what)
{
    return makeError(code, msg("context.in_file", {{"path", path}, {"cause", std::move(what)}}));
}

std::string shapeText(uint64_t cols, uint64_t rows)
{
    return std::to_string(cols) + " x " + std::to_string(rows);
}

// Looks up a matrix slot and checks it is (cols x rows) in ggml order.
Expected<kernels::Tensor> bindMatrix(const ModelFile& file, const TensorInfo& t, const TensorSlot& s)
{
    const bool ok = t.shape.size() == 2 && t.shape[0] == static_cast<uint64_t>(s.cols) &&
                    t.shape[1] == static_cast<uint64_t>(s.rows);
    if (!ok)
        return fileError(ErrorCode::Format, file.path, msg("weights.bad_shape", {{"name", s.name}, {"shape", t.shapeString()}, {"expected", shapeText(s.cols, s.rows)}}));
    const kernels::DTypeTraits traits = kernels::traitsOf(t.type);
    if (traits.blockSize == 0 || s.cols % traits.blockSize != 0)
        return fileError(ErrorCode::Format, file.path, msg("weights.row_not_blocks", {{"name", s.name}, {"length", s.cols}, {"type", traits.name}}));
    kernels::Tensor m{t.type, t.data, s.rows, s.cols, kernels::bytesFor(t.type, static_cast<uint64_t>(s.cols))};
    if (m.rowBytes * static_cast<uint64_t>(s.rows) > t.bytes || !t.data)
        return fileError(ErrorCode::Format, file.path, msg("weights.data_short", {{"name", s.name}}));
    // Packed where it lies (a converted matrix): the CPU kernels read the
    // groups at `packed`, which is `data` itself.
    if (t.layout == RowLayout::CpuPacked) m.packed = t.data;
    return m;
}

}  // namespace

std::string_view tensorRoleName(TensorRole role)
{
    return role == TensorRole::Count ? std::string_view("?") : roleName(role).kind;
}

std::vector<TensorSlot> tensorSlots(const ModelConfig& c)
{
    std::vector<TensorSlot> out;
    const auto add = [&](TensorRole role, int32_t layer, int64_t cols, int64_t rows, bool required = true) {
        out.push_back({tensorName(role, layer), role, layer, cols, rows, false, required});
    };
    const auto addVector = [&](TensorRole role, int32_t layer, int64_t n, bool required = true) {
        out.push_back({tensorName(role, layer), role, layer, n, 1, true, required});
    };
    add(TensorRole::Embedding, -1, c.dim, c.vocabSize);
    addVector(TensorRole::RopeFreqs, -1, c.ropeDim / 2, false);
    for (int32_t l = 0; l < static_cast<int32_t>(c.nLayers); ++l) {
        addVector(TensorRole::AttnNorm, l, c.dim);
        if (c.fusedQkv) {
            add(TensorRole::QkvFused, l, c.dim, c.qDim() + 2 * c.kvDim());
        } else {
            add(TensorRole::Q, l, c.dim, c.qDim());
            add(TensorRole::K, l, c.dim, c.kvDim());
            add(TensorRole::V, l, c.dim, c.kvDim());
        }
        // Required where the architecture has them: a qwen2 file without its
        // biases would run silently wrong.
        if (c.qkvBias) {
            addVector(TensorRole::QBias, l, c.qDim());
            addVector(TensorRole::KBias, l, c.kvDim());
            addVector(TensorRole::VBias, l, c.kvDim());
        }
        if (c.qkNorm) {
            addVector(TensorRole::QNorm, l, c.headDim);
            addVector(TensorRole::KNorm, l, c.headDim);
        }
        add(TensorRole::AttnOutput, l, c.qDim(), c.dim);
        if (c.postNorms) addVector(TensorRole::PostAttnNorm, l, c.dim);
        addVector(TensorRole::FfnNorm, l, c.dim);
        if (c.fusedGateUp) {
            add(TensorRole::GateUpFused, l, c.dim, 2 * c.hiddenDim);
        } else {
            add(TensorRole::Gate, l, c.dim, c.hiddenDim);
            add(TensorRole::Up, l, c.dim, c.hiddenDim);
        }
        add(TensorRole::Down, l, c.hiddenDim, c.dim);
        if (c.postNorms) addVector(TensorRole::PostFfwNorm, l, c.dim);
    }
    addVector(TensorRole::OutputNorm, -1, c.dim);
    add(TensorRole::Output, -1, c.dim, c.vocabSize, false);  // tied to the embedding when absent
    return out;
}

std::optional<std::pair<TensorRole, int32_t>> classifyTensor(std::string_view name)
{
    int32_t layer = -1;
    std::string_view rest = name;
    constexpr std::string_view kBlock = "blk.";
    if (rest.substr(0, kBlock.size()) == kBlock) {
        const size_t dot = rest.find('.', kBlock.size());
        if (dot == std::string_view::npos || dot == kBlock.size() || dot - kBlock.size() > 6) return std::nullopt;
        layer = 0;
        for (size_t i = kBlock.size(); i < dot; ++i) {
            if (rest[i] < '0' || rest[i] > '9') return std::nullopt;
            layer = layer * 10 + (rest[i] - '0');
        }
        rest = rest.substr(dot + 1);
    }
    for (const RoleName& r : kRoleNames) {
        if (r.role == TensorRole::GateUpFused || r.inLayer != (layer >= 0)) continue;
        if (rest.size() == r.kind.size() + 1 + r.suffix.size() && rest.substr(0, r.kind.size()) == r.kind &&
            rest[r.kind.size()] == '.' && rest.substr(r.kind.size() + 1) == r.suffix)
            return std::pair{r.role, layer};
    }
    return std::nullopt;
}

std::vector<int64_t> rowSliceStarts(const TensorSlot& s, const ModelConfig& c)
{
    if (s.role == TensorRole::QkvFused) return {0, c.qDim(), c.qDim() + c.kvDim()};
    if (s.role == TensorRole::GateUpFused) return {0, c.hiddenDim};
    return {0};
}

Expected<Weights> Weights::bind(const ModelFile& file, const ModelConfig& c, const std::atomic<bool>* cancel)
{
    Weights w;
    w.layers.resize(static_cast<size_t>(c.nLayers));
    for (const TensorSlot& s : tensorSlots(c)) {
        if (cancelRequested(cancel)) return loadCancelled();
        const TensorInfo* t = file.findTensor(s.name);
        if (!t) {
            if (!s.required) continue;
            return fileError(ErrorCode::NotFound, file.path, msg("config.missing_tensor", {{"name", s.name}}));
        }
        kernels::Tensor bound;
        if (s.vector) {
            auto v = w.bindVector(file, *t, s);
            if (!v) return v.error();
            bound = *v;
        } else {
            auto m = bindMatrix(file, *t, s);
            if (!m) return m.error();
            bound = *m;
        }
        w.m_bound.emplace_back(s, bound);
        ENGINE_TRY(w.place(file, s, bound, c));
    }
    if (w.output.empty()) {
        w.output = w.tokenEmbedding;  // tied classifier (llama2.c with positive vocab_size)
        w.tiedOutput = true;
    }
    return w;
}

// A vector as an F32 row: a view when stored as F32, else converted once.
Expected<kernels::Tensor> Weights::bindVector(const ModelFile& file, const TensorInfo& t, const TensorSlot& s)
{
    const uint64_t n = static_cast<uint64_t>(s.cols);
    const bool oneD = t.shape.size() == 1 && t.shape[0] == n;
    const bool row = t.shape.size() == 2 && t.shape[0] == n && t.shape[1] == 1;  // a 1 x n matrix
    if (!oneD && !row)
        return fileError(ErrorCode::Format, file.path, msg("weights.bad_shape", {{"name", s.name}, {"shape", t.shapeString()}, {"expected", n}}));
    const kernels::DTypeTraits traits = kernels::traitsOf(t.type);
    if (!t.data || traits.blockSize == 0 || n % traits.blockSize != 0 || kernels::bytesFor(t.type, n) > t.bytes)
        return fileError(ErrorCode::Format, file.path, msg("weights.data_too_short", {{"name", s.name}}));
    const bool aligned = reinterpret_cast<uintptr_t>(t.data) % alignof(float) == 0;
    if (t.type == kernels::DType::F32 && aligned)
        return kernels::Tensor::host(reinterpret_cast<const float*>(t.data), 1, s.cols);
    if (!kernels::capsOf(t.type).dequantize && t.type != kernels::DType::F32)
        return fileError(ErrorCode::Unsupported, file.path, msg("weights.unreadable_type", {{"name", s.name}, {"type", traits.name}}));
    auto values = std::make_shared<std::vector<float>>(static_cast<size_t>(n));
    if (t.type == kernels::DType::F32) std::memcpy(values->data(), t.data, n * sizeof(float));
    else kernels::ref::dequantizeRow(t.type, t.data, values->data(), s.cols);
    m_converted.push_back(values);
    return kernels::Tensor::host(values->data(), 1, s.cols);
}

// Stores a bound tensor where the forward pass reads it.
Status Weights::place(const ModelFile& file, const TensorSlot& s, const kernels::Tensor& t, const ModelConfig& c)
{
    LayerWeights* L = s.layer >= 0 ? &layers[static_cast<size_t>(s.layer)] : nullptr;
    switch (s.role) {
    case TensorRole::Embedding: tokenEmbedding = t; break;
    case TensorRole::OutputNorm: outputNorm = t; break;
    case TensorRole::Output: output = t; break;
    case TensorRole::RopeFreqs:
        for (int64_t j = 0; j < t.cols; ++j)
            if (!(t.f32()[j] > 0.0f) || !std::isfinite(t.f32()[j]))
                return fileError(ErrorCode::Format, file.path, msg("weights.bad_rope_factor", {{"index", j}, {"value", std::to_string(t.f32()[j])}}));
        ropeFreqs = t;
        break;
    case TensorRole::AttnNorm: L->attnNorm = t; break;
    case TensorRole::Q: L->wq = t; break;
    case TensorRole::K: L->wk = t; break;
    case TensorRole::V: L->wv = t; break;
    case TensorRole::QkvFused:  // rows q | k | v (the cuts rowSliceStarts names)
        L->wq = t.rowSlice(0, c.qDim());
        L->wk = t.rowSlice(c.qDim(), c.qDim() + c.kvDim());
        L->wv = t.rowSlice(c.qDim() + c.kvDim(), c.qDim() + 2 * c.kvDim());
        break;
    case TensorRole::QBias: L->bq = t; break;
    case TensorRole::KBias: L->bk = t; break;
    case TensorRole::VBias: L->bv = t; break;
    case TensorRole::QNorm: L->qNorm = t; break;
    case TensorRole::KNorm: L->kNorm = t; break;
    case TensorRole::AttnOutput: L->wo = t; break;
    case TensorRole::FfnNorm: L->ffnNorm = t; break;
    case TensorRole::PostAttnNorm: L->postAttnNorm = t; break;
    case TensorRole::PostFfwNorm: L->postFfwNorm = t; break;
    case TensorRole::Gate: L->wGate = t; break;
    case TensorRole::Up: L->wUp = t; break;
    case TensorRole::GateUpFused:  // rows gate | up
        L->wGate = t.rowSlice(0, c.hiddenDim);
        L->wUp = t.rowSlice(c.hiddenDim, 2 * c.hiddenDim);
        break;
    case TensorRole::Down: L->wDown = t; break;
    case TensorRole::Count: break;
    }
    return okStatus();
}

void Weights::forEachTensor(const std::function<void(const TensorSlot&, const kernels::Tensor&)>& visit) const
{
    for (const auto& [slot, tensor] : m_bound) visit(slot, tensor);
}

uint64_t Weights::matrixBytes() const
{
    uint64_t total = 0;
    forEachTensor([&](const TensorSlot& s, const kernels::Tensor& m) {
        if (s.matrix()) total += m.rowBytes * static_cast<uint64_t>(m.rows);
    });
    return total;
}

std::vector<float> Weights::ropeFactors() const
{
    if (ropeFreqs.empty()) return {};
    return std::vector<float>(ropeFreqs.f32(), ropeFreqs.f32() + ropeFreqs.cols);
}

}  // namespace engine

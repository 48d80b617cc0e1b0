#include "engine/model/weights.h"

#include <cmath>
#include <cstring>

namespace engine {

namespace {

std::string shapeText(uint64_t cols, uint64_t rows)
{
    return std::to_string(cols) + " x " + std::to_string(rows);
}

// Looks up `name` and checks it is a (cols x rows) matrix in ggml order.
Expected<kernels::MatRef> bindMatrix(const ModelFile& file, const std::string& name, int64_t cols, int64_t rows)
{
    const TensorInfo* t = file.findTensor(name);
    if (!t) return makeError(ErrorCode::NotFound, file.path + ": missing tensor '" + name + "'");
    const bool ok = t->shape.size() == 2 && t->shape[0] == static_cast<uint64_t>(cols) &&
                    t->shape[1] == static_cast<uint64_t>(rows);
    if (!ok)
        return makeError(ErrorCode::Format, file.path + ": tensor '" + name + "' has shape " + t->shapeString() +
                                                ", expected " + shapeText(cols, rows));
    const kernels::DTypeTraits traits = kernels::traitsOf(t->type);
    if (traits.blockSize == 0 || cols % traits.blockSize != 0)
        return makeError(ErrorCode::Format, file.path + ": tensor '" + name + "' row length " + std::to_string(cols) +
                                                " is not a multiple of the " + std::string(traits.name) +
                                                " block size");
    kernels::MatRef m;
    m.type = t->type;
    m.data = t->data;
    m.rows = rows;
    m.cols = cols;
    m.rowBytes = kernels::bytesFor(t->type, static_cast<uint64_t>(cols));
    if (m.rowBytes * static_cast<uint64_t>(rows) > t->bytes || !t->data)
        return makeError(ErrorCode::Format, file.path + ": tensor '" + name + "' data is shorter than its shape");
    return m;
}

// Norm weights are tiny; they are converted to fp32 once.
Expected<std::vector<float>> bindVector(const ModelFile& file, const std::string& name, int64_t n)
{
    auto m = bindMatrix(file, name, n, 1);
    if (!m) {
        const TensorInfo* t = file.findTensor(name);
        if (t && t->shape.size() == 1 && t->shape[0] == static_cast<uint64_t>(n)) {
            // 1-D is the usual layout; re-bind as a single row.
            kernels::MatRef row{t->type, t->data, 1, n, kernels::bytesFor(t->type, static_cast<uint64_t>(n))};
            if (!t->data || row.rowBytes > t->bytes)
                return makeError(ErrorCode::Format, file.path + ": tensor '" + name + "' data is too short");
            m = row;
        } else if (t) {
            return makeError(ErrorCode::Format, file.path + ": tensor '" + name + "' has shape " + t->shapeString() +
                                                    ", expected " + std::to_string(n));
        } else {
            return m.error();
        }
    }
    std::vector<float> out(static_cast<size_t>(n));
    if (m->type == kernels::DType::F32) std::memcpy(out.data(), m->data, out.size() * sizeof(float));
    else kernels::ref::dequantizeRow(m->type, m->data, out.data(), n);
    return out;
}

}  // namespace

Expected<Weights> Weights::bind(const ModelFile& file, const ModelConfig& c)
{
    Weights w;
    auto embd = bindMatrix(file, "token_embd.weight", c.dim, c.vocabSize);
    if (!embd) return embd.error();
    w.tokenEmbedding = *embd;
    auto outNorm = bindVector(file, "output_norm.weight", c.dim);
    if (!outNorm) return outNorm.error();
    w.outputNorm = std::move(*outNorm);
    if (file.findTensor("output.weight")) {
        auto out = bindMatrix(file, "output.weight", c.dim, c.vocabSize);
        if (!out) return out.error();
        w.output = *out;
    } else {
        w.output = w.tokenEmbedding;  // tied classifier (llama2.c with positive vocab_size)
        w.tiedOutput = true;
    }

    if (file.findTensor("rope_freqs.weight")) {
        auto freqs = bindVector(file, "rope_freqs.weight", c.ropeDim / 2);
        if (!freqs) return freqs.error();
        for (size_t j = 0; j < freqs->size(); ++j)
            if (!((*freqs)[j] > 0.0f) || !std::isfinite((*freqs)[j]))
                return makeError(ErrorCode::Format, file.path + ": rope_freqs.weight[" + std::to_string(j) +
                                                        "] is " + std::to_string((*freqs)[j]) +
                                                        "; frequency factors must be positive and finite");
        w.ropeFreqs = std::move(*freqs);
    }

    w.layers.resize(static_cast<size_t>(c.nLayers));
    for (int64_t l = 0; l < c.nLayers; ++l) {
        const std::string b = "blk." + std::to_string(l) + ".";
        LayerWeights& L = w.layers[static_cast<size_t>(l)];
        struct MatSpec {
            kernels::MatRef* dst;
            const char* name;
            int64_t cols, rows;
        };
        // In file order; fused architectures bind their fused matrices below instead.
        std::vector<MatSpec> mats;
        if (!c.fusedQkv)
            mats.insert(mats.end(), {{&L.wq, "attn_q.weight", c.dim, c.qDim()},
                                     {&L.wk, "attn_k.weight", c.dim, c.kvDim()},
                                     {&L.wv, "attn_v.weight", c.dim, c.kvDim()}});
        mats.push_back({&L.wo, "attn_output.weight", c.qDim(), c.dim});
        if (!c.fusedGateUp) mats.push_back({&L.wGate, "ffn_gate.weight", c.dim, c.hiddenDim});
        mats.push_back({&L.wDown, "ffn_down.weight", c.hiddenDim, c.dim});
        if (!c.fusedGateUp) mats.push_back({&L.wUp, "ffn_up.weight", c.dim, c.hiddenDim});
        for (const MatSpec& s : mats) {
            auto m = bindMatrix(file, b + s.name, s.cols, s.rows);
            if (!m) return m.error();
            *s.dst = *m;
        }
        // Fused matrices are bound whole and cut into row views (q | k | v, gate | up).
        if (c.fusedQkv) {
            auto qkv = bindMatrix(file, b + "attn_qkv.weight", c.dim, c.qDim() + 2 * c.kvDim());
            if (!qkv) return qkv.error();
            L.wq = qkv->rowSlice(0, c.qDim());
            L.wk = qkv->rowSlice(c.qDim(), c.qDim() + c.kvDim());
            L.wv = qkv->rowSlice(c.qDim() + c.kvDim(), c.qDim() + 2 * c.kvDim());
        }
        if (c.fusedGateUp) {
            auto gateUp = bindMatrix(file, b + "ffn_up.weight", c.dim, 2 * c.hiddenDim);
            if (!gateUp) return gateUp.error();
            L.wGate = gateUp->rowSlice(0, c.hiddenDim);
            L.wUp = gateUp->rowSlice(c.hiddenDim, 2 * c.hiddenDim);
        }
        if (c.qkvBias) {
            // Required: a qwen2 file without them would run without its biases, silently wrong.
            const std::pair<std::vector<float>*, std::pair<const char*, int64_t>> biases[] = {
                {&L.bq, {"attn_q.bias", c.qDim()}}, {&L.bk, {"attn_k.bias", c.kvDim()}}, {&L.bv, {"attn_v.bias", c.kvDim()}}};
            for (const auto& [dst, spec] : biases) {
                auto v = bindVector(file, b + spec.first, spec.second);
                if (!v) return v.error();
                *dst = std::move(*v);
            }
        }
        auto an = bindVector(file, b + "attn_norm.weight", c.dim);
        if (!an) return an.error();
        L.attnNorm = std::move(*an);
        auto fn = bindVector(file, b + "ffn_norm.weight", c.dim);
        if (!fn) return fn.error();
        L.ffnNorm = std::move(*fn);
    }
    return w;
}

void Weights::forEachMatrix(const std::function<void(const std::string&, const kernels::MatRef&)>& visit) const
{
    visit("token_embd.weight", tokenEmbedding);
    for (size_t l = 0; l < layers.size(); ++l) {
        const std::string b = "blk." + std::to_string(l) + ".";
        const LayerWeights& L = layers[l];
        visit(b + "attn_q.weight", L.wq);
        visit(b + "attn_k.weight", L.wk);
        visit(b + "attn_v.weight", L.wv);
        visit(b + "attn_output.weight", L.wo);
        visit(b + "ffn_gate.weight", L.wGate);
        visit(b + "ffn_down.weight", L.wDown);
        visit(b + "ffn_up.weight", L.wUp);
    }
    if (!tiedOutput) visit("output.weight", output);
}

uint64_t Weights::matrixBytes() const
{
    uint64_t total = 0;
    forEachMatrix([&](const std::string&, const kernels::MatRef& m) { total += m.rowBytes * m.rows; });
    return total;
}

}  // namespace engine

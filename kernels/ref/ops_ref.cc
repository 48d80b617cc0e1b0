// Scalar reference ops: straightforward loops in a fixed order, single thread.
// They define what every fast backend must compute (up to stated tolerances).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "kernels/api/host_ops.h"

namespace kernels {
namespace ref {

float dot(const float* a, const float* b, int64_t n)
{
    float sum = 0.0f;
    for (int64_t i = 0; i < n; ++i) sum += a[i] * b[i];
    return sum;
}

void matmul(const Tensor& w, const float* x, int64_t nTokens, float* y)
{
    std::vector<float> row(static_cast<size_t>(w.cols));
    for (int64_t r = 0; r < w.rows; ++r) {
        dequantizeRow(w.type, w.row(r), row.data(), w.cols);
        for (int64_t t = 0; t < nTokens; ++t) y[t * w.rows + r] = dot(row.data(), x + t * w.cols, w.cols);
    }
}

void rmsnorm(float* out, const float* x, const float* weight, int64_t n, float eps)
{
    float ss = 0.0f;
    for (int64_t i = 0; i < n; ++i) ss += x[i] * x[i];
    const float scale = 1.0f / std::sqrt(ss / static_cast<float>(n) + eps);
    for (int64_t i = 0; i < n; ++i) out[i] = weight[i] * (scale * x[i]);
}

void rope(float* x, int64_t nHeads, int64_t headDim, int64_t pos, const RopeParams& p)
{
    const int64_t half = p.rotDim / 2;
    for (int64_t h = 0; h < nHeads; ++h) {
        float* head = x + h * headDim;
        for (int64_t j = 0; j < half; ++j) {
            const float angle = static_cast<float>(pos) * ropeFrequency(p, j);
            const float c = std::cos(angle), s = std::sin(angle);
            const int64_t i0 = p.pairing == RopePairing::Adjacent ? 2 * j : j;
            const int64_t i1 = p.pairing == RopePairing::Adjacent ? 2 * j + 1 : j + half;
            const float a = head[i0], b = head[i1];
            head[i0] = a * c - b * s;
            head[i1] = a * s + b * c;
        }
    }
}

void softmax(float* x, int64_t n)
{
    if (n <= 0) return;
    const float maxVal = *std::max_element(x, x + n);
    float sum = 0.0f;
    for (int64_t i = 0; i < n; ++i) {
        x[i] = std::exp(x[i] - maxVal);
        sum += x[i];
    }
    for (int64_t i = 0; i < n; ++i) x[i] /= sum;
}

void siluMul(float* gate, const float* up, int64_t n)
{
    for (int64_t i = 0; i < n; ++i) gate[i] = gate[i] / (1.0f + std::exp(-gate[i])) * up[i];
}

float gelu(float x)
{
    constexpr float kSqrt2OverPi = 0.7978845608028654f;
    return 0.5f * x * (1.0f + std::tanh(kSqrt2OverPi * (x + 0.044715f * x * x * x)));
}

void geluMul(float* gate, const float* up, int64_t n)
{
    for (int64_t i = 0; i < n; ++i) gate[i] = gelu(gate[i]) * up[i];
}

}  // namespace ref

namespace {

class RefOps final : public HostOps {
public:
    const char* name() const override { return "reference"; }

protected:
    void hostMatmul(const Tensor& w, const float* x, int64_t nTokens, float* y) const override
    {
        ref::matmul(w, x, nTokens, y);
    }

    void hostRmsnorm(float* out, const float* x, const float* weight, int64_t nRows, int64_t n,
                     float eps) const override
    {
        for (int64_t r = 0; r < nRows; ++r) ref::rmsnorm(out + r * n, x + r * n, weight, n, eps);
    }

    void hostRope(float* x, int64_t nTokens, int64_t nHeads, int64_t headDim, const int32_t* positions,
                  const RopeParams& params) const override
    {
        for (int64_t t = 0; t < nTokens; ++t) ref::rope(x + t * nHeads * headDim, nHeads, headDim, positions[t], params);
    }

    void hostSiluMul(float* gate, const float* up, int64_t n) const override { ref::siluMul(gate, up, n); }
    void hostSoftmax(float* x, int64_t n) const override { ref::softmax(x, n); }

    void hostAttention(float* out, const float* q, int64_t nTokens, const int32_t* positions, const float* keys,
                       const float* values, const AttentionShape& shape) const override
    {
        const int64_t nHeads = shape.heads, headDim = shape.headDim;
        const int64_t kvDim = shape.kvHeads * headDim;
        const int64_t group = nHeads / shape.kvHeads;
        const float scale = shape.scoreScale();
        std::vector<float> scores;
        for (int64_t t = 0; t < nTokens; ++t) {
            const int64_t first = shape.firstPosition(positions[t]), len = positions[t] + 1 - first;
            scores.resize(static_cast<size_t>(len));
            for (int64_t h = 0; h < nHeads; ++h) {
                const float* qh = q + (t * nHeads + h) * headDim;
                const int64_t kvOffset = (h / group) * headDim;
                for (int64_t i = 0; i < len; ++i)
                    scores[i] = shape.capped(ref::dot(qh, keys + (first + i) * kvDim + kvOffset, headDim) * scale);
                ref::softmax(scores.data(), len);
                float* oh = out + (t * nHeads + h) * headDim;
                std::fill(oh, oh + headDim, 0.0f);
                for (int64_t i = 0; i < len; ++i) {
                    const float* vp = values + (first + i) * kvDim + kvOffset;
                    for (int64_t d = 0; d < headDim; ++d) oh[d] += scores[i] * vp[d];
                }
            }
        }
    }
};

}  // namespace

std::unique_ptr<Ops> makeRefOps()
{
    return std::make_unique<RefOps>();
}

}  // namespace kernels

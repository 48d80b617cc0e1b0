#include "kernels/api/ops.h"

#include <algorithm>
#include <vector>

namespace kernels {

void Ops::kvWrite(const KvRows& dst, int64_t startPos, int64_t n, const float* src) const
{
    const int64_t width = dst.kvHeads * dst.headDim;
    for (int64_t t = 0; t < n; ++t)
        ref::encodeKvRow(dst.format, src + t * width, dst.row(startPos + t), dst.kvHeads, dst.headDim);
}

void Ops::kvRead(const KvRows& src, int64_t n, float* dst) const
{
    const int64_t width = src.kvHeads * src.headDim;
    for (int64_t p = 0; p < n; ++p) ref::decodeKvRow(src.format, src.row(p), dst + p * width, src.kvHeads, src.headDim);
}

void Ops::attentionCached(float* out, const float* q, int64_t nTokens, const int32_t* positions, const KvRows& keys,
                          const KvRows& values, int64_t nHeads, int64_t nKvHeads, int64_t headDim) const
{
    if (nTokens <= 0) return;
    int64_t len = 0;
    for (int64_t t = 0; t < nTokens; ++t) len = std::max<int64_t>(len, positions[t] + 1);
    std::vector<float> k(static_cast<size_t>(len * nKvHeads * headDim)), v(k.size());
    kvRead(keys, len, k.data());
    kvRead(values, len, v.data());
    attention(out, q, nTokens, positions, k.data(), v.data(), nHeads, nKvHeads, headDim);
}

}  // namespace kernels

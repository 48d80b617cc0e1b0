#include "kernels/api/ops.h"

#include <algorithm>
#include <vector>

namespace kernels {

void Ops::attentionPaged(float* out, const float* q, int64_t nTokens, const int32_t* positions, const PagedKv& kv,
                         int64_t nHeads, int64_t nKvHeads, int64_t headDim) const
{
    if (nTokens <= 0) return;
    const int64_t kvDim = nKvHeads * headDim;
    int64_t len = 0;
    for (int64_t t = 0; t < nTokens; ++t) len = std::max<int64_t>(len, positions[t] + 1);
    std::vector<float> keys(static_cast<size_t>(len * kvDim)), values(keys.size());
    for (int64_t p = 0; p < len; ++p) {
        const int64_t offset = kv.blockTable[p / kv.blockTokens] * kv.blockStride + (p % kv.blockTokens) * kvDim;
        std::copy_n(kv.keys + offset, kvDim, keys.begin() + p * kvDim);
        std::copy_n(kv.values + offset, kvDim, values.begin() + p * kvDim);
    }
    attention(out, q, nTokens, positions, keys.data(), values.data(), nHeads, nKvHeads, headDim);
}

}  // namespace kernels

#pragma once
// How the CPU attention reads keys and values, and its position-major decode.
//
// A reader gives position p's values of a kv head: reader(p, kvHead, scratch)
// returns them in place (floats, or fp16 bits the kernels read as floats) or
// decoded into the headDim floats of scratch. reader.block(p0, n, rows,
// scratch) gives whole rows p0..p0+n-1, every kv head in order: in place, or
// decoded into scratch (n rows of kvHeads * headDim floats).
//
// attentionOneToken is decode's attention over a long prefix, position-major:
// the threads take runs of whole value blocks (attention_tile.h) and read
// whole cache rows in order, one stream each (simd-inl.h says why), in three
// steps: the scores, then every query's softmax, then the block sums added
// in position order. Its numbers are the tile's, bit for bit.
#include <algorithm>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "kernels/api/kv.h"
#include "kernels/api/ops.h"
#include "kernels/cpu/attention_tile.h"
#include "kernels/cpu/simd.h"

namespace kernels::cpu {

// Rows of a KV cache read where they lie: F32 as floats, F16 as its bits.
template <typename Elem>
struct CacheRows {
    using Row = const Elem*;
    const KvRows& rows;
    const Elem* row(int64_t p) const { return reinterpret_cast<const Elem*>(rows.row(p)); }
    const Elem* operator()(int64_t p, int64_t kvHead, float*) const { return row(p) + kvHead * rows.headDim; }
    void block(int64_t p0, int64_t n, Row* out, float*) const
    {
        for (int64_t i = 0; i < n; ++i) out[i] = row(p0 + i);
    }
};

// Rows of a KV cache whose heads are decoded as they are needed (int8).
struct DecodedCacheRows {
    using Row = const float*;
    const KvRows& rows;
    const float* operator()(int64_t p, int64_t kvHead, float* scratch) const
    {
        ref::decodeKvHead(rows.format, rows.row(p), kvHead, scratch, rows.kvHeads, rows.headDim);
        return scratch;
    }
    void block(int64_t p0, int64_t n, Row* out, float* scratch) const
    {
        const int64_t width = rows.kvHeads * rows.headDim;
        for (int64_t i = 0; i < n; ++i) {
            ref::decodeKvRow(rows.format, rows.row(p0 + i), scratch + i * width, rows.kvHeads, rows.headDim);
            out[i] = scratch + i * width;
        }
    }
};

// Contiguous fp32 rows of kvDim values (attention without a cache).
struct FloatRows {
    using Row = const float*;
    const float* base;
    int64_t kvDim;
    int64_t headDim;
    const float* operator()(int64_t p, int64_t kvHead, float*) const { return base + p * kvDim + kvHead * headDim; }
    void block(int64_t p0, int64_t n, Row* out, float*) const
    {
        for (int64_t i = 0; i < n; ++i) out[i] = base + (p0 + i) * kvDim;
    }
};

// A thread's scratch for decoded rows (one block of whole rows), kept between
// calls: allocating it per call would fault its pages in every time.
inline float* decodedBlockScratch(int64_t kvDim)
{
    thread_local std::vector<float> scratch;
    const auto size = static_cast<size_t>(kAttentionBlock * kvDim);
    if (scratch.size() < size) scratch.resize(size);
    return scratch.data();
}

// Decode (one token) over at least this many positions goes position-major;
// shorter prefixes run in the tile, whose single pass costs one fork of the
// threads instead of three. Either way the results are the same.
inline constexpr int64_t kOneTokenMinPositions = 256;

// One token's attention: out (heads x headDim) for query q at position pos.
// parallel(n, grain, work, fn) runs fn(thread, begin, end) over [0, n).
template <typename KeyRows, typename ValueRows, typename Parallel>
void attentionOneToken(float* out, const float* q, int64_t pos, const AttentionShape& shape, const KeyRows& keys,
                       const ValueRows& values, Parallel&& parallel)
{
    const int64_t heads = shape.heads, kvHeads = shape.kvHeads, headDim = shape.headDim;
    const int64_t group = heads / kvHeads;
    const int64_t first = shape.firstPosition(pos), len = pos - first + 1;
    const int64_t block0 = first / kAttentionBlock, blocks = pos / kAttentionBlock - block0 + 1;
    // Positions of block b (0-based from block0): from(b)..to(b).
    const auto from = [&](int64_t b) { return std::max(first, (block0 + b) * kAttentionBlock); };
    const auto to = [&](int64_t b) { return std::min(pos, (block0 + b + 1) * kAttentionBlock - 1); };
    // The calling thread's buffers (attention_tile.h), kept between calls.
    std::vector<float>& scores = attentionBuffers().scores;
    std::vector<float>& sums = attentionBuffers().partials;
    if (scores.size() < static_cast<size_t>(heads * len)) scores.resize(static_cast<size_t>(heads * len));
    if (sums.size() < static_cast<size_t>(heads * blocks * headDim)) sums.resize(static_cast<size_t>(heads * blocks * headDim));
    std::fill(sums.begin(), sums.begin() + heads * blocks * headDim, 0.0f);
    std::vector<const float*> qs(static_cast<size_t>(heads));
    for (int64_t h = 0; h < heads; ++h) qs[h] = q + h * headDim;
    // Per block, every head's scores and value sum: the kernels' arguments.
    std::vector<float*> scoresAt(static_cast<size_t>(blocks * heads)), sumAt(scoresAt.size());
    for (int64_t b = 0; b < blocks; ++b)
        for (int64_t h = 0; h < heads; ++h) {
            scoresAt[b * heads + h] = scores.data() + h * len + (from(b) - first);
            sumAt[b * heads + h] = sums.data() + (h * blocks + b) * headDim;
        }
    const int64_t work = heads * len * headDim * 2;
    // fn(b, rows, n) for every block, its n rows gathered, the blocks split over the threads.
    const auto overBlocks = [&](const auto& reader, const auto& fn) {
        parallel(blocks, 1, work, [&](int, int64_t b0, int64_t b1) {
            typename std::decay_t<decltype(reader)>::Row rows[kAttentionBlock];
            float* scratch = decodedBlockScratch(kvHeads * headDim);
            for (int64_t b = b0; b < b1; ++b) {
                const int64_t n = to(b) - from(b) + 1;
                reader.block(from(b), n, rows, scratch);
                fn(b, rows, n);
            }
        });
    };

    overBlocks(keys, [&](int64_t b, const auto* rows, int64_t n) {
        dotRowsAllHeads(qs.data(), kvHeads, group, rows, n, headDim, scoresAt.data() + b * heads);
    });
    parallel(heads, 1, heads * len * 16, [&](int, int64_t h0, int64_t h1) {
        for (int64_t h = h0; h < h1; ++h) attentionWeights(shape, scores.data() + h * len, len);
    });
    overBlocks(values, [&](int64_t b, const auto* rows, int64_t n) {
        const float* const* w = scoresAt.data() + b * heads;
        weightedSumRowsAllHeads(w, kvHeads, group, rows, n, headDim, sumAt.data() + b * heads);
    });
    for (int64_t h = 0; h < heads; ++h) {
        float* o = out + h * headDim;
        std::fill(o, o + headDim, 0.0f);
        for (int64_t b = 0; b < blocks; ++b) addBlockSum(o, sums.data() + (h * blocks + b) * headDim, headDim);
    }
}

}  // namespace kernels::cpu

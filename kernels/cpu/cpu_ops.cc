#include "kernels/cpu/cpu_ops.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <thread>
#include <vector>

#include "kernels/api/host_ops.h"
#include "kernels/api/registry.h"
#include "kernels/cpu/attention_rows.h"
#include "kernels/cpu/attention_tile.h"
#include "kernels/cpu/cpu_device.h"
#include "kernels/cpu/matmul.h"
#include "kernels/cpu/packed_rows.h"
#include "kernels/cpu/simd.h"
#include "kernels/cpu/thread_pool.h"

namespace kernels {
namespace {

// Rows handed to a thread at a time: a multiple of the kernels' row tile.
constexpr int64_t kRowGrain = 8;
// Below about this many multiply-adds a loop runs on the calling thread: waking
// a worker costs more than it saves (a 260K-parameter model decodes ~10x faster
// this way). Each output is computed by the same code either way, so this
// changes speed only, never results.
constexpr int64_t kMinParallelWork = int64_t{1} << 16;

class CpuOps final : public HostOps {
public:
    explicit CpuOps(int threads) : m_pool(threads) {}

    const char* name() const override { return "cpu"; }

    // Block-quantized matrices in groups of eight interleaved rows, float ones
    // as stored (packed_rows.h), in memory backed by huge pages, the groups
    // split over the threads.
    size_t packedBytes(const Tensor& w) const override
    {
        return w.deviceKind() == DeviceKind::Cpu ? cpu::packedBytes(w) : 0;
    }
    std::unique_ptr<Buffer> allocateWeights(size_t bytes, Reasons& why) const override
    {
        return allocateHostMemory(Registry::instance().cpu(), bytes, HostMemory::Streamed, why);
    }
    void packWeight(Tensor& w, void* dst) const override
    {
        if (packedBytes(w) == 0) return;
        auto* out = static_cast<uint8_t*>(dst);
        const int64_t groups = (w.rows + cpu::kPackRows - 1) / cpu::kPackRows;
        parallel(groups, 1, w.rows * w.cols, [&](int, int64_t g0, int64_t g1) { cpu::packRowGroups(w, out, g0, g1); });
        w.packed = out;
    }

protected:
    void hostMatmul(const Tensor& w, const float* x, int64_t nTokens, float* y) const override
    {
        if (!cpu::hasFusedMatmul(w.type) || (cpu::wantsQuantizedActs(w.type) && w.cols % cpu::kActBlock != 0)) {
            matmulDequantRows(w, x, nTokens, y);
            return;
        }
        cpu::QuantizedActs acts;
        if (cpu::wantsQuantizedActs(w.type)) {
            // Quantize the activations once per call; every thread reads them.
            m_actQ.resize(static_cast<size_t>(nTokens * w.cols));
            const int64_t blocks = w.cols / cpu::kActBlock;
            m_actD.resize(static_cast<size_t>(nTokens * blocks));
            m_actS.resize(static_cast<size_t>(nTokens * blocks));
            m_actOffset.resize(static_cast<size_t>(nTokens * blocks * 8));
            const bool halves = cpu::wantsHalfBlockSums(w.type);
            m_actS16.resize(halves ? static_cast<size_t>(nTokens * blocks * 2) : 0);
            parallel(nTokens, 1, nTokens * w.cols, [&](int, int64_t t0, int64_t t1) {
                for (int64_t t = t0; t < t1; ++t)
                    cpu::quantizeActs(x + t * w.cols, w.cols, m_actQ.data() + t * w.cols,
                                      m_actD.data() + t * blocks, m_actS.data() + t * blocks,
                                      m_actOffset.data() + t * blocks * 8,
                                      halves ? m_actS16.data() + t * blocks * 2 : nullptr);
            });
            acts = {m_actQ.data(), m_actD.data(), m_actS.data(), m_actOffset.data(),
                    halves ? m_actS16.data() : nullptr};
        }
        parallel(w.rows, kRowGrain, w.rows * w.cols * nTokens, [&](int, int64_t r0, int64_t r1) {
            cpu::matmulRows(w, x, acts, nTokens, y, r0, r1);
        });
    }

    // A packed table's rows come back from the packed copy, so a classifier
    // tied to the embedding is resident once.
    void hostEmbedRows(const Tensor& table, const int32_t* ids, int64_t nTokens, float* out) const override
    {
        const int64_t packedRows = cpu::packedRows(table);
        std::vector<uint8_t> stored(packedRows > 0 ? bytesFor(table.type, static_cast<uint64_t>(table.cols)) : 0);
        for (int64_t t = 0; t < nTokens; ++t) {
            float* row = out + t * table.cols;
            if (ids[t] < 0 || ids[t] >= packedRows) {
                HostOps::hostEmbedRows(table, ids + t, 1, row);
                continue;
            }
            cpu::unpackRow(table, ids[t], stored.data());
            ref::dequantizeRow(table.type, stored.data(), row, table.cols);
        }
    }

    void hostRmsnorm(float* out, const float* x, const float* weight, int64_t nRows, int64_t n,
                     float eps) const override
    {
        for (int64_t r = 0; r < nRows; ++r) cpu::rmsnormRow(out + r * n, x + r * n, weight, n, eps);
    }

    void hostRope(float* x, int64_t nTokens, int64_t nHeads, int64_t headDim, const int32_t* positions,
                  const RopeParams& p) const override
    {
        // Same formula as the reference; the angles are computed once per token.
        const int64_t half = p.rotDim / 2;
        std::vector<float> cosv(static_cast<size_t>(half)), sinv(static_cast<size_t>(half));
        for (int64_t t = 0; t < nTokens; ++t) {
            for (int64_t j = 0; j < half; ++j) {
                const float angle = static_cast<float>(positions[t]) * ropeFrequency(p, j);
                cosv[j] = std::cos(angle);
                sinv[j] = std::sin(angle);
            }
            const bool adjacent = p.pairing == RopePairing::Adjacent;
            for (int64_t h = 0; h < nHeads; ++h) {
                float* head = x + (t * nHeads + h) * headDim;
                for (int64_t j = 0; j < half; ++j) {
                    const int64_t i0 = adjacent ? 2 * j : j, i1 = adjacent ? 2 * j + 1 : j + half;
                    const float a = head[i0], b = head[i1];
                    head[i0] = a * cosv[j] - b * sinv[j];
                    head[i1] = a * sinv[j] + b * cosv[j];
                }
            }
        }
    }

    void hostGeluMul(float* gate, const float* up, int64_t n) const override
    {
        parallel(n, 4096, n * 16, [&](int, int64_t b, int64_t e) { ref::geluMul(gate + b, up + b, e - b); });
    }

    void hostSiluMul(float* gate, const float* up, int64_t n) const override
    {
        parallel(n, 4096, n * 8, [&](int, int64_t b, int64_t e) { cpu::siluMul(gate + b, up + b, e - b); });
    }

    void hostSoftmax(float* x, int64_t n) const override { cpu::softmax(x, n); }

    void hostAttention(float* out, const float* q, int64_t nTokens, const int32_t* positions, const float* keys,
                       const float* values, const AttentionShape& shape) const override
    {
        const int64_t kvDim = shape.kvHeads * shape.headDim;
        attentionRows(out, q, nTokens, positions, shape, cpu::FloatRows{keys, kvDim, shape.headDim},
                      cpu::FloatRows{values, kvDim, shape.headDim});
    }

    void hostAttentionCached(float* out, const float* q, int64_t nTokens, const int32_t* positions,
                             const KvRows& keys, const KvRows& values, const AttentionShape& shape) const override
    {
        // F32 and F16 rows are read where they are (the kernels read fp16 as
        // the floats it stands for); int8 heads or rows are decoded into the
        // thread's scratch as they are needed. Either way the loops see the
        // fp32 numbers a decoded copy of the cache would hold: identical results.
        const KvFormat format = keys.format == values.format ? keys.format : KvFormat::Count;
        if (format == KvFormat::F32)
            attentionRows(out, q, nTokens, positions, shape, cpu::CacheRows<float>{keys}, cpu::CacheRows<float>{values});
        else if (format == KvFormat::F16)
            attentionRows(out, q, nTokens, positions, shape, cpu::CacheRows<uint16_t>{keys},
                          cpu::CacheRows<uint16_t>{values});
        else
            attentionRows(out, q, nTokens, positions, shape, cpu::DecodedCacheRows{keys}, cpu::DecodedCacheRows{values});
    }

private:
    // parallelFor when the loop holds at least kMinParallelWork multiply-adds.
    void parallel(int64_t n, int64_t grain, int64_t work, const std::function<void(int, int64_t, int64_t)>& fn) const
    {
        if (work < kMinParallelWork) fn(0, 0, n);
        else m_pool.parallelFor(n, grain, fn);
    }

    // Causal GQA attention. keyHead / valueHead are readers
    // (attention_rows.h): position p's headDim values of a kv head, in place
    // or decoded. Every cache layout shares these loops, so all give the same
    // results bit for bit.
    template <typename KeyHead, typename ValueHead>
    void attentionRows(float* out, const float* q, int64_t nTokens, const int32_t* positions,
                       const AttentionShape& shape, KeyHead keyHead, ValueHead valueHead) const
    {
        if (nTokens == 1 && positions[0] - shape.firstPosition(positions[0]) + 1 >= cpu::kOneTokenMinPositions) {
            cpu::attentionOneToken(out, q, positions[0], shape, keyHead, valueHead,
                                   [this](int64_t n, int64_t grain, int64_t work, const auto& fn) {
                                       parallel(n, grain, work, fn);
                                   });
            return;
        }
        const int64_t nHeads = shape.heads, nKvHeads = shape.kvHeads, headDim = shape.headDim;
        const int64_t group = nHeads / nKvHeads;
        // A work item is up to four queries of one kv head that read its rows
        // together (attention_tile.h): up to four of the heads sharing it, or,
        // where fewer heads share one, as many neighbouring tokens.
        const int64_t headsPerItem = std::min<int64_t>(group, cpu::kAttentionQueries);
        const int64_t tokensPerItem = std::max<int64_t>(1, cpu::kAttentionQueries / headsPerItem);
        const int64_t parts = (group + headsPerItem - 1) / headsPerItem;
        const int64_t blocks = (nTokens + tokensPerItem - 1) / tokensPerItem;
        const int64_t work = nTokens * nHeads * (positions[nTokens - 1] + 1) * headDim * 2;
        parallel(blocks * nKvHeads * parts, 1, work, [&](int, int64_t begin, int64_t end) {
            using Tile = cpu::AttentionTile<KeyHead, ValueHead>;
            Tile tile(shape, keyHead, valueHead);
            // Consecutive items (a head's token blocks, or for a few tokens
            // the heads) sweep the positions together (AttentionTile::runMany),
            // as many as keep their scores within kBatchScores floats.
            constexpr int64_t kBatchScores = int64_t{1} << 18;
            cpu::AttentionQuery queries[Tile::kMaxItems][cpu::kAttentionQueries];
            cpu::AttentionItem batch[Tile::kMaxItems];
            int nb = 0;
            int64_t batchScores = 0;
            for (int64_t item = begin; item < end; ++item) {
                // Items go kv head by kv head, so a batch holds token blocks of
                // one head and each chunk of its cache slice is read from memory
                // once for all of them (1.4x faster prefill attention at depth
                // 2048 than batching the heads of a token block). Causal rows
                // grow with t, so slices of tokens in order would leave the last
                // worker most of the work: a head's token blocks are taken as 0,
                // n-1, 1, n-2, ... and every slice mixes short rows with long ones.
                const int64_t j = item % blocks, rest = item / blocks;
                const int64_t block = j % 2 == 0 ? j / 2 : blocks - 1 - j / 2;
                const int64_t kvHead = rest / parts, h0 = kvHead * group + rest % parts * headsPerItem;
                const int64_t h1 = std::min(h0 + headsPerItem, (kvHead + 1) * group);
                const int64_t t0 = block * tokensPerItem, t1 = std::min(nTokens, t0 + tokensPerItem);
                cpu::AttentionQuery mine[cpu::kAttentionQueries];
                int nq = 0;
                int64_t scores = 0;
                for (int64_t t = t0; t < t1; ++t)
                    for (int64_t h = h0; h < h1; ++h) {
                        // Positions first..pos[t]: the whole prefix, or a sliding window of it.
                        mine[nq] = {q + (t * nHeads + h) * headDim, out + (t * nHeads + h) * headDim,
                                    shape.firstPosition(positions[t]), positions[t]};
                        scores += mine[nq].last - mine[nq].first + 1;
                        ++nq;
                    }
                if (nb == Tile::kMaxItems || (nb > 0 && batchScores + scores > kBatchScores)) {
                    tile.runMany(batch, nb);
                    nb = 0;
                    batchScores = 0;
                }
                std::copy(mine, mine + nq, queries[nb]);
                batch[nb] = {queries[nb], nq, kvHead};
                ++nb;
                batchScores += scores;
            }
            if (nb > 0) tile.runMany(batch, nb);
        });
    }

    // Types without a fused kernel (Q8_K): each thread
    // dequantizes one weight row at a time into a small buffer and dots it
    // against every token; the model is never expanded as a whole.
    void matmulDequantRows(const Tensor& w, const float* x, int64_t nTokens, float* y) const
    {
        parallel(w.rows, kRowGrain, w.rows * w.cols * (nTokens + 2), [&](int, int64_t r0, int64_t r1) {
            std::vector<float> row(static_cast<size_t>(w.cols));
            for (int64_t r = r0; r < r1; ++r) {
                ref::dequantizeRow(w.type, w.row(r), row.data(), w.cols);
                for (int64_t t = 0; t < nTokens; ++t)
                    y[t * w.rows + r] = cpu::dotF32(row.data(), x + t * w.cols, w.cols);
            }
        });
    }

    mutable cpu::ThreadPool m_pool;
    mutable std::vector<int8_t> m_actQ;
    mutable std::vector<float> m_actD;
    mutable std::vector<int32_t> m_actS;
    mutable std::vector<int32_t> m_actOffset;
    mutable std::vector<int32_t> m_actS16;
};

}  // namespace

std::unique_ptr<Ops> makeCpuOps(int threads)
{
    if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    return std::make_unique<CpuOps>(threads);
}

std::vector<std::string> cpuSimdTargets()
{
    return {cpu::simdTargetName()};
}

}  // namespace kernels

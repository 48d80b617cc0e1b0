#pragma once
// Causal attention for up to four queries that read the same key head: the
// heads of one token that share a key head (grouped-query attention), or
// neighbouring tokens of one head (prefill). Each key and value row of the
// positions the queries share is read once for all of them; positions only
// some of them see are taken alone. Every query's result is the one it gets
// alone, bit for bit: its scores do not depend on the others (dotManyQueries),
// and each value block's sum is one FMA chain per element in position order
// (weightedSumAddQueries) — its own earlier positions, then the shared ones,
// then its own later ones.
//
// Attention's numerics, the same on every CPU path (this tile, and the
// position-major decode of attention_rows.h): a query's scores are the float
// tile's dots, scaled, capped and softmaxed over its positions; its output
// sums the values in blocks of kAttentionBlock positions aligned to multiples
// of it — each block's sum one FMA chain per element from zero in position
// order, the block sums added to the output in position order. The blocks let
// decode split one query's positions over threads (each a run of whole
// blocks) and still give the bits one thread gives.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <vector>

#include "kernels/api/ops.h"
#include "kernels/cpu/simd.h"

namespace kernels::cpu {

inline constexpr int kAttentionQueries = 4;
inline constexpr int64_t kAttentionBlock = 64;

struct AttentionQuery {
    const float* q = nullptr;  // headDim values
    float* out = nullptr;      // headDim values
    int64_t first = 0;         // the key positions it attends to: first..last
    int64_t last = 0;
};

// One kv head's queries, for AttentionTile::runMany.
struct AttentionItem {
    const AttentionQuery* queries = nullptr;
    int nq = 0;
    int64_t kvHead = 0;
};

// The two steps every path takes the same way (the numerics above): a
// query's scores into its weights, and a value block's sum into its output.
inline void attentionWeights(const AttentionShape& shape, float* scores, int64_t len)
{
    const float scale = shape.scoreScale();
    for (int64_t i = 0; i < len; ++i) scores[i] = shape.capped(scores[i] * scale);
    softmax(scores, len);
}
inline void addBlockSum(float* out, const float* sum, int64_t headDim)
{
    for (int64_t j = 0; j < headDim; ++j) out[j] += sum[j];
}

// A thread's attention buffers, kept from call to call (one set for every
// tile type): allocating and clearing them for every call cost more than a
// short prefix's whole attention.
struct AttentionBuffers {
    std::vector<float> scratch, scores, partials;
};
inline AttentionBuffers& attentionBuffers()
{
    thread_local AttentionBuffers b;
    return b;
}

// keyHead(p, kvHead, scratch) / valueHead(...) give position p's headDim
// values of a kv head: in place as floats or fp16 bits (const float* or
// const uint16_t*: simd.h reads both), or decoded into the headDim floats of
// scratch.
template <typename KeyHead, typename ValueHead>
class AttentionTile {
    using KeyRow = std::invoke_result_t<KeyHead&, int64_t, int64_t, float*>;
    using ValueRow = std::invoke_result_t<ValueHead&, int64_t, int64_t, float*>;

public:
    static constexpr int kMaxItems = 16;

    AttentionTile(const AttentionShape& shape, KeyHead& keyHead, ValueHead& valueHead)
        : m_shape(shape), m_keyHead(keyHead), m_valueHead(valueHead), m_scratch(attentionBuffers().scratch),
          m_scores(attentionBuffers().scores), m_partials(attentionBuffers().partials)
    {
        grow(m_scratch, kChunk * shape.headDim);
        grow(m_partials, kMaxItems * kAttentionQueries * shape.headDim);
    }

    // Up to kMaxItems items' queries in one sweep over the positions, a
    // chunk at a time: every item reads its rows of a chunk before any reads
    // the next chunk's, so a chunk comes from memory once for all of them —
    // the token blocks of one head in prefill, the heads of a few tokens
    // reading neighbouring slices of the same rows. Each query still gets the
    // result it gets alone: its scores do not depend on the order, and its
    // value blocks are summed in position order.
    void runMany(const AttentionItem* items, int nItems)
    {
        int64_t total = 0;
        for (int it = 0; it < nItems; ++it)
            for (int g = 0; g < items[it].nq; ++g) total += items[it].queries[g].last - items[it].queries[g].first + 1;
        grow(m_scores, total);
        float* next = m_scores.data();
        int64_t lo = std::numeric_limits<int64_t>::max(), hi = -1;
        for (int it = 0; it < nItems; ++it) {
            const AttentionItem& item = m_items[it] = items[it];
            int64_t shared0 = item.queries[0].first, shared1 = item.queries[0].last;
            for (int g = 0; g < item.nq; ++g) {
                const AttentionQuery& q = item.queries[g];
                m_scoresOf[it][g] = next;
                next += q.last - q.first + 1;
                shared0 = std::max(shared0, q.first);
                shared1 = std::min(shared1, q.last);
                lo = std::min(lo, q.first);
                hi = std::max(hi, q.last);
            }
            m_shared[it][0] = shared0;
            m_shared[it][1] = shared1;
        }
        sweep(nItems, lo, hi, Pass::Keys);
        for (int it = 0; it < nItems; ++it)
            for (int g = 0; g < m_items[it].nq; ++g) {
                const AttentionQuery& q = m_items[it].queries[g];
                attentionWeights(m_shape, m_scoresOf[it][g], q.last - q.first + 1);
                std::fill(q.out, q.out + m_shape.headDim, 0.0f);
            }
        sweep(nItems, lo, hi, Pass::Values);
    }

private:
    static void grow(std::vector<float>& v, int64_t n)
    {
        if (v.size() < static_cast<size_t>(n)) v.resize(static_cast<size_t>(n));
    }

    // Positions go in chunks, the value blocks: each chunk's rows are
    // gathered — decoded into the scratch rows when the cache layout needs
    // it — and handed to one vector kernel.
    static constexpr int64_t kChunk = kAttentionBlock;
    enum class Pass { Keys, Values };

    void sweep(int nItems, int64_t lo, int64_t hi, Pass what)
    {
        for (int64_t c0 = lo / kChunk * kChunk; c0 <= hi; c0 += kChunk) {
            const int64_t c1 = std::min(hi, c0 + kChunk - 1);
            for (int it = 0; it < nItems; ++it) {
                if (what == Pass::Values) std::fill(partial(it, 0), partial(it, 0) + kAttentionQueries * m_shape.headDim, 0.0f);
                sweepItem(it, c0, c1, what);
                if (what == Pass::Values) addPartials(it, c0, c1);
            }
        }
    }

    float* partial(int it, int g) { return m_partials.data() + (it * kAttentionQueries + g) * m_shape.headDim; }

    // Block c0..c1's sums, added to the outputs of the item's queries that see it.
    void addPartials(int it, int64_t c0, int64_t c1)
    {
        const AttentionItem& item = m_items[it];
        for (int g = 0; g < item.nq; ++g) {
            const AttentionQuery& q = item.queries[g];
            if (q.first <= c1 && q.last >= c0) addBlockSum(q.out, partial(it, g), m_shape.headDim);
        }
    }

    // Item `it`'s positions inside c0..c1: each query's own positions before
    // the ones all its item's queries share, the shared ones (each row read
    // once for all of them), then its own after them — position order for
    // every query, chunk after chunk.
    void sweepItem(int it, int64_t c0, int64_t c1, Pass what)
    {
        static constexpr int kAll[kAttentionQueries] = {0, 1, 2, 3};
        const AttentionItem& item = m_items[it];
        const int64_t shared0 = m_shared[it][0], shared1 = m_shared[it][1];
        if (shared0 > shared1) {
            for (int g = 0; g < item.nq; ++g)
                pass(it, &kAll[g], 1, std::max(item.queries[g].first, c0), std::min(item.queries[g].last, c1), what);
            return;
        }
        for (int g = 0; g < item.nq; ++g)
            pass(it, &kAll[g], 1, std::max(item.queries[g].first, c0), std::min(shared0 - 1, c1), what);
        pass(it, kAll, item.nq, std::max(shared0, c0), std::min(shared1, c1), what);
        for (int g = 0; g < item.nq; ++g)
            pass(it, &kAll[g], 1, std::max(shared1 + 1, c0), std::min(item.queries[g].last, c1), what);
    }

    // Positions from..to (none when to < from) of item `it` for its queries `members`.
    void pass(int it, const int* members, int n, int64_t from, int64_t to, Pass what)
    {
        const AttentionItem& item = m_items[it];
        for (int64_t c = from; c <= to; c += kChunk) {
            const int64_t m = std::min(kChunk, to + 1 - c);
            const float* qs[kAttentionQueries];
            float* at[kAttentionQueries];
            float* outs[kAttentionQueries];
            for (int k = 0; k < n; ++k) {
                const AttentionQuery& query = item.queries[members[k]];
                qs[k] = query.q;
                at[k] = m_scoresOf[it][members[k]] + (c - query.first);
                outs[k] = partial(it, members[k]);
            }
            if (what == Pass::Keys) {
                gather(m_keyRows, m_keyHead, c, m, item.kvHead);
                dotManyQueries(qs, n, m_keyRows, m, m_shape.headDim, at);
            } else {
                gather(m_valueRows, m_valueHead, c, m, item.kvHead);
                weightedSumAddQueries(at, n, m_valueRows, m, m_shape.headDim, outs);
            }
        }
    }

    // rows[i] = kv head `kvHead` of position c + i, for i < m.
    template <typename Row, typename Head>
    void gather(Row* rows, Head& head, int64_t c, int64_t m, int64_t kvHead)
    {
        for (int64_t i = 0; i < m; ++i) rows[i] = head(c + i, kvHead, m_scratch.data() + i * m_shape.headDim);
    }

    const AttentionShape& m_shape;
    KeyHead& m_keyHead;
    ValueHead& m_valueHead;
    std::vector<float>& m_scratch;
    std::vector<float>& m_scores;
    std::vector<float>& m_partials;  // per item and query: the value block's sums
    KeyRow m_keyRows[kChunk];
    ValueRow m_valueRows[kChunk];
    AttentionItem m_items[kMaxItems];
    float* m_scoresOf[kMaxItems][kAttentionQueries] = {};
    int64_t m_shared[kMaxItems][2] = {};
};

}  // namespace kernels::cpu

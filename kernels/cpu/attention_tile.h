#pragma once
// Causal attention for up to four queries that read the same key head: the
// heads of one token that share a key head (grouped-query attention), or
// neighbouring tokens of one head (prefill). Each key and value row of the
// positions the queries share is read once for all of them; positions only
// some of them see are taken alone. Every query's result is the one it gets
// alone, bit for bit: its scores do not depend on the others (dotManyQueries),
// and its output sums its values in position order, one FMA chain per element
// (weightedSumAddQueries) — its own earlier positions, then the shared ones,
// then its own later ones.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "kernels/api/ops.h"
#include "kernels/cpu/simd.h"

namespace kernels::cpu {

inline constexpr int kAttentionQueries = 4;

struct AttentionQuery {
    const float* q = nullptr;  // headDim values
    float* out = nullptr;      // headDim values
    int64_t first = 0;         // the key positions it attends to: first..last
    int64_t last = 0;
};

// keyHead(p, kvHead, scratch) / valueHead(...) give position p's headDim
// values of a kv head (in place, or decoded into the headDim floats of scratch).
template <typename KeyHead, typename ValueHead>
class AttentionTile {
public:
    AttentionTile(const AttentionShape& shape, KeyHead& keyHead, ValueHead& valueHead)
        : m_shape(shape), m_keyHead(keyHead), m_valueHead(valueHead),
          m_scratch(static_cast<size_t>(kChunk * shape.headDim))
    {
    }

    void run(const AttentionQuery* queries, int nq, int64_t kvHead)
    {
        m_queries = queries;
        m_kvHead = kvHead;
        int64_t total = 0;
        for (int g = 0; g < nq; ++g) total += queries[g].last - queries[g].first + 1;
        m_scores.resize(static_cast<size_t>(total));
        float* next = m_scores.data();
        for (int g = 0; g < nq; ++g) {
            m_scoresOf[g] = next;
            next += queries[g].last - queries[g].first + 1;
        }
        int64_t shared0 = queries[0].first, shared1 = queries[0].last;
        for (int g = 1; g < nq; ++g) {
            shared0 = std::max(shared0, queries[g].first);
            shared1 = std::min(shared1, queries[g].last);
        }
        const int all[kAttentionQueries] = {0, 1, 2, 3};
        // Scores: each is independent of the others, so any order does.
        for (int g = 0; g < nq; ++g) {
            if (shared0 > shared1) {
                pass(&all[g], 1, queries[g].first, queries[g].last, Pass::Keys);
                continue;
            }
            pass(&all[g], 1, queries[g].first, shared0 - 1, Pass::Keys);
            pass(&all[g], 1, shared1 + 1, queries[g].last, Pass::Keys);
        }
        if (shared0 <= shared1) pass(all, nq, shared0, shared1, Pass::Keys);
        const float scale = m_shape.scoreScale();
        for (int g = 0; g < nq; ++g) {
            const int64_t len = queries[g].last - queries[g].first + 1;
            for (int64_t i = 0; i < len; ++i) m_scoresOf[g][i] = m_shape.capped(m_scoresOf[g][i] * scale);
            softmax(m_scoresOf[g], len);
            std::fill(queries[g].out, queries[g].out + m_shape.headDim, 0.0f);
        }
        // Values: in position order for every query.
        if (shared0 > shared1) {
            for (int g = 0; g < nq; ++g) pass(&all[g], 1, queries[g].first, queries[g].last, Pass::Values);
            return;
        }
        for (int g = 0; g < nq; ++g) pass(&all[g], 1, queries[g].first, shared0 - 1, Pass::Values);
        pass(all, nq, shared0, shared1, Pass::Values);
        for (int g = 0; g < nq; ++g) pass(&all[g], 1, shared1 + 1, queries[g].last, Pass::Values);
    }

private:
    // Positions go in chunks: each chunk's rows are gathered — decoded into
    // the scratch rows when the cache layout needs it — and handed to one
    // vector kernel.
    static constexpr int64_t kChunk = 64;
    enum class Pass { Keys, Values };

    // Positions from..to (none when to < from) for the queries `members`.
    void pass(const int* members, int n, int64_t from, int64_t to, Pass what)
    {
        const int64_t headDim = m_shape.headDim;
        for (int64_t c = from; c <= to; c += kChunk) {
            const int64_t m = std::min(kChunk, to + 1 - c);
            for (int64_t i = 0; i < m; ++i)
                m_rows[i] = what == Pass::Keys ? m_keyHead(c + i, m_kvHead, m_scratch.data() + i * headDim)
                                               : m_valueHead(c + i, m_kvHead, m_scratch.data() + i * headDim);
            const float* qs[kAttentionQueries];
            float* at[kAttentionQueries];
            float* outs[kAttentionQueries];
            for (int k = 0; k < n; ++k) {
                const AttentionQuery& query = m_queries[members[k]];
                qs[k] = query.q;
                at[k] = m_scoresOf[members[k]] + (c - query.first);
                outs[k] = query.out;
            }
            if (what == Pass::Keys) dotManyQueries(qs, n, m_rows, m, headDim, at);
            else weightedSumAddQueries(at, n, m_rows, m, headDim, outs);
        }
    }

    const AttentionShape& m_shape;
    KeyHead& m_keyHead;
    ValueHead& m_valueHead;
    std::vector<float> m_scratch;
    std::vector<float> m_scores;
    const float* m_rows[kChunk];
    float* m_scoresOf[kAttentionQueries] = {};
    const AttentionQuery* m_queries = nullptr;
    int64_t m_kvHead = 0;
};

}  // namespace kernels::cpu

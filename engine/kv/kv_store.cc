#include "engine/kv/kv_store.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <map>
#include <new>

#include "engine/model/model_card.h"  // formatBytes
#include "kernels/api/registry.h"

namespace engine {

kernels::KvFormat kvFormatOf(KvDType dtype)
{
    switch (dtype) {
    case KvDType::F16: return kernels::KvFormat::F16;
    case KvDType::Int8: return kernels::KvFormat::Int8;
    default: return kernels::KvFormat::F32;
    }
}

namespace {

uint64_t rowBytesFor(KvDType dtype, int64_t kvHeads, int64_t headDim)
{
    return dtype == KvDType::Count ? 0 : kernels::kvRowBytes(kvFormatOf(dtype), kvHeads, headDim);
}

uint64_t rowBytesFor(const KvStoreSpec& spec)
{
    return rowBytesFor(spec.dtype, spec.kvHeads, spec.headDim);
}

// a * b, saturating at UINT64_MAX (a cache size from a user's capacity must not wrap).
uint64_t mulSat(uint64_t a, uint64_t b)
{
    if (a != 0 && b > std::numeric_limits<uint64_t>::max() / a) return std::numeric_limits<uint64_t>::max();
    return a * b;
}

Status checkSpec(const KvStoreSpec& s)
{
    if (s.layers <= 0 || s.kvHeads <= 0 || s.headDim <= 0)
        return makeError(ErrorCode::InvalidArgument, "KV cache needs positive layers, kv heads and head size (got " +
                                                         std::to_string(s.layers) + ", " + std::to_string(s.kvHeads) +
                                                         ", " + std::to_string(s.headDim) + ")");
    if (s.mode == KvCacheMode::Count || s.dtype == KvDType::Count)
        return makeError(ErrorCode::InvalidArgument, "KV cache: invalid mode or precision");
    if (s.maxSequences < 1)
        return makeError(ErrorCode::InvalidArgument,
                         "KV cache needs at least one sequence, got " + std::to_string(s.maxSequences));
    for (size_t i = 0; i < s.shards.size(); ++i) {
        const KvShardSpec& sh = s.shards[i];
        if (sh.layerBegin < 0 || sh.layerEnd > s.layers || sh.layerBegin >= sh.layerEnd || sh.kvHeadBegin < 0 ||
            sh.kvHeadEnd > s.kvHeads || sh.kvHeadBegin >= sh.kvHeadEnd)
            return makeError(ErrorCode::InvalidArgument,
                             "KV cache shard " + std::to_string(i) + " (layers " + std::to_string(sh.layerBegin) +
                                 ".." + std::to_string(sh.layerEnd) + ", kv heads " +
                                 std::to_string(sh.kvHeadBegin) + ".." + std::to_string(sh.kvHeadEnd) +
                                 ") is empty or outside the model's " + std::to_string(s.layers) + " layers and " +
                                 std::to_string(s.kvHeads) + " kv heads");
    }
    if (s.mode == KvCacheMode::Off) return okStatus();
    if (s.capacityTokens <= 0)
        return makeError(ErrorCode::InvalidArgument,
                         "KV cache capacity must be positive, got " + std::to_string(s.capacityTokens) + " tokens");
    if (s.mode == KvCacheMode::Paged &&
        std::find(std::begin(kKvBlockSizes), std::end(kKvBlockSizes), s.blockSize) == std::end(kKvBlockSizes))
        return makeError(ErrorCode::InvalidArgument, "KV cache block size must be one of " +
                                                         std::string("8, 16, 32") + ", got " +
                                                         std::to_string(s.blockSize));
    if (s.mode == KvCacheMode::Contiguous && s.capacityTokens < s.maxSequences)
        return makeError(ErrorCode::InvalidArgument,
                         "KV cache of " + std::to_string(s.capacityTokens) + " tokens cannot give each of " +
                             std::to_string(s.maxSequences) + " sequence slots a position");
    return okStatus();
}

}  // namespace

std::vector<KvShardSpec> KvStoreSpec::resolvedShards() const
{
    if (!shards.empty()) return shards;
    return {KvShardSpec{0, layers, 0, kvHeads}};
}

uint64_t kvBytesPerToken(const KvStoreSpec& spec)
{
    return mulSat(2 * static_cast<uint64_t>(std::max<int64_t>(spec.layers, 0)), rowBytesFor(spec));
}

uint64_t memAvailableBytes()
{
    // INFERSCOPE_MEM_AVAILABLE (bytes) stands in for the machine's figure: the
    // memory refusals are tested with it, and a user can hold a run below it.
    if (const char* fake = std::getenv("INFERSCOPE_MEM_AVAILABLE")) {
        char* end = nullptr;
        const unsigned long long v = std::strtoull(fake, &end, 10);
        if (end != fake && *end == '\0') return v;
    }
    std::ifstream in("/proc/meminfo");
    std::string key;
    uint64_t kib = 0;
    std::string unit;
    while (in >> key >> kib) {
        std::getline(in, unit);
        if (key == "MemAvailable:") return kib * 1024;
    }
    return 0;
}

int64_t defaultKvCapacity(int64_t contextLength, int32_t maxSequences, uint64_t bytesPerToken)
{
    const int64_t full = contextLength * std::max<int32_t>(maxSequences, 1);
    const uint64_t available = memAvailableBytes();
    if (available == 0 || bytesPerToken == 0) return full;
    const auto affordable = static_cast<int64_t>(std::min<uint64_t>(available / 2 / bytesPerToken,
                                                                    static_cast<uint64_t>(full)));
    return std::max(affordable, std::min(full, contextLength));
}

Expected<KvStore> KvStore::create(const KvStoreSpec& spec, std::span<const kernels::Ops* const> shardOps)
{
    ENGINE_TRY(checkSpec(spec));
    KvStore store;
    store.m_spec = spec;
    if (spec.mode == KvCacheMode::Off) return store;

    store.m_bytesPerToken = kvBytesPerToken(spec);
    int64_t blocks = 0;
    if (spec.mode == KvCacheMode::Paged) {
        store.m_blockTokens = spec.blockSize;
        blocks = (spec.capacityTokens + spec.blockSize - 1) / spec.blockSize;
    } else {
        store.m_blockTokens = spec.capacityTokens / spec.maxSequences;
        blocks = spec.maxSequences;
    }
    const auto blockTokens = static_cast<uint64_t>(store.m_blockTokens);
    uint64_t total = 0;
    for (const KvShardSpec& sh : spec.resolvedShards()) {
        Shard shard;
        shard.spec = sh;
        shard.kvHeads = sh.kvHeadEnd - sh.kvHeadBegin;
        shard.rowBytes = rowBytesFor(spec.dtype, shard.kvHeads, spec.headDim);
        shard.bytesPerToken = mulSat(2 * static_cast<uint64_t>(sh.layerEnd - sh.layerBegin), shard.rowBytes);
        shard.blockBytes = mulSat(shard.bytesPerToken, blockTokens);
        shard.dataBytes = mulSat(shard.blockBytes, static_cast<uint64_t>(blocks));
        total = total + shard.dataBytes < total ? std::numeric_limits<uint64_t>::max() : total + shard.dataBytes;
        store.m_shards.push_back(std::move(shard));
    }
    const int64_t tokens = blocks * store.m_blockTokens;
    if (!shardOps.empty() && shardOps.size() != store.m_shards.size())
        return makeError(ErrorCode::InvalidArgument, "KV cache has " + std::to_string(store.m_shards.size()) +
                                                         " shards but was given ops of " +
                                                         std::to_string(shardOps.size()) + " devices");
    const auto opsOf = [&](size_t i) { return shardOps.empty() ? nullptr : shardOps[i]; };
    ENGINE_TRY(checkShardMemory(store.m_shards, opsOf, tokens, total));
    for (size_t i = 0; i < store.m_shards.size(); ++i) {
        Shard& shard = store.m_shards[i];
        shard.ops = opsOf(i);
        kernels::Reasons why;
        shard.buffer = opsOf(i) ? opsOf(i)->allocate(shard.dataBytes, why)
                                : kernels::Registry::instance().cpu().allocate(shard.dataBytes, why);
        if (!shard.buffer)
            return makeError(ErrorCode::OutOfRange, "KV cache of " + std::to_string(tokens) + " tokens needs " +
                                                        formatBytes(total) + ", which could not be allocated. " +
                                                        kernels::joinReasons(why));
    }
    store.m_dataBytes = total;
    store.m_pool = BlockPool(blocks);
    return store;
}

Status KvStore::uploadTable(int32_t seq)
{
    const Sequence& s = m_seqs[static_cast<size_t>(seq)];
    // The longest table a sequence can have: every block of the pool (paged), its slot (contiguous).
    const auto longest = static_cast<uint64_t>(m_spec.mode == KvCacheMode::Paged ? m_pool.total() : 1);
    for (Shard& sh : m_shards) {
        if (!sh.ops) continue;
        if (sh.tables.size() <= static_cast<size_t>(seq)) sh.tables.resize(static_cast<size_t>(seq) + 1);
        std::unique_ptr<kernels::Buffer>& table = sh.tables[static_cast<size_t>(seq)];
        if (!table) {
            kernels::Reasons why;
            table = sh.ops->allocate(longest * sizeof(int32_t), why);
            if (!table)
                return makeError(ErrorCode::OutOfRange, "KV cache: the block table of a new sequence could not be "
                                                        "allocated on " + sh.ops->deviceId());
        }
        if (s.blocks.empty()) continue;
        const auto n = static_cast<int64_t>(s.blocks.size());
        sh.ops->upload(kernels::Tensor{kernels::DType::I32, table->data(), 1, n, static_cast<size_t>(n) * sizeof(int32_t),
                                       table.get()},
                       s.blocks.data());
    }
    return okStatus();
}

Status KvStore::checkShardMemory(const std::vector<Shard>& shards,
                                 const std::function<const kernels::Ops*(size_t)>& opsOf, int64_t tokens,
                                 uint64_t total)
{
    const std::string what = "KV cache of " + std::to_string(tokens) + " tokens";
    if (total == std::numeric_limits<uint64_t>::max())
        return makeError(ErrorCode::OutOfRange, what + " needs more bytes than can be counted");
    struct Need {
        uint64_t bytes = 0;
        uint64_t available = 0;
    };
    std::map<std::string, Need> perDevice;
    for (size_t i = 0; i < shards.size(); ++i) {
        const kernels::Ops* ops = opsOf(i);
        Need& n = perDevice[ops ? ops->deviceId() : kernels::Registry::instance().cpu().id()];
        n.bytes += shards[i].dataBytes;
        n.available = ops ? ops->memory().free : memAvailableBytes();
    }
    for (const auto& [device, n] : perDevice)
        if (n.available > 0 && n.bytes > n.available)
            return makeError(ErrorCode::OutOfRange, what + " needs " + formatBytes(n.bytes) +
                                                        (perDevice.size() > 1 || device != "cpu:0" ? " on " + device : "") +
                                                        " but only " + formatBytes(n.available) +
                                                        " of memory is available");
    return okStatus();
}

int64_t KvStore::sequenceCapacity() const
{
    if (m_spec.mode == KvCacheMode::Off) return std::numeric_limits<int64_t>::max();
    if (m_spec.mode == KvCacheMode::Contiguous) return m_blockTokens;
    return m_pool.total() * m_blockTokens;
}

int64_t KvStore::blocksFor(int64_t tokens) const
{
    if (m_blockTokens == 0) return 0;
    return (tokens + m_blockTokens - 1) / m_blockTokens;
}

Status kvCheckFits(const KvStoreSpec& spec, int64_t tokens)
{
    const uint64_t perToken = kvBytesPerToken(spec);
    if (spec.mode == KvCacheMode::Paged && spec.blockSize > 0) {
        const int64_t block = spec.blockSize;
        const int64_t need = (tokens + block - 1) / block;
        const int64_t have = (spec.capacityTokens + block - 1) / block;
        const uint64_t blockBytes = mulSat(perToken, static_cast<uint64_t>(block));
        if (need > have)
            return makeError(ErrorCode::OutOfRange,
                             "request needs " + std::to_string(need) + " blocks of " + std::to_string(block) +
                                 " tokens (" + formatBytes(mulSat(static_cast<uint64_t>(need), blockBytes)) +
                                 "), the pool has " + std::to_string(have) + " (" +
                                 formatBytes(mulSat(static_cast<uint64_t>(have), blockBytes)) + ")");
    }
    if (spec.mode == KvCacheMode::Contiguous && spec.maxSequences > 0) {
        const int64_t slot = spec.capacityTokens / spec.maxSequences;
        if (tokens > slot)
            return makeError(ErrorCode::OutOfRange,
                             "request needs " + std::to_string(tokens) + " tokens of KV cache (" +
                                 formatBytes(mulSat(static_cast<uint64_t>(tokens), perToken)) +
                                 ") but a sequence slot holds " + std::to_string(slot) + " (" +
                                 std::to_string(spec.capacityTokens) + " tokens / " +
                                 std::to_string(spec.maxSequences) + " sequences)");
    }
    return okStatus();
}

Status KvStore::checkFits(int64_t tokens) const
{
    return kvCheckFits(m_spec, tokens);
}

bool KvStore::canGrow(int32_t seq, int64_t tokens) const
{
    const Sequence& s = m_seqs[static_cast<size_t>(seq)];
    if (m_spec.mode == KvCacheMode::Off) return true;
    if (m_spec.mode == KvCacheMode::Contiguous) return tokens <= m_blockTokens;
    const int64_t more = blocksFor(tokens) - static_cast<int64_t>(s.blocks.size());
    return more <= m_pool.freeCount();
}

bool KvStore::canAdmit(int64_t tokens) const
{
    if (m_spec.mode == KvCacheMode::Off) return true;
    if (m_spec.mode == KvCacheMode::Contiguous) return tokens <= m_blockTokens && m_pool.freeCount() > 0;
    return blocksFor(tokens) <= m_pool.freeCount();
}

Expected<int32_t> KvStore::addSequence()
{
    std::vector<int32_t> blocks;
    if (m_spec.mode == KvCacheMode::Contiguous) {
        if (m_pool.freeCount() == 0)
            return makeError(ErrorCode::OutOfRange, "KV cache: all " + std::to_string(m_pool.total()) +
                                                        " sequence slots are in use");
        blocks = std::move(*m_pool.allocate(1));
    }
    size_t id = 0;
    while (id < m_seqs.size() && m_seqs[id].live) ++id;
    if (id == m_seqs.size()) m_seqs.emplace_back();
    m_seqs[id] = Sequence{true, 0, std::move(blocks)};
    const auto seq = static_cast<int32_t>(id);
    if (auto uploaded = uploadTable(seq); !uploaded) {
        removeSequence(seq);
        return uploaded.error();
    }
    return seq;
}

void KvStore::removeSequence(int32_t seq)
{
    Sequence& s = m_seqs[static_cast<size_t>(seq)];
    if (!s.live) return;
    m_pool.release(s.blocks);
    s = Sequence{};
}

bool KvStore::isLive(int32_t seq) const
{
    return seq >= 0 && static_cast<size_t>(seq) < m_seqs.size() && m_seqs[static_cast<size_t>(seq)].live;
}

int64_t KvStore::liveSequences() const
{
    return std::count_if(m_seqs.begin(), m_seqs.end(), [](const Sequence& s) { return s.live; });
}

Status KvStore::resize(int32_t seq, int64_t tokens)
{
    if (!isLive(seq))
        return makeError(ErrorCode::InvalidArgument, "KV cache: sequence " + std::to_string(seq) + " is not live");
    if (tokens < 0) return makeError(ErrorCode::InvalidArgument, "KV cache: negative sequence length");
    Sequence& s = m_seqs[static_cast<size_t>(seq)];
    if (m_spec.mode == KvCacheMode::Contiguous) {
        if (tokens > m_blockTokens)
            return makeError(ErrorCode::OutOfRange, "KV cache: sequence of " + std::to_string(tokens) +
                                                        " tokens exceeds its slot of " +
                                                        std::to_string(m_blockTokens) + " tokens");
    } else if (m_spec.mode == KvCacheMode::Paged) {
        const int64_t want = blocksFor(tokens);
        const auto have = static_cast<int64_t>(s.blocks.size());
        if (want > have) {
            auto more = m_pool.allocate(want - have);
            if (!more)
                return makeError(ErrorCode::OutOfRange, "KV cache: growing a sequence to " + std::to_string(tokens) +
                                                            " tokens " + more.error().message);
            s.blocks.insert(s.blocks.end(), more->begin(), more->end());
            // Only new blocks change what the devices read (a shorter table's
            // prefix is unchanged). Each device's slot was allocated for the
            // longest table by addSequence, so this cannot fail.
            ENGINE_TRY(uploadTable(seq));
        } else {
            while (static_cast<int64_t>(s.blocks.size()) > want) {
                m_pool.release(s.blocks.back());
                s.blocks.pop_back();
            }
        }
    }
    s.length = tokens;
    notePeak();
    return okStatus();
}

kernels::KvRows KvStore::rows(int32_t seq, int64_t layer, int which, int shard) const
{
    const Shard& sh = m_shards[static_cast<size_t>(shard)];
    const Sequence& s = m_seqs[static_cast<size_t>(seq)];
    const int64_t local = layer - sh.spec.layerBegin;
    kernels::KvRows r;
    r.format = kvFormatOf(m_spec.dtype);
    r.data = static_cast<uint8_t*>(sh.buffer->data()) + static_cast<uint64_t>((local * 2 + which) * m_blockTokens) * sh.rowBytes;
    r.blockTable = sh.ops ? static_cast<const int32_t*>(sh.tables[static_cast<size_t>(seq)]->data()) : s.blocks.data();
    r.blockTokens = m_blockTokens;
    r.blockStride = sh.blockBytes;
    r.rowBytes = sh.rowBytes;
    r.kvHeads = sh.kvHeads;
    r.headDim = m_spec.headDim;
    return r;
}

void KvStore::write(int32_t seq, int64_t layer, int64_t startPos, int64_t n, const float* keys, const float* values,
                    int shard)
{
    const kernels::KvRows k = rows(seq, layer, 0, shard), v = rows(seq, layer, 1, shard);
    const int64_t width = k.kvHeads * k.headDim;
    for (int64_t t = 0; t < n; ++t) {
        kernels::ref::encodeKvRow(k.format, keys + t * width, k.row(startPos + t), k.kvHeads, k.headDim);
        kernels::ref::encodeKvRow(v.format, values + t * width, v.row(startPos + t), v.kvHeads, v.headDim);
    }
}

void KvStore::gather(int32_t seq, int64_t layer, int64_t n, float* keys, float* values, int shard) const
{
    const kernels::KvRows k = rows(seq, layer, 0, shard), v = rows(seq, layer, 1, shard);
    const int64_t width = k.kvHeads * k.headDim;
    for (int64_t p = 0; p < n; ++p) {
        kernels::ref::decodeKvRow(k.format, k.row(p), keys + p * width, k.kvHeads, k.headDim);
        kernels::ref::decodeKvRow(v.format, v.row(p), values + p * width, v.kvHeads, v.headDim);
    }
}

uint64_t KvStore::liveTokens() const
{
    uint64_t tokens = 0;
    for (const Sequence& s : m_seqs)
        if (s.live) tokens += static_cast<uint64_t>(s.length);
    return tokens;
}

uint64_t KvStore::usedBytes() const
{
    return liveTokens() * m_bytesPerToken;
}

void KvStore::notePeak()
{
    m_peakUsed = std::max(m_peakUsed, usedBytes());
}

KvMemoryStats KvStore::stats() const
{
    KvMemoryStats st;
    st.allocatedBytes = m_dataBytes;
    st.usedBytes = usedBytes();
    st.peakUsedBytes = std::max(m_peakUsed, st.usedBytes);
    uint64_t held = 0, live = 0;
    for (const Sequence& s : m_seqs) {
        if (!s.live) continue;
        held += s.blocks.size() * static_cast<uint64_t>(m_blockTokens);
        live += static_cast<uint64_t>(s.length);
    }
    st.fragmentation = held > 0 ? static_cast<double>(held - live) / static_cast<double>(held) : 0.0;
    if (m_spec.mode == KvCacheMode::Paged) {
        st.blocksTotal = m_pool.total();
        st.blocksFree = m_pool.freeCount();
    }
    return st;
}

KvBlockSnapshot KvStore::blockSnapshot() const
{
    KvBlockSnapshot snap;
    snap.blockTokens = m_blockTokens;
    if (m_spec.mode == KvCacheMode::Off) return snap;
    snap.owner.assign(static_cast<size_t>(m_pool.total()), -1);
    snap.filled.assign(static_cast<size_t>(m_pool.total()), 0);
    for (size_t id = 0; id < m_seqs.size(); ++id) {
        const Sequence& s = m_seqs[id];
        if (!s.live) continue;
        for (size_t i = 0; i < s.blocks.size(); ++i) {
            const auto block = static_cast<size_t>(s.blocks[i]);
            const int64_t used = std::clamp<int64_t>(s.length - static_cast<int64_t>(i) * m_blockTokens, 0, m_blockTokens);
            snap.owner[block] = static_cast<int32_t>(id);
            snap.filled[block] = static_cast<int32_t>(used);
        }
    }
    return snap;
}

KvMemoryStats KvStore::shardStats(int shard) const
{
    KvMemoryStats st;
    if (shard < 0 || shard >= shardCount()) return st;
    const Shard& sh = m_shards[static_cast<size_t>(shard)];
    st.allocatedBytes = sh.dataBytes;
    st.usedBytes = liveTokens() * sh.bytesPerToken;
    // Every shard holds the same positions: its peak is the same share of the total.
    st.peakUsedBytes = m_bytesPerToken == 0 ? 0 : std::max(m_peakUsed, usedBytes()) / m_bytesPerToken * sh.bytesPerToken;
    return st;
}

}  // namespace engine

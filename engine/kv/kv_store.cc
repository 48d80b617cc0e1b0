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

#include "engine/common/message_catalog.h"
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
        return makeError(ErrorCode::InvalidArgument,
                         msg("kv.bad_shape", {{"layers", s.layers}, {"kv_heads", s.kvHeads}, {"head_dim", s.headDim}}));
    if (s.mode == KvCacheMode::Count || s.dtype == KvDType::Count)
        return makeError(ErrorCode::InvalidArgument, msg("kv.invalid_mode"));
    if (s.maxSequences < 1)
        return makeError(ErrorCode::InvalidArgument, msg("kv.no_sequences", {{"sequences", s.maxSequences}}));
    for (size_t i = 0; i < s.shards.size(); ++i) {
        const KvShardSpec& sh = s.shards[i];
        if (sh.layerBegin < 0 || sh.layerEnd > s.layers || sh.layerBegin >= sh.layerEnd || sh.kvHeadBegin < 0 ||
            sh.kvHeadEnd > s.kvHeads || sh.kvHeadBegin >= sh.kvHeadEnd)
            return makeError(ErrorCode::InvalidArgument, msg("kv.bad_shard", {{"shard", i},
                                                                             {"first_layer", sh.layerBegin},
                                                                             {"end_layer", sh.layerEnd},
                                                                             {"first_head", sh.kvHeadBegin},
                                                                             {"end_head", sh.kvHeadEnd},
                                                                             {"layers", s.layers},
                                                                             {"kv_heads", s.kvHeads}}));
    }
    if (!s.windowed.empty() && static_cast<int64_t>(s.windowed.size()) != s.layers)
        return makeError(ErrorCode::InvalidArgument,
                         msg("kv.window_flags", {{"flags", s.windowed.size()}, {"layers", s.layers}}));
    if (s.window < 0)
        return makeError(ErrorCode::InvalidArgument, msg("kv.negative_window", {{"window", s.window}}));
    if (s.mode == KvCacheMode::Off) return okStatus();
    if (s.capacityTokens <= 0)
        return makeError(ErrorCode::InvalidArgument, msg("kv.capacity_not_positive", {{"capacity", s.capacityTokens}}));
    if (s.mode == KvCacheMode::Paged &&
        std::find(std::begin(kKvBlockSizes), std::end(kKvBlockSizes), s.blockSize) == std::end(kKvBlockSizes))
        return makeError(ErrorCode::InvalidArgument, msg("kv.block_size", {{"sizes", "8, 16, 32"}, {"block", s.blockSize}}));
    if (s.mode == KvCacheMode::Contiguous && s.capacityTokens < s.maxSequences)
        return makeError(ErrorCode::InvalidArgument,
                         msg("kv.slots_above_capacity", {{"capacity", s.capacityTokens}, {"sequences", s.maxSequences}}));
    return okStatus();
}

uint64_t addSat(uint64_t a, uint64_t b)
{
    return a + b < a ? std::numeric_limits<uint64_t>::max() : a + b;
}

// The most queries one windowed attention call takes: a pass's rows beyond it
// go in further calls (engine/model/llama_blocks.cc), so a window ring needs
// only window + chunk - 1 positions at once, whatever the pass length.
constexpr int64_t kWindowChunk = 64;

// The store's geometry, shared by create() and kvCacheBytes().
struct Plan {
    int64_t blockTokens = 0;  // full layers: positions per block (contiguous: per slot)
    int64_t blocks = 0;
    int64_t windowBlockTokens = 0;
    int64_t ringBlocks = 0;  // 0: window layers are stored as full ones
    int64_t windowBlocks = 0;
};

Plan planOf(const KvStoreSpec& spec)
{
    Plan p;
    if (spec.mode == KvCacheMode::Off || spec.capacityTokens <= 0 || spec.maxSequences < 1) return p;
    const bool paged = spec.mode == KvCacheMode::Paged;
    if (paged) {
        p.blockTokens = spec.blockSize;
        p.blocks = (spec.capacityTokens + spec.blockSize - 1) / spec.blockSize;
    } else {
        p.blockTokens = spec.capacityTokens / spec.maxSequences;
        p.blocks = spec.maxSequences;
    }
    const int64_t chunk = kvWindowChunk(spec);
    if (chunk == 0 || spec.keepWholeWindowLayers) return p;
    const bool validBlock =
        std::find(std::begin(kKvBlockSizes), std::end(kKvBlockSizes), spec.blockSize) != std::end(kKvBlockSizes);
    const int64_t blockTokens = validBlock ? spec.blockSize : kDefaultKvBlockSize;
    const int64_t ring = (spec.window + chunk - 1 + blockTokens - 1) / blockTokens + 1;
    const int64_t rings = static_cast<int64_t>(spec.maxSequences) * ring;
    const int64_t pool = paged ? std::min(p.blocks, rings) : rings;
    // Held apart only where that holds less than the full layers' layout would.
    const int64_t sequenceTokens = paged ? p.blocks * p.blockTokens : p.blockTokens;
    if (ring * blockTokens >= sequenceTokens || pool * blockTokens >= p.blocks * p.blockTokens) return p;
    p.windowBlockTokens = blockTokens;
    p.ringBlocks = ring;
    p.windowBlocks = pool;
    return p;
}

// Layers [begin, end) of a shard split into the plan's groups.
struct ShardLayers {
    int64_t full = 0;
    int64_t window = 0;
    std::vector<int64_t> groupIndex;  // per layer of the shard: its index within its group
};

ShardLayers shardLayers(const KvStoreSpec& spec, const KvShardSpec& shard, const Plan& plan)
{
    ShardLayers out;
    for (int64_t l = shard.layerBegin; l < shard.layerEnd; ++l)
        out.groupIndex.push_back(plan.ringBlocks > 0 && spec.isWindowed(l) ? out.window++ : out.full++);
    return out;
}

// Bytes of `layers` layers' keys and values over `blocks` blocks of `blockTokens` rows.
uint64_t groupBytes(uint64_t rowBytes, int64_t layers, int64_t blockTokens, int64_t blocks)
{
    return mulSat(mulSat(mulSat(2 * static_cast<uint64_t>(layers), rowBytes), static_cast<uint64_t>(blockTokens)),
                  static_cast<uint64_t>(blocks));
}

}  // namespace

int64_t kvWindowChunk(const KvStoreSpec& spec)
{
    if (spec.window <= 0 || std::find(spec.windowed.begin(), spec.windowed.end(), true) == spec.windowed.end())
        return 0;
    return std::min(kWindowChunk, spec.window);
}

uint64_t kvBytesPerCapacityToken(const KvStoreSpec& spec)
{
    // Window layers are counted as held apart (their rings cost the same at
    // any capacity), whatever the capacity: it may not be chosen yet.
    const bool apart = kvWindowChunk(spec) > 0 && !spec.keepWholeWindowLayers && spec.mode != KvCacheMode::Off;
    int64_t full = 0;
    for (int64_t l = 0; l < spec.layers; ++l)
        if (!apart || !spec.isWindowed(l)) ++full;
    return mulSat(2 * static_cast<uint64_t>(full), rowBytesFor(spec));
}

std::vector<uint64_t> kvShardBytes(const KvStoreSpec& spec)
{
    std::vector<uint64_t> out;
    if (!checkSpec(spec) || spec.mode == KvCacheMode::Off) return out;
    const Plan plan = planOf(spec);
    for (const KvShardSpec& sh : spec.resolvedShards()) {
        const uint64_t rowBytes = rowBytesFor(spec.dtype, sh.kvHeadEnd - sh.kvHeadBegin, spec.headDim);
        const ShardLayers layers = shardLayers(spec, sh, plan);
        out.push_back(addSat(groupBytes(rowBytes, layers.full, plan.blockTokens, plan.blocks),
                             groupBytes(rowBytes, layers.window, plan.windowBlockTokens, plan.windowBlocks)));
    }
    return out;
}

uint64_t kvCacheBytes(const KvStoreSpec& spec)
{
    uint64_t total = 0;
    for (uint64_t bytes : kvShardBytes(spec)) total = addSat(total, bytes);
    return total;
}

int64_t kvWindowHeldTokens(const KvStoreSpec& spec)
{
    if (!checkSpec(spec)) return 0;
    const Plan plan = planOf(spec);
    return plan.windowBlocks * plan.windowBlockTokens;
}

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
    const Plan plan = planOf(spec);
    store.m_blockTokens = plan.blockTokens;
    uint64_t total = 0;
    for (const KvShardSpec& sh : spec.resolvedShards()) {
        Shard shard;
        shard.spec = sh;
        shard.kvHeads = sh.kvHeadEnd - sh.kvHeadBegin;
        shard.rowBytes = rowBytesFor(spec.dtype, shard.kvHeads, spec.headDim);
        shard.bytesPerToken = mulSat(2 * static_cast<uint64_t>(sh.layerEnd - sh.layerBegin), shard.rowBytes);
        ShardLayers layers = shardLayers(spec, sh, plan);
        shard.groupIndex = std::move(layers.groupIndex);
        const auto fill = [&](Storage& st, int64_t count, int64_t blockTokens, int64_t blocks) {
            st.layers = count;
            st.bytesPerToken = mulSat(2 * static_cast<uint64_t>(count), shard.rowBytes);
            st.blockBytes = mulSat(st.bytesPerToken, static_cast<uint64_t>(blockTokens));
            st.dataBytes = groupBytes(shard.rowBytes, count, blockTokens, blocks);
            total = addSat(total, st.dataBytes);
        };
        fill(shard.full, layers.full, plan.blockTokens, plan.blocks);
        fill(shard.window, layers.window, plan.windowBlockTokens, plan.windowBlocks);
        store.m_shards.push_back(std::move(shard));
    }
    const int64_t tokens = plan.blocks * plan.blockTokens;
    if (!shardOps.empty() && shardOps.size() != store.m_shards.size())
        return makeError(ErrorCode::InvalidArgument,
                         msg("kv.shard_ops", {{"shards", store.m_shards.size()}, {"devices", shardOps.size()}}));
    const auto opsOf = [&](size_t i) { return shardOps.empty() ? nullptr : shardOps[i]; };
    ENGINE_TRY(checkShardMemory(store.m_shards, opsOf, tokens, total));
    for (size_t i = 0; i < store.m_shards.size(); ++i) {
        Shard& shard = store.m_shards[i];
        shard.ops = opsOf(i);
        for (Storage* st : {&shard.full, &shard.window}) {
            if (st->dataBytes == 0) continue;  // no layer of this group in the shard
            kernels::Reasons why;
            st->buffer = opsOf(i) ? opsOf(i)->allocate(st->dataBytes, why)
                                  : kernels::Registry::instance().cpu().allocate(st->dataBytes, why);
            if (!st->buffer)
                return makeError(ErrorCode::OutOfRange,
                                 msg("kv.cannot_allocate", {{"tokens", tokens},
                                                            {"bytes", formatBytes(total)},
                                                            {"reasons", kernels::joinReasons(why)}}));
        }
    }
    store.m_dataBytes = total;
    store.m_pool = BlockPool(plan.blocks);
    if (plan.ringBlocks > 0) {
        store.m_window.window = spec.window;
        store.m_window.blockTokens = plan.windowBlockTokens;
        store.m_window.ringBlocks = plan.ringBlocks;
        const int64_t sequenceTokens = store.sequenceCapacity();
        store.m_window.tableLength = (sequenceTokens + plan.windowBlockTokens - 1) / plan.windowBlockTokens;
        store.m_window.pool = BlockPool(plan.windowBlocks);
    }
    return store;
}

Status KvStore::uploadTable(int32_t seq, bool window)
{
    const Sequence& s = m_seqs[static_cast<size_t>(seq)];
    const std::vector<int32_t>& blocks = window ? s.windowTable : s.blocks;
    // The longest table a sequence can have: every block of the pool (paged),
    // its slot (contiguous), a block per window-block of the sequence (window).
    const auto longest = static_cast<uint64_t>(
        window ? m_window.tableLength : m_spec.mode == KvCacheMode::Paged ? m_pool.total() : 1);
    for (Shard& sh : m_shards) {
        Storage& st = window ? sh.window : sh.full;
        if (!sh.ops || st.layers == 0) continue;
        if (st.tables.size() <= static_cast<size_t>(seq)) st.tables.resize(static_cast<size_t>(seq) + 1);
        std::unique_ptr<kernels::Buffer>& table = st.tables[static_cast<size_t>(seq)];
        if (!table) {
            kernels::Reasons why;
            table = sh.ops->allocate(longest * sizeof(int32_t), why);
            if (!table)
                return makeError(ErrorCode::OutOfRange, msg("kv.block_table", {{"device", sh.ops->deviceId()}}));
        }
        if (blocks.empty()) continue;
        const auto n = static_cast<int64_t>(blocks.size());
        sh.ops->upload(kernels::Tensor{kernels::DType::I32, table->data(), 1, n, static_cast<size_t>(n) * sizeof(int32_t),
                                       table.get()},
                       blocks.data());
    }
    return okStatus();
}

Status KvStore::checkShardMemory(const std::vector<Shard>& shards,
                                 const std::function<const kernels::Ops*(size_t)>& opsOf, int64_t tokens,
                                 uint64_t total)
{
    if (total == std::numeric_limits<uint64_t>::max())
        return makeError(ErrorCode::OutOfRange, msg("kv.too_many_bytes", {{"tokens", tokens}}));
    struct Need {
        uint64_t bytes = 0;
        uint64_t available = 0;
    };
    std::map<std::string, Need> perDevice;
    for (size_t i = 0; i < shards.size(); ++i) {
        const kernels::Ops* ops = opsOf(i);
        Need& n = perDevice[ops ? ops->deviceId() : kernels::Registry::instance().cpu().id()];
        n.bytes += shards[i].full.dataBytes + shards[i].window.dataBytes;
        n.available = ops ? ops->memory().free : memAvailableBytes();
    }
    for (const auto& [device, n] : perDevice)
        if (n.available > 0 && n.bytes > n.available)
            return makeError(ErrorCode::OutOfRange,
                             perDevice.size() > 1 || device != "cpu:0"
                                 ? msg("kv.not_enough_memory_on", {{"tokens", tokens},
                                                                   {"bytes", formatBytes(n.bytes)},
                                                                   {"device", device},
                                                                   {"available", formatBytes(n.available)}})
                                 : msg("kv.not_enough_memory", {{"tokens", tokens},
                                                                {"bytes", formatBytes(n.bytes)},
                                                                {"available", formatBytes(n.available)}}));
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
                             msg("kv.request_blocks",
                                 {{"need", need},
                                  {"block", block},
                                  {"need_bytes", formatBytes(mulSat(static_cast<uint64_t>(need), blockBytes))},
                                  {"have", have},
                                  {"have_bytes", formatBytes(mulSat(static_cast<uint64_t>(have), blockBytes))}}));
    }
    if (spec.mode == KvCacheMode::Contiguous && spec.maxSequences > 0) {
        const int64_t slot = spec.capacityTokens / spec.maxSequences;
        if (tokens > slot)
            return makeError(ErrorCode::OutOfRange,
                             msg("kv.request_slot", {{"tokens", tokens},
                                                     {"bytes", formatBytes(mulSat(static_cast<uint64_t>(tokens), perToken))},
                                                     {"slot", slot},
                                                     {"capacity", spec.capacityTokens},
                                                     {"sequences", spec.maxSequences}}));
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
    if (windowHeldApart() && liveSequences() >= m_spec.maxSequences) return false;
    if (m_spec.mode == KvCacheMode::Contiguous) return tokens <= m_blockTokens && m_pool.freeCount() > 0;
    return blocksFor(tokens) <= m_pool.freeCount();
}

Expected<int32_t> KvStore::addSequence()
{
    std::vector<int32_t> blocks, ring;
    if (m_spec.mode == KvCacheMode::Contiguous) {
        if (m_pool.freeCount() == 0)
            return makeError(ErrorCode::OutOfRange, msg("kv.slots_in_use", {{"slots", m_pool.total()}}));
        blocks = std::move(*m_pool.allocate(1));
        // Each slot's ring is its own from the start; the pool holds one per slot.
        if (windowHeldApart()) ring = std::move(*m_window.pool.allocate(m_window.ringBlocks));
    } else if (windowHeldApart() && liveSequences() >= m_spec.maxSequences) {
        return makeError(ErrorCode::OutOfRange, msg("kv.window_sequences_in_use", {{"sequences", m_spec.maxSequences}}));
    }
    size_t id = 0;
    while (id < m_seqs.size() && m_seqs[id].live) ++id;
    if (id == m_seqs.size()) m_seqs.emplace_back();
    m_seqs[id] = Sequence{};
    m_seqs[id].live = true;
    m_seqs[id].blocks = std::move(blocks);
    m_seqs[id].ring = std::move(ring);
    const auto seq = static_cast<int32_t>(id);
    Status uploaded = uploadTable(seq);
    if (uploaded && windowHeldApart()) uploaded = uploadTable(seq, true);
    if (!uploaded) {
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
    m_window.pool.release(s.ring);
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
    const int64_t length = isLive(seq) ? m_seqs[static_cast<size_t>(seq)].length : 0;
    return resize(seq, tokens, std::min(length, tokens));
}

Status KvStore::resize(int32_t seq, int64_t tokens, int64_t writeFrom)
{
    if (!isLive(seq))
        return makeError(ErrorCode::InvalidArgument, msg("kv.not_live", {{"sequence", seq}}));
    if (tokens < 0) return makeError(ErrorCode::InvalidArgument, msg("kv.negative_length"));
    Sequence& s = m_seqs[static_cast<size_t>(seq)];
    if (writeFrom < 0 || writeFrom > std::min(tokens, s.length))
        return makeError(ErrorCode::InvalidArgument, msg("kv.write_gap", {{"from", writeFrom}, {"cached", s.length}}));
    if (m_spec.mode == KvCacheMode::Contiguous) {
        if (tokens > m_blockTokens)
            return makeError(ErrorCode::OutOfRange, msg("kv.sequence_over_slot", {{"tokens", tokens}, {"slot", m_blockTokens}}));
    } else if (m_spec.mode == KvCacheMode::Paged) {
        const int64_t want = blocksFor(tokens);
        const auto have = static_cast<int64_t>(s.blocks.size());
        if (want > have && want - have > m_pool.freeCount())
            return makeError(ErrorCode::OutOfRange, msg("kv.grow_blocks", {{"tokens", tokens},
                                                                           {"need", want - have},
                                                                           {"free", m_pool.freeCount()},
                                                                           {"total", m_pool.total()}}));
    }
    // Window layers first: the one check that can still refuse the pass.
    if (windowHeldApart()) ENGINE_TRY(slideWindow(seq, tokens, writeFrom));
    if (m_spec.mode == KvCacheMode::Paged) {
        const int64_t want = blocksFor(tokens);
        const auto have = static_cast<int64_t>(s.blocks.size());
        if (want > have) {
            auto more = m_pool.allocate(want - have);  // checked above: cannot fail
            if (!more) return more.error();
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

int64_t KvStore::heldAfterPass(const Sequence& s) const
{
    if (s.pendingFrom < 0) return s.heldFrom;
    // Writing block b reuses the ring block of block b - R: once the pass has
    // written up to its last block, the R blocks before it are all that is left.
    const int64_t lastBlock = s.length > 0 ? (s.length - 1) / m_window.blockTokens : 0;
    const int64_t reach = std::max<int64_t>(0, lastBlock - m_window.ringBlocks + 1) * m_window.blockTokens;
    return std::min(std::max(reach, std::min(s.heldFrom, s.pendingFrom)), s.length);
}

Status KvStore::slideWindow(int32_t seq, int64_t tokens, int64_t writeFrom)
{
    Sequence& s = m_seqs[static_cast<size_t>(seq)];
    // Asked again for the pass already prepared (the scheduler reserves before
    // the model does): nothing has been written since.
    if (s.pendingFrom == writeFrom && s.length == tokens) return okStatus();
    const int64_t held = heldAfterPass(s);
    const int64_t need = std::max<int64_t>(0, writeFrom - m_window.window + 1);
    // A truncation writes nothing and never fails; a pass after it is checked.
    const bool truncation = writeFrom == tokens && tokens <= s.length;
    if (!truncation && !canWriteFrom(seq, writeFrom))
        return makeError(ErrorCode::OutOfRange, msg("kv.window_gap", {{"from", writeFrom},
                                                                      {"first", need},
                                                                      {"last", writeFrom - 1},
                                                                      {"ring", m_window.ringBlocks * m_window.blockTokens},
                                                                      {"held", held}}));
    const int64_t bt = m_window.blockTokens;
    const int64_t blocks = (tokens + bt - 1) / bt;
    if (m_spec.mode == KvCacheMode::Paged) {
        const int64_t want = std::min(blocks, m_window.ringBlocks);
        const auto have = static_cast<int64_t>(s.ring.size());
        if (want > have) {
            auto more = m_window.pool.allocate(want - have);
            // Never short: no ring holds more blocks than its full table.
            if (!more) return makeError(ErrorCode::Internal, "KV cache: sliding-window pool " + more.error().message);
            s.ring.insert(s.ring.end(), more->begin(), more->end());
        }
        // A shorter ring keeps the mapping of the blocks it keeps (b < size: b mod R = b).
        while (static_cast<int64_t>(s.ring.size()) > want) {
            m_window.pool.release(s.ring.back());
            s.ring.pop_back();
        }
    }
    s.heldFrom = std::min(held, writeFrom);
    s.pendingFrom = writeFrom;
    // Blocks before the first one the pass's queries reach are marked -1.
    const int64_t firstBlock = need / bt;
    const auto ringSize = static_cast<int64_t>(s.ring.size());
    std::vector<int32_t> table(static_cast<size_t>(blocks), -1);
    for (int64_t b = firstBlock; b < blocks; ++b) table[static_cast<size_t>(b)] = s.ring[static_cast<size_t>(b % ringSize)];
    if (table != s.windowTable) {
        s.windowTable = std::move(table);
        ENGINE_TRY(uploadTable(seq, true));
    }
    return okStatus();
}

bool KvStore::canWriteFrom(int32_t seq, int64_t writeFrom) const
{
    if (!windowHeldApart() || !isLive(seq)) return true;
    const int64_t need = std::max<int64_t>(0, writeFrom - m_window.window + 1);
    return need >= writeFrom || need >= heldAfterPass(m_seqs[static_cast<size_t>(seq)]);
}

void KvStore::passWritten(int32_t seq)
{
    if (!isLive(seq) || !windowHeldApart()) return;
    Sequence& s = m_seqs[static_cast<size_t>(seq)];
    s.heldFrom = heldAfterPass(s);
    s.pendingFrom = -1;
}

kernels::KvRows KvStore::rows(int32_t seq, int64_t layer, int which, int shard) const
{
    const Shard& sh = m_shards[static_cast<size_t>(shard)];
    const Sequence& s = m_seqs[static_cast<size_t>(seq)];
    const bool window = windowed(layer);
    const Storage& st = window ? sh.window : sh.full;
    const int64_t blockTokens = window ? m_window.blockTokens : m_blockTokens;
    const int64_t index = sh.groupIndex[static_cast<size_t>(layer - sh.spec.layerBegin)];
    const std::vector<int32_t>& table = window ? s.windowTable : s.blocks;
    kernels::KvRows r;
    r.format = kvFormatOf(m_spec.dtype);
    r.data = static_cast<uint8_t*>(st.buffer->data()) +
             static_cast<uint64_t>((index * 2 + which) * blockTokens) * sh.rowBytes;
    r.blockTable = sh.ops ? static_cast<const int32_t*>(st.tables[static_cast<size_t>(seq)]->data()) : table.data();
    r.blockTokens = blockTokens;
    r.blockStride = st.blockBytes;
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

// Positions of window layers a query can still see: the last `window` of each sequence.
uint64_t KvStore::windowLiveTokens() const
{
    uint64_t tokens = 0;
    for (const Sequence& s : m_seqs)
        if (s.live) tokens += static_cast<uint64_t>(std::min(s.length, m_window.window));
    return tokens;
}

uint64_t KvStore::usedBytes() const
{
    if (!windowHeldApart()) return liveTokens() * m_bytesPerToken;
    uint64_t full = 0, window = 0;
    for (const Shard& sh : m_shards) {
        full += sh.full.bytesPerToken;
        window += sh.window.bytesPerToken;
    }
    return liveTokens() * full + windowLiveTokens() * window;
}

void KvStore::notePeak()
{
    m_peakUsed = std::max(m_peakUsed, usedBytes());
}

KvGroupMemory KvStore::fullGroupStats() const
{
    KvGroupMemory g;
    g.name = "full";
    g.blockTokens = m_blockTokens;
    for (int64_t l = 0; l < m_spec.layers; ++l) g.layers += windowed(l) ? 0 : 1;
    uint64_t perToken = 0;
    for (const Shard& sh : m_shards) {
        g.allocatedBytes += sh.full.dataBytes;
        perToken += sh.full.bytesPerToken;
    }
    g.usedBytes = liveTokens() * perToken;
    uint64_t held = 0;
    for (const Sequence& s : m_seqs)
        if (s.live) held += s.blocks.size() * static_cast<uint64_t>(m_blockTokens);
    const uint64_t live = liveTokens();
    g.fragmentation = held > 0 ? static_cast<double>(held - live) / static_cast<double>(held) : 0.0;
    g.blocksTotal = m_pool.total();
    g.blocksFree = m_pool.freeCount();
    return g;
}

KvGroupMemory KvStore::windowGroupStats() const
{
    KvGroupMemory g;
    g.name = "window";
    g.blockTokens = m_window.blockTokens;
    for (int64_t l = 0; l < m_spec.layers; ++l) g.layers += windowed(l) ? 1 : 0;
    uint64_t perToken = 0;
    for (const Shard& sh : m_shards) {
        g.allocatedBytes += sh.window.dataBytes;
        perToken += sh.window.bytesPerToken;
    }
    const uint64_t live = windowLiveTokens();
    g.usedBytes = live * perToken;
    uint64_t held = 0;
    for (const Sequence& s : m_seqs)
        if (s.live) held += s.ring.size() * static_cast<uint64_t>(m_window.blockTokens);
    g.fragmentation = held > 0 ? static_cast<double>(held - std::min(held, live)) / static_cast<double>(held) : 0.0;
    g.blocksTotal = m_window.pool.total();
    g.blocksFree = m_window.pool.freeCount();
    return g;
}

KvMemoryStats KvStore::stats() const
{
    KvMemoryStats st;
    if (m_spec.mode == KvCacheMode::Off) return st;
    st.allocatedBytes = m_dataBytes;
    st.usedBytes = usedBytes();
    st.peakUsedBytes = std::max(m_peakUsed, st.usedBytes);
    st.groups.push_back(fullGroupStats());
    if (windowHeldApart()) st.groups.push_back(windowGroupStats());
    // Unused positions held against positions held, weighted by each group's bytes per position.
    if (!windowHeldApart()) {
        st.fragmentation = st.groups[0].fragmentation;
    } else {
        double held = 0.0, unused = 0.0;
        for (const KvGroupMemory& g : st.groups) {
            if (g.fragmentation >= 1.0 || g.usedBytes == 0) continue;
            const double bytes = static_cast<double>(g.usedBytes) / (1.0 - g.fragmentation);
            held += bytes;
            unused += bytes - static_cast<double>(g.usedBytes);
        }
        st.fragmentation = held > 0.0 ? unused / held : 0.0;
    }
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
    st.allocatedBytes = sh.full.dataBytes + sh.window.dataBytes;
    st.usedBytes = liveTokens() * sh.full.bytesPerToken + windowLiveTokens() * sh.window.bytesPerToken;
    // The shard's share of the whole store's peak (every shard holds the same positions).
    const uint64_t used = usedBytes();
    st.peakUsedBytes = used == 0 ? 0
                                 : static_cast<uint64_t>(static_cast<double>(std::max(m_peakUsed, used)) *
                                                         static_cast<double>(st.usedBytes) / static_cast<double>(used));
    return st;
}

}  // namespace engine

#pragma once
// KvStore: the key/value cache of every running sequence, in one of three modes.
//
//   contiguous  maxSequences slots preallocated at creation, each holding
//               capacityTokens / maxSequences positions; a sequence takes a
//               whole slot when it starts, whatever its length.
//   paged       a pool of ceil(capacityTokens / blockSize) blocks of blockSize
//               positions with a free list (BlockPool); each sequence has a
//               block table and takes blocks as it grows (vLLM's PagedAttention
//               layout). Attention reads a sequence through its block table.
//   off         no storage at all: every forward pass recomputes the keys and
//               values of the whole prefix (the model keeps them in scratch for
//               the pass). The store only tracks sequence ids and lengths.
//
// Internally both cached modes are the same code: storage is an array of
// equally sized blocks, and a contiguous slot is simply one block of the slot's
// size. Block layout (bytes): [layer][key|value][row in block][row bytes], a
// row being one position's kvDim values in the KV precision:
//
//   f32   kvDim floats
//   f16   kvDim IEEE binary16 values
//   int8  kvDim int8 codes, then one float scale per kv head: for every
//         (position, kv head) the headDim values are stored as
//         round(x / s) with s = max|x| / 127 (symmetric; s = 0 for an all-zero
//         head row). One scale per head and position keeps a large head from
//         crushing the resolution of its neighbours, and lets a row be written
//         once and never revisited (no running scale over the sequence).
//
// The ops read and write the store through kernels::KvRows views (rows()):
// the model's KV write encodes into the precision, and attention reads the
// rows in place through the block table in every mode and precision (a
// contiguous slot is a one-block table), decoding f16 / int8 on the fly. The
// decoded numbers are the same whichever way they are read, so with f32 KV
// every mode gives identical logits.
//
// Shards: bookkeeping (block pool, lengths, block tables) is one, on the host;
// storage is split into shards, one per device of a model split over several
// (engine/split). A shard holds a range of layers (pipeline parallel) or a
// range of kv heads of every layer (tensor parallel); the shards share block
// ids, so one block table addresses every shard. Without shards in the spec
// there is one shard holding everything. Int8 scales are per kv head, so a
// head-sharded cache stores exactly the numbers an unsharded one does.
//
// Capacity is in tokens for the whole cache (all sequences together). Creating
// a store refuses a cache larger than the memory the system reports available
// (MemAvailable of /proc/meminfo) before allocating anything.
#include <cstdint>
#include <memory>
#include <string>
#include <functional>
#include <span>
#include <vector>

#include "engine/common/expected.h"
#include "kernels/api/ops.h"
#include "engine/config/profile.h"
#include "engine/kv/block_pool.h"
#include "kernels/api/kv.h"

namespace engine {

struct KvMemoryStats {
    uint64_t allocatedBytes = 0;  // reserved for the cache (whole pool / all buffers)
    uint64_t usedBytes = 0;       // holding live tokens
    uint64_t peakUsedBytes = 0;
    // Unused positions inside the storage held by live sequences / positions
    // held: paged, the tail of each sequence's last block; contiguous, the rest
    // of each occupied slot. 0 when nothing is held.
    double fragmentation = 0.0;
    int64_t blocksTotal = 0;  // paged only
    int64_t blocksFree = 0;
};

// Which sequence holds each block, for visualisations (read-only; the Learn
// page's paged-KV demo plays these back). Contiguous slots count as blocks.
struct KvBlockSnapshot {
    int64_t blockTokens = 0;      // positions per block
    std::vector<int32_t> owner;   // per block id: the sequence id holding it, -1 when free
    std::vector<int32_t> filled;  // per block id: positions of it holding live tokens (0 when free)
};

// What one storage shard holds: layers [layerBegin, layerEnd) and kv heads
// [kvHeadBegin, kvHeadEnd) of each of them.
struct KvShardSpec {
    int64_t layerBegin = 0;
    int64_t layerEnd = 0;
    int64_t kvHeadBegin = 0;
    int64_t kvHeadEnd = 0;
    bool operator==(const KvShardSpec&) const = default;
};

struct KvStoreSpec {
    KvCacheMode mode = KvCacheMode::Contiguous;
    KvDType dtype = KvDType::F32;
    int32_t blockSize = kDefaultKvBlockSize;  // paged only
    int64_t capacityTokens = 0;               // the whole cache
    int32_t maxSequences = 1;                 // contiguous: number of slots
    int64_t layers = 0;
    int64_t kvHeads = 0;
    int64_t headDim = 0;
    // Storage shards; empty = one shard of every layer and head.
    std::vector<KvShardSpec> shards;

    int64_t kvDim() const { return kvHeads * headDim; }
    // The shards as stored (never empty).
    std::vector<KvShardSpec> resolvedShards() const;
};

// Bytes of one position (all layers, keys and values) in the spec's precision.
uint64_t kvBytesPerToken(const KvStoreSpec& spec);
// The row format of a cache precision (kernels/api/kv.h).
kernels::KvFormat kvFormatOf(KvDType dtype);

// MemAvailable from /proc/meminfo in bytes (or $INFERSCOPE_MEM_AVAILABLE when
// set); 0 when it cannot be read.
uint64_t memAvailableBytes();

// The default capacity when kv_cache.capacity_tokens is unset: room for every
// sequence to reach the model context (context * maxSequences), but never more
// than half of the memory available now (at least one full context).
int64_t defaultKvCapacity(int64_t contextLength, int32_t maxSequences, uint64_t bytesPerToken);

// KvStore::checkFits without a store: lets a caller refuse a request before
// anything is allocated.
Status kvCheckFits(const KvStoreSpec& spec, int64_t tokens);

class KvStore {
public:
    // Shard i's storage comes from shardOps[i] (the ops of the device that
    // reads it), checked against that device's memory first; without them
    // every shard is host memory.
    static Expected<KvStore> create(const KvStoreSpec& spec, std::span<const kernels::Ops* const> shardOps = {});

    KvStore(KvStore&&) noexcept = default;
    KvStore& operator=(KvStore&&) noexcept = default;

    const KvStoreSpec& spec() const { return m_spec; }
    KvCacheMode mode() const { return m_spec.mode; }
    int64_t kvDim() const { return m_spec.kvDim(); }
    int64_t layers() const { return m_spec.layers; }
    // Positions per block (paged) or per slot (contiguous); 0 with mode off.
    int64_t blockTokens() const { return m_blockTokens; }
    // The most positions one sequence can ever hold (off: unbounded).
    int64_t sequenceCapacity() const;
    // Blocks a sequence of `tokens` positions occupies.
    int64_t blocksFor(int64_t tokens) const;
    int64_t freeBlocks() const { return m_pool.freeCount(); }

    // Fails, naming what is needed and what the cache has, when a sequence of
    // `tokens` positions could never be held even with the cache empty.
    Status checkFits(int64_t tokens) const;
    // Whether `seq` could grow to `tokens` positions now without preempting.
    bool canGrow(int32_t seq, int64_t tokens) const;
    // Whether a new sequence of `tokens` positions could be started now.
    bool canAdmit(int64_t tokens) const;

    // A new empty sequence. Contiguous: takes a free slot (fails when all are
    // in use). Paged and off: takes nothing until resize().
    Expected<int32_t> addSequence();
    // Frees the sequence's slot or blocks; its id may be reused.
    void removeSequence(int32_t seq);
    // Makes the sequence hold positions [0, tokens): grows (taking blocks) or
    // truncates (returning blocks). All or nothing: on failure nothing changes.
    Status resize(int32_t seq, int64_t tokens);
    int64_t length(int32_t seq) const { return m_seqs[static_cast<size_t>(seq)].length; }
    bool isLive(int32_t seq) const;
    int64_t liveSequences() const;
    const std::vector<int32_t>& blockTable(int32_t seq) const { return m_seqs[static_cast<size_t>(seq)].blocks; }

    // Every access below names a shard (0 when there is one) and a layer the
    // shard holds; rows are the shard's kv heads.
    int shardCount() const { return static_cast<int>(m_shards.size()); }

    // The sequence's keys (which = 0) or values (1) of `layer` in `shard`, as
    // the ops read and write them. Valid until the sequence is resized or removed.
    kernels::KvRows rows(int32_t seq, int64_t layer, int which, int shard = 0) const;

    // Host-side conveniences over rows() and the reference codec (tests, tools):
    // stores n rows of keys and values at positions startPos.. of `layer`
    // (within length(seq)), and reads positions [0, n) back as fp32 rows.
    void write(int32_t seq, int64_t layer, int64_t startPos, int64_t n, const float* keys, const float* values,
               int shard = 0);
    void gather(int32_t seq, int64_t layer, int64_t n, float* keys, float* values, int shard = 0) const;

    KvMemoryStats stats() const;
    // Every block's owner and fill right now (empty with mode off).
    KvBlockSnapshot blockSnapshot() const;
    // allocated / used / peak bytes of one shard (the other fields stay zero).
    KvMemoryStats shardStats(int shard) const;
    void resetPeak() { m_peakUsed = usedBytes(); }

private:
    KvStore() = default;

    struct Sequence {
        bool live = false;
        int64_t length = 0;
        std::vector<int32_t> blocks;  // block table: position p is in blocks[p / blockTokens]
    };

    // One shard's storage: blocks of [local layer][key|value][row][rowBytes].
    struct Shard {
        KvShardSpec spec;
        int64_t kvHeads = 0;
        uint64_t rowBytes = 0;
        uint64_t blockBytes = 0;
        uint64_t bytesPerToken = 0;
        std::unique_ptr<kernels::Buffer> buffer;  // on the device that reads the shard
        uint64_t dataBytes = 0;
        const kernels::Ops* ops = nullptr;  // that device's ops; nullptr: host memory
        // Per sequence id: its block table as that device reads it (uploaded
        // whenever the table changes). Empty for a host store, which reads
        // the bookkeeping's own table.
        std::vector<std::unique_ptr<kernels::Buffer>> tables;
    };

    // Refuses, before anything is allocated, a cache larger than the free
    // memory of the devices that would hold it (shards on one device count
    // together): the host's would only be found out by the OOM killer.
    static Status checkShardMemory(const std::vector<Shard>& shards,
                                   const std::function<const kernels::Ops*(size_t)>& opsOf, int64_t tokens,
                                   uint64_t total);

    // Copies a sequence's block table to every shard's device (allocating its
    // slot there on first use).
    Status uploadTable(int32_t seq);

    uint64_t liveTokens() const;
    uint64_t usedBytes() const;
    void notePeak();

    KvStoreSpec m_spec;
    int64_t m_blockTokens = 0;
    uint64_t m_bytesPerToken = 0;
    std::vector<Shard> m_shards;
    uint64_t m_dataBytes = 0;
    BlockPool m_pool;
    std::vector<Sequence> m_seqs;
    uint64_t m_peakUsed = 0;
};

}  // namespace engine

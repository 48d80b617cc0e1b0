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
// Sliding-window layers (Gemma 2/3's local layers) attend only to the last
// `window` positions, so the store keeps them apart from the layers that see
// the whole prefix: two layer groups with their own storage.
//
//   full layers      as above: capacityTokens positions, blocks or slots.
//   window layers    per sequence a ring of R = ceil((window + chunk - 1) /
//                    blockSize) + 1 blocks of blockSize positions, where chunk
//                    is kvWindowChunk(spec), the most queries the model sends
//                    to one windowed attention call (it splits a longer pass's
//                    write and attention per layer, which leaves every score
//                    as it was: each query reads only its own window). Block
//                    b of a sequence is ring block b mod R; the block table
//                    maps it so (the ops read a ring exactly as a paged
//                    table) and marks blocks no query of the coming pass can
//                    reach -1, so that no op can read a row that was
//                    overwritten. Contiguous: each sequence slot owns a ring
//                    from the start (maxSequences rings). Paged: a pool of
//                    min(full pool blocks, maxSequences * R) blocks; a
//                    sequence takes blocks as it grows until it holds R and
//                    then reuses them, and gives back blocks past its end when
//                    truncated (a paged window store admits at most
//                    maxSequences sequences).
//
// The full layers' bookkeeping decides capacity and admission (a window ring
// never holds more blocks than the same sequence's full table, so its pool
// cannot run out first). A pass may restart a sequence at any position whose
// window is still held (KvStore::resize names the first position written);
// one that needs rows a ring has overwritten fails with a message instead of
// reading them. When the ring would hold as much as a whole sequence slot, or
// with spec.keepWholeWindowLayers, window layers are stored as full ones.
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

// One layer group of the store (full layers, sliding-window layers).
struct KvGroupMemory {
    std::string name;             // "full" or "window"
    int64_t layers = 0;
    int64_t blockTokens = 0;      // positions per block (contiguous full layers: per slot)
    uint64_t allocatedBytes = 0;
    uint64_t usedBytes = 0;       // positions still visible to a query (window: min(length, window))
    // Unused positions inside the blocks held by live sequences / positions held.
    double fragmentation = 0.0;
    int64_t blocksTotal = 0;
    int64_t blocksFree = 0;
};

struct KvMemoryStats {
    uint64_t allocatedBytes = 0;  // reserved for the cache (whole pool / all buffers)
    uint64_t usedBytes = 0;       // holding live tokens
    uint64_t peakUsedBytes = 0;
    // Unused positions inside the storage held by live sequences / positions
    // held: paged, the tail of each sequence's last block; contiguous, the rest
    // of each occupied slot. 0 when nothing is held.
    double fragmentation = 0.0;
    int64_t blocksTotal = 0;  // paged only (the full layers' pool)
    int64_t blocksFree = 0;
    // Per layer group: the full layers, then the window layers when they are
    // held apart. The totals above are their sums.
    std::vector<KvGroupMemory> groups;
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
    // Sliding-window layers: layer l with windowed[l] attends only to the last
    // `window` positions (empty or window 0: none).
    int64_t window = 0;
    std::vector<bool> windowed;
    // Store window layers like full ones (the reference a window-limited cache
    // is checked against).
    bool keepWholeWindowLayers = false;

    int64_t kvDim() const { return kvHeads * headDim; }
    bool isWindowed(int64_t layer) const
    {
        return window > 0 && static_cast<size_t>(layer) < windowed.size() && windowed[static_cast<size_t>(layer)];
    }
    // The shards as stored (never empty).
    std::vector<KvShardSpec> resolvedShards() const;
};

// Bytes of one position (all layers, keys and values) in the spec's precision.
uint64_t kvBytesPerToken(const KvStoreSpec& spec);
// The most queries one windowed attention call takes (the model splits longer
// passes); 0 without windowed layers.
int64_t kvWindowChunk(const KvStoreSpec& spec);
// Bytes one more position of capacity costs: the layers held whole (all of
// them unless window layers are held apart).
uint64_t kvBytesPerCapacityToken(const KvStoreSpec& spec);
// Exactly the bytes KvStore::create(spec) allocates for the cache, every
// shard and layer group (0 with mode off).
uint64_t kvCacheBytes(const KvStoreSpec& spec);
// The same per storage shard (one entry per device of a split); empty with mode off.
std::vector<uint64_t> kvShardBytes(const KvStoreSpec& spec);
// Positions the window layers' storage holds for all sequences together
// (rings x blocks x block size); 0 when they are not held apart.
int64_t kvWindowHeldTokens(const KvStoreSpec& spec);
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
    // The coming pass writes positions [writeFrom, tokens) (default: from the
    // current length); window layers must still hold the window before
    // writeFrom, else it fails naming the positions no longer held.
    Status resize(int32_t seq, int64_t tokens);
    Status resize(int32_t seq, int64_t tokens, int64_t writeFrom);
    // The pass resize() prepared has written its rows: window layers' rings
    // may have overwritten older positions (the model calls it after a pass).
    void passWritten(int32_t seq);
    // Whether a pass may write from `writeFrom` (window layers still hold the
    // window before it); a pass from position 0 always may.
    bool canWriteFrom(int32_t seq, int64_t writeFrom) const;
    // Whether window layers are held apart (a ring per sequence).
    bool windowHeldApart() const { return m_window.ringBlocks > 0; }
    // The window layers' ring: blocks and positions per block (0 when not held apart).
    int64_t windowRingBlocks() const { return m_window.ringBlocks; }
    int64_t windowBlockTokens() const { return m_window.blockTokens; }
    int64_t length(int32_t seq) const { return m_seqs[static_cast<size_t>(seq)].length; }
    bool isLive(int32_t seq) const;
    int64_t liveSequences() const;
    const std::vector<int32_t>& blockTable(int32_t seq) const { return m_seqs[static_cast<size_t>(seq)].blocks; }
    // The window layers' table (-1: a block no query of the coming pass reads).
    const std::vector<int32_t>& windowTable(int32_t seq) const
    {
        return m_seqs[static_cast<size_t>(seq)].windowTable;
    }

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
        // Window layers (when held apart): the ring's blocks, the table the
        // ops read (block b -> ring[b % R], -1 where unreachable), the first
        // position whose rows are intact before the pending pass, and that
        // pass's first written position (-1: none pending).
        std::vector<int32_t> ring;
        std::vector<int32_t> windowTable;
        int64_t heldFrom = 0;
        int64_t pendingFrom = -1;
    };

    // One layer group's storage in a shard: blocks of [group layer][key|value][row][rowBytes].
    struct Storage {
        int64_t layers = 0;
        uint64_t blockBytes = 0;
        uint64_t bytesPerToken = 0;
        uint64_t dataBytes = 0;
        std::unique_ptr<kernels::Buffer> buffer;  // on the device that reads the shard
        // Per sequence id: its block table as that device reads it (uploaded
        // whenever the table changes). Empty for a host store, which reads
        // the bookkeeping's own table.
        std::vector<std::unique_ptr<kernels::Buffer>> tables;
    };

    struct Shard {
        KvShardSpec spec;
        int64_t kvHeads = 0;
        uint64_t rowBytes = 0;
        uint64_t bytesPerToken = 0;  // both groups
        Storage full;
        Storage window;
        // Per layer of the shard: its index within its group's storage.
        std::vector<int64_t> groupIndex;
        const kernels::Ops* ops = nullptr;  // that device's ops; nullptr: host memory
    };

    // The window layers' group (ringBlocks == 0: not held apart).
    struct WindowGroup {
        int64_t window = 0;
        int64_t blockTokens = 0;
        int64_t ringBlocks = 0;
        int64_t tableLength = 0;  // the longest window table (positions of a sequence / blockTokens)
        BlockPool pool;
    };

    // Refuses, before anything is allocated, a cache larger than the free
    // memory of the devices that would hold it (shards on one device count
    // together): the host's would only be found out by the OOM killer.
    static Status checkShardMemory(const std::vector<Shard>& shards,
                                   const std::function<const kernels::Ops*(size_t)>& opsOf, int64_t tokens,
                                   uint64_t total);

    // Copies a sequence's block table (full layers, or window layers) to every
    // shard's device (allocating its slot there on first use).
    Status uploadTable(int32_t seq, bool window = false);
    bool windowed(int64_t layer) const { return windowHeldApart() && m_spec.isWindowed(layer); }
    // Window layers: takes or gives back ring blocks for `tokens` positions and
    // rebuilds the table for a pass writing from writeFrom.
    Status slideWindow(int32_t seq, int64_t tokens, int64_t writeFrom);
    // The first position intact once the pending pass has written its rows.
    int64_t heldAfterPass(const Sequence& s) const;
    uint64_t windowLiveTokens() const;
    KvGroupMemory fullGroupStats() const;
    KvGroupMemory windowGroupStats() const;

    uint64_t liveTokens() const;
    uint64_t usedBytes() const;
    void notePeak();

    KvStoreSpec m_spec;
    int64_t m_blockTokens = 0;
    uint64_t m_bytesPerToken = 0;
    std::vector<Shard> m_shards;
    uint64_t m_dataBytes = 0;
    BlockPool m_pool;
    WindowGroup m_window;
    std::vector<Sequence> m_seqs;
    uint64_t m_peakUsed = 0;
};

}  // namespace engine

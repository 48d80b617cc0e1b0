#pragma once
// Placement: which part of the model each device runs, resolved once at load
// from the profile's `devices` section and the model's shape.
//
//   none      one device runs everything.
//   pipeline  device d runs a contiguous range of layers (a stage); the first
//             stage embeds the tokens, the last one computes the logits, and
//             the residual stream is handed from stage to stage. Shares follow
//             devices.layer_weights when given, else the layers are spread
//             evenly (earlier stages take the remainder).
//   tensor    Megatron-style: every device runs every layer over a slice of
//             it: query heads and their kv heads (so the cache is sharded by
//             kv heads too), FFN columns, and vocabulary rows of the embedding
//             and the classifier. wq/wk/wv/gate/up are split by output rows,
//             wo and down by input columns, and an all-reduce (sum) after each
//             makes the residual stream whole again on every device.
//
// Every impossible shape is refused with a sentence naming the numbers, before
// anything is allocated.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/common/expected.h"
#include "engine/config/profile.h"
#include "engine/model/model_config.h"
#include "engine/model/weights.h"

namespace engine {

// Half-open index range.
struct Range {
    int64_t begin = 0;
    int64_t end = 0;
    int64_t size() const { return end - begin; }
    bool operator==(const Range&) const = default;
};

// What one device runs.
struct DeviceShare {
    int32_t rank = 0;
    Range layers;   // layers it runs
    Range heads;    // query heads of each of its layers
    Range kvHeads;  // kv heads (and so its KV cache shard)
    Range hidden;   // FFN columns
    Range vocab;    // embedding / classifier rows it holds
    bool embeds = false;   // computes (its part of) the token embedding
    bool outputs = false;  // computes (its part of) the logits
};

struct Placement {
    SplitMode mode = SplitMode::None;
    std::vector<DeviceShare> devices;

    int32_t size() const { return static_cast<int32_t>(devices.size()); }
    // One device running the whole model.
    static Placement whole(const ModelConfig& config);
    // e.g. "pipeline over 2 devices: layers 0..2 | layers 3..4"
    std::string describe() const;
};

// What one device of a `mode` split runs, for people: "layers 0..2", or
// "heads 0..3, kv heads 0..1, ffn 0..85, vocab 0..255" (tensor parallel).
std::string describeShare(const DeviceShare& share, SplitMode mode);
// The same as a catalogued message, for the app to translate.
Message shareMessage(const DeviceShare& share, SplitMode mode);

// Devices the profile asks for: devices.virtual_cpus (1 when unset).
int32_t requestedDeviceCount(const DevicesConfig& devices);

// Where tensor parallel may cut the matrices it splits between input columns:
// the block size (elements) of their storage types, the largest over the layers.
struct CutBlocks {
    int64_t attnOutput = 1;  // attn_output (wo): cut between heads
    int64_t ffnDown = 1;     // ffn_down: cut between FFN columns
};
CutBlocks cutBlocksOf(const Weights& weights);

// Resolves the profile's split for this model. The cut blocks decide where a
// matrix may be cut (tensor parallel cuts wo and down on block boundaries).
Expected<Placement> resolvePlacement(const ModelConfig& config, const CutBlocks& blocks, const DevicesConfig& devices);
Expected<Placement> resolvePlacement(const ModelConfig& config, const Weights& weights, const DevicesConfig& devices);

// Pipeline stages: [0, layers) cut into weights.size() contiguous ranges in
// proportion to `weights` (each at least one layer; layers >= weights.size()).
std::vector<Range> pipelineStages(int64_t layers, const std::vector<int64_t>& weights);

}  // namespace engine

#include "engine/split/placement.h"

#include <algorithm>
#include <numeric>

#include "engine/common/message_catalog.h"

namespace engine {

namespace {

Error refuse(Message sentence)
{
    return makeError(ErrorCode::InvalidArgument, msg("context.at_path", {{"path", "devices.split"}, {"cause", std::move(sentence)}}));
}

}  // namespace

namespace {

std::vector<Range> consecutive(const std::vector<int64_t>& counts)
{
    std::vector<Range> ranges;
    int64_t at = 0;
    for (int64_t c : counts) {
        ranges.push_back({at, at + c});
        at += c;
    }
    return ranges;
}

}  // namespace

// Largest-remainder rounding of the proportional shares, every stage at least
// one layer; weights that add up to the layer count are the stages' layer
// counts as they are (so [5, 11] over 16 layers is exactly 5 and 11).
std::vector<Range> pipelineStages(int64_t n, const std::vector<int64_t>& weights)
{
    const int64_t total = std::accumulate(weights.begin(), weights.end(), int64_t{0});
    if (total == n && std::all_of(weights.begin(), weights.end(), [](int64_t w) { return w >= 1; }))
        return consecutive(weights);
    const auto parts = static_cast<int64_t>(weights.size());
    std::vector<int64_t> counts(weights.size(), 1);
    const int64_t left = n - parts;
    std::vector<double> remainders(weights.size());
    int64_t given = 0;
    for (size_t i = 0; i < weights.size(); ++i) {
        const double exact = static_cast<double>(left) * static_cast<double>(weights[i]) / static_cast<double>(total);
        const auto whole = static_cast<int64_t>(exact);
        counts[i] += whole;
        given += whole;
        remainders[i] = exact - static_cast<double>(whole);
    }
    // Hand the rest out by largest remainder, earlier devices first on ties.
    for (int64_t k = given; k < left; ++k) {
        size_t best = 0;
        for (size_t i = 1; i < remainders.size(); ++i)
            if (remainders[i] > remainders[best]) best = i;
        ++counts[best];
        remainders[best] = -1.0;
    }
    return consecutive(counts);
}

namespace {

// Even split of [0, n) into `parts` (earlier parts take the remainder).
Range evenSlice(int64_t n, int64_t parts, int64_t index)
{
    const int64_t base = n / parts, extra = n % parts;
    const int64_t begin = index * base + std::min(index, extra);
    return {begin, begin + base + (index < extra ? 1 : 0)};
}

Expected<Placement> pipeline(const ModelConfig& c, const DevicesConfig& d, int32_t n)
{
    if (n > c.nLayers)
        return refuse(msg("split.pipeline_too_few_layers", {{"devices", n}, {"layers", c.nLayers}}));
    std::vector<int64_t> weights(static_cast<size_t>(n), 1);
    if (d.layerWeights) {
        if (static_cast<int32_t>(d.layerWeights->size()) != n)
            return refuse(msg("split.layer_weights_count", {{"entries", d.layerWeights->size()}, {"devices", n}}));
        weights.assign(d.layerWeights->begin(), d.layerWeights->end());
    }
    Placement p;
    p.mode = SplitMode::Pipeline;
    const std::vector<Range> stages = pipelineStages(c.nLayers, weights);
    for (int32_t r = 0; r < n; ++r) {
        DeviceShare s;
        s.rank = r;
        s.layers = stages[static_cast<size_t>(r)];
        s.heads = {0, c.nHeads};
        s.kvHeads = {0, c.nKvHeads};
        s.hidden = {0, c.hiddenDim};
        s.vocab = {0, c.vocabSize};
        s.embeds = r == 0;
        s.outputs = r == n - 1;
        p.devices.push_back(s);
    }
    return p;
}

Expected<Placement> tensor(const ModelConfig& c, const CutBlocks& blocks, int32_t n)
{
    if (c.nKvHeads % n != 0)
        return refuse(msg("split.kv_heads_indivisible", {{"devices", n}, {"kv_heads", c.nKvHeads}}));
    if (c.nHeads % n != 0)
        return refuse(msg("split.heads_indivisible", {{"devices", n}, {"heads", c.nHeads}}));
    if (c.vocabSize < n)
        return refuse(msg("split.vocab_too_small", {{"devices", n}, {"vocab", c.vocabSize}}));
    // wo and down are cut between input columns: every cut must fall on a block boundary.
    const int64_t headCols = c.qDim() / n;
    if (headCols % blocks.attnOutput != 0)
        return refuse(msg("split.attn_output_blocks", {{"devices", n},
                                                        {"columns", headCols},
                                                        {"total", c.qDim()},
                                                        {"block", blocks.attnOutput}}));
    const int64_t block = blocks.ffnDown;
    if (c.hiddenDim % block != 0 || c.hiddenDim / block < n)
        return refuse(msg("split.ffn_down_blocks", {{"devices", n}, {"columns", c.hiddenDim}, {"block", block}}));
    Placement p;
    p.mode = SplitMode::Tensor;
    for (int32_t r = 0; r < n; ++r) {
        DeviceShare s;
        s.rank = r;
        s.layers = {0, c.nLayers};
        s.heads = evenSlice(c.nHeads, n, r);
        s.kvHeads = evenSlice(c.nKvHeads, n, r);
        const Range cut = evenSlice(c.hiddenDim / block, n, r);
        s.hidden = {cut.begin * block, cut.end * block};
        s.vocab = evenSlice(c.vocabSize, n, r);
        s.embeds = true;
        s.outputs = true;
        p.devices.push_back(s);
    }
    return p;
}

}  // namespace

Placement Placement::whole(const ModelConfig& c)
{
    Placement p;
    DeviceShare s;
    s.layers = {0, c.nLayers};
    s.heads = {0, c.nHeads};
    s.kvHeads = {0, c.nKvHeads};
    s.hidden = {0, c.hiddenDim};
    s.vocab = {0, c.vocabSize};
    s.embeds = true;
    s.outputs = true;
    p.devices.push_back(s);
    return p;
}

Message shareMessage(const DeviceShare& s, SplitMode mode)
{
    const auto range = [](const Range& r) { return std::to_string(r.begin) + ".." + std::to_string(r.end - 1); };
    if (mode == SplitMode::Tensor)
        return msg("split.share_tensor", {{"heads", range(s.heads)},
                                          {"kv_heads", range(s.kvHeads)},
                                          {"ffn", range(s.hidden)},
                                          {"vocab", range(s.vocab)}});
    return msg("split.share_layers", {{"layers", range(s.layers)}});
}

std::string describeShare(const DeviceShare& s, SplitMode mode)
{
    return englishText(shareMessage(s, mode));
}

std::string Placement::describe() const
{
    if (devices.size() <= 1) return "one device";
    std::string out = std::string(enumName(mode)) + " over " + std::to_string(devices.size()) + " devices:";
    for (const DeviceShare& s : devices) out += (s.rank == 0 ? " " : " | ") + describeShare(s, mode);
    return out;
}

int32_t requestedDeviceCount(const DevicesConfig& d)
{
    return d.virtualCpus.value_or(1);
}

CutBlocks cutBlocksOf(const Weights& w)
{
    CutBlocks b;
    for (const LayerWeights& L : w.layers) {
        b.attnOutput = std::max<int64_t>(b.attnOutput, kernels::traitsOf(L.wo.type).blockSize);
        b.ffnDown = std::max<int64_t>(b.ffnDown, kernels::traitsOf(L.wDown.type).blockSize);
    }
    return b;
}

Expected<Placement> resolvePlacement(const ModelConfig& c, const Weights& w, const DevicesConfig& d)
{
    return resolvePlacement(c, cutBlocksOf(w), d);
}

Expected<Placement> resolvePlacement(const ModelConfig& c, const CutBlocks& blocks, const DevicesConfig& d)
{
    const int32_t n = requestedDeviceCount(d);
    const SplitMode mode = d.split.value_or(SplitMode::None);
    if (n < 1) return refuse(msg("split.no_devices", {{"devices", n}}));
    if (mode == SplitMode::None || n == 1) {
        if (mode != SplitMode::None && n == 1)
            return refuse(msg("split.needs_two_devices", {{"mode", enumName(mode)}}));
        if (n > 1)
            return refuse(msg("split.devices_without_split", {{"devices", n}}));
        return Placement::whole(c);
    }
    if (mode == SplitMode::Pipeline) return pipeline(c, d, n);
    return tensor(c, blocks, n);
}

}  // namespace engine

// Weights where each device reads them. A CPU device reads views of the file
// mapping, except the matrices its ops repack at load (Ops::packWeight: Q4_0
// and Q8_0 in groups of eight interleaved rows, float formats copied as
// stored, all in huge-page memory), whose mapped pages are let go once the
// packed copy exists, so the weights stay resident once, not twice.
// A device with memory of its own (a GPU) gets one buffer holding every tensor
// of its share, copied once at load — a column slice (tensor parallel) is
// packed into contiguous rows on the way, and a tensor two roles share (a tied
// classifier is the embedding table) is copied once.
#include <map>
#include <set>
#include <tuple>
#include <vector>

#include "engine/common/cancel.h"
#include "engine/common/message_catalog.h"
#include "engine/formats/mapped_file.h"
#include "engine/model/llama_device.h"

namespace engine {

namespace {

// Offsets of the tensors in the weight buffer start on this boundary (the
// GPU kernels' widest loads).
constexpr size_t kWeightAlign = 256;
// Packed matrices start on a cache line.
constexpr size_t kPackedAlign = 64;

using TensorKey = std::tuple<const void*, int64_t, int64_t, size_t>;

TensorKey keyOf(const kernels::Tensor& t)
{
    return {t.data, t.rows, t.cols, t.rowBytes};
}

// Packs `t` into `dst` a slice of rows at a time, each slice's mapped pages
// let go as soon as its copy exists, so a large matrix (a tied classifier)
// is never resident twice while it is packed.
void packInSlices(const kernels::Ops& ops, const MappedFile& mapping, kernels::Tensor& t, uint8_t* dst)
{
    constexpr size_t kSliceBytes = size_t{16} << 20;
    const size_t rowBytes = kernels::bytesFor(t.type, static_cast<uint64_t>(t.cols));
    // Whole groups of eight rows, so every slice starts on a packed group.
    const int64_t sliceRows = std::max<int64_t>(8, static_cast<int64_t>(kSliceBytes / rowBytes) / 8 * 8);
    for (int64_t r0 = 0; r0 < t.rows; r0 += sliceRows) {
        kernels::Tensor part = t.rowSlice(r0, std::min(t.rows, r0 + sliceRows));
        const size_t packed = ops.packedBytes(part);  // its first rows, the same bytes as stored
        ops.packWeight(part, dst + static_cast<size_t>(r0) * rowBytes);
        mapping.dropPages(static_cast<const uint8_t*>(part.data), packed);
    }
    t.packed = dst;
}

// A view of a matrix the quantization pass packed where it lies (its
// `packed` is its `data`): its whole groups hold no stored rows, so only ops
// that read packed groups can run it — which the engine ensures before it
// asks for such packing (engine.cc, packingFor); a caller that did not is
// told so here instead of computing garbage.
bool packedInPlace(const kernels::Tensor& t)
{
    return t.packed && t.packed == t.data;
}

Error unreadablePacking(const kernels::Tensor& t, const std::string& reader)
{
    return makeError(ErrorCode::Internal,
                     describeTensor(t) + " was packed for the CPU kernels at load; " + reader + " cannot read it");
}

// Bytes of the views packed in place, each matrix once; an error where `ops` cannot read one.
Expected<uint64_t> packedInPlaceBytes(const kernels::Ops& ops, const std::vector<kernels::Tensor*>& views)
{
    std::set<const void*> counted;
    uint64_t bytes = 0;
    for (const kernels::Tensor* t : views) {
        if (!packedInPlace(*t)) continue;
        if (ops.packedBytes(*t) == 0) return unreadablePacking(*t, std::string(ops.name()) + " ops");
        if (counted.insert(t->data).second) bytes += ops.packedBytes(*t);
    }
    return bytes;
}

}  // namespace

std::vector<kernels::Tensor*> LlamaModel::Device::weightTensors()
{
    std::vector<kernels::Tensor*> out;
    const auto add = [&](kernels::Tensor& t) {
        if (!t.empty()) out.push_back(&t);
    };
    for (int64_t l = share.layers.begin; l < share.layers.end; ++l)
        for (kernels::Tensor* t : layers[static_cast<size_t>(l)].all()) add(*t);
    if (share.embeds) add(embedding);
    if (share.outputs) {
        add(output);
        add(outputNorm);
    }
    add(rope.factors);
    add(ropeLocal.factors);
    return out;
}

std::vector<kernels::Tensor*> LlamaModel::Device::matmulWeights()
{
    std::vector<kernels::Tensor*> out;
    for (int64_t l = share.layers.begin; l < share.layers.end; ++l) {
        LayerView& v = layers[static_cast<size_t>(l)];
        for (kernels::Tensor* t : {&v.wq, &v.wk, &v.wv, &v.wo, &v.wGate, &v.wUp, &v.wDown})
            if (!t->empty()) out.push_back(t);
    }
    if (share.outputs && !output.empty()) out.push_back(&output);
    return out;
}

// Only matrices read from the file mapping are packed into a copy: their
// mapped pages can leave memory once packed, and come back from the file if
// anything reads the stored layout again (a tied classifier's embedding
// lookups). A matrix a pass converted at load lives in memory the model owns:
// the pass packs it where it lies when the engine asks (TensorInfo::layout),
// since a copy beside it would double its bytes; otherwise it keeps the stored layout.
Status LlamaModel::packWeights(Device& d, const std::atomic<bool>* cancel)
{
    const MappedFile* mapping = m_file->mapping.get();
    if (!mapping) return okStatus();
    // One buffer for the device's packed matrices; a matrix two views share is packed once.
    std::map<TensorKey, size_t> offsetOf;
    std::vector<kernels::Tensor*> packable;
    size_t total = 0;
    for (kernels::Tensor* t : d.matmulWeights()) {
        const size_t bytes = d.ops->packedBytes(*t);
        if (bytes == 0 || !t->contiguous() || !mapping->holds(t->data, t->viewBytes())) continue;
        packable.push_back(t);
        if (offsetOf.emplace(keyOf(*t), total).second) total += alignUp(bytes, kPackedAlign);
    }
    // Packing is a speed-up, never a condition: where the packed copy would
    // not fit in the memory available (a model larger than RAM runs from the
    // file mapping, paged in as it is read), the matrices stay as stored.
    // (0 free means unknown, as for the KV cache.)
    const uint64_t available = d.ops->memory().free;
    if (total == 0 || (available > 0 && total > available)) return okStatus();
    kernels::Reasons why;
    d.packedWeights = d.ops->allocateWeights(total, why);
    if (!d.packedWeights) return okStatus();
    auto* base = static_cast<uint8_t*>(d.packedWeights->data());
    std::map<TensorKey, const void*> packedAt;
    for (kernels::Tensor* t : packable) {
        if (cancelRequested(cancel)) return loadCancelled();
        const TensorKey key = keyOf(*t);
        if (auto it = packedAt.find(key); it != packedAt.end()) {
            t->packed = it->second;
            continue;
        }
        packInSlices(*d.ops, *mapping, *t, base + offsetOf[key]);
        packedAt.emplace(key, t->packed);
    }
    // A classifier tied to the embedding: the lookups read the packed copy too.
    for (kernels::Tensor* t : d.weightTensors())
        if (auto it = packedAt.find(keyOf(*t)); !t->packed && it != packedAt.end()) t->packed = it->second;
    return okStatus();
}

Status LlamaModel::placeWeights(const std::atomic<bool>* cancel)
{
    // A tensor-parallel split cuts column slices, which packed groups do not hold.
    if (m_placement.mode == SplitMode::Tensor) {
        std::optional<Error> unreadable;
        m_weights.forEachTensor([&](const TensorSlot&, const kernels::Tensor& t) {
            if (!unreadable && packedInPlace(t)) unreadable = unreadablePacking(t, "a tensor-parallel split");
        });
        if (unreadable) return *unreadable;
    }
    for (auto& dp : m_devices) {
        Device& d = *dp;
        auto inPlace = packedInPlaceBytes(*d.ops, d.weightTensors());
        if (!inPlace) return inPlace.error();
        d.packedInPlaceBytes = *inPlace;
        if (d.ops->deviceKind() == kernels::DeviceKind::Cpu) {
            ENGINE_TRY(packWeights(d, cancel));
            continue;
        }
        const std::vector<kernels::Tensor*> tensors = d.weightTensors();
        std::map<TensorKey, size_t> offsetOf;  // distinct host tensors -> offset in the buffer
        size_t total = 0;
        for (const kernels::Tensor* t : tensors)
            if (offsetOf.emplace(keyOf(*t), total).second) total += alignUp(t->viewBytes(), kWeightAlign);

        const std::string where = d.ops->deviceId();
        const kernels::MemoryInfo memory = d.ops->memory();
        if (total > memory.free)
            return makeError(ErrorCode::OutOfRange,
                             msg("residency.weights_too_large",
                                 {{"share", deviceCount() > 1 ? shareMessage(d.share, m_placement.mode)
                                                              : msg("residency.whole_model")},
                                  {"need", kernels::formatBytes(total)},
                                  {"device", where},
                                  {"free", kernels::formatBytes(memory.free)},
                                  {"total", kernels::formatBytes(memory.total)}}));
        kernels::Reasons why;
        d.weightBuffer = d.ops->allocate(total, why);
        if (!d.weightBuffer)
            return makeError(ErrorCode::OutOfRange,
                             msg("residency.allocate", {{"device", where}, {"reason", kernels::joinReasons(why)}}));

        std::vector<std::vector<uint8_t>> packed;  // host copies of strided views, alive until the uploads finish
        std::map<TensorKey, kernels::Tensor> placed;
        for (kernels::Tensor* t : tensors) {
            // Uploads already queued finish before the buffer they write is freed.
            if (cancelRequested(cancel)) {
                d.ops->synchronize();
                return loadCancelled();
            }
            const TensorKey key = keyOf(*t);
            auto it = placed.find(key);
            if (it == placed.end()) {
                const kernels::Tensor onDevice =
                    kernels::Tensor::in(*d.weightBuffer, offsetOf[key], t->type, t->rows, t->cols);
                const void* src = t->data;
                if (!t->contiguous()) {
                    const size_t rowBytes = kernels::bytesFor(t->type, static_cast<uint64_t>(t->cols));
                    packed.emplace_back(rowBytes * static_cast<size_t>(t->rows));
                    for (int64_t r = 0; r < t->rows; ++r)
                        std::copy_n(t->row(r), rowBytes, packed.back().data() + static_cast<size_t>(r) * rowBytes);
                    src = packed.back().data();
                }
                d.ops->upload(onDevice, src);
                it = placed.emplace(key, onDevice).first;
            }
            *t = it->second;
        }
        d.ops->synchronize();
    }
    return okStatus();
}

}  // namespace engine

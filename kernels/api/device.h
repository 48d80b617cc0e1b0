#pragma once
// The backend interface: a Device owns memory, answers "can you run this op,
// and if not, why", and creates the Ops that compute on it (kernels/api/ops.h:
// each Ops queues its work in order on a stream of its own); a Stream queues
// copies on one device; Events order work across streams. The CPU device is always present; CUDA devices
// appear when the backend is built and a GPU is found (see registry.h).
//
// Failures and refusals are `Reasons`: an empty list means "fine", otherwise
// each entry is one complete sentence meant to be shown to the user as is.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kernels/api/dtype.h"
#include "kernels/api/kv.h"

namespace kernels {

using Reasons = std::vector<std::string>;

inline Reasons because(std::string sentence)
{
    return Reasons{std::move(sentence)};
}

// The sentences one after another, for an error message.
inline std::string joinReasons(const Reasons& reasons)
{
    std::string out;
    for (const std::string& r : reasons) out += (out.empty() ? "" : " ") + r;
    return out;
}

enum class DeviceKind { Cpu, Cuda, Count };
std::string_view deviceKindName(DeviceKind kind);  // "cpu", "cuda"

enum class OpKind { MatMul, RmsNorm, Rope, Softmax, SiluMul, Attention, Embedding, Count };
std::string_view opKindName(OpKind kind);  // "matmul", "rmsnorm", ...

// What an op needs, in enough detail for a backend to accept or refuse it
// before any data moves. Fields an op does not use stay zero.
struct OpDesc {
    OpKind kind = OpKind::MatMul;
    DType weightType = DType::F32;  // MatMul, Embedding: storage type of the weight; else F32
    int64_t tokens = 0;             // activation rows (batch x sequence)
    int64_t inFeatures = 0;         // MatMul: weight cols; row-wise ops: row length; Embedding: model dim
    int64_t outFeatures = 0;        // MatMul: weight rows; Embedding: vocabulary size
    int64_t heads = 0;              // Rope, Attention: query heads
    int64_t kvHeads = 0;            // Attention: key/value heads (grouped-query when < heads)
    int64_t headDim = 0;            // Rope, Attention
    int64_t contextLength = 0;      // Attention: cached positions attended to
    std::optional<KvFormat> kvFormat;  // Attention: the format of the KV cache it reads (none: this pass's rows)

    static OpDesc matMul(DType weight, int64_t tokens, int64_t inFeatures, int64_t outFeatures);
    static OpDesc rowWise(OpKind kind, int64_t tokens, int64_t rowLength);  // RmsNorm, Softmax, SiluMul
    static OpDesc rope(int64_t tokens, int64_t heads, int64_t headDim);
    static OpDesc attention(int64_t tokens, int64_t heads, int64_t kvHeads, int64_t headDim,
                            int64_t contextLength, std::optional<KvFormat> kvFormat = std::nullopt);
    static OpDesc embedding(DType table, int64_t tokens, int64_t vocab, int64_t dim);

    // e.g. "matmul Q4_0 [7 x 4096] x [4096 -> 11008]"
    std::string describe() const;
};

struct MemoryInfo {
    uint64_t total = 0;  // bytes
    uint64_t free = 0;   // bytes the device could still hand out
};

// One line of a device's spec sheet, shown as "key: value".
struct Property {
    std::string key;
    std::string value;
};

class Device;
class Ops;

// A block of device memory. Only CPU buffers may be dereferenced by the host.
class Buffer {
public:
    virtual ~Buffer();
    virtual void* data() = 0;
    virtual const void* data() const = 0;
    virtual size_t size() const = 0;
    virtual Device& device() const = 0;
};

// A point in a stream's work. Recorded on one stream, waited on by others.
class Event {
public:
    virtual ~Event();
    virtual DeviceKind kind() const = 0;
    // Blocks the calling thread until the recorded work has finished.
    virtual Reasons synchronize() = 0;
};

// An ordered queue of copies on one device. Calls may return before the work
// completes; sync() waits for everything queued so far. Host pointers passed
// to upload/download must stay valid until then.
class Stream {
public:
    virtual ~Stream();
    virtual Device& device() const = 0;
    virtual Reasons upload(Buffer& dst, size_t dstOffset, const void* src, size_t bytes) = 0;
    virtual Reasons download(void* dst, const Buffer& src, size_t srcOffset, size_t bytes) = 0;
    virtual Reasons record(Event& event) = 0;
    virtual Reasons wait(Event& event) = 0;
    virtual Reasons sync() = 0;
};

class Device {
public:
    virtual ~Device();
    virtual std::string name() const = 0;
    virtual DeviceKind kind() const = 0;
    virtual int index() const = 0;  // position among the devices of its kind
    virtual MemoryInfo memory() const = 0;
    virtual std::vector<Property> properties() const = 0;
    virtual Reasons supports(const OpDesc& op) const = 0;
    virtual std::unique_ptr<Stream> createStream() = 0;
    virtual std::unique_ptr<Event> createEvent() = 0;
    // nullptr with the reason in `why` when the memory cannot be had.
    virtual std::unique_ptr<Buffer> allocate(size_t bytes, Reasons& why) = 0;
    // The compute ops the model runs on this device (`threads` where the
    // device uses host threads); nullptr with the reason when it has none.
    virtual std::unique_ptr<Ops> createOps(int threads, Reasons& why) = 0;
    // Memory bandwidth in GB/s (1e9 bytes per second), the roof of decode
    // (every weight read once per token): the datasheet figure where the
    // device reports one (a GPU: memory clock x bus width; 0 otherwise), and
    // one measured now (`threads` where the device reads with host threads).
    virtual double peakBandwidthGBs() const { return 0.0; }
    virtual double measureBandwidthGBs(int threads) = 0;

    std::string id() const;                            // "cpu:0", "cuda:1"
    std::string property(std::string_view key) const;  // "" when absent
};

// For Stream implementations: empty when [offset, offset + bytes) lies inside
// the buffer, else a sentence naming the copy (`what`, e.g. "upload").
Reasons checkBufferRange(const Buffer& buffer, size_t offset, size_t bytes, std::string_view what);

std::string formatBytes(uint64_t bytes);  // "15.6 GiB", "512 MiB", "12 KiB", "80 B"

}  // namespace kernels

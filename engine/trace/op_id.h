#pragma once
// What a traced span is: one id per op the engine records, with its display
// name, its tracer category and the part of the model it belongs to. Spans
// carry the id (and the layer), so a chart groups them by `part` without
// reading names back.
#include <cstdint>

namespace engine {

enum class SpanCategory {
    Embedding,
    Attention,
    Matmul,  // every weight matmul and the MLP activation (silu * up)
    Norm,
    Kv,
    Sampling,
    Communication,
    Other,
    Count
};
const char* spanCategoryName(SpanCategory category);

// The part of the model an op works for (the workbench's op categories).
enum class OpPart { Embedding, Attention, Mlp, Norm, Kv, Sampling, Communication, Output, Other, Count };

enum class OpId : uint16_t {
    Embed,
    NormAttn,
    MatmulQ,
    MatmulK,
    MatmulV,
    BiasQkv,
    Rope,
    KvWrite,
    Attention,
    MatmulAttnOut,
    AddResidual,
    NormFfn,
    MatmulGate,
    MatmulUp,
    SiluMul,
    GeluMul,
    MatmulDown,
    NormPostAttn,
    NormQk,
    NormPostFfn,
    ScaleEmbed,
    SoftcapLogits,
    SelectRows,
    NormOutput,
    MatmulLogits,
    AllReduce,
    SendActivations,
    AllGatherLogits,
    KvReserve,
    KvAdmit,
    KvRelease,
    KvPreempt,
    Sample,
    Other,
    Count
};

// What a span records. Host ops run on a CPU thread (the tracer's thread
// lanes); kernels, copies and memsets run on a GPU stream (the device's
// stream lanes); runtime API calls and synchronisations are host-side calls
// into the CUDA runtime, made inside the op that launched them.
enum class SpanKind : uint8_t { HostOp, Kernel, Memcpy, Memset, RuntimeApi, Synchronization, Count };
const char* spanKindName(SpanKind kind);
// Kernels, copies and memsets: work that ran on a device stream.
inline bool runsOnDevice(SpanKind kind)
{
    return kind == SpanKind::Kernel || kind == SpanKind::Memcpy || kind == SpanKind::Memset;
}

struct OpInfo {
    const char* name;  // "matmul attn_q"
    SpanCategory category;
    OpPart part;
};

const OpInfo& opInfo(OpId op);
// The op whose opInfo name is `name` ("matmul attn_q"), OpId::Count when none:
// how a saved trace's names become ops again.
OpId opIdFromName(const char* name);

}  // namespace engine

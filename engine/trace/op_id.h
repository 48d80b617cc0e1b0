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

struct OpInfo {
    const char* name;  // "matmul attn_q"
    SpanCategory category;
    OpPart part;
};

const OpInfo& opInfo(OpId op);

}  // namespace engine

#include "engine/trace/op_id.h"
#include <cstddef>
#include <cstring>

namespace engine {

namespace {

constexpr OpInfo kOps[] = {
    {"embed", SpanCategory::Embedding, OpPart::Embedding},
    {"rmsnorm attn", SpanCategory::Norm, OpPart::Norm},
    {"matmul attn_q", SpanCategory::Matmul, OpPart::Attention},
    {"matmul attn_k", SpanCategory::Matmul, OpPart::Attention},
    {"matmul attn_v", SpanCategory::Matmul, OpPart::Attention},
    {"bias qkv", SpanCategory::Other, OpPart::Attention},
    {"rope", SpanCategory::Attention, OpPart::Attention},
    {"kv write", SpanCategory::Kv, OpPart::Kv},
    {"attention", SpanCategory::Attention, OpPart::Attention},
    {"matmul attn_output", SpanCategory::Matmul, OpPart::Attention},
    {"add residual", SpanCategory::Other, OpPart::Other},
    {"rmsnorm ffn", SpanCategory::Norm, OpPart::Norm},
    {"matmul ffn_gate", SpanCategory::Matmul, OpPart::Mlp},
    {"matmul ffn_up", SpanCategory::Matmul, OpPart::Mlp},
    {"silu_mul", SpanCategory::Matmul, OpPart::Mlp},
    {"gelu_mul", SpanCategory::Matmul, OpPart::Mlp},
    {"matmul ffn_down", SpanCategory::Matmul, OpPart::Mlp},
    {"rmsnorm post-attention", SpanCategory::Norm, OpPart::Norm},
    {"rmsnorm q/k", SpanCategory::Norm, OpPart::Norm},
    {"rmsnorm post-ffn", SpanCategory::Norm, OpPart::Norm},
    {"scale embedding", SpanCategory::Embedding, OpPart::Embedding},
    {"softcap logits", SpanCategory::Other, OpPart::Output},
    {"select rows", SpanCategory::Other, OpPart::Output},
    {"rmsnorm output", SpanCategory::Norm, OpPart::Output},
    {"matmul logits", SpanCategory::Matmul, OpPart::Output},
    {"all-reduce", SpanCategory::Communication, OpPart::Communication},
    {"send activations", SpanCategory::Communication, OpPart::Communication},
    {"all-gather logits", SpanCategory::Communication, OpPart::Communication},
    {"kv reserve", SpanCategory::Kv, OpPart::Kv},
    {"kv admit", SpanCategory::Kv, OpPart::Kv},
    {"kv release", SpanCategory::Kv, OpPart::Kv},
    {"kv preempt", SpanCategory::Kv, OpPart::Kv},
    {"sample", SpanCategory::Sampling, OpPart::Sampling},
    {"op", SpanCategory::Other, OpPart::Other},
};
static_assert(sizeof(kOps) / sizeof(kOps[0]) == static_cast<size_t>(OpId::Count), "one entry per OpId");

}  // namespace

const char* spanKindName(SpanKind kind)
{
    switch (kind) {
    case SpanKind::HostOp: return "op";
    case SpanKind::Kernel: return "kernel";
    case SpanKind::Memcpy: return "memcpy";
    case SpanKind::Memset: return "memset";
    case SpanKind::RuntimeApi: return "cuda_api";
    case SpanKind::Synchronization: return "synchronization";
    case SpanKind::Count: break;
    }
    return "?";
}

const OpInfo& opInfo(OpId op)
{
    const auto i = static_cast<size_t>(op);
    return kOps[i < static_cast<size_t>(OpId::Count) ? i : static_cast<size_t>(OpId::Other)];
}

OpId opIdFromName(const char* name)
{
    if (!name) return OpId::Count;
    for (size_t i = 0; i < static_cast<size_t>(OpId::Count); ++i)
        if (std::strcmp(kOps[i].name, name) == 0) return static_cast<OpId>(i);
    return OpId::Count;
}

}  // namespace engine

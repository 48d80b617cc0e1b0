#pragma once
// The argument checks every backend's ops run before touching memory: each
// tensor on the backend's kind of device, of the dtype and shape the op
// needs. A failed check throws std::logic_error "op: what is wrong", naming
// the tensor, so a mismatched call is refused before a kernel reads out of
// bounds. One place for every backend (HostOps, the CUDA ops).
#include <cstdint>
#include <string>

#include "kernels/api/ops.h"

namespace kernels {

class OpChecks {
public:
    explicit OpChecks(DeviceKind kind) : m_kind(kind) {}

    [[noreturn]] static void refuse(const char* op, const std::string& why);

    // `t` lies in the memory of this kind of device.
    void on(const char* op, const char* role, const Tensor& t) const;
    // A contiguous tensor of `type` on this device with the given shape (-1: any).
    void require(const char* op, const char* role, const Tensor& t, DType type, int64_t rows, int64_t cols) const;
    // Two contiguous F32 tensors of one shape: `a` any, `b` like it.
    void requireAlike(const char* op, const char* aRole, const Tensor& a, const char* bRole, const Tensor& b) const;
    // The query side of an attention: q and out of one shape, a position per row.
    void requireQueries(const char* op, const Tensor& out, const Tensor& q, const Tensor& positions,
                        const AttentionShape& shape) const;
    static void requireKv(const char* op, const KvRows& kv, const AttentionShape& shape);
    // Rotary embedding of heads of headDim over rows of x.
    void requireRope(const Tensor& x, int64_t headDim, const Tensor& positions, const RopeParams& params) const;

private:
    DeviceKind m_kind;
};

}  // namespace kernels

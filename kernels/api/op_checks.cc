#include "kernels/api/op_checks.h"

#include <stdexcept>

namespace kernels {

void OpChecks::refuse(const char* op, const std::string& why)
{
    throw std::logic_error(std::string(op) + ": " + why);
}

void OpChecks::on(const char* op, const char* role, const Tensor& t) const
{
    if (t.deviceKind() != m_kind)
        refuse(op, std::string(role) + " is " + describeTensor(t) + ", not in " + std::string(deviceKindName(m_kind)) +
                       " memory");
}

void OpChecks::require(const char* op, const char* role, const Tensor& t, DType type, int64_t rows,
                       int64_t cols) const
{
    on(op, role, t);
    const bool ok = t.type == type && t.contiguous() && (rows < 0 || t.rows == rows) && (cols < 0 || t.cols == cols) &&
                    (t.data || t.elements() == 0);
    if (!ok)
        refuse(op, std::string(role) + " is " + describeTensor(t) + ", expected contiguous " +
                       std::string(dtypeName(type)) + " [" + (rows < 0 ? "*" : std::to_string(rows)) + " x " +
                       (cols < 0 ? "*" : std::to_string(cols)) + "]");
}

void OpChecks::requireAlike(const char* op, const char* aRole, const Tensor& a, const char* bRole,
                            const Tensor& b) const
{
    require(op, aRole, a, DType::F32, -1, -1);
    require(op, bRole, b, DType::F32, a.rows, a.cols);
}

void OpChecks::requireQueries(const char* op, const Tensor& out, const Tensor& q, const Tensor& positions,
                              const AttentionShape& s) const
{
    require(op, "q", q, DType::F32, -1, -1);
    if (s.heads <= 0 || s.kvHeads <= 0 || s.headDim <= 0 || s.heads % s.kvHeads != 0 || q.cols != s.heads * s.headDim)
        refuse(op, "attention of " + std::to_string(s.heads) + " heads over " + std::to_string(s.kvHeads) +
                       " kv heads of " + std::to_string(s.headDim) + " does not fit q " + describeTensor(q));
    require(op, "out", out, DType::F32, q.rows, q.cols);
    require(op, "positions", positions, DType::I32, q.rows, 1);
}

void OpChecks::requireKv(const char* op, const KvRows& kv, const AttentionShape& s)
{
    if (kv.kvHeads != s.kvHeads || kv.headDim != s.headDim || !kv.data || !kv.blockTable || kv.blockTokens <= 0)
        refuse(op, "the cache rows hold " + std::to_string(kv.kvHeads) + " kv heads of " +
                       std::to_string(kv.headDim) + ", expected " + std::to_string(s.kvHeads) + " of " +
                       std::to_string(s.headDim));
}

void OpChecks::requireRope(const Tensor& x, int64_t headDim, const Tensor& positions, const RopeParams& params) const
{
    require("rope", "x", x, DType::F32, -1, -1);
    require("rope", "positions", positions, DType::I32, x.rows, 1);
    if (headDim <= 0 || x.cols % headDim != 0 || params.rotDim > headDim || params.rotDim % 2 != 0)
        refuse("rope", "rows of " + std::to_string(x.cols) + " values do not hold heads of " + std::to_string(headDim) +
                           " rotated over " + std::to_string(params.rotDim));
    if (!params.factors.empty()) require("rope", "factors", params.factors, DType::F32, 1, params.rotDim / 2);
}

}  // namespace kernels

#include "kernels/api/host_ops.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "kernels/api/op_checks.h"
#include "kernels/api/registry.h"

namespace kernels {
namespace {

const OpChecks kHost(DeviceKind::Cpu);

[[noreturn]] void refuse(const char* op, const std::string& why)
{
    OpChecks::refuse(op, why);
}

void requireHost(const char* op, const char* role, const Tensor& t)
{
    kHost.on(op, role, t);
}

void require(const char* op, const char* role, const Tensor& t, DType type, int64_t rows, int64_t cols)
{
    kHost.require(op, role, t, type, rows, cols);
}

void requireAlike(const char* op, const char* aRole, const Tensor& a, const char* bRole, const Tensor& b)
{
    kHost.requireAlike(op, aRole, a, bRole, b);
}

}  // namespace

std::string HostOps::deviceId() const
{
    return Registry::instance().cpu().id();
}

MemoryInfo HostOps::memory() const
{
    return Registry::instance().cpu().memory();
}

std::unique_ptr<Buffer> HostOps::allocate(size_t bytes, Reasons& why) const
{
    return Registry::instance().cpu().allocate(bytes, why);
}

void HostOps::upload(const Tensor& dst, const void* src) const
{
    requireHost("upload", "dst", dst);
    if (!dst.contiguous()) refuse("upload", "dst " + describeTensor(dst) + " is not contiguous");
    if (dst.data != src && dst.viewBytes()) std::memmove(dst.f32Out(), src, dst.viewBytes());
}

void HostOps::download(void* dst, const Tensor& src) const
{
    requireHost("download", "src", src);
    if (!src.contiguous()) refuse("download", "src " + describeTensor(src) + " is not contiguous");
    if (dst != src.data && src.viewBytes()) std::memmove(dst, src.data, src.viewBytes());
}

void HostOps::matmul(const Tensor& w, const Tensor& x, const Tensor& y) const
{
    requireHost("matmul", "w", w);
    require("matmul", "x", x, DType::F32, -1, w.cols);
    require("matmul", "y", y, DType::F32, x.rows, w.rows);
    hostMatmul(w, x.f32(), x.rows, y.f32Out());
}

void HostOps::rmsnorm(const Tensor& out, const Tensor& x, const Tensor& weight, float eps) const
{
    require("rmsnorm", "x", x, DType::F32, -1, -1);
    require("rmsnorm", "out", out, DType::F32, x.rows, x.cols);
    require("rmsnorm", "weight", weight, DType::F32, 1, x.cols);
    hostRmsnorm(out.f32Out(), x.f32(), weight.f32(), x.rows, x.cols, eps);
}

void HostOps::rope(const Tensor& x, int64_t headDim, const Tensor& positions, const RopeParams& params) const
{
    kHost.requireRope(x, headDim, positions, params);
    hostRope(x.f32Out(), x.rows, x.cols / headDim, headDim, positions.i32(), params);
}

void HostOps::siluMul(const Tensor& gate, const Tensor& up) const
{
    requireAlike("siluMul", "gate", gate, "up", up);
    hostSiluMul(gate.f32Out(), up.f32(), gate.elements());
}

void HostOps::geluMul(const Tensor& gate, const Tensor& up) const
{
    requireAlike("geluMul", "gate", gate, "up", up);
    hostGeluMul(gate.f32Out(), up.f32(), gate.elements());
}

void HostOps::hostGeluMul(float* gate, const float* up, int64_t n) const
{
    ref::geluMul(gate, up, n);
}

void HostOps::scale(const Tensor& x, float factor) const
{
    require("scale", "x", x, DType::F32, -1, -1);
    float* v = x.f32Out();
    for (int64_t i = 0; i < x.elements(); ++i) v[i] *= factor;
}

void HostOps::softcap(const Tensor& x, float cap) const
{
    require("softcap", "x", x, DType::F32, -1, -1);
    if (!(cap > 0.0f)) refuse("softcap", "the cap must be positive, got " + std::to_string(cap));
    float* v = x.f32Out();
    for (int64_t i = 0; i < x.elements(); ++i) v[i] = cap * std::tanh(v[i] / cap);
}

void HostOps::softmax(const Tensor& x) const
{
    require("softmax", "x", x, DType::F32, -1, -1);
    for (int64_t r = 0; r < x.rows; ++r) hostSoftmax(x.f32Out() + r * x.cols, x.cols);
}

void HostOps::addBias(const Tensor& x, const Tensor& bias) const
{
    require("addBias", "x", x, DType::F32, -1, -1);
    require("addBias", "bias", bias, DType::F32, 1, x.cols);
    hostAddBias(x.f32Out(), bias.f32(), x.rows, x.cols);
}

void HostOps::add(const Tensor& acc, const Tensor& x) const
{
    requireAlike("add", "acc", acc, "x", x);
    hostAdd(acc.f32Out(), x.f32(), acc.elements());
}

void HostOps::copyRows(const Tensor& dst, const Tensor& src) const
{
    requireAlike("copyRows", "src", src, "dst", dst);
    std::copy_n(src.f32(), src.elements(), dst.f32Out());
}

void HostOps::embedRows(const Tensor& table, const Tensor& ids, const Tensor& out) const
{
    requireHost("embedRows", "table", table);
    require("embedRows", "ids", ids, DType::I32, -1, 1);
    require("embedRows", "out", out, DType::F32, ids.rows, table.cols);
    hostEmbedRows(table, ids.i32(), ids.rows, out.f32Out());
}

void HostOps::attention(const Tensor& out, const Tensor& q, const Tensor& positions, const Tensor& keys,
                        const Tensor& values, const AttentionShape& shape) const
{
    kHost.requireQueries("attention", out, q, positions, shape);
    require("attention", "keys", keys, DType::F32, -1, shape.kvHeads * shape.headDim);
    require("attention", "values", values, DType::F32, keys.rows, keys.cols);
    for (int64_t t = 0; t < q.rows; ++t)
        if (positions.i32()[t] < 0 || positions.i32()[t] >= keys.rows)
            refuse("attention", "position " + std::to_string(positions.i32()[t]) + " is outside the " +
                                    std::to_string(keys.rows) + " key rows");
    hostAttention(out.f32Out(), q.f32(), q.rows, positions.i32(), keys.f32(), values.f32(), shape);
}

void HostOps::kvWrite(const KvRows& dst, int64_t startPos, const Tensor& src) const
{
    require("kvWrite", "src", src, DType::F32, -1, dst.kvHeads * dst.headDim);
    for (int64_t t = 0; t < src.rows; ++t)
        ref::encodeKvRow(dst.format, src.f32() + t * src.cols, dst.row(startPos + t), dst.kvHeads, dst.headDim);
}

void HostOps::kvRead(const KvRows& src, const Tensor& dst) const
{
    require("kvRead", "dst", dst, DType::F32, -1, src.kvHeads * src.headDim);
    for (int64_t p = 0; p < dst.rows; ++p)
        ref::decodeKvRow(src.format, src.row(p), dst.f32Out() + p * dst.cols, src.kvHeads, src.headDim);
}

void HostOps::attentionCached(const Tensor& out, const Tensor& q, const Tensor& positions, const KvRows& keys,
                              const KvRows& values, const AttentionShape& shape) const
{
    kHost.requireQueries("attentionCached", out, q, positions, shape);
    OpChecks::requireKv("attentionCached", keys, shape);
    OpChecks::requireKv("attentionCached", values, shape);
    if (q.rows == 0) return;
    hostAttentionCached(out.f32Out(), q.f32(), q.rows, positions.i32(), keys, values, shape);
}

void HostOps::hostAttentionCached(float* out, const float* q, int64_t nTokens, const int32_t* positions,
                                  const KvRows& keys, const KvRows& values, const AttentionShape& shape) const
{
    int64_t len = 0;
    for (int64_t t = 0; t < nTokens; ++t) len = std::max<int64_t>(len, positions[t] + 1);
    const int64_t width = shape.kvHeads * shape.headDim;
    std::vector<float> k(static_cast<size_t>(len * width)), v(k.size());
    for (int64_t p = 0; p < len; ++p) {
        ref::decodeKvRow(keys.format, keys.row(p), k.data() + p * width, keys.kvHeads, keys.headDim);
        ref::decodeKvRow(values.format, values.row(p), v.data() + p * width, values.kvHeads, values.headDim);
    }
    hostAttention(out, q, nTokens, positions, k.data(), v.data(), shape);
}

void HostOps::hostAddBias(float* x, const float* bias, int64_t nRows, int64_t n) const
{
    for (int64_t r = 0; r < nRows; ++r)
        for (int64_t i = 0; i < n; ++i) x[r * n + i] += bias[i];
}

void HostOps::hostAdd(float* acc, const float* x, int64_t n) const
{
    for (int64_t i = 0; i < n; ++i) acc[i] += x[i];
}

void HostOps::hostEmbedRows(const Tensor& table, const int32_t* ids, int64_t nTokens, float* out) const
{
    for (int64_t t = 0; t < nTokens; ++t) {
        float* row = out + t * table.cols;
        if (ids[t] < 0 || ids[t] >= table.rows) std::fill(row, row + table.cols, 0.0f);
        else ref::dequantizeRow(table.type, table.row(ids[t]), row, table.cols);
    }
}

}  // namespace kernels

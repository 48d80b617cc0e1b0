#include "kernels/cuda/cuda_ops.h"

#include <algorithm>
#include <stdexcept>

#include "kernels/cuda/cuda_libraries.h"
#include "kernels/cuda/launch.h"

namespace kernels::cuda {

namespace {

// Weight tiles of a cuBLAS GEMM are dequantized into at most this much scratch.
constexpr size_t kTileBytes = size_t(64) << 20;

WeightView viewOf(const Tensor& w)
{
    return WeightView{w.type, static_cast<const uint8_t*>(w.data), w.rows, w.cols, w.rowBytes};
}

int64_t floatsApart(const Tensor& t)
{
    return static_cast<int64_t>(t.rowBytes / sizeof(float));
}

}  // namespace

std::unique_ptr<CudaOps> CudaOps::create(CudaDevice& device, Reasons& why)
{
    DeviceGuard guard(device.index());
    cudaStream_t stream = nullptr;
    if (const cudaError_t err = cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking); err != cudaSuccess) {
        why = because("Creating a stream on " + device.id() + " failed (" + errorText(err) + ").");
        return nullptr;
    }
    cublasHandle_t cublas = nullptr;
    if (const cublasStatus_t status = cublasCreate(&cublas); status != CUBLAS_STATUS_SUCCESS) {
        cudaStreamDestroy(stream);
        why = because("Creating a cuBLAS handle on " + device.id() + " failed (" + cublasGetStatusString(status) +
                      ").");
        return nullptr;
    }
    cublasSetStream(cublas, stream);
    return std::unique_ptr<CudaOps>(new CudaOps(device, stream, cublas));
}

CudaOps::CudaOps(CudaDevice& device, cudaStream_t stream, cublasHandle_t cublas)
    : m_device(device), m_stream(stream), m_cublas(cublas)
{
}

CudaOps::~CudaOps()
{
    DeviceGuard guard(m_device.index());
    cudaStreamSynchronize(m_stream);
    m_scratch.reset();
    cublasDestroy(m_cublas);
    cudaStreamDestroy(m_stream);
}

std::unique_ptr<Buffer> CudaOps::allocate(size_t bytes, Reasons& why) const
{
    return m_device.allocate(bytes, why);
}

void CudaOps::checkLaunch(const char* op) const
{
    const cudaError_t err = cudaGetLastError();
    if (err != cudaSuccess)
        throw std::runtime_error(std::string(op) + " on " + m_device.id() + " failed: " + errorText(err));
}

void CudaOps::upload(const Tensor& dst, const void* src) const
{
    m_checks.on("upload", "dst", dst);
    if (!dst.contiguous()) OpChecks::refuse("upload", "dst " + describeTensor(dst) + " is not contiguous");
    DeviceGuard guard(m_device.index());
    cudaMemcpyAsync(dst.f32Out(), src, dst.viewBytes(), cudaMemcpyHostToDevice, m_stream);
    checkLaunch("upload");
}

void CudaOps::download(void* dst, const Tensor& src) const
{
    m_checks.on("download", "src", src);
    if (!src.contiguous()) OpChecks::refuse("download", "src " + describeTensor(src) + " is not contiguous");
    DeviceGuard guard(m_device.index());
    cudaMemcpyAsync(dst, src.data, src.viewBytes(), cudaMemcpyDeviceToHost, m_stream);
    checkLaunch("download");
}

void CudaOps::synchronize() const
{
    DeviceGuard guard(m_device.index());
    const cudaError_t err = cudaStreamSynchronize(m_stream);
    if (err != cudaSuccess)
        throw std::runtime_error("the queued work on " + m_device.id() + " failed: " + errorText(err));
}

void* CudaOps::scratch(size_t bytes) const
{
    std::lock_guard lock(m_scratchMutex);
    if (!m_scratch || m_scratch->size() < bytes) {
        synchronize();  // the old scratch may still be read by queued work
        m_scratch.reset();
        Reasons why;
        m_scratch = m_device.allocate(bytes, why);
        if (!m_scratch) throw std::runtime_error("matmul scratch: " + joinReasons(why));
    }
    return m_scratch->data();
}

void CudaOps::requireWeight(const char* op, const Tensor& w) const
{
    m_checks.on(op, "w", w);
    if (!decodesType(w.type))
        OpChecks::refuse(op, "the CUDA backend has no kernel for " + std::string(dtypeName(w.type)) + " weights");
}

void CudaOps::matmul(const Tensor& w, const Tensor& x, const Tensor& y) const
{
    requireWeight("matmul", w);
    m_checks.require("matmul", "x", x, DType::F32, -1, w.cols);
    m_checks.require("matmul", "y", y, DType::F32, x.rows, w.rows);
    if (x.rows == 0 || w.rows == 0) return;
    DeviceGuard guard(m_device.index());
    if (x.rows <= kGemvMaxTokens) {
        launchGemv(viewOf(w), x.f32(), floatsApart(x), x.rows, y.f32Out(), floatsApart(y), m_stream);
        checkLaunch("matmul");
        return;
    }
    gemm(w, x, y);
}

// Row-major y (T x R) = x (T x C) W^T is, column-major, y^T (R x T) = W (R x C)
// x^T: cuBLAS's op(A) = A^T on the row-major weight (a C x R column-major
// matrix), B = x^T (C x T column-major, x as it is).
void CudaOps::gemm(const Tensor& w, const Tensor& x, const Tensor& y) const
{
    const float one = 1.0f, zero = 0.0f;
    const int T = static_cast<int>(x.rows), C = static_cast<int>(w.cols);
    const auto check = [&](cublasStatus_t status) {
        if (status != CUBLAS_STATUS_SUCCESS)
            throw std::runtime_error("matmul on " + m_device.id() + ": cuBLAS failed (" +
                                     cublasGetStatusString(status) + ")");
    };
    if (w.type == DType::F32) {
        check(cublasSgemm(m_cublas, CUBLAS_OP_T, CUBLAS_OP_N, static_cast<int>(w.rows), T, C, &one, w.f32(),
                          static_cast<int>(floatsApart(w)), x.f32(), static_cast<int>(floatsApart(x)), &zero,
                          y.f32Out(), static_cast<int>(floatsApart(y))));
        return;
    }
    const bool half = w.type != DType::BF16;  // BF16 has more range than half: dequantized to F32
    const size_t elementBytes = half ? 2 : 4;
    const size_t xBytes = half ? static_cast<size_t>(T) * static_cast<size_t>(C) * 2 : 0;
    const int64_t tileRows = std::max<int64_t>(1, std::min<int64_t>(w.rows, kTileBytes / (static_cast<size_t>(C) * elementBytes)));
    const bool inPlace = w.type == DType::F16;  // read as it is, no tile
    const size_t tileBytes = inPlace ? 0 : static_cast<size_t>(tileRows) * static_cast<size_t>(C) * elementBytes;
    auto* base = static_cast<uint8_t*>(scratch(xBytes + tileBytes + 256));
    void* xHalf = base;
    void* tile = base + ((xBytes + 255) / 256) * 256;
    if (half) {
        if (!x.contiguous()) OpChecks::refuse("matmul", "x " + describeTensor(x) + " is not contiguous");
        launchToHalf(x.f32(), xHalf, x.elements(), m_stream);
    }
    for (int64_t r0 = 0; r0 < w.rows; r0 += inPlace ? w.rows : tileRows) {
        const int64_t r1 = inPlace ? w.rows : std::min(w.rows, r0 + tileRows);
        const int rows = static_cast<int>(r1 - r0);
        const void* a = w.data;
        int lda = static_cast<int>(w.rowBytes / 2);
        if (!inPlace) {
            launchDequantRows(viewOf(w), r0, r1, tile, half, m_stream);
            a = tile;
            lda = C;
        }
        float* out = y.f32Out() + r0;
        if (half)
            check(cublasGemmEx(m_cublas, CUBLAS_OP_T, CUBLAS_OP_N, rows, T, C, &one, a, CUDA_R_16F, lda, xHalf,
                               CUDA_R_16F, C, &zero, out, CUDA_R_32F, static_cast<int>(floatsApart(y)),
                               CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT));
        else
            check(cublasSgemm(m_cublas, CUBLAS_OP_T, CUBLAS_OP_N, rows, T, C, &one, static_cast<const float*>(a), lda,
                              x.f32(), static_cast<int>(floatsApart(x)), &zero, out,
                              static_cast<int>(floatsApart(y))));
    }
    checkLaunch("matmul");
}

void CudaOps::rmsnorm(const Tensor& out, const Tensor& x, const Tensor& weight, float eps) const
{
    m_checks.require("rmsnorm", "x", x, DType::F32, -1, -1);
    m_checks.require("rmsnorm", "out", out, DType::F32, x.rows, x.cols);
    m_checks.require("rmsnorm", "weight", weight, DType::F32, 1, x.cols);
    DeviceGuard guard(m_device.index());
    launchRmsnorm(out.f32Out(), x.f32(), weight.f32(), x.rows, x.cols, eps, m_stream);
    checkLaunch("rmsnorm");
}

void CudaOps::rope(const Tensor& x, int64_t headDim, const Tensor& positions, const RopeParams& params) const
{
    m_checks.requireRope(x, headDim, positions, params);
    RopeArgs args;
    args.rotDim = params.rotDim;
    args.freqBase = params.freqBase;
    args.freqScale = params.freqScale;
    args.factors = params.factors.empty() ? nullptr : params.factors.f32();
    args.halfSplit = params.pairing == RopePairing::HalfSplit;
    DeviceGuard guard(m_device.index());
    launchRope(x.f32Out(), x.rows, x.cols / headDim, headDim, positions.i32(), args, m_stream);
    checkLaunch("rope");
}

void CudaOps::siluMul(const Tensor& gate, const Tensor& up) const
{
    m_checks.requireAlike("siluMul", "gate", gate, "up", up);
    DeviceGuard guard(m_device.index());
    launchGateMul(Gate::Silu, gate.f32Out(), up.f32(), gate.elements(), m_stream);
    checkLaunch("siluMul");
}

void CudaOps::geluMul(const Tensor& gate, const Tensor& up) const
{
    m_checks.requireAlike("geluMul", "gate", gate, "up", up);
    DeviceGuard guard(m_device.index());
    launchGateMul(Gate::Gelu, gate.f32Out(), up.f32(), gate.elements(), m_stream);
    checkLaunch("geluMul");
}

void CudaOps::scale(const Tensor& x, float factor) const
{
    m_checks.require("scale", "x", x, DType::F32, -1, -1);
    DeviceGuard guard(m_device.index());
    launchScale(x.f32Out(), x.elements(), factor, m_stream);
    checkLaunch("scale");
}

void CudaOps::softcap(const Tensor& x, float cap) const
{
    m_checks.require("softcap", "x", x, DType::F32, -1, -1);
    if (!(cap > 0.0f)) OpChecks::refuse("softcap", "the cap must be positive, got " + std::to_string(cap));
    DeviceGuard guard(m_device.index());
    launchSoftcap(x.f32Out(), x.elements(), cap, m_stream);
    checkLaunch("softcap");
}

void CudaOps::softmax(const Tensor& x) const
{
    m_checks.require("softmax", "x", x, DType::F32, -1, -1);
    DeviceGuard guard(m_device.index());
    launchSoftmax(x.f32Out(), x.rows, x.cols, m_stream);
    checkLaunch("softmax");
}

void CudaOps::addBias(const Tensor& x, const Tensor& bias) const
{
    m_checks.require("addBias", "x", x, DType::F32, -1, -1);
    m_checks.require("addBias", "bias", bias, DType::F32, 1, x.cols);
    DeviceGuard guard(m_device.index());
    launchAddBias(x.f32Out(), bias.f32(), x.rows, x.cols, m_stream);
    checkLaunch("addBias");
}

void CudaOps::add(const Tensor& acc, const Tensor& x) const
{
    m_checks.requireAlike("add", "acc", acc, "x", x);
    DeviceGuard guard(m_device.index());
    launchAdd(acc.f32Out(), x.f32(), acc.elements(), m_stream);
    checkLaunch("add");
}

void CudaOps::copyRows(const Tensor& dst, const Tensor& src) const
{
    m_checks.requireAlike("copyRows", "src", src, "dst", dst);
    DeviceGuard guard(m_device.index());
    cudaMemcpyAsync(dst.f32Out(), src.f32(), src.viewBytes(), cudaMemcpyDeviceToDevice, m_stream);
    checkLaunch("copyRows");
}

void CudaOps::embedRows(const Tensor& table, const Tensor& ids, const Tensor& out) const
{
    requireWeight("embedRows", table);
    m_checks.require("embedRows", "ids", ids, DType::I32, -1, 1);
    m_checks.require("embedRows", "out", out, DType::F32, ids.rows, table.cols);
    DeviceGuard guard(m_device.index());
    launchEmbed(viewOf(table), ids.i32(), ids.rows, out.f32Out(), m_stream);
    checkLaunch("embedRows");
}

namespace {

AttentionArgs argsOf(const AttentionShape& s)
{
    return AttentionArgs{s.heads, s.kvHeads, s.headDim, s.scoreScale(), s.softcap, s.window};
}

void requireHeadDim(const char* op, const AttentionShape& s)
{
    if (s.headDim > maxAttentionHeadDim())
        OpChecks::refuse(op, "heads of " + std::to_string(s.headDim) + " values are larger than the " +
                                 std::to_string(maxAttentionHeadDim()) + " the CUDA attention takes");
}

}  // namespace

void CudaOps::attention(const Tensor& out, const Tensor& q, const Tensor& positions, const Tensor& keys,
                        const Tensor& values, const AttentionShape& shape) const
{
    m_checks.requireQueries("attention", out, q, positions, shape);
    requireHeadDim("attention", shape);
    m_checks.require("attention", "keys", keys, DType::F32, -1, shape.kvHeads * shape.headDim);
    m_checks.require("attention", "values", values, DType::F32, keys.rows, keys.cols);
    DeviceGuard guard(m_device.index());
    launchAttention(out.f32Out(), q.f32(), q.rows, positions.i32(), keys.f32(), values.f32(), keys.cols,
                    argsOf(shape), m_stream);
    checkLaunch("attention");
}

void CudaOps::kvWrite(const KvRows& dst, int64_t startPos, const Tensor& src) const
{
    m_checks.require("kvWrite", "src", src, DType::F32, -1, dst.kvHeads * dst.headDim);
    DeviceGuard guard(m_device.index());
    launchKvWrite(dst, startPos, src.f32(), src.rows, m_stream);
    checkLaunch("kvWrite");
}

void CudaOps::kvRead(const KvRows& src, const Tensor& dst) const
{
    m_checks.require("kvRead", "dst", dst, DType::F32, -1, src.kvHeads * src.headDim);
    DeviceGuard guard(m_device.index());
    launchKvRead(src, dst.f32Out(), dst.rows, m_stream);
    checkLaunch("kvRead");
}

void CudaOps::attentionCached(const Tensor& out, const Tensor& q, const Tensor& positions, const KvRows& keys,
                              const KvRows& values, const AttentionShape& shape) const
{
    m_checks.requireQueries("attentionCached", out, q, positions, shape);
    OpChecks::requireKv("attentionCached", keys, shape);
    OpChecks::requireKv("attentionCached", values, shape);
    requireHeadDim("attentionCached", shape);
    DeviceGuard guard(m_device.index());
    launchAttentionCached(out.f32Out(), q.f32(), q.rows, positions.i32(), keys, values, argsOf(shape), m_stream);
    checkLaunch("attentionCached");
}

}  // namespace kernels::cuda

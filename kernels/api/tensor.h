#pragma once
// Tensor: what an op reads and writes. A view, never an owner: `rows` rows of
// `cols` values of `type`, rows `rowBytes` apart, the first at `data`, an
// address in the memory of the device that holds the tensor (a host pointer
// on the CPU, a device pointer on a GPU). `buffer` is the allocation it lies
// in (its device, and the offset of the view inside it); nullptr marks host
// memory no Buffer owns: the model file's mapping or a caller's array.
//
// Vectors are one row (norm weights, biases); token-indexed activations have
// one row per token; weight matrices have one row per output feature, stored
// in `type` blocks (ggml order: ne0 = cols, ne1 = rows).
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "kernels/api/device.h"
#include "kernels/api/dtype.h"

namespace kernels {

struct Tensor {
    DType type = DType::F32;
    const void* data = nullptr;
    int64_t rows = 0;
    int64_t cols = 0;
    size_t rowBytes = 0;  // bytesFor(type, cols), more for a column slice
    const Buffer* buffer = nullptr;
    // Optional: the same weights repacked at load for the CPU matmul
    // (kernels/cpu/packed_rows.h: the block formats in groups of eight interleaved
    // rows, float formats as stored), row group g at
    // packed + 8g * bytesFor(type, cols). Only the CPU's matmul and embedding
    // lookups read it; every other reader uses `data`.
    const void* packed = nullptr;

    // A contiguous host tensor over memory the caller owns.
    template <typename T>
    static Tensor host(const T* data, int64_t rows, int64_t cols)
    {
        static_assert(std::is_same_v<T, float> || std::is_same_v<T, int32_t>, "host tensors are F32 or I32");
        const DType type = std::is_same_v<T, float> ? DType::F32 : DType::I32;
        return Tensor{type, data, rows, cols, static_cast<size_t>(cols) * sizeof(T), nullptr};
    }
    // A contiguous tensor at `offset` bytes into `buffer`.
    static Tensor in(const Buffer& buffer, size_t offset, DType type, int64_t rows, int64_t cols);

    bool empty() const { return data == nullptr; }
    // The kind of device whose memory holds it (host memory without a buffer).
    DeviceKind deviceKind() const;
    size_t offset() const;  // bytes into `buffer` (0 without one)
    bool contiguous() const { return rows <= 1 || rowBytes == bytesFor(type, static_cast<uint64_t>(cols)); }
    int64_t elements() const { return rows * cols; }

    const uint8_t* row(int64_t r) const { return static_cast<const uint8_t*>(data) + r * rowBytes; }
    // Typed access for the backend that holds it. Ops write only their outputs.
    const float* f32() const { return static_cast<const float*>(data); }
    float* f32Out() const { return static_cast<float*>(const_cast<void*>(data)); }
    const int32_t* i32() const { return static_cast<const int32_t*>(data); }
    int32_t* i32Out() const { return static_cast<int32_t*>(const_cast<void*>(data)); }

    // Bytes of the values this view covers (a column slice counts only its columns).
    uint64_t viewBytes() const { return static_cast<uint64_t>(rows) * bytesFor(type, static_cast<uint64_t>(cols)); }
    // Rows [r0, r1): a view, no copy.
    Tensor rowSlice(int64_t r0, int64_t r1) const
    {
        Tensor t = *this;
        t.data = row(r0);
        t.rows = r1 - r0;
        // A slice keeps the packed groups only when it starts on a group.
        t.packed = packed && r0 % 8 == 0
                       ? static_cast<const uint8_t*>(packed) + r0 * bytesFor(type, static_cast<uint64_t>(cols))
                       : nullptr;
        return t;
    }
    // Columns [c0, c1) of every row: a strided view, no copy. c0 and c1 must be
    // multiples of the type's block size (placement checks this before cutting).
    Tensor colSlice(int64_t c0, int64_t c1) const
    {
        Tensor t = *this;
        t.data = static_cast<const uint8_t*>(data) + bytesFor(type, static_cast<uint64_t>(c0));
        t.cols = c1 - c0;
        t.packed = nullptr;  // packed groups hold whole rows
        return t;
    }
    // The same bytes seen as `rows` x `cols` (contiguous tensors only).
    Tensor reshaped(int64_t newRows, int64_t newCols) const
    {
        Tensor t = *this;
        t.rows = newRows;
        t.cols = newCols;
        t.rowBytes = bytesFor(type, static_cast<uint64_t>(newCols));
        t.packed = nullptr;
        return t;
    }
};

// "F32 [3 x 64] on cpu": for the messages of a refused op.
std::string describeTensor(const Tensor& t);

}  // namespace kernels

#include "kernels/api/tensor.h"

#include <string>

namespace kernels {

Tensor Tensor::in(const Buffer& buffer, size_t offset, DType type, int64_t rows, int64_t cols)
{
    const auto* base = static_cast<const uint8_t*>(buffer.data()) + offset;
    return Tensor{type, base, rows, cols, bytesFor(type, static_cast<uint64_t>(cols)), &buffer};
}

DeviceKind Tensor::deviceKind() const
{
    return buffer ? buffer->device().kind() : DeviceKind::Cpu;
}

size_t Tensor::offset() const
{
    if (!buffer) return 0;
    return static_cast<size_t>(static_cast<const uint8_t*>(data) - static_cast<const uint8_t*>(buffer->data()));
}

std::string describeTensor(const Tensor& t)
{
    return std::string(dtypeName(t.type)) + " [" + std::to_string(t.rows) + " x " + std::to_string(t.cols) + "] on " +
           (t.buffer ? t.buffer->device().id() : std::string("host memory"));
}

}  // namespace kernels

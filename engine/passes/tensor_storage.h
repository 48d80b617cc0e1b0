#pragma once
// Owned memory for the tensors a weights pass (quantize, prune) writes anew:
// one allocation per tensor rather than one block for the whole model, so
//  - no single huge allocation is asked for (an 8B model's FP32 weights are
//    32 GB; its largest tensor is 2 GB),
//  - nothing is touched before it is written: memory becomes resident tensor
//    by tensor as the pass converts, instead of all at once up front (a
//    zero-filled block of many GB costs seconds in which a cancel could not
//    be honoured),
//  - a failed allocation is an error naming the tensor, never an exception.
// It also keeps alive what the source's untouched tensors still point into.
#include <cstdint>
#include <memory>
#include <new>
#include <system_error>
#include <thread>
#include <vector>

#include "engine/formats/mapped_file.h"
#include "engine/formats/model_file.h"

namespace engine {

class TensorStorage {
public:
    static constexpr std::align_val_t kAlign{64};  // every tensor starts on a cache line

    explicit TensorStorage(const ModelFile& source)
        : m_sourceMapping(source.mapping), m_sourceStorage(source.ownedStorage)
    {
    }

    // `bytes` of fresh, uninitialised memory owned here; nullptr when the
    // allocation fails.
    uint8_t* allocate(uint64_t bytes)
    {
        std::unique_ptr<uint8_t[], AlignedFree> owned(
            static_cast<uint8_t*>(::operator new[](bytes > 0 ? bytes : 1, kAlign, std::nothrow)));
        if (!owned) return nullptr;
        m_tensors.push_back(std::move(owned));
        m_bytes += bytes;
        return m_tensors.back().get();
    }

    size_t tensorCount() const { return m_tensors.size(); }
    uint64_t bytes() const { return m_bytes; }

private:
    struct AlignedFree {
        void operator()(uint8_t* p) const { ::operator delete[](p, kAlign); }
    };
    std::vector<std::unique_ptr<uint8_t[], AlignedFree>> m_tensors;
    uint64_t m_bytes = 0;
    std::shared_ptr<const MappedFile> m_sourceMapping;
    std::shared_ptr<const void> m_sourceStorage;
};

// Frees a pass's partial result when the pass ends early (cancelled, or an
// error half-way): giving gigabytes back to the system takes about a quarter
// of a second per GiB, which a cancel must not wait for, so a large storage
// is freed on a thread of its own. Declared after the storage in the pass, so
// it runs first on every early return; a storage moved on (the pass's result)
// is left alone.
class StorageReleaseGuard {
public:
    static constexpr uint64_t kBackgroundBytes = uint64_t{256} << 20;

    explicit StorageReleaseGuard(std::shared_ptr<TensorStorage>& storage) : m_storage(storage) {}
    ~StorageReleaseGuard()
    {
        if (!m_storage || m_storage->bytes() < kBackgroundBytes) return;
        try {
            std::thread([doomed = std::move(m_storage)]() mutable { doomed.reset(); }).detach();
        } catch (const std::system_error&) {
            // No thread to spare: the caller frees it, late but correctly.
        }
    }
    StorageReleaseGuard(const StorageReleaseGuard&) = delete;
    StorageReleaseGuard& operator=(const StorageReleaseGuard&) = delete;

private:
    std::shared_ptr<TensorStorage>& m_storage;
};

}  // namespace engine

#pragma once
// Read-only memory map of a whole file. Model tensors are views into it, so
// opening even an 8B-parameter file costs no reads until a tensor is touched.
#include <cstdint>
#include <memory>
#include <string>

#include "engine/common/expected.h"

namespace engine {

class MappedFile {
public:
    static Expected<std::shared_ptr<MappedFile>> open(const std::string& path);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const uint8_t* data() const { return m_data; }
    uint64_t size() const { return m_size; }
    const std::string& path() const { return m_path; }
    // Lets the pages wholly inside [begin, begin + bytes) leave this process's
    // resident memory: a pass that has converted a tensor does not read its
    // source again, and the mapped file would otherwise stay resident beside
    // the converted copy. Reading the range again still works (the pages come
    // back from the page cache or the file). Ranges outside the mapping are ignored.
    void dropPages(const uint8_t* begin, uint64_t bytes) const;
    // Whether [begin, begin + bytes) lies inside the mapping.
    bool holds(const void* begin, uint64_t bytes) const;

private:
    MappedFile() = default;
    const uint8_t* m_data = nullptr;
    uint64_t m_size = 0;
    std::string m_path;
};

}  // namespace engine

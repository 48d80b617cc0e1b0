#include "engine/formats/mapped_file.h"

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/common/message_catalog.h"

namespace engine {

Expected<std::shared_ptr<MappedFile>> MappedFile::open(const std::string& path)
{
    // O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused below).
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return makeError(ErrorCode::Io, msg("io.cannot_open", {{"path", path}, {"reason", systemErrorMessage(errno)}}));
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const int err = errno;
        ::close(fd);
        return makeError(ErrorCode::Io, msg("io.cannot_stat", {{"path", path}, {"reason", systemErrorMessage(err)}}));
    }
    if (S_ISDIR(st.st_mode)) {
        ::close(fd);
        return makeError(ErrorCode::Io, msg("io.is_directory", {{"path", path}}));
    }
    if (!S_ISREG(st.st_mode)) {
        ::close(fd);
        return makeError(ErrorCode::Io, msg("io.not_regular", {{"path", path}}));
    }
    std::shared_ptr<MappedFile> file(new MappedFile());
    file->m_path = path;
    file->m_size = static_cast<uint64_t>(st.st_size);
    if (file->m_size > 0) {
        void* p = ::mmap(nullptr, file->m_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) {
            const int err = errno;
            ::close(fd);
            return makeError(ErrorCode::Io, msg("io.cannot_map", {{"path", path}, {"reason", systemErrorMessage(err)}}));
        }
        file->m_data = static_cast<const uint8_t*>(p);
    }
    ::close(fd);
    return file;
}

void MappedFile::dropPages(const uint8_t* begin, uint64_t bytes) const
{
    if (!holds(begin, bytes)) return;
    const auto page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
    const uintptr_t first = (reinterpret_cast<uintptr_t>(begin) + page - 1) / page * page;
    const uintptr_t last = (reinterpret_cast<uintptr_t>(begin) + bytes) / page * page;
    // Only pages no other tensor shares; advice only, so a failure changes nothing.
    if (last > first) ::madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED);
}

bool MappedFile::holds(const void* begin, uint64_t bytes) const
{
    const auto* p = static_cast<const uint8_t*>(begin);
    return m_data && p >= m_data && bytes <= m_size && static_cast<uint64_t>(p - m_data) <= m_size - bytes;
}

MappedFile::~MappedFile()
{
    if (m_data) ::munmap(const_cast<uint8_t*>(m_data), m_size);
}

}  // namespace engine

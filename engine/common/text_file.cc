#include "engine/common/text_file.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace engine {

namespace {

std::string mib(uint64_t bytes)
{
    return std::to_string((bytes + (uint64_t{1} << 20) - 1) >> 20) + " MiB";
}

}  // namespace

Expected<std::string> readTextFile(const std::string& path, const std::string& what, uint64_t maxBytes)
{
    // O_NONBLOCK: opening a FIFO for reading must not wait for a writer.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        const ErrorCode code = errno == ENOENT ? ErrorCode::NotFound : ErrorCode::Io;
        return makeError(code, "cannot open " + what + " " + path + ": " + std::strerror(errno));
    }
    struct stat st {};
    std::string refusal;
    if (::fstat(fd, &st) != 0) refusal = std::strerror(errno);
    else if (S_ISDIR(st.st_mode)) refusal = "it is a directory";
    else if (!S_ISREG(st.st_mode)) refusal = "it is not a regular file (a FIFO, socket or device)";
    else if (static_cast<uint64_t>(st.st_size) > maxBytes)
        refusal = "it is " + mib(static_cast<uint64_t>(st.st_size)) + ", more than the " + mib(maxBytes) + " a " +
                  what + " may be";
    if (!refusal.empty()) {
        ::close(fd);
        return makeError(ErrorCode::Io, "cannot read " + what + " " + path + ": " + refusal);
    }
    std::string text(static_cast<size_t>(st.st_size), '\0');
    size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::read(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;  // the file shrank while being read
        done += static_cast<size_t>(n);
    }
    ::close(fd);
    text.resize(done);
    return text;
}

}  // namespace engine

#include "engine/common/text_file.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/common/message_catalog.h"

namespace engine {

namespace {

// The role of the file in the messages: catalogued for the roles the engine
// and the workbench name, file names ("config.json") as they are.
Message fileRole(const std::string& what)
{
    if (what == "profile") return msg("file.kind.profile");
    if (what == "workload") return msg("file.kind.workload");
    if (what == "safetensors index") return msg("file.kind.safetensors_index");
    if (what == "chat template") return msg("file.kind.chat_template");
    if (what == "calibration text") return msg("file.kind.calibration_text");
    if (what == "evaluation text") return msg("file.kind.evaluation_text");
    if (what == "quality text") return msg("file.kind.quality_text");
    return plainMessage(what);
}

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
        const int error = errno;
        const ErrorCode code = error == ENOENT ? ErrorCode::NotFound : ErrorCode::Io;
        return makeError(code, msg("file.cannot_open", {{"what", fileRole(what)},
                                                        {"path", path},
                                                        {"reason", systemErrorMessage(error)}}));
    }
    struct stat st {};
    std::optional<Message> refusal;
    if (::fstat(fd, &st) != 0) refusal = systemErrorMessage(errno);
    else if (S_ISDIR(st.st_mode)) refusal = msg("file.is_directory");
    else if (!S_ISREG(st.st_mode)) refusal = msg("file.not_regular");
    else if (static_cast<uint64_t>(st.st_size) > maxBytes)
        refusal = msg("file.too_large",
                      {{"size", mib(static_cast<uint64_t>(st.st_size))}, {"limit", mib(maxBytes)}, {"what", fileRole(what)}});
    if (refusal) {
        ::close(fd);
        return makeError(ErrorCode::Io,
                         msg("file.cannot_read", {{"what", fileRole(what)}, {"path", path}, {"reason", *refusal}}));
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

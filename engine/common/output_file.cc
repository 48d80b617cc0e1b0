#include "engine/common/output_file.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/common/message_catalog.h"

namespace engine {

namespace {

Message kindOf(mode_t mode)
{
    if (S_ISDIR(mode)) return msg("output.kind.directory");
    if (S_ISFIFO(mode)) return msg("output.kind.fifo");
    if (S_ISCHR(mode) || S_ISBLK(mode)) return msg("output.kind.device");
    if (S_ISSOCK(mode)) return msg("output.kind.socket");
    return msg("output.kind.other");
}

}  // namespace

Status checkOutputPath(const std::string& path)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        if (errno == ENOENT) return okStatus();  // a new file (a dangling link is replaced too)
        return makeError(ErrorCode::Io, msg("output.cannot_write", {{"path", path}, {"reason", systemErrorMessage(errno)}}));
    }
    if (!S_ISREG(st.st_mode))
        return makeError(ErrorCode::Io, msg("output.not_regular", {{"path", path}, {"kind", kindOf(st.st_mode)}}));
    return okStatus();
}

Expected<std::FILE*> createTemporary(const std::string& tmpPath)
{
    const int flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
    int fd = ::open(tmpPath.c_str(), flags, 0644);
    if (fd < 0 && errno == EEXIST) {
        struct stat st {};
        if (::lstat(tmpPath.c_str(), &st) == 0 && (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode))) {
            ::unlink(tmpPath.c_str());  // a leftover; a link is removed, its target untouched
            fd = ::open(tmpPath.c_str(), flags, 0644);
        } else {
            errno = EEXIST;
        }
    }
    if (fd < 0)
        return makeError(ErrorCode::Io, msg("output.cannot_create", {{"path", tmpPath}, {"reason", systemErrorMessage(errno)}}));
    std::FILE* f = ::fdopen(fd, "wb");
    if (!f) {
        const int err = errno;
        ::close(fd);
        ::unlink(tmpPath.c_str());
        return makeError(ErrorCode::Io,
                         msg("output.cannot_open", {{"path", tmpPath}, {"reason", systemErrorMessage(err)}}));
    }
    return f;
}

}  // namespace engine

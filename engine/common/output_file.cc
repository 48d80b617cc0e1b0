#include "engine/common/output_file.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace engine {

namespace {

const char* kindOf(mode_t mode)
{
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
    if (S_ISSOCK(mode)) return "a socket";
    return "not a regular file";
}

}  // namespace

Status checkOutputPath(const std::string& path)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        if (errno == ENOENT) return okStatus();  // a new file (a dangling link is replaced too)
        return makeError(ErrorCode::Io, "cannot write " + path + ": " + std::strerror(errno));
    }
    if (!S_ISREG(st.st_mode))
        return makeError(ErrorCode::Io, "cannot write " + path + ": it is " + kindOf(st.st_mode) +
                                            "; name a new file or a regular file to replace");
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
    if (fd < 0) return makeError(ErrorCode::Io, tmpPath + ": cannot create: " + std::strerror(errno));
    std::FILE* f = ::fdopen(fd, "wb");
    if (!f) {
        const int err = errno;
        ::close(fd);
        ::unlink(tmpPath.c_str());
        return makeError(ErrorCode::Io, tmpPath + ": cannot open for writing: " + std::strerror(err));
    }
    return f;
}

}  // namespace engine

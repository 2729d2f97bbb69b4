#include "io/atomic_file.hpp"

#include "core/error.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace pr::io {

namespace {
constexpr size_t kBufferSize = 1 << 20;

std::string parent_dir(const std::string &path) {
    auto slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}
}  // namespace

AtomicFile::AtomicFile(const std::string &path) : path_(path) {
    if (path.empty()) fail(PR_ERR_INVALID_ARGUMENT, "argument 'path' is empty");
    std::string tmpl = path + ".tmp.XXXXXX";
    std::vector<char> name(tmpl.begin(), tmpl.end());
    name.push_back('\0');
    fd_ = ::mkstemp(name.data());
    if (fd_ < 0) fail(PR_ERR_IO, "cannot create a temporary file next to '", path, "': ", std::strerror(errno));
    tmp_path_ = name.data();
    ::fchmod(fd_, 0644);
    buffer_.reserve(kBufferSize);
}

AtomicFile::~AtomicFile() {
    if (fd_ >= 0) {
        ::close(fd_);
        ::unlink(tmp_path_.c_str());
    }
}

void AtomicFile::write(const void *data, size_t n) {
    if (fd_ < 0) fail(PR_ERR_STATE, "write to '", path_, "' after commit");
    const char *p = static_cast<const char *>(data);
    if (buffer_.size() + n > kBufferSize) flush();
    if (n >= kBufferSize) {
        buffer_.assign(p, n);
        flush();
    } else {
        buffer_.append(p, n);
    }
    written_ += n;
}

void AtomicFile::write_at(uint64_t offset, const void *data, size_t n) {
    if (fd_ < 0) fail(PR_ERR_STATE, "write to '", path_, "' after commit");
    if (offset + n > written_)
        fail(PR_ERR_INVALID_ARGUMENT, "write_at ", offset, "+", n, " past the end (", written_, ") of '", path_, "'");
    flush();
    const char *p = static_cast<const char *>(data);
    while (n > 0) {
        const ssize_t w = ::pwrite(fd_, p, n, off_t(offset));
        if (w < 0) {
            if (errno == EINTR) continue;
            fail(PR_ERR_IO, "cannot write '", tmp_path_, "': ", std::strerror(errno));
        }
        p += w, offset += uint64_t(w), n -= size_t(w);
    }
}

void AtomicFile::flush() {
    const char *p = buffer_.data();
    size_t left = buffer_.size();
    while (left > 0) {
        ssize_t w = ::write(fd_, p, left);
        if (w < 0) {
            if (errno == EINTR) continue;
            fail(PR_ERR_IO, "cannot write '", tmp_path_, "': ", std::strerror(errno));
        }
        p += w;
        left -= static_cast<size_t>(w);
    }
    buffer_.clear();
}

void AtomicFile::commit() {
    if (fd_ < 0) fail(PR_ERR_STATE, "'", path_, "' already committed");
    flush();
    if (::fsync(fd_) != 0) fail(PR_ERR_IO, "cannot fsync '", tmp_path_, "': ", std::strerror(errno));
    if (::close(fd_) != 0) {
        fd_ = -1;
        ::unlink(tmp_path_.c_str());
        fail(PR_ERR_IO, "cannot close '", tmp_path_, "': ", std::strerror(errno));
    }
    fd_ = -1;
    if (::rename(tmp_path_.c_str(), path_.c_str()) != 0) {
        int err = errno;
        ::unlink(tmp_path_.c_str());
        fail(PR_ERR_IO, "cannot rename '", tmp_path_, "' to '", path_, "': ", std::strerror(err));
    }
    // Make the rename itself durable.
    int dir = ::open(parent_dir(path_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
}

}  // namespace pr::io

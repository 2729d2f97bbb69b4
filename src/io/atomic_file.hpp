// Atomic file writes: everything goes to a temporary file in the target's
// folder, which is fsynced and renamed over the target only on commit().  A
// writer destroyed without commit() removes its temporary file, so a failed
// save never leaves a half-written file behind.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace pr::io {

class AtomicFile {
public:
    explicit AtomicFile(const std::string &path);  // PR_ERR_IO on failure
    ~AtomicFile();
    AtomicFile(const AtomicFile &) = delete;
    AtomicFile &operator=(const AtomicFile &) = delete;

    void write(const void *data, size_t n);  // buffered; PR_ERR_IO on failure
    uint64_t bytes_written() const { return written_; }
    // Overwrites bytes already written (a header whose counts are known only
    // at the end); PR_ERR_INVALID_ARGUMENT past the end.
    void write_at(uint64_t offset, const void *data, size_t n);
    void commit();  // flush, fsync, rename, fsync the folder

private:
    std::string path_, tmp_path_;
    int fd_ = -1;
    uint64_t written_ = 0;
    std::string buffer_;
    void flush();
};

}  // namespace pr::io

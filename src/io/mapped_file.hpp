// Read-only memory map of a whole file (RAII).  Errors name the path.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace pr::io {

class MappedFile {
public:
    // Throws PR_ERR_IO ("cannot open 'path': No such file or directory").
    explicit MappedFile(const std::string &path);
    ~MappedFile();
    MappedFile(MappedFile &&other) noexcept;
    MappedFile &operator=(MappedFile &&other) noexcept;
    MappedFile(const MappedFile &) = delete;
    MappedFile &operator=(const MappedFile &) = delete;

    const uint8_t *data() const { return data_; }
    size_t size() const { return size_; }
    const std::string &path() const { return path_; }

    // Drops the pages wholly inside [p, p + n) from this process's resident
    // set (madvise MADV_DONTNEED).  A streaming reader calls it behind its
    // cursor so that its RSS follows its working set, not the file: mapped
    // file pages count in RSS (VmRSS/VmHWM) once touched.  The data is
    // unchanged (the map is read-only): a later read faults it back from the
    // page cache.  p must lie inside the mapping.
    void release(const uint8_t *p, size_t n) const;

private:
    std::string path_;
    const uint8_t *data_ = nullptr;
    size_t size_ = 0;
};

}  // namespace pr::io

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

private:
    std::string path_;
    const uint8_t *data_ = nullptr;
    size_t size_ = 0;
};

}  // namespace pr::io

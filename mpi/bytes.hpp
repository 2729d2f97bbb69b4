// Byte buffers: a writer and a bounds-checked reader of native-order values
// (between the ranks of one job, which run one build), files read whole and
// private temporary files, and byte broadcasts below MPI's 2^31 limit.
#pragma once

#include "failure.hpp"

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace prmpi {

class ByteWriter {
public:
    template <class T> void pod(const T &v) { out_.append(reinterpret_cast<const char *>(&v), sizeof v); }
    void str(const std::string &s) {
        pod<uint64_t>(s.size());
        out_.append(s);
    }
    template <class T> void vec(const std::vector<T> &v) {
        pod<uint64_t>(v.size());
        out_.append(reinterpret_cast<const char *>(v.data()), v.size() * sizeof(T));
    }
    std::string &bytes() { return out_; }

private:
    std::string out_;
};

class ByteReader {
public:
    explicit ByteReader(const std::string &b) : b_(b) {}
    template <class T> T pod() {
        T v;
        take(&v, sizeof v);
        return v;
    }
    std::string str() {
        std::string s(count(1), '\0');
        take(&s[0], s.size());
        return s;
    }
    template <class T> std::vector<T> vec() {
        std::vector<T> v(count(sizeof(T)));
        take(v.data(), v.size() * sizeof(T));
        return v;
    }

private:
    uint64_t count(size_t size) {
        const uint64_t n = pod<uint64_t>();
        if (n > (b_.size() - at_) / size) fail(PR_ERR_INTERNAL, "a broadcast message is truncated");
        return n;
    }
    void take(void *dst, size_t n) {
        if (n > b_.size() - at_) fail(PR_ERR_INTERNAL, "a broadcast message is truncated");
        if (n) std::memcpy(dst, b_.data() + at_, n);
        at_ += n;
    }
    const std::string &b_;
    size_t at_ = 0;
};

// Root's bytes on every rank (the size first, then pieces below 2^31).
void bcast_bytes(std::string &bytes, int root, MPI_Comm comm);

// A whole file (PR_ERR_IO naming it).
std::string read_file(const std::string &path);

// A file only this process uses, removed when the object goes.
class TempFile {
public:
    // An empty file in dir (mkstemp); PR_ERR_IO if it cannot be made.
    explicit TempFile(const std::string &dir);
    ~TempFile();
    TempFile(const TempFile &) = delete;
    TempFile &operator=(const TempFile &) = delete;
    const std::string &path() const { return path_; }
    void write(const std::string &bytes);  // PR_ERR_IO on failure

private:
    std::string path_;
};

}  // namespace prmpi

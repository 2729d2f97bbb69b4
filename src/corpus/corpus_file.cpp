// The corpus file format (version 1), all integers little-endian:
//
//   "PRCORPUS"                     8-byte magic
//   u32 format version (1)
//   u32 vocab_size V, u32 lag, u32 flags (bit 0: has separator), u32 separator
//   u32 carry_len (<= lag)
//   u64 total_tokens, u64 total_pairs, u64 nnz
//   u32 carry[carry_len]           tokens of the open document, so a loaded
//                                  corpus continues the stream exactly
//   u64 unigram[V]
//   u64 row_ptr[V + 1], u32 col[nnz], u64 count[nnz]   (CSR, sorted)
//   u64 XXH64 (seed 0) of every byte before it
//
// Loading checks the magic, the version, the exact size implied by the
// header, the checksum, and then the CSR's structure, so a damaged file is an
// error and never a crash or a silently wrong count.
#include "corpus/corpus.hpp"

#include "core/error.hpp"
#include "io/atomic_file.hpp"
#include "io/checksum.hpp"
#include "io/mapped_file.hpp"

#include <cstring>

namespace pr::corpus {
namespace {

constexpr char kMagic[8] = {'P', 'R', 'C', 'O', 'R', 'P', 'U', 'S'};
constexpr uint32_t kFormatVersion = 1;
constexpr size_t kHeaderBytes = 8 + 6 * 4 + 3 * 8;

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the corpus file writer assumes a little-endian host");

struct HashingWriter {
    io::AtomicFile file;
    io::Checksum sum;
    explicit HashingWriter(const std::string &path) : file(path) {}
    void put(const void *p, size_t n) {
        if (n == 0) return;
        file.write(p, n);
        sum.update(p, n);
    }
};

// Builds the fixed header in memory (one write, one hash update).
struct HeaderBytes {
    std::string bytes;
    template <class T>
    void add(T v) { bytes.append(reinterpret_cast<const char *>(&v), sizeof v); }
};

class Reader {
public:
    Reader(const io::MappedFile &f) : f_(f) {}
    const uint8_t *take(size_t n) {
        if (n > f_.size() - pos_) fail(PR_ERR_FORMAT, "'", f_.path(), "' is truncated");
        const uint8_t *p = f_.data() + pos_;
        pos_ += n;
        return p;
    }
    template <class T>
    T value() {
        T v;
        std::memcpy(&v, take(sizeof v), sizeof v);
        return v;
    }
    // Copies the next v.size() elements into v (an empty vector's data() may
    // be NULL, which memcpy must never see, even for zero bytes).
    template <class T>
    void read_into(std::vector<T> &v) {
        const uint8_t *src = take(v.size() * sizeof(T));
        if (!v.empty()) std::memcpy(v.data(), src, v.size() * sizeof(T));
    }
    size_t pos() const { return pos_; }

private:
    const io::MappedFile &f_;
    size_t pos_ = 0;
};

// n * size, or a format error when it cannot be the size of a real file.
size_t array_bytes(uint64_t n, size_t size, const std::string &path) {
    if (n > (uint64_t(1) << 56) / size) fail(PR_ERR_FORMAT, "'", path, "': array length ", n, " is impossible");
    return size_t(n) * size;
}

}  // namespace

void Corpus::save(const std::string &path) const {
    CountsCsr csr = counts();
    HashingWriter w(path);
    HeaderBytes h;
    h.bytes.assign(kMagic, sizeof kMagic);
    h.add<uint32_t>(kFormatVersion);
    h.add<uint32_t>(cfg_.vocab_size);
    h.add<uint32_t>(cfg_.lag);
    h.add<uint32_t>(cfg_.has_separator ? 1u : 0u);
    h.add<uint32_t>(cfg_.separator);
    h.add<uint32_t>(uint32_t(carry_.size()));
    h.add<uint64_t>(tokens_);
    h.add<uint64_t>(pairs_);
    h.add<uint64_t>(csr.nnz());
    w.put(h.bytes.data(), h.bytes.size());
    w.put(carry_.data(), carry_.size() * sizeof(uint32_t));
    w.put(csr.unigram.data(), csr.unigram.size() * sizeof(uint64_t));
    w.put(csr.row_ptr.data(), csr.row_ptr.size() * sizeof(uint64_t));
    w.put(csr.col.data(), csr.col.size() * sizeof(uint32_t));
    w.put(csr.count.data(), csr.count.size() * sizeof(uint64_t));
    const uint64_t digest = w.sum.digest();
    w.file.write(&digest, sizeof digest);
    w.file.commit();
}

std::unique_ptr<Corpus> Corpus::load(const std::string &path) {
    io::MappedFile f(path);
    if (f.size() < kHeaderBytes + 8 || std::memcmp(f.data(), kMagic, sizeof kMagic) != 0)
        fail(PR_ERR_FORMAT, "'", path, "' is not a prspread corpus file (",
             f.size() < kHeaderBytes + 8 ? "too short" : "bad magic", ")");
    Reader r(f);
    r.take(sizeof kMagic);
    const uint32_t version = r.value<uint32_t>();
    if (version != kFormatVersion)
        fail(PR_ERR_VERSION, "'", path, "': corpus file version ", version, " is not supported (this library reads ",
             kFormatVersion, ")");
    CorpusConfig cfg;
    cfg.vocab_size = r.value<uint32_t>();
    cfg.lag = r.value<uint32_t>();
    const uint32_t flags = r.value<uint32_t>();
    cfg.separator = r.value<uint32_t>();
    cfg.has_separator = (flags & 1u) != 0;
    const uint32_t carry_len = r.value<uint32_t>();
    const uint64_t tokens = r.value<uint64_t>();
    const uint64_t pairs = r.value<uint64_t>();
    const uint64_t nnz = r.value<uint64_t>();
    if (cfg.vocab_size == 0 || cfg.vocab_size > kMaxVocab || cfg.lag == 0 || carry_len > cfg.lag ||
        (flags & ~1u) != 0)
        fail(PR_ERR_FORMAT, "'", path, "': corrupt header (vocab_size ", cfg.vocab_size, ", lag ", cfg.lag,
             ", flags ", flags, ", carry ", carry_len, ")");
    // The exact size the header implies, before touching any array.
    const size_t V = cfg.vocab_size;
    const size_t expect = kHeaderBytes + size_t(carry_len) * 4 + array_bytes(V, 8, path) +
                          array_bytes(V + 1, 8, path) + array_bytes(nnz, 4, path) + array_bytes(nnz, 8, path) + 8;
    if (f.size() != expect)
        fail(PR_ERR_FORMAT, "'", path, "' has ", f.size(), " bytes but its header implies ", expect,
             " (truncated or corrupt)");
    uint64_t stored;
    std::memcpy(&stored, f.data() + f.size() - 8, 8);
    const uint64_t actual = io::checksum(f.data(), f.size() - 8);
    if (stored != actual)
        fail(PR_ERR_CHECKSUM, "'", path, "': checksum mismatch (stored ", stored, ", computed ", actual,
             "); the file is corrupt");

    std::vector<uint32_t> carry(carry_len);
    r.read_into(carry);
    std::vector<uint64_t> unigram(V), row_ptr(V + 1), count(nnz);
    std::vector<uint32_t> col(nnz);
    r.read_into(unigram);
    r.read_into(row_ptr);
    r.read_into(col);
    r.read_into(count);

    // Structure checks: a file with a valid checksum can still be hand-made.
    auto corrupt = [&](const char *what) { fail(PR_ERR_FORMAT, "'", path, "': corrupt counts (", what, ")"); };
    if (row_ptr[V] != nnz) corrupt("row pointers do not span the entries");
    const uint64_t pair_sum = check_csr(V, row_ptr.data(), col.data(), count.data(), "'" + path + "'");
    if (pair_sum != pairs) corrupt("pair counts do not sum to the total");
    for (uint32_t t : carry)
        if (t >= V || (cfg.has_separator && t == cfg.separator)) corrupt("bad carried token");
    if (cfg.has_separator && cfg.separator >= V) corrupt("separator >= vocab_size");

    auto c = std::make_unique<Corpus>(cfg);
    c->store_->assign_csr(row_ptr.data(), col.data(), count.data());
    c->unigram_ = std::move(unigram);
    c->carry_ = std::move(carry);
    c->tokens_ = tokens;
    c->pairs_ = pairs;
    return c;
}

}  // namespace pr::corpus

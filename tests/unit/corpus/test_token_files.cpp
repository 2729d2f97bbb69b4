// Token files written by numpy (raw u16/u32, llm.c, .npy) count exactly like
// the same ids passed from memory; broken files are clear errors.
#include "corpus_reference.hpp"
#include "test_helpers.hpp"

#include "corpus/token_file.hpp"
#include "prspread.h"

#include <doctest/doctest.h>

#include <cstring>
#include <fstream>
#include <string>

namespace {

const uint32_t V = 50257;

// Writes ids as raw u16 from C++, then lets numpy write every other format.
std::vector<uint32_t> make_files(const std::string &dir_prefix) {
    std::mt19937_64 rng(2024);
    auto x = test::random_tokens(rng, 30011, V, -1, 0.0);
    x[7] = V - 1;
    std::vector<uint16_t> x16(x.begin(), x.end());
    std::ofstream(dir_prefix + "raw.u16", std::ios::binary)
        .write(reinterpret_cast<const char *>(x16.data()), std::streamsize(x16.size() * 2));
    const std::string py = R"(
import numpy as np
p = ")" + dir_prefix + R"("
x = np.fromfile(p + "raw.u16", dtype=np.uint16)
x.astype(np.uint32).tofile(p + "raw.u32")
def llmc(name, toks, magic=20240520, version=1, count=None, dtype=np.uint16):
    h = np.zeros(256, dtype=np.int32)
    h[0] = magic; h[1] = version; h[2] = len(toks) if count is None else count
    with open(p + name, "wb") as f:
        f.write(h.tobytes()); f.write(np.asarray(toks, dtype=dtype).tobytes())
llmc("gpt2.bin", x)
llmc("llama3.bin", x, magic=20240801, version=7, dtype=np.uint32)
llmc("short.bin", x, count=len(x) + 1)
llmc("v2.bin", x, version=2)
for t in ["uint16", "uint32", "int32", "int64"]:
    np.save(p + t + ".npy", x.astype(t))
np.save(p + "small_uint8.npy", (x % 256).astype(np.uint8))
np.save(p + "float.npy", x.astype(np.float32))
np.save(p + "twod.npy", x[:30010].reshape(2, -1))
neg = x.astype(np.int32); neg[5] = -3
np.save(p + "negative.npy", neg)
big = x.astype(np.uint32); big[1234] = 60000
big.tofile(p + "too_big.u32")
)";
    REQUIRE(test::run_python(py) == 0);
    return x;
}

std::vector<uint64_t> csr_signature(const pr_corpus *c) {
    uint64_t nnz = 0;
    REQUIRE(pr_corpus_export_csr(c, nullptr, nullptr, nullptr, 0, &nnz) == PR_OK);
    uint32_t Vc = 0;
    REQUIRE(pr_corpus_vocab_size(c, &Vc) == PR_OK);
    std::vector<uint64_t> rp(Vc + 1), cnt(nnz), uni(Vc);
    std::vector<uint32_t> col(nnz);
    REQUIRE(pr_corpus_export_csr(c, rp.data(), col.data(), cnt.data(), nnz, &nnz) == PR_OK);
    REQUIRE(pr_corpus_unigram_u64(c, uni.data(), Vc) == PR_OK);
    std::vector<uint64_t> sig = rp;
    sig.insert(sig.end(), col.begin(), col.end());
    sig.insert(sig.end(), cnt.begin(), cnt.end());
    sig.insert(sig.end(), uni.begin(), uni.end());
    return sig;
}

pr_corpus *make_corpus(uint32_t vocab) {
    pr_corpus_options o;
    pr_corpus_options_init(&o);
    o.vocab_size = vocab;
    pr_corpus *c = nullptr;
    REQUIRE(pr_corpus_create(&c, &o) == PR_OK);
    return c;
}

struct ProgressLog {
    std::vector<std::pair<uint64_t, uint64_t>> calls;
    int cancel_at_call = -1;
};

int log_progress(void *user, uint64_t done, uint64_t total) {
    auto *log = static_cast<ProgressLog *>(user);
    log->calls.emplace_back(done, total);
    return int(log->calls.size()) - 1 == log->cancel_at_call;
}

}  // namespace

TEST_CASE("token files written by numpy count exactly like the ids from memory") {
    const std::string p = test::tmp_path("tokfiles_" + std::to_string(::getpid()) + "_");
    const auto x = make_files(p);
    pr_corpus *ref = make_corpus(V);
    REQUIRE(pr_corpus_add_u32(ref, x.data(), x.size()) == PR_OK);
    const auto want = csr_signature(ref);
    pr_corpus_free(ref);

    struct Case {
        const char *file;
        pr_token_format format;
    };
    const Case cases[] = {{"raw.u16", PR_TOKENS_U16},      {"raw.u16", PR_TOKENS_AUTO},
                          {"raw.u32", PR_TOKENS_U32},      {"gpt2.bin", PR_TOKENS_LLMC},
                          {"gpt2.bin", PR_TOKENS_AUTO},    {"llama3.bin", PR_TOKENS_LLMC},
                          {"uint16.npy", PR_TOKENS_NPY},   {"uint32.npy", PR_TOKENS_NPY},
                          {"int32.npy", PR_TOKENS_AUTO},   {"int64.npy", PR_TOKENS_NPY}};
    for (const Case &k : cases) {
        INFO(k.file, " format ", int(k.format));
        pr_corpus *c = make_corpus(V);
        ProgressLog log;
        CHECK(pr_corpus_add_token_file(c, (p + k.file).c_str(), k.format, log_progress, &log) == PR_OK);
        CHECK(csr_signature(c) == want);
        REQUIRE(!log.calls.empty());
        CHECK(log.calls.back() == std::make_pair(uint64_t(x.size()), uint64_t(x.size())));
        pr_corpus_free(c);
        uint64_t n = 0;
        REQUIRE(pr_token_file_read_u32((p + k.file).c_str(), k.format, nullptr, 0, &n) == PR_OK);
        CHECK(n == x.size());
        std::vector<uint32_t> back(n);
        REQUIRE(pr_token_file_read_u32((p + k.file).c_str(), k.format, back.data(), n, &n) == PR_OK);
        CHECK(back == x);
        CHECK(pr::load_tokens(p + k.file, pr::token_format(k.format)) == x);
    }
    // uint8 .npy against V = 256.
    std::vector<uint32_t> x8(x.size());
    for (size_t i = 0; i < x.size(); ++i) x8[i] = x[i] % 256;
    pr_corpus *a = make_corpus(256), *b = make_corpus(256);
    REQUIRE(pr_corpus_add_u32(a, x8.data(), x8.size()) == PR_OK);
    CHECK(pr_corpus_add_token_file(b, (p + "small_uint8.npy").c_str(), PR_TOKENS_AUTO, nullptr, nullptr) == PR_OK);
    CHECK(csr_signature(a) == csr_signature(b));
    pr_corpus_free(a);
    pr_corpus_free(b);
}

TEST_CASE("broken token files and bad arguments are clear errors, and a cancel is reported") {
    const std::string p = test::tmp_path("tokbad_" + std::to_string(::getpid()) + "_");
    const auto x = make_files(p);
    pr_corpus *c = make_corpus(V);
    auto add = [&](const std::string &f, int fmt) {
        return pr_corpus_add_token_file(c, (p + f).c_str(), fmt, nullptr, nullptr);
    };
    CHECK(add("missing.bin", PR_TOKENS_U16) == PR_ERR_IO);
    CHECK(std::string(pr_last_error()).find("missing.bin") != std::string::npos);
    CHECK(add("short.bin", PR_TOKENS_LLMC) == PR_ERR_FORMAT);
    CHECK(std::string(pr_last_error()).find("promises 30012 tokens") != std::string::npos);
    CHECK(add("v2.bin", PR_TOKENS_AUTO) == PR_ERR_VERSION);
    CHECK(add("raw.u16", PR_TOKENS_LLMC) == PR_ERR_FORMAT);  // no llm.c magic
    CHECK(add("float.npy", PR_TOKENS_NPY) == PR_ERR_FORMAT);
    CHECK(std::string(pr_last_error()).find("<f4") != std::string::npos);
    CHECK(add("twod.npy", PR_TOKENS_AUTO) == PR_ERR_FORMAT);
    CHECK(add("raw.u16", 9) == PR_ERR_INVALID_ARGUMENT);
    CHECK(std::string(pr_last_error()).find("'format' = 9") != std::string::npos);
    CHECK(add("raw.u16", -1) == PR_ERR_INVALID_ARGUMENT);
    CHECK(add("gpt2.bin", PR_TOKENS_U32) == PR_ERR_FORMAT);  // 1024 + 2*30011 bytes is not a multiple of 4
    CHECK(add("negative.npy", PR_TOKENS_NPY) == PR_ERR_OUT_OF_RANGE);
    CHECK(std::string(pr_last_error()).find("token id -3 < 0 at offset 5") != std::string::npos);
    CHECK(add("too_big.u32", PR_TOKENS_U32) == PR_ERR_OUT_OF_RANGE);
    CHECK(std::string(pr_last_error()).find("token id 60000 >= vocab_size 50257 at offset 1234") != std::string::npos);
    CHECK(pr_corpus_add_token_file(c, nullptr, PR_TOKENS_U16, nullptr, nullptr) == PR_ERR_INVALID_ARGUMENT);
    uint64_t n = 0;
    CHECK(pr_token_file_read_u32((p + "negative.npy").c_str(), PR_TOKENS_NPY, nullptr, 0, &n) == PR_OK);
    std::vector<uint32_t> buf(n);
    CHECK(pr_token_file_read_u32((p + "negative.npy").c_str(), PR_TOKENS_NPY, buf.data(), n, &n) ==
          PR_ERR_OUT_OF_RANGE);
    CHECK(pr_token_file_read_u32((p + "raw.u16").c_str(), PR_TOKENS_U16, buf.data(), 10, &n) ==
          PR_ERR_BUFFER_TOO_SMALL);
    CHECK(n == x.size());
    // Nothing above was counted.
    uint64_t pairs = 1;
    REQUIRE(pr_corpus_total_pairs(c, &pairs) == PR_OK);
    CHECK(pairs == 0);
    // A cancel from the progress callback.
    ProgressLog log;
    log.cancel_at_call = 0;
    CHECK(pr_corpus_add_token_file(c, (p + "raw.u16").c_str(), PR_TOKENS_U16, log_progress, &log) ==
          PR_ERR_CANCELLED);
    REQUIRE(pr_corpus_total_pairs(c, &pairs) == PR_OK);
    CHECK(pairs == 0);
    log = {};
    CHECK(pr_corpus_add_token_file(c, (p + "raw.u16").c_str(), PR_TOKENS_U16, log_progress, &log) == PR_OK);
    REQUIRE(pr_corpus_total_pairs(c, &pairs) == PR_OK);
    CHECK(pairs == x.size() - 1);
    pr_corpus_free(c);
}

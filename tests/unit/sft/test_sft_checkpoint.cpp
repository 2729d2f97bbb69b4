// Checkpoints: a resumed run equals an unbroken one bit for bit; foreign,
// corrupt and truncated files are errors that leave the model unchanged.
#include "prspread.h"

#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

pr_sft_options ckpt_options() {
    pr_sft_options o;
    pr_sft_options_init(&o);
    o.vocab_size = 40;
    o.context_length = 8;
    o.n_layer = 1;
    o.n_head = 2;
    o.d_model = 8;
    return o;
}

std::vector<uint16_t> tokens() {
    std::vector<uint16_t> t(3000);
    for (size_t i = 0; i < t.size(); ++i) t[i] = uint16_t((i * 7 + i / 13) % 40);
    return t;
}

std::vector<float> tensor(pr_sft *m, const char *name, uint64_t rows, uint64_t cols) {
    std::vector<float> v(rows * cols);
    const uint64_t shape[2] = {rows, cols};
    REQUIRE(pr_sft_get_param_f32(m, name, 2, shape, v.data()) == PR_OK);
    return v;
}

std::string tmp_path(const char *name) {
    return std::string(PRSPREAD_TEST_TMP) + "/sft_" + std::to_string(getpid()) + "_" + name;
}

}  // namespace

TEST_CASE("sft: checkpoint with optimizer state resumes exactly") {
    const pr_sft_options o = ckpt_options();
    const std::vector<uint16_t> tok = tokens();
    pr_sft *a = nullptr, *b = nullptr;
    REQUIRE(pr_sft_create(&a, &o) == PR_OK);
    REQUIRE(pr_sft_set_data_u16(a, tok.data(), tok.size()) == PR_OK);
    REQUIRE(pr_sft_train(a, 3, nullptr, nullptr) == PR_OK);
    const std::string path = tmp_path("resume.safetensors");
    REQUIRE(pr_sft_save(a, path.c_str(), 1) == PR_OK);
    REQUIRE(pr_sft_train(a, 2, nullptr, nullptr) == PR_OK);

    REQUIRE(pr_sft_create_from_file(&b, path.c_str(), 0) == PR_OK);
    uint64_t steps = 0;
    CHECK(pr_sft_step_count(b, &steps) == PR_OK);
    CHECK(steps == 3);
    REQUIRE(pr_sft_set_data_u16(b, tok.data(), tok.size()) == PR_OK);
    REQUIRE(pr_sft_train(b, 2, nullptr, nullptr) == PR_OK);
    CHECK(tensor(a, "wte", 40, 8) == tensor(b, "wte", 40, 8));
    CHECK(tensor(a, "h.0.attn.w_q", 8, 8) == tensor(b, "h.0.attn.w_q", 8, 8));
    pr_sft_free(a);
    pr_sft_free(b);
    std::remove(path.c_str());
}

TEST_CASE("sft: bad checkpoints are errors and leave the model unchanged") {
    const pr_sft_options o = ckpt_options();
    pr_sft *m = nullptr;
    REQUIRE(pr_sft_create(&m, &o) == PR_OK);
    const std::string path = tmp_path("bad.safetensors");
    REQUIRE(pr_sft_save(m, path.c_str(), 0) == PR_OK);
    std::ifstream in(path, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    in.close();
    const std::vector<float> before = tensor(m, "wte", 40, 8);

    const std::string corrupt = tmp_path("corrupt.safetensors"), trunc = tmp_path("trunc.safetensors");
    std::string flipped = bytes;
    flipped[flipped.size() - 5] ^= 0x40;  // inside the last tensor's data
    std::ofstream(corrupt, std::ios::binary) << flipped;
    std::ofstream(trunc, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    CHECK(pr_sft_load(m, corrupt.c_str()) == PR_ERR_CHECKSUM);
    CHECK(pr_sft_load(m, trunc.c_str()) == PR_ERR_FORMAT);
    CHECK(pr_sft_load(m, (path + ".missing").c_str()) == PR_ERR_IO);
    CHECK(tensor(m, "wte", 40, 8) == before);

    pr_sft_options other = o;
    other.d_model = 16;
    pr_sft *m2 = nullptr;
    REQUIRE(pr_sft_create(&m2, &other) == PR_OK);
    CHECK(pr_sft_load(m2, path.c_str()) == PR_ERR_MISMATCH);
    CHECK(std::string(pr_last_error()).find("\"d_model\":8") != std::string::npos);
    pr_sft *none = reinterpret_cast<pr_sft *>(1);
    CHECK(pr_sft_create_from_file(&none, trunc.c_str(), 0) == PR_ERR_FORMAT);
    CHECK(none == nullptr);
    pr_sft_free(m);
    pr_sft_free(m2);
    for (const std::string &p : {path, corrupt, trunc}) std::remove(p.c_str());
}

TEST_CASE("sft: data from a token file (raw u16)") {
    const pr_sft_options o = ckpt_options();
    const std::vector<uint16_t> tok = tokens();
    const std::string path = tmp_path("tokens.bin");
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char *>(tok.data()),
                                                std::streamsize(tok.size() * 2));
    pr_sft *a = nullptr, *b = nullptr;
    REQUIRE(pr_sft_create(&a, &o) == PR_OK);
    REQUIRE(pr_sft_create(&b, &o) == PR_OK);
    REQUIRE(pr_sft_set_data_file(a, path.c_str(), PR_TOKENS_U16) == PR_OK);
    REQUIRE(pr_sft_set_data_u16(b, tok.data(), tok.size()) == PR_OK);
    double la = 0, lb = 0;
    CHECK(pr_sft_eval(a, &la) == PR_OK);
    CHECK(pr_sft_eval(b, &lb) == PR_OK);
    CHECK(la == lb);  // same tokens, same validation batches
    CHECK(pr_sft_set_data_file(a, (path + ".missing").c_str(), PR_TOKENS_U16) == PR_ERR_IO);
    // ids >= vocab_size (40) in the file are refused with their offset
    std::vector<uint16_t> bad = tok;
    bad[77] = 41;
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char *>(bad.data()),
                                                std::streamsize(bad.size() * 2));
    CHECK(pr_sft_set_data_file(a, path.c_str(), PR_TOKENS_U16) == PR_ERR_OUT_OF_RANGE);
    CHECK(std::string(pr_last_error()).find("offset 77") != std::string::npos);
    pr_sft_free(a);
    pr_sft_free(b);
    std::remove(path.c_str());
}

// Regression tests for the findings of the fuzz campaign (tests/fuzz/README.md
// lists each with the target that found it).  Each crafted file here was once
// accepted, crashed, or allocated without bound; now it is a clean error.
#include "io/npy.hpp"
#include "io/safetensors.hpp"
#include "prspread.h"
#include "test_helpers.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>

namespace {

std::string safetensors_bytes(const std::string &json, const std::string &payload) {
    uint64_t len = json.size();
    return std::string(reinterpret_cast<const char *>(&len), 8) + json + payload;
}

std::string npy_bytes(const std::string &dict, const std::string &payload) {
    std::string h = dict;
    h.append((64 - (10 + h.size() + 1) % 64) % 64, ' ');
    h += '\n';
    std::string out("\x93NUMPY\x01\x00", 8);
    out += char(h.size() & 0xff);
    out += char(h.size() >> 8);
    return out + h + payload;
}

}  // namespace

TEST_CASE("fuzz regression: safetensors shape whose byte count wraps to the span is rejected") {
    // 2^32 x 2^32 float32 needs 2^66 bytes, which wrapped to 0 = the (empty)
    // span; the file was accepted as a 2^32 x 2^32 embedding with no data.
    const std::string path = test::tmp_path("fuzz_wrap_zero.safetensors");
    test::write_file(path, safetensors_bytes(
        R"({"E":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,0]}})", ""));
    size_t rows = 0, d = 0;
    CHECK(pr_embeddings_load_f32(path.c_str(), "E", nullptr, 0, &rows, &d) == PR_ERR_FORMAT);
    CHECK(std::string(pr_last_error()).find("overflows") != std::string::npos);
    CHECK(test::status_of([&] { pr::io::SafetensorsFile f(path); }) == PR_ERR_FORMAT);

    // (2^62 + 1) x 4 float32 wrapped to exactly the 16 bytes present.
    test::write_file(path, safetensors_bytes(
        R"({"E":{"dtype":"F32","shape":[4611686018427387905,4],"data_offsets":[0,16]}})", std::string(16, '\0')));
    CHECK(pr_embeddings_load_f32(path.c_str(), "E", nullptr, 0, &rows, &d) == PR_ERR_FORMAT);
}

TEST_CASE("fuzz regression: npy shape entry beyond uint64 is a format error, not an internal one") {
    const std::string path = test::tmp_path("fuzz_npy_digits.npy");
    test::write_file(path, npy_bytes("{'descr': '<u2', 'fortran_order': False, 'shape': (99999999999999999999,), }", ""));
    uint64_t n = 0;
    CHECK(pr_token_file_read_u32(path.c_str(), PR_TOKENS_NPY, nullptr, 0, &n) == PR_ERR_FORMAT);
    // A product that overflows 64 bits.
    test::write_file(path, npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296), }", ""));
    size_t rows, d;
    CHECK(pr_embeddings_load_f32(path.c_str(), nullptr, nullptr, 0, &rows, &d) == PR_ERR_FORMAT);
}

TEST_CASE("fuzz regression: an sft checkpoint whose config promises a huge model allocates nothing first") {
    // A valid-looking header with a 3.1e9-parameter config and no tensors: the
    // model used to be allocated (tens of GB) before the tensors were checked.
    const std::string cfg = R"({\"vocab_size\":1000000,\"context_length\":1024,\"n_layer\":1,\"n_head\":1,)"
                            R"(\"d_model\":3000,\"mlp_ratio\":1,\"init_std\":0.02,\"seed\":1})";
    const std::string path = test::tmp_path("fuzz_sft_huge.safetensors");
    test::write_file(path, safetensors_bytes(R"({"__metadata__":{"format":"prspread.sft","format_version":"1",)"
                                             R"("config":")" + cfg + R"("}})", ""));
    pr_sft *m = nullptr;
    CHECK(pr_sft_create_from_file(&m, path.c_str(), 1) == PR_ERR_FORMAT);
    CHECK(m == nullptr);
    CHECK(std::string(pr_last_error()).find("tensors") != std::string::npos);  // "... holds only 0 tensors"
}

TEST_CASE("fuzz regression: safetensors shape or offset entries that are not uint64 integers are format errors") {
    // Found by fuzz_safetensors: 184467418446744073704775 parses as the double
    // 1.8e23, whose conversion to uint64 was undefined behaviour (UBSan).
    const std::string path = test::tmp_path("fuzz_float_shape.safetensors");
    size_t rows, d;
    for (const char *shape : {"[184467418446744073704775,16]", "[-1,4]", "[2.5,4]", "[\"2\",4]", "7"}) {
        test::write_file(path, safetensors_bytes(std::string(R"({"E":{"dtype":"F32","shape":)") + shape +
                                                     R"(,"data_offsets":[0,0]}})", ""));
        CHECK_MESSAGE(pr_embeddings_load_f32(path.c_str(), "E", nullptr, 0, &rows, &d) == PR_ERR_FORMAT, shape);
    }
    test::write_file(path, safetensors_bytes(R"({"E":{"dtype":"F32","shape":[1,1],"data_offsets":[0,4.0]}})",
                                             std::string(4, '\0')));
    CHECK(pr_embeddings_load_f32(path.c_str(), "E", nullptr, 0, &rows, &d) == PR_ERR_FORMAT);
}

TEST_CASE("fuzz regression: an sft config with a float or negative size is a format error") {
    const std::string path = test::tmp_path("fuzz_sft_float_cfg.safetensors");
    for (const char *bad : {R"(\"vocab_size\":1e30)", R"(\"vocab_size\":-3)", R"(\"vocab_size\":8.5)"}) {
        const std::string cfg = std::string("{") + bad + R"(,\"context_length\":4,\"n_layer\":1,\"n_head\":1,)"
                                R"(\"d_model\":4,\"mlp_ratio\":1,\"init_std\":0.02,\"seed\":1})";
        test::write_file(path, safetensors_bytes(R"({"__metadata__":{"format":"prspread.sft","format_version":"1",)"
                                                 R"("config":")" + cfg + R"("}})", ""));
        pr_sft *m = nullptr;
        CHECK_MESSAGE(pr_sft_create_from_file(&m, path.c_str(), 1) == PR_ERR_FORMAT, bad);
        CHECK(m == nullptr);
    }
}

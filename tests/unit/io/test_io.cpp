#include "io/atomic_file.hpp"
#include "io/npy.hpp"
#include "io/safetensors.hpp"
#include "test_helpers.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <dirent.h>
#include <vector>

using namespace pr::io;

namespace {
int count_temp_files(const std::string &prefix) {
    int n = 0;
    DIR *d = opendir(PRSPREAD_TEST_TMP);
    while (dirent *e = readdir(d))
        if (std::string(e->d_name).rfind(prefix + ".tmp.", 0) == 0) ++n;
    closedir(d);
    return n;
}
}  // namespace

TEST_CASE("atomic file: commit publishes, abandonment leaves nothing") {
    std::string path = test::tmp_path("atomic.bin");
    std::remove(path.c_str());
    {
        AtomicFile f(path);
        f.write("abc", 3);
    }  // no commit
    CHECK(test::read_file(path).empty());
    CHECK(count_temp_files("atomic.bin") == 0);
    {
        AtomicFile f(path);
        std::string big(3 << 20, 'x');
        f.write("head", 4);
        f.write(big.data(), big.size());
        f.commit();
        CHECK(f.bytes_written() == 4 + big.size());
    }
    CHECK(test::read_file(path).size() == 4 + (3u << 20));
    CHECK(test::status_of([] { AtomicFile f("/nonexistent-dir/x.bin"); }) == PR_ERR_IO);
}

TEST_CASE("npy: files written by numpy are read exactly") {
    std::string dir = PRSPREAD_TEST_TMP;
    REQUIRE(test::run_python("import numpy as np\n"
                             "np.save('" + dir + "/np_u16.npy', np.arange(1000, dtype=np.uint16) * 7)\n"
                             "np.save('" + dir + "/np_f32.npy', np.arange(12, dtype=np.float32).reshape(3, 4) / 8)\n"
                             "np.save('" + dir + "/np_fortran.npy', np.asfortranarray(np.ones((3, 4))))\n"
                             "np.save('" + dir + "/np_big.npy', np.arange(4, dtype='>i4'))\n") == 0);
    NpyArray a = read_npy(dir + "/np_u16.npy");
    CHECK(a.descr == "<u2");
    REQUIRE(a.shape == std::vector<uint64_t>{1000});
    const uint16_t *v = reinterpret_cast<const uint16_t *>(a.data);
    CHECK(v[999] == uint16_t(999 * 7));
    NpyArray b = read_npy(dir + "/np_f32.npy");
    CHECK(b.shape == std::vector<uint64_t>{3, 4});
    CHECK(reinterpret_cast<const float *>(b.data)[11] == doctest::Approx(11.0 / 8));
    CHECK(test::status_of([&] { read_npy(dir + "/np_fortran.npy"); }) == PR_ERR_FORMAT);
    CHECK(test::status_of([&] { read_npy(dir + "/np_big.npy"); }) == PR_ERR_FORMAT);
    CHECK(test::status_of([&] { read_npy(dir + "/does_not_exist.npy"); }) == PR_ERR_IO);
}

TEST_CASE("npy: our files are read back by numpy, truncation is caught") {
    std::string path = test::tmp_path("ours.npy");
    std::vector<int64_t> data = {1, -2, 3, -4, 5, -6};
    write_npy(path, "<i8", {2, 3}, data.data(), 8);
    CHECK(test::run_python("import numpy as np, sys\n"
                           "a = np.load('" + path + "')\n"
                           "sys.exit(0 if a.dtype == np.int64 and a.shape == (2, 3) and a[1, 2] == -6 else 1)\n") == 0);
    std::string bytes = test::read_file(path);
    NpyArray back = read_npy(path);
    CHECK(back.count == 6);
    test::write_file(test::tmp_path("trunc.npy"), bytes.substr(0, bytes.size() - 3));
    CHECK(test::status_of([] { read_npy(test::tmp_path("trunc.npy")); }) == PR_ERR_FORMAT);
    test::write_file(test::tmp_path("junk.npy"), "not a numpy file at all");
    CHECK(test::status_of([] { read_npy(test::tmp_path("junk.npy")); }) == PR_ERR_FORMAT);
}

TEST_CASE("safetensors: round trip, conversions, corrupt headers") {
    std::string path = test::tmp_path("t.safetensors");
    std::vector<float> w = {1.5f, -2.0f, 0.25f, 3.0f, 4.0f, -0.5f};
    std::vector<uint16_t> half = {0x3c00, 0xc000, 0x3555, 0x0001};  // 1, -2, ~1/3, smallest subnormal
    std::vector<uint16_t> bf = {0x3f80, 0xc040};                    // 1, -3
    write_safetensors(path,
                      {{"w", "F32", {2, 3}, w.data(), w.size() * 4},
                       {"h", "F16", {4}, half.data(), half.size() * 2},
                       {"b", "BF16", {2}, bf.data(), bf.size() * 2}},
                      {{"format", "pt"}});
    SafetensorsFile f(path);
    CHECK(f.metadata().at("format") == "pt");
    CHECK(f.get("w").shape == std::vector<uint64_t>{2, 3});
    CHECK(f.to_f32("w") == w);
    auto h = f.to_f32("h");
    CHECK(h[0] == 1.0f);
    CHECK(h[1] == -2.0f);
    CHECK(h[2] == doctest::Approx(1.0 / 3).epsilon(1e-3));
    CHECK(h[3] == doctest::Approx(std::ldexp(1.0, -24)));
    CHECK(f.to_f32("b") == std::vector<float>{1.0f, -3.0f});
    CHECK(test::status_of([&] { f.get("missing"); }) == PR_ERR_INVALID_ARGUMENT);

    // An independent reader (json + numpy) agrees.
    CHECK(test::run_python("import json, struct, sys, numpy as np\n"
                           "b = open('" + path + "', 'rb').read()\n"
                           "n = struct.unpack('<Q', b[:8])[0]\n"
                           "h = json.loads(b[8:8 + n])\n"
                           "s, e = h['w']['data_offsets']\n"
                           "w = np.frombuffer(b[8 + n + s:8 + n + e], dtype='<f4').reshape(h['w']['shape'])\n"
                           "sys.exit(0 if w[1, 2] == -0.5 and w.shape == (2, 3) and (8 + n) % 8 == 0 else 1)\n") == 0);
    std::string bytes = test::read_file(path);
    test::write_file(test::tmp_path("trunc.safetensors"), bytes.substr(0, bytes.size() - 4));
    CHECK(test::status_of([] { SafetensorsFile(test::tmp_path("trunc.safetensors")); }) == PR_ERR_FORMAT);
    std::string bad = bytes;
    bad[10] = '#';  // break the JSON
    test::write_file(test::tmp_path("bad.safetensors"), bad);
    CHECK(test::status_of([] { SafetensorsFile(test::tmp_path("bad.safetensors")); }) == PR_ERR_FORMAT);
    test::write_file(test::tmp_path("short.safetensors"), "abc");
    CHECK(test::status_of([] { SafetensorsFile(test::tmp_path("short.safetensors")); }) == PR_ERR_FORMAT);
}

TEST_CASE("safetensors: a file in the reference layout is read") {
    // Written by hand in the layout the safetensors spec gives, independent of our writer.
    std::string header = R"({"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"__metadata__":{"k":"v"}})";
    uint64_t len = header.size();
    std::string bytes(reinterpret_cast<const char *>(&len), 8);
    float vals[2] = {7.0f, -1.0f};
    bytes += header + std::string(reinterpret_cast<const char *>(vals), 8);
    test::write_file(test::tmp_path("ref.safetensors"), bytes);
    SafetensorsFile f(test::tmp_path("ref.safetensors"));
    CHECK(f.to_f32("x") == std::vector<float>{7.0f, -1.0f});
    CHECK(f.metadata().at("k") == "v");
}

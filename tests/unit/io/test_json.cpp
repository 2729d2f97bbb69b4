// io/json: the nlohmann-SAX-built tree that replaced nlohmann::json's DOM
// in the readers (its destructor allocated, see io/json.hpp), checked
// against nlohmann::json itself as the reference: same values, same key
// order, same last-wins for repeated keys, same dump() text.
#include "io/json.hpp"
#include "io/safetensors.hpp"
#include "test_helpers.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>

using pr::io::Json;
using pr::io::JsonError;

TEST_CASE("json: values, key order, repeated keys and dump() agree with nlohmann::json") {
    const char *docs[] = {
        R"({"b": 1, "a": [true, false, null, -3, 4.5, 1e300, "x\u00e9\n\"q"], "c": {"z": {}, "y": []}})",
        R"({"k": 1, "k": 2, "j": [18446744073709551615, -9223372036854775808, 184467418446744073704775]})",
        R"([0.1, 0.30000000000000004, 2.5e-8, -0.0, 123456789012345678])",
        R"("just a string")", "17", "null",
    };
    for (const char *d : docs) {
        CAPTURE(d);
        const Json j = Json::parse(d);
        const nlohmann::json ref = nlohmann::json::parse(d);
        CHECK(j.dump() == ref.dump());
        CHECK(j.size() == (ref.is_structured() ? ref.size() : 0));
    }
    const Json j = Json::parse(docs[1]);
    REQUIRE(j.is_object());
    CHECK(j.members().size() == 2);
    CHECK(j.members()[0].key == "j");  // sorted
    CHECK(j.at("k").get_u64() == 2);   // the last of a repeated key
    CHECK(j["j"][0].is_number_unsigned());
    CHECK(!j["j"][1].is_number_unsigned());
    CHECK(j["j"][1].is_number());
    CHECK(!j["j"][2].is_number_unsigned());  // too long for uint64: a double, as in nlohmann
    CHECK(j["missing"].is_null());
    CHECK(!j.contains("missing"));
}

TEST_CASE("json: malformed text, nesting beyond the limit and wrong types are JsonError") {
    for (const char *bad : {"", "{", "[1,]", "{\"a\" 1}", "tru", "\"\xff\"", "1 2", "[1] x"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(Json::parse(bad), JsonError);
    }
    std::string deep(300, '['), deep_ok(200, '[');
    deep += std::string(300, ']'), deep_ok += std::string(200, ']');
    CHECK_THROWS_WITH_AS(Json::parse(deep), doctest::Contains("nested deeper than 256"), JsonError);
    CHECK_NOTHROW(Json::parse(deep_ok));
    const Json j = Json::parse(R"({"s": "x", "n": -1})");
    CHECK_THROWS_AS(j.at("s").get_u64(), JsonError);
    CHECK_THROWS_AS(j.at("n").get_u64(), JsonError);
    CHECK_THROWS_AS(j.at("n").get_string(), JsonError);
    CHECK_THROWS_AS(j.at("absent"), JsonError);
    CHECK(j.at("n").get_double() == -1.0);
}

TEST_CASE("json: the safetensors header is the text nlohmann::ordered_json wrote") {
    const float data[6] = {1, 2, 3, 4, 5, 6};
    std::vector<pr::io::TensorToWrite> t(2);
    t[0].name = "wte", t[0].dtype = "F32", t[0].shape = {2, 2}, t[0].data = data, t[0].nbytes = 16;
    t[1].name = "h.0.\"odd\" name\xc3\xa9", t[1].dtype = "F32", t[1].shape = {2}, t[1].data = data + 4, t[1].nbytes = 8;
    const std::map<std::string, std::string> md = {{"z", "last"}, {"config", R"({"a":1})"}, {"format", "x\ty"}};
    const std::string path = test::tmp_path("json_header.safetensors");
    pr::io::write_safetensors(path, t, md);

    nlohmann::ordered_json ref = nlohmann::ordered_json::object();
    ref["__metadata__"] = md;
    ref[t[0].name] = {{"dtype", "F32"}, {"shape", t[0].shape}, {"data_offsets", {0, 16}}};
    ref[t[1].name] = {{"dtype", "F32"}, {"shape", t[1].shape}, {"data_offsets", {16, 24}}};
    std::string want = ref.dump();
    want.append((8 - want.size() % 8) % 8, ' ');

    const std::string bytes = test::read_file(path);
    REQUIRE(bytes.size() >= 8 + want.size());
    CHECK(bytes.substr(8, want.size()) == want);
}

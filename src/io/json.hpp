// A parsed JSON document whose destruction never allocates.
//
// Why not nlohmann::json's own DOM: its destructor flattens nested arrays
// and objects into a heap-allocated std::vector (to avoid deep recursion),
// so destroying a parsed document allocates, and an allocation failure
// there, or while a half-built document is unwound after a bad_alloc,
// throws out of a noexcept destructor and aborts the process
// (tests/alloc found it in the safetensors, checkpoint and tokenizer
// loaders).  Here nlohmann's SAX parser (the lexer and grammar, which hold
// no DOM) fills this small tree instead; the tree is destroyed
// recursively, which only frees, and parse() refuses nesting deeper than
// max_depth so that recursion stays bounded.
//
// The accessors are a small subset of nlohmann::json's, with the same
// meaning: objects iterate sorted by key, and a repeated key keeps its last
// value (as nlohmann::json's std::map does).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pr::io {

// A malformed document or a missing key / wrong type in a lookup.
struct JsonError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Json {
public:
    enum class Kind : uint8_t { null, boolean, negative, unsigned_, real, string, array, object };
    struct Member;

    // Throws JsonError (with nlohmann's message) for text that is not one
    // JSON value, or that nests arrays/objects deeper than max_depth.
    static Json parse(std::string_view text, size_t max_depth = 256);

    Json() = default;

    Kind kind() const { return kind_; }
    bool is_null() const { return kind_ == Kind::null; }
    bool is_boolean() const { return kind_ == Kind::boolean; }
    bool is_number() const { return kind_ == Kind::negative || kind_ == Kind::unsigned_ || kind_ == Kind::real; }
    bool is_number_unsigned() const { return kind_ == Kind::unsigned_; }
    bool is_string() const { return kind_ == Kind::string; }
    bool is_array() const { return kind_ == Kind::array; }
    bool is_object() const { return kind_ == Kind::object; }

    // Checked conversions: JsonError if the kind differs.
    bool get_bool() const;
    uint64_t get_u64() const;  // an unsigned integer
    double get_double() const; // any number
    const std::string &get_string() const;

    // Elements of an array, members of an object (sorted by key); size() is
    // their count (0 for a scalar).
    const std::vector<Json> &elements() const { return array_; }
    const std::vector<Member> &members() const { return object_; }
    size_t size() const;
    const Json &operator[](size_t i) const { return array_.at(i); }

    // Object lookup: nullptr / false / a null value when absent (or when
    // this is not an object); at() throws JsonError instead.
    const Json *find(std::string_view key) const;
    bool contains(std::string_view key) const { return find(key) != nullptr; }
    const Json &operator[](std::string_view key) const;
    const Json &at(std::string_view key) const;

    // Compact JSON text, as nlohmann::json::dump() writes it (for messages).
    std::string dump() const;

private:
    friend class JsonBuilder;
    Kind kind_ = Kind::null;
    bool bool_ = false;
    union {
        uint64_t u64_ = 0;
        int64_t i64_;
        double real_;
    };
    std::string string_;
    std::vector<Json> array_;
    std::vector<Member> object_;
};

struct Json::Member {
    std::string key;
    Json value;
};

// Compact JSON text of one string / number, exactly as nlohmann::json
// writes it (escaping, shortest round-trip doubles): for writers that build
// their JSON text by hand instead of through a DOM.
std::string json_quote(std::string_view s);
std::string json_number(double v);

}  // namespace pr::io

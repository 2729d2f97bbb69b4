#include "io/json.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace pr::io {

// nlohmann's SAX interface, building a Json tree.  Every container being
// filled sits on open_ (with its pending key); a finished value goes into
// the container below it, or becomes the root.
class JsonBuilder {
public:
    explicit JsonBuilder(size_t max_depth) : max_depth_(max_depth) {}

    using number_integer_t = int64_t;
    using number_unsigned_t = uint64_t;
    using number_float_t = double;
    using string_t = std::string;
    using binary_t = nlohmann::json::binary_t;

    bool null() { return put(Json()); }
    bool boolean(bool v) {
        Json j;
        j.kind_ = Json::Kind::boolean, j.bool_ = v;
        return put(std::move(j));
    }
    bool number_integer(int64_t v) {  // nlohmann passes non-negative integers to number_unsigned
        Json j;
        j.kind_ = Json::Kind::negative, j.i64_ = v;
        return put(std::move(j));
    }
    bool number_unsigned(uint64_t v) {
        Json j;
        j.kind_ = Json::Kind::unsigned_, j.u64_ = v;
        return put(std::move(j));
    }
    bool number_float(double v, const std::string &) {
        Json j;
        j.kind_ = Json::Kind::real, j.real_ = v;
        return put(std::move(j));
    }
    bool string(std::string &v) {
        Json j;
        j.kind_ = Json::Kind::string, j.string_ = std::move(v);
        return put(std::move(j));
    }
    bool binary(binary_t &) { return fail_with("binary values are not JSON"); }
    bool start_object(size_t) { return open(Json::Kind::object); }
    bool key(std::string &k) {
        keys_.back() = std::move(k);
        return true;
    }
    bool end_object() {
        // Sorted by key; of equal keys the last one stays (nlohmann::json's
        // std::map semantics).
        std::vector<Json::Member> &m = open_.back().object_;
        std::stable_sort(m.begin(), m.end(), [](const Json::Member &a, const Json::Member &b) { return a.key < b.key; });
        size_t out = 0;
        for (size_t i = 0; i < m.size(); ++i) {
            if (i + 1 < m.size() && m[i + 1].key == m[i].key) continue;
            if (out != i) m[out] = std::move(m[i]);
            ++out;
        }
        m.erase(m.begin() + std::ptrdiff_t(out), m.end());
        return close();
    }
    bool start_array(size_t) { return open(Json::Kind::array); }
    bool end_array() { return close(); }
    bool parse_error(size_t, const std::string &, const nlohmann::detail::exception &e) { return fail_with(e.what()); }

    Json root;
    std::string error;

private:
    bool fail_with(const std::string &what) {
        error = what;
        return false;
    }
    bool open(Json::Kind k) {
        if (open_.size() >= max_depth_)
            return fail_with("JSON nested deeper than " + std::to_string(max_depth_) + " arrays/objects");
        keys_.emplace_back();
        open_.emplace_back();
        open_.back().kind_ = k;
        return true;
    }
    bool close() {
        Json done = std::move(open_.back());
        open_.pop_back();
        keys_.pop_back();
        return put(std::move(done));
    }
    bool put(Json &&v) {
        if (open_.empty()) {
            root = std::move(v);
        } else if (open_.back().is_array()) {
            open_.back().array_.push_back(std::move(v));
        } else {
            open_.back().object_.push_back(Json::Member{std::move(keys_.back()), std::move(v)});
        }
        return true;
    }

    size_t max_depth_;
    std::vector<Json> open_;
    std::vector<std::string> keys_;
};

Json Json::parse(std::string_view text, size_t max_depth) {
    JsonBuilder b(max_depth);
    if (!nlohmann::json::sax_parse(text.begin(), text.end(), &b)) throw JsonError(b.error);
    return std::move(b.root);
}

namespace {
const char *kind_name(Json::Kind k) {
    switch (k) {
    case Json::Kind::null: return "null";
    case Json::Kind::boolean: return "boolean";
    case Json::Kind::negative:
    case Json::Kind::unsigned_:
    case Json::Kind::real: return "number";
    case Json::Kind::string: return "string";
    case Json::Kind::array: return "array";
    case Json::Kind::object: return "object";
    }
    return "?";
}

[[noreturn]] void type_error(const char *want, Json::Kind got) {
    throw JsonError(std::string("type must be ") + want + ", but is " + kind_name(got));
}
}  // namespace

bool Json::get_bool() const {
    if (!is_boolean()) type_error("boolean", kind_);
    return bool_;
}

uint64_t Json::get_u64() const {
    if (!is_number_unsigned()) type_error("an unsigned integer", kind_);
    return u64_;
}

double Json::get_double() const {
    if (kind_ == Kind::unsigned_) return double(u64_);
    if (kind_ == Kind::negative) return double(i64_);
    if (kind_ != Kind::real) type_error("number", kind_);
    return real_;
}

const std::string &Json::get_string() const {
    if (!is_string()) type_error("string", kind_);
    return string_;
}

size_t Json::size() const { return is_array() ? array_.size() : is_object() ? object_.size() : 0; }

const Json *Json::find(std::string_view key) const {
    if (!is_object()) return nullptr;
    auto it = std::lower_bound(object_.begin(), object_.end(), key,
                               [](const Member &m, std::string_view k) { return m.key < k; });
    return it != object_.end() && it->key == key ? &it->value : nullptr;
}

const Json &Json::operator[](std::string_view key) const {
    static const Json null_value{};
    const Json *v = find(key);
    return v ? *v : null_value;
}

const Json &Json::at(std::string_view key) const {
    const Json *v = find(key);
    if (!v) throw JsonError(is_object() ? "key '" + std::string(key) + "' not found"
                                        : "cannot look up '" + std::string(key) + "' in a " + kind_name(kind_));
    return *v;
}

std::string json_quote(std::string_view s) { return nlohmann::json(std::string(s)).dump(); }

std::string json_number(double v) { return nlohmann::json(v).dump(); }

std::string Json::dump() const {
    switch (kind_) {
    case Kind::null: return "null";
    case Kind::boolean: return bool_ ? "true" : "false";
    case Kind::negative: return std::to_string(i64_);
    case Kind::unsigned_: return std::to_string(u64_);
    case Kind::real: return json_number(real_);
    case Kind::string: return json_quote(string_);
    case Kind::array: {
        std::string s = "[";
        for (size_t i = 0; i < array_.size(); ++i) s += (i ? "," : "") + array_[i].dump();
        return s + "]";
    }
    case Kind::object: {
        std::string s = "{";
        for (size_t i = 0; i < object_.size(); ++i)
            s += (i ? "," : "") + json_quote(object_[i].key) + ":" + object_[i].value.dump();
        return s + "}";
    }
    }
    return "null";
}

}  // namespace pr::io

// Hugging Face tokenizer.json: model BPE behind the byte-level pre-tokenizer
// with GPT-2's split pattern (GPT-2, GPT-Neo, Pythia/GPT-NeoX, ...).
#include "core/error.hpp"
#include "tokenizer/load.hpp"
#include "tokenizer/load_common.hpp"

#include "io/json.hpp"

namespace pr::tokenizer {

namespace {

using json = io::Json;

// GPT-2's pattern as HF spells it, and as tiktoken does.
const char *const kGpt2Patterns[] = {
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)",
    R"('(?:[sdmt]|ll|ve|re)| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)"};

std::string type_of(const json &j) {
    if (j.is_object() && j.contains("type") && j["type"].is_string()) return j["type"].get_string();
    return j.dump().substr(0, 40);
}

bool flag(const json &obj, const char *key, bool dflt) {
    if (!obj.contains(key) || obj[key].is_null()) return dflt;
    return obj[key].is_boolean() ? obj[key].get_bool() : dflt;
}

struct PreTokenizer {
    bool add_prefix_space = false;
};

PreTokenizer check_pre_tokenizer(const json &pt, const std::string &where) {
    auto unsupported = [&](const std::string &what) {
        fail(PR_ERR_FORMAT, where, ": pre_tokenizer ", what,
             " is not supported (only ByteLevel on GPT-2's split pattern)");
    };
    if (!pt.is_object()) unsupported(pt.is_null() ? std::string("null") : "'" + type_of(pt) + "'");
    const std::string type = type_of(pt);
    if (type == "ByteLevel") {
        if (!flag(pt, "use_regex", true)) unsupported("ByteLevel without use_regex and without a Split before it");
        return {flag(pt, "add_prefix_space", false)};
    }
    if (type != "Sequence" || !pt.contains("pretokenizers") || !pt["pretokenizers"].is_array())
        unsupported("'" + type + "'");
    const json &seq = pt["pretokenizers"];
    if (seq.size() != 2 || type_of(seq[0]) != "Split" || type_of(seq[1]) != "ByteLevel")
        unsupported("Sequence [" + [&] {
            std::string s;
            for (const json &p : seq.elements()) s += (s.empty() ? "" : ", ") + type_of(p);
            return s;
        }() + "]");
    const json &split = seq[0];
    std::string pattern;
    if (split.contains("pattern") && split["pattern"].is_object() && split["pattern"].contains("Regex") &&
        split["pattern"]["Regex"].is_string())
        pattern = split["pattern"]["Regex"].get_string();
    bool known = false;
    for (const char *p : kGpt2Patterns) known = known || pattern == p;
    if (!known) unsupported("Split with pattern '" + pattern.substr(0, 60) + "' (not GPT-2's)");
    // A "behavior" that is not a string is not "Isolated" either (nlohmann's
    // value() threw a type error for it before).
    const json *behavior = split.find("behavior");
    const std::string behavior_text = !behavior ? "Isolated" : behavior->is_string() ? behavior->get_string() : behavior->dump();
    if (behavior_text != "Isolated" || flag(split, "invert", false))
        unsupported("Split with behavior '" + behavior_text.substr(0, 60) + "'");
    if (flag(seq[1], "use_regex", true)) unsupported("ByteLevel with use_regex after a Split");
    return {flag(seq[1], "add_prefix_space", false)};
}

uint32_t id_value(const json &v, const std::string &where) {
    if (!v.is_number_unsigned() || v.get_u64() >= detail::kMaxId)
        fail(PR_ERR_FORMAT, where, " has id ", v.dump().substr(0, 40), ", not an integer in [0, ", detail::kMaxId, ")");
    return uint32_t(v.get_u64());
}

}  // namespace

std::shared_ptr<const BpeModel> load_hf_memory(std::string_view text, const std::string &name) {
    const std::string where = "tokenizer.json '" + name + "'";
    json root;
    try {
        root = json::parse(text);
    } catch (const io::JsonError &e) {
        fail(PR_ERR_FORMAT, where, " is not valid JSON: ", e.what());
    }
    if (!root.is_object() || !root.contains("model") || !root["model"].is_object())
        fail(PR_ERR_FORMAT, where, " has no \"model\" object");
    if (root.contains("normalizer") && !root["normalizer"].is_null())
        fail(PR_ERR_FORMAT, where, ": normalizer '", type_of(root["normalizer"]),
             "' is not supported (byte-level BPE files have none)");
    const json &model = root["model"];
    const std::string type = model.contains("type") ? type_of(model) : "BPE";
    if (type != "BPE") fail(PR_ERR_FORMAT, where, ": model type '", type, "' is not supported (only BPE)");
    for (const char *key : {"continuing_subword_prefix", "end_of_word_suffix"})
        if (model.contains(key) && !model[key].is_null() && !(model[key].is_string() && model[key].get_string().empty()))
            fail(PR_ERR_FORMAT, where, ": BPE ", key, " ", model[key].dump().substr(0, 40),
                 " is not supported by a byte-level BPE");
    if (model.contains("dropout") && !model["dropout"].is_null() &&
        !(model["dropout"].is_number() && model["dropout"].get_double() == 0.0))
        fail(PR_ERR_FORMAT, where, ": BPE dropout ", model["dropout"].dump(), " is not supported (not deterministic)");
    if (flag(model, "byte_fallback", false))
        fail(PR_ERR_FORMAT, where, ": BPE byte_fallback is not supported (that is a SentencePiece-style model)");
    const PreTokenizer pre = check_pre_tokenizer(root["pre_tokenizer"],
                                                 where);
    if (!model.contains("vocab") || !model["vocab"].is_object())
        fail(PR_ERR_FORMAT, where, ": model has no \"vocab\" object");
    if (!model.contains("merges") || !model["merges"].is_array())
        fail(PR_ERR_FORMAT, where, ": model has no \"merges\" array");

    ModelParts parts;
    parts.kind = "hf";
    parts.add_prefix_space = pre.add_prefix_space;
    parts.ignore_merges = flag(model, "ignore_merges", false);
    std::unordered_map<std::string, uint32_t> ids;
    const json &vocab = model["vocab"];
    ids.reserve(vocab.size());
    auto claim = [&](uint32_t id, const std::string &what) {
        if (id >= parts.vocab.size()) parts.vocab.resize(id + 1), parts.present.resize(id + 1, false);
        if (parts.present[id]) fail(PR_ERR_FORMAT, where, ": id ", id, " is used twice (again by ", what, ")");
        parts.present[id] = true;
    };
    for (const auto &[key, value] : vocab.members()) {
        const std::string what = "vocab token '" + key.substr(0, 60) + "'";
        const uint32_t id = id_value(value, where + ": " + what);
        claim(id, what);
        parts.vocab[id] = detail::alphabet_to_bytes(key, where + ": " + what);
        ids.emplace(key, id);
    }
    const json &merges = model["merges"];
    for (size_t i = 0; i < merges.size(); ++i) {
        const std::string at = where + ": merge " + std::to_string(i);
        const json &m = merges[i];
        std::string left, right;
        if (m.is_string()) {
            const std::string &s = m.get_string();
            const size_t sp = s.find(' ');
            if (sp == 0 || sp == std::string::npos || sp + 1 == s.size() || s.find(' ', sp + 1) != std::string::npos)
                fail(PR_ERR_FORMAT, at, ": expected \"left right\", got ", m.dump().substr(0, 60));
            left = s.substr(0, sp), right = s.substr(sp + 1);
        } else if (m.is_array() && m.size() == 2 && m[0].is_string() && m[1].is_string()) {
            left = m[0].get_string(), right = m[1].get_string();
        } else {
            fail(PR_ERR_FORMAT, at, ": expected \"left right\" or [left, right], got ", m.dump().substr(0, 60));
        }
        detail::add_merge(parts, ids, left, right, at);
    }
    if (root.contains("added_tokens") && !root["added_tokens"].is_null()) {
        const json &added = root["added_tokens"];
        if (!added.is_array()) fail(PR_ERR_FORMAT, where, ": \"added_tokens\" is not an array");
        for (size_t i = 0; i < added.size(); ++i) {
            const std::string at = where + ": added_tokens[" + std::to_string(i) + "]";
            const json &a = added[i];
            if (!a.is_object() || !a.contains("id") || !a.contains("content") || !a["content"].is_string() ||
                a["content"].get_string().empty())
                fail(PR_ERR_FORMAT, at, " needs an \"id\" and a non-empty \"content\" string");
            const uint32_t id = id_value(a["id"], at);
            const std::string content = a["content"].get_string();
            if (id < parts.present.size() && parts.present[id]) {
                if (parts.vocab[id] != content)  // the vocabulary spells it in the byte alphabet
                    parts.vocab[id] = content;
            } else {
                claim(id, at);
                parts.vocab[id] = content;
            }
            parts.specials.push_back({content, id});
        }
    }
    return std::make_shared<const BpeModel>(std::move(parts));
}

std::shared_ptr<const BpeModel> load_hf_file(const std::string &path) {
    return load_hf_memory(detail::read_file(path), path);
}

}  // namespace pr::tokenizer

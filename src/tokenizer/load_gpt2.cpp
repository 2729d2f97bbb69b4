// OpenAI's GPT-2 files: encoder.json + vocab.bpe.
#include "core/error.hpp"
#include "tokenizer/load.hpp"
#include "tokenizer/load_common.hpp"

#include "io/json.hpp"

namespace pr::tokenizer {

namespace {

std::string clip(std::string_view s) {
    return s.size() <= 60 ? std::string(s) : std::string(s.substr(0, 57)) + "...";
}

}  // namespace

std::shared_ptr<const BpeModel> load_gpt2_memory(std::string_view encoder_json, std::string_view vocab_bpe,
                                                 const std::string &enc_name, const std::string &bpe_name) {
    io::Json j;
    try {
        j = io::Json::parse(encoder_json);
    } catch (const io::JsonError &e) {
        fail(PR_ERR_FORMAT, "encoder.json '", enc_name, "' is not valid JSON: ", e.what());
    }
    if (!j.is_object()) fail(PR_ERR_FORMAT, "encoder.json '", enc_name, "' is not a JSON object of token -> id");
    ModelParts parts;
    parts.kind = "gpt2";
    std::unordered_map<std::string, uint32_t> ids;
    ids.reserve(j.size());
    for (const auto &[key, value] : j.members()) {
        if (!value.is_number_unsigned() || value.get_u64() >= detail::kMaxId)
            fail(PR_ERR_FORMAT, "encoder.json '", enc_name, "': token '", clip(key), "' has id ",
                 clip(value.dump()), ", not an integer in [0, ", detail::kMaxId, ")");
        const uint32_t id = uint32_t(value.get_u64());
        if (id >= parts.vocab.size()) parts.vocab.resize(id + 1), parts.present.resize(id + 1, false);
        if (parts.present[id])
            fail(PR_ERR_FORMAT, "encoder.json '", enc_name, "': id ", id, " is used twice (again by '",
                 clip(key), "')");
        parts.present[id] = true;
        if (key == "<|endoftext|>") {
            parts.vocab[id] = key;
            parts.specials.push_back({key, id});
        } else {
            parts.vocab[id] = detail::alphabet_to_bytes(
                key, "encoder.json '" + enc_name + "': token '" + clip(key) + "'");
        }
        ids.emplace(key, id);
    }
    size_t line_no = 0;
    for (size_t pos = 0; pos < vocab_bpe.size();) {
        size_t end = vocab_bpe.find('\n', pos);
        if (end == std::string_view::npos) end = vocab_bpe.size();
        std::string_view line = vocab_bpe.substr(pos, end - pos);
        pos = end + 1;
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty() || (line_no == 1 && line.substr(0, 8) == "#version")) continue;
        const size_t sp = line.find(' ');
        if (sp == 0 || sp == std::string_view::npos || sp + 1 == line.size() ||
            line.find(' ', sp + 1) != std::string_view::npos)
            fail(PR_ERR_FORMAT, "vocab.bpe '", bpe_name, "' line ", line_no, ": expected 'left right', got '",
                 clip(line), "'");
        detail::add_merge(parts, ids, line.substr(0, sp), line.substr(sp + 1),
                          "vocab.bpe '" + bpe_name + "' line " + std::to_string(line_no));
    }
    return std::make_shared<const BpeModel>(std::move(parts));
}

std::shared_ptr<const BpeModel> load_gpt2_files(const std::string &encoder_json, const std::string &vocab_bpe) {
    const std::string enc = detail::read_file(encoder_json), bpe = detail::read_file(vocab_bpe);
    return load_gpt2_memory(enc, bpe, encoder_json, vocab_bpe);
}

std::shared_ptr<const BpeModel> load_gpt2_dir(const std::string &dir) {
    const std::string d = dir.empty() || dir.back() == '/' ? dir : dir + "/";
    return load_gpt2_files(d + "encoder.json", d + "vocab.bpe");
}

}  // namespace pr::tokenizer

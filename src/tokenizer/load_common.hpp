// Pieces shared by the two loaders.
#pragma once

#include "tokenizer/bpe_model.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

namespace pr::tokenizer::detail {

// The largest token id a vocabulary file may give, plus one: it bounds the
// memory a file can ask for.
constexpr uint64_t kMaxId = uint64_t(1) << 24;

// A token as the files spell it (GPT-2's byte alphabet, UTF-8) -> its bytes.
// Throws PR_ERR_FORMAT naming `where` on a character outside the alphabet.
std::string alphabet_to_bytes(std::string_view spelt, const std::string &where);

// Turns spelt merges "left right" into ids through `ids` (spelt -> id) and
// appends them to parts.merges.  `where(i)` names merge i in messages.
void add_merge(ModelParts &parts, const std::unordered_map<std::string, uint32_t> &ids, std::string_view left,
               std::string_view right, const std::string &where);

// Reads a whole file (PR_ERR_IO naming it).
std::string read_file(const std::string &path);

}  // namespace pr::tokenizer::detail

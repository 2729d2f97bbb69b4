// Building a BpeModel from the files models ship, from memory (the fuzz
// entry points) or from paths.  Every error is one line (PR_ERR_FORMAT) that
// names the file and what was wrong in it.
//  - OpenAI GPT-2: encoder.json (token -> id, tokens spelt in GPT-2's
//    byte-to-unicode alphabet) and vocab.bpe ("#version" line, then one
//    merge "left right" per line, best first).  "<|endoftext|>" is special.
//  - Hugging Face tokenizer.json with model BPE and the byte-level
//    pre-tokenizer on GPT-2's split pattern; added_tokens are special.
#pragma once

#include "tokenizer/bpe_model.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace pr::tokenizer {

std::shared_ptr<const BpeModel> load_gpt2_memory(std::string_view encoder_json, std::string_view vocab_bpe,
                                                 const std::string &encoder_name = "encoder.json",
                                                 const std::string &vocab_name = "vocab.bpe");
std::shared_ptr<const BpeModel> load_hf_memory(std::string_view tokenizer_json,
                                               const std::string &name = "tokenizer.json");

// Files: the name in messages is the path.  load_gpt2_dir reads
// DIR/encoder.json and DIR/vocab.bpe.
std::shared_ptr<const BpeModel> load_gpt2_files(const std::string &encoder_json, const std::string &vocab_bpe);
std::shared_ptr<const BpeModel> load_gpt2_dir(const std::string &dir);
std::shared_ptr<const BpeModel> load_hf_file(const std::string &path);

// GPT-2's reversible map from bytes to printable code points, and back
// (-1 for a code point outside the alphabet).
uint32_t byte_to_unicode(uint8_t b);
int unicode_to_byte(uint32_t cp);

}  // namespace pr::tokenizer

// --tokenizer SPEC: how text files become token ids, shared by count,
// pr-table, reproduce (and every command with --text) and tokenize.
//   bytes          one id per byte value that occurs (the default)
//   gpt2:DIR       GPT-2 byte-level BPE from DIR/encoder.json + DIR/vocab.bpe
//   hf:FILE        a Hugging Face tokenizer.json (byte-level BPE)
//   words:N        the library's word vocabulary of the N most frequent words
#pragma once

#include "data.hpp"

#include <prspread.h>

#include <memory>
#include <string>
#include <vector>

namespace cli {

struct TokenizerFree {
    void operator()(pr_tokenizer *p) const { pr_tokenizer_free(p); }
};
using Tokenizer = std::unique_ptr<pr_tokenizer, TokenizerFree>;

// Loads gpt2:DIR or hf:FILE (fails naming --tokenizer otherwise).
Tokenizer load_bpe_tokenizer(const std::string &spec);

// Reads text files through the tokenizer the spec names; each file is a
// document.  Progress goes to stderr unless quiet.
TokenStream load_text_as(const std::vector<std::string> &paths, const std::string &spec, bool quiet);

const char *tokenizer_help();

}  // namespace cli

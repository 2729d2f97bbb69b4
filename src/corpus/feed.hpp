// Feeding a corpus from the other inputs of the corpus family: byte-level
// text files, word-level text through a vocabulary, and a synthetic source.
// Each continues the corpus's current document.
#pragma once

#include "core/progress.hpp"
#include "corpus/corpus.hpp"
#include "corpus/synth.hpp"
#include "corpus/vocab.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace pr::corpus {

// Every byte of a (memory-mapped) file is a token; in chunks, progress in
// bytes, a cancel keeps the chunks counted before it.  PR_ERR_OUT_OF_RANGE
// unless vocab_size >= 256 (nothing counted), PR_ERR_IO.
void add_text_file_bytes(Corpus &corpus, const std::string &path, const Progress &progress);

// Encodes text with the vocabulary and counts the ids.  PR_ERR_MISMATCH if
// the corpus's vocab_size is below the vocabulary's size.
void add_text_words(Corpus &corpus, const Vocab &vocab, std::string_view text);

// A Vocab built from a whole (memory-mapped) text file.
Vocab build_vocab_from_file(const std::string &path, uint32_t max_words, bool lowercase);

// Generates n_tokens from synth and counts them, in chunks, with progress in
// tokens; a cancel keeps the chunks counted before it.  PR_ERR_MISMATCH if
// the corpus's vocab_size is below the source's.
void add_synth(Corpus &corpus, Synth &synth, uint64_t n_tokens, const Progress &progress);

}  // namespace pr::corpus

// Encoding large inputs: the text is cut into chunks at points where GPT-2's
// pre-tokenizer always has a boundary and whose two sides it reads
// independently (so the ids equal a one-piece encode), the chunks of a batch
// are encoded on all threads, and their ids go to the sink in order.
// Memory: one batch of chunks and their ids, whatever the input size.
#pragma once

#include "tokenizer/bpe_model.hpp"
#include "tokenizer/encoder.hpp"

#include <cstdint>
#include <functional>

namespace pr::tokenizer {

using IdSink = std::function<void(const uint32_t *ids, size_t n)>;
// Called between batches with bytes done and total; it cancels by throwing.
using StreamProgress = std::function<void(uint64_t done, uint64_t total)>;

struct StreamOptions {
    bool allow_special = false;
    int num_threads = 0;              // 0 = OpenMP's default
    size_t chunk_bytes = size_t(1) << 20;
};

// The first safe cut at or after `target` (n if none): a position p with
// characters on both sides where either a non-space is followed by a space,
// or the class changes between letter/number/other (except after "'", which
// may open a contraction).  With specials allowed, p is also outside every
// special-token occurrence.
size_t safe_cut(const BpeModel &model, const uint8_t *s, size_t n, size_t target, bool allow_special);

void encode_stream(const BpeModel &model, const uint8_t *s, size_t n, const StreamOptions &opts, const IdSink &sink,
                   const StreamProgress &progress, EncodeStats *stats = nullptr);

}  // namespace pr::tokenizer

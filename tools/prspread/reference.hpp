// --reference CKPT: a trained model the user brings (our checkpoint or a
// Hugging Face GPT-2 model.safetensors) in place of one the command trains.
// Shared by reproduce, pr-table, attention and init --strategy oracle.
#pragma once

#include "handles.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace cli {

struct ReferenceArgs {
    std::string path;    // --reference; empty = not given
    uint32_t heads = 0;  // --reference-heads; 0 = from the file (ours, or GPT-2's config.json)
    bool given() const { return !path.empty(); }
};

// Adds --reference and --reference-heads; `what` says what the model is used for.
void add_reference_options(CLI::App &sub, ReferenceArgs &r, const std::string &what);

// The reference's architecture (pr_sft_inspect_checkpoint), validated, with
// one-line errors naming --reference or --reference-heads: a missing file,
// a foreign or malformed layout, a GPT-2 file whose head count is unknown
// (needs_heads), and corpus_vocab != its vocabulary (both sizes named;
// corpus_vocab 0 = no check).
struct ReferenceInfo {
    pr_sft_options config;
    int32_t kind = PR_CHECKPOINT_PRSPREAD;
    std::string description;  // "GPT-2 checkpoint 'x' (2 layers, d 64, 4 heads, vocab 256, context 128)"
};
ReferenceInfo inspect_reference(const ReferenceArgs &r, uint32_t corpus_vocab, bool needs_heads);

// One rows x cols tensor by pr_sft's name (pr_sft_checkpoint_read_f32),
// without a model handle (one sizes activations for batch x context).
std::vector<float> read_reference(const ReferenceArgs &r, const std::string &name, uint64_t rows, uint64_t cols);

}  // namespace cli

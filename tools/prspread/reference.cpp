#include "reference.hpp"

#include "common.hpp"

namespace cli {

void add_reference_options(CLI::App &sub, ReferenceArgs &r, const std::string &what) {
    sub.add_option("--reference", r.path,
                   "Trained checkpoint to use " + what +
                       ": ours (prspread train --save) or a Hugging Face GPT-2 model.safetensors (fused "
                       "c_attn; config.json beside it gives the head count)");
    sub.add_option("--reference-heads", r.heads,
                   "Heads per layer of a GPT-2 --reference without config.json (safetensors do not store it)")
        ->check(CLI::Range(1u, 4096u));
}

ReferenceInfo inspect_reference(const ReferenceArgs &r, uint32_t corpus_vocab, bool needs_heads) {
    require_readable_file(r.path, "--reference");
    ReferenceInfo info;
    check(pr_sft_inspect_checkpoint(r.path.c_str(), r.heads, &info.config, &info.kind),
          "--reference '" + r.path + "'" + (r.heads ? " with --reference-heads " + std::to_string(r.heads) : ""));
    const pr_sft_options &c = info.config;
    if (needs_heads && c.n_head == 0)
        fail("--reference '" + r.path +
             "': a GPT-2 safetensors file without config.json beside it has no head count: give --reference-heads N");
    if (corpus_vocab != 0 && c.vocab_size != corpus_vocab)
        fail("--reference '" + r.path + "' has vocabulary size " + std::to_string(c.vocab_size) +
             " but the corpus has vocabulary size " + std::to_string(corpus_vocab) +
             " (tokenize the corpus with the model's own tokenizer, --tokenizer)");
    info.description = std::string(info.kind == PR_CHECKPOINT_GPT2 ? "GPT-2 checkpoint" : "prspread checkpoint") +
                       " '" + r.path + "' (" + std::to_string(c.n_layer) + " layers, d " + std::to_string(c.d_model) +
                       (c.n_head ? ", " + std::to_string(c.n_head) + " heads" : "") + ", vocab " +
                       std::to_string(c.vocab_size) + ", context " + std::to_string(c.context_length) + ")";
    return info;
}

std::vector<float> read_reference(const ReferenceArgs &r, const std::string &name, uint64_t rows, uint64_t cols) {
    std::vector<float> out(size_t(rows * cols));
    const uint64_t shape[2] = {rows, cols};
    check(pr_sft_checkpoint_read_f32(r.path.c_str(), name.c_str(), 2, shape, out.data()),
          "reading '" + name + "' of --reference '" + r.path + "'");
    return out;
}

}  // namespace cli

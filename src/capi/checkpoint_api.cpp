// extern "C" layer of the checkpoint importer (sft/gpt2_import): argument
// checks, then the core reads and validates the file.
#include "capi/guard.hpp"
#include "capi/handles.hpp"
#include "sft/gpt2_import.hpp"

#include <memory>

static_assert(int(pr::sft::CheckpointKind::prspread) == PR_CHECKPOINT_PRSPREAD &&
                  int(pr::sft::CheckpointKind::gpt2) == PR_CHECKPOINT_GPT2,
              "pr_checkpoint_kind differs between core and header");

extern "C" {

PR_API int pr_sft_inspect_checkpoint(const char *path, uint32_t n_head, pr_sft_options *out, int32_t *kind) {
    return pr::capi::guard([&] {
        pr::require_nonnull(path, "path");
        pr::require_nonnull(out, "out");
        const pr::sft::CheckpointInfo info = pr::sft::inspect_checkpoint(path, n_head);
        const pr::sft::ModelConfig &c = info.config;
        pr_sft_options_init(out);
        out->vocab_size = c.vocab_size;
        out->context_length = c.context_length;
        out->n_layer = c.n_layer;
        out->n_head = c.n_head;
        out->d_model = c.d_model;
        out->mlp_ratio = c.mlp_ratio;
        if (info.kind == pr::sft::CheckpointKind::prspread) {
            out->init_std = c.init_std;
            out->seed = c.seed;
        }
        if (kind) *kind = int32_t(info.kind);
    });
}

PR_API int pr_sft_create_from_checkpoint(pr_sft **out, const char *path, uint32_t n_head, int32_t num_threads) {
    if (out) *out = nullptr;
    return pr::capi::guard([&] {
        pr::require_nonnull(out, "out");
        pr::require_nonnull(path, "path");
        pr::require_arg(num_threads >= 0, "num_threads", num_threads, "must be >= 0");
        pr::sft::CheckpointInfo info = pr::sft::require_complete(path, n_head);
        info.config.num_threads = num_threads;
        auto m = std::make_unique<pr_sft>(info.config);
        pr::sft::import_checkpoint(m->trainer, path, info);
        *out = m.release();
    });
}

}  // extern "C"

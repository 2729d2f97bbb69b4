// extern "C" layer of the checkpoint importer (sft/gpt2_import): argument
// checks, then the core reads and validates the file.
#include "capi/guard.hpp"
#include "capi/handles.hpp"
#include "capi/sft_convert.hpp"
#include "sft/gpt2_import.hpp"

#include <algorithm>
#include <memory>
#include <vector>

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
        *out = pr::capi::architecture_options(c);
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

PR_API int pr_sft_checkpoint_read_f32(const char *path, const char *name, uint32_t ndim, const uint64_t *shape,
                                      float *out) {
    return pr::capi::guard([&] {
        pr::require_nonnull(path, "path");
        pr::require_nonnull(name, "name");
        pr::require_nonnull(out, "out");
        pr::require_arg(ndim >= 1 && ndim <= 2, "ndim", ndim, "must be 1 or 2 (pr_sft's tensors)");
        pr::require_nonnull(shape, "shape");
        const std::vector<float> v =
            pr::sft::read_checkpoint_tensor(path, name, std::vector<uint64_t>(shape, shape + ndim));
        std::copy(v.begin(), v.end(), out);
    });
}

}  // extern "C"

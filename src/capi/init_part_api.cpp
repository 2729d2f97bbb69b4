// extern "C" layer of a comparison in parts (pr_init_compare_run_part, pack
// and merge): validate, call init/harness_part, translate errors.
#include "capi/guard.hpp"
#include "capi/handles.hpp"
#include "capi/init_convert.hpp"
#include "init/harness_part.hpp"

#include <cstring>
#include <memory>

extern "C" {

PR_API void pr_init_compare_part_init(pr_init_compare_part *part) {
    if (!part) return;
    std::memset(part, 0, sizeof *part);
    part->version = PR_INIT_COMPARE_PART_VERSION;
}

PR_API int pr_init_compare_run_part(pr_init_compare **out, const pr_init_compare_options *opts, const uint32_t *tokens,
                                    size_t n_tokens, const pr_init_arm *arms, size_t n_arms, const uint64_t *seeds,
                                    size_t n_seeds, const pr_init_compare_part *part, pr_progress_fn progress,
                                    void *user) {
    if (out) *out = nullptr;
    return pr::capi::guard([&] {
        pr::require_nonnull(out, "out");
        pr::require_nonnull(part, "part");
        if (part->version != PR_INIT_COMPARE_PART_VERSION)
            pr::fail(PR_ERR_VERSION, "argument 'part': version ", part->version, " is not known (expected ",
                     PR_INIT_COMPARE_PART_VERSION, "); fill it with pr_init_compare_part_init()");
        if (part->n_runs) pr::require_nonnull(part->runs, "part.runs");
        const auto in = pr::capi::harness_inputs(opts, tokens, n_tokens, arms, n_arms, seeds, n_seeds);
        pr::init::PartSpec spec;
        if (part->n_runs) spec.runs.assign(part->runs, part->runs + part->n_runs);
        if (part->reference_in) spec.reference_in = part->reference_in;
        if (part->reference_out) spec.reference_out = part->reference_out;
        auto handle = std::make_unique<pr_init_compare>();
        handle->result =
            pr::init::run_harness_part(in.config, in.tokens, in.arms, in.seeds, spec, pr::Progress(progress, user));
        *out = handle.release();
    });
}

PR_API int pr_init_compare_pack_runs(const pr_init_compare *r, void *buf, size_t capacity, size_t *needed) {
    return pr::capi::guard([&] {
        pr::require_nonnull(r, "result");
        pr::require_nonnull(needed, "needed");
        const std::string bytes = pr::init::pack_runs(r->result);
        *needed = bytes.size();
        if (!buf) return;
        if (capacity < bytes.size()) pr::fail(PR_ERR_BUFFER_TOO_SMALL, "argument 'capacity' = ", capacity, ": needs ", bytes.size());
        std::memcpy(buf, bytes.data(), bytes.size());
    });
}

PR_API int pr_init_compare_merge_runs(pr_init_compare *into, const void *bytes, size_t size) {
    return pr::capi::guard([&] {
        pr::require_nonnull(into, "into");
        pr::init::merge_runs(into->result, bytes, size);
    });
}

}  // extern "C"

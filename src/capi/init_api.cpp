// extern "C" layer of pr_init: validate, call the core, translate errors.
#include "capi/guard.hpp"
#include "capi/geometry_convert.hpp"
#include "capi/handles.hpp"
#include "capi/sft_convert.hpp"
#include "init/analysis.hpp"
#include "init/apply.hpp"
#include "init/checkpoint.hpp"
#include "init/corpus_forms.hpp"
#include "init/generate.hpp"
#include "init/harness.hpp"
#include "capi/claim_shell.hpp"
#include "capi/init_convert.hpp"
#include "init/harness_part.hpp"
#include "init/harness_timing.hpp"
#include "init/options.hpp"
#include "init/strategies.hpp"
#include "sft/params.hpp"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>

namespace {

// random_std of pure generation, where no model gives its init_std.
const double kDefaultStd = pr::sft::ModelConfig().init_std;

void fill_report(pr_init_layer_report *out, const pr::init::LayerReport &r) {
    out->blend_weight = r.blend_weight;
    out->blend_pr = r.blend_pr;
    out->antisym_pr = r.antisym_pr;
    out->symmetry = r.symmetry;
    out->scale_min = r.scale_min;
    out->scale_max = r.scale_max;
    out->zero_heads = static_cast<uint32_t>(r.zero_heads);
}

// An int field of the C options as the core enum, range-checked first.
template <class Enum>
Enum enum_arg(int value, int lo, int hi, const char *field, const char *type) {
    pr::require_arg(value >= lo && value <= hi, field, value, (std::string("unknown ") + type).c_str());
    return static_cast<Enum>(value);
}

pr::init::FormMode mode_arg(int mode, const char *field) {
    return enum_arg<pr::init::FormMode>(mode, PR_MODE_RAW, PR_MODE_FLUX, field, "pr_projection_mode");
}

pr::init::InitOptions to_core(const pr_init_options &o) {
    using namespace pr::init;
    InitOptions c;
    c.strategy = enum_arg<Strategy>(o.strategy, PR_INIT_RANDOM, PR_INIT_NORM_MATCHED, "strategy", "pr_init_strategy");
    c.power = o.power;
    c.mode = mode_arg(o.mode, "mode");
    c.banding = enum_arg<Banding>(o.banding, PR_INIT_BAND_PER_HEAD, PR_INIT_BAND_SHARED, "banding", "pr_init_banding");
    c.blend_powers = o.blend_powers;
    c.blend_target_pr = o.blend_target_pr;
    c.blend_tolerance = o.blend_tolerance;
    c.blend_complement_planes = o.blend_complement_planes;
    c.sym_component = enum_arg<SymComponent>(o.sym_component, PR_INIT_SYM_NONE, PR_INIT_SYM_IDENTITY, "sym_component",
                                             "pr_init_sym_component");
    c.sym_weight = o.sym_weight;
    c.scale = enum_arg<Scale>(o.scale, PR_INIT_SCALE_NONE, PR_INIT_SCALE_LOGIT_STD, "scale", "pr_init_scale");
    c.random_std = o.random_std;
    c.mimetic_alpha_qk = o.mimetic_alpha_qk, c.mimetic_beta_qk = o.mimetic_beta_qk;
    c.mimetic_alpha_vo = o.mimetic_alpha_vo, c.mimetic_beta_vo = o.mimetic_beta_vo;
    c.with_vo = o.with_vo != 0;
    c.embedding = enum_arg<Embedding>(o.embedding, PR_INIT_EMBED_MODEL, PR_INIT_EMBED_PPMI_SVD, "embedding",
                                      "pr_init_embedding");
    c.seed = o.seed;
    if (o.oracle_path) c.oracle_path = std::string(o.oracle_path);
    c.oracle_tensors = o.oracle_tensors;
    return c;
}

pr::init::InitOptions checked(const pr_init_options *opts) {
    return to_core(pr::capi::options_or_default(opts, pr_init_options_init, PR_INIT_OPTIONS_VERSION, "opts"));
}

}  // namespace

extern "C" {

PR_API void pr_init_options_init(pr_init_options *o) {
    if (!o) return;
    std::memset(o, 0, sizeof *o);
    const pr::init::InitOptions d;  // the one definition of the defaults
    o->version = PR_INIT_OPTIONS_VERSION;
    o->strategy = int32_t(d.strategy);
    o->power = d.power;
    o->mode = int32_t(d.mode);
    o->banding = int32_t(d.banding);
    o->blend_powers = d.blend_powers;
    o->blend_target_pr = d.blend_target_pr;
    o->blend_tolerance = d.blend_tolerance;
    o->blend_complement_planes = d.blend_complement_planes;
    o->sym_component = int32_t(d.sym_component);
    o->sym_weight = d.sym_weight;
    o->scale = int32_t(d.scale);
    o->random_std = d.random_std;
    o->mimetic_alpha_qk = d.mimetic_alpha_qk, o->mimetic_beta_qk = d.mimetic_beta_qk;
    o->mimetic_alpha_vo = d.mimetic_alpha_vo, o->mimetic_beta_vo = d.mimetic_beta_vo;
    o->with_vo = d.with_vo ? 1 : 0;
    o->embedding = int32_t(d.embedding);
    o->seed = d.seed;
    o->oracle_path = nullptr;
    o->oracle_tensors = d.oracle_tensors;
}

PR_API const char *pr_init_strategy_name(int s) {
    if (s < PR_INIT_RANDOM || s > PR_INIT_NORM_MATCHED) return "unknown";
    return pr::init::strategy_name(static_cast<pr::init::Strategy>(s));
}

PR_API int pr_init_describe(const pr_init_options *opts, char *buf, size_t capacity, size_t *needed) {
    return pr::capi::guard([&] {
        pr::require_nonnull(needed, "needed");
        const std::string s = pr::init::describe(checked(opts));
        *needed = s.size() + 1;
        if (!buf) return;
        if (capacity < *needed) pr::fail(PR_ERR_BUFFER_TOO_SMALL, "argument 'capacity' = ", capacity, ": needs ", *needed);
        std::memcpy(buf, s.c_str(), s.size() + 1);
    });
}

PR_API int pr_init_generate_f32(const pr_init_options *opts, uint32_t n_layer, uint32_t n_head, uint32_t d_model,
                                const float *corpus_forms, uint32_t n_forms, const float *embedding, uint64_t vocab,
                                float *w_q, float *w_k, float *w_v, float *w_o, pr_init_layer_report *reports) {
    return pr::capi::guard([&] {
        const auto rep = pr::init::generate_weights(checked(opts), n_layer, n_head, d_model, corpus_forms, n_forms,
                                                    embedding, vocab, kDefaultStd, {w_q, w_k, w_v, w_o});
        if (reports)
            for (uint32_t l = 0; l < n_layer; ++l) fill_report(&reports[l], rep[l]);
    });
}

PR_API int pr_init_corpus_forms_f64(const uint32_t *tokens, size_t n_tokens, uint32_t vocab, const float *embedding,
                                    uint32_t d, uint32_t max_power, int mode, double *out) {
    return pr::capi::guard([&] {
        pr::require_nonnull(embedding, "embedding");
        pr::require_nonnull(out, "out");
        pr::require_arg(d >= 1, "d", d, "must be >= 1");
        const pr::init::FormMode m = mode_arg(mode, "mode");
        pr::require_arg(max_power >= 1 && max_power <= 64, "max_power", max_power, "must be in 1..64");
        const auto tr = pr::init::token_transition(tokens, n_tokens, vocab);
        const auto forms = pr::init::corpus_forms(tr, embedding, vocab, d, int(max_power), m);
        for (size_t k = 0; k < forms.size(); ++k)
            for (uint32_t i = 0; i < d; ++i)
                for (uint32_t j = 0; j < d; ++j) out[(k * d + i) * d + j] = forms[k](i, j);
    });
}

PR_API int pr_init_apply(pr_sft *model, const pr_init_options *opts, const uint32_t *tokens, size_t n_tokens,
                         pr_init_layer_report *reports, size_t capacity) {
    return pr::capi::guard([&] {
        pr::require_nonnull(model, "model");
        const auto rep = pr::init::apply_init(model->trainer, checked(opts), tokens, n_tokens);
        if (reports) {
            if (capacity < rep.size())
                pr::fail(PR_ERR_BUFFER_TOO_SMALL, "argument 'capacity' = ", capacity, ": needs n_layer = ", rep.size());
            for (size_t l = 0; l < rep.size(); ++l) fill_report(&reports[l], rep[l]);
        }
    });
}

PR_API int pr_init_save_model_safetensors(const pr_sft *model, const char *path) {
    return pr::capi::guard([&] {
        pr::require_nonnull(model, "model");
        pr::require_nonnull(path, "path");
        pr::init::write_param_set(path, pr::init::model_param_set(model->trainer), {{"format", "prspread-sft"}});
    });
}

PR_API int pr_init_save_weights_safetensors(const char *path, uint32_t n_layer, uint32_t d_model, const float *w_q,
                                            const float *w_k, const float *w_v, const float *w_o) {
    return pr::capi::guard([&] {
        pr::require_nonnull(path, "path");
        pr::require_nonnull(w_q, "w_q");
        pr::require_nonnull(w_k, "w_k");
        pr::require_arg(n_layer >= 1 && d_model >= 1, "n_layer", n_layer, "n_layer and d_model must be >= 1");
        const auto set = pr::init::stacked_attention_params(n_layer, d_model, w_q, w_k, w_v, w_o);
        pr::init::write_param_set(path, set, {{"format", "prspread-init"}});
    });
}

}  // extern "C"

// ---- comparison harness ---------------------------------------------------

namespace {

const pr::init::RunResult &run_at(const pr_init_compare *r, size_t arm, size_t seed) {
    pr::require_nonnull(r, "result");
    pr::require_arg(arm < r->result.arms.size(), "arm", arm, "is not below n_arms");
    pr::require_arg(seed < r->result.seeds.size(), "seed_index", seed, "is not below n_seeds");
    const auto &run = r->result.runs[arm][seed];
    if (run.train_loss.empty())
        pr::fail(PR_ERR_INVALID_ARGUMENT, "run (arm ", arm, ", seed_index ", seed, ") is not in this partial comparison");
    return run;
}

// Summaries, reports and claims need every run.
void require_complete(const pr_init_compare *r) {
    pr::require_nonnull(r, "result");
    if (!pr::init::is_complete(r->result))
        pr::fail(PR_ERR_INVALID_ARGUMENT, "the comparison is partial: ", pr::init::runs_present(r->result), " of ",
                 r->result.arms.size() * r->result.seeds.size(), " runs present (merge the others first)");
}

}  // namespace

namespace pr::capi {

HarnessInputs harness_inputs(const pr_init_compare_options *opts, const uint32_t *tokens, size_t n_tokens,
                             const pr_init_arm *arms, size_t n_arms, const uint64_t *seeds, size_t n_seeds) {
    pr::require_nonnull(tokens, "tokens");
    pr::require_nonnull(arms, "arms");
    pr::require_nonnull(seeds, "seeds");
    const pr_init_compare_options o =
        pr::capi::options_or_default(opts, pr_init_compare_options_init, PR_INIT_COMPARE_OPTIONS_VERSION, "opts",
                                     {{1, offsetof(pr_init_compare_options, curve_eval_batches)}});
    HarnessInputs in;
    pr::init::HarnessConfig &c = in.config;
    if (o.model) c.model = pr::capi::to_model_config(pr::capi::sft_options_or_default(o.model, "opts.model"));
    if (o.train) {
        if (o.train->version != PR_SFT_TRAIN_OPTIONS_VERSION)
            pr::fail(PR_ERR_VERSION, "argument 'opts.train': pr_sft_train_options version ", o.train->version, " unknown");
        c.train = pr::capi::to_train_config(*o.train);
    }
    c.steps = o.steps;
    c.eval_interval = o.eval_interval;
    c.reference_steps = o.reference_steps;
    c.cache_dir = o.cache_dir ? o.cache_dir : "";
    c.vary_data_with_seed = o.vary_data_with_seed != 0;
    c.curve_eval_batches = o.curve_eval_batches;
    for (size_t a = 0; a < n_arms; ++a) {
        pr::require_nonnull(arms[a].label, "arms[i].label");
        if (arms[a].init.version != PR_INIT_OPTIONS_VERSION)
            pr::fail(PR_ERR_VERSION, "argument 'arms[", a, "].init': options version ", arms[a].init.version, " unknown");
        in.arms.push_back({arms[a].label, to_core(arms[a].init)});
    }
    in.tokens.assign(tokens, tokens + n_tokens);
    in.seeds.assign(seeds, seeds + n_seeds);
    return in;
}

}  // namespace pr::capi

extern "C" {

PR_API void pr_init_compare_options_init(pr_init_compare_options *o) {
    if (!o) return;
    std::memset(o, 0, sizeof *o);
    const pr::init::HarnessConfig d;  // the one definition of the defaults
    o->version = PR_INIT_COMPARE_OPTIONS_VERSION;
    o->steps = d.steps;
    o->eval_interval = d.eval_interval;
    o->reference_steps = d.reference_steps;
    o->vary_data_with_seed = d.vary_data_with_seed ? 1 : 0;
    o->curve_eval_batches = d.curve_eval_batches;
}

PR_API int pr_init_compare_run(pr_init_compare **out, const pr_init_compare_options *opts, const uint32_t *tokens,
                               size_t n_tokens, const pr_init_arm *arms, size_t n_arms, const uint64_t *seeds,
                               size_t n_seeds, pr_progress_fn progress, void *user) {
    if (out) *out = nullptr;
    return pr::capi::guard([&] {
        pr::require_nonnull(out, "out");
        auto in = pr::capi::harness_inputs(opts, tokens, n_tokens, arms, n_arms, seeds, n_seeds);
        auto handle = std::make_unique<pr_init_compare>();
        handle->result = pr::init::run_harness(in.config, in.tokens, in.arms, in.seeds, pr::Progress(progress, user));
        *out = handle.release();
    });
}

PR_API void pr_init_compare_free(pr_init_compare *r) { delete r; }

PR_API int pr_init_compare_counts(const pr_init_compare *r, size_t *n_arms, size_t *n_seeds, uint64_t *steps) {
    return pr::capi::guard([&] {
        pr::require_nonnull(r, "result");
        if (n_arms) *n_arms = r->result.arms.size();
        if (n_seeds) *n_seeds = r->result.seeds.size();
        if (steps) *steps = r->result.steps;
    });
}

PR_API int pr_init_compare_summary(const pr_init_compare *r, size_t arm, pr_init_arm_summary *out) {
    return pr::capi::guard([&] {
        require_complete(r);
        run_at(r, arm, 0);
        pr::require_nonnull(out, "out");
        const auto &s = r->result.summaries[arm];
        out->label = s.label.c_str();
        out->description = s.description.c_str();
        out->n_seeds = s.loss.n;
        out->loss_mean = s.loss.mean, out->loss_std = s.loss.std, out->loss_lo = s.loss.lo, out->loss_hi = s.loss.hi;
        out->diff_pct_mean = s.diff_pct.mean, out->diff_pct_lo = s.diff_pct.lo, out->diff_pct_hi = s.diff_pct.hi;
        out->steps_to_random_final = s.steps_to_random_final;
    });
}

PR_API int pr_init_compare_final_losses_f64(const pr_init_compare *r, size_t arm, double *out, size_t capacity) {
    return pr::capi::guard([&] {
        require_complete(r);
        run_at(r, arm, 0);
        pr::require_nonnull(out, "out");
        if (capacity < r->result.seeds.size())
            pr::fail(PR_ERR_BUFFER_TOO_SMALL, "argument 'capacity' = ", capacity, ": needs n_seeds = ", r->result.seeds.size());
        for (size_t i = 0; i < r->result.seeds.size(); ++i) out[i] = r->result.runs[arm][i].final_val_loss;
    });
}

PR_API int pr_init_compare_train_curve_f64(const pr_init_compare *r, size_t arm, size_t seed_index, double *out,
                                           size_t capacity) {
    return pr::capi::guard([&] {
        const auto &run = run_at(r, arm, seed_index);
        pr::require_nonnull(out, "out");
        if (capacity < run.train_loss.size())
            pr::fail(PR_ERR_BUFFER_TOO_SMALL, "argument 'capacity' = ", capacity, ": needs ", run.train_loss.size());
        std::copy(run.train_loss.begin(), run.train_loss.end(), out);
    });
}

PR_API int pr_init_compare_val_curve_f64(const pr_init_compare *r, size_t arm, size_t seed_index, uint64_t *steps,
                                         double *val_loss, size_t capacity, size_t *n_evals) {
    return pr::capi::guard([&] {
        const auto &run = run_at(r, arm, seed_index);
        pr::require_nonnull(n_evals, "n_evals");
        *n_evals = run.val_loss.size();
        if (!steps && !val_loss) return;
        if (capacity < run.val_loss.size())
            pr::fail(PR_ERR_BUFFER_TOO_SMALL, "argument 'capacity' = ", capacity, ": needs ", run.val_loss.size());
        if (steps) std::copy(run.eval_steps.begin(), run.eval_steps.end(), steps);
        if (val_loss) std::copy(run.val_loss.begin(), run.val_loss.end(), val_loss);
    });
}

PR_API int pr_init_compare_data_digest(const pr_init_compare *r, size_t arm, size_t seed_index, uint64_t *digest) {
    return pr::capi::guard([&] {
        const auto &run = run_at(r, arm, seed_index);
        pr::require_nonnull(digest, "digest");
        *digest = run.data_digest;
    });
}

PR_API int pr_init_compare_get_timing(const pr_init_compare *r, pr_init_compare_timing *out) {
    return pr::capi::guard([&] {
        pr::require_nonnull(r, "result");
        pr::require_nonnull(out, "out");
        const pr::init::HarnessTiming t = pr::init::harness_timing(r->result);
        *out = pr_init_compare_timing{t.steps, t.steady_steps, t.step_median, t.train, t.data, t.eval, t.setup, t.prep};
    });
}

PR_API int pr_init_compare_report(const pr_init_compare *r, int format, char *buf, size_t capacity, size_t *needed) {
    return pr::capi::guard([&] {
        require_complete(r);
        pr::require_nonnull(needed, "needed");
        pr::require_arg(format == PR_REPORT_MARKDOWN || format == PR_REPORT_JSON, "format", format,
                        "not a pr_report_format (PR_REPORT_MARKDOWN 0, PR_REPORT_JSON 1)");
        const std::string s = format == PR_REPORT_MARKDOWN ? r->result.markdown() : r->result.json();
        *needed = s.size() + 1;
        if (!buf) return;
        if (capacity < *needed) pr::fail(PR_ERR_BUFFER_TOO_SMALL, "argument 'capacity' = ", capacity, ": needs ", *needed);
        std::memcpy(buf, s.c_str(), s.size() + 1);
    });
}

}  // extern "C"

// ---- attention analysis ---------------------------------------------------
extern "C" {

PR_API void pr_init_analysis_options_init(pr_init_analysis_options *o) {
    if (!o) return;
    std::memset(o, 0, sizeof *o);
    const pr::init::AnalysisConfig d;
    o->version = PR_INIT_ANALYSIS_OPTIONS_VERSION;
    o->n_head = 0;  // required: safetensors do not store it
    o->power = uint32_t(d.power);
    o->mode = int32_t(d.mode);
    o->planes = uint32_t(d.planes);
    o->null_draws = uint32_t(d.null_draws);
    o->seed = d.seed;
}

PR_API int pr_init_analyze_checkpoint(const char *path, const uint32_t *tokens, size_t n_tokens,
                                      const pr_init_analysis_options *opts, pr_init_head_analysis *out, size_t capacity,
                                      size_t *n_out) {
    return pr::capi::guard([&] {
        pr::require_nonnull(path, "path");
        pr::require_nonnull(n_out, "n_out");
        const pr_init_analysis_options o = pr::capi::options_or_default(
            opts, pr_init_analysis_options_init, PR_INIT_ANALYSIS_OPTIONS_VERSION, "opts");
        pr::require_arg(o.n_head >= 1, "opts.n_head", o.n_head, "is required (>= 1)");
        pr::require_arg(o.power >= 1 && o.power <= 64, "opts.power", o.power, "must be in 1..64");
        pr::init::AnalysisConfig c;
        c.n_head = static_cast<int>(o.n_head);
        c.power = static_cast<int>(o.power);
        c.mode = mode_arg(o.mode, "opts.mode");
        c.planes = static_cast<int>(o.planes);
        c.null_draws = static_cast<int>(o.null_draws);
        c.seed = o.seed;
        const auto rows = pr::init::analyze_attention(pr::init::read_param_set(path), tokens, n_tokens, c);
        *n_out = rows.size();
        if (!out) return;
        if (capacity < rows.size())
            pr::fail(PR_ERR_BUFFER_TOO_SMALL, "argument 'capacity' = ", capacity, ": needs ", rows.size());
        using pr::capi::to_c;
        for (size_t i = 0; i < rows.size(); ++i) {
            const auto &r = rows[i];
            pr_init_head_analysis &o2 = out[i];
            o2.layer = r.layer, o2.head = r.head;
            o2.frobenius_norm = r.norm, o2.symmetry = r.symmetry;
            o2.antisym_pr = r.antisym.pr, o2.planes = r.antisym.planes;
            o2.effective_rank = r.antisym.effective_rank, o2.stable_rank = r.antisym.stable_rank;
            o2.frobenius_cos = to_c(r.sim.frobenius_cosine);
            o2.subspace_overlap = to_c(r.sim.subspace_overlap);
            o2.spectrum_cos = to_c(r.sim.spectrum_cosine);
            o2.mean_principal_cos = r.mean_principal_cos;
            o2.geometry = to_c(r.geometry);
        }
    });
}

}  // extern "C"

// ---- verdicts with power on a comparison (claim_api.cpp has the rest) -----

extern "C" PR_API int pr_init_compare_claim(const pr_init_compare *r, size_t arm, size_t baseline, double claimed_pct,
                                            pr_claim_test *out) {
    return pr::capi::guard([&] {
        require_complete(r);
        pr::require_nonnull(out, "out");
        const size_t n_arms = r->result.arms.size();
        if (arm >= n_arms) pr::fail(PR_ERR_OUT_OF_RANGE, "argument 'arm' = ", arm, ": must be < n_arms ", n_arms);
        if (baseline >= n_arms)
            pr::fail(PR_ERR_OUT_OF_RANGE, "argument 'baseline' = ", baseline, ": must be < n_arms ", n_arms);
        pr::capi::check_claimed(claimed_pct);
        const auto d = pr::init::paired_percent_differences(r->result, arm, baseline);
        pr::capi::fill_claim_test(pr::init::test_paired_claim(d, claimed_pct), out);
    });
}

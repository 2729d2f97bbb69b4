// extern "C" layer of pr_init: validate, call the core, translate errors.
#include "capi/guard.hpp"
#include "init/analysis.hpp"
#include "init/apply.hpp"
#include "init/checkpoint.hpp"
#include "init/corpus_forms.hpp"
#include "init/harness.hpp"
#include "init/claim.hpp"
#include "init/strategies.hpp"

#include <algorithm>
#include <cstring>
#include <memory>

namespace {

constexpr double kDefaultStd = 0.02;

Eigen::MatrixXd read_square(const float *p, size_t index, uint32_t d) {
    Eigen::MatrixXd m(d, d);
    const float *base = p + index * size_t(d) * d;
    for (uint32_t i = 0; i < d; ++i)
        for (uint32_t j = 0; j < d; ++j) m(i, j) = base[size_t(i) * d + j];
    return m;
}

void write_square(float *p, size_t index, const Eigen::MatrixXd &m) {
    const size_t d = static_cast<size_t>(m.rows());
    float *base = p + index * d * d;
    for (size_t i = 0; i < d; ++i)
        for (size_t j = 0; j < d; ++j) base[i * d + j] = static_cast<float>(m(i, j));
}

void fill_report(pr_init_layer_report *out, const pr::init::LayerReport &r) {
    out->blend_weight = r.blend_weight;
    out->blend_pr = r.blend_pr;
    out->antisym_pr = r.antisym_pr;
    out->symmetry = r.symmetry;
    out->scale_min = r.scale_min;
    out->scale_max = r.scale_max;
    out->zero_heads = static_cast<uint32_t>(r.zero_heads);
}

pr_init_options checked(const pr_init_options *opts) {
    return pr::capi::options_or_default(opts, pr_init_options_init, PR_INIT_OPTIONS_VERSION, "opts");
}

}  // namespace

extern "C" {

PR_API void pr_init_options_init(pr_init_options *o) {
    if (!o) return;
    std::memset(o, 0, sizeof *o);
    o->version = PR_INIT_OPTIONS_VERSION;
    o->strategy = PR_INIT_RANDOM;
    o->power = 1;
    o->mode = PR_INIT_MODE_CENTER_EMBEDDINGS;
    o->banding = PR_INIT_BAND_PER_HEAD;
    o->blend_powers = 4;
    o->blend_target_pr = 8.75;
    o->blend_tolerance = 0.05;
    o->blend_complement_planes = 0;
    o->sym_component = PR_INIT_SYM_NONE;
    o->sym_weight = 1.0;
    o->scale = PR_INIT_SCALE_FROBENIUS;
    o->random_std = 0;
    o->mimetic_alpha_qk = 0.7, o->mimetic_beta_qk = 0.7;
    o->mimetic_alpha_vo = 0.4, o->mimetic_beta_vo = 0.4;
    o->with_vo = 0;
    o->embedding = PR_INIT_EMBED_MODEL;
    o->seed = 0;
    o->oracle_path = nullptr;
    o->oracle_tensors = PR_INIT_COPY_WQ | PR_INIT_COPY_WK;
}

PR_API const char *pr_init_strategy_name(int s) {
    if (s < PR_INIT_RANDOM || s > PR_INIT_NORM_MATCHED) return nullptr;
    return pr::init::strategy_name(static_cast<pr::init::Strategy>(s));
}

PR_API int pr_init_describe(const pr_init_options *opts, char *buf, size_t cap, size_t *needed) {
    return pr::capi::guard([&] {
        pr::require_nonnull(needed, "needed");
        const std::string s = pr::init::describe(checked(opts));
        *needed = s.size() + 1;
        if (!buf) return;
        if (cap < *needed) pr::fail(PR_ERR_BUFFER_TOO_SMALL, "argument 'cap' = ", cap, ": needs ", *needed);
        std::memcpy(buf, s.c_str(), s.size() + 1);
    });
}

PR_API int pr_init_generate_f32(const pr_init_options *opts, uint32_t n_layer, uint32_t n_head, uint32_t d_model,
                                const float *corpus_forms, uint32_t n_forms, const float *embedding, uint64_t vocab,
                                float *w_q, float *w_k, float *w_v, float *w_o, pr_init_layer_report *reports) {
    return pr::capi::guard([&] {
        const pr_init_options o = checked(opts);
        pr::require_nonnull(w_q, "w_q");
        pr::require_nonnull(w_k, "w_k");
        pr::require_arg((w_v == nullptr) == (w_o == nullptr), "w_v/w_o", w_v ? "w_o NULL" : "w_v NULL",
                        "give both or neither");
        pr::require_arg(o.strategy != PR_INIT_ORACLE, "opts.strategy", "oracle", "needs a model: use pr_init_apply");
        pr::init::InitConfig cfg = pr::init::config_from_options(o, int(n_layer), int(n_head), int(d_model), kDefaultStd);
        cfg.with_vo = w_v != nullptr;
        std::vector<Eigen::MatrixXd> forms;
        if (o.strategy == PR_INIT_DIRECT || o.strategy == PR_INIT_PR_BLEND || o.strategy == PR_INIT_NORM_MATCHED) {
            pr::require_nonnull(corpus_forms, "corpus_forms");
            pr::require_arg(n_forms >= 1, "n_forms", n_forms, "direct and pr_blend need at least one form");
            const uint32_t used = o.strategy == PR_INIT_DIRECT ? 1 : n_forms;
            for (uint32_t k = 0; k < used; ++k) {
                const Eigen::MatrixXd m = read_square(corpus_forms, k, d_model);
                forms.push_back(0.5 * (m - m.transpose()));
            }
        }
        Eigen::MatrixXd emb;
        if (embedding) {
            pr::require_arg(vocab >= 1, "vocab", vocab, "must be >= 1 with an embedding");
            emb.resize(static_cast<Eigen::Index>(vocab), d_model);
            for (uint64_t a = 0; a < vocab; ++a)
                for (uint32_t j = 0; j < d_model; ++j) emb(a, j) = embedding[a * d_model + j];
        }
        std::vector<pr::init::LayerReport> rep;
        const auto layers = pr::init::make_attention_init(cfg, forms, embedding ? &emb : nullptr, &rep);
        for (uint32_t l = 0; l < n_layer; ++l) {
            write_square(w_q, l, layers[l].wq);
            write_square(w_k, l, layers[l].wk);
            if (w_v) {
                write_square(w_v, l, layers[l].wv);
                write_square(w_o, l, layers[l].wo);
            }
            if (reports) fill_report(&reports[l], rep[l]);
        }
    });
}

PR_API int pr_init_corpus_forms_f64(const uint32_t *tokens, size_t n_tokens, uint32_t vocab, const float *embedding,
                                    uint32_t d, uint32_t max_power, int mode, double *out) {
    return pr::capi::guard([&] {
        pr::require_nonnull(embedding, "embedding");
        pr::require_nonnull(out, "out");
        pr::require_arg(d >= 1, "d", d, "must be >= 1");
        pr::require_arg(mode >= PR_INIT_MODE_RAW && mode <= PR_INIT_MODE_FLUX, "mode", mode, "unknown pr_init_form_mode");
        pr::require_arg(max_power >= 1 && max_power <= 64, "max_power", max_power, "must be in 1..64");
        const auto tr = pr::init::token_transition(tokens, n_tokens, vocab);
        const auto forms = pr::init::corpus_forms(tr, embedding, vocab, d, int(max_power),
                                                  static_cast<pr::init::FormMode>(mode));
        for (size_t k = 0; k < forms.size(); ++k)
            for (uint32_t i = 0; i < d; ++i)
                for (uint32_t j = 0; j < d; ++j) out[(k * d + i) * d + j] = forms[k](i, j);
    });
}

PR_API int pr_init_apply(pr_sft *model, const pr_init_options *opts, const uint32_t *tokens, size_t n_tokens,
                         pr_init_layer_report *reports, size_t n_reports) {
    return pr::capi::guard([&] {
        pr::require_nonnull(model, "model");
        const pr_init_options o = checked(opts);
        const auto rep = pr::init::apply_init(model, o, tokens, n_tokens);
        if (reports) {
            pr::require_arg(n_reports >= rep.size(), "n_reports", n_reports, "must be >= n_layer");
            for (size_t l = 0; l < rep.size(); ++l) fill_report(&reports[l], rep[l]);
        }
    });
}

PR_API int pr_init_save_model_safetensors(const pr_sft *model, const char *path) {
    return pr::capi::guard([&] {
        pr::require_nonnull(model, "model");
        pr::require_nonnull(path, "path");
        pr::init::write_param_set(path, pr::init::model_param_set(model), {{"format", "prspread-sft"}});
    });
}

PR_API int pr_init_save_weights_safetensors(const char *path, uint32_t n_layer, uint32_t d_model, const float *w_q,
                                            const float *w_k, const float *w_v, const float *w_o) {
    return pr::capi::guard([&] {
        pr::require_nonnull(path, "path");
        pr::require_nonnull(w_q, "w_q");
        pr::require_nonnull(w_k, "w_k");
        pr::require_arg(n_layer >= 1 && d_model >= 1, "n_layer", n_layer, "n_layer and d_model must be >= 1");
        pr::init::ParamSet set;
        const size_t dd = size_t(d_model) * d_model;
        auto put = [&](const std::string &name, const float *base, uint32_t l) {
            set[name] = pr::init::Tensor{{d_model, d_model}, std::vector<float>(base + l * dd, base + (l + 1) * dd)};
        };
        for (uint32_t l = 0; l < n_layer; ++l) {
            const std::string p = "h." + std::to_string(l) + ".attn.";
            put(p + "w_q", w_q, l);
            put(p + "w_k", w_k, l);
            if (w_v) put(p + "w_v", w_v, l);
            if (w_o) put(p + "c_proj.weight", w_o, l);
        }
        pr::init::write_param_set(path, set, {{"format", "prspread-init"}});
    });
}

}  // extern "C"

// ---- comparison harness ---------------------------------------------------

struct pr_init_compare {
    pr::init::HarnessResult result;
};

namespace {

const pr::init::RunResult &run_at(const pr_init_compare *r, size_t arm, size_t seed) {
    pr::require_nonnull(r, "result");
    pr::require_arg(arm < r->result.arms.size(), "arm", arm, "is not below n_arms");
    pr::require_arg(seed < r->result.seeds.size(), "seed_index", seed, "is not below n_seeds");
    return r->result.runs[arm][seed];
}

}  // namespace

extern "C" {

PR_API void pr_init_compare_options_init(pr_init_compare_options *o) {
    if (!o) return;
    std::memset(o, 0, sizeof *o);
    o->version = PR_INIT_COMPARE_OPTIONS_VERSION;
    o->steps = 100;
    o->eval_interval = 10;
    o->reference_steps = 1000;
}

PR_API int pr_init_compare_run(pr_init_compare **out, const pr_init_compare_options *opts, const uint32_t *tokens,
                               size_t n_tokens, const pr_init_arm *arms, size_t n_arms, const uint64_t *seeds,
                               size_t n_seeds, pr_progress_fn progress, void *user) {
    if (out) *out = nullptr;
    return pr::capi::guard([&] {
        pr::require_nonnull(out, "out");
        pr::require_nonnull(tokens, "tokens");
        pr::require_nonnull(arms, "arms");
        pr::require_nonnull(seeds, "seeds");
        const pr_init_compare_options o = pr::capi::options_or_default(
            opts, pr_init_compare_options_init, PR_INIT_COMPARE_OPTIONS_VERSION, "opts");
        pr::init::HarnessConfig c;
        if (o.model) {
            if (o.model->version != PR_SFT_OPTIONS_VERSION)
                pr::fail(PR_ERR_VERSION, "argument 'opts.model': pr_sft_options version ", o.model->version, " unknown");
            c.model = *o.model;
        } else {
            pr_sft_options_init(&c.model);
        }
        if (o.train) {
            if (o.train->version != PR_SFT_TRAIN_OPTIONS_VERSION)
                pr::fail(PR_ERR_VERSION, "argument 'opts.train': pr_sft_train_options version ", o.train->version, " unknown");
            c.train = *o.train;
        } else {
            pr_sft_train_options_init(&c.train);
        }
        c.steps = o.steps;
        c.eval_interval = o.eval_interval;
        c.reference_steps = o.reference_steps;
        c.cache_dir = o.cache_dir ? o.cache_dir : "";
        c.vary_data_with_seed = o.vary_data_with_seed != 0;
        std::vector<pr::init::HarnessArm> arm_list;
        for (size_t a = 0; a < n_arms; ++a) {
            pr::require_nonnull(arms[a].label, "arms[i].label");
            if (arms[a].init.version != PR_INIT_OPTIONS_VERSION)
                pr::fail(PR_ERR_VERSION, "argument 'arms[", a, "].init': options version ", arms[a].init.version, " unknown");
            arm_list.push_back({arms[a].label, arms[a].init});
        }
        auto handle = std::make_unique<pr_init_compare>();
        handle->result = pr::init::run_harness(c, std::vector<uint32_t>(tokens, tokens + n_tokens), arm_list,
                                               std::vector<uint64_t>(seeds, seeds + n_seeds), pr::Progress(progress, user));
        // Borrowed strings must not outlive the call: the labels are copied
        // into HarnessArm; oracle paths are dropped.
        for (auto &arm : handle->result.arms) arm.init.oracle_path = nullptr;
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

PR_API int pr_init_compare_final_losses_f64(const pr_init_compare *r, size_t arm, double *out) {
    return pr::capi::guard([&] {
        run_at(r, arm, 0);
        pr::require_nonnull(out, "out");
        for (size_t i = 0; i < r->result.seeds.size(); ++i) out[i] = r->result.runs[arm][i].final_val_loss;
    });
}

PR_API int pr_init_compare_train_curve_f64(const pr_init_compare *r, size_t arm, size_t seed_index, double *out,
                                           size_t cap) {
    return pr::capi::guard([&] {
        const auto &run = run_at(r, arm, seed_index);
        pr::require_nonnull(out, "out");
        if (cap < run.train_loss.size())
            pr::fail(PR_ERR_BUFFER_TOO_SMALL, "argument 'cap' = ", cap, ": needs ", run.train_loss.size());
        std::copy(run.train_loss.begin(), run.train_loss.end(), out);
    });
}

PR_API int pr_init_compare_val_curve_f64(const pr_init_compare *r, size_t arm, size_t seed_index, uint64_t *steps,
                                         double *val_loss, size_t cap, size_t *n_evals) {
    return pr::capi::guard([&] {
        const auto &run = run_at(r, arm, seed_index);
        pr::require_nonnull(n_evals, "n_evals");
        *n_evals = run.val_loss.size();
        if (!steps && !val_loss) return;
        if (cap < run.val_loss.size())
            pr::fail(PR_ERR_BUFFER_TOO_SMALL, "argument 'cap' = ", cap, ": needs ", run.val_loss.size());
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

PR_API int pr_init_compare_report(const pr_init_compare *r, int format, char *buf, size_t cap, size_t *needed) {
    return pr::capi::guard([&] {
        pr::require_nonnull(r, "result");
        pr::require_nonnull(needed, "needed");
        pr::require_arg(format == 0 || format == 1, "format", format, "must be 0 (markdown) or 1 (JSON)");
        const std::string s = format == 0 ? r->result.markdown() : r->result.json();
        *needed = s.size() + 1;
        if (!buf) return;
        if (cap < *needed) pr::fail(PR_ERR_BUFFER_TOO_SMALL, "argument 'cap' = ", cap, ": needs ", *needed);
        std::memcpy(buf, s.c_str(), s.size() + 1);
    });
}

}  // extern "C"

// ---- attention analysis ---------------------------------------------------
extern "C" {

PR_API void pr_init_analysis_options_init(pr_init_analysis_options *o) {
    if (!o) return;
    std::memset(o, 0, sizeof *o);
    o->version = PR_INIT_ANALYSIS_OPTIONS_VERSION;
    o->power = 1;
    o->mode = PR_INIT_MODE_CENTER_EMBEDDINGS;
    o->planes = 4;
    o->null_draws = 32;
    o->seed = 1;
}

PR_API int pr_init_analyze_checkpoint(const char *path, const uint32_t *tokens, size_t n_tokens,
                                      const pr_init_analysis_options *opts, pr_init_head_analysis *out, size_t cap,
                                      size_t *n_out) {
    return pr::capi::guard([&] {
        pr::require_nonnull(path, "path");
        pr::require_nonnull(n_out, "n_out");
        const pr_init_analysis_options o = pr::capi::options_or_default(
            opts, pr_init_analysis_options_init, PR_INIT_ANALYSIS_OPTIONS_VERSION, "opts");
        pr::require_arg(o.n_head >= 1, "opts.n_head", o.n_head, "is required (>= 1)");
        pr::require_arg(o.power >= 1 && o.power <= 64, "opts.power", o.power, "must be in 1..64");
        pr::require_arg(o.mode >= PR_INIT_MODE_RAW && o.mode <= PR_INIT_MODE_FLUX, "opts.mode", o.mode, "unknown pr_init_form_mode");
        pr::init::AnalysisConfig c;
        c.n_head = static_cast<int>(o.n_head);
        c.power = static_cast<int>(o.power);
        c.mode = static_cast<pr::init::FormMode>(o.mode);
        c.planes = static_cast<int>(o.planes);
        c.null_draws = static_cast<int>(o.null_draws);
        c.seed = o.seed;
        const auto rows = pr::init::analyze_attention(pr::init::read_param_set(path), tokens, n_tokens, c);
        *n_out = rows.size();
        if (!out) return;
        if (cap < rows.size()) pr::fail(PR_ERR_BUFFER_TOO_SMALL, "argument 'cap' = ", cap, ": needs ", rows.size());
        auto stat = [](const pr::spectrum::Stat &st) { return pr_init_similarity_stat{st.value, st.null_mean, st.null_std, st.z}; };
        for (size_t i = 0; i < rows.size(); ++i) {
            const auto &r = rows[i];
            pr_init_head_analysis &o2 = out[i];
            o2.layer = r.layer, o2.head = r.head;
            o2.frobenius_norm = r.norm, o2.symmetry = r.symmetry;
            o2.antisym_pr = r.antisym.pr, o2.planes = r.antisym.planes;
            o2.effective_rank = r.antisym.effective_rank, o2.stable_rank = r.antisym.stable_rank;
            o2.frobenius_cos = stat(r.sim.frobenius_cosine);
            o2.subspace_overlap = stat(r.sim.subspace_overlap);
            o2.spectrum_cos = stat(r.sim.spectrum_cosine);
            o2.mean_principal_cos = r.mean_principal_cos;
        }
    });
}

}  // extern "C"

// ---- verdicts with power on a comparison (claim_api.cpp has the rest) -----

namespace pr::capi {
void fill_claim_test(const pr::init::ClaimTest &t, pr_claim_test *out);
void check_claimed(double claimed);
}  // namespace pr::capi

extern "C" PR_API int pr_init_compare_claim(const pr_init_compare *r, size_t arm, size_t baseline, double claimed_pct,
                                            pr_claim_test *out) {
    return pr::capi::guard([&] {
        pr::require_nonnull(r, "result");
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

#include "study_run.hpp"

#include "attention_forms.hpp"
#include "common.hpp"
#include "corpus_build.hpp"
#include "mpi_launch.hpp"
#include "progress.hpp"
#include "source_claims.hpp"
#include "spectra.hpp"
#include "study_mpi.hpp"
#include "study_timing.hpp"
#include "table.hpp"

#include <chrono>
#include <cmath>

namespace cli {

namespace {

class Stopwatch {
public:
    explicit Stopwatch(Study &s, std::string stage) : s_(s), stage_(std::move(stage)) {}
    ~Stopwatch() {
        s_.seconds.emplace_back(stage_, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count());
    }

private:
    Study &s_;
    std::string stage_;
    std::chrono::steady_clock::time_point t0_ = std::chrono::steady_clock::now();
};

pr_init_options init_options(int strategy) {
    pr_init_options o;
    pr_init_options_init(&o);
    o.strategy = strategy;
    return o;
}

// The blend init applied to fresh models of every seed (each model's own
// wte gives its own corpus forms).  When the target lies below a seed's
// corpus-form PR, all seeds use a one-plane complement (the library's
// documented remedy) so the comparison arm is one strategy; `o` records it.
// Returns the forms of the first seed.
std::vector<Form> blend_init_forms(const TokenStream &stream, const ModelArgs &m, const std::vector<uint64_t> &seeds,
                                   pr_init_options &o, std::vector<pr_init_layer_report> &reports) {
    std::vector<Form> first;
    for (int attempt = 0; attempt < 2; ++attempt) {
        bool out_of_range = false;
        for (size_t i = 0; i < seeds.size() && !out_of_range; ++i) {
            Sft model = make_model(stream, m, seeds[i], 42, 1);
            reports.assign(m.n_layer, pr_init_layer_report{});
            o.seed = seeds[i];
            const int rc = pr_init_apply(model.get(), &o, stream.ids.data(), stream.ids.size(), reports.data(),
                                         reports.size());
            if (rc == PR_ERR_OUT_OF_RANGE && o.blend_complement_planes == 0) {
                out_of_range = true;
                break;
            }
            check(rc, "the PR-matched blend init (target PR " + fmt(o.blend_target_pr, 2) + ")");
            if (i == 0) first = layer_forms(model.get(), m.n_layer, m.d_model);
        }
        if (!out_of_range) return first;
        o.blend_complement_planes = 1;
    }
    return first;
}

void similarity_table(Study &s, const std::vector<Form> &blend, const std::vector<Form> &trained, uint32_t d) {
    pr_similarity_options o;
    pr_similarity_options_init(&o);
    o.part = PR_PART_ANTISYMMETRIC;
    o.planes = std::max<uint32_t>(1, std::min<uint32_t>(4, d / 2));
    o.null_samples = 32;
    const std::string rot = "same trained form, Haar-random rotation (32 draws)";
    for (size_t l = 0; l < blend.size(); ++l) {
        pr_similarity r{};
        check(pr_similarity_f64(blend[l].data(), trained[l].data(), d, &o, &r), "comparing layer " + std::to_string(l));
        SimilarityLayer layer;
        layer.layer = int(l);
        layer.measures.push_back(
            {"frobenius_cos", r.frobenius_cosine.value, r.frobenius_cosine.null_mean, r.frobenius_cosine.null_std, rot});
        layer.measures.push_back({"subspace_overlap", r.subspace_overlap.value, r.subspace_overlap.null_mean,
                                  r.subspace_overlap.null_std, rot + "; top " + std::to_string(o.planes) + " planes"});
        layer.measures.push_back({"sorted_spectrum_cos", r.spectrum_cosine.value, r.spectrum_cosine.null_mean,
                                  r.spectrum_cosine.null_std, "an iid Gaussian matrix (32 draws)"});
        s.similarity.layers.push_back(layer);
    }
    s.similarity.done = true;
}

// Seed of the negative control's second random draw (any non-zero value
// gives a draw independent of the baseline's; pr_init_arm documents it).
constexpr uint64_t kNegativeControlSeed = 0x5eed2;

PairedTest paired_test(const pr_init_compare *r, size_t arm, size_t baseline, const std::string &name,
                       double claimed) {
    pr_claim_test t{};
    check(pr_init_compare_claim(r, arm, baseline, claimed, &t), "testing arm " + std::to_string(arm));
    PairedTest p;
    p.valid = true;
    p.baseline = name;
    p.claimed = claimed;
    p.n = t.n;
    p.mean = t.mean, p.sd = t.sd, p.lo = t.lo, p.hi = t.hi, p.mde = t.mde;
    const char *o = pr_claim_outcome_name(t.outcome);
    p.outcome = o ? o : "inconclusive";
    p.excludes_claim = t.excludes_claim != 0;
    p.seeds_needed = t.seeds_needed;
    return p;
}

void loss_table(Study &s, const StudyArgs &a, const TokenStream &stream, const pr_init_options &blend,
                const std::string &oracle_path) {
    pr_sft_options mo;
    pr_sft_options_init(&mo);
    mo.vocab_size = stream.vocab_size;
    mo.context_length = a.model.context;
    mo.n_layer = a.model.n_layer;
    mo.n_head = a.model.n_head;
    mo.d_model = a.model.d_model;
    mo.num_threads = a.model.threads;
    mo.precision = precision_code(a.model);
    pr_sft_train_options to;
    pr_sft_train_options_init(&to);
    to.batch_size = a.model.batch;
    to.warmup_steps = std::min(a.model.warmup, a.steps);
    to.lr = a.model.lr;
    to.min_lr = a.model.lr * 0.1f;
    to.val_fraction = a.model.val_fraction;
    to.eval_batches = a.model.eval_batches;

    pr_init_compare_options co;
    pr_init_compare_options_init(&co);
    co.model = &mo;
    co.train = &to;
    co.steps = a.steps;
    co.eval_interval = a.eval_every;
    co.curve_eval_batches = a.curve_eval_batches;

    // The arms: the random baseline, the source's three claims, and the
    // controls every comparison carries (DESIGN.md section 7).
    pr_init_options direct = init_options(PR_INIT_DIRECT);
    direct.power = 1;
    pr_init_options oracle = init_options(PR_INIT_ORACLE);
    oracle.oracle_path = oracle_path.c_str();
    pr_init_options oracle_qkvo = oracle;
    oracle_qkvo.oracle_tensors = PR_INIT_COPY_WQ | PR_INIT_COPY_WK | PR_INIT_COPY_WV | PR_INIT_COPY_WO;
    pr_init_options oracle_all = oracle;
    oracle_all.oracle_tensors = PR_INIT_COPY_ALL;
    pr_init_options random_b = init_options(PR_INIT_RANDOM);
    random_b.seed = kNegativeControlSeed;
    pr_init_options norm_matched = blend;
    norm_matched.strategy = PR_INIT_NORM_MATCHED;
    struct Arm {
        pr_init_arm arm;
        ArmRole role;
    };
    std::vector<Arm> plan = {{{"random", init_options(PR_INIT_RANDOM)}, ArmRole::Baseline},
                             {{"direct", direct}, ArmRole::Claim},
                             {{"blend", blend}, ArmRole::Claim},
                             {{"oracle", oracle}, ArmRole::Claim}};
    if (a.controls) {
        plan.push_back({{"oracle_qkvo", oracle_qkvo}, ArmRole::PositiveControl});
        plan.push_back({{"oracle_all", oracle_all}, ArmRole::PositiveControl});
        plan.push_back({{"random_b", random_b}, ArmRole::NegativeControl});
        plan.push_back({{"norm_matched", norm_matched}, ArmRole::NormControl});
    }
    std::vector<pr_init_arm> arms;
    for (const auto &p : plan) arms.push_back(p.arm);
    std::vector<uint64_t> seeds;
    for (uint32_t i = 0; i < a.n_seeds; ++i) seeds.push_back(i + 1);

    Progress bar("init comparison (steps)", a.quiet);
    pr_init_compare *raw = nullptr;
    const int rc = run_comparison(&raw, &co, stream.ids.data(), stream.ids.size(), arms.data(), arms.size(),
                                  seeds.data(), seeds.size(), Progress::callback, bar.user());
    bar.finish();
    if (rc == PR_ERR_CANCELLED) {
        s.interrupted = true;
        return;
    }
    if (rc != PR_OK) fail("the init comparison: " + comparison_error() + " (" + pr_status_name(rc) + ")");
    Compare result(raw);
    add_comparison_timing(s.timing, result.get(), mpi_ranks());
    s.loss.step = a.steps;
    s.loss.loss_kind = "validation";
    s.loss.eval_batches = a.model.eval_batches, s.loss.curve_batches = a.curve_eval_batches;
    const size_t norm_arm = a.controls ? plan.size() - 1 : plan.size();
    for (size_t arm = 0; arm < plan.size(); ++arm) {
        pr_init_arm_summary sum{};
        check(pr_init_compare_summary(result.get(), arm, &sum), "reading the comparison");
        StrategyRuns r;
        r.name = arms[arm].label;
        r.role = plan[arm].role;
        r.description = sum.description;
        r.seeds = seeds;
        r.n = sum.n_seeds;
        r.mean = sum.loss_mean, r.sd = sum.loss_std, r.lo = sum.loss_lo, r.hi = sum.loss_hi;
        r.loss.resize(seeds.size());
        check(pr_init_compare_final_losses_f64(result.get(), arm, r.loss.data(), r.loss.size()), "reading the comparison");
        if (arm != 0) r.vs_random = paired_test(result.get(), arm, 0, "random", source::claimed_pct(r.name));
        if (norm_arm < plan.size() && (r.name == "direct" || r.name == "blend"))
            r.vs_norm_matched = paired_test(result.get(), arm, norm_arm, "norm_matched", std::nan(""));
        for (size_t si = 0; si < seeds.size(); ++si) {
            size_t n = 0;
            check(pr_init_compare_val_curve_f64(result.get(), arm, si, nullptr, nullptr, 0, &n), "reading a curve");
            std::vector<uint64_t> steps(n);
            std::vector<double> val(n);
            check(pr_init_compare_val_curve_f64(result.get(), arm, si, steps.data(), val.data(), n, &n),
                  "reading a curve");
            if (si == 0) r.curve_steps.assign(steps.begin(), steps.end());
            r.curves.push_back(val);
        }
        s.loss.strategies.push_back(r);
    }
    s.loss.done = true;
}

// Another reference model, the first's shape, steps and data from `seed`:
// its deciding numbers join s.references.  False if interrupted.
bool train_another_reference(Study &s, const StudyArgs &a, const TokenStream &stream, const pr_transition *t,
                             uint64_t seed, uint32_t index) {
    const uint32_t d = a.model.d_model, L = a.model.n_layer;
    Sft model = make_model(stream, a.model, seed, 42, a.reference_steps);
    const std::vector<double> random_pr = antisym_prs(layer_forms(model.get(), L, d), d);
    const Curve curve = train(model.get(), a.reference_steps, 0,
                              "reference model " + std::to_string(index + 1) + "/" + std::to_string(a.reference_models),
                              a.quiet);
    add_reference_timing(s.timing, curve, double(a.model.batch) * a.model.context);
    if (curve.interrupted) return false;
    const WeightSource weights = weights_of(model.get());
    const PrTable pr = compute_pr_table(t, weights("wte", stream.vocab_size, d), stream.vocab_size, d, a.max_power,
                                        "reference model " + std::to_string(index + 1), true);
    s.references.push_back(
        reference_numbers(seed, curve.val_loss.back(), pr, antisym_prs(layer_forms(weights, L, d), d), random_pr));
    return true;
}

}  // namespace

namespace {

void run_stages(const StudyArgs &given, Study &s) {
    StudyArgs a = given;  // with --reference, the given model's shape replaces the model options
    TokenStream stream;
    {
        Stopwatch w(s, "data");
        stream = a.input.given() ? load_input(a.input) : load_synthetic(a.synth);
    }
    const bool own = a.reference.given();
    ReferenceInfo own_info;
    if (own) {
        own_info = inspect_reference(a.reference, stream.vocab_size, true);
        a.model.n_layer = own_info.config.n_layer;
        a.model.d_model = own_info.config.d_model;
        a.model.n_head = own_info.config.n_head;
        a.model.context = own_info.config.context_length;
        a.model.mlp_ratio = own_info.config.mlp_ratio;
        a.reference_steps = 0;
        s.config.reference = own_info.description;
    }
    check_stream_fits(stream, a.model);
    auto &c = s.config;
    c.source = stream.description;
    c.tokens = stream.ids.size();
    c.vocab_size = stream.vocab_size;
    c.d_model = a.model.d_model;
    c.n_layer = a.model.n_layer;
    c.n_head = a.model.n_head;
    c.context = a.model.context;
    c.batch = a.model.batch;
    c.steps = a.steps;
    c.reference_steps = a.reference_steps;
    c.reference_models = a.reference_models;
    c.max_power = a.max_power;
    for (uint32_t i = 0; i < a.n_seeds; ++i) c.seeds.push_back(i + 1);
    c.quick = a.quick;
    c.mpi_ranks = mpi_ranks();
    const uint32_t d = a.model.d_model, L = a.model.n_layer;

    Corpus corpus;
    Transition t;
    {
        Stopwatch w(s, "counting");
        corpus = count_stream(stream, 1, a.model.threads, a.quiet);
        t = make_transition(corpus.get());
    }

    // The reference model: pr_sft's default init trained reference_steps
    // steps.  Its wte is the E of table 1, its attention is "trained" in
    // tables 3-4, and its checkpoint is the oracle's source.
    // With --reference it is the given model, read tensor by tensor from its
    // file (no model handle: one sizes activations for batch x context,
    // ~20 GB at GPT-2 small's 1024), and "random init" is a fresh model of
    // its shape.  The fresh and blend models only supply init weights, so
    // they get a short context and batch 1 (init_shape): W_Q, W_K and wte
    // are drawn from the same distributions at any context.
    const uint64_t reference_seed = 1337;
    ModelArgs init_shape = a.model;
    if (own) init_shape.context = std::min<uint32_t>(a.model.context, 64), init_shape.batch = 1;
    Sft reference;
    std::vector<Form> random_init;
    std::vector<HeadGeometry> init_geometry;
    {
        Stopwatch w(s, "reference set-up");
        if (!own) reference = make_model(stream, a.model, reference_seed, 42, a.reference_steps);
        Sft fresh = own ? make_model(stream, init_shape, reference_seed, 42, 1) : Sft();
        const pr_sft *at_init = own ? fresh.get() : reference.get();
        random_init = layer_forms(at_init, L, d);
        init_geometry = attention_geometry(at_init, L, d, a.model.n_head);
    }
    const WeightSource trained_weights =
        own ? WeightSource([&](const std::string &name, uint32_t rows, uint32_t cols) {
            return read_reference(a.reference, name, rows, cols);
        })
            : weights_of(reference.get());
    Curve ref_curve;
    if (!own) {
        Stopwatch w(s, kReferenceStage);
        ref_curve = train(reference.get(), a.reference_steps, 0, "reference model", a.quiet);
    }
    add_reference_timing(s.timing, ref_curve, double(a.model.batch) * a.model.context);
    if (ref_curve.interrupted) {
        s.interrupted = true;
        s.verdict = judge(s);
        return;
    }
    const std::string oracle_path = a.work_dir + "/reference.safetensors";
    if (!own) {
        Stopwatch w(s, "saving the reference");
        check(pr_init_save_model_safetensors(reference.get(), oracle_path.c_str()), "saving the reference model");
    }

    {
        Stopwatch w(s, "PR table");
        const auto E = trained_weights("wte", stream.vocab_size, d);
        const std::string what =
            own ? "the token embedding wte of " + own_info.description
                : "the reference model's trained token embedding wte (" + std::to_string(a.reference_steps) +
                      " steps, val loss " + fmt(ref_curve.val_loss.back(), 3) + ")";
        s.pr = compute_pr_table(t.get(), E, stream.vocab_size, d, a.max_power, what, a.quiet);
    }
    if (interrupted()) {
        s.interrupted = true;
        s.verdict = judge(s);
        return;
    }

    const std::vector<Form> trained = layer_forms(trained_weights, L, d);
    const std::vector<double> trained_pr = antisym_prs(trained, d), random_pr = antisym_prs(random_init, d);
    double mean_trained = 0;
    for (double p : trained_pr) mean_trained += p / L;
    s.references.push_back(reference_numbers(reference_seed, own ? std::nan("") : ref_curve.val_loss.back(), s.pr,
                                             trained_pr, random_pr));

    // The blend is PR-matched to what training actually reached here (the
    // source matched 8.75, its own trained PR), unless --blend-target says.
    pr_init_options blend = init_options(PR_INIT_PR_BLEND);
    blend.blend_target_pr = a.blend_target > 0 ? a.blend_target : mean_trained;
    std::vector<pr_init_layer_report> reports;
    std::vector<Form> blend_forms;
    {
        Stopwatch w(s, "blend init + similarity");
        // A given model's PR need not be one the blend can reach on this
        // corpus; then Table 3 is skipped and says why, the rest still runs.
        try {
            blend_forms = blend_init_forms(stream, init_shape, c.seeds, blend, reports);
        } catch (const Failure &e) {
            if (!own) throw;
            c.similarity_skipped = std::string(e.what()) + "; give --blend-target in that range for Table 3";
        }
        const std::vector<double> blend_pr =
            blend_forms.empty() ? std::vector<double>(L, std::nan("")) : antisym_prs(blend_forms, d);
        for (uint32_t l = 0; l < L; ++l)
            s.attention.layers.push_back({int(l), trained_pr[l], trained_pr[l] / 2, random_pr[l], blend_pr[l]});
        const std::vector<HeadGeometry> trained_geometry = attention_geometry(trained_weights, L, d, a.model.n_head);
        for (size_t i = 0; i < trained_geometry.size(); ++i) {
            const pr_qk_geometry &g = trained_geometry[i].g, &g0 = init_geometry[i].g;
            GeometryRow row;
            row.layer = trained_geometry[i].layer, row.head = trained_geometry[i].head;
            row.symmetry = g.symmetry.value, row.symmetry_null = g.symmetry.null_mean;
            row.symmetry_null_sd = g.symmetry.null_std;
            row.directionality = g.directionality.value, row.directionality_null = g.directionality.null_mean;
            row.directionality_null_sd = g.directionality.null_std;
            row.sym_energy = g.sym_energy, row.antisym_energy = g.antisym_energy;
            row.init_symmetry = g0.symmetry.value, row.init_directionality = g0.directionality.value;
            s.attention.geometry.push_back(row);
        }
        s.attention.done = true;
        if (!blend_forms.empty()) similarity_table(s, blend_forms, trained, d);
    }
    if (interrupted()) {
        s.interrupted = true;
        s.verdict = judge(s);
        return;
    }

    if (a.reference_models > 1 && !own) {
        Stopwatch w(s, kMoreReferencesStage);
        for (uint32_t r = 1; r < a.reference_models; ++r)
            if (!train_another_reference(s, a, stream, t.get(), reference_seed + r, r)) {
                s.interrupted = true;
                s.verdict = judge(s);
                return;
            }
    }

    if (own) {
        c.loss_skipped = "--reference was given. Table 2 trains fresh models of the reference's shape from each "
                         "init on this corpus, and its oracle arm is a reference trained here on the same data "
                         "and batches; a model trained elsewhere is not that oracle. Rerun without --reference for "
                         "Table 2.";
    } else {
        Stopwatch w(s, kComparisonStage);
        // Each budget is its own comparison (its own LR schedule), so loss@N
        // means what a run of N steps reaches, not a point on a longer run.
        const std::vector<uint32_t> budgets = a.budgets.empty() ? std::vector<uint32_t>{a.steps} : a.budgets;
        for (uint32_t b : budgets) {
            StudyArgs at = a;
            at.steps = b;
            s.loss = LossTable{};
            loss_table(s, at, stream, blend, oracle_path);
            if (s.interrupted) break;
            if (budgets.size() > 1) s.budgets.push_back(s.loss);
        }
    }
    Stopwatch w(s, "verdict");
    s.verdict = judge(s);
    for (const LossTable &b : s.budgets) {
        Study at_budget = s;
        at_budget.loss = b;
        s.budget_verdicts.push_back(judge(at_budget));
    }
}

}  // namespace

Study run_study(const StudyArgs &a) {
    const auto t0 = std::chrono::steady_clock::now();
    Study s;
    run_stages(a, s);
    s.timing.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return s;
}

}  // namespace cli

// The results of one `prspread reproduce` run, table by table.  Filled by
// study.cpp from the library, rendered by report_*.cpp.  Every table has a
// `done` flag: after Ctrl-C the finished tables are still printed.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace cli {

struct StudyConfig {
    std::string source;          // "synthetic", "text:FILE" or "tokens:FILE"
    uint64_t tokens = 0;         // corpus length
    uint32_t vocab_size = 0;
    uint32_t d_model = 0, n_layer = 0, n_head = 0, context = 0, batch = 0;
    uint32_t steps = 0;          // training steps per strategy run (the "N" of loss@N)
    uint32_t reference_steps = 0;  // steps of the reference (trained) model
    uint32_t reference_models = 1; // reference models trained (seeds 1337, 1338, ...)
    uint32_t max_power = 0;
    std::vector<uint64_t> seeds;
    bool quick = false;
    int mpi_ranks = 1;           // > 1: table 2's runs were spread over MPI ranks
    std::string reference;       // --reference: the given model, in words (empty = trained here)
    std::string loss_skipped;    // why table 2 was not run (empty = it ran)
    std::string similarity_skipped;  // why table 3 was not run (--reference only; empty = it ran)
};

// Table 1: PR of the antisymmetric part of M_k in each mode.
struct PrPoint {
    int power = 0;
    double pr = 0, planes = 0, effective_rank = 0, stable_rank = 0;
};
struct PrMode {
    std::string mode;            // the library's name for it, e.g. "raw", "flux"
    std::vector<PrPoint> points; // one per power
};
struct PrTable {
    bool done = false;
    std::string embeddings;      // which E was used, in words
    double mean_share = 0;       // ||mean row of E||^2 * V / ||E||_F^2: how much of E is one shared direction
    std::vector<PrMode> modes;
    double null_pr = 0;          // antisymmetric PR of a random W_Q W_K^T, same d, d_head
    std::string null_what;
};

// A paired test against a baseline arm, computed by the library
// (pr_init_compare_claim): percent loss change per seed, 95% interval, MDE,
// three-way outcome against `claimed` (NaN = "some reduction").
struct PairedTest {
    bool valid = false;
    std::string baseline;        // arm it is paired with
    double claimed = 0;          // percent, NaN if no size is claimed
    uint64_t n = 0;
    double mean = 0, sd = 0, lo = 0, hi = 0, mde = 0;  // percent
    std::string outcome;         // "held", "contradicted", "inconclusive"
    bool excludes_claim = false;
    uint64_t seeds_needed = 0;   // 0 = resolved or not computable
};

// What an arm is for.
enum class ArmRole { Baseline, Claim, PositiveControl, NegativeControl, NormControl };
const char *role_name(ArmRole r);

// Table 2: loss at step N by strategy over seeds.
struct StrategyRuns {
    std::string name;            // "random", "direct", "blend", "oracle", ...
    ArmRole role = ArmRole::Claim;
    std::string description;
    std::vector<uint64_t> seeds;
    std::vector<double> loss;    // at step N, one per seed (NaN if that run was interrupted)
    // The library's summary (pr_init_compare_summary) over seeds.
    uint64_t n = 0;
    double mean = 0, sd = 0, lo = 0, hi = 0;
    PairedTest vs_random;        // against the random arm (not for random itself)
    PairedTest vs_norm_matched;  // corpus arms: structure beyond the rescale
    std::vector<uint32_t> curve_steps;
    std::vector<std::vector<double>> curves;  // [seed][i] at curve_steps[i]
};
struct LossTable {
    bool done = false;
    uint32_t step = 0;
    std::string loss_kind;       // "validation" or "training"
    uint32_t eval_batches = 0;   // the validation batches of every loss and verdict
    uint32_t curve_batches = 0;  // the first this many of them: the curve points'
    std::vector<StrategyRuns> strategies;
};
// Whether the attention positive control (oracle_qkvo: the trained W_Q, W_K,
// W_V, W_O) moved the loss, either way (its 95% interval excludes zero):
// without it no attention-init claim can be judged, whatever its interval says.
bool attention_control_detected(const LossTable &t);
// A control arm's outcome in words ("detected", "no effect (as expected)",
// ...); the arm's three-way outcome for other roles.
std::string control_outcome(const StrategyRuns &r);

// Table 3: per-layer similarity between the blend init and the trained model.
struct Similarity {
    std::string name;            // "frobenius_cos", "sorted_spectrum_cos", "subspace_overlap", ...
    double value = 0;
    double null_value = 0;       // the same measure against the null
    double null_std = 0;         // spread of the null draws (0 = no draws)
    std::string null_what;
};
struct SimilarityLayer {
    int layer = 0;
    std::vector<Similarity> measures;
};
struct SimilarityTable {
    bool done = false;
    std::vector<SimilarityLayer> layers;
};

// Table 4: antisymmetric PR of the trained attention per layer.
struct AttentionLayer {
    int layer = 0;
    double trained_pr = 0, trained_planes = 0;
    double random_init_pr = 0;   // the same model's layer at random init
    double blend_init_pr = 0;    // the blend's form for this layer
};
// Symmetry / directionality / energy split of one head (-1 = layer sum) of
// the trained reference and of the same model at random init.
struct GeometryRow {
    int layer = 0, head = -1;
    double symmetry = 0, symmetry_null = 0, symmetry_null_sd = 0;
    double directionality = 0, directionality_null = 0, directionality_null_sd = 0;
    double sym_energy = 0, antisym_energy = 0;
    double init_symmetry = 0, init_directionality = 0;  // the same head at random init
};
struct AttentionTable {
    bool done = false;
    std::vector<AttentionLayer> layers;
    std::vector<GeometryRow> geometry;
};

// The numbers the PR claims are decided on, for one reference model.  The
// first is the reference of Tables 1, 3 and 4 and the oracle's source; the
// others differ from it only in their seed, so their spread is how much a
// PR verdict owes to one training run.
struct ReferenceModel {
    uint64_t seed = 0;
    double val_loss = 0;          // at the end of its training (NaN for --reference)
    double lock_gap = 0;          // max over k of |raw PR - 2|
    int lock_gap_power = 0;       // the k of that maximum
    double best_free_pr = 0;      // the best mean-free form's PR at k = 1
    std::string best_free_mode;
    double corpus_best_pr = 0;    // the best form's PR at k = 1, raw included
    double trained_pr = 0;        // mean antisymmetric PR of its trained layers
    double random_init_pr = 0;    // the same layers at random init
};

// A reference model's deciding numbers from its Table 1 and its layers'
// antisymmetric PRs, trained and at random init (verdict.cpp).
ReferenceModel reference_numbers(uint64_t seed, double val_loss, const PrTable &pr,
                                 const std::vector<double> &trained_pr, const std::vector<double> &random_init_pr);

// One line of the verdict.  Outcomes are three-way (verdict_rules.hpp):
// "held", "contradicted", "inconclusive"; "not tested" when the table it
// needs did not run.  Control lines say "detected" / "not detected".
struct Verdict {
    std::string claim;           // what the source said
    std::string outcome;
    std::string evidence;        // the numbers behind it
    std::string rule;            // the thresholds that decided it
    double mde = 0;              // loss claims: minimum detectable effect (percent); NaN otherwise
    uint64_t seeds_needed = 0;   // loss claims when inconclusive (0 = none)
    std::string id;              // stable key across runs ("pr_lock", "loss:blend", "control:oracle_qkvo", ...)
    std::string value;           // the deciding number, short (PR and similarity claims; "" for loss lines)
    // Loss and control lines: the paired percent change vs random and its 95% interval (NaN otherwise).
    double mean = std::numeric_limits<double>::quiet_NaN(), lo = mean, hi = mean;
    // PR claims: the deciding number for each reference model, with its mean
    // and 95% t interval over them (lo = hi = the value for one model).
    std::vector<double> over_references;
    double ref_mean = std::numeric_limits<double>::quiet_NaN(), ref_lo = ref_mean, ref_hi = ref_mean;
};

// Where the wall time went, measured in the run (study_timing.hpp).
struct StudyTiming {
    double wall = 0;            // seconds: run_study, start to end
    uint64_t steps = 0;         // training steps: the reference's and every comparison run's
    double steady = 0;          // seconds: each training's steps x its median step time (comparison steps / ranks)
    double steady_serial = 0;   // the same without dividing by the ranks
    double train = 0;           // seconds: the same steps as timed (comparison steps / ranks)
    double eval = 0, batches = 0, setup = 0;  // seconds: validation, batch sampling, model creation + init
    int ranks = 1;              // the comparison's steps were spread over this many MPI ranks
};

struct Study {
    StudyConfig config;
    PrTable pr;
    LossTable loss;
    SimilarityTable similarity;
    AttentionTable attention;
    std::vector<ReferenceModel> references;   // the first is the reference of Tables 1, 3, 4
    std::vector<Verdict> verdict;             // on `loss` (the largest budget)
    std::vector<LossTable> budgets;           // with --steps A,B,...: every budget's table 2, ascending
    std::vector<std::vector<Verdict>> budget_verdicts;  // judge() at each of them
    bool interrupted = false;
    std::vector<std::pair<std::string, double>> seconds;  // stage -> wall time
    StudyTiming timing;
};

// Computes the verdict from the tables that are done (never from constants).
std::vector<Verdict> judge(const Study &s);

}  // namespace cli

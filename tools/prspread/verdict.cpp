// The verdict: each of the source's claims against this run's numbers, as
// held / contradicted / inconclusive with the rule that decided it
// (verdict_rules.hpp); "not tested" without the table it needs.  The loss
// claims take the library's paired tests (PairedTest) and are inconclusive,
// whatever their intervals, when the positive control shows no effect.
#include "common.hpp"
#include "prspread.h"
#include "source_claims.hpp"
#include "study.hpp"
#include "table.hpp"
#include "verdict_rules.hpp"

#include <algorithm>
#include <cmath>

namespace cli {

const char *role_name(ArmRole r) {
    switch (r) {
    case ArmRole::Baseline: return "baseline";
    case ArmRole::Claim: return "claim";
    case ArmRole::PositiveControl: return "positive control";
    case ArmRole::NegativeControl: return "negative control";
    case ArmRole::NormControl: return "norm-matched control";
    }
    return "";
}

namespace {

const double kNaN = std::nan("");

const PrMode *find_mode(const PrTable &t, const std::string &name) {
    for (const auto &m : t.modes)
        if (m.mode == name) return &m;
    return nullptr;
}

const StrategyRuns *find_strategy(const LossTable &t, const std::string &name) {
    for (const auto &s : t.strategies)
        if (s.name == name) return &s;
    return nullptr;
}

Verdict make(const std::string &id, const std::string &claim, const std::string &rule) {
    Verdict v;
    v.id = id, v.claim = claim, v.outcome = "not tested", v.rule = rule, v.mde = kNaN;
    return v;
}

// A loss or control line's numbers, structured for `prspread verdicts`.
void set_interval(Verdict &v, const PairedTest &t) {
    v.mde = t.mde;
    v.mean = t.mean, v.lo = t.lo, v.hi = t.hi;
}

// One PR claim's deciding number over the reference models: its mean and
// 95% t interval from the library (pr_claim_test_paired_f64 on the values);
// with one model the interval is the value itself.
void set_over_references(Verdict &v, const std::vector<double> &values) {
    v.over_references = values;
    if (values.size() == 1) {
        v.ref_mean = v.ref_lo = v.ref_hi = values[0];
        return;
    }
    pr_claim_test t{};
    check(pr_claim_test_paired_f64(values.data(), values.size(), kNaN, &t), "the interval over reference models");
    v.ref_mean = t.mean, v.ref_lo = t.lo, v.ref_hi = t.hi;
}

// "2.14" for one reference model, "2.14 [1.80, 2.48] over 3 reference models" for several.
std::string over_references(const Verdict &v, int digits) {
    if (v.over_references.size() < 2) return fmt(v.ref_mean, digits);
    return fmt(v.ref_mean, digits) + " [" + fmt(v.ref_lo, digits) + ", " + fmt(v.ref_hi, digits) + "] over " +
           std::to_string(v.over_references.size()) + " reference models";
}

// Three-way on the interval: held when all of it is at or below
// `held_bound`, contradicted when all of it is above `broken_bound`.
std::string outcome_below(const Verdict &v, double held_bound, double broken_bound) {
    return v.ref_hi <= held_bound ? "held" : v.ref_lo > broken_bound ? "contradicted" : "inconclusive";
}

const char *const kOverReferencesRule = "; on the 95% interval over the reference models when there are several";

void pr_lock_claims(const Study &s, std::vector<Verdict> &out) {
    using namespace rules;
    Verdict raw = make("pr_lock", "PR(A_k) = 2.00 for k = 1..8 (raw M_k = E^T T^k E)",
                       "held if |PR - 2| <= " + fmt(PR_VERDICT_LOCK_TOLERANCE, 2) + " at every k; contradicted if > " +
                           fmt(kLockBroken, 2) + " at some k" + kOverReferencesRule);
    Verdict fundamental = make("lock_fundamental", "The lock is fundamental: corpus asymmetry has one plane (PR 2)",
                               "held if the best mean-free form at k = 1 has PR <= " + fmt(2 + PR_VERDICT_LOCK_TOLERANCE, 2) +
                                   "; contradicted if > " + fmt(PR_VERDICT_ONE_PLANE_MAX_PR, 2) + kOverReferencesRule);
    if (s.pr.done && !s.references.empty()) {
        const ReferenceModel &first = s.references.front();
        std::vector<double> gaps, best;
        for (const auto &r : s.references) gaps.push_back(r.lock_gap), best.push_back(r.best_free_pr);
        const PrMode *m = find_mode(s.pr, "raw");
        if (m && !m->points.empty()) {
            set_over_references(raw, gaps);
            raw.outcome = outcome_below(raw, PR_VERDICT_LOCK_TOLERANCE, kLockBroken);
            raw.evidence = "raw PR stays within " + fmt(first.lock_gap, 3) + " of 2 over k = 1.." +
                           std::to_string(m->points.back().power) + " (largest gap at k = " +
                           std::to_string(first.lock_gap_power) + ")";
            if (gaps.size() > 1) raw.evidence += "; max |PR - 2| " + over_references(raw, 3);
            raw.value = "max |PR - 2| " + over_references(raw, 3);
        }
        if (!first.best_free_mode.empty()) {
            set_over_references(fundamental, best);
            fundamental.outcome =
                outcome_below(fundamental, 2 + PR_VERDICT_LOCK_TOLERANCE, PR_VERDICT_ONE_PLANE_MAX_PR);
            fundamental.evidence = "at k = 1 the " + first.best_free_mode + " form has PR " +
                                   fmt(first.best_free_pr, 2) + " (" + fmt(first.best_free_pr / 2, 1) +
                                   " planes); E's shared mean direction carries " + fmt(100 * s.pr.mean_share, 1) +
                                   "% of ||E||^2";
            if (best.size() > 1)
                fundamental.evidence += "; the best mean-free PR at k = 1 " + over_references(fundamental, 2);
            fundamental.value = first.best_free_mode + " PR " + over_references(fundamental, 2) + " at k = 1";
        }
    }
    out.push_back(raw);
    out.push_back(fundamental);
}

void attention_claim(const Study &s, std::vector<Verdict> &out) {
    using namespace rules;
    Verdict v = make("attention_spread", "Trained attention spreads asymmetry (PR 8.75) that training creates, beyond the corpus",
                     "held if mean trained PR > (1 + " + fmt(kSpreadMargin, 2) +
                         ") x max(best corpus form at k = 1, random init); contradicted if < that max / (1 + " +
                         fmt(kSpreadMargin, 2) + ")" + kOverReferencesRule + ", on trained / max");
    if (s.attention.done && !s.attention.layers.empty() && s.pr.done && !s.references.empty()) {
        const ReferenceModel &first = s.references.front();
        std::vector<double> ratios;
        for (const auto &r : s.references) ratios.push_back(r.trained_pr / std::max(r.corpus_best_pr, r.random_init_pr));
        set_over_references(v, ratios);
        v.outcome = v.ref_lo > 1 + kSpreadMargin        ? "held"
                    : v.ref_hi < 1 / (1 + kSpreadMargin) ? "contradicted"
                                                         : "inconclusive";
        v.evidence = "mean trained PR " + fmt(first.trained_pr, 2) + " vs " + fmt(first.random_init_pr, 2) +
                     " for the same layers at random init and " + fmt(first.corpus_best_pr, 2) +
                     " for the best corpus form at k = 1 (source: 8.75 vs corpus 2.00)";
        if (ratios.size() > 1) v.evidence += "; trained / max " + over_references(v, 2);
        v.value = "trained PR " + fmt(first.trained_pr, 2) + " vs " +
                  fmt(std::max(first.corpus_best_pr, first.random_init_pr), 2) +
                  (ratios.size() > 1 ? "; trained / max " + over_references(v, 2) : "");
    }
    out.push_back(v);
}

void similarity_claim(const Study &s, std::vector<Verdict> &out) {
    using namespace rules;
    Verdict v = make("direction", "The corpus gives the direction: blend <-> trained cosine 0.907 at L0",
                     "held if L0 frobenius_cos beats its null by >= " + fmt(kDirectionZ, 1) + " null sd and >= " +
                         fmt(PR_VERDICT_COSINE_MARGIN, 2) + "; contradicted if within " + fmt(kNullZ, 1) + " null sd");
    if (s.similarity.done && !s.similarity.layers.empty()) {
        const auto &l0 = s.similarity.layers.front();
        const Similarity *frob = nullptr, *sorted = nullptr;
        for (const auto &m : l0.measures) {
            if (m.name == "frobenius_cos") frob = &m;
            if (m.name == "sorted_spectrum_cos") sorted = &m;
        }
        if (frob) {
            const double margin = frob->value - frob->null_value;
            const double z = frob->null_std > 0 ? margin / frob->null_std : kNaN;
            v.outcome = !std::isfinite(z)                                   ? "inconclusive"
                        : z >= kDirectionZ && margin >= PR_VERDICT_COSINE_MARGIN ? "held"
                        : std::fabs(z) < kNullZ                          ? "contradicted"
                                                                         : "inconclusive";
            v.evidence = "L" + std::to_string(l0.layer) + " frobenius_cos " + fmt(frob->value, 3) + " vs null " +
                         fmt(frob->null_value, 3) + " +- " + fmt(frob->null_std, 3) + " (z = " + fmt(z, 1) + "; " +
                         frob->null_what + ")";
            v.value = "cos " + fmt(frob->value, 3) + " vs null " + fmt(frob->null_value, 3) + " (z = " + fmt(z, 1) + ")";
            if (sorted)
                v.evidence += "; the source's sorted-spectrum cosine is " + fmt(sorted->value, 3) +
                              " here but " + fmt(sorted->null_value, 3) + " for the null, so it says little";
        }
    }
    out.push_back(v);
}

// An arm's description without the reference's path (", from=FILE"): the
// claim text then reads the same in every run, whatever its work directory.
std::string without_path(std::string description) {
    const size_t at = description.find(", from=");
    if (at == std::string::npos) return description;
    const size_t end = description.find(')', at);
    return description.erase(at, end == std::string::npos ? std::string::npos : end - at);
}

std::string interval(const PairedTest &t) {
    return fmt_percent_interval(t.mean, t.lo, t.hi);
}

// A positive control shows that the loss at this budget responds to the
// weights it sets, in either direction: copying trained attention into a
// model whose other weights are random raises the loss on real text (its
// W_V, W_O expect the trained embeddings), and that rise is as much proof of
// sensitivity as a fall.  How small an effect the claims themselves can
// resolve is their own MDE.
bool moves_the_loss(const PairedTest &t) { return t.valid && t.n >= 2 && (t.hi < 0 || t.lo > 0); }

}  // namespace

std::string control_outcome(const StrategyRuns &r) {
    const PairedTest &t = r.vs_random;
    const bool contains_zero = t.lo <= 0 && t.hi >= 0;
    switch (r.role) {
    case ArmRole::PositiveControl: return moves_the_loss(t) ? "detected" : "not detected";
    case ArmRole::NegativeControl:
        return contains_zero ? "no effect (as expected)" : "effect (init-to-init noise is large)";
    case ArmRole::NormControl: return contains_zero ? "no effect" : (t.hi < 0 ? "lowers the loss" : "raises the loss");
    default: return t.outcome;
    }
}

bool attention_control_detected(const LossTable &t) {
    for (const auto &r : t.strategies)
        if (r.role == ArmRole::PositiveControl && r.name == "oracle_qkvo") return moves_the_loss(r.vs_random);
    return false;
}

namespace {

// The positive controls: is the harness able to see an init effect at all?
// Returns whether the attention positive control (W_Q, W_K, W_V, W_O) was
// detected; fills `why` for the loss claims.
bool control_lines(const Study &s, std::vector<Verdict> &out, std::string &why) {
    const char *rule = "detected if the paired interval vs random excludes zero (95%), either way: the loss at "
                       "this budget responds to these weights";
    for (const auto &r : s.loss.strategies) {
        if (r.role == ArmRole::Baseline || r.role == ArmRole::Claim || !r.vs_random.valid) continue;
        const PairedTest &t = r.vs_random;
        Verdict v;
        v.id = "control:" + r.name, v.rule = rule;
        set_interval(v, t);
        v.evidence = "loss@" + std::to_string(s.loss.step) + " " + interval(t) + " vs random (95%, " +
                     std::to_string(t.n) + " seeds); MDE " + fmt(t.mde, percent_digits(t.mde)) + "%";
        if (r.role == ArmRole::PositiveControl) {
            v.claim = "Positive control: " + r.name + " (" + without_path(r.description) + ") moves the loss";
            v.outcome = control_outcome(r);
            if (moves_the_loss(t)) v.evidence += t.hi < 0 ? "; lowers the loss" : "; raises the loss";
        } else if (r.role == ArmRole::NegativeControl) {
            v.claim = "Negative control: " + r.name + " (a second random draw, same norms) does not move the loss";
            v.outcome = control_outcome(r);
            v.rule = "expected: the interval contains zero";
            v.evidence += "; this is the init-to-init noise of the W_Q, W_K draw: a corpus arm inside it is "
                          "indistinguishable from another random draw";
        } else {
            v.claim = "Norm-matched control: " + r.name + " (random at the corpus init's norms)";
            v.outcome = control_outcome(r);
            v.rule = "the rescale alone; compare the corpus arms with it";
        }
        out.push_back(v);
    }
    const bool attention_seen = attention_control_detected(s.loss);
    const bool control_ran = std::any_of(s.loss.strategies.begin(), s.loss.strategies.end(),
                                         [](const StrategyRuns &r) { return r.role == ArmRole::PositiveControl; });
    if (!attention_seen)
        why = control_ran ? "the positive control (copying the trained W_Q, W_K, W_V, W_O) shows no effect at this "
                            "budget, so no attention-init claim can be judged"
                          : "the positive control did not run (--no-controls), so no attention-init claim can be "
                            "judged";
    return attention_seen;
}

void loss_claims(const Study &s, std::vector<Verdict> &out) {
    struct Claim {
        const char *name;
        double source;
    };
    const Claim claims[] = {{"direct", source::loss_direct},
                            {"blend", source::loss_blend},
                            {"oracle", source::loss_oracle}};
    std::string gate_why;
    const bool gate = s.loss.done && control_lines(s, out, gate_why);
    for (const auto &c : claims) {
        const double rel = c.source / source::loss_random - 1.0;
        Verdict v = make(std::string("loss:") + c.name, std::string(c.name) + " init lowers loss at step " + std::to_string(source::loss_step) +
                             " vs random (" + fmt_percent(rel) + ")",
                         "paired percent change vs random, 95% t interval: held if below 0; contradicted if it "
                         "excludes the claimed " + fmt_percent(rel) + "; else inconclusive");
        if (!s.config.loss_skipped.empty()) v.evidence = "Table 2 was skipped (--reference)";
        const StrategyRuns *mine = s.loss.done ? find_strategy(s.loss, c.name) : nullptr;
        if (mine && mine->vs_random.valid) {
            const PairedTest &t = mine->vs_random;
            set_interval(v, t);
            v.outcome = t.outcome;
            v.evidence = "loss@" + std::to_string(s.loss.step) + " " + interval(t) + " vs random (95%, " +
                         std::to_string(t.n) + " seeds); MDE " + fmt(t.mde, percent_digits(t.mde)) + "%";
            if (t.outcome == "held" && t.excludes_claim)
                v.evidence += "; the direction holds, the size (" + fmt_percent(rel) + ") does not";
            if (mine->vs_norm_matched.valid)
                v.evidence += "; vs norm-matched random " + interval(mine->vs_norm_matched);
            if (t.n < 2) v.evidence = "needs at least 2 finished seeds, have " + std::to_string(t.n);
            if (!gate) {
                v.outcome = "inconclusive";
                v.evidence = gate_why + "; " + v.evidence;
            }
            if (v.outcome == "inconclusive" && t.seeds_needed > 0)
                v.seeds_needed = t.seeds_needed,
                v.evidence += "; about " + std::to_string(t.seeds_needed) +
                              " seeds would resolve it if mean and sd stay";
        }
        out.push_back(v);
    }
}

}  // namespace

ReferenceModel reference_numbers(uint64_t seed, double val_loss, const PrTable &pr,
                                 const std::vector<double> &trained_pr, const std::vector<double> &random_init_pr) {
    ReferenceModel r;
    r.seed = seed, r.val_loss = val_loss;
    if (const PrMode *m = find_mode(pr, "raw"))
        for (const auto &p : m->points)
            if (std::fabs(p.pr - 2.0) >= r.lock_gap) r.lock_gap = std::fabs(p.pr - 2.0), r.lock_gap_power = p.power;
    for (const auto &m : pr.modes) {
        if (m.points.empty()) continue;
        r.corpus_best_pr = std::max(r.corpus_best_pr, m.points.front().pr);
        if (m.mode != "raw" && m.points.front().pr > r.best_free_pr)
            r.best_free_pr = m.points.front().pr, r.best_free_mode = m.mode;
    }
    for (double p : trained_pr) r.trained_pr += p / double(trained_pr.size());
    for (double p : random_init_pr) r.random_init_pr += p / double(random_init_pr.size());
    return r;
}

std::vector<Verdict> judge(const Study &s) {
    std::vector<Verdict> out;
    pr_lock_claims(s, out);
    attention_claim(s, out);
    similarity_claim(s, out);
    loss_claims(s, out);
    return out;
}

}  // namespace cli

// The verdict: each of the source's claims against this run's numbers.  A
// claim is "held" or "did not hold" only on evidence computed here; without
// the table it needs it is "not tested".
#include "source_claims.hpp"
#include "stats.hpp"
#include "study.hpp"
#include "table.hpp"

#include <algorithm>
#include <cmath>

namespace cli {

namespace {

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

// Seeds where both runs finished.
void finished_pairs(const StrategyRuns &a, const StrategyRuns &b, std::vector<double> &x,
                    std::vector<double> &y) {
    for (size_t i = 0; i < a.loss.size() && i < b.loss.size(); ++i)
        if (std::isfinite(a.loss[i]) && std::isfinite(b.loss[i])) {
            x.push_back(a.loss[i]);
            y.push_back(b.loss[i]);
        }
}

void pr_lock_claims(const Study &s, std::vector<Verdict> &out) {
    Verdict raw{"PR(A_k) = 2.00 for k = 1..8 (raw M_k = E^T T^k E)", "not tested", ""};
    Verdict fundamental{"The lock is fundamental: corpus asymmetry has one plane (PR 2)", "not tested", ""};
    if (!s.pr.done) {
        out.push_back(raw);
        out.push_back(fundamental);
        return;
    }
    if (const PrMode *m = find_mode(s.pr, "raw")) {
        double worst = 0;
        int worst_k = 0;
        for (const auto &p : m->points)
            if (std::fabs(p.pr - 2.0) >= worst) worst = std::fabs(p.pr - 2.0), worst_k = p.power;
        raw.outcome = worst <= 0.05 ? "held" : "did not hold";
        raw.evidence = "raw PR stays within " + fmt(worst, 3) + " of 2 over k = 1.." +
                       std::to_string(m->points.empty() ? 0 : m->points.back().power) +
                       " (largest gap at k = " + std::to_string(worst_k) + ")";
    }
    // The lock is an artefact if any mean-free form spreads beyond one plane at k = 1.
    double best = 0;
    std::string best_mode;
    for (const auto &m : s.pr.modes) {
        if (m.mode == "raw" || m.points.empty()) continue;
        if (m.points.front().pr > best) best = m.points.front().pr, best_mode = m.mode;
    }
    if (!best_mode.empty()) {
        fundamental.outcome = best > 2.5 ? "did not hold" : "held";
        fundamental.evidence = "at k = 1 the " + best_mode + " form has PR " + fmt(best, 2) + " (" +
                               fmt(best / 2, 1) + " planes); E's shared mean direction carries " +
                               fmt(100 * s.pr.mean_share, 1) + "% of ||E||^2";
    }
    out.push_back(raw);
    out.push_back(fundamental);
}

void attention_claim(const Study &s, std::vector<Verdict> &out) {
    Verdict v{"Trained attention spreads asymmetry (PR 8.75) that training creates, beyond the corpus",
              "not tested", ""};
    if (s.attention.done && !s.attention.layers.empty()) {
        double trained = 0, random = 0;
        for (const auto &l : s.attention.layers) trained += l.trained_pr, random += l.random_init_pr;
        trained /= double(s.attention.layers.size());
        random /= double(s.attention.layers.size());
        // "Created by training" needs the trained spread to exceed what the
        // random init already had.
        v.outcome = trained > random ? "held" : "did not hold";
        v.evidence = "mean trained PR " + fmt(trained, 2) + " vs " + fmt(random, 2) +
                     " for the same layers at random init (source: 8.75 vs corpus 2.00)";
        if (s.pr.done) {
            double corpus_best = 0;
            for (const auto &m : s.pr.modes)
                if (!m.points.empty()) corpus_best = std::max(corpus_best, m.points.front().pr);
            v.evidence += "; best corpus form at k = 1: PR " + fmt(corpus_best, 2);
        }
    }
    out.push_back(v);
}

void similarity_claim(const Study &s, std::vector<Verdict> &out) {
    Verdict v{"The corpus gives the direction: blend <-> trained cosine 0.907 at L0", "not tested", ""};
    if (s.similarity.done && !s.similarity.layers.empty()) {
        const auto &l0 = s.similarity.layers.front();
        const Similarity *frob = nullptr, *sorted = nullptr;
        for (const auto &m : l0.measures) {
            if (m.name == "frobenius_cos") frob = &m;
            if (m.name == "sorted_spectrum_cos") sorted = &m;
        }
        const Similarity *primary = frob ? frob : (l0.measures.empty() ? nullptr : &l0.measures.front());
        if (primary) {
            // Direction is shared if the cosine clearly beats its null.
            const double margin = std::fabs(primary->value) - std::fabs(primary->null_value);
            v.outcome = margin > 0.1 ? "held" : "did not hold";
            v.evidence = "L" + std::to_string(l0.layer) + " " + primary->name + " " +
                         fmt(primary->value, 3) + " vs null " + fmt(primary->null_value, 3) + " (" +
                         primary->null_what + ")";
            if (sorted)
                v.evidence += "; the source's sorted-spectrum cosine is " + fmt(sorted->value, 3) +
                              " here but " + fmt(sorted->null_value, 3) + " for the null, so it says little";
        }
    }
    out.push_back(v);
}

void loss_claims(const Study &s, std::vector<Verdict> &out) {
    struct Claim {
        const char *name;
        double source;
    };
    const Claim claims[] = {{"direct", source::loss_direct},
                            {"blend", source::loss_blend},
                            {"oracle", source::loss_oracle}};
    const StrategyRuns *random = s.loss.done ? find_strategy(s.loss, "random") : nullptr;
    for (const auto &c : claims) {
        const double rel = c.source / source::loss_random - 1.0;
        Verdict v{std::string(c.name) + " init lowers loss at step " + std::to_string(source::loss_step) +
                      " vs random (" + fmt_percent(rel) + ")",
                  "not tested", ""};
        const StrategyRuns *mine = s.loss.done ? find_strategy(s.loss, c.name) : nullptr;
        if (random && mine) {
            std::vector<double> x, y;
            finished_pairs(*mine, *random, x, y);
            const Summary d = paired_difference(x, y);
            const Summary r = summarize(y);
            if (d.n >= 2) {
                v.outcome = d.hi < 0 ? "held" : (d.lo > 0 ? "did not hold (worse)" : "did not hold (no clear difference)");
                v.evidence = "loss@" + std::to_string(s.loss.step) + " difference " + fmt_signed(d.mean, 4) +
                             " [" + fmt_signed(d.lo, 4) + ", " + fmt_signed(d.hi, 4) + "] (95%, " +
                             std::to_string(d.n) + " seeds), " + fmt_percent(d.mean / r.mean) + " of random";
            } else {
                v.evidence = "needs at least 2 finished seeds, have " + std::to_string(d.n);
            }
        }
        out.push_back(v);
    }
}

}  // namespace

std::vector<Verdict> judge(const Study &s) {
    std::vector<Verdict> out;
    pr_lock_claims(s, out);
    attention_claim(s, out);
    similarity_claim(s, out);
    loss_claims(s, out);
    return out;
}

}  // namespace cli

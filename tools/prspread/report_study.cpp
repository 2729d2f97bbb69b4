// Tables 2-4 and the verdict, and the whole study as markdown/JSON/files.
#include "plot.hpp"
#include "report.hpp"
#include "source_claims.hpp"
#include "study_timing.hpp"
#include "table.hpp"

#include <prspread.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace cli {

namespace {

std::string paired_cell(const PairedTest &t) {
    if (!t.valid) return "";
    return fmt_percent_interval(t.mean, t.lo, t.hi);
}

std::string loss_markdown(const LossTable &t) {
    Table md;
    md.title = "2. " + t.loss_kind + " loss at step " + std::to_string(t.step) + " by init strategy";
    md.header = {"Strategy", "role", "source vs random", "loss mean", "sd", "seeds", "vs random [95% CI]", "MDE",
                 "outcome", "seeds to resolve"};
    const bool gate_open = attention_control_detected(t);
    bool control_ran = false;
    for (const auto &s : t.strategies) control_ran = control_ran || s.role == ArmRole::PositiveControl;
    const std::string gated_outcome =
        control_ran ? "inconclusive (positive control not detected)" : "inconclusive (no positive control: --no-controls)";
    for (const auto &s : t.strategies) {
        const double src = source::loss_for(s.name);
        std::vector<std::string> row{s.name, role_name(s.role),
                                     std::isnan(src) ? "" : fmt_percent(src / source::loss_random - 1),
                                     fmt(s.mean, 4), fmt(s.sd, 4), std::to_string(s.n)};
        if (!s.vs_random.valid) {
            for (int i = 0; i < 4; ++i) row.push_back(i ? "" : "baseline");
        } else {
            const PairedTest &d = s.vs_random;
            row.push_back(paired_cell(d));
            row.push_back(fmt(d.mde, percent_digits(d.mde)) + "%");
            // The verdict's rule: a claim is judged only if the harness saw the positive control.
            const bool gated = s.role == ArmRole::Claim && !gate_open;
            const bool control = s.role != ArmRole::Claim;
            row.push_back(gated ? gated_outcome : control_outcome(s));
            row.push_back(gated || control || !d.seeds_needed ? "" : std::to_string(d.seeds_needed));
        }
        md.add(row);
    }
    for (const auto &s : t.strategies)
        if (!s.description.empty()) md.notes.push_back("- " + s.name + ": " + s.description);
    for (const auto &s : t.strategies)
        if (s.vs_norm_matched.valid)
            md.notes.push_back("- " + s.name + " vs norm_matched (structure beyond the rescale): " +
                               paired_cell(s.vs_norm_matched));
    md.notes.push_back("Differences are 100 (L_arm - L_random) / L_random, paired by seed (same data order and "
                       "model seed for every strategy); the interval is Student-t over seeds. MDE: the interval's "
                       "half-width, the smallest mean change these seeds would call non-zero at 95%. Outcome "
                       "against the source's claim, and inconclusive for every claim while the positive control "
                       "oracle_qkvo is not detected (controls: against zero, an effect either way is detected); "
                       "seeds to resolve assumes mean and sd stay. The source reported one run per strategy.");
    return markdown(md);
}

std::string similarity_markdown(const SimilarityTable &t) {
    Table md;
    md.title = "3. Blend init <-> trained model, per layer (antisymmetric W_QK summed over heads)";
    md.header = {"Layer"};
    if (!t.layers.empty())
        for (const auto &m : t.layers.front().measures) {
            md.header.push_back(m.name);
            md.header.push_back("null");
        }
    if (!t.layers.empty()) md.header.push_back("source cos");
    for (const auto &l : t.layers) {
        std::vector<std::string> row{"L" + std::to_string(l.layer)};
        for (const auto &m : l.measures) {
            row.push_back(fmt(m.value, 3));
            row.push_back(fmt(m.null_value, 3));
        }
        row.push_back(l.layer == 0 ? fmt(source::blend_trained_cos_l0, 3) : "");
        md.add(row);
    }
    if (!t.layers.empty())
        for (const auto &m : t.layers.front().measures)
            md.notes.push_back("- null of " + m.name + ": " + m.null_what);
    md.notes.push_back("Source: L0 0.907, mean 0.678 (sorted-spectrum cosine, no null).");
    return markdown(md);
}

std::string attention_markdown(const AttentionTable &t) {
    Table md;
    md.title = "4. Antisymmetric PR of attention per layer: trained vs random init";
    md.header = {"Layer", "trained PR", "planes", "random-init PR", "blend-init PR", "source trained PR"};
    for (const auto &l : t.layers)
        md.add({"L" + std::to_string(l.layer), fmt(l.trained_pr, 2), fmt(l.trained_planes, 1),
                fmt(l.random_init_pr, 2), fmt(l.blend_init_pr, 2), fmt(source::trained_attention_pr, 2)});
    md.notes.push_back("The source compared 8.75 (trained) only with the corpus PR 2.00; the random-init "
                       "PR shows how much spread a layer has before any training.");
    std::string out = markdown(md);
    if (t.geometry.empty()) return out;
    Table g;
    g.title = "4b. Symmetry and directionality of W_QK per layer (sum over heads; per head in --json)";
    g.header = {"Layer", "symmetry", "random-init symmetry", "null", "directionality", "random-init directionality",
                "null", "antisym share of ||W||^2"};
    for (const auto &r : t.geometry) {
        if (r.head >= 0) continue;
        const double total = r.sym_energy + r.antisym_energy;
        g.add({"L" + std::to_string(r.layer), fmt(r.symmetry, 3), fmt(r.init_symmetry, 3),
               fmt(r.symmetry_null, 3) + " +- " + fmt(r.symmetry_null_sd, 3), fmt_signed(r.directionality, 3),
               fmt_signed(r.init_directionality, 3),
               fmt_signed(r.directionality_null, 3) + " +- " + fmt(r.directionality_null_sd, 3),
               total > 0 ? fmt(r.antisym_energy / total, 3) : "n/a"});
    }
    g.notes.push_back("symmetry = ||S||_F^2 / ||W_QK||_F^2 (1 symmetric, 0 antisymmetric; the energy split is "
                      "symmetry vs 1 - symmetry); directionality = Saponati et al. 2025's column-vs-row norm "
                      "excess above mean + 2 sd, in [-1, 1], positive when a few keys dominate. Both from the "
                      "W_Q, W_K factors without forming W_QK. Random-init: the same model before training; null: "
                      "32 iid Gaussian factor pairs of the same shape (mean +- sd).");
    return out + "\n" + markdown(g);
}

// The PR claims' numbers for every reference model, and their spread.
std::string references_markdown(const Study &s) {
    Table md;
    md.title = "4c. The PR claims' numbers over reference models (same shape, steps and data; seeds differ)";
    md.header = {"Reference", "seed", "val loss", "raw max |PR - 2| (k)", "best mean-free PR at k = 1",
                 "trained attention PR", "random-init PR", "trained / max(corpus, random)"};
    for (size_t i = 0; i < s.references.size(); ++i) {
        const ReferenceModel &r = s.references[i];
        md.add({i == 0 ? "1 (Tables 1, 3, 4)" : std::to_string(i + 1), std::to_string(r.seed),
                std::isfinite(r.val_loss) ? fmt(r.val_loss, 3) : "",
                fmt(r.lock_gap, 3) + " (" + std::to_string(r.lock_gap_power) + ")",
                fmt(r.best_free_pr, 2) + " (" + r.best_free_mode + ")", fmt(r.trained_pr, 2), fmt(r.random_init_pr, 2),
                fmt(r.trained_pr / std::max(r.corpus_best_pr, r.random_init_pr), 2)});
    }
    for (const auto &v : s.verdict)
        if (v.over_references.size() > 1)
            md.notes.push_back("- " + v.id + ": " + fmt(v.ref_mean, 3) + " [" + fmt(v.ref_lo, 3) + ", " +
                               fmt(v.ref_hi, 3) + "] (mean, 95% t interval over " +
                               std::to_string(v.over_references.size()) + " models)");
    md.notes.push_back("The PR verdicts are decided on these intervals: a PR claim that one training run decides "
                       "and another reverses is inconclusive.");
    return markdown(md);
}

// The loss claims and controls at every budget: a lead that reverses later
// shows up as a row whose outcome changes across the columns.
std::string budget_markdown(const Study &s) {
    Table md;
    md.title = "Verdict by budget (each column: its own comparison of that many steps)";
    md.header = {"Claim"};
    for (const auto &b : s.budgets) md.header.push_back("step " + std::to_string(b.step));
    const std::vector<Verdict> &first = s.budget_verdicts.front();
    for (size_t i = 0; i < first.size(); ++i) {
        if (first[i].evidence.find("loss@") == std::string::npos &&
            first[i].claim.find("init lowers loss") == std::string::npos)
            continue;  // the PR and similarity claims do not depend on the budget
        std::vector<std::string> row{first[i].claim};
        for (const auto &v : s.budget_verdicts) {
            const std::string &e = v[i].evidence;
            const size_t at = e.find("loss@");
            const size_t end = e.find(" vs random", at);
            row.push_back("**" + v[i].outcome + "**" +
                          (at == std::string::npos ? "" : " " + e.substr(at, end == std::string::npos ? end : end - at)));
        }
        md.add(row);
    }
    md.notes.push_back("The verdict above is the one at the largest budget; the PR and similarity claims do not "
                       "depend on the budget.");
    return markdown(md);
}

std::string verdict_markdown(const std::vector<Verdict> &v) {
    Table md;
    md.title = "Verdict: the source's claims on this data";
    md.header = {"Claim", "Outcome", "Evidence", "Rule"};
    for (const auto &x : v) md.add({x.claim, "**" + x.outcome + "**", x.evidence, x.rule});
    return markdown(md);
}

}  // namespace

std::string study_markdown(const Study &s) {
    const auto &c = s.config;
    std::string out = "## prspread reproduce: " + c.source + "\n\n";
    out += std::to_string(c.tokens) + " tokens, vocabulary " + std::to_string(c.vocab_size) + "; model d=" +
           std::to_string(c.d_model) + ", " + std::to_string(c.n_layer) + " layers x " +
           std::to_string(c.n_head) + " heads, context " + std::to_string(c.context) + ", batch " +
           std::to_string(c.batch) + "; " + std::to_string(c.seeds.size()) + " seeds" +
           (c.loss_skipped.empty() ? " x " + std::to_string(c.steps) + " steps per strategy" : " (blend init)") +
           "; reference model " +
           (c.reference.empty() ? std::to_string(c.reference_steps) + " steps" : c.reference + " (--reference)") +
           (c.quick ? " (--quick budget)" : "") + ".\n\n";
    if (!c.loss_skipped.empty()) out += "**Table 2 (init comparison) skipped:** " + c.loss_skipped + "\n\n";
    if (!c.similarity_skipped.empty())
        out += "**Table 3 (blend vs trained) skipped:** " + c.similarity_skipped + "\n\n";
    if (c.mpi_ranks > 1)
        out += "MPI: " + std::to_string(c.mpi_ranks) +
               " ranks (the matched-seed runs of the loss table spread over them by pr_mpi_init_compare_run).\n\n";
    if (s.interrupted) out += "**Interrupted (Ctrl-C): only the finished tables are shown.**\n\n";
    if (s.pr.done) out += pr_table_markdown(s.pr, true) + "\n";
    if (s.budgets.empty() && s.loss.done) out += loss_markdown(s.loss) + "\n";
    for (const auto &b : s.budgets) out += loss_markdown(b) + "\n";
    if (s.similarity.done) out += similarity_markdown(s.similarity) + "\n";
    if (s.attention.done) out += attention_markdown(s.attention) + "\n";
    if (s.references.size() > 1) out += references_markdown(s) + "\n";
    out += verdict_markdown(s.verdict);
    if (!s.budget_verdicts.empty()) out += "\n" + budget_markdown(s);
    if (!s.seconds.empty()) {
        out += "\n" + timing_markdown(s) + "\nStages:";
        for (const auto &[stage, sec] : s.seconds) out += " " + stage + " " + fmt(sec, 1) + "s;";
        out.back() = '\n';
    }
    return out;
}

nlohmann::json study_json(const Study &s) {
    using nlohmann::json;
    const auto &c = s.config;
    json j;
    j["format"] = kStudyFormat;
    j["format_version"] = kStudyFormatVersion;
    j["config"] = {{"source", c.source},   {"tokens", c.tokens},   {"vocab_size", c.vocab_size},
                   {"d_model", c.d_model}, {"n_layer", c.n_layer}, {"n_head", c.n_head},
                   {"context", c.context}, {"batch", c.batch},     {"steps", c.steps},
                   {"reference_steps", c.reference_steps},         {"reference_models", c.reference_models},
                   {"max_power", c.max_power},
                   {"seeds", c.seeds},     {"quick", c.quick},     {"library", pr_version_string()}};
    if (c.mpi_ranks > 1) j["config"]["mpi_ranks"] = c.mpi_ranks;
    if (!c.reference.empty()) j["config"]["reference"] = c.reference;
    if (!c.loss_skipped.empty()) j["config"]["loss_skipped"] = c.loss_skipped;
    if (!c.similarity_skipped.empty()) j["config"]["similarity_skipped"] = c.similarity_skipped;
    j["interrupted"] = s.interrupted;
    j["pr_table"] = pr_table_json(s.pr);

    auto paired = [](const PairedTest &d) {
        return json{{"baseline", d.baseline}, {"mean_pct", d.mean},  {"sd_pct", d.sd},
                    {"ci95_pct", {d.lo, d.hi}}, {"n", d.n},          {"mde_pct", d.mde},
                    {"claimed_pct", d.claimed}, {"outcome", d.outcome}, {"excludes_claim", d.excludes_claim},
                    {"seeds_needed", d.seeds_needed}};
    };
    auto loss_json = [&](const LossTable &t) {
    json strategies = json::array();
    for (const auto &r : t.strategies) {
        json js = {{"name", r.name}, {"role", role_name(r.role)}, {"description", r.description},
                   {"seeds", r.seeds}, {"loss", r.loss}, {"mean", r.mean}, {"sd", r.sd}, {"n", r.n},
                   {"ci95", {r.lo, r.hi}}, {"source_loss", source::loss_for(r.name)},
                   {"curve_steps", r.curve_steps}, {"curves", r.curves}};
        if (r.vs_random.valid) js["diff_vs_random"] = paired(r.vs_random);
        if (r.vs_norm_matched.valid) js["diff_vs_norm_matched"] = paired(r.vs_norm_matched);
        strategies.push_back(js);
    }
    return json{{"done", t.done},
                {"step", t.step},
                {"kind", t.loss_kind},
                {"eval_batches", t.eval_batches},
                {"curve_eval_batches", t.curve_batches},
                {"strategies", strategies}};
    };
    auto verdict_json = [](const std::vector<Verdict> &vs) {
        json out = json::array();
        for (const auto &v : vs) {
            json jv = {{"id", v.id},       {"claim", v.claim},   {"outcome", v.outcome},
                       {"evidence", v.evidence}, {"rule", v.rule}, {"value", v.value},
                       {"mean_pct", v.mean}, {"ci95_pct", {v.lo, v.hi}}, {"mde_pct", v.mde},
                       {"seeds_needed", v.seeds_needed}};
            if (!v.over_references.empty())
                jv["over_references"] = {
                    {"values", v.over_references}, {"mean", v.ref_mean}, {"ci95", {v.ref_lo, v.ref_hi}}};
            out.push_back(jv);
        }
        return out;
    };
    j["loss"] = loss_json(s.loss);
    j["budgets"] = json::array();
    for (size_t b = 0; b < s.budgets.size(); ++b)
        j["budgets"].push_back({{"step", s.budgets[b].step}, {"loss", loss_json(s.budgets[b])},
                                {"verdict", verdict_json(s.budget_verdicts[b])}});

    json layers = json::array();
    for (const auto &l : s.similarity.layers) {
        json jl = {{"layer", l.layer}};
        for (const auto &m : l.measures)
            jl["measures"].push_back({{"name", m.name}, {"value", m.value}, {"null", m.null_value},
                                      {"null_std", m.null_std}, {"null_what", m.null_what}});
        layers.push_back(jl);
    }
    j["similarity"] = {{"done", s.similarity.done}, {"layers", layers}};

    json att = json::array();
    for (const auto &l : s.attention.layers)
        att.push_back({{"layer", l.layer}, {"trained_pr", l.trained_pr}, {"trained_planes", l.trained_planes},
                       {"random_init_pr", l.random_init_pr}, {"blend_init_pr", l.blend_init_pr}});
    json geo = json::array();
    for (const auto &r : s.attention.geometry)
        geo.push_back({{"layer", r.layer}, {"head", r.head}, {"symmetry", r.symmetry},
                       {"symmetry_null", {{"mean", r.symmetry_null}, {"sd", r.symmetry_null_sd}}},
                       {"directionality", r.directionality},
                       {"directionality_null", {{"mean", r.directionality_null}, {"sd", r.directionality_null_sd}}},
                       {"sym_energy", r.sym_energy}, {"antisym_energy", r.antisym_energy},
                       {"random_init", {{"symmetry", r.init_symmetry}, {"directionality", r.init_directionality}}}});
    j["attention"] = {{"done", s.attention.done}, {"layers", att}, {"geometry", geo}};

    json refs = json::array();
    for (const auto &r : s.references)
        refs.push_back({{"seed", r.seed}, {"val_loss", r.val_loss}, {"lock_gap", r.lock_gap},
                        {"lock_gap_power", r.lock_gap_power}, {"best_free_pr", r.best_free_pr},
                        {"best_free_mode", r.best_free_mode}, {"corpus_best_pr", r.corpus_best_pr},
                        {"trained_pr", r.trained_pr}, {"random_init_pr", r.random_init_pr}});
    j["references"] = refs;
    j["verdict"] = verdict_json(s.verdict);
    for (const auto &[stage, sec] : s.seconds) j["seconds"][stage] = sec;
    if (!s.seconds.empty()) j["timing"] = timing_json(s);
    return j;
}

std::vector<std::string> write_study_files(const Study &s, const std::string &dir) {
    std::vector<std::string> lines;
    if (s.pr.done)
        for (auto &l : write_pr_table_files(s.pr, dir)) lines.push_back(l);

    if (s.loss.done) {
        std::vector<std::vector<std::string>> at_step, bands;
        PlotSpec spec;
        spec.output = dir + "/loss_curves";
        spec.title = "Loss by init strategy (mean over seeds, band = min..max; points on " +
                     std::to_string(s.loss.curve_batches) + " of the " + std::to_string(s.loss.eval_batches) +
                     " validation batches)";
        spec.xlabel = "step";
        spec.ylabel = s.loss.loss_kind + " loss";
        const std::string band_csv = dir + "/loss_bands.csv";
        for (const auto &r : s.loss.strategies) {
            for (size_t i = 0; i < r.seeds.size() && i < r.loss.size(); ++i)
                at_step.push_back({r.name, std::to_string(r.seeds[i]), fmt(r.loss[i], 6)});
            for (size_t k = 0; k < r.curve_steps.size(); ++k) {
                std::vector<double> v;
                for (const auto &c : r.curves)
                    if (k < c.size() && std::isfinite(c[k])) v.push_back(c[k]);
                if (v.empty()) continue;
                double lo = v[0], hi = v[0], sum = 0;
                for (double x : v) lo = std::min(lo, x), hi = std::max(hi, x), sum += x;
                bands.push_back({r.name, std::to_string(r.curve_steps[k]), fmt(sum / double(v.size()), 6),
                                 fmt(lo, 6), fmt(hi, 6), std::to_string(v.size())});
            }
            spec.series.push_back({band_csv, "2:4:5", r.name + " band", "filledcurves", "1=" + r.name});
            spec.series.push_back({band_csv, "2:3", r.name, "lines lw 2", "1=" + r.name});
        }
        write_csv(dir + "/loss_at_step.csv", {"strategy", "seed", "loss"}, at_step);
        write_csv(band_csv, {"strategy", "step", "mean", "min", "max", "seeds"}, bands);
        lines.push_back(dir + "/loss_at_step.csv");
        lines.push_back(band_csv);
        std::string why;
        const std::string image = plot(spec, why);
        lines.push_back(image.empty() ? "note: " + why : image);
    }

    if (s.similarity.done) {
        std::vector<std::vector<std::string>> rows;
        std::map<std::string, bool> names;
        for (const auto &l : s.similarity.layers)
            for (const auto &m : l.measures) {
                rows.push_back({std::to_string(l.layer), m.name, fmt(m.value, 6), fmt(m.null_value, 6), m.null_what});
                names[m.name] = true;
            }
        const std::string csv = dir + "/similarity.csv";
        write_csv(csv, {"layer", "measure", "value", "null", "null_what"}, rows);
        lines.push_back(csv);
        PlotSpec spec;
        spec.output = dir + "/similarity";
        spec.title = "Blend init vs trained model per layer (dashed: null)";
        spec.xlabel = "layer";
        spec.ylabel = "similarity";
        for (const auto &[name, _] : names) {
            spec.series.push_back({csv, "1:3", name, "linespoints lw 2", "2=" + name});
            spec.series.push_back({csv, "1:4", name + " null", "linespoints dt 2", "2=" + name});
        }
        std::string why;
        const std::string image = plot(spec, why);
        lines.push_back(image.empty() ? "note: " + why : image);
    }

    if (s.attention.done) {
        std::vector<std::vector<std::string>> rows;
        for (const auto &l : s.attention.layers)
            rows.push_back({std::to_string(l.layer), fmt(l.trained_pr, 6), fmt(l.trained_planes, 6),
                            fmt(l.random_init_pr, 6), fmt(l.blend_init_pr, 6)});
        const std::string csv = dir + "/attention_pr.csv";
        write_csv(csv, {"layer", "trained_pr", "trained_planes", "random_init_pr", "blend_init_pr"}, rows);
        lines.push_back(csv);
    }

    const std::string json_path = dir + "/study.json";
    write_text_atomically(json_path, study_json(s).dump(2) + "\n");
    lines.push_back(json_path);

    std::vector<std::vector<std::string>> verdict;
    for (const auto &v : s.verdict)
        verdict.push_back({v.claim, v.outcome, v.evidence, v.rule, fmt(v.mde, 4),
                           v.seeds_needed ? std::to_string(v.seeds_needed) : ""});
    write_csv(dir + "/verdict.csv", {"claim", "outcome", "evidence", "rule", "mde_pct", "seeds_needed"}, verdict);
    lines.push_back(dir + "/verdict.csv");
    return lines;
}

}  // namespace cli

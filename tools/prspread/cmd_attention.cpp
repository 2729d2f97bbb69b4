// `prspread attention`: per layer and head of a checkpoint, the symmetry,
// directionality and antisymmetric PR of W_QK, and its similarity to the corpus form with nulls.
#include "commands.hpp"
#include "common.hpp"
#include "data.hpp"
#include "reference.hpp"
#include "table.hpp"

#include <nlohmann/json.hpp>

#include <iostream>

namespace cli {

namespace {

nlohmann::json stat_json(const pr_similarity_stat &s) {
    return {{"value", s.value}, {"null_mean", s.null_mean}, {"null_std", s.null_std}, {"z", s.z}};
}

struct AttentionArgs {
    std::string checkpoint;  // the positional argument; --reference is its other name
    ReferenceArgs reference;
    InputArgs input;
    SynthArgs synth;
    uint32_t n_head = 0, power = 1, planes = 4, null_draws = 16;  // n_head 0: from the checkpoint
    bool json = false;
};

void run_attention(const AttentionArgs &given) {
    AttentionArgs a = given;
    if (!a.checkpoint.empty() && a.reference.given() && a.checkpoint != a.reference.path)
        fail("give the checkpoint once: as the argument '" + a.checkpoint + "' or as --reference '" +
             a.reference.path + "'");
    if (a.checkpoint.empty() && !a.reference.given()) fail("no checkpoint: give CHECKPOINT or --reference CKPT");
    if (a.n_head && a.reference.heads && a.n_head != a.reference.heads)
        fail("--heads " + std::to_string(a.n_head) + " and --reference-heads " + std::to_string(a.reference.heads) +
             " differ");
    if (!a.checkpoint.empty()) require_readable_file(a.checkpoint, "checkpoint");
    if (a.checkpoint.empty()) a.checkpoint = a.reference.path;
    a.reference.path = a.checkpoint;
    if (!a.reference.heads) a.reference.heads = a.n_head;
    const TokenStream stream = a.input.given() ? load_input(a.input) : load_synthetic(a.synth);
    const ReferenceInfo info = inspect_reference(a.reference, stream.vocab_size, true);
    pr_init_analysis_options o;
    pr_init_analysis_options_init(&o);
    o.n_head = info.config.n_head;
    o.power = a.power;
    o.planes = a.planes;
    o.null_draws = a.null_draws;
    size_t n = 0;
    check(pr_init_analyze_checkpoint(a.checkpoint.c_str(), stream.ids.data(), stream.ids.size(), &o, nullptr, 0, &n),
          "analysing '" + a.checkpoint + "'");
    std::vector<pr_init_head_analysis> rows(n);
    check(pr_init_analyze_checkpoint(a.checkpoint.c_str(), stream.ids.data(), stream.ids.size(), &o, rows.data(), n, &n),
          "analysing '" + a.checkpoint + "'");
    if (a.json) {
        nlohmann::json j = nlohmann::json::array();
        for (const auto &r : rows)
            j.push_back({{"layer", r.layer}, {"head", r.head}, {"symmetry", r.symmetry}, {"antisym_pr", r.antisym_pr},
                         {"planes", r.planes}, {"frobenius_cos", stat_json(r.frobenius_cos)},
                         {"subspace_overlap", stat_json(r.subspace_overlap)},
                         {"spectrum_cos", stat_json(r.spectrum_cos)}, {"mean_principal_cos", r.mean_principal_cos},
                         {"geometry",
                          {{"symmetry", stat_json(r.geometry.symmetry)},
                           {"directionality", stat_json(r.geometry.directionality)},
                           {"energy", r.geometry.energy}, {"sym_energy", r.geometry.sym_energy},
                           {"antisym_energy", r.geometry.antisym_energy}, {"row_excess", r.geometry.row_excess},
                           {"col_excess", r.geometry.col_excess}}}});
        std::cout << j.dump(2) << "\n";
        return;
    }
    Table t;
    t.title = "Attention of " + a.checkpoint + " against " + stream.description + " (corpus form T^" +
              std::to_string(a.power) + ", centred E = the checkpoint's wte)";
    t.header = {"Layer", "Head", "symmetry", "null", "directionality", "null", "antisym PR", "frob cos", "null", "z",
                "subspace overlap", "null", "spectrum cos", "null"};
    for (const auto &r : rows)
        t.add({"L" + std::to_string(r.layer), r.head < 0 ? "sum" : std::to_string(r.head), fmt(r.symmetry, 3),
               fmt(r.geometry.symmetry.null_mean, 3), fmt_signed(r.geometry.directionality.value, 3),
               fmt_signed(r.geometry.directionality.null_mean, 3), fmt(r.antisym_pr, 2), fmt(r.frobenius_cos.value, 3), fmt(r.frobenius_cos.null_mean, 3),
               fmt(r.frobenius_cos.z, 1), fmt(r.subspace_overlap.value, 3), fmt(r.subspace_overlap.null_mean, 3),
               fmt(r.spectrum_cos.value, 3), fmt(r.spectrum_cos.null_mean, 3)});
    t.notes.push_back("symmetry = ||S||_F^2 / ||W_QK||_F^2 (energy split: symmetric share; 1 - it is the "
                      "antisymmetric share); directionality = Saponati et al. 2025's column-vs-row norm excess "
                      "above mean + 2 sd, in [-1, 1], positive when a few keys dominate; their nulls: random "
                      "Gaussian heads of the same shape (pr_qk_geometry_f64).");
    t.notes.push_back("Nulls: the library's (pr_similarity_f64): the same form under a random rotation for frob cos "
                      "and subspace overlap, a random Gaussian matrix for the sorted-spectrum cosine.");
    std::cout << markdown(t);
}

}  // namespace

void register_attention(CLI::App &app) {
    auto a = std::make_shared<AttentionArgs>();
    auto *sub = app.add_subcommand("attention", "Analyse a checkpoint's attention: symmetry, antisymmetric PR, similarity to the corpus with nulls");
    sub->add_option("checkpoint", a->checkpoint, "Model checkpoint (.safetensors: ours or GPT-2's); or --reference");
    add_reference_options(*sub, a->reference, "(the same as the CHECKPOINT argument)");
    add_input_options(*sub, a->input);
    add_synth_options(*sub, a->synth);
    sub->add_option("--heads", a->n_head,
                    "Heads per layer (default: the checkpoint's config, or config.json beside a GPT-2 file)")
        ->check(CLI::Range(1u, 4096u));
    sub->add_option("--power", a->power, "Corpus form power k")->check(CLI::Range(1u, 64u));
    sub->add_option("--planes", a->planes, "Planes of the subspace measure")->check(CLI::Range(1u, 4096u));
    sub->add_option("--null-draws", a->null_draws, "Random heads per null")->check(CLI::Range(1u, 100000u));
    sub->add_flag("--json", a->json, "Print JSON");
    sub->callback([a] { run_attention(*a); });
}

}  // namespace cli

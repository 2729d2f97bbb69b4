// `prspread init`: initialise a model with one strategy and write all its
// weights to safetensors (loadable by PyTorch, see the pr_sft section).
#include "commands.hpp"
#include "reference.hpp"
#include "common.hpp"
#include "model.hpp"
#include "table.hpp"

#include <nlohmann/json.hpp>

#include <iostream>
#include <map>

namespace cli {

namespace {

struct InitArgs {
    InputArgs input;
    SynthArgs synth;
    ModelArgs model;
    std::string strategy = "pr_blend";
    std::string mode = "center_embeddings";
    std::string oracle;
    ReferenceArgs reference;  // --reference: the oracle, and the model's shape follows it
    uint32_t power = 1, blend_powers = 4;
    double target = PR_SOURCE_TRAINED_ATTENTION_PR;  // from the source write-up
    uint32_t complement_planes = 0;
    uint64_t seed = 1;
    std::string embedding = "model";  // E of the corpus forms: model (its wte) or ppmi_svd
    std::string output;
    bool json = false;
};

const std::map<std::string, int> &strategies() {
    static const std::map<std::string, int> m{{"random", PR_INIT_RANDOM}, {"direct", PR_INIT_DIRECT},
                                              {"pr_blend", PR_INIT_PR_BLEND}, {"oracle", PR_INIT_ORACLE},
                                              {"mimetic", PR_INIT_MIMETIC}, {"symmetric", PR_INIT_SYMMETRIC}};
    return m;
}
const std::map<std::string, int> &modes() {
    static const std::map<std::string, int> m{{"raw", PR_MODE_RAW},
                                              {"center_embeddings", PR_MODE_CENTER_EMBEDDINGS},
                                              {"subtract_stationary", PR_MODE_SUBTRACT_STATIONARY},
                                              {"flux", PR_MODE_FLUX}};
    return m;
}

void run_init(const InitArgs &given) {
    InitArgs a = given;
    const TokenStream stream = a.input.given() ? load_input(a.input) : load_synthetic(a.synth);
    if (a.reference.given()) {
        if (a.strategy != "oracle") fail("--reference is the oracle's checkpoint: it needs --strategy oracle");
        if (!a.oracle.empty()) fail("give the oracle once: --oracle '" + a.oracle + "' or --reference '" +
                                    a.reference.path + "'");
        const ReferenceInfo info = inspect_reference(a.reference, stream.vocab_size, true);
        a.model.n_layer = info.config.n_layer;
        a.model.d_model = info.config.d_model;
        a.model.n_head = info.config.n_head;
        a.model.context = info.config.context_length;
        a.model.mlp_ratio = info.config.mlp_ratio;
        a.oracle = a.reference.path;
    }
    Sft model = make_model(stream, a.model, a.seed, 42, 1);
    pr_init_options o;
    pr_init_options_init(&o);
    o.strategy = strategies().at(a.strategy);
    o.mode = modes().at(a.mode);
    o.power = a.power;
    o.blend_powers = a.blend_powers;
    o.blend_target_pr = a.target;
    o.blend_complement_planes = a.complement_planes;
    o.seed = a.seed;
    o.embedding = a.embedding == "ppmi_svd" ? PR_INIT_EMBED_PPMI_SVD : PR_INIT_EMBED_MODEL;
    if (o.strategy == PR_INIT_ORACLE) {
        if (a.oracle.empty()) fail("--strategy oracle needs --reference CKPT (or --oracle CHECKPOINT.safetensors)");
        require_readable_file(a.oracle, "oracle checkpoint");
        o.oracle_path = a.oracle.c_str();
    }
    std::vector<pr_init_layer_report> rep(a.model.n_layer);
    check(pr_init_apply(model.get(), &o, stream.ids.data(), stream.ids.size(), rep.data(), rep.size()),
          "initialising with " + a.strategy);
    check(pr_init_save_model_safetensors(model.get(), a.output.c_str()), "writing '" + a.output + "'");

    if (a.json) {
        nlohmann::json j = {{"output", a.output}, {"strategy", a.strategy}, {"input", stream.description}};
        for (size_t l = 0; l < rep.size(); ++l)
            j["layers"].push_back({{"layer", l}, {"antisym_pr", rep[l].antisym_pr}, {"symmetry", rep[l].symmetry},
                                   {"blend_weight", rep[l].blend_weight}, {"blend_pr", rep[l].blend_pr},
                                   {"zero_heads", rep[l].zero_heads}});
        std::cout << j.dump(2) << "\n";
        return;
    }
    Table t;
    t.title = a.strategy + " init of " + stream.description + " -> " + a.output;
    t.header = {"Layer", "antisym PR", "symmetry", "blend weight", "blend PR", "zero heads"};
    for (size_t l = 0; l < rep.size(); ++l)
        t.add({"L" + std::to_string(l), fmt(rep[l].antisym_pr, 2), fmt(rep[l].symmetry, 3), fmt(rep[l].blend_weight, 3),
               fmt(rep[l].blend_pr, 2), std::to_string(rep[l].zero_heads)});
    std::cout << markdown(t);
}

}  // namespace

void register_init(CLI::App &app) {
    auto a = std::make_shared<InitArgs>();
    auto *sub = app.add_subcommand("init", "Initialise a model's attention from corpus asymmetry (or a baseline) and write it to safetensors");
    add_input_options(*sub, a->input);
    add_synth_options(*sub, a->synth);
    add_model_options(*sub, a->model);
    std::vector<std::string> names, mnames;
    for (const auto &[k, v] : strategies()) names.push_back(k);
    for (const auto &[k, v] : modes()) mnames.push_back(k);
    sub->add_option("--strategy", a->strategy, "Init strategy")->check(CLI::IsMember(names));
    sub->add_option("--mode", a->mode, "Corpus form of direct/pr_blend")->check(CLI::IsMember(mnames));
    sub->add_option("--power", a->power, "direct: k in T^k")->check(CLI::Range(1u, 64u));
    sub->add_option("--blend-powers", a->blend_powers, "pr_blend: powers 1..K")->check(CLI::Range(1u, 64u));
    sub->add_option("--target-pr", a->target, "pr_blend: target PR")->check(CLI::Range(0.0, 1e6));
    sub->add_option("--complement-planes", a->complement_planes, "pr_blend: planes of the random complement (0 = d/2)");
    sub->add_option("--embedding", a->embedding,
                    "E of the corpus forms: model (the model's initial wte) or ppmi_svd (PPMI-SVD of the corpus, "
                    "which then also replaces wte)")
        ->check(CLI::IsMember({"model", "ppmi_svd"}));
    sub->add_option("--oracle", a->oracle, "oracle: trained checkpoint (.safetensors) of the model options' shape");
    add_reference_options(*sub, a->reference, "as the oracle (the model's shape follows it)");
    sub->add_option("--seed", a->seed, "Seed of the model and the init");
    sub->add_option("-o,--output", a->output, "safetensors file to write")->required();
    sub->add_flag("--json", a->json, "Print JSON");
    sub->callback([a] { run_init(*a); });
}

}  // namespace cli

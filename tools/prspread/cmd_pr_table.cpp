// `prspread pr-table`: PR of the antisymmetric part of E^T T^k E by power, in
// every projection mode, for a corpus and an embedding matrix E.
#include "commands.hpp"
#include "common.hpp"
#include "corpus_build.hpp"
#include "model.hpp"
#include "report.hpp"
#include "spectra.hpp"
#include "table.hpp"

#include <iostream>

namespace cli {

namespace {

struct PrTableArgs {
    std::string corpus_file;
    InputArgs input;
    uint32_t max_power = 8;
    // E: trained for --train-steps (the realistic case), else synthetic.
    uint32_t train_steps = 0;
    ModelArgs model;
    uint32_t d = 64;
    double share = 0.5;
    uint64_t seed = 1;
    std::string embeddings = "gaussian";  // without --train-steps: gaussian or ppmi
    ReportOptions report;
};

void run_pr_table(const PrTableArgs &a) {
    const bool quiet = a.report.quiet || a.report.json;
    if (!a.corpus_file.empty() && a.input.given()) fail("give --corpus or --text/--tokens, not both");
    if (a.corpus_file.empty() && !a.input.given()) fail("no input: give --corpus FILE, --text FILE or --tokens FILE");
    if (a.train_steps && !a.input.given()) fail("--train-steps needs the token stream: give --text or --tokens");
    if (a.train_steps && a.embeddings != "gaussian") fail("--embeddings and --train-steps exclude each other");

    Corpus corpus;
    TokenStream stream;
    if (!a.corpus_file.empty()) {
        require_readable_file(a.corpus_file, "corpus file");
        pr_corpus *raw = nullptr;
        check(pr_corpus_load(&raw, a.corpus_file.c_str()), "loading '" + a.corpus_file + "'");
        corpus.reset(raw);
    } else {
        stream = load_input(a.input);
        corpus = count_stream(stream, 1, a.model.threads, quiet);
    }
    uint32_t V = 0;
    check(pr_corpus_vocab_size(corpus.get(), &V), "reading the corpus");
    Transition t = make_transition(corpus.get());

    std::vector<float> E;
    size_t d = a.d;
    std::string what;
    if (a.train_steps) {
        Sft model = make_model(stream, a.model, a.seed, 42, a.train_steps);
        const Curve c = train(model.get(), a.train_steps, 0, "training for E", quiet);
        if (c.interrupted) fail("interrupted while training the embeddings", 130);
        d = a.model.d_model;
        E = get_param(model.get(), "wte", V, d);
        what = "token embedding wte of a model trained " + std::to_string(a.train_steps) + " steps (val loss " +
               fmt(c.val_loss.back(), 3) + ")";
    } else if (a.embeddings == "ppmi") {
        if (d > V) fail("--d " + std::to_string(d) + " exceeds the vocabulary " + std::to_string(V));
        E.resize(size_t(V) * d);
        pr_ppmi_options po;
        pr_ppmi_options_init(&po);
        po.seed = a.seed;
        po.num_threads = a.model.threads;
        check(pr_embeddings_ppmi_svd_f32(corpus.get(), &po, E.data(), V, d, nullptr), "computing PPMI-SVD embeddings");
        what = "PPMI-SVD of the corpus's counts, " + std::to_string(V) + " x " + std::to_string(d) +
               " (randomized SVD, seed " + std::to_string(a.seed) + ")";
    } else {
        E = synthetic_embeddings(V, d, a.share, a.seed);
        what = "Gaussian " + std::to_string(V) + " x " + std::to_string(d) + " plus a shared mean direction (seed " +
               std::to_string(a.seed) + ")";
    }
    const PrTable table = compute_pr_table(t.get(), E, V, d, a.max_power, what, quiet);
    if (a.report.json)
        std::cout << pr_table_json(table).dump(2) << "\n";
    else
        std::cout << pr_table_markdown(table, true);
    if (!a.report.out_dir.empty()) {
        ensure_directory(a.report.out_dir);
        for (const auto &line : write_pr_table_files(table, a.report.out_dir))
            if (!quiet) std::cerr << line << "\n";
    }
}

}  // namespace

void register_pr_table(CLI::App &app) {
    auto a = std::make_shared<PrTableArgs>();
    auto *sub = app.add_subcommand("pr-table", "PR of the antisymmetric part of E^T T^k E by power, in every mode");
    sub->add_option("--corpus", a->corpus_file, "Corpus file written by `prspread count`");
    add_input_options(*sub, a->input);
    sub->add_option("--max-power", a->max_power, "Powers k = 1..K")->check(CLI::Range(1u, 1000u));
    sub->add_option("--train-steps", a->train_steps,
                    "Use the embeddings of a model trained this many steps on the input (needs --text/--tokens)");
    add_model_options(*sub, a->model);
    sub->add_option("--d", a->d, "Width of synthetic embeddings (without --train-steps)")->check(CLI::Range(2u, 4096u));
    sub->add_option("--mean-share", a->share, "Share of synthetic E's energy in one shared mean direction")
        ->check(CLI::Range(0.0, 0.99));
    sub->add_option("--embeddings", a->embeddings,
                    "Without --train-steps: gaussian (with a shared mean, --mean-share) or ppmi (PPMI-SVD of the "
                    "corpus, width --d)")
        ->check(CLI::IsMember({"gaussian", "ppmi"}));
    sub->add_option("--seed", a->seed, "Seed of the embeddings (synthetic, PPMI-SVD test matrix or model init)");
    add_report_options(*sub, a->report);
    sub->callback([a] { run_pr_table(*a); });
}

}  // namespace cli

// `prspread pr-table`: PR of the antisymmetric part of E^T T^k E by power, in
// every projection mode, for a corpus and an embedding matrix E.
#include "commands.hpp"
#include "common.hpp"
#include "corpus_build.hpp"
#include "model.hpp"
#include "reference.hpp"
#include "report.hpp"
#include "spectra.hpp"
#include "table.hpp"

#include <iostream>
#include <sys/stat.h>

namespace cli {

namespace {

// --embeddings FILE[:TENSOR]: the [V, d] matrix E, rows checked against the
// corpus's vocabulary.  A ':' splits off TENSOR only when what precedes it
// is an existing file (paths may contain ':').
std::vector<float> embeddings_from_file(const std::string &spec, uint32_t V, size_t &d, std::string &what) {
    std::string path = spec, tensor;
    const size_t colon = spec.rfind(':');
    struct stat st {};
    if (colon != std::string::npos && stat(spec.c_str(), &st) != 0 && stat(spec.substr(0, colon).c_str(), &st) == 0) {
        path = spec.substr(0, colon);
        tensor = spec.substr(colon + 1);
    }
    require_readable_file(path, "--embeddings");
    if (tensor.empty() && (path.size() < 4 || path.compare(path.size() - 4, 4, ".npy") != 0))
        fail("--embeddings '" + spec + "': name the tensor of a safetensors file as FILE:TENSOR (e.g. " + path +
             ":wte.weight)");
    size_t rows = 0, cols = 0;
    const std::string ctx = "--embeddings '" + spec + "'";
    check(pr_embeddings_load_f32(path.c_str(), tensor.empty() ? nullptr : tensor.c_str(), nullptr, 0, &rows, &cols), ctx);
    if (rows != V)
        fail(ctx + " has " + std::to_string(rows) + " rows but the corpus has vocabulary size " + std::to_string(V));
    if (cols < 2) fail(ctx + " has " + std::to_string(cols) + " columns; E needs d >= 2");
    std::vector<float> E(rows * cols);
    check(pr_embeddings_load_f32(path.c_str(), tensor.empty() ? nullptr : tensor.c_str(), E.data(), E.size(), &rows,
                                 &cols),
          ctx);
    d = cols;
    what = "E from " + path + (tensor.empty() ? "" : " tensor '" + tensor + "'") + ", " + std::to_string(rows) +
           " x " + std::to_string(cols);
    return E;
}

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
    std::string embeddings = "gaussian";  // without --train-steps: gaussian, ppmi or FILE[:TENSOR]
    ReferenceArgs reference;              // E = that model's wte
    ReportOptions report;
};

void run_pr_table(const PrTableArgs &a) {
    const bool quiet = a.report.quiet || a.report.json;
    if (!a.corpus_file.empty() && a.input.given()) fail("give --corpus or --text/--tokens, not both");
    if (a.corpus_file.empty() && !a.input.given()) fail("no input: give --corpus FILE, --text FILE or --tokens FILE");
    if (a.train_steps && !a.input.given()) fail("--train-steps needs the token stream: give --text or --tokens");
    if (a.train_steps && a.embeddings != "gaussian") fail("--embeddings and --train-steps exclude each other");
    if (a.reference.given() && (a.train_steps || a.embeddings != "gaussian"))
        fail("--reference gives E (its wte): do not combine it with --train-steps or --embeddings");

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
    if (a.reference.given()) {
        // Only wte is read, so a GPT-2 file without config.json needs no head count.
        ReferenceArgs r = a.reference;
        ReferenceInfo info = inspect_reference(r, V, false);
        if (info.config.n_head == 0) info.config.n_head = 1;
        Sft model = load_reference(r, info, a.model.threads);
        d = info.config.d_model;
        E = get_param(model.get(), "wte", V, d);
        what = "token embedding wte of " + info.description;
    } else if (a.train_steps) {
        Sft model = make_model(stream, a.model, a.seed, 42, a.train_steps);
        const Curve c = train(model.get(), a.train_steps, 0, "training for E", quiet);
        if (c.interrupted) fail("interrupted while training the embeddings", 130);
        d = a.model.d_model;
        E = get_param(model.get(), "wte", V, d);
        what = "token embedding wte of a model trained " + std::to_string(a.train_steps) + " steps (val loss " +
               fmt(c.val_loss.back(), 3) + ")";
    } else if (a.embeddings != "gaussian" && a.embeddings != "ppmi") {
        E = embeddings_from_file(a.embeddings, V, d, what);
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
                    "Without --train-steps: gaussian (with a shared mean, --mean-share), ppmi (PPMI-SVD of the "
                    "corpus, width --d), or FILE[:TENSOR]: a [V, d] matrix from .npy or .safetensors (TENSOR: the "
                    "safetensors tensor, e.g. model.safetensors:wte.weight)");
    sub->add_option("--seed", a->seed, "Seed of the embeddings (synthetic, PPMI-SVD test matrix or model init)");
    add_reference_options(*sub, a->reference, "for E (its token embedding wte)");
    add_report_options(*sub, a->report);
    sub->callback([a] { run_pr_table(*a); });
}

}  // namespace cli

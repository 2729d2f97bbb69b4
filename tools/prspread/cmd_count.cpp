// `prspread count`: text or token files -> a saved corpus of exact pair counts.
#include "commands.hpp"
#include "common.hpp"
#include "corpus_build.hpp"
#include "mpi_launch.hpp"
#include "table.hpp"
#include "text_tokenizer.hpp"

#include <nlohmann/json.hpp>

#include <iostream>

namespace cli {

namespace {

struct CountArgs {
    std::vector<std::string> inputs;
    std::string output;
    bool tokens = false;
    std::string format = "auto";
    std::string tokenizer = "bytes";
    uint32_t vocab_size = 0;
    uint32_t lag = 1;
    int threads = 0;
    ReportOptions report;
};

// Under mpirun with token files: the ranks count, rank 0 saves and reports.
void run_count_mpi(const CountArgs &a) {
    Corpus corpus = count_files_mpi(a.inputs, a.format, a.vocab_size, a.lag, a.threads);
    if (mpi_rank() != 0) return;
    check(pr_corpus_save(corpus.get(), a.output.c_str()), "saving the corpus to '" + a.output + "'");
    uint64_t tokens = 0, pairs = 0, nnz = 0;
    check(pr_corpus_total_tokens(corpus.get(), &tokens), "reading the corpus");
    check(pr_corpus_total_pairs(corpus.get(), &pairs), "reading the corpus");
    check(pr_corpus_nnz(corpus.get(), &nnz), "reading the corpus");
    const std::string how = "MPI: " + std::to_string(mpi_ranks()) + " ranks (pr_mpi_corpus_count_files)";
    if (a.report.json) {
        nlohmann::json j = {{"input", a.inputs}, {"output", a.output}, {"vocab_size", a.vocab_size},
                            {"lag", a.lag}, {"tokens", tokens}, {"pairs", pairs}, {"nnz", nnz},
                            {"documents", a.inputs.size()}, {"mpi_ranks", mpi_ranks()}};
        std::cout << j.dump(2) << "\n";
        return;
    }
    Table t;
    t.title = "Corpus " + a.output + " (" + how + ")";
    t.header = {"input files", "vocab", "lag", "tokens", "pairs", "distinct pairs"};
    t.add({std::to_string(a.inputs.size()), std::to_string(a.vocab_size), std::to_string(a.lag),
           std::to_string(tokens), std::to_string(pairs), std::to_string(nnz)});
    std::cout << markdown(t);
}

void run_count(const CountArgs &a) {
    if (a.tokens && a.tokenizer != "bytes") fail("--tokenizer applies to text inputs, not --tokens");
    if (a.tokens && mpi_ranks() > 1) return run_count_mpi(a);
    if (mpi_ranks() > 1) {  // text is tokenised once, on one rank
        if (mpi_rank() != 0) return;
        if (!a.report.quiet) std::cerr << "prspread: MPI: text input is counted on rank 0 alone (use --tokens to split)\n";
    }
    const TokenStream stream = a.tokens ? load_tokens(a.inputs, a.format, a.vocab_size)
                                        : load_text_as(a.inputs, a.tokenizer, a.report.quiet || a.report.json);
    if (stream.ids.size() <= a.lag)
        fail("the input has " + std::to_string(stream.ids.size()) + " tokens, too few for --lag " +
             std::to_string(a.lag));
    Corpus corpus = count_stream(stream, a.lag, a.threads, a.report.quiet || a.report.json);
    check(pr_corpus_save(corpus.get(), a.output.c_str()), "saving the corpus to '" + a.output + "'");

    uint64_t tokens = 0, pairs = 0, nnz = 0;
    check(pr_corpus_total_tokens(corpus.get(), &tokens), "reading the corpus");
    check(pr_corpus_total_pairs(corpus.get(), &pairs), "reading the corpus");
    check(pr_corpus_nnz(corpus.get(), &nnz), "reading the corpus");
    const double fill = double(nnz) / (double(stream.vocab_size) * double(stream.vocab_size));
    if (a.report.json) {
        nlohmann::json j = {{"input", stream.description}, {"output", a.output}, {"vocab_size", stream.vocab_size},
                            {"lag", a.lag}, {"tokens", tokens}, {"pairs", pairs}, {"nnz", nnz},
                            {"fill", fill}, {"documents", stream.doc_ends.size()}};
        if (!stream.symbols.empty()) j["symbols"] = std::string(stream.symbols.begin(), stream.symbols.end());
        std::cout << j.dump(2) << "\n";
        return;
    }
    Table t;
    t.title = "Corpus " + a.output;
    t.header = {"input", "vocab", "lag", "tokens", "pairs", "distinct pairs", "fill of V^2"};
    t.add({stream.description, std::to_string(stream.vocab_size), std::to_string(a.lag), std::to_string(tokens),
           std::to_string(pairs), std::to_string(nnz), fmt(100 * fill, 2) + "%"});
    std::cout << markdown(t);
}

}  // namespace

void register_count(CLI::App &app) {
    auto args = std::make_shared<CountArgs>();
    auto *sub = app.add_subcommand("count", "Count exact token-pair statistics of text or token files into a corpus file");
    sub->add_option("inputs", args->inputs, "Text files (one vocabulary of the bytes that occur) or, with --tokens, token files")
        ->required();
    sub->add_option("-o,--output", args->output, "Corpus file to write (atomically)")->required();
    sub->add_flag("--tokens", args->tokens, "Inputs are token files (raw u16/u32, llm.c .bin, 1-D .npy)");
    sub->add_option("--format", args->format, "Token file format (auto: by magic, else raw u16)")
        ->check(CLI::IsMember(token_formats()));
    sub->add_option("--vocab-size", args->vocab_size, "Vocabulary size of token files (default: max id + 1)")
        ->check(CLI::Range(1u, 1u << 31));
    sub->add_option("--tokenizer", args->tokenizer, tokenizer_help());
    sub->add_option("--lag", args->lag, "Pair distance (1 = bigrams)")->check(CLI::Range(1u, 1u << 20));
    sub->add_option("--threads", args->threads, "Counting threads (0 = all)")->check(CLI::Range(0, 1024));
    sub->add_flag("--json", args->report.json, "Print JSON instead of a markdown table");
    sub->add_flag("-q,--quiet", args->report.quiet, "No progress output on stderr");
    sub->callback([args] { run_count(*args); });
}

}  // namespace cli

// `prspread tokenize`: a text file through a BPE tokenizer into a token file
// that nanoGPT (raw u16), llm.c and `prspread count --tokens` read.
#include "commands.hpp"
#include "common.hpp"
#include "progress.hpp"
#include "text_tokenizer.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <iostream>
#include <sys/stat.h>

namespace cli {

namespace {

struct TokenizeArgs {
    std::string input, output, tokenizer, format = "u16";
    bool allow_special = false;
    int threads = 0;
    ReportOptions report;
};

void run_tokenize(const TokenizeArgs &a) {
    require_readable_file(a.input, "text file");
    const Tokenizer tok = load_bpe_tokenizer(a.tokenizer);
    const int format = a.format == "u16" ? PR_TOKENS_U16 : a.format == "u32" ? PR_TOKENS_U32 : PR_TOKENS_LLMC;
    pr_encode_options o;
    pr_encode_options_init(&o);
    o.allow_special = a.allow_special;
    o.num_threads = a.threads;
    uint64_t n = 0;
    Progress bar("tokenizing " + base_name(a.input), a.report.quiet || a.report.json);
    const auto t0 = std::chrono::steady_clock::now();
    check(pr_tokenizer_write_token_file(tok.get(), a.input.c_str(), a.output.c_str(), format, &o,
                                        Progress::callback, bar.user(), &n),
          "tokenizing '" + a.input + "' into '" + a.output + "'");
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    bar.finish();
    struct stat st {};
    ::stat(a.input.c_str(), &st);
    uint32_t v = 0;
    check(pr_tokenizer_vocab_size(tok.get(), &v), "reading the tokenizer");
    if (a.report.json) {
        std::cout << nlohmann::json{{"input", a.input}, {"output", a.output}, {"format", a.format},
                                    {"tokenizer", a.tokenizer}, {"vocab_size", v}, {"bytes", uint64_t(st.st_size)},
                                    {"tokens", n},
                                    {"seconds", seconds}, {"mb_per_s", double(st.st_size) / 1e6 / seconds}}
                         .dump(2)
                  << "\n";
    } else {
        std::cout << a.output << ": " << n << " tokens (" << a.format << ", vocab_size " << v << ") from "
                  << st.st_size << " bytes\n";
    }
}

}  // namespace

void register_tokenize(CLI::App &app) {
    auto a = std::make_shared<TokenizeArgs>();
    auto *sub = app.add_subcommand("tokenize", "Tokenize a text file with a BPE tokenizer into a token file");
    sub->add_option("input", a->input, "Text file")->required();
    sub->add_option("-o,--output", a->output, "Token file to write (atomically)")->required();
    sub->add_option("--tokenizer", a->tokenizer, "gpt2:DIR (encoder.json + vocab.bpe) or hf:tokenizer.json")
        ->required();
    sub->add_option("--format", a->format,
                    "u16 (nanoGPT's train.bin), u32, or llmc (llm.c header; u16 ids, u32 beyond 65536)")
        ->check(CLI::IsMember({"u16", "u32", "llmc"}));
    sub->add_flag("--allow-special", a->allow_special, "Special-token text (e.g. <|endoftext|>) becomes its id");
    sub->add_option("--threads", a->threads, "Threads (0 = all)")->check(CLI::Range(0, 1024));
    sub->add_flag("--json", a->report.json, "Print JSON instead of a line");
    sub->add_flag("-q,--quiet", a->report.quiet, "No progress output on stderr");
    sub->callback([a] { run_tokenize(*a); });
}

}  // namespace cli

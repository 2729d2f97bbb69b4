// For each C API entry point that allocates: fail its 1st, 2nd, ... N-th
// allocation until the call succeeds.  Every injected failure must give
// PR_ERR_NO_MEMORY with a non-empty message, and afterwards the same call on
// the same handle must succeed with the result of an undisturbed call.  Leaks
// are ASan's job: this binary runs in the sanitizer build too (see
// tests/alloc.cmake), where any block lost on an error path fails it at exit.
//   test_alloc_failure TMP_DIR [scenario...]
#include "failing_alloc.hpp"
#include "prspread.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

namespace {

std::string tmp;
int failures = 0;

void expect(bool ok, const std::string &what) {
    if (!ok) {
        std::fprintf(stderr, "FAIL: %s\n", what.c_str());
        ++failures;
    }
}

void must(int st, const char *what) {
    if (st != PR_OK) {
        std::fprintf(stderr, "setup failed: %s: %s\n", what, pr_last_error());
        std::exit(2);
    }
}

// One scenario: state is built by setup() (allocations not counted), call()
// is the entry point under test, result() summarises what it produced (to
// compare a retried call with an undisturbed one), teardown() frees.
struct Scenario {
    const char *name;
    std::function<void()> setup;
    std::function<int()> call;
    std::function<std::string()> result;
    std::function<void()> teardown;
    // Adds are not transactions: after PR_ERR_NO_MEMORY the corpus may hold
    // part of the chunk (include/prspread.h, pr_corpus_add_u8).  For them the
    // retry must succeed and the handle stay valid (its digest readable, its
    // save succeeding), not reproduce the undisturbed result.
    std::function<bool()> still_valid = nullptr;
};

void run(const Scenario &s) {
    s.setup();
    must(s.call(), s.name);
    const std::string want = s.result();
    s.teardown();
    uint64_t n = 1;
    for (;; ++n) {
        s.setup();
        alloc_test::arm(n);
        const int st = s.call();
        const bool fired = alloc_test::disarm();
        if (!fired) {
            expect(st == PR_OK, std::string(s.name) + ": no failure injected but status " + pr_status_name(st));
            s.teardown();
            break;
        }
        const std::string msg = pr_last_error();
        if (st != PR_OK) {
            expect(st == PR_ERR_NO_MEMORY, std::string(s.name) + ": allocation " + std::to_string(n) +
                                               " failed, status " + pr_status_name(st) + " (" + msg + ")");
            expect(!msg.empty(), std::string(s.name) + ": empty message after failed allocation " + std::to_string(n));
            // The handle is still usable: the same call now succeeds, with
            // the undisturbed result.
            const int again = s.call();
            expect(again == PR_OK, std::string(s.name) + ": retry after failed allocation " + std::to_string(n) +
                                       " gave " + pr_status_name(again) + " (" + pr_last_error() + ")");
            if (again == PR_OK && !s.still_valid)
                expect(s.result() == want, std::string(s.name) + ": retry after failed allocation " +
                                               std::to_string(n) + " gave a different result");
            if (again == PR_OK && s.still_valid)
                expect(s.still_valid(), std::string(s.name) + ": handle unusable after failed allocation " +
                                            std::to_string(n) + " (" + pr_last_error() + ")");
        } else if (!s.still_valid) {
            // Survived the failure (e.g. a fallback path): the result must be right.
            expect(s.result() == want, std::string(s.name) + ": succeeded despite failed allocation " +
                                           std::to_string(n) + " but with a different result");
        }
        s.teardown();
        if (failures > 20) break;
    }
    std::printf("%-36s %5llu allocations failed one at a time: ok\n", s.name, (unsigned long long)(n - 1));
}

std::string bytes_of(const void *p, size_t n) { return std::string(static_cast<const char *>(p), n); }

std::string corpus_digest(const pr_corpus *c) {
    uint64_t tok = 0, pairs = 0, nnz = 0;
    pr_corpus_total_tokens(c, &tok);
    pr_corpus_total_pairs(c, &pairs);
    pr_corpus_nnz(c, &nnz);
    return std::to_string(tok) + "/" + std::to_string(pairs) + "/" + std::to_string(nnz);
}

std::string file_bytes(const std::string &path) {
    std::string s;
    if (FILE *f = std::fopen(path.c_str(), "rb")) {
        char buf[4096];
        size_t k;
        while ((k = std::fread(buf, 1, sizeof buf, f)) > 0) s.append(buf, k);
        std::fclose(f);
    }
    return s;
}

// A small byte-level BPE: GPT-2's 256-byte alphabet plus a few merges, as
// encoder.json + vocab.bpe and as a Hugging Face tokenizer.json.
std::string gpt2_encoder_json() {
    auto printable = [](int b) { return (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || b >= 174; };
    std::string enc = "{";
    int shifted = 0;
    for (int b = 0; b < 256; ++b) {
        const unsigned cp = printable(b) ? unsigned(b) : unsigned(256 + shifted++);
        std::string s;
        if (cp < 0x80) s += char(cp);
        else s += char(0xc0 | (cp >> 6)), s += char(0x80 | (cp & 0x3f));
        if (s == "\"" || s == "\\") s = "\\" + s;
        enc += (b ? ",\"" : "\"") + s + "\":" + std::to_string(b);
    }
    return enc + ",\"th\":256,\"the\":257,\"\xc4\xa0the\":258,\"to\":259,\"<|endoftext|>\":260}";
}
const char kMerges[] = "#version: 0.2\nt h\nth e\n\xc4\xa0 the\nt o\n";
std::string hf_tokenizer_json() {
    return "{\"version\":\"1.0\",\"normalizer\":null,"
           "\"pre_tokenizer\":{\"type\":\"ByteLevel\",\"add_prefix_space\":false,\"trim_offsets\":true,\"use_regex\":true},"
           "\"added_tokens\":[{\"id\":260,\"content\":\"<|endoftext|>\",\"special\":true}],"
           "\"model\":{\"type\":\"BPE\",\"dropout\":null,\"vocab\":" + gpt2_encoder_json() +
           ",\"merges\":[\"t h\",[\"th\",\"e\"],\"\xc4\xa0 the\",\"t o\"]}}";
}

void write_file(const std::string &path, const std::string &bytes) {
    FILE *f = std::fopen(path.c_str(), "wb");
    std::fwrite(bytes.data(), 1, bytes.size(), f);
    std::fclose(f);
}

// A tiny Hugging Face GPT-2 checkpoint (model.safetensors + config.json in
// `dir`): V 16, n_embd 8, n_positions 8, one layer, n_inner 32, 2 heads,
// with "transformer." names as GPT2LMHeadModel.save_pretrained writes them.
void write_gpt2_checkpoint(const std::string &dir) {
    const unsigned V = 16, d = 8, T = 8, ff = 32;
    const std::vector<std::pair<std::string, std::vector<unsigned>>> tensors = {
        {"wte.weight", {V, d}}, {"wpe.weight", {T, d}}, {"ln_f.weight", {d}}, {"ln_f.bias", {d}},
        {"h.0.ln_1.weight", {d}}, {"h.0.ln_1.bias", {d}}, {"h.0.ln_2.weight", {d}}, {"h.0.ln_2.bias", {d}},
        {"h.0.attn.c_attn.weight", {d, 3 * d}}, {"h.0.attn.c_attn.bias", {3 * d}},
        {"h.0.attn.c_proj.weight", {d, d}}, {"h.0.attn.c_proj.bias", {d}},
        {"h.0.mlp.c_fc.weight", {d, ff}}, {"h.0.mlp.c_fc.bias", {ff}},
        {"h.0.mlp.c_proj.weight", {ff, d}}, {"h.0.mlp.c_proj.bias", {d}}};
    std::string header = "{", data;
    for (const auto &t : tensors) {
        size_t n = 1;
        std::string shape;
        for (unsigned x : t.second) n *= x, shape += (shape.empty() ? "" : ",") + std::to_string(x);
        const size_t begin = data.size();
        for (size_t i = 0; i < n; ++i) {
            const float v = float((i * 37 + data.size() / 4) % 101) / 101.0f - 0.5f;
            data.append(reinterpret_cast<const char *>(&v), 4);
        }
        header += (header.size() > 1 ? ",\"" : "\"") + std::string("transformer.") + t.first +
                  "\":{\"dtype\":\"F32\",\"shape\":[" + shape + "],\"data_offsets\":[" + std::to_string(begin) +
                  "," + std::to_string(data.size()) + "]}";
    }
    header += "}";
    const uint64_t n = header.size();
    write_file(dir + "/model.safetensors", std::string(reinterpret_cast<const char *>(&n), 8) + header + data);
    write_file(dir + "/config.json",
               "{\"model_type\":\"gpt2\",\"vocab_size\":16,\"n_embd\":8,\"n_positions\":8,\"n_ctx\":8,"
               "\"n_layer\":1,\"n_head\":2,\"n_inner\":32,\"activation_function\":\"gelu_new\"}");
}

const char kText[] = "to be or not to be that is the question whether tis nobler in the mind to suffer "
                     "the slings and arrows of outrageous fortune or to take arms against a sea of troubles";

}  // namespace

int main(int argc, char **argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: test_alloc_failure TMP_DIR [scenario]\n");
        return 2;
    }
    tmp = argv[1];
    // Optional: the scenario names to run (default: all).
    std::vector<std::string> only(argv + 2, argv + argc);

    pr_corpus_options co;
    pr_corpus_options_init(&co);
    co.vocab_size = 256;
    co.num_threads = 1;
    std::vector<uint16_t> tokens(3000);
    for (size_t i = 0; i < tokens.size(); ++i) tokens[i] = uint16_t((i * 7 + i / 13) % 200);

    pr_corpus *corpus = nullptr;
    pr_vocab *vocab = nullptr;
    pr_sft *model = nullptr;
    const std::string corpus_file = tmp + "/alloc_corpus.prc", vocab_file = tmp + "/alloc_vocab.prv",
                      tok_file = tmp + "/alloc_tokens.u16", sft_file = tmp + "/alloc_model.safetensors",
                      out_file = tmp + "/alloc_out.bin";
    {  // fixtures on disk
        pr_corpus *c;
        must(pr_corpus_create(&c, &co), "corpus");
        must(pr_corpus_add_u16(c, tokens.data(), tokens.size()), "add");
        must(pr_corpus_save(c, corpus_file.c_str()), "save");
        pr_corpus_free(c);
        pr_vocab *v;
        must(pr_vocab_build(&v, kText, sizeof kText - 1, nullptr), "vocab");
        must(pr_vocab_save(v, vocab_file.c_str()), "vocab save");
        pr_vocab_free(v);
        FILE *f = std::fopen(tok_file.c_str(), "wb");
        std::fwrite(tokens.data(), 2, tokens.size(), f);
        std::fclose(f);
    }
    const std::string enc_file = tmp + "/alloc_encoder.json", bpe_file = tmp + "/alloc_vocab.bpe",
                      hf_file = tmp + "/alloc_tokenizer.json";
    write_file(enc_file, gpt2_encoder_json());
    write_file(bpe_file, kMerges);
    write_file(hf_file, hf_tokenizer_json());
    const std::string hf_text = hf_tokenizer_json();  // built here: no allocation inside the call under test
    pr_tokenizer *tokenizer = nullptr;
    // What a loaded tokenizer makes of the text (its ids), or "null".
    auto tokenizer_result = [&] {
        if (!tokenizer) return std::string("null");
        pr_encode_options eo;
        pr_encode_options_init(&eo);
        eo.num_threads = 1;
        std::vector<uint32_t> out(sizeof kText + 1);
        size_t n = 0;
        const int st = pr_tokenizer_encode(tokenizer, kText, sizeof kText - 1, &eo, out.data(), out.size(), &n,
                                           nullptr, nullptr);
        return st == PR_OK ? bytes_of(out.data(), n * 4) : std::string("encode failed");
    };
    auto free_tokenizer = [&] { pr_tokenizer_free(tokenizer), tokenizer = nullptr; };
    pr_sft_options so;
    pr_sft_options_init(&so);
    so.vocab_size = 256, so.context_length = 8, so.n_layer = 1, so.n_head = 2, so.d_model = 8, so.mlp_ratio = 2;
    so.num_threads = 1;
    {
        pr_sft *m;
        must(pr_sft_create(&m, &so), "sft");
        must(pr_sft_save(m, sft_file.c_str(), 1), "sft save");
        pr_sft_free(m);
    }
    const std::string gpt2_dir = tmp + "/alloc_gpt2", gpt2_file = gpt2_dir + "/model.safetensors";
    std::string mkdir = "mkdir -p '" + gpt2_dir + "'";
    if (std::system(mkdir.c_str()) != 0) return 2;
    write_gpt2_checkpoint(gpt2_dir);
    // What pr_sft_inspect_checkpoint reported, as text.
    pr_sft_options inspected;
    int32_t inspected_kind = -1;
    auto inspect_result = [&] {
        const pr_sft_options &o = inspected;
        return std::to_string(inspected_kind) + ":" + std::to_string(o.vocab_size) + "," +
               std::to_string(o.context_length) + "," + std::to_string(o.n_layer) + "," + std::to_string(o.n_head) +
               "," + std::to_string(o.d_model) + "," + std::to_string(o.mlp_ratio);
    };
    auto inspect = [&](const std::string &path) {
        std::memset(&inspected, 0, sizeof inspected);
        inspected_kind = -1;
        return pr_sft_inspect_checkpoint(path.c_str(), 0, &inspected, &inspected_kind);
    };
    // A model created from a checkpoint, as the bytes of its own save.
    auto model_result = [&] {
        if (!model) return std::string("null");
        return pr_sft_save(model, out_file.c_str(), 0) == PR_OK ? file_bytes(out_file) : std::string("save failed");
    };
    auto free_model = [&] { pr_sft_free(model), model = nullptr; };
    std::vector<float> tensor(256 * 8);  // the larger of the two tensors read
    auto read_tensor = [&](const std::string &path, const char *name, uint64_t rows, uint64_t cols) {
        const uint64_t shape[2] = {rows, cols};
        std::fill(tensor.begin(), tensor.end(), 0.0f);
        return pr_sft_checkpoint_read_f32(path.c_str(), name, 2, shape, tensor.data());
    };
    auto tensor_result = [&] { return bytes_of(tensor.data(), tensor.size() * 4); };
    auto no_setup = [] {};
    auto new_corpus = [&] { must(pr_corpus_create(&corpus, &co), "corpus"); };
    auto free_corpus = [&] { pr_corpus_free(corpus), corpus = nullptr; };
    auto corpus_result = [&] { return corpus ? corpus_digest(corpus) : std::string("null"); };
    auto corpus_valid = [&] {
        pr_corpus *back = nullptr;
        const bool ok = corpus && !corpus_digest(corpus).empty() && pr_corpus_save(corpus, out_file.c_str()) == PR_OK &&
                        pr_corpus_load(&back, out_file.c_str()) == PR_OK && corpus_digest(back) == corpus_digest(corpus);
        pr_corpus_free(back);
        return ok;
    };
    std::vector<float> E(256 * 8);
    std::vector<uint32_t> ids(tokens.size());

    const std::vector<Scenario> scenarios = {
        {"pr_corpus_create", no_setup, [&] { return pr_corpus_create(&corpus, &co); }, corpus_result, free_corpus},
        {"pr_corpus_add_u16", new_corpus, [&] { return pr_corpus_add_u16(corpus, tokens.data(), tokens.size()); },
         corpus_result, free_corpus, corpus_valid},
        {"pr_corpus_save", [&] { new_corpus(); must(pr_corpus_add_u16(corpus, tokens.data(), tokens.size()), "add"); },
         [&] { return pr_corpus_save(corpus, out_file.c_str()); }, [&] { return file_bytes(out_file); }, free_corpus},
        {"pr_corpus_load", no_setup, [&] { pr_corpus_free(corpus); corpus = nullptr; return pr_corpus_load(&corpus, corpus_file.c_str()); },
         corpus_result, free_corpus},
        {"pr_corpus_add_token_file", new_corpus,
         [&] { return pr_corpus_add_token_file(corpus, tok_file.c_str(), PR_TOKENS_U16, nullptr, nullptr); },
         corpus_result, free_corpus, corpus_valid},
        {"pr_token_file_read_u32", no_setup,
         [&] {
             uint64_t n = 0;
             std::fill(ids.begin(), ids.end(), 0u);  // no allocation inside the call under test
             return pr_token_file_read_u32(tok_file.c_str(), PR_TOKENS_AUTO, ids.data(), ids.size(), &n);
         },
         [&] { return bytes_of(ids.data(), ids.size() * 4); }, no_setup},
        {"pr_vocab_build", no_setup,
         [&] { pr_vocab_free(vocab); vocab = nullptr; return pr_vocab_build(&vocab, kText, sizeof kText - 1, nullptr); },
         [&] { uint32_t n = 0; if (vocab) pr_vocab_size(vocab, &n); return std::to_string(n); },
         [&] { pr_vocab_free(vocab), vocab = nullptr; }},
        {"pr_vocab_load", no_setup,
         [&] { pr_vocab_free(vocab); vocab = nullptr; return pr_vocab_load(&vocab, vocab_file.c_str()); },
         [&] { uint32_t n = 0; if (vocab) pr_vocab_size(vocab, &n); return std::to_string(n); },
         [&] { pr_vocab_free(vocab), vocab = nullptr; }},
        {"pr_corpus_add_text_words",
         [&] { new_corpus(); must(pr_vocab_load(&vocab, vocab_file.c_str()), "vocab"); },
         [&] { return pr_corpus_add_text_words(corpus, vocab, kText, sizeof kText - 1); }, corpus_result,
         [&] { free_corpus(); pr_vocab_free(vocab), vocab = nullptr; }, corpus_valid},
        {"pr_embeddings_load_f32", no_setup,
         [&] {
             size_t rows = 0, d = 0;
             std::fill(E.begin(), E.end(), 0.0f);
             return pr_embeddings_load_f32(sft_file.c_str(), "wte", E.data(), E.size(), &rows, &d);
         },
         [&] { return bytes_of(E.data(), E.size() * 4); }, no_setup},
        {"pr_embeddings_ppmi_svd_f32",
         [&] { new_corpus(); must(pr_corpus_add_u16(corpus, tokens.data(), tokens.size()), "add"); },
         [&] {
             pr_ppmi_options po;
             pr_ppmi_options_init(&po);
             po.num_threads = 1;
             std::fill(E.begin(), E.end(), 0.0f);
             return pr_embeddings_ppmi_svd_f32(corpus, &po, E.data(), 256, 4, nullptr);
         },
         [&] { return bytes_of(E.data(), E.size() * 4); }, free_corpus},
        {"pr_tokenizer_load_gpt2", no_setup,
         [&] { free_tokenizer(); return pr_tokenizer_load_gpt2(&tokenizer, enc_file.c_str(), bpe_file.c_str()); },
         tokenizer_result, free_tokenizer},
        {"pr_tokenizer_load_hf", no_setup,
         [&] { free_tokenizer(); return pr_tokenizer_load_hf(&tokenizer, hf_file.c_str()); }, tokenizer_result,
         free_tokenizer},
        {"pr_tokenizer_create_from_memory", no_setup,
         [&] {
             free_tokenizer();
             return pr_tokenizer_create_from_memory(&tokenizer, PR_TOKENIZER_HF_JSON, hf_text.data(), hf_text.size(),
                                                    nullptr, 0);
         },
         tokenizer_result, free_tokenizer},
        {"pr_sft_create", no_setup, [&] { return pr_sft_create(&model, &so); },
         [&] { return std::string(model ? "model" : "null"); }, [&] { pr_sft_free(model), model = nullptr; }},
        {"pr_sft_load", [&] { must(pr_sft_create(&model, &so), "sft"); },
         [&] { return pr_sft_load(model, sft_file.c_str()); },
         [&] { pr_sft_save(model, out_file.c_str(), 1); return file_bytes(out_file); },
         [&] { pr_sft_free(model), model = nullptr; }},
        {"pr_sft_save", [&] { must(pr_sft_create(&model, &so), "sft"); },
         [&] { return pr_sft_save(model, out_file.c_str(), 1); }, [&] { return file_bytes(out_file); },
         [&] { pr_sft_free(model), model = nullptr; }},
        {"pr_sft_step",
         [&] {
             must(pr_sft_create(&model, &so), "sft");
             must(pr_sft_set_data_u16(model, tokens.data(), tokens.size()), "data");
         },
         [&] { pr_sft_step_info info; return pr_sft_step(model, &info); },
         [&] { pr_sft_save(model, out_file.c_str(), 1); return file_bytes(out_file); },
         [&] { pr_sft_free(model), model = nullptr; }},
        {"pr_sft_inspect_checkpoint gpt2", no_setup, [&] { return inspect(gpt2_file); }, inspect_result, no_setup},
        {"pr_sft_inspect_checkpoint ours", no_setup, [&] { return inspect(sft_file); }, inspect_result, no_setup},
        {"pr_sft_create_from_checkpoint gpt2", no_setup,
         [&] { free_model(); return pr_sft_create_from_checkpoint(&model, gpt2_file.c_str(), 0, 1); }, model_result,
         free_model},
        {"pr_sft_create_from_checkpoint ours", no_setup,
         [&] { free_model(); return pr_sft_create_from_checkpoint(&model, sft_file.c_str(), 0, 1); }, model_result,
         free_model},
        {"pr_sft_checkpoint_read_f32 gpt2", no_setup, [&] { return read_tensor(gpt2_file, "h.0.attn.w_k", 8, 8); },
         tensor_result, no_setup},
        {"pr_sft_checkpoint_read_f32 ours", no_setup, [&] { return read_tensor(sft_file, "wte", 256, 8); },
         tensor_result, no_setup},
    };
    for (const Scenario &s : scenarios)
        if (only.empty() || std::find(only.begin(), only.end(), s.name) != only.end()) run(s);
    if (failures) std::fprintf(stderr, "%d allocation-failure check(s) failed\n", failures);
    return failures ? 1 : 0;
}

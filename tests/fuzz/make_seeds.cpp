// Writes the seed corpus of every fuzz target into tests/fuzz/corpus/<target>/
// from valid files the library itself writes (plus hand-made .npy and
// safetensors bytes in the layouts numpy and safetensors use).  Run once by
// scripts/fuzz.sh --seeds; the outputs are committed.
#include "prspread.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <sys/stat.h>
#include <vector>

namespace {

std::string root;

void check(int st, const char *what) {
    if (st != PR_OK) {
        std::fprintf(stderr, "%s: %s\n", what, pr_last_error());
        std::exit(1);
    }
}

std::string dir(const char *target) {
    std::string d = root + "/" + target;
    mkdir(d.c_str(), 0755);
    return d;
}

void put(const std::string &path, const std::string &bytes) {
    FILE *f = std::fopen(path.c_str(), "wb");
    if (!f || std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size() || std::fclose(f) != 0) {
        std::perror(path.c_str());
        std::exit(1);
    }
}

std::string slurp(const std::string &path) {
    std::string s;
    FILE *f = std::fopen(path.c_str(), "rb");
    if (!f) return s;
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) s.append(buf, n);
    std::fclose(f);
    return s;
}

// A .npy v1.0 file as numpy writes it (header padded to 64 bytes).
std::string npy(const std::string &descr, const std::string &shape, const std::string &payload) {
    std::string dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    size_t total = 10 + dict.size() + 1;
    dict.append((64 - total % 64) % 64, ' ');
    dict += '\n';
    std::string out("\x93NUMPY\x01\x00", 8);
    out += char(dict.size() & 0xff);
    out += char(dict.size() >> 8);
    return out + dict + payload;
}

std::string safetensors(const std::string &json, const std::string &payload) {
    uint64_t len = json.size();
    return std::string(reinterpret_cast<const char *>(&len), 8) + json + payload;
}

template <class T>
std::string raw(const std::vector<T> &v) {
    return std::string(reinterpret_cast<const char *>(v.data()), v.size() * sizeof(T));
}


// GPT-2's byte-level alphabet: printable Latin-1 bytes spell themselves, the
// other 68 bytes become U+0100.. in byte order (as encoder.json spells them).
std::string spell(const std::string &bytes) {
    std::string out;
    for (unsigned char b : bytes) {
        uint32_t cp = b;
        if (!((b >= 33 && b <= 126) || (b >= 161 && b <= 172) || b >= 174)) {
            uint32_t n = 0;
            for (uint32_t c = 0; c < b; ++c)
                n += !((c >= 33 && c <= 126) || (c >= 161 && c <= 172) || c >= 174);
            cp = 256 + n;
        }
        if (cp < 0x80) out += char(cp);
        else out += char(0xc0 | (cp >> 6)), out += char(0x80 | (cp & 0x3f));
    }
    return out;
}

std::string quoted(const std::string &s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

// A small byte-level BPE: the 256 byte tokens, then merges, as GPT-2's
// encoder.json (token -> id) and the merge lines of vocab.bpe.
struct Bpe {
    std::string vocab_json, merge_lines, merges_json;
};
Bpe small_bpe() {
    const std::vector<std::pair<std::string, std::string>> merges = {
        {"t", "o"}, {" ", "b"}, {" b", "e"}, {"t", "h"}, {"th", "e"}, {" ", "the"}, {"a", "t"}, {"i", "s"}};
    Bpe b;
    b.vocab_json = "{";
    for (int i = 0; i < 256; ++i) b.vocab_json += (i ? ", " : "") + quoted(spell(std::string(1, char(i)))) + ": " + std::to_string(i);
    int id = 256;
    b.merges_json = "[";
    for (const auto &m : merges) {
        b.vocab_json += ", " + quoted(spell(m.first + m.second)) + ": " + std::to_string(id++);
        b.merge_lines += spell(m.first) + " " + spell(m.second) + "\n";
        b.merges_json += (b.merges_json.size() > 1 ? ", " : "") + quoted(spell(m.first) + " " + spell(m.second));
    }
    b.vocab_json += ", \"<|endoftext|>\": " + std::to_string(id) + "}";
    b.merges_json += "]";
    return b;
}

}  // namespace

int main(int argc, char **argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: make_seeds OUT_DIR\n");
        return 2;
    }
    root = argv[1];
    mkdir(root.c_str(), 0755);
    const char text[] = "to be, or not to be: that is the question. To be is to do; don't.\n";

    // corpus files
    pr_corpus_options o;
    pr_corpus_options_init(&o);
    o.vocab_size = 256;
    for (int sep = 0; sep < 2; ++sep) {
        o.separator = sep ? 10 : -1;
        o.lag = 1 + sep;
        pr_corpus *c = nullptr;
        check(pr_corpus_create(&c, &o), "corpus");
        check(pr_corpus_add_text_bytes(c, text, sizeof text - 1), "add");
        check(pr_corpus_save(c, (dir("fuzz_corpus_load") + "/seed" + std::to_string(sep)).c_str()), "save");
        pr_corpus_free(c);
    }
    o.vocab_size = 3;
    o.separator = -1;
    o.lag = 1;
    pr_corpus *empty = nullptr;
    check(pr_corpus_create(&empty, &o), "corpus");
    check(pr_corpus_save(empty, (dir("fuzz_corpus_load") + "/empty").c_str()), "save");
    pr_corpus_free(empty);

    // vocabularies
    pr_vocab_options vo;
    pr_vocab_options_init(&vo);
    for (int lc = 0; lc < 2; ++lc) {
        vo.lowercase = lc;
        vo.max_words = lc ? 5 : 100;
        pr_vocab *v = nullptr;
        check(pr_vocab_build(&v, text, sizeof text - 1, &vo), "vocab");
        check(pr_vocab_save(v, (dir("fuzz_vocab_load") + "/seed" + std::to_string(lc)).c_str()), "vocab save");
        pr_vocab_free(v);
    }

    // token files: first byte is the format (see fuzz_token_file.cpp)
    const std::vector<uint16_t> ids16 = {1, 2, 3, 299, 0, 7};
    const std::vector<uint32_t> ids32 = {1, 2, 3, 299, 70000};
    std::vector<int32_t> gpt2(256, 0), llama(256, 0);
    gpt2[0] = 20240520, gpt2[1] = 1, gpt2[2] = int32_t(ids16.size());
    llama[0] = 20240801, llama[1] = 7, llama[2] = int32_t(ids32.size());
    const std::string tok = dir("fuzz_token_file");
    put(tok + "/u16", std::string(1, char(PR_TOKENS_U16)) + raw(ids16));
    put(tok + "/u32", std::string(1, char(PR_TOKENS_U32)) + raw(ids32));
    put(tok + "/llmc_gpt2", std::string(1, char(PR_TOKENS_LLMC)) + raw(gpt2) + raw(ids16));
    put(tok + "/auto_llama3", std::string(1, char(PR_TOKENS_AUTO)) + raw(llama) + raw(ids32));
    put(tok + "/auto_npy", std::string(1, char(PR_TOKENS_AUTO)) + npy("<u2", "(6,)", raw(ids16)));
    put(tok + "/auto_raw", std::string(1, char(PR_TOKENS_AUTO)) + raw(ids16));

    // .npy token arrays
    const std::string nt = dir("fuzz_npy_tokens");
    put(nt + "/u2", npy("<u2", "(6,)", raw(ids16)));
    put(nt + "/u4", npy("<u4", "(5,)", raw(ids32)));
    put(nt + "/u1", npy("|u1", "(3,)", "\x01\x02\x03"));
    put(nt + "/i8", npy("<i8", "(2,)", raw(std::vector<int64_t>{5, -1})));
    put(nt + "/i4", npy("<i4", "(2,)", raw(std::vector<int32_t>{5, 6})));
    put(nt + "/empty", npy("<u2", "(0,)", ""));

    // .npy embeddings
    const std::string ne = dir("fuzz_npy_embeddings");
    put(ne + "/f4", npy("<f4", "(2, 3)", raw(std::vector<float>{1, 2, 3, 4, 5, 6})));
    put(ne + "/f8", npy("<f8", "(3, 1)", raw(std::vector<double>{1, -2, 3})));
    put(ne + "/f2", npy("<f2", "(1, 2)", raw(std::vector<uint16_t>{0x3c00, 0xc000})));
    put(ne + "/nan", npy("<f4", "(1, 1)", raw(std::vector<float>{NAN})));
    std::string v2 = npy("<f4", "(2, 2)", raw(std::vector<float>{1, 2, 3, 4}));
    v2[6] = 2;  // a version 2.0 header: 4-byte length
    v2.insert(10, 2, '\0');
    put(ne + "/v2", v2);

    // safetensors embeddings (tensor "E")
    const std::string st = dir("fuzz_safetensors");
    put(st + "/f32", safetensors(R"({"E":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}})",
                                 raw(std::vector<float>{1, 2, 3, 4})));
    put(st + "/bf16", safetensors(R"({"__metadata__":{"k":"v"},"E":{"dtype":"BF16","shape":[1,2],"data_offsets":[0,4]},)"
                                  R"("x":{"dtype":"I64","shape":[1],"data_offsets":[4,12]}})",
                                  raw(std::vector<uint16_t>{0x3f80, 0x4000}) + raw(std::vector<int64_t>{7})));
    put(st + "/f16", safetensors(R"({"E":{"dtype":"F16","shape":[2,1],"data_offsets":[0,4]}})",
                                 raw(std::vector<uint16_t>{0x3c00, 0x0001})));
    put(st + "/f64", safetensors(R"({"E":{"dtype":"F64","shape":[1,1],"data_offsets":[0,8]}})",
                                 raw(std::vector<double>{0.5})));

    // sft checkpoints of the fixed model in fuzz_sft_load.cpp
    pr_sft_options so;
    pr_sft_options_init(&so);
    so.vocab_size = 8, so.context_length = 4, so.n_layer = 1, so.n_head = 2, so.d_model = 4, so.mlp_ratio = 1;
    so.num_threads = 1;
    pr_sft *m = nullptr;
    check(pr_sft_create(&m, &so), "sft");
    const std::string sf = dir("fuzz_sft_load");
    check(pr_sft_save(m, (sf + "/weights").c_str(), 0), "sft save");
    check(pr_sft_save(m, (sf + "/with_optimizer").c_str(), 1), "sft save");
    pr_sft_free(m);

    // checkpoints for the importer (fuzz_gpt2_import.cpp): mode byte, then
    // config.json, NUL, model.safetensors.  A GPT-2 of V 8, n_embd 4,
    // n_positions 4, one layer, n_inner 16, two heads.
    const std::string gi = dir("fuzz_gpt2_import");
    auto gpt2_file = [](const std::string &prefix, const char *dtype, size_t item) {
        const std::vector<std::pair<std::string, std::string>> tensors = {
            {"wte.weight", "8,4"}, {"wpe.weight", "4,4"}, {"ln_f.weight", "4"}, {"ln_f.bias", "4"},
            {"h.0.ln_1.weight", "4"}, {"h.0.ln_1.bias", "4"}, {"h.0.ln_2.weight", "4"}, {"h.0.ln_2.bias", "4"},
            {"h.0.attn.c_attn.weight", "4,12"}, {"h.0.attn.c_attn.bias", "12"}, {"h.0.attn.c_proj.weight", "4,4"},
            {"h.0.attn.c_proj.bias", "4"}, {"h.0.mlp.c_fc.weight", "4,16"}, {"h.0.mlp.c_fc.bias", "16"},
            {"h.0.mlp.c_proj.weight", "16,4"}, {"h.0.mlp.c_proj.bias", "4"}};
        std::string json = "{", payload;
        for (const auto &t : tensors) {
            size_t count = 1, x = 0;
            for (char c : t.second + ",")
                if (c == ',') count *= x, x = 0;
                else x = x * 10 + size_t(c - '0');
            const size_t begin = payload.size();
            for (size_t i = 0; i < count; ++i) {
                const float v = float(int((begin / item + i) % 7) - 3) / 8.0f;  // exact in F16/BF16 too
                if (item == 4) payload.append(reinterpret_cast<const char *>(&v), 4);
                else {
                    uint32_t bits;
                    std::memcpy(&bits, &v, 4);
                    const uint16_t h = uint16_t(bits >> 16);  // bfloat16: the top half
                    payload.append(reinterpret_cast<const char *>(&h), 2);
                }
            }
            json += (json.size() > 1 ? ",\"" : "\"") + prefix + t.first + "\":{\"dtype\":\"" + dtype +
                    "\",\"shape\":[" + t.second + "],\"data_offsets\":[" + std::to_string(begin) + "," +
                    std::to_string(payload.size()) + "]}";
        }
        return safetensors(json + "}", payload);
    };
    const std::string cfg = R"({"model_type":"gpt2","vocab_size":8,"n_embd":4,"n_positions":4,"n_ctx":4,)"
                            R"("n_layer":1,"n_head":2,"n_inner":16,"activation_function":"gelu_new"})";
    put(gi + "/hf_config", "\x01" + cfg + std::string(1, '\0') + gpt2_file("transformer.", "F32", 4));
    put(gi + "/no_prefix_n_head_arg", "\x04" + std::string(1, '\0') + gpt2_file("", "F32", 4));  // n_head 2, no config
    put(gi + "/bf16_n_inner_null", "\x01" + std::string(R"({"vocab_size":8,"n_embd":4,"n_ctx":4,"n_layer":1,)")
                                       + R"("n_head":2,"n_inner":null})" + std::string(1, '\0') + gpt2_file("", "BF16", 2));
    put(gi + "/ours", std::string(2, '\0') + slurp(sf + "/weights"));  // mode 0, empty config

    // text
    const std::string tx = dir("fuzz_text_encode");
    put(tx + "/ascii", text);
    put(tx + "/utf8", "caf\xc3\xa9 na\xc3\xafve \xe2\x80\x94 \xf0\x9f\x98\x80 <unk> x\n\tA B a b");
    put(tx + "/punct", "!!..,,;;'\"()[]{}<>--__==++ \x80\xff\x00 end");
    // tokenizers: first byte even = GPT-2 (encoder.json NUL vocab.bpe), odd =
    // tokenizer.json (see fuzz_tokenizer_load.cpp)
    const Bpe bpe = small_bpe();
    const std::string tk = dir("fuzz_tokenizer_load");
    put(tk + "/gpt2", std::string(1, '\0') + bpe.vocab_json + std::string(1, '\0') + "#version: 0.2\n" + bpe.merge_lines);
    put(tk + "/gpt2_no_merges", std::string(1, '\0') + bpe.vocab_json);
    const std::string hf_model = R"("model":{"type":"BPE","dropout":null,"unk_token":null,"vocab":)" + bpe.vocab_json +
                                 R"(,"merges":)" + bpe.merges_json + "}";
    const std::string added = R"("added_tokens":[{"id":264,"content":"<|endoftext|>","special":true}])";
    put(tk + "/hf_bytelevel", "\x01{\"version\":\"1.0\",\"normalizer\":null," + added +
                                  R"(,"pre_tokenizer":{"type":"ByteLevel","add_prefix_space":false,"trim_offsets":true,"use_regex":true},)" +
                                  hf_model + "}");
    put(tk + "/hf_split", "\x01{\"normalizer\":null," + added +
                              R"(,"pre_tokenizer":{"type":"Sequence","pretokenizers":[{"type":"Split","pattern":{"Regex":)"
                              R"("'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+"},)"
                              R"("behavior":"Isolated","invert":false},{"type":"ByteLevel","add_prefix_space":true,"use_regex":false}]},)" +
                              hf_model + "}");
    return 0;
}

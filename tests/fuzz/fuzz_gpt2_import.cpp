// The checkpoint importer (src/sft/gpt2_import): a Hugging Face GPT-2
// model.safetensors with or without a config.json beside it, or one of our
// own checkpoints, through pr_sft_inspect_checkpoint,
// pr_sft_checkpoint_read_f32 and pr_sft_create_from_checkpoint.
//
// Input: byte 0 is the mode (bit 0: write config.json; bits 1-2: the n_head
// argument, 0 / 1 / 2 / 4); the rest up to the first NUL is config.json, the
// bytes after it are model.safetensors (no NUL: all of it is the model).
// Both go into a per-process directory in /dev/shm (or /tmp).
//
// Checks beyond "no crash, no leak, no UB, a message on every error":
//   - a checkpoint that inspects fine holds its wte: vocab_size x d_model
//     elements of at least 2 bytes each fit in the input;
//   - reading wte (and h.0.attn.w_q) at the inspected shape succeeds, and a
//     wrong shape is PR_ERR_MISMATCH;
//   - a model created from it holds exactly the wte that the tensor read
//     gave (both paths agree on every bit).
// The model is created only when its activation buffers are small (the
// header: a pr_sft sizes them for batch x context x vocab at creation, ~20
// GB for GPT-2 small; that is documented, not a finding).
#include "fuzz_file.hpp"
#include "prspread.h"

#include <cstring>
#include <sys/stat.h>
#include <vector>

namespace {

const std::string &work_dir() {
    static const std::string d = [] {
        const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
        std::string p = std::string(base) + "/prspread-fuzz-gpt2-" + std::to_string(getpid());
        mkdir(p.c_str(), 0700);
        return p;
    }();
    return d;
}

void put(const std::string &path, const uint8_t *data, size_t size) {
    FILE *f = std::fopen(path.c_str(), "wb");
    if (!f || (size && std::fwrite(data, 1, size, f) != size) || std::fclose(f) != 0) {
        std::perror(path.c_str());
        std::abort();
    }
}

void trap_unless(bool ok, const char *what) {
    if (!ok) {
        std::fprintf(stderr, "invariant violated: %s (%s)\n", what, pr_last_error());
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) return 0;
    const uint8_t mode = data[0];
    const uint8_t *rest = data + 1;
    const size_t n = size - 1;
    const uint8_t *nul = static_cast<const uint8_t *>(std::memchr(rest, 0, n));
    const std::string model = work_dir() + "/model.safetensors", config = work_dir() + "/config.json";
    if (nul) {
        put(config, rest, size_t(nul - rest));
        put(model, nul + 1, size_t(rest + n - nul - 1));
    } else {
        put(model, rest, n);
    }
    if (!nul || !(mode & 1)) unlink(config.c_str());
    static const uint32_t kHeads[4] = {0, 1, 2, 4};
    const uint32_t n_head = kHeads[(mode >> 1) & 3];

    pr_sft_options o;
    int32_t kind = -1;
    int st = pr_sft_inspect_checkpoint(model.c_str(), n_head, &o, &kind);
    fuzz::check_error_message(st, pr_last_error());
    if (st != PR_OK) return 0;
    trap_unless(kind == PR_CHECKPOINT_PRSPREAD || kind == PR_CHECKPOINT_GPT2, "kind is a pr_checkpoint_kind");
    const uint64_t V = o.vocab_size, d = o.d_model;
    trap_unless(V >= 1 && d >= 1 && V * d * 2 <= size, "wte's vocab_size x d_model elements fit in the file");

    std::vector<float> wte(V * d);
    const uint64_t shape[2] = {V, d}, wrong[2] = {V, d + 1};
    st = pr_sft_checkpoint_read_f32(model.c_str(), "wte", 2, shape, wte.data());
    trap_unless(st == PR_OK, "wte reads at the inspected shape");
    st = pr_sft_checkpoint_read_f32(model.c_str(), "wte", 2, wrong, wte.data());
    trap_unless(st == PR_ERR_MISMATCH, "a wrong shape is PR_ERR_MISMATCH");
    st = pr_sft_checkpoint_read_f32(model.c_str(), "wte", 2, shape, wte.data());
    trap_unless(st == PR_OK, "wte reads again after a mismatch");
    if (o.n_layer >= 1) {
        std::vector<float> wq(d * d);
        const uint64_t qshape[2] = {d, d};
        st = pr_sft_checkpoint_read_f32(model.c_str(), "h.0.attn.w_q", 2, qshape, wq.data());
        trap_unless(st == PR_OK, "h.0.attn.w_q reads at [d_model, d_model]");
    }

    // Creation allocates activations of 16 x context x (vocab + ~14 d_model)
    // floats per layer: only for small models (see the header comment above).
    const uint64_t T = o.context_length;
    if (T * (V + 16 * d * (o.n_layer + 1)) > (uint64_t(1) << 18)) return 0;
    pr_sft *m = nullptr;
    st = pr_sft_create_from_checkpoint(&m, model.c_str(), n_head, 1);
    fuzz::check_error_message(st, pr_last_error());
    if (st == PR_OK) {
        trap_unless(m != nullptr, "a created model is not NULL");
        std::vector<float> got(V * d);
        trap_unless(pr_sft_get_param_f32(m, "wte", 2, shape, got.data()) == PR_OK, "the created model has wte");
        trap_unless(std::memcmp(got.data(), wte.data(), got.size() * sizeof(float)) == 0,
                    "the created model's wte equals the tensor read");
    } else {
        trap_unless(m == nullptr, "*out is NULL on error");
        // Without config.json and without n_head a GPT-2 file cannot be built.
        trap_unless(st != PR_ERR_FORMAT || kind == PR_CHECKPOINT_PRSPREAD, "a GPT-2 file that inspects fine imports");
    }
    pr_sft_free(m);
    return 0;
}

#include "sft/gpt2_import.hpp"

#include "core/checked.hpp"
#include "core/error.hpp"
#include "io/json.hpp"
#include "io/safetensors.hpp"
#include "sft/checkpoint.hpp"
#include "sft/param_layout.hpp"

#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

namespace pr::sft {

namespace {

bool is_float_dtype(const std::string &dt) { return dt == "F32" || dt == "F16" || dt == "BF16" || dt == "F64"; }

std::string shape_str(const std::vector<uint64_t> &s) {
    std::ostringstream o;
    o << "[";
    for (size_t i = 0; i < s.size(); ++i) o << (i ? ", " : "") << s[i];
    o << "]";
    return o.str();
}

uint32_t to_u32(uint64_t v, const std::string &path, const std::string &what) {
    if (v > UINT32_MAX) fail(PR_ERR_FORMAT, "'", path, "': ", what, " = ", v, " does not fit 32 bits");
    return uint32_t(v);
}

// The tensor `name` (with prefix) must exist as a float tensor of `shape`;
// `why` says what the shape means when it does not match.
const io::TensorView &expect(const io::SafetensorsFile &f, const std::string &path, const std::string &name,
                             const std::vector<uint64_t> &shape, const char *why) {
    if (!f.has(name)) fail(PR_ERR_FORMAT, "'", path, "': GPT-2 tensor '", name, "' is missing");
    const io::TensorView &v = f.get(name);
    if (!is_float_dtype(v.dtype))
        fail(PR_ERR_FORMAT, "'", path, "': tensor '", name, "' has dtype ", v.dtype, "; expected F32, F16, BF16 or F64");
    if (v.shape != shape)
        fail(PR_ERR_FORMAT, "'", path, "': tensor '", name, "' has shape ", shape_str(v.shape), "; expected ",
             shape_str(shape), " (", why, ")");
    return v;
}

std::string dir_of(const std::string &path) {
    const size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? std::string(".") : path.substr(0, slash == 0 ? 1 : slash);
}

// config.json's integer `key` (absent or null: `fallback`, which may be -1
// for "required").
int64_t json_int(const io::Json &j, const std::string &cfg, const char *key, int64_t fallback) {
    const io::Json *it = j.find(key);
    if (!it || it->is_null()) {
        if (fallback < 0) fail(PR_ERR_FORMAT, "'", cfg, "': key '", key, "' is missing");
        return fallback;
    }
    if (!it->is_number_unsigned() || it->get_u64() > UINT32_MAX)
        fail(PR_ERR_FORMAT, "'", cfg, "': '", key, "' = ", it->dump(), " is not an integer in [0, 2^32)");
    return int64_t(it->get_u64());
}

void agree(const std::string &cfg, const char *key, uint64_t in_config, const std::string &path, const char *tensor,
           uint64_t in_file) {
    if (in_config != in_file)
        fail(PR_ERR_MISMATCH, "'", cfg, "' has ", key, " = ", in_config, " but '", path, "' has ", tensor, " ",
             in_file);
}

CheckpointInfo inspect_gpt2(const io::SafetensorsFile &f, const std::string &path, uint32_t n_head) {
    CheckpointInfo info;
    info.kind = CheckpointKind::gpt2;
    if (f.has("wte.weight"))
        info.prefix = "";
    else if (f.has("transformer.wte.weight"))
        info.prefix = "transformer.";
    else
        fail(PR_ERR_FORMAT, "'", path,
             "' is neither a prspread checkpoint (no 'format' metadata) nor a GPT-2 model.safetensors (no tensor "
             "'wte.weight' or 'transformer.wte.weight')");
    const std::string &p = info.prefix;
    const io::TensorView &wte = f.get(p + "wte.weight");
    if (wte.shape.size() != 2)
        fail(PR_ERR_FORMAT, "'", path, "': tensor '", p, "wte.weight' has shape ", shape_str(wte.shape),
             "; expected [vocab_size, n_embd]");
    if (!f.has(p + "wpe.weight") || f.get(p + "wpe.weight").shape.size() != 2)
        fail(PR_ERR_FORMAT, "'", path, "': GPT-2 tensor '", p, "wpe.weight' [n_positions, n_embd] is missing");
    const uint64_t V = wte.shape[0], d = wte.shape[1], T = f.get(p + "wpe.weight").shape[0];
    uint64_t L = 0;  // bounded by the file's tensor count
    while (f.has(p + "h." + std::to_string(L) + ".attn.c_attn.weight")) ++L;
    if (L == 0) fail(PR_ERR_FORMAT, "'", path, "': no GPT-2 layer (tensor '", p, "h.0.attn.c_attn.weight' is missing)");
    const std::string fc0 = p + "h.0.mlp.c_fc.weight";
    if (!f.has(fc0) || f.get(fc0).shape.size() != 2)
        fail(PR_ERR_FORMAT, "'", path, "': GPT-2 tensor '", fc0, "' [n_embd, n_inner] is missing");
    const uint64_t ff = f.get(fc0).shape[1];
    if (d == 0 || ff % d != 0)
        fail(PR_ERR_FORMAT, "'", path, "': tensor '", fc0, "' has ", ff, " columns, not a multiple of n_embd = ", d);

    ModelConfig &c = info.config;
    c.vocab_size = to_u32(V, path, "vocab_size (rows of wte.weight)");
    c.d_model = to_u32(d, path, "n_embd (columns of wte.weight)");
    c.context_length = to_u32(T, path, "n_positions (rows of wpe.weight)");
    c.n_layer = to_u32(L, path, "n_layer");
    c.mlp_ratio = to_u32(ff / d, path, "n_inner / n_embd");
    c.n_head = n_head;

    const std::string cfg = dir_of(path) + "/config.json";
    std::ifstream in(cfg);
    if (in) {
        info.has_config_json = true;
        // io::Json, not nlohmann's DOM, whose destructor allocates (and
        // aborts when that fails: tests/alloc, io/json.hpp).
        const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        io::Json j;
        try {
            j = io::Json::parse(text);
        } catch (const io::JsonError &e) {
            fail(PR_ERR_FORMAT, "'", cfg, "' is not valid JSON: ", e.what());
        }
        if (!j.is_object()) fail(PR_ERR_FORMAT, "'", cfg, "' is not a JSON object");
        const int64_t heads = json_int(j, cfg, "n_head", -1);
        if (heads == 0) fail(PR_ERR_FORMAT, "'", cfg, "': n_head = 0");
        agree(cfg, "vocab_size", uint64_t(json_int(j, cfg, "vocab_size", -1)), path, "wte.weight rows", V);
        agree(cfg, "n_embd", uint64_t(json_int(j, cfg, "n_embd", -1)), path, "wte.weight columns", d);
        const int64_t positions =
            j.contains("n_positions") ? json_int(j, cfg, "n_positions", -1) : json_int(j, cfg, "n_ctx", -1);
        agree(cfg, "n_positions", uint64_t(positions), path, "wpe.weight rows", T);
        agree(cfg, "n_layer", uint64_t(json_int(j, cfg, "n_layer", -1)), path, "layers h.0..", L);
        agree(cfg, "n_inner", uint64_t(json_int(j, cfg, "n_inner", int64_t(4 * d))), path, "mlp.c_fc.weight columns",
              ff);
        if (n_head != 0 && uint64_t(heads) != n_head)
            fail(PR_ERR_MISMATCH, "argument 'n_head' = ", n_head, " but '", cfg, "' has n_head = ", heads);
        c.n_head = uint32_t(heads);
    }
    if (c.n_head != 0 && d % c.n_head != 0)
        fail(PR_ERR_FORMAT, "'", path, "': n_head = ", c.n_head, " does not divide n_embd = ", d);

    // Every tensor the model needs, at its GPT-2 shape, before anything is
    // allocated for it.
    const uint64_t d3 = checked_mul(3, d, path + ": 3 n_embd");
    expect(f, path, p + "ln_f.weight", {d}, "[n_embd]");
    expect(f, path, p + "ln_f.bias", {d}, "[n_embd]");
    expect(f, path, p + "wpe.weight", {T, d}, "[n_positions, n_embd]");
    expect(f, path, p + "wte.weight", {V, d}, "[vocab_size, n_embd]");
    for (uint64_t l = 0; l < L; ++l) {
        const std::string h = p + "h." + std::to_string(l) + ".";
        for (const char *ln : {"ln_1", "ln_2"}) {
            expect(f, path, h + ln + ".weight", {d}, "[n_embd]");
            expect(f, path, h + ln + ".bias", {d}, "[n_embd]");
        }
        expect(f, path, h + "attn.c_attn.weight", {d, d3},
               "Conv1D [in, out] layout [n_embd, 3 n_embd]: Q, K, V fused by columns");
        expect(f, path, h + "attn.c_attn.bias", {d3}, "[3 n_embd]");
        expect(f, path, h + "attn.c_proj.weight", {d, d}, "Conv1D [n_embd, n_embd]");
        expect(f, path, h + "attn.c_proj.bias", {d}, "[n_embd]");
        expect(f, path, h + "mlp.c_fc.weight", {d, ff}, "Conv1D [n_embd, n_inner]");
        expect(f, path, h + "mlp.c_fc.bias", {ff}, "[n_inner]");
        expect(f, path, h + "mlp.c_proj.weight", {ff, d}, "Conv1D [n_inner, n_embd]");
        expect(f, path, h + "mlp.c_proj.bias", {d}, "[n_embd]");
    }
    return info;
}

// Where pr_sft's tensor `name` lives in a GPT-2 file: the source tensor and,
// for w_q/w_k/w_v and b_q/b_k/b_v, which third of the fused c_attn.
struct Gpt2Source {
    std::string tensor;
    int part = -1;  // -1 = the whole tensor; 0, 1, 2 = Q, K, V columns
    bool bias = false;
};

Gpt2Source gpt2_source(const std::string &prefix, const std::string &n) {
    const size_t attn = n.find(".attn.");
    if (attn != std::string::npos) {
        const std::string leaf = n.substr(attn + 6);
        const char *parts[] = {"w_q", "w_k", "w_v", "b_q", "b_k", "b_v"};
        for (int i = 0; i < 6; ++i)
            if (leaf == parts[i])
                return {prefix + n.substr(0, attn) + ".attn.c_attn." + (i >= 3 ? "bias" : "weight"), i % 3, i >= 3};
    }
    return {prefix + (n == "wte" || n == "wpe" ? n + ".weight" : n), -1, false};
}

// Copies pr_sft's tensor `name` (spec) out of a validated GPT-2 file.
void copy_gpt2(const io::SafetensorsFile &f, const std::string &path, const std::string &prefix, size_t d,
               const ParamSpec &spec, float *dst) {
    const Gpt2Source src = gpt2_source(prefix, spec.name);
    const std::vector<float> v = f.to_f32(src.tensor);
    if (src.part < 0) {
        if (v.size() != spec.size) fail(PR_ERR_FORMAT, "'", path, "': tensor '", src.tensor, "' has the wrong size");
        std::memcpy(dst, v.data(), spec.size * sizeof(float));
    } else if (src.bias) {
        std::memcpy(dst, v.data() + src.part * d, d * sizeof(float));
    } else {  // row i of [d, 3d]: columns [part d, (part+1) d)
        for (size_t i = 0; i < d; ++i)
            std::memcpy(dst + i * d, v.data() + i * 3 * d + src.part * d, d * sizeof(float));
    }
}

bool is_ours(const io::SafetensorsFile &f) {
    auto it = f.metadata().find("format");
    return it != f.metadata().end() && it->second == "prspread.sft";
}

}  // namespace

CheckpointInfo inspect_checkpoint(const std::string &path, uint32_t n_head) {
    io::SafetensorsFile f(path);
    if (!is_ours(f)) return inspect_gpt2(f, path, n_head);
    CheckpointInfo info;
    info.kind = CheckpointKind::prspread;
    info.config = read_checkpoint_config(path);  // validates every tensor against the stored config
    if (n_head != 0 && n_head != info.config.n_head)
        fail(PR_ERR_MISMATCH, "argument 'n_head' = ", n_head, " but '", path, "' was saved with n_head = ",
             info.config.n_head);
    return info;
}

CheckpointInfo require_complete(const std::string &path, uint32_t n_head) {
    CheckpointInfo info = inspect_checkpoint(path, n_head);
    if (info.config.n_head == 0)
        fail(PR_ERR_INVALID_ARGUMENT, "argument 'n_head' = 0: '", path,
             "' is a GPT-2 safetensors file without a config.json beside it, so its head count must be given");
    info.config.validate();
    return info;
}

void import_checkpoint(Trainer &t, const std::string &path, const CheckpointInfo &info) {
    if (info.kind == CheckpointKind::prspread) return load_checkpoint(t, path);
    const ModelConfig &c = t.config();
    const ModelConfig &want = info.config;
    if (c.vocab_size != want.vocab_size || c.d_model != want.d_model || c.n_layer != want.n_layer ||
        c.context_length != want.context_length || c.mlp_ratio != want.mlp_ratio || c.n_head != want.n_head)
        fail(PR_ERR_MISMATCH, "'", path, "': the model's configuration differs from the checkpoint's");
    io::SafetensorsFile f(path);
    const CheckpointInfo again = inspect_gpt2(f, path, want.n_head);  // the file may have changed since
    if (again.config.vocab_size != want.vocab_size || again.config.d_model != want.d_model ||
        again.config.n_layer != want.n_layer || again.config.context_length != want.context_length ||
        again.config.mlp_ratio != want.mlp_ratio)
        fail(PR_ERR_MISMATCH, "'", path, "' changed since it was inspected");
    const ParamLayout &layout = t.model().layout();
    // Read everything first, commit after (the model is unchanged on error).
    Buffer<float> params(layout.total(), 0.0f);
    for (const ParamSpec &s : layout.specs())
        copy_gpt2(f, path, info.prefix, c.d_model, s, params.data() + s.offset);
    std::memcpy(t.model().params(), params.data(), params.size() * sizeof(float));
}

std::vector<float> read_checkpoint_tensor(const std::string &path, const std::string &name,
                                          const std::vector<uint64_t> &shape) {
    const CheckpointInfo info = inspect_checkpoint(path, 0);
    ModelConfig c = info.config;
    if (c.n_head == 0) c.n_head = 1;  // the layout's names and shapes do not depend on it
    const ParamLayout layout(c);      // bounded: every tensor was found in the file at its shape
    const ParamSpec *spec = layout.find_or_null(name);
    if (!spec) fail(PR_ERR_INVALID_ARGUMENT, "argument 'name' = '", name, "': no such tensor in a model of '", path, "'");
    if (shape != spec->shape)
        fail(PR_ERR_MISMATCH, "argument 'shape' of '", name, "' does not match the checkpoint's ", shape_str(spec->shape));
    io::SafetensorsFile f(path);
    std::vector<float> out(spec->size);
    if (info.kind == CheckpointKind::gpt2) {
        copy_gpt2(f, path, info.prefix, c.d_model, *spec, out.data());
    } else {  // ours: stored under pr_sft's names, F32 (read_checkpoint_config checked it)
        const io::TensorView &v = f.get(name);
        if (v.dtype != "F32" || v.shape != spec->shape)
            fail(PR_ERR_FORMAT, "'", path, "': tensor '", name, "' changed since it was inspected");
        std::memcpy(out.data(), v.data, v.nbytes);
    }
    return out;
}

}  // namespace pr::sft

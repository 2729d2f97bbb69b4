#include "sft/param_layout.hpp"

#include "core/error.hpp"

namespace pr::sft {

namespace {
constexpr size_t kAlign = 16;  // floats: 64 bytes, one cache line / AVX-512 register
}

size_t ParamLayout::add(std::string name, std::vector<uint64_t> shape, bool matrix_weight) {
    ParamSpec s;
    s.name = std::move(name);
    s.shape = std::move(shape);
    s.size = 1;
    for (uint64_t d : s.shape) s.size *= d;
    s.offset = total_;
    s.is_matrix_weight = matrix_weight;
    total_ += (s.size + kAlign - 1) / kAlign * kAlign;
    specs_.push_back(s);
    return s.offset;
}

ParamLayout::ParamLayout(const ModelConfig &c) {
    const uint64_t V = c.vocab_size, T = c.context_length, d = c.d_model, f = c.d_ff();
    wte_ = add("wte", {V, d}, false);
    wpe_ = add("wpe", {T, d}, false);
    for (uint32_t l = 0; l < c.n_layer; ++l) {
        const std::string p = "h." + std::to_string(l) + ".";
        LayerOffsets o;
        o.ln1_w = add(p + "ln_1.weight", {d}, false);
        o.ln1_b = add(p + "ln_1.bias", {d}, false);
        o.w_q = add(p + "attn.w_q", {d, d}, true);
        o.b_q = add(p + "attn.b_q", {d}, false);
        o.w_k = add(p + "attn.w_k", {d, d}, true);
        o.b_k = add(p + "attn.b_k", {d}, false);
        o.w_v = add(p + "attn.w_v", {d, d}, true);
        o.b_v = add(p + "attn.b_v", {d}, false);
        o.w_o = add(p + "attn.c_proj.weight", {d, d}, true);
        o.b_o = add(p + "attn.c_proj.bias", {d}, false);
        o.ln2_w = add(p + "ln_2.weight", {d}, false);
        o.ln2_b = add(p + "ln_2.bias", {d}, false);
        o.w_fc = add(p + "mlp.c_fc.weight", {d, f}, true);
        o.b_fc = add(p + "mlp.c_fc.bias", {f}, false);
        o.w_proj = add(p + "mlp.c_proj.weight", {f, d}, true);
        o.b_proj = add(p + "mlp.c_proj.bias", {d}, false);
        layers_.push_back(o);
    }
    lnf_w_ = add("ln_f.weight", {d}, false);
    lnf_b_ = add("ln_f.bias", {d}, false);
}

const ParamSpec *ParamLayout::find_or_null(const std::string &name) const {
    for (const ParamSpec &s : specs_)
        if (s.name == name) return &s;
    return nullptr;
}

const ParamSpec &ParamLayout::find(const std::string &name) const {
    const ParamSpec *s = find_or_null(name);
    if (!s)
        fail(PR_ERR_INVALID_ARGUMENT, "argument 'name' = \"", name,
             "\": no such parameter tensor (names look like \"h.0.attn.w_q\"; see "
             "pr_sft_param_count/pr_sft_param_info)");
    return *s;
}

}  // namespace pr::sft

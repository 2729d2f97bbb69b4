#include "init/checkpoint.hpp"

#include "core/error.hpp"
#include "io/safetensors.hpp"

#include <cstring>

namespace pr::init {

namespace {

// GPT-2's name as pr_sft's: no "transformer." prefix, and the embeddings
// are plain "wte" / "wpe" (GPT-2: "wte.weight" / "wpe.weight").
std::string strip_prefix(const std::string &name) {
    static const std::string prefix = "transformer.";
    std::string n = name.compare(0, prefix.size(), prefix) == 0 ? name.substr(prefix.size()) : name;
    if (n == "wte.weight" || n == "wpe.weight") n.resize(3);
    return n;
}

bool ends_with(const std::string &s, const std::string &tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

void split_fused(ParamSet &out, const std::string &name, const io::TensorView &view, std::vector<float> values) {
    const std::string base = name.substr(0, name.size() - std::strlen("c_attn.weight"));
    if (ends_with(name, "c_attn.weight")) {
        if (view.shape.size() != 2 || view.shape[1] % 3 != 0 || view.shape[1] / 3 != view.shape[0])
            fail(PR_ERR_FORMAT, "tensor '", name, "': a fused c_attn weight must be [d, 3d]");
        const uint64_t d = view.shape[0];
        const char *parts[3] = {"w_q", "w_k", "w_v"};
        for (int p = 0; p < 3; ++p) {
            Tensor t{{d, d}, std::vector<float>(d * d)};
            for (uint64_t i = 0; i < d; ++i)
                std::memcpy(&t.values[i * d], &values[i * 3 * d + p * d], d * sizeof(float));
            out[base + parts[p]] = std::move(t);
        }
    } else {  // c_attn.bias
        const std::string bbase = name.substr(0, name.size() - std::strlen("c_attn.bias"));
        if (view.shape.size() != 1 || view.shape[0] % 3 != 0)
            fail(PR_ERR_FORMAT, "tensor '", name, "': a fused c_attn bias must be [3d]");
        const uint64_t d = view.shape[0] / 3;
        const char *parts[3] = {"b_q", "b_k", "b_v"};
        for (int p = 0; p < 3; ++p)
            out[bbase + parts[p]] = Tensor{{d}, std::vector<float>(values.begin() + p * d, values.begin() + (p + 1) * d)};
    }
}

}  // namespace

ParamSet read_param_set(const std::string &path) {
    io::SafetensorsFile file(path);
    ParamSet out;
    for (const auto &[raw_name, view] : file.tensors()) {
        const std::string name = strip_prefix(raw_name);
        std::vector<float> values = file.to_f32(raw_name);
        if (ends_with(name, "attn.c_attn.weight") || ends_with(name, "attn.c_attn.bias")) {
            split_fused(out, name, view, std::move(values));
        } else {
            out[name] = Tensor{view.shape, std::move(values)};
        }
    }
    return out;
}

ParamSet model_param_set(const pr::sft::Trainer &model) {
    ParamSet out;
    const float *params = model.model().params();
    for (const auto &spec : model.model().layout().specs())
        out[spec.name] = Tensor{spec.shape, std::vector<float>(params + spec.offset, params + spec.offset + spec.size)};
    return out;
}

void write_param_set(const std::string &path, const ParamSet &params,
                     const std::map<std::string, std::string> &metadata) {
    std::vector<io::TensorToWrite> tensors;
    for (const auto &[name, t] : params)
        tensors.push_back({name, "F32", t.shape, t.values.data(), t.values.size() * sizeof(float)});
    io::write_safetensors(path, tensors, metadata);
}

int count_layers(const ParamSet &params) {
    int l = 0;
    while (params.count("h." + std::to_string(l) + ".attn.w_q")) ++l;
    return l;
}

Eigen::MatrixXd attention_matrix(const ParamSet &params, int layer, const char *which) {
    const std::string name = "h." + std::to_string(layer) + ".attn." + which;
    auto it = params.find(name);
    if (it == params.end()) fail(PR_ERR_INVALID_ARGUMENT, "checkpoint has no tensor '", name, "'");
    const Tensor &t = it->second;
    if (t.shape.size() != 2 || t.shape[0] != t.shape[1])
        fail(PR_ERR_FORMAT, "tensor '", name, "' is not square [d, d]");
    const Eigen::Index d = static_cast<Eigen::Index>(t.shape[0]);
    Eigen::MatrixXd m(d, d);
    for (Eigen::Index i = 0; i < d; ++i)
        for (Eigen::Index j = 0; j < d; ++j) m(i, j) = t.values[i * d + j];
    return m;
}

}  // namespace pr::init

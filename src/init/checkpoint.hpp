// Reading and writing parameter sets in pr_sft's naming, from our own
// safetensors checkpoints or Hugging Face GPT-2 ones.
//
// GPT-2 files are normalised on read: a leading "transformer." is dropped and
// the fused h.{l}.attn.c_attn.weight [d, 3d] (Conv1D [in, out] layout, i.e.
// torch.cat([w_q, w_k, w_v], dim=1)) is split into h.{l}.attn.w_q / w_k / w_v,
// its bias [3d] into b_q / b_k / b_v.  Every other GPT-2 name already matches
// pr_sft's (wte, wpe, ln_1, attn.c_proj, ln_2, mlp.c_fc, mlp.c_proj, ln_f).
#pragma once

#include "sft/trainer.hpp"

#include <Eigen/Dense>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace pr::init {

struct Tensor {
    std::vector<uint64_t> shape;
    std::vector<float> values;
};
using ParamSet = std::map<std::string, Tensor>;

// PR_ERR_IO / PR_ERR_FORMAT from the reader; PR_ERR_FORMAT for a malformed
// c_attn (second dim not divisible by 3).
ParamSet read_param_set(const std::string &path);

// Every parameter of a model, by name.
ParamSet model_param_set(const pr::sft::Trainer &model);

// Writes a parameter set (F32) atomically, in name order, with metadata.
void write_param_set(const std::string &path, const ParamSet &params,
                     const std::map<std::string, std::string> &metadata = {});

// Layers present: the largest L with h.{0..L-1}.attn.w_q all present.
int count_layers(const ParamSet &params);

// w_q / w_k / w_v / c_proj of layer l as d x d double ([in, out] layout).
Eigen::MatrixXd attention_matrix(const ParamSet &params, int layer, const char *which /*"w_q"...*/);

}  // namespace pr::init

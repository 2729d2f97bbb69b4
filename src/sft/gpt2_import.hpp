// A trained model from a file as a Trainer: our own checkpoints
// (sft/checkpoint) or a Hugging Face GPT-2 model.safetensors.
//
// GPT-2 files hold the same architecture as pr_sft (pre-LN blocks, learned
// positions, tanh GELU, LayerNorm eps 1e-5, head tied to wte), with Q, K and
// V fused: h.{l}.attn.c_attn.weight is [d, 3d] in Conv1D [in, out] layout
// (y = x W + b, columns [0,d) = Q, [d,2d) = K, [2d,3d) = V; head h of Q is
// columns [h d/H, (h+1) d/H)), h.{l}.attn.c_attn.bias is [3d].  Names may
// carry a "transformer." prefix (GPT2LMHeadModel.save_pretrained).  Other
// tensors (the attn.bias causal-mask buffers, lm_head.weight) are ignored.
//
// The safetensors file stores no head count: it comes from config.json in
// the same directory (n_head, n_layer, n_embd, n_positions, vocab_size,
// n_inner) or from the caller.  Every tensor's presence, dtype and shape is
// checked against that configuration before any model memory is allocated,
// so the allocation is bounded by what the file really holds.
#pragma once

#include "sft/trainer.hpp"

#include <cstdint>
#include <string>

namespace pr::sft {

enum class CheckpointKind : int { prspread = 0, gpt2 = 1 };

struct CheckpointInfo {
    CheckpointKind kind = CheckpointKind::prspread;
    ModelConfig config;      // n_head = 0 when neither the file nor the caller gives it
    std::string prefix;      // GPT-2: "" or "transformer."
    bool has_config_json = false;
};

// Reads and validates the configuration of a checkpoint of either kind.
// n_head: 0 = from the file (ours: its config; GPT-2: config.json), else it
// must agree with the file's (PR_ERR_MISMATCH naming both).  Errors:
// PR_ERR_IO; PR_ERR_FORMAT naming the tensor for a missing tensor, a wrong
// dtype or a shape that is not GPT-2's (e.g. c_attn in nn.Linear [3d, d]
// layout); PR_ERR_MISMATCH when config.json and the tensors disagree.
CheckpointInfo inspect_checkpoint(const std::string &path, uint32_t n_head);

// inspect_checkpoint, then PR_ERR_INVALID_ARGUMENT if the head count is
// still unknown; the returned config is validated and ready for a Trainer.
CheckpointInfo require_complete(const std::string &path, uint32_t n_head);

// Loads the weights of a checkpoint described by `info` (from
// require_complete) into `t`, whose config must be info.config: ours through
// load_checkpoint (checksum-verified), GPT-2 with c_attn split into
// w_q/w_k/w_v and b_q/b_k/b_v.  Optimizer state and step count are left
// alone for GPT-2 files.
void import_checkpoint(Trainer &t, const std::string &path, const CheckpointInfo &info);

}  // namespace pr::sft

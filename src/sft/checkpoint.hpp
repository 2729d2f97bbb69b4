// safetensors checkpoints of a Trainer: the parameter tensors under their
// GPT-2 style names, optionally the AdamW moments ("optim.exp_avg.<name>",
// "optim.exp_avg_sq.<name>") and step count, and in __metadata__ the format
// tag, its version, the model configuration and an XXH64 checksum of all
// tensor bytes.  Written atomically; loading validates everything before it
// touches the model.
#pragma once

#include "sft/trainer.hpp"

#include <string>

namespace pr::sft {

void save_checkpoint(const Trainer &t, const std::string &path, bool with_optimizer);
// Replaces weights (and, if the file has them, optimizer state and step
// count).  PR_ERR_MISMATCH if the file's model configuration differs.
void load_checkpoint(Trainer &t, const std::string &path);
// The model configuration stored in a checkpoint (num_threads = 0).
ModelConfig read_checkpoint_config(const std::string &path);

}  // namespace pr::sft

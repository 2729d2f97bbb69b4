// Model and training configuration of the GPT-style trainer, validated once
// so that the kernels can assume consistent sizes.
#pragma once

#include <cstdint>

namespace pr::sft {

// Arithmetic of the model's linear layers and head, forward and backward.
// bf16: operands rounded to bf16, products summed in float32
// (core/sgemm_bf16, needs AVX512-BF16).  Weights, gradients, optimizer
// state, LayerNorm, attention, softmax and loss are float32 either way.
enum class Precision : int { fp32 = 0, bf16 = 1 };

struct ModelConfig {
    uint32_t vocab_size = 256;
    uint32_t context_length = 128;
    uint32_t n_layer = 4;
    uint32_t n_head = 4;
    uint32_t d_model = 128;
    uint32_t mlp_ratio = 4;
    float init_std = 0.02f;
    uint64_t seed = 1337;
    int num_threads = 0;  // 0 = OpenMP's default
    Precision precision = Precision::fp32;  // how the model runs, not what it is: not saved in checkpoints

    uint32_t head_dim() const { return d_model / n_head; }
    uint32_t d_ff() const { return d_model * mlp_ratio; }
    void validate() const;  // PR_ERR_INVALID_ARGUMENT naming the field
};

struct TrainConfig {
    uint32_t batch_size = 16;
    uint64_t max_steps = 600;      // the cosine horizon: lr reaches min_lr here
    uint32_t warmup_steps = 50;
    float lr = 3e-3f;
    float min_lr = 0.0f;
    float beta1 = 0.9f;
    float beta2 = 0.95f;
    float eps = 1e-8f;
    float weight_decay = 0.1f;
    bool decay_all = false;        // also decay biases, LayerNorm and embeddings
    float grad_clip = 1.0f;        // 0 = no clipping
    uint32_t eval_interval = 0;    // 0 = no periodic eval during train()
    uint32_t eval_batches = 8;
    float val_fraction = 0.1f;
    uint64_t data_seed = 42;

    void validate() const;
};

}  // namespace pr::sft

#include "sft/config.hpp"

#include "core/error.hpp"

#include <cmath>

namespace pr::sft {

void ModelConfig::validate() const {
    require_arg(vocab_size >= 2, "vocab_size", vocab_size, "must be at least 2");
    require_arg(context_length >= 1, "context_length", context_length, "must be at least 1");
    require_arg(context_length <= 65536, "context_length", context_length, "must be at most 65536");
    require_arg(n_layer >= 1, "n_layer", n_layer, "must be at least 1");
    require_arg(n_head >= 1, "n_head", n_head, "must be at least 1");
    require_arg(d_model >= 1, "d_model", d_model, "must be at least 1");
    if (d_model % n_head != 0)
        fail(PR_ERR_INVALID_ARGUMENT, "argument 'n_head' = ", n_head, ": does not divide d_model = ",
             d_model);
    require_arg(mlp_ratio >= 1, "mlp_ratio", mlp_ratio, "must be at least 1");
    require_arg(std::isfinite(init_std) && init_std >= 0, "init_std", init_std,
                "must be finite and >= 0");
    require_arg(num_threads >= 0, "num_threads", num_threads, "must be >= 0 (0 = default)");
    require_arg(precision == Precision::fp32 || precision == Precision::bf16, "precision", int(precision),
                "must be fp32 (0) or bf16 (1)");
    // The dense buffers are sized from these; refuse sizes that overflow.
    double params = double(vocab_size) * d_model + double(n_layer) * 12.0 * d_model * d_model * mlp_ratio;
    require_arg(params < 4e9, "d_model", d_model, "model too large (> 4e9 parameters)");
}

void TrainConfig::validate() const {
    require_arg(batch_size >= 1, "batch_size", batch_size, "must be at least 1");
    require_arg(std::isfinite(lr) && lr >= 0, "lr", lr, "must be finite and >= 0");
    require_arg(std::isfinite(min_lr) && min_lr >= 0 && min_lr <= lr, "min_lr", min_lr,
                "must be in [0, lr]");
    require_arg(beta1 >= 0 && beta1 < 1, "beta1", beta1, "must be in [0, 1)");
    require_arg(beta2 >= 0 && beta2 < 1, "beta2", beta2, "must be in [0, 1)");
    require_arg(eps > 0 && std::isfinite(eps), "eps", eps, "must be finite and > 0");
    require_arg(weight_decay >= 0 && std::isfinite(weight_decay), "weight_decay", weight_decay,
                "must be finite and >= 0");
    require_arg(grad_clip >= 0 && std::isfinite(grad_clip), "grad_clip", grad_clip,
                "must be finite and >= 0 (0 = off)");
    require_arg(eval_batches >= 1, "eval_batches", eval_batches, "must be at least 1");
    require_arg(val_fraction >= 0 && val_fraction < 1, "val_fraction", val_fraction,
                "must be in [0, 1)");
}

}  // namespace pr::sft

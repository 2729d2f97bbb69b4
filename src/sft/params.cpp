#include "sft/params.hpp"

#include "core/error.hpp"

#include <cstring>

namespace pr::sft {

namespace {

std::string shape_str(uint32_t ndim, const uint64_t *shape) {
    std::string s = "[";
    for (uint32_t i = 0; i < ndim; ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

}  // namespace

const ParamSpec &checked_param(const Model<float> &model, const char *name, uint32_t ndim, const uint64_t *shape) {
    require_nonnull(name, "name");
    const ParamSpec &s = model.layout().find(name);
    if (ndim) require_nonnull(shape, "shape");
    bool same = ndim == s.shape.size();
    for (uint32_t i = 0; same && i < ndim; ++i) same = shape[i] == s.shape[i];
    if (!same)
        fail(PR_ERR_MISMATCH, "parameter '", name, "' has shape ", shape_str(uint32_t(s.shape.size()), s.shape.data()),
             ", the caller passed ", ndim <= 8 ? shape_str(ndim, shape) : std::string("ndim ") + std::to_string(ndim));
    return s;
}

std::vector<float> get_param(const Trainer &trainer, const std::string &name, const std::vector<uint64_t> &shape) {
    const ParamSpec &s = checked_param(trainer.model(), name.c_str(), uint32_t(shape.size()), shape.data());
    const float *p = trainer.model().params() + s.offset;
    return std::vector<float>(p, p + s.size);
}

void set_param(Trainer &trainer, const std::string &name, const std::vector<uint64_t> &shape, const float *values) {
    const ParamSpec &s = checked_param(trainer.model(), name.c_str(), uint32_t(shape.size()), shape.data());
    require_nonnull(values, "values");
    std::memcpy(trainer.model().params() + s.offset, values, s.size * sizeof(float));
}

void logits(Trainer &trainer, const int32_t *inputs, size_t batch, size_t seq_len, float *out, size_t capacity) {
    require_nonnull(inputs, "inputs");
    require_arg(batch >= 1, "batch", batch, "must be at least 1");
    require_arg(seq_len >= 1, "seq_len", seq_len, "must be at least 1");
    require_nonnull(out, "out");
    require_arg(seq_len <= trainer.config().context_length, "seq_len", seq_len, "must be <= context_length");
    const size_t V = trainer.config().vocab_size, need = batch * seq_len * V;
    if (capacity < need)
        fail(PR_ERR_BUFFER_TOO_SMALL, "argument 'capacity' = ", capacity, ": needs batch * seq_len * vocab_size = ",
             need);
    trainer.check_tokens(inputs, batch * seq_len, "the inputs");
    trainer.model().forward(inputs, nullptr, batch, seq_len, false);
    std::memcpy(out, trainer.model().logits(), need * sizeof(float));
}

}  // namespace pr::sft

// Where each named parameter tensor lives in the one flat parameter buffer.
// Names, shapes and layouts follow GPT-2 (see the pr_sft section of
// prspread.h); every tensor starts on a 64-byte boundary.
#pragma once

#include "sft/config.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace pr::sft {

struct ParamSpec {
    std::string name;
    std::vector<uint64_t> shape;  // 1 or 2 dims, row-major
    size_t offset = 0;            // in elements
    size_t size = 0;              // product of shape
    bool is_matrix_weight = false;  // weight-decayed by default (not bias/LN/embedding)
};

// Offsets of one block's tensors.
struct LayerOffsets {
    size_t ln1_w, ln1_b, w_q, b_q, w_k, b_k, w_v, b_v, w_o, b_o;
    size_t ln2_w, ln2_b, w_fc, b_fc, w_proj, b_proj;
};

class ParamLayout {
public:
    explicit ParamLayout(const ModelConfig &cfg);
    const std::vector<ParamSpec> &specs() const { return specs_; }
    size_t total() const { return total_; }  // elements, including alignment padding
    size_t wte() const { return wte_; }
    size_t wpe() const { return wpe_; }
    size_t lnf_w() const { return lnf_w_; }
    size_t lnf_b() const { return lnf_b_; }
    const LayerOffsets &layer(size_t l) const { return layers_[l]; }
    // PR_ERR_INVALID_ARGUMENT naming the tensor if absent.
    const ParamSpec &find(const std::string &name) const;
    const ParamSpec *find_or_null(const std::string &name) const;

private:
    size_t add(std::string name, std::vector<uint64_t> shape, bool matrix_weight);
    std::vector<ParamSpec> specs_;
    std::vector<LayerOffsets> layers_;
    size_t total_ = 0, wte_ = 0, wpe_ = 0, lnf_w_ = 0, lnf_b_ = 0;
};

}  // namespace pr::sft

// InitOptions -> weights inside an sft trainer: builds E (the model's wte or
// PPMI-SVD), the corpus forms, runs the strategy and writes the tensors.
#pragma once

#include "init/checkpoint.hpp"
#include "init/options.hpp"
#include "init/strategies.hpp"
#include "sft/trainer.hpp"
#include "transition/transition.hpp"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace pr::init {

// Validated translation of the options (the model-independent fields):
// PR_ERR_INVALID_ARGUMENT naming a field out of range.
InitConfig config_from_options(const InitOptions &opts, int n_layer, int n_head, int d_model, double default_std);
// with_seed false: for tables over several seeds (the harness), where the
// options' own seed is replaced by each run's.
std::string describe(const InitOptions &opts, bool with_seed = true);

// Which model tensors an oracle with these kCopy* bits copies.
bool oracle_copies(uint32_t mask, const std::string &name);
std::string oracle_copy_list(uint32_t mask);

// What apply_init derives from its inputs rather than from the model: the
// corpus's T (token_transition), its PPMI-SVD embedding and the oracle
// checkpoints read from oracle_path.  Computed on first use and kept, so the
// runs of one comparison on one corpus share them; the same deterministic
// code as without a cache, so the inits are bit-identical.  Not thread-safe.
class InitInputs {
public:
    // Borrows the tokens, which must outlive this object.
    InitInputs(const uint32_t *tokens, size_t n_tokens, uint32_t vocab);
    const pr::transition::Transition &transition();
    const std::vector<float> &ppmi_svd(size_t d);
    const ParamSet &oracle(const std::string &path);

private:
    const uint32_t *tokens_;
    size_t n_tokens_;
    uint32_t vocab_;
    std::unique_ptr<pr::transition::Transition> transition_;
    std::map<size_t, std::vector<float>> ppmi_;
    std::map<std::string, ParamSet> oracles_;
};

// Does everything pr_init_apply documents.  `oracle` overrides
// opts.oracle_path when non-null (the harness's cached reference).  `inputs`
// (optional) supplies the corpus statistics and oracle files; its tokens
// must be these tokens.
std::vector<LayerReport> apply_init(pr::sft::Trainer &model, const InitOptions &opts, const uint32_t *tokens,
                                    size_t n_tokens, const ParamSet *oracle = nullptr, InitInputs *inputs = nullptr);

}  // namespace pr::init

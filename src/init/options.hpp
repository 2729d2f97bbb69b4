// What one attention initialisation is asked to do: the C++ counterpart of
// pr_init_options (the shell translates one into the other field by field).
// These defaults are the only definition of pr_init_options' defaults:
// pr_init_options_init copies them.
#pragma once

#include "init/corpus_forms.hpp"
#include "init/strategies.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace pr::init {

enum class Embedding { Model = 0, PpmiSvd = 1 };

// Which tensors an Oracle copies (the values of PR_INIT_COPY_*).
inline constexpr uint32_t kCopyWq = 0x1u, kCopyWk = 0x2u, kCopyWv = 0x4u, kCopyWo = 0x8u;
inline constexpr uint32_t kCopyAll = 0x80000000u;  // every tensor of the model (positive control)

struct InitOptions {
    Strategy strategy = Strategy::Random;
    uint32_t power = 1;  // Direct: k in T^k, 1..64
    FormMode mode = FormMode::CenterEmbeddings;
    Banding banding = Banding::PerHead;
    uint32_t blend_powers = 4;  // Blend: powers 1..K
    double blend_target_pr = kSourceTrainedAttentionPr;
    double blend_tolerance = kDefaultBlendTolerance;
    uint32_t blend_complement_planes = 0;  // 0 = d/2
    SymComponent sym_component = SymComponent::None;
    double sym_weight = 1.0;
    Scale scale = Scale::Frobenius;
    double random_std = 0;  // 0 = the model's init_std
    double mimetic_alpha_qk = kMimeticAlphaQk, mimetic_beta_qk = kMimeticBetaQk;
    double mimetic_alpha_vo = kMimeticAlphaVo, mimetic_beta_vo = kMimeticBetaVo;
    bool with_vo = false;
    Embedding embedding = Embedding::Model;
    uint64_t seed = 0;
    std::optional<std::string> oracle_path;  // none: the harness's reference model
    uint32_t oracle_tensors = kCopyWq | kCopyWk;
};

}  // namespace pr::init

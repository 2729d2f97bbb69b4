// Attention initialisation strategies (pure math on Eigen matrices; apply.hpp
// wires them to corpus forms and to sft models).
//
// Every layer's weights are returned in pr_sft's layout: W_q, W_k, W_v are
// d x d in [in, out] layout (q = x W_q) and head h owns columns h*dh..(h+1)*dh;
// W_o (c_proj) is d x d [in, out] and head h owns rows h*dh..(h+1)*dh.  The
// per-head bilinear form is W_q^h (W_k^h)^T.
//
// Strategies (deterministic given `seed`):
//   Random    W_q, W_k ~ N(0, random_std^2).
//   Direct    target = corpus_forms[0] (+ symmetric component), factorised per
//             head (see factorize.hpp).
//   Blend     target = PR-matched blend of corpus_forms (blend.hpp) (+ sym).
//   Mimetic   per head W_q^h W_k^h^T = best rank-dh part of a Z + b I, with
//             Z ~ N(0, 1/d) (Trockman & Kolter 2023; defaults a = b = 0.7);
//             W_v W_o = a' Z' - b' I (defaults a' = b' = 0.4), full rank.
//   Symmetric W_k = W_q ~ N(0, random_std^2)  (encoder-style, PSD per head).
//   NormMatched  Random's draw, each head's Q_h, K_h rescaled to the norms of
//             Blend's (calibrated) Q_h, K_h: Blend's magnitudes, no structure.
// Scale calibration (not for Random): each head's pair (Q_h, K_h) is multiplied
// by one factor c so that ||Q_h K_h^T||_F (Frobenius) or the std of the logits
// e_a^T Q_h K_h^T e_b over the embedding rows (LogitStd) equals that of the
// Random strategy's head with the same seed and layer.  Q and K get the same
// factor, so only structure changes, not magnitude.  W_v W_o of Mimetic is
// calibrated likewise (Frobenius of the layer product) against random V, O.
#pragma once

#include "init/factorize.hpp"

#include <Eigen/Dense>

#include <cstdint>
#include <vector>

namespace pr::init {

enum class Strategy { Random = 0, Direct = 1, Blend = 2, Oracle = 3, Mimetic = 4, Symmetric = 5, NormMatched = 6 };
enum class SymComponent { None = 0, Random = 1, Identity = 2 };
enum class Scale { None = 0, Frobenius = 1, LogitStd = 2 };

// "random", "direct", ...; "unknown" for a value outside the enum.
const char *strategy_name(Strategy s);
// "none", "random", "identity" / "none", "frobenius", "logit_std"; "unknown"
// likewise.
const char *sym_component_name(SymComponent s);
const char *scale_name(Scale s);

// The trained-attention PR of the source write-up ("PR locked at 2.0, but
// corpus init still helps SFT"): the default blend target.  The header's
// PR_SOURCE_TRAINED_ATTENTION_PR is the same number (static_asserted in
// src/capi/enum_mirror.cpp).
inline constexpr double kSourceTrainedAttentionPr = 8.75;
inline constexpr double kDefaultBlendTolerance = 0.05;
// Trockman & Kolter 2023's mimetic constants.
inline constexpr double kMimeticAlphaQk = 0.7, kMimeticBetaQk = 0.7;
inline constexpr double kMimeticAlphaVo = 0.4, kMimeticBetaVo = 0.4;

struct InitConfig {
    Strategy strategy = Strategy::Random;
    int n_layer = 1, n_head = 1, d_model = 0;
    double random_std = 0.02;
    double out_proj_std = 0;  // std of random W_o; 0 = random_std
    Banding banding = Banding::PerHead;
    SymComponent sym_component = SymComponent::None;
    double sym_weight = 1.0;  // ||S||_F / ||A||_F of the added symmetric part
    Scale scale = Scale::Frobenius;
    double blend_target_pr = kSourceTrainedAttentionPr, blend_tolerance = kDefaultBlendTolerance;
    int blend_complement_planes = 0;  // 0 = floor(d/2), full rank
    double mimetic_alpha_qk = kMimeticAlphaQk, mimetic_beta_qk = kMimeticBetaQk;
    double mimetic_alpha_vo = kMimeticAlphaVo, mimetic_beta_vo = kMimeticBetaVo;
    bool with_vo = false;  // also produce W_v, W_o (random unless Mimetic)
    uint64_t seed = 0;
};

struct LayerWeights {
    Eigen::MatrixXd wq, wk;  // d x d
    Eigen::MatrixXd wv, wo;  // d x d, empty unless with_vo
};

struct LayerReport {
    double blend_weight = 0, blend_pr = 0;  // Blend only
    double antisym_pr = 0;       // PR of the antisymmetric part of sum_h W_q^h W_k^h^T
    double symmetry = 0;         // ||S||^2/||M||^2 of that summed form
    double scale_min = 1, scale_max = 1;  // calibration factors over heads
    int zero_heads = 0;          // heads whose form is zero (rank-deficient target)
};

// corpus_forms: A_1..A_K (d x d); Direct uses [0], Blend all.  embedding: the
// V x d matrix the logits act on; required for Scale::LogitStd, else unused
// (may be null).  Oracle is not produced here (see oracle.hpp).
std::vector<LayerWeights> make_attention_init(const InitConfig &config,
                                              const std::vector<Eigen::MatrixXd> &corpus_forms,
                                              const Eigen::MatrixXd *embedding,
                                              std::vector<LayerReport> *report = nullptr);

// The Random strategy's W_q / W_k / W_v / W_o of one layer (also the
// calibration reference).
Eigen::MatrixXd random_weight(const InitConfig &config, int layer, int which /*0 q,1 k,2 v,3 o*/);

}  // namespace pr::init

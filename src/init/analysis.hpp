// Attention analysis of a checkpoint, per layer and head, against the corpus
// forms A_k of the checkpoint's own (trained) token embedding.  Spectra and
// similarities (with their nulls) are pr_transition's (transition/spectrum.hpp).
//
// For head h of layer l: W = W_QK^h = w_q[:, h] w_k[:, h]^T (d x d):
//   symmetry       ||S||_F^2 / ||W||_F^2, S = (W + W^T)/2
//   geometry       the same symmetry from the factors, Saponati's
//                  directionality and the energy split, each score with its
//                  random-init null (qk_geometry.hpp; max(2, null_draws) draws)
//   spectrum of A = (W - W^T)/2: PR (sigma^2), planes = PR/2, effective and
//   stable rank
//   similarity of A to A_k: Frobenius cosine, subspace overlap (mean cos^2 of
//   the principal angles between the top-`planes` rotation-plane subspaces;
//   the principal cosines' mean is also kept) and sorted-spectrum cosine,
//   each with null mean/std and z (see pr::spectrum::similarity).
// Rows with head = -1 are the layer sums sum_h W_QK^h.
#pragma once

#include "init/checkpoint.hpp"
#include "init/corpus_forms.hpp"
#include "init/qk_geometry.hpp"
#include "transition/spectrum.hpp"

#include <Eigen/Dense>

#include <cstdint>
#include <vector>

namespace pr::init {

struct HeadAnalysis {
    int layer = 0, head = -1;  // head -1 = the layer sum
    double norm = 0, symmetry = 0, mean_principal_cos = 0;  // norm = ||W||_F
    pr::spectrum::Summary antisym;
    pr::spectrum::Similarity sim;
    QkScores geometry;  // symmetry, directionality, energy split, from the factors
};

struct AnalysisConfig {
    int n_head = 1;
    int power = 1;
    FormMode mode = FormMode::CenterEmbeddings;
    int planes = 4;
    int null_draws = 32;
    uint64_t seed = 1;
};

// params: a read_param_set (ours or GPT-2); tokens: the corpus (ids < the
// checkpoint's vocab, from its wte).  Layers: every h.{l}.attn.w_q present.
std::vector<HeadAnalysis> analyze_attention(const ParamSet &params, const uint32_t *tokens, size_t n_tokens,
                                            const AnalysisConfig &config);

}  // namespace pr::init

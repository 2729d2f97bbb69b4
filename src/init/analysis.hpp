// Attention analysis of a checkpoint, per layer and head, against the corpus
// forms A_k of the checkpoint's own (trained) token embedding.
//
// For head h of layer l: W = W_QK^h = w_q[:, h] w_k[:, h]^T (d x d), and
//   symmetry      ||S||_F^2 / ||W||_F^2, S = (W + W^T)/2
//   antisym_pr    PR of A = (W - W^T)/2 (sigma^2 convention; planes = PR/2)
// and three similarities between A and the corpus form A_k:
//   frobenius_cos <A, A_k>_F / (||A||_F ||A_k||_F)  (signed; null = mean |cos|)
//   principal_cos mean cosine of the principal angles between the spans of
//                 the top 2p left singular vectors of A and of A_k (p planes)
//   spectrum_cos  cosine between the sorted singular-value vectors
// Each similarity comes with a null: its mean over `null_draws` random heads
// W_r = Q_r K_r^T (Q_r, K_r ~ N(0,1)^{d x dh}, seeded), compared with the same
// A_k.  A similarity is only informative where it clears its null (the sorted
// spectrum cosine is ~0.9+ even for unrelated matrices).  Rows with head = -1
// are the layer sums sum_h W_QK^h (nulls then use H random heads summed).
#pragma once

#include "init/checkpoint.hpp"
#include "init/corpus_forms.hpp"

#include <Eigen/Dense>

#include <cstdint>
#include <vector>

namespace pr::init {

struct SimilarityTriple {
    double frobenius_cos = 0, principal_cos = 0, spectrum_cos = 0;
};

SimilarityTriple similarity(const Eigen::MatrixXd &a, const Eigen::MatrixXd &b, int planes);

struct HeadAnalysis {
    int layer = 0, head = -1;  // head -1 = the layer sum
    double frobenius_norm = 0, symmetry = 0, antisym_pr = 0, planes = 0;
    SimilarityTriple sim, null;
};

struct AnalysisConfig {
    int n_head = 1;
    int power = 1;
    FormMode mode = FormMode::CenterEmbeddings;
    int planes = 4;
    int null_draws = 16;
    uint64_t seed = 0;
};

// params: a read_param_set (ours or GPT-2); tokens: the corpus (ids < the
// checkpoint's vocab, from its wte).  Layers: every h.{l}.attn.w_q present.
std::vector<HeadAnalysis> analyze_attention(const ParamSet &params, const uint32_t *tokens, size_t n_tokens,
                                            const AnalysisConfig &config);

}  // namespace pr::init

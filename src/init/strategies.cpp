#include "init/strategies.hpp"

#include "core/error.hpp"
#include "init/blend.hpp"
#include "init/rng.hpp"
#include "init/spectrum.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace pr::init {

const char *strategy_name(Strategy s) {
    switch (s) {
    case Strategy::Random: return "random";
    case Strategy::Direct: return "direct";
    case Strategy::Blend: return "pr_blend";
    case Strategy::Oracle: return "oracle";
    case Strategy::Mimetic: return "mimetic";
    case Strategy::Symmetric: return "symmetric";
    case Strategy::NormMatched: return "norm_matched";
    }
    return "unknown";
}

const char *sym_component_name(SymComponent s) {
    switch (s) {
    case SymComponent::None: return "none";
    case SymComponent::Random: return "random";
    case SymComponent::Identity: return "identity";
    }
    return "unknown";
}

const char *scale_name(Scale s) {
    switch (s) {
    case Scale::None: return "none";
    case Scale::Frobenius: return "frobenius";
    case Scale::LogitStd: return "logit_std";
    }
    return "unknown";
}

namespace {

using Mat = Eigen::MatrixXd;

const Stream kWeightStream[4] = {Stream::Q, Stream::K, Stream::V, Stream::O};

void check_config(const InitConfig &c) {
    require_arg(c.d_model > 0, "d_model", c.d_model, "must be > 0");
    require_arg(c.n_layer >= 1, "n_layer", c.n_layer, "must be >= 1");
    require_arg(c.n_head >= 1 && c.d_model % c.n_head == 0, "n_head", c.n_head, "must be >= 1 and divide d_model");
    require_arg(c.random_std > 0 && std::isfinite(c.random_std), "random_std", c.random_std, "must be > 0");
    require_arg(c.sym_weight >= 0 && std::isfinite(c.sym_weight), "sym_weight", c.sym_weight, "must be >= 0");
    require_arg(c.strategy != Strategy::Oracle, "strategy", "oracle", "is a copy from a checkpoint, not generated here");
}

Mat head_cols(const Mat &w, int h, int dh) { return w.middleCols(h * dh, dh); }

double head_measure(const Mat &form, Scale scale, const Mat *embedding) {
    return scale == Scale::LogitStd ? logit_std(form, *embedding) : form.norm();
}

Mat symmetric_component(const InitConfig &c, int layer, const Mat &a) {
    if (c.sym_component == SymComponent::None || c.sym_weight == 0) return Mat::Zero(a.rows(), a.cols());
    Mat s;
    if (c.sym_component == SymComponent::Identity) {
        s = Mat::Identity(a.rows(), a.cols());
    } else {
        NormalRng rng(c.seed, layer, Stream::SymComponent);
        const Mat g = rng.matrix(a.rows(), a.cols(), 1.0);
        s = 0.5 * (g + g.transpose());
    }
    return c.sym_weight * a.norm() / s.norm() * s;
}

// Best rank-`cols` factors of m: L = U sqrt(S), R = V sqrt(S) (m ~ L R^T).
void svd_factors(const Mat &m, Eigen::Index cols, Mat &left, Mat &right) {
    Eigen::BDCSVD<Mat> svd(m, Eigen::ComputeFullU | Eigen::ComputeFullV);
    const Eigen::VectorXd root = svd.singularValues().head(cols).cwiseSqrt();
    left = svd.matrixU().leftCols(cols) * root.asDiagonal();
    right = svd.matrixV().leftCols(cols) * root.asDiagonal();
}

}  // namespace

Mat random_weight(const InitConfig &c, int layer, int which) {
    NormalRng rng(c.seed, static_cast<uint64_t>(layer), kWeightStream[which]);
    const double std = which == 3 && c.out_proj_std > 0 ? c.out_proj_std : c.random_std;
    return rng.matrix(c.d_model, c.d_model, std);
}

std::vector<LayerWeights> make_attention_init(const InitConfig &c, const std::vector<Mat> &corpus_forms,
                                              const Mat *embedding, std::vector<LayerReport> *report) {
    check_config(c);
    const int d = c.d_model, dh = d / c.n_head;
    if (c.scale == Scale::LogitStd) {
        require_nonnull(embedding, "embedding (needed for logit-std calibration)");
        require_arg(embedding->cols() == d, "embedding cols", embedding->cols(), "must equal d_model");
    }
    const bool needs_forms = c.strategy == Strategy::Direct || c.strategy == Strategy::Blend || c.strategy == Strategy::NormMatched;
    if (needs_forms) {
        require_arg(!corpus_forms.empty(), "corpus_forms", 0, "direct and pr_blend need at least one corpus form");
        for (const auto &a : corpus_forms)
            require_arg(a.rows() == d && a.cols() == d, "corpus form rows", a.rows(), "must be d_model x d_model");
    }

    std::vector<LayerWeights> layers(c.n_layer);
    if (report) report->assign(c.n_layer, LayerReport{});
    for (int l = 0; l < c.n_layer; ++l) {
        LayerWeights &out = layers[l];
        LayerReport rep;
        std::vector<HeadPair> heads;
        switch (c.strategy) {
        case Strategy::Random:
            out.wq = random_weight(c, l, 0);
            out.wk = random_weight(c, l, 1);
            break;
        case Strategy::Symmetric: {
            NormalRng rng(c.seed, l, Stream::Symmetric);
            const Mat w = rng.matrix(d, d, c.random_std);
            for (int h = 0; h < c.n_head; ++h) heads.push_back({head_cols(w, h, dh), head_cols(w, h, dh)});
            break;
        }
        case Strategy::Direct:
        case Strategy::Blend:
        case Strategy::NormMatched: {
            Mat a = corpus_forms[0];
            if (c.strategy != Strategy::Direct) {
                BlendResult b = pr_matched_blend(corpus_forms, c.blend_target_pr, c.blend_tolerance,
                                                 c.blend_complement_planes, c.seed, l);
                rep.blend_weight = b.weight, rep.blend_pr = b.pr;
                a = b.form;
            }
            heads = factorize_form(a + symmetric_component(c, l, a), c.n_head, c.banding);
            break;
        }
        case Strategy::Mimetic: {
            NormalRng rng(c.seed, l, Stream::MimeticQK);
            for (int h = 0; h < c.n_head; ++h) {
                const Mat m = c.mimetic_alpha_qk * rng.matrix(d, d, 1.0 / std::sqrt(double(d))) +
                              c.mimetic_beta_qk * Mat::Identity(d, d);
                HeadPair p;
                svd_factors(m, dh, p.q, p.k);
                heads.push_back(p);
            }
            break;
        }
        case Strategy::Oracle: break;  // rejected by check_config
        }

        if (c.strategy != Strategy::Random) {
            const Mat rq = random_weight(c, l, 0), rk = random_weight(c, l, 1);
            double max_norm = 0;
            for (const auto &p : heads) max_norm = std::max(max_norm, p.form().norm());
            rep.scale_min = std::numeric_limits<double>::infinity();
            rep.scale_max = 0;
            for (int h = 0; h < c.n_head; ++h) {
                HeadPair &p = heads[h];
                const Mat form = p.form();
                if (form.norm() <= 1e-12 * max_norm || max_norm == 0) {
                    ++rep.zero_heads;
                    continue;
                }
                if (c.scale == Scale::None) continue;
                const Mat ref = head_cols(rq, h, dh) * head_cols(rk, h, dh).transpose();
                const double factor = std::sqrt(head_measure(ref, c.scale, embedding) /
                                                head_measure(form, c.scale, embedding));
                if (!std::isfinite(factor)) fail(PR_ERR_NUMERIC, "scale calibration of layer ", l, " head ", h, " is not finite");
                p.q *= factor, p.k *= factor;
                rep.scale_min = std::min(rep.scale_min, factor);
                rep.scale_max = std::max(rep.scale_max, factor);
            }
            if (c.scale == Scale::None || rep.scale_max == 0) rep.scale_min = rep.scale_max = 1;
            if (c.strategy == Strategy::NormMatched)
                for (int h = 0; h < c.n_head; ++h) {
                    const Mat q = head_cols(rq, h, dh), k = head_cols(rk, h, dh);
                    heads[h].q = q * (heads[h].q.norm() / q.norm());
                    heads[h].k = k * (heads[h].k.norm() / k.norm());
                }
            out.wq.resize(d, d), out.wk.resize(d, d);
            for (int h = 0; h < c.n_head; ++h) {
                out.wq.middleCols(h * dh, dh) = heads[h].q;
                out.wk.middleCols(h * dh, dh) = heads[h].k;
            }
        }

        if (c.with_vo) {
            out.wv = random_weight(c, l, 2);
            out.wo = random_weight(c, l, 3);
            if (c.strategy == Strategy::Mimetic) {
                NormalRng rng(c.seed, l, Stream::MimeticVO);
                const Mat m = c.mimetic_alpha_vo * rng.matrix(d, d, 1.0 / std::sqrt(double(d))) -
                              c.mimetic_beta_vo * Mat::Identity(d, d);
                Mat left, right;
                svd_factors(m, d, left, right);
                double factor = 1;
                if (c.scale != Scale::None) factor = std::sqrt((out.wv * out.wo).norm() / m.norm());
                out.wv = factor * left;
                out.wo = factor * right.transpose();
            }
        }

        const Mat summed = out.wq * out.wk.transpose();
        rep.antisym_pr = participation_ratio(antisymmetric_part(summed));
        rep.symmetry = symmetry_score(summed);
        if (report) (*report)[l] = rep;
    }
    return layers;
}

}  // namespace pr::init

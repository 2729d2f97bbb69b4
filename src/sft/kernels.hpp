// The forward and backward kernels of one GPT-2 block, side by side (after
// karpathy/llm.c's train_gpt2.c), over Eigen maps of the flat buffers.
// Templated on the scalar type: float for training, double for the
// finite-difference gradient check, which therefore runs this very code.
//
// Every reduction has a fixed order that does not depend on which thread runs
// it, so a given thread count gives bit-identical results.  Conventions: all
// matrices row-major, N = B*T rows, "+=" kernels accumulate into gradients.
#pragma once

#include "core/sgemm.hpp"
#include "core/sgemm_bf16.hpp"
#include "sft/config.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <omp.h>
#include <type_traits>

namespace pr::sft::kernels {

// Eigen maps for the attention's small per-head products, where Eigen's GEMM
// beat core/sgemm (0.92x with its packing; 0.97-1.0x even reading operands in
// place, whatever the block: 32 or 48 rows).
template <class T> using RMat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
template <class T> using Mat = Eigen::Map<RMat<T>>;
template <class T> using CMat = Eigen::Map<const RMat<T>>;
template <class T> using SMat = Eigen::Map<RMat<T>, 0, Eigen::OuterStride<>>;
template <class T> using CSMat = Eigen::Map<const RMat<T>, 0, Eigen::OuterStride<>>;
// Rows as arrays: Eigen vectorises their sums (a plain float loop stays a
// serial chain of adds).  The buffers are aligned and rows have a fixed
// length, so each row's summation order is the same on every call.
template <class T> using Arr = Eigen::Map<Eigen::Array<T, Eigen::Dynamic, 1>>;
template <class T> using CArr = Eigen::Map<const Eigen::Array<T, Eigen::Dynamic, 1>>;

constexpr double kLayerNormEps = 1e-5;  // as torch.nn.LayerNorm

// ---- embeddings -------------------------------------------------------------

template <class T>
void embedding_forward(T *out, const int32_t *tokens, const T *wte, const T *wpe, size_t B,
                       size_t Tn, size_t C) {
#pragma omp parallel for schedule(static)
    for (long long n = 0; n < (long long)(B * Tn); ++n) {
        const T *te = wte + size_t(tokens[n]) * C, *pe = wpe + size_t(n % Tn) * C;
        T *o = out + size_t(n) * C;
        for (size_t c = 0; c < C; ++c) o[c] = te[c] + pe[c];
    }
}

template <class T>
void embedding_backward(T *dwte, T *dwpe, const T *dout, const int32_t *tokens, size_t B, size_t Tn,
                        size_t C) {
    // Position rows are owned by one thread each.  Token rows may repeat, so
    // each thread owns a range of columns and adds all rows in order.
#pragma omp parallel
    {
#pragma omp for schedule(static)
        for (long long t = 0; t < (long long)Tn; ++t)
            for (size_t b = 0; b < B; ++b) {
                const T *g = dout + (b * Tn + size_t(t)) * C;
                T *p = dwpe + size_t(t) * C;
                for (size_t c = 0; c < C; ++c) p[c] += g[c];
            }
        const size_t nt = size_t(omp_get_num_threads()), id = size_t(omp_get_thread_num());
        const size_t c0 = C * id / nt, c1 = C * (id + 1) / nt;
        for (size_t n = 0; n < B * Tn; ++n) {
            const T *g = dout + n * C;
            T *p = dwte + size_t(tokens[n]) * C;
            for (size_t c = c0; c < c1; ++c) p[c] += g[c];
        }
    }
}

// ---- column sums (bias gradients), deterministic for any thread count ------

template <class T>
void colsum_add(T *acc, const T *x, size_t N, size_t C) {
#pragma omp parallel
    {
        const size_t nt = size_t(omp_get_num_threads()), id = size_t(omp_get_thread_num());
        const size_t c0 = C * id / nt, c1 = C * (id + 1) / nt;
        for (size_t n = 0; n < N; ++n) {
            const T *row = x + n * C;
            for (size_t c = c0; c < c1; ++c) acc[c] += row[c];
        }
    }
}

// out[n, :] = (residual ? residual[n, :] : out[n, :]) + bias, in one pass.
template <class T>
void add_bias_rows(T *out, const T *bias, size_t N, size_t C, const T *residual = nullptr) {
#pragma omp parallel for schedule(static)
    for (long long n = 0; n < (long long)N; ++n) {
        T *o = out + size_t(n) * C;
        const T *r = residual ? residual + size_t(n) * C : o;
        for (size_t c = 0; c < C; ++c) o[c] = r[c] + bias[c];
    }
}

// Fills split over the threads: done on one thread, the others
// waited for it at the next barrier (the gradient buffer alone is 43 MB at
// 6 layers, d = 384).
template <class T>
void parallel_fill(T *dst, size_t n, T value) {
    constexpr size_t chunk = 65536;
    const long long chunks = (long long)((n + chunk - 1) / chunk);
#pragma omp parallel for schedule(static)
    for (long long ch = 0; ch < chunks; ++ch)
        std::fill(dst + size_t(ch) * chunk, dst + std::min(n, size_t(ch + 1) * chunk), value);
}

// ---- GEMMs split by hand over the threads ------------------------------------
// Eigen's own parallel GEMM synchronises its threads by spinning, which
// collapses when a core is shared with other processes.  Instead each thread
// runs a single-threaded GEMM on its own block of output rows (blocks
// are multiples of 16 rows), so the only synchronisation is the end of the
// OpenMP region.

// Rows [r0, r1) of `rows` for the calling thread.
inline void thread_rows(size_t rows, size_t &r0, size_t &r1) {
    const size_t nt = size_t(omp_get_num_threads()), id = size_t(omp_get_thread_num());
    const size_t blocks = (rows + 15) / 16;
    r0 = std::min(rows, blocks * id / nt * 16);
    r1 = std::min(rows, blocks * (id + 1) / nt * 16);
}

// All products go through pr::matmul: core/sgemm for float (1.2-1.4x
// Eigen's GEMM here, see there), Eigen for the double instantiation; or,
// for float with Precision::bf16, core/sgemm_bf16.
template <class T>
void product(Precision prec, size_t M, size_t N, size_t K, Strided<T> A, Strided<T> B, T *C, size_t ldc,
             bool accumulate) {
    if constexpr (std::is_same_v<T, float>)
        if (prec == Precision::bf16) return sgemm_bf16(M, N, K, A, B, C, ldc, accumulate);
    matmul<T>(M, N, K, A, B, C, ldc, accumulate);
}

// Y[N,O] (= or +=) X[N,I] @ W[I,O]
template <class T>
void gemm_nn(T *Y, const T *X, const T *W, size_t N, size_t I, size_t O, bool accumulate, Precision prec) {
#pragma omp parallel
    {
        size_t r0, r1;
        thread_rows(N, r0, r1);
        if (r1 > r0) product<T>(prec, r1 - r0, O, I, {X + r0 * I, I, 1}, {W, O, 1}, Y + r0 * O, O, accumulate);
    }
}

// Y[N,I] (= or +=) G[N,O] @ W[I,O]^T
template <class T>
void gemm_nt(T *Y, const T *G, const T *W, size_t N, size_t I, size_t O, bool accumulate, Precision prec) {
#pragma omp parallel
    {
        size_t r0, r1;
        thread_rows(N, r0, r1);
        if (r1 > r0) product<T>(prec, r1 - r0, I, O, {G + r0 * O, O, 1}, {W, 1, O}, Y + r0 * I, I, accumulate);
    }
}

// D[I,O] += X[N,I]^T @ G[N,O]   (split over the rows of D)
template <class T>
void gemm_tn_acc(T *D, const T *X, const T *G, size_t N, size_t I, size_t O, Precision prec) {
#pragma omp parallel
    {
        size_t r0, r1;
        thread_rows(I, r0, r1);
        if (r1 > r0) product<T>(prec, r1 - r0, O, N, {X + r0, 1, I}, {G, O, 1}, D + r0 * O, O, true);
    }
}

// ---- linear: out[N,O] = (residual +) in[N,I] @ W[I,O] + b ----------------------
// With a residual (b required), out is seeded with residual + b in one pass
// and the product accumulated onto it: no separate copy of the residual.

template <class T>
void linear_forward(T *out, const T *in, const T *W, const T *b, size_t N, size_t I, size_t O, Precision prec,
                    const T *residual = nullptr) {
    if (residual) {
        add_bias_rows(out, b, N, O, residual);
        gemm_nn(out, in, W, N, I, O, true, prec);
        return;
    }
    gemm_nn(out, in, W, N, I, O, false, prec);
    if (b) add_bias_rows(out, b, N, O);
}

// din (=, or += when accumulate), dW +=, db +=.
template <class T>
void linear_backward(T *din, T *dW, T *db, const T *dout, const T *in, const T *W, size_t N, size_t I,
                     size_t O, Precision prec, bool accumulate_din = false) {
    if (din) gemm_nt(din, dout, W, N, I, O, accumulate_din, prec);
    gemm_tn_acc(dW, in, dout, N, I, O, prec);
    if (db) colsum_add(db, dout, N, O);
}

// ---- LayerNorm over the last dimension ---------------------------------------

template <class T>
void layernorm_forward(T *out, T *mean, T *rstd, const T *in, const T *w, const T *b, size_t N,
                       size_t C) {
    const CArr<T> wa(w, long(C)), ba(b, long(C));
#pragma omp parallel for schedule(static)
    for (long long n = 0; n < (long long)N; ++n) {
        const CArr<T> x(in + size_t(n) * C, long(C));
        const T m = x.sum() / T(C);
        const T v = (x - m).square().sum() / T(C);
        const T s = T(1) / std::sqrt(v + T(kLayerNormEps));
        Arr<T>(out + size_t(n) * C, long(C)) = (x - m) * s * wa + ba;
        mean[n] = m;
        rstd[n] = s;
    }
}

// din +=, dw +=, db +=.
template <class T>
void layernorm_backward(T *din, T *dw, T *db, const T *dout, const T *in, const T *mean, const T *rstd,
                        const T *w, size_t N, size_t C) {
    const CArr<T> wa(w, long(C));
#pragma omp parallel for schedule(static)
    for (long long n = 0; n < (long long)N; ++n) {
        const CArr<T> x(in + size_t(n) * C, long(C)), g(dout + size_t(n) * C, long(C));
        const T m = mean[n], s = rstd[n];
        const auto dnorm = wa * g;
        const auto norm = (x - m) * s;
        const T dnorm_mean = dnorm.sum() / T(C), dnorm_norm_mean = (dnorm * norm).sum() / T(C);
        Arr<T>(din + size_t(n) * C, long(C)) += (dnorm - dnorm_mean - norm * dnorm_norm_mean) * s;
    }
#pragma omp parallel
    {
        const size_t nt = size_t(omp_get_num_threads()), id = size_t(omp_get_thread_num());
        const size_t c0 = C * id / nt, c1 = C * (id + 1) / nt;
        for (size_t n = 0; n < N; ++n) {
            const T *x = in + n * C, *g = dout + n * C;
            const T m = mean[n], s = rstd[n];
            for (size_t c = c0; c < c1; ++c) {
                dw[c] += (x[c] - m) * s * g[c];
                db[c] += g[c];
            }
        }
    }
}

// ---- GELU, tanh approximation (GPT-2; torch's GELU(approximate='tanh')) -------
// Vectorised through Eigen's array tanh (a rational approximation for float,
// std::tanh for double), in fixed chunks split over the threads.

constexpr size_t kElementwiseChunk = 4096;

template <class T>
void gelu_forward(T *out, const T *in, size_t n) {
    const T k = T(0.7978845608028654), c = T(0.044715);  // sqrt(2/pi)
    const long long chunks = (long long)((n + kElementwiseChunk - 1) / kElementwiseChunk);
#pragma omp parallel for schedule(static)
    for (long long ch = 0; ch < chunks; ++ch) {
        const size_t a = size_t(ch) * kElementwiseChunk, len = std::min(kElementwiseChunk, n - a);
        CArr<T> x(in + a, len);
        Arr<T>(out + a, len) = T(0.5) * x * (T(1) + (k * (x + c * x * x * x)).tanh());
    }
}

// dx = gelu'(x) * dy, written over dy.
template <class T>
void gelu_backward_inplace(T *dy, const T *in, size_t n) {
    const T k = T(0.7978845608028654), c = T(0.044715);
    const long long chunks = (long long)((n + kElementwiseChunk - 1) / kElementwiseChunk);
#pragma omp parallel for schedule(static)
    for (long long ch = 0; ch < chunks; ++ch) {
        const size_t a = size_t(ch) * kElementwiseChunk, len = std::min(kElementwiseChunk, n - a);
        CArr<T> x(in + a, len);
        Arr<T> g(dy + a, len);
        T tbuf[kElementwiseChunk];  // on the stack: no allocation per call
        Arr<T> t(tbuf, len);
        t = (k * (x + c * x * x * x)).tanh();
        g *= T(0.5) * (T(1) + t) + T(0.5) * x * (T(1) - t * t) * k * (T(1) + T(3) * c * x * x);
    }
}

// ---- causal multi-head attention ---------------------------------------------
// q, k, v, y: [B*Tn, C]; head h uses columns h*dh..(h+1)*dh.  att: [B, H, Tn, Tn]
// softmax probabilities (upper triangle zero), kept for the backward pass.
//
// The products skip the upper triangle block by block: rows [i0, i0 + m) of
// Q K^T only need keys [0, i0 + m).  With 32-row blocks that is 56% of the
// full T x T work at T = 256 (62.5% at T = 128).  Entries right of the
// diagonal inside a block are computed and then zeroed, as before.
//
// (batch, head) pairs are handed out dynamically: a thread slowed by other
// processes takes fewer of them instead of making the other wait at the end.
// Each pair's arithmetic is the same whichever thread runs it.

constexpr size_t kAttentionBlock = 32;

template <class T>
void attention_forward(T *y, T *att, const T *q, const T *k, const T *v, size_t B, size_t Tn,
                       size_t C, size_t H) {
    const size_t dh = C / H;
    const T scale = T(1) / std::sqrt(T(dh));
    const Eigen::Index D = Eigen::Index(dh);
#pragma omp parallel for schedule(dynamic)
    for (long long bh = 0; bh < (long long)(B * H); ++bh) {
        const size_t b = size_t(bh) / H, h = size_t(bh) % H, off = b * Tn * C + h * dh;
        const Eigen::OuterStride<> st(C);
        CSMat<T> Q(q + off, Tn, dh, st), K(k + off, Tn, dh, st), Vm(v + off, Tn, dh, st);
        SMat<T> Y(y + off, Tn, dh, st);
        Mat<T> P(att + size_t(bh) * Tn * Tn, Tn, Tn);
        for (size_t i0 = 0; i0 < Tn; i0 += kAttentionBlock) {
            const Eigen::Index r = Eigen::Index(i0), m = Eigen::Index(std::min(kAttentionBlock, Tn - i0)), w = r + m;
            P.block(r, 0, m, w).noalias() = Q.block(r, 0, m, D) * K.topRows(w).transpose();
            for (size_t i = i0; i < i0 + size_t(m); ++i) {
                Arr<T> row(P.data() + i * Tn, long(i + 1));  // the causal part of row i
                const T mx = row.maxCoeff() * scale;
                row = (row * scale - mx).exp();  // vectorised exp
                row *= T(1) / row.sum();
                std::fill(P.data() + i * Tn + i + 1, P.data() + (i + 1) * Tn, T(0));
            }
            Y.block(r, 0, m, D).noalias() = P.block(r, 0, m, w) * Vm.topRows(w);
        }
    }
}

// dq, dk, dv (=) from dy; scratch holds one Tn*Tn matrix per OpenMP thread.
template <class T>
void attention_backward(T *dq, T *dk, T *dv, T *scratch, const T *dy, const T *att, const T *q,
                        const T *k, const T *v, size_t B, size_t Tn, size_t C, size_t H) {
    const size_t dh = C / H;
    const T scale = T(1) / std::sqrt(T(dh));
    const Eigen::Index D = Eigen::Index(dh), N = Eigen::Index(Tn);
#pragma omp parallel for schedule(dynamic)
    for (long long bh = 0; bh < (long long)(B * H); ++bh) {
        const size_t b = size_t(bh) / H, h = size_t(bh) % H, off = b * Tn * C + h * dh;
        const Eigen::OuterStride<> st(C);
        CSMat<T> Q(q + off, Tn, dh, st), K(k + off, Tn, dh, st), Vm(v + off, Tn, dh, st);
        CSMat<T> dY(dy + off, Tn, dh, st);
        SMat<T> dQ(dq + off, Tn, dh, st), dK(dk + off, Tn, dh, st), dV(dv + off, Tn, dh, st);
        CMat<T> P(att + size_t(bh) * Tn * Tn, Tn, Tn);
        Mat<T> dP(scratch + size_t(omp_get_thread_num()) * Tn * Tn, Tn, Tn);
        // Row blocks: dP = dY V^T and the softmax backward, then dQ = dP K.
        // Row i of dP is only read in columns [0, i0 + m) of its block.
        for (size_t i0 = 0; i0 < Tn; i0 += kAttentionBlock) {
            const Eigen::Index r = Eigen::Index(i0), m = Eigen::Index(std::min(kAttentionBlock, Tn - i0)), w = r + m;
            dP.block(r, 0, m, w).noalias() = dY.block(r, 0, m, D) * Vm.topRows(w).transpose();
            for (size_t i = i0; i < i0 + size_t(m); ++i) {
                T *g = &dP(Eigen::Index(i), 0);
                const T *p = P.data() + i * Tn;
                const CArr<T> pr(p, long(i + 1));
                Arr<T> gr(g, long(i + 1));
                const T s = (pr * gr).sum();
                gr = pr * (gr - s) * scale;
                for (size_t j = i + 1; j < size_t(w); ++j) g[j] = 0;
            }
            dQ.block(r, 0, m, D).noalias() = dP.block(r, 0, m, w) * K.topRows(w);
        }
        // Column blocks: keys [j0, j0 + m) are seen by queries [j0, Tn) only.
        for (size_t j0 = 0; j0 < Tn; j0 += kAttentionBlock) {
            const Eigen::Index c = Eigen::Index(j0), m = Eigen::Index(std::min(kAttentionBlock, Tn - j0)), n = N - c;
            dV.block(c, 0, m, D).noalias() = P.block(c, c, n, m).transpose() * dY.bottomRows(n);
            dK.block(c, 0, m, D).noalias() = dP.block(c, c, n, m).transpose() * Q.bottomRows(n);
        }
    }
}

// ---- tied output head + cross-entropy -----------------------------------------
// logits[N,V] = x[N,C] @ wte^T.  With targets: row_loss[n] = -log softmax[target];
// when `to_grad`, logits are overwritten by d(mean loss)/d(logits).

template <class T>
void softmax_xent(T *logits, T *row_loss, const int32_t *targets, size_t N, size_t V, bool to_grad) {
    const T invN = T(1) / T(N);
#pragma omp parallel for schedule(static)
    for (long long n = 0; n < (long long)N; ++n) {
        T *z = logits + size_t(n) * V;
        Arr<T> zr(z, long(V));
        const T mx = zr.maxCoeff();
        const T lse = mx + std::log((zr - mx).exp().sum());
        const size_t tgt = size_t(targets[n]);
        row_loss[n] = lse - z[tgt];
        if (to_grad) {
            zr = (zr - lse).exp() * invN;
            z[tgt] -= invN;
        }
    }
}

}  // namespace pr::sft::kernels

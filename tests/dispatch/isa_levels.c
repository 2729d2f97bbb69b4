/* The dispatched kernels at one instruction-set level, against independent
 * references (tests/dispatch/run_levels.sh runs it at every level):
 *
 *   isa_levels EXPECTED OUT      check that pr_runtime_isa() is EXPECTED
 *                                ("any": not checked), run every check, and
 *                                write the values other levels must match
 *   isa_levels --compare A B     compare two such files
 *
 * Kernels and references: pair counting (u32 and u16 scans) against a dense
 * count table; the sparse product and the float GEMM of E^T T^k E against a
 * dense double computation; Eigen's SVD (pr_spectrum_f64) against |M|_F and
 * a power-iteration 2-norm; PPMI-SVD against a dense PPMI's 2-norm and
 * E^T E = S; the trainer's GEMMs and attention by a finite difference of
 * its loss; BF16 runs exactly when the level is avx512_bf16. */
#include "prspread.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define V 400
#define D 40 /* not a multiple of 16: every vector loop has a tail */
#define K 3
#define N_TOKENS 200000
#define PPMI_D 12

#define CHECK(cond, ...)                                                            \
    do {                                                                            \
        if (!(cond)) {                                                              \
            fprintf(stderr, "isa_levels [%s]: %s:%d: ", pr_runtime_isa(), __FILE__, \
                    __LINE__);                                                      \
            fprintf(stderr, __VA_ARGS__);                                           \
            fprintf(stderr, " (last error: %s)\n", pr_last_error());                \
            exit(1);                                                                \
        }                                                                           \
    } while (0)
#define OK(call) CHECK((call) == PR_OK, "%s failed", #call)

static uint64_t lcg = 88172645463325252ull;
static double uniform(void) {
    lcg = lcg * 6364136223846793005ull + 1442695040888963407ull;
    return (double)(lcg >> 11) / 9007199254740992.0;
}

static double rel(double got, double want) { return fabs(got - want) / (fabs(want) > 1e-300 ? fabs(want) : 1.0); }

/* Largest singular value of the n x m row-major double matrix A, by power
 * iteration on A^T A. */
static double two_norm(const double *A, size_t n, size_t m) {
    double *x = malloc(m * sizeof *x), *y = malloc(n * sizeof *y), s = 0;
    size_t i, j;
    int it;
    CHECK(x && y, "out of memory");
    for (j = 0; j < m; ++j) x[j] = 1.0 + 0.01 * (double)j;
    for (it = 0; it < 5000; ++it) {
        double nx = 0, previous = s;
        for (i = 0; i < n; ++i) {
            y[i] = 0;
            for (j = 0; j < m; ++j) y[i] += A[i * m + j] * x[j];
        }
        for (j = 0; j < m; ++j) {
            x[j] = 0;
            for (i = 0; i < n; ++i) x[j] += A[i * m + j] * y[i];
            nx += x[j] * x[j];
        }
        nx = sqrt(nx);
        for (j = 0; j < m; ++j) x[j] /= nx;
        s = sqrt(nx);
        if (fabs(s - previous) <= 1e-15 * s) break;
    }
    free(x);
    free(y);
    return s;
}

static int cap_is_unknown(void) {
    static const char *known[] = {"portable", "avx2", "avx512", "avx512_bf16"};
    const char *cap = getenv("PRSPREAD_ISA_MAX");
    size_t i;
    if (!cap || !*cap) return 0;
    for (i = 0; i < 4; ++i)
        if (strcmp(cap, known[i]) == 0) return 0;
    return 1;
}

static void run(const char *expected, const char *out_path) {
    static uint32_t tok32[N_TOKENS];
    static uint16_t tok16[N_TOKENS];
    static uint64_t dense[V * V], row_ptr[V + 1], counts[V * V];
    static uint32_t cols[V * V];
    static double T[V * V], X[V * D], Y[V * D], Mref[D * D], M[K * D * D], P[V * V];
    static float E[V * D], Eppmi[V * PPMI_D];
    const char *isa = pr_runtime_isa();
    FILE *out = fopen(out_path, "w");
    size_t i, j, n, k;
    uint64_t nnz = 0, csum = 0;

    CHECK(out != NULL, "cannot write %s", out_path);
    if (strcmp(expected, "any") != 0)
        CHECK(strcmp(isa, expected) == 0, "pr_runtime_isa() = %s, expected %s", isa, expected);
    fprintf(out, "isa %s\n", isa);

    /* ---- counting: skewed tokens, u32 and u16 scans, 2 threads ---- */
    for (n = 0; n < N_TOKENS; ++n) {
        const double u = uniform();
        tok32[n] = (uint32_t)(u * u * V);
        tok16[n] = (uint16_t)tok32[n];
        if (n > 0) ++dense[tok32[n - 1] * V + tok32[n]];
    }
    {
        pr_corpus_options co;
        pr_corpus *c32 = NULL, *c16 = NULL;
        pr_corpus_options_init(&co);
        co.vocab_size = V;
        co.num_threads = 2;
        OK(pr_corpus_create(&c32, &co));
        OK(pr_corpus_create(&c16, &co));
        OK(pr_corpus_add_u32(c32, tok32, N_TOKENS / 3));
        OK(pr_corpus_add_u32(c32, tok32 + N_TOKENS / 3, N_TOKENS - N_TOKENS / 3));
        OK(pr_corpus_add_u16(c16, tok16, N_TOKENS));
        OK(pr_corpus_export_csr(c32, row_ptr, cols, counts, V * V, &nnz));
        for (i = 0; i < V; ++i)
            for (j = row_ptr[i]; j < row_ptr[i + 1]; ++j) {
                CHECK(counts[j] == dense[i * V + cols[j]], "C[%zu,%u] = %llu, reference %llu", i, cols[j],
                      (unsigned long long)counts[j], (unsigned long long)dense[i * V + cols[j]]);
                csum += counts[j] * (i * V + cols[j] + 1);
            }
        for (i = 0, n = 0; i < V * V; ++i) n += dense[i] != 0;
        CHECK(nnz == n, "nnz = %llu, reference %zu", (unsigned long long)nnz, n);
        for (i = 0; i < 50; ++i) {
            uint64_t a = 0, b = 0;
            const uint32_t x = (uint32_t)(i * 7 % V), y = (uint32_t)(i * 13 % V);
            OK(pr_corpus_count(c16, x, y, &a));
            OK(pr_corpus_count(c32, x, y, &b));
            CHECK(a == b, "u16 and u32 scans disagree at (%u,%u)", x, y);
        }
        fprintf(out, "counts %llu %llu\n", (unsigned long long)nnz, (unsigned long long)csum);

        /* ---- E^T T^k E: the sparse product and the float GEMM ---- */
        {
            pr_transition *t = NULL;
            pr_transition_info info;
            pr_projection_options po;
            double err = 0, norm = 0;
            OK(pr_transition_create(&t, c32, NULL));
            OK(pr_transition_info_get(t, &info));
            CHECK(info.dangling_rows == 0, "the test corpus has %llu dangling rows",
                  (unsigned long long)info.dangling_rows);
            for (i = 0; i < V; ++i) {
                double r = 0;
                for (j = 0; j < V; ++j) r += (double)dense[i * V + j];
                for (j = 0; j < V; ++j) T[i * V + j] = (double)dense[i * V + j] / r;
            }
            OK(pr_embeddings_gaussian_f32(E, V, D, 11, 1.0, 1.0));
            pr_projection_options_init(&po);
            po.max_power = K;
            OK(pr_transition_project_f32(t, E, V, D, &po, M, K * D * D));
            for (i = 0; i < V * D; ++i) X[i] = E[i];
            for (k = 0; k < K; ++k) {
                for (i = 0; i < V; ++i)
                    for (j = 0; j < D; ++j) {
                        double s = 0;
                        for (n = 0; n < V; ++n) s += T[i * V + n] * X[n * D + j];
                        Y[i * D + j] = s;
                    }
                memcpy(X, Y, sizeof X);
                for (i = 0; i < D; ++i)
                    for (j = 0; j < D; ++j) {
                        double s = 0;
                        for (n = 0; n < V; ++n) s += (double)E[n * D + i] * X[n * D + j];
                        Mref[i * D + j] = s;
                    }
                err = norm = 0;
                for (i = 0; i < D * D; ++i) {
                    err += (M[k * D * D + i] - Mref[i]) * (M[k * D * D + i] - Mref[i]);
                    norm += Mref[i] * Mref[i];
                }
                /* float32 E and products: ~1e-7 per entry, summed over V. */
                CHECK(sqrt(err / norm) < 1e-5, "M_%zu relative error %.3g", k + 1, sqrt(err / norm));
            }
            fprintf(out, "projection");
            for (i = 0; i < K * D * D; i += 97) fprintf(out, " %.17g", M[i]);
            fprintf(out, "\n");
            pr_transition_free(t);
        }

        /* ---- Eigen's SVD: pr_spectrum_f64 of M_1 ---- */
        {
            double s[D], f2 = 0, s2 = 0;
            pr_spectrum sp;
            OK(pr_spectrum_f64(M, D, s, &sp));
            for (i = 0; i < D * D; ++i) f2 += M[i] * M[i];
            for (i = 0; i < D; ++i) {
                s2 += s[i] * s[i];
                CHECK(i == 0 || s[i] <= s[i - 1], "singular values not descending at %zu", i);
            }
            CHECK(rel(s2, f2) < 1e-10, "sum of squared singular values %.17g, |M|_F^2 %.17g", s2, f2);
            CHECK(rel(s[0], two_norm(M, D, D)) < 1e-8, "s_1 = %.17g, power iteration %.17g", s[0],
                  two_norm(M, D, D));
            fprintf(out, "spectrum_pr %.17g\nspectrum_first %.17g\nspectrum_last %.17g\n", sp.pr, s[0], s[D - 1]);
        }

        /* ---- PPMI-SVD: randomized SVD in double (Eigen GEMM, QR, SVD) ---- */
        {
            pr_ppmi_options po;
            double s[PPMI_D], N = 0, r[V] = {0}, c[V] = {0};
            pr_ppmi_options_init(&po);
            OK(pr_embeddings_ppmi_svd_f32(c32, &po, Eppmi, V, PPMI_D, s));
            for (i = 0; i < V; ++i)
                for (j = 0; j < V; ++j) {
                    N += (double)dense[i * V + j];
                    r[i] += (double)dense[i * V + j];
                    c[j] += (double)dense[i * V + j];
                }
            for (i = 0; i < V; ++i)
                for (j = 0; j < V; ++j) {
                    const double x = dense[i * V + j] ? log((double)dense[i * V + j] * N / (r[i] * c[j])) : 0;
                    P[i * V + j] = x > 0 ? x : 0;
                }
            CHECK(rel(s[0], two_norm(P, V, V)) < 1e-6, "PPMI s_1 = %.17g, power iteration %.17g", s[0],
                  two_norm(P, V, V));
            for (i = 0; i < PPMI_D; ++i)
                for (j = 0; j <= i; ++j) {
                    double g = 0;
                    for (n = 0; n < V; ++n) g += (double)Eppmi[n * PPMI_D + i] * Eppmi[n * PPMI_D + j];
                    CHECK(fabs(g - (i == j ? s[i] : 0.0)) < 1e-5 * s[0], "(E^T E)[%zu,%zu] = %.9g, want %.9g", i,
                          j, g, i == j ? s[i] : 0.0);
                }
            fprintf(out, "ppmi");
            for (i = 0; i < PPMI_D; ++i) fprintf(out, " %.17g", s[i]);
            fprintf(out, "\n");
        }
        pr_corpus_free(c32);
        pr_corpus_free(c16);
    }

    /* ---- the trainer: GEMMs and attention, by a finite difference ---- */
    {
        enum { B = 4, S = 32, VOCAB = 64, DM = 48 };
        static int32_t in[B * S], tg[B * S];
        static uint32_t data[20000];
        static float w[DM * DM], g[DM * DM];
        const uint64_t shape[2] = {DM, DM};
        const char *name = "h.1.attn.w_q";
        pr_sft_options o;
        pr_sft_train_options to;
        pr_sft *m = NULL, *bf = NULL;
        double loss = 0, lp = 0, lm = 0, fd, h = 1e-2;
        size_t best = 0;
        int rc;
        for (i = 0; i < 20000; ++i) data[i] = tok32[i] % VOCAB;
        for (i = 0; i < B * S; ++i) {
            in[i] = (int32_t)data[i];
            tg[i] = (int32_t)data[i + 1];
        }
        pr_sft_options_init(&o);
        o.vocab_size = VOCAB;
        o.context_length = S;
        o.n_layer = 2;
        o.n_head = 3;
        o.d_model = DM;
        o.num_threads = 2;
        OK(pr_sft_create(&m, &o));
        pr_sft_train_options_init(&to);
        to.batch_size = B;
        to.warmup_steps = 1;
        OK(pr_sft_set_train_options(m, &to));
        OK(pr_sft_set_data_u32(m, data, 20000));
        OK(pr_sft_train(m, 5, NULL, NULL));
        OK(pr_sft_loss_grad_i32(m, in, tg, B, S, &loss));
        OK(pr_sft_get_grad_f32(m, name, 2, shape, g));
        OK(pr_sft_get_param_f32(m, name, 2, shape, w));
        for (i = 1; i < DM * DM; ++i)
            if (fabs(g[i]) > fabs(g[best])) best = i;
        w[best] += (float)h;
        OK(pr_sft_set_param_f32(m, name, 2, shape, w));
        OK(pr_sft_loss_grad_i32(m, in, tg, B, S, &lp));
        w[best] -= (float)(2 * h);
        OK(pr_sft_set_param_f32(m, name, 2, shape, w));
        OK(pr_sft_loss_grad_i32(m, in, tg, B, S, &lm));
        w[best] += (float)h;
        OK(pr_sft_set_param_f32(m, name, 2, shape, w));
        fd = (lp - lm) / (2 * h);
        CHECK(fabs(fd - g[best]) < 0.03 * fabs(g[best]) + 1e-5, "d loss / d %s[%zu]: analytic %.6g, finite difference %.6g",
              name, best, g[best], fd);
        fprintf(out, "sft %.17g\n", loss);

        o.precision = PR_SFT_PRECISION_BF16;
        rc = pr_sft_create(&bf, &o);
        if (strcmp(isa, "avx512_bf16") == 0) {
            double lb = 0;
            CHECK(rc == PR_OK, "BF16 refused at avx512_bf16");
            OK(pr_sft_set_train_options(bf, &to));
            OK(pr_sft_set_data_u32(bf, data, 20000));
            OK(pr_sft_train(bf, 5, NULL, NULL));
            OK(pr_sft_loss_grad_i32(bf, in, tg, B, S, &lb));
            CHECK(fabs(lb - loss) < 0.02 * loss, "BF16 loss %.6g, FP32 loss %.6g", lb, loss);
            pr_sft_free(bf);
        } else if (cap_is_unknown()) {
            CHECK(rc == PR_ERR_INVALID_ARGUMENT && strstr(pr_last_error(), "PRSPREAD_ISA_MAX"),
                  "BF16 with an unknown PRSPREAD_ISA_MAX: status %d, want PR_ERR_INVALID_ARGUMENT", rc);
        } else {
            CHECK(rc == PR_ERR_STATE && bf == NULL, "BF16 at level %s: status %d, want PR_ERR_STATE", isa, rc);
        }
        pr_sft_free(m);
    }
    fclose(out);
    printf("isa_levels: %s passed (build %s)\n", isa, pr_build_isa());
}

/* Parses one "label v1 v2 ..." line into vals; returns the count or -1. */
static int parse_line(char *line, char *label, double *vals, int cap) {
    char *tok = strtok(line, " \n");
    int n = 0;
    if (!tok) return -1;
    strncpy(label, tok, 31);
    label[31] = 0;
    while ((tok = strtok(NULL, " \n")) && n < cap) vals[n++] = strtod(tok, NULL);
    return n;
}

/* B's values against A's, line by line, relative to the line's largest |A|:
 * the counts exactly, the trainer's loss after five AdamW steps within
 * 1e-3 (the levels sum in different orders, and AdamW amplifies the
 * difference in tiny gradients), everything else within 1e-5. */
static int compare(const char *a_path, const char *b_path) {
    FILE *a = fopen(a_path, "r"), *b = fopen(b_path, "r");
    static char la[65536], lb[65536];
    static double va[4096], vb[4096];
    char ka[32], kb[32], isa_a[32] = "?", isa_b[32] = "?";
    CHECK(a && b, "cannot read %s or %s", a_path, b_path);
    for (;;) {
        const int ea = fgets(la, sizeof la, a) == NULL, eb = fgets(lb, sizeof lb, b) == NULL;
        int na, nb, i;
        double scale = 0, tol;
        if (ea || eb) {
            CHECK(ea && eb, "%s and %s have different lengths", a_path, b_path);
            break;
        }
        if (strncmp(la, "isa ", 4) == 0 && strncmp(lb, "isa ", 4) == 0) {
            sscanf(la, "isa %31s", isa_a);
            sscanf(lb, "isa %31s", isa_b);
            continue;
        }
        na = parse_line(la, ka, va, 4096);
        nb = parse_line(lb, kb, vb, 4096);
        CHECK(na == nb && strcmp(ka, kb) == 0, "%s and %s differ in shape at '%s'", a_path, b_path, ka);
        tol = strcmp(ka, "counts") == 0 ? 0.0 : strcmp(ka, "sft") == 0 ? 1e-3 : 1e-5;
        for (i = 0; i < na; ++i) scale = fabs(va[i]) > scale ? fabs(va[i]) : scale;
        for (i = 0; i < na; ++i)
            CHECK(fabs(va[i] - vb[i]) <= tol * scale, "'%s' value %d: %.17g at %s, %.17g at %s", ka, i, va[i],
                  isa_a, vb[i], isa_b);
    }
    printf("isa_levels: %s agrees with %s\n", isa_b, isa_a);
    fclose(a);
    fclose(b);
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 4 && strcmp(argv[1], "--compare") == 0) return compare(argv[2], argv[3]);
    if (argc != 3) {
        fprintf(stderr, "usage: isa_levels EXPECTED_ISA|any OUT  |  isa_levels --compare A B\n");
        return 2;
    }
    run(argv[1], argv[2]);
    return 0;
}

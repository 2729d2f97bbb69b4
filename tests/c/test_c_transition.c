/* The pr_transition family from C99: build T from CSR counts, project,
 * read the PR table, spectra and similarities, and check the errors. */
#include "prspread.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expect.h"

static int cancel_after_first(void *user, uint64_t done, uint64_t total) {
    (void)total;
    *(int *)user += 1;
    return done >= 1;
}

int main(void) {
    /* A 12-state chain: i -> i+1 (count 3) and i -> i+5 (count 1), mod 12. */
    enum { V = 12, D = 6, K = 3 };
    uint64_t row_ptr[V + 1];
    uint32_t col[2 * V];
    uint64_t count[2 * V];
    size_t i, j, e = 0;
    row_ptr[0] = 0;
    for (i = 0; i < V; ++i) {
        uint32_t a = (uint32_t)((i + 1) % V), b = (uint32_t)((i + 5) % V);
        uint32_t lo = a < b ? a : b, hi = a < b ? b : a;
        col[e] = lo; count[e] = lo == a ? 3 : 1; ++e;
        col[e] = hi; count[e] = hi == a ? 3 : 1; ++e;
        row_ptr[i + 1] = e;
    }

    pr_transition_options opts;
    pr_transition_options_init(&opts);
    opts.alpha = 0.01;
    pr_transition *t = NULL;
    EXPECT(pr_transition_create_csr(&t, V, row_ptr, col, count, NULL, &opts) == PR_OK);
    EXPECT(t != NULL);

    pr_transition_info info;
    EXPECT(pr_transition_info_get(t, &info) == PR_OK);
    EXPECT(info.vocab_size == V && info.nnz == 2 * V && info.stationary_converged == 1);

    double pi[V], sum = 0.0, tab;
    EXPECT(pr_transition_stationary_f64(t, pi, V) == PR_OK);
    for (i = 0; i < V; ++i) sum += pi[i];
    EXPECT(fabs(sum - 1.0) < 1e-12);
    EXPECT(fabs(pi[0] - 1.0 / V) < 1e-9); /* doubly stochastic: uniform pi */
    EXPECT(pr_transition_entry_f64(t, 0, 1, &tab) == PR_OK);
    EXPECT(fabs(tab - (3.0 + 0.01) / (4.0 + 0.01 * V)) < 1e-15);
    EXPECT(pr_transition_stationary_f64(t, pi, V - 1) == PR_ERR_BUFFER_TOO_SMALL);

    pr_irreversibility irr;
    EXPECT(pr_transition_irreversibility(t, &irr) == PR_OK);
    EXPECT(irr.flux_frobenius > 0.01 && isfinite(irr.entropy_production) && irr.one_way_pairs == 0);

    float E[V * D];
    EXPECT(pr_embeddings_gaussian_f32(E, V, D, 7, 1.0, 2.0) == PR_OK);

    pr_projection_options popts;
    pr_projection_options_init(&popts);
    popts.max_power = K;
    popts.mode = PR_MODE_FLUX;
    double M[K * D * D];
    EXPECT(pr_transition_project_f32(t, E, V, D, &popts, M, K * D * D) == PR_OK);
    for (i = 0; i < D; ++i) /* flux is exactly antisymmetric */
        for (j = 0; j < D; ++j) EXPECT(fabs(M[i * D + j] + M[j * D + i]) < 1e-12);

    pr_spectrum sp;
    double freq[D / 2];
    EXPECT(pr_spectrum_antisym_f64(M, D, freq, &sp) == PR_OK);
    EXPECT(sp.pr >= 2.0 - 1e-9 && sp.pr <= D + 1e-9 && fabs(sp.planes - sp.pr / 2) < 1e-12);
    EXPECT(freq[0] >= freq[1] && freq[1] >= freq[2]);

    size_t needed = 0;
    EXPECT(pr_transition_pr_table_f32(t, E, V, D, &popts, NULL, 0, &needed) == PR_OK);
    EXPECT(needed == (size_t)K * PR_MODE_COUNT);
    pr_pr_row rows[K * PR_MODE_COUNT];
    EXPECT(pr_transition_pr_table_f32(t, E, V, D, &popts, rows, needed, &needed) == PR_OK);
    EXPECT(rows[0].power == 1 && rows[0].mode == PR_MODE_RAW && strcmp(rows[0].mode_name, "raw") == 0);
    EXPECT(rows[3].mode == PR_MODE_FLUX && fabs(rows[3].pr - sp.pr) < 1e-9);
    EXPECT(strcmp(pr_projection_mode_name(PR_MODE_SUBTRACT_STATIONARY), "subtract_stationary") == 0);

    pr_similarity_options so;
    pr_similarity_options_init(&so);
    so.planes = 1;
    so.null_samples = 8;
    pr_similarity sim;
    EXPECT(pr_similarity_f64(M, M, D, &so, &sim) == PR_OK);
    EXPECT(fabs(sim.frobenius_cosine.value - 1.0) < 1e-12 && sim.frobenius_cosine.null_std > 0.0);

    /* Errors name the argument. */
    E[3 * D + 2] = NAN;
    EXPECT(pr_transition_project_f32(t, E, V, D, &popts, M, K * D * D) == PR_ERR_NUMERIC);
    EXPECT(strstr(pr_last_error(), "row 3, column 2") != NULL);
    E[3 * D + 2] = 0.5f;
    EXPECT(pr_transition_project_f32(t, E, V - 1, D, &popts, M, K * D * D) == PR_ERR_MISMATCH);
    popts.max_power = 0;
    EXPECT(pr_transition_project_f32(t, E, V, D, &popts, M, K * D * D) == PR_ERR_INVALID_ARGUMENT);
    popts.max_power = K;
    int calls = 0;
    popts.progress = cancel_after_first;
    popts.progress_user = &calls;
    EXPECT(pr_transition_project_f32(t, E, V, D, &popts, M, K * D * D) == PR_ERR_CANCELLED);
    EXPECT(calls == 1);
    popts.version = 99;
    EXPECT(pr_transition_project_f32(t, E, V, D, &popts, M, K * D * D) == PR_ERR_VERSION);

    pr_transition *bad = t;
    uint64_t empty_ptr[V + 1];
    memset(empty_ptr, 0, sizeof empty_ptr);
    EXPECT(pr_transition_create_csr(&bad, V, empty_ptr, col, count, NULL, NULL) == PR_ERR_INVALID_ARGUMENT);
    EXPECT(bad == NULL);
    EXPECT(strstr(pr_last_error(), "empty") != NULL);

    /* From a pr_corpus: a 12-cycle, then an empty corpus. */
    {
        pr_corpus_options co;
        pr_corpus *corpus = NULL;
        pr_transition *tc = NULL;
        uint32_t ids[4 * V + 1];
        pr_corpus_options_init(&co);
        co.vocab_size = V;
        EXPECT(pr_corpus_create(&corpus, &co) == PR_OK);
        EXPECT(pr_transition_create(&tc, corpus, NULL) == PR_ERR_INVALID_ARGUMENT);
        EXPECT(tc == NULL && strstr(pr_last_error(), "empty") != NULL);
        for (i = 0; i < 4 * V + 1; ++i) ids[i] = (uint32_t)(i % V);
        EXPECT(pr_corpus_add_u32(corpus, ids, 4 * V + 1) == PR_OK);
        EXPECT(pr_transition_create(&tc, corpus, NULL) == PR_OK);
        pr_corpus_free(corpus); /* T keeps its own copy */
        EXPECT(pr_transition_info_get(tc, &info) == PR_OK);
        EXPECT(info.nnz == V && info.dangling_rows == 0);
        EXPECT(pr_transition_entry_f64(tc, 3, 4, &tab) == PR_OK && tab == 1.0);
        pr_transition_free(tc);
    }

    pr_transition_free(t);
    pr_transition_free(NULL);
    printf("ok\n");
    return 0;
}

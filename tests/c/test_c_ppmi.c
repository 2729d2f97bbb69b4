/* PPMI-SVD embeddings from C99: a closed-form case (a deterministic cycle,
 * whose PPMI is log(V) times a permutation), determinism, cancel, errors. */
#include "prspread.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "expect.h"

static int cancel_at_first(void *user, uint64_t done, uint64_t total) {
    *(uint64_t *)user = total;
    return done >= 1;
}

int main(void) {
    enum { V = 12, D = 4, N = 1200 };
    uint32_t tokens[N];
    float E[V * D], E2[V * D], untouched[V * D];
    double s[D], frob = 0.0;
    size_t i, j;
    uint64_t total = 0;
    pr_corpus_options co;
    pr_corpus *corpus = NULL;
    pr_ppmi_options po;

    for (i = 0; i < N; ++i) tokens[i] = (uint32_t)(i % V); /* 0 1 ... 11 0 1 ... */
    pr_corpus_options_init(&co);
    co.vocab_size = V;
    EXPECT(pr_corpus_create(&corpus, &co) == PR_OK);
    EXPECT(pr_corpus_add_u32(corpus, tokens, N) == PR_OK);

    /* C[a, a+1] = c for all a (the last pair wraps only once: 11 -> 0 occurs
     * 99 times, the others 100), so PPMI[a, a+1] ~ log(V): every singular
     * value ~ log(12), and ||E||_F^2 = sum of the d singular values. */
    pr_ppmi_options_init(&po);
    EXPECT(po.version == PR_PPMI_OPTIONS_VERSION && po.oversampling == 10 && po.power_iterations == 4);
    EXPECT(pr_embeddings_ppmi_svd_f32(corpus, &po, E, V, D, s) == PR_OK);
    for (j = 0; j < D; ++j) EXPECT(fabs(s[j] - log((double)V)) < 0.01);
    for (i = 0; i < V * D; ++i) frob += (double)E[i] * E[i];
    EXPECT(fabs(frob - (s[0] + s[1] + s[2] + s[3])) < 1e-4);
    for (j = 0; j < D; ++j) { /* each column's largest-|.| entry is positive */
        float best = 0.0f;
        for (i = 0; i < V; ++i)
            if (fabsf(E[i * D + j]) > fabsf(best)) best = E[i * D + j];
        EXPECT(best > 0.0f);
    }
    /* NULL options = defaults: the same E, bit for bit. */
    EXPECT(pr_embeddings_ppmi_svd_f32(corpus, NULL, E2, V, D, NULL) == PR_OK);
    EXPECT(memcmp(E, E2, sizeof E) == 0);

    /* Cancel: E untouched, CANCELLED, total = 2 * 4 + 2 products. */
    memcpy(untouched, E, sizeof E);
    po.progress = cancel_at_first;
    po.progress_user = &total;
    EXPECT(pr_embeddings_ppmi_svd_f32(corpus, &po, E, V, D, NULL) == PR_ERR_CANCELLED);
    EXPECT(total == 10);
    EXPECT(memcmp(E, untouched, sizeof E) == 0);
    po.progress = NULL;

    /* Errors name the argument and its value. */
    EXPECT(pr_embeddings_ppmi_svd_f32(corpus, &po, E, V, 0, NULL) == PR_ERR_INVALID_ARGUMENT);
    EXPECT(strstr(pr_last_error(), "'d' = 0") != NULL);
    EXPECT(pr_embeddings_ppmi_svd_f32(corpus, &po, E, V, V + 1, NULL) == PR_ERR_INVALID_ARGUMENT);
    EXPECT(strstr(pr_last_error(), "'d' = 13") != NULL);
    EXPECT(pr_embeddings_ppmi_svd_f32(corpus, &po, E, V - 1, D, NULL) == PR_ERR_MISMATCH);
    EXPECT(strstr(pr_last_error(), "'rows' = 11") != NULL);
    EXPECT(pr_embeddings_ppmi_svd_f32(NULL, &po, E, V, D, NULL) == PR_ERR_INVALID_ARGUMENT);
    EXPECT(strstr(pr_last_error(), "'corpus'") != NULL);
    EXPECT(pr_embeddings_ppmi_svd_f32(corpus, &po, NULL, V, D, NULL) == PR_ERR_INVALID_ARGUMENT);
    po.context_alpha = 1.5;
    EXPECT(pr_embeddings_ppmi_svd_f32(corpus, &po, E, V, D, NULL) == PR_ERR_INVALID_ARGUMENT);
    EXPECT(strstr(pr_last_error(), "'context_alpha' = 1.5") != NULL);
    po.context_alpha = 1.0;
    po.version = 999;
    EXPECT(pr_embeddings_ppmi_svd_f32(corpus, &po, E, V, D, NULL) == PR_ERR_VERSION);
    pr_corpus_free(corpus);

    /* An empty corpus. */
    EXPECT(pr_corpus_create(&corpus, &co) == PR_OK);
    EXPECT(pr_embeddings_ppmi_svd_f32(corpus, NULL, E, V, D, NULL) == PR_ERR_INVALID_ARGUMENT);
    EXPECT(strstr(pr_last_error(), "empty") != NULL);
    pr_corpus_free(corpus);
    printf("c ppmi-svd ok\n");
    return 0;
}

/* The README's C example: count a text file's bytes, build T, print PR(A_k). */
#include <prspread.h>
#include <stdio.h>
#include <stdlib.h>

#define CHECK(call) do { if ((call) != PR_OK) { fprintf(stderr, "%s\n", pr_last_error()); return 1; } } while (0)

int main(int argc, char **argv) {
    const char *path = argc > 1 ? argv[1] : "../shared/corpora/tinyshakespeare.txt";
    pr_corpus_options co; pr_corpus_options_init(&co); co.vocab_size = 256;
    pr_corpus *corpus; CHECK(pr_corpus_create(&corpus, &co));
    CHECK(pr_corpus_add_text_file_bytes(corpus, path, NULL, NULL));
    pr_transition *t; CHECK(pr_transition_create(&t, corpus, NULL));
    enum { V = 256, D = 32, K = 4 };
    float *E = malloc(sizeof(float) * V * D);  /* embeddings with a shared mean, as trained ones have */
    CHECK(pr_embeddings_gaussian_f32(E, V, D, 1, 1.0, 3.0));
    pr_pr_row rows[K * PR_MODE_COUNT]; size_t n;
    pr_projection_options po; pr_projection_options_init(&po); po.max_power = K;
    CHECK(pr_transition_pr_table_f32(t, E, V, D, &po, rows, K * PR_MODE_COUNT, &n));
    for (size_t i = 0; i < n; ++i) printf("k=%u %-20s PR=%6.2f planes=%5.2f\n", rows[i].power, rows[i].mode_name, rows[i].pr, rows[i].planes);
    free(E); pr_transition_free(t); pr_corpus_free(corpus);
    return 0;
}

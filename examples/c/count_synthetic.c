/* count_synthetic: the main-job demo.  Draws tokens from prspread's seeded
 * synthetic source (Zipf unigrams, directional Markov links, known truth),
 * counts their bigrams exactly with pr_corpus, and prints the statistics,
 * the most frequent bigrams with their true probabilities, and throughput.
 *
 *   example_count_synthetic [n_tokens=5000000] [vocab_size=50257] [seed=1]
 */
#define _POSIX_C_SOURCE 199309L /* clock_gettime */
#include "prspread.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define CHECK(call)                                                              \
    do {                                                                         \
        int rc_ = (call);                                                        \
        if (rc_ != PR_OK) {                                                      \
            fprintf(stderr, "%s failed: %s: %s\n", #call, pr_status_name(rc_),   \
                    pr_last_error());                                            \
            exit(1);                                                             \
        }                                                                        \
    } while (0)

#define TOP 10

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv) {
    const uint64_t n = argc > 1 ? (uint64_t)strtod(argv[1], NULL) : 5000000u;
    pr_synth_options so;
    pr_corpus_options co;
    pr_synth *synth = NULL;
    pr_corpus *corpus = NULL;
    uint64_t pairs = 0, nnz = 0, tokens = 0, i;
    uint64_t *row_ptr, *counts, *unigram;
    uint32_t *col, V, a;
    uint64_t best_count[TOP] = {0};
    uint32_t best_a[TOP] = {0}, best_b[TOP] = {0};
    double *row, t0, t1, t2;
    int k, seen_rows = 0;

    pr_synth_options_init(&so);
    if (argc > 2) so.vocab_size = (uint32_t)strtoul(argv[2], NULL, 10);
    if (argc > 3) so.seed = strtoull(argv[3], NULL, 10);
    V = so.vocab_size;
    CHECK(pr_synth_create(&synth, &so));
    pr_corpus_options_init(&co);
    co.vocab_size = V;
    CHECK(pr_corpus_create(&corpus, &co));

    printf("prspread %s (kernels: %s)\n", pr_version_string(), pr_build_isa());
    printf("synthetic source: V=%u, zipf s=%.2f, structure=%.2f, %u successors/row, seed=%llu\n", V,
           so.zipf_exponent, so.structure, so.successors, (unsigned long long)so.seed);

    /* Generate and count in one pass (pr_corpus_add_synth), then time the
     * counting alone on a stored copy of the same stream. */
    t0 = now();
    CHECK(pr_corpus_add_synth(corpus, synth, n, NULL, NULL));
    CHECK(pr_corpus_nnz(corpus, &nnz));
    t1 = now();
    {
        uint32_t *x = malloc(n * sizeof *x);
        pr_corpus *again = NULL;
        uint64_t nnz2 = 0;
        if (!x) { fprintf(stderr, "out of memory\n"); return 1; }
        CHECK(pr_synth_reset(synth));
        CHECK(pr_synth_generate_u32(synth, x, n));
        CHECK(pr_corpus_create(&again, &co));
        t2 = now();
        CHECK(pr_corpus_add_u32(again, x, n));
        CHECK(pr_corpus_nnz(again, &nnz2));
        t2 = now() - t2;
        if (nnz2 != nnz) { fprintf(stderr, "recount differs: %llu vs %llu\n", (unsigned long long)nnz2, (unsigned long long)nnz); return 1; }
        pr_corpus_free(again);
        free(x);
    }

    CHECK(pr_corpus_total_tokens(corpus, &tokens));
    CHECK(pr_corpus_total_pairs(corpus, &pairs));
    printf("tokens          %llu\n", (unsigned long long)tokens);
    printf("pairs           %llu\n", (unsigned long long)pairs);
    printf("distinct pairs  %llu (%.3f%% of V^2)\n", (unsigned long long)nnz, 100.0 * (double)nnz / ((double)V * V));
    printf("generate+count  %.3f s (%.1f M tokens/s)\n", t1 - t0, (double)n / (t1 - t0) / 1e6);
    printf("count only      %.3f s (%.1f M tokens/s)\n", t2, (double)n / t2 / 1e6);

    row_ptr = malloc(((size_t)V + 1) * sizeof *row_ptr);
    col = malloc((size_t)nnz * sizeof *col + 1);
    counts = malloc((size_t)nnz * sizeof *counts + 1);
    unigram = malloc((size_t)V * sizeof *unigram);
    row = malloc((size_t)V * sizeof *row);
    if (!row_ptr || !col || !counts || !unigram || !row) { fprintf(stderr, "out of memory\n"); return 1; }
    CHECK(pr_corpus_export_csr(corpus, row_ptr, col, counts, nnz, &nnz));
    CHECK(pr_corpus_unigram_u64(corpus, unigram, V));

    /* The TOP most frequent bigrams (insertion into a small sorted list). */
    for (a = 0; a < V; ++a)
        for (i = row_ptr[a]; i < row_ptr[a + 1]; ++i) {
            if (counts[i] <= best_count[TOP - 1]) continue;
            for (k = TOP - 1; k > 0 && best_count[k - 1] < counts[i]; --k) {
                best_count[k] = best_count[k - 1];
                best_a[k] = best_a[k - 1];
                best_b[k] = best_b[k - 1];
            }
            best_count[k] = counts[i];
            best_a[k] = a;
            best_b[k] = col[i];
        }
    printf("\ntop bigrams       count   C[a,b]/row   true T[a,b]\n");
    for (k = 0; k < TOP && best_count[k] > 0; ++k) {
        uint64_t row_total = 0;
        for (i = row_ptr[best_a[k]]; i < row_ptr[best_a[k] + 1]; ++i) row_total += counts[i];
        CHECK(pr_synth_transition_row_f64(synth, best_a[k], row, V));
        printf("  %6u -> %-6u %9llu   %10.4f   %11.4f\n", best_a[k], best_b[k], (unsigned long long)best_count[k],
               (double)best_count[k] / (double)row_total, row[best_b[k]]);
    }
    for (a = 0; a < V; ++a) seen_rows += unigram[a] > 0;
    printf("\nids seen: %d of %u; most frequent id 0 has frequency %.4f\n", seen_rows, V,
           (double)unigram[0] / (double)tokens);

    free(row_ptr);
    free(col);
    free(counts);
    free(unigram);
    free(row);
    pr_corpus_free(corpus);
    pr_synth_free(synth);
    return 0;
}

/* Matched-seed comparison of attention inits on a text file (bytes as tokens).
 *
 *   example_init_compare corpus.txt [steps=100] [seeds=5] [cache_dir=.]
 *
 * Prints the markdown table: final validation loss per strategy (mean, sd,
 * 95% t interval), the paired difference from random in percent with its
 * interval, and the steps needed to reach random's final loss.  */
#include "prspread.h"

#include <stdio.h>
#include <stdlib.h>

static int progress(void *user, uint64_t done, uint64_t total) {
    (void)user;
    if (done % 500 == 0 || done == total) fprintf(stderr, "\r%llu / %llu steps", (unsigned long long)done, (unsigned long long)total);
    return 0;
}

int main(int argc, char **argv) {
    FILE *f;
    long n;
    size_t i, len = 0, need = 0;
    unsigned char *bytes;
    uint32_t *tokens;
    uint64_t seeds[64];
    size_t n_seeds = argc > 3 ? (size_t)atoi(argv[3]) : 5;
    pr_sft_options model;
    pr_sft_train_options train;
    pr_init_compare_options opts;
    pr_init_arm arms[7];
    pr_init_compare *result = NULL;
    pr_sft *probe = NULL;
    char *report;
    int rc;

    if (argc < 2) {
        fprintf(stderr, "usage: %s corpus.txt [steps] [seeds] [cache_dir]\n", argv[0]);
        return 2;
    }
    f = fopen(argv[1], "rb");
    if (!f) return 1;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    bytes = malloc((size_t)n);
    tokens = malloc(sizeof *tokens * (size_t)n);
    len = fread(bytes, 1, (size_t)n, f);
    fclose(f);
    for (i = 0; i < len; ++i) tokens[i] = bytes[i];
    if (n_seeds < 1 || n_seeds > 64) n_seeds = 5;
    for (i = 0; i < n_seeds; ++i) seeds[i] = 1000 + i;

    pr_sft_options_init(&model);
    model.vocab_size = 256, model.context_length = 64, model.n_layer = 2, model.n_head = 4, model.d_model = 64;
    pr_sft_train_options_init(&train);
    train.batch_size = 16, train.warmup_steps = 10;
    pr_init_compare_options_init(&opts);
    opts.model = &model, opts.train = &train;
    opts.steps = argc > 2 ? (uint64_t)atoi(argv[2]) : 100;
    opts.eval_interval = 10;
    opts.reference_steps = 1000;
    opts.cache_dir = argc > 4 ? argv[4] : ".";

    for (i = 0; i < 7; ++i) pr_init_options_init(&arms[i].init);
    arms[0].label = "random";
    arms[1].label = "direct_T1", arms[1].init.strategy = PR_INIT_DIRECT;
    arms[2].label = "pr_blend", arms[2].init.strategy = PR_INIT_PR_BLEND;
    arms[3].label = "mimetic", arms[3].init.strategy = PR_INIT_MIMETIC;
    arms[4].label = "symmetric", arms[4].init.strategy = PR_INIT_SYMMETRIC;
    arms[5].label = "oracle_qk", arms[5].init.strategy = PR_INIT_ORACLE;
    arms[6].label = "direct_T1_raw", arms[6].init.strategy = PR_INIT_DIRECT, arms[6].init.mode = PR_MODE_RAW;

    /* The blend's target must lie between the corpus PR and the complement's:
     * if a full-rank complement cannot reach it, use a one-plane complement. */
    if (pr_sft_create(&probe, &model) != PR_OK) return 1;
    if (pr_init_apply(probe, &arms[2].init, tokens, len, NULL, 0) == PR_ERR_OUT_OF_RANGE) {
        fprintf(stderr, "pr_blend: %s\n -> using complement_planes = 1\n", pr_last_error());
        arms[2].init.blend_complement_planes = 1;
    }
    pr_sft_free(probe);

    rc = pr_init_compare_run(&result, &opts, tokens, len, arms, 7, seeds, n_seeds, progress, NULL);
    fprintf(stderr, "\n");
    if (rc != PR_OK) {
        fprintf(stderr, "error %s: %s\n", pr_status_name(rc), pr_last_error());
        return 1;
    }
    pr_init_compare_report(result, PR_REPORT_MARKDOWN, NULL, 0, &need);
    report = malloc(need);
    pr_init_compare_report(result, PR_REPORT_MARKDOWN, report, need, &need);
    printf("%s", report);
    free(report);
    pr_init_compare_free(result);
    free(tokens);
    free(bytes);
    return 0;
}

/* Trains the pr_sft model on a byte corpus through the public C API and
 * prints one CSV line per step: step,loss,lr,grad_norm,tokens_per_s,val_loss.
 *
 *   bench_sft_train CORPUS [key=value ...]
 *   keys: layers heads d ctx batch steps warmup lr eval_interval eval_batches
 *         threads seed data_seed bf16 (1: precision bf16)
 * Defaults are the recipe (4x4x128, T=128, B=16, 600 steps). */
#include "prspread.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int on_step(void *user, const pr_sft_step_info *s) {
    (void)user;
    printf("%llu,%.5f,%.6g,%.4f,%.1f,", (unsigned long long)s->step, s->loss, s->lr, s->grad_norm,
           s->tokens_per_s);
    if (isnan(s->val_loss)) printf("\n"); else printf("%.5f\n", s->val_loss);
    fflush(stdout);
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s CORPUS [key=value ...]\n", argv[0]);
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 1; }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *bytes = malloc((size_t)n);
    uint16_t *tokens = malloc((size_t)n * sizeof(uint16_t));
    if (!bytes || !tokens || fread(bytes, 1, (size_t)n, f) != (size_t)n) { fprintf(stderr, "read failed\n"); return 1; }
    fclose(f);
    for (long i = 0; i < n; ++i) tokens[i] = bytes[i];

    pr_sft_options o;
    pr_sft_options_init(&o);
    pr_sft_train_options t;
    pr_sft_train_options_init(&t);
    t.eval_interval = 100;
    t.eval_batches = 20;
    unsigned long long steps = 600;
    for (int i = 2; i < argc; ++i) {
        char key[64];
        double v;
        if (sscanf(argv[i], "%63[^=]=%lf", key, &v) != 2) { fprintf(stderr, "bad arg %s\n", argv[i]); return 2; }
        if (!strcmp(key, "layers")) o.n_layer = (uint32_t)v;
        else if (!strcmp(key, "heads")) o.n_head = (uint32_t)v;
        else if (!strcmp(key, "d")) o.d_model = (uint32_t)v;
        else if (!strcmp(key, "ctx")) o.context_length = (uint32_t)v;
        else if (!strcmp(key, "threads")) o.num_threads = (int32_t)v;
        else if (!strcmp(key, "seed")) o.seed = (uint64_t)v;
        else if (!strcmp(key, "batch")) t.batch_size = (uint32_t)v;
        else if (!strcmp(key, "steps")) steps = (unsigned long long)v;
        else if (!strcmp(key, "horizon")) t.max_steps = (uint64_t)v;
        else if (!strcmp(key, "warmup")) t.warmup_steps = (uint32_t)v;
        else if (!strcmp(key, "lr")) t.lr = (float)v;
        else if (!strcmp(key, "eval_interval")) t.eval_interval = (uint32_t)v;
        else if (!strcmp(key, "eval_batches")) t.eval_batches = (uint32_t)v;
        else if (!strcmp(key, "data_seed")) t.data_seed = (uint64_t)v;
        else if (!strcmp(key, "bf16")) o.precision = v != 0 ? PR_SFT_PRECISION_BF16 : PR_SFT_PRECISION_FP32;
        else { fprintf(stderr, "unknown key %s\n", key); return 2; }
    }
    pr_sft *m = NULL;
    if (pr_sft_create(&m, &o) || pr_sft_set_train_options(m, &t) ||
        pr_sft_set_data_u16(m, tokens, (size_t)n)) {
        fprintf(stderr, "error: %s\n", pr_last_error());
        return 1;
    }
    printf("step,loss,lr,grad_norm,tokens_per_s,val_loss\n");
    int rc = pr_sft_train(m, steps, on_step, NULL);
    if (rc) { fprintf(stderr, "error: %s\n", pr_last_error()); return 1; }
    pr_sft_free(m);
    free(bytes);
    free(tokens);
    return 0;
}

/* pr_sft from C99: create, train with a callback, eval, parameter access,
 * checkpoint round trip, and error reporting. */
#include "prspread.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "expect.h"

static int count_steps(void *user, const pr_sft_step_info *info) {
    int *n = (int *)user;
    ++*n;
    return !(info->loss > 0 && info->lr > 0 && info->grad_norm > 0 && info->tokens_per_s > 0);
}

int main(int argc, char **argv) {
    static uint16_t tokens[4000];
    static float wq[16 * 16];
    pr_sft_options o;
    pr_sft_train_options t;
    pr_sft *m = NULL, *m2 = NULL;
    const uint64_t shape[2] = {16, 16};
    int steps = 0;
    double val = 0;
    size_t i, n = 0;
    const char *name = NULL;
    char path[512];

    for (i = 0; i < 4000; ++i) tokens[i] = (uint16_t)((i * 5 + i / 7) % 30);
    pr_sft_options_init(&o);
    o.vocab_size = 30;
    o.context_length = 16;
    o.n_layer = 1;
    o.n_head = 3; /* does not divide 16 */
    o.d_model = 16;
    EXPECT(pr_sft_create(&m, &o) == PR_ERR_INVALID_ARGUMENT && m == NULL);
    EXPECT(strstr(pr_last_error(), "n_head") != NULL);
    o.n_head = 2;
    EXPECT(pr_sft_create(&m, &o) == PR_OK);
    pr_sft_train_options_init(&t);
    t.batch_size = 4;
    t.warmup_steps = 2;
    EXPECT(pr_sft_set_train_options(m, &t) == PR_OK);
    EXPECT(pr_sft_set_data_u16(m, tokens, 4000) == PR_OK);
    EXPECT(pr_sft_train(m, 3, count_steps, &steps) == PR_OK && steps == 3);
    EXPECT(pr_sft_eval(m, &val) == PR_OK && val > 0 && isfinite(val));
    EXPECT(pr_sft_param_count(m, &n) == PR_OK && n == 20);
    EXPECT(pr_sft_param_info(m, 4, &name, NULL, NULL) == PR_OK && strcmp(name, "h.0.attn.w_q") == 0);
    EXPECT(pr_sft_get_param_f32(m, "h.0.attn.w_q", 2, shape, wq) == PR_OK);
    wq[0] += 1.0f;
    EXPECT(pr_sft_set_param_f32(m, "h.0.attn.w_q", 2, shape, wq) == PR_OK);
    EXPECT(pr_sft_get_param_f32(m, "h.0.attn.w_k", 1, shape, wq) == PR_ERR_MISMATCH);

    snprintf(path, sizeof path, "%s/c_sft.safetensors", argc > 1 ? argv[1] : ".");
    EXPECT(pr_sft_save(m, path, 1) == PR_OK);
    EXPECT(pr_sft_create_from_file(&m2, path, 0) == PR_OK);
    {
        float a[256], b[256];
        uint64_t s1 = 0, s2 = 0;
        EXPECT(pr_sft_get_param_f32(m, "h.0.attn.w_q", 2, shape, a) == PR_OK);
        EXPECT(pr_sft_get_param_f32(m2, "h.0.attn.w_q", 2, shape, b) == PR_OK);
        EXPECT(memcmp(a, b, sizeof a) == 0);
        EXPECT(pr_sft_step_count(m, &s1) == PR_OK && pr_sft_step_count(m2, &s2) == PR_OK && s1 == s2);
    }
    remove(path);
    pr_sft_free(m);
    pr_sft_free(m2);
    pr_sft_free(NULL);
    printf("ok\n");
    return 0;
}

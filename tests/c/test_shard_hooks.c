/* The core hooks libprspread_mpi is built on, without MPI: a stream counted
 * as two shards (the second with the first's last `lag` tokens as context,
 * the two summed through pr_corpus_add_counts_csr) equals one pass; and a
 * training step split into pr_sft_sample_batch_i32 + pr_sft_loss_grad_i32 +
 * pr_sft_apply_grad equals pr_sft_step bit for bit.
 *   test_shard_hooks <scratch dir> */
#include "expect.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define N 5000
#define V 97
#define LAG 3

static int same_counts(const pr_corpus *a, const pr_corpus *b) {
    static uint64_t ra[V + 1], rb[V + 1], ca[N], cb[N], ua[V], ub[V];
    static uint32_t ka[N], kb[N];
    uint64_t na = 0, nb = 0, ta = 0, tb = 0;
    if (pr_corpus_export_csr(a, ra, ka, ca, N, &na) || pr_corpus_export_csr(b, rb, kb, cb, N, &nb)) return 0;
    if (pr_corpus_unigram_u64(a, ua, V) || pr_corpus_unigram_u64(b, ub, V)) return 0;
    pr_corpus_total_tokens(a, &ta);
    pr_corpus_total_tokens(b, &tb);
    return na == nb && ta == tb && !memcmp(ra, rb, sizeof ra) && !memcmp(ka, kb, na * 4) &&
           !memcmp(ca, cb, na * 8) && !memcmp(ua, ub, sizeof ua);
}

static int corpus_shards(const char *dir) {
    static uint16_t ids[N];
    static uint32_t back[N];
    static uint64_t rp[V + 1], cnt[N], uni[V];
    static uint32_t col[N];
    char path[4096];
    uint64_t nnz = 0, s = 1;
    size_t i, cut;
    FILE *f;
    pr_corpus_options o;
    pr_corpus *whole = NULL, *a = NULL, *b = NULL;
    for (i = 0; i < N; ++i) {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        ids[i] = (uint16_t)((s >> 33) % 10 == 0 ? 0 : (s >> 40) % V); /* 0 is the separator */
    }
    snprintf(path, sizeof path, "%s/shard_hooks.u16", dir);
    f = fopen(path, "wb");
    EXPECT(f && fwrite(ids, 2, N, f) == N);
    fclose(f);
    EXPECT(pr_token_file_read_range_u32(path, PR_TOKENS_U16, 100, 50, back) == PR_OK);
    for (i = 0; i < 50; ++i) EXPECT(back[i] == ids[100 + i]);
    EXPECT(pr_token_file_read_range_u32(path, PR_TOKENS_U16, N - 1, 2, back) == PR_ERR_OUT_OF_RANGE);

    pr_corpus_options_init(&o);
    o.vocab_size = V, o.lag = LAG, o.separator = 0;
    EXPECT(pr_corpus_create(&whole, &o) == PR_OK);
    EXPECT(pr_corpus_add_token_file(whole, path, PR_TOKENS_U16, NULL, NULL) == PR_OK);
    for (cut = 1; cut < N; cut += 997) {
        EXPECT(pr_corpus_create(&a, &o) == PR_OK && pr_corpus_create(&b, &o) == PR_OK);
        EXPECT(pr_corpus_add_token_file_range(a, path, PR_TOKENS_U16, 0, cut, NULL, NULL) == PR_OK);
        EXPECT(pr_token_file_read_range_u32(path, PR_TOKENS_U16, cut >= LAG ? cut - LAG : 0,
                                            cut >= LAG ? LAG : cut, back) == PR_OK);
        EXPECT(pr_corpus_set_context_u32(b, back, cut >= LAG ? LAG : cut) == PR_OK);
        EXPECT(pr_corpus_add_token_file_range(b, path, PR_TOKENS_U16, cut, N - cut, NULL, NULL) == PR_OK);
        EXPECT(pr_corpus_export_csr(b, rp, col, cnt, N, &nnz) == PR_OK);
        EXPECT(pr_corpus_unigram_u64(b, uni, V) == PR_OK);
        EXPECT(pr_corpus_add_counts_csr(a, rp, col, cnt, uni) == PR_OK);
        EXPECT(same_counts(a, whole));
        pr_corpus_free(a), pr_corpus_free(b);
        a = b = NULL;
    }
    /* Bad input: a range past the end, a CSR whose columns are not sorted, a
     * context id out of range; each leaves the corpus unchanged. */
    EXPECT(pr_corpus_create(&a, &o) == PR_OK);
    EXPECT(pr_corpus_add_token_file_range(a, path, PR_TOKENS_U16, N - 10, 11, NULL, NULL) == PR_ERR_OUT_OF_RANGE);
    EXPECT(pr_corpus_export_csr(whole, rp, col, cnt, N, &nnz) == PR_OK);
    for (i = 0; i < V && rp[i + 1] - rp[i] < 2; ++i) {
    }
    EXPECT(i < V);
    {
        uint32_t t = col[rp[i]];
        col[rp[i]] = col[rp[i] + 1], col[rp[i] + 1] = t;
    }
    EXPECT(pr_corpus_unigram_u64(whole, uni, V) == PR_OK);
    EXPECT(pr_corpus_add_counts_csr(a, rp, col, cnt, uni) == PR_ERR_FORMAT);
    back[0] = V;
    EXPECT(pr_corpus_set_context_u32(a, back, 1) == PR_ERR_OUT_OF_RANGE);
    EXPECT(pr_corpus_nnz(a, &nnz) == PR_OK && nnz == 0);
    pr_corpus_free(a), pr_corpus_free(whole);
    return 0;
}

static int sft_split_step(void) {
    static uint32_t data[4000];
    static int32_t x[4 * 16], y[4 * 16];
    pr_sft_options mo;
    pr_sft_train_options to;
    pr_sft *one = NULL, *two = NULL;
    pr_sft_step_info a, b;
    float *g = NULL;
    size_t n = 0, i;
    uint64_t scalars = 0, step;
    double loss;
    for (i = 0; i < 4000; ++i) data[i] = (uint32_t)((i * 7 + i / 13) % 32);
    pr_sft_options_init(&mo);
    mo.vocab_size = 32, mo.context_length = 16, mo.n_layer = 1, mo.n_head = 2, mo.d_model = 16, mo.num_threads = 1;
    pr_sft_train_options_init(&to);
    to.batch_size = 4, to.max_steps = 5;
    EXPECT(pr_sft_create(&one, &mo) == PR_OK && pr_sft_create(&two, &mo) == PR_OK);
    EXPECT(pr_sft_set_train_options(one, &to) == PR_OK && pr_sft_set_train_options(two, &to) == PR_OK);
    EXPECT(pr_sft_set_data_u32(one, data, 4000) == PR_OK && pr_sft_set_data_u32(two, data, 4000) == PR_OK);
    EXPECT(pr_sft_grad_buffer_f32(two, &g, &n) == PR_OK && g != NULL);
    EXPECT(pr_sft_num_scalars(two, &scalars) == PR_OK && scalars == n);
    EXPECT(pr_sft_sample_batch_i32(two, 0, x, y, 4 * 16 - 1) == PR_ERR_BUFFER_TOO_SMALL);
    for (step = 0; step < 5; ++step) {
        EXPECT(pr_sft_step(one, &a) == PR_OK);
        EXPECT(pr_sft_sample_batch_i32(two, step, x, y, 4 * 16) == PR_OK);
        EXPECT(pr_sft_loss_grad_i32(two, x, y, 4, 16, &loss) == PR_OK);
        EXPECT(pr_sft_apply_grad(two, loss, &b) == PR_OK);
        EXPECT(a.loss == b.loss && a.grad_norm == b.grad_norm && a.lr == b.lr && a.step == b.step);
    }
    EXPECT(pr_sft_apply_grad(two, NAN, &b) == PR_ERR_NUMERIC);
    pr_sft_free(one), pr_sft_free(two);
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    if (corpus_shards(argv[1])) return 1;
    if (sft_split_step()) return 1;
    printf("shard and split-step hooks: ok\n");
    return 0;
}

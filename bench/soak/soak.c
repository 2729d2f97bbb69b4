/* Soak runs of issue 18 §6 through the public C API, one measurement per
 * process (peak RSS is a per-process number).  bench/README.md ("Soak") has
 * the full-size figures; tests/soak/run_soak.sh runs the same commands at a
 * reduced size and checks the same properties.
 *
 *   prspread_soak gen PATH N_TOKENS V SEED
 *       writes N_TOKENS i.i.d. uniform ids in [0, V) as raw u16 (seeded
 *       xorshift64*; the same arguments give the same file on every host).
 *       Uniform ids make nnz saturate at V * V, so a longer file of the same
 *       source has (almost) the same nnz.
 *   prspread_soak count PATH V [THREADS]
 *       pr_corpus_add_token_file, then nnz.  Prints one line of key=value:
 *       tokens, nnz, seconds, peak_rss_kib (VmHWM), file_bytes.
 *   prspread_soak cancel PATH V
 *       cancels the count at the first progress report at or past 50%,
 *       checks PR_ERR_CANCELLED, that the handle holds exactly the counts of
 *       the tokens reported done (a fresh count of that prefix), then
 *       finishes the stream on the same handle with
 *       pr_corpus_add_token_file_range and checks every count against a
 *       fresh handle's full count.  Exit status 0 only if all of that holds.
 *   prspread_soak train STEPS EVERY [N_LAYER D_MODEL CTX BATCH [THREADS]]
 *       trains a small byte-level model on seeded synthetic text for STEPS
 *       steps (pr_sft_train), sampling VmRSS after step 1 and every EVERY
 *       steps.  Prints rss_step1_kib, rss_min_kib/rss_max_kib after step 1,
 *       rss_growth_kib (max - min of the samples after step 1), seconds.
 */
#include "prspread.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static double now_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* A field of /proc/self/status in KiB ("VmHWM", "VmRSS"); -1 if absent. */
static long status_kib(const char *field) {
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return -1;
    char line[256];
    long v = -1;
    size_t n = strlen(field);
    while (fgets(line, sizeof line, f))
        if (strncmp(line, field, n) == 0 && line[n] == ':') {
            v = strtol(line + n + 1, NULL, 10);
            break;
        }
    fclose(f);
    return v;
}

static int fail_api(const char *what) {
    fprintf(stderr, "soak: %s failed: %s\n", what, pr_last_error());
    return 1;
}

static uint64_t xorshift64s(uint64_t *s) {
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 0x2545F4914F6CDD1DULL;
}

static int cmd_gen(const char *path, uint64_t n, uint32_t V, uint64_t seed) {
    if (V == 0 || V > 65536) { fprintf(stderr, "soak gen: V %u must be in [1, 65536]\n", V); return 2; }
    FILE *f = fopen(path, "wb");
    if (!f) { perror(path); return 1; }
    enum { kBuf = 1 << 16 };
    static uint16_t buf[kBuf];
    uint64_t s = seed * 0x9E3779B97F4A7C15ULL + 1;
    for (uint64_t done = 0; done < n;) {
        size_t len = n - done < kBuf ? (size_t)(n - done) : kBuf;
        for (size_t i = 0; i < len; ++i) buf[i] = (uint16_t)((xorshift64s(&s) >> 32) % V);
        if (fwrite(buf, sizeof buf[0], len, f) != len) { perror(path); fclose(f); return 1; }
        done += len;
    }
    if (fclose(f) != 0) { perror(path); return 1; }
    return 0;
}

static int new_corpus(pr_corpus **c, uint32_t V, int threads) {
    pr_corpus_options o;
    pr_corpus_options_init(&o);
    o.vocab_size = V;
    if (pr_corpus_create(c, &o)) return fail_api("pr_corpus_create");
    if (threads > 0 && pr_corpus_set_num_threads(*c, threads)) return fail_api("pr_corpus_set_num_threads");
    return 0;
}

static int cmd_count(const char *path, uint32_t V, int threads) {
    struct stat st;
    if (stat(path, &st) != 0) { perror(path); return 1; }
    pr_corpus *c = NULL;
    if (new_corpus(&c, V, threads)) return 1;
    double t0 = now_s();
    uint64_t tokens = 0, nnz = 0;
    if (pr_corpus_add_token_file(c, path, PR_TOKENS_U16, NULL, NULL)) return fail_api("pr_corpus_add_token_file");
    if (pr_corpus_nnz(c, &nnz) || pr_corpus_total_tokens(c, &tokens)) return fail_api("pr_corpus_nnz");
    double secs = now_s() - t0;
    printf("tokens=%llu nnz=%llu seconds=%.2f peak_rss_kib=%ld file_bytes=%lld\n", (unsigned long long)tokens,
           (unsigned long long)nnz, secs, status_kib("VmHWM"), (long long)st.st_size);
    pr_corpus_free(c);
    return 0;
}

/* Exact equality of two corpora: totals, unigrams and the whole CSR. */
static int same_counts(const pr_corpus *a, const pr_corpus *b, uint32_t V, const char *what) {
    uint64_t ta, tb, pa, pb, na, nb;
    if (pr_corpus_total_tokens(a, &ta) || pr_corpus_total_tokens(b, &tb) || pr_corpus_total_pairs(a, &pa) ||
        pr_corpus_total_pairs(b, &pb) || pr_corpus_nnz(a, &na) || pr_corpus_nnz(b, &nb))
        return fail_api("totals");
    if (ta != tb || pa != pb || na != nb) {
        fprintf(stderr, "soak cancel: %s: tokens %llu/%llu pairs %llu/%llu nnz %llu/%llu differ\n", what,
                (unsigned long long)ta, (unsigned long long)tb, (unsigned long long)pa, (unsigned long long)pb,
                (unsigned long long)na, (unsigned long long)nb);
        return 1;
    }
    int bad = 0;
    uint64_t *rp[2], *cnt[2], *uni[2];
    uint32_t *col[2];
    const pr_corpus *cs[2] = {a, b};
    for (int k = 0; k < 2; ++k) {
        rp[k] = malloc((V + 1) * sizeof(uint64_t));
        cnt[k] = malloc((na ? na : 1) * sizeof(uint64_t));
        col[k] = malloc((na ? na : 1) * sizeof(uint32_t));
        uni[k] = malloc(V * sizeof(uint64_t));
        if (!rp[k] || !cnt[k] || !col[k] || !uni[k]) { fprintf(stderr, "soak cancel: out of memory\n"); return 1; }
        uint64_t got = 0;
        if (pr_corpus_export_csr(cs[k], rp[k], col[k], cnt[k], na, &got) || pr_corpus_unigram_u64(cs[k], uni[k], V))
            bad = fail_api("pr_corpus_export_csr");
    }
    if (!bad && (memcmp(rp[0], rp[1], (V + 1) * sizeof(uint64_t)) || memcmp(col[0], col[1], na * sizeof(uint32_t)) ||
                 memcmp(cnt[0], cnt[1], na * sizeof(uint64_t)) || memcmp(uni[0], uni[1], V * sizeof(uint64_t)))) {
        fprintf(stderr, "soak cancel: %s: the counts differ\n", what);
        bad = 1;
    }
    for (int k = 0; k < 2; ++k) {
        free(rp[k]);
        free(cnt[k]);
        free(col[k]);
        free(uni[k]);
    }
    return bad;
}

struct cancel_state {
    uint64_t done_at_cancel, total, reports;
};

static int cancel_at_half(void *user, uint64_t done, uint64_t total) {
    struct cancel_state *s = user;
    s->reports++;
    s->total = total;
    if (total > 0 && done >= total / 2) {
        s->done_at_cancel = done;
        return 1;
    }
    return 0;
}

static int cmd_cancel(const char *path, uint32_t V) {
    pr_corpus *c = NULL, *prefix = NULL, *fresh = NULL;
    if (new_corpus(&c, V, 0) || new_corpus(&prefix, V, 0) || new_corpus(&fresh, V, 0)) return 1;
    struct cancel_state s = {0, 0, 0};
    int rc = pr_corpus_add_token_file(c, path, PR_TOKENS_U16, cancel_at_half, &s);
    if (rc != PR_ERR_CANCELLED) {
        fprintf(stderr, "soak cancel: status %d, expected PR_ERR_CANCELLED (%d): %s\n", rc, PR_ERR_CANCELLED,
                pr_last_error());
        return 1;
    }
    if (s.done_at_cancel == 0 || s.done_at_cancel >= s.total) {
        fprintf(stderr, "soak cancel: cancelled at %llu of %llu: the file needs more than one chunk\n",
                (unsigned long long)s.done_at_cancel, (unsigned long long)s.total);
        return 1;
    }
    /* The header's promise: a cancel keeps the chunks counted before it. */
    if (pr_corpus_add_token_file_range(prefix, path, PR_TOKENS_U16, 0, s.done_at_cancel, NULL, NULL))
        return fail_api("pr_corpus_add_token_file_range (prefix)");
    if (same_counts(c, prefix, V, "cancelled handle vs fresh count of the prefix")) return 1;
    /* The handle is still valid: finishing the stream on it gives exactly a
     * fresh handle's full count. */
    if (pr_corpus_add_token_file_range(c, path, PR_TOKENS_U16, s.done_at_cancel, s.total - s.done_at_cancel, NULL,
                                       NULL))
        return fail_api("pr_corpus_add_token_file_range (rest)");
    if (pr_corpus_add_token_file(fresh, path, PR_TOKENS_U16, NULL, NULL)) return fail_api("pr_corpus_add_token_file");
    if (same_counts(c, fresh, V, "cancelled-then-finished handle vs fresh full count")) return 1;
    printf("cancelled_at=%llu total=%llu reports=%llu status=PR_ERR_CANCELLED prefix_exact=1 finish_exact=1\n",
           (unsigned long long)s.done_at_cancel, (unsigned long long)s.total, (unsigned long long)s.reports);
    pr_corpus_free(c);
    pr_corpus_free(prefix);
    pr_corpus_free(fresh);
    return 0;
}

struct rss_samples {
    uint64_t every;
    long step1, min, max;
    uint64_t samples;
};

static int sample_rss(void *user, const pr_sft_step_info *info) {
    struct rss_samples *r = user;
    if (info->step != 1 && info->step % r->every != 0) return 0;
    long rss = status_kib("VmRSS");
    if (info->step == 1) r->step1 = r->min = r->max = rss;
    if (rss < r->min) r->min = rss;
    if (rss > r->max) r->max = rss;
    r->samples++;
    return 0;
}

static int cmd_train(uint64_t steps, uint64_t every, uint32_t layers, uint32_t d, uint32_t ctx, uint32_t batch,
                     int threads) {
    /* Seeded synthetic text: words of 2-7 lowercase letters and spaces. */
    enum { kData = 1 << 20 };
    uint16_t *data = malloc(kData * sizeof(uint16_t));
    if (!data) return 1;
    uint64_t s = 20261202;
    for (size_t i = 0; i < kData;) {
        size_t len = 2 + (size_t)(xorshift64s(&s) % 6);
        for (size_t k = 0; k < len && i < kData; ++k) data[i++] = (uint16_t)('a' + xorshift64s(&s) % 26);
        if (i < kData) data[i++] = ' ';
    }
    pr_sft_options o;
    pr_sft_options_init(&o);
    o.n_layer = layers;
    o.n_head = 2;
    o.d_model = d;
    o.context_length = ctx;
    o.num_threads = threads;
    pr_sft_train_options t;
    pr_sft_train_options_init(&t);
    t.batch_size = batch;
    t.max_steps = steps;
    t.warmup_steps = 100;
    t.eval_interval = 1000; /* evaluation is part of a real run: include it */
    t.eval_batches = 4;
    pr_sft *m = NULL;
    if (pr_sft_create(&m, &o) || pr_sft_set_train_options(m, &t) || pr_sft_set_data_u16(m, data, kData))
        return fail_api("pr_sft_create / set_data");
    free(data);
    struct rss_samples r = {every, -1, -1, -1, 0};
    double t0 = now_s();
    if (pr_sft_train(m, steps, sample_rss, &r)) return fail_api("pr_sft_train");
    double secs = now_s() - t0;
    uint64_t done = 0;
    pr_sft_step_count(m, &done);
    printf("steps=%llu samples=%llu rss_step1_kib=%ld rss_min_kib=%ld rss_max_kib=%ld rss_growth_kib=%ld "
           "peak_rss_kib=%ld seconds=%.2f\n",
           (unsigned long long)done, (unsigned long long)r.samples, r.step1, r.min, r.max, r.max - r.min,
           status_kib("VmHWM"), secs);
    pr_sft_free(m);
    return 0;
}

static int usage(void) {
    fprintf(stderr,
            "usage: prspread_soak gen PATH N_TOKENS V SEED\n"
            "       prspread_soak count PATH V [THREADS]\n"
            "       prspread_soak cancel PATH V\n"
            "       prspread_soak train STEPS EVERY [N_LAYER D_MODEL CTX BATCH [THREADS]]\n");
    return 2;
}

static uint64_t num(const char *s) { return (uint64_t)strtod(s, NULL); }

int main(int argc, char **argv) {
    if (argc < 2) return usage();
    const char *cmd = argv[1];
    if (!strcmp(cmd, "gen") && argc == 6) return cmd_gen(argv[2], num(argv[3]), (uint32_t)num(argv[4]), num(argv[5]));
    if (!strcmp(cmd, "count") && (argc == 4 || argc == 5))
        return cmd_count(argv[2], (uint32_t)num(argv[3]), argc == 5 ? (int)num(argv[4]) : 0);
    if (!strcmp(cmd, "cancel") && argc == 4) return cmd_cancel(argv[2], (uint32_t)num(argv[3]));
    if (!strcmp(cmd, "train") && (argc == 4 || argc == 8 || argc == 9)) {
        uint64_t every = num(argv[3]);
        if (every == 0) return usage();
        if (argc >= 8)
            return cmd_train(num(argv[2]), every, (uint32_t)num(argv[4]), (uint32_t)num(argv[5]),
                             (uint32_t)num(argv[6]), (uint32_t)num(argv[7]), argc == 9 ? (int)num(argv[8]) : 0);
        return cmd_train(num(argv[2]), every, 2, 64, 64, 8, 0);
    }
    return usage();
}

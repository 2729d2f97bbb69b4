/* pr_corpus from C99: count a tiny stream, export CSR, save, load, errors. */
#include "prspread.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expect.h"

int main(int argc, char **argv) {
    const char *dir = argc > 1 ? argv[1] : ".";
    char path[4096];
    pr_corpus_options opts;
    pr_corpus *c = NULL, *loaded = NULL;
    /* "the cat sat . the cat ran" with '.' (id 9) as separator. */
    const uint16_t first[] = {1, 2, 3, 9, 1};
    const int64_t second[] = {2, 4};
    uint64_t row_ptr[11], counts[8], nnz = 0, n = 0, uni[10];
    uint32_t col[8];
    const uint32_t bad[] = {3, 10};

    pr_corpus_options_init(&opts);
    opts.vocab_size = 10;
    opts.separator = 9;
    EXPECT(pr_corpus_create(&c, &opts) == PR_OK);
    EXPECT(pr_corpus_add_u16(c, first, 5) == PR_OK);
    EXPECT(pr_corpus_add_i64(c, second, 2) == PR_OK); /* (1,2) spans the chunks */
    EXPECT(pr_corpus_total_pairs(c, &n) == PR_OK && n == 4); /* 12 23 12 24 */
    EXPECT(pr_corpus_export_csr(c, NULL, NULL, NULL, 0, &nnz) == PR_OK && nnz == 3);
    EXPECT(pr_corpus_export_csr(c, row_ptr, col, counts, 8, &nnz) == PR_OK);
    EXPECT(row_ptr[1] == 0 && row_ptr[2] == 1 && row_ptr[3] == 3 && row_ptr[10] == 3);
    EXPECT(col[0] == 2 && counts[0] == 2 && col[1] == 3 && col[2] == 4);
    EXPECT(pr_corpus_unigram_u64(c, uni, 10) == PR_OK && uni[1] == 2 && uni[9] == 0);

    EXPECT(pr_corpus_add_u32(c, bad, 2) == PR_ERR_OUT_OF_RANGE);
    EXPECT(strstr(pr_last_error(), "token id 10 >= vocab_size 10 at offset 1") != NULL);

    snprintf(path, sizeof path, "%s/c_corpus.prcorpus", dir);
    EXPECT(pr_corpus_save(c, path) == PR_OK);
    EXPECT(pr_corpus_load(&loaded, path) == PR_OK);
    EXPECT(pr_corpus_count(loaded, 1, 2, &n) == PR_OK && n == 2);
    EXPECT(pr_corpus_merge(loaded, c) == PR_OK);
    EXPECT(pr_corpus_count(loaded, 1, 2, &n) == PR_OK && n == 4);
    pr_corpus_free(loaded);
    pr_corpus_free(c);
    pr_corpus_free(NULL);
    printf("ok\n");
    return 0;
}

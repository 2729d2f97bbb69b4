/* pr_synth, pr_vocab and token files from C99. */
#include "prspread.h"

#include <stdio.h>
#include <string.h>

#include "expect.h"

int main(int argc, char **argv) {
    const char *dir = argc > 1 ? argv[1] : ".";
    char path[4096], word[32];
    pr_synth_options so;
    pr_synth *s = NULL;
    pr_vocab *v = NULL, *v2 = NULL;
    pr_corpus_options co;
    pr_corpus *c = NULL;
    uint32_t ids[16], n32 = 0, back[100];
    double row[100], sum = 0;
    size_t n = 0, i, len = 0;
    uint64_t pairs = 0, count = 0;
    FILE *f;
    const char *text = "to be or not to be";

    pr_synth_options_init(&so);
    so.vocab_size = 100;
    so.seed = 3;
    EXPECT(pr_synth_create(&s, &so) == PR_OK);
    EXPECT(pr_synth_generate_u32(s, ids, 16) == PR_OK);
    for (i = 0; i < 16; ++i) EXPECT(ids[i] < 100);
    EXPECT(pr_synth_transition_row_f64(s, 5, row, 100) == PR_OK);
    for (i = 0; i < 100; ++i) sum += row[i];
    EXPECT(sum > 1.0 - 1e-12 && sum < 1.0 + 1e-12);

    pr_corpus_options_init(&co);
    co.vocab_size = 100;
    EXPECT(pr_corpus_create(&c, &co) == PR_OK);
    EXPECT(pr_corpus_add_synth(c, s, 1000, NULL, NULL) == PR_OK);
    EXPECT(pr_corpus_total_pairs(c, &pairs) == PR_OK && pairs == 999);

    /* A raw u16 token file, read back. */
    snprintf(path, sizeof path, "%s/c_tokens.u16", dir);
    f = fopen(path, "wb");
    EXPECT(f != NULL);
    {
        uint16_t t[5] = {1, 2, 3, 2, 1};
        EXPECT(fwrite(t, 2, 5, f) == 5);
    }
    fclose(f);
    EXPECT(pr_token_file_read_u32(path, PR_TOKENS_U16, NULL, 0, &pairs) == PR_OK && pairs == 5);
    EXPECT(pr_token_file_read_u32(path, PR_TOKENS_U16, back, 100, &pairs) == PR_OK && back[3] == 2);
    EXPECT(pr_corpus_add_token_file(c, path, PR_TOKENS_AUTO, NULL, NULL) == PR_OK);

    EXPECT(pr_vocab_build(&v, text, strlen(text), NULL) == PR_OK);
    EXPECT(pr_vocab_size(v, &n32) == PR_OK && n32 == 5); /* <unk> be to not or */
    EXPECT(pr_vocab_word(v, 1, word, sizeof word, &len) == PR_OK && strcmp(word, "be") == 0);
    EXPECT(pr_vocab_encode(v, text, strlen(text), ids, 16, &n) == PR_OK && n == 6);
    EXPECT(ids[0] == 2 && ids[1] == 1);
    EXPECT(pr_vocab_count(v, 2, &count) == PR_OK && count == 2);
    snprintf(path, sizeof path, "%s/c_words.prvocab", dir);
    EXPECT(pr_vocab_save(v, path) == PR_OK);
    EXPECT(pr_vocab_load(&v2, path) == PR_OK);
    EXPECT(pr_vocab_id(v2, "not", &n32) == PR_OK && n32 == 3);
    EXPECT(pr_corpus_add_text_words(c, v2, text, strlen(text)) == PR_OK);

    pr_vocab_free(v2);
    pr_vocab_free(v);
    pr_corpus_free(c);
    pr_synth_free(s);
    printf("ok\n");
    return 0;
}

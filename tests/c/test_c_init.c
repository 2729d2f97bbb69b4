/* pr_init from C99: options, describe, pure generation, save, errors. */
#include "prspread.h"

#include <stdio.h>
#include <string.h>

#include "expect.h"

enum { L = 2, D = 8, H = 2 };

int main(int argc, char **argv) {
    pr_init_options o;
    float wq[L * D * D], wk[L * D * D], form[D * D];
    pr_init_layer_report rep[L];
    char desc[512], path[512];
    size_t need = 0;
    int i, j;

    pr_init_options_init(&o);
    EXPECT(o.version == PR_INIT_OPTIONS_VERSION);
    EXPECT(o.blend_target_pr == 8.75);
    EXPECT(strcmp(pr_init_strategy_name(PR_INIT_PR_BLEND), "pr_blend") == 0);
    EXPECT(strcmp(pr_init_strategy_name(99), "unknown") == 0);

    /* Direct from a caller-given antisymmetric form, no calibration: the summed
     * per-layer form reproduces it. */
    for (i = 0; i < D; ++i)
        for (j = 0; j < D; ++j) form[i * D + j] = (float)((i - j) * (1 + (i * j) % 3));
    o.strategy = PR_INIT_DIRECT;
    o.scale = PR_INIT_SCALE_NONE;
    EXPECT(pr_init_generate_f32(&o, L, H, D, form, 1, NULL, 0, wq, wk, NULL, NULL, rep) == PR_OK);
    {
        double err = 0, norm = 0;
        int a, b, c;
        for (a = 0; a < D; ++a)
            for (b = 0; b < D; ++b) {
                double m = 0;
                for (c = 0; c < D; ++c) m += (double)wq[D * D + a * D + c] * wk[D * D + b * D + c];
                err += (m - form[a * D + b]) * (m - form[a * D + b]);
                norm += (double)form[a * D + b] * form[a * D + b];
            }
        EXPECT(err / norm < 1e-10);
    }
    EXPECT(rep[0].symmetry < 1e-9);

    EXPECT(pr_init_describe(&o, NULL, 0, &need) == PR_OK);
    EXPECT(need > 1 && need < sizeof desc);
    EXPECT(pr_init_describe(&o, desc, sizeof desc, &need) == PR_OK);
    EXPECT(strstr(desc, "direct(") == desc);
    EXPECT(pr_init_describe(&o, desc, 2, &need) == PR_ERR_BUFFER_TOO_SMALL);

    snprintf(path, sizeof path, "%s/c_init_weights.safetensors", argc > 1 ? argv[1] : ".");
    EXPECT(pr_init_save_weights_safetensors(path, L, D, wq, wk, NULL, NULL) == PR_OK);

    /* Errors name the argument. */
    o.strategy = PR_INIT_ORACLE;
    EXPECT(pr_init_generate_f32(&o, L, H, D, NULL, 0, NULL, 0, wq, wk, NULL, NULL, NULL) == PR_ERR_INVALID_ARGUMENT);
    o.strategy = PR_INIT_RANDOM;
    EXPECT(pr_init_generate_f32(&o, L, 3, D, NULL, 0, NULL, 0, wq, wk, NULL, NULL, NULL) == PR_ERR_INVALID_ARGUMENT);
    EXPECT(strstr(pr_last_error(), "n_head") != NULL);
    o.version = 1234;
    EXPECT(pr_init_generate_f32(&o, L, H, D, NULL, 0, NULL, 0, wq, wk, NULL, NULL, NULL) == PR_ERR_VERSION);
    printf("ok\n");
    return 0;
}

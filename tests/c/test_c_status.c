/* The header compiles as strict C99 and the basic calls link from C. */
#include "prspread.h"

#include <stdio.h>
#include <string.h>

#include "expect.h"

int main(void) {
    EXPECT(pr_version_number() == PR_VERSION_NUMBER);
    EXPECT(pr_last_error() != NULL);
    EXPECT(strcmp(pr_status_name(PR_OK), "PR_OK") == 0);
    EXPECT(strlen(pr_build_isa()) > 0);
    EXPECT(strcmp(pr_runtime_isa(), "portable") == 0 || strcmp(pr_runtime_isa(), "avx2") == 0 ||
           strcmp(pr_runtime_isa(), "avx512") == 0 || strcmp(pr_runtime_isa(), "avx512_bf16") == 0);
    printf("ok\n");
    return 0;
}

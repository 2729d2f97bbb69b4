/* A small program built against the installed library, as a user would. */
#include <prspread.h>
#include <stdio.h>
#include <string.h>

int main(void) {
    if (pr_version_number() != PR_VERSION_NUMBER) {
        fprintf(stderr, "header %d, library %u\n", PR_VERSION_NUMBER, pr_version_number());
        return 1;
    }
    if (strcmp(pr_status_name(PR_ERR_IO), "PR_ERR_IO") != 0) return 1;
    printf("prspread %s (%s) linked\n", pr_version_string(), pr_build_isa());
    return 0;
}

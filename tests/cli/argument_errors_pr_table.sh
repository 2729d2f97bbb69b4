# Sourced by argument_errors.sh: errors of `prspread pr-table`.
printf 'not a corpus file at all' >"$TMP/fake.prc"
expect_error "no input" pr-table -q
expect_error "PR_ERR_FORMAT" pr-table -q --corpus "$TMP/fake.prc"
expect_error "no such file" pr-table -q --corpus "$TMP/missing.prc"
expect_error "--max-power" pr-table -q --corpus "$TMP/fake.prc" --max-power -3
expect_error "--mean-share" pr-table -q --corpus "$TMP/fake.prc" --mean-share 1.5
expect_error "not both" pr-table -q --corpus "$TMP/fake.prc" --text "$TMP/fake.prc"

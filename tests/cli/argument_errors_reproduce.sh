# Sourced by argument_errors.sh: errors of `prspread reproduce`, train, init, attention.
printf 'abcdefghij' >"$TMP/tiny.txt"
expect_error "too small for --context" reproduce -q --text "$TMP/tiny.txt"
expect_error "no such file" reproduce -q --text "$TMP/nope.txt"
expect_error "--steps" reproduce --steps many
expect_error "--seeds" reproduce --seeds 0
expect_error "--synth-lag" reproduce --synth-lag 0
expect_error "--synth-lag" reproduce --synth-lag two
expect_error "not both" reproduce -q --text "$TMP/tiny.txt" --tokens "$TMP/tiny.txt"
expect_error "too small for --context" train -q --text "$TMP/tiny.txt"
expect_error "--output" init --text "$TMP/tiny.txt"
expect_error "no such file" attention "$TMP/nope.safetensors" --text "$TMP/tiny.txt"

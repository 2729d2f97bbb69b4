# Sourced by argument_errors.sh: errors of `prspread reproduce`, train, init, attention.
printf 'abcdefghij' >"$TMP/tiny.txt"
expect_error "too small for --context" reproduce -q --text "$TMP/tiny.txt"
expect_error "no such file" reproduce -q --text "$TMP/nope.txt"
expect_error "--steps" reproduce --steps many
expect_error "--seeds" reproduce --seeds 0
expect_error "--reference-models: Value 0 not in range 1 to 100" reproduce --reference-models 0
expect_error "--reference-models: Value 101 not in range 1 to 100" reproduce --reference-models 101
expect_error "--synth-lag" reproduce --synth-lag 0
expect_error "--synth-lag" reproduce --synth-lag two
expect_error "not both" reproduce -q --text "$TMP/tiny.txt" --tokens "$TMP/tiny.txt"
expect_error "too small for --context" train -q --text "$TMP/tiny.txt"
expect_error "--output" init --text "$TMP/tiny.txt"
expect_error "no such file" attention "$TMP/nope.safetensors" --text "$TMP/tiny.txt"
expect_error "'abc' is not a whole number" reproduce --steps 100,abc
expect_error "'0' is not a whole number" reproduce --steps 0,100
expect_error "'' is not a whole number" reproduce --steps 100,
expect_error "100 is given twice" reproduce --steps 100,300,100
expect_error "--curve-eval-batches: Value 9 not in range 1 to 8" reproduce --curve-eval-batches 9
expect_error "--curve-eval-batches: Value 0 not in range 1 to 8" reproduce --curve-eval-batches 0
expect_error "--words" reproduce --words 0 --text "$TMP/tiny.txt"
expect_error "--words 5 applies to --text" reproduce --words 5
expect_error "give one of them" reproduce --words 5 --tokenizer words:3 --text "$TMP/tiny.txt"
expect_error "--words 5 applies to --text" attention "$TMP/tiny.txt" --words 5
expect_error "--preset: bogus not in {source}" reproduce --preset bogus
expect_error "--quick and --preset source: give one of them" reproduce --preset source --quick

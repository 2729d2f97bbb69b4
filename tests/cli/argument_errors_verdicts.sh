# Sourced by argument_errors.sh: errors of `prspread verdicts` (merging reproduce JSONs).
# Minimal reproduce-format files written here: the checks need no training run.
run_json() {  # $1 file, $2 source, $3 library version, $4 format_version
    printf '{"format": "prspread-reproduce", "format_version": %s, "config": {"source": "%s", "library": "%s"}, "verdict": [{"id": "pr_lock", "claim": "c", "outcome": "held", "rule": "r"}]}\n' \
        "$4" "$2" "$3" >"$1"
}
run_json "$TMP/v_a.json" "corpus a" 0.1.0 1
run_json "$TMP/v_b.json" "corpus b" 0.1.0 1
run_json "$TMP/v_a2.json" "corpus a" 0.1.0 1
run_json "$TMP/v_old_lib.json" "corpus c" 0.0.9 1
run_json "$TMP/v_future.json" "corpus d" 0.1.0 99
printf 'not json at all' >"$TMP/v_text.json"
printf '{"a": 1}\n' >"$TMP/v_other.json"
printf '{"config": {"source": "x"}, "verdict": []}\n' >"$TMP/v_unversioned.json"
printf '{"format": "prspread-reproduce", "format_version": 1, "config": {"source": "x", "library": "0.1.0"}, "verdict": [{"id": "pr_lock"}]}\n' >"$TMP/v_truncated.json"
expect_error "files is required" verdicts
expect_error "argument 2 '$TMP/v_nope.json': No such file" verdicts "$TMP/v_a.json" "$TMP/v_nope.json"
expect_error "argument 1 '$TMP' is a directory" verdicts "$TMP"
expect_error "argument 2 '$TMP/v_text.json' is not JSON" verdicts "$TMP/v_a.json" "$TMP/v_text.json"
expect_error "'$TMP/v_other.json' is not the JSON of .prspread reproduce" verdicts "$TMP/v_other.json"
expect_error "'$TMP/v_unversioned.json' is a reproduce output from before format_version" verdicts "$TMP/v_unversioned.json"
expect_error "format_version 99; this prspread reads version 1: incompatible versions" verdicts "$TMP/v_a.json" "$TMP/v_future.json"
expect_error "written by prspread 0.0.9, argument 1 '$TMP/v_a.json' by 0.1.0: incompatible versions" verdicts "$TMP/v_a.json" "$TMP/v_old_lib.json"
expect_error "argument 3 '$TMP/v_a2.json' and argument 1 '$TMP/v_a.json' are both corpus 'corpus a'" verdicts "$TMP/v_a.json" "$TMP/v_b.json" "$TMP/v_a2.json"
expect_error "duplicate corpus name" verdicts "x=$TMP/v_a.json" "x=$TMP/v_b.json"
expect_error "verdict\[0\] has no string 'claim'" verdicts "$TMP/v_truncated.json"
expect_error "give FILE or NAME=FILE" verdicts "=$TMP/v_a.json"

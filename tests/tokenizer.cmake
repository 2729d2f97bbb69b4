# The tokenizer against the npm references (tests/tokenizer/exactness.sh):
# skipped (exit 77, "SKIPPED") without node packages, a failure in CI, where
# .ci/run sets PRSPREAD_REQUIRE_NPM.
if(TARGET prspread_cli)
  add_test(NAME tokenizer_exact_vs_tiktoken
    COMMAND /bin/sh ${CMAKE_CURRENT_SOURCE_DIR}/tokenizer/exactness.sh $<TARGET_FILE:prspread_cli>
            ${PRSPREAD_NPM_DIR} ${PRSPREAD_CORPUS_DIR} ${CMAKE_CURRENT_BINARY_DIR}/tmp/tokenizer_exact)
  set_tests_properties(tokenizer_exact_vs_tiktoken PROPERTIES SKIP_RETURN_CODE 77)
endif()
if(TARGET prspread_cli)
  add_test(NAME tokenizer_cli_errors
    COMMAND /bin/sh ${CMAKE_CURRENT_SOURCE_DIR}/tokenizer/cli_errors.sh $<TARGET_FILE:prspread_cli>
            ${CMAKE_CURRENT_BINARY_DIR}/tmp/tokenizer_cli_errors)
endif()

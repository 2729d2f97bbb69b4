# End-to-end tests of the `prspread` command line (tools/).  They run the
# installed-style executable and check exit codes, one-line errors and the
# invariants of the --json reports.
if(TARGET prspread_cli)
  set(PRSPREAD_CLI $<TARGET_FILE:prspread_cli>)
  set(CLI_TMP ${CMAKE_CURRENT_BINARY_DIR}/tmp/cli)
  file(MAKE_DIRECTORY ${CLI_TMP})

  # Argument errors: one line on stderr, non-zero exit, no abort.
  add_test(NAME cli_argument_errors
    COMMAND /bin/sh ${CMAKE_CURRENT_SOURCE_DIR}/cli/argument_errors.sh ${PRSPREAD_CLI} ${CLI_TMP})
  add_test(NAME cli_version_json COMMAND ${PRSPREAD_CLI} version --json)
  set_tests_properties(cli_version_json PROPERTIES PASS_REGULAR_EXPRESSION "\"header_matches_library\": true")
endif()

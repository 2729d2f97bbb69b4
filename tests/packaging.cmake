# The CLI as a system tool: its man pages render cleanly and the bash
# completion works (tools/man.cmake, tools/completion/).
if(TARGET prspread_cli)
  add_test(NAME cli_bash_completion
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/packaging/completion_test.sh
            $<TARGET_FILE:prspread_cli> ${PROJECT_SOURCE_DIR}/tools/completion/prspread.bash)
endif()
if(TARGET prspread_man)
  add_test(NAME cli_man_pages
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/packaging/man_pages_test.sh ${PROJECT_BINARY_DIR}/tools/man
            count pr-table attention init train reproduce version)
  set_tests_properties(cli_man_pages PROPERTIES SKIP_RETURN_CODE 77)
endif()

# The CLI's count gives byte-identical corpus files on 1, 2 and 7 threads
# (issue 18 §5), from a token file and from text.
if(TARGET prspread_cli)
  add_test(NAME cli_count_thread_counts_identical
    COMMAND /bin/sh ${CMAKE_CURRENT_SOURCE_DIR}/cli/count_thread_counts.sh $<TARGET_FILE:prspread_cli>
            ${CMAKE_CURRENT_BINARY_DIR}/tmp/cli-threads)
endif()

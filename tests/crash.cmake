# Crash safety of pr_corpus_save / pr_vocab_save / pr_sft_save under SIGKILL
# (tests/crash): 40 seeded kills per saver, 120 in all.
add_executable(test_kill_save crash/test_kill_save.cpp)
target_link_libraries(test_kill_save PRIVATE prspread)
add_test(NAME kill9_save COMMAND test_kill_save ${CMAKE_CURRENT_BINARY_DIR}/tmp 40 20261201)
set_tests_properties(kill9_save PROPERTIES TIMEOUT 600)

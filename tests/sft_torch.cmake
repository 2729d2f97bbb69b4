# pr_sft against PyTorch (Debian python3-torch through /usr/bin/python3).
# Skipped under the sanitizer build: its runtime cannot be loaded into python.
if(NOT PRSPREAD_SANITIZE AND EXISTS /usr/bin/python3)
  add_test(NAME sft_torch_crosscheck
    COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/python/test_sft_torch.py $<TARGET_FILE:prspread>)
  set_tests_properties(sft_torch_crosscheck PROPERTIES ENVIRONMENT "OMP_NUM_THREADS=2")
endif()

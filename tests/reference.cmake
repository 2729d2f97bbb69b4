# --reference CKPT (issue 14 section 4): Hugging Face GPT-2-layout checkpoints
# written here by PyTorch (no download), read through the library and the
# CLI, against what PyTorch wrote and dense float64 numpy.  The test prints
# SKIPPED and exits 77 when /usr/bin/python3 cannot import torch.  Its
# bad-input errors are in cli/argument_errors_reference.sh.
if(NOT PRSPREAD_SANITIZE AND EXISTS /usr/bin/python3 AND TARGET prspread_cli)
  add_test(NAME gpt2_reference_torch
    COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/python/test_gpt2_reference.py
            $<TARGET_FILE:prspread> $<TARGET_FILE:prspread_cli> ${CMAKE_CURRENT_BINARY_DIR}/tmp/gpt2_reference)
  set_tests_properties(gpt2_reference_torch PROPERTIES ENVIRONMENT "OMP_NUM_THREADS=2" SKIP_RETURN_CODE 77
                       TIMEOUT 600)
endif()

# Allocation-failure test (tests/alloc): the library's objects linked with
# --wrap for every allocator and mmap, so the test can fail the N-th call.
set(_prspread_wrapped malloc calloc realloc posix_memalign aligned_alloc mmap
    _Znwm _Znam _ZnwmSt11align_val_t _ZnamSt11align_val_t _ZnwmRKSt9nothrow_t _ZnamRKSt9nothrow_t)
list(TRANSFORM _prspread_wrapped PREPEND "-Wl,--wrap=")
# Not yet in the sanitizer build: its ASan leak check has not been run there.
if(NOT PRSPREAD_SANITIZE)
add_executable(test_alloc_failure alloc/test_alloc_failure.cpp alloc/failing_alloc.cpp
               $<TARGET_OBJECTS:prspread_objects>)
target_link_libraries(test_alloc_failure PRIVATE prspread_objects)
target_link_options(test_alloc_failure PRIVATE ${_prspread_wrapped})
# The entry points that pass today.  OPEN FINDINGS (not yet fixed):
# pr_corpus_add_u16, pr_corpus_save, pr_corpus_add_token_file and
# pr_corpus_add_text_words terminate (bad_alloc thrown inside an OpenMP
# region of the pair store); pr_embeddings_load_f32 and pr_sft_load
# terminate (bad_alloc inside nlohmann::json's parse of the safetensors
# header); pr_embeddings_ppmi_svd_f32 terminates; pr_sft_save crashes.  Run
# them with `test_alloc_failure TMP NAME`; add each here once fixed.
add_test(NAME alloc_failure COMMAND test_alloc_failure ${CMAKE_CURRENT_BINARY_DIR}/tmp
         pr_corpus_create pr_corpus_load pr_token_file_read_u32 pr_vocab_build pr_vocab_load pr_sft_create pr_sft_step)
set_tests_properties(alloc_failure PROPERTIES ENVIRONMENT "OMP_NUM_THREADS=1" TIMEOUT 900)
endif()

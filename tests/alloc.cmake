# Allocation-failure test (tests/alloc): the library's objects linked with
# --wrap for every allocator and mmap, so the test can fail the N-th call.
set(_prspread_wrapped malloc calloc realloc posix_memalign aligned_alloc mmap
    _Znwm _Znam _ZnwmSt11align_val_t _ZnamSt11align_val_t _ZnwmRKSt9nothrow_t _ZnamRKSt9nothrow_t)
list(TRANSFORM _prspread_wrapped PREPEND "-Wl,--wrap=")
# Also built in the sanitizer build, where ASan's leak check at exit fails it
# for any block an error path lost.
add_executable(test_alloc_failure alloc/test_alloc_failure.cpp alloc/failing_alloc.cpp
               $<TARGET_OBJECTS:prspread_objects>)
target_link_libraries(test_alloc_failure PRIVATE prspread_objects)
target_link_options(test_alloc_failure PRIVATE ${_prspread_wrapped})
# Every scenario of tests/alloc/test_alloc_failure.cpp.  Fixed (issue 18):
# bad_alloc inside OpenMP regions (pair store, unigram counts, spmm) now
# reaches the C API as PR_ERR_NO_MEMORY; a pair-store flush is all or nothing
# (reads and saves never change the counts); XXH64 state on the stack
# (XXH64_createState's NULL was dereferenced); the JSON readers and writers
# (safetensors headers, checkpoint configs, tokenizer files) no longer use
# nlohmann::json's DOM, whose destructor allocates and aborted the process
# when that allocation failed (io/json.hpp); the GPT-2 importer's config.json
# reader had the same abort (found by the pr_sft_inspect_checkpoint,
# pr_sft_create_from_checkpoint and pr_sft_checkpoint_read_f32 scenarios,
# which run on a GPT-2 file and on one of ours).  Run one with
# `test_alloc_failure TMP NAME`.
add_test(NAME alloc_failure COMMAND test_alloc_failure ${CMAKE_CURRENT_BINARY_DIR}/tmp)
set_tests_properties(alloc_failure PROPERTIES ENVIRONMENT "OMP_NUM_THREADS=1" TIMEOUT 900)

# Allocation-failure test (tests/alloc): the library's objects linked with
# --wrap for every allocator and mmap, so the test can fail the N-th call.
set(_prspread_wrapped malloc calloc realloc posix_memalign aligned_alloc mmap
    _Znwm _Znam _ZnwmSt11align_val_t _ZnamSt11align_val_t _ZnwmRKSt9nothrow_t _ZnamRKSt9nothrow_t)
list(TRANSFORM _prspread_wrapped PREPEND "-Wl,--wrap=")
add_executable(test_alloc_failure alloc/test_alloc_failure.cpp alloc/failing_alloc.cpp
               $<TARGET_OBJECTS:prspread_objects>)
target_link_libraries(test_alloc_failure PRIVATE prspread_objects)
target_link_options(test_alloc_failure PRIVATE ${_prspread_wrapped})
add_test(NAME alloc_failure COMMAND test_alloc_failure ${CMAKE_CURRENT_BINARY_DIR}/tmp)
set_tests_properties(alloc_failure PROPERTIES ENVIRONMENT "OMP_NUM_THREADS=1" TIMEOUT 900)

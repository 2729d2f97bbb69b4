# Tests of libprspread_mpi, each run under mpirun at several rank counts
# (--oversubscribe: this machine may have fewer cores than ranks;
# --allow-run-as-root: CI containers run as root).  One OpenMP thread per
# rank keeps the oversubscribed ranks from fighting.
if(TARGET prspread_mpi)
  set(PRSPREAD_MPIRUN ${MPIEXEC_EXECUTABLE} --oversubscribe --allow-run-as-root ${MPIEXEC_NUMPROC_FLAG})
  set(PRSPREAD_MPI_NP "1;2;3;4" CACHE STRING "Rank counts the MPI tests run at")
  foreach(t count_test train_test study_test)
    if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/mpi/${t}.cpp)
      add_executable(mpi_${t} mpi/${t}.cpp)
      target_link_libraries(mpi_${t} PRIVATE prspread_mpi)
      foreach(np ${PRSPREAD_MPI_NP})
        add_test(NAME mpi_${t}_np${np}
          COMMAND ${PRSPREAD_MPIRUN} ${np} $<TARGET_FILE:mpi_${t}> ${CMAKE_CURRENT_BINARY_DIR}/tmp)
        set_tests_properties(mpi_${t}_np${np} PROPERTIES
          ENVIRONMENT "OMP_NUM_THREADS=1;OMP_WAIT_POLICY=passive" TIMEOUT 600 PROCESSORS 2)
      endforeach()
    endif()
  endforeach()
endif()

if(TARGET prspread_mpi AND TARGET prspread_cli)
  add_test(NAME mpi_cli_count_np2
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/mpi/cli_count.sh ${MPIEXEC_EXECUTABLE} $<TARGET_FILE:prspread_cli>
            ${CMAKE_CURRENT_BINARY_DIR}/tmp/mpi-cli-count)
  set_tests_properties(mpi_cli_count_np2 PROPERTIES TIMEOUT 300 PROCESSORS 2)
  # The study over 2 ranks against one process, --json minus the wall times.
  find_program(PRSPREAD_TEST_PYTHON NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
  if(PRSPREAD_TEST_PYTHON)
    add_test(NAME mpi_cli_reproduce_np2
      COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/mpi/cli_reproduce.sh ${MPIEXEC_EXECUTABLE} $<TARGET_FILE:prspread_cli>
              ${PRSPREAD_TEST_PYTHON} ${CMAKE_CURRENT_BINARY_DIR}/tmp/mpi-cli-reproduce)
    set_tests_properties(mpi_cli_reproduce_np2 PROPERTIES TIMEOUT 300 PROCESSORS 2)
  endif()
endif()

# libprspread_mpi exports pr_mpi_* only (SONAME libprspread_mpi.so.0), and
# the core library does not depend on MPI.
if(TARGET prspread_mpi)
  add_test(NAME mpi_exports_and_core_independence
    COMMAND sh -c "bad=$(nm -D --defined-only \"$1\" | awk '{print $NF}' | grep -v '^pr_mpi_' || true); \
[ -z \"$bad\" ] || { echo \"exported besides pr_mpi_*: $bad\"; exit 1; }; \
objdump -p \"$1\" | grep -q 'SONAME *libprspread_mpi.so.0' || { echo 'bad SONAME'; exit 1; }; \
if objdump -p \"$2\" | grep NEEDED | grep -q mpi; then echo 'libprspread depends on MPI'; exit 1; fi; echo ok"
      sh $<TARGET_FILE:prspread_mpi> $<TARGET_FILE:prspread>)
endif()

# The mpi4py example, where Debian's python3-mpi4py is installed.
if(TARGET prspread_mpi AND PRSPREAD_SYSTEM_PYTHON AND NOT PRSPREAD_SANITIZE)
  execute_process(COMMAND ${PRSPREAD_SYSTEM_PYTHON} -c "import mpi4py, numpy"
                  RESULT_VARIABLE _mpi4py_ok OUTPUT_QUIET ERROR_QUIET)
  if(_mpi4py_ok EQUAL 0)
    add_test(NAME mpi_python_example_np2
      COMMAND ${PRSPREAD_MPIRUN} 2 ${PRSPREAD_SYSTEM_PYTHON} ${PROJECT_SOURCE_DIR}/examples/python/mpi_count.py)
    set_tests_properties(mpi_python_example_np2 PROPERTIES
      ENVIRONMENT "PRSPREAD_LIBRARY=$<TARGET_FILE:prspread>;PRSPREAD_MPI_LIBRARY=$<TARGET_FILE:prspread_mpi>;PYTHONPATH=${PROJECT_SOURCE_DIR}/bindings/python;OMP_NUM_THREADS=1"
      PASS_REGULAR_EXPRESSION "equal to one process: True" TIMEOUT 300 PROCESSORS 2)
    add_test(NAME mpi_python_study_np2
      COMMAND ${PRSPREAD_MPIRUN} 2 ${PRSPREAD_SYSTEM_PYTHON} ${PROJECT_SOURCE_DIR}/examples/python/mpi_study.py)
    set_tests_properties(mpi_python_study_np2 PROPERTIES
      ENVIRONMENT "PRSPREAD_LIBRARY=$<TARGET_FILE:prspread>;PRSPREAD_MPI_LIBRARY=$<TARGET_FILE:prspread_mpi>;PYTHONPATH=${PROJECT_SOURCE_DIR}/bindings/python;OMP_NUM_THREADS=1"
      PASS_REGULAR_EXPRESSION "equal to one process: True" TIMEOUT 300 PROCESSORS 2)
  endif()
endif()

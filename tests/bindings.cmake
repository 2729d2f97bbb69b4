# Binding tests: the header-vs-binding check, the Python package (pytest)
# and the Rust crates (cargo test).  Included by tests/CMakeLists.txt.
find_program(PRSPREAD_SYSTEM_PYTHON NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT PRSPREAD_SYSTEM_PYTHON)
  find_program(PRSPREAD_SYSTEM_PYTHON NAMES python3)
endif()
set(_bindings ${PROJECT_SOURCE_DIR}/bindings)

# ---- every header function bound in Python, Rust and Julia, same kinds ----
if(PRSPREAD_SYSTEM_PYTHON)
  add_test(NAME bindings_match_header
    COMMAND ${PRSPREAD_SYSTEM_PYTHON} ${_bindings}/tools/check_bindings.py --self-test)
  add_test(NAME bindings_raw_layers_up_to_date
    COMMAND ${PRSPREAD_SYSTEM_PYTHON} ${_bindings}/tools/gen_raw.py --check)
endif()

# ---- Python package (pytest) ----------------------------------------------
# Not under sanitizers: the ASan runtime cannot be loaded into python.
if(PRSPREAD_SYSTEM_PYTHON AND NOT PRSPREAD_SANITIZE)
  execute_process(COMMAND ${PRSPREAD_SYSTEM_PYTHON} -c "import pytest, numpy"
                  RESULT_VARIABLE _py_ok OUTPUT_QUIET ERROR_QUIET)
  if(_py_ok EQUAL 0)
    add_test(NAME python_binding_pytest
      COMMAND ${PRSPREAD_SYSTEM_PYTHON} -m pytest -q -p no:cacheprovider ${_bindings}/python/tests
      WORKING_DIRECTORY ${_bindings}/python)
    set_tests_properties(python_binding_pytest PROPERTIES
      ENVIRONMENT "PRSPREAD_LIBRARY=$<TARGET_FILE:prspread>;PRSPREAD_CORPUS_DIR=${PRSPREAD_CORPUS_DIR};MPLBACKEND=Agg"
      TIMEOUT 300)
    if(PRSPREAD_INSTALL_PYTHON AND PRSPREAD_PYTHON_RECORD_LIBDIR)
      # The installed package finds the installed library by itself.
      add_test(NAME python_binding_installed
        COMMAND ${CMAKE_COMMAND} -E env --unset=PRSPREAD_LIBRARY
                PYTHONPATH=${STAGE}/${PRSPREAD_PYTHON_INSTALL_DIR}
                ${PRSPREAD_SYSTEM_PYTHON} -c "import prspread, sys; print(prspread.library_path); sys.exit(0 if prspread.library_path.startswith('${STAGE}') else 1)")
      set_tests_properties(python_binding_installed PROPERTIES FIXTURES_REQUIRED staged
        WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
    endif()
  else()
    message(STATUS "prspread: python3 lacks pytest or numpy; Python binding tests skipped")
  endif()
endif()

# ---- Rust crates (cargo test, std only, offline) ---------------------------
find_program(PRSPREAD_CARGO NAMES cargo)
if(PRSPREAD_CARGO AND NOT PRSPREAD_SANITIZE)
  add_test(NAME rust_binding_cargo_test
    COMMAND ${CMAKE_COMMAND} -E env
            PRSPREAD_LIB_DIR=$<TARGET_FILE_DIR:prspread>
            LD_LIBRARY_PATH=$<TARGET_FILE_DIR:prspread>
            CARGO_TARGET_DIR=${CMAKE_CURRENT_BINARY_DIR}/cargo-target
            PRSPREAD_CORPUS_DIR=${PRSPREAD_CORPUS_DIR}
            ${PRSPREAD_CARGO} test --offline --quiet
            --manifest-path ${_bindings}/rust/Cargo.toml)
  set_tests_properties(rust_binding_cargo_test PROPERTIES TIMEOUT 600)
elseif(NOT PRSPREAD_CARGO)
  message(STATUS "prspread: cargo not found; Rust binding tests skipped")
endif()

# ---- the Python example runs end to end (small settings) -------------------
if(TEST python_binding_pytest AND EXISTS ${PRSPREAD_CORPUS_DIR}/tinyshakespeare.txt)
  add_test(NAME python_example_study
    COMMAND ${PRSPREAD_SYSTEM_PYTHON} ${PROJECT_SOURCE_DIR}/examples/python/study.py
            --steps 5 --seeds 2 --d-model 16)
  set_tests_properties(python_example_study PROPERTIES
    ENVIRONMENT "PRSPREAD_LIBRARY=$<TARGET_FILE:prspread>;PRSPREAD_CORPUS_DIR=${PRSPREAD_CORPUS_DIR};MPLBACKEND=Agg"
    TIMEOUT 300)
endif()

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

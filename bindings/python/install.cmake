# `cmake --install` of the Python package (option PRSPREAD_INSTALL_PYTHON).
# The package goes to <prefix>/${PRSPREAD_PYTHON_INSTALL_DIR}/prspread with a
# generated _libdir.py that records where the library went relative to the
# package, so `import prspread` finds it without PRSPREAD_LIBRARY.
option(PRSPREAD_INSTALL_PYTHON "Install the Python binding (bindings/python/prspread)" ON)
set(PRSPREAD_PYTHON_INSTALL_DIR "lib/python3/dist-packages" CACHE STRING
    "Where the Python package is installed, relative to the prefix")
# A distribution package turns this off: its library is on the loader's path
# and the package then loads it by SONAME (an arch-independent package must not
# name the multiarch library folder).
option(PRSPREAD_PYTHON_RECORD_LIBDIR "Record the library folder in the installed package (_libdir.py)" ON)
if(PRSPREAD_INSTALL_PYTHON)
  install(DIRECTORY ${CMAKE_CURRENT_LIST_DIR}/prspread
          DESTINATION ${PRSPREAD_PYTHON_INSTALL_DIR}
          FILES_MATCHING PATTERN "*.py" PATTERN "__pycache__" EXCLUDE)
endif()
if(PRSPREAD_INSTALL_PYTHON AND PRSPREAD_PYTHON_RECORD_LIBDIR)
  # Computed at install time so `cmake --install --prefix X` stays right.
  install(CODE "
    set(_pkg \"\${CMAKE_INSTALL_PREFIX}/${PRSPREAD_PYTHON_INSTALL_DIR}/prspread\")
    set(_lib \"${CMAKE_INSTALL_LIBDIR}\")
    if(NOT IS_ABSOLUTE \"\${_lib}\")
      set(_lib \"\${CMAKE_INSTALL_PREFIX}/\${_lib}\")
    endif()
    file(RELATIVE_PATH _rel \"\${_pkg}\" \"\${_lib}\")
    message(STATUS \"Writing: \${_pkg}/_libdir.py (library folder \${_rel})\")
    file(WRITE \"\${_pkg}/_libdir.py\"
      \"# Written by cmake --install: the library folder relative to this package.\\nLIBDIR_RELATIVE = '\${_rel}'\\n\")
  ")
endif()

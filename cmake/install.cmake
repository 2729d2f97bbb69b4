# Installs the header, the library, the CMake package (prspread::prspread)
# and prspread.pc.
include(CMakePackageConfigHelpers)

install(TARGETS prspread EXPORT prspreadTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES include/prspread.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

set(PRSPREAD_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/prspread)
install(EXPORT prspreadTargets NAMESPACE prspread:: DESTINATION ${PRSPREAD_CMAKE_DIR})
configure_package_config_file(cmake/prspreadConfig.cmake.in
  ${PROJECT_BINARY_DIR}/prspreadConfig.cmake INSTALL_DESTINATION ${PRSPREAD_CMAKE_DIR})
# While the major version is 0, minor versions may break the API.
if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(_compat SameMinorVersion)
else()
  set(_compat SameMajorVersion)
endif()
write_basic_package_version_file(${PROJECT_BINARY_DIR}/prspreadConfigVersion.cmake
  COMPATIBILITY ${_compat})
install(FILES ${PROJECT_BINARY_DIR}/prspreadConfig.cmake ${PROJECT_BINARY_DIR}/prspreadConfigVersion.cmake
  DESTINATION ${PRSPREAD_CMAKE_DIR})

# Paths under the prefix are written relative to ${prefix} so the file stays
# right after `cmake --install --prefix`; absolute GNUInstallDirs paths (as
# distributions set them) are kept as given.
foreach(_kind LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${_kind}}")
    set(PRSPREAD_PC_${_kind} "${CMAKE_INSTALL_${_kind}}")
  else()
    set(PRSPREAD_PC_${_kind} "\${prefix}/${CMAKE_INSTALL_${_kind}}")
  endif()
endforeach()
configure_file(cmake/prspread.pc.in ${PROJECT_BINARY_DIR}/prspread.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/prspread.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

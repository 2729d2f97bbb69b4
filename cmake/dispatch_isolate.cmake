cmake_minimum_required(VERSION 3.20)
# Make one copy of the core self-contained (cmake/dispatch.cmake):
#   cmake -DIN=merged.o -DOUT=copy.o -DPREFIX=prspread_avx2_ -DNM=nm
#         -DOBJCOPY=objcopy -DREADELF=readelf -DAPI=dispatch/api.inc
#         -P dispatch_isolate.cmake
# Every pr_x named in API (and the dispatcher's hook prspread_isa_level) is
# renamed to PREFIX + pr_x and stays global; every other defined symbol
# becomes local.  Checked: IN defines no pr_x that API lacks (it would
# vanish from the library); OUT's global definitions are exactly the renamed
# list; OUT has no section group (a COMDAT another copy could replace) and
# no load-time constructor (it would run the AVX-512 copy's code on every
# CPU when the library is loaded).

file(STRINGS ${API} _lines REGEX "^PR_DISPATCH\\(")
set(_names prspread_isa_level)
foreach(line ${_lines})
  string(REGEX MATCH "^PR_DISPATCH\\([^,]+, ([A-Za-z0-9_]+)," _ "${line}")
  list(APPEND _names ${CMAKE_MATCH_1})
endforeach()

function(global_definitions object out)
  execute_process(COMMAND ${NM} --defined-only --extern-only --format=posix ${object}
                  OUTPUT_VARIABLE _nm RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "${NM} failed on ${object}")
  endif()
  string(REGEX MATCHALL "(^|\n)[^ \n]+" _syms "${_nm}")
  list(TRANSFORM _syms STRIP)
  list(SORT _syms)
  set(${out} ${_syms} PARENT_SCOPE)
endfunction()

global_definitions(${IN} _before)
foreach(sym ${_before})
  if(sym MATCHES "^pr_" AND NOT sym IN_LIST _names)
    message(FATAL_ERROR "${IN} defines ${sym}, which dispatch/api.inc lacks: run bindings/tools/gen_raw.py "
                        "(or declare it in include/prspread.h)")
  endif()
endforeach()
set(_keep "")
set(_rename "")
set(_expected)
foreach(name ${_names})
  if(NOT name IN_LIST _before)
    message(FATAL_ERROR "${IN} does not define ${name} (dispatch/api.inc is stale? "
                        "run bindings/tools/gen_raw.py)")
  endif()
  # Both spellings: whichever order objcopy applies the two options in.
  string(APPEND _keep "${name}\n${PREFIX}${name}\n")
  string(APPEND _rename "${name} ${PREFIX}${name}\n")
  list(APPEND _expected ${PREFIX}${name})
endforeach()
file(WRITE ${OUT}.keep "${_keep}")
file(WRITE ${OUT}.rename "${_rename}")

execute_process(COMMAND ${OBJCOPY} --keep-global-symbols=${OUT}.keep --redefine-syms=${OUT}.rename ${IN} ${OUT}
                RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "${OBJCOPY} failed on ${IN}")
endif()

global_definitions(${OUT} _after)
list(SORT _expected)
if(NOT _after STREQUAL _expected)
  list(REMOVE_ITEM _after ${_expected})
  message(FATAL_ERROR "${OUT}: global definitions other than the renamed API remain: ${_after}")
endif()

execute_process(COMMAND ${READELF} -SW ${OUT} OUTPUT_VARIABLE _sections RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "${READELF} failed on ${OUT}")
endif()
if(_sections MATCHES " GROUP ")
  message(FATAL_ERROR "${OUT} still has section groups (COMDAT): ld -r --force-group-allocation did not dissolve them")
endif()
if(_sections MATCHES "\\.(init_array|preinit_array|ctors)")
  message(FATAL_ERROR "${OUT} has load-time constructors (.init_array/.ctors): they would run this copy's "
                      "instructions on every CPU; give the global a constant initialiser")
endif()

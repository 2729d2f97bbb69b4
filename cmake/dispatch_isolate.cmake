cmake_minimum_required(VERSION 3.20)
# Make one copy of the core self-contained (cmake/dispatch.cmake):
#   cmake -DIN=merged.o -DOUT=copy.o -DPREFIX=prspread_avx2_ -DNM=nm
#         -DOBJCOPY=objcopy -DAPI=dispatch/api.inc -P dispatch_isolate.cmake
# Every pr_x named in API (and the dispatcher's hook prspread_isa_level) is
# renamed to PREFIX + pr_x and stays global; every other defined symbol
# becomes local.  The result is checked: its global definitions must be
# exactly the renamed list.

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

# embedding.install: `cmake --install` of this build into PREFIX gives the documented layout,
# nothing installed names the source or the build tree, every header's quoted includes are
# installed headers too, and the installed command line runs.
include(${CMAKE_CURRENT_LIST_DIR}/embedding_steps.cmake)

embed_fresh_dir(${PREFIX})
embed_run("cmake --install" ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${PREFIX})

set(_expected bin/kirchhoff include/kirchhoff/tiles/analog_tile.h
    include/kirchhoff/chip/chip.h include/kirchhoff/config/config_loader.h
    lib/cmake/kirchhoff/kirchhoffConfig.cmake lib/cmake/kirchhoff/kirchhoffConfigVersion.cmake
    lib/cmake/kirchhoff/kirchhoffTargets.cmake lib/cmake/kirchhoff/FindRandom123.cmake
    lib/pkgconfig/kirchhoff.pc share/kirchhoff/configs/chips/hermes64.yaml)
foreach(_lib models traces config logging tiles interconnect chip workloads compiler report host)
  list(APPEND _expected lib/libkirchhoff_${_lib}.a)
endforeach()
foreach(_f ${_expected})
  if(NOT EXISTS ${PREFIX}/${_f})
    message(FATAL_ERROR "not installed: ${PREFIX}/${_f}")
  endif()
endforeach()
if(EXISTS ${PREFIX}/include/kirchhoff/app OR EXISTS ${PREFIX}/include/kirchhoff/tests)
  message(FATAL_ERROR "app/ or tests/ headers were installed; they are not public")
endif()

# The installed package must work when the source and build trees are gone.
file(GLOB_RECURSE _text ${PREFIX}/include/* ${PREFIX}/lib/cmake/* ${PREFIX}/lib/pkgconfig/*)
foreach(_f ${_text})
  file(READ ${_f} _content)
  foreach(_tree ${SOURCE_DIR} ${BUILD_DIR})
    string(FIND "${_content}" "${_tree}" _at)
    if(NOT _at EQUAL -1)
      message(FATAL_ERROR "${_f} names the tree ${_tree}: the installed package must not")
    endif()
  endforeach()
endforeach()

# Every #include "x" of an installed header is an installed header.
file(GLOB_RECURSE _headers RELATIVE ${PREFIX}/include/kirchhoff ${PREFIX}/include/kirchhoff/*.h)
foreach(_h ${_headers})
  file(STRINGS ${PREFIX}/include/kirchhoff/${_h} _lines REGEX "^[ \t]*#[ \t]*include[ \t]*\"")
  foreach(_line ${_lines})
    string(REGEX REPLACE "^[^\"]*\"([^\"]+)\".*$" "\\1" _inc "${_line}")
    if(NOT EXISTS ${PREFIX}/include/kirchhoff/${_inc})
      message(FATAL_ERROR "${_h} includes \"${_inc}\", which is not installed")
    endif()
  endforeach()
endforeach()
list(LENGTH _headers _n)
message(STATUS "${_n} installed headers include only installed headers")

execute_process(COMMAND ${PREFIX}/bin/kirchhoff --version RESULT_VARIABLE _rc
                OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
if(NOT _rc EQUAL 0 OR NOT _out MATCHES "kirchhoff ${VERSION}")
  message(FATAL_ERROR "installed kirchhoff --version: exit ${_rc}, expected 'kirchhoff ${VERSION}':\n${_out}\n${_err}")
endif()

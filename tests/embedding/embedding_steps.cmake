# Helpers of the embedding tests (included by the *_check.cmake scripts).

# Runs a command; on failure stops the test with what it printed.
function(embed_run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (${_rc}):\n${ARGN}\n${_out}\n${_err}")
  endif()
  message(STATUS "${what}: ok")
endfunction()

# A fresh, empty directory.
function(embed_fresh_dir dir)
  file(REMOVE_RECURSE ${dir})
  file(MAKE_DIRECTORY ${dir})
endfunction()

# Runs the example platform `exe` on its own chip config and checks its verdict: all three
# MVMs (one stand-alone tile, two tiles of the chip) within their converter bounds, and zero
# TLM protocol violations on every binding (the platform's and the chip's). Then a
# missing config file must give exit code 2 and a message naming the file.
function(embed_check_example exe)
  execute_process(COMMAND ${exe} ${EXAMPLE_DIR}/vp_chip.yaml RESULT_VARIABLE _rc
                  OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
  set(_want "virtual_platform: PASS: 3 MVMs within their converter bounds, 0 outside, 0 not checked")
  string(FIND "${_out}" "${_want}" _at)
  if(NOT _rc EQUAL 0 OR _at EQUAL -1)
    message(FATAL_ERROR "${exe}: exit ${_rc}, expected 0 and '${_want}':\n${_out}\n${_err}")
  endif()
  string(REGEX MATCH "protocol check: [0-9]+ checkers, [0-9]+ transactions, 0 violations" _proto
               "${_out}")
  if(NOT _proto)
    message(FATAL_ERROR "${exe}: no 'protocol check: ... 0 violations' line:\n${_out}")
  endif()
  foreach(_job "tile         16 x 8" "chip.tile0   24 x 12" "chip.tile1   24 x 12")
    string(FIND "${_out}" "${_job}" _at)
    if(_at EQUAL -1)
      message(FATAL_ERROR "${exe}: no result line '${_job}':\n${_out}")
    endif()
  endforeach()
  message(STATUS "example run:\n${_out}")

  set(_missing ${WORK_DIR}/no_such_chip.yaml)
  execute_process(COMMAND ${exe} ${_missing} RESULT_VARIABLE _rc OUTPUT_VARIABLE _out
                  ERROR_VARIABLE _err)
  string(FIND "${_err}" "virtual_platform: ${_missing}: cannot open" _at)
  if(NOT _rc EQUAL 2 OR _at EQUAL -1)
    message(FATAL_ERROR "${exe} ${_missing}: exit ${_rc}, expected 2 and a message naming the "
                        "file:\n${_out}\n${_err}")
  endif()
endfunction()

# The -D options that make a nested CMake project use this build's compiler and launcher.
function(embed_toolchain_args out)
  set(_args -G ${GENERATOR} -DCMAKE_CXX_COMPILER=${CXX})
  if(LAUNCHER)
    list(APPEND _args -DCMAKE_CXX_COMPILER_LAUNCHER=${LAUNCHER})
  endif()
  if(BUILD_TYPE)
    list(APPEND _args -DCMAKE_BUILD_TYPE=${BUILD_TYPE})
  endif()
  set(${out} ${_args} PARENT_SCOPE)
endfunction()

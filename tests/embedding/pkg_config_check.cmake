# embedding.pkg_config: the installed kirchhoff.pc alone is enough to compile and link the
# example platform with the compiler (no CMake package involved), and the result runs.
include(${CMAKE_CURRENT_LIST_DIR}/embedding_steps.cmake)

embed_fresh_dir(${WORK_DIR})
find_program(_pkg_config NAMES pkg-config pkgconf REQUIRED)
set(ENV{PKG_CONFIG_PATH} ${PREFIX}/lib/pkgconfig)
execute_process(COMMAND ${_pkg_config} --cflags --libs kirchhoff RESULT_VARIABLE _rc
                OUTPUT_VARIABLE _flags ERROR_VARIABLE _err OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "pkg-config --cflags --libs kirchhoff failed:\n${_err}")
endif()
message(STATUS "pkg-config kirchhoff: ${_flags}")
separate_arguments(_flags UNIX_COMMAND "${_flags}")
embed_run("compile and link the example with pkg-config flags" ${LAUNCHER} ${CXX} -std=c++17 -O1
          "-DVP_DEFAULT_CONFIG=\"${EXAMPLE_DIR}/vp_chip.yaml\"" ${EXAMPLE_DIR}/sc_main.cpp
          -I${EXAMPLE_DIR} ${_flags} -o ${WORK_DIR}/virtual_platform)
embed_check_example(${WORK_DIR}/virtual_platform)

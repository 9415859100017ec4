# embedding.installed_headers: every installed header compiles on its own. A generated CMake
# project finds the installed package and compiles one translation unit per header, which
# includes that header twice (include guard) and nothing else, with -Wall -Wextra -Werror and
# the package's include directories not marked SYSTEM, so warnings in the headers count.
include(${CMAKE_CURRENT_LIST_DIR}/embedding_steps.cmake)

embed_fresh_dir(${WORK_DIR})
set(_src ${WORK_DIR}/src)
file(GLOB_RECURSE _headers RELATIVE ${PREFIX}/include/kirchhoff ${PREFIX}/include/kirchhoff/*.h)
list(LENGTH _headers _n)
if(_n LESS 50)
  message(FATAL_ERROR "only ${_n} headers under ${PREFIX}/include/kirchhoff")
endif()
set(_tus "")
foreach(_h ${_headers})
  string(MAKE_C_IDENTIFIER "${_h}" _id)
  file(WRITE ${_src}/${_id}.cpp "#include \"${_h}\"\n#include \"${_h}\"\n")
  list(APPEND _tus ${_id}.cpp)
endforeach()
list(JOIN _tus "\n  " _tu_lines)
file(WRITE ${_src}/CMakeLists.txt "cmake_minimum_required(VERSION 3.25)
project(kirchhoff_header_check LANGUAGES CXX)
set(CMAKE_NO_SYSTEM_FROM_IMPORTED ON)
find_package(kirchhoff ${VERSION} EXACT CONFIG REQUIRED)
add_library(header_check OBJECT
  ${_tu_lines})
# kirchhoff::host links every other public library: all usage requirements at once.
target_link_libraries(header_check PRIVATE kirchhoff::host)
target_compile_options(header_check PRIVATE -Wall -Wextra -Werror)
")
embed_toolchain_args(_toolchain)
embed_run("configure the header check" ${CMAKE_COMMAND} -S ${_src} -B ${WORK_DIR}/build
          ${_toolchain} -DCMAKE_PREFIX_PATH=${PREFIX} -DCMAKE_BUILD_TYPE=)
embed_run("compile ${_n} installed headers one by one" ${CMAKE_COMMAND} --build ${WORK_DIR}/build -j2)

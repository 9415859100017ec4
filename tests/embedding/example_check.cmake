# embedding.find_package / embedding.add_subdirectory: configure, build and run
# examples/virtual_platform against the installed PREFIX (MODE=find_package) or with Kirchhoff's
# source tree as a subdirectory (MODE=add_subdirectory; only the libraries the example links
# get built, with this build's compiler, launcher and -Werror, so a compiler cache can help).
include(${CMAKE_CURRENT_LIST_DIR}/embedding_steps.cmake)

embed_fresh_dir(${WORK_DIR})
embed_toolchain_args(_toolchain)
if(MODE STREQUAL "find_package")
  set(_how -DCMAKE_PREFIX_PATH=${PREFIX} -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF)
elseif(MODE STREQUAL "add_subdirectory")
  set(_how -DVP_KIRCHHOFF_FROM_SOURCE=ON -DVP_KIRCHHOFF_SOURCE_DIR=${SOURCE_DIR}
           -DKIRCHHOFF_WERROR=ON)
else()
  message(FATAL_ERROR "MODE must be find_package or add_subdirectory, not '${MODE}'")
endif()
embed_run("configure the example (${MODE})" ${CMAKE_COMMAND} -S ${EXAMPLE_DIR} -B ${WORK_DIR}/build
          ${_toolchain} ${_how} -DVP_WERROR=ON)
embed_run("build the example (${MODE})" ${CMAKE_COMMAND} --build ${WORK_DIR}/build -j2
          --target virtual_platform)
if(MODE STREQUAL "add_subdirectory")
  if(EXISTS ${WORK_DIR}/build/kirchhoff/libkirchhoff_host.a)
    message(FATAL_ERROR "the add_subdirectory build built libraries the example does not link")
  endif()
  if(EXISTS ${WORK_DIR}/build/kirchhoff/tests OR EXISTS ${WORK_DIR}/build/kirchhoff/bench)
    message(FATAL_ERROR "Kirchhoff as a subproject configured its tests or benchmarks")
  endif()
endif()
embed_check_example(${WORK_DIR}/build/virtual_platform)

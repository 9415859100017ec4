# Install rules: `cmake --install <build> --prefix P` gives
#   P/include/kirchhoff/<folder>/*.h      the public headers, in the source tree's layout
#   P/lib/libkirchhoff_<folder>.a         the static libraries
#   P/lib/cmake/kirchhoff/                the CMake package (find_package(kirchhoff CONFIG))
#   P/lib/pkgconfig/kirchhoff.pc          the pkg-config file
#   P/bin/kirchhoff                       the command line
#   P/share/kirchhoff/configs/            the chip and device presets
# Nothing installed names the source or the build tree (tests/embedding checks it).
include(CMakePackageConfigHelpers)

set(KIRCHHOFF_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/kirchhoff)

# kirchhoff_install(folder...): installs kirchhoff_<folder> (exported as kirchhoff::<folder>)
# and the folder's headers; then the package files. Call once with every public folder.
function(kirchhoff_install)
  set(_targets kirchhoff_options)
  set(_libs "")
  foreach(_dir ${ARGN})
    file(GLOB _hdrs CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/${_dir}/*.h)
    install(FILES ${_hdrs} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/kirchhoff/${_dir})
    list(APPEND _targets kirchhoff_${_dir})
    get_target_property(_type kirchhoff_${_dir} TYPE)
    if(_type STREQUAL "STATIC_LIBRARY")
      list(PREPEND _libs -lkirchhoff_${_dir})  # dependents first, as a static link needs
    endif()
  endforeach()
  install(TARGETS ${_targets} EXPORT kirchhoffTargets
          ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
  install(TARGETS kirchhoff RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/configs/
          DESTINATION ${CMAKE_INSTALL_DATADIR}/kirchhoff/configs)

  install(EXPORT kirchhoffTargets NAMESPACE kirchhoff:: DESTINATION ${KIRCHHOFF_INSTALL_CMAKEDIR})
  configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/kirchhoffConfig.cmake.in
                                ${PROJECT_BINARY_DIR}/kirchhoffConfig.cmake
                                INSTALL_DESTINATION ${KIRCHHOFF_INSTALL_CMAKEDIR})
  # 0.x: a minor version may break the API, so only the same minor version is compatible.
  write_basic_package_version_file(${PROJECT_BINARY_DIR}/kirchhoffConfigVersion.cmake
                                   COMPATIBILITY SameMinorVersion)
  install(FILES ${PROJECT_BINARY_DIR}/kirchhoffConfig.cmake
                ${PROJECT_BINARY_DIR}/kirchhoffConfigVersion.cmake
                ${PROJECT_SOURCE_DIR}/cmake/FindRandom123.cmake
          DESTINATION ${KIRCHHOFF_INSTALL_CMAKEDIR})

  # pkg-config: the prefix is found from the .pc file's own directory, so the installed tree
  # can be moved (and `--prefix` at install time is honoured).
  set(_pcdir ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
  file(RELATIVE_PATH KIRCHHOFF_PC_PREFIX_FROM_PCDIR /_prefix/${_pcdir} /_prefix)
  string(REGEX REPLACE "/$" "" KIRCHHOFF_PC_PREFIX_FROM_PCDIR "${KIRCHHOFF_PC_PREFIX_FROM_PCDIR}")
  list(JOIN _libs " " KIRCHHOFF_PC_LIBS)
  set(KIRCHHOFF_PC_SANITIZE "")  # a sanitized build's libraries need the runtimes to link
  if(KIRCHHOFF_SANITIZE)
    set(KIRCHHOFF_PC_SANITIZE "-fsanitize=address,undefined")
  endif()
  configure_file(${PROJECT_SOURCE_DIR}/cmake/kirchhoff.pc.in ${PROJECT_BINARY_DIR}/kirchhoff.pc
                 @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/kirchhoff.pc DESTINATION ${_pcdir})
endfunction()

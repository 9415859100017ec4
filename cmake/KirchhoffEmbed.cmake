# kirchhoff_embed(TARGET SYMBOL FILE): compiles the bytes of FILE (relative to the calling
# CMakeLists' folder) into TARGET as kirchhoff::embedded::SYMBOL / SYMBOL_size
# (cmake/EmbedFile.cmake), regenerated when the file changes. Paths are relative to the current
# folders, so the project also builds as another project's add_subdirectory.
set(_KIRCHHOFF_EMBED_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/EmbedFile.cmake)
function(kirchhoff_embed target symbol file)
  set(_in ${CMAKE_CURRENT_SOURCE_DIR}/${file})
  set(_out ${CMAKE_CURRENT_BINARY_DIR}/embedded/${symbol}.cpp)
  add_custom_command(
    OUTPUT ${_out}
    COMMAND ${CMAKE_COMMAND} -DINPUT=${_in} -DOUTPUT=${_out} -DSYMBOL=${symbol}
            -P ${_KIRCHHOFF_EMBED_SCRIPT}
    DEPENDS ${_in} ${_KIRCHHOFF_EMBED_SCRIPT}
    COMMENT "Embedding ${file}"
    VERBATIM)
  target_sources(${target} PRIVATE ${_out})
endfunction()

# kirchhoff_embed(TARGET SYMBOL FILE): compiles the bytes of FILE (relative to the source tree)
# into TARGET as kirchhoff::embedded::SYMBOL / SYMBOL_size (cmake/EmbedFile.cmake), regenerated
# when the file changes.
function(kirchhoff_embed target symbol file)
  set(_in ${CMAKE_SOURCE_DIR}/${file})
  set(_out ${CMAKE_BINARY_DIR}/embedded/${symbol}.cpp)
  add_custom_command(
    OUTPUT ${_out}
    COMMAND ${CMAKE_COMMAND} -DINPUT=${_in} -DOUTPUT=${_out} -DSYMBOL=${symbol}
            -P ${CMAKE_SOURCE_DIR}/cmake/EmbedFile.cmake
    DEPENDS ${_in} ${CMAKE_SOURCE_DIR}/cmake/EmbedFile.cmake
    COMMENT "Embedding ${file}"
    VERBATIM)
  target_sources(${target} PRIVATE ${_out})
endfunction()

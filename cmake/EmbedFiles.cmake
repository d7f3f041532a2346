# confide_embed_files(<out.cc> <namespace> <symbol> FILES a.sql b.sql ...)
# Generates a C++ source holding each file as a (name, contents) pair, sorted by name,
# so that the binary carries its SQL migrations and web assets with it.
function(confide_embed_files out_file namespace symbol)
  cmake_parse_arguments(ARG "" "" "FILES" ${ARGN})
  add_custom_command(
    OUTPUT ${out_file}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out_file} -DNAMESPACE=${namespace} -DSYMBOL=${symbol}
            "-DFILES=${ARG_FILES}" -P ${PROJECT_SOURCE_DIR}/cmake/embed_files_script.cmake
    DEPENDS ${ARG_FILES} ${PROJECT_SOURCE_DIR}/cmake/embed_files_script.cmake
    COMMENT "Embedding ${symbol}"
    VERBATIM)
endfunction()

# shaders.cmake — shaders/*.vert|frag embedded as string constants in one generated header,
# ${CMAKE_BINARY_DIR}/generated/shaders_embedded.h (namespace bk::shaders; imgui.vert becomes
# kImguiVert, countdown_ring.frag kCountdownRingFrag). Re-generated when a shader changes
# (CONFIGURE_DEPENDS); the header is rewritten only when its text changes.
#
#   include(shaders)

file(GLOB BK_SHADERS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/shaders/*.vert ${CMAKE_SOURCE_DIR}/shaders/*.frag)
set(BK_SHADER_CONSTANTS "")
foreach(shader ${BK_SHADERS})
  get_filename_component(name ${shader} NAME_WE)
  get_filename_component(ext ${shader} EXT)
  string(REPLACE "_" ";" parts "${name}")
  set(ident "k")
  foreach(part ${parts})
    string(SUBSTRING ${part} 0 1 first)
    string(TOUPPER ${first} first)
    string(SUBSTRING ${part} 1 -1 rest)
    string(APPEND ident "${first}${rest}")
  endforeach()
  if(ext STREQUAL ".vert")
    string(APPEND ident "Vert")
  else()
    string(APPEND ident "Frag")
  endif()
  file(READ ${shader} source)
  string(APPEND BK_SHADER_CONSTANTS "inline constexpr const char* ${ident} = R\"GLSL(${source})GLSL\";\n")
endforeach()
configure_file(${CMAKE_CURRENT_LIST_DIR}/templates/shaders_embedded.h.in ${CMAKE_BINARY_DIR}/generated/shaders_embedded.h @ONLY)

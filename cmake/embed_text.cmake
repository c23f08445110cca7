# embed_text.cmake — a text file compiled into the program, as a function returning it:
#   cmake -DIN=src/server/openapi.json -DOUT=…/openapi_document.cpp -DFUNCTION=bk::server::openapi_document -P cmake/embed_text.cmake
# The file must not contain the raw string's delimiter ")bkembed\"".
cmake_minimum_required(VERSION 3.25)
file(READ ${IN} text)
string(FIND "${text}" ")bkembed\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${IN} contains the delimiter )bkembed\"")
endif()
string(REGEX REPLACE "::[^:]+$" "" ns "${FUNCTION}")
string(REGEX REPLACE "^.*::" "" fn "${FUNCTION}")
file(WRITE ${OUT} "// Generated from ${IN} by cmake/embed_text.cmake: edit that file, not this.
#include <string_view>

namespace ${ns} {

std::string_view ${fn}() {
    static constexpr std::string_view text = R\"bkembed(${text})bkembed\";
    return text;
}

} // namespace ${ns}
")

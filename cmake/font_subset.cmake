# font_subset.cmake — the client's font: Vazirmatn cut down to the code points the client can
# draw, in script mode:
#   cmake -DFONT=…/Vazirmatn-Regular.ttf -DRANGES=src/client/glyph_ranges.h -DOUT=…/Vazirmatn-Regular.ttf -P cmake/font_subset.cmake
#
# The code points are kGlyphRanges' pairs in src/client/glyph_ranges.h (one "0xFIRST, 0xLAST,"
# per line), so what the client rasterises and what the page downloads are one list. pyftsubset
# (Debian's fonttools) keeps only those glyphs, drops the hinting (the client snaps to whole
# pixels) and every table but those stb_truetype reads and the Arabic joining features the
# browser uses for the DOM mirror's and the printed receipts' text.
cmake_minimum_required(VERSION 3.25)
foreach(v FONT RANGES OUT)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "font_subset.cmake needs -D${v}=…")
  endif()
endforeach()
find_program(PYFTSUBSET pyftsubset)
if(NOT PYFTSUBSET)
  message(FATAL_ERROR "pyftsubset (Debian's fonttools) is missing: run scripts/setup.sh")
endif()

file(READ ${RANGES} text)
string(REGEX MATCH "kGlyphRanges\\[\\] = {[^}]*}" block "${text}")
string(REGEX MATCHALL "0x[0-9A-Fa-f]+, 0x[0-9A-Fa-f]+," pairs "${block}")
if(NOT pairs)
  message(FATAL_ERROR "font_subset.cmake: no ranges found in ${RANGES}")
endif()
set(unicodes "")
foreach(pair ${pairs})
  string(REGEX REPLACE "0x([0-9A-Fa-f]+), 0x([0-9A-Fa-f]+)," "U+\\1-\\2" range "${pair}")
  list(APPEND unicodes ${range})
endforeach()
list(JOIN unicodes "," unicodes)

get_filename_component(dir ${OUT} DIRECTORY)
file(MAKE_DIRECTORY ${dir})
execute_process(
  COMMAND ${PYFTSUBSET} ${FONT} --unicodes=${unicodes} --output-file=${OUT}.tmp --no-hinting
          --layout-features=init,medi,fina,isol,rlig,liga,calt --name-IDs=1,2 --drop-tables+=DSIG,STAT,gasp
  RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "pyftsubset failed (${rc}): ${err}")
endif()
file(RENAME ${OUT}.tmp ${OUT})

# web_page.cmake — assembles the page the server (or any static host) serves, in script mode:
#   cmake -DWEB_SRC=web -DINDEX=…/generated/index.html -DCLIENT_DIR=build/wasm/client -DFONT=…ttf
#         -DOUT=build/wasm/web -P cmake/web_page.cmake
# (INDEX: web/index.html with its texts filled in from the message catalogs, cmake/catalog.py.)
#
# Every file the page loads gets its content hash in its name (style.3f2a9c01b7.css), so a
# browser and the service worker may keep it forever, and a new build can never mix with an
# old one: index.html and sw.js (the two unhashed files, always revalidated) name the new set.
# Leaves asset-manifest.json ({"style.css": "style.3f2a9c01b7.css", …}) for tests and tools.
#
# The demo build (barkhordari-demo.*: the client with the service in the page) is hashed like
# the rest but kept out of the service worker's precache: the real site never downloads it. The
# worker stores it when a demo page asks (web/page.js), so the demo then works offline too.
cmake_minimum_required(VERSION 3.25)
foreach(v WEB_SRC INDEX CLIENT_DIR FONT OUT)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "web_page.cmake needs -D${v}=…")
  endif()
endforeach()

file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT})

# name → path of the source, in the order they can be hashed: a file that names others comes
# after them (app.js names the font, the client's script and its wasm).
set(BK_ASSETS
  "barkhordari.wasm=${CLIENT_DIR}/barkhordari.wasm"
  "barkhordari.js=${CLIENT_DIR}/barkhordari.js"
  "barkhordari-demo.wasm=${CLIENT_DIR}/barkhordari-demo.wasm"
  "barkhordari-demo.js=${CLIENT_DIR}/barkhordari-demo.js"
  "Vazirmatn-Regular.ttf=${FONT}"
  "style.css=${WEB_SRC}/style.css"
  "icon.svg=${WEB_SRC}/icon.svg"
  "dom_mirror.js=${WEB_SRC}/dom_mirror.js"
  "page.js=${WEB_SRC}/page.js"
  "app.js=${WEB_SRC}/app.js")

set(BK_RENAMES "")      # name=hashed pairs done so far
set(BK_MANIFEST "")
set(BK_FILES "")       # the service worker's precache
set(BK_DEMO_FILES "")  # the demo build: cached on a demo page's request

# Replaces every quoted occurrence of a renamed file in `text`.
function(bk_rename_refs text out)
  foreach(pair ${BK_RENAMES})
    string(REPLACE "=" ";" parts "${pair}")
    list(GET parts 0 from)
    list(GET parts 1 to)
    string(REPLACE "'${from}'" "'${to}'" text "${text}")
    string(REPLACE "\"${from}\"" "\"${to}\"" text "${text}")
  endforeach()
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

foreach(entry ${BK_ASSETS})
  string(REPLACE "=" ";" parts "${entry}")
  list(GET parts 0 name)
  list(GET parts 1 src)
  if(NOT EXISTS ${src})
    message(FATAL_ERROR "web_page.cmake: ${src} is missing")
  endif()
  get_filename_component(stem ${name} NAME_WLE)
  get_filename_component(ext ${name} LAST_EXT)
  if(name MATCHES "\\.(js|css)$")
    file(READ ${src} text)
    bk_rename_refs("${text}" text)
    file(WRITE ${OUT}/${name}.tmp "${text}")
    file(SHA256 ${OUT}/${name}.tmp hash)
  else()
    file(SHA256 ${src} hash)
  endif()
  string(SUBSTRING ${hash} 0 10 short)
  set(hashed "${stem}.${short}${ext}")
  if(EXISTS ${OUT}/${name}.tmp)
    file(RENAME ${OUT}/${name}.tmp ${OUT}/${hashed})
  else()
    file(COPY_FILE ${src} ${OUT}/${hashed})
  endif()
  list(APPEND BK_RENAMES "${name}=${hashed}")
  string(APPEND BK_MANIFEST "  \"${name}\": \"${hashed}\",\n")
  if(name MATCHES "^barkhordari-demo\\.")
    string(APPEND BK_DEMO_FILES "  '${hashed}',\n")
  else()
    string(APPEND BK_FILES "  '${hashed}',\n")
  endif()
endforeach()

# index.html names the hashed files; it is never hashed itself (it is the entry point).
file(READ ${INDEX} html)
bk_rename_refs("${html}" html)
file(WRITE ${OUT}/index.html "${html}")

# sw.js: the precache list and a version that changes with any file.
string(SHA256 BK_VERSION "${BK_FILES}${BK_DEMO_FILES}${html}")
string(SUBSTRING ${BK_VERSION} 0 12 BK_VERSION)
configure_file(${WEB_SRC}/sw.js.in ${OUT}/sw.js @ONLY)

string(REGEX REPLACE ",\n$" "\n" BK_MANIFEST "${BK_MANIFEST}")
file(WRITE ${OUT}/asset-manifest.json "{\n${BK_MANIFEST}}\n")

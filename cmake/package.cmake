# package.cmake — what `cmake --install` puts where, and the .deb CPack makes of it
# (scripts/package.sh). Debian paths, prefix /usr:
#   /usr/sbin/barkhordari                       the server (--version: version and git revision)
#   /usr/share/barkhordari/web/                 the built client, with its .br and .gz twins
#   /etc/barkhordari/barkhordari.conf           the default config (a conffile; no secrets)
#   /lib/systemd/system/barkhordari.service     the hardened unit
#   /usr/share/man/man8/barkhordari.8.gz        the man page, generated from --help
#   /usr/share/doc/barkhordari/                 README, OPERATIONS, API, DEPLOYING, copyright, the nginx example
# Depends come from dpkg-shlibdeps (libc, libstdc++, libsqlite3, libpq, libssl).
set(BK_WEB_DIR ${CMAKE_SOURCE_DIR}/build/wasm/web CACHE PATH "the built web client to package (the wasm preset's output)")
# The server the package installs as /usr/sbin/barkhordari: the upgrade test's next release is
# this package built again with barkhordari_next_schema (one more migration) and a later version.
set(BK_PACKAGE_SERVER barkhordari CACHE STRING "the server target the package installs")

find_program(BK_HELP2MAN help2man)
if(NOT BK_HELP2MAN)
  message(FATAL_ERROR "help2man is missing (the man page is generated from --help): run scripts/setup.sh")
endif()
add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/barkhordari.8.gz
  COMMAND ${BK_HELP2MAN} --no-info --section=8 --name=outpatient\ coverage\ eligibility\ inquiry\ server
          --output=${CMAKE_BINARY_DIR}/barkhordari.8 $<TARGET_FILE:${BK_PACKAGE_SERVER}>
  COMMAND gzip -9nf ${CMAKE_BINARY_DIR}/barkhordari.8
  DEPENDS ${BK_PACKAGE_SERVER}
  COMMENT "man page barkhordari(8) from --help")
add_custom_target(bk_man ALL DEPENDS ${CMAKE_BINARY_DIR}/barkhordari.8.gz)

install(PROGRAMS $<TARGET_FILE:${BK_PACKAGE_SERVER}> DESTINATION sbin RENAME barkhordari)
install(DIRECTORY ${BK_WEB_DIR}/ DESTINATION share/barkhordari/web
        PATTERN ".page-stamp" EXCLUDE)
install(FILES ${CMAKE_SOURCE_DIR}/cmake/deb/barkhordari.conf DESTINATION /etc/barkhordari
        PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
install(FILES ${CMAKE_SOURCE_DIR}/cmake/deb/barkhordari.service DESTINATION /lib/systemd/system)
install(FILES ${CMAKE_BINARY_DIR}/barkhordari.8.gz DESTINATION share/man/man8)
install(FILES ${CMAKE_SOURCE_DIR}/README.md ${CMAKE_SOURCE_DIR}/src/server/OPERATIONS.md ${CMAKE_SOURCE_DIR}/src/server/API.md
              ${CMAKE_SOURCE_DIR}/src/server/DEPLOYING.md DESTINATION share/doc/barkhordari)
install(FILES ${CMAKE_SOURCE_DIR}/LICENSE DESTINATION share/doc/barkhordari RENAME copyright)
install(FILES ${CMAKE_SOURCE_DIR}/cmake/deb/nginx-barkhordari.conf DESTINATION share/doc/barkhordari/examples)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME barkhordari)
set(CPACK_PACKAGE_VERSION ${BK_PACKAGE_VERSION})
set(CPACK_PACKAGE_CONTACT "Barkhordari developers <dev@barkhordari.invalid>")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "Barkhordari developers <dev@barkhordari.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "outpatient medical coverage eligibility inquiries (server and web client)")
set(CPACK_PACKAGE_DESCRIPTION "Credit codes by SMS or USSD, quotas and abuse limits, and eligibility answers with a
tracking code from an insured-persons registry, for clinics, pharmacies and patients. An HTTP
server (SQLite embedded, or PostgreSQL for several servers) with its Persian web client.")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://barkhordari.invalid/")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${CMAKE_SOURCE_DIR}/cmake/deb/conffiles ${CMAKE_SOURCE_DIR}/cmake/deb/postinst
    ${CMAKE_SOURCE_DIR}/cmake/deb/prerm ${CMAKE_SOURCE_DIR}/cmake/deb/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_SOURCE_DIR}/build/package)
include(CPack)

#include "server/build_info.h"

#include "bk_version.h" // generated at build time by cmake/version.cmake: BK_VERSION, BK_GIT_REVISION

namespace bk::server {

const char* build_version() { return BK_VERSION; }
const char* build_revision() { return BK_GIT_REVISION; }

} // namespace bk::server

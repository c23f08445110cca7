// build_info.h — what `barkhordari --version` prints: the version (the package's) and the git
// revision the binary was built from. Defined in build_info.cpp, the one file that includes the
// generated header, so a new version or revision recompiles only that file.
#pragma once

namespace bk::server {

const char* build_version();   // "1.0.0"
const char* build_revision();  // "3f2a9c1e7b04" ("-dirty" when built from uncommitted changes)

} // namespace bk::server

// The CSV registry import (`barkhordari import`). Properties: no crash; a file is either
// accepted whole (no problems, every person with a valid national ID) or rejected with at
// least one problem, each on a line of the file.
#include <cstdint>
#include <sstream>
#include <string>

#include "core/national_id.h"
#include "fuzz_check.h"
#include "server/registry_import.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    const bk::server::ImportResult r = bk::server::parse_registry_csv(in);
    size_t lines = 1;
    for (size_t i = 0; i < size; ++i) lines += data[i] == '\n';
    for (const auto& p : r.problems) {
        FUZZ_CHECK(!p.reason.empty());
        FUZZ_CHECK(p.line <= lines);
    }
    if (r.problems.empty())
        for (const auto& person : r.persons) FUZZ_CHECK(bk::check_national_id(person.nationalId).valid);
    return 0;
}

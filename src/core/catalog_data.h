// catalog_data.h — the message catalogs as compiled into the program: one table per language,
// generated at build time by cmake/catalog.py from src/core/catalog/<tag>.po (gettext's format,
// so translators can open them). Read them through core/locale.h.
#pragma once
#include <cstddef>

namespace bk::catalog {

struct Entry {
    const char* code;   // the msgid: a stable code ("ui.inquire", "invalid_code")
    const char* text;   // the msgstr
};

struct Table {
    const char* tag;        // "fa", "en": the catalog's file name
    const Entry* entries;   // sorted by code (bytewise)
    size_t size;
};

// In the order the build lists them (CMakeLists.txt, BK_LANGUAGES): the first is the default.
extern const Table kTables[];
extern const size_t kTableCount;

} // namespace bk::catalog

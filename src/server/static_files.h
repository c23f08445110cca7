// static_files.h — the built client, held in memory: MIME types (application/wasm), a .gz twin
// sent to clients that accept gzip, and caching: a file whose name carries its content hash
// (style.3f2a9c01b7.css, see cmake/web_page.cmake) never changes, so browsers keep it for a
// year; index.html and sw.js are always revalidated (ETag, usually answered 304).
#pragma once
#include <map>
#include <optional>
#include <string>

namespace bk::server {

struct StaticFile {
    std::string body;
    std::string gzip;      // empty when there is no .gz twin
    std::string mime;
    std::string etag;
    bool immutable = false; // the name carries the content hash
};

class StaticFiles {
public:
    // Loads every regular file directly under root. Returns how many were loaded.
    size_t load(const std::string& root);
    // "/" → index.html; nothing for paths outside the root or unknown files.
    const StaticFile* find(const std::string& path) const;
    bool empty() const { return files_.empty(); }

private:
    std::map<std::string, StaticFile> files_;
};

std::string mime_type(const std::string& name);
// "name.0123456789.ext": ten lowercase hex digits before the extension.
bool content_hashed(const std::string& name);

} // namespace bk::server

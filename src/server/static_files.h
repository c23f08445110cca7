// static_files.h — the built client, held in memory: MIME types (application/wasm), a .gz twin
// sent to clients that accept gzip, ETag revalidation (no file name is content-hashed, so every
// file is "no-cache": always revalidated, usually answered 304).
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

} // namespace bk::server

// static_files.h — the built client, held in memory: MIME types (application/wasm), .br and .gz
// twins (made at build time: scripts/compress-web.sh) sent to clients that accept them, and
// caching: a file whose name carries its content hash
// (style.3f2a9c01b7.css, see cmake/web_page.cmake) never changes, so browsers keep it for a
// year; index.html and sw.js are always revalidated (ETag, usually answered 304).
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace bk::server {

struct StaticFile {
    std::string body;
    std::string gzip;      // empty when there is no .gz twin
    std::string brotli;    // empty when there is no .br twin
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

enum class ContentCoding { Identity, Gzip, Brotli };
// What to send for a request's Accept-Encoding (RFC 9110 §12.5.3), of the codings the file has:
// the acceptable one with the highest q, brotli on a tie (it is the smaller); identity when none
// is acceptable. "q=0" refuses a coding, "*" stands for every coding not named, "x-gzip" is gzip.
ContentCoding choose_coding(std::string_view accept_encoding, bool has_brotli, bool has_gzip);

std::string mime_type(const std::string& name);
// "name.0123456789.ext": ten lowercase hex digits before the extension.
bool content_hashed(const std::string& name);

} // namespace bk::server

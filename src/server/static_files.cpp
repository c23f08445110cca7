#include "server/static_files.h"

#include <boost/beast/core/string.hpp>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "server/http_text.h"
#include "service/sha256.h"

namespace bk::server {

namespace fs = std::filesystem;

std::string mime_type(const std::string& name) {
    const std::string ext = fs::path(name).extension().string();
    if (ext == ".html") return "text/html; charset=utf-8";
    if (ext == ".js") return "text/javascript; charset=utf-8";
    if (ext == ".css") return "text/css; charset=utf-8";
    if (ext == ".wasm") return "application/wasm";
    if (ext == ".svg") return "image/svg+xml";
    if (ext == ".png") return "image/png";
    if (ext == ".json") return "application/json";
    if (ext == ".ttf") return "font/ttf";
    return "application/octet-stream";
}

namespace {
using boost::beast::iequals;

// "q=0.8" → 0.8; a malformed weight counts as 0 (not acceptable), as the grammar allows only
// 0, 1 and up to three decimals.
double weight(std::string_view params) {
    double q = 1.0;
    while (!params.empty()) {
        const size_t semi = params.find(';');
        const std::string_view p = trim_ows(params.substr(0, semi));
        params = semi == std::string_view::npos ? std::string_view() : params.substr(semi + 1);
        if (p.size() < 2 || std::tolower(static_cast<unsigned char>(p[0])) != 'q' || p[1] != '=') continue;
        const std::string_view v = p.substr(2);
        if (v.empty() || v.size() > 5 || (v[0] != '0' && v[0] != '1')) return 0;
        q = v[0] - '0';
        if (v.size() > 1) {
            if (v[1] != '.') return 0;
            double scale = 0.1;
            for (size_t i = 2; i < v.size(); ++i, scale /= 10) {
                if (!std::isdigit(static_cast<unsigned char>(v[i]))) return 0;
                q += (v[i] - '0') * scale;
            }
        }
        if (q > 1) return 0;
    }
    return q;
}
} // namespace

ContentCoding choose_coding(std::string_view accept_encoding, bool has_brotli, bool has_gzip) {
    double br = -1, gz = -1, any = -1; // -1: not named
    while (!accept_encoding.empty()) {
        const size_t comma = accept_encoding.find(',');
        const std::string_view item = accept_encoding.substr(0, comma);
        accept_encoding = comma == std::string_view::npos ? std::string_view() : accept_encoding.substr(comma + 1);
        const size_t semi = item.find(';');
        const std::string_view name = trim_ows(item.substr(0, semi));
        const double q = semi == std::string_view::npos ? 1.0 : weight(item.substr(semi + 1));
        if (iequals(name, "br")) br = q;
        else if (iequals(name, "gzip") || iequals(name, "x-gzip")) gz = q;
        else if (name == "*") any = q;
    }
    if (br < 0) br = any < 0 ? 0 : any;
    if (gz < 0) gz = any < 0 ? 0 : any;
    if (!has_brotli) br = 0;
    if (!has_gzip) gz = 0;
    if (br > 0 && br >= gz) return ContentCoding::Brotli;
    if (gz > 0) return ContentCoding::Gzip;
    return ContentCoding::Identity;
}

bool content_hashed(const std::string& name) {
    const size_t ext = name.rfind('.');
    if (ext == std::string::npos || ext < 11 || name[ext - 11] != '.') return false;
    for (size_t i = ext - 10; i < ext; ++i)
        if (!std::isdigit(static_cast<unsigned char>(name[i])) && (name[i] < 'a' || name[i] > 'f')) return false;
    return true;
}

static std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

size_t StaticFiles::load(const std::string& root) {
    files_.clear();
    std::error_code ec;
    if (!fs::is_directory(root, ec)) return 0;
    for (const auto& entry : fs::directory_iterator(root, ec)) {
        if (!entry.is_regular_file()) continue;
        const std::string name = entry.path().filename().string();
        if (entry.path().extension() == ".gz" || entry.path().extension() == ".br") continue;
        StaticFile f;
        f.body = read_file(entry.path());
        const fs::path gz = entry.path().string() + ".gz", br = entry.path().string() + ".br";
        if (fs::exists(gz)) f.gzip = read_file(gz);
        if (fs::exists(br)) f.brotli = read_file(br);
        f.mime = mime_type(name);
        f.etag = "\"" + to_hex(sha256(f.body)).substr(0, 20) + "\"";
        f.immutable = content_hashed(name);
        files_["/" + name] = std::move(f);
    }
    return files_.size();
}

const StaticFile* StaticFiles::find(const std::string& path) const {
    const std::string p = path == "/" ? "/index.html" : path;
    if (p.find("..") != std::string::npos) return nullptr;
    auto it = files_.find(p);
    return it == files_.end() ? nullptr : &it->second;
}

} // namespace bk::server

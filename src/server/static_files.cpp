#include "server/static_files.h"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

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
        if (entry.path().extension() == ".gz") continue;
        StaticFile f;
        f.body = read_file(entry.path());
        const fs::path gz = entry.path().string() + ".gz";
        if (fs::exists(gz)) f.gzip = read_file(gz);
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

// openapi_document.h — the OpenAPI 3.1 contract of /api/v1 (src/server/openapi.json), compiled
// into the server at build time and served at GET /api/v1/openapi.json. The API tests check
// every request the server accepts and every response it gives against it.
#pragma once
#include <string_view>

namespace bk::server {

std::string_view openapi_document();

} // namespace bk::server

// The JSON API decoders: every request body the server takes, every reply the client reads.
// Properties: no crash, no exception escapes; a decoded request encodes to JSON that decodes
// to the same request.
#include <cstdint>
#include <string_view>

#include "core/api.h"
#include "fuzz_check.h"

using namespace bk::api;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    if (auto r = decode_credit_code_request(body)) {
        auto again = decode_credit_code_request(encode(*r));
        FUZZ_CHECK(again && again->mobile == r->mobile);
    }
    if (auto r = decode_verify_request(body)) {
        auto again = decode_verify_request(encode(*r));
        FUZZ_CHECK(again && again->mobile == r->mobile && again->code == r->code);
    }
    if (auto r = decode_inquiry_request(body)) {
        auto again = decode_inquiry_request(encode(*r));
        FUZZ_CHECK(again && again->nationalId == r->nationalId);
    }
    (void)decode_ussd_request(body);
    (void)decode_service_info(body);
    (void)decode_credit_code_issued(body);
    (void)decode_credit_state(body);
    (void)decode_verify_response(body);
    if (auto r = decode_inquiry_answer(body)) (void)encode(*r);
    for (int status : {400, 401, 403, 404, 422, 429, 500, 503}) (void)decode_error(status, body);
    return 0;
}

#include "server/metrics.h"

#include <cstdio>

namespace bk::server {

void Metrics::observe(const std::string& route, int status, double seconds) {
    std::lock_guard lock(mu_);
    ++requests_[{route, status}];
    size_t b = 0;
    while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
    ++buckets_[b];
    sum_ += seconds;
    ++count_;
}

std::string Metrics::render(const ServiceCounters& s) const {
    std::lock_guard lock(mu_);
    std::string out;
    char line[1024]; // the service counters' block is the longest write
    out += "# HELP bk_http_requests_total HTTP requests by route and status.\n# TYPE bk_http_requests_total counter\n";
    for (const auto& [key, n] : requests_) {
        std::snprintf(line, sizeof line, "bk_http_requests_total{route=\"%s\",status=\"%d\"} %llu\n", key.first.c_str(), key.second,
                      static_cast<unsigned long long>(n));
        out += line;
    }
    out += "# HELP bk_http_request_duration_seconds Time to answer a request.\n# TYPE bk_http_request_duration_seconds histogram\n";
    uint64_t cumulative = 0;
    for (size_t i = 0; i < kBuckets.size(); ++i) {
        cumulative += buckets_[i];
        std::snprintf(line, sizeof line, "bk_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n", kBuckets[i],
                      static_cast<unsigned long long>(cumulative));
        out += line;
    }
    cumulative += buckets_[kBuckets.size()];
    std::snprintf(line, sizeof line, "bk_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n", static_cast<unsigned long long>(cumulative));
    out += line;
    std::snprintf(line, sizeof line, "bk_http_request_duration_seconds_sum %.6f\nbk_http_request_duration_seconds_count %llu\n", sum_,
                  static_cast<unsigned long long>(count_));
    out += line;
    std::snprintf(line, sizeof line,
                  "# HELP bk_credit_codes_issued_total Credit codes issued (SMS and USSD).\n# TYPE bk_credit_codes_issued_total counter\n"
                  "bk_credit_codes_issued_total %llu\n"
                  "# HELP bk_inquiries_total Inquiries by outcome.\n# TYPE bk_inquiries_total counter\n"
                  "bk_inquiries_total{outcome=\"eligible\"} %llu\nbk_inquiries_total{outcome=\"not_eligible\"} %llu\n"
                  "bk_inquiries_total{outcome=\"undetermined\"} %llu\n",
                  static_cast<unsigned long long>(s.codesIssued), static_cast<unsigned long long>(s.eligible),
                  static_cast<unsigned long long>(s.notEligible), static_cast<unsigned long long>(s.undetermined));
    out += line;
    return out;
}

} // namespace bk::server

#include "server/metrics.h"

#include <cstdio>

namespace bk::server {

namespace {

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

void counter(std::string& out, const char* name, const char* help, const std::string& value, const char* type = "counter") {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n" + name + " " + value + "\n";
}

} // namespace

void Metrics::observe(const std::string& route, int status, double seconds) {
    std::lock_guard lock(mu_);
    ++requests_[{route, status}];
    size_t b = 0;
    while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
    ++buckets_[b];
    sum_ += seconds;
    ++count_;
}

void Metrics::purged(const PurgeCounts& n) {
    std::lock_guard lock(mu_);
    purged_.sessions += n.sessions;
    purged_.codes += n.codes;
    purged_.counters += n.counters;
    purged_.deadlines += n.deadlines;
    purged_.receipts += n.receipts;
}

std::string Metrics::render(const ServiceCounters& s, const SmsBudget& sms, const HttpStats& http) const {
    std::lock_guard lock(mu_);
    std::string out;
    out += "# HELP bk_http_requests_total HTTP requests by route and status.\n# TYPE bk_http_requests_total counter\n";
    for (const auto& [key, n] : requests_)
        out += "bk_http_requests_total{route=\"" + key.first + "\",status=\"" + std::to_string(key.second) + "\"} " + std::to_string(n) + "\n";
    out += "# HELP bk_http_request_duration_seconds Time to answer a request.\n# TYPE bk_http_request_duration_seconds histogram\n";
    uint64_t cumulative = 0;
    for (size_t i = 0; i < kBuckets.size(); ++i) {
        cumulative += buckets_[i];
        out += "bk_http_request_duration_seconds_bucket{le=\"" + num(kBuckets[i]) + "\"} " + std::to_string(cumulative) + "\n";
    }
    cumulative += buckets_[kBuckets.size()];
    out += "bk_http_request_duration_seconds_bucket{le=\"+Inf\"} " + std::to_string(cumulative) + "\n";
    out += "bk_http_request_duration_seconds_sum " + num(sum_) + "\nbk_http_request_duration_seconds_count " + std::to_string(count_) + "\n";

    counter(out, "bk_credit_codes_issued_total", "Credit codes issued (SMS and USSD).", std::to_string(s.codesIssued));
    out += "# HELP bk_inquiries_total Inquiries by outcome.\n# TYPE bk_inquiries_total counter\n"
           "bk_inquiries_total{outcome=\"eligible\"} " + std::to_string(s.eligible) + "\n"
           "bk_inquiries_total{outcome=\"not_eligible\"} " + std::to_string(s.notEligible) + "\n"
           "bk_inquiries_total{outcome=\"undetermined\"} " + std::to_string(s.undetermined) + "\n";
    out += "# HELP bk_sms_total SMS by result: sent, failed (every attempt), refused (the queue was full).\n# TYPE bk_sms_total counter\n"
           "bk_sms_total{result=\"sent\"} " + std::to_string(s.smsSent) + "\n"
           "bk_sms_total{result=\"failed\"} " + std::to_string(s.smsFailed) + "\n"
           "bk_sms_total{result=\"refused\"} " + std::to_string(s.smsRefused) + "\n";
    counter(out, "bk_sms_queued", "SMS accepted and not yet sent.", std::to_string(s.smsQueued), "gauge");
    counter(out, "bk_sms_budget_used", "SMS of the global hourly budget used this hour, as this server last saw it.",
            std::to_string(sms.usedThisHour), "gauge");
    counter(out, "bk_sms_budget_per_hour", "The global hourly SMS budget.", std::to_string(sms.perHour), "gauge");
    counter(out, "bk_sms_budget_used_today", "SMS of the global daily budget used this Tehran day, as this server last saw it.",
            std::to_string(sms.usedToday), "gauge");
    counter(out, "bk_sms_budget_per_day", "The global daily SMS budget.", std::to_string(sms.perDay), "gauge");
    counter(out, "bk_connections_open", "Open connections.", std::to_string(http.open), "gauge");
    counter(out, "bk_connections_limit", "Open connections at most.", std::to_string(http.limit), "gauge");
    counter(out, "bk_connections_refused_total", "Connections closed at accept by a cap.", std::to_string(http.refused));
    counter(out, "bk_connections_evicted_total", "Idle connections closed to make room.", std::to_string(http.evicted));
    counter(out, "bk_accept_backoffs_total", "Times accept() ran out of file descriptors.", std::to_string(http.acceptBackoffs));
    out += "# HELP bk_store_errors_total Database failures by kind (each logged once).\n# TYPE bk_store_errors_total counter\n";
    for (StoreErrorKind k : {StoreErrorKind::Unavailable, StoreErrorKind::Duplicate, StoreErrorKind::Exhausted, StoreErrorKind::NotFound})
        out += std::string("bk_store_errors_total{kind=\"") + store_error_name(k) + "\"} " +
               std::to_string(store_errors_[static_cast<size_t>(k)].load()) + "\n";
    out += "# HELP bk_purged_rows_total Rows deleted by the retention clean-up.\n# TYPE bk_purged_rows_total counter\n"
           "bk_purged_rows_total{kind=\"sessions\"} " + std::to_string(purged_.sessions) + "\n"
           "bk_purged_rows_total{kind=\"codes\"} " + std::to_string(purged_.codes) + "\n"
           "bk_purged_rows_total{kind=\"counters\"} " + std::to_string(purged_.counters) + "\n"
           "bk_purged_rows_total{kind=\"deadlines\"} " + std::to_string(purged_.deadlines) + "\n"
           "bk_purged_rows_total{kind=\"receipts\"} " + std::to_string(purged_.receipts) + "\n";
    return out;
}

} // namespace bk::server

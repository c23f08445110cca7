// metrics.h — GET /metrics in the Prometheus text format: requests by route and status, a
// latency histogram, the service's counters (codes issued, inquiries by outcome, SMS sent,
// failed, refused and queued), the SMS budget (hour and day), connections, store errors by kind,
// and the retention clean-up. Every label
// comes from a bounded set (the route table's names, HTTP statuses), so the series cannot grow
// with what clients send; lines are built as strings, never cut.
//
// Contract: every method may be called from any thread at once (the I/O threads, the workers,
// the writer thread answering an inquiry, the clean-up). observe() and purged() take mu_;
// store_error() is a relaxed atomic add; render() takes mu_ for a consistent copy. None fails:
// a counter only grows (wrapping after 2^64), and nothing here throws but std::bad_alloc.
#pragma once
#include <array>
#include <atomic>
#include <map>
#include <mutex>
#include <string>

#include "server/http_server.h"
#include "service/service.h"

namespace bk::server {

class Metrics {
public:
    void observe(const std::string& route, int status, double seconds);
    void purged(const PurgeCounts& n);
    void store_error(StoreErrorKind kind) { ++store_errors_[static_cast<size_t>(kind)]; }
    std::string render(const ServiceCounters& service, const SmsBudget& sms, const HttpStats& http) const;

private:
    static constexpr std::array<double, 10> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1.0};
    mutable std::mutex mu_; // guards requests_, buckets_, sum_, count_, purged_
    std::map<std::pair<std::string, int>, uint64_t> requests_;
    std::array<uint64_t, kBuckets.size() + 1> buckets_{};
    double sum_ = 0;
    uint64_t count_ = 0;
    PurgeCounts purged_;
    std::array<std::atomic<uint64_t>, 4> store_errors_{}; // by StoreErrorKind
};

} // namespace bk::server

#include "server/sms_queue.h"

#include <cstdio>
#include <exception>

#include "server/log.h"
#include "server/sms_http.h"

namespace bk::server {

SmsQueue::SmsQueue(SmsSender& sender, size_t capacity, int threads) : sender_(sender), capacity_(capacity) {
    for (int i = 0; i < std::max(1, threads); ++i) threads_.emplace_back([this] { run(); });
}

SmsQueue::~SmsQueue() { stop(); }

bool SmsQueue::submit(const std::string& mobile, const std::string& text, std::function<void(bool)> done) {
    {
        std::lock_guard lock(mu_);
        if (closing_ || jobs_.size() >= capacity_) {
            ++refused_;
            const auto now = std::chrono::steady_clock::now();
            if (now - last_refusal_log_ >= std::chrono::seconds(1)) { // once a second at most, with the count
                last_refusal_log_ = now;
                log_event("sms_refused",
                          {{"detail", closing_ ? "the server is stopping" : "the SMS queue is full (the provider is not keeping up)"},
                           {"refused_total", static_cast<unsigned long long>(refused_)}},
                          LogStream::Err);
            }
            return false;
        }
        jobs_.push_back(Job{mobile, text, std::move(done)});
    }
    cv_.notify_one();
    return true;
}

size_t SmsQueue::queued() const {
    std::lock_guard lock(mu_);
    return jobs_.size();
}

void SmsQueue::run() {
    for (;;) {
        Job job;
        {
            std::unique_lock lock(mu_);
            cv_.wait(lock, [this] { return stopping_ || closing_ || !jobs_.empty(); });
            if (stopping_ || jobs_.empty()) return; // stopped, or closing with nothing left
            job = std::move(jobs_.front());
            jobs_.pop_front();
            if (closing_ && jobs_.empty()) cv_.notify_all(); // stop() waits for an empty queue
        }
        bool ok = false;
        std::string why;
        try {
            Status<> sent = sender_.send(job.mobile, job.text);
            ok = sent.ok();
            if (!ok) why = sent.error().detail;
        } catch (const std::exception& e) { // no exception leaves a thread
            why = e.what();
        } catch (...) {
            why = "unknown exception";
        }
        // The operator hears of each failure once: the provider's answer, never the mobile or text.
        if (!ok) log_event("sms_failed", {{"detail", why}}, LogStream::Err);
        if (job.done) job.done(ok);
    }
}

void SmsQueue::stop(std::chrono::milliseconds drain) {
    {
        std::unique_lock lock(mu_);
        if (closing_) return;
        closing_ = true;
        cv_.notify_all();
        // The threads send what is queued; wait for the queue to empty, at most `drain`.
        cv_.wait_for(lock, drain, [this] { return jobs_.empty(); });
        stopping_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
    std::deque<Job> left;
    {
        std::lock_guard lock(mu_);
        left.swap(jobs_);
    }
    for (Job& j : left)
        if (j.done) j.done(false);
}

} // namespace bk::server

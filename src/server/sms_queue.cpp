#include "server/sms_queue.h"

#include <cstdio>
#include <exception>

#include "server/sms_http.h"

namespace bk::server {

SmsQueue::SmsQueue(SmsSender& sender, size_t capacity, int threads) : sender_(sender), capacity_(capacity) {
    for (int i = 0; i < std::max(1, threads); ++i) threads_.emplace_back([this] { run(); });
}

SmsQueue::~SmsQueue() { stop(); }

bool SmsQueue::submit(const std::string& mobile, const std::string& text, std::function<void(bool)> done) {
    {
        std::lock_guard lock(mu_);
        if (stopping_ || jobs_.size() >= capacity_) return false;
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
            cv_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
            if (stopping_) return;
            job = std::move(jobs_.front());
            jobs_.pop_front();
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
        if (!ok) std::fprintf(stderr, "{\"event\":\"sms_failed\",\"detail\":\"%s\"}\n", json_escape(why).c_str());
        if (job.done) job.done(ok);
    }
}

void SmsQueue::stop() {
    std::deque<Job> left;
    {
        std::lock_guard lock(mu_);
        if (stopping_) return;
        stopping_ = true;
        left.swap(jobs_);
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
    for (Job& j : left)
        if (j.done) j.done(false);
}

} // namespace bk::server

// sms_queue.h — SMS leave from a bounded queue with threads of their own, so a slow or dead
// provider never holds an API worker (and with it unrelated inquiries). submit() only queues:
// a full queue refuses at once (the user gets 503 sms_failed and may try again; the operator
// hears of it in the log, at most once a second). Each message is sent by the blocking sender
// (all its attempts under their timeouts); its `done` runs on a queue thread.
//
// stop(drain) (a graceful stop: SIGTERM, a restart to rotate the SMS key) takes nothing new,
// sends what is queued for up to `drain`, then tells `done(false)` for what is still queued and
// waits for the sends in progress. So a restart loses no code already promised with a 202
// while the provider answers.
#pragma once
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "service/sms.h"

namespace bk::server {

class SmsQueue final : public SmsChannel {
public:
    SmsQueue(SmsSender& sender, size_t capacity, int threads);
    ~SmsQueue() override;

    bool submit(const std::string& mobile, const std::string& text, std::function<void(bool)> done) override;
    void stop(std::chrono::milliseconds drain = std::chrono::milliseconds(0));
    size_t queued() const override;

private:
    struct Job {
        std::string mobile, text;
        std::function<void(bool)> done;
    };
    void run();

    SmsSender& sender_;
    const size_t capacity_;
    mutable std::mutex mu_;  // guards jobs_, closing_, stopping_, refused_, last_refusal_log_
    std::condition_variable cv_;
    std::deque<Job> jobs_;
    bool closing_ = false;   // stop() was called: nothing new is taken
    bool stopping_ = false;  // … and the drain is over: nothing more is sent
    uint64_t refused_ = 0;
    std::chrono::steady_clock::time_point last_refusal_log_{};
    std::vector<std::thread> threads_;
};

} // namespace bk::server

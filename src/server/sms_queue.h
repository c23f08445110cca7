// sms_queue.h — SMS leave from a bounded queue with threads of their own, so a slow or dead
// provider never holds an API worker (and with it unrelated inquiries). submit() only queues:
// a full queue refuses at once (the user gets 503 sms_failed and may try again). Each message
// is sent by the blocking sender (all its attempts under their timeouts); its `done` runs on a
// queue thread. stop() (and the destructor) sends nothing more, tells `done(false)` for what is
// still queued, and waits for the sends in progress.
#pragma once
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
    void stop();
    size_t queued() const;

private:
    struct Job {
        std::string mobile, text;
        std::function<void(bool)> done;
    };
    void run();

    SmsSender& sender_;
    const size_t capacity_;
    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::deque<Job> jobs_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

} // namespace bk::server

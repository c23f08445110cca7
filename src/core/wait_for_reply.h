// wait_for_reply.h — a callback API used synchronously: calls start(reply) and returns what reply
// was given. reply may be called inside start (then nothing waits) or later, on another thread
// (then the caller waits for it). Never call it from the thread that would answer: it would wait
// for itself.
#pragma once
#include <future>
#include <utility>

namespace bk {

template <class T, class Start>
T wait_for_reply(Start&& start) {
    std::promise<T> answered;
    std::future<T> answer = answered.get_future();
    std::forward<Start>(start)([&answered](T value) { answered.set_value(std::move(value)); });
    return answer.get();
}

} // namespace bk

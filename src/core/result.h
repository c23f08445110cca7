// result.h — a small expected-style result: a value or an error, no exceptions.
#pragma once
#include <string>
#include <utility>
#include <variant>

namespace bk {

// The error half used across core/ and service/: a stable machine code (snake_case, the same
// string the API puts in "error.code") and optional detail for logs (never shown to users).
struct Error {
    std::string code;
    std::string detail;
};

// [[nodiscard]]: a result (a store write, a send) whose failure is ignored is a bug.
template <class T, class E = Error>
class [[nodiscard]] Result {
public:
    Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
    Result(E error) : v_(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() { return std::get<0>(v_); }
    const T& value() const { return std::get<0>(v_); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }

    E& error() { return std::get<1>(v_); }
    const E& error() const { return std::get<1>(v_); }

private:
    std::variant<T, E> v_;
};

// Result<void>: success carries nothing.
struct Ok {};
template <class E = Error>
using Status = Result<Ok, E>;

inline Error make_error(std::string code, std::string detail = {}) { return Error{std::move(code), std::move(detail)}; }

} // namespace bk

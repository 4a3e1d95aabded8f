// Status and Result<T>: the core's error values.
//
// The core never throws across its public API. Every fallible call returns a
// Status or a Result<T>, both marked [[nodiscard]] so that an ignored error is
// a compile-time warning (and -Werror makes it an error in CI).
//
// A Status carries a code (which the HTTP layer maps to a status code), a
// human-readable message, and optionally the JSON pointer of the field that
// caused it ("/data/due"). Thread-safety: values, freely copyable.
#pragma once

#include <cassert>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace lif {

// One name per failure kind; the HTTP mapping lives in server/http/errors.cc.
enum class StatusCode {
  kOk,
  kInvalid,              // 400: malformed or failing validation.
  kUnauthenticated,      // 401: no or bad credentials.
  kForbidden,            // 403: authenticated but not allowed.
  kNotFound,             // 404.
  kConflict,             // 409: expected_version mismatch.
  kTooLarge,             // 413.
  kUnsupportedMedia,     // 415.
  kIdempotencyMismatch,  // 422: key reused with another body.
  kRateLimited,          // 429.
  kUnavailable,          // 503: storage cannot accept writes now.
  kInternal,             // 500: a bug or corrupted store.
};

const char* StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message, std::string path = {})
      : code_(code), message_(std::move(message)), path_(std::move(path)) {}

  static Status Ok() { return Status(); }
  static Status Invalid(std::string message, std::string path = {}) {
    return Status(StatusCode::kInvalid, std::move(message), std::move(path));
  }
  static Status Forbidden(std::string message, std::string path = {}) {
    return Status(StatusCode::kForbidden, std::move(message), std::move(path));
  }
  static Status NotFound(std::string message) {
    return Status(StatusCode::kNotFound, std::move(message));
  }
  static Status Conflict(std::string message) {
    return Status(StatusCode::kConflict, std::move(message));
  }
  static Status Unavailable(std::string message) {
    return Status(StatusCode::kUnavailable, std::move(message));
  }
  static Status Internal(std::string message) {
    return Status(StatusCode::kInternal, std::move(message));
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // JSON pointer of the offending field, empty when the error is not about one field.
  const std::string& path() const { return path_; }

  // Returns a copy whose path is prefixed, e.g. "/events/3" + "/data/due".
  Status WithPathPrefix(const std::string& prefix) const {
    Status s = *this;
    s.path_ = prefix + path_;
    return s;
  }

  // For kConflict: the stream's current version, so that a client can retry.
  const std::optional<int64_t>& current_version() const { return current_version_; }
  Status WithCurrentVersion(int64_t v) const {
    Status s = *this;
    s.current_version_ = v;
    return s;
  }

  std::string ToString() const;

  // Explicitly drops an error the caller cannot act on (Abseil's IgnoreError).
  void IgnoreError() const {}

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string path_;
  std::optional<int64_t> current_version_;
};

// Holds either a value or a non-OK Status. Accessing value() on an error is a
// programmer error (asserted).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT: implicit by design.
  Result(Status status) : v_(std::move(status)) {  // NOLINT: implicit by design.
    assert(!std::get<Status>(v_).ok() && "Result built from an OK status has no value");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & {
    assert(ok());
    return std::get<T>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<T>(v_);
  }
  // Moves the value out of a temporary Result (returned by value so that
  // `for (auto& x : F().value())` never dangles).
  T value() && {
    assert(ok());
    return std::get<T>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace lif

// Returns early from the enclosing function when `expr` is not OK.
#define LIF_RETURN_IF_ERROR(expr)              \
  do {                                         \
    ::lif::Status lif_status_ = (expr);        \
    if (!lif_status_.ok()) return lif_status_; \
  } while (0)

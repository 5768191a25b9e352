// One error type for all of kanaria (leveldb's Status, absl's StatusOr).
// Codes are the ones callers branch on; the message is for people. A Status may carry a
// detail object (e.g. aws::AwsError) that layers above core understand; core never inspects it.
#pragma once

#include <cassert>
#include <memory>
#include <string>
#include <utility>
#include <variant>

namespace kanaria {

enum class StatusCode {
  kOk = 0,
  kInvalidInput,      // the caller's input is wrong; retrying will not help
  kNotFound,          // a named resource does not exist
  kConflict,          // the resource is in a state that forbids the call (lock held, limit reached)
  kThrottled,         // the remote side asked us to slow down; the call was not executed
  kUnavailable,       // transport failure or server error; may succeed later
  kDeadlineExceeded,  // a timeout elapsed
  kPermissionDenied,  // authorisation refused (AccessDenied)
  kUnauthenticated,   // credentials missing, invalid or expired
  kCancelled,         // interrupted by the user or a signal
  kInternal,          // a bug or an unexpected answer
};

const char* StatusCodeName(StatusCode code);

// Extra, layer-specific information attached to a Status.
class StatusDetail {
 public:
  virtual ~StatusDetail() = default;
};

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}
  Status(StatusCode code, std::string message, std::shared_ptr<const StatusDetail> detail)
      : code_(code), message_(std::move(message)), detail_(std::move(detail)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::shared_ptr<const StatusDetail>& detail() const { return detail_; }

  // Returns the detail as T when it is one, else nullptr.
  template <typename T>
  const T* detail_as() const {
    return dynamic_cast<const T*>(detail_.get());
  }

  // "NotFound: message" (or "OK").
  std::string ToString() const;

  // A copy whose message is "prefix: message", same code and detail.
  Status WithContext(const std::string& prefix) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::shared_ptr<const StatusDetail> detail_;
};

inline Status InvalidInputError(std::string m) { return {StatusCode::kInvalidInput, std::move(m)}; }
inline Status NotFoundError(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
inline Status ConflictError(std::string m) { return {StatusCode::kConflict, std::move(m)}; }
inline Status UnavailableError(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
inline Status InternalError(std::string m) { return {StatusCode::kInternal, std::move(m)}; }
inline Status UnauthenticatedError(std::string m) { return {StatusCode::kUnauthenticated, std::move(m)}; }
inline Status DeadlineExceededError(std::string m) { return {StatusCode::kDeadlineExceeded, std::move(m)}; }

// Either a value or a non-OK Status.
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(const T& value) : value_(value) {}  // NOLINT: implicit by design
  StatusOr(T&& value) : value_(std::move(value)) {}  // NOLINT
  StatusOr(Status status) : value_(std::move(status)) {  // NOLINT
    assert(!std::get<Status>(value_).ok() && "StatusOr needs a value or an error");
  }

  bool ok() const { return std::holds_alternative<T>(value_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(value_);
  }

  // REQUIRES: ok()
  T& value() & { return std::get<T>(value_); }
  const T& value() const& { return std::get<T>(value_); }
  T&& value() && { return std::get<T>(std::move(value_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<Status, T> value_;
};

}  // namespace kanaria

#define KANARIA_CONCAT_INNER(a, b) a##b
#define KANARIA_CONCAT(a, b) KANARIA_CONCAT_INNER(a, b)

// Returns the status from the enclosing function when it is not OK.
#define RETURN_IF_ERROR(expr)                  \
  do {                                         \
    ::kanaria::Status _status = (expr);        \
    if (!_status.ok()) return _status;         \
  } while (0)

// ASSIGN_OR_RETURN(auto x, FunctionReturningStatusOr());
#define ASSIGN_OR_RETURN(lhs, expr) \
  ASSIGN_OR_RETURN_IMPL(KANARIA_CONCAT(_status_or_, __LINE__), lhs, expr)
#define ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                          \
  if (!tmp.ok()) return tmp.status();         \
  lhs = std::move(tmp).value()

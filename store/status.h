// Status: the result of an operation that can fail, as in LevelDB.
// An ok Status carries no message; an error Status carries a code and a
// one-line message that names the file, URL, key or field at fault.
#ifndef GOVHARVEST_STORE_STATUS_H_
#define GOVHARVEST_STORE_STATUS_H_

#include <string>
#include <utility>

namespace govharvest {

// [[nodiscard]]: a Status that nobody reads is a failure nobody hears of;
// ignoring one on purpose takes an explicit (void) and a comment.
class [[nodiscard]] Status {
 public:
  enum class Code {
    kOk = 0,
    kNotFound,
    kInvalidArgument,  // bad input from the user: a file, a value, a flag
    kIoError,          // the operating system refused a read or a write
    kCorruption,       // stored data fails its own checks
    kBusy,             // a resource is held by another process
    kUnsupported,      // valid but not handled by this version
    kLimitExceeded,    // the input exceeds a resource limit (depth, size, time)
  };

  Status() = default;

  static Status Ok() { return Status(); }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status InvalidArgument(std::string msg) {
    return Status(Code::kInvalidArgument, std::move(msg));
  }
  static Status IoError(std::string msg) { return Status(Code::kIoError, std::move(msg)); }
  static Status Corruption(std::string msg) { return Status(Code::kCorruption, std::move(msg)); }
  static Status Busy(std::string msg) { return Status(Code::kBusy, std::move(msg)); }
  static Status Unsupported(std::string msg) { return Status(Code::kUnsupported, std::move(msg)); }
  // `limit` names the limit for records and summaries: "too_deep",
  // "too_large" or "timeout".
  static Status LimitExceeded(std::string limit, std::string msg) {
    Status s(Code::kLimitExceeded, std::move(msg));
    s.limit_ = std::move(limit);
    return s;
  }

  bool ok() const { return code_ == Code::kOk; }
  bool IsNotFound() const { return code_ == Code::kNotFound; }
  bool IsInvalidArgument() const { return code_ == Code::kInvalidArgument; }
  bool IsIoError() const { return code_ == Code::kIoError; }
  bool IsCorruption() const { return code_ == Code::kCorruption; }
  bool IsBusy() const { return code_ == Code::kBusy; }
  bool IsUnsupported() const { return code_ == Code::kUnsupported; }
  bool IsLimitExceeded() const { return code_ == Code::kLimitExceeded; }

  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // The limit a kLimitExceeded status names; "" for every other status.
  const std::string& limit() const { return limit_; }

  // "<kind>: <message>", or "ok".
  std::string ToString() const;

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}

  Code code_ = Code::kOk;
  std::string message_;
  std::string limit_;
};

inline std::string Status::ToString() const {
  switch (code_) {
    case Code::kOk: return "ok";
    case Code::kNotFound: return "not found: " + message_;
    case Code::kInvalidArgument: return "invalid argument: " + message_;
    case Code::kIoError: return "I/O error: " + message_;
    case Code::kCorruption: return "corruption: " + message_;
    case Code::kBusy: return "busy: " + message_;
    case Code::kUnsupported: return "unsupported: " + message_;
    case Code::kLimitExceeded: return limit_ + ": " + message_;
  }
  return message_;
}

}  // namespace govharvest

// Returns the Status of `expr` from the enclosing function when it is an error.
#define GOVHARVEST_RETURN_IF_ERROR(expr)            \
  do {                                              \
    ::govharvest::Status _gh_status = (expr);       \
    if (!_gh_status.ok()) return _gh_status;        \
  } while (0)

#endif  // GOVHARVEST_STORE_STATUS_H_
